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

/* Unit tests of the server without an element: its life cycle, and describe
 * requests that come before there is a header to answer them with. Clients
 * are raw loopback sockets; nothing here loads a codec. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetserver.h"
#include "wmnettestevents.h"
#include "wmnettestutils.h"
#include "libs/wmnetasfbuild.h"
#include "wmspreader.h"
#include "wmnettestsuite.h"

#define DESCRIBE "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n\r\n"

static GAsyncQueue *events;

static WmnetServer *
server_new (void)
{
  return wmnet_test_server_new (TRUE, &events);
}

static void
server_free (WmnetServer * server)
{
  wmnet_test_server_free (server, events);
}

static guint
count_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir))
    n++;
  g_dir_close (dir);
  return n;
}

static gboolean
fds_at_most (gpointer data)
{
  return count_fds () <= *(guint *) data;
}

static gboolean
fds_at_least (gpointer data)
{
  return count_fds () >= *(guint *) data;
}

/* A second start used to return from a failed check with its lock held:
 * the next call deadlocked. */
GST_START_TEST (test_start_twice)
{
  WmnetServer *server = server_new ();
  GError *error = NULL;
  gint port;

  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, &error));
  port = wmnet_server_get_port (server);
  fail_unless (port > 0);
  fail_if (wmnet_server_start (server, "127.0.0.1", 0, &error));
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_clear_error (&error);
  /* still the same, still answering calls */
  fail_unless_equals_int (wmnet_server_get_port (server), port);
  wmnet_server_stop (server);
  fail_unless_equals_int (wmnet_server_get_port (server), -1);
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, &error));
  server_free (server);
}

GST_END_TEST;

static GSocket *
describe (guint port)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, DESCRIBE, strlen (DESCRIBE)));
  return sock;
}

static gchar *
status_line (GSocket * sock, guint timeout_ms)
{
  GByteArray *got = wmnet_test_recv (sock, 12, timeout_ms);
  gchar *line = got->len ? g_strndup ((gchar *) got->data, got->len) :
      g_strdup ("");

  g_byte_array_unref (got);
  return line;
}

#define N_PARKED 3

/* Waits for @count of @server to reach @n. */
typedef struct
{
  WmnetServer *server;
  guint n;
    guint (*count) (WmnetServer * server);
} CountWait;

static gboolean
count_at_least (gpointer data)
{
  CountWait *w = data;

  return w->count (w->server) >= w->n;
}

/* Parked describes are answered when the header comes. */
GST_START_TEST (test_describe_waits_for_header)
{
  WmnetServer *server = server_new ();
  GSocket *socks[N_PARKED];
  GstBuffer *header = gst_buffer_new_allocate (NULL, 300, NULL);
  CountWait w = { server, G_N_ELEMENTS (socks), wmnet_server_get_n_parked };
  guint i, port;

  gst_buffer_memset (header, 0, 0x30, 300);
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  port = wmnet_server_get_port (server);
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    socks[i] = describe (port);
  fail_unless (wmnet_test_wait_until (count_at_least, &w, 5000),
      "%u describes parked", wmnet_server_get_n_parked (server));
  wmnet_server_set_header (server, header);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    GByteArray *got = wmnet_test_recv (socks[i], 100000, 3000);
    gchar *text = g_strndup ((gchar *) got->data, got->len);

    fail_unless (g_str_has_prefix (text, "HTTP/1.0 200 OK"), "%s", text);
    /* the $H framing, then the header, then the end */
    fail_unless (strstr (text, "\r\n\r\n$H") != NULL);
    fail_unless_equals_int (got->len - (strstr (text, "\r\n\r\n") - text) - 4,
        12 + 300);
    g_free (text);
    g_byte_array_unref (got);
    g_object_unref (socks[i]);
  }
  /* answered: none parked any more */
  fail_unless_equals_int (wmnet_server_get_n_parked (server), 0);
  gst_buffer_unref (header);
  server_free (server);
}

