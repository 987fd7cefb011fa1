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

/* Hostile clients (docs/design.md, D12 and D13: everything a client can
 * send is bad input). A corpus of malformed and malicious requests, sent
 * all at once to one live broadcast while a real FFmpeg player and a raw
 * player watch; 2,000 connections aborted in every way we know; 1,000
 * players arriving in the same second. Raw non-blocking POSIX sockets on
 * loopback, and every wait has a bound. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "wmnettestleaks.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

/* The server closes a connection without a complete request head after
 * 5 s (REQUEST_TIMEOUT_S): every case is settled well within this. */
#define CASE_BOUND_MS 8000
/* Body bytes a streaming response must deliver before we call it good: a
 * video-only selection of the test broadcast is a few KB/s, written every
 * few windows once its first preroll is over (D49). */
#define STREAM_WANT (16 * 1024)

/* The requests of real players, byte for byte (docs/design.md, "What real
 * clients send and expect"). */
#define FFMPEG_DESCRIBE \
  "GET / HTTP/1.1\r\nRange: bytes=0-\r\nIcy-MetaData: 1\r\nAccept: */*\r\n" \
  "User-Agent: NSPlayer/4.1.0.3856\r\nHost: 127.0.0.1:18080\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0," \
  "request-context=1,max-duration=0\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Connection: Close\r\n\r\n"
#define FFMPEG_PLAY \
  "GET / HTTP/1.1\r\nRange: bytes=0-\r\nConnection: close\r\n" \
  "Icy-MetaData: 1\r\nAccept: */*\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Host: 127.0.0.1:18080\r\n" WMNET_TEST_FFMPEG_PLAY_PRAGMAS
#define VLC_DESCRIBE \
  "GET / HTTP/1.0\r\nHost: 127.0.0.1:18080\r\nAccept: */*\r\n" \
  "User-Agent: NSPlayer/7.10.0.3059\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0," \
  "request-context=1,max-duration=0\r\n" \
  "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n" \
  "Connection: Close\r\n\r\n"
#define VLC_PLAY \
  "GET / HTTP/1.0\r\nHost: 127.0.0.1:18080\r\nAccept: */*\r\n" \
  "User-Agent: NSPlayer/7.10.0.3059\r\n" \
  "Pragma: no-cache,rate=1.000000,request-context=2\r\n" \
  "Pragma: xPlayStrm=1\r\n" \
  "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n" \
  "Pragma: stream-switch-count=2\r\n" \
  "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 \r\n" \
  "Connection: Close\r\n\r\n"
#define MPLAYER_DESCRIBE \
  "GET / HTTP/1.0\r\nAccept: */*\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Host: 127.0.0.1:18080\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0," \
  "request-context=1,max-duration=0\r\n" \
  "Connection: Close\r\n\r\n"
#define MPLAYER_PLAY \
  "GET / HTTP/1.0\r\nAccept: */*\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Host: 127.0.0.1:18080\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0," \
  "request-context=2,max-duration=0\r\n" \
  "Pragma: xPlayStrm=1\r\n" \
  "Pragma: stream-switch-entry=ffff:2:0 ffff:1:0 \r\n" \
  "Pragma: stream-switch-count=2\r\n" \
  "Connection: Close\r\n\r\n"
#define CURL_GET \
  "GET / HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nUser-Agent: curl/7.88.1\r\n" \
  "Accept: */*\r\n\r\n"

#define NSPLAYER_UA "User-Agent: NSPlayer/4.1.0.3856\r\n"

static const guint8 asf_header_guid[16] = {
  0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
  0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c
};

/* ------------------------------------------------------------------------ */
/* helpers */

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static void
raise_fd_limit (rlim_t want)
{
  struct rlimit rl;

  fail_unless (getrlimit (RLIMIT_NOFILE, &rl) == 0);
  if (rl.rlim_cur < want) {
    rl.rlim_cur = MIN (want, rl.rlim_max);
    fail_unless (setrlimit (RLIMIT_NOFILE, &rl) == 0, "setrlimit: %s",
        g_strerror (errno));
  }
  fail_unless (rl.rlim_cur >= 4096, "RLIMIT_NOFILE hard limit %lu < 4096",
      (gulong) rl.rlim_max);
}

