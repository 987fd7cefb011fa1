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

/* End-to-end tests of wmasfmux with real peers: files written by real
 * encoders through wmasfmux must be read without a complaint by FFmpeg
 * (ffprobe, ffmpeg) and GStreamer's asfdemux, and a Windows Media file made
 * by FFmpeg must survive asfdemux ! wmasfmux. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnettestrun.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

#define PEER_TIMEOUT_S 60
#define PIPELINE_TIMEOUT_S 60

#define N_VIDEO_FRAMES 100

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  g_atomic_int_inc ((gint *) data);
}

/* Runs @desc to EOS; fails on an error, a warning or the time bound. The
 * fakesinks named vsink and asink (if any) count their buffers. */
static void
run_pipeline (const gchar * desc, gint * n_video, gint * n_audio)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &err);
  GstElement *sink;

  fail_unless (pipeline != NULL, "cannot build '%s': %s", desc,
      err ? err->message : "?");
  g_clear_error (&err);

  if ((sink = gst_bin_get_by_name (GST_BIN (pipeline), "vsink"))) {
    g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), n_video);
    gst_object_unref (sink);
  }
  if ((sink = gst_bin_get_by_name (GST_BIN (pipeline), "asink"))) {
    g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), n_audio);
    gst_object_unref (sink);
  }

  wmnet_test_run_clean (pipeline, PIPELINE_TIMEOUT_S, desc);
  gst_object_unref (pipeline);
}

static gint
ffprobe_count_frames (const gchar * path, const gchar * stream)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-count_frames",
    "-select_streams", stream, "-show_entries", "stream=nb_read_frames",
    "-of", "default=noprint_wrappers=1:nokey=1", path, NULL
  };
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  gint n = atoi (out);

  g_free (out);
  return n;
}

/* ffprobe's description of the streams, checked field by field. */
static gchar *
ffprobe_streams (const gchar * path)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_streams", path,
    NULL
  };
  gchar *err = NULL;
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, &err);

  fail_unless (err[0] == '\0', "ffprobe complained about %s:\n%s", path, err);
  g_free (err);
  fail_unless_equals_int (wmnet_test_count_lines (out, "[STREAM]"), 2);
  return out;
}

static void
assert_stream_field (const gchar * probe, guint n, const gchar * key,
    const gchar * expected)
{
  gchar *value = wmnet_test_ffprobe_field (probe, n, key);

  fail_unless (value != NULL, "stream %u has no %s", n, key);
  fail_unless_equals_string (value, expected);
  /* the report quotes these lines */
  g_print ("ffprobe stream %u: %s=%s\n", n, key, value);
  g_free (value);
}

/* ffprobe sees a 320x240 WMV2 stream, then WMA2 at 44.1 kHz */
static void
assert_wmv2_wma2 (const gchar * path, const gchar * channels)
{
  gchar *probe = ffprobe_streams (path);

  assert_stream_field (probe, 0, "codec_name", "wmv2");
  assert_stream_field (probe, 0, "width", "320");
  assert_stream_field (probe, 0, "height", "240");
  assert_stream_field (probe, 1, "codec_name", "wmav2");
  assert_stream_field (probe, 1, "sample_rate", "44100");
  assert_stream_field (probe, 1, "channels", channels);
  g_free (probe);
}

GST_START_TEST (test_encode_to_file)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "out.asf", NULL);
  gchar *desc;
  gint n_video = 0, n_audio = 0;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");

  /* 4 s of video and audio */
  desc = g_strdup_printf ("videotestsrc num-buffers=%d ! "
      "video/x-raw,width=320,height=240,framerate=25/1 ! avenc_wmv2 ! "
      "wmasfmux name=m ! filesink location=\"%s\" "
      "audiotestsrc num-buffers=172 samplesperbuffer=1024 ! "
      "audio/x-raw,rate=44100,channels=2 ! avenc_wmav2 ! m.", N_VIDEO_FRAMES,
      path);
  run_pipeline (desc, NULL, NULL);
  g_free (desc);

  assert_wmv2_wma2 (path, "2");

  wmnet_test_assert_ffmpeg_decodes (path);
  fail_unless_equals_int (ffprobe_count_frames (path, "v:0"), N_VIDEO_FRAMES);

  /* GStreamer's own demuxer plays it to the end */
  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! decodebin ! "
      "fakesink name=vsink sync=false signal-handoffs=true "
      "d.audio_0 ! queue ! decodebin ! "
      "fakesink name=asink sync=false signal-handoffs=true", path);
  run_pipeline (desc, &n_video, &n_audio);
  g_free (desc);
  fail_unless_equals_int (n_video, N_VIDEO_FRAMES);
  fail_unless (n_audio > 0);

  g_free (path);
}

GST_END_TEST;

/* @name in the tmpdir: @seconds of a 320x240 test picture and a 440 Hz
 * sine, encoded by ffmpeg as @vcodec and @acodec */
