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

/**
 * SECTION:element-wmasfmux
 * @title: wmasfmux
 * @short_description: ASF muxer for live Windows Media broadcasts
 * @see_also: wmnetsink, asfdemux
 *
 * wmasfmux interleaves Windows Media Video 7/8/9 and VC-1, MS-MPEG4 v1-v3,
 * MPEG-4 Part 2, H.264, Windows Media Audio v1/v2/Pro/Lossless/Voice, MP3,
 * MPEG-1 Layer 2, AAC, AC-3 and PCM into an Advanced Systems Format stream
 * laid out for live broadcasting, as the Windows Media Format SDK's writer
 * does for its network sink. The sink caps are those asfdemux gives, so a
 * demuxed file re-muxes unchanged; caps without the codec data a decoder
 * needs are refused with an error naming the field.
 *
 * * The first buffer is the ASF header: the Header Object (File
 *   Properties with only the Broadcast flag set, one Stream Properties
 *   Object per stream, Header Extension, Codec List, Stream Bitrate
 *   Properties) followed by the 50-byte Data Object header. It is flagged
 *   %GST_BUFFER_FLAG_HEADER and is also the `streamheader` of the source
 *   caps, so network sinks send it to every client that joins later.
 * * Every following buffer is one data packet of exactly
 *   #GstWmAsfMux:packet-size bytes. Packets not holding the start of a video
 *   key frame are flagged %GST_BUFFER_FLAG_DELTA_UNIT (with no video stream
 *   no packet is), so clients joining mid-stream start where they can
 *   decode. Buffer timestamps are the packets' send times.
 *
 * The header is written once every requested pad has caps; in a live
 * pipeline the muxer waits for caps on all pads first, holding the data
 * that arrives meanwhile. A pad that never gets caps (its link failed, its
 * branch died) ends the stream with an error naming it, 10 seconds after
 * another pad got caps, or 1 second after every pad with caps reached EOS
 * (an EOS still queued behind held-up data counts). Pads
 * cannot be added after the header, and a caps change that changes a
 * stream's description (codec, size, rate, channels, codec data) is an
 * error: ASF cannot describe a stream twice. Stream numbers are 1 to 127,
 * in the order the pads were requested.
 *
 * All times written are running times, so encoders that start their
 * timestamps at an arbitrary value (the libav encoders start at 1000 hours)
 * still give streams starting at 0. Presentation times include the
 * #GstWmAsfMux:preroll, as ASF requires. ASF times are 32-bit milliseconds
 * (ASF spec 5.2.2, 5.2.3.1): a buffer whose running time is past 2^32 - 1
 * ms minus the preroll (Debian 12's `avenc_mpeg4 ! mpeg4videoparse` stamps
 * frames at 2^63 ns), or pads whose next buffers are more than an hour
 * apart (text pads aside), end the stream with an error naming the pads
 * and times, checked before the header is written too.
 *
 * The File Properties' Maximum Bitrate and the Stream Bitrate Properties
 * need each stream's bitrate. It is taken from the caps' `bitrate` field;
 * else for MP3, MPEG-1 Layer 2 and AC-3 from the frame headers of the first
 * second (the header waits for it; frames of different rates make the
 * stream VBR), for AAC from the bytes and durations of the first second;
 * else from a %GST_TAG_BITRATE, %GST_TAG_NOMINAL_BITRATE or
 * %GST_TAG_MAXIMUM_BITRATE tag received before the header; else estimated:
 * video at 0.25 bit per pixel at the caps' frame rate (30 fps without one),
 * at least 100 kbit/s; WMA v1/v2 from its block size, assuming one codec
 * frame per block as FFmpeg's encoder writes (WMA decoders derive bitstream
 * parameters from this bitrate, so give the real one in the caps when it is
 * known); other audio 128 kbit/s.
 *
 * Without a live source (converting a file) and with #GstAggregator:latency
 * left at 0, the muxer sets that latency to 1 s while it runs, so that each
 * pad queues a second of data rather than one buffer; a non-live pipeline
 * has no latency to lose, and it saves a thread wake-up per frame.
 *
 * In a live pipeline the muxer reports as latency the time one packet takes
 * to fill at the header's Maximum Bitrate, at most the preroll.
 *
 * The broadcast layout has the Broadcast flag and no index. With
 * #GstWmAsfMux:streamable `file`, or `auto` (the default) when nothing
 * upstream is live and downstream can seek (filesink), the muxer writes a
 * file instead: a Simple Index
 * Object after the data and, at EOS, the header rewritten at byte 0 with
 * sizes, durations and the Seekable flag, as the SDK's file sink with
 * auto-indexing does; the first header is a valid broadcast header, so a
 * file cut short still plays.
 *
 * Pads of one media type sharing a non-zero
 * #GstWmAsfMuxPad:mutual-exclusion-group are bit-rate alternatives of one
 * content (multiple bit rate, the SDK's IWMMutualExclusion): one Bitrate
 * Mutual Exclusion Object per group (ASF spec 3.8), and the Maximum
 * Bitrate counts the highest of each group. The sink pads are this
 * element's GstChildProxy children, so gst-launch can set
 * `m.video_0::mutual-exclusion-group=1` before the pad is requested.
 *
 * Tags (upstream tag events, and the application's through #GstTagSetter)
 * go into the Content Description and Extended Content Description
 * Objects under the SDK's attribute names. Script commands
 * (#GstWmAsfMux::send-script, or timed text on a `text_%u` pad as CAPTION
 * commands) go on a Command Media stream when #GstWmAsfMux:script-stream
 * or a text pad declares one, and in file mode into the header's Script
 * Command Object. A title change after the header becomes a TEXT command.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -e videotestsrc is-live=true ! \
 *     video/x-raw,width=320,height=240,framerate=25/1 ! avenc_wmv2 ! \
 *     queue ! s.video_%u \
 *   audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! \
 *     avenc_wmav2 ! queue ! s.audio_%u \
 *   wmnetsink name=s port=8080 packet-size=4096 preroll=3000
 * ]| broadcasts live; wmnetsink muxes with a wmasfmux inside and forwards
 * its packet-size and preroll to it.
 * |[
 * gst-launch-1.0 -e videotestsrc is-live=true ! avenc_wmv2 ! queue ! \
 *     m.video_0 \
 *   audiotestsrc is-live=true ! avenc_wmav2 ! queue ! m.audio_0 \
 *   wmasfmux name=m ! filesink location=live.asf
 * ]| records a live stream as it would be broadcast.
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=250 ! avenc_wmv2 ! \
 *     wmasfmux name=m ! filesink location=test.asf \
 *   audiotestsrc num-buffers=430 ! avenc_wmav2 ! m.
 * ]| writes ten seconds of WMV2 and WMA2 into a file.
 * |[
 * gst-launch-1.0 filesrc location=talk.wmv ! asfdemux name=d \
 *   d.video_0 ! queue ! m.video_0  d.audio_0 ! queue ! m.audio_0 \
 *   wmasfmux name=m streamable=false ! filesink location=talk-copy.wmv
 * ]| remuxes a Windows Media file without re-encoding into an indexed,
 * seekable file with the source's tags.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/tag/tag.h>

#include "gstwmasfmuxpriv.h"
#include <gst/wmasf/gstwmasfchildproxy.h>

GST_DEBUG_CATEGORY (gst_wmasf_mux_debug);

/* VLC's packet size for live streams */
#define DEFAULT_PACKET_SIZE GST_WMASF_MUX_DEFAULT_PACKET_SIZE
#define DEFAULT_PREROLL GST_WMASF_MUX_DEFAULT_PREROLL
#define MAX_PREROLL GST_WMASF_MUX_MAX_PREROLL

