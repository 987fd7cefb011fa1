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

/* Hostile and broken pushers against an origin, written from
 * [MS-WMHTTP] (2.2.2's requests, 2.2.3's packets) and RFC 9112: in a
 * process of its own (wmnet-test-server, --share-port), `wmnetpushsrc
 * name=src publishing-point=/live ! wmnetserversink name=s
 * publishing-point=/live` and `wmnetpushsrc name=body
 * publishing-point=/body ! fakesink` share one port (D69, D71). A pusher
 * feeds /live and a player plays it through the origin before the corpus
 * starts. The corpus: malformed request lines, broken Content-Length and
 * Content-Type, sessions that do not exist, pipelined, slow and
 * oversized heads, Expect, HTTP/1.0, absolute URIs, many
 * PushSetups at once, all at once on /live; hostile bodies on /body (its
 * own session each); connections dropped at every byte offset of a good
 * push on /body. Each request is answered 4xx/5xx or closed, within a
 * bound; the player's data never stops and the broadcast is untouched
 * (no header change, every packet out); the process neither crashes nor
 * stalls (a good push on /body works at the end); every refusal posted
 * names a reason of docs/wmnetpushsrc.md's table, the ones the cases
 * expect, and `stats` counts them all. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <gst/check/gstcheck.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libs/wmnetasfbuild.h"
#include "wmnettestproc.h"
#include "wmnettestpush.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

/* every element on 127.0.0.1: a test server listens on loopback only */
#define DESC "wmnetpushsrc name=src address=127.0.0.1 publishing-point=/live ! " \
  "wmnetserversink name=s address=127.0.0.1 port=0 publishing-point=/live " \
  "wmnetpushsrc name=body address=127.0.0.1 publishing-point=/body ! fakesink"
#define PACKET_SIZE 512
#define FEED_MS 20
/* every case settled within it; the player never waits longer for data */
#define BOUND_MS (10000 * wmnet_test_time_factor ())
#define GAP_MS (2000 * wmnet_test_time_factor ())
#define H "Host: 127.0.0.1\r\n"
/* with an encoder's User-Agent, which a push needs (3.2.5.1) */
#define SETUP_TYPE "Content-Type: application/x-wms-pushsetup\r\n" \
  "User-Agent: WMEncoder/9.0\r\n"
#define START_TYPE "Content-Type: application/x-wms-pushstart\r\n" \
  "User-Agent: WMEncoder/9.0\r\n"

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static guint
count_lines (WmnetTestProc * proc, const gchar * prefix)
{
  gchar **l = wmnet_test_proc_lines (proc, prefix);
  guint n = g_strv_length (l);

  g_strfreev (l);
  return n;
}

/* ------------------------------------------------------------------ */
/* the running broadcast: a pusher fed from a thread, a player reading */

typedef struct
{
  GSocket *pusher, *player;
  GThread *feeder, *reader;
  gint stop;
  guint fed;                    /* $D sent after the first PushStart's */
  gint got;                     /* bytes the player read (atomic) */
  gint64 max_gap_ms;            /* the player thread's until joined */
  gint player_ended;            /* atomic */
} Broadcast;

static GByteArray *
make_packet (guint i)
{
  GByteArray *p = g_byte_array_new ();
  PayloadSpec ps = { V, i % 25 == 0, 0, 100 + i % 200, FALSE };

  build_packet (p, PACKET_SIZE, &ps, 1, 40 * i, FALSE);
  return p;
}

static gpointer
feed (gpointer data)
{
  Broadcast *b = data;

  while (!g_atomic_int_get (&b->stop)) {
    GByteArray *p = make_packet (b->fed + 5), *d = g_byte_array_new ();

    wmnet_test_push_put (d, 'D', p->data, p->len);
    if (!wmnet_test_send_all (b->pusher, (const gchar *) d->data, d->len))
      g_atomic_int_set (&b->stop, 2);
    else
      b->fed++;
    g_byte_array_unref (d);
    g_byte_array_unref (p);
    g_usleep (FEED_MS * 1000);
  }
  return NULL;
}

