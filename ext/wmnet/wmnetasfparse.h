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

/* wmnetasfparse: reads the objects of ASF that is already muxed. Owns the
 * parsing of the ASF Header Object (ASF spec 3.1-3.4: packet size, File ID,
 * preroll and broadcast flag from File Properties, the stream table from
 * Stream Properties, also those embedded in Extended Stream Properties
 * inside the Header Extension), of the 50-byte Data Object header (5.1)
 * and the making of one when it is missing, and of data packet headers
 * (5.2: error correction, payload parsing information, single/multiple/
 * compressed payloads), which gives each packet's validity, key-ness and
 * send time, and where each payload lies (for wmnetasfcut). Works on whole objects in memory; cutting a byte stream into
 * them is wmnetasfstream's. Pure: GStreamer core types only, no state, no
 * threads; unit-tested directly.
 *
 * All multi-byte ASF fields are little-endian; sizes are in bytes; times
 * in milliseconds as ASF stores them. */

#ifndef __WMNET_ASF_PARSE_H__
#define __WMNET_ASF_PARSE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* What a framed MS-WMSP $H or $D chunk can carry (docs/design.md, D8):
 * the Header Object plus the Data Object header, or one packet. */
#define WMNET_ASF_MAX_HEADER_SIZE 65527
#define WMNET_ASF_MAX_PACKET_SIZE 65527
/* Smaller packets cannot hold a packet header and a payload header. */
#define WMNET_ASF_MIN_PACKET_SIZE 24
#define WMNET_ASF_DATA_HEADER_SIZE 50
/* An ASF GUID; the fixed part of the Header Object (GUID, size, object
 * count, two reserved bytes). */
#define WMNET_ASF_GUID_SIZE 16
#define WMNET_ASF_HEADER_OBJECT_FIXED_SIZE 30

#define WMNET_ASF_ERROR (wmnet_asf_error_quark ())
GQuark wmnet_asf_error_quark (void);

/**
 * WmnetAsfError:
 * @WMNET_ASF_ERROR_NOT_ASF: no Header Object where one must start, or
 *   none in the first %WMNET_ASF_MAX_LEADING_JUNK bytes of a stream
 *   (wmnetasfstream.h)
 * @WMNET_ASF_ERROR_CORRUPT: a Header Object that cannot be read (sizes
 *   out of bounds, no File Properties Object)
 * @WMNET_ASF_ERROR_TOO_LARGE: Header Object + Data Object header over
 *   %WMNET_ASF_MAX_HEADER_SIZE
 * @WMNET_ASF_ERROR_PACKET_SIZE: packet size outside
 *   %WMNET_ASF_MIN_PACKET_SIZE..%WMNET_ASF_MAX_PACKET_SIZE, or Minimum and
 *   Maximum Data Packet Size differ (packets are not fixed-size)
 */
typedef enum
{
  WMNET_ASF_ERROR_NOT_ASF,
  WMNET_ASF_ERROR_CORRUPT,
  WMNET_ASF_ERROR_TOO_LARGE,
  WMNET_ASF_ERROR_PACKET_SIZE,
} WmnetAsfError;

/* What a header says, as far as cutting packets and finding key packets
 * needs it. */
typedef struct
{
  guint32 packet_size;          /* Min = Max Data Packet Size */
  guint8 file_id[16];           /* File Properties' File ID, as stored */
  guint64 preroll_ms;
  /* where that QWORD is in the parsed bytes (wmnetsrc rewrites it) */
  gsize preroll_offset;
  gboolean broadcast;           /* File Properties flag bit 0 */
  gsize header_size;            /* bytes of the Header Object */
  /* the 50-byte Data Object header follows the Header Object in the
   * parsed bytes */
  gboolean has_data_header;
  /* Data Object's packet count when it is meaningful (not broadcast, and
   * its size agrees with the packet size); 0 = unknown, unbounded */
  guint64 data_packets;
  guint n_streams;
  gboolean has_video;
  /* bit n of stream_mask[n / 32]: stream number n is described; likewise
   * video_mask for streams of type ASF_Video_Media (numbers 1..127) */
  guint32 stream_mask[4];
  guint32 video_mask[4];
} WmnetAsfHeaderInfo;

/**
 * wmnet_asf_header_parse:
 * @data: bytes starting with the Header Object GUID
 * @size: how many; may go past the Header Object (the Data Object header,
 *   packets), which is then looked at for the Data Object GUID only
 * @info: (out caller-allocates): filled on success
 *
 * Reads a Header Object: what the streamheader of wmasfmux or asfmux
 * carries, with or without the Data Object header after it.
 *
 * Returns: %FALSE with @error (%WMNET_ASF_ERROR) when @data is no
 * complete, usable Header Object.
 */
gboolean wmnet_asf_header_parse (const guint8 * data, gsize size,
    WmnetAsfHeaderInfo * info, GError ** error);