static struct sockaddr_in
loopback (guint port)
{
  struct sockaddr_in sa;

  memset (&sa, 0, sizeof (sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons (port);
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  return sa;
}

/* A non-blocking connect; completion shows as POLLOUT + SO_ERROR. */
static int
connect_nb (guint port)
{
  struct sockaddr_in sa = loopback (port);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  fail_unless (fd >= 0, "socket: %s", g_strerror (errno));
  if (connect (fd, (struct sockaddr *) &sa, sizeof (sa)) < 0
      && errno != EINPROGRESS)
    fail ("connect: %s", g_strerror (errno));
  return fd;
}

/* A blocking connection with 5 s send and receive timeouts. */
static int
connect_blocking (guint port)
{
  struct sockaddr_in sa = loopback (port);
  struct timeval tv = { 5, 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof (tv));
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof (tv));
  if (connect (fd, (struct sockaddr *) &sa, sizeof (sa)) < 0) {
    close (fd);
    return -1;
  }
  return fd;
}

static gboolean
send_all (int fd, const gchar * data, gsize len)
{
  while (len > 0) {
    gssize n = send (fd, data, len, MSG_NOSIGNAL);

    if (n <= 0)
      return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}

/* Closes with a reset instead of a FIN. */
static void
close_rst (int fd)
{
  struct linger l = { 1, 0 };

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &l, sizeof (l));
  close (fd);
}

static gssize
find_head_end (const guint8 * data, gsize len)
{
  gsize i;

  for (i = 0; i + 3 < len; i++)
    if (memcmp (data + i, "\r\n\r\n", 4) == 0)
      return i + 4;
  return -1;
}

/* Value of header @name in a response head, or NULL. */
static gchar *
head_get (const gchar * head, const gchar * name)
{
  gchar **lines = g_strsplit (head, "\r\n", -1);
  gsize nl = strlen (name);
  gchar *ret = NULL;
  guint i;

  for (i = 1; lines[i] && !ret; i++)
    if (g_ascii_strncasecmp (lines[i], name, nl) == 0 && lines[i][nl] == ':')
      ret = g_strstrip (g_strdup (lines[i] + nl + 1));
  g_strfreev (lines);
  return ret;
}

/* Walks MS-WMSP chunks: the first must be a $H carrying an ASF header, the
 * rest $D with consecutive LocationIds. A trailing partial chunk is fine.
 * Returns NULL or what is wrong; @n_data gets the complete $D count. */
static gchar *
check_framing (const guint8 * p, gsize len, guint * n_data)
{
  gsize off = 0;
  guint64 last = G_MAXUINT64;
  guint n = 0;

  while (off + 4 <= len) {
    guint type = p[off + 1];
    gsize clen = p[off + 2] | (p[off + 3] << 8);

    if (p[off] != '$')
      return g_strdup_printf ("no '$' at body offset %" G_GSIZE_FORMAT, off);
    if (off == 0 && type != 'H')
      return g_strdup_printf ("first chunk is $%c, not $H", type);
    if (off > 0 && type != 'D')
      return g_strdup_printf ("chunk $%c at offset %" G_GSIZE_FORMAT, type,
          off);
    if (clen < 8)
      return g_strdup_printf ("chunk length %" G_GSIZE_FORMAT, clen);
    if (off + 12 <= len) {
      guint32 loc = p[off + 4] | (p[off + 5] << 8) | (p[off + 6] << 16) |
          ((guint32) p[off + 7] << 24);
      gsize len2 = p[off + 10] | (p[off + 11] << 8);

      if (len2 != clen)
        return g_strdup ("the two chunk lengths differ");
      if (type == 'H' && off + 12 + 16 <= len
          && memcmp (p + off + 12, asf_header_guid, 16) != 0)
        return g_strdup ("$H does not carry an ASF Header Object");
      if (type == 'D') {
        if (last != G_MAXUINT64 && loc != last + 1)
          return g_strdup_printf ("$D LocationId %u after %" G_GUINT64_FORMAT,
              loc, last);
        last = loc;
      }
    }
    if (off + 4 + clen > len)
      break;
    if (type == 'D')
      n++;
    off += 4 + clen;
  }
  *n_data = n;
  return NULL;
}

/* libsoup's warnings are the server complaining about what a client did:
 * none may come out, whatever the client does */
static gint soup_warnings;

static void
count_soup_warning (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer user_data)
{
  g_printerr ("%s: %s\n", domain, message);
  g_atomic_int_inc (&soup_warnings);
}

static guint
watch_soup_warnings (void)
{
  g_atomic_int_set (&soup_warnings, 0);
  return g_log_set_handler ("libsoup", G_LOG_LEVEL_WARNING |
      G_LOG_LEVEL_CRITICAL, count_soup_warning, NULL);
}

static void
check_soup_warnings (guint handler)
{
  g_log_remove_handler ("libsoup", handler);
  fail_unless_equals_int (g_atomic_int_get (&soup_warnings), 0);
}

/* ------------------------------------------------------------------------ */
/* a raw player on its own thread: reads the framed stream and checks that no
 * $D is lost */

typedef struct
{
  int fd;
  gint stop;
  GThread *thread;
  guint64 body_bytes;
  guint data_chunks;
  guint gaps;
  gboolean closed;
  gchar *error;
} RawPlayer;

static gboolean
has_five_chunks (gpointer data)
{
  return ((RawPlayer *) data)->data_chunks >= 5;
}

static gpointer
raw_player_run (gpointer data)
{
  RawPlayer *rp = data;
  GByteArray *buf = g_byte_array_new ();
  gboolean in_body = FALSE, got_header = FALSE;
  guint64 last = G_MAXUINT64;
  guint8 tmp[16384];

  while (!g_atomic_int_get (&rp->stop) && rp->error == NULL) {
    gssize n = recv (rp->fd, tmp, sizeof (tmp), 0);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      continue;                 /* the 500 ms receive timeout */
    if (n <= 0) {
      rp->closed = TRUE;
      break;
    }
    g_byte_array_append (buf, tmp, n);
    if (!in_body) {
      gssize end = find_head_end (buf->data, buf->len);

      if (end < 0)
        continue;
      if (memcmp (buf->data, "HTTP/1.0 200 ", 13) != 0) {
        rp->error = g_strndup ((gchar *) buf->data, end);
        break;
      }
      g_byte_array_remove_range (buf, 0, end);
      in_body = TRUE;
    }
    rp->body_bytes += n;
    while (buf->len >= 4) {
      guint clen = buf->data[2] | (buf->data[3] << 8);

      if (buf->data[0] != '$') {
        rp->error = g_strdup ("lost the chunk framing");
        break;
      }
      if (buf->len < 4 + clen)
        break;
      if (buf->data[1] == 'H' && !got_header) {
        got_header = TRUE;
      } else if (buf->data[1] == 'D' && got_header && clen >= 8) {
        guint32 loc = buf->data[4] | (buf->data[5] << 8) |
            (buf->data[6] << 16) | ((guint32) buf->data[7] << 24);

        if (last != G_MAXUINT64 && loc != last + 1)
          rp->gaps++;
        last = loc;
        rp->data_chunks++;
      } else {
        rp->error = g_strdup_printf ("unexpected chunk $%c", buf->data[1]);
        break;
      }
      g_byte_array_remove_range (buf, 0, 4 + clen);
    }
  }
  g_byte_array_unref (buf);
  return NULL;
}

static RawPlayer *
raw_player_start (guint port)
{
  RawPlayer *rp = g_new0 (RawPlayer, 1);
  struct timeval tv = { 0, 500 * 1000 };

  rp->fd = connect_blocking (port);
  fail_unless (rp->fd >= 0, "raw player cannot connect");
  fail_unless (send_all (rp->fd, VLC_PLAY, strlen (VLC_PLAY)));
  setsockopt (rp->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof (tv));
  rp->thread = g_thread_new ("raw-player", raw_player_run, rp);
  return rp;
}

static void
raw_player_stop (RawPlayer * rp)
{
  g_atomic_int_set (&rp->stop, 1);
  g_thread_join (rp->thread);
  close (rp->fd);
}

/* ------------------------------------------------------------------------ */
/* FFmpeg's framecrc output: the video frames must come at one constant DTS
 * step, so a gap means a lost frame */

static void
check_framecrc (const gchar * out, guint min_frames, guint max_frames)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  gint video = -1;
  gint64 prev = G_MININT64, step = 0;
  guint i, frames = 0;

  for (i = 0; lines[i]; i++) {
    gint idx;
    gint64 dts;

    if (g_str_has_prefix (lines[i], "#media_type ")
        && g_str_has_suffix (lines[i], ": video"))
      video = atoi (lines[i] + strlen ("#media_type "));
    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    fail_unless (sscanf (lines[i], "%d, %" G_GINT64_FORMAT ",", &idx,
            &dts) == 2, "framecrc line '%s'", lines[i]);
    if (idx != video)
      continue;
    if (prev != G_MININT64) {
      if (step == 0)
        step = dts - prev;
      fail_unless (step > 0 && dts - prev == step,
          "video frame %u: DTS %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT
          " (step %" G_GINT64_FORMAT "): a frame was lost", frames, dts, prev,
          step);
    }
    prev = dts;
    frames++;
  }
  fail_unless (video >= 0, "no video stream in the framecrc output");
  fail_unless (frames >= min_frames && frames <= max_frames,
      "%u video frames, want %u..%u", frames, min_frames, max_frames);
  g_strfreev (lines);
}

static GSubprocess *
spawn_ffmpeg (guint port, const gchar * secs, const gchar * format)
{
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", secs, "-f", format, "-", NULL
  };
  GSubprocess *proc;

  wmnet_test_require_program ("ffmpeg");
  proc = wmnet_test_spawn (argv);
  g_free (url);
  return proc;
}

static void
check_ffmpeg_plays (guint port)
{
  GSubprocess *proc = spawn_ffmpeg (port, "3", "framecrc");
  gchar *out = NULL, *err = NULL;
  gint status;

  fail_unless (wmnet_test_wait (proc, 30, &status, &out, &err),
      "ffmpeg did not finish");
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "ffmpeg printed: %s", err);
  check_framecrc (out, 70, 80);
  g_free (out);
  g_free (err);
  g_object_unref (proc);
}

/* ------------------------------------------------------------------------ */
/* the corpus */

typedef enum
{
  EXPECT_REFUSED,               /* 4xx (or @alt_status) or a close, no media */
  EXPECT_PLAY,                  /* 200 framed: $H, then $D */
  EXPECT_DESCRIBE,              /* 200, the $H alone with a Content-Length */
  EXPECT_PLAIN,                 /* 200 unframed ASF */
  EXPECT_HEAD,                  /* 200 and no body */
  EXPECT_SAFE,                  /* refused, or any well-formed 200 */
} Expect;

typedef enum
{
  OUT_PENDING,
  OUT_4XX,
  OUT_5XX,
  OUT_CLOSED,                   /* closed or reset without a word */
  OUT_200,
} Outcome;

typedef struct
{
  const gchar *category;
  gchar *name;
  GBytes *data;
  Expect expect;
  guint want_status;            /* the refusal status required, 0 = any */
  guint alt_status;             /* a 5xx that is the right refusal here */
  guint drip_ms;                /* send a byte every drip_ms (slowloris) */

  int fd;
  gboolean connected;
  gsize sent;
  gboolean send_done;
  gint64 next_drip;
  GByteArray *in;
  gboolean eof, reset, enough;
  gboolean settled;
  gint64 done_at;               /* ms after the start */
  Outcome outcome;
  guint status;
} Case;

static Case *
add_case (GPtrArray * corpus, const gchar * category, const gchar * name,
    gconstpointer data, gsize len, Expect expect)
{
  Case *c = g_new0 (Case, 1);

  c->category = category;
  c->name = g_strdup (name);
  c->data = g_bytes_new (data, len);
  c->expect = expect;
  c->fd = -1;
  c->in = g_byte_array_new ();
  g_ptr_array_add (corpus, c);
  return c;
}

/* a literal that may hold NUL bytes */
#define ADD_LIT(corpus, cat, name, lit, expect) \
  add_case (corpus, cat, name, lit, sizeof (lit) - 1, expect)

static Case *
add_str (GPtrArray * corpus, const gchar * category, const gchar * name,
    const gchar * req, Expect expect)
{
  return add_case (corpus, category, name, req, strlen (req), expect);
}

/* Takes @s (a GString) as the request. */
static Case *
add_gstr (GPtrArray * corpus, const gchar * category, const gchar * name,
    GString * s, Expect expect)
{
  Case *c = add_case (corpus, category, name, s->str, s->len, expect);

  g_string_free (s, TRUE);
  return c;
}

static void
case_free (Case * c)
{
  if (c->fd >= 0)
    close (c->fd);
  g_free (c->name);
  g_bytes_unref (c->data);
  g_byte_array_unref (c->in);
  g_free (c);
}

static GString *
repeat (const gchar * prefix, const gchar * unit, guint n, const gchar * suffix)
{
  GString *s = g_string_new (prefix);
  guint i;

  for (i = 0; i < n; i++)
    g_string_append (s, unit);
  g_string_append (s, suffix);
  return s;
}