static gpointer
play (gpointer data)
{
  Broadcast *b = data;
  struct pollfd pfd = { g_socket_get_fd (b->player), POLLIN, 0 };
  gint64 last = now_ms ();
  gchar buf[16384];

  while (!g_atomic_int_get (&b->stop)) {
    gssize n;

    if (poll (&pfd, 1, 100) <= 0) {
      b->max_gap_ms = MAX (b->max_gap_ms, now_ms () - last);
      continue;
    }
    n = recv (pfd.fd, buf, sizeof (buf), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      g_atomic_int_set (&b->player_ended, TRUE);
      break;
    }
    if (n > 0) {
      b->max_gap_ms = MAX (b->max_gap_ms, now_ms () - last);
      last = now_ms ();
      g_atomic_int_add (&b->got, n);
    }
  }
  return NULL;
}

/* $H of the default header, then @n $D */
static GByteArray *
good_body (guint n)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec), *body = g_byte_array_new ();
  guint i;

  wmnet_test_push_put (body, 'H', h->data, h->len);
  for (i = 0; i < n; i++) {
    GByteArray *p = make_packet (i);

    wmnet_test_push_put (body, 'D', p->data, p->len);
    g_byte_array_unref (p);
  }
  g_byte_array_unref (h);
  return body;
}

static void
broadcast_start (Broadcast * b, WmnetTestProc * proc, guint port)
{
  GByteArray *body = good_body (5);
  const gchar *get = "GET /live HTTP/1.0\r\n" H
      "User-Agent: NSPlayer/7.10.0.3059\r\nPragma: xPlayStrm=1\r\n\r\n";
  gchar *id;

  memset (b, 0, sizeof (*b));
  b->pusher = wmnet_test_push_connect (port, NULL);
  id = wmnet_test_push_setup (b->pusher, "/live");
  wmnet_test_push_request (b->pusher, "/live", "pushstart", id, G_MAXINT32,
      body->data, body->len);
  fail_unless (wmnet_test_proc_wait_lines (proc, "push-connected src", 1,
          BOUND_MS));
  b->player = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (b->player != NULL);
  fail_unless (wmnet_test_send_all (b->player, get, strlen (get)));
  b->feeder = g_thread_new ("feeder", feed, b);
  b->reader = g_thread_new ("player", play, b);
  g_free (id);
  g_byte_array_unref (body);
}

/* Joins the threads (the connections stay open); TRUE when the player
 * still had its connection. */
static gboolean
broadcast_stop (Broadcast * b)
{
  g_atomic_int_set (&b->stop, 1);
  g_thread_join (b->feeder);
  g_thread_join (b->reader);
  return !g_atomic_int_get (&b->player_ended);
}

static gboolean
player_got (gpointer data)
{
  Broadcast *b = data;

  return g_atomic_int_get (&b->got) >= 8 * PACKET_SIZE
      || g_atomic_int_get (&b->player_ended);
}

/* ------------------------------------------------------------------ */
/* the corpus */

typedef struct
{
  gchar *name;
  GBytes *data;
  guint drip_ms;                /* a byte every drip_ms */
  const gchar *want_reason;     /* the refusal the element posts, or NULL */
  guint want_status;            /* and its status; 0: any 4xx/5xx */

  int fd;
  guint local_port;
  gsize sent;
  gint64 next;
  GByteArray *in;
  gboolean settled, closed;
  guint status;                 /* the first final status line's */
} Case;

static Case *
add (GPtrArray * corpus, const gchar * name, GString * req,
    const gchar * reason, guint status)
{
  Case *c = g_new0 (Case, 1);

  c->name = g_strdup (name);
  c->data = g_bytes_new (req->str, req->len);
  c->want_reason = reason;
  c->want_status = status;
  c->fd = -1;
  c->in = g_byte_array_new ();
  g_string_free (req, TRUE);
  g_ptr_array_add (corpus, c);
  return c;
}

/* a request to /live of push type @type ("pushsetup"...), with @extra
 * headers and Content-Length @length (NULL: none), then @body */
