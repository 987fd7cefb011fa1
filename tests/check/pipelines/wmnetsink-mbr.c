/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* Multiple-bit-rate broadcasts with real peers: the example pipeline of
 * docs/wmnetsink.md (one source, tee, three avenc_wmv2 at 300 k / 800 k /
 * 2 M in mutual exclusion group 1, one avenc_wmav2) served by wmnetsink;
 * its header read by wmnetselect under bit-rate budgets, by ffprobe over
 * http:// and mmsh:// (FFmpeg lists every stream), by GStreamer's
 * asfdemux (a pad per stream) and by VLC's mmsh access, which asks for the
 * stream its --mms-maxbitrate allows; FFmpeg's mmsh client, which asks for
 * every stream, plays them all. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnetselect.h"

#define PEER_TIMEOUT_S 60

/* docs/wmnetsink.md, "Multiple bit rates (MBR)", on a test port */
#define MBR_EXAMPLE \
  "videotestsrc is-live=true pattern=ball ! " \
  "video/x-raw,width=1280,height=720,framerate=25/1 ! tee name=t " \
  "t. ! queue ! videoscale ! video/x-raw,width=320,height=180 ! " \
  "avenc_wmv2 bitrate=300000 gop-size=25 ! queue ! s.video_0 " \
  "t. ! queue ! videoscale ! video/x-raw,width=640,height=360 ! " \
  "avenc_wmv2 bitrate=800000 gop-size=25 ! queue ! s.video_1 " \
  "t. ! queue ! avenc_wmv2 bitrate=2000000 gop-size=25 ! queue ! s.video_2 " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! " \
  "audioconvert ! avenc_wmav2 bitrate=128000 ! queue ! s.audio_0 " \
  "wmnetsink name=s port=0 address=127.0.0.1 " \
  "video_0::mutual-exclusion-group=1 video_1::mutual-exclusion-group=1 " \
  "video_2::mutual-exclusion-group=1"

/* ASF_Bitrate_Mutual_Exclusion_Object, stored byte order (ASF spec 10.1) */
static const guint8 guid_bitrate_mutex[16] = {
  0xdc, 0x29, 0xe2, 0xd6, 0xda, 0x35, 0xd1, 0x11,
  0x90, 0x34, 0x00, 0xa0, 0xc9, 0x03, 0x49, 0xbe
};

/* The header wmnetsink serves: its muxer's streamheader. */
static GBytes *
served_header (GstElement * pipeline)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GstElement *mux = gst_bin_get_by_name (GST_BIN (sink), "mux");
  GstPad *src = gst_element_get_static_pad (mux, "src");
  GBytes *bytes = wmnet_test_pad_streamheader (src);

  gst_object_unref (src);
  gst_object_unref (mux);
  gst_object_unref (sink);
  return bytes;
}

/* ffprobe's streams: "codec width height bit_rate" lines */
static void
check_ffprobe (const gchar * url)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_entries",
    "stream=codec_name,width,height,bit_rate", url, NULL
  };
  static const struct
  {
    const gchar *codec, *width, *height, *bit_rate;
  } want[] = {
    {"wmv2", "320", "180", "300000"},
    {"wmv2", "640", "360", "800000"},
    {"wmv2", "1280", "720", "2000000"},
    {"wmav2", NULL, NULL, "128000"},
  };
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (want); i++) {
    gchar *codec = wmnet_test_ffprobe_field (out, i, "codec_name");
    gchar *width = wmnet_test_ffprobe_field (out, i, "width");
    gchar *height = wmnet_test_ffprobe_field (out, i, "height");
    gchar *rate = wmnet_test_ffprobe_field (out, i, "bit_rate");

    fail_unless_equals_string (codec, want[i].codec);
    if (want[i].width) {
      fail_unless_equals_string (width, want[i].width);
      fail_unless_equals_string (height, want[i].height);
    }
    fail_unless_equals_string (rate, want[i].bit_rate);
    g_free (codec);
    g_free (width);
    g_free (height);
    g_free (rate);
  }
  fail_unless (wmnet_test_ffprobe_field (out, G_N_ELEMENTS (want),
          "codec_name") == NULL, "more streams than asked: %s", out);
  g_free (out);
}

static void
count_pad (GstElement * demux, GstPad * pad, gint * n_pads)
{
  GstElement *pipeline = GST_ELEMENT (gst_element_get_parent (demux));
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstPad *sinkpad;

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sinkpad);
  gst_object_unref (sinkpad);
  gst_object_unref (pipeline);
  g_atomic_int_inc (n_pads);
}

/* GStreamer's asfdemux skips the Bitrate Mutual Exclusion Object: a pad
 * for each of the four streams. */
static gboolean
four_pads (gpointer data)
{
  return g_atomic_int_get ((gint *) data) >= 4;
}

static void
check_asfdemux (const gchar * http)
{
  gchar *desc = g_strdup_printf ("souphttpsrc location=%s ! "
      "asfdemux name=d", http);
  GstElement *p = gst_parse_launch (desc, NULL), *demux;
  gint n_pads = 0;

  fail_unless (p != NULL);
  demux = gst_bin_get_by_name (GST_BIN (p), "d");
  g_signal_connect (demux, "pad-added", G_CALLBACK (count_pad), &n_pads);
  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  wmnet_test_wait_until (four_pads, &n_pads, 10000);
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless_equals_int (g_atomic_int_get (&n_pads), 4);
  gst_object_unref (demux);
  gst_object_unref (p);
  g_free (desc);
}

