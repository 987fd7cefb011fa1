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

/* gstwmasfmuxheader: wmasfmux's ASF header, built from its pads. Owns
 * what happens before the header (buffers held while pads wait for caps,
 * a bitrate measurement or a tag), the header itself (streams in stream
 * number order, the Command Media stream, mutual exclusion groups,
 * docs/design.md D35; the layout chosen, D33), the source caps'
 * streamheader and latency, and a header sent again for new tags (D32).
 * The bytes are asfobjects'. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmasfmuxpriv.h"

/* Command Media stream's declared bitrate: commands are short and rare */
#define COMMAND_STREAM_BITRATE 1000

/* The tags for the header: upstream's merged with the application's
 * (GstTagSetter, in its merge mode). NULL when there is none. */
GstTagList *
gst_wmasf_mux_get_tags (GstWmAsfMux * mux)
{
  GstTagSetter *setter = GST_TAG_SETTER (mux);
  const GstTagList *app = gst_tag_setter_get_tag_list (setter);
  GstTagList *tags;

  GST_OBJECT_LOCK (mux);
  tags = gst_tag_list_merge (app, mux->event_tags,
      gst_tag_setter_get_tag_merge_mode (setter));
  GST_OBJECT_UNLOCK (mux);
  return tags;
}

/* Flags @header and makes it the streamheader of the source caps. */
static void
gst_wmasf_mux_set_header_caps (GstWmAsfMux * mux, GstBuffer * header)
{
  GValue array = G_VALUE_INIT, value = G_VALUE_INIT;
  GstCaps *caps;

  GST_BUFFER_FLAG_SET (header, GST_BUFFER_FLAG_HEADER);
  g_value_init (&array, GST_TYPE_ARRAY);
  g_value_init (&value, GST_TYPE_BUFFER);
  gst_value_set_buffer (&value, header);
  gst_value_array_append_and_take_value (&array, &value);
  caps = gst_pad_get_pad_template_caps (GST_AGGREGATOR_SRC_PAD (mux));
  caps = gst_caps_make_writable (caps);
  gst_structure_take_value (gst_caps_get_structure (caps, 0), "streamheader",
      &array);
  gst_aggregator_set_src_caps (GST_AGGREGATOR (mux), caps);
  gst_caps_unref (caps);
}

/* @info for a header after the first: the first's packet size, preroll,
 * File ID and streams; the rest zero. */
void
gst_wmasf_mux_header_desc_again (GstWmAsfMux * mux, WmAsfHeaderDesc * info)
{
  memset (info, 0, sizeof (*info));
  GST_OBJECT_LOCK (mux);
  info->packet_size = mux->packet_size;
  info->preroll_ms = mux->preroll;
  GST_OBJECT_UNLOCK (mux);
  info->file_id = mux->file_id;
  info->n_streams = mux->header_streams->len;
  info->streams = (const WmAsfStreamInfo *) mux->header_streams->data;
}

/* tag-updates=header: the packet being filled goes out, then the header
 * again with the current tags, as a new streamheader: network sinks give
 * clients a header change. The streams and the File ID stay. */
GstFlowReturn
gst_wmasf_mux_new_header (GstWmAsfMux * mux)
{
  WmAsfHeaderDesc info;
  GstTagList *tags = gst_wmasf_mux_get_tags (mux);
  GstBuffer *header;
  GstFlowReturn ret;

  ret = gst_wmasf_mux_drain (mux);
  if (ret != GST_FLOW_OK) {
    if (tags)
      gst_tag_list_unref (tags);
    return ret;
  }
  gst_wmasf_mux_header_desc_again (mux, &info);
  info.tags = tags;
  header = wmasf_header_build (&info);
  if (tags)
    gst_tag_list_unref (tags);
  if (header == NULL) {
    GST_WARNING_OBJECT (mux, "the new header would be too large; kept the "
        "old one");
    return GST_FLOW_OK;
  }
  GST_INFO_OBJECT (mux, "new header for the new tags");
  gst_wmasf_mux_set_header_caps (mux, header);
  return gst_aggregator_finish_buffer (GST_AGGREGATOR (mux), header);
}

static gint
compare_stream_numbers (gconstpointer a, gconstpointer b)
{
  const WmAsfStreamInfo *sa = a, *sb = b;

  return (gint) sa->number - (gint) sb->number;
}