static GString *
req (const gchar * line, const gchar * type, const gchar * extra,
    const gchar * length, const gchar * body)
{
  GString *s = g_string_new (line ? line : "POST /live HTTP/1.1");

  g_string_append (s, "\r\n" H);
  if (type)
    g_string_append_printf (s, "Content-Type: application/x-wms-%s\r\n"
        "User-Agent: WMEncoder/9.0\r\n", type);
  g_string_append (s, extra ? extra : "");
  if (length)
    g_string_append_printf (s, "Content-Length: %s\r\n", length);
  g_string_append (s, "\r\n");
  g_string_append (s, body ? body : "");
  return s;
}

static void
case_free (Case * c)
{
  g_clear_pointer (&c->in, g_byte_array_unref);
  g_clear_pointer (&c->data, g_bytes_unref);
  g_clear_pointer (&c->name, g_free);
  if (c->fd != -1)
    close (c->fd);
  g_free (c);
}

static GPtrArray *
build_corpus (void)
{
  static const gchar nul[] = "POST /live HTTP/1.1\r\n" H SETUP_TYPE
      "X-A: a\0b\r\nContent-Length: 0\r\n\r\n";
  GPtrArray *cs = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  GString *big = g_string_new ("X-Big: ");
  GString *many = g_string_new (NULL);
  GString *longid = g_string_new ("Cookie: push-id=");
  GByteArray *body = good_body (2);
  GString *s;
  Case *c;
  guint i;

  /* request lines (RFC 9112 3) */
  add (cs, "version 2.5", req ("POST /live HTTP/2.5", "pushsetup", NULL, "0",
          NULL), "malformed", 505);
  add (cs, "version garbage", req ("POST /live HTTX/1.1", "pushsetup", NULL,
          "0", NULL), "malformed", 400);
  add (cs, "no version", req ("POST /live", "pushsetup", NULL, "0", NULL),
      NULL, 0);
  add (cs, "no target", req ("POST", "pushsetup", NULL, "0", NULL), NULL, 0);
  add (cs, "absolute uri", req ("POST http://127.0.0.1/live HTTP/1.1",
          "pushsetup", "Cookie: push-id=0\r\n", "0", NULL), "busy", 409);
  add (cs, "http/1.0", req ("POST /live HTTP/1.0", "pushsetup", NULL, "0",
          NULL), "busy", 409);
  add (cs, "no host", g_string_new ("POST /live HTTP/1.1\r\n" SETUP_TYPE
          "Content-Length: 0\r\n\r\n"), "malformed", 400);
  add (cs, "no user-agent", g_string_new ("POST /live HTTP/1.1\r\n" H
          "Content-Type: application/x-wms-pushsetup\r\n"
          "Content-Length: 0\r\n\r\n"), "user-agent", 400);
  add (cs, "nul in header", g_string_new_len (nul, sizeof (nul) - 1), NULL, 0);
  /* Content-Length (3.1.4.1.1, 3.1.4.2.1; RFC 9112 6.3) */
  add (cs, "length overflow", req (NULL, "pushstart", "Cookie: push-id=1\r\n",
          "99999999999999999999999", NULL), NULL, 400);
  add (cs, "length int64 max", req (NULL, "pushstart", "Cookie: push-id=1\r\n",
          "9223372036854775807", NULL), "unknown-push-id", 400);
  add (cs, "length negative", req (NULL, "pushsetup", NULL, "-5", NULL),
      "length", 400);
  add (cs, "length twice", req (NULL, "pushsetup", "Content-Length: 2\r\n",
          "1", "x"), "length", 400);
  add (cs, "length missing", req (NULL, "pushsetup", NULL, NULL, NULL),
      "length", 411);
  add (cs, "setup too big", req (NULL, "pushsetup", NULL, "100000", NULL),
      "length", 413);
  add (cs, "chunked", req (NULL, "pushstart", "Cookie: push-id=1\r\n"
          "Transfer-Encoding: chunked\r\n", NULL, "5\r\n$H\1\0\0\r\n"),
      "length", 411);
  add (cs, "chunked and length", req (NULL, "pushstart",
          "Transfer-Encoding: chunked\r\n", "5", NULL), "length", 411);
  /* Content-Type (2.2.1.1) */
  add (cs, "type spaced", req (NULL, "pushstart ; charset=x",
          "Cookie: push-id=0\r\n", "0", NULL), "unknown-push-id", 400);
  add (cs, "type twice", req (NULL, "pushsetup", "Content-Type: text/plain\r\n",
          "0", NULL), "content-type", 415);
  add (cs, "type other", req (NULL, "pushsetupx", NULL, "0", NULL), NULL, 0);
  add (cs, "type missing", req (NULL, NULL, NULL, "0", NULL), NULL, 0);
  /* sessions (3.2.5.1, 3.2.5.2) */
  add (cs, "start without setup", req (NULL, "pushstart", NULL,
          "2147483647", NULL), "unknown-push-id", 400);
  add (cs, "forged push-id", req (NULL, "pushstart",
          "Cookie: push-id=0123456789abcdef\r\n", "2147483647", NULL),
      "unknown-push-id", 400);
  add (cs, "empty push-id", req (NULL, "pushstart", "Cookie: push-id=\r\n",
          "10", NULL), "unknown-push-id", 400);
  for (i = 0; i < 3000; i++)
    g_string_append_c (longid, '9');
  g_string_append (longid, "\r\n");
  add (cs, "overflowing push-id", req (NULL, "pushstart", longid->str, "10",
          NULL), "unknown-push-id", 400);
  add (cs, "cookie soup", req (NULL, "pushsetup", "Cookie: ;;,,=;push-id;"
          "push-id=1=2;push-id\r\n", "0", NULL), "unknown-push-id", 400);
  add (cs, "setup unknown id", req (NULL, "pushsetup",
          "Cookie: push-id=ffff\r\n", "0", NULL), "unknown-push-id", 400);
  s = req (NULL, "pushstart", "Cookie: push-id=0123456789abcdef\r\n",
      "2147483647", NULL);
  g_string_append_len (s, (const gchar *) body->data, body->len);
  add (cs, "start with body, unknown id", s, "unknown-push-id", 400);
  /* heads: pipelined, slow, oversized, Expect */
  s = req (NULL, "pushsetup", "Cookie: push-id=0\r\n", "0", NULL);
  g_string_append_printf (s, "POST /live HTTP/1.1\r\n" H START_TYPE
      "Cookie: push-id=0\r\nContent-Length: %u\r\n\r\n", body->len);
  g_string_append_len (s, (const gchar *) body->data, body->len);
  add (cs, "pipelined", s, "busy", 409);
  c = add (cs, "byte by byte", req (NULL, "pushsetup", "Cookie: push-id=0\r\n",
          "0", NULL), "busy", 409);
  c->drip_ms = 5;
  for (i = 0; i < 70000; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "\r\n");
  add (cs, "huge header", req (NULL, "pushsetup", big->str, "0", NULL),
      NULL, 0);
  for (i = 0; i < 2000; i++)
    g_string_append_printf (many, "X-%u: y\r\n", i);
  add (cs, "many headers", req (NULL, "pushsetup", many->str, "0", NULL),
      NULL, 0);
  add (cs, "expect 100-continue", req (NULL, "pushsetup",
          "Expect: 100-continue\r\nCookie: push-id=0\r\n", "10", NULL),
      "busy", 409);
  /* many PushSetups at once, each refused: the pusher has the point */
  for (i = 0; i < 40; i++) {
    gchar *name = g_strdup_printf ("parallel setup %u", i);

    add (cs, name, req (NULL, "pushsetup", NULL, "0", NULL), "busy", 409);
    g_free (name);
  }
  g_string_free (big, TRUE);
  g_string_free (many, TRUE);
  g_string_free (longid, TRUE);
  g_byte_array_unref (body);
  return cs;
}

