/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, see <https://www.gnu.org/licenses/>.
 */

/* wmload: a load client for MS-WMSP ("mmsh") servers, and for servers of
 * plain ASF over HTTP or raw TCP, written for the gst-wmnet fan-out
 * benchmark (bench/run). One thread, one epoll loop, non-blocking sockets.
 *
 *   wmload HOST PORT [-n N] [-t SECONDS] [--ramp SECONDS] [--mode mmsh|http|tcp]
 *          [--warmup SECONDS] [--idle SECONDS] [--pid PID] [--json FILE]
 *          [--connect-timeout SECONDS] [--path PATH] [--quiet]
 *          [--stalled K] [--select ENTRIES]... [--auth USER:PASSWORD]
 *          [--pausing K] [--kickable K] [--churn RATE] [--progress SECONDS]
 *          [--sources K]
 *
 * mmsh mode does what FFmpeg 5.1 (libavformat/mmsh.c) does, byte for byte
 * (requests as captured on the wire): a "describe" GET whose response is
 * read up to the end of the first $H chunk, then the connection is closed
 * and a "play" GET (Pragma: xPlayStrm=1, stream-switch-entry for the
 * streams of that header, and FFmpeg's malformed last Pragma line) is sent
 * on a new connection and read for SECONDS. Its body is checked chunk by
 * chunk: $H first, chunk types $H $D $E $C only, the $H/$D extension length
 * equal to the framing length, $D payloads no larger than the ASF packet
 * size of the header, $D LocationIds +1 each (gaps counted). http mode sends
 * a plain GET and reads raw ASF; tcp mode sends nothing and reads raw ASF
 * (GStreamer's tcpserversink): the ASF Header Object, the 50-byte Data
 * Object header, then fixed-size packets.
 *
 * Every data packet is parsed as an ASF data packet (ASF spec 5.2: error
 * correction data, length type and property flags, send time, payloads):
 * its send time gives the media time a client has received, and "first key"
 * is the first packet holding the start (offset 0) of a key-frame payload
 * (stream number byte with bit 0x80) of the header's video stream. For
 * WMV2 the frame itself is checked too (first bit of the picture header:
 * 0 = I frame), because a muxer may flag P frames as key (VLC's asf muxer
 * flags every frame it has no P/B flag for): "first key flag" is the first
 * flagged payload whatever it holds, "first key" the first real I frame.
 *
 Client i starts at RAMP * i / N seconds; every client reads until the
 * same end, SECONDS after the last start (so all N are connected together
 * for SECONDS). Times are measured from the moment the play connection's
 * connect() is issued (tcp/http: the only connection), except "start": a
 * player's whole start, from its describe's connect() (tcp/http: the only
 * connection) to its first key ("start_key") and to its first $D
 * ("start_data"). A client is "at full
 * rate" when it read until the end without error, got data, lost no
 * packets (LocationId gaps) and the media time it received over its steady
 * window (from --warmup seconds after its start to the end) advanced by at
 * least 95% of the wall-clock time. The steady window excludes the
 * fast-start burst.
 *
 * --pid samples that process's CPU time (utime+stime of /proc/PID/stat,
 * every thread) over the load and its RSS (VmRSS every 0.5 s); --idle first
 * measures its CPU for that many seconds with no client, so that the
 * server's own cost of running the pipeline can be subtracted. wmload also
 * reports its own CPU time (getrusage). Server CPU per GB is given for the
 * whole load (connection set-up included) and for the steady window of the
 * run (RAMP + WARMUP after the start to the end: every client connected and
 * past its fast-start burst), each net of the idle rate.
 *
 * --select ENTRIES (mmsh mode; repeatable, up to 16): the play request's
 * stream selection, written as its Pragma stream-switch-entry value
 * ([MS-WMSP] 2.2.1.4.27), e.g. "ffff:1:2 ffff:2:0 ffff:4:0" (stream 1 not
 * sent, 2 and 4 in full; thinning 1 = key frames only), with a matching
 * stream-switch-count, instead of FFmpeg's "every stream at level 0". With
 * several, client i asks for selection i mod their number; the bytes, rate
 * and outcomes are also reported per selection. "first key" then looks at
 * the first video stream the selection keeps.
 *
 * The soak (bench/soak) adds, all in mmsh mode: --auth (Basic credentials
 * on every request), --pausing K (K clients, with a 32 KiB receive buffer,
 * stop reading for 3, 12 or 25 s in turn, 10 s of reading between, and
 * connect again when the server drops them), --kickable K (K clients from
 * 127.0.0.3, there to be kicked: they connect again 0.2 s after any close)
 * and --churn RATE (RATE short connections a second from 127.0.0.2, each
 * aborted with a RST: at once, after half a request, after the answer to a
 * describe with right or wrong credentials, or after up to 1 s of a play).
 * Pausing, kickable and stalled clients are left out of the full-rate
 * figures, which are those of the honest clients; they and the churn get
 * their own counts.
 *
 * --sources K (IPv4, 1..100): client i connects from 127.0.0.(100 + i mod
 * K) (IP_BIND_ADDRESS_NO_PORT: the port is still picked at connect), for
 * more than one source address's ephemeral ports (each client makes two
 * connections, and the describe's stays in TIME_WAIT here).
 *
 * Loopback addresses only; N <= 20000, SECONDS <= 3900, RAMP <= 120; a hard
 * deadline ends the run whatever happens. Exit status 0 when every client
 * was at full rate without error, 1 otherwise, 2 on a usage error.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 20000
#define MAX_T 3900.0
#define MAX_RAMP 120.0
#define RECV_BUF (256 * 1024)
#define RESP_HDR_MAX 8192
#define ASF_HDR_MAX 65536
#define PKT_HEAD 64             /* bytes of a packet kept once the first key is found */
#define FULL_RATE_RATIO 0.95
#define PAUSING_RCVBUF (32 * 1024)
/* ... and its last data came at most this long before the end: a server
 * may write a low-rate client a second at a time, which is no stall */
#define FULL_RATE_MAX_GAP 2.0

enum mode
{ MODE_MMSH, MODE_HTTP, MODE_TCP };

enum phase
{
  PH_WAIT,                      /* not started */
  PH_DESC_CONNECT,
  PH_DESC_READ,
  PH_PLAY_CONNECT,
  PH_PLAY_READ,
  PH_DONE,
};

enum outcome
{
  OUT_NONE,
  OUT_OK,                       /* read for SECONDS */
  OUT_REFUSED,                  /* ECONNREFUSED, HTTP 503/403 */
  OUT_CONNECT_TIMEOUT,
  OUT_EOF,                      /* server closed early */
  OUT_RESET,                    /* socket error */
  OUT_FRAMING,                  /* framing or HTTP error */
  OUT_HTTP_ERROR,               /* other HTTP status */
  OUT_DEADLINE,
  OUT_COUNT
};

static const char *const outcome_names[OUT_COUNT] = {
  "none", "ok", "refused", "connect_timeout", "eof", "reset", "framing",
  "http_error", "deadline"
};

static const uint8_t GUID_HEADER[16] = { 0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66,
  0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c
};

static const uint8_t GUID_DATA[16] = { 0x36, 0x26, 0xb2, 0x75, 0x8e, 0x66,
  0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c
};

static const uint8_t GUID_FILE_PROPS[16] = { 0xa1, 0xdc, 0xab, 0x8c, 0x47,
  0xa9, 0xcf, 0x11, 0x8e, 0xe4, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65
};

static const uint8_t GUID_STREAM_PROPS[16] = { 0x91, 0x07, 0xdc, 0xb7, 0xb7,
  0xa9, 0xcf, 0x11, 0x8e, 0xe6, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65
};

static const uint8_t GUID_VIDEO_MEDIA[16] = { 0xc0, 0xef, 0x19, 0xbc, 0x4d,
  0x5b, 0xcf, 0x11, 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b
};

#define FFMPEG_GUID "{c77e7400-738a-11d2-9add-0020af0a3278}"

typedef struct
{
  int fd;
  uint8_t phase;
  uint8_t outcome;
  uint8_t stalled;              /* --stalled: never reads after its play request */
  uint8_t pausing;              /* --pausing: stops reading now and then */
  uint8_t kickable;             /* --kickable: from 127.0.0.3, reconnects */
  uint8_t paused;
  uint8_t pause_cycle;
  uint8_t sel;                  /* --select: which selection it asks for */
  uint8_t body;                 /* response header done (or tcp) */
  uint8_t got_header;           /* ASF header parsed */
  uint8_t key_found;
  uint8_t chunk_type;           /* 'H' 'D' 'E' 'C' of the chunk being read */
  uint8_t chdr_len;
  uint8_t chdr[12];
  uint8_t ended;                /* $E seen */
  int16_t http_status;

  double t_sched;
  double t_desc;                /* describe connect() issued */
  double t_desc_done;
  double t_play;                /* play (or only) connect() issued */
  double t_end;
  double t_first_byte;
  double t_first_data;
  double t_first_key;
  double t_steady;              /* start of the steady window */

  uint64_t bytes;               /* body bytes of the play connection */
  uint64_t steady_bytes;
  uint64_t packets;

  /* growing buffer: HTTP response header, then the ASF header */
  uint8_t *buf;
  uint32_t buf_len, buf_cap;
  uint32_t asf_hdr_need;        /* raw modes: header object size + 50 */

  uint32_t skip;                /* payload bytes left in the chunk / packet */
  uint32_t pkt_size;            /* ASF packet size from the header */
  uint8_t video_stream;         /* 0 = none */
  uint8_t video_wmv2;           /* its frames' first bit tells I from P */
  uint8_t keyflag_found;
  double t_first_keyflag;
  uint32_t false_keys;          /* key-flagged payloads holding a P frame */
  uint8_t nstreams;
  uint8_t streams[16];

  /* the packet being read: all of it until the first key, then its head */
  uint8_t *pkt;
  uint32_t pkt_len, pkt_total;

  int64_t last_seq;
  uint32_t seq_gaps;
  uint32_t mid_headers, mid_headers_no_c;
  uint8_t saw_c;
  uint32_t asf_errors;

  /* media time: the first packet of the steady window and the last one */
  double st_wall0, st_wall1;
  uint32_t st0, st1;
  uint8_t st_have0;

  /* the longest wait between two data packets in the steady window */
  double last_pkt_t, max_gap;
  /* --pausing, --kickable: when to pause or resume, when to reconnect */
  double t_toggle, t_restart;
  uint32_t pauses, reconnects;
  uint32_t closes[OUT_COUNT];
} Client;

