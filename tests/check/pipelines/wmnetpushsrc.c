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


/* End to end: what wmasfmux muxed (WMV and WMA from libav's encoders),
 * pushed to wmnetpushsrc by the raw-socket pusher of wmnettestpush (its
 * header as $H, each packet as a $D, then $E), comes out byte for byte,
 * and FFmpeg decodes what came out. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/wmasf/asfreader.h>
#include <string.h>

#include "wmnettestfixtures.h"
#include "wmnettestpush.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestvlc.h"

static guint64
packets_out (GstElement * src)
{
  GstStructure *st;
  guint64 n = 0;

  g_object_get (src, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "packets", &n);
  gst_structure_free (st);
  return n;
}

/* how many packets the test pushed */
static guint64 pushed;

static gboolean
all_packets_out (gpointer src)
{
  return packets_out (src) >= pushed;
}

/* 2 s of WMV (@width x @width * 9 / 11) and WMA muxed by wmasfmux into
 * @path, read back into @data with its header's facts. */
static void
mux_file (const gchar * path, guint width, gchar ** data, gsize * len,
    WmAsfHeaderInfo * info)
{
  GError *error = NULL;
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=50 pattern=ball ! "
      "video/x-raw,width=%u,height=%u,framerate=25/1 ! avenc_wmv2 ! "
      "queue ! wmasfmux name=m streamable=true ! filesink location=%s "
      "audiotestsrc num-buffers=86 ! audio/x-raw,rate=44100,channels=1 ! "
      "audioconvert ! avenc_wmav2 ! queue ! m.", width, width * 9 / 11,
      path);

  wmnet_test_run_to_eos (desc, 60);
  g_free (desc);
  fail_unless (g_file_get_contents (path, data, len, NULL));
  fail_unless (wmasf_header_parse ((const guint8 *) *data, *len, info,
          &error), "%s", error ? error->message : "");
}

/* A new session on a new connection whose PushStart carries @data's header
 * and packets (no $E: a live encoder); returns the pusher's socket once
 * they all came out of @src. */
static GSocket *
push_file (GstElement * src, const gchar * data, gsize len,
    const WmAsfHeaderInfo * info)
{
  gint port = -1;
  GSocket *sock;
  GByteArray *body = g_byte_array_new ();
  gsize hlen = info->header_size + WMASF_DATA_OBJECT_HEADER_SIZE, off;
  gchar *id;

  g_object_get (src, "current-port", &port, NULL);
  sock = wmnet_test_push_connect (port, NULL);
  id = wmnet_test_push_setup (sock, "/");
  wmnet_test_push_put (body, 'H', (const guint8 *) data, hlen);
  pushed = packets_out (src);
  for (off = hlen; off + info->packet_size <= len; off += info->packet_size) {
    wmnet_test_push_put (body, 'D', (const guint8 *) data + off,
        info->packet_size);
    pushed++;
  }
  wmnet_test_push_request (sock, "/", "pushstart", id, G_MAXINT32,
      body->data, body->len);
  fail_unless (wmnet_test_wait_until (all_packets_out, src,
          WMNET_TEST_PUSH_WAIT_S * 1000));
  g_byte_array_unref (body);
  g_free (id);
  return sock;
}

