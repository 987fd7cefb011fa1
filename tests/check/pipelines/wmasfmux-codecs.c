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

/* The codec matrix of wmasfmux, end to end with real peers. For every
 * codec a Debian 12 encoder produces: a 2-second file written by
 * wmasfmux ! filesink, probed by ffprobe and gst-discoverer-1.0; then a
 * live broadcast through wmnetsink decoded at once by FFmpeg over mmsh and
 * over http, VLC (transcoding, so it decodes), MPlayer (md5 of every
 * frame, PCM of the audio) and GStreamer (souphttpsrc ! asfdemux !
 * decodebin). Each codec writes its row of the matrix into
 * $WMNET_MATRIX_DIR; the last test assembles the table and compares it
 * with the one in docs/wmasfmux.md (tests/scripts/codec-matrix.py). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"

#define PEER_TIMEOUT 40
#define FILE_SECONDS 2
#define LIVE_SECONDS 2

typedef struct
{
  const gchar *id;              /* row key and file name */
  const gchar *label;           /* matrix row label */
  gboolean is_video;
  const gchar *encoder;         /* after the raw caps */
  const gchar *ff_codec;        /* ffprobe codec_name */
  const gchar *wmp;             /* what Windows Media Player plays */
  /* when set, the FFmpeg program encodes (ffmpeg -c:v ...) into an ASF
   * file that filesrc ! asfdemux replays: the re-broadcast recipe */
  const gchar *ffmpeg_codec;
} Codec;

#define VIDEO_RAW "video/x-raw,width=320,height=240,framerate=25/1"
#define AUDIO_RAW "audio/x-raw,rate=44100,channels=2"

/* the Windows column's sources are in docs/wmasfmux.md */
static const Codec codecs[] = {
  {"wmv1", "WMV1 (`avenc_wmv1`)", TRUE, "avenc_wmv1 bitrate=400000 "
        "gop-size=25", "wmv1", "yes [WMF]"},
  {"wmv2", "WMV2 (`avenc_wmv2`)", TRUE, "avenc_wmv2 bitrate=400000 "
        "gop-size=25", "wmv2", "yes [WMF]"},
  {"msmpeg4v2", "MS-MPEG4 v2 `MP42` (`avenc_msmpeg4v2`)", TRUE,
      "avenc_msmpeg4v2 bitrate=400000 gop-size=25", "msmpeg4v2", "yes [DMO]"},
  {"msmpeg4v3", "MS-MPEG4 v3 `MP43` (`avenc_msmpeg4`)", TRUE,
      "avenc_msmpeg4 bitrate=400000 gop-size=25", "msmpeg4v3", "yes [DMO]"},
  /* avenc_mpeg4 of Debian 12 stamps every frame 2^63 ns */
  {"mpeg4", "MPEG-4 Part 2 `M4S2` (`ffmpeg -c:v mpeg4`, `asfdemux`)", TRUE,
      NULL, "mpeg4", "yes [MF]", "mpeg4"},
  {"h264", "H.264 `H264` (`x264enc ! h264parse`)", TRUE,
      "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 "
        "bitrate=400 ! h264parse", "h264", "yes [MF]"},
  {"wmav1", "WMA v1 0x0160 (`avenc_wmav1`)", FALSE, "avenc_wmav1", "wmav1",
      "yes [WMF]"},
  {"wmav2", "WMA v2 0x0161 (`avenc_wmav2`)", FALSE, "avenc_wmav2", "wmav2",
      "yes [WMF]"},
  {"mp3", "MP3 0x0055, VBR (`lamemp3enc ! mpegaudioparse`)", FALSE,
      "lamemp3enc ! mpegaudioparse", "mp3", "CBR only [MP3]"},
  {"mp2", "MPEG-1 Layer 2 0x0050 (`avenc_mp2 ! mpegaudioparse`)", FALSE,
      "avenc_mp2 ! mpegaudioparse", "mp2", "yes [MF]"},
  {"aac", "AAC 0x00FF (`avenc_aac ! aacparse`)", FALSE,
      "avenc_aac ! aacparse", "aac", "yes [MF]"},
  {"pcm", "PCM S16LE 0x0001 (`audioconvert`)", FALSE,
      "audioconvert ! audio/x-raw,format=S16LE", "pcm_s16le", "yes [WMF]"},
  {"ac3", "AC-3 0x2000 (`avenc_ac3 ! ac3parse`)", FALSE,
      "avenc_ac3 ! ac3parse", "ac3", "yes [MF]"},
};

