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

/* Unit tests of the ASF reader and cutter on what real muxers write:
 * wmasfmux (in this process, fed fake frames, no codec), the ffmpeg
 * program's asf muxer and gst-plugins-bad's asfmux (child processes); key
 * packets checked against the muxer's DELTA_UNIT flags and ffprobe's key
 * frames, the bytes cut in random chunks and byte by byte. No codec
 * library is loaded in this process, so valgrind can run it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>

#include "wmnetasfstream.h"
#include "wmnetasffeed.h"
#include "wmnettestsuite.h"

/* ------------------------------------------------------------------ */
/* wmasfmux in this process, fed fake WMV2 and WMA frames (no codec) */

typedef struct
{
  GByteArray *bytes;            /* header then packets, as one stream */
  gsize header_size;
  GArray *delta;                /* gboolean per packet */
} MuxOut;

static gboolean
run_wmasfmux (guint packet_size, gboolean with_audio, MuxOut * out)
{
  GstElement *pipe, *sink;
  GstAppSrc *vsrc, *asrc = NULL;
  GstSample *sample;
  guint i;
  gchar *desc;
  GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
      "wmasfmux");

  if (f == NULL)
    return FALSE;
  gst_object_unref (f);
  desc = g_strdup_printf ("wmasfmux name=m packet-size=%u ! appsink "
      "name=out sync=false "
      "appsrc name=v format=time caps=\"video/x-wmv,wmvversion=2,"
      "width=160,height=120,framerate=10/1,bitrate=100000,"
      "codec_data=(buffer)00c3b480\" ! m.video_%%u %s",
      packet_size,
      with_audio ? "appsrc name=a format=time caps=\"audio/x-wma,"
      "wmaversion=2,rate=22050,channels=1,block_align=743,bitrate=32000,"
      "depth=16,codec_data=(buffer)00000000010000000000\" ! m.audio_%u" : "");
  pipe = gst_parse_launch (desc, NULL);
  g_free (desc);
  fail_unless (pipe != NULL);
  vsrc = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (pipe), "v"));
  if (with_audio)
    asrc = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (pipe), "a"));
  sink = gst_bin_get_by_name (GST_BIN (pipe), "out");
  fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);

  /* 4 s: video frames of 300..2300 bytes, a key frame every 10; audio
   * blocks of 743 bytes every 100 ms */
  for (i = 0; i < 40; i++) {
    gsize size = 300 + (i * 997) % 2000;
    GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);

    gst_buffer_memset (buf, 0, i, size);
    GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = i * 100 * GST_MSECOND;
    GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
    if (i % 10 != 0)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless_equals_int (gst_app_src_push_buffer (vsrc, buf), GST_FLOW_OK);
    if (asrc) {
      buf = gst_buffer_new_allocate (NULL, 743, NULL);
      gst_buffer_memset (buf, 0, 0x40 + i, 743);
      GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = i * 100 * GST_MSECOND;
      GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
      fail_unless_equals_int (gst_app_src_push_buffer (asrc, buf), GST_FLOW_OK);
    }
  }
  gst_app_src_end_of_stream (vsrc);
  if (asrc)
    gst_app_src_end_of_stream (asrc);

  out->bytes = g_byte_array_new ();
  out->delta = g_array_new (FALSE, FALSE, sizeof (gboolean));
  out->header_size = 0;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    GstBuffer *buf = gst_sample_get_buffer (sample);
    GstMapInfo map;

    fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
    if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)) {
      fail_unless_equals_int (out->bytes->len, 0);
      out->header_size = map.size;
    } else {
      gboolean delta = GST_BUFFER_FLAG_IS_SET (buf,
          GST_BUFFER_FLAG_DELTA_UNIT);

      fail_unless_equals_int (map.size, packet_size);
      g_array_append_val (out->delta, delta);
    }
    g_byte_array_append (out->bytes, map.data, map.size);
    gst_buffer_unmap (buf, &map);
    gst_sample_unref (sample);
  }
  fail_unless (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  fail_unless (out->header_size > 0);

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (vsrc);
  if (asrc)
    gst_object_unref (asrc);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  return TRUE;
}

