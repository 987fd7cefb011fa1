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

/* Broadcast-grade serving: stalled clients never hurt a real player, the
 * end of the stream reaches every client, and a new player starts fast. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem */

#include <gst/check/gstcheck.h>
#include <string.h>
#include <sys/socket.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmspframing.h"

#define PLAY_REQUEST WMNET_TEST_VLC_PLAY ("")

#define N_STALLED 20

static GstElement *
sink_of (GstElement * pipeline)
{
  return gst_bin_get_by_name (GST_BIN (pipeline), "s");
}

static guint64
rss_kib (void)
{
  gchar *status = NULL, *line;
  guint64 kib = 0;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = status ? strstr (status, "VmRSS:") : NULL;
  if (line)
    kib = g_ascii_strtoull (line + 6, NULL, 10);
  g_free (status);
  return kib;
}

/* A client that asks to play and never reads, with a tiny receive window so
 * that it stalls within seconds. */
static GSocket *
stalled_client (guint port)
{
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GSocketAddress *sa = g_inet_socket_address_new_from_string ("127.0.0.1",
      port);

  /* before the connect: the window is agreed then */
  g_socket_set_option (sock, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  fail_unless (g_socket_connect (sock, sa, NULL, NULL));
  g_object_unref (sa);
  fail_unless (wmnet_test_send_all (sock, PLAY_REQUEST, strlen (PLAY_REQUEST)));
  return sock;
}

/* ffmpeg -f framecrc lines: "stream, dts, pts, duration, size, crc".
 * Returns the video frame count; fails on a gap in the video DTS. */
static guint
check_video_continuity (const gchar * out)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  gint64 last = -1, step = -1;
  guint i, n = 0;

  for (i = 0; lines[i]; i++) {
    gchar **f;
    gint64 dts;

    if (!g_str_has_prefix (lines[i], "0,"))
      continue;
    f = g_strsplit (lines[i], ",", -1);
    dts = g_ascii_strtoll (g_strstrip (f[1]), NULL, 10);
    g_strfreev (f);
    if (last >= 0) {
      if (step < 0)
        step = dts - last;
      fail_unless (dts - last == step, "video frame lost: DTS %"
          G_GINT64_FORMAT " after %" G_GINT64_FORMAT " (step %" G_GINT64_FORMAT
          ")", dts, last, step);
    }
    last = dts;
    n++;
  }
  g_strfreev (lines);
  return n;
}