#define DEFAULT_STREAMABLE GST_WMASF_MUX_DEFAULT_STREAMABLE
#define DEFAULT_SCRIPT_STREAM FALSE
#define DEFAULT_TAG_UPDATES GST_WMASF_MUX_TAG_UPDATES_SCRIPT

enum
{
  PROP_0,
  PROP_PACKET_SIZE,
  PROP_PREROLL,
  PROP_STREAMABLE,
  PROP_SCRIPT_STREAM,
  PROP_TAG_UPDATES,
};

/* Without a live source a zero-latency aggregator holds one buffer a pad,
 * so the muxer and every input thread wake each other for every frame
 * (most of its CPU time when converting a file). Latency means nothing to
 * a non-live pipeline: let each pad queue this much instead. */
#define NON_LIVE_QUEUE_TIME (GST_SECOND)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-ms-asf"));

static GstStaticPadTemplate video_template =
GST_STATIC_PAD_TEMPLATE ("video_%u",
    GST_PAD_SINK,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_WMASF_MUX_VIDEO_CAPS));

static GstStaticPadTemplate audio_template =
GST_STATIC_PAD_TEMPLATE ("audio_%u",
    GST_PAD_SINK,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_WMASF_MUX_AUDIO_CAPS));

static GstStaticPadTemplate text_template = GST_STATIC_PAD_TEMPLATE ("text_%u",
    GST_PAD_SINK,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS ("text/x-raw, format = (string) { utf8, pango-markup }"));

#define gst_wmasf_mux_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstWmAsfMux, gst_wmasf_mux, GST_TYPE_AGGREGATOR,
    G_IMPLEMENT_INTERFACE (GST_TYPE_TAG_SETTER, NULL);
    G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_wmasf_child_proxy_sink_pads_init);
    GST_DEBUG_CATEGORY_INIT (gst_wmasf_mux_debug, "wmasfmux", 0,
        "ASF muxer for live Windows Media broadcasts"));
GST_ELEMENT_REGISTER_DEFINE (wmasfmux, "wmasfmux", GST_RANK_NONE,
    GST_TYPE_WMASF_MUX);

static GList *
gst_wmasf_mux_ref_sink_pads (GstWmAsfMux * mux)
{
  GList *pads = NULL, *l;

  GST_OBJECT_LOCK (mux);
  for (l = GST_ELEMENT_CAST (mux)->sinkpads; l; l = l->next)
    pads = g_list_prepend (pads, gst_object_ref (l->data));
  GST_OBJECT_UNLOCK (mux);
  return g_list_reverse (pads);
}

static void
gst_wmasf_mux_unref_pads (GList * pads)
{
  g_list_free_full (pads, gst_object_unref);
}