/* the peers of the broadcast, in matrix column order */
enum
{
  PEER_FFMPEG_MMSH,
  PEER_FFMPEG_HTTP,
  PEER_VLC,
  PEER_MPLAYER,
  PEER_GSTREAMER,
  N_PEERS
};

typedef struct
{
  gchar *dir;
  const Codec *codec;
  gchar *file_cell;             /* ffprobe + discoverer */
  gchar *cells[N_PEERS];
} Row;

static gchar *
matrix_dir (void)
{
  const gchar *dir = g_getenv ("WMNET_MATRIX_DIR");

  fail_unless (dir != NULL && *dir, "WMNET_MATRIX_DIR is not set");
  g_mkdir_with_parents (dir, 0755);
  return g_strdup (dir);
}

/* The first codec starts a new matrix: no row of an earlier run stays. */
static void
clear_rows (const gchar * matrix)
{
  GDir *d = g_dir_open (matrix, 0, NULL);
  const gchar *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
    if (g_str_has_suffix (name, ".row")) {
      gchar *path = g_build_filename (matrix, name, NULL);

      g_unlink (path);
      g_free (path);
    }
  }
  if (d != NULL)
    g_dir_close (d);
}

static gchar *raw_source (const Codec * c, gboolean live);

/* The FFmpeg program's encoding, made once per test. */
static gchar *
ffmpeg_file (const gchar * dir, const Codec * c)
{
  gchar *file = g_strdup_printf ("%s/%s-ffmpeg.asf", dir, c->id);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "10",
    "-c:v", c->ffmpeg_codec, "-g", "25", "-b:v", "400k", "-an", file, NULL
  };
  gint status = -1;

  if (g_file_test (file, G_FILE_TEST_EXISTS))
    return file;
  wmnet_test_require_program ("ffmpeg");
  fail_unless (wmnet_test_run (argv, PEER_TIMEOUT, &status, NULL, NULL));
  fail_unless_equals_int (status, 0);
  return file;
}

/* The encoded stream, up to the muxer. */
static gchar *
encoded_source (const gchar * dir, const Codec * c, gboolean live)
{
  gchar *src, *desc;

  if (c->ffmpeg_codec) {
    gchar *file = ffmpeg_file (dir, c);

    /* 2 s of it for the file, the rest for the broadcast */
    desc = g_strdup_printf ("filesrc location=%s ! asfdemux %s", file,
        live ? "" : "! identity eos-after=50");
    g_free (file);
    return desc;
  }
  src = raw_source (c, live);
  desc = g_strdup_printf ("%s ! %s", src, c->encoder);
  g_free (src);
  return desc;
}

static gchar *
raw_source (const Codec * c, gboolean live)
{
  if (c->is_video)
    return g_strdup_printf ("videotestsrc pattern=ball %s ! " VIDEO_RAW,
        live ? "is-live=true" : "num-buffers=50");
  return g_strdup_printf ("audiotestsrc samplesperbuffer=1024 "
      "%s ! " AUDIO_RAW, live ? "is-live=true" : "num-buffers=87");
}

/* Seconds from 0 to the end of the last frame ffmpeg -f framecrc decoded:
 * "#tb 0: 1/44100" then "0, dts, pts, duration, size, crc" lines. */