static int
connect_nb (guint port)
{
  struct sockaddr_in a4 = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  gint r;

  fail_unless (fd >= 0);
  a4.sin_family = AF_INET;
  a4.sin_port = htons (port);
  a4.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  r = connect (fd, (struct sockaddr *) &a4, sizeof (a4));
  fail_unless (r == 0 || errno == EINPROGRESS, "connect: %s",
      g_strerror (errno));
  return fd;
}

static guint
local_port (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof (ss);

  fail_unless (getsockname (fd, (struct sockaddr *) &ss, &len) == 0);
  return ss.ss_family == AF_INET6 ? ntohs (((struct sockaddr_in6 *)
          &ss)->sin6_port) : ntohs (((struct sockaddr_in *) &ss)->sin_port);
}

/* The first final (not 1xx) status of what came, 0 while none. */
static guint
final_status (GByteArray * in)
{
  gsize off = 0;

  while (off + 12 <= in->len && memcmp (in->data + off, "HTTP/1.", 7) == 0) {
    guint st = g_ascii_strtoull ((const gchar *) in->data + off + 9, NULL,
        10);
    const gchar *end = g_strstr_len ((const gchar *) in->data + off,
        in->len - off, "\r\n\r\n");

    if (st >= 200 || st < 100)
      return st;
    if (end == NULL)
      return 0;
    off = end + 4 - (const gchar *) in->data;
  }
  return 0;
}