GST_END_TEST;

/* Without a header they get 503 after 5 s instead of a descriptor held until
 * PLAYING; past 64 waiting, at once; and a client that goes away frees its
 * descriptor at once. */
GST_START_TEST (test_describe_without_header)
{
  WmnetServer *server = server_new ();
  GSocket *socks[70];
  gboolean answered[70];
  guint i, port, fds, want, early = 0;
  gint64 start;
  gchar *line;

  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  port = wmnet_server_get_port (server);
  /* start made the server's descriptors (its context, readiness watch and
   * listener); its thread adds one of the process's: GLib makes the global
   * default context (an eventfd) when a thread first pushes a
   * thread-default one. Made here, it is in the baseline at once. */
  g_main_context_default ();
  fds = count_fds ();

  /* clients that leave: nothing stays behind */
  for (i = 0; i < 20; i++)
    socks[i] = describe (port);
  want = fds + 40;
  fail_unless (wmnet_test_wait_until (fds_at_least, &want, 2000),
      "%u descriptors open, %u before", count_fds (), fds);
  for (i = 0; i < 20; i++)
    g_object_unref (socks[i]);
  fail_unless (wmnet_test_wait_until (fds_at_most, &fds, 2000),
      "%u descriptors open, %u before", count_fds (), fds);

  /* 70 at once: 6 over the bound are refused now, the rest after 5 s */
  start = g_get_monotonic_time ();
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    socks[i] = describe (port);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    line = status_line (socks[i], 50);
    answered[i] = line[0] != '\0';
    if (g_str_has_prefix (line, "HTTP/1.0 503"))
      early++;
    else
      fail_unless (line[0] == '\0', "%s", line);
    g_free (line);
  }
  fail_unless (early >= 6 && early < 20, "%u refused at once", early);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    if (answered[i])
      continue;
    line = status_line (socks[i], 8000);
    fail_unless (g_str_has_prefix (line, "HTTP/1.0 503"), "'%s'", line);
    g_free (line);
  }
  fail_unless (g_get_monotonic_time () - start < 9 * G_USEC_PER_SEC);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    /* every one got its whole answer and the end of the connection (the
     * read returns at the end, long before its time bound) */
    gint64 t = g_get_monotonic_time ();
    GByteArray *rest = wmnet_test_recv (socks[i], 100000, 3000);

    fail_unless (g_get_monotonic_time () - t < 2 * G_USEC_PER_SEC);
    fail_unless (rest->len >= 4 && memcmp (rest->data + rest->len - 4,
            "\r\n\r\n", 4) == 0);
    g_byte_array_unref (rest);
    g_object_unref (socks[i]);
  }
  server_free (server);
}

GST_END_TEST;

/* Reads what @sock gets for @ms into @got; a read more than 100 ms after
 * the one before starts a new burst (*@bursts). FALSE at the end of the
 * connection. */
static gboolean
read_for (GSocket * sock, guint ms, GByteArray * got, guint * bursts,
    gint64 * last)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint8 buf[16384];

  for (;;) {
    gint64 left = deadline - g_get_monotonic_time ();
    gssize n;

    if (left <= 0
        || !g_socket_condition_timed_wait (sock, G_IO_IN | G_IO_HUP, left,
            NULL, NULL))
      return TRUE;
    n = g_socket_receive (sock, (gchar *) buf, sizeof (buf), NULL, NULL);
    if (n <= 0)
      return FALSE;
    if (g_get_monotonic_time () - *last > 100 * 1000)
      (*bursts)++;
    *last = g_get_monotonic_time ();
    g_byte_array_append (got, buf, n);
  }
}

/* The $D chunks of the MS-WMSP stream in @got (after its response head),
 * checked to follow one another (location ids); *@ended: a $E came. */