GST_START_TEST (test_wmasfmux_pushed)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *in = g_build_filename (dir, "in.asf", NULL);
  gchar *out = g_build_filename (dir, "out.asf", NULL);
  gchar *desc, *data, *copy, *id;
  gsize len, copy_len, hlen, off;
  WmAsfHeaderInfo info;
  GstElement *pipeline, *src;
  GstBus *bus;
  GByteArray *body = g_byte_array_new ();
  GSocket *sock;
  gint port = -1;

  mux_file (in, 176, &data, &len, &info);
  hlen = info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;

  desc = g_strdup_printf ("wmnetpushsrc name=src port=0 ! filesink "
      "location=%s", out);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  g_object_get (src, "current-port", &port, NULL);
  fail_unless (port > 0);

  sock = wmnet_test_push_connect (port, NULL);
  id = wmnet_test_push_setup (sock, "/");
  wmnet_test_push_put (body, 'H', (const guint8 *) data, hlen);
  pushed = 0;
  for (off = hlen; off + info.packet_size <= len; off += info.packet_size) {
    wmnet_test_push_put (body, 'D', (const guint8 *) data + off,
        info.packet_size);
    pushed++;
  }
  fail_unless (pushed > 10);
  wmnet_test_push_put_end (body, 0);
  wmnet_test_push_request (sock, "/", "pushstart", id, G_MAXINT32,
      body->data, body->len);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-disconnected",
      "end");
  fail_unless (wmnet_test_wait_until (all_packets_out, src,
          WMNET_TEST_PUSH_WAIT_S * 1000), "%" G_GUINT64_FORMAT " of %"
      G_GUINT64_FORMAT " packets out", packets_out (src), pushed);
  /* the source never ends a broadcast itself: the application does */
  gst_element_send_event (pipeline, gst_event_new_eos ());
  fail_unless (wmnet_test_wait_eos (pipeline, WMNET_TEST_PUSH_WAIT_S));
  wmnet_test_stop_pipeline (pipeline);

  fail_unless (g_file_get_contents (out, &copy, &copy_len, NULL));
  fail_unless_equals_int (copy_len, hlen + pushed * info.packet_size);
  fail_unless (memcmp (copy, data, copy_len) == 0);
  wmnet_test_assert_ffmpeg_decodes (out);

  g_object_unref (sock);
  gst_object_unref (bus);
  gst_object_unref (src);
  g_byte_array_unref (body);
  wmnet_test_remove_dir (dir);
  g_free (id);
  g_free (data);
  g_free (copy);
  g_free (in);
  g_free (out);
  g_free (dir);
}

GST_END_TEST;

/* Where @needle (@n bytes) first is in @hay (@len bytes); -1: nowhere. */
static gssize
find (const gchar * hay, gsize len, const gchar * needle, gsize n)
{
  gsize i;

  for (i = 0; i + n <= len; i++)
    if (memcmp (hay + i, needle, n) == 0)
      return i;
  return -1;
}

/* An encoder that restarts with other settings (a new session, another
 * header) continues the broadcast: wmnetpushsrc gives new caps, and a
 * player connected to the wmnetserversink downstream gets the header
 * change ($E, $C, the new $H: [MS-WMSP] 2.2.3) without reconnecting. */
GST_START_TEST (test_restart_served)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *fa = g_build_filename (dir, "a.asf", NULL);
  gchar *fb = g_build_filename (dir, "b.asf", NULL);
  gchar *a, *b;
  gsize alen, blen;
  WmAsfHeaderInfo ia, ib;
  GstElement *pipeline, *src;
  GstBus *bus;
  GSocket *pusher, *player;
  GByteArray *got = NULL, *more;
  guint port = 0;
  guint64 changes = 0;
  gsize d;

  mux_file (fa, 176, &a, &alen, &ia);
  mux_file (fb, 320, &b, &blen, &ib);
  /* 20 bytes of b's header, from 4 before where it first differs from a's */
  for (d = 4; d < ib.header_size && a[d] == b[d]; d++);
  fail_unless (d < ib.header_size - 16);
  fail_unless (find (a, ia.header_size, b + d - 4, 20) < 0);
  pipeline = wmnet_test_start_pipeline ("wmnetpushsrc name=src port=0 ! "
      "wmnetserversink name=s port=0 address=127.0.0.1", &port);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  bus = gst_element_get_bus (pipeline);
  pusher = push_file (src, a, alen, &ia);
  player = wmnet_test_open_get (port, NULL, "GET / HTTP/1.0\r\n"
      "Host: 127.0.0.1\r\nUser-Agent: NSPlayer/7.10.0.3059\r\n"
      "Pragma: xPlayStrm=1\r\nConnection: Close\r\n\r\n", 1000, &got);
  g_byte_array_unref (got);

  g_object_unref (pusher);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-disconnected",
      "closed");
  pusher = push_file (src, b, blen, &ib);
  more = wmnet_test_recv (player, 64 * 1024, 3000);
  fail_unless (find ((const gchar *) more->data, more->len, "$C", 2) >= 0);
  fail_unless (find ((const gchar *) more->data, more->len, b + d - 4, 20)
      >= 0, "the new header did not reach the player (%u bytes read)",
      more->len);
  changes = wmnet_test_get_stat (pipeline, "header-changes");
  fail_unless_equals_int (changes, 1);

  g_byte_array_unref (more);
  g_object_unref (player);
  g_object_unref (pusher);
  gst_object_unref (bus);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (pipeline);
  wmnet_test_remove_dir (dir);
  g_free (a);
  g_free (b);
  g_free (fa);
  g_free (fb);
  g_free (dir);
}

