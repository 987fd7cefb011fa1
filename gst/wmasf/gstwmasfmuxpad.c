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

/* gstwmasfmuxpad: wmasfmux's sink pads. Owns the GstWmAsfMuxPad class and
 * its mutual-exclusion-group property, pad requests (names, stream
 * numbers), the caps and tags a pad gets, the wait for pads without caps
 * (docs/design.md, D21), what a pad knows of its stream's bitrate, and
 * H.264 parameter sets put in front of key frames. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmasfmuxpriv.h"

/* bitrate estimates when neither caps nor tags give one */
#define FALLBACK_VIDEO_PIXELS_PER_BIT 4
#define FALLBACK_VIDEO_FPS 30
#define FALLBACK_VIDEO_MIN_BITRATE 100000
#define FALLBACK_AUDIO_BITRATE 128000

/* The wait for caps (CAPS_TIMEOUT) once every pad with caps has reached
 * EOS */
#define EOS_CAPS_TIMEOUT (GST_SECOND)

G_DEFINE_TYPE (GstWmAsfMuxPad, gst_wmasf_mux_pad, GST_TYPE_AGGREGATOR_PAD);

enum
{
  PROP_PAD_0,
  PROP_PAD_MUTUAL_EXCLUSION_GROUP,
};

static void
gst_wmasf_mux_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmAsfMuxPad *pad = GST_WMASF_MUX_PAD (object);
  GstElement *parent;
  const gchar *refusal = NULL;
  guint group;

  if (prop_id != PROP_PAD_MUTUAL_EXCLUSION_GROUP) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    return;
  }
  group = g_value_get_uint (value);
  parent = gst_pad_get_parent_element (GST_PAD (pad));
  if (parent) {
    GST_OBJECT_LOCK (parent);
    if (GST_WMASF_MUX (parent)->header_written)
      refusal = "the ASF header was already written; it may only change in "
          "the NULL or READY state";
    GST_OBJECT_UNLOCK (parent);
    gst_object_unref (parent);
  }
  /* text pads feed the Command Media stream, which has no alternatives */
  if (pad->is_text && group != 0)
    refusal = "a text pad has no ASF stream of its own";
  if (refusal) {
    g_warning ("%s: cannot set property '%s': %s", GST_OBJECT_NAME (pad),
        pspec->name, refusal);
    return;
  }
  GST_OBJECT_LOCK (pad);
  pad->mutex_group = group;
  GST_OBJECT_UNLOCK (pad);
}

static void
gst_wmasf_mux_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmAsfMuxPad *pad = GST_WMASF_MUX_PAD (object);

  if (prop_id != PROP_PAD_MUTUAL_EXCLUSION_GROUP) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    return;
  }
  GST_OBJECT_LOCK (pad);
  g_value_set_uint (value, pad->mutex_group);
  GST_OBJECT_UNLOCK (pad);
}

static void
gst_wmasf_mux_pad_finalize (GObject * object)
{
  GstWmAsfMuxPad *pad = GST_WMASF_MUX_PAD (object);

  wmasf_stream_info_clear (&pad->info);
  g_queue_clear_full (&pad->held, (GDestroyNotify) gst_buffer_unref);
  g_clear_pointer (&pad->h264_sets, g_bytes_unref);

  G_OBJECT_CLASS (gst_wmasf_mux_pad_parent_class)->finalize (object);
}

static void
gst_wmasf_mux_pad_class_init (GstWmAsfMuxPadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->finalize = gst_wmasf_mux_pad_finalize;
  gobject_class->set_property = gst_wmasf_mux_pad_set_property;
  gobject_class->get_property = gst_wmasf_mux_pad_get_property;

  /**
   * GstWmAsfMuxPad:mutual-exclusion-group:
   *
   * 0: the stream stands alone. Pads of one media type sharing a non-zero
   * value are bit-rate alternatives of the same content (multiple bit
   * rate, MBR): the header gets one Bitrate Mutual Exclusion Object per
   * value (ASF spec 3.8, Exclusion Type ASF_Mutex_Bitrate; the SDK's
   * IWMMutualExclusion with CLSID_WMMUTEX_Bitrate), and the File
   * Properties' Maximum Bitrate counts only the highest of each group.
   * Read when the header is written; may only change before (in the NULL
   * or READY state). A pad whose type differs from the group's first pad
   * (in stream number order), or a group of one pad, is written as a
   * stream of its own, with a warning naming the pad. Not for text pads.
   */
  g_object_class_install_property (gobject_class,
      PROP_PAD_MUTUAL_EXCLUSION_GROUP,
      gst_wmasf_mux_param_spec_mutual_exclusion_group ());
}