static guint
framed_packets (GByteArray * got, gboolean * ended)
{
  const gchar *body = g_strstr_len ((gchar *) got->data, got->len,
      "\r\n\r\n");
  WmspReader *r = wmsp_reader_new ();
  WmspReadResult res;
  GstBuffer *buf = NULL;
  GError *error = NULL;
  guint32 loc, reason, next_loc = 0;

  *ended = FALSE;
  fail_unless (body != NULL);
  wmsp_reader_push (r, (const guint8 *) body + 4,
      got->len - (body + 4 - (gchar *) got->data));
  while ((res = wmsp_reader_pop (r, &buf, &loc, &reason, &error)) !=
      WMSP_READ_NEED_DATA) {
    fail_if (res == WMSP_READ_ERROR, "%s", error ? error->message : "");
    fail_if (res == WMSP_READ_CHANGE);
    if (res == WMSP_READ_PACKET) {
      fail_unless_equals_int (loc, next_loc);
      next_loc++;
    } else if (res == WMSP_READ_END) {
      *ended = TRUE;
    }
    gst_clear_buffer (&buf);
  }
  /* nothing left over: the bytes end at a chunk boundary */
  fail_unless_equals_int (wmsp_reader_pending (r), 0);
  wmsp_reader_free (r);
  return next_loc;
}

#define N_VIEW_PACKETS 150
/* past N_VIEW_PACKETS, packets until a window holds the client back */
#define MAX_EXTRA_PACKETS 60
#define PLAY_AUDIO "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/10.0.0.3802\r\n" \
  "Pragma: xPlayStrm=1\r\nPragma: stream-switch-count=2\r\n" \
  "Pragma: stream-switch-entry=ffff:1:2 ffff:2:0\r\n\r\n"

typedef struct
{
  WmnetServer *server;
  guint64 packets;
  WmnetServerWindowStats ws;
} WindowWait;

static gboolean
window_took (gpointer data)
{
  WindowWait *w = data;

  wmnet_server_get_window_stats (w->server, &w->ws);
  return w->ws.packets >= w->packets;
}

/* docs/design.md D49: a client of a stream selection (here the audio of a
 * stream that is mostly video) is written every few coalesce windows once
 * its first preroll (3 s) is over, not every window, so that its writes
 * are about as large as a client's of everything; it still gets every
 * packet of its view in order, and the end of the stream. The counts are
 * of writes, not a speed: a loaded machine makes fewer bursts, not more.
 * The input pauses right after a window that held the client back with
 * packets waiting (the server's window stats say so): only the window the
 * server arms for it then can bring them. */
