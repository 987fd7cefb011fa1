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

/* asfcodecs: the codec mapping of wmasfmux. Owns which GStreamer caps
 * become which BITMAPINFOHEADER FOURCC or WAVEFORMATEX format tag, the
 * checks of their codec data, the format-specific bytes appended to
 * WAVEFORMATEX (MPEGLAYER3WAVEFORMAT, MPEG1WAVEFORMAT, WAVEFORMATEXTENSIBLE),
 * the Codec List names, and what is read from the bitstream (MPEG audio
 * frame headers for bitrates, H.264 parameter sets). Knows nothing of pads
 * or GstAggregator; docs/design.md, D20, gives its sources. */

#ifndef __WMASF_CODECS_H__
#define __WMASF_CODECS_H__

#include <gst/gst.h>

#include "asfobjects.h"

G_BEGIN_DECLS

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