/**
 * wmnet_asf_header_make:
 * @data: (array length=size): bytes wmnet_asf_header_parse() accepted
 * @info: what it said about them
 *
 * The header as MS-WMSP's $H carries it: the Header Object and the 50-byte
 * Data Object header. A Data Object header found in @data is kept as it
 * is; a missing one (a streamheader without it) is made: Data Object GUID,
 * size 50, the File ID of File Properties, 0 packets, reserved 0x0101.
 * Bytes after the Data Object header are left out.
 *
 * Returns: (transfer full): a new buffer flagged %GST_BUFFER_FLAG_HEADER
 */
GstBuffer *wmnet_asf_header_make (const guint8 * data, gsize size,
    const WmnetAsfHeaderInfo * info);

/* What one data packet says. */
typedef struct
{
  gboolean valid;               /* every field in bounds and plausible */
  gboolean key;                 /* starts a video key frame, or no video */
  guint32 send_time_ms;
  guint16 duration_ms;
  guint n_payloads;             /* compressed sub-payloads count one each */
} WmnetAsfPacketInfo;

/* Where one payload of a data packet lies (ASF spec 5.2.3.1-5.2.3.3):
 * offsets count from the packet's first byte. */
typedef struct
{
  guint8 stream;                /* stream number, 1..127 */
  gboolean key;                 /* bit 7 of the stream number byte */
  gboolean compressed;          /* replicated data length 1 (5.2.3.2) */
  guint32 object_number;        /* media object number */
  /* offset into the media object; a compressed payload's presentation
   * time */
  guint32 offset;
  guint32 replicated_length;
  guint32 header_offset;        /* the stream number byte */
  guint32 replicated_offset;    /* the replicated data */
  guint32 data_offset;          /* the payload data (after its length) */
  guint32 data_length;
  /* media objects: the sub-payloads of a compressed payload, else 1 */
  guint n_objects;
} WmnetAsfPayload;

/* A multiple-payloads packet has at most 63 (6-bit payload count). */
#define WMNET_ASF_MAX_PAYLOADS 63

/* One data packet taken apart (ASF spec 5.2.1, 5.2.2). */
typedef struct
{
  /* bytes of the error correction flags and data; 0 when absent */
  guint ecc_length;
  guint8 length_type_flags;
  guint8 property_flags;
  gboolean multiple;
  guint payload_length_type;    /* multiple: 1 BYTE, 2 WORD, 3 DWORD */
  guint32 send_time_ms;
  guint16 duration_ms;
  /* payloads end here: before the padding, or at an explicit Packet
   * Length shorter than the packet */
  gsize end;
  guint n_payloads;
  WmnetAsfPayload payloads[WMNET_ASF_MAX_PAYLOADS];
} WmnetAsfPacketLayout;

/**
 * wmnet_asf_packet_walk:
 * @info: the header the packet belongs to
 * @packet: (array length=size): one data packet
 * @size: its size, normally @info->packet_size (larger is an error)
 * @out: (out caller-allocates): the layout; only @out->n_payloads entries
 *   of @out->payloads are written
 *
 * Takes a packet apart with the checks of wmnet_asf_packet_parse(), which
 * is built on it.
 *
 * Returns: %FALSE when the packet does not parse. Never reads outside
 * @packet.
 */
gboolean wmnet_asf_packet_walk (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmnetAsfPacketLayout * out);

/**
 * wmnet_asf_packet_parse:
 * @info: the header the packet belongs to
 * @packet: (array length=size): one data packet
 * @size: its size, normally @info->packet_size (larger is an error)
 * @out: (out caller-allocates): what the packet says
 *
 * Checks every field against @size and against the header: payload stream
 * numbers must be described in the header (when it describes any),
 * replicated data lengths 0, 1 or at least 8, payloads within the packet
 * and before its padding.
 *
 * Returns: @out->valid. Never reads outside @packet.
 */
gboolean wmnet_asf_packet_parse (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmnetAsfPacketInfo * out);

/**
 * wmnet_asf_packet_is_key:
 *
 * Returns: %TRUE when @packet is valid and holds the start (offset into
 * media object 0, or a compressed payload) of a payload of a video stream
 * with the key-frame bit set, or when the header describes no video
 * stream; %FALSE for a corrupt packet.
 */
gboolean wmnet_asf_packet_is_key (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size);

/**
 * wmnet_asf_is_header_guid:
 * @p: at least %WMNET_ASF_GUID_SIZE bytes
 *
 * Returns: %TRUE when @p starts with the Header Object GUID.
 */
gboolean wmnet_asf_is_header_guid (const guint8 * p);

/**
 * wmnet_asf_header_complete:
 * @data: bytes starting with the Header Object GUID
 * @size: how many are there so far
 *
 * Whether wmnet_asf_header_parse() can decide on @data: the fixed part of
 * the Header Object is there and, when the Header Object's size is
 * plausible (%WMNET_ASF_HEADER_OBJECT_FIXED_SIZE up to what fits
 * %WMNET_ASF_MAX_HEADER_SIZE with the Data Object header), the whole
 * Header Object, the 16 bytes after it and, when those are the Data Object
 * GUID, the whole Data Object header. With an implausible size it is
 * %TRUE at once: the parse then fails.
 *
 * Returns: %FALSE when more bytes are needed.
 */
gboolean wmnet_asf_header_complete (const guint8 * data, gsize size);

G_END_DECLS

#endif /* __WMNET_ASF_PARSE_H__ */