static void
case_step (Case * c, short revents, gint64 now)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (c->data, &len);
  guint8 buf[8192];
  gssize n;

  if ((revents & POLLOUT) && c->sent < len && now >= c->next) {
    n = send (c->fd, data + c->sent, c->drip_ms ? 1 : len - c->sent,
        MSG_NOSIGNAL);
    if (n > 0)
      c->sent += n;
    else if (n < 0 && errno != EAGAIN && errno != EINTR)
      c->sent = len;            /* the server gave up on us: read */
    c->next = now + c->drip_ms;
  }
  if (!(revents & (POLLIN | POLLHUP | POLLERR)))
    return;
  while ((n = recv (c->fd, buf, sizeof (buf), 0)) > 0)
    g_byte_array_append (c->in, buf, n);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    c->closed = TRUE;
  c->status = final_status (c->in);
  c->settled = c->closed || c->status != 0;
}

/* Everything at once, each case until answered or closed, within
 * BOUND_MS; fails on a case that is not. */
static void
run_corpus (GPtrArray * cs, guint port)
{
  struct pollfd *pfd = g_new0 (struct pollfd, cs->len);
  Case **idx = g_new0 (Case *, cs->len);
  gint64 end = now_ms () + BOUND_MS;
  guint i, n;

  for (i = 0; i < cs->len; i++) {
    Case *c = g_ptr_array_index (cs, i);

    c->fd = connect_nb (port);
    c->local_port = local_port (c->fd);
  }
  do {
    for (i = 0, n = 0; i < cs->len; i++) {
      Case *c = g_ptr_array_index (cs, i);

      if (c->settled)
        continue;
      pfd[n].fd = c->fd;
      pfd[n].events = POLLIN | (c->sent < g_bytes_get_size (c->data) ?
          POLLOUT : 0);
      idx[n++] = c;
    }
    if (n == 0)
      break;
    fail_unless (poll (pfd, n, 10) >= 0 || errno == EINTR);
    for (i = 0; i < n; i++)
      case_step (idx[i], pfd[i].revents, now_ms ());
  } while (now_ms () < end);
  for (i = 0; i < cs->len; i++) {
    Case *c = g_ptr_array_index (cs, i);

    fail_unless (c->settled, "%s: neither answered nor closed in %u ms",
        c->name, BOUND_MS);
    fail_unless (c->closed || c->status >= 400, "%s: answered %u", c->name,
        c->status);
    fail_unless (c->want_status == 0 || c->status == c->want_status,
        "%s: answered %u, not %u", c->name, c->status, c->want_status);
  }
  g_free (pfd);
  g_free (idx);
}

/* ------------------------------------------------------------------ */
/* what the process said */

/* The reasons of docs/wmnetpushsrc.md's refusal table (its third column's
 * `words`). */
