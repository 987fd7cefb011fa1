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

/* floor: the write floor of a live MS-WMSP fan-out (issue 28), for
 * bench/run. It serves an ASF file live to wmload's mmsh clients doing as
 * little as a server can: one epoll thread, non-blocking sockets, a fixed
 * answer to any request (the file's header as one $H; a describe is closed
 * after it), and the data as $D chunks written to every playing client
 * with one writev() per coalesce window, the window wmnetsink uses: it
 * opens at the first packet after the last one and closes COALESCE ms of
 * send time later (wmnetsink's coalesce-time, default 400 ms: ~57 KiB a
 * write at 1.16 Mbit/s). Every client gets the same bytes (one LocationId
 * sequence); a joiner starts at the next window. No parsing of requests
 * beyond their end and xPlayStrm=1, no access checks, no logs.
 *
 *   floor PORT FILE [--coalesce MS] [--address A.B.C.D]
 *
 * FILE: an ASF file (e.g. remuxed to 4096-byte packets, as wmnetsink
 * writes). On SIGTERM/SIGINT it prints its counters and exits 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define REQ_MAX 4096

typedef struct Client
{
  int fd;
  int playing;                  /* index in the players array, or -1 */
  uint32_t req_len;
  char *req;                    /* until the request's end, then NULL */
  /* what the last writev left of the window before (at most one) */
  const uint8_t *rest;
  uint32_t rest_len;
  uint64_t rest_win;
} Client;

static const uint8_t *file;
static size_t file_len;
static const uint8_t *asf_header;
static uint32_t header_len, pkt_size;
static uint64_t n_pkts, next_pkt;
static uint32_t base_ms;
static volatile sig_atomic_t stop;

/* the current window's chunks, and the one before (for short writes) */
static uint8_t *win[2];
static uint32_t win_len[2];
static uint64_t win_no;

static Client **players;
static uint32_t n_players, cap_players;
static uint64_t n_writes, n_bytes, n_short, n_dropped, n_accepted;

static void
die (const char *msg)
{
  fprintf (stderr, "floor: %s: %s\n", msg, strerror (errno));
  exit (1);
}

static uint32_t
rd32 (const uint8_t * p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t) p[3] << 24;
}

static const uint8_t file_props_guid[16] = {
  0xa1, 0xdc, 0xab, 0x8c, 0x47, 0xa9, 0xcf, 0x11,
  0x8e, 0xe4, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65
};

/* ASF spec 3.1 Header Object, 3.2 File Properties (packet size at 92),
 * 5.1 Data Object (50-byte header, then fixed-size packets) */
