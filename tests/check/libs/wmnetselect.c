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

/* Unit tests of the stream choice of a play request: a crafted
 * multiple-bit-rate header (ASF spec 3.8, 3.12), and one that wmasfmux
 * writes for pads with mutual-exclusion-group set. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include <gst/wmasf/asfreader.h>
#include "wmnetselect.h"
#include "wmnetasfbuild.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_choice)
{
  GByteArray *h = build_mbr_header ();
  guint32 described[4], chosen[4];
  WmAsfHeaderInfo info;

  /* still a header the parser takes */
  fail_unless (wmasf_header_parse (h->data, h->len, &info, NULL));
  fail_unless_equals_int (info.n_streams, 3);

  wmnet_select_streams (h->data, h->len, 0, described, chosen);
  fail_unless_equals_int (described[0], 0xe);
  fail_unless_equals_int (chosen[0], 0xe);
  /* 2 Mbit/s: audio and the 1 Mbit/s video */
  wmnet_select_streams (h->data, h->len, 2000000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 2) | (1 << 3));
  /* 500 kbit/s: audio and the 300 kbit/s video */
  wmnet_select_streams (h->data, h->len, 500000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 2));
  /* 10 kbit/s: nothing fits, the slowest video still comes */
  wmnet_select_streams (h->data, h->len, 10000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 2));
  fail_unless_equals_int (described[0], 0xe);

  /* cut anywhere: no crash, no stream that is not there */
  {
    gsize n;

    for (n = 0; n < h->len; n += 7) {
      wmnet_select_streams (h->data, n, 500000, described, chosen);
      fail_unless ((chosen[0] & ~described[0]) == 0);
      fail_unless ((described[0] & ~0xeu) == 0);
    }
  }
  g_byte_array_unref (h);
}

GST_END_TEST;

/* The header wmasfmux writes for video 1-3 (300 k, 800 k, 2 M) in group 1
 * and audio 4-5 (128 k, 32 k) in group 2: one stream of each group is
 * chosen under a budget, groups in header order. */
static GBytes *
wmasfmux_mbr_header (void)
{
  static const struct
  {
    const gchar *templ;
    guint group;
    const gchar *caps;
  } pads[] = {
    {"video_%u", 1, "video/x-wmv, wmvversion=(int)2, width=(int)320, "
          "height=(int)180, framerate=(fraction)25/1, bitrate=(int)300000, "
          "codec_data=(buffer)00c3b480"},
    {"video_%u", 1, "video/x-wmv, wmvversion=(int)2, width=(int)640, "
          "height=(int)360, framerate=(fraction)25/1, bitrate=(int)800000, "
          "codec_data=(buffer)00c3b480"},
    {"video_%u", 1, "video/x-wmv, wmvversion=(int)2, width=(int)1280, "
          "height=(int)720, framerate=(fraction)25/1, bitrate=(int)2000000, "
          "codec_data=(buffer)00c3b480"},
    {"audio_%u", 2, "audio/x-wma, channels=(int)2, rate=(int)44100, "
          "wmaversion=(int)2, block_align=(int)2973, bitrate=(int)128000, "
          "codec_data=(buffer)00000000010000000000"},
    {"audio_%u", 2, "audio/x-wma, channels=(int)1, rate=(int)22050, "
          "wmaversion=(int)2, block_align=(int)371, bitrate=(int)32000, "
          "codec_data=(buffer)00000000010000000000"},
  };
  GstHarness *mux = gst_harness_new_with_padnames ("wmasfmux", NULL, "src");
  GstHarness *in[G_N_ELEMENTS (pads)];
  GstBuffer *header;
  GstMapInfo map;
  GBytes *bytes;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pads); i++) {
    in[i] = gst_harness_new_with_element (mux->element, pads[i].templ, NULL);
    g_object_set (GST_PAD_PEER (in[i]->srcpad), "mutual-exclusion-group",
        pads[i].group, NULL);
    gst_harness_set_src_caps_str (in[i], pads[i].caps);
  }
  for (i = 0; i < G_N_ELEMENTS (pads); i++) {
    GstBuffer *buf = gst_buffer_new_allocate (NULL, 300, NULL);

    gst_buffer_memset (buf, 0, i, 300);
    GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = 0;
    fail_unless_equals_int (gst_harness_push (in[i], buf), GST_FLOW_OK);
    fail_unless (gst_harness_push_event (in[i], gst_event_new_eos ()));
  }
  header = gst_harness_pull (mux);
  fail_unless (header != NULL);
  fail_unless (GST_BUFFER_FLAG_IS_SET (header, GST_BUFFER_FLAG_HEADER));
  fail_unless (gst_buffer_map (header, &map, GST_MAP_READ));
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (header, &map);
  gst_buffer_unref (header);

  gst_element_set_state (mux->element, GST_STATE_NULL);
  for (i = 0; i < G_N_ELEMENTS (pads); i++)
    gst_harness_teardown (in[i]);
  gst_harness_teardown (mux);
  return bytes;
}

GST_START_TEST (test_wmasfmux_header)
{
  GBytes *h = wmasfmux_mbr_header ();
  gsize size;
  const guint8 *data = g_bytes_get_data (h, &size);
  guint32 described[4], chosen[4];
  WmAsfHeaderInfo info;

  fail_unless (wmasf_header_parse (data, size, &info, NULL));
  fail_unless_equals_int (info.n_streams, 5);

  wmnet_select_streams (data, size, 0, described, chosen);
  fail_unless_equals_int (described[0], 0x3e);
  fail_unless_equals_int (chosen[0], 0x3e);
  /* 500 k: 300 k video, then 128 k audio fits the 200 k left */
  wmnet_select_streams (data, size, 500000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 4));
  /* 1 M: 800 k video and 128 k audio */
  wmnet_select_streams (data, size, 1000000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 2) | (1 << 4));
  /* 850 k: 800 k video, only the 32 k audio fits the 50 k left */
  wmnet_select_streams (data, size, 850000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 2) | (1 << 5));
  /* 3 M: the highest of each */
  wmnet_select_streams (data, size, 3000000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 3) | (1 << 4));
  /* 100 k: nothing fits, the lowest of each */
  wmnet_select_streams (data, size, 100000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 5));

  g_bytes_unref (h);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetselect, 0,
    WMNET_TEST (test_choice), WMNET_TEST (test_wmasfmux_header));