static const gchar *
gst_wmasf_mux_stream_pad_name (GList * pads, guint number)
{
  for (; pads; pads = pads->next) {
    GstWmAsfMuxPad *pad = pads->data;

    if (!pad->is_text && pad->stream_number == number)
      return GST_OBJECT_NAME (pad);
  }
  return "?";
}

/* What a Bitrate Mutual Exclusion Object can hold: streams of one media
 * type (ASF spec 3.8, SDK IWMMutualExclusion), two or more. Others leave
 * their group with a warning naming the pad (docs/design.md, D35).
 * @streams sorted by stream number. */
static void
gst_wmasf_mux_check_groups (GstWmAsfMux * mux, GList * pads, GArray * streams)
{
  guint i, j;

  for (i = 0; i < streams->len; i++) {
    WmAsfStreamInfo *first = &g_array_index (streams, WmAsfStreamInfo, i);
    guint group = first->mutex_group, members = 1;

    if (group == 0)
      continue;
    for (j = 0; j < i; j++)
      if (g_array_index (streams, WmAsfStreamInfo, j).mutex_group == group)
        break;
    if (j < i)
      continue;                 /* checked with its group's first stream */
    for (j = i + 1; j < streams->len; j++) {
      WmAsfStreamInfo *s = &g_array_index (streams, WmAsfStreamInfo, j);

      if (s->mutex_group != group)
        continue;
      if (s->is_video == first->is_video) {
        members++;
        continue;
      }
      GST_ELEMENT_WARNING (mux, STREAM, MUX,
          ("Pad '%s' is not part of mutual exclusion group %u: the group's "
              "first pad '%s' is %s, and the streams of a bitrate mutual "
              "exclusion are of one media type.",
              gst_wmasf_mux_stream_pad_name (pads, s->number), group,
              gst_wmasf_mux_stream_pad_name (pads, first->number),
              first->is_video ? "video" : "audio"),
          ("ASF spec 3.8; stream %u written as a stream of its own",
              s->number));
      s->mutex_group = 0;
    }
    if (members < 2) {
      GST_ELEMENT_WARNING (mux, STREAM, MUX,
          ("Pad '%s' is alone in mutual exclusion group %u: no bitrate "
              "mutual exclusion is written for it.",
              gst_wmasf_mux_stream_pad_name (pads, first->number), group),
          ("a group needs two streams of one media type"));
      first->mutex_group = 0;
    }
  }
}

/* Describes every pad with caps in the header, sets it as streamheader of
 * the source caps and pushes it. */