/* VLC's mmsh access chooses one video and one audio stream by the Stream
 * Bitrate Properties under --mms-maxbitrate (bits per second) and asks
 * for them in its play request; it runs as nobody (VLC refuses root). */
static void
check_vlc_choice (const gchar * mmsh, const gchar * max_bitrate,
    const gchar * entry)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *budget = g_strdup_printf ("--mms-maxbitrate=%s", max_bitrate);
  const gchar *args[] = { "-vv", "--aout=dummy", "--vout=dummy",
    budget, "--run-time=2", "--play-and-exit", mmsh, NULL
  };
  gchar **argv;
  gchar *out = NULL, *err = NULL, *want;
  gint status = -1;

  argv = wmnet_test_vlc_argv (dir, args);
  g_chmod (dir, 0777);
  fail_unless (wmnet_test_run ((const gchar * const *) argv, PEER_TIMEOUT_S,
          &status, &out, &err), "vlc did not finish within %u s",
      PEER_TIMEOUT_S);
  want = g_strdup_printf ("stream-switch-entry=%s", entry);
  fail_unless (err && strstr (err, want) != NULL,
      "vlc %s did not ask for '%s'", budget, entry);
  fail_unless (strstr (err, "Received first picture") != NULL,
      "vlc %s decoded no picture", budget);
  g_free (want);
  g_free (out);
  g_free (err);
  g_free (budget);
  g_strfreev (argv);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

/* the video stream (1 to 3) chosen with the audio (4) under a bit rate */
static const struct
{
  guint bps, video;
} by_bitrate[] = {
  {500000, 1}, {1000000, 2}, {3000000, 3},
};

GST_START_TEST (test_mbr_example)
{
  guint port, i;
  GstElement *p;
  GBytes *header;
  const guint8 *data;
  gsize size;
  guint32 described[4], chosen[4];
  const guint8 *mutex;
  gchar *http, *mmsh;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");
  p = wmnet_test_start_pipeline (MBR_EXAMPLE, &port);
  http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  mmsh = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  /* the header and a key packet */
  fail_unless (wmnet_test_wait_key_packet (p, 10000), "no key packet");

  /* one Bitrate Mutual Exclusion Object: 3 video streams, ASF_Mutex_Bitrate,
   * highest bitrate first */
  header = served_header (p);
  data = g_bytes_get_data (header, &size);
  mutex = memmem (data, size, guid_bitrate_mutex, 16);
  fail_unless (mutex != NULL, "no Bitrate Mutual Exclusion Object");
  fail_unless (memmem (mutex + 16, size - (mutex + 16 - data),
          guid_bitrate_mutex, 16) == NULL, "two of them");
  fail_unless_equals_int (GST_READ_UINT16_LE (mutex + 40), 3);
  fail_unless_equals_int (GST_READ_UINT16_LE (mutex + 42), 3);
  fail_unless_equals_int (GST_READ_UINT16_LE (mutex + 44), 2);
  fail_unless_equals_int (GST_READ_UINT16_LE (mutex + 46), 1);

  /* what a player choosing by bit rate gets (wmnetsrc max-bitrate, WMP):
   * with no limit every stream; else a video stream and the audio */
  wmnet_select_streams (data, size, 0, described, chosen);
  fail_unless_equals_int (described[0], 0x1e);
  fail_unless_equals_int (chosen[0], 0x1e);
  for (i = 0; i < G_N_ELEMENTS (by_bitrate); i++) {
    wmnet_select_streams (data, size, by_bitrate[i].bps, described, chosen);
    fail_unless_equals_int (chosen[0], (1 << by_bitrate[i].video) | (1 << 4));
  }
  g_bytes_unref (header);

  /* FFmpeg lists every stream, with the header's bit rates */
  check_ffprobe (http);
  check_ffprobe (mmsh);

  check_asfdemux (http);

  /* 500 kbit/s: the 300 k video and the audio; 3 Mbit/s: the 2 M video */
  check_vlc_choice (mmsh, "500000", "ffff:1:0 ffff:2:2 ffff:3:2 ffff:4:0");
  check_vlc_choice (mmsh, "3000000", "ffff:1:2 ffff:2:2 ffff:3:0 ffff:4:0");

  /* FFmpeg's mmsh client asks for every stream and decodes them all */
  {
    const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", mmsh,
      "-t", "2", "-map", "0", "-f", "framecrc", "-", NULL
    };
    gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
    guint s;

    for (s = 0; s < 4; s++) {
      gchar *prefix = g_strdup_printf ("\n%u,", s);

      fail_unless (strstr (out, prefix) != NULL, "no frame of stream %u", s);
      g_free (prefix);
    }
    g_free (out);
  }

  g_free (http);
  g_free (mmsh);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_mbr, 180, WMNET_TEST (test_mbr_example));