GST_START_TEST (test_view_client_cadence)
{
  WmnetServer *server = server_new ();
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *asf = build_stream (&h, N_VIEW_PACKETS + MAX_EXTRA_PACKETS,
      &keys);
  GByteArray *got = g_byte_array_new ();
  GstBuffer *header;
  WmAsfHeaderInfo info;
  GSocket *sock = NULL;
  guint i, port, bursts = 0, steady = 0, pushed;
  WindowWait wait = { server, 0, };
  gint64 last = 0, end;
  gsize head;
  gboolean ended = FALSE;

  fail_unless (wmasf_header_parse (asf->data, asf->len, &info, NULL));
  head = info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;
  g_object_set (server, "coalesce-time", 200 * GST_MSECOND,
      "client-buffer-time", 10 * GST_SECOND, NULL);
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  port = wmnet_server_get_port (server);
  header = gst_buffer_new_memdup (asf->data, head);
  wmnet_server_set_header (server, header);
  gst_buffer_unref (header);
  for (i = 0; i < N_VIEW_PACKETS + MAX_EXTRA_PACKETS; i++) {
    GstBuffer *b = gst_buffer_new_memdup (asf->data + head +
        i * info.packet_size, info.packet_size);

    GST_BUFFER_PTS (b) = i * 50 * GST_MSECOND;
    if (!keys[i])
      GST_BUFFER_FLAG_SET (b, GST_BUFFER_FLAG_DELTA_UNIT);
    wmnet_server_push (server, b);
    gst_buffer_unref (b);
    if (i == 0) {
      /* a describe first, as a player does: its answer says the server
       * has the header the selection is read against */
      GSocket *d = describe (port);
      gchar *line = status_line (d, 3000);

      fail_unless (g_str_has_prefix (line, "HTTP/1.0 200"), "'%s'", line);
      g_free (line);
      g_object_unref (d);
      sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
      fail_unless (sock != NULL);
      fail_unless (wmnet_test_send_all (sock, PLAY_AUDIO, strlen (PLAY_AUDIO)));
    }
    fail_unless (read_for (sock, 50, got, &bursts, &last));
    /* 4 s in (its preroll over, the view's rate known): 3 s counted */
    if (i == 80)
      steady = bursts;
    if (i == 140)
      steady = bursts - steady;
    if (i + 1 < N_VIEW_PACKETS)
      continue;
    wait.packets = i + 1;
    fail_unless (wmnet_test_wait_until (window_took, &wait, 3000),
        "no window took packet %u", i);
    if (wait.ws.held > 0)
      break;
  }
  pushed = i + 1;
  fail_unless (pushed <= N_VIEW_PACKETS + MAX_EXTRA_PACKETS,
      "no window held the client back");
  /* 15 windows of 200 ms; the audio is about a tenth of the stream, so a
   * write every 1.2 s at most (the bound: 6 windows) */
  fail_unless (steady >= 1 && steady <= 6, "%u writes in 3 s", steady);
  /* the input pauses: what was held back comes within the bound */
  fail_unless (read_for (sock, 2000, got, &bursts, &last));
  fail_unless_equals_int (framed_packets (got, &ended), pushed);
  fail_if (ended);
  wmnet_server_eos (server);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (read_for (sock, 100, got, &bursts, &last))
    fail_unless (g_get_monotonic_time () < end, "no end of stream");

  /* $H, then a $D for every packet of the view (each holds audio), their
   * location ids one after another, then $E */
  fail_unless_equals_int (framed_packets (got, &ended), pushed);
  fail_unless (ended);

  g_object_unref (sock);
  g_byte_array_unref (got);
  g_byte_array_unref (asf);
  g_free (keys);
  server_free (server);
}

GST_END_TEST;

#define PLAY "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/10.0.0.3802\r\n" \
  "Pragma: xPlayStrm=1\r\n\r\n"

/* A player of everything connected to @server (started, with a header),
 * in the table when this returns. */
static GSocket *
connect_player (WmnetServer * server, guint n_before)
{
  CountWait w = { server, n_before + 1, wmnet_server_get_num_clients };
  GSocket *sock = wmnet_test_connect ("127.0.0.1",
      wmnet_server_get_port (server), NULL, NULL);

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, PLAY, strlen (PLAY)));
  fail_unless (wmnet_test_wait_until (count_at_least, &w, 10000),
      "the player never joined");
  return sock;
}

/* Starts @server with the header of @asf; its packets start at *@head. */
static void
start_with_header (WmnetServer * server, GByteArray * asf, gsize * head,
    gsize * packet_size)
{
  WmAsfHeaderInfo info;
  GstBuffer *header;

  fail_unless (wmasf_header_parse (asf->data, asf->len, &info, NULL));
  *head = info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;
  *packet_size = info.packet_size;
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  header = gst_buffer_new_memdup (asf->data, *head);
  wmnet_server_set_header (server, header);
  gst_buffer_unref (header);
}

static gpointer
wait_flushed_thread (gpointer data)
{
  return GINT_TO_POINTER (wmnet_server_wait_flushed (data, 3600 * GST_SECOND));
}

/* GstBaseSink's unlock during the EOS drain: the waiter wakes at once
 * (the flush deadline is an hour away; the test's own timeout bounds it),
 * and every wait returns at once until the cancel is taken back. */