static gdouble
framecrc_duration (const gchar * out)
{
  gchar **lines = g_strsplit (out ? out : "", "\n", -1);
  guint i;
  gint tb_num = 0, tb_den = 0;
  gint64 end = 0;

  for (i = 0; lines[i]; i++) {
    gint64 dts, pts, dur;

    if (sscanf (lines[i], "#tb 0: %d/%d", &tb_num, &tb_den) == 2)
      continue;
    if (sscanf (lines[i], "0, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
            G_GINT64_FORMAT ",", &dts, &pts, &dur) == 3)
      end = MAX (end, pts + dur);
  }
  g_strfreev (lines);
  return tb_den > 0 ? (gdouble) end *tb_num / tb_den : 0.0;
}

static GSubprocess *
spawn (const gchar * const *argv)
{
  wmnet_test_require_program (argv[0]);
  return wmnet_test_spawn (argv);
}

static void
wait_ok (GSubprocess * proc, const gchar * what, gchar ** out, gchar ** err)
{
  gint status = -1;

  fail_unless (wmnet_test_wait (proc, PEER_TIMEOUT, &status, out, err),
      "%s did not finish in %u s", what, PEER_TIMEOUT);
  fail_unless (status == 0, "%s exited with %d:\n%s", what, status,
      err && *err ? *err : "");
  g_object_unref (proc);
}

/* minimum decoded units for 2 s: 50 frames at 25 fps, audio in packets of
 * at most 2048 samples (WMA) at 44.1 kHz, with slack for the start */
static guint
min_units (const Codec * c, guint seconds)
{
  return c->is_video ? seconds * 25 * 3 / 5 : seconds * 44100 / 2048 / 2;
}

/* ---- the file: wmasfmux ! filesink, ffprobe, gst-discoverer ------------ */

static void
check_file (Row * row)
{
  const Codec *c = row->codec;
  gchar *file = g_strdup_printf ("%s/%s.asf", row->dir, c->id);
  gchar *src = encoded_source (row->dir, c, FALSE);
  gchar *desc = g_strdup_printf ("%s ! wmasfmux ! filesink location=%s", src,
      file);
  const gchar *probe[] = { "ffprobe", "-v", "error", "-show_streams",
    "-show_format", "-count_frames", file, NULL
  };
  const gchar *disco[] = { "gst-discoverer-1.0", "-v", file, NULL };
  const gchar *decode[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
    "-f", "framecrc", "-", NULL
  };
  const WmnetTestProbeField video[] = {
    {0, "codec_name", c->ff_codec}, {0, "width", "320"}, {0, "height", "240"},
    /* from the Extended Stream Properties and the Metadata Object */
    {0, "r_frame_rate", "25/1"}, {0, "sample_aspect_ratio", "1:1"},
  };
  const WmnetTestProbeField audio[] = {
    {0, "codec_name", c->ff_codec}, {0, "sample_rate", "44100"},
    {0, "channels", "2"},
  };
  GSubprocess *p1, *p2, *p3;
  gchar *out = NULL, *err = NULL, *v;
  gdouble duration;

  wmnet_test_run_to_eos (desc, 60);
  p1 = spawn (probe);
  p2 = spawn (disco);
  p3 = spawn (decode);

  wait_ok (p1, "ffprobe", &out, &err);
  fail_unless (err[0] == '\0', "ffprobe %s: %s", c->id, err);
  if (c->is_video)
    wmnet_test_assert_ffprobe_fields (out, video, G_N_ELEMENTS (video));
  else
    wmnet_test_assert_ffprobe_fields (out, audio, G_N_ELEMENTS (audio));
  v = wmnet_test_ffprobe_field (out, 0, "nb_read_frames");
  fail_unless (v && atoi (v) >= (gint) min_units (c, FILE_SECONDS),
      "ffprobe decoded %s frames of %s", v, c->id);
  g_free (v);
  /* a broadcast file has no duration: for audio ffprobe estimates it from
   * the declared bitrate, so this checks the Stream Bitrate Properties */
  if (!c->is_video) {
    v = strstr (out, "[FORMAT]");
    fail_unless (v != NULL);
    v = strstr (v, "\nduration=");
    fail_unless (v != NULL);
    duration = g_ascii_strtod (v + strlen ("\nduration="), NULL);
    fail_unless (duration > FILE_SECONDS * 0.75
        && duration < FILE_SECONDS * 1.6,
        "ffprobe gives %s a duration of %.3f s", c->id, duration);
  }
  g_free (out);
  g_free (err);

  /* the decoded duration: the end of the last frame */
  wait_ok (p3, "ffmpeg", &out, &err);
  fail_unless (err[0] == '\0', "ffmpeg %s: %s", c->id, err);
  duration = framecrc_duration (out);
  fail_unless (duration > FILE_SECONDS * 0.9 && duration < FILE_SECONDS * 1.2,
      "ffmpeg decodes %.3f s of %s", duration, c->id);
  g_free (out);
  g_free (err);

  wait_ok (p2, "gst-discoverer-1.0", &out, &err);
  fail_unless (strstr (out, c->is_video ? "video #" : "audio #") != NULL,
      "discoverer on %s:\n%s", c->id, out);
  if (c->is_video)
    fail_unless (strstr (out, "Width: 320") && strstr (out, "Height: 240"),
        "discoverer on %s:\n%s", c->id, out);
  else
    fail_unless (strstr (out, "Sample rate: 44100")
        && strstr (out, "Channels: 2"), "discoverer on %s:\n%s", c->id, out);
  g_free (out);
  g_free (err);

  row->file_cell = g_strdup_printf ("`%s`, %s", c->ff_codec,
      c->is_video ? "320x240" : "44100 Hz, 2 ch");
  g_free (desc);
  g_free (src);
  g_free (file);
}

