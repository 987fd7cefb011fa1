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

/* The packet cutter (wmnetasfcut) against real readers: a WMV2 + WMA2
 * broadcast written by wmasfmux is cut packet by packet for an audio-only
 * selection and for key-frames-only video with audio, and a broadcast of
 * three WMV2 streams for each one of them with the audio; header + cut
 * packets, as a file, must decode without a complaint in FFmpeg (ffprobe,
 * ffmpeg -f null) and GStreamer (asfdemux), with every audio frame and
 * exactly the video frames selected. Encodes with libav: not in the
 * valgrind suites. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <gst/check/gstcheck.h>

#include "wmnetasfcut.h"
#include "wmnettestsuite.h"
#include "wmnettestrun.h"
#include "wmnettestutils.h"

#define PEER_TIMEOUT_S 60
#define PIPELINE_TIMEOUT_S 60

#define N_VIDEO_FRAMES 100
#define GOP 10

/* WMV2 with a key frame every GOP frames + WMA2, broadcast layout; with
 * @mbr, three WMV2 streams of one source at different quantizers (a
 * multiple-bit-rate broadcast), streams 1-3, audio 4 */
static gchar *
make_media (gboolean mbr)
{
  gchar *path =
      g_build_filename (wmnet_test_tmpdir, mbr ? "mbr.asf" : "orig.asf", NULL);
  gchar *video =
      mbr ? g_strdup_printf ("tee name=t "
      "t. ! queue ! avenc_wmv2 gop-size=%u qmin=16 qmax=31 ! queue ! m. "
      "t. ! queue ! avenc_wmv2 gop-size=%u qmin=8 qmax=8 ! queue ! m. "
      "t. ! queue ! avenc_wmv2 gop-size=%u qmin=4 qmax=4 ! queue ! m.", GOP,
      GOP, GOP) : g_strdup_printf ("avenc_wmv2 gop-size=%u ! queue ! m.", GOP);
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=%u ! "
      "video/x-raw,width=320,height=240,framerate=25/1 ! %s "
      "wmasfmux name=m streamable=true ! "
      "filesink location=%s audiotestsrc num-buffers=200 "
      "samplesperbuffer=882 ! audio/x-raw,rate=44100,channels=1 ! "
      "audioconvert ! avenc_wmav2 ! queue ! m.", N_VIDEO_FRAMES, video, path);
  GstElement *pipeline = gst_parse_launch (desc, NULL);

  fail_unless (pipeline != NULL, "cannot build %s", desc);
  wmnet_test_run_clean (pipeline, PIPELINE_TIMEOUT_S, desc);
  gst_object_unref (pipeline);
  g_free (desc);
  g_free (video);
  return path;
}

/* Writes the header and every packet @sel keeps, at the packet size, as
 * @name; returns its path. */
static gchar *
cut_file (const gchar * orig, const WmnetSelection * sel, const gchar * name,
    guint * n_key)
{
  gchar *data, *path = g_build_filename (wmnet_test_tmpdir, name, NULL);
  gsize len, pos, used;
  WmAsfHeaderInfo info;
  GByteArray *out = g_byte_array_new ();
  guint8 *cut;
  gboolean key;
  guint n_in = 0, n_out = 0;

  fail_unless (g_file_get_contents (orig, &data, &len, NULL));
  fail_unless (wmasf_header_parse ((guint8 *) data, len, &info, NULL));
  fail_unless (info.has_data_header);
  pos = info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;
  fail_unless_equals_int ((len - pos) % info.packet_size, 0);
  g_byte_array_append (out, (guint8 *) data, pos);
  cut = g_malloc (info.packet_size);
  *n_key = 0;
  for (; pos < len; pos += info.packet_size) {
    n_in++;
    if (!wmnet_asf_packet_cut (&info, sel, (guint8 *) data + pos,
            info.packet_size, cut, &used, &key))
      continue;
    n_out++;
    *n_key += key;
    g_byte_array_append (out, cut, info.packet_size);
  }
  g_free (cut);
  g_free (data);
  fail_unless (n_out > 0 && n_out < n_in);
  g_print ("%s: %u of %u packets, %u key\n", name, n_out, n_in, *n_key);
  fail_unless (g_file_set_contents (path, (gchar *) out->data, out->len, NULL));
  g_byte_array_unref (out);
  return path;
}