static void
gst_wmasf_mux_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (object);
  gboolean refused;

  /* the header holds these values; it is forgotten on the way to READY */
  GST_OBJECT_LOCK (mux);
  refused = mux->header_written;
  if (!refused) {
    switch (prop_id) {
      case PROP_PACKET_SIZE:
        mux->packet_size = g_value_get_uint (value);
        break;
      case PROP_PREROLL:
        mux->preroll = g_value_get_uint64 (value);
        break;
      case PROP_STREAMABLE:
        mux->streamable = g_value_get_enum (value);
        break;
      case PROP_SCRIPT_STREAM:
        mux->script_stream = g_value_get_boolean (value);
        break;
      case PROP_TAG_UPDATES:
        mux->tag_updates = g_value_get_enum (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
        break;
    }
  }
  GST_OBJECT_UNLOCK (mux);

  if (refused)
    g_warning ("%s: cannot change property '%s' after the ASF header was "
        "written; it may only change in the NULL or READY state",
        GST_OBJECT_NAME (mux), pspec->name);
}

static void
gst_wmasf_mux_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (object);

  GST_OBJECT_LOCK (mux);
  switch (prop_id) {
    case PROP_PACKET_SIZE:
      g_value_set_uint (value, mux->packet_size);
      break;
    case PROP_PREROLL:
      g_value_set_uint64 (value, mux->preroll);
      break;
    case PROP_STREAMABLE:
      g_value_set_enum (value, mux->streamable);
      break;
    case PROP_SCRIPT_STREAM:
      g_value_set_boolean (value, mux->script_stream);
      break;
    case PROP_TAG_UPDATES:
      g_value_set_enum (value, mux->tag_updates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (mux);
}

/* The sink pads are the children of GstChildProxy, so that gst-launch
 * can set `video_0::mutual-exclusion-group=1` on a pad it requests later:
 * it waits for child-added (docs/design.md, D37). */
static GstPad *
gst_wmasf_mux_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstPad *pad = GST_ELEMENT_CLASS (parent_class)->request_new_pad (element,
      templ, name, caps);

  if (pad)
    gst_child_proxy_child_added (GST_CHILD_PROXY (element), G_OBJECT (pad),
        GST_OBJECT_NAME (pad));
  return pad;
}

static void
gst_wmasf_mux_release_pad (GstElement * element, GstPad * pad)
{
  gchar *name = gst_pad_get_name (pad);

  gst_object_ref (pad);
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
  gst_child_proxy_child_removed (GST_CHILD_PROXY (element), G_OBJECT (pad),
      name);
  gst_object_unref (pad);
  g_free (name);
}

static gboolean
gst_wmasf_mux_sink_event (GstAggregator * agg, GstAggregatorPad * aggpad,
    GstEvent * event)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (agg);
  GstWmAsfMuxPad *pad = GST_WMASF_MUX_PAD (aggpad);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      if (!gst_wmasf_mux_handle_caps (mux, pad, caps)) {
        gst_event_unref (event);
        return FALSE;
      }
      break;
    }
    case GST_EVENT_SEGMENT:{
      const GstSegment *segment;

      gst_event_parse_segment (event, &segment);
      if (segment->format != GST_FORMAT_TIME) {
        GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
            ("Pad %s got a segment in %s format; the ASF muxer needs TIME.",
                GST_PAD_NAME (pad), gst_format_get_name (segment->format)),
            (NULL));
        gst_event_unref (event);
        return FALSE;
      }
      break;
    }
    case GST_EVENT_TAG:{
      GstTagList *tags;

      gst_event_parse_tag (event, &tags);
      gst_wmasf_mux_handle_tags (mux, pad, tags);
      break;
    }
    case GST_EVENT_EOS:{
      gboolean ret = GST_AGGREGATOR_CLASS (parent_class)->sink_event (agg,
          aggpad, event);

      gst_wmasf_mux_arm_caps_timeout (mux, CAPS_TIMEOUT);
      gst_wmasf_mux_check_ended_without_caps (mux);
      return ret;
    }
    default:
      break;
  }

  return GST_AGGREGATOR_CLASS (parent_class)->sink_event (agg, aggpad, event);
}

/* Buffer times become running times here, so the rest of the muxer never
 * sees raw timestamps. A DTS before the segment (B-frames) becomes 0. */
static GstBuffer *
gst_wmasf_mux_clip (GstAggregator * agg, GstAggregatorPad * aggpad,
    GstBuffer * buf)
{
  const GstSegment *segment = &aggpad->segment;
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstClockTime dts = GST_BUFFER_DTS (buf);

  if (segment->format != GST_FORMAT_TIME)
    return buf;
  /* codec headers (asfdemux's H.264 parameter sets) are in the caps too */
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)
      && !GST_CLOCK_TIME_IS_VALID (pts) && !GST_CLOCK_TIME_IS_VALID (dts)) {
    GST_DEBUG_OBJECT (aggpad, "dropping untimed header buffer %"
        GST_PTR_FORMAT, buf);
    gst_buffer_unref (buf);
    return NULL;
  }

  if (GST_CLOCK_TIME_IS_VALID (pts)) {
    pts = gst_segment_to_running_time (segment, GST_FORMAT_TIME, pts);
    if (!GST_CLOCK_TIME_IS_VALID (pts)) {
      GST_DEBUG_OBJECT (aggpad, "dropping %" GST_PTR_FORMAT
          ", outside the segment", buf);
      gst_buffer_unref (buf);
      return NULL;
    }
  }
  if (GST_CLOCK_TIME_IS_VALID (dts)) {
    guint64 running_time;
    gint sign = gst_segment_to_running_time_full (segment, GST_FORMAT_TIME,
        dts, &running_time);

    dts = sign > 0 ? running_time : (sign < 0 ? 0 : GST_CLOCK_TIME_NONE);
  }

  buf = gst_buffer_make_writable (buf);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DTS (buf) = dts;
  return buf;
}

