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

/* gstwmasfmuxfile: wmasfmux's file mode (docs/design.md, D33), the SDK's
 * file sink with auto-indexing: the first header padded to the room the
 * final one takes, the Simple Index Object's entries a packet at a time,
 * and at EOS the index after the data and the header rewritten at byte 0
 * with sizes, durations and the Seekable flag. Owns whether downstream can
 * seek back. The broadcast layout never comes here. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmasfmuxpriv.h"

/* 100 ns units between 1601-01-01 (FILETIME) and 1970-01-01 */
#define FILETIME_UNIX_EPOCH G_GUINT64_CONSTANT (116444736000000000)

/* The first header of a file: @header built again, padded to the room the
 * final one will take (docs/design.md, D33); the index starts empty.
 * Takes @header; returns the padded one, NULL when it is too large. */
GstBuffer *
gst_wmasf_mux_file_first_header (GstWmAsfMux * mux, WmAsfHeaderDesc * info,
    GstBuffer * header)
{
  info->pad_to = gst_buffer_get_size (header) + FILE_HEADER_RESERVE;
  gst_buffer_unref (header);
  header = wmasf_header_build (info);
  mux->header_size = info->pad_to;
  mux->creation_date = g_get_real_time () * 10 + FILETIME_UNIX_EPOCH;
  wmasf_file_index_clear (&mux->index);
  wmasf_file_index_init (&mux->index);
  return header;
}

/* A data packet on its way out: its entry in the index. */
void
gst_wmasf_mux_file_add_packet (GstWmAsfMux * mux, GstBuffer * buf)
{
  gboolean key = !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  GstClockTime key_time = GST_BUFFER_PTS (buf);

  /* each sync object opens a packet of its own: one time a packet */
  if (key && mux->have_video) {
    gpointer t = g_queue_pop_head (&mux->key_times);

    key_time = t ? *(GstClockTime *) t : key_time;
    g_free (t);
  }
  wmasf_file_index_add_packet (&mux->index, GST_BUFFER_PTS (buf), key,
      key_time);
}

/* Whether downstream can go back to rewrite the header (filesink on a
 * regular file can, a network sink cannot). */
gboolean
gst_wmasf_mux_downstream_seekable (GstWmAsfMux * mux)
{
  GstQuery *query = gst_query_new_seeking (GST_FORMAT_BYTES);
  gboolean seekable = FALSE;

  if (gst_pad_peer_query (GST_AGGREGATOR_SRC_PAD (mux), query))
    gst_query_parse_seeking (query, NULL, &seekable, NULL, NULL);
  gst_query_unref (query);
  GST_DEBUG_OBJECT (mux, "downstream %s seek", seekable ? "can" : "cannot");
  return seekable;
}

/* File mode at EOS: the Simple Index Object after the data, then the
 * header again at byte 0 with the sizes, durations and Seekable flag
 * (docs/design.md, D33). */
GstFlowReturn
gst_wmasf_mux_finish_file (GstWmAsfMux * mux)
{
  GstAggregator *agg = GST_AGGREGATOR (mux);
  WmAsfHeaderDesc info;
  GstBuffer *index, *header = NULL;
  GstTagList *tags = gst_wmasf_mux_get_tags (mux);
  guint64 data_bytes;
  GstSegment segment;
  GstFlowReturn ret = GST_FLOW_OK;

  gst_wmasf_mux_header_desc_again (mux, &info);
  info.seekable = TRUE;
  info.creation_date = mux->creation_date;
  info.data_packets = mux->index.n_packets;
  info.play_duration = (mux->play_end / 100) + info.preroll_ms * 10000;
  info.send_duration = mux->index.send_end / 100;
  data_bytes = info.data_packets * info.packet_size;
  /* what the data really needs, not the streams' declared sum */
  if (mux->play_end > 0)
    info.max_bitrate = CLAMP (gst_util_uint64_scale (data_bytes * 8,
            GST_SECOND, mux->play_end), 1, G_MAXUINT32);
  info.pad_to = mux->header_size;

  index = wmasf_file_index_build (&mux->index, &mux->file_id,
      info.play_duration, info.preroll_ms);
  info.file_size = mux->header_size + data_bytes +
      (index ? gst_buffer_get_size (index) : 0);

  /* the same room as the first header: without what does not fit */
  info.tags = tags;
  info.scripts = (const WmAsfScript *) mux->scripts->data;
  info.n_scripts = mux->scripts->len;
  header = wmasf_header_build (&info);
  if (header == NULL && info.n_scripts > 0) {
    GST_ELEMENT_WARNING (mux, STREAM, MUX, ("The %u script commands do not "
            "fit in the file header; they are only in the command stream.",
            info.n_scripts), ("%u bytes reserved", FILE_HEADER_RESERVE));
    info.n_scripts = 0;
    header = wmasf_header_build (&info);
  }
  if (header == NULL) {
    info.tags = NULL;
    header = wmasf_header_build (&info);
  }
  if (tags)
    gst_tag_list_unref (tags);

  /* without a way back to the header, the stream stays a broadcast one:
   * an index after it would only be trailing bytes to a network sink */
  if (!gst_wmasf_mux_downstream_seekable (mux)) {
    GST_ELEMENT_WARNING (mux, RESOURCE, SEEK, ("Downstream cannot seek: the "
            "file keeps its broadcast header (no duration, no index)."),
        ("streamable=false needs a seekable sink such as filesink"));
    if (index)
      gst_buffer_unref (index);
    if (header)
      gst_buffer_unref (header);
    return GST_FLOW_OK;
  }
  if (index)
    ret = gst_aggregator_finish_buffer (agg, index);
  if (header == NULL || ret != GST_FLOW_OK) {
    if (header)
      gst_buffer_unref (header);
    return ret;
  }
  GST_INFO_OBJECT (mux, "rewriting the header: %" G_GUINT64_FORMAT
      " packets, %" G_GUINT64_FORMAT " bytes, play %" G_GUINT64_FORMAT
      " ms", info.data_packets, info.file_size, info.play_duration / 10000);
  gst_segment_init (&segment, GST_FORMAT_BYTES);
  gst_aggregator_update_segment (agg, &segment);
  return gst_aggregator_finish_buffer (agg, header);
}