typedef struct
{
  const char *host;
  int port;
  int n;
  double t;
  double ramp;
  double warmup;
  double idle;
  double connect_timeout;
  int stalled;
  int pausing;
  int kickable;
  int sources;
  double churn;
  double progress;
  const char *auth;
  int nsel;
  int pid;
  enum mode mode;
  const char *json;
  const char *path;
  int quiet;
} Args;

static Args args;

/* --select: the selections, as the play request writes them */
#define MAX_SELECT 16
#define MAX_SELECT_LEN 400
typedef struct
{
  const char *entries;
  int count;                    /* entries: the stream-switch-count */
  uint8_t thinning[128];        /* per stream number; 2 when not named */
} Selection;
static Selection selections[MAX_SELECT];
static Client *clients;
static int epfd;
static struct sockaddr_storage server_sa;
static socklen_t server_salen;
static char *describe_req;
static size_t describe_req_len;
static char *http_req;
static size_t http_req_len;
static uint8_t *rbuf;
static long clk_tck;
static int framing_examples;
/* the steady window: from RAMP + WARMUP after the start to the end, when
 * every client has started and is past its fast-start burst */
static int win_started;
static uint64_t win_bytes;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fprintf (stderr, "wmload: ");
  vfprintf (stderr, fmt, ap);
  fprintf (stderr, "\n");
  va_end (ap);
  exit (2);
}

static void
framing_note (Client * c, const char *fmt, ...)
{
  va_list ap;

  if (framing_examples >= 5)
    return;
  framing_examples++;
  va_start (ap, fmt);
  fprintf (stderr, "wmload: client %d: ", (int) (c - clients));
  vfprintf (stderr, fmt, ap);
  fprintf (stderr, "\n");
  va_end (ap);
}

static uint16_t
rd16 (const uint8_t * p)
{
  return p[0] | (p[1] << 8);
}

static uint32_t
rd32 (const uint8_t * p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t) p[3] << 24);
}

static uint64_t
rd64 (const uint8_t * p)
{
  return rd32 (p) | ((uint64_t) rd32 (p + 4) << 32);
}

/* ------------------------------------------------------------------------ */
/* process sampling */

static int
read_proc_cpu (int pid, double *cpu)
{
  char path[64], buf[2048], *p;
  unsigned long long ut, st;
  FILE *f;
  size_t n;

  snprintf (path, sizeof (path), "/proc/%d/stat", pid);
  f = fopen (path, "r");
  if (!f)
    return -1;
  n = fread (buf, 1, sizeof (buf) - 1, f);
  fclose (f);
  buf[n] = 0;
  p = strrchr (buf, ')');
  if (!p)
    return -1;
  /* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt
   * majflt cmajflt utime(14) stime(15) */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
          &ut, &st) != 2)
    return -1;
  *cpu = (double) (ut + st) / clk_tck;
  return 0;
}

static long
read_proc_status_kb (int pid, const char *key)
{
  char path[64], line[256];
  size_t kl = strlen (key);
  long v = -1;
  FILE *f;

  snprintf (path, sizeof (path), "/proc/%d/status", pid);
  f = fopen (path, "r");
  if (!f)
    return -1;
  while (fgets (line, sizeof (line), f)) {
    if (strncmp (line, key, kl) == 0 && line[kl] == ':') {
      v = strtol (line + kl + 1, NULL, 10);
      break;
    }
  }
  fclose (f);
  return v;
}

/* busy (non-idle) CPU seconds of the whole machine, from /proc/stat */
static double
system_busy (void)
{
  unsigned long long v[10] = { 0 }, busy = 0;
  FILE *f = fopen ("/proc/stat", "r");
  int i;

  if (!f)
    return NAN;
  if (fscanf (f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
          &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
          &v[9]) < 8) {
    fclose (f);
    return NAN;
  }
  fclose (f);
  /* user nice system idle iowait irq softirq steal (guest is in user) */
  for (i = 0; i < 8; i++)
    if (i != 3 && i != 4)
      busy += v[i];
  return (double) busy / clk_tck;
}

static double
self_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ------------------------------------------------------------------------ */
/* requests: byte for byte what FFmpeg 5.1 sends (docs/design.md, "What real
 * clients send and expect") */

static char *
host_header (void)
{
  static char h[80];

  if (strchr (args.host, ':'))
    snprintf (h, sizeof (h), "[%s]:%d", args.host, args.port);
  else
    snprintf (h, sizeof (h), "%s:%d", args.host, args.port);
  return h;
}