static GstFlowReturn
gst_wmasf_mux_write_header (GstWmAsfMux * mux, GList * pads)
{
  GstAggregator *agg = GST_AGGREGATOR (mux);
  GArray *streams = g_array_new (FALSE, TRUE, sizeof (WmAsfStreamInfo));
  WmAsfHeaderDesc info;
  GstBuffer *header;
  GstClockTime latency;
  guint32 max_bitrate;
  gboolean want_commands, streamable;
  GstWmAsfMuxStreamable layout;
  GstTagList *tags;
  GList *l;

  g_array_set_clear_func (streams, (GDestroyNotify) wmasf_stream_info_clear);
  mux->have_video = FALSE;
  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;
    WmAsfStreamInfo s = { 0, };

    if (!pad->has_caps)
      continue;
    if (pad->is_text) {
      pad->in_header = TRUE;
      continue;
    }
    wmasf_stream_info_copy (&s, &pad->info);
    s.bitrate = gst_wmasf_mux_pad_bitrate (pad, &s.max_bitrate);
    GST_OBJECT_LOCK (pad);
    s.mutex_group = pad->mutex_group;
    GST_OBJECT_UNLOCK (pad);
    wmasf_codec_finish (&s);
    g_array_append_val (streams, s);
    pad->in_header = TRUE;
    mux->have_video |= pad->is_video;
  }

  gst_wmasf_mux_cancel_caps_timeout (mux);
  memset (&info, 0, sizeof (info));
  GST_OBJECT_LOCK (mux);
  mux->header_written = TRUE;
  info.packet_size = mux->packet_size;
  info.preroll_ms = mux->preroll;
  want_commands = mux->script_stream || mux->n_text_names > 0;
  layout = mux->streamable;
  GST_OBJECT_UNLOCK (mux);

  /* the Command Media stream takes the next free number */
  mux->command_stream = 0;
  for (l = pads; l; l = l->next)
    want_commands |= GST_WMASF_MUX_PAD (l->data)->is_text;
  if (want_commands) {
    WmAsfStreamInfo s = { 0, };

    GST_OBJECT_LOCK (mux);
    if (mux->next_stream_number <= MAX_STREAM_NUMBER)
      mux->command_stream = mux->next_stream_number++;
    GST_OBJECT_UNLOCK (mux);
    if (mux->command_stream == 0)
      GST_ELEMENT_WARNING (mux, STREAM, MUX, ("No stream number is left for "
              "the script command stream."), ("127 streams already"));
    s.number = mux->command_stream;
    s.is_command = TRUE;
    s.bitrate = COMMAND_STREAM_BITRATE;
    if (s.number)
      g_array_append_val (streams, s);
  }
  g_array_sort (streams, compare_stream_numbers);
  gst_wmasf_mux_check_groups (mux, pads, streams);

  /* unless the application chose: a file when nothing is live and
   * downstream can go back to the header (filesink), as the SDK's file
   * sink; a broadcast otherwise (docs/design.md, D33) */
  if (layout == GST_WMASF_MUX_STREAMABLE_AUTO)
    streamable = mux->live || !gst_wmasf_mux_downstream_seekable (mux);
  else
    streamable = layout == GST_WMASF_MUX_STREAMABLE_BROADCAST;
  mux->file_mode = !streamable;
  GST_INFO_OBJECT (mux, "%s layout", mux->file_mode ? "file" : "broadcast");

  wmasf_guid_random (&info.file_id);
  mux->file_id = info.file_id;
  info.n_streams = streams->len;
  info.streams = (const WmAsfStreamInfo *) streams->data;
  tags = gst_wmasf_mux_get_tags (mux);
  info.tags = tags;
  header = wmasf_header_build (&info);
  if (header && mux->file_mode)
    header = gst_wmasf_mux_file_first_header (mux, &info, header);
  /* the header says what plays now: only a change is sent as TEXT */
  g_free (mux->last_now_playing);
  mux->last_now_playing = gst_wmasf_mux_now_playing (tags);
  if (tags)
    gst_tag_list_unref (tags);
  max_bitrate = wmasf_header_max_bitrate (&info);
  if (mux->header_streams)
    g_array_unref (mux->header_streams);
  mux->header_streams = streams;

  if (header == NULL) {
    GST_ELEMENT_ERROR (mux, STREAM, MUX,
        ("The ASF header would be larger than %u bytes.",
            WMASF_MAX_HEADER_SIZE), ("too much codec data in the caps"));
    return GST_FLOW_ERROR;
  }
  GST_INFO_OBJECT (mux, "ASF header: %u streams, %" G_GSIZE_FORMAT " bytes, "
      "packets of %u bytes, preroll %" G_GUINT64_FORMAT " ms, max bitrate %u",
      info.n_streams, gst_buffer_get_size (header), info.packet_size,
      info.preroll_ms, max_bitrate);

  wmasf_packetizer_free (mux->packetizer);
  mux->packetizer = wmasf_packetizer_new (info.packet_size, info.preroll_ms);

  gst_wmasf_mux_set_header_caps (mux, header);

  /* a packet goes out once full: that is this muxer's latency */
  latency = gst_util_uint64_scale (info.packet_size * 8, GST_SECOND,
      max_bitrate);
  latency = MIN (latency, info.preroll_ms * GST_MSECOND);
  gst_aggregator_set_latency (agg, latency, latency);

  return gst_aggregator_finish_buffer (agg, header);
}

/* Before the header: takes every queued buffer, so that a pad waiting for
 * caps or a bitrate measurement blocks no upstream thread. */