GST_END_TEST;

/* An encoder pushing a live @w x @h WMV and WMA to @path with
 * wmnetpushsink */
static GstElement *
start_pusher (guint port, const gchar * path, guint w, guint h)
{
  gchar *desc = g_strdup_printf (WMNET_TEST_PUSH_ENCODER, w, h, port, path);
  GstElement *encoder = gst_parse_launch (desc, NULL);

  g_free (desc);
  fail_unless (encoder != NULL);
  fail_if (gst_element_set_state (encoder, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE);
  return encoder;
}

/* Encoders push to and players pull from one URL, as with Windows Media
 * Services (D69, D71): wmnetpushsrc and the wmnetserversink after it
 * claim /live on one port, beside a local broadcast's /news; an encoder
 * (wmnetpushsink) pushes to /live; FFmpeg plays /live (the pushed
 * 176x144) and /news (its own 320x240) over mmsh on that port. */
GST_START_TEST (test_shared_port)
{
  GstElement *news, *origin, *encoder;
  GstBus *bus;
  guint port, origin_port;
  gchar *desc;

  news = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("publishing-point=/news"), &port);
  desc = g_strdup_printf ("wmnetpushsrc address=127.0.0.1 port=%u "
      "publishing-point=/live ! wmnetserversink address=127.0.0.1 port=%u "
      "publishing-point=/live", port, port);
  origin = wmnet_test_start_pipeline (desc, &origin_port);
  g_free (desc);
  fail_unless_equals_int (origin_port, port);
  bus = gst_element_get_bus (origin);
  encoder = start_pusher (port, "/live", 176, 144);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-connected", NULL);

  wmnet_test_assert_plays_wmv ("mmsh", port, "/live", "176", "144", 40);
  wmnet_test_assert_plays_wmv ("mmsh", port, "/news", "320", "240", 40);

  wmnet_test_stop_pipeline (encoder);
  wmnet_test_stop_pipeline (origin);
  wmnet_test_stop_pipeline (news);
  gst_object_unref (bus);
}

GST_END_TEST;

/* ---- two pushed channels, real players ---------------------------------- */

/* An origin of two pushed channels on one port: wmnetpushsrc !
 * wmnetserversink for /live and for /news; the first source takes a free
 * port, the other three elements share it (D69). */