/* "Authorization: Basic ...\r\n" (RFC 7617) for USER:PASSWORD */
static char *
basic_auth_line (const char *user_pass)
{
  static const char b64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t n = strlen (user_pass), i, o = 0;
  const uint8_t *u = (const uint8_t *) user_pass;
  char *enc = malloc (4 * (n / 3 + 1) + 1), *line;

  if (!enc)
    die ("out of memory");
  for (i = 0; i < n; i += 3) {
    uint32_t v = u[i] << 16 | (i + 1 < n ? u[i + 1] << 8 : 0) |
        (i + 2 < n ? u[i + 2] : 0);

    enc[o++] = b64[v >> 18 & 63];
    enc[o++] = b64[v >> 12 & 63];
    enc[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
    enc[o++] = i + 2 < n ? b64[v & 63] : '=';
  }
  enc[o] = 0;
  if (asprintf (&line, "Authorization: Basic %s\r\n", enc) < 0)
    die ("out of memory");
  free (enc);
  return line;
}

static char *auth_line = "";
/* --churn: a describe with a wrong password, and one play request */
static char *describe_bad_req;
static size_t describe_bad_req_len;
static char *churn_play_req;
static size_t churn_play_req_len;

static char *
describe_request (const char *auth)
{
  char *r;

  if (asprintf (&r,
          "GET %s HTTP/1.1\r\n"
          "Range: bytes=0-\r\n"
          "Icy-MetaData: 1\r\n"
          "Accept: */*\r\n"
          "User-Agent: NSPlayer/4.1.0.3856\r\n"
          "Host: %s\r\n"
          "%s"
          "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
          "request-context=1,max-duration=0\r\n"
          "Pragma: xClientGUID=" FFMPEG_GUID "\r\n"
          "Connection: Close\r\n\r\n", args.path, host_header (), auth) < 0)
    die ("out of memory");
  return r;
}

static size_t play_request (Client * c, char *out, size_t max);

static void
build_requests (void)
{
  if (args.auth) {
    char *bad;

    auth_line = basic_auth_line (args.auth);
    if (asprintf (&bad, "%s-wrong", args.auth) < 0)
      die ("out of memory");
    describe_bad_req = describe_request (basic_auth_line (bad));
    free (bad);
  } else {
    describe_bad_req = describe_request ("");
  }
  describe_bad_req_len = strlen (describe_bad_req);
  describe_req = describe_request (auth_line);
  describe_req_len = strlen (describe_req);
  if (asprintf (&http_req,
          "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: wmload/1\r\n"
          "%sAccept: */*\r\nConnection: close\r\n\r\n", args.path,
          host_header (), auth_line) < 0)
    die ("out of memory");
  http_req_len = strlen (http_req);
  {
    /* a play request for streams 1 and 2, whatever the header says */
    Client tmp = { 0 };
    char req[2048];

    tmp.nstreams = 2;
    tmp.streams[0] = 1;
    tmp.streams[1] = 2;
    churn_play_req_len = play_request (&tmp, req, sizeof (req));
    churn_play_req = strdup (req);
  }
}

static size_t
play_request (Client * c, char *out, size_t max)
{
  char entries[16 * 12] = "";
  const char *e = entries;
  size_t el = 0;
  int i, n, count = c->nstreams;

  for (i = 0; i < c->nstreams; i++)
    el += snprintf (entries + el, sizeof (entries) - el, "ffff:%d:0 ",
        c->streams[i]);
  if (args.nsel > 0) {
    e = selections[c->sel].entries;
    count = selections[c->sel].count;
  }
  /* FFmpeg forgets the CRLF after "stream-time=0": "Connection: Close" is
   * glued onto the last Pragma line */
  n = snprintf (out, max,
      "GET %s HTTP/1.1\r\n"
      "Range: bytes=0-\r\n"
      "Connection: close\r\n"
      "Icy-MetaData: 1\r\n"
      "Accept: */*\r\n"
      "User-Agent: NSPlayer/4.1.0.3856\r\n"
      "Host: %s\r\n"
      "%s"
      "Pragma: no-cache,rate=1.000000,request-context=2\r\n"
      "Pragma: xPlayStrm=1\r\n"
      "Pragma: xClientGUID=" FFMPEG_GUID "\r\n"
      "Pragma: stream-switch-count=%d\r\n"
      "Pragma: stream-switch-entry=%s\r\n"
      "Pragma: no-cache,rate=1.000000,stream-time=0"
      "Connection: Close\r\n\r\n", args.path, host_header (), auth_line,
      count, e);
  return n < 0 || (size_t) n >= max ? 0 : (size_t) n;
}

/* ------------------------------------------------------------------------ */
/* ASF */

/* Reads the Header Object: packet size (File Properties Maximum Data Packet
 * Size), stream numbers and the video stream. */
static int
parse_asf_header (Client * c, const uint8_t * d, size_t len)
{
  uint64_t end, p;

  if (len < 30 || memcmp (d, GUID_HEADER, 16) != 0)
    return -1;
  end = rd64 (d + 16);
  if (end > len)
    end = len;
  c->nstreams = 0;
  c->video_stream = 0;
  c->pkt_size = 0;
  for (p = 30; p + 24 <= end;) {
    uint64_t size = rd64 (d + p + 16);

    if (size < 24 || p + size > end)
      break;
    if (memcmp (d + p, GUID_FILE_PROPS, 16) == 0 && size >= 104)
      c->pkt_size = rd32 (d + p + 96);
    else if (memcmp (d + p, GUID_STREAM_PROPS, 16) == 0 && size >= 78) {
      uint8_t num = d[p + 72] & 0x7f;

      if (c->nstreams < sizeof (c->streams))
        c->streams[c->nstreams++] = num;
      /* with --select, the first video stream the selection keeps */
      if (memcmp (d + p + 24, GUID_VIDEO_MEDIA, 16) == 0 && !c->video_stream
          && (args.nsel == 0 || selections[c->sel].thinning[num] < 2)) {
        c->video_stream = num;
        /* type-specific data at 78: width, height, reserved, format size
         * (11 bytes), then BITMAPINFOHEADER with biCompression at 16 */
        c->video_wmv2 = size >= 109 && memcmp (d + p + 105, "WMV2", 4) == 0;
      }
    }
    p += size;
  }
  if (c->pkt_size == 0 || c->pkt_size > 65536)
    return -1;
  return 0;
}

static int
var_len (int type)
{
  return type == 3 ? 4 : type;
}

static uint32_t
rd_var (const uint8_t * p, int type)
{
  switch (type) {
    case 1:
      return p[0];
    case 2:
      return rd16 (p);
    case 3:
      return rd32 (p);
    default:
      return 0;
  }
}

#define KEY_FLAG 1              /* key bit set on the start of a video frame */
#define KEY_FRAME 2             /* ... and the frame is an I frame */
#define KEY_FALSE 4             /* a key-flagged frame start that is a P frame */

/* The start of a video payload: is it a key frame? A WMV2 picture header
 * starts with its type bit, 0 = I, 1 = P (FFmpeg wmv2dec.c
 * ff_wmv2_decode_picture_header); for other codecs the ASF flag is trusted. */
static int
key_of (uint8_t stream, uint32_t off, const uint8_t * data, size_t avail,
    int video, int wmv2)
{
  if ((stream & 0x7f) != video || !(stream & 0x80) || off != 0)
    return 0;
  if (!wmv2)
    return KEY_FLAG | KEY_FRAME;
  if (avail < 1)
    return KEY_FLAG;
  return (data[0] & 0x80) ? KEY_FLAG | KEY_FALSE : KEY_FLAG | KEY_FRAME;
}

/* Parses an ASF data packet (or its first bytes when !full). *key gets the
 * KEY_ bits of its video payloads. Returns -1 on a malformed packet. */
static int
parse_asf_packet (const uint8_t * p, size_t len, int full, int video,
    int wmv2, uint32_t * send_time, int *key)
{
  size_t i = 0;
  uint8_t lt, pf;
  int plen_t, seq_t, pad_t, rep_t, off_t_, mon_t;

  *key = 0;
  if (len < 1)
    return -1;
  lt = p[i++];
  if (lt & 0x80) {              /* error correction data */
    if (lt & 0x60)
      return -1;
    i += lt & 0x0f;
    if (i >= len)
      return -1;
    lt = p[i++];
  }
  if (i >= len)
    return -1;
  pf = p[i++];
  plen_t = (lt >> 5) & 3;
  seq_t = (lt >> 1) & 3;
  pad_t = (lt >> 3) & 3;
  rep_t = pf & 3;
  off_t_ = (pf >> 2) & 3;
  mon_t = (pf >> 4) & 3;
  if (((pf >> 6) & 3) != 1)     /* stream number length type must be BYTE */
    return -1;
  i += var_len (plen_t) + var_len (seq_t) + var_len (pad_t);
  if (i + 6 > len)
    return -1;
  *send_time = rd32 (p + i);
  i += 6;
  if (!full)
    return 0;

  if (lt & 1) {                 /* multiple payloads */
    uint8_t pl;
    int n, k, pl_t;

    if (i >= len)
      return -1;
    pl = p[i++];
    n = pl & 0x3f;
    pl_t = pl >> 6;
    for (k = 0; k < n; k++) {
      uint8_t stream;
      uint32_t off, rep, plen;

      if (i + 1 + var_len (mon_t) + var_len (off_t_) + var_len (rep_t) > len)
        return -1;
      stream = p[i++];
      i += var_len (mon_t);
      off = rd_var (p + i, off_t_);
      i += var_len (off_t_);
      rep = rd_var (p + i, rep_t);
      i += var_len (rep_t);
      if (rep == 1) {
        /* compressed payload: whole media objects; off is a time */
        i += 1;
        off = 0;
      } else {
        i += rep;
      }
      if (i + var_len (pl_t) > len)
        return -1;
      plen = rd_var (p + i, pl_t);
      i += var_len (pl_t);
      if (rep == 1)             /* sub-payloads: a length byte, then data */
        *key |= key_of (stream, off, p + i + 1, plen > 1 && i + 1 < len ?
            plen - 1 : 0, video, wmv2);
      else
        *key |= key_of (stream, off, p + i, plen > 0 && i < len ? plen : 0,
            video, wmv2);
      i += plen;
      if (i > len)
        return -1;
    }
  } else {
    uint8_t stream;
    uint32_t off, rep;

    if (i + 1 + var_len (mon_t) + var_len (off_t_) + var_len (rep_t) > len)
      return -1;
    stream = p[i++];
    i += var_len (mon_t);
    off = rd_var (p + i, off_t_);
    i += var_len (off_t_);
    rep = rd_var (p + i, rep_t);
    i += var_len (rep_t);
    if (rep == 1) {
      off = 0;
      i += 2;                   /* time delta, first sub-payload length */
    } else {
      i += rep;
    }
    *key |= key_of (stream, off, p + i, i < len ? len - i : 0, video, wmv2);
  }
  return 0;
}

/* A data packet of @total bytes starts. */
static void
packet_begin (Client * c, uint32_t total)
{
  c->pkt_total = total;
  c->pkt_len = 0;
}

static void
packet_data (Client * c, const uint8_t * d, uint32_t len)
{
  uint32_t room;

  if (c->key_found) {
    room = c->pkt_len < PKT_HEAD ? PKT_HEAD - c->pkt_len : 0;
  } else {
    room = c->pkt_total - c->pkt_len;
  }
  if (len < room)
    room = len;
  if (room) {
    memcpy (c->pkt + c->pkt_len, d, room);
  }
  /* pkt_len counts what was stored */
  c->pkt_len += room;
}

static void
packet_end (Client * c, double t)
{
  uint32_t st = 0;
  int key = 0;

  if (parse_asf_packet (c->pkt, c->pkt_len, !c->key_found, c->video_stream,
          c->video_wmv2, &st, &key) < 0) {
    c->asf_errors++;
    return;
  }
  c->packets++;
  if (!c->key_found) {
    if ((key & KEY_FLAG) && !c->keyflag_found) {
      c->keyflag_found = 1;
      c->t_first_keyflag = t;
    }
    if (key & KEY_FALSE)
      c->false_keys++;
    if (key & KEY_FRAME) {
      c->key_found = 1;
      c->t_first_key = t;
    }
  }
  if (t >= c->t_steady) {
    if (c->last_pkt_t > 0 && t - c->last_pkt_t > c->max_gap)
      c->max_gap = t - c->last_pkt_t;
    if (!c->st_have0) {
      c->st_have0 = 1;
      c->st0 = st;
      c->st_wall0 = t;
    }
    c->st1 = st;
    c->st_wall1 = t;
  }
  c->last_pkt_t = t;
}

/* ------------------------------------------------------------------------ */
/* connections */

static void
client_close_fd (Client * c)
{
  if (c->fd >= 0) {
    /* abortive close: no TIME_WAIT left behind on either side */
    struct linger lg = { 1, 0 };

    setsockopt (c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof (lg));
    epoll_ctl (epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close (c->fd);
    c->fd = -1;
  }
}

/* set once the run ends: no client reconnects after that */
static int ending;

static void
client_finish (Client * c, enum outcome o, double t)
{
  client_close_fd (c);
  if (!ending && (c->pausing || c->kickable) && c->phase != PH_DONE) {
    /* closed (kicked, dropped as slow, refused...): connect again soon */
    c->closes[o]++;
    c->phase = PH_WAIT;
    c->t_restart = t + (c->kickable ? 0.2 : 1.0);
    c->paused = 0;
  } else if (c->phase != PH_DONE) {
    c->phase = PH_DONE;
    c->outcome = o;
    c->t_end = t;
  }
  free (c->buf);
  c->buf = NULL;
  c->buf_len = c->buf_cap = 0;
  free (c->pkt);
  c->pkt = NULL;
}

/* Binds @fd to 127.0.0.@octet (IPv4 servers; kickable and churn
 * connections come from their own addresses, which the soak server's
 * kicks and access-list edits aim at). */
static int
bind_source (int fd, int octet)
{
  struct sockaddr_in a;

  if (server_sa.ss_family != AF_INET)
    return 0;
  memset (&a, 0, sizeof (a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (0x7f000000 | octet);
  return bind (fd, (struct sockaddr *) &a, sizeof (a));
}

static int
start_connect (Client * c, double t)
{
  int fd = socket (server_sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
      SOCK_CLOEXEC, 0);
  struct epoll_event ev;

  if (fd < 0) {
    fprintf (stderr, "wmload: socket: %s\n", strerror (errno));
    client_finish (c, OUT_RESET, t);
    return -1;
  }
  if (c->pausing) {
    /* a small receive buffer: a pause shows at the server within a second
     * (lag, skip-to-key, "slow") instead of filling megabytes first */
    int rcv = PAUSING_RCVBUF;

    setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof (rcv));
  }
  if (c->kickable && bind_source (fd, 3) < 0) {
    close (fd);
    client_finish (c, OUT_RESET, t);
    return -1;
  }
  if (args.sources > 0 && !c->kickable) {
    int one = 1;

    setsockopt (fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof (one));
    if (bind_source (fd, 100 + (int) (c - clients) % args.sources) < 0) {
      close (fd);
      client_finish (c, OUT_RESET, t);
      return -1;
    }
  }
  if (connect (fd, (struct sockaddr *) &server_sa, server_salen) < 0
      && errno != EINPROGRESS) {
    int e = errno;

    close (fd);
    client_finish (c, e == ECONNREFUSED ? OUT_REFUSED : OUT_RESET, t);
    return -1;
  }
  c->fd = fd;
  ev.events = EPOLLOUT;
  ev.data.ptr = c;
  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev);
  return 0;
}

static void
buf_append (Client * c, const uint8_t * d, uint32_t len)
{
  if (c->buf_len + len > c->buf_cap) {
    uint32_t cap = c->buf_cap ? c->buf_cap : 1024;

    while (cap < c->buf_len + len)
      cap *= 2;
    c->buf = realloc (c->buf, cap);
    if (!c->buf)
      die ("out of memory");
    c->buf_cap = cap;
  }
  memcpy (c->buf + c->buf_len, d, len);
  c->buf_len += len;
}

static void
client_start (Client * c, double t)
{
  c->last_seq = -1;
  if (args.mode == MODE_MMSH) {
    c->phase = PH_DESC_CONNECT;
    c->t_desc = t;
  } else {
    c->phase = PH_PLAY_CONNECT;
    c->t_play = t;
    c->t_steady = t + args.warmup;
  }
  start_connect (c, t);
}

/* A pausing or kickable client connects again (describe, then play). */
static void
client_restart (Client * c, double t)
{
  free (c->buf);
  c->buf = NULL;
  c->buf_len = c->buf_cap = 0;
  free (c->pkt);
  c->pkt = NULL;
  c->body = c->got_header = c->chunk_type = c->chdr_len = c->ended = 0;
  c->http_status = 0;
  c->skip = c->asf_hdr_need = 0;
  c->saw_c = 0;
  c->paused = 0;
  c->t_toggle = 0;
  c->t_restart = 0;
  c->reconnects++;
  client_start (c, t);
}

static void
start_play (Client * c, double t)
{
  client_close_fd (c);
  c->t_desc_done = t;
  c->phase = PH_PLAY_CONNECT;
  c->t_play = t;
  c->t_steady = t + args.warmup;
  c->body = 0;
  c->got_header = 0;
  c->chdr_len = 0;
  c->skip = 0;
  c->buf_len = 0;
  start_connect (c, t);
}

static void
on_connected (Client * c, double t)
{
  char req[2048];
  const char *r = NULL;
  size_t len = 0;
  struct epoll_event ev;
  int err = 0;
  socklen_t el = sizeof (err);

  getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
  if (err) {
    client_finish (c, err == ECONNREFUSED ? OUT_REFUSED : OUT_RESET, t);
    return;
  }
  if (c->phase == PH_DESC_CONNECT) {
    r = describe_req;
    len = describe_req_len;
    c->phase = PH_DESC_READ;
  } else {
    if (args.mode == MODE_MMSH) {
      len = play_request (c, req, sizeof (req));
      r = req;
    } else if (args.mode == MODE_HTTP) {
      r = http_req;
      len = http_req_len;
    }
    c->phase = PH_PLAY_READ;
    if (args.mode == MODE_TCP)
      c->body = 1;
  }
  if (len && send (c->fd, r, len, MSG_NOSIGNAL) != (ssize_t) len) {
    client_finish (c, OUT_RESET, t);
    return;
  }
  /* a stalled client sent its play request and never reads again */
  ev.events = c->stalled && c->phase == PH_PLAY_READ ? 0 : EPOLLIN | EPOLLRDHUP;
  ev.data.ptr = c;
  epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Raw ASF (http, tcp modes): header object + data object header, then
 * fixed-size packets. */
static int
raw_body (Client * c, const uint8_t * d, uint32_t len, double t)
{
  while (len) {
    if (!c->got_header) {
      uint32_t take;

      if (c->asf_hdr_need == 0) {
        take = 24 - c->buf_len < len ? 24 - c->buf_len : len;
        buf_append (c, d, take);
        d += take;
        len -= take;
        if (c->buf_len < 24)
          return 0;
        if (memcmp (c->buf, GUID_HEADER, 16) != 0
            || rd64 (c->buf + 16) > ASF_HDR_MAX) {
          framing_note (c, "body does not start with an ASF Header Object");
          return -1;
        }
        c->asf_hdr_need = (uint32_t) rd64 (c->buf + 16) + 50;
        continue;
      }
      take = c->asf_hdr_need - c->buf_len;
      if (take > len)
        take = len;
      buf_append (c, d, take);
      d += take;
      len -= take;
      if (c->buf_len < c->asf_hdr_need)
        return 0;
      if (parse_asf_header (c, c->buf, c->buf_len - 50) < 0
          || memcmp (c->buf + c->buf_len - 50, GUID_DATA, 16) != 0) {
        framing_note (c, "bad ASF header / no Data Object");
        return -1;
      }
      c->got_header = 1;
      c->pkt = malloc (c->pkt_size);
      if (!c->pkt)
        die ("out of memory");
      c->skip = 0;
      continue;
    }
    if (c->skip == 0) {
      c->skip = c->pkt_size;
      packet_begin (c, c->pkt_size);
    }
    {
      uint32_t take = c->skip < len ? c->skip : len;

      packet_data (c, d, take);
      c->skip -= take;
      d += take;
      len -= take;
      if (c->skip == 0) {
        if (c->t_first_data == 0)
          c->t_first_data = t;
        packet_end (c, t);
      }
    }
  }
  return 0;
}

/* Finishes a $H chunk. Returns -1 on error. */
static int
header_chunk_done (Client * c, double t)
{
  if (c->got_header) {
    /* a new header mid-stream */
    c->mid_headers++;
    if (!c->saw_c)
      c->mid_headers_no_c++;
  }
  c->saw_c = 0;
  if (parse_asf_header (c, c->buf, c->buf_len) < 0) {
    framing_note (c, "$H payload is not a usable ASF header");
    return -1;
  }
  c->buf_len = 0;
  if (!c->got_header) {
    c->got_header = 1;
    if (c->phase == PH_DESC_READ) {
      start_play (c, t);
      return 1;
    }
    c->pkt = malloc (c->pkt_size > PKT_HEAD ? c->pkt_size : PKT_HEAD);
    if (!c->pkt)
      die ("out of memory");
  }
  return 0;
}

/* MS-WMSP chunks. Returns -1 on a framing error, 1 when the connection was
 * replaced (describe done). */
static int
wmsp_body (Client * c, const uint8_t * d, uint32_t len, double t)
{
  while (len) {
    if (c->skip) {
      uint32_t take = c->skip < len ? c->skip : len;

      if (c->chunk_type == 'H')
        buf_append (c, d, take);
      else if (c->chunk_type == 'D')
        packet_data (c, d, take);
      c->skip -= take;
      d += take;
      len -= take;
      if (c->skip == 0) {
        if (c->chunk_type == 'H') {
          int r = header_chunk_done (c, t);
          if (r != 0)
            return r;
        } else if (c->chunk_type == 'D') {
          packet_end (c, t);
        }
      }
      continue;
    }
    /* a chunk header: 4 bytes, then 8 ($H $D) or 4 ($E $C) */
    {
      uint32_t need = 4, take, length, ext;
      uint8_t type;

      if (c->chdr_len >= 2) {
        type = c->chdr[1];
        if (c->chdr[0] != '$' || (type != 'H' && type != 'D' && type != 'E'
                && type != 'C')) {
          framing_note (c, "bad chunk type %02x %02x", c->chdr[0], c->chdr[1]);
          return -1;
        }
        need = (type == 'H' || type == 'D') ? 12 : 8;
      }
      take = need - c->chdr_len;
      if (take > len)
        take = len;
      memcpy (c->chdr + c->chdr_len, d, take);
      c->chdr_len += take;
      d += take;
      len -= take;
      if (c->chdr_len < 2 || c->chdr_len < need)
        continue;
      if (need == 4)
        continue;               /* type now known: read the extension */
      type = c->chdr[1];
      length = rd16 (c->chdr + 2);
      ext = need - 4;
      c->chdr_len = 0;
      if (length < ext) {
        framing_note (c, "$%c length %u < %u", type, length, ext);
        return -1;
      }
      c->chunk_type = type;
      c->skip = length - ext;
      if (type == 'H' || type == 'D') {
        uint32_t seq = rd32 (c->chdr + 4);
        uint16_t len2 = rd16 (c->chdr + 10);

        if (len2 != length) {
          framing_note (c, "$%c extension length %u != framing length %u",
              type, len2, length);
          return -1;
        }
        if (type == 'H') {
          c->buf_len = 0;
        } else {
          if (!c->got_header) {
            framing_note (c, "first chunk is $D, not $H");
            return -1;
          }
          if (c->skip > c->pkt_size) {
            framing_note (c, "$D payload %u > ASF packet size %u", c->skip,
                c->pkt_size);
            return -1;
          }
          if (c->last_seq >= 0 && seq != (uint32_t) (c->last_seq + 1))
            c->seq_gaps++;
          c->last_seq = seq;
          if (c->t_first_data == 0)
            c->t_first_data = t;
          packet_begin (c, c->skip);
        }
      } else if (!c->got_header) {
        framing_note (c, "first chunk is $%c, not $H", type);
        return -1;
      } else if (type == 'C') {
        c->saw_c = 1;
      } else if (type == 'E') {
        c->ended = 1;
      }
      if (c->skip == 0) {
        if (type == 'H') {
          int r = header_chunk_done (c, t);
          if (r != 0)
            return r;
        } else if (type == 'D') {
          packet_end (c, t);
        }
      }
    }
  }
  return 0;
}

/* Handles the bytes of a response; finishes the client on an error. */
static void
on_data (Client * c, const uint8_t * d, uint32_t len, double t)
{
  int r;

  if (!c->body) {
    /* HTTP response header */
    uint8_t *e;
    uint32_t old = c->buf_len, hl;

    buf_append (c, d, len);
    e = memmem (c->buf + (old > 3 ? old - 3 : 0), c->buf_len - (old > 3 ?
            old - 3 : 0), "\r\n\r\n", 4);
    if (!e) {
      if (c->buf_len > RESP_HDR_MAX) {
        framing_note (c, "response header too long");
        client_finish (c, OUT_FRAMING, t);
      }
      return;
    }
    hl = (uint32_t) (e - c->buf) + 4;
    if (c->buf_len < 12 || memcmp (c->buf, "HTTP/1.", 7) != 0) {
      framing_note (c, "bad status line");
      client_finish (c, OUT_FRAMING, t);
      return;
    }
    c->http_status = atoi ((char *) c->buf + 9);
    if (c->http_status != 200) {
      client_finish (c, (c->http_status == 503 || c->http_status == 403) ?
          OUT_REFUSED : OUT_HTTP_ERROR, t);
      return;
    }
    c->body = 1;
    /* the rest is body: move it out of the header buffer */
    len = c->buf_len - hl;
    if (len) {
      uint8_t *tmp = malloc (len);

      memcpy (tmp, c->buf + hl, len);
      c->buf_len = 0;
      on_data (c, tmp, len, t);
      free (tmp);
    } else {
      c->buf_len = 0;
    }
    return;
  }

  if (c->phase == PH_PLAY_READ) {
    if (c->t_first_byte == 0)
      c->t_first_byte = t;
    c->bytes += len;
    if (t >= c->t_steady)
      c->steady_bytes += len;
    if (win_started)
      win_bytes += len;
  }
  if (args.mode == MODE_MMSH)
    r = wmsp_body (c, d, len, t);
  else
    r = raw_body (c, d, len, t);
  if (r < 0)
    client_finish (c, OUT_FRAMING, t);
}

static void
on_event (Client * c, uint32_t events, double t)
{
  if (c->phase == PH_DESC_CONNECT || c->phase == PH_PLAY_CONNECT) {
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
      on_connected (c, t);
    return;
  }
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) {
    ssize_t n = recv (c->fd, rbuf, RECV_BUF, 0);

    if (n > 0) {
      on_data (c, rbuf, (uint32_t) n, t);
      return;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    if (n == 0)
      client_finish (c, OUT_EOF, t);
    else
      client_finish (c, errno == ECONNREFUSED ? OUT_REFUSED : OUT_RESET, t);
  }
}

/* ------------------------------------------------------------------------ */
/* --churn: short connections from 127.0.0.2, each ended by a RST */

enum churn_kind
{
  CH_ABORT,                     /* connect, abort at once */
  CH_HALF,                      /* half a describe, abort after 200 ms */
  CH_DESCRIBE,                  /* describe, abort after the status line */
  CH_BAD_LOGIN,                 /* describe, wrong password: abort after it */
  CH_PLAY,                      /* play, read up to 1 s, abort */
  CH_KINDS
};

#define CHURN_MAX 1024
#define CHURN_ANSWER_S 2.0      /* a request unanswered this long counts */

typedef struct
{
  int fd;
  uint8_t kind;
  uint8_t state;                /* 0 free, 1 connecting, 2 request sent */
  uint8_t head_len;
  char head[16];
  double t_start, t_abort;
} Churn;

static Churn churn[CHURN_MAX];
static int churn_next;
static struct
{
  uint64_t started, skipped, connect_errors, aborted, status_200, status_401,
      status_403, status_503, status_other, closed_early, unanswered,
      connect_timeouts;
} cs;

static int
is_churn (void *p)
{
  return (Churn *) p >= churn && (Churn *) p < churn + CHURN_MAX;
}

static void
churn_abort (Churn * h)
{
  struct linger lg = { 1, 0 };

  setsockopt (h->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof (lg));
  epoll_ctl (epfd, EPOLL_CTL_DEL, h->fd, NULL);
  close (h->fd);
  h->fd = -1;
  h->state = 0;
  cs.aborted++;
}

static void
churn_start (double t)
{
  Churn *h = NULL;
  struct epoll_event ev;
  int i, fd;

  for (i = 0; i < CHURN_MAX; i++) {
    Churn *k = &churn[(churn_next + i) % CHURN_MAX];

    if (k->state == 0) {
      h = k;
      churn_next = (churn_next + i + 1) % CHURN_MAX;
      break;
    }
  }
  if (!h) {
    cs.skipped++;
    return;
  }
  h->kind = cs.started++ % CH_KINDS;
  fd = socket (server_sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
      SOCK_CLOEXEC, 0);
  if (fd < 0 || bind_source (fd, 2) < 0 || (connect (fd,
              (struct sockaddr *) &server_sa, server_salen) < 0
          && errno != EINPROGRESS)) {
    if (fd >= 0)
      close (fd);
    cs.connect_errors++;
    return;
  }
  h->fd = fd;
  h->state = 1;
  h->head_len = 0;
  h->t_start = t;
  h->t_abort = t + CHURN_ANSWER_S;
  ev.events = EPOLLOUT;
  ev.data.ptr = h;
  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void
churn_event (Churn * h, uint32_t events, double t)
{
  char buf[4096];
  ssize_t n;

  if (h->state == 1) {
    const char *r = NULL;
    size_t len = 0;
    struct epoll_event ev;
    int err = 0;
    socklen_t el = sizeof (err);

    getsockopt (h->fd, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err) {
      cs.connect_errors++;
      churn_abort (h);
      cs.aborted--;
      return;
    }
    switch (h->kind) {
      case CH_ABORT:
        churn_abort (h);
        return;
      case CH_HALF:
        r = describe_req;
        len = describe_req_len / 2;
        h->t_abort = t + 0.2;
        break;
      case CH_DESCRIBE:
        r = describe_req;
        len = describe_req_len;
        break;
      case CH_BAD_LOGIN:
        r = describe_bad_req;
        len = describe_bad_req_len;
        break;
      default:
        r = churn_play_req;
        len = churn_play_req_len;
        break;
    }
    if (send (h->fd, r, len, MSG_NOSIGNAL) != (ssize_t) len) {
      cs.closed_early++;
      churn_abort (h);
      return;
    }
    h->state = 2;
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = h;
    epoll_ctl (epfd, EPOLL_CTL_MOD, h->fd, &ev);
    return;
  }
  n = recv (h->fd, buf, sizeof (buf), 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n <= 0) {
    if (h->head_len < 12 && h->kind != CH_HALF)
      cs.closed_early++;
    churn_abort (h);
    return;
  }
  if (h->head_len < 12) {
    size_t room = 12 - (size_t) h->head_len;
    size_t take = room < (size_t) n ? room : (size_t) n;

    memcpy (h->head + h->head_len, buf, take);
    h->head_len += take;
    if (h->head_len < 12)
      return;
    switch (atoi (h->head + 9)) {
      case 200:
        cs.status_200++;
        break;
      case 401:
        cs.status_401++;
        break;
      case 403:
        cs.status_403++;
        break;
      case 503:
        cs.status_503++;
        break;
      default:
        cs.status_other++;
        break;
    }
    if (h->kind == CH_PLAY && memcmp (h->head + 9, "200", 3) == 0) {
      /* read some of the stream, then abort */
      h->t_abort = t + 0.1 + (cs.started % 10) / 10.0;
      return;
    }
    churn_abort (h);
  }
}

/* aborts what is due; counts requests left unanswered */
static void
churn_tick (double t, int all)
{
  int i;

  for (i = 0; i < CHURN_MAX; i++) {
    Churn *h = &churn[i];

    if (h->state == 0 || (!all && t < h->t_abort))
      continue;
    if (!all && h->state == 1)
      cs.connect_timeouts++;
    else if (!all && h->head_len < 12 && h->kind != CH_HALF)
      cs.unanswered++;
    churn_abort (h);
  }
}

/* ------------------------------------------------------------------------ */
/* statistics */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  int n;
  double median, p90, min, max;
} Stat;

static Stat
stat_of (double *v, int n)
{
  Stat s = { n, NAN, NAN, NAN, NAN };

  if (n == 0)
    return s;
  qsort (v, n, sizeof (double), cmp_double);
  s.min = v[0];
  s.max = v[n - 1];
  s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s.p90 = v[(int) lround (0.9 * (n - 1))];
  return s;
}

static void
json_num (FILE * f, const char *key, double v, int last)
{
  if (isnan (v))
    fprintf (f, "\"%s\": null%s", key, last ? "" : ", ");
  else
    fprintf (f, "\"%s\": %.6g%s", key, v, last ? "" : ", ");
}

static void
json_stat_ms (FILE * f, const char *key, Stat s)
{
  fprintf (f, "\"%s\": {\"n\": %d, ", key, s.n);
  json_num (f, "median", s.median * 1000, 0);
  json_num (f, "p90", s.p90 * 1000, 0);
  json_num (f, "min", s.min * 1000, 0);
  json_num (f, "max", s.max * 1000, 1);
  fprintf (f, "}, ");
}

/* ------------------------------------------------------------------------ */

static void
usage (void)
{
  fprintf (stderr,
      "usage: wmload HOST PORT [-n N] [-t SECONDS] [--ramp SECONDS] "
      "[--mode mmsh|http|tcp]\n"
      "              [--warmup SECONDS] [--idle SECONDS] [--pid PID] "
      "[--json FILE]\n"
      "              [--connect-timeout SECONDS] [--path PATH] [--quiet]\n"
      "              [--stalled K] [--select ENTRIES]... "
      "[--auth USER:PASSWORD]\n"
      "              [--pausing K] [--kickable K] [--churn RATE] "
      "[--progress SECONDS]\n" "              [--sources K]\n");
  exit (2);
}

/* ENTRIES: "ffff:N:T ..." (N stream number 1..127, T thinning 0..2) */
static void
parse_selection (Selection * sel, const char *entries)
{
  const char *p = entries;

  if (strlen (entries) > MAX_SELECT_LEN || strpbrk (entries, "\r\n"))
    die ("--select: at most %d characters on one line", MAX_SELECT_LEN);
  sel->entries = entries;
  sel->count = 0;
  memset (sel->thinning, 2, sizeof (sel->thinning));
  while (*p) {
    unsigned src, num, thin;
    int used = 0;

    if (*p == ' ') {
      p++;
      continue;
    }
    if (sscanf (p, "%x:%u:%u%n", &src, &num, &thin, &used) != 3 || num < 1
        || num > 127 || thin > 2 || (p[used] != ' ' && p[used] != '\0'))
      die ("--select: bad entry in \"%s\" (want ffff:N:T ...)", entries);
    sel->thinning[num] = thin;
    sel->count++;
    p += used;
  }
  if (sel->count == 0)
    die ("--select: no entry in \"%s\"", entries);
}

static void
parse_args (int argc, char **argv)
{
  int i, pos = 0;

  args.n = 1;
  args.t = 10;
  args.warmup = 3;
  args.connect_timeout = 10;
  args.path = "/";
  args.mode = MODE_MMSH;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (usage (), ""))
    if (!strcmp (a, "-n"))
      args.n = atoi (NEXT ());
    else if (!strcmp (a, "-t"))
      args.t = atof (NEXT ());
    else if (!strcmp (a, "--ramp"))
      args.ramp = atof (NEXT ());
    else if (!strcmp (a, "--warmup"))
      args.warmup = atof (NEXT ());
    else if (!strcmp (a, "--idle"))
      args.idle = atof (NEXT ());
    else if (!strcmp (a, "--pid"))
      args.pid = atoi (NEXT ());
    else if (!strcmp (a, "--json"))
      args.json = NEXT ();
    else if (!strcmp (a, "--connect-timeout"))
      args.connect_timeout = atof (NEXT ());
    else if (!strcmp (a, "--path"))
      args.path = NEXT ();
    else if (!strcmp (a, "--quiet"))
      args.quiet = 1;
    else if (!strcmp (a, "--stalled"))
      args.stalled = atoi (NEXT ());
    else if (!strcmp (a, "--pausing"))
      args.pausing = atoi (NEXT ());
    else if (!strcmp (a, "--kickable"))
      args.kickable = atoi (NEXT ());
    else if (!strcmp (a, "--sources"))
      args.sources = atoi (NEXT ());
    else if (!strcmp (a, "--churn"))
      args.churn = atof (NEXT ());
    else if (!strcmp (a, "--progress"))
      args.progress = atof (NEXT ());
    else if (!strcmp (a, "--auth"))
      args.auth = NEXT ();
    else if (!strcmp (a, "--select")) {
      if (args.nsel == MAX_SELECT)
        die ("at most %d --select", MAX_SELECT);
      parse_selection (&selections[args.nsel++], NEXT ());
    } else if (!strcmp (a, "--mode")) {
      const char *m = NEXT ();
      if (!strcmp (m, "mmsh"))
        args.mode = MODE_MMSH;
      else if (!strcmp (m, "http"))
        args.mode = MODE_HTTP;
      else if (!strcmp (m, "tcp"))
        args.mode = MODE_TCP;
      else
        usage ();
    } else if (a[0] == '-')
      usage ();
    else if (pos == 0) {
      args.host = a;
      pos++;
    } else if (pos == 1) {
      args.port = atoi (a);
      pos++;
    } else
      usage ();
#undef NEXT
  }
  if (pos != 2 || args.port <= 0 || args.port > 65535)
    usage ();
  if (args.n < 1 || args.n > MAX_N || args.t <= 0 || args.t > MAX_T
      || args.ramp < 0 || args.ramp > MAX_RAMP || args.idle < 0
      || args.idle > 60 || args.connect_timeout <= 0
      || args.connect_timeout > 60)
    die ("need 1<=N<=%d, 0<T<=%.0f, 0<=RAMP<=%.0f, 0<=IDLE<=60", MAX_N, MAX_T,
        MAX_RAMP);
  if (args.stalled < 0 || args.stalled >= args.n)
    die ("need 0<=K<N for --stalled K");
  if (args.pausing < 0 || args.kickable < 0
      || (long) args.stalled + args.pausing + args.kickable >= args.n)
    die ("need --stalled + --pausing + --kickable < N");
  if (args.sources < 0 || args.sources > 100)
    die ("--sources is 0..100");
  if (args.churn < 0 || args.churn > 1000 || args.progress < 0)
    die ("need 0 <= churn RATE <= 1000 and progress SECONDS >= 0");
  if ((args.pausing || args.kickable || args.churn > 0)
      && args.mode != MODE_MMSH)
    die ("--pausing, --kickable and --churn need --mode mmsh");
  if (args.auth && (strlen (args.auth) > 200 || !strchr (args.auth, ':')
          || strpbrk (args.auth, "\r\n")))
    die ("--auth USER:PASSWORD");
  if (args.nsel > 0 && args.mode != MODE_MMSH)
    die ("--select needs --mode mmsh");
  if (args.warmup > args.t / 2)
    args.warmup = args.t / 2;
}

static void
resolve_loopback (void)
{
  struct sockaddr_in *s4 = (struct sockaddr_in *) &server_sa;
  struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &server_sa;

  memset (&server_sa, 0, sizeof (server_sa));
  if (inet_pton (AF_INET, args.host, &s4->sin_addr) == 1) {
    if ((ntohl (s4->sin_addr.s_addr) >> 24) != 127)
      die ("HOST must be a loopback address (127.0.0.0/8 or ::1)");
    s4->sin_family = AF_INET;
    s4->sin_port = htons (args.port);
    server_salen = sizeof (*s4);
  } else if (inet_pton (AF_INET6, args.host, &s6->sin6_addr) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK (&s6->sin6_addr))
      die ("HOST must be a loopback address (127.0.0.0/8 or ::1)");
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons (args.port);
    server_salen = sizeof (*s6);
  } else {
    die ("HOST must be a literal loopback address (127.0.0.0/8 or ::1)");
  }
}