static GPtrArray *
build_corpus (void)
{
  GPtrArray *corpus = g_ptr_array_new_with_free_func ((GDestroyNotify)
      case_free);
  GRand *rand = g_rand_new_with_seed (20261122);
  const gchar *cat;
  guint i;

  /* controls: the real players, which must get exactly what they expect */
  cat = "controls";
  add_str (corpus, cat, "ffmpeg describe", FFMPEG_DESCRIBE, EXPECT_DESCRIBE);
  add_str (corpus, cat, "ffmpeg play", FFMPEG_PLAY, EXPECT_PLAY);
  add_str (corpus, cat, "vlc describe", VLC_DESCRIBE, EXPECT_DESCRIBE);
  add_str (corpus, cat, "vlc play", VLC_PLAY, EXPECT_PLAY);
  add_str (corpus, cat, "mplayer describe", MPLAYER_DESCRIBE, EXPECT_DESCRIBE);
  add_str (corpus, cat, "mplayer play", MPLAYER_PLAY, EXPECT_PLAY);
  add_str (corpus, cat, "curl", CURL_GET, EXPECT_PLAIN);
  add_str (corpus, cat, "head", "HEAD / HTTP/1.0\r\n\r\n", EXPECT_HEAD);
  add_str (corpus, cat, "head play", "HEAD / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\r\n\r\n", EXPECT_HEAD);

  /* garbage */
  cat = "garbage";
  {
    static const guint sizes[] = { 1, 3, 16, 100, 1000, 8192, 70000 };

    for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
      guint8 *b = g_malloc (sizes[i]);
      gchar *name = g_strdup_printf ("random %u", sizes[i]);
      guint k;

      for (k = 0; k < sizes[i]; k++)
        b[k] = g_rand_int (rand);
      add_case (corpus, cat, name, b, sizes[i], EXPECT_REFUSED);
      g_free (name);
      g_free (b);
    }
    for (i = 0; i < 4; i++) {
      guint8 b[260];
      gchar *name = g_strdup_printf ("random + blank line %u", i);
      guint k;

      for (k = 0; k < 256; k++)
        b[k] = g_rand_int (rand);
      memcpy (b + 256, "\r\n\r\n", 4);
      add_case (corpus, cat, name, b, sizeof (b), EXPECT_REFUSED);
      g_free (name);
    }
  }
  {
    /* a TLS 1.2 ClientHello with SNI "127.0.0.1" */
    static const guint8 hello[] = {
      0x16, 0x03, 0x01, 0x00, 0x45, 0x01, 0x00, 0x00, 0x41, 0x03, 0x03,
      0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
      0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
      0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x00,
      0x00, 0x04, 0x13, 0x01, 0xc0, 0x2f, 0x01, 0x00, 0x00, 0x14, 0x00,
      0x00, 0x00, 0x10, 0x00, 0x0e, 0x00, 0x00, 0x09, '1', '2', '7', '.',
      '0', '.', '0', '.', '1'
    };
    static const guint8 sslv2[] = { 0x80, 0x2e, 0x01, 0x00, 0x02, 0x00,
      0x15, 0x00, 0x00, 0x00, 0x10
    };
    guint8 zeros[4096], ones[4096];

    memset (zeros, 0, sizeof (zeros));
    memset (ones, 0xff, sizeof (ones));
    add_case (corpus, cat, "tls clienthello", hello, sizeof (hello),
        EXPECT_REFUSED);
    add_case (corpus, cat, "sslv2 hello", sslv2, sizeof (sslv2),
        EXPECT_REFUSED);
    add_case (corpus, cat, "4 KiB of NUL", zeros, sizeof (zeros),
        EXPECT_REFUSED);
    add_case (corpus, cat, "4 KiB of 0xff", ones, sizeof (ones),
        EXPECT_REFUSED);
  }
  add_str (corpus, cat, "ssh banner", "SSH-2.0-OpenSSH_9.2p1\r\n",
      EXPECT_REFUSED);
  add_str (corpus, cat, "blank lines", "\r\n\r\n\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "telnet", "\xff\xfb\x01\xff\xfb\x03\xff\xfd\x18",
      EXPECT_REFUSED);
  add_str (corpus, cat, "wmsp chunk", "$H\x08\x00\x00\x00\x00\x00\x00\x0c"
      "\x08\x00", EXPECT_REFUSED);

  /* oversized: libsoup caps a request head at 64 KiB */
  cat = "oversized";
  add_gstr (corpus, cat, "one 70 KiB header", repeat ("GET / HTTP/1.0\r\n"
          "X-Big: ", "a", 70 * 1024, "\r\n\r\n"), EXPECT_REFUSED);
  add_gstr (corpus, cat, "20,000 headers", repeat ("GET / HTTP/1.0\r\n",
          "X-A: b\r\n", 20000, "\r\n"), EXPECT_REFUSED);
  add_gstr (corpus, cat, "100 KiB request line", repeat ("GET /", "a",
          100 * 1024, " HTTP/1.0\r\n\r\n"), EXPECT_REFUSED);
  add_gstr (corpus, cat, "1 MiB line, no newline", repeat ("GET /", "b",
          1024 * 1024, ""), EXPECT_REFUSED);
  add_gstr (corpus, cat, "70 KiB Pragma", repeat ("GET / HTTP/1.0\r\n"
          NSPLAYER_UA "Pragma: xPlayStrm=1,", "x", 70 * 1024, "\r\n\r\n"),
      EXPECT_REFUSED);
  add_gstr (corpus, cat, "70 KiB User-Agent", repeat ("GET / HTTP/1.0\r\n"
          "User-Agent: NSPlayer/", "9", 70 * 1024, "\r\n\r\n"), EXPECT_REFUSED);
  add_gstr (corpus, cat, "1 MiB body of headers", repeat ("GET / HTTP/1.0\r\n",
          "X-Padding: 0123456789abcdef0123456789abcdef\r\n", 24000, "\r\n"),
      EXPECT_REFUSED);
  /* under the cap they are merely big, and served */
  add_gstr (corpus, cat, "2,000 headers", repeat ("GET / HTTP/1.0\r\n",
          "X-A: b\r\n", 2000, "\r\n"), EXPECT_PLAIN);
  add_gstr (corpus, cat, "50 KiB play Pragma", repeat ("GET / HTTP/1.0\r\n"
          NSPLAYER_UA "Pragma: xPlayStrm=1,", "x", 50 * 1024, "\r\n\r\n"),
      EXPECT_PLAY);

  /* half requests: the head never completes, the timer closes them */
  cat = "half";
  {
    const gchar *full = FFMPEG_PLAY;
    gsize len = strlen (full);
    const gchar *p;
    static const guint cuts[] = { 1, 3, 4, 9, 15, 16 };

    for (i = 0; i < G_N_ELEMENTS (cuts); i++) {
      gchar *name = g_strdup_printf ("ffmpeg play cut at %u", cuts[i]);

      add_case (corpus, cat, name, full, cuts[i], EXPECT_REFUSED);
      g_free (name);
    }
    /* the middle of every header line */
    i = 0;
    for (p = strstr (full, "\r\n"); p && p + 4 < full + len;
        p = strstr (p + 2, "\r\n")) {
      const gchar *next = strstr (p + 2, "\r\n");
      gchar *name = g_strdup_printf ("mid header %u", ++i);

      add_case (corpus, cat, name, full, (p + 2 - full) + (next - p - 2) / 2,
          EXPECT_REFUSED);
      g_free (name);
    }
    add_case (corpus, cat, "no blank line", full, len - 2, EXPECT_REFUSED);
    add_case (corpus, cat, "blank line's CR only", full, len - 1,
        EXPECT_REFUSED);
    /* slowloris: a byte at a time never resets the timer */
    add_str (corpus, cat, "drip 1 byte / 250 ms", FFMPEG_PLAY,
        EXPECT_REFUSED)->drip_ms = 250;
    add_str (corpus, cat, "drip 1 byte / 1 s", FFMPEG_PLAY,
        EXPECT_REFUSED)->drip_ms = 1000;
    add_gstr (corpus, cat, "drip endless header", repeat ("GET / HTTP/1.0\r\n"
            "X-Slow: ", "z", 1000, ""), EXPECT_REFUSED)->drip_ms = 100;
    add_str (corpus, cat, "nothing at all", "", EXPECT_REFUSED);
  }

  /* methods other than GET/HEAD: 405; any request body: refused at once */
  cat = "methods";
  {
    static const gchar *const methods[] = { "POST", "PUT", "DELETE", "BREW",
      "PATCH", "TRACE", "PROPFIND", "DESCRIBE", "PLAY", "get"
    };

    for (i = 0; i < G_N_ELEMENTS (methods); i++) {
      gchar *req = g_strdup_printf ("%s / HTTP/1.0\r\n" NSPLAYER_UA
          "Pragma: xPlayStrm=1\r\n\r\n", methods[i]);
      gchar *name = g_strdup_printf ("%s", methods[i]);

      add_str (corpus, cat, name, req, EXPECT_REFUSED)->want_status = 405;
      g_free (req);
      g_free (name);
      req = g_strdup_printf ("%s / HTTP/1.1\r\nHost: a\r\n"
          "Content-Length: 11\r\n\r\nhello world", methods[i]);
      name = g_strdup_printf ("%s with body", methods[i]);
      add_str (corpus, cat, name, req, EXPECT_REFUSED)->want_status = 405;
      g_free (req);
      g_free (name);
    }
  }
  add_str (corpus, cat, "CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\n"
      "Host: 127.0.0.1:22\r\n\r\n", EXPECT_REFUSED)->want_status = 405;
  add_str (corpus, cat, "OPTIONS", "OPTIONS / HTTP/1.1\r\nHost: a\r\n\r\n",
      EXPECT_REFUSED)->want_status = 405;
  add_str (corpus, cat, "POST chunked", "POST / HTTP/1.1\r\nHost: a\r\n"
      "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
      EXPECT_REFUSED)->want_status = 405;
  add_str (corpus, cat, "POST 1 GB claimed", "POST / HTTP/1.1\r\nHost: a\r\n"
      "Content-Length: 1000000000\r\n\r\nxxxxxxxx",
      EXPECT_REFUSED)->want_status = 405;
  add_gstr (corpus, cat, "PUT 1 MiB body", repeat ("PUT / HTTP/1.1\r\nHost: a"
          "\r\nContent-Length: 1048576\r\n\r\n", "0123456789abcdef",
          65536, ""), EXPECT_REFUSED)->want_status = 405;
  add_str (corpus, cat, "POST Expect 100", "POST / HTTP/1.1\r\nHost: a\r\n"
      "Expect: 100-continue\r\nContent-Length: 100\r\n\r\n",
      EXPECT_REFUSED)->want_status = 405;
  add_str (corpus, cat, "GET with body", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Content-Length: 5\r\n\r\nhello", EXPECT_REFUSED)->want_status = 400;
  add_str (corpus, cat, "GET chunked", "GET / HTTP/1.1\r\nHost: a\r\n"
      NSPLAYER_UA "Pragma: xPlayStrm=1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n", EXPECT_REFUSED)->want_status = 400;
  add_str (corpus, cat, "GET chunked, no chunks", "GET / HTTP/1.1\r\n"
      "Host: a\r\nTransfer-Encoding: chunked\r\n\r\n",
      EXPECT_REFUSED)->want_status = 400;
  add_str (corpus, cat, "HEAD with body", "HEAD / HTTP/1.1\r\nHost: a\r\n"
      "Content-Length: 3\r\n\r\nabc", EXPECT_REFUSED)->want_status = 400;

  /* Content-Length and Transfer-Encoding abuse */
  cat = "body-length";
  add_str (corpus, cat, "Content-Length -1", "GET / HTTP/1.0\r\n"
      "Content-Length: -1\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "Content-Length 2^63", "GET / HTTP/1.0\r\n"
      "Content-Length: 9223372036854775808\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "Content-Length 10^23", "GET / HTTP/1.0\r\n"
      "Content-Length: 99999999999999999999999\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "Content-Length abc", "GET / HTTP/1.0\r\n"
      "Content-Length: abc\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "two Content-Lengths", "GET / HTTP/1.0\r\n"
      "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello", EXPECT_REFUSED);
  add_str (corpus, cat, "TE + CL smuggling", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"
      "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", EXPECT_REFUSED);
  /* RFC 9112 6.1: an unknown transfer coding is a 501 */
  add_str (corpus, cat, "TE gzip", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Transfer-Encoding: gzip\r\n\r\n", EXPECT_REFUSED)->alt_status = 501;
  add_str (corpus, cat, "Content-Length 0", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\r\nContent-Length: 0\r\n\r\n", EXPECT_PLAY);

  /* Pragma values */
  cat = "pragma";
  add_str (corpus, cat, "xPlayStrm=abc", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=abc\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "xPlayStrm no value", "GET / HTTP/1.0\r\n"
      NSPLAYER_UA "Pragma: xPlayStrm\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "xPlayStrm=", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "xPlayStrm=0", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=0\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "xPlayStrm=11", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=11\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "xPlayStrm=1 no UA", "GET / HTTP/1.0\r\n"
      "Pragma: xPlayStrm=1\r\n\r\n", EXPECT_PLAY);
  add_gstr (corpus, cat, "10,000 commas then play", repeat ("GET / HTTP/1.0"
          "\r\n" NSPLAYER_UA "Pragma: ", ",", 10000, "xPlayStrm=1\r\n\r\n"),
      EXPECT_PLAY);
  add_gstr (corpus, cat, "10,000 commas", repeat ("GET / HTTP/1.0\r\n"
          NSPLAYER_UA "Pragma: ", ",", 10000, "\r\n\r\n"), EXPECT_DESCRIBE);
  add_gstr (corpus, cat, "1,000 Pragma lines", repeat ("GET / HTTP/1.0\r\n"
          NSPLAYER_UA, "Pragma: xPlayStrm=1\r\n", 1000, "\r\n"), EXPECT_PLAY);
  ADD_LIT (corpus, cat, "NUL in Pragma", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlay\0Strm=1\r\n\r\n", EXPECT_SAFE);
  ADD_LIT (corpus, cat, "NUL after xPlayStrm=1", "GET / HTTP/1.0\r\n"
      NSPLAYER_UA "Pragma: xPlayStrm=1\0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "control chars", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\x01\x02\x1b[2J\r\n\r\n", EXPECT_SAFE);
  /* a selection that cannot be read: 400 (docs/design.md D41) */
  add_str (corpus, cat, "stream-switch garbage", "GET / HTTP/1.0\r\n"
      NSPLAYER_UA "Pragma: xPlayStrm=1\r\nPragma: stream-switch-count=-1\r\n"
      "Pragma: stream-switch-entry=ffff:zz:0 ::::: -1:-1:-1 %n%n%s "
      "99999999999999999999:1:0 \r\n\r\n", EXPECT_REFUSED)->want_status = 400;
  add_gstr (corpus, cat, "5,000 stream-switch entries", repeat ("GET / "
          "HTTP/1.0\r\n" NSPLAYER_UA "Pragma: xPlayStrm=1\r\n"
          "Pragma: stream-switch-count=5000\r\n"
          "Pragma: stream-switch-entry=", "ffff:1:0 ", 5000, "\r\n\r\n"),
      EXPECT_PLAY);
  add_gstr (corpus, cat, "50 KiB client GUID", repeat ("GET / HTTP/1.0\r\n"
          "Pragma: xClientGUID={", "A", 50 * 1024, "}\r\n\r\n"),
      EXPECT_DESCRIBE);
  add_str (corpus, cat, "huge client-id", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1,client-id=184467440737095516161844674407370955"
      "1616\r\n\r\n", EXPECT_PLAY);
  add_str (corpus, cat, "absurd numbers", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1,rate=NaN,stream-time=-99999999999,"
      "stream-offset=4294967295:4294967295,request-context=-1,"
      "max-duration=1e308,LinkBW=-1,AccelBW=0,AccelDuration=-5\r\n\r\n",
      EXPECT_PLAY);
  add_str (corpus, cat, "format strings", "GET / HTTP/1.0\r\n"
      "User-Agent: NSPlayer/%s%s%s%n%n\r\n"
      "Pragma: xClientGUID={%x%x%x%x}\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "non-UTF-8 UA", "GET / HTTP/1.0\r\nUser-Agent: "
      "NSPlayer/\xff\xfe\xc3\x28\r\nPragma: xPlayStrm=1\r\n\r\n", EXPECT_SAFE);

  /* pipelining: one answer, then the connection is closed */
  cat = "pipelined";
  add_str (corpus, cat, "3 describes", FFMPEG_DESCRIBE FFMPEG_DESCRIBE
      FFMPEG_DESCRIBE, EXPECT_DESCRIBE);
  add_str (corpus, cat, "describe then play", FFMPEG_DESCRIBE FFMPEG_PLAY,
      EXPECT_DESCRIBE);
  add_str (corpus, cat, "play then describe", VLC_PLAY VLC_DESCRIBE,
      EXPECT_PLAY);
  add_gstr (corpus, cat, "50 GETs", repeat ("", "GET / HTTP/1.1\r\nHost: a"
          "\r\n\r\n", 50, ""), EXPECT_PLAIN);
  add_str (corpus, cat, "play then garbage", VLC_PLAY "\x16\x03\x01\xff\xff"
      "garbage", EXPECT_PLAY);
  add_str (corpus, cat, "play then POST", MPLAYER_PLAY "POST / HTTP/1.1\r\n"
      "Host: a\r\nContent-Length: 5\r\n\r\nhello", EXPECT_PLAY);
  add_str (corpus, cat, "keep-alive GETs", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Connection: keep-alive\r\n" NSPLAYER_UA "\r\n"
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n" NSPLAYER_UA
      "\r\n", EXPECT_DESCRIBE);

  /* protocol versions */
  cat = "versions";
  add_str (corpus, cat, "HTTP/0.9", "GET /\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "HTTP/0.9 + blank line", "GET /\r\n\r\n",
      EXPECT_REFUSED);
  add_str (corpus, cat, "HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
      "\x00\x00\x12\x04\x00\x00\x00\x00\x00", EXPECT_REFUSED)->alt_status = 505;
  add_str (corpus, cat, "HTTP/1.2", "GET / HTTP/1.2\r\n\r\n",
      EXPECT_REFUSED)->alt_status = 505;
  add_str (corpus, cat, "HTTP/3.0", "GET / HTTP/3.0\r\n\r\n",
      EXPECT_REFUSED)->alt_status = 505;
  add_str (corpus, cat, "HTTX/1.0", "GET / HTTX/1.0\r\n\r\n", EXPECT_REFUSED);
  add_str (corpus, cat, "version + junk", "GET / HTTP/1.0 junk\r\n\r\n",
      EXPECT_REFUSED);
  add_str (corpus, cat, "HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n",
      EXPECT_REFUSED);
  add_str (corpus, cat, "HTTP/1.1 Upgrade h2c", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n", EXPECT_PLAIN);
  add_str (corpus, cat, "websocket upgrade", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13"
      "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", EXPECT_PLAIN);

  /* line endings */
  cat = "line-endings";
  add_str (corpus, cat, "bare LF play", "GET / HTTP/1.0\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\n\n", EXPECT_SAFE);
  add_str (corpus, cat, "bare LF describe", "GET / HTTP/1.0\nUser-Agent: "
      "NSPlayer/4.1.0.3856\n\n", EXPECT_SAFE);
  add_str (corpus, cat, "bare CR", "GET / HTTP/1.0\rUser-Agent: x\r\r",
      EXPECT_REFUSED);
  add_str (corpus, cat, "mixed", "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/4.1"
      "\nPragma: xPlayStrm=1\r\n\n", EXPECT_SAFE);
  add_str (corpus, cat, "obs-fold", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: no-cache,\r\n xPlayStrm=1\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "LF CR LF", "GET / HTTP/1.0\n\r\n", EXPECT_SAFE);

  /* Range: ignored, never a 206 */
  cat = "range";
  add_str (corpus, cat, "bytes=10^20-", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\r\nRange: bytes=99999999999999999999-\r\n\r\n",
      EXPECT_PLAY);
  add_str (corpus, cat, "bytes=-1", "GET / HTTP/1.0\r\nRange: bytes=-1\r\n\r\n",
      EXPECT_PLAIN);
  add_str (corpus, cat, "bytes=5-1", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Range: bytes=5-1\r\n\r\n", EXPECT_DESCRIBE);
  add_gstr (corpus, cat, "2,000 ranges", repeat ("GET / HTTP/1.0\r\n"
          "Range: bytes=0-0", ",1-1", 2000, "\r\n\r\n"), EXPECT_PLAIN);
  add_str (corpus, cat, "Range garbage", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1\r\nRange: lol=\xff-\r\n\r\n", EXPECT_PLAY);
  add_str (corpus, cat, "If-Range", "GET / HTTP/1.0\r\nRange: bytes=100-200\r\n"
      "If-Range: \"x\"\r\n\r\n", EXPECT_PLAIN);

  /* injection: nothing of the request may come back as a response header */
  cat = "injection";
  add_str (corpus, cat, "bare CR in UA", "GET / HTTP/1.0\r\nUser-Agent: "
      "NSPlayer/4.1\rX-Injected: 1\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "CRLF in URL", "GET /%0d%0aX-Injected:%201 HTTP/1.0"
      "\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "CRLF in Pragma", "GET / HTTP/1.0\r\n" NSPLAYER_UA
      "Pragma: xPlayStrm=1%0d%0aX-Injected: 1\r\n\r\n", EXPECT_DESCRIBE);
  add_str (corpus, cat, "space before colon", "GET / HTTP/1.0\r\n"
      "User-Agent : NSPlayer/4.1\r\nPragma : xPlayStrm=1\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "header without colon", "GET / HTTP/1.0\r\n"
      "X-Injected 1\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "two Hosts", "GET / HTTP/1.1\r\nHost: a\r\n"
      "Host: evil.example\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "empty header name", "GET / HTTP/1.0\r\n: x\r\n\r\n",
      EXPECT_SAFE);

  /* URLs: any path is the stream, or refused; never anything else */
  cat = "urls";
  add_gstr (corpus, cat, "8 KiB URL", repeat ("GET /", "u", 8192,
          " HTTP/1.0\r\n\r\n"), EXPECT_SAFE);
  add_gstr (corpus, cat, "60 KiB URL", repeat ("GET /", "u", 60 * 1024,
          " HTTP/1.0\r\n\r\n"), EXPECT_SAFE);
  add_gstr (corpus, cat, "10,000 query params", repeat ("GET /?", "a=1&",
          10000, " HTTP/1.0\r\n\r\n"), EXPECT_SAFE);
  add_str (corpus, cat, "..", "GET /../../../../etc/passwd HTTP/1.0\r\n\r\n",
      EXPECT_SAFE);
  add_str (corpus, cat, "%2e%2e", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.0"
      "\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "%00", "GET /%00 HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  ADD_LIT (corpus, cat, "raw NUL", "GET /\0 HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "%zz", "GET /%zz%%%G0 HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "non-ASCII", "GET /\xc3\xa9\xff\xfe\x80 HTTP/1.0\r\n"
      "\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "absolute URI", "GET http://evil.example:1/x HTTP/1.0"
      "\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "asterisk", "GET * HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "fragment", "GET /#frag HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "no slash", "GET stream.asf HTTP/1.0\r\n\r\n",
      EXPECT_SAFE);
  add_str (corpus, cat, "backslashes", "GET \\..\\..\\windows\\win.ini "
      "HTTP/1.0\r\n\r\n", EXPECT_SAFE);
  add_str (corpus, cat, "mms scheme", "GET mms://127.0.0.1/ HTTP/1.0\r\n\r\n",
      EXPECT_SAFE);

  g_rand_free (rand);
  return corpus;
}

static gboolean
case_wants_send (Case * c, gint64 now)
{
  if (c->send_done || !c->connected)
    return FALSE;
  return c->drip_ms == 0 || now >= c->next_drip;
}

static void
case_send (Case * c, gint64 now)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (c->data, &len);
  gsize chunk = c->drip_ms ? 1 : len - c->sent;
  gssize n;

  if (c->sent >= len) {
    /* sent everything: stay open, as a client waiting for the answer */
    c->send_done = TRUE;
    return;
  }
  n = send (c->fd, data + c->sent, chunk, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR)
      c->send_done = TRUE;      /* the server gave up on us: now read */
    return;
  }
  c->sent += n;
  c->next_drip = now + c->drip_ms;
  if (c->sent >= len)
    c->send_done = TRUE;
}

/* Reads what is there; the case is settled at a close, a reset, or when a
 * streaming answer has delivered STREAM_WANT bytes. */
static void
case_recv (Case * c, gint64 now)
{
  guint8 buf[16384];

  for (;;) {
    gssize n = recv (c->fd, buf, sizeof (buf), 0);
    gssize head;

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    if (n < 0) {
      c->reset = TRUE;
      break;
    }
    if (n == 0) {
      c->eof = TRUE;
      break;
    }
    g_byte_array_append (c->in, buf, n);
    head = find_head_end (c->in->data, c->in->len);
    if (head >= 0 && c->in->len - head >= STREAM_WANT) {
      c->enough = TRUE;
      break;
    }
  }
  c->settled = TRUE;
  c->done_at = now;
}

static void
run_corpus (GPtrArray * corpus, guint port)
{
  struct pollfd *pfd = g_new0 (struct pollfd, corpus->len);
  Case **idx = g_new0 (Case *, corpus->len);
  gint64 t0 = now_ms (), end = t0 + CASE_BOUND_MS;
  guint i;

  /* everything at once: 100 cases must not take 100 times the 5 s timer */
  for (i = 0; i < corpus->len; i++) {
    Case *c = g_ptr_array_index (corpus, i);

    c->fd = connect_nb (port);
  }

  for (;;) {
    gint64 now = now_ms (), wake = now + 100;
    guint n = 0;
    gint r;

    for (i = 0; i < corpus->len; i++) {
      Case *c = g_ptr_array_index (corpus, i);

      if (c->settled)
        continue;
      pfd[n].fd = c->fd;
      pfd[n].events = POLLIN;
      if (!c->connected || case_wants_send (c, now))
        pfd[n].events |= POLLOUT;
      else if (!c->send_done && c->drip_ms)
        wake = MIN (wake, c->next_drip);
      pfd[n].revents = 0;
      idx[n++] = c;
    }
    if (n == 0 || now >= end)
      break;
    r = poll (pfd, n, MAX (0, MIN (wake, end) - now));
    fail_unless (r >= 0 || errno == EINTR, "poll: %s", g_strerror (errno));
    now = now_ms ();
    for (i = 0; i < n; i++) {
      Case *c = idx[i];

      if (!c->connected && (pfd[i].revents & (POLLOUT | POLLERR | POLLHUP))) {
        gint err = 0;
        socklen_t el = sizeof (err);

        getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
        fail_unless (err == 0, "%s/%s: connect: %s", c->category, c->name,
            g_strerror (err));
        c->connected = TRUE;
        c->next_drip = now;
      }
      if (c->connected && (pfd[i].revents & POLLOUT)
          && case_wants_send (c, now))
        case_send (c, now);
      if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
        case_recv (c, now);
    }
  }
  GST_INFO ("corpus settled in %" G_GINT64_FORMAT " ms", now_ms () - t0);
  for (i = 0; i < corpus->len; i++) {
    Case *c = g_ptr_array_index (corpus, i);

    if (c->settled)
      c->done_at -= t0;
  }
  g_free (pfd);
  g_free (idx);
}

/* Checks a 200 answer against its own Content-Type. Returns NULL when it is
 * a well-formed describe, play, plain stream or HEAD answer, and sets
 * @kind. */
static gchar *
check_200 (Case * c, const gchar * head, const guint8 * body, gsize blen,
    gboolean is_head, Expect * kind)
{
  gchar *ctype = head_get (head, "Content-Type");
  gchar *clen = head_get (head, "Content-Length");
  gchar *te = head_get (head, "Transfer-Encoding");
  gchar *err = NULL;
  guint n_data = 0;

  if (te) {
    err = g_strdup_printf ("Transfer-Encoding: %s", te);
  } else if (ctype == NULL) {
    err = g_strdup ("no Content-Type");
  } else if (is_head) {
    *kind = EXPECT_HEAD;
    if (blen != 0 || !(c->eof || c->reset))
      err = g_strdup_printf ("HEAD answer with %" G_GSIZE_FORMAT
          " body bytes, %s", blen, c->eof ? "closed" : "left open");
  } else if (g_str_equal (ctype, "application/vnd.ms.wms-hdr.asfv1")) {
    *kind = EXPECT_DESCRIBE;
    if (clen == NULL || g_ascii_strtoull (clen, NULL, 10) != blen)
      err = g_strdup_printf ("describe: Content-Length %s, %" G_GSIZE_FORMAT
          " body bytes", clen ? clen : "missing", blen);
    else if (!c->eof)
      err = g_strdup ("describe: connection left open");
    else if (blen < 12 + 16 || body[0] != '$' || body[1] != 'H'
        || (gsize) (body[2] | (body[3] << 8)) + 4 != blen)
      err = g_strdup ("describe: the body is not one $H chunk");
    else
      err = check_framing (body, blen, &n_data);
  } else if (g_str_equal (ctype, "application/x-mms-framed")) {
    *kind = EXPECT_PLAY;
    if (clen)
      err = g_strdup_printf ("play with Content-Length %s", clen);
    else if (!c->enough)
      err = g_strdup_printf ("play: only %" G_GSIZE_FORMAT " body bytes", blen);
    else if ((err = check_framing (body, blen, &n_data)) == NULL && n_data == 0)
      err = g_strdup ("play: no complete $D");
  } else if (g_str_equal (ctype, "video/x-ms-asf")) {
    *kind = EXPECT_PLAIN;
    if (!c->enough)
      err = g_strdup_printf ("plain: only %" G_GSIZE_FORMAT " body bytes",
          blen);
    else if (memcmp (body, asf_header_guid, 16) != 0)
      err = g_strdup ("plain: the body is not ASF");
  } else {
    err = g_strdup_printf ("200 with Content-Type %s", ctype);
  }
  g_free (ctype);
  g_free (clen);
  g_free (te);
  return err;
}

/* Returns NULL when @c got what it should, or what went wrong. */
static gchar *
check_case (Case * c)
{
  gssize hend = find_head_end (c->in->data, c->in->len);
  gchar *head = NULL, *err = NULL;
  const guint8 *data = g_bytes_get_data (c->data, NULL);
  gboolean is_head = g_bytes_get_size (c->data) >= 5
      && memcmp (data, "HEAD ", 5) == 0;
  gboolean closed = c->eof || c->reset;
  gsize blen;
  Expect kind = EXPECT_SAFE;

  if (!c->settled || c->done_at > CASE_BOUND_MS)
    return g_strdup_printf ("no answer and not closed after %d ms "
        "(%u bytes in)", CASE_BOUND_MS, c->in->len);

  if (hend < 0) {
    /* a reset may cut an answer short; a clean close may not */
    if (c->in->len > 0 && !c->reset)
      return g_strdup_printf ("truncated answer: %.*s", MIN (c->in->len, 60),
          (gchar *) c->in->data);
    c->outcome = OUT_CLOSED;
    if (c->expect != EXPECT_REFUSED && c->expect != EXPECT_SAFE)
      return g_strdup ("closed without an answer");
    return NULL;
  }

  head = g_strndup ((gchar *) c->in->data, hend);
  blen = c->in->len - hend;
  if (sscanf (head, "HTTP/1.%*1[01] %u ", &c->status) != 1) {
    err = g_strdup_printf ("bad status line: %.60s", head);
    goto out;
  }
  if (strstr (head, "X-Injected") || strstr (head, "x-injected")) {
    err = g_strdup_printf ("request text came back in the head:\n%s", head);
    goto out;
  }

  if (c->status == 200) {
    c->outcome = OUT_200;
    if (c->expect == EXPECT_REFUSED) {
      err = g_strdup ("served, should have been refused");
      goto out;
    }
    err = check_200 (c, head, c->in->data + hend, blen, is_head, &kind);
    if (err == NULL && c->expect != EXPECT_SAFE && kind != c->expect)
      err = g_strdup_printf ("answered as kind %d, want %d", kind, c->expect);
    goto out;
  }

  c->outcome = c->status >= 500 ? OUT_5XX : OUT_4XX;
  if (c->expect != EXPECT_REFUSED && c->expect != EXPECT_SAFE)
    err = g_strdup ("refused, should have been served");
  else if (!((c->status >= 400 && c->status < 500)
          || (c->alt_status && c->status == c->alt_status)))
    err = g_strdup ("not a 4xx refusal");
  else if (c->want_status && c->status != c->want_status)
    err = g_strdup_printf ("want status %u", c->want_status);
  else if (blen > 0)
    err = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes after a refusal", blen);
  else if (!closed)
    err = g_strdup ("a refusal left the connection open");

out:
  if (err) {
    gchar *full = g_strdup_printf ("%s\n--- head:\n%s", err, head);

    g_free (err);
    err = full;
  }
  g_free (head);
  return err;
}

GST_START_TEST (test_hostile_corpus)
{
  guint port, i, base_fds;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  GPtrArray *corpus = build_corpus ();
  GSubprocess *ffmpeg;
  RawPlayer *watcher, *fresh;
  GString *failures = g_string_new (NULL);
  GHashTable *summary = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      g_free);
  GPtrArray *cats = g_ptr_array_new ();
  gchar *out = NULL, *err = NULL;
  gint status;
  gint64 max_ms = 0;
  guint soup_handler = watch_soup_warnings ();

  raise_fd_limit (4096);
  fail_unless (corpus->len >= 100, "only %u cases", corpus->len);
  /* the server runs in this process: a leaked connection shows here */
  base_fds = wmnet_test_count_entries ("/proc/self/fd");

  /* the player that must not notice anything */
  ffmpeg = spawn_ffmpeg (port, "8", "framecrc");
  fail_unless (wmnet_test_wait_num_clients (p, 1, 15000),
      "ffmpeg did not connect");
  watcher = raw_player_start (port);
  fail_unless (wmnet_test_wait_num_clients (p, 2, 5000),
      "raw player not connected");

  run_corpus (corpus, port);

  for (i = 0; i < corpus->len; i++) {
    Case *c = g_ptr_array_index (corpus, i);
    gchar *why = check_case (c);
    guint *counts = g_hash_table_lookup (summary, c->category);

    if (g_getenv ("WMNET_HOSTILE_VERBOSE"))
      g_print ("  %-14s %-28s %5" G_GINT64_FORMAT " ms  %s %u\n", c->category,
          c->name, c->done_at, why ? "FAIL" : "ok", c->status);
    if (why) {
      g_string_append_printf (failures, "[%s / %s] %s\n", c->category,
          c->name, why);
      g_free (why);
    }
    if (counts == NULL) {
      counts = g_new0 (guint, 5);
      g_hash_table_insert (summary, (gpointer) c->category, counts);
      g_ptr_array_add (cats, (gpointer) c->category);
    }
    counts[c->outcome]++;
    if (c->settled)
      max_ms = MAX (max_ms, c->done_at);
    close (c->fd);
    c->fd = -1;
  }
  g_print ("hostile corpus: %u cases, all settled within %" G_GINT64_FORMAT
      " ms\n", corpus->len, max_ms);
  for (i = 0; i < cats->len; i++) {
    guint *n = g_hash_table_lookup (summary, cats->pdata[i]);

    g_print ("  %-14s 4xx %3u  5xx %3u  closed %3u  200 %3u\n",
        (gchar *) cats->pdata[i], n[OUT_4XX], n[OUT_5XX], n[OUT_CLOSED],
        n[OUT_200]);
  }
  fail_unless (failures->len == 0, "%u cases:\n%s", corpus->len, failures->str);

  /* FFmpeg decoded its 8 s without a word and without a lost frame */
  fail_unless (wmnet_test_wait (ffmpeg, 40, &status, &out, &err),
      "ffmpeg hung");
  fail_unless (err[0] == '\0', "ffmpeg printed: %s", err);
  fail_unless_equals_int (status, 0);
  check_framecrc (out, 190, 205);
  g_free (out);
  g_free (err);
  g_object_unref (ffmpeg);

  /* the raw player is the only client left, and it lost nothing either */
  fail_unless (wmnet_test_wait_num_clients (p, 1, 10000), "%u clients, want 1",
      wmnet_test_num_clients (p));
  fail_unless (watcher->error == NULL, "raw player: %s", watcher->error);
  fail_if (watcher->closed, "the raw player was disconnected");
  fail_unless (watcher->data_chunks >= 20, "raw player got %u $D",
      watcher->data_chunks);
  fail_unless_equals_int (watcher->gaps, 0);
  raw_player_stop (watcher);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 5000));

  /* still serving */
  fresh = raw_player_start (port);
  wmnet_test_wait_until (has_five_chunks, fresh, 5000);
  fail_unless (fresh->data_chunks >= 5 && fresh->error == NULL,
      "a new client gets no stream");
  raw_player_stop (fresh);
  g_free (fresh->error);
  g_free (fresh);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 5000));
  /* and nothing the corpus opened is still held */
  fail_unless (wmnet_test_wait_fds_at_most (base_fds + 4, 10000),
      "%u descriptors open, %u before the corpus",
      wmnet_test_count_entries ("/proc/self/fd"), base_fds);

  check_soup_warnings (soup_handler);
  g_free (watcher->error);
  g_free (watcher);
  g_ptr_array_unref (cats);
  g_hash_table_unref (summary);
  g_string_free (failures, TRUE);
  g_ptr_array_unref (corpus);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* churn */

#define CHURN_CONNECTIONS 2000
#define CHURN_WORKERS 50

typedef enum
{
  CHURN_RST_MID_STREAM,
  CHURN_CLOSE_IN_HEADER,
  CHURN_CLOSE_IN_DESCRIBE,
  CHURN_CLOSE_AT_CONNECT,
  CHURN_CLOSE_HALF_REQUEST,
  CHURN_RST_AFTER_REQUEST,
  CHURN_PLAIN_FIN,
  CHURN_HALF_CLOSE,
  CHURN_RST_AT_CONNECT,
  CHURN_N_MODES
} ChurnMode;

typedef struct
{
  guint port;
  gint next;
  gint streamed;                /* connections that surely became clients */
  gint failed;
  GMutex lock;
  GString *errors;
} Churn;

/* Reads until the response head plus @want body bytes are in. */
static gboolean
read_some (int fd, gsize want)
{
  GByteArray *arr = g_byte_array_new ();
  guint8 buf[8192];
  gssize head = -1;
  gboolean ok = FALSE;

  for (;;) {
    gssize n = recv (fd, buf, sizeof (buf), 0);

    if (n <= 0)
      break;
    g_byte_array_append (arr, buf, n);
    if (head < 0)
      head = find_head_end (arr->data, arr->len);
    if (head >= 0 && arr->len - (gsize) head >= want) {
      ok = memcmp (arr->data, "HTTP/1.0 200 ", 13) == 0;
      break;
    }
  }
  g_byte_array_unref (arr);
  return ok;
}

/* @req sent and the head plus @want body bytes read: one more streamed;
 * else @what */
static const gchar *
churn_stream (Churn * ch, int fd, const gchar * req, gsize want,
    const gchar * what)
{
  if (!send_all (fd, req, strlen (req)) || !read_some (fd, want))
    return what;
  g_atomic_int_inc (&ch->streamed);
  return NULL;
}

static gpointer
churn_worker (gpointer data)
{
  Churn *ch = data;
  gint i;

  while ((i = g_atomic_int_add (&ch->next, 1)) < CHURN_CONNECTIONS) {
    ChurnMode mode = i % CHURN_N_MODES;
    int fd = connect_blocking (ch->port);
    const gchar *err = NULL;

    if (fd < 0) {
      err = "connect failed";
      goto next;
    }
    switch (mode) {
      case CHURN_RST_MID_STREAM:
        /* some of the play stream, a different amount each time */
        err = churn_stream (ch, fd, FFMPEG_PLAY, 2000 + (i * 97) % 40000,
            "no play stream");
        close_rst (fd);
        break;
      case CHURN_CLOSE_IN_HEADER:
        /* a few bytes of the $H */
        err = churn_stream (ch, fd, VLC_PLAY, 1 + i % 20, "no $H");
        close (fd);
        break;
      case CHURN_CLOSE_IN_DESCRIBE:
        if (!send_all (fd, MPLAYER_DESCRIBE, strlen (MPLAYER_DESCRIBE)))
          err = "send failed";
        else if (i % 2 && !read_some (fd, 1 + i % 30))
          err = "no describe answer";
        close (fd);
        break;
      case CHURN_CLOSE_AT_CONNECT:
        close (fd);
        break;
      case CHURN_CLOSE_HALF_REQUEST:
        send_all (fd, FFMPEG_PLAY, 1 + (i * 31) % (strlen (FFMPEG_PLAY) - 3));
        close (fd);
        break;
      case CHURN_RST_AFTER_REQUEST:
        send_all (fd, FFMPEG_PLAY, strlen (FFMPEG_PLAY));
        close_rst (fd);
        break;
      case CHURN_PLAIN_FIN:
        err = churn_stream (ch, fd, CURL_GET, 1000 + (i * 53) % 20000,
            "no plain stream");
        close (fd);
        break;
      case CHURN_HALF_CLOSE:
        /* our side ends; the server must take that as the end */
        err = churn_stream (ch, fd, VLC_PLAY, 100, "no play stream");
        shutdown (fd, SHUT_WR);
        read_some (fd, 4000);
        close (fd);
        break;
      case CHURN_RST_AT_CONNECT:
        close_rst (fd);
        break;
      default:
        g_assert_not_reached ();
    }
  next:
    if (err) {
      g_atomic_int_inc (&ch->failed);
      g_mutex_lock (&ch->lock);
      if (ch->errors->len < 2000)
        g_string_append_printf (ch->errors, "#%d (mode %d): %s\n", i, mode,
            err);
      g_mutex_unlock (&ch->lock);
    }
  }
  return NULL;
}

GST_START_TEST (test_churn)
{
  guint port, i, base_fds, connected = 0, disconnected = 0;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  GThread *workers[CHURN_WORKERS];
  Churn ch = { 0, };
  GHashTable *open_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
      g_free, NULL);
  GstStructure *msg;
  gint64 t0;
  guint soup_handler = watch_soup_warnings ();

  raise_fd_limit (4096);
  ch.port = port;
  ch.errors = g_string_new (NULL);
  g_mutex_init (&ch.lock);
  /* a key packet in the ring, so that fast start has a start */
  fail_unless (wmnet_test_wait_key_packet (p, 10000), "no key packet");
  /* the server runs in this process: a leaked connection shows here */
  base_fds = wmnet_test_count_entries ("/proc/self/fd");

  t0 = now_ms ();
  for (i = 0; i < CHURN_WORKERS; i++)
    workers[i] = g_thread_new ("churn", churn_worker, &ch);
  for (i = 0; i < CHURN_WORKERS; i++)
    g_thread_join (workers[i]);
  g_print ("churn: %d connections by %d workers in %" G_GINT64_FORMAT
      " ms, %d streamed\n", CHURN_CONNECTIONS, CHURN_WORKERS, now_ms () - t0,
      ch.streamed);
  fail_unless (ch.failed == 0, "%d connections failed:\n%s", ch.failed,
      ch.errors->str);

  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000), "%u clients left",
      wmnet_test_num_clients (p));
  g_print ("churn: num-clients 0 after %" G_GINT64_FORMAT " ms\n",
      now_ms () - t0);

  /* every connected client was also disconnected, once */
  while ((msg = wmnet_test_pop_element_message (p, "wmnetsink-client-", 1000))) {
    const gchar *name = gst_structure_get_name (msg);
    guint64 id;

    if (g_str_equal (name, "wmnetsink-client-connected")) {
      fail_unless (gst_structure_get_uint64 (msg, "id", &id));
      fail_if (g_hash_table_contains (open_ids, &id), "id %" G_GUINT64_FORMAT
          " connected twice", id);
      g_hash_table_add (open_ids, g_memdup2 (&id, sizeof (id)));
      connected++;
    } else if (g_str_equal (name, "wmnetsink-client-disconnected")) {
      fail_unless (gst_structure_get_uint64 (msg, "id", &id));
      fail_unless (g_hash_table_remove (open_ids, &id), "id %"
          G_GUINT64_FORMAT " disconnected but never connected", id);
      disconnected++;
    }
    gst_structure_free (msg);
  }
  g_print ("churn: %u connected, %u disconnected messages\n", connected,
      disconnected);
  fail_unless_equals_int (g_hash_table_size (open_ids), 0);
  fail_unless (connected >= (guint) ch.streamed, "%u connected messages for "
      "%d streams", connected, ch.streamed);
  fail_unless_equals_int (connected, disconnected);
  fail_unless (wmnet_test_wait_fds_at_most (base_fds + 4, 10000),
      "%u descriptors open, %u before the churn",
      wmnet_test_count_entries ("/proc/self/fd"), base_fds);

  check_ffmpeg_plays (port);
  check_soup_warnings (soup_handler);

  g_hash_table_unref (open_ids);
  g_string_free (ch.errors, TRUE);
  g_mutex_clear (&ch.lock);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* burst */