static void
gst_wmasf_mux_pad_init (GstWmAsfMuxPad * pad)
{
  g_queue_init (&pad->held);
  pad->held_first = pad->held_last = GST_CLOCK_TIME_NONE;
  pad->last_send = GST_CLOCK_TIME_NONE;
}

/* Forgets what the last run learnt; the caps come again when it restarts. */
void
gst_wmasf_mux_pad_reset (GstWmAsfMuxPad * pad)
{
  pad->has_caps = FALSE;
  g_atomic_int_set (&pad->eos_arrived, 0);
  g_atomic_int_set (&pad->caps_arrived, 0);
  pad->tag_bitrate = 0;
  pad->in_header = FALSE;
  pad->next_object_number = 0;
  g_queue_clear_full (&pad->held, (GDestroyNotify) gst_buffer_unref);
  g_clear_pointer (&pad->h264_sets, g_bytes_unref);
  pad->held_first = pad->held_last = GST_CLOCK_TIME_NONE;
  pad->last_send = GST_CLOCK_TIME_NONE;
  pad->frame_bitrate_sum = 0;
  pad->n_frame_bitrates = 0;
  pad->held_bytes = 0;
  pad->held_duration = 0;
  pad->measured_bytes = pad->last_measured_size = 0;
  pad->measured_first = pad->measured_last = GST_CLOCK_TIME_NONE;
  pad->min_frame_bitrate = pad->max_frame_bitrate = 0;
}

/* Whether the pad still reads its frames for the header's bitrate. */
gboolean
gst_wmasf_mux_pad_measuring (GstWmAsfMuxPad * pad)
{
  if (!pad->has_caps || pad->is_text || pad->info.bitrate > 0
      || !wmasf_codec_bitrate_in_stream (&pad->info))
    return FALSE;
  if (gst_aggregator_pad_is_eos (GST_AGGREGATOR_PAD (pad)))
    return FALSE;
  return !GST_CLOCK_TIME_IS_VALID (pad->held_first)
      || !GST_CLOCK_TIME_IS_VALID (pad->held_last)
      || pad->held_last - pad->held_first < BITRATE_MEASURE_TIME;
}

/* Bits per second for the header: caps, else the frame headers (their
 * mean: each frame lasts as long), else the bytes held over their
 * durations or time span (AAC), else tags, else an estimate (see the
 * element documentation). Sets a VBR stream's peak too. */