int
main (int argc, char **argv)
{
  struct epoll_event events[1024];
  double t0, t_load0, deadline, next_tick = 0, next_sample = 0, t;
  double next_progress = 0;
  double t_end, t_win, t_win0 = NAN, t_stop = NAN;
  double idle_cpu = NAN, idle_wall = NAN, cpu0 = NAN, cpu1 = NAN;
  double cpu_w0 = NAN, self_w0 = NAN;
  double self0, self1 = NAN, sys0, sys1 = NAN;
  long rss_idle = -1, rss_max = -1, rss_end = -1, hwm = -1;
  int next_start = 0, active, i;
  struct rlimit rl;

  setvbuf (stdout, NULL, _IOLBF, 0);
  parse_args (argc, argv);
  resolve_loopback ();
  clk_tck = sysconf (_SC_CLK_TCK);
  build_requests ();

  getrlimit (RLIMIT_NOFILE, &rl);
  {
    rlim_t want = (rlim_t) args.n + 64 + (args.churn > 0 ? CHURN_MAX : 0);

    if (rl.rlim_cur < want) {
      rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
      setrlimit (RLIMIT_NOFILE, &rl);
    }
  }
  if (rl.rlim_cur < (rlim_t) args.n + 16 + (args.churn > 0 ? CHURN_MAX : 0))
    die ("RLIMIT_NOFILE %lu too low for %d clients (ulimit -n)",
        (unsigned long) rl.rlim_cur, args.n);

  clients = calloc (args.n, sizeof (Client));
  rbuf = malloc (RECV_BUF);
  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (!clients || !rbuf || epfd < 0)
    die ("setup failed");
  for (i = 0; i < args.n; i++) {
    clients[i].fd = -1;
    clients[i].t_sched = args.ramp * i / args.n;
    clients[i].sel = args.nsel > 0 ? i % args.nsel : 0;
    /* --stalled K: K clients spread evenly over the N */
    clients[i].stalled = args.stalled > 0
        && (long) i *args.stalled / args.n
        != (long) (i + 1) * args.stalled / args.n;
  }
  /* --pausing K, then --kickable K: spread evenly over the clients left */
  {
    int *rest = malloc (args.n * sizeof (int)), m = 0, k, j;

    for (i = 0; i < args.n; i++)
      if (!clients[i].stalled)
        rest[m++] = i;
    for (j = 0, k = 0; j < m && args.pausing > 0; j++)
      if ((long) j * args.pausing / m != (long) (j + 1) * args.pausing / m) {
        clients[rest[j]].pausing = 1;
        k++;
      }
    for (i = 0, m = 0; i < args.n; i++)
      if (!clients[i].stalled && !clients[i].pausing)
        rest[m++] = i;
    for (j = 0; j < m && args.kickable > 0; j++)
      if ((long) j * args.kickable / m != (long) (j + 1) * args.kickable / m)
        clients[rest[j]].kickable = 1;
    free (rest);
  }

  /* the server's idle cost */
  if (args.pid) {
    double c0, c1, w0;

    if (read_proc_cpu (args.pid, &c0) < 0)
      die ("cannot read /proc/%d/stat", args.pid);
    w0 = now ();
    if (args.idle > 0) {
      struct timespec ts = { (time_t) args.idle,
        (long) ((args.idle - (time_t) args.idle) * 1e9)
      };
      nanosleep (&ts, NULL);
      read_proc_cpu (args.pid, &c1);
      idle_wall = now () - w0;
      idle_cpu = c1 - c0;
    }
    rss_idle = read_proc_status_kb (args.pid, "VmRSS");
    rss_max = rss_idle;
    read_proc_cpu (args.pid, &cpu0);
  }

  self0 = self_cpu ();
  sys0 = system_busy ();
  t0 = t_load0 = now ();
  /* every client reads until the same end, SECONDS after the last start */
  t_end = t0 + args.ramp + args.t;
  t_win = t0 + args.ramp + args.warmup;
  deadline = t_end + 5;
  for (;;) {
    int n, timeout_ms;

    t = now ();
    if (!win_started && t >= t_win) {
      win_started = 1;
      t_win0 = t;
      self_w0 = self_cpu ();
      if (args.pid)
        read_proc_cpu (args.pid, &cpu_w0);
    }
    if (t >= t_end && isnan (t_stop)) {
      /* sample before closing the clients */
      ending = 1;
      churn_tick (t, 1);
      t_stop = t;
      if (args.pid)
        read_proc_cpu (args.pid, &cpu1);
      self1 = self_cpu ();
      sys1 = system_busy ();
      for (i = 0; i < args.n; i++) {
        Client *c = &clients[i];

        if (c->phase == PH_PLAY_READ)
          client_finish (c, OUT_OK, t);
        else if (c->phase != PH_DONE)
          client_finish (c, OUT_CONNECT_TIMEOUT, t);
      }
      break;
    }
    /* start the clients whose time has come */
    while (next_start < args.n && clients[next_start].t_sched <= t - t0) {
      client_start (&clients[next_start], t);
      next_start++;
    }
    /* --churn: RATE connections a second, from the start to the end */
    if (args.churn > 0 && t < t_end) {
      int k = 0;

      while (cs.started + cs.skipped < (uint64_t) ((t - t0) * args.churn)
          && k++ < 100)
        churn_start (t);
    }
    if (t >= next_tick) {
      /* ends, timeouts */
      active = 0;
      if (args.churn > 0)
        churn_tick (t, 0);
      for (i = 0; i < next_start; i++) {
        Client *c = &clients[i];

        if (c->phase == PH_DONE)
          continue;
        if (c->phase == PH_WAIT && c->t_restart > 0 && t >= c->t_restart)
          client_restart (c, t);
        if (c->pausing && c->phase == PH_PLAY_READ && c->fd >= 0) {
          static const double pause_s[] = { 3, 12, 25 };
          struct epoll_event ev;

          if (c->t_toggle == 0) {
            c->t_toggle = t + 5 + i % 10;
          } else if (t >= c->t_toggle) {
            ev.events = c->paused ? EPOLLIN | EPOLLRDHUP : 0;
            ev.data.ptr = c;
            epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
            if (c->paused) {
              c->t_toggle = t + 10;
            } else {
              c->pauses++;
              c->t_toggle = t + pause_s[c->pause_cycle++ % 3];
            }
            c->paused = !c->paused;
          }
        }
        if ((c->phase == PH_DESC_CONNECT || c->phase == PH_DESC_READ)
            && t - c->t_desc > args.connect_timeout)
          client_finish (c, OUT_CONNECT_TIMEOUT, t);
        else if (c->phase == PH_PLAY_CONNECT
            && t - c->t_play > args.connect_timeout)
          client_finish (c, OUT_CONNECT_TIMEOUT, t);
        else
          active++;
      }
      if (active == 0 && next_start == args.n && isnan (t_stop)) {
        /* every client failed early */
        t_stop = t;
        if (args.pid)
          read_proc_cpu (args.pid, &cpu1);
        self1 = self_cpu ();
        sys1 = system_busy ();
        break;
      }
      if (t > deadline) {
        ending = 1;
        churn_tick (t, 1);
        for (i = 0; i < args.n; i++)
          if (clients[i].phase != PH_DONE)
            client_finish (&clients[i], OUT_DEADLINE, t);
        break;
      }
      next_tick = t + 0.01;
    }
    if (args.progress > 0 && t >= next_progress) {
      int reading = 0, paused = 0;
      uint32_t rec = 0;

      for (i = 0; i < next_start; i++) {
        reading += clients[i].phase == PH_PLAY_READ;
        paused += clients[i].paused;
        rec += clients[i].reconnects;
      }
      printf ("[%.0f s] reading %d (paused %d), reconnects %u; churn started "
          "%llu: 200 %llu, 401 %llu, 403 %llu, 503 %llu, unanswered %llu, "
          "connect timeouts %llu\n", t - t0, reading, paused, rec,
          (unsigned long long) cs.started, (unsigned long long) cs.status_200,
          (unsigned long long) cs.status_401,
          (unsigned long long) cs.status_403,
          (unsigned long long) cs.status_503,
          (unsigned long long) cs.unanswered,
          (unsigned long long) cs.connect_timeouts);
      next_progress = t + args.progress;
    }
    if (args.pid && t >= next_sample) {
      long rss = read_proc_status_kb (args.pid, "VmRSS");

      if (rss > rss_max)
        rss_max = rss;
      next_sample = t + 0.5;
    }
    timeout_ms = (int) ((next_tick - t) * 1000) + 1;
    if (t_end - t < 0.01)
      timeout_ms = (int) ((t_end - t) * 1000) + 1;
    if (next_start < args.n) {
      double ds = clients[next_start].t_sched - (t - t0);
      int ms = ds > 0 ? (int) (ds * 1000) : 0;

      if (ms < timeout_ms)
        timeout_ms = ms;
    }
    n = epoll_wait (epfd, events, 1024, timeout_ms);
    if (n < 0 && errno != EINTR)
      die ("epoll_wait: %s", strerror (errno));
    if (n > 0) {
      t = now ();
      for (i = 0; i < n; i++) {
        Client *c = events[i].data.ptr;

        if (is_churn (c)) {
          if (((Churn *) c)->state != 0)
            churn_event ((Churn *) c, events[i].events, t);
        } else if (c->phase != PH_DONE && c->fd >= 0)
          on_event (c, events[i].events, t);
      }
    }
  }
  if (isnan (t_stop)) {
    t_stop = now ();
    if (args.pid)
      read_proc_cpu (args.pid, &cpu1);
    self1 = self_cpu ();
    sys1 = system_busy ();
  }
  if (args.pid) {
    rss_end = read_proc_status_kb (args.pid, "VmRSS");
    hwm = read_proc_status_kb (args.pid, "VmHWM");
  }

  /* ---- results ---- */
  {
    double wall = t_stop - t_load0;
    double win_wall = win_started ? t_stop - t_win0 : NAN;
    double win_cpu = NAN, win_cpu_per_gb = NAN;
    double *v_fd = calloc (args.n, sizeof (double));
    double *v_fk = calloc (args.n, sizeof (double));
    double *v_fkf = calloc (args.n, sizeof (double));
    double *v_sk = calloc (args.n, sizeof (double));
    double *v_sd = calloc (args.n, sizeof (double));
    double *v_fb = calloc (args.n, sizeof (double));
    double *v_desc = calloc (args.n, sizeof (double));
    double *v_rate = calloc (args.n, sizeof (double));
    double *v_prog = calloc (args.n, sizeof (double));
    double *v_sel = calloc (args.n, sizeof (double));
    uint8_t *is_full = calloc (args.n, 1);
    /* --select: per selection */
    uint64_t sel_bytes[MAX_SELECT] = { 0 };
    int sel_clients[MAX_SELECT] = { 0 }, sel_full[MAX_SELECT] = { 0 };
    int sel_framing[MAX_SELECT] = { 0 };
    Stat sel_rate[MAX_SELECT];
    int nfkf = 0, nsk = 0, nsd = 0;
    uint64_t false_keys = 0;
    int nfd = 0, nfk = 0, nfb = 0, ndesc = 0, nrate = 0, nprog = 0;
    /* the honest clients' longest wait between packets; the others' counts */
    double *v_gap = calloc (args.n, sizeof (double));
    int ngap = 0, honest = 0, n_pausing = 0, n_kickable = 0;
    uint64_t p_pauses = 0, p_reconnects = 0, k_reconnects = 0, p_bytes = 0;
    uint64_t p_closes[OUT_COUNT] = { 0 }, k_closes[OUT_COUNT] = { 0 };
    Stat s_gap;
    int outcomes[OUT_COUNT] = { 0 };
    int full = 0, got_data = 0, connected = 0, no_data = 0, framing = 0;
    uint64_t total = 0, packets = 0, seq_gaps = 0, asf_err = 0, midh = 0,
        midh_noc = 0;
    /* the ASF packet size the clients' headers gave (the push case checks
     * that it is the local case's) */
    uint32_t pkt_min = 0, pkt_max = 0;
    Stat s_fkf, s_sk, s_sd;
    Stat s_fd, s_fk, s_fb, s_desc, s_rate, s_prog;
    double server_cpu = NAN, server_net = NAN, cpu_per_gb = NAN;
    FILE *f;

    for (i = 0; i < args.n; i++) {
      Client *c = &clients[i];
      double prog = NAN, steady_dur;
      /* the player's whole start counts from its first connect() (the
       * describe's in mmsh mode) */
      double t_start = c->t_desc > 0 ? c->t_desc : c->t_play;

      if (c->stalled)
        continue;               /* only there to be held by the server */
      if (c->pausing || c->kickable) {
        int o;

        for (o = 0; o < OUT_COUNT; o++)
          (c->pausing ? p_closes : k_closes)[o] += c->closes[o];
        if (c->pausing) {
          n_pausing++;
          p_pauses += c->pauses;
          p_reconnects += c->reconnects;
          p_bytes += c->bytes;
        } else {
          n_kickable++;
          k_reconnects += c->reconnects;
        }
        continue;
      }
      honest++;
      if (c->last_pkt_t > 0)
        v_gap[ngap++] = c->max_gap;
      outcomes[c->outcome]++;
      total += c->bytes;
      packets += c->packets;
      seq_gaps += c->seq_gaps;
      asf_err += c->asf_errors;
      midh += c->mid_headers;
      midh_noc += c->mid_headers_no_c;
      if (c->pkt_size) {
        if (!pkt_min || c->pkt_size < pkt_min)
          pkt_min = c->pkt_size;
        if (c->pkt_size > pkt_max)
          pkt_max = c->pkt_size;
      }
      if (c->outcome == OUT_FRAMING)
        framing++;
      if (c->body && c->t_play > 0)
        connected++;
      if (c->t_desc_done > 0)
        v_desc[ndesc++] = c->t_desc_done - c->t_desc;
      if (c->t_first_byte > 0)
        v_fb[nfb++] = c->t_first_byte - c->t_play;
      if (c->t_first_data > 0) {
        got_data++;
        v_fd[nfd++] = c->t_first_data - c->t_play;
        v_sd[nsd++] = c->t_first_data - t_start;
      } else if (c->body) {
        no_data++;
      }
      if (c->t_first_key > 0) {
        v_fk[nfk++] = c->t_first_key - c->t_play;
        v_sk[nsk++] = c->t_first_key - t_start;
      }
      if (c->t_first_keyflag > 0)
        v_fkf[nfkf++] = c->t_first_keyflag - c->t_play;
      false_keys += c->false_keys;
      steady_dur = c->t_end - c->t_steady;
      if (c->t_play > 0 && steady_dur > 0.5) {
        v_rate[nrate++] = c->steady_bytes * 8.0 / steady_dur / 1000.0;
      }
      /* media time over the wall time between the first and the last data
       * of the steady window (not to its end: a write a second carries a
       * second of media), and no gap at the end */
      if (c->st_have0 && c->st_wall1 - c->st_wall0 > 0.5) {
        prog = ((double) (uint32_t) (c->st1 - c->st0) / 1000.0) /
            (c->st_wall1 - c->st_wall0);
        if (c->t_end - c->st_wall1 > FULL_RATE_MAX_GAP)
          prog = 0;
        v_prog[nprog++] = prog;
      }
      if (c->outcome == OUT_OK && c->t_first_data > 0 && c->seq_gaps == 0
          && !isnan (prog) && prog >= FULL_RATE_RATIO) {
        full++;
        is_full[i] = 1;
      }
      sel_clients[c->sel]++;
      sel_bytes[c->sel] += c->bytes;
      sel_full[c->sel] += is_full[i];
      sel_framing[c->sel] += c->outcome == OUT_FRAMING;
    }
    for (i = 0; i < args.nsel; i++) {
      int k, nv = 0;

      for (k = 0; k < args.n; k++) {
        Client *c = &clients[k];
        double d = c->t_end - c->t_steady;

        if (!c->stalled && !c->pausing && !c->kickable && c->sel == i
            && c->t_play > 0 && d > 0.5)
          v_sel[nv++] = c->steady_bytes * 8.0 / d / 1000.0;
      }
      sel_rate[i] = stat_of (v_sel, nv);
    }
    s_fd = stat_of (v_fd, nfd);
    s_fk = stat_of (v_fk, nfk);
    s_fkf = stat_of (v_fkf, nfkf);
    s_sk = stat_of (v_sk, nsk);
    s_sd = stat_of (v_sd, nsd);
    s_fb = stat_of (v_fb, nfb);
    s_desc = stat_of (v_desc, ndesc);
    s_rate = stat_of (v_rate, nrate);
    s_prog = stat_of (v_prog, nprog);
    s_gap = stat_of (v_gap, ngap);

    if (args.pid && !isnan (cpu0) && !isnan (cpu1)) {
      server_cpu = cpu1 - cpu0;
      server_net = server_cpu;
      if (!isnan (idle_cpu) && idle_wall > 0)
        server_net -= idle_cpu / idle_wall * wall;
      if (total > 0)
        cpu_per_gb = server_net / (total / 1e9);
      if (win_started && !isnan (cpu_w0)) {
        win_cpu = cpu1 - cpu_w0;
        if (!isnan (idle_cpu) && idle_wall > 0)
          win_cpu -= idle_cpu / idle_wall * win_wall;
        if (win_bytes > 0)
          win_cpu_per_gb = win_cpu / (win_bytes / 1e9);
      }
    }

    if (!args.quiet) {
      printf ("mode=%s N=%d T=%.0fs ramp=%.0fs wall=%.1fs: full-rate %d, "
          "got data %d, refused %d, no data %d, framing errors %d\n",
          args.mode == MODE_MMSH ? "mmsh" : args.mode == MODE_HTTP ? "http" :
          "tcp", args.n, args.t, args.ramp, wall, full, got_data,
          outcomes[OUT_REFUSED], no_data, framing);
      printf ("outcomes:");
      for (i = 1; i < OUT_COUNT; i++)
        if (outcomes[i])
          printf (" %s=%d", outcome_names[i], outcomes[i]);
      printf ("\nbytes=%llu (%.1f MB/s) per-client steady kbit/s median %.0f "
          "min %.0f; media progress median %.3f min %.3f\n",
          (unsigned long long) total, total / wall / 1e6, s_rate.median,
          s_rate.min, s_prog.median, s_prog.min);
      printf ("first $D ms median %.1f p90 %.1f max %.1f; first key ms "
          "median %.1f p90 %.1f max %.1f (%d clients)\n", s_fd.median * 1000,
          s_fd.p90 * 1000, s_fd.max * 1000, s_fk.median * 1000,
          s_fk.p90 * 1000, s_fk.max * 1000, s_fk.n);
      printf ("start (describe connect to first $D) ms median %.1f p90 "
          "%.1f; start to first key ms median %.1f p90 %.1f max %.1f\n",
          s_sd.median * 1000, s_sd.p90 * 1000, s_sk.median * 1000,
          s_sk.p90 * 1000, s_sk.max * 1000);
      printf ("first key flag ms median %.1f; key-flagged P frames seen "
          "before the first I frame: %llu\n", s_fkf.median * 1000,
          (unsigned long long) false_keys);
      printf ("seq gaps %llu, ASF packet errors %llu, mid-stream $H %llu "
          "(without $C %llu), ASF packet size %u-%u\n",
          (unsigned long long) seq_gaps, (unsigned long long) asf_err,
          (unsigned long long) midh, (unsigned long long) midh_noc, pkt_min,
          pkt_max);
      for (i = 0; i < args.nsel; i++)
        printf ("selection %d \"%s\": %d clients, full-rate %d, framing "
            "errors %d, bytes=%llu, per-client steady kbit/s median %.0f "
            "min %.0f max %.0f\n", i, selections[i].entries, sel_clients[i],
            sel_full[i], sel_framing[i], (unsigned long long) sel_bytes[i],
            sel_rate[i].median, sel_rate[i].min, sel_rate[i].max);
      if (args.pausing || args.kickable || args.churn > 0) {
        int o;

        printf ("honest clients %d: full-rate %d; longest wait between packets"
            " s median %.2f max %.2f\n", honest, full, s_gap.median, s_gap.max);
        printf ("pausing %d: pauses %llu, reconnects %llu, bytes %llu, closed:",
            n_pausing, (unsigned long long) p_pauses,
            (unsigned long long) p_reconnects, (unsigned long long) p_bytes);
        for (o = 1; o < OUT_COUNT; o++)
          if (p_closes[o])
            printf (" %s=%llu", outcome_names[o],
                (unsigned long long) p_closes[o]);
        printf ("\nkickable %d: reconnects %llu, closed:", n_kickable,
            (unsigned long long) k_reconnects);
        for (o = 1; o < OUT_COUNT; o++)
          if (k_closes[o])
            printf (" %s=%llu", outcome_names[o],
                (unsigned long long) k_closes[o]);
        printf ("\nchurn: started %llu, skipped %llu, connect errors %llu, "
            "connect timeouts %llu, status 200 %llu, 401 %llu, 403 %llu, "
            "503 %llu, other %llu, closed before a status %llu, unanswered "
            "%llu\n", (unsigned long long) cs.started,
            (unsigned long long) cs.skipped,
            (unsigned long long) cs.connect_errors,
            (unsigned long long) cs.connect_timeouts,
            (unsigned long long) cs.status_200,
            (unsigned long long) cs.status_401,
            (unsigned long long) cs.status_403,
            (unsigned long long) cs.status_503,
            (unsigned long long) cs.status_other,
            (unsigned long long) cs.closed_early,
            (unsigned long long) cs.unanswered);
      }
      if (args.pid)
        printf ("server: cpu %.2fs (idle %.3f s/s), net %.2fs, %.3f s/GB; "
            "steady window %.1fs: net %.2fs, %.3f s/GB; RSS idle %ld kB max "
            "%ld kB\n", server_cpu, idle_wall > 0 ? idle_cpu / idle_wall : NAN,
            server_net, cpu_per_gb, win_wall, win_cpu, win_cpu_per_gb,
            rss_idle, rss_max);
      printf ("wmload cpu %.2fs (%.1f%% of one core); machine busy %.2f "
          "CPU-s, of which others %.2f\n", self1 - self0,
          100 * (self1 - self0) / wall, sys1 - sys0, sys1 - sys0 -
          (self1 - self0) - (isnan (server_cpu) ? 0 : server_cpu));
    }

    if (args.json) {
      f = fopen (args.json, "w");
      if (!f)
        die ("cannot write %s", args.json);
      fprintf (f, "{\"mode\": \"%s\", \"clients\": %d, \"seconds\": %g, "
          "\"ramp\": %g, \"warmup\": %g, \"stalled\": %d, ",
          args.mode == MODE_MMSH ? "mmsh" : args.mode == MODE_HTTP ? "http" :
          "tcp", args.n, args.t, args.ramp, args.warmup, args.stalled);
      json_num (f, "wall_s", wall, 0);
      fprintf (f, "\"full_rate\": %d, \"got_data\": %d, \"connected\": %d, "
          "\"no_data\": %d, \"framing_errors\": %d, ", full, got_data,
          connected, no_data, framing);
      fprintf (f, "\"outcomes\": {");
      for (i = 1; i < OUT_COUNT; i++)
        fprintf (f, "\"%s\": %d%s", outcome_names[i], outcomes[i],
            i + 1 < OUT_COUNT ? ", " : "");
      fprintf (f, "}, \"bytes\": %llu, \"packets\": %llu, \"seq_gaps\": %llu, "
          "\"asf_packet_errors\": %llu, \"midstream_headers\": %llu, "
          "\"midstream_headers_without_C\": %llu, "
          "\"packet_size\": {\"min\": %u, \"max\": %u}, ",
          (unsigned long long) total, (unsigned long long) packets,
          (unsigned long long) seq_gaps, (unsigned long long) asf_err,
          (unsigned long long) midh, (unsigned long long) midh_noc, pkt_min,
          pkt_max);
      json_stat_ms (f, "first_data_ms", s_fd);
      json_stat_ms (f, "first_key_ms", s_fk);
      json_stat_ms (f, "first_keyflag_ms", s_fkf);
      json_stat_ms (f, "start_data_ms", s_sd);
      json_stat_ms (f, "start_key_ms", s_sk);
      fprintf (f, "\"false_key_flags\": %llu, \"video_wmv2\": %d, ",
          (unsigned long long) false_keys, clients[0].video_wmv2);
      fprintf (f, "\"selections\": [");
      for (i = 0; i < args.nsel; i++) {
        fprintf (f, "{\"entries\": \"%s\", \"clients\": %d, "
            "\"full_rate\": %d, \"framing_errors\": %d, \"bytes\": %llu, "
            "\"rate_kbps\": {", selections[i].entries, sel_clients[i],
            sel_full[i], sel_framing[i], (unsigned long long) sel_bytes[i]);
        json_num (f, "median", sel_rate[i].median, 0);
        json_num (f, "min", sel_rate[i].min, 0);
        json_num (f, "max", sel_rate[i].max, 1);
        fprintf (f, "}}%s", i + 1 < args.nsel ? ", " : "");
      }
      fprintf (f, "], ");
      json_stat_ms (f, "first_byte_ms", s_fb);
      json_stat_ms (f, "describe_ms", s_desc);
      fprintf (f, "\"rate_kbps\": {");
      json_num (f, "median", s_rate.median, 0);
      json_num (f, "min", s_rate.min, 0);
      json_num (f, "max", s_rate.max, 1);
      fprintf (f, "}, \"media_progress\": {");
      json_num (f, "median", s_prog.median, 0);
      json_num (f, "min", s_prog.min, 1);
      fprintf (f, "}, ");
      json_num (f, "self_cpu_s", self1 - self0, 0);
      json_num (f, "steady_wall_s", win_wall, 0);
      fprintf (f, "\"steady_bytes\": %llu, ", (unsigned long long) win_bytes);
      json_num (f, "steady_self_cpu_s", win_started ? self1 - self_w0 : NAN, 0);
      /* everything else running on the machine meanwhile */
      json_num (f, "system_busy_s", sys1 - sys0, 0);
      json_num (f, "other_cpu_s", sys1 - sys0 - (self1 - self0) -
          (isnan (server_cpu) ? 0 : server_cpu), 0);
      if (args.pid) {
        fprintf (f, "\"server\": {\"pid\": %d, ", args.pid);
        json_num (f, "cpu_s", server_cpu, 0);
        json_num (f, "idle_cpu_s", idle_cpu, 0);
        json_num (f, "idle_wall_s", idle_wall, 0);
        json_num (f, "net_cpu_s", server_net, 0);
        json_num (f, "cpu_s_per_gb", cpu_per_gb, 0);
        json_num (f, "steady_net_cpu_s", win_cpu, 0);
        json_num (f, "steady_cpu_s_per_gb", win_cpu_per_gb, 0);
        fprintf (f, "\"rss_kb_idle\": %ld, \"rss_kb_max\": %ld, "
            "\"rss_kb_end\": %ld, \"hwm_kb\": %ld}, ", rss_idle, rss_max,
            rss_end, hwm);
      }
      fprintf (f, "\"honest\": %d, ", honest);
      json_num (f, "max_gap_s_median", s_gap.median, 0);
      json_num (f, "max_gap_s_max", s_gap.max, 0);
      fprintf (f, "\"pausing\": {\"clients\": %d, \"pauses\": %llu, "
          "\"reconnects\": %llu, \"bytes\": %llu, \"closed\": {", n_pausing,
          (unsigned long long) p_pauses, (unsigned long long) p_reconnects,
          (unsigned long long) p_bytes);
      for (i = 1; i < OUT_COUNT; i++)
        fprintf (f, "\"%s\": %llu%s", outcome_names[i],
            (unsigned long long) p_closes[i], i + 1 < OUT_COUNT ? ", " : "");
      fprintf (f, "}}, \"kickable\": {\"clients\": %d, \"reconnects\": %llu, "
          "\"closed\": {", n_kickable, (unsigned long long) k_reconnects);
      for (i = 1; i < OUT_COUNT; i++)
        fprintf (f, "\"%s\": %llu%s", outcome_names[i],
            (unsigned long long) k_closes[i], i + 1 < OUT_COUNT ? ", " : "");
      fprintf (f, "}}, \"churn\": {\"rate\": %g, \"started\": %llu, "
          "\"skipped\": %llu, \"connect_errors\": %llu, "
          "\"connect_timeouts\": %llu, \"status_200\": %llu, "
          "\"status_401\": %llu, \"status_403\": %llu, \"status_503\": %llu, "
          "\"status_other\": %llu, \"closed_early\": %llu, "
          "\"unanswered\": %llu}, ", args.churn,
          (unsigned long long) cs.started, (unsigned long long) cs.skipped,
          (unsigned long long) cs.connect_errors,
          (unsigned long long) cs.connect_timeouts,
          (unsigned long long) cs.status_200,
          (unsigned long long) cs.status_401,
          (unsigned long long) cs.status_403,
          (unsigned long long) cs.status_503,
          (unsigned long long) cs.status_other,
          (unsigned long long) cs.closed_early,
          (unsigned long long) cs.unanswered);
      json_num (f, "load_wall_s", wall, 1);
      fprintf (f, "}\n");
      fclose (f);
    }
    return (full == honest && framing == 0) ? 0 : 1;
  }
}
