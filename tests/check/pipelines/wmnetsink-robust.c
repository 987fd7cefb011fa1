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

/* wmnetsink against clients that used to crash, stall or exhaust it: each
 * case reproduces a defect found by attacking the server, and checks the
 * fix. Cases that crashed run the server in a process of its own
 * (wmnet-test-server) and check it is still alive. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <sys/socket.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestproc.h"

#define PLAY_REQUEST "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Pragma: xPlayStrm=1\r\n\r\n"
#define PLAIN_REQUEST "GET / HTTP/1.0\r\nUser-Agent: curl/7.88.1\r\n\r\n"

/* ~170 kbit/s: a stalled client takes long to fill kernel buffers */
#define LOW_RATE_BROADCAST(extra) \
  "videotestsrc is-live=true pattern=ball ! " \
  "video/x-raw,width=320,height=240,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=100000 gop-size=25 ! queue ! " \
  "wmnetsink name=s port=0 address=127.0.0.1 " extra " " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=22050,channels=1 ! " \
  "audioconvert ! avenc_wmav2 bitrate=64000 ! queue ! s."

/* A connected client with a small receive buffer that has sent @request. */
static GSocket *
client (guint port, const gchar * request, gint rcvbuf)
{
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *sa = g_inet_socket_address_new (lo, port);

  if (rcvbuf > 0)
    g_socket_set_option (sock, SOL_SOCKET, SO_RCVBUF, rcvbuf, NULL);
  fail_unless (g_socket_connect (sock, sa, NULL, NULL));
  if (request)
    fail_unless (wmnet_test_send_all (sock, request, strlen (request)));
  g_object_unref (sa);
  g_object_unref (lo);
  return sock;
}

/* Reads what arrives for @ms (or to the end); returns how much. */
static gsize
drain (GSocket * sock, guint ms)
{
  GByteArray *got = wmnet_test_recv (sock, G_MAXSIZE, ms);
  gsize n = got->len;

  g_byte_array_unref (got);
  return n;
}

static gchar *
head_of (GSocket * sock, guint ms)
{
  GByteArray *got = wmnet_test_recv (sock, 4096, ms);
  gchar *text = g_strndup (got->len ? (gchar *) got->data : "", got->len);

  g_byte_array_unref (got);
  return text;
}

/* The server must still serve a new client. */
static void
check_serves (guint port)
{
  GSocket *sock = client (port, PLAIN_REQUEST, 0);
  gchar *head = head_of (sock, 3000);

  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 OK"), "'%s'", head);
  g_free (head);
  g_object_unref (sock);
}

/* A client waiting for a key packet had its position evicted and the next
 * write asserted (the process exited 134), with fast start on or off. */
GST_START_TEST (test_eviction_while_waiting_for_key)
{
  static const gchar *const fast[] = { "false", "true" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fast); i++) {
    gchar *extra = g_strdup_printf ("client-buffer-time=50000000 "
        "fast-start=%s", fast[i]);
    /* snow: packets come faster than the coalescing window */
    gchar *full = g_strdup_printf ("videotestsrc is-live=true pattern=snow ! "
        "video/x-raw,width=320,height=240,framerate=25/1 ! avenc_wmv2 "
        "bitrate=1000000 gop-size=50 ! queue ! wmnetsink name=s port=0 "
        "address=127.0.0.1 %s audiotestsrc is-live=true ! "
        "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! "
        "queue ! s.", extra);
    WmnetTestProc *proc;
    GSocket *sock, *first;
    GByteArray *got;

    proc = wmnet_test_proc_start (full, 0);
    /* join mid-GOP, where it waits for the next key packet a while: a
     * first client starts at the first key packet; once it read 100 kB
     * (0.8 s of a 2 s GOP at 1 Mbit/s) the ring holds that key no more */
    first = client (wmnet_test_proc_port (proc), PLAIN_REQUEST, 0);
    got = wmnet_test_recv (first, 100000, 10000);
    fail_unless_equals_int (got->len, 100000);
    g_byte_array_unref (got);
    g_object_unref (first);
    sock = client (wmnet_test_proc_port (proc), PLAIN_REQUEST, 0);
    /* the stream went on past the next key packet: ten packets and more */
    got = wmnet_test_recv (sock, 40001, 10000);
    g_print ("client-buffer-time 50 ms, fast-start=%s: %u bytes\n",
        fast[i], got->len);
    fail_unless (got->len > 40000, "%u bytes", got->len);
    g_byte_array_unref (got);
    /* a round trip: the server took the write that used to abort it */
    check_serves (wmnet_test_proc_port (proc));
    fail_unless (wmnet_test_proc_alive (proc), "the server died");
    g_object_unref (sock);
    wmnet_test_proc_stop (proc);
    g_free (full);
    g_free (extra);
  }
}