static GHashTable *
documented_reasons (void)
{
  gchar *path = g_build_filename (g_getenv ("WMNET_SOURCE_ROOT"), "docs",
      "wmnetpushsrc.md", NULL);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  gchar *text = NULL, **lines, *table;
  guint i;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "%s", path);
  table = strstr (text, "| check | status | reason |");
  fail_unless (table != NULL, "no refusal table in %s", path);
  lines = g_strsplit (table, "\n", -1);
  for (i = 2; lines[i] && lines[i][0] == '|'; i++) {
    gchar **cols = g_strsplit (lines[i], "|", -1), **words;
    guint j;

    fail_unless (g_strv_length (cols) >= 5, "%s", lines[i]);
    words = g_strsplit (cols[3], "`", -1);
    for (j = 1; words[j]; j += 2)
      g_hash_table_add (set, g_strdup (words[j]));
    g_strfreev (words);
    g_strfreev (cols);
  }
  fail_unless (g_hash_table_size (set) > 5);
  g_strfreev (lines);
  g_free (text);
  g_free (path);
  return set;
}

/* The refused counters of every wmnetpushsrc, summed, from the process */
static guint64
refused_in_stats (WmnetTestProc * proc)
{
  guint before = g_strv_length (wmnet_test_proc_lines (proc,
          "push-stats-end")), i;
  gchar **lines;
  guint64 sum = 0;

  wmnet_test_proc_tell (proc, "stats");
  fail_unless (wmnet_test_proc_wait_lines (proc, "push-stats-end", before + 1,
          BOUND_MS));
  lines = wmnet_test_proc_lines (proc, "push-stats ");
  /* the last answer's: two elements */
  for (i = g_strv_length (lines) - 2; lines[i]; i++) {
    GstStructure *st = gst_structure_from_string (strchr (lines[i] + 11, ' ')
        + 1, NULL);
    guint64 n = 0;

    fail_unless (st != NULL, "%s", lines[i]);
    fail_unless (gst_structure_get_uint64 (st, "refused", &n));
    sum += n;
    gst_structure_free (st);
  }
  g_strfreev (lines);
  return sum;
}

/* Every refusal line names a documented reason; each case that expects
 * one has its line (by its port); returns how many lines there are. */
static guint
check_refusals (WmnetTestProc * proc, GPtrArray * cs)
{
  GHashTable *reasons = documented_reasons ();
  gchar **lines = wmnet_test_proc_lines (proc, "push-refused ");
  guint i, j, n = g_strv_length (lines);

  for (i = 0; lines[i]; i++) {
    gchar **f = g_strsplit (lines[i], " ", -1);

    fail_unless (g_strv_length (f) == 5, "%s", lines[i]);
    fail_unless (g_hash_table_contains (reasons, f[2]),
        "%s: the reason is not in docs/wmnetpushsrc.md's table", lines[i]);
    fail_unless (atoi (f[3]) >= 400, "%s", lines[i]);
    g_strfreev (f);
  }
  for (j = 0; cs && j < cs->len; j++) {
    Case *c = g_ptr_array_index (cs, j);
    gchar *want;
    gboolean found = FALSE;

    if (c->want_reason == NULL)
      continue;
    want = g_strdup_printf (" %s %u %u", c->want_reason, c->want_status,
        c->local_port);
    for (i = 0; lines[i] && !found; i++)
      found = g_str_has_suffix (lines[i], want);
    fail_unless (found, "%s: no refusal '%s' posted", c->name, want);
    g_free (want);
  }
  g_strfreev (lines);
  g_hash_table_unref (reasons);
  return n;
}

/* ------------------------------------------------------------------ */
/* /body: one session at a time */

/* A new session on /body and a PushStart of @len bytes of @body; the
 * answer (its status, 0 when closed without one) within the bound. */
static guint
push_body (WmnetTestProc * proc, guint port, const guint8 * body, gsize len)
{
  GSocket *sock = wmnet_test_push_connect (port, NULL);
  gchar *id, *head;
  guint status = 0;

  id = wmnet_test_push_setup (sock, "/body");
  wmnet_test_push_request (sock, "/body", "pushstart", id, len, body, len);
  head = wmnet_test_push_read_head (sock);
  if (g_str_has_prefix (head, "HTTP/1.1 "))
    status = atoi (head + 9);
  g_free (head);
  g_free (id);
  g_object_unref (sock);
  return status;
}