/* ---- the broadcast: five players at once -------------------------------- */

static gchar **
vlc_argv (const gchar * dir, const gchar * url, const gchar * out_file)
{
  /* transcoding makes VLC decode; its avi muxer counts the frames */
  gchar *sout = g_strdup_printf ("#transcode{vcodec=RV24,"
      "acodec=s16l}:std{access=file,mux=avi,dst=%s}", out_file);
  const gchar *args[] = { "--run-time=3", "--play-and-exit", url, "--sout",
    sout, NULL
  };
  gchar **argv = wmnet_test_vlc_argv (dir, args);

  g_free (sout);
  return argv;
}

/* "avi mux: stream[0] duration:2 totalsize:... frames:49 ..." */
static guint
vlc_frames (const gchar * err)
{
  const gchar *p = strstr (err ? err : "", "avi mux: stream[0]");

  if (p == NULL || (p = strstr (p, "frames:")) == NULL)
    return 0;
  return atoi (p + strlen ("frames:"));
}

static void
count_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad,
    gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

/* souphttpsrc ! asfdemux ! decodebin for @seconds: the buffers decoded */
static guint
play_souphttpsrc (guint port, guint seconds)
{
  gchar *desc = g_strdup_printf ("souphttpsrc location=http://127.0.0.1:%u/ "
      "! asfdemux ! decodebin ! fakesink name=out signal-handoffs=true",
      port);
  GstElement *client = gst_parse_launch (desc, NULL);
  GstElement *sink;
  gint n = 0;

  fail_unless (client != NULL);
  sink = gst_bin_get_by_name (GST_BIN (client), "out");
  g_signal_connect (sink, "handoff", G_CALLBACK (count_handoff), &n);
  wmnet_test_play_for (client, seconds, "souphttpsrc client");
  gst_object_unref (sink);
  gst_object_unref (client);
  g_free (desc);
  return g_atomic_int_get (&n);
}

/* The FFmpeg player @proc (-f framecrc) of @row's broadcast: no error and
 * @want frames at least; its @peer cell says so. */