guint32
gst_wmasf_mux_pad_bitrate (GstWmAsfMuxPad * pad, guint32 * max_bitrate)
{
  const WmAsfStreamInfo *s = &pad->info;
  guint64 bitrate;

  *max_bitrate = 0;
  if (s->bitrate > 0)
    return s->bitrate;
  if (pad->n_frame_bitrates > 0) {
    if (pad->min_frame_bitrate != pad->max_frame_bitrate)
      *max_bitrate = pad->max_frame_bitrate;
    bitrate = pad->frame_bitrate_sum / pad->n_frame_bitrates;
    GST_DEBUG_OBJECT (pad, "%u frames: mean %" G_GUINT64_FORMAT " bit/s, "
        "%u to %u", pad->n_frame_bitrates, bitrate, pad->min_frame_bitrate,
        pad->max_frame_bitrate);
    return CLAMP (bitrate, 1, G_MAXUINT32);
  }
  if (pad->held_duration > 0 && pad->held_bytes > 0) {
    bitrate = gst_util_uint64_scale (pad->held_bytes * 8, GST_SECOND,
        pad->held_duration);
    GST_DEBUG_OBJECT (pad, "%" G_GUINT64_FORMAT " bytes in %" GST_TIME_FORMAT
        ": %" G_GUINT64_FORMAT " bit/s", pad->held_bytes,
        GST_TIME_ARGS (pad->held_duration), bitrate);
    return CLAMP (bitrate, 1, G_MAXUINT32);
  }
  /* without durations: the bytes before the last buffer over the span */
  if (GST_CLOCK_TIME_IS_VALID (pad->measured_first)
      && pad->measured_last > pad->measured_first) {
    bitrate = gst_util_uint64_scale ((pad->measured_bytes -
            pad->last_measured_size) * 8, GST_SECOND,
        pad->measured_last - pad->measured_first);
    GST_DEBUG_OBJECT (pad, "%" G_GUINT64_FORMAT " bit/s over %"
        GST_TIME_FORMAT, bitrate,
        GST_TIME_ARGS (pad->measured_last - pad->measured_first));
    if (bitrate > 0)
      return CLAMP (bitrate, 1, G_MAXUINT32);
  }
  if (pad->tag_bitrate > 0)
    return pad->tag_bitrate;

  if (s->is_video) {
    gint fps_n = FALLBACK_VIDEO_FPS, fps_d = 1;

    if (s->fps_n > 0 && s->fps_d > 0) {
      fps_n = s->fps_n;
      fps_d = s->fps_d;
    }
    bitrate = gst_util_uint64_scale_int ((guint64) s->width * s->height,
        fps_n, fps_d * FALLBACK_VIDEO_PIXELS_PER_BIT);
    bitrate = MAX (bitrate, FALLBACK_VIDEO_MIN_BITRATE);
  } else if (s->format_tag == WMASF_WAVE_FORMAT_WMAUDIO1
      || s->format_tag == WMASF_WAVE_FORMAT_WMAUDIO2) {
    /* samples per WMA frame, as the WMA v1/v2 decoders choose it */
    guint frame_len = 2048;

    if (s->rate <= 16000)
      frame_len = 512;
    else if (s->rate <= 22050 || (s->rate <= 32000
            && s->format_tag == WMASF_WAVE_FORMAT_WMAUDIO1))
      frame_len = 1024;
    bitrate = gst_util_uint64_scale_int (s->block_align * 8, s->rate,
        frame_len);
  } else {
    bitrate = FALLBACK_AUDIO_BITRATE;
  }
  GST_WARNING_OBJECT (pad, "no bitrate in caps, frames or tags, estimated %"
      G_GUINT64_FORMAT " bit/s", bitrate);
  return CLAMP (bitrate, 1, G_MAXUINT32);
}

/* with the object lock */
static gboolean
gst_wmasf_mux_pad_name_taken (GstWmAsfMux * mux, const gchar * name)
{
  GList *l;

  for (l = GST_ELEMENT_CAST (mux)->pads; l; l = l->next)
    if (g_str_equal (GST_PAD_NAME (l->data), name))
      return TRUE;
  return FALSE;
}

/* Upstream's thread, before the event is queued: a pad with caps whose
 * EOS waits behind buffers (the muxer waits for a pad without caps) still
 * counts as ended, and caps queued behind nothing count as caps. */
static GstPadProbeReturn
gst_wmasf_mux_pad_event_probe (GstPad * pad, GstPadProbeInfo * info,
    gpointer user_data)
{
  GstWmAsfMuxPad *mpad = GST_WMASF_MUX_PAD (pad);
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstObject *parent;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:
      g_atomic_int_set (&mpad->caps_arrived, 1);
      break;
    case GST_EVENT_EOS:
      g_atomic_int_set (&mpad->eos_arrived, 1);
      parent = gst_pad_get_parent (pad);
      if (parent) {
        gst_wmasf_mux_check_ended_without_caps (GST_WMASF_MUX (parent));
        gst_object_unref (parent);
      }
      break;
    case GST_EVENT_FLUSH_STOP:
    case GST_EVENT_STREAM_START:
      g_atomic_int_set (&mpad->eos_arrived, 0);
      break;
    default:
      break;
  }
  return GST_PAD_PROBE_OK;
}