static void
check_bodies (WmnetTestProc * proc, guint port)
{
  GByteArray *b;
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec), *p = make_packet (3);
  guint8 junk[300];
  guint i;

  for (i = 0; i < sizeof (junk); i++)
    junk[i] = i * 7;
  /* $H whose length runs past the body (D73) */
  b = g_byte_array_new ();
  g_byte_array_append (b, (const guint8 *) "$H\xd0\x07", 4);
  g_byte_array_append (b, h->data, 100);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  /* $D before $H */
  b = g_byte_array_new ();
  wmnet_test_push_put (b, 'D', p->data, p->len);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  /* a $C loop: the same header 200 times changes nothing; complete */
  b = good_body (1);
  for (i = 0; i < 200; i++) {
    g_byte_array_append (b, (const guint8 *) "$C", 2);
    g_byte_array_append (b, (const guint8 *) "\0\0", 2);
    GST_WRITE_UINT16_LE (b->data + b->len - 2, h->len + 4);
    g_byte_array_append (b, (const guint8 *) "\1\0\0\0", 4);
    g_byte_array_append (b, h->data, h->len);
  }
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 204);
  g_byte_array_unref (b);
  /* a header change to garbage */
  b = good_body (1);
  g_byte_array_append (b, (const guint8 *) "$C\x30\x01\1\0\0\0", 8);
  g_byte_array_append (b, junk, 300);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  /* a $H over 65,531 bytes */
  b = g_byte_array_new ();
  g_byte_array_append (b, (const guint8 *) "$H\xff\xff", 4);
  g_byte_array_append (b, junk, 100);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  /* $E in the middle of a $D: the $D's bytes, then the body ends */
  b = good_body (1);
  g_byte_array_append (b, (const guint8 *) "$D\x00\x02", 4);
  g_byte_array_append (b, p->data, 100);
  wmnet_test_push_put_end (b, 0);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  /* an $E of 2 bytes; an unknown type; no framing at all */
  b = good_body (1);
  g_byte_array_append (b, (const guint8 *) "$E\x02\x00\0\0", 6);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  b = good_body (1);
  g_byte_array_append (b, (const guint8 *) "$X\x04\x00\0\0\0\0", 8);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 400);
  g_byte_array_unref (b);
  fail_unless_equals_int (push_body (proc, port, junk, sizeof (junk)), 400);
  /* and a good one still works: $E(S_OK) ends it without an answer
   * (3.2.5.5) */
  b = good_body (2);
  wmnet_test_push_put_end (b, 0);
  fail_unless_equals_int (push_body (proc, port, b->data, b->len), 0);
  fail_unless (wmnet_test_proc_wait_lines (proc, "push-disconnected body end",
          1, BOUND_MS));
  g_byte_array_unref (b);
  g_byte_array_unref (h);
  g_byte_array_unref (p);
}

/* Sends @len bytes of @data on a new connection and drops it. */
static void
send_and_drop (guint port, const guint8 * data, gsize len)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

  fail_unless (sock != NULL);
  if (len)
    fail_unless (wmnet_test_send_all (sock, (const gchar *) data, len));
  g_object_unref (sock);
}

/* A good push to /body cut at every byte offset: the PushSetup request,
 * then (with a push-id) the PushStart's head and body. */