static void
load (const char *path)
{
  struct stat st;
  int fd = open (path, O_RDONLY);
  uint32_t off;

  if (fd < 0 || fstat (fd, &st) < 0)
    die (path);
  file_len = st.st_size;
  file = mmap (NULL, file_len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (file == MAP_FAILED)
    die ("mmap");
  close (fd);
  header_len = rd32 (file + 16);
  if (file_len < 30 || header_len + 50 > file_len || header_len > 60000) {
    fprintf (stderr, "floor: %s: not a usable ASF file\n", path);
    exit (1);
  }
  asf_header = file;
  for (off = 30; off + 24 <= header_len; off += rd32 (file + off + 16)) {
    if (memcmp (file + off, file_props_guid, 16) == 0)
      pkt_size = rd32 (file + off + 92);
    if (rd32 (file + off + 16) < 24)
      break;
  }
  if (pkt_size == 0 || pkt_size > 65000) {
    fprintf (stderr, "floor: %s: no fixed packet size\n", path);
    exit (1);
  }
  n_pkts = (file_len - header_len - 50) / pkt_size;
}

static const int field_len[4] = { 0, 1, 2, 4 };

/* ASF spec 5.2.2 Payload Parsing Information: the packet's send time (ms) */
static uint32_t
send_time (uint64_t i)
{
  const uint8_t *p = file + header_len + 50 + i * pkt_size;
  uint32_t o = 0;
  uint8_t lt;

  if (p[0] & 0x80)
    o = 1 + (p[0] & 0x0f);
  lt = p[o];
  o += 2 + field_len[(lt >> 5) & 3] + field_len[(lt >> 1) & 3] +
      field_len[(lt >> 3) & 3];
  return rd32 (p + o);
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
put_chunk (uint8_t * d, char type, uint32_t seq, const uint8_t * payload,
    uint32_t len)
{
  uint16_t l = len + 8;

  d[0] = '$';
  d[1] = type;
  memcpy (d + 2, &l, 2);
  memcpy (d + 4, &seq, 4);
  d[8] = 0;
  d[9] = type == 'H' ? 0x0c : 0;
  memcpy (d + 10, &l, 2);
  memcpy (d + 12, payload, len);
}

static void
player_remove (Client * c)
{
  if (c->playing < 0)
    return;
  players[c->playing] = players[--n_players];
  players[c->playing]->playing = c->playing;
  c->playing = -1;
}

static void
client_close (int ep, Client * c)
{
  epoll_ctl (ep, EPOLL_CTL_DEL, c->fd, NULL);
  close (c->fd);
  player_remove (c);
  free (c->req);
  free (c);
}

/* The request is complete: the fixed answer, then a describe is closed
 * and a play joins the next window. */
static int
answer (Client * c)
{
  static uint8_t *resp;
  static uint32_t resp_len;
  ssize_t w;

  if (!resp) {
    static const char http[] = "HTTP/1.0 200 OK\r\n"
        "Content-Type: application/x-mms-framed\r\n"
        "Server: floor\r\nPragma: no-cache\r\n\r\n";
    uint32_t hl = sizeof (http) - 1;

    resp = malloc (hl + 12 + header_len);
    memcpy (resp, http, hl);
    put_chunk (resp + hl, 'H', 0, asf_header, header_len);
    resp_len = hl + 12 + header_len;
  }
  w = write (c->fd, resp, resp_len);
  if (w != (ssize_t) resp_len)
    return -1;
  if (!memmem (c->req, c->req_len, "xPlayStrm=1", 11))
    return -1;
  free (c->req);
  c->req = NULL;
  if (n_players == cap_players) {
    cap_players = cap_players ? cap_players * 2 : 1024;
    players = realloc (players, cap_players * sizeof (*players));
    if (!players)
      die ("realloc");
  }
  c->playing = n_players;
  players[n_players++] = c;
  return 0;
}

static void
on_readable (int ep, Client * c)
{
  char buf[REQ_MAX];
  ssize_t r = read (c->fd, buf, sizeof (buf));

  if (r <= 0) {
    if (r < 0 && errno == EAGAIN)
      return;
    client_close (ep, c);
    return;
  }
  if (!c->req)
    return;                     /* a player's further bytes are ignored */
  if (c->req_len + r > REQ_MAX) {
    client_close (ep, c);
    return;
  }
  memcpy (c->req + c->req_len, buf, r);
  c->req_len += r;
  if (memmem (c->req, c->req_len, "\r\n\r\n", 4) && answer (c) < 0)
    client_close (ep, c);
}

static void
on_accept (int ep, int lfd)
{
  for (;;) {
    int fd = accept4 (lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    struct epoll_event ev;
    Client *c;

    if (fd < 0)
      return;
    c = calloc (1, sizeof (*c));
    c->fd = fd;
    c->playing = -1;
    c->req = malloc (REQ_MAX);
    ev.events = EPOLLIN;
    ev.data.ptr = c;
    epoll_ctl (ep, EPOLL_CTL_ADD, fd, &ev);
    n_accepted++;
  }
}

/* The window ending at media time @end_ms: its packets as $D chunks,
 * written to every player with one writev (with what a short write left
 * of the window before, if anything; a player two windows behind is
 * dropped). */
static void
write_window (int ep, uint32_t end_ms)
{
  static uint32_t seq;
  uint32_t cur = win_no & 1, i, len = 0;
  ssize_t w;

  while (next_pkt < n_pkts && send_time (next_pkt) - base_ms <= end_ms) {
    put_chunk (win[cur] + len, 'D', seq++, file + header_len + 50 +
        next_pkt * pkt_size, pkt_size);
    len += 12 + pkt_size;
    next_pkt++;
    if (len + 12 + pkt_size > 16u << 20)
      break;
  }
  win_len[cur] = len;
  if (len == 0)
    return;
  for (i = 0; i < n_players;) {
    Client *c = players[i];
    struct iovec iov[2];
    int n = 0;
    size_t want;

    if (c->rest_len && c->rest_win + 1 != win_no) {
      n_dropped++;
      client_close (ep, c);
      continue;
    }
    if (c->rest_len)
      iov[n++] = (struct iovec) {
      (void *) c->rest, c->rest_len
      };
    iov[n++] = (struct iovec) {
      win[cur], len
    };
    want = c->rest_len + len;
    w = writev (c->fd, iov, n);
    n_writes++;
    if (w < 0) {
      if (errno != EAGAIN) {
        client_close (ep, c);
        continue;
      }
      w = 0;
    }
    n_bytes += w;
    if ((size_t) w < want) {
      n_short++;
      if ((size_t) w < c->rest_len) {
        /* not even the window before went out */
        n_dropped++;
        client_close (ep, c);
        continue;
      }
      c->rest = win[cur] + (w - c->rest_len);
      c->rest_len = want - w;
      c->rest_win = win_no;
    } else {
      c->rest_len = 0;
    }
    i++;
  }
  win_no++;
}

static void
on_signal (int s)
{
  stop = 1;
}

int
main (int argc, char **argv)
{
  struct sockaddr_in sa = {.sin_family = AF_INET };
  struct epoll_event ev, evs[256];
  const char *address = "127.0.0.1";
  double t0, coalesce = 400, close_at = -1;
  int lfd, ep, one = 1, i;

  if (argc < 3) {
    fprintf (stderr, "usage: floor PORT FILE [--coalesce MS] "
        "[--address A.B.C.D]\n");
    return 2;
  }
  for (i = 3; i + 1 < argc; i += 2) {
    if (strcmp (argv[i], "--coalesce") == 0)
      coalesce = atof (argv[i + 1]);
    else if (strcmp (argv[i], "--address") == 0)
      address = argv[i + 1];
  }
  load (argv[2]);
  win[0] = malloc (16u << 20);
  win[1] = malloc (16u << 20);
  base_ms = send_time (0);
  signal (SIGPIPE, SIG_IGN);
  signal (SIGTERM, on_signal);
  signal (SIGINT, on_signal);

  lfd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  setsockopt (lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof (one));
  sa.sin_port = htons (atoi (argv[1]));
  inet_pton (AF_INET, address, &sa.sin_addr);
  if (bind (lfd, (struct sockaddr *) &sa, sizeof (sa)) < 0
      || listen (lfd, 4096) < 0)
    die ("listen");
  ep = epoll_create1 (EPOLL_CLOEXEC);
  ev.events = EPOLLIN;
  ev.data.ptr = NULL;
  epoll_ctl (ep, EPOLL_CTL_ADD, lfd, &ev);

  t0 = now_ms ();
  while (!stop) {
    double t = now_ms () - t0;
    int n, timeout = 1000;

    /* the window opens at the first packet due and closes coalesce later */
    if (close_at < 0 && next_pkt < n_pkts
        && send_time (next_pkt) - base_ms <= t)
      close_at = send_time (next_pkt) - base_ms + coalesce;
    if (close_at >= 0 && t >= close_at) {
      write_window (ep, close_at);
      close_at = -1;
      continue;
    }
    if (close_at >= 0)
      timeout = (int) (close_at - t) + 1;
    else if (next_pkt < n_pkts)
      timeout = (int) (send_time (next_pkt) - base_ms - t) + 1;
    if (timeout < 0)
      timeout = 0;
    n = epoll_wait (ep, evs, 256, timeout);
    for (i = 0; i < n; i++) {
      if (evs[i].data.ptr == NULL)
        on_accept (ep, lfd);
      else
        on_readable (ep, evs[i].data.ptr);
    }
  }
  printf ("floor: accepted %llu, players %u, windows %llu, writes %llu, "
      "bytes %llu (%.0f a write), short writes %llu, dropped %llu\n",
      (unsigned long long) n_accepted, n_players,
      (unsigned long long) win_no, (unsigned long long) n_writes,
      (unsigned long long) n_bytes, n_writes ? (double) n_bytes / n_writes
      : 0, (unsigned long long) n_short, (unsigned long long) n_dropped);
  return 0;
}