GstAggregatorPad *
gst_wmasf_mux_create_new_pad (GstAggregator * agg, GstPadTemplate * templ,
    const gchar * req_name, const GstCaps * caps)
{
  GstWmAsfMux *mux = GST_WMASF_MUX (agg);
  GstElementClass *klass = GST_ELEMENT_GET_CLASS (agg);
  GstWmAsfMuxPad *pad;
  gboolean is_video = FALSE, is_text = FALSE;
  gchar *name = NULL;
  const gchar *refusal = NULL;
  guint number = 0;

  if (templ == gst_element_class_get_pad_template (klass, "video_%u"))
    is_video = TRUE;
  else if (templ == gst_element_class_get_pad_template (klass, "text_%u"))
    is_text = TRUE;
  else if (templ != gst_element_class_get_pad_template (klass, "audio_%u"))
    return NULL;

  GST_OBJECT_LOCK (mux);
  if (mux->header_written) {
    refusal = "the ASF header was already written";
  } else if (is_text) {
    /* every text pad feeds the one Command Media stream */
    if (req_name && !strchr (req_name, '%')) {
      if (gst_wmasf_mux_pad_name_taken (mux, req_name))
        refusal = "a pad of that name exists";
      else
        name = g_strdup (req_name);
    } else {
      do {
        g_free (name);
        name = g_strdup_printf ("text_%u", mux->n_text_names++);
      } while (gst_wmasf_mux_pad_name_taken (mux, name));
    }
  } else if (mux->next_stream_number > MAX_STREAM_NUMBER) {
    refusal = "ASF has no stream numbers left";
  } else if (req_name && !strchr (req_name, '%')) {
    if (gst_wmasf_mux_pad_name_taken (mux, req_name))
      refusal = "a pad of that name exists";
    else
      name = g_strdup (req_name);
  } else {
    do {
      g_free (name);
      name = is_video ? g_strdup_printf ("video_%u", mux->n_video_names++) :
          g_strdup_printf ("audio_%u", mux->n_audio_names++);
    } while (gst_wmasf_mux_pad_name_taken (mux, name));
  }
  if (refusal == NULL && !is_text)
    number = mux->next_stream_number++;
  GST_OBJECT_UNLOCK (mux);

  if (refusal) {
    GST_ELEMENT_WARNING (mux, STREAM, MUX,
        ("Cannot add a stream to the ASF muxer: %s.", refusal),
        ("refused to make pad '%s'", req_name ? req_name :
            GST_PAD_TEMPLATE_NAME_TEMPLATE (templ)));
    return NULL;
  }

  pad = g_object_new (GST_TYPE_WMASF_MUX_PAD, "name", name, "direction",
      GST_PAD_TEMPLATE_DIRECTION (templ), "template", templ, NULL);
  pad->stream_number = number;
  pad->is_video = is_video;
  pad->is_text = is_text;
  g_free (name);
  gst_pad_add_probe (GST_PAD (pad), GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      gst_wmasf_mux_pad_event_probe, NULL, NULL);

  GST_DEBUG_OBJECT (pad, "ASF stream number %u", number);
  return GST_AGGREGATOR_PAD (pad);
}

/* An EOS that reached the pad, even while queued behind buffers the
 * muxer cannot take yet. */
gboolean
gst_wmasf_mux_pad_ended (GstWmAsfMuxPad * pad)
{
  return g_atomic_int_get (&pad->eos_arrived)
      || gst_aggregator_pad_is_eos (GST_AGGREGATOR_PAD (pad));
}

/* Caps that reached the pad count before the aggregate thread reads them:
 * only a pad that never got any is waited for, or named. */
static gboolean
gst_wmasf_mux_pad_got_caps (GstWmAsfMuxPad * pad)
{
  return pad->has_caps || g_atomic_int_get (&pad->caps_arrived);
}

/* Names of the pads without caps, comma-separated; NULL when every pad
 * has caps. With the object lock. */
static gchar *
gst_wmasf_mux_pads_without_caps (GstWmAsfMux * mux, gboolean only_waiting)
{
  GString *names = NULL;
  GList *l;

  for (l = GST_ELEMENT_CAST (mux)->sinkpads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;

    if (pad->is_text || gst_wmasf_mux_pad_got_caps (pad) || (only_waiting
            && gst_wmasf_mux_pad_ended (pad)))
      continue;
    if (names == NULL)
      names = g_string_new (GST_PAD_NAME (pad));
    else
      g_string_append_printf (names, ", %s", GST_PAD_NAME (pad));
  }
  return names ? g_string_free (names, FALSE) : NULL;
}

static void
gst_wmasf_mux_error_no_caps (GstWmAsfMux * mux, const gchar * names,
    const gchar * reason)
{
  GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
      ("Pad %s got no caps: its stream cannot be described in the ASF "
          "header (did its link fail?).", names), ("%s", reason));
}

