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

/* asfguids: the ASF GUID table, once for the whole module (both plugins
 * and their tests' library code), and the fixed sizes and limits of the
 * ASF spec its readers and writers share. Owns every GUID value (ASF spec
 * rev 01.20.03 section 10; each with the section of the object or type it
 * names), their stored byte order (LE32, LE16, LE16, 8 bytes) and the
 * comparison of stored bytes with one. Values cross-checked against
 * FFmpeg's libavformat/asf_tags.c and gst-plugins-bad's asfmux. No
 * element code, no state. */

#ifndef __WMASF_GUIDS_H__
#define __WMASF_GUIDS_H__

#include <gst/gst.h>

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
/* every object starts with its GUID and its QWORD size (ASF spec 3.1) */
#define WMASF_OBJECT_HEADER_SIZE 24

/* Sizes fixed by the ASF spec, in bytes. */
#define WMASF_HEADER_OBJECT_FIXED_SIZE 30       /* + object count, reserved */
#define WMASF_FILE_PROPERTIES_SIZE 104  /* 3.2 */
#define WMASF_HEADER_EXTENSION_SIZE 46  /* 3.4, before its objects */
#define WMASF_DATA_OBJECT_HEADER_SIZE 50        /* 5.1, before its packets */
/* a multiple-payloads packet has at most 63 (6-bit payload count, 5.2.3) */
#define WMASF_MAX_PAYLOADS 63

/* What a framed MS-WMSP $H or $D chunk can carry (docs/design.md, D8):
 * the Header Object plus the Data Object header, or one packet. */
#define WMASF_MAX_HEADER_SIZE 65527
#define WMASF_MAX_PACKET_SIZE 65527

/* top-level objects */
extern const WmAsfGuid wmasf_guid_header_object;        /* 3.1 */
extern const WmAsfGuid wmasf_guid_data_object;  /* 5.1 */
extern const WmAsfGuid wmasf_guid_simple_index; /* 6.1 */
/* Header Object children */
extern const WmAsfGuid wmasf_guid_file_properties;      /* 3.2 */
extern const WmAsfGuid wmasf_guid_stream_properties;    /* 3.3 */
extern const WmAsfGuid wmasf_guid_header_extension;     /* 3.4 */
extern const WmAsfGuid wmasf_guid_bitrate_mutual_exclusion;     /* 3.8 */
extern const WmAsfGuid wmasf_guid_content_description;  /* 3.10 */
extern const WmAsfGuid wmasf_guid_extended_content_description; /* 3.11 */
extern const WmAsfGuid wmasf_guid_stream_bitrate_properties;    /* 3.12 */
extern const WmAsfGuid wmasf_guid_script_command;       /* 3.15 */
extern const WmAsfGuid wmasf_guid_codec_list;   /* 3.16 */
extern const WmAsfGuid wmasf_guid_padding;      /* 3.18 */
/* Header Extension Object children */
extern const WmAsfGuid wmasf_guid_extended_stream_properties;   /* 4.1 */
extern const WmAsfGuid wmasf_guid_advanced_mutual_exclusion;    /* 4.3 */
extern const WmAsfGuid wmasf_guid_metadata;     /* 4.7 */
/* Stream Properties' Stream Type and Error Correction Type (3.3) */
extern const WmAsfGuid wmasf_guid_audio_media;
extern const WmAsfGuid wmasf_guid_video_media;
extern const WmAsfGuid wmasf_guid_command_media;
extern const WmAsfGuid wmasf_guid_no_error_correction;
/* a Mutual Exclusion Object's Exclusion Type (3.8, 4.3) */
extern const WmAsfGuid wmasf_guid_mutex_bitrate;
/* the fixed Reserved fields of the Header Extension (3.4), Codec List
 * (3.16) and Script Command (3.15) Objects */
extern const WmAsfGuid wmasf_guid_reserved_1;
extern const WmAsfGuid wmasf_guid_reserved_2;
extern const WmAsfGuid wmasf_guid_reserved_3;

/**
 * wmasf_guid_equal:
 * @p: at least %WMASF_GUID_SIZE bytes, a GUID as stored
 * @guid: a GUID of the table
 *
 * Returns: %TRUE when @p holds @guid.
 */
gboolean wmasf_guid_equal (const guint8 * p, const WmAsfGuid * guid);

/* @guid in its stored byte order into @out (%WMASF_GUID_SIZE bytes) */
void wmasf_guid_to_bytes (const WmAsfGuid * guid, guint8 * out);

/* a version 4 (random) GUID, as Windows makes for File IDs */
void wmasf_guid_random (WmAsfGuid * guid);

G_END_DECLS

#endif /* __WMASF_GUIDS_H__ */