/* Every pad can be described: it has caps or has ended without any. */
gboolean
gst_wmasf_mux_all_pads_described (GList * pads)
{
  GList *l;

  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;

    /* text pads feed the command stream: they need no description */
    if (!pad->has_caps && !pad->is_text && !gst_aggregator_pad_is_eos (l->data))
      return FALSE;
  }
  return TRUE;
}

/* In live mode the base class times out at this time plus the latency:
 * the earliest queued buffer may go out once nothing earlier can arrive.
 * Nothing queued, or a pad still without caps: wait for data instead.
 * Before the header held buffers do not count: they wait for a pad, not
 * for time. */
static GstClockTime
gst_wmasf_mux_get_next_time (GstAggregator * agg)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (agg);
  GList *pads = gst_wmasf_mux_ref_sink_pads (mux);
  GstClockTime next = GST_CLOCK_TIME_NONE;
  gboolean header_written;
  GList *l;

  GST_OBJECT_LOCK (mux);
  header_written = mux->header_written;
  GST_OBJECT_UNLOCK (mux);

  if (header_written || gst_wmasf_mux_all_pads_described (pads)) {
    for (l = pads; l; l = l->next) {
      GstWmAsfMuxPad *pad = l->data;
      GstClockTime t = GST_CLOCK_TIME_NONE;
      GstBuffer *buf;

      if (header_written && !g_queue_is_empty (&pad->held)) {
        t = buffer_send_time (g_queue_peek_head (&pad->held));
      } else if ((buf = gst_aggregator_pad_peek_buffer (l->data))) {
        t = buffer_send_time (buf);
        gst_buffer_unref (buf);
      }
      if (GST_CLOCK_TIME_IS_VALID (t) && (!GST_CLOCK_TIME_IS_VALID (next)
              || t < next))
        next = t;
    }
  }
  gst_wmasf_mux_unref_pads (pads);
  return next;
}

GstFlowReturn
gst_wmasf_mux_push_packets (GstWmAsfMux * mux, GQueue * packets)
{
  GstAggregator *agg = GST_AGGREGATOR (mux);
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer *buf;

  while ((buf = g_queue_pop_head (packets))) {
    if (ret != GST_FLOW_OK) {
      gst_buffer_unref (buf);
      continue;
    }
    /* without video any packet is a fine place to start */
    if (!mux->have_video)
      GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    if (mux->file_mode)
      gst_wmasf_mux_file_add_packet (mux, buf);

    GST_OBJECT_LOCK (mux);
    GST_AGGREGATOR_PAD (agg->srcpad)->segment.position = GST_BUFFER_PTS (buf);
    GST_OBJECT_UNLOCK (mux);

    GST_LOG_OBJECT (mux, "pushing packet %" GST_PTR_FORMAT, buf);
    ret = gst_aggregator_finish_buffer (agg, buf);
  }
  return ret;
}

static GstFlowReturn
gst_wmasf_mux_mux_buffer (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstBuffer * buf)
{
  WmAsfObject obj;
  GQueue packets = G_QUEUE_INIT;
  gsize size = gst_buffer_get_size (buf);
  GstBuffer *with_sets = NULL;

  if (pad->is_text)
    return gst_wmasf_mux_mux_text (mux, pad, buf);
  if (!pad->in_header) {
    GST_WARNING_OBJECT (pad, "dropping %" GST_PTR_FORMAT
        ": the stream is not in the ASF header", buf);
    return GST_FLOW_OK;
  }
  if (size == 0) {
    GST_DEBUG_OBJECT (pad, "dropping empty buffer");
    return GST_FLOW_OK;
  }
  if (size > WMASF_MAX_OBJECT_SIZE) {
    GST_ELEMENT_ERROR (mux, STREAM, MUX,
        ("A frame on pad %s is too large for ASF.", GST_PAD_NAME (pad)),
        ("%" G_GSIZE_FORMAT " bytes, at most %u", size, WMASF_MAX_OBJECT_SIZE));
    return GST_FLOW_ERROR;
  }

  if (pad->info.fourcc == WMASF_FOURCC_H264
      && !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT))
    with_sets = gst_wmasf_mux_h264_add_parameter_sets (pad, buf);
  if (with_sets && gst_buffer_get_size (with_sets) <= WMASF_MAX_OBJECT_SIZE) {
    buf = with_sets;
    size = gst_buffer_get_size (buf);
  }

  obj.stream_number = pad->stream_number;
  obj.object_number = pad->next_object_number++;
  obj.key = !pad->is_video
      || !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  obj.sync = pad->is_video && obj.key;
  obj.send_time = buffer_send_time (buf);
  obj.pres_time = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) :
      GST_BUFFER_DTS (buf);

  GST_LOG_OBJECT (pad, "object %u, %" G_GSIZE_FORMAT " bytes, send %"
      GST_TIME_FORMAT " pres %" GST_TIME_FORMAT "%s", obj.object_number, size,
      GST_TIME_ARGS (obj.send_time), GST_TIME_ARGS (obj.pres_time),
      obj.key ? ", key" : "");

  if (GST_CLOCK_TIME_IS_VALID (obj.pres_time)) {
    GstClockTime end = obj.pres_time;

    if (GST_BUFFER_DURATION_IS_VALID (buf))
      end += GST_BUFFER_DURATION (buf);
    mux->play_end = MAX (mux->play_end, end);
    mux->last_time = MAX (mux->last_time, obj.pres_time);
  }
  if (mux->file_mode && obj.sync)
    g_queue_push_tail (&mux->key_times, g_memdup2 (&obj.pres_time,
            sizeof (GstClockTime)));
  wmasf_packetizer_add (mux->packetizer, &obj, buf, &packets);
  if (with_sets)
    gst_buffer_unref (with_sets);
  return gst_wmasf_mux_push_packets (mux, &packets);
}