/* frames ffprobe decodes of stream @stream ("v" or "a"); 0 for none */
static gint
ffprobe_count_frames (const gchar * path, const gchar * stream)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-count_frames",
    "-select_streams", stream, "-show_entries", "stream=nb_read_frames",
    "-of", "default=noprint_wrappers=1:nokey=1", path, NULL
  };
  gchar *err = NULL;
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, &err);
  gint n = atoi (out);

  fail_unless (err[0] == '\0', "ffprobe complained about %s:\n%s", path, err);
  g_free (out);
  g_free (err);
  return n;
}

typedef struct
{
  gint video, audio;
  gboolean asfdemux;
} Counts;

static void
on_element_added (GstBin * bin, GstBin * sub, GstElement * element, Counts * c)
{
  GstElementFactory *f = gst_element_get_factory (element);

  if (f && g_str_equal (GST_OBJECT_NAME (f), "asfdemux"))
    c->asfdemux = TRUE;
}

static GstPadProbeReturn
count_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  g_atomic_int_inc ((gint *) data);
  return GST_PAD_PROBE_OK;
}

/* decodebin's pads: each into a fakesink, its buffers counted */
static void
on_pad_added (GstElement * dbin, GstPad * pad, Counts * c)
{
  GstElement *pipeline = GST_ELEMENT (gst_element_get_parent (dbin));
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstCaps *caps = gst_pad_query_caps (pad, NULL);
  const gchar *media = gst_structure_get_name (gst_caps_get_structure (caps,
          0));
  GstPad *sinkpad;

  g_object_set (sink, "sync", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer,
      g_str_has_prefix (media, "video/") ? &c->video : &c->audio, NULL);
  gst_object_unref (sinkpad);
  gst_caps_unref (caps);
  gst_object_unref (pipeline);
}

/* GStreamer's asfdemux and the libav decoders, as decodebin plugs them */
static Counts
gst_decode (const gchar * path)
{
  gchar *desc = g_strdup_printf ("filesrc location=%s ! decodebin", path);
  Counts c = { 0, 0, FALSE };
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *src = gst_element_factory_make ("filesrc", NULL);
  GstElement *dbin = gst_element_factory_make ("decodebin", NULL);

  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, dbin, NULL);
  fail_unless (gst_element_link (src, dbin));
  g_signal_connect (dbin, "pad-added", G_CALLBACK (on_pad_added), &c);
  g_signal_connect (dbin, "deep-element-added",
      G_CALLBACK (on_element_added), &c);
  wmnet_test_run_clean (pipeline, PIPELINE_TIMEOUT_S, desc);
  fail_unless (c.asfdemux, "decodebin did not take asfdemux for %s", path);
  gst_object_unref (pipeline);
  g_free (desc);
  g_print ("%s: GStreamer decodes %d video, %d audio buffers\n", path,
      c.video, c.audio);
  return c;
}

/* The video stream numbers, rising, and the audio one. */
static void
stream_numbers (const gchar * orig, guint n_video, guint * video, guint * audio)
{
  gchar *data;
  gsize len;
  WmAsfHeaderInfo info;
  guint n, v = 0;

  fail_unless (g_file_get_contents (orig, &data, &len, NULL));
  fail_unless (wmasf_header_parse ((guint8 *) data, len, &info, NULL));
  fail_unless_equals_int (info.n_streams, n_video + 1);
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++) {
    if (!((info.stream_mask[n / 32] >> (n % 32)) & 1))
      continue;
    if ((info.video_mask[n / 32] >> (n % 32)) & 1)
      video[v++] = n;
    else
      *audio = n;
  }
  fail_unless_equals_int (v, n_video);
  g_free (data);
}