static void
check_ffmpeg_peer (Row * row, guint peer, GSubprocess * proc,
    const gchar * what, guint want)
{
  gchar *out, *err;
  guint n;

  wait_ok (proc, what, &out, &err);
  fail_unless (err[0] == '\0', "%s %s: %s", what, row->codec->id, err);
  /* ffmpeg -f framecrc prints one line per decoded frame, "0, ..." */
  n = wmnet_test_count_prefix_lines (out, "0,");
  fail_unless (n >= want, "%s decoded %u of %s", what, n, row->codec->id);
  row->cells[peer] = g_strdup ("decodes");
  g_free (out);
  g_free (err);
}

static void
check_broadcast (Row * row)
{
  const Codec *c = row->codec;
  gchar *src = encoded_source (row->dir, c, TRUE);
  /* a short preroll: players start sooner */
  gchar *desc = g_strdup_printf ("%s ! queue ! wmnetsink name=s port=0 "
      "address=127.0.0.1 preroll=1000", src);
  gchar *t = g_strdup_printf ("%u", LIVE_SECONDS);
  gchar *mmsh, *http, *vlc_out, *md5, *ao, *vo, **vlc;
  GSubprocess *ff_mmsh, *ff_http, *vlc_proc, *mp;
  gchar *out = NULL, *err = NULL, *contents = NULL;
  guint port, n, want = min_units (c, LIVE_SECONDS);
  gsize len = 0;
  GstElement *p;

  p = wmnet_test_start_pipeline (desc, &port);
  mmsh = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  vlc_out = g_strdup_printf ("%s/%s-vlc.avi", row->dir, c->id);
  md5 = g_strdup_printf ("%s/%s-mplayer.md5", row->dir, c->id);
  vo = g_strdup_printf ("md5sum:outfile=%s", md5);
  ao = g_strdup_printf ("pcm:fast:file=%s/%s-mplayer.wav", row->dir, c->id);
  {
    const gchar *ffm[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", mmsh,
      "-t", t, "-f", "framecrc", "-", NULL
    };
    const gchar *ffh[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", http,
      "-t", t, "-f", "framecrc", "-", NULL
    };
    /* MPlayer's stream time starts at the preroll */
    const gchar *mpl[] = { "mplayer", "-noconfig", "all", "-really-quiet",
      "-nolirc", c->is_video ? "-frames" : "-endpos",
      c->is_video ? "50" : "4", "-vo", c->is_video ? vo : "null",
      "-ao", c->is_video ? "null" : ao, c->is_video ? "-nosound" : "-novideo",
      mmsh, NULL
    };

    ff_mmsh = spawn (ffm);
    ff_http = spawn (ffh);
    vlc = vlc_argv (row->dir, mmsh, vlc_out);
    vlc_proc = wmnet_test_spawn ((const gchar * const *) vlc);
    mp = spawn (mpl);
  }
  /* GStreamer in this process meanwhile */
  n = play_souphttpsrc (port, LIVE_SECONDS + 2);
  fail_unless (n >= want, "souphttpsrc decoded %d of %s", n, c->id);
  row->cells[PEER_GSTREAMER] = g_strdup ("decodes");

  check_ffmpeg_peer (row, PEER_FFMPEG_MMSH, ff_mmsh, "ffmpeg mmsh", want);
  check_ffmpeg_peer (row, PEER_FFMPEG_HTTP, ff_http, "ffmpeg http", want);

  wait_ok (vlc_proc, "vlc", &out, &err);
  n = vlc_frames (err);
  fail_unless (n >= want, "VLC decoded %u of %s:\n%s", n, c->id, err);
  row->cells[PEER_VLC] = g_strdup ("decodes");
  g_free (out);
  g_free (err);

  wait_ok (mp, "mplayer", &out, &err);
  if (c->is_video) {
    fail_unless (g_file_get_contents (md5, &contents, NULL, NULL),
        "MPlayer wrote no frame of %s:\n%s", c->id, err);
    n = wmnet_test_count_prefix_lines (contents, "");
    fail_unless (n >= want, "MPlayer decoded %u frames of %s", n, c->id);
  } else {
    gchar *wav = g_strdup_printf ("%s/%s-mplayer.wav", row->dir, c->id);

    fail_unless (g_file_get_contents (wav, &contents, &len, NULL),
        "MPlayer wrote no audio of %s:\n%s", c->id, err);
    /* 16-bit stereo after the 44-byte header: at least a second */
    fail_unless (len > 44 + 44100 * 4, "MPlayer decoded %" G_GSIZE_FORMAT
        " bytes of %s", len, c->id);
    g_free (wav);
  }
  row->cells[PEER_MPLAYER] = g_strdup ("decodes");
  g_free (contents);
  g_free (out);
  g_free (err);

  wmnet_test_stop_pipeline (p);
  g_strfreev (vlc);
  g_free (ao);
  g_free (vo);
  g_free (md5);
  g_free (vlc_out);
  g_free (http);
  g_free (mmsh);
  g_free (t);
  g_free (desc);
  g_free (src);
}