GstFlowReturn
gst_wmasf_mux_drain (GstWmAsfMux * mux)
{
  GQueue packets = G_QUEUE_INIT;
  GstBuffer *last;

  if (mux->packetizer == NULL)
    return GST_FLOW_OK;
  last = wmasf_packetizer_finish (mux->packetizer);
  if (last)
    g_queue_push_tail (&packets, last);
  return gst_wmasf_mux_push_packets (mux, &packets);
}

/* Once, when data flows: not live and the user left latency at 0. */
static void
gst_wmasf_mux_check_liveness (GstWmAsfMux * mux)
{
  guint64 latency = 0;

  mux->liveness_checked = TRUE;
  if (GST_CLOCK_TIME_IS_VALID (gst_aggregator_get_latency (GST_AGGREGATOR
              (mux)))) {
    mux->live = TRUE;
    return;
  }
  g_object_get (mux, "latency", &latency, NULL);
  if (latency != 0)
    return;
  GST_DEBUG_OBJECT (mux, "not live: pads queue %" GST_TIME_FORMAT,
      GST_TIME_ARGS (NON_LIVE_QUEUE_TIME));
  mux->own_latency = TRUE;
  g_object_set (mux, "latency", (guint64) NON_LIVE_QUEUE_TIME, NULL);
}

gboolean
gst_wmasf_mux_check_timestamp (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstClockTime t)
{
  GstClockTime limit;

  if (!GST_CLOCK_TIME_IS_VALID (t)) {
    GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
        ("Pad %s got a buffer without timestamp.", GST_PAD_NAME (pad)),
        ("ASF needs a send and a presentation time for every frame"));
    return FALSE;
  }
  /* send and presentation times are 32-bit milliseconds, the latter with
   * the preroll added (ASF spec 5.2.2, 5.2.3.1; docs/design.md, D55) */
  GST_OBJECT_LOCK (mux);
  limit = (G_MAXUINT32 - mux->preroll) * GST_MSECOND;
  GST_OBJECT_UNLOCK (mux);
  if (t <= limit)
    return TRUE;
  GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
      ("Pad %s got a buffer at running time %" GST_TIME_FORMAT ", past the "
          "%" GST_TIME_FORMAT " that ASF's 32-bit millisecond times can "
          "hold.", GST_PAD_NAME (pad), GST_TIME_ARGS (t),
          GST_TIME_ARGS (limit)),
      ("Likely an encoder or parser upstream of %s stamping its frames "
          "far from its segment's start (Debian 12's avenc_mpeg4 ! "
          "mpeg4videoparse stamps them at 2^63 ns)", GST_PAD_NAME (pad)));
  return FALSE;
}

/* Streams this far apart never play together: a player waits for the
 * later one's preroll for the whole distance (docs/design.md, D55).
 * Text is sparse: a caption may come hours after the last. */
#define MAX_PAD_SPREAD (GST_SECOND * 3600)

/* @times: the next send time of each pad of @pads that has one (of a pad
 * waited for, its last), or GST_CLOCK_TIME_NONE. */
gboolean
gst_wmasf_mux_check_spread (GstWmAsfMux * mux, GList * pads,
    const GstClockTime * times)
{
  GstWmAsfMuxPad *first = NULL, *last = NULL;
  GstClockTime first_t = 0, last_t = 0;
  GList *l;
  guint i;

  for (l = pads, i = 0; l; l = l->next, i++) {
    GstWmAsfMuxPad *pad = l->data;

    if (pad->is_text || !GST_CLOCK_TIME_IS_VALID (times[i]))
      continue;
    if (first == NULL || times[i] < first_t) {
      first = pad;
      first_t = times[i];
    }
    if (last == NULL || times[i] > last_t) {
      last = pad;
      last_t = times[i];
    }
  }
  if (first == NULL || last_t - first_t <= MAX_PAD_SPREAD)
    return TRUE;
  GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
      ("Pad %s is at running time %" GST_TIME_FORMAT ", %" GST_TIME_FORMAT
          " after pad %s (at %" GST_TIME_FORMAT "); streams more than %"
          GST_TIME_FORMAT " apart never play together.", GST_PAD_NAME (last),
          GST_TIME_ARGS (last_t), GST_TIME_ARGS (last_t - first_t),
          GST_PAD_NAME (first), GST_TIME_ARGS (first_t),
          GST_TIME_ARGS (MAX_PAD_SPREAD)),
      ("Likely an element upstream of %s stamping buffers that are not "
          "in its segment's time (the libav encoders start at 1000 hours), "
          "or a live source and a non-live one mixed", GST_PAD_NAME (last)));
  return FALSE;
}

