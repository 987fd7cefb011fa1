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

/* asfcodecs: the codec mapping of wmasfmux. Owns the description of one
 * stream as an ASF header gives it (WmAsfStreamInfo), which GStreamer caps
 * become which BITMAPINFOHEADER FOURCC or WAVEFORMATEX format tag, the
 * checks of their codec data, the format-specific bytes appended to
 * WAVEFORMATEX (MPEGLAYER3WAVEFORMAT, MPEG1WAVEFORMAT, WAVEFORMATEXTENSIBLE),
 * the Codec List names, and what is read from the bitstream (MPEG audio
 * frame headers for bitrates, H.264 parameter sets). Knows nothing of pads
 * or GstAggregator; docs/design.md, D20, gives its sources. */

#ifndef __WMASF_CODECS_H__
#define __WMASF_CODECS_H__

#include <gst/gst.h>

#include "asfguids.h"

G_BEGIN_DECLS

/* One stream as the header describes it. */
typedef struct
{
  guint number;                 /* 1..127 */
  gboolean is_video;
  gboolean is_command;          /* script commands: no format, no codec */
  guint32 bitrate;              /* bits per second, never 0 */
  guint32 max_bitrate;          /* peak of a VBR stream, else 0 */

  /* audio: WAVEFORMATEX */
  guint16 format_tag;
  guint16 channels;
  guint32 rate;
  guint16 block_align;
  guint16 bits_per_sample;

  /* video: BITMAPINFOHEADER */
  guint32 width;
  guint32 height;
  guint32 fourcc;               /* GST_MAKE_FOURCC order, e.g. WMV2 */
  gint fps_n, fps_d;            /* 0/0 when unknown */
  gint par_n, par_d;            /* pixel aspect ratio, 0/0 when unknown */

  /* 0: none; streams sharing a non-zero value are bit-rate alternatives,
   * one Bitrate Mutual Exclusion Object per value (ASF spec 3.8); the
   * caller checks that a group has two streams or more of one type */
  guint mutex_group;

  /* appended to WAVEFORMATEX / BITMAPINFOHEADER, may be NULL */
  GBytes *codec_data;
} WmAsfStreamInfo;

void wmasf_stream_info_clear (WmAsfStreamInfo * info);
void wmasf_stream_info_copy (WmAsfStreamInfo * dest,
    const WmAsfStreamInfo * src);
gboolean wmasf_stream_info_same_format (const WmAsfStreamInfo * a,
    const WmAsfStreamInfo * b);

/* WAVEFORMATEX format tags (mmreg.h) */
#define WMASF_WAVE_FORMAT_PCM 0x0001
#define WMASF_WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WMASF_WAVE_FORMAT_WMAVOICE 0x000A
#define WMASF_WAVE_FORMAT_MPEG 0x0050
#define WMASF_WAVE_FORMAT_MPEGLAYER3 0x0055
#define WMASF_WAVE_FORMAT_RAW_AAC1 0x00FF
#define WMASF_WAVE_FORMAT_WMAUDIO1 0x0160
#define WMASF_WAVE_FORMAT_WMAUDIO2 0x0161
#define WMASF_WAVE_FORMAT_WMAUDIO3 0x0162
#define WMASF_WAVE_FORMAT_WMAUDIO_LOSSLESS 0x0163
#define WMASF_WAVE_FORMAT_DOLBY_AC3 0x2000
#define WMASF_WAVE_FORMAT_EXTENSIBLE 0xFFFE

#define WMASF_FOURCC_H264 GST_MAKE_FOURCC ('H', '2', '6', '4')

gboolean wmasf_codec_from_caps (const GstCaps * caps, gboolean is_video,
    WmAsfStreamInfo * info, gchar ** why);

gboolean wmasf_codec_bitrate_in_stream (const WmAsfStreamInfo * info);

guint32 wmasf_codec_frame_bitrate (const WmAsfStreamInfo * info,
    const guint8 * data, gsize size);

void wmasf_codec_finish (WmAsfStreamInfo * info);

const gchar *wmasf_codec_name (const WmAsfStreamInfo * info);

gboolean wmasf_codec_h264_has_sps (const guint8 * data, gsize size);

GBytes *wmasf_codec_h264_parameter_sets (const guint8 * data, gsize size);

G_END_DECLS

#endif /* __WMASF_CODECS_H__ */