static gchar *
ffmpeg_make (const gchar * name, guint seconds, const gchar * vcodec,
    const gchar * acodec)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, name, NULL);
  gchar *video = g_strdup_printf ("testsrc=size=320x240:rate=25:d=%u",
      seconds);
  gchar *audio = g_strdup_printf ("sine=frequency=440:sample_rate=44100:d=%u",
      seconds);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error",
    "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
    "-c:v", vcodec, "-c:a", acodec, path, NULL
  };

  wmnet_test_require_program ("ffmpeg");
  g_free (wmnet_test_run_ok (make, PEER_TIMEOUT_S, NULL));
  g_free (video);
  g_free (audio);
  return path;
}

/* asfdemux ! wmasfmux: @src's first video and audio streams into @dst */
static gchar *
remux_desc (const gchar * src, const gchar * dst)
{
  return g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! m.video_0  d.audio_0 ! queue ! m.audio_0 "
      "wmasfmux name=m ! filesink location=\"%s\"", src, dst);
}

GST_START_TEST (test_remux_ffmpeg_file)
{
  gchar *src, *dst = g_build_filename (wmnet_test_tmpdir, "y.asf", NULL);
  gchar *desc;
  gint src_video, dst_video, src_audio, dst_audio;

  wmnet_test_require_program ("ffprobe");
  src = ffmpeg_make ("x.wmv", 5, "wmv2", "wmav2");
  desc = remux_desc (src, dst);
  run_pipeline (desc, NULL, NULL);
  g_free (desc);

  assert_wmv2_wma2 (dst, "1");

  wmnet_test_assert_ffmpeg_decodes (dst);

  src_video = ffprobe_count_frames (src, "v:0");
  dst_video = ffprobe_count_frames (dst, "v:0");
  src_audio = ffprobe_count_frames (src, "a:0");
  dst_audio = ffprobe_count_frames (dst, "a:0");
  g_print ("frames: video %d -> %d, audio %d -> %d\n", src_video, dst_video,
      src_audio, dst_audio);
  fail_unless (src_video >= 120, "ffmpeg made only %d frames", src_video);
  fail_unless (ABS (src_video - dst_video) <= 2, "video %d -> %d", src_video,
      dst_video);
  fail_unless (ABS (src_audio - dst_audio) <= 2, "audio %d -> %d", src_audio,
      dst_audio);

  g_free (src);
  g_free (dst);
}

GST_END_TEST;

/* FFmpeg's own MS-MPEG4 v3 and H.264 (with B-frames) .asf files, which
 * wmasfmux once refused, re-muxed without re-encoding: the re-broadcast
 * recipe. */
static const struct
{
  const gchar *vcodec, *acodec; /* ffmpeg's encoders */
  const gchar *v_name, *a_name; /* ffprobe's codec_name */
} ffmpeg_files[] = {
  {"msmpeg4", "wmav2", "msmpeg4v3", "wmav2"},
  {"libx264", "aac", "h264", "aac"},
};

GST_START_TEST (test_remux_ffmpeg_codecs)
{
  gchar *src, *dst = g_build_filename (wmnet_test_tmpdir, "y.asf", NULL);
  gchar *desc, *probe;
  gint src_video, dst_video;

  wmnet_test_require_program ("ffprobe");
  src = ffmpeg_make ("x.asf", 3, ffmpeg_files[__i__].vcodec,
      ffmpeg_files[__i__].acodec);
  desc = remux_desc (src, dst);
  run_pipeline (desc, NULL, NULL);
  g_free (desc);

  probe = ffprobe_streams (dst);
  assert_stream_field (probe, 0, "codec_name", ffmpeg_files[__i__].v_name);
  assert_stream_field (probe, 0, "width", "320");
  assert_stream_field (probe, 1, "codec_name", ffmpeg_files[__i__].a_name);
  assert_stream_field (probe, 1, "sample_rate", "44100");
  g_free (probe);
  wmnet_test_assert_ffmpeg_decodes (dst);
  src_video = ffprobe_count_frames (src, "v:0");
  dst_video = ffprobe_count_frames (dst, "v:0");
  fail_unless (ABS (src_video - dst_video) <= 2, "video %d -> %d", src_video,
      dst_video);

  g_free (src);
  g_free (dst);
}

GST_END_TEST;

/* Every codec the FFmpeg program encodes into ASF on Debian 12, alone in
 * a file: asfdemux ! wmasfmux must keep it decodable, frame for frame. */
static const struct
{
  const gchar *codec, *name;
  gboolean video;
} ffmpeg_codecs[] = {
  {"wmv1", "wmv1", TRUE}, {"wmv2", "wmv2", TRUE},
  {"msmpeg4v2", "msmpeg4v2", TRUE}, {"msmpeg4", "msmpeg4v3", TRUE},
  {"mpeg4", "mpeg4", TRUE}, {"libx264", "h264", TRUE},
  {"wmav1", "wmav1", FALSE}, {"wmav2", "wmav2", FALSE},
  {"libmp3lame", "mp3", FALSE}, {"mp2", "mp2", FALSE},
  {"aac", "aac", FALSE}, {"pcm_s16le", "pcm_s16le", FALSE},
  {"ac3", "ac3", FALSE},
};