static void
write_row (Row * row, const gchar * matrix)
{
  gchar *path = g_strdup_printf ("%s/%02u-%s.row", matrix,
      (guint) (row->codec - codecs), row->codec->id);
  gchar *line = g_strdup_printf ("| %s | %s | %s | %s | %s | %s | %s | %s |\n",
      row->codec->label, row->file_cell, row->cells[PEER_FFMPEG_MMSH],
      row->cells[PEER_FFMPEG_HTTP], row->cells[PEER_VLC],
      row->cells[PEER_MPLAYER], row->cells[PEER_GSTREAMER], row->codec->wmp);
  guint i;

  fail_unless (g_file_set_contents (path, line, -1, NULL));
  g_free (line);
  g_free (path);
  g_free (row->file_cell);
  for (i = 0; i < N_PEERS; i++)
    g_free (row->cells[i]);
}

GST_START_TEST (test_codec)
{
  gchar *matrix = matrix_dir ();
  Row row = { NULL, };

  if (__i__ == 0)
    clear_rows (matrix);
  row.codec = &codecs[__i__];
  row.dir = wmnet_test_make_tmpdir ();
  g_chmod (row.dir, 0777);
  check_file (&row);
  check_broadcast (&row);
  write_row (&row, matrix);
  wmnet_test_remove_dir (row.dir);
  g_free (row.dir);
  g_free (matrix);
}

GST_END_TEST;

/* The rows of this run, assembled, must be the table of docs/wmasfmux.md. */
GST_START_TEST (test_matrix_in_docs)
{
  gchar *matrix = matrix_dir ();
  const gchar *srcdir = g_getenv ("WMNET_SOURCE_ROOT");
  gchar *script, *doc;
  gchar *out = NULL, *err = NULL;
  gint status = -1;

  fail_unless (srcdir != NULL, "WMNET_SOURCE_ROOT is not set");
  script = g_build_filename (srcdir, "tests", "scripts", "codec-matrix.py",
      NULL);
  doc = g_build_filename (srcdir, "docs", "wmasfmux.md", NULL);
  {
    const gchar *argv[] = { "python3", script, "--check", matrix, doc, NULL };

    fail_unless (wmnet_test_run (argv, 30, &status, &out, &err));
    fail_unless (status == 0, "%s%s", out, err);
  }
  g_free (out);
  g_free (err);
  g_free (doc);
  g_free (script);
  g_free (matrix);
}

GST_END_TEST;

/* ---- codecs no Debian encoder makes: synthetic round trips ------------- */

typedef struct
{
  const gchar *id;
  const gchar *caps;            /* without codec_data */
  const gchar *codec_data;      /* hex */
  const gchar *ff_codec;
  const gchar *ff_fields[2][2]; /* ffprobe key, value */
  const gchar *same[4];         /* caps fields asfdemux must give back */
} Synthetic;

