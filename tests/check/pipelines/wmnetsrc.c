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

/* wmnetsrc against real peers: playbin uri=mmsh://... plays a wmnetsink
 * broadcast and VLC's mmsh output (VLC as nobody) to counting fakesinks;
 * a relay chain origin wmnetsink -> wmnetsrc ! wmnetserversink ->
 * wmnetsrc ! wmnetserversink plays in FFmpeg at the last hop, and again
 * after the origin was killed and restarted on its port. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestutils.h"
#include "wmnettestproc.h"

#define PLAY_SECONDS 5
#define PEER_TIMEOUT 60

static void
count_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gint * count)
{
  g_atomic_int_inc (count);
}

/* playbin on @uri for @seconds: no error, no EOS; decoded video frames
 * and audio buffers counted. */
static void
play_uri (const gchar * uri, guint seconds, gint * video, gint * audio)
{
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);
  GstElement *vsink = gst_element_factory_make ("fakesink", NULL);
  GstElement *asink = gst_element_factory_make ("fakesink", NULL);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (playbin && vsink && asink);
  *video = *audio = 0;
  g_object_set (vsink, "signal-handoffs", TRUE, NULL);
  g_object_set (asink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (vsink, "handoff", G_CALLBACK (count_handoff), video);
  g_signal_connect (asink, "handoff", G_CALLBACK (count_handoff), audio);
  g_object_set (playbin, "uri", uri, "video-sink", vsink, "audio-sink",
      asink, NULL);
  fail_if (gst_element_set_state (playbin, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (playbin);
  msg = gst_bus_timed_pop_filtered (bus, seconds * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  if (msg) {
    GError *e = NULL;
    gchar *debug = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      gst_message_parse_error (msg, &e, &debug);
    fail ("playbin %s stopped: %s (%s)", uri, e ? e->message : "EOS",
        GST_STR_NULL (debug));
  }
  gst_element_set_state (playbin, GST_STATE_NULL);
  GST_INFO ("playbin %s: %d video frames, %d audio buffers", uri,
      g_atomic_int_get (video), g_atomic_int_get (audio));
  gst_object_unref (bus);
  gst_object_unref (playbin);
}

GST_START_TEST (test_playbin_wmnetsink)
{
  guint port;
  GstElement *origin =
      wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST ("max-clients=0"),
      &port);
  gchar *uri = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gint video, audio;

  play_uri (uri, PLAY_SECONDS, &video, &audio);
  /* 25 frames/s; the first second or two may go to starting up */
  fail_unless (video >= PLAY_SECONDS * 10, "%d video frames", video);
  fail_unless (audio >= PLAY_SECONDS * 10, "%d audio buffers", audio);
  g_free (uri);
  wmnet_test_stop_pipeline (origin);
}

GST_END_TEST;

/* A port nobody listens on now (VLC cannot take port 0). */
static guint
free_port (void)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *addr = g_inet_socket_address_new (lo, 0), *local;
  guint port;

  fail_unless (g_socket_bind (s, addr, TRUE, NULL));
  local = g_socket_get_local_address (s, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_socket_close (s, NULL);
  g_object_unref (local);
  g_object_unref (addr);
  g_object_unref (lo);
  g_object_unref (s);
  return port;
}

static void
wait_listening (guint port, guint timeout_s)
{
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  for (;;) {
    GSocket *s = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

    if (s) {
      g_object_unref (s);
      return;
    }
    fail_unless (g_get_monotonic_time () < end, "nothing listens on %u", port);
    g_usleep (100000);
  }
}

/* VLC 3's mmsh server (`#std{access=mmsh,mux=asfh}`) looping a WMV2 +
 * WMA2 file FFmpeg made: its header declares one object too many, which
 * wmnetsrc repairs for asfdemux. */
GST_START_TEST (test_playbin_vlc)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "ref.wmv", NULL);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
    "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i",
    "sine=frequency=440:sample_rate=44100", "-t", "10", "-c:v", "wmv2",
    "-b:v", "400k", "-c:a", "wmav2", "-b:a", "64k", file, NULL
  };
  guint port = free_port ();
  gchar *sout = g_strdup_printf ("#std{access=mmsh,mux=asfh,"
      "dst=127.0.0.1:%u}", port);
  gchar *home = g_strdup_printf ("HOME=%s", dir);
  const gchar *as_root[] = { "env", "-i", "PATH=/usr/bin:/bin", home,
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
    "vlc", "-I", "dummy", "--no-dbus", "--loop", "--sout-keep", file,
    "--sout", sout, NULL
  };
  const gchar *const *argv = as_root;
  GSubprocess *vlc;
  gchar *uri = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gint status, video, audio;

  wmnet_test_require_program ("ffmpeg");
  wmnet_test_require_program ("vlc");
  if (geteuid () == 0)
    wmnet_test_require_program ("setpriv");
  else
    argv = as_root + 9;
  fail_unless (wmnet_test_run (make, PEER_TIMEOUT, &status, NULL, NULL));
  fail_unless_equals_int (status, 0);
  g_chmod (dir, 0755);
  g_chmod (file, 0644);

  vlc = wmnet_test_spawn (argv);
  wait_listening (port, 20);
  play_uri (uri, PLAY_SECONDS, &video, &audio);
  g_subprocess_force_exit (vlc);
  wmnet_test_wait (vlc, PEER_TIMEOUT, &status, NULL, NULL);
  fail_unless (video >= PLAY_SECONDS * 10, "%d video frames", video);
  fail_unless (audio >= PLAY_SECONDS * 10, "%d audio buffers", audio);

  g_object_unref (vlc);
  g_free (uri);
  g_free (sout);
  g_free (home);
  g_free (file);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