GST_START_TEST (test_remux_ffmpeg_codec)
{
  gboolean video = ffmpeg_codecs[__i__].video;
  gchar *src = g_build_filename (wmnet_test_tmpdir, "x.asf", NULL);
  gchar *dst = g_build_filename (wmnet_test_tmpdir, "y.asf", NULL);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
    "-i", video ? "testsrc=size=320x240:rate=25:d=2" :
        "sine=frequency=440:sample_rate=44100:d=2",
    video ? "-c:v" : "-c:a", ffmpeg_codecs[__i__].codec, src, NULL
  };
  const gchar *probe[] = { "ffprobe", "-v", "error", "-show_streams", dst,
    NULL
  };
  const gchar *stream = video ? "v:0" : "a:0";
  gchar *desc, *out, *err = NULL;
  gint n_src, n_dst;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");
  g_free (wmnet_test_run_ok (make, PEER_TIMEOUT_S, NULL));

  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux ! queue ! "
      "m.%s_0 wmasfmux name=m ! filesink location=\"%s\"", src,
      video ? "video" : "audio", dst);
  run_pipeline (desc, NULL, NULL);
  g_free (desc);

  out = wmnet_test_run_ok (probe, PEER_TIMEOUT_S, &err);
  fail_unless (err[0] == '\0', "ffprobe: %s", err);
  assert_stream_field (out, 0, "codec_name", ffmpeg_codecs[__i__].name);
  if (!video)
    assert_stream_field (out, 0, "sample_rate", "44100");
  g_free (out);
  g_free (err);
  wmnet_test_assert_ffmpeg_decodes (dst);
  n_src = ffprobe_count_frames (src, stream);
  n_dst = ffprobe_count_frames (dst, stream);
  fail_unless (n_src > 0 && ABS (n_src - n_dst) <= 2, "%s: %d -> %d frames",
      ffmpeg_codecs[__i__].codec, n_src, n_dst);

  g_free (src);
  g_free (dst);
}

GST_END_TEST;

/* Runs @desc until an error, which must come within the bound and name
 * @pad; for a live @desc, an EOS is sent after a second as gst-launch-1.0
 * -e does on Ctrl+C. */
static void
assert_error_names_pad (const gchar * desc, gboolean live, const gchar * pad)
{
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless (pipeline != NULL, "cannot build %s", desc);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (live) {
    msg = gst_bus_timed_pop_filtered (bus, GST_SECOND, GST_MESSAGE_ERROR);
    fail_unless (msg == NULL);
    gst_element_send_event (pipeline, gst_event_new_eos ());
  }
  /* the muxer's bound is 10 s after the first caps */
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL, "no error within 30 s: %s", desc);
  fail_unless (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR,
      "%s ended without an error", desc);
  gst_message_parse_error (msg, &err, &debug);
  GST_INFO ("error: %s (%s)", err->message, debug);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, pad) != NULL, "'%s' does not name %s",
      err->message, pad);
  g_clear_error (&err);
  g_free (debug);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

/* asfdemux offers a codec the muxer cannot carry (Motion JPEG): the delayed
 * link fails and the muxer's video pad never gets caps. The file, the
 * broadcast and the live recording with an EOS must all end in an error
 * naming the pad, never in silence. */
GST_START_TEST (test_pad_without_caps)
{
  gchar *src = ffmpeg_make ("mjpeg.asf", 4, "mjpeg", "wmav2");
  gchar *dst = g_build_filename (wmnet_test_tmpdir, "out.asf", NULL);
  gchar *desc = remux_desc (src, dst);
  GStatBuf st;

  assert_error_names_pad (desc, FALSE, "video_0");
  g_free (desc);
  /* nothing was written for a stream that could not be described */
  fail_unless (g_stat (dst, &st) == 0);
  fail_unless_equals_int (st.st_size, 0);

  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! s.video_%%u  d.audio_0 ! queue ! s.audio_%%u "
      "wmnetsink name=s port=0 address=127.0.0.1", src);
  assert_error_names_pad (desc, FALSE, "video_0");
  g_free (desc);

  /* live, a video branch that died before its caps (a funnel with no
   * input), ended by an EOS as gst-launch-1.0 -e does on Ctrl+C */
  desc = g_strdup_printf ("funnel ! queue ! "
      "m.video_0 audiotestsrc is-live=true ! avenc_wmav2 ! queue ! "
      "m.audio_0 wmasfmux name=m ! filesink location=\"%s\"", dst);
  assert_error_names_pad (desc, TRUE, "video_0");
  g_free (desc);

  g_free (src);
  g_free (dst);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmasfmux_file, 0, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_encode_to_file),
    WMNET_TEST (test_remux_ffmpeg_file),
    WMNET_LOOP_TEST (test_remux_ffmpeg_codecs, G_N_ELEMENTS (ffmpeg_files)),
    WMNET_LOOP_TEST (test_remux_ffmpeg_codec, G_N_ELEMENTS (ffmpeg_codecs)),
    WMNET_TEST (test_pad_without_caps));
