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

/* asfobjects: the ASF GUIDs and the writer of a live-broadcast ASF header
 * (Header Object with its children, then the 50-byte Data Object header),
 * from a plain description of the streams. Owns the byte layout of ASF spec
 * sections 3 and 5.1; knows nothing of pads, caps or GstAggregator. */

#ifndef __WMASF_OBJECTS_H__
#define __WMASF_OBJECTS_H__

#include <gst/gst.h>
#include <gst/base/gstbytewriter.h>

G_BEGIN_DECLS

/* A GUID as the ASF spec prints it; stored as LE32, LE16, LE16, 8 bytes. */
typedef struct
{
  guint32 data1;
  guint16 data2;
  guint16 data3;
  guint8 data4[8];
} WmAsfGuid;

#define WMASF_GUID_SIZE 16

extern const WmAsfGuid wmasf_guid_header_object;
extern const WmAsfGuid wmasf_guid_data_object;
extern const WmAsfGuid wmasf_guid_file_properties;
extern const WmAsfGuid wmasf_guid_stream_properties;
extern const WmAsfGuid wmasf_guid_header_extension;
extern const WmAsfGuid wmasf_guid_extended_stream_properties;
extern const WmAsfGuid wmasf_guid_metadata;
extern const WmAsfGuid wmasf_guid_codec_list;
extern const WmAsfGuid wmasf_guid_stream_bitrate_properties;
extern const WmAsfGuid wmasf_guid_audio_media;
extern const WmAsfGuid wmasf_guid_video_media;
extern const WmAsfGuid wmasf_guid_no_error_correction;
extern const WmAsfGuid wmasf_guid_reserved_1;
extern const WmAsfGuid wmasf_guid_reserved_2;
extern const WmAsfGuid wmasf_guid_command_media;
extern const WmAsfGuid wmasf_guid_padding;
extern const WmAsfGuid wmasf_guid_bitrate_mutual_exclusion;
extern const WmAsfGuid wmasf_guid_mutex_bitrate;

/* Sizes fixed by the ASF spec. */
#define WMASF_HEADER_OBJECT_FIXED_SIZE 30
#define WMASF_FILE_PROPERTIES_SIZE 104
#define WMASF_HEADER_EXTENSION_SIZE 46
#define WMASF_DATA_OBJECT_HEADER_SIZE 50
/* What a framed MS-WMSP $H chunk can carry (docs/design.md, D8). */
#define WMASF_MAX_HEADER_SIZE 65527

void wmasf_guid_random (WmAsfGuid * guid);

/* for the other object writers of the muxer; no bound checks */
void wmasf_put_guid (GstByteWriter * bw, const WmAsfGuid * guid);
void wmasf_put_object_header (GstByteWriter * bw, const WmAsfGuid * guid,
    guint64 size);

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

typedef struct
{
  WmAsfGuid file_id;            /* File Properties and Data Object */
  guint32 packet_size;          /* Min = Max Data Packet Size */
  guint64 preroll_ms;
  guint n_streams;
  const WmAsfStreamInfo *streams;

  /* metadata, may be NULL / 0 */
  const GstTagList *tags;
  guint n_scripts;
  const struct _WmAsfScript *scripts;

  /* file mode's final header; all 0 for the broadcast layout */
  gboolean seekable;            /* Seekable flag instead of Broadcast */
  guint64 file_size;            /* bytes */
  guint64 creation_date;        /* FILETIME: 100 ns since 1601 */
  guint64 data_packets;
  guint64 play_duration;        /* 100 ns, preroll included */
  guint64 send_duration;        /* 100 ns */
  guint32 max_bitrate;          /* 0: the sum of the streams' bitrates */

  /* a Padding Object makes the header (with the Data Object header) this
   * many bytes; 0 = no padding */
  gsize pad_to;
} WmAsfHeaderInfo;

guint32 wmasf_header_max_bitrate (const WmAsfHeaderInfo * info);

GstBuffer *wmasf_header_build (const WmAsfHeaderInfo * info);

G_END_DECLS

#endif /* __WMASF_OBJECTS_H__ */
