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

/* gstwmasfmuxpriv: what the files of the wmasfmux element share and no
 * other code sees: the element's and its pads' instance structs, the
 * defaults and limits several of them use, the debug category, and the
 * functions one file gives the others. gstwmasfmux.c owns the element
 * (properties, aggregator vfuncs, scheduling, packets);
 * gstwmasfmuxpad.c the GstWmAsfMuxPad class, pad requests, caps and the
 * wait for them; gstwmasfmuxheader.c the header built from the pads;
 * gstwmasfmuxfile.c the not-live file mode (index, header rewritten at
 * EOS); gstwmasfmuxscript.c script commands and tag updates. */

#ifndef __GST_WMASF_MUX_PRIV_H__
#define __GST_WMASF_MUX_PRIV_H__

#include <gst/gst.h>
#include <gst/tag/tag.h>

#include "gstwmasfmux.h"
#include <gst/wmasf/asfobjects.h>
#include <gst/wmasf/asfcodecs.h>
#include <gst/wmasf/asfpacket.h>
#include <gst/wmasf/asfmetadata.h>
#include <gst/wmasf/asfindex.h>
#include <gst/wmasf/gstwmasfmuxpads.h>

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_wmasf_mux_debug);
#define GST_CAT_DEFAULT gst_wmasf_mux_debug

#define MAX_STREAM_NUMBER 127

/* Room a file-mode header keeps (a Padding Object) for what the header
 * rewritten at EOS adds: tags that came late, the Script Command Object
 * (docs/design.md, D33). */
#define FILE_HEADER_RESERVE 16384

/* A pad that has no caps this long after another pad got its caps ends the
 * stream with an error naming it: its link failed or its branch died, and
 * waiting for it would leave the broadcast silent (docs/design.md, D21). */
#define CAPS_TIMEOUT (10 * GST_SECOND)

/* Before the header, streams whose bitrate only their frames tell (MP3,
 * MP2, AC-3 without a bitrate in the caps) are read for this long, so a
 * VBR stream gets its average, not its first frame's rate. */
#define BITRATE_MEASURE_TIME (GST_SECOND)

/* What a tag change after the header becomes (docs/design.md, D32) */
typedef enum
{
  GST_WMASF_MUX_TAG_UPDATES_SCRIPT,
  GST_WMASF_MUX_TAG_UPDATES_HEADER,
} GstWmAsfMuxTagUpdates;

#define GST_TYPE_WMASF_MUX_TAG_UPDATES (gst_wmasf_mux_tag_updates_get_type ())
GType gst_wmasf_mux_tag_updates_get_type (void);

struct _GstWmAsfMuxPad
{
  GstAggregatorPad parent;

  /* set when the pad is made */
  guint stream_number;          /* 0 for a text pad */
  gboolean is_video;
  gboolean is_text;             /* its buffers become CAPTION commands */
  gboolean markup;              /* text: pango-markup, else utf8 */

  /* pad's object lock; read when the header is built (docs/design.md, D35) */
  guint mutex_group;

  /* aggregate thread, where serialized events are handled too */
  gboolean has_caps;            /* also written with the element's lock */
  gint eos_arrived;             /* atomic: EOS reached the pad, maybe queued */
  gint caps_arrived;            /* atomic: caps reached the pad, maybe queued */
  WmAsfStreamInfo info;         /* from the caps; bitrate 0 when absent */
  guint32 tag_bitrate;
  gboolean in_header;
  guint8 next_object_number;
  GQueue held;                  /* buffers taken before the header */
  GBytes *h264_sets;            /* H.264 SPS/PPS: the caps', else the stream's */
  GstClockTime held_first, held_last;
  /* the send time of the last buffer muxed, NONE before one and after a
   * flush: where a pad waiting for data stands (D55) */
  GstClockTime last_send;
  /* frame-header bitrates seen before the header (MP3, MP2, AC-3) */
  guint64 frame_bitrate_sum;
  guint n_frame_bitrates;
  /* bytes and duration held, for codecs without frame-header bitrates */
  guint64 held_bytes;
  GstClockTime held_duration;
  guint64 measured_bytes, last_measured_size;
  GstClockTime measured_first, measured_last;
  guint32 min_frame_bitrate, max_frame_bitrate;
};

struct _GstWmAsfMux
{
  GstAggregator parent;

  /* object lock */
  guint packet_size;
  guint64 preroll;
  gboolean header_written;      /* also read by pad requests and setters */
  guint next_stream_number;
  guint n_video_names, n_audio_names;
  GstClockID caps_timeout;      /* pending while a pad has no caps */
  gboolean caps_timed_out;
  GstWmAsfMuxStreamable streamable;
  gboolean script_stream;
  GstWmAsfMuxTagUpdates tag_updates;
  guint n_text_names;
  GstTagList *event_tags;       /* merged from upstream tag events */
  gboolean tags_changed;        /* after the header */
  GQueue pending_scripts;       /* WmAsfScript from send-script */
  GstClockTime last_time;       /* latest running time muxed */