static const Synthetic synthetic[] = {
  {"wmv3", "video/x-wmv, wmvversion=(int)3, format=(string)WMV3, "
        "width=(int)320, height=(int)240, framerate=(fraction)25/1",
        "4e291a01", "wmv3", {{"width", "320"}, {"height", "240"}},
      {"wmvversion", "width", "height", "format"}},
  /* after one byte, an Advanced Profile sequence header (level 1,
   * 320x240, progressive) and an entry point, with their start codes */
  {"wvc1", "video/x-wmv, wmvversion=(int)3, format=(string)WVC1, "
        "width=(int)320, height=(int)240, framerate=(fraction)25/1",
        "250000010fca0009f07708800000010e4842", "vc1",
        {{"width", "320"}, {"height", "240"}},
      {"wmvversion", "width", "height", "format"}},
  /* WMA 9 Pro / Lossless: bits, channel mask, 8 reserved, options, 2 */
  {"wmapro", "audio/x-wma, wmaversion=(int)3, rate=(int)44100, "
        "channels=(int)2, block_align=(int)2973, bitrate=(int)128000, "
        "depth=(int)16", "100003000000000000000000000000e00000", "wmapro",
        {{"sample_rate", "44100"}, {"channels", "2"}},
      {"wmaversion", "rate", "channels", "block_align"}},
  {"wmalossless", "audio/x-wma, wmaversion=(int)4, rate=(int)44100, "
        "channels=(int)2, block_align=(int)13375, bitrate=(int)800000, "
        "depth=(int)16", "100003000000000000000000000000e00000",
        "wmalossless", {{"sample_rate", "44100"}, {"channels", "2"}},
      {"wmaversion", "rate", "channels", "block_align"}},
  /* flags 0, then the 17 3-bit VBM tree codes FFmpeg checks */
  {"wmavoice", "audio/x-wms, rate=(int)16000, channels=(int)1, "
        "block_align=(int)40, bitrate=(int)20000",
        "0000000000000000000000000000000000000000000005397705397700000000"
        "0000000000000000000000000000", "wmavoice",
        {{"sample_rate", "16000"}, {"channels", "1"}},
      {"rate", "channels", "block_align", NULL}},
};

static GstBuffer *
hex_buffer (const gchar * hex)
{
  gsize i, n = strlen (hex) / 2;
  guint8 *data = g_malloc (n);

  for (i = 0; i < n; i++)
    data[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 +
        g_ascii_xdigit_value (hex[2 * i + 1]);
  return gst_buffer_new_wrapped (data, n);
}

/* 25 frames of noise through appsrc ! wmasfmux ! filesink */
static void
write_synthetic (const Synthetic * t, GstCaps * caps, const gchar * file)
{
  gboolean video = g_str_has_prefix (t->caps, "video/");
  gchar *desc = g_strdup_printf ("appsrc name=src format=time ! m.%s_%%u "
      "wmasfmux name=m ! filesink location=%s", video ? "video" : "audio",
      file);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (p), "src");
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  guint i;

  g_object_set (src, "caps", caps, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  for (i = 0; i < 25; i++) {
    GstBuffer *buf = gst_buffer_new_allocate (NULL, 400, NULL);
    GstMapInfo map;
    guint j;

    gst_buffer_map (buf, &map, GST_MAP_WRITE);
    for (j = 0; j < map.size; j++)
      map.data[j] = g_random_int ();
    gst_buffer_unmap (buf, &map);
    GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = i * 40 * GST_MSECOND;
    GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
    if (video && i % 10 != 0)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (src), buf),
        GST_FLOW_OK);
  }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS,
      "writing %s failed", t->id);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (p);
  g_free (desc);
}

/* asfdemux's caps for @file */
static GstCaps *
demuxed_caps (const gchar * file)
{
  gchar *desc = g_strdup_printf ("filesrc location=%s ! asfdemux ! appsink "
      "name=out sync=false", file);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "out");
  GstSample *sample;
  GstCaps *caps;

  gst_element_set_state (p, GST_STATE_PAUSED);
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 20 * GST_SECOND);
  fail_unless (sample != NULL, "asfdemux gave nothing for %s", file);
  caps = gst_caps_ref (gst_sample_get_caps (sample));
  gst_sample_unref (sample);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
  g_free (desc);
  return caps;
}