static gboolean
gst_wmasf_mux_caps_timeout_cb (GstClock * clock, GstClockTime time,
    GstClockID id, gpointer user_data)
{
  GstWmAsfMux *mux = user_data;
  gchar *names = NULL;

  GST_OBJECT_LOCK (mux);
  if (mux->caps_timeout == id && !mux->header_written) {
    names = gst_wmasf_mux_pads_without_caps (mux, TRUE);
    mux->caps_timed_out = names != NULL;
  }
  GST_OBJECT_UNLOCK (mux);

  if (names) {
    gst_wmasf_mux_error_no_caps (mux, names, "another pad got caps 10 s "
        "before, or every pad with caps ended 1 s before");
    g_free (names);
  }
  return TRUE;
}

void
gst_wmasf_mux_cancel_caps_timeout (GstWmAsfMux * mux)
{
  GstClockID id;

  GST_OBJECT_LOCK (mux);
  id = mux->caps_timeout;
  mux->caps_timeout = NULL;
  GST_OBJECT_UNLOCK (mux);
  if (id) {
    gst_clock_id_unschedule (id);
    gst_clock_id_unref (id);
  }
}

/* Once a pad has caps and another has none, the latter has @timeout to
 * get them; the system clock is used as the pipeline may not run yet. A
 * shorter @timeout replaces a pending longer one. */
void
gst_wmasf_mux_arm_caps_timeout (GstWmAsfMux * mux, GstClockTime timeout)
{
  GstClock *clock;
  GstClockID id, old = NULL;
  GstClockTime deadline;
  gchar *waiting;

  clock = gst_system_clock_obtain ();
  deadline = gst_clock_get_time (clock) + timeout;
  GST_OBJECT_LOCK (mux);
  waiting = gst_wmasf_mux_pads_without_caps (mux, FALSE);
  if (waiting == NULL || mux->header_written || mux->caps_timed_out
      || (mux->caps_timeout
          && gst_clock_id_get_time (mux->caps_timeout) <= deadline)) {
    GST_OBJECT_UNLOCK (mux);
    gst_object_unref (clock);
    g_free (waiting);
    return;
  }
  old = mux->caps_timeout;
  id = gst_clock_new_single_shot_id (clock, deadline);
  mux->caps_timeout = id;
  gst_clock_id_wait_async (id, gst_wmasf_mux_caps_timeout_cb,
      gst_object_ref (mux), gst_object_unref);
  GST_OBJECT_UNLOCK (mux);
  gst_object_unref (clock);
  if (old) {
    gst_clock_id_unschedule (old);
    gst_clock_id_unref (old);
  }

  GST_DEBUG_OBJECT (mux, "waiting %" GST_TIME_FORMAT " for caps on %s",
      GST_TIME_ARGS (timeout), waiting);
  g_free (waiting);
}

/* After an EOS: once every pad with caps has ended (its EOS may still be
 * queued), the pads without caps get EOS_CAPS_TIMEOUT: a slower branch may
 * still bring its caps, a dead one is named soon. */
void
gst_wmasf_mux_check_ended_without_caps (GstWmAsfMux * mux)
{
  gboolean any_caps = FALSE, all_described_ended = TRUE;
  GList *l;

  GST_OBJECT_LOCK (mux);
  for (l = GST_ELEMENT_CAST (mux)->sinkpads; l; l = l->next) {
    GstWmAsfMuxPad *pad = l->data;

    if (pad->is_text || !gst_wmasf_mux_pad_got_caps (pad))
      continue;
    any_caps = TRUE;
    if (!gst_wmasf_mux_pad_ended (pad))
      all_described_ended = FALSE;
  }
  GST_OBJECT_UNLOCK (mux);

  if (any_caps && all_described_ended)
    gst_wmasf_mux_arm_caps_timeout (mux, EOS_CAPS_TIMEOUT);
}

