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

/* gstwmasfmuxpads: what wmasfmux takes, in one place: the caps of its
 * request pads and the range and default of its packet-size and preroll.
 * wmnetsink (plugin wmnet), a bin around wmasfmux, includes this header for
 * its own request pads and forwarded properties, so the two cannot drift;
 * it lives in the ASF library so that neither plugin reaches into the
 * other's folder. The pads' one property, mutual-exclusion-group, is made
 * here for both (gstwmasfmuxpads.c). */

#ifndef __GST_WMASF_MUX_PADS_H__
#define __GST_WMASF_MUX_PADS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* What asfdemux gives for each FOURCC / format tag wmasfmux writes, so a
 * demuxed Windows Media file re-muxes unchanged; the codec data each needs
 * is checked when the caps arrive (docs/design.md, D20). */
#define GST_WMASF_MUX_VIDEO_CAPS \
  "video/x-wmv, wmvversion = (int) [ 1, 3 ], " \
  "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]; " \
  "video/x-msmpeg, msmpegversion = (int) { 41, 42, 43 }, " \
  "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]; " \
  "video/mpeg, mpegversion = (int) 4, systemstream = (boolean) false, " \
  "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]; " \
  "video/x-h264, stream-format = (string) byte-stream, " \
  "alignment = (string) au, " \
  "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]; " \
  "video/x-h264, stream-format = (string) byte-stream, " \
  "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]"

#define GST_WMASF_MUX_AUDIO_CAPS \
  "audio/x-wma, wmaversion = (int) [ 1, 4 ], " \
  "rate = (int) [ 1, MAX ], channels = (int) [ 1, 8 ], " \
  "block_align = (int) [ 1, 65535 ]; " \
  "audio/x-wms, rate = (int) [ 1, MAX ], channels = (int) [ 1, 2 ], " \
  "block_align = (int) [ 1, 65535 ]; " \
  "audio/mpeg, mpegversion = (int) 1, layer = (int) [ 2, 3 ], " \
  "rate = (int) [ 1, MAX ], channels = (int) [ 1, 2 ]; " \
  "audio/mpeg, mpegversion = (int) 4, stream-format = (string) raw, " \
  "rate = (int) [ 1, MAX ], channels = (int) [ 1, 8 ]; " \
  "audio/mpeg, mpegversion = (int) 4, " \
  "rate = (int) [ 1, MAX ], channels = (int) [ 1, 8 ]; " \
  "audio/x-ac3, rate = (int) [ 1, MAX ], channels = (int) [ 1, 6 ]; " \
  "audio/x-raw, format = (string) { S16LE, S24LE, S32LE, F32LE }, " \
  "layout = (string) interleaved, " \
  "rate = (int) [ 1, MAX ], channels = (int) [ 1, 8 ]"

/* ASF data packet size in bytes: File Properties Min/Max Data Packet Size
 * (ASF spec 3.2); at most 65,527 so that a packet fits one MS-WMSP $D. */
#define GST_WMASF_MUX_MIN_PACKET_SIZE 512
#define GST_WMASF_MUX_MAX_PACKET_SIZE 65527
#define GST_WMASF_MUX_DEFAULT_PACKET_SIZE 4096

/* File Properties Preroll, in milliseconds */
#define GST_WMASF_MUX_MAX_PREROLL 60000
#define GST_WMASF_MUX_DEFAULT_PREROLL 3000

/* The pad property "mutual-exclusion-group" (guint, 0 = none, default 0,
 * mutable in READY): pads of one media type sharing a non-zero value are
 * bit-rate alternatives, one Bitrate Mutual Exclusion Object each (ASF
 * spec 3.8, SDK IWMMutualExclusion). wmasfmux's pads own it; wmnetsink's
 * pads forward it to theirs. A new GParamSpec each call. */
GParamSpec *gst_wmasf_mux_param_spec_mutual_exclusion_group (void);

/* The property "streamable" (docs/design.md, D79): which layout the muxer
 * writes. The values of the boolean it was keep their meaning (FALSE a
 * file, TRUE the broadcast layout), and the enum also takes the nicks
 * "false" and "true", so streamable=true and streamable=false in a
 * gst-launch line and g_object_set (..., TRUE) still work. */
typedef enum
{
  GST_WMASF_MUX_STREAMABLE_FILE = 0,
  GST_WMASF_MUX_STREAMABLE_BROADCAST = 1,
  GST_WMASF_MUX_STREAMABLE_AUTO = 2,
} GstWmAsfMuxStreamable;

#define GST_WMASF_MUX_DEFAULT_STREAMABLE GST_WMASF_MUX_STREAMABLE_AUTO

/* Registered once per process, by whichever plugin asks first (both
 * link this library). */
GType gst_wmasf_mux_streamable_get_type (void);
#define GST_TYPE_WMASF_MUX_STREAMABLE (gst_wmasf_mux_streamable_get_type ())

G_END_DECLS

#endif /* __GST_WMASF_MUX_PADS_H__ */