static void
drop_everywhere (WmnetTestProc * proc, guint port)
{
  GString *setup = req ("POST /body HTTP/1.1", "pushsetup",
      "Cookie: push-id=0\r\n", "0", NULL);
  GByteArray *body = good_body (2), *start = g_byte_array_new ();
  GSocket *sock;
  gchar *id, *head;
  gsize i;

  for (i = 0; i < setup->len; i++)
    send_and_drop (port, (const guint8 *) setup->str, i);
  sock = wmnet_test_push_connect (port, NULL);
  id = wmnet_test_push_setup (sock, "/body");
  g_object_unref (sock);
  head = g_strdup_printf ("POST /body HTTP/1.1\r\n" H START_TYPE
      "Cookie: push-id=%s\r\nContent-Length: 2147483647\r\n\r\n", id);
  g_byte_array_append (start, (const guint8 *) head, strlen (head));
  g_byte_array_append (start, body->data, body->len);
  for (i = 0; i < start->len; i++) {
    guint gone = count_lines (proc, "push-disconnected body");

    send_and_drop (port, start->data, i);
    /* a whole head: taken, then let go (the session stays, 3.2.7.1),
     * before the next comes */
    if (i >= strlen (head))
      fail_unless (wmnet_test_proc_wait_lines (proc, "push-disconnected body",
              gone + 1, BOUND_MS), "the PushStart cut at %" G_GSIZE_FORMAT
          " was not let go", i);
  }
  g_free (head);
  g_free (id);
  g_string_free (setup, TRUE);
  g_byte_array_unref (body);
  g_byte_array_unref (start);
}

static gboolean
all_fed_out (gpointer data)
{
  gpointer *a = data;
  WmnetTestProc *proc = a[0];
  Broadcast *b = a[1];
  gchar **lines;
  GstStructure *st;
  guint64 packets = 0;
  guint before = count_lines (proc, "push-stats-end");

  wmnet_test_proc_tell (proc, "stats");
  if (!wmnet_test_proc_wait_lines (proc, "push-stats-end", before + 1,
          BOUND_MS))
    return FALSE;
  lines = wmnet_test_proc_lines (proc, "push-stats src ");
  st = gst_structure_from_string (lines[g_strv_length (lines) - 1] + 15, NULL);
  gst_structure_get_uint64 (st, "packets", &packets);
  gst_structure_free (st);
  g_strfreev (lines);
  return packets >= 5 + (guint64) b->fed;
}

GST_START_TEST (test_hostile_pushes)
{
  WmnetTestProc *proc = wmnet_test_proc_start_full (DESC, 0, TRUE);
  guint port = wmnet_test_proc_port (proc);
  guint64 refusals;
  GPtrArray *cs = build_corpus ();
  Broadcast b;
  gpointer both[2] = { proc, &b };
  GByteArray *good;
  gchar **lines;

  broadcast_start (&b, proc, port);
  fail_unless (wmnet_test_wait_until (player_got, &b, BOUND_MS));
  fail_if (g_atomic_int_get (&b.player_ended),
      "the player was let go before the corpus");

  run_corpus (cs, port);
  check_bodies (proc, port);
  drop_everywhere (proc, port);
  /* not stalled: a good push (a new session, a body of known length) is
   * still taken whole */
  good = good_body (3);
  fail_unless_equals_int (push_body (proc, port, good->data, good->len), 204);
  g_byte_array_unref (good);

  /* the broadcast went on, untouched */
  fail_unless (broadcast_stop (&b), "the player was let go");
  fail_unless (wmnet_test_proc_alive (proc), "the server died");
  fail_unless (b.max_gap_ms < GAP_MS, "the player waited %" G_GINT64_FORMAT
      " ms for data", b.max_gap_ms);
  lines = wmnet_test_proc_lines (proc, "push-disconnected src");
  fail_unless (lines[0] == NULL, "the running pusher was let go: %s", lines[0]);
  g_strfreev (lines);
  fail_unless (wmnet_test_wait_until (all_fed_out, both, BOUND_MS),
      "not every packet pushed to /live came out");

  /* every refusal documented, expected, and counted (a line may come
   * after the stats that count it) */
  refusals = refused_in_stats (proc);
  fail_unless (wmnet_test_proc_wait_lines (proc, "push-refused ", refusals,
          BOUND_MS));
  fail_unless_equals_int (check_refusals (proc, cs), refusals);
  g_object_unref (b.pusher);
  g_object_unref (b.player);
  g_ptr_array_unref (cs);
  wmnet_test_proc_stop (proc);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsrc_hostile, 300, WMNET_TEST (test_hostile_pushes));