GST_END_TEST;

/* Key frames 10 s apart, 1 s of buffer: a player that stops reading for
 * 20 s while the ring holds no key packet used to abort the server when it
 * read again. */
GST_START_TEST (test_reader_pauses_without_key)
{
  WmnetTestProc *proc = wmnet_test_proc_start ("videotestsrc is-live=true "
      "pattern=smpte ! video/x-raw,width=320,height=240,framerate=25/1 ! "
      "avenc_wmv2 gop-size=250 ! queue ! wmnetsink name=s "
      "port=0 address=127.0.0.1 client-buffer-time=1000000000 max-clients=0 "
      "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! "
      "audioconvert ! avenc_wmav2 ! queue ! s.", 0);
  guint port = wmnet_test_proc_port (proc);
  GSocket *sock = client (port, PLAY_REQUEST, 4096);

  drain (sock, 1000);
  /* it stops reading: let go as slow once it took nothing for twice
   * client-buffer-time */
  fail_unless (wmnet_test_proc_wait_lines (proc, "disconnected 0 slow", 1,
          20000), "the stalled reader was not let go");
  /* then reads again what its kernel buffers hold, to the end */
  drain (sock, 2000);
  /* a round trip: the server is still there */
  check_serves (port);
  fail_unless (wmnet_test_proc_alive (proc), "the server died");
  g_object_unref (sock);
  wmnet_test_proc_stop (proc);
}

GST_END_TEST;

/* With the process out of descriptors, libsoup's listener gave up at the
 * first failed accept(): nothing was accepted ever again. Now connections
 * past a headroom get 503, the administrator is warned once, the server
 * does not spin, and serves again once descriptors are free. */
typedef struct
{
  WmnetTestProc *proc;
  guint fds;
} FewerFds;

static gboolean
fewer_fds (gpointer data)
{
  FewerFds *f = data;

  return wmnet_test_proc_num_fds (f->proc) < f->fds + 8;
}

GST_START_TEST (test_descriptor_exhaustion)
{
  WmnetTestProc *proc = wmnet_test_proc_start (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), 128);
  guint port = wmnet_test_proc_port (proc);
  GSocket *socks[200], *player;
  WmnetTestReader *reader;
  guint i, refused = 0, fds;
  guint64 cpu;
  gint64 start;
  gsize bytes;
  gchar **warnings;
  FewerFds few;

  /* a player that keeps reading: its bytes measure the time below */
  player = client (port, PLAIN_REQUEST, 0);
  reader = wmnet_test_reader_start (player);
  fail_unless (wmnet_test_reader_wait (reader, 1, 10000));
  fds = wmnet_test_proc_num_fds (proc);
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    socks[i] = client (port, NULL, 0);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    gchar *head = head_of (socks[i], 20);

    if (g_str_has_prefix (head, "HTTP/1.0 503"))
      refused++;
    g_free (head);
  }
  /* held open, idle: no busy loop over the pending connections, while
   * the player reads 40 kB (about 2 s of the ~160 kbit/s broadcast) */
  cpu = wmnet_test_proc_cpu_ms (proc);
  start = g_get_monotonic_time ();
  bytes = wmnet_test_reader_bytes (reader);
  fail_unless (wmnet_test_reader_wait (reader, bytes + 40000, 20000),
      "the player got %" G_GSIZE_FORMAT " bytes",
      wmnet_test_reader_bytes (reader) - bytes);
  cpu = wmnet_test_proc_cpu_ms (proc) - cpu;
  start = (g_get_monotonic_time () - start) / 1000;
  g_print ("%u of %u idle connections refused with 503; %" G_GUINT64_FORMAT
      " ms of CPU in %" G_GINT64_FORMAT " ms\n", refused,
      (guint) G_N_ELEMENTS (socks), cpu, start);
  fail_unless (refused >= 50, "%u refused", refused);
  fail_unless (cpu < (guint64) start / 2, "%" G_GUINT64_FORMAT " ms of CPU "
      "in %" G_GINT64_FORMAT " ms", cpu, start);
  fail_unless (wmnet_test_proc_alive (proc));

  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    g_object_unref (socks[i]);
  /* the held connections close: the server is back to about the
   * descriptors it had before them (a worker thread's may have come
   * meanwhile); then a player is served again */
  few.proc = proc;
  few.fds = fds;
  fail_unless (wmnet_test_wait_until (fewer_fds, &few, 10000),
      "%u descriptors open, %u before", wmnet_test_proc_num_fds (proc), fds);
  check_serves (port);
  fail_if (wmnet_test_reader_stop (reader), "the player was cut off");
  g_object_unref (player);

  warnings = wmnet_test_proc_lines (proc, "warning ");
  fail_unless_equals_int (g_strv_length (warnings), 1);
  fail_unless (strstr (warnings[0], "file descriptors") != NULL, "%s",
      warnings[0]);
  g_strfreev (warnings);
  wmnet_test_proc_stop (proc);
}