static gboolean
gst_wmasf_mux_any_held (GList * pads)
{
  for (; pads; pads = pads->next)
    if (!g_queue_is_empty (&GST_WMASF_MUX_PAD (pads->data)->held))
      return TRUE;
  return FALSE;
}

static GstFlowReturn
gst_wmasf_mux_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (agg);
  GList *pads;
  GstWmAsfMuxPad *best = NULL;
  GstClockTime best_time = GST_CLOCK_TIME_NONE;
  gboolean all_eos = TRUE, header_written, timed_out, need_data = FALSE;
  GstFlowReturn ret = GST_FLOW_OK;
  GstClockTime *times = NULL;
  GstBuffer *buf;
  GList *l;
  guint i;

  if (!mux->liveness_checked)
    gst_wmasf_mux_check_liveness (mux);

  GST_OBJECT_LOCK (mux);
  header_written = mux->header_written;
  timed_out = mux->caps_timed_out;
  GST_OBJECT_UNLOCK (mux);
  /* the error naming the pad without caps is posted */
  if (timed_out)
    return GST_FLOW_ERROR;

  pads = gst_wmasf_mux_ref_sink_pads (mux);
  if (!header_written) {
    ret = gst_wmasf_mux_try_header (mux, pads);
    if (ret != GST_FLOW_OK)
      goto done;
  }

  times = g_new (GstClockTime, g_list_length (pads));
next:
  for (l = pads, i = 0; l; l = l->next, i++) {
    GstWmAsfMuxPad *pad = l->data;
    GstClockTime t;

    times[i] = GST_CLOCK_TIME_NONE;
    if (g_queue_is_empty (&pad->held)) {
      buf = gst_aggregator_pad_peek_buffer (GST_AGGREGATOR_PAD (pad));
      /* text is sparse: a caption is not waited for */
      if (buf == NULL && pad->is_text)
        continue;
      if (buf == NULL) {
        if (!gst_aggregator_pad_is_eos (GST_AGGREGATOR_PAD (pad))) {
          all_eos = FALSE;
          /* the pad may yet bring something earlier, to be waited for
           * unless live and late; a pad an hour ahead of where a waited
           * for one stands would wait in vain */
          if (!timeout) {
            need_data = TRUE;
            times[i] = pad->last_send;
          }
        }
        continue;
      }
      t = buffer_send_time (buf);
      gst_buffer_unref (buf);
      if (!gst_wmasf_mux_check_timestamp (mux, pad, t)) {
        ret = GST_FLOW_ERROR;
        goto done;
      }
    } else {
      t = buffer_send_time (g_queue_peek_head (&pad->held));
    }
    times[i] = t;
    all_eos = FALSE;
    if (best == NULL || t < best_time) {
      best = pad;
      best_time = t;
    }
  }

  if (!gst_wmasf_mux_check_spread (mux, pads, times)) {
    ret = GST_FLOW_ERROR;
    goto done;
  }
  if (need_data) {
    ret = GST_AGGREGATOR_FLOW_NEED_DATA;
    goto done;
  }

  ret = gst_wmasf_mux_send_pending (mux);
  if (ret != GST_FLOW_OK)
    goto done;

  if (best == NULL) {
    if (all_eos) {
      GST_DEBUG_OBJECT (mux, "all pads are EOS");
      ret = gst_wmasf_mux_drain (mux);
      if (ret == GST_FLOW_OK && mux->file_mode)
        ret = gst_wmasf_mux_finish_file (mux);
      if (ret == GST_FLOW_OK)
        ret = GST_FLOW_EOS;
    } else {
      ret = GST_AGGREGATOR_FLOW_NEED_DATA;
    }
    goto done;
  }

  buf = g_queue_pop_head (&best->held);
  if (buf == NULL)
    buf = gst_aggregator_pad_pop_buffer (GST_AGGREGATOR_PAD (best));
  if (buf == NULL)              /* flushed meanwhile */
    goto done;
  gst_aggregator_selected_samples (agg, GST_BUFFER_PTS (buf),
      GST_BUFFER_DTS (buf), GST_BUFFER_DURATION (buf), NULL);
  best->last_send = best_time;
  ret = gst_wmasf_mux_mux_buffer (mux, best, buf);
  gst_buffer_unref (buf);

  /* Buffers held before the header are out of GstAggregator's sight: it
   * waits for a pad whose own queue is empty even while we hold some of
   * its buffers, and a demuxer upstream, blocked on another pad's full
   * queue, then never brings more (a deadlock). So they are muxed now, as
   * long as every pad has something to compare. (A live muxer is called
   * at each timeout anyway.) */
  if (ret == GST_FLOW_OK && !timeout && gst_wmasf_mux_any_held (pads)) {
    best = NULL;
    best_time = GST_CLOCK_TIME_NONE;
    all_eos = TRUE;
    goto next;
  }

done:
  g_free (times);
  gst_wmasf_mux_unref_pads (pads);
  return ret;
}