static void
check_wmasfmux (guint packet_size, gboolean with_audio)
{
  MuxOut m;
  WmAsfHeaderInfo info;
  GPtrArray *outs, *part;
  GRand *rand = g_rand_new_with_seed (5);
  WmnetAsfStreamStats st;
  guint i, n_keys = 0;

  fail_unless (run_wmasfmux (packet_size, with_audio, &m),
      "wmasfmux (the build's plugin) could not run");
  fail_unless (wmasf_header_parse (m.bytes->data, m.header_size, &info, NULL));
  fail_unless (info.has_data_header);
  fail_unless_equals_int (info.packet_size, packet_size);
  fail_unless (m.delta->len > 10);

  /* per packet: key by payloads = no DELTA_UNIT from the muxer */
  for (i = 0; i < m.delta->len; i++) {
    const guint8 *p = m.bytes->data + m.header_size + i * packet_size;

    fail_unless (wmasf_packet_is_key (&info, p, packet_size)
        == !g_array_index (m.delta, gboolean, i), "packet %u", i);
    n_keys += !g_array_index (m.delta, gboolean, i);
  }
  fail_unless_equals_int (n_keys, 4);

  /* as a byte stream, in random chunks */
  outs = feed_new (m.bytes->data, m.bytes->len, -3000, rand, &st);
  fail_unless_equals_int (outs->len, 1 + m.delta->len);
  fail_unless (out_is (g_ptr_array_index (outs, 0), WMNET_ASF_HEADER,
          m.bytes->data, m.header_size));
  for (i = 0; i < m.delta->len; i++) {
    Out *o = g_ptr_array_index (outs, i + 1);

    fail_unless (out_is (o, WMNET_ASF_PACKET,
            m.bytes->data + m.header_size + i * packet_size, packet_size));
    fail_unless_equals_int (o->key, !g_array_index (m.delta, gboolean, i));
  }
  fail_unless_equals_uint64 (st.skipped_bytes, 0);
  part = feed_new (m.bytes->data, m.bytes->len, 1, rand, NULL);
  assert_same_outs (outs, part);
  g_ptr_array_unref (part);
  g_ptr_array_unref (outs);

  g_byte_array_unref (m.bytes);
  g_array_unref (m.delta);
  g_rand_free (rand);
}

GST_START_TEST (test_wmasfmux)
{
  check_wmasfmux (1024, TRUE);
  check_wmasfmux (3200, TRUE);
  check_wmasfmux (800, FALSE);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* The ffmpeg program's asf muxer (a seekable file: Data Object size and
 * an index after the packets) against ffprobe's key frames. */

static gchar *
run (const gchar * const *argv)
{
  gchar *out = NULL;
  gint status = -1;
  GError *err = NULL;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH |
          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &err)) {
    GST_WARNING ("%s: %s", argv[0], err->message);
    g_clear_error (&err);
    return NULL;
  }
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_free (out);
    return NULL;
  }
  return out;
}

static gboolean
have_program (const gchar * name)
{
  gchar *path = g_find_program_in_path (name);

  g_free (path);
  return path != NULL;
}

/* Cuts @file in random chunks and checks the key packets are the ASF
 * packets ffprobe says video key frames start in. Returns FALSE when
 * ffprobe cannot run. */
static gboolean
check_against_ffprobe (const gchar * file, guint packet_size,
    gboolean exact_end)
{
  gchar *probe, **lines, *contents;
  gsize len, pending;
  guint i, n_keys = 0;
  GPtrArray *outs;
  GHashTable *ff_keys = g_hash_table_new (NULL, NULL);
  GRand *rand = g_rand_new_with_seed (9);
  WmnetAsfStreamStats st;
  WmAsfHeaderInfo info;
  guint64 pos;
  Out *o;
  const gchar *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v",
    "-show_entries", "packet=pos,flags", "-of", "csv=p=0", file, NULL
  };

  probe = run (argv);
  if (probe == NULL) {
    g_hash_table_unref (ff_keys);
    g_rand_free (rand);
    return FALSE;
  }
  lines = g_strsplit (probe, "\n", -1);
  for (i = 0; lines[i]; i++) {
    if (strchr (lines[i], 'K'))
      g_hash_table_add (ff_keys, GSIZE_TO_POINTER (g_ascii_strtoull (lines[i],
                  NULL, 10)));
  }
  g_strfreev (lines);
  g_free (probe);
  fail_unless (g_hash_table_size (ff_keys) >= 3);

  fail_unless (g_file_get_contents (file, &contents, &len, NULL));
  fail_unless (wmasf_header_parse ((guint8 *) contents, len, &info, NULL));
  fail_unless_equals_int (info.packet_size, packet_size);

  outs = feed_new_pending ((guint8 *) contents, len, -5000, rand, &st,
      &pending);
  fail_unless (outs->len > 10);
  if (info.data_packets)
    fail_unless_equals_int (outs->len, 1 + info.data_packets);
  o = g_ptr_array_index (outs, 0);
  fail_unless_equals_int (o->kind, WMNET_ASF_HEADER);
  pos = g_bytes_get_size (o->bytes);
  fail_unless_equals_uint64 (pos, info.header_size + 50);
  for (i = 1; i < outs->len; i++, pos += packet_size) {
    o = g_ptr_array_index (outs, i);
    fail_unless_equals_int (o->kind, WMNET_ASF_PACKET);
    fail_unless (o->key == g_hash_table_contains (ff_keys,
            GSIZE_TO_POINTER (pos)), "packet at %" G_GUINT64_FORMAT, pos);
    n_keys += o->key;
  }
  fail_unless_equals_int (n_keys, g_hash_table_size (ff_keys));
  /* what follows the packets (a file's index) is skipped (or, shorter
   * than two packets, still pending), never a resync */
  if (exact_end)
    fail_unless (len > pos);
  fail_unless_equals_uint64 (st.skipped_bytes + pending, len - pos);
  fail_unless_equals_uint64 (st.resyncs, 0);

  g_ptr_array_unref (outs);
  g_free (contents);
  g_hash_table_unref (ff_keys);
  g_rand_free (rand);
  return TRUE;
}