GST_END_TEST;

/* After its request a client kept sending: the server read it 1 KiB a
 * wake-up forever, at 100% of a core. Now it is closed (reason "error"). */
GST_START_TEST (test_client_keeps_sending)
{
  guint port;
  GstElement *p =
      wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST ("max-clients=0"),
      &port);
  GSocket *sock = client (port, PLAY_REQUEST, 0);
  GstStructure *msg;
  gchar junk[1024];
  guint i;
  gboolean closed = FALSE;

  memset (junk, 'x', sizeof (junk));
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  g_socket_set_timeout (sock, 1);
  for (i = 0; i < 1024 && !closed; i++) {
    drain (sock, 1);
    closed = g_socket_send (sock, junk, sizeof (junk), NULL, NULL) < 0;
  }
  msg = wmnet_test_pop_element_message (p, "wmnetsink-client-disconnected",
      5000);
  fail_unless (msg != NULL, "the client was never disconnected");
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"), "error");
  gst_structure_free (msg);
  g_object_unref (sock);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Five players that never read held the default max-clients=5 for good
 * under skip-to-key. Now they go (reason "slow") once their peers took no
 * byte for twice client-buffer-time, and the slots are free again. */
GST_START_TEST (test_stalled_players_free_slots)
{
  guint port, i, slow = 0;
  GstElement *p = wmnet_test_start_pipeline (LOW_RATE_BROADCAST
      ("client-buffer-time=2000000000"), &port);
  GSocket *stalled[5], *sock;
  GstStructure *msg;
  gint64 start;
  gchar *head;

  for (i = 0; i < G_N_ELEMENTS (stalled); i++)
    stalled[i] = client (port, PLAY_REQUEST, 4096);
  fail_unless (wmnet_test_wait_num_clients (p, 5, 5000));
  sock = client (port, PLAY_REQUEST, 0);
  head = head_of (sock, 3000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 503"), "'%s'", head);
  g_free (head);
  g_object_unref (sock);

  start = g_get_monotonic_time ();
  while (slow < 5 && (msg = wmnet_test_pop_element_message (p,
              "wmnetsink-client-disconnected", 20000))) {
    if (!g_strcmp0 (gst_structure_get_string (msg, "reason"), "slow"))
      slow++;
    gst_structure_free (msg);
  }
  g_print ("5 stalled players at ~170 kbit/s let go after %.1f s\n",
      (g_get_monotonic_time () - start) / 1e6);
  fail_unless_equals_int (slow, 5);
  sock = client (port, PLAY_REQUEST, 0);
  head = head_of (sock, 3000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 OK"), "'%s'", head);
  g_free (head);
  g_object_unref (sock);
  for (i = 0; i < G_N_ELEMENTS (stalled); i++)
    g_object_unref (stalled[i]);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* The bytes the broadcast brought to the server's packet sink so far. */
typedef struct
{
  GMutex lock;
  GCond cond;
  guint64 bytes;
} StreamCount;

static GstPadProbeReturn
count_stream (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  StreamCount *sc = data;

  g_mutex_lock (&sc->lock);
  sc->bytes += gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
  g_cond_broadcast (&sc->cond);
  g_mutex_unlock (&sc->lock);
  return GST_PAD_PROBE_OK;
}

typedef struct
{
  GSocket *sock;
  StreamCount *stream;
  gint64 until;
  gint64 ended;                 /* monotonic µs of the end of the stream */
} SlowReader;

/* Reads a third of what the broadcast brings, 600 bytes at a time, until
 * the server ends it: a player slower than the stream by the stream's own
 * measure. */
static gpointer
slow_reader (gpointer data)
{
  SlowReader *r = data;
  gchar buf[600];
  guint64 got = 0;

  g_socket_set_timeout (r->sock, 1);
  for (;;) {
    GError *error = NULL;
    gboolean due = TRUE;
    gssize n;

    g_mutex_lock (&r->stream->lock);
    while ((due = r->stream->bytes >= 3 * (got + sizeof (buf))) == FALSE
        && g_cond_wait_until (&r->stream->cond, &r->stream->lock, r->until));
    g_mutex_unlock (&r->stream->lock);
    if (!due)
      break;
    n = g_socket_receive (r->sock, buf, sizeof (buf), NULL, &error);
    if (n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR,
                G_IO_ERROR_TIMED_OUT))) {
      r->ended = g_get_monotonic_time ();
      g_clear_error (&error);
      break;
    }
    g_clear_error (&error);
    got += MAX (n, 0);
  }
  return NULL;
}

/* Players that read, but slower than the stream: at a low bitrate they
 * used to be noticed only once the kernel buffers (~0.5 MB) had filled,
 * half a minute and more. Their lag now counts what the kernel holds. */
GST_START_TEST (test_slow_readers_at_low_bitrate)
{
  guint port, i, slow = 0;
  GstElement *p = wmnet_test_start_pipeline (LOW_RATE_BROADCAST
      ("client-buffer-time=3000000000 slow-client-policy=disconnect "
          "max-clients=0"), &port);
  SlowReader readers[3];
  GThread *threads[3];
  gint64 start = g_get_monotonic_time ();
  GstStructure *msg;
  StreamCount stream = { 0 };
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (s), "serversink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gulong probe;

  g_mutex_init (&stream.lock);
  g_cond_init (&stream.cond);
  probe = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_stream,
      &stream, NULL);
  for (i = 0; i < G_N_ELEMENTS (readers); i++) {
    readers[i].sock = client (port, PLAY_REQUEST, 4096);
    readers[i].stream = &stream;
    readers[i].until = start + 20 * G_USEC_PER_SEC;
    readers[i].ended = 0;
    threads[i] = g_thread_new ("reader", slow_reader, &readers[i]);
  }
  while (slow < 3 && (msg = wmnet_test_pop_element_message (p,
              "wmnetsink-client-disconnected", 20000))) {
    if (!g_strcmp0 (gst_structure_get_string (msg, "reason"), "slow"))
      slow++;
    gst_structure_free (msg);
  }
  for (i = 0; i < G_N_ELEMENTS (readers); i++) {
    g_thread_join (threads[i]);
    g_object_unref (readers[i].sock);
  }
  g_print ("3 readers at a third of ~170 kbit/s disconnected as slow after "
      "%.1f s\n", (g_get_monotonic_time () - start) / 1e6);
  fail_unless_equals_int (slow, 3);
  /* stopped, the probe runs no more: then the counter may go */
  fail_unless (gst_element_set_state (p, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_pad_remove_probe (pad, probe);
  g_mutex_clear (&stream.lock);
  g_cond_clear (&stream.cond);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (s);
  gst_object_unref (p);
}

GST_END_TEST;

/* Heads a proxy in front could read another way (request smuggling) get
 * 400; Expect: 100-continue gets no "HTTP/1.0 100 Continue". */
GST_START_TEST (test_http_nits)
{
  static const gchar *const bad[] = {
    "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n"
        "\r\nhello",
    "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n"
        "0\r\n\r\n",
  };
  guint port, i;
  GstElement *p =
      wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST ("max-clients=0"),
      &port);
  GSocket *sock;
  gchar *head;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    sock = client (port, bad[i], 0);
    head = head_of (sock, 3000);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 400"), "%s -> '%s'",
        bad[i], head);
    g_free (head);
    g_object_unref (sock);
  }

  sock = client (port, "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: curl\r\n"
      "Expect: 100-continue\r\n\r\n", 0);
  head = head_of (sock, 3000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 OK\r\n"), "'%s'", head);
  fail_unless (strstr (head, "100 Continue") == NULL, "'%s'", head);
  g_free (head);
  g_object_unref (sock);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_robust, 120,
    WMNET_TEST (test_eviction_while_waiting_for_key),
    WMNET_TEST (test_reader_pauses_without_key),
    WMNET_TEST (test_descriptor_exhaustion),
    WMNET_TEST (test_client_keeps_sending),
    WMNET_TEST (test_stalled_players_free_slots),
    WMNET_TEST (test_slow_readers_at_low_bitrate), WMNET_TEST (test_http_nits));