static void
run_stalled (const gchar * policy, const gchar * expect_reason)
{
  gchar *extra = g_strdup_printf ("max-clients=0 client-buffer-time=2000000000 "
      "slow-client-policy=%s", policy);
  /* snow: the encoder really reaches its 2 Mbit/s */
  gchar *desc = g_strdup_printf ("videotestsrc is-live=true pattern=snow ! "
      "video/x-raw,width=640,height=360,framerate=25/1 ! avenc_wmv2 "
      "bitrate=2000000 gop-size=25 ! queue ! wmnetsink name=s port=0 "
      "address=127.0.0.1 %s audiotestsrc is-live=true ! "
      "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! queue ! "
      "s.", extra);
  guint port, i, video, slow = 0, dropped_clients = 0;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  GSocket *stalled[N_STALLED];
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", "10", "-f", "framecrc", "-", NULL
  };
  gchar *out = NULL, *err = NULL;
  guint64 rss_before, rss_after;
  GstStructure *msg;
  GSubprocess *player;
  gint status;
  GValue clients = G_VALUE_INIT;
  GstElement *s = sink_of (p);
  GHashTable *skipped = g_hash_table_new_full (g_int64_hash, g_int64_equal,
      g_free, NULL);
  guint64 id;

  wmnet_test_require_program ("ffmpeg");
  /* a steady broadcast: the ring holds its 2 s (key packets 1 s apart) */
  for (i = 0; i < 3; i++)
    fail_unless (wmnet_test_wait_key_packet (p, 10000));
  rss_before = rss_kib ();
  for (i = 0; i < N_STALLED; i++)
    stalled[i] = stalled_client (port);
  player = wmnet_test_spawn (argv);
  fail_unless (wmnet_test_wait (player, 60, &status, &out, &err));
  rss_after = rss_kib ();
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "the player printed: %s", err);

  /* the real player got every frame, in real time, beside the stalled */
  video = check_video_continuity (out);
  g_print ("player beside %d stalled clients (%s): %u video frames in 10 s\n",
      N_STALLED, policy, video);
  fail_unless (video >= 240 && video <= 290, "%u video frames", video);

  /* the stalled ones were handled by the policy, and said so */
  g_value_init (&clients, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (s), "clients", &clients);
  for (i = 0; i < gst_value_array_get_size (&clients); i++) {
    const GstStructure *c =
        gst_value_get_structure (gst_value_array_get_value (&clients, i));
    guint64 dropped = 0;

    gst_structure_get_uint64 (c, "packets-dropped", &dropped);
    gst_structure_get_uint64 (c, "id", &id);
    if (dropped > 0)
      g_hash_table_add (skipped, g_memdup2 (&id, sizeof (id)));
  }
  g_value_unset (&clients);
  while ((msg = wmnet_test_pop_element_message (p,
              "wmnetsink-client-disconnected", 100))) {
    guint64 dropped = 0;

    if (!g_strcmp0 (gst_structure_get_string (msg, "reason"), "slow"))
      slow++;
    /* under skip-to-key a client that takes nothing at all is let go too,
     * after twice client-buffer-time: it skipped ahead first */
    gst_structure_get_uint64 (msg, "packets-dropped", &dropped);
    gst_structure_get_uint64 (msg, "id", &id);
    if (dropped > 0)
      g_hash_table_add (skipped, g_memdup2 (&id, sizeof (id)));
    gst_structure_free (msg);
  }
  dropped_clients = g_hash_table_size (skipped);
  g_hash_table_unref (skipped);
  g_print ("%s: %u clients skipped ahead, %u disconnected as slow; "
      "RSS %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " KiB\n", policy,
      dropped_clients, slow, rss_before, rss_after);
  if (g_str_equal (expect_reason, "slow")) {
    fail_unless_equals_int (slow, N_STALLED);
  } else {
    fail_unless_equals_int (dropped_clients, N_STALLED);
  }
  /* the ring bounds memory: 2 s of a 2 Mbit/s stream, whatever the clients */
  fail_unless (rss_after < rss_before + 32 * 1024,
      "RSS grew from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT " KiB",
      rss_before, rss_after);

  for (i = 0; i < N_STALLED; i++)
    g_object_unref (stalled[i]);
  g_object_unref (player);
  gst_object_unref (s);
  g_free (out);
  g_free (err);
  g_free (url);
  g_free (desc);
  g_free (extra);
  wmnet_test_stop_pipeline (p);
}

GST_START_TEST (test_stalled_clients_skip)
{
  run_stalled ("skip-to-key", "");
}

GST_END_TEST;

GST_START_TEST (test_stalled_clients_disconnect)
{
  run_stalled ("disconnect", "slow");
}

GST_END_TEST;

/* Reads a WMSP play response to the end: returns the last chunk type. */
static WmspChunkType
read_to_close (GSocket * sock, guint * n_data, guint32 * last_reason)
{
  GByteArray *all = wmnet_test_recv (sock, G_MAXSIZE, 30000);
  guint8 *body = memmem (all->data, all->len, "\r\n\r\n", 4);
  gsize off, len;
  WmspChunkType last = 0;
  gchar byte;

  fail_unless (body != NULL);
  off = body + 4 - all->data;
  len = all->len;
  *n_data = 0;
  while (off < len) {
    WmspChunk c;
    gssize fl = wmsp_parse_chunk (all->data + off, len - off, &c);

    fail_unless (fl > 0, "bad or cut chunk at %" G_GSIZE_FORMAT, off);
    fail_unless (off + fl + c.payload_len <= len, "chunk cut by the close");
    last = c.type;
    if (c.type == WMSP_CHUNK_DATA)
      (*n_data)++;
    if (c.type == WMSP_CHUNK_END)
      *last_reason = c.reason;
    off += fl + c.payload_len;
  }
  /* and the server closed */
  fail_unless_equals_int (g_socket_receive (sock, &byte, 1, NULL, NULL), 0);
  g_byte_array_unref (all);
  return last;
}