static GstElement *
start_origin (guint * port)
{
  GstElement *origin = gst_parse_launch ("wmnetpushsrc name=src0 "
      "address=127.0.0.1 port=0 publishing-point=/live ! wmnetserversink "
      "name=s0 address=127.0.0.1 publishing-point=/live "
      "wmnetpushsrc name=src1 address=127.0.0.1 publishing-point=/news ! "
      "wmnetserversink name=s1 address=127.0.0.1 publishing-point=/news",
      NULL);
  const gchar *others[] = { "s0", "src1", "s1" };
  GstElement *src0, *e;
  gint current = -1;
  guint i;

  fail_unless (origin != NULL);
  src0 = gst_bin_get_by_name (GST_BIN (origin), "src0");
  /* the pipeline READY first: its NULL to READY would stop src0 again */
  fail_if (gst_element_set_state (origin, GST_STATE_READY)
      == GST_STATE_CHANGE_FAILURE);
  fail_if (gst_element_set_state (src0, GST_STATE_PAUSED)
      == GST_STATE_CHANGE_FAILURE);
  g_object_get (src0, "current-port", &current, NULL);
  fail_unless (current > 0);
  *port = current;
  for (i = 0; i < G_N_ELEMENTS (others); i++) {
    e = gst_bin_get_by_name (GST_BIN (origin), others[i]);
    g_object_set (e, "port", *port, NULL);
    gst_object_unref (e);
  }
  gst_object_unref (src0);
  fail_if (gst_element_set_state (origin, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE);
  return origin;
}

/* MPlayer on mmsh://127.0.0.1:@port@path for 50 frames, each frame's md5
 * into @dir; -identify says the picture's size. */
static GSubprocess *
spawn_mplayer (guint port, const gchar * path, const gchar * dir)
{
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u%s", port, path);
  gchar *vo = g_strdup_printf ("md5sum:outfile=%s/mplayer%c.md5", dir,
      path[1]);
  const gchar *argv[] = { "mplayer", "-noconfig", "all", "-really-quiet",
    "-msglevel", "identify=4", "-identify", "-nolirc", "-frames", "50",
    "-vo", vo, "-ao", "null", url, NULL
  };
  GSubprocess *proc;

  wmnet_test_require_program ("mplayer");
  proc = wmnet_test_spawn (argv);
  g_free (url);
  g_free (vo);
  return proc;
}

/* It exits 0 having decoded 50 frames of @width x @height. */
static void
mplayer_finish (GSubprocess * proc, const gchar * path, const gchar * dir,
    const gchar * width, const gchar * height)
{
  gchar *out = NULL, *err = NULL, *md5, *frames = NULL, *want;
  gint status = -1;

  fail_unless (wmnet_test_wait (proc, 60, &status, &out, &err),
      "mplayer did not finish");
  fail_unless_equals_int (status, 0);
  want = g_strdup_printf ("ID_VIDEO_WIDTH=%s\nID_VIDEO_HEIGHT=%s\n", width,
      height);
  fail_unless (strstr (out, want) != NULL, "MPlayer on %s: %s%s", path, out,
      err);
  md5 = g_strdup_printf ("%s/mplayer%c.md5", dir, path[1]);
  fail_unless (g_file_get_contents (md5, &frames, NULL, NULL),
      "MPlayer wrote no frame of %s:\n%s", path, err);
  fail_unless (wmnet_test_count_prefix_lines (frames, "") >= 50,
      "MPlayer decoded %u frames of %s", wmnet_test_count_prefix_lines
      (frames, ""), path);
  g_object_unref (proc);
  g_free (want);
  g_free (md5);
  g_free (frames);
  g_free (out);
  g_free (err);
}

/* What playbin's video sink saw */
typedef struct
{
  gint frames;
  gint width, height;
} Seen;

static void
on_frame (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  Seen *seen = data;
  GstCaps *caps = gst_pad_get_current_caps (pad);

  if (caps) {
    GstStructure *st = gst_caps_get_structure (caps, 0);

    gst_structure_get_int (st, "width", &seen->width);
    gst_structure_get_int (st, "height", &seen->height);
    gst_caps_unref (caps);
  }
  g_atomic_int_inc (&seen->frames);
}

static gboolean
fifty_frames (gpointer data)
{
  Seen *seen = data;

  return g_atomic_int_get (&seen->frames) >= 50;
}

/* playbin plays mmsh://127.0.0.1:@port@path (wmnetsrc is the mmsh://
 * handler, docs/wmnetsrc.md): PLAYING, 50 decoded frames of @w x @h. */
static void
assert_playbin_plays (guint port, const gchar * path, gint w, gint h)
{
  gchar *uri = g_strdup_printf ("mmsh://127.0.0.1:%u%s", port, path);
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);
  GstElement *vsink = gst_element_factory_make ("fakesink", NULL);
  GstElement *asink = gst_element_factory_make ("fakesink", NULL);
  GstElement *src = NULL;
  GstState state = GST_STATE_NULL;
  Seen seen = { 0, 0, 0 };

  fail_unless (playbin && vsink && asink);
  g_object_set (vsink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (vsink, "handoff", G_CALLBACK (on_frame), &seen);
  g_object_set (playbin, "uri", uri, "video-sink", vsink, "audio-sink",
      asink, NULL);
  fail_if (gst_element_set_state (playbin, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (playbin, &state, NULL, 30 * GST_SECOND)
      != GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (state, GST_STATE_PLAYING);
  g_object_get (playbin, "source", &src, NULL);
  fail_unless (src != NULL);
  fail_unless_equals_string (GST_OBJECT_NAME (gst_element_get_factory (src)),
      "wmnetsrc");
  fail_unless (wmnet_test_wait_until (fifty_frames, &seen, 30000),
      "playbin decoded %d frames of %s", g_atomic_int_get (&seen.frames), path);
  wmnet_test_stop_pipeline (playbin);
  fail_unless_equals_int (seen.width, w);
  fail_unless_equals_int (seen.height, h);
  gst_object_unref (src);
  g_free (uri);
}

/* Issue 26's real clients: two channels on one port, each pushed by its
 * own encoder (wmnetpushsink) to its wmnetpushsrc, are played at once by
 * VLC, MPlayer and playbin over mmsh and FFmpeg over mmsh and http; each
 * player gets its own channel's picture size (176x144 on /live, 320x240
 * on /news). */
GST_START_TEST (test_players)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  GstElement *origin, *live, *news;
  GstBus *bus;
  GSubprocess *mp_live, *mp_news;
  WmnetTestVlc *vlc_live, *vlc_news;
  const WmnetTestProbeField live_size[] = {
    {0, "width", "176"}, {0, "height", "144"}
  }, news_size[] = {
    {0, "width", "320"}, {0, "height", "240"}
  };
  guint port = 0;

  origin = start_origin (&port);
  bus = gst_element_get_bus (origin);
  live = start_pusher (port, "/live", 176, 144);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-connected", NULL);
  news = start_pusher (port, "/news", 320, 240);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-connected", NULL);

  vlc_live = wmnet_test_vlc_spawn_path (port, "/live", 4);
  vlc_news = wmnet_test_vlc_spawn_path (port, "/news", 4);
  mp_live = spawn_mplayer (port, "/live", dir);
  mp_news = spawn_mplayer (port, "/news", dir);
  assert_playbin_plays (port, "/live", 176, 144);
  assert_playbin_plays (port, "/news", 320, 240);
  wmnet_test_assert_plays_wmv ("mmsh", port, "/live", "176", "144", 40);
  wmnet_test_assert_plays_wmv ("http", port, "/live", "176", "144", 40);
  wmnet_test_assert_plays_wmv ("http", port, "/news", "320", "240", 40);
  mplayer_finish (mp_live, "/live", dir, "176", "144");
  mplayer_finish (mp_news, "/news", dir, "320", "240");
  wmnet_test_vlc_finish_probe (vlc_live, 25, 10, live_size,
      G_N_ELEMENTS (live_size));
  wmnet_test_vlc_finish_probe (vlc_news, 25, 10, news_size,
      G_N_ELEMENTS (news_size));

  wmnet_test_stop_pipeline (live);
  wmnet_test_stop_pipeline (news);
  wmnet_test_stop_pipeline (origin);
  gst_object_unref (bus);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsrc_pipelines, 120,
    WMNET_TEST (test_wmasfmux_pushed), WMNET_TEST (test_restart_served),
    WMNET_TEST (test_shared_port), WMNET_TEST (test_players));