static guint
lines_starting (const gchar * text, const gchar * prefix)
{
  gchar **lines = g_strsplit (text, "\n", -1);
  guint i, n = 0;

  for (i = 0; lines[i]; i++)
    n += g_str_has_prefix (lines[i], prefix);
  g_strfreev (lines);
  return n;
}

/* ffmpeg -f framecrc: "0," lines are video frames, "1," audio. */
static void
ffmpeg_frames (guint port, guint seconds, guint * video, guint * audio)
{
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gchar *t = g_strdup_printf ("%u", seconds);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", t, "-f", "framecrc", "-", NULL
  };
  gchar *out = NULL, *err = NULL;
  gint status;

  wmnet_test_require_program ("ffmpeg");
  fail_unless (wmnet_test_run (argv, PEER_TIMEOUT, &status, &out, &err),
      "ffmpeg did not finish");
  fail_unless_equals_int (status, 0);
  *video = lines_starting (out, "0,");
  *audio = lines_starting (out, "1,");
  GST_INFO ("ffmpeg %s: %u video, %u audio frames; %s", url, *video, *audio,
      err);
  g_free (out);
  g_free (err);
  g_free (t);
  g_free (url);
}

#define ORIGIN \
  "videotestsrc is-live=true pattern=ball ! " \
  "video/x-raw,width=320,height=240,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=400000 gop-size=25 ! queue ! " \
  "wmnetsink name=s port=%u address=127.0.0.1 max-clients=0 " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! " \
  "audioconvert ! avenc_wmav2 ! queue ! s."

#define RELAY \
  "wmnetsrc location=mmsh://127.0.0.1:%u/ retries=-1 timeout=5 ! " \
  "wmnetserversink name=s port=0 address=127.0.0.1 max-clients=0"

static GstElement *
start_relay (guint upstream, guint * port)
{
  gchar *desc = g_strdup_printf (RELAY, upstream);
  GstElement *p = wmnet_test_start_pipeline (desc, port);

  g_free (desc);
  return p;
}

static WmnetTestProc *
start_origin (guint port)
{
  gchar *desc = g_strdup_printf (ORIGIN, port);
  WmnetTestProc *p = wmnet_test_proc_start (desc, 0);

  g_free (desc);
  return p;
}

static void
assert_no_error (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR |
      GST_MESSAGE_EOS);

  if (msg) {
    GError *e = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      gst_message_parse_error (msg, &e, NULL);
    fail ("relay stopped: %s", e ? e->message : "EOS");
  }
  gst_object_unref (bus);
}

GST_START_TEST (test_chain)
{
  WmnetTestProc *origin = start_origin (0);
  guint p0 = wmnet_test_proc_port (origin), p1, p2, video, audio;
  GstElement *relay1 = start_relay (p0, &p1);
  GstElement *relay2 = start_relay (p1, &p2);
  GstStructure *s;

  ffmpeg_frames (p2, 4, &video, &audio);
  fail_unless (video >= 50, "%u video frames at the last hop", video);
  fail_unless (audio >= 50, "%u audio frames at the last hop", audio);

  /* a crash of the origin: the first relay retries until it is back */
  wmnet_test_proc_kill (origin);
  s = wmnet_test_pop_element_message (relay1, "wmnetsrc-reconnect", 20000);
  fail_unless (s != NULL, "relay 1 did not try to reconnect");
  gst_structure_free (s);
  origin = start_origin (p0);
  g_usleep (3 * G_USEC_PER_SEC);

  ffmpeg_frames (p2, 4, &video, &audio);
  fail_unless (video >= 50, "%u video frames after the restart", video);
  fail_unless (audio >= 50, "%u audio frames after the restart", audio);
  assert_no_error (relay1);
  assert_no_error (relay2);

  wmnet_test_stop_pipeline (relay2);
  wmnet_test_stop_pipeline (relay1);
  wmnet_test_proc_stop (origin);
}

GST_END_TEST;

static Suite *
wmnetsrc_pipelines_suite (void)
{
  Suite *s = suite_create ("wmnetsrc-pipelines");
  TCase *tc = tcase_create ("general");

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_playbin_wmnetsink);
  tcase_add_test (tc, test_playbin_vlc);
  tcase_add_test (tc, test_chain);
  return s;
}

GST_CHECK_MAIN (wmnetsrc_pipelines);