/* nothing but @audio */
static void
select_audio (WmnetSelection * sel, guint audio)
{
  memset (sel, 0, sizeof (*sel));
  memset (sel->thinning, WMNET_THINNING_ALL, sizeof (sel->thinning));
  sel->thinning[audio] = WMNET_THINNING_NONE;
}

GST_START_TEST (test_cut_decodes)
{
  gchar *orig = make_media (FALSE), *a_path, *k_path;
  guint video = 0, audio = 0, n_key;
  WmnetSelection sel;
  gint n_audio;
  Counts all, c;

  stream_numbers (orig, 1, &video, &audio);

  /* the original: every frame, GOP-spaced key frames */
  wmnet_test_assert_ffmpeg_decodes (orig);
  fail_unless_equals_int (ffprobe_count_frames (orig, "v"), N_VIDEO_FRAMES);
  n_audio = ffprobe_count_frames (orig, "a");
  fail_unless (n_audio > 0);
  all = gst_decode (orig);
  fail_unless_equals_int (all.video, N_VIDEO_FRAMES);
  fail_unless (all.audio > 0);

  /* (a) audio only: every audio frame, no video, every packet key */
  select_audio (&sel, audio);
  a_path = cut_file (orig, &sel, "audio.asf", &n_key);
  wmnet_test_assert_ffmpeg_decodes (a_path);
  fail_unless_equals_int (ffprobe_count_frames (a_path, "a"), n_audio);
  fail_unless_equals_int (ffprobe_count_frames (a_path, "v"), 0);
  c = gst_decode (a_path);
  fail_unless_equals_int (c.audio, all.audio);
  fail_unless_equals_int (c.video, 0);

  /* (b) video key frames + audio */
  sel.thinning[video] = WMNET_THINNING_KEY_FRAMES;
  k_path = cut_file (orig, &sel, "keys.asf", &n_key);
  fail_unless_equals_int (n_key, N_VIDEO_FRAMES / GOP);
  wmnet_test_assert_ffmpeg_decodes (k_path);
  fail_unless_equals_int (ffprobe_count_frames (k_path, "a"), n_audio);
  fail_unless_equals_int (ffprobe_count_frames (k_path, "v"),
      N_VIDEO_FRAMES / GOP);
  c = gst_decode (k_path);
  fail_unless_equals_int (c.audio, all.audio);
  fail_unless_equals_int (c.video, N_VIDEO_FRAMES / GOP);

  g_free (a_path);
  g_free (k_path);
  g_free (orig);
}

GST_END_TEST;

/* A multiple-bit-rate broadcast: each selection of one video stream +
 * the audio holds all of that stream's frames, all the audio, and not a
 * frame of the other video streams. */
GST_START_TEST (test_cut_mbr)
{
  gchar *orig = make_media (TRUE);
  guint video[3], audio = 0, n_key, i, j;
  gint n_audio;

  stream_numbers (orig, 3, video, &audio);
  n_audio = ffprobe_count_frames (orig, "a");
  for (i = 0; i < 3; i++) {
    gchar *name = g_strdup_printf ("video%u.asf", i);
    gchar *path;
    WmnetSelection sel;
    Counts c;

    select_audio (&sel, audio);
    sel.thinning[video[i]] = WMNET_THINNING_NONE;
    path = cut_file (orig, &sel, name, &n_key);
    fail_unless_equals_int (n_key, N_VIDEO_FRAMES / GOP);
    wmnet_test_assert_ffmpeg_decodes (path);
    fail_unless_equals_int (ffprobe_count_frames (path, "a"), n_audio);
    for (j = 0; j < 3; j++) {
      gchar *v = g_strdup_printf ("v:%u", j);

      fail_unless_equals_int (ffprobe_count_frames (path, v),
          i == j ? N_VIDEO_FRAMES : 0);
      g_free (v);
    }
    c = gst_decode (path);
    fail_unless_equals_int (c.video, N_VIDEO_FRAMES);
    fail_unless (c.audio > 0);
    g_free (path);
    g_free (name);
  }
  g_free (orig);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetasfcut, 240, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_cut_decodes), WMNET_TEST (test_cut_mbr));