static void
gst_wmasf_mux_reset (GstWmAsfMux * mux)
{
  GList *pads = gst_wmasf_mux_ref_sink_pads (mux), *l;

  for (l = pads; l; l = l->next)
    gst_wmasf_mux_pad_reset (l->data);
  gst_wmasf_mux_unref_pads (pads);

  gst_wmasf_mux_cancel_caps_timeout (mux);
  g_clear_pointer (&mux->packetizer, wmasf_packetizer_free);
  mux->have_video = FALSE;
  mux->liveness_checked = FALSE;
  mux->live = FALSE;
  mux->command_stream = 0;
  mux->next_command_object = 0;
  g_array_set_size (mux->scripts, 0);
  mux->scripts_bytes = 0;
  g_clear_pointer (&mux->last_now_playing, g_free);
  mux->play_end = 0;
  mux->last_time = 0;
  mux->file_mode = FALSE;
  g_clear_pointer (&mux->header_streams, g_array_unref);
  wmasf_file_index_clear (&mux->index);
  wmasf_file_index_init (&mux->index);
  g_queue_clear_full (&mux->key_times, g_free);
  if (mux->own_latency) {
    mux->own_latency = FALSE;
    g_object_set (mux, "latency", (guint64) 0, NULL);
  }
  GST_OBJECT_LOCK (mux);
  mux->header_written = FALSE;
  mux->caps_timed_out = FALSE;
  mux->tags_changed = FALSE;
  g_clear_pointer (&mux->event_tags, gst_tag_list_unref);
  g_queue_clear_full (&mux->pending_scripts, gst_wmasf_mux_script_free);
  GST_OBJECT_UNLOCK (mux);
}

static gboolean
gst_wmasf_mux_start (GstAggregator * agg)
{
  gst_wmasf_mux_reset (GST_WMASF_MUX (agg));
  return TRUE;
}

static gboolean
gst_wmasf_mux_stop (GstAggregator * agg)
{
  gst_wmasf_mux_reset (GST_WMASF_MUX (agg));
  return TRUE;
}

/* The header stays written; a partly filled packet of the old position
 * is dropped. */
static GstFlowReturn
gst_wmasf_mux_flush (GstAggregator * agg)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (agg);

  GList *pads = gst_wmasf_mux_ref_sink_pads (mux), *l;

  for (l = pads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;

    g_queue_clear_full (&pad->held, (GDestroyNotify) gst_buffer_unref);
    pad->last_send = GST_CLOCK_TIME_NONE;
  }
  gst_wmasf_mux_unref_pads (pads);
  if (mux->packetizer)
    wmasf_packetizer_discard (mux->packetizer);
  return GST_FLOW_OK;
}