/* The ffmpeg program's asf muxer: a seekable file, with the Data Object
 * size and an index after the packets. */
GST_START_TEST (test_ffmpeg)
{
  gchar *dir, *file, *o;
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10",
    "-f", "lavfi", "-i", "sine=sample_rate=22050",
    "-t", "4", "-c:v", "wmv2", "-g", "10", "-c:a", "wmav2", "-b:a", "32k",
    "-packet_size", "1024", "-f", "asf", NULL, NULL
  };

  /* peers fail the test when missing: .ci/run installs them */
  fail_unless (have_program ("ffmpeg") && have_program ("ffprobe"),
      "ffmpeg and ffprobe are required (scripts/install-deps.sh)");
  dir = g_dir_make_tmp ("wmnetasfstream-XXXXXX", NULL);
  fail_unless (dir != NULL);
  file = g_build_filename (dir, "out.asf", NULL);
  argv[G_N_ELEMENTS (argv) - 2] = file;
  o = run (argv);
  fail_unless (o != NULL, "ffmpeg failed");
  g_free (o);
  fail_unless (check_against_ffprobe (file, 1024, TRUE));
  g_unlink (file);
  g_rmdir (dir);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

/* gst-plugins-bad's asfmux streamable=true (no error correction data, a
 * Packet Length field), run by gst-launch-1.0 in a child so that libav
 * stays out of this process. */
GST_START_TEST (test_asfmux)
{
  gchar *dir, *file, *loc, *o;
  const gchar *argv[] = { "gst-launch-1.0", "-q",
    "videotestsrc", "num-buffers=40", "!",
    "video/x-raw,width=160,height=120,framerate=10/1", "!",
    "avenc_wmv2", "gop-size=10", "!", "mux.",
    "audiotestsrc", "num-buffers=20", "!", "avenc_wmav2", "!", "mux.",
    "asfmux", "name=mux", "streamable=true", "packet-size=1024", "!",
    "filesink", NULL, NULL
  };

  fail_unless (have_program ("gst-launch-1.0") && have_program ("ffprobe"),
      "gst-launch-1.0 and ffprobe are required (scripts/install-deps.sh)");
  dir = g_dir_make_tmp ("wmnetasfstream-XXXXXX", NULL);
  fail_unless (dir != NULL);
  file = g_build_filename (dir, "asfmux.asf", NULL);
  loc = g_strdup_printf ("location=%s", file);
  argv[G_N_ELEMENTS (argv) - 2] = loc;
  o = run (argv);
  /* asfmux is gstreamer1.0-plugins-bad's, the encoders -libav's */
  fail_unless (o != NULL, "gst-launch-1.0 with asfmux failed (are "
      "gstreamer1.0-plugins-bad and -libav installed?)");
  fail_unless (check_against_ffprobe (file, 1024, FALSE));
  g_free (o);
  g_unlink (file);
  g_rmdir (dir);
  g_free (loc);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetasfmuxers, 0,
    WMNET_TEST (test_wmasfmux),
    WMNET_TEST (test_ffmpeg), WMNET_TEST (test_asfmux));