gboolean
gst_wmasf_mux_handle_caps (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstCaps * caps)
{
  WmAsfStreamInfo info;
  gchar *why = NULL;

  if (pad->is_text) {
    const gchar *format = gst_structure_get_string (gst_caps_get_structure
        (caps, 0), "format");

    pad->markup = g_strcmp0 (format, "pango-markup") == 0;
    GST_OBJECT_LOCK (mux);
    pad->has_caps = TRUE;
    GST_OBJECT_UNLOCK (mux);
    return TRUE;
  }

  if (!wmasf_codec_from_caps (caps, pad->is_video, &info, &why)) {
    wmasf_stream_info_clear (&info);
    GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
        ("Pad %s got caps the ASF muxer cannot describe: %s.",
            GST_PAD_NAME (pad), why), ("caps %" GST_PTR_FORMAT, caps));
    g_free (why);
    return FALSE;
  }
  info.number = pad->stream_number;

  if (pad->in_header) {
    gboolean same = wmasf_stream_info_same_format (&pad->info, &info);

    wmasf_stream_info_clear (&info);
    if (!same) {
      GST_ELEMENT_ERROR (mux, STREAM, FORMAT,
          ("The stream on pad %s changed format after the ASF header was "
              "written.", GST_PAD_NAME (pad)),
          ("an ASF stream cannot change its description; new caps %"
              GST_PTR_FORMAT, caps));
      return FALSE;
    }
    GST_DEBUG_OBJECT (pad, "caps keep the stream's description");
    return TRUE;
  }

  GST_DEBUG_OBJECT (pad, "caps %" GST_PTR_FORMAT, caps);
  wmasf_stream_info_clear (&pad->info);
  pad->info = info;
  g_clear_pointer (&pad->h264_sets, g_bytes_unref);
  if (info.fourcc == WMASF_FOURCC_H264 && info.codec_data)
    pad->h264_sets = g_bytes_ref (info.codec_data);
  GST_OBJECT_LOCK (mux);
  pad->has_caps = TRUE;
  GST_OBJECT_UNLOCK (mux);
  gst_wmasf_mux_arm_caps_timeout (mux, CAPS_TIMEOUT);
  return TRUE;
}

void
gst_wmasf_mux_handle_tags (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstTagList * tags)
{
  static const gchar *const bitrate_tags[] = { GST_TAG_BITRATE,
    GST_TAG_NOMINAL_BITRATE, GST_TAG_MAXIMUM_BITRATE
  };
  guint i, bitrate;

  /* content tags for the Content Description objects, whatever the scope:
   * taginject sends stream tags, asfdemux global ones */
  GST_OBJECT_LOCK (mux);
  if (mux->event_tags == NULL)
    mux->event_tags = gst_tag_list_new_empty ();
  gst_tag_list_insert (mux->event_tags, tags, GST_TAG_MERGE_REPLACE);
  mux->tags_changed = mux->header_written;
  GST_OBJECT_UNLOCK (mux);

  for (i = 0; i < G_N_ELEMENTS (bitrate_tags); i++) {
    if (gst_tag_list_get_uint (tags, bitrate_tags[i], &bitrate)
        && bitrate > 0) {
      GST_DEBUG_OBJECT (pad, "%s tag: %u", bitrate_tags[i], bitrate);
      pad->tag_bitrate = bitrate;
      return;
    }
  }
}

/* Media Foundation's H.264 decoder starts at a key frame carrying its
 * SPS and PPS: those of the caps, else the last the stream carried, go in
 * front of key frames without. NULL when @buf needs none. */
GstBuffer *
gst_wmasf_mux_h264_add_parameter_sets (GstWmAsfMuxPad * pad, GstBuffer * buf)
{
  GstMapInfo map;
  GBytes *found = NULL;
  gboolean has_sps = FALSE;
  const guint8 *sets;
  gsize size;
  GstBuffer *out;

  if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
    has_sps = wmasf_codec_h264_has_sps (map.data, map.size);
    if (has_sps && pad->info.codec_data == NULL)
      found = wmasf_codec_h264_parameter_sets (map.data, map.size);
    gst_buffer_unmap (buf, &map);
  }
  if (found) {
    g_clear_pointer (&pad->h264_sets, g_bytes_unref);
    pad->h264_sets = found;
  }
  if (has_sps || pad->h264_sets == NULL)
    return NULL;
  sets = g_bytes_get_data (pad->h264_sets, &size);
  out = gst_buffer_new_memdup (sets, size);
  gst_buffer_copy_into (out, buf, GST_BUFFER_COPY_METADATA, 0, -1);
  return gst_buffer_append (out, gst_buffer_ref (buf));
}