static void
assert_same_caps (const Synthetic * t, GstCaps * sent, GstCaps * got)
{
  const GstStructure *a = gst_caps_get_structure (sent, 0);
  const GstStructure *b = gst_caps_get_structure (got, 0);
  guint i;

  GST_INFO ("%s: sent %" GST_PTR_FORMAT ", asfdemux gives %" GST_PTR_FORMAT,
      t->id, sent, got);
  fail_unless_equals_string (gst_structure_get_name (b),
      gst_structure_get_name (a));
  for (i = 0; i < G_N_ELEMENTS (t->same) && t->same[i]; i++)
    fail_unless (gst_value_compare (gst_structure_get_value (a, t->same[i]),
            gst_structure_get_value (b, t->same[i])) == GST_VALUE_EQUAL,
        "%s: field %s differs: %" GST_PTR_FORMAT, t->id, t->same[i], got);
  fail_unless (gst_value_compare (gst_structure_get_value (a, "codec_data"),
          gst_structure_get_value (b, "codec_data")) == GST_VALUE_EQUAL,
      "%s: codec_data differs: %" GST_PTR_FORMAT, t->id, got);
}

GST_START_TEST (test_synthetic_round_trip)
{
  const Synthetic *t = &synthetic[__i__];
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_strdup_printf ("%s/%s.asf", dir, t->id);
  gchar *again = g_strdup_printf ("%s/%s-remuxed.asf", dir, t->id);
  GstCaps *caps = gst_caps_from_string (t->caps), *got;
  GstBuffer *cd = hex_buffer (t->codec_data);
  const gchar *probe[] = { "ffprobe", "-v", "error", "-show_streams", file,
    NULL
  };
  gchar *out = NULL, *err = NULL, *v, *remux;
  gint status = -1;
  guint i;

  gst_caps_set_simple (caps, "codec_data", GST_TYPE_BUFFER, cd, NULL);
  gst_buffer_unref (cd);
  write_synthetic (t, caps, file);

  got = demuxed_caps (file);
  assert_same_caps (t, caps, got);
  gst_caps_unref (got);

  /* ffprobe: the header alone names the codec and its format (the noise
   * does not decode; -v quiet keeps the decoder's complaints out) */
  wmnet_test_require_program ("ffprobe");
  fail_unless (wmnet_test_run (probe, PEER_TIMEOUT, &status, &out, &err));
  fail_unless (status == 0, "ffprobe %s: %s", t->id, err);
  v = wmnet_test_ffprobe_field (out, 0, "codec_name");
  fail_unless_equals_string (v, t->ff_codec);
  g_free (v);
  for (i = 0; i < 2; i++) {
    v = wmnet_test_ffprobe_field (out, 0, t->ff_fields[i][0]);
    fail_unless_equals_string (v, t->ff_fields[i][1]);
    g_free (v);
  }
  v = wmnet_test_ffprobe_field (out, 0, "extradata_size");
  if (v)
    fail_unless_equals_int (atoi (v), strlen (t->codec_data) / 2);
  g_free (v);
  g_free (out);
  g_free (err);

  /* and again through asfdemux ! wmasfmux: the re-broadcast recipe */
  remux = g_strdup_printf ("filesrc location=%s ! asfdemux ! queue ! "
      "m.%s_%%u wmasfmux name=m ! filesink location=%s", file,
      g_str_has_prefix (t->caps, "video/") ? "video" : "audio", again);
  wmnet_test_run_to_eos (remux, 60);
  got = demuxed_caps (again);
  assert_same_caps (t, caps, got);
  gst_caps_unref (got);

  g_free (remux);
  gst_caps_unref (caps);
  wmnet_test_remove_dir (dir);
  g_free (again);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmasfmux_codecs, 120,
    WMNET_LOOP_TEST (test_codec, G_N_ELEMENTS (codecs)),
    WMNET_TEST (test_matrix_in_docs),
    WMNET_LOOP_TEST (test_synthetic_round_trip, G_N_ELEMENTS (synthetic)));