GST_START_TEST (test_cancel_wait)
{
  WmnetServer *server = server_new ();
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *asf = build_stream (&h, 1, &keys);
  gsize head, packet_size;
  GSocket *sock;
  GThread *t;

  start_with_header (server, asf, &head, &packet_size);
  /* it never reads: it keeps the wait from ending */
  sock = connect_player (server, 0);
  t = g_thread_new ("wait-flushed", wait_flushed_thread, server);
  wmnet_server_cancel_wait (server, TRUE);
  fail_unless_equals_int (GPOINTER_TO_INT (g_thread_join (t)),
      WMNET_SERVER_WAIT_CANCELLED);
  fail_unless_equals_int (wmnet_server_wait_flushed (server,
          3600 * GST_SECOND), WMNET_SERVER_WAIT_CANCELLED);
  wmnet_server_cancel_wait (server, FALSE);
  fail_unless_equals_int (wmnet_server_wait_flushed (server, 0),
      WMNET_SERVER_WAIT_TIMEOUT);

  g_object_unref (sock);
  g_byte_array_unref (asf);
  g_free (keys);
  server_free (server);
}

GST_END_TEST;

/* The one command queue (docs/design.md D67): a kick queued right after a
 * packet is applied before that packet is written, here while the packet
 * waits for the end of its window; a player not kicked gets it then. */
GST_START_TEST (test_kick_before_packet)
{
  WmnetServer *server = server_new ();
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *asf = build_stream (&h, 1, &keys);
  GByteArray *got = g_byte_array_new (), *kept = g_byte_array_new ();
  GstStructure *s = NULL;
  GPtrArray *clients;
  GSocket *kicked, *other;
  GstBuffer *b;
  WindowWait wait = { server, 1, };
  gsize head, packet_size;
  guint64 id;
  guint bursts = 0;
  gint64 last = 0, end;
  gboolean ended;

  fail_unless (keys[0]);
  g_object_set (server, "coalesce-time", GST_SECOND, NULL);
  start_with_header (server, asf, &head, &packet_size);
  kicked = connect_player (server, 0);
  other = connect_player (server, 1);
  clients = wmnet_server_get_clients (server);
  fail_unless (gst_structure_get_uint64 (g_ptr_array_index (clients, 0), "id",
          &id));
  g_ptr_array_unref (clients);

  b = gst_buffer_new_memdup (asf->data + head, packet_size);
  wmnet_server_push (server, b);
  gst_buffer_unref (b);
  fail_unless (wmnet_server_disconnect_client (server, id));

  while (s == NULL || !gst_structure_has_name (s,
          "wmnetsink-client-disconnected")) {
    g_clear_pointer (&s, gst_structure_free);
    s = g_async_queue_timeout_pop (events, 10 * G_USEC_PER_SEC);
    fail_unless (s != NULL, "the kick was not applied");
  }
  fail_unless_equals_string (gst_structure_get_string (s, "reason"), "kicked");
  gst_structure_free (s);
  /* the kicked one got the header and the end of the connection only */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (read_for (kicked, 100, got, &bursts, &last))
    fail_unless (g_get_monotonic_time () < end, "still connected");
  fail_unless_equals_int (framed_packets (got, &ended), 0);
  /* the other one is written the packet at the end of its window */
  fail_unless (wmnet_test_wait_until (window_took, &wait, 10000),
      "no window took the packet");
  fail_unless (read_for (other, 100, kept, &bursts, &last));
  fail_unless_equals_int (framed_packets (kept, &ended), 1);

  g_object_unref (kicked);
  g_object_unref (other);
  g_byte_array_unref (got);
  g_byte_array_unref (kept);
  g_byte_array_unref (asf);
  g_free (keys);
  server_free (server);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetserver, 60,
    WMNET_TEST (test_start_twice),
    WMNET_TEST (test_describe_waits_for_header),
    WMNET_TEST (test_describe_without_header),
    WMNET_TEST (test_view_client_cadence),
    WMNET_TEST (test_cancel_wait), WMNET_TEST (test_kick_before_packet));