GST_START_TEST (test_eos)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "saved.asf", NULL);
  /* 6 s of live stream, then EOS */
  const gchar *desc = "videotestsrc is-live=true num-buffers=150 ! "
      "video/x-raw,width=320,height=240,framerate=25/1 ! avenc_wmv2 "
      "gop-size=25 ! queue ! wmnetsink name=s port=0 address=127.0.0.1 "
      "max-clients=0 audiotestsrc is-live=true num-buffers=258 ! "
      "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! "
      "queue ! s.";
  guint port, n_data, eos_reasons = 0;
  guint32 reason = 99;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *save[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-c", "copy", "-f", "asf", file, NULL
  };
  const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
    "-f", "null", "-", NULL
  };
  GSubprocess *saver;
  GSocket *wmsp, *plain;
  GstBus *bus;
  GstMessage *eos;
  gchar *err = NULL;
  gint status;

  wmnet_test_require_program ("ffmpeg");
  saver = wmnet_test_spawn (save);
  wmsp = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (wmsp != NULL);
  fail_unless (wmnet_test_send_all (wmsp, PLAY_REQUEST, strlen (PLAY_REQUEST)));
  plain = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (plain != NULL);
  fail_unless (wmnet_test_send_all (plain, "GET / HTTP/1.0\r\n\r\n", 18));

  /* a WMSP client sees $E (reason 0) last, then the close */
  fail_unless_equals_int (read_to_close (wmsp, &n_data, &reason),
      WMSP_CHUNK_END);
  fail_unless_equals_int (reason, 0);
  fail_unless (n_data > 20);
  /* a plain client gets the rest of the packets, then the close */
  {
    GByteArray *rest = wmnet_test_recv (plain, G_MAXSIZE, 30000);
    gchar byte;

    fail_unless (rest->len > 4096);
    fail_unless_equals_int (g_socket_receive (plain, &byte, 1, NULL, NULL), 0);
    g_byte_array_unref (rest);
  }

  /* FFmpeg's saved copy decodes cleanly to the end */
  fail_unless (wmnet_test_wait (saver, 60, NULL, NULL, NULL));
  fail_unless (wmnet_test_run (check, 60, &status, NULL, &err));
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "saved stream: %s", err);

  /* EOS reaches the application after the clients got it; popping for it
   * would drop the element messages, so take both */
  bus = gst_element_get_bus (p);
  while ((eos = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
              GST_MESSAGE_EOS | GST_MESSAGE_ELEMENT))) {
    gboolean done = GST_MESSAGE_TYPE (eos) == GST_MESSAGE_EOS;
    const GstStructure *st = gst_message_get_structure (eos);

    if (!done && gst_structure_has_name (st, "wmnetsink-client-disconnected")) {
      if (!g_strcmp0 (gst_structure_get_string (st, "reason"), "eos"))
        eos_reasons++;
      else
        g_print ("not at EOS: %" GST_PTR_FORMAT "\n", st);
    }
    gst_message_unref (eos);
    if (done)
      break;
  }
  fail_unless (eos != NULL, "no EOS");
  fail_unless_equals_int (eos_reasons, 3);
  fail_unless_equals_int (wmnet_test_num_clients (p), 0);

  gst_object_unref (bus);
  g_object_unref (wmsp);
  g_object_unref (plain);
  g_object_unref (saver);
  g_free (err);
  g_free (url);
  wmnet_test_stop_pipeline (p);
  wmnet_test_remove_dir (dir);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

/* Not a timed assertion: the figure is printed for the record. */
GST_START_TEST (test_first_frame_time)
{
  /* [5]: the URL */
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", NULL,
    "-frames:v", "1", "-f", "null", "-", NULL
  };
  guint port, i;
  GstElement *p;
  gchar *url;

  wmnet_test_require_program ("ffmpeg");
  p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST ("max-clients=0"),
      &port);
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  argv[5] = url;
  /* let a 2 s GOP (about 10 packets) get under way, then join at varied
   * points of one: after a key packet and 0, 2, ... 8 packets more */
  fail_unless (wmnet_test_wait_key_packet (p, 10000));
  for (i = 0; i < 5; i++) {
    gint64 start;
    gint status;

    fail_unless (wmnet_test_wait_key_packet (p, 10000));
    if (i > 0)
      fail_unless (wmnet_test_wait_packets (p, 2 * i, 10000));
    start = g_get_monotonic_time ();
    fail_unless (wmnet_test_run (argv, 30, &status, NULL, NULL));
    fail_unless_equals_int (status, 0);
    g_print ("time to first decoded frame (2 s GOP, fast-start, %u packets "
        "past a key packet): %.0f ms\n", 2 * i,
        (g_get_monotonic_time () - start) / 1000.0);
  }
  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_serving, 150,
    WMNET_TEST (test_stalled_clients_skip),
    WMNET_TEST (test_stalled_clients_disconnect),
    WMNET_TEST (test_eos), WMNET_TEST (test_first_frame_time));
