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

/* Hand-assembled ASF (ASF spec 3.1-3.4, 5.1, 5.2) for the tests of the
 * ASF reader and cutter: a Header Object with the streams asked for, with
 * or without the Data Object header after it; data packets with chosen
 * payloads; a whole stream of them with key frames at known packets. */

#ifndef __WMNET_ASF_BUILD_H__
#define __WMNET_ASF_BUILD_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 packet_size;
  guint32 max_packet_size;      /* 0: = packet_size */
  guint n_streams;
  guint numbers[4];
  gboolean video[4];
  /* the last stream is described only inside an Extended Stream
   * Properties Object of the Header Extension */
  gboolean last_in_extension;
  gboolean data_header;
  gboolean broadcast;
  guint64 data_packets;         /* written into the Data Object size */
  guint8 file_id;               /* every byte of the File ID */
  gsize pad_to;                 /* grow the header with an unknown object */
} HeaderSpec;

GByteArray *build_header (const HeaderSpec * h);

typedef struct
{
  guint8 stream;
  gboolean key;
  guint32 offset;
  guint16 len;
  gboolean compressed;          /* sub-payloads of 10 bytes */
} PayloadSpec;

/* The wmasfmux/VLC layout, multiple payloads; or a single payload. */
void build_packet (GByteArray * a, guint32 packet_size, const PayloadSpec * p,
    guint n, guint32 send_time, gboolean ecc);

/* Any layout of ASF spec 5.2. Length types: 0 absent, 1 BYTE, 2 WORD,
 * 3 DWORD. */
typedef struct
{
  guint32 packet_size;
  gboolean ecc;                 /* 82 00 00 */
  gboolean multiple;            /* else exactly one payload */
  guint payload_length_type;    /* multiple: 1..3 */
  guint padding_type;           /* 0: the payloads fill the packet */
  guint packet_length_type;     /* 0: fixed size, from the header */
  guint sequence_type;
  guint object_number_type;     /* property flags; 0x5D is 1, 3, 1 */
  guint offset_type;
  guint replicated_length_type;
  guint8 salt;                  /* varies the payload bytes */
} PacketSpec;

/* The layout of build_packet(), multiple payloads. */
PacketSpec default_packet_spec (guint32 packet_size);

/* Appends one packet; with padding_type 0 the last payload is grown to
 * fill it (its new length is written back to @p). Returns FALSE when the
 * payloads do not fit. */
gboolean build_packet_full (GByteArray * a, const PacketSpec * s,
    PayloadSpec * p, guint n, guint32 send_time);

#define V 1                     /* video stream number */
#define A 2                     /* audio stream number */

/* A stream of @n packets: video frames of 700 bytes with a key frame
 * every 8 frames, audio payloads between; *@keys[i] says whether packet i
 * starts a key frame. */
GByteArray *build_stream (const HeaderSpec * h, guint n, gboolean ** keys);

/* 512-byte packets, video stream V and audio stream A, the Data Object
 * header, broadcast. */
HeaderSpec default_spec (void);

/* default_spec() with three streams, multiple bit rate (ASF spec 3.12,
 * 3.13): video 1 at 300 kbit/s and video 3 at 1 Mbit/s are alternatives
 * (a Bitrate Mutual Exclusion group); audio 2 at 64 kbit/s is alone. */
GByteArray *build_mbr_header (void);

G_END_DECLS

#endif /* __WMNET_ASF_BUILD_H__ */