static void
gst_wmasf_mux_finalize (GObject * object)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (object);

  g_clear_pointer (&mux->event_tags, gst_tag_list_unref);
  g_queue_clear_full (&mux->pending_scripts, gst_wmasf_mux_script_free);
  g_array_unref (mux->scripts);
  g_clear_pointer (&mux->last_now_playing, g_free);
  g_clear_pointer (&mux->header_streams, g_array_unref);
  wmasf_file_index_clear (&mux->index);
  g_queue_clear_full (&mux->key_times, g_free);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmasf_mux_class_init (GstWmAsfMuxClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  gobject_class->set_property = gst_wmasf_mux_set_property;
  gobject_class->get_property = gst_wmasf_mux_get_property;
  gobject_class->finalize = gst_wmasf_mux_finalize;

  /**
   * GstWmAsfMux:packet-size:
   *
   * Size in bytes of every ASF data packet, written as both the Minimum and
   * the Maximum Data Packet Size of the File Properties Object (ASF spec
   * 3.2). Small packets cut latency at low bitrates, large ones cut
   * overhead. May only change before the header is written (in the NULL or
   * READY state).
   */
  g_object_class_install_property (gobject_class, PROP_PACKET_SIZE,
      g_param_spec_uint ("packet-size", "Packet size",
          "Size of every ASF data packet in bytes (ASF spec 3.2)",
          GST_WMASF_MUX_MIN_PACKET_SIZE, GST_WMASF_MUX_MAX_PACKET_SIZE,
          DEFAULT_PACKET_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));

  /**
   * GstWmAsfMux:preroll:
   *
   * Time in milliseconds players buffer before they start, written as the
   * Preroll of the File Properties Object (ASF spec 3.2) and added to
   * every presentation time, as ASF requires. May only change before the
   * header is written (in the NULL or READY state).
   */
  g_object_class_install_property (gobject_class, PROP_PREROLL,
      g_param_spec_uint64 ("preroll", "Preroll",
          "Time players buffer before playback, in ms (ASF spec 3.2 Preroll)",
          0, MAX_PREROLL, DEFAULT_PREROLL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY |
          GST_PARAM_DOC_SHOW_DEFAULT));

  /**
   * GstWmAsfMux:streamable:
   *
   * `broadcast` (or `true`): the broadcast layout (File Properties
   * Broadcast flag, no sizes, no index). `file` (or `false`): file mode,
   * for filesink: the first header is broadcast-style plus a Padding
   * Object, and at EOS a Simple Index Object (ASF spec 6.1) follows the
   * data and the header is rewritten at byte 0 (a BYTES segment) with file
   * size, creation date, packet count, play and send duration and the
   * Seekable flag (ASF spec 3.2), as the SDK's file sink with
   * auto-indexing writes it. `auto` (the default): file mode when nothing
   * upstream is live and downstream answers a BYTES seeking query as
   * seekable, else the broadcast layout (docs/design.md, D79).
   */
  g_object_class_install_property (gobject_class, PROP_STREAMABLE,
      g_param_spec_enum ("streamable", "Streamable",
          "Layout: auto (a file when nothing is live and downstream seeks), "
          "broadcast or file",
          GST_TYPE_WMASF_MUX_STREAMABLE, DEFAULT_STREAMABLE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));

  /**
   * GstWmAsfMux:script-stream:
   *
   * Declares an ASF Command Media stream (ASF spec 3.3, 10.4) in the
   * header, so that #GstWmAsfMux::send-script commands and title changes
   * reach players in band, as the SDK's script stream does. A `text_%u`
   * pad declares it too. Without it commands only go into a file-mode
   * header's Script Command Object.
   */
  g_object_class_install_property (gobject_class, PROP_SCRIPT_STREAM,
      g_param_spec_boolean ("script-stream", "Script stream",
          "Declare a Command Media stream so script commands reach players "
          "in band (ASF 3.3)",
          DEFAULT_SCRIPT_STREAM,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));

  /**
   * GstWmAsfMux:tag-updates:
   *
   * What a title or artist change after the header becomes in the
   * broadcast layout: `script`, a TEXT script command "Artist - Title" on
   * the command stream (needs #GstWmAsfMux:script-stream or a text pad);
   * `header`, a new ASF header with the new tags, pushed as a HEADER
   * buffer and new streamheader caps (wmnetserversink sends clients a
   * header change, [MS-WMSP] $C then $H). File mode ignores it: the
   * final header has the latest tags.
   */
  g_object_class_install_property (gobject_class, PROP_TAG_UPDATES,
      g_param_spec_enum ("tag-updates", "Tag updates",
          "A title change after the header becomes a TEXT script command or "
          "a new header",
          GST_TYPE_WMASF_MUX_TAG_UPDATES, DEFAULT_TAG_UPDATES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING | GST_PARAM_DOC_SHOW_DEFAULT));

  /**
   * GstWmAsfMux::send-script:
   * @mux: the muxer
   * @type: the command type, e.g. `TEXT`, `CAPTION`, `URL`, `FILENAME`,
   *   `EVENT` (the SDK's script types)
   * @command: the command, e.g. the text or the URL
   *
   * Sends a script command stamped at the current running time: on the
   * Command Media stream when #GstWmAsfMux:script-stream declared it, and
   * in file mode into the header's Script Command Object (ASF spec 3.15)
   * as IWMHeaderInfo::AddScript does.
   *
   * Returns: FALSE (and a warning in the debug log) for an empty type, a
   * NULL command, text that is not UTF-8, or a muxer not running.
   */
  g_signal_new_class_handler ("send-script", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmasf_mux_send_script), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_WMASF_MUX_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &audio_template, GST_TYPE_WMASF_MUX_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &text_template, GST_TYPE_WMASF_MUX_PAD);

  gst_element_class_set_static_metadata (element_class,
      "ASF muxer for live Windows Media broadcasts", "Codec/Muxer",
      "Muxes Windows Media, MPEG-4, H.264, MP3, AAC, AC-3 and PCM audio and "
      "video into live-broadcast ASF with fixed-size packets",
      "the gst-wmnet developers");

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_wmasf_mux_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_wmasf_mux_release_pad);

  agg_class->create_new_pad = GST_DEBUG_FUNCPTR (gst_wmasf_mux_create_new_pad);
  agg_class->sink_event = GST_DEBUG_FUNCPTR (gst_wmasf_mux_sink_event);
  agg_class->clip = GST_DEBUG_FUNCPTR (gst_wmasf_mux_clip);
  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_wmasf_mux_aggregate);
  agg_class->get_next_time = GST_DEBUG_FUNCPTR (gst_wmasf_mux_get_next_time);
  agg_class->start = GST_DEBUG_FUNCPTR (gst_wmasf_mux_start);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_wmasf_mux_stop);
  agg_class->flush = GST_DEBUG_FUNCPTR (gst_wmasf_mux_flush);
  /* the source caps carry the header: set by the muxer once it exists */
  agg_class->negotiate = NULL;

  gst_type_mark_as_plugin_api (GST_TYPE_WMASF_MUX_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_WMASF_MUX_TAG_UPDATES, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_WMASF_MUX_STREAMABLE, 0);
}

static void
gst_wmasf_mux_init (GstWmAsfMux * mux)
{
  mux->packet_size = DEFAULT_PACKET_SIZE;
  mux->preroll = DEFAULT_PREROLL;
  mux->next_stream_number = 1;
  mux->streamable = DEFAULT_STREAMABLE;
  mux->script_stream = DEFAULT_SCRIPT_STREAM;
  mux->tag_updates = DEFAULT_TAG_UPDATES;
  g_queue_init (&mux->pending_scripts);
  mux->scripts = g_array_new (FALSE, TRUE, sizeof (WmAsfScript));
  g_array_set_clear_func (mux->scripts, (GDestroyNotify) wmasf_script_clear);
  wmasf_file_index_init (&mux->index);
  g_queue_init (&mux->key_times);
}