static GstFlowReturn
gst_wmasf_mux_hold_queued (GstWmAsfMux * mux, GList * pads)
{
  GList *l;

  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;
    GstBuffer *buf;

    while ((buf = gst_aggregator_pad_pop_buffer (GST_AGGREGATOR_PAD (pad)))) {
      GstClockTime t = buffer_send_time (buf);

      if (!gst_wmasf_mux_check_timestamp (mux, pad, t)) {
        gst_buffer_unref (buf);
        return GST_FLOW_ERROR;
      }
      if (!GST_CLOCK_TIME_IS_VALID (pad->held_first))
        pad->held_first = t;
      pad->held_last = t;
      if (gst_wmasf_mux_pad_measuring (pad)) {
        GstMapInfo map;
        guint32 bitrate = 0;

        if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
          bitrate = wmasf_codec_frame_bitrate (&pad->info, map.data, map.size);
          gst_buffer_unmap (buf, &map);
        }
        if (GST_BUFFER_DURATION_IS_VALID (buf)) {
          pad->held_bytes += gst_buffer_get_size (buf);
          pad->held_duration += GST_BUFFER_DURATION (buf);
        }
        if (!GST_CLOCK_TIME_IS_VALID (pad->measured_first))
          pad->measured_first = t;
        pad->measured_last = t;
        pad->last_measured_size = gst_buffer_get_size (buf);
        pad->measured_bytes += pad->last_measured_size;
        if (bitrate > 0) {
          if (pad->n_frame_bitrates == 0)
            pad->min_frame_bitrate = pad->max_frame_bitrate = bitrate;
          pad->frame_bitrate_sum += bitrate;
          pad->n_frame_bitrates++;
          pad->min_frame_bitrate = MIN (pad->min_frame_bitrate, bitrate);
          pad->max_frame_bitrate = MAX (pad->max_frame_bitrate, bitrate);
        }
      }
      g_queue_push_tail (&pad->held, buf);
    }
  }
  return GST_FLOW_OK;
}

/* Encoders (GstVideoEncoder, GstAudioEncoder) send their bitrate tag
 * after the caps, just before the first buffer: a pad of a mutual
 * exclusion group whose caps give no bitrate waits for that buffer, or
 * the bit-rate alternatives would be described with estimates; at most
 * until another pad has held BITRATE_MEASURE_TIME of data
 * (docs/design.md, D36). */
static gboolean
gst_wmasf_mux_pad_awaits_tags (GstWmAsfMuxPad * pad, GList * pads)
{
  GList *l;
  guint group;

  GST_OBJECT_LOCK (pad);
  group = pad->mutex_group;
  GST_OBJECT_UNLOCK (pad);
  if (group == 0 || !pad->has_caps || pad->is_text || pad->info.bitrate > 0
      || pad->tag_bitrate > 0 || GST_CLOCK_TIME_IS_VALID (pad->held_first)
      || gst_wmasf_mux_pad_ended (pad))
    return FALSE;
  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *other = l->data;

    if (GST_CLOCK_TIME_IS_VALID (other->held_first)
        && other->held_last - other->held_first >= BITRATE_MEASURE_TIME)
      return FALSE;
  }
  return TRUE;
}

/* Before the header: whether it can be written now. */
GstFlowReturn
gst_wmasf_mux_try_header (GstWmAsfMux * mux, GList * pads)
{
  gboolean any_caps = FALSE;
  GstFlowReturn ret;
  GList *l;

  ret = gst_wmasf_mux_hold_queued (mux, pads);
  if (ret != GST_FLOW_OK)
    return ret;
  if (!gst_wmasf_mux_all_pads_described (pads))
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;

    if (gst_wmasf_mux_pad_measuring (pad)
        || gst_wmasf_mux_pad_awaits_tags (pad, pads))
      return GST_AGGREGATOR_FLOW_NEED_DATA;
    any_caps |= pad->has_caps && !pad->is_text;
  }
  if (!any_caps)
    return GST_FLOW_OK;
  /* a header without a packet ever after helps nobody */
  {
    guint n = g_list_length (pads), i;
    GstClockTime *firsts = g_new (GstClockTime, n);
    gboolean ok;

    for (l = pads, i = 0; l; l = l->next, i++)
      firsts[i] = ((GstWmAsfMuxPad *) l->data)->held_first;
    ok = gst_wmasf_mux_check_spread (mux, pads, firsts);
    g_free (firsts);
    if (!ok)
      return GST_FLOW_ERROR;
  }
  return gst_wmasf_mux_write_header (mux, pads);
}