#define BURST_CLIENTS 1000
/* $D bytes each must get: a few packets */
#define BURST_WANT_DATA (16 * 1024)
#define BURST_BOUND_MS 30000

typedef struct
{
  int fd;
  gboolean connected;
  gsize sent;
  gint64 connected_ms;
  GByteArray *in;
  gssize head;
  gboolean done;
  const gchar *error;
} Burst;

GST_START_TEST (test_burst)
{
  guint port, i, pending = BURST_CLIENTS, done_ok = 0;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  Burst *b = g_new0 (Burst, BURST_CLIENTS);
  struct pollfd *pfd = g_new0 (struct pollfd, BURST_CLIENTS);
  guint *idx = g_new0 (guint, BURST_CLIENTS);
  GString *errors = g_string_new (NULL);
  gint64 t0, t_connect, max_connect = 0, end;
  gsize req_len = strlen (FFMPEG_PLAY);
  guint soup_handler = watch_soup_warnings ();

  raise_fd_limit (8192);
  /* a key packet in the ring */
  fail_unless (wmnet_test_wait_key_packet (p, 10000), "no key packet");

  t0 = now_ms ();
  for (i = 0; i < BURST_CLIENTS; i++) {
    b[i].fd = connect_nb (port);
    b[i].in = g_byte_array_new ();
    b[i].head = -1;
  }
  t_connect = now_ms () - t0;
  fail_unless (t_connect < 1000, "%u connects took %" G_GINT64_FORMAT " ms",
      BURST_CLIENTS, t_connect);

  end = t0 + BURST_BOUND_MS;
  while (pending > 0 && now_ms () < end) {
    guint n = 0;
    gint64 now;

    for (i = 0; i < BURST_CLIENTS; i++) {
      if (b[i].done)
        continue;
      pfd[n].fd = b[i].fd;
      pfd[n].events = POLLIN | (b[i].sent < req_len ? POLLOUT : 0);
      pfd[n].revents = 0;
      idx[n++] = i;
    }
    if (poll (pfd, n, 100) < 0 && errno != EINTR)
      fail ("poll: %s", g_strerror (errno));
    now = now_ms ();
    for (i = 0; i < n; i++) {
      Burst *c = &b[idx[i]];
      guint8 buf[16384];

      if (!c->connected && (pfd[i].revents & (POLLOUT | POLLERR | POLLHUP))) {
        gint err = 0;
        socklen_t el = sizeof (err);

        getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
        if (err) {
          c->error = g_strerror (err);
          c->done = TRUE;
          pending--;
          continue;
        }
        c->connected = TRUE;
        c->connected_ms = now - t0;
        max_connect = MAX (max_connect, c->connected_ms);
      }
      if (c->connected && c->sent < req_len && (pfd[i].revents & POLLOUT)) {
        gssize s = send (c->fd, FFMPEG_PLAY + c->sent, req_len - c->sent,
            MSG_NOSIGNAL);

        if (s > 0)
          c->sent += s;
        else if (s < 0 && errno != EAGAIN) {
          c->error = g_strerror (errno);
          c->done = TRUE;
          pending--;
          continue;
        }
      }
      if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        gssize r = recv (c->fd, buf, sizeof (buf), 0);

        if (r > 0) {
          g_byte_array_append (c->in, buf, r);
          if (c->head < 0)
            c->head = find_head_end (c->in->data, c->in->len);
          /* the head, a $H, then BURST_WANT_DATA more */
          if (c->head >= 0 && c->in->len >= c->head + 4) {
            gsize hlen = c->in->data[c->head + 2] |
                (c->in->data[c->head + 3] << 8);

            if (c->in->len >= c->head + 4 + hlen + BURST_WANT_DATA) {
              c->done = TRUE;
              pending--;
            }
          }
        } else if (r == 0 || errno != EAGAIN) {
          c->error = r == 0 ? "closed by the server" : g_strerror (errno);
          c->done = TRUE;
          pending--;
        }
      }
    }
  }
  g_print ("burst: %u connects issued in %" G_GINT64_FORMAT " ms, slowest "
      "connected after %" G_GINT64_FORMAT " ms, all served after %"
      G_GINT64_FORMAT " ms\n", BURST_CLIENTS, t_connect, max_connect,
      now_ms () - t0);

  for (i = 0; i < BURST_CLIENTS; i++) {
    Burst *c = &b[i];
    guint n_data = 0;
    gchar *why = NULL;

    if (c->error)
      why = g_strdup (c->error);
    else if (!c->done)
      why = g_strdup_printf ("%u bytes in %d ms", c->in->len, BURST_BOUND_MS);
    else if (memcmp (c->in->data, "HTTP/1.0 200 ", 13) != 0)
      why = g_strdup_printf ("%.40s", (gchar *) c->in->data);
    else
      why = check_framing (c->in->data + c->head, c->in->len - c->head,
          &n_data);
    if (why == NULL)
      done_ok++;
    else if (errors->len < 4000)
      g_string_append_printf (errors, "client %u: %s\n", i, why);
    g_free (why);
  }
  /* SYN retransmits take 1 s: an overflowing backlog shows here */
  fail_unless (max_connect < 1000, "a connect took %" G_GINT64_FORMAT " ms",
      max_connect);
  fail_unless_equals_int (done_ok, BURST_CLIENTS);
  fail_unless (errors->len == 0, "%s", errors->str);
  fail_unless (wmnet_test_wait_num_clients (p, BURST_CLIENTS, 5000),
      "%u clients", wmnet_test_num_clients (p));

  for (i = 0; i < BURST_CLIENTS; i++) {
    close (b[i].fd);
    g_byte_array_unref (b[i].in);
  }
  fail_unless (wmnet_test_wait_num_clients (p, 0, 20000), "%u clients left",
      wmnet_test_num_clients (p));
  check_soup_warnings (soup_handler);

  g_string_free (errors, TRUE);
  g_free (idx);
  g_free (pfd);
  g_free (b);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* meson's bound on the whole run is 300 s; each test takes well under */
WMNET_TEST_MAIN (wmnetsink_hostile, 150,
    WMNET_TEST (test_hostile_corpus),
    WMNET_TEST (test_churn), WMNET_TEST (test_burst));