  /* aggregate thread */
  gboolean have_video;
  WmAsfPacketizer *packetizer;
  gboolean liveness_checked;
  gboolean own_latency;         /* we set the non-live queueing latency */
  gboolean live;

  /* aggregate thread, once the header is written */
  guint command_stream;         /* 0: none declared */
  guint8 next_command_object;
  GArray *scripts;              /* WmAsfScript, for the file header */
  gsize scripts_bytes;
  gchar *last_now_playing;
  GstClockTime play_end;        /* latest presentation end, running time */

  /* file mode (docs/design.md, D33) */
  gboolean file_mode;
  GArray *header_streams;       /* WmAsfStreamInfo of the first header */
  WmAsfGuid file_id;
  gsize header_size;            /* first header, Data Object header included */
  guint64 creation_date;
  WmAsfFileIndex index;
  GQueue key_times;             /* presentation times of sync objects added */
};

/* the interleaving and send time: DTS, else PTS */
static inline GstClockTime
buffer_send_time (GstBuffer * buf)
{
  return GST_BUFFER_DTS_IS_VALID (buf) ? GST_BUFFER_DTS (buf) :
      GST_BUFFER_PTS (buf);
}

/* gstwmasfmuxpad.c */
void gst_wmasf_mux_pad_reset (GstWmAsfMuxPad * pad);
gboolean gst_wmasf_mux_pad_measuring (GstWmAsfMuxPad * pad);
guint32 gst_wmasf_mux_pad_bitrate (GstWmAsfMuxPad * pad,
    guint32 * max_bitrate);
gboolean gst_wmasf_mux_pad_ended (GstWmAsfMuxPad * pad);
GstAggregatorPad *gst_wmasf_mux_create_new_pad (GstAggregator * agg,
    GstPadTemplate * templ, const gchar * req_name, const GstCaps * caps);
void gst_wmasf_mux_cancel_caps_timeout (GstWmAsfMux * mux);
void gst_wmasf_mux_arm_caps_timeout (GstWmAsfMux * mux, GstClockTime timeout);
void gst_wmasf_mux_check_ended_without_caps (GstWmAsfMux * mux);
gboolean gst_wmasf_mux_handle_caps (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstCaps * caps);
void gst_wmasf_mux_handle_tags (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstTagList * tags);
GstBuffer *gst_wmasf_mux_h264_add_parameter_sets (GstWmAsfMuxPad * pad,
    GstBuffer * buf);

/* gstwmasfmux.c */
GstFlowReturn gst_wmasf_mux_drain (GstWmAsfMux * mux);
gboolean gst_wmasf_mux_all_pads_described (GList * pads);
gboolean gst_wmasf_mux_check_spread (GstWmAsfMux * mux, GList * pads,
    const GstClockTime * times);
gboolean gst_wmasf_mux_check_timestamp (GstWmAsfMux * mux,
    GstWmAsfMuxPad * pad, GstClockTime t);
GstFlowReturn gst_wmasf_mux_push_packets (GstWmAsfMux * mux,
    GQueue * packets);

/* gstwmasfmuxheader.c */
void gst_wmasf_mux_header_desc_again (GstWmAsfMux * mux,
    WmAsfHeaderDesc * info);
GstTagList *gst_wmasf_mux_get_tags (GstWmAsfMux * mux);
GstFlowReturn gst_wmasf_mux_new_header (GstWmAsfMux * mux);
GstFlowReturn gst_wmasf_mux_try_header (GstWmAsfMux * mux, GList * pads);

/* gstwmasfmuxfile.c */
GstBuffer *gst_wmasf_mux_file_first_header (GstWmAsfMux * mux,
    WmAsfHeaderDesc * info, GstBuffer * header);
void gst_wmasf_mux_file_add_packet (GstWmAsfMux * mux, GstBuffer * buf);
gboolean gst_wmasf_mux_downstream_seekable (GstWmAsfMux * mux);
GstFlowReturn gst_wmasf_mux_finish_file (GstWmAsfMux * mux);

/* gstwmasfmuxscript.c */
void gst_wmasf_mux_script_free (gpointer data);
gchar *gst_wmasf_mux_now_playing (const GstTagList * tags);
GstFlowReturn gst_wmasf_mux_mux_text (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstBuffer * buf);
GstFlowReturn gst_wmasf_mux_send_pending (GstWmAsfMux * mux);
gboolean gst_wmasf_mux_send_script (GstWmAsfMux * mux, const gchar * type,
    const gchar * command);

G_END_DECLS

#endif /* __GST_WMASF_MUX_PRIV_H__ */
