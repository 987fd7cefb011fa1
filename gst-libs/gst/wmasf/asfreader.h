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

/* asfreader: the one reader of ASF that is already muxed, for both
 * plugins. Owns the bounds-checked little-endian reader every ASF parse
 * here goes through (WmAsfReader, with the walk over a run of objects),
 * the header-info type (WmAsfHeaderInfo: what a Header Object says, as far
 * as cutting packets, finding key packets and serving them needs it), and
 * the parsing of the ASF Header Object (ASF spec 3.1-3.4: packet size,
 * File ID, preroll and broadcast flag from File Properties, the stream
 * table from Stream Properties, also those embedded in Extended Stream
 * Properties inside the Header Extension), of the 50-byte Data Object
 * header (5.1) and the making of one when it is missing, and of data
 * packet headers (5.2: error correction, payload parsing information,
 * single/multiple/compressed payloads), which gives each packet's
 * validity, key-ness and send time, and where each payload lies (for
 * ext/wmnet's wmnetasfcut). Works on whole objects in memory; cutting a
 * byte stream into them is ext/wmnet's wmnetasfstream. GUIDs are
 * asfguids'. Pure: GStreamer core types only, no state, no threads;
 * unit-tested in tests/check/libs/wmasfreader.c.
 *
 * All multi-byte ASF fields are little-endian; sizes are in bytes; times
 * in milliseconds as ASF stores them. */

#ifndef __WMASF_READER_H__
#define __WMASF_READER_H__

#include <gst/gst.h>

#include "asfguids.h"

G_BEGIN_DECLS

/* Smaller packets cannot hold a packet header and a payload header. */
#define WMASF_MIN_PACKET_SIZE 24

/* A bounds-checked little-endian reader over @size bytes at @data
 * (GstByteReader lives in libgstbase, which ext/wmnet's pure modules do
 * not link). Every function returns %FALSE, reading nothing, when the
 * bytes are not there. Inline: the packet walk runs once per packet. */
typedef struct
{
  const guint8 *data;
  gsize size, pos;
} WmAsfReader;

static inline void
wmasf_reader_init (WmAsfReader * r, const guint8 * data, gsize size)
{
  r->data = data;
  r->size = size;
  r->pos = 0;
}

static inline gsize
wmasf_reader_left (const WmAsfReader * r)
{
  return r->size - r->pos;
}

static inline gboolean
wmasf_reader_skip (WmAsfReader * r, gsize n)
{
  if (n > r->size - r->pos)
    return FALSE;
  r->pos += n;
  return TRUE;
}

static inline gboolean
wmasf_reader_u8 (WmAsfReader * r, guint8 * v)
{
  if (r->size - r->pos < 1)
    return FALSE;
  *v = r->data[r->pos++];
  return TRUE;
}

/* a field of ASF length type @type (2 bits): 0 absent (value @dflt),
 * 1 BYTE, 2 WORD, 3 DWORD (ASF spec 5.2.2) */
static inline gboolean
wmasf_reader_typed (WmAsfReader * r, guint type, guint32 dflt, guint32 * v)
{
  static const guint8 sizes[4] = { 0, 1, 2, 4 };
  gsize n = sizes[type & 3];

  if (r->size - r->pos < n)
    return FALSE;
  switch (n) {
    case 0:
      *v = dflt;
      break;
    case 1:
      *v = r->data[r->pos];
      break;
    case 2:
      *v = GST_READ_UINT16_LE (r->data + r->pos);
      break;
    default:
      *v = GST_READ_UINT32_LE (r->data + r->pos);
      break;
  }
  r->pos += n;
  return TRUE;
}

static inline gboolean
wmasf_reader_u16 (WmAsfReader * r, guint16 * v)
{
  guint32 x;

  if (!wmasf_reader_typed (r, 2, 0, &x))
    return FALSE;
  *v = x;
  return TRUE;
}

static inline gboolean
wmasf_reader_u32 (WmAsfReader * r, guint32 * v)
{
  return wmasf_reader_typed (r, 3, 0, v);
}

/**
 * wmasf_reader_object:
 * @r: a reader at the start of an object of a run of objects (the
 *   children of the Header Object or of the Header Extension)
 * @object: (out): the object's first byte (its GUID)
 * @size: (out): its size as stored
 *
 * Steps over the object at @r: its QWORD size must be at least
 * %WMASF_OBJECT_HEADER_SIZE and within what is left of @r.
 *
 * Returns: %FALSE, leaving @r where it is, when fewer than
 * %WMASF_OBJECT_HEADER_SIZE bytes are left (@size 0) or the size is out of
 * bounds (@size that size).
 */
gboolean wmasf_reader_object (WmAsfReader * r, const guint8 ** object,
    guint64 * size);

#define WMASF_ERROR (wmasf_error_quark ())
GQuark wmasf_error_quark (void);

/**
 * WmAsfError:
 * @WMASF_ERROR_NOT_ASF: no Header Object where one must start, or
 *   none in the leading bytes a byte-stream cutter allows (ext/wmnet's
 *   wmnetasfstream.h)
 * @WMASF_ERROR_CORRUPT: a Header Object that cannot be read (sizes
 *   out of bounds, no File Properties Object)
 * @WMASF_ERROR_TOO_LARGE: Header Object + Data Object header over
 *   %WMASF_MAX_HEADER_SIZE
 * @WMASF_ERROR_PACKET_SIZE: packet size outside
 *   %WMASF_MIN_PACKET_SIZE..%WMASF_MAX_PACKET_SIZE, or Minimum and
 *   Maximum Data Packet Size differ (packets are not fixed-size)
 */
typedef enum
{
  WMASF_ERROR_NOT_ASF,
  WMASF_ERROR_CORRUPT,
  WMASF_ERROR_TOO_LARGE,
  WMASF_ERROR_PACKET_SIZE,
} WmAsfError;

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
} WmAsfHeaderInfo;

/**
 * wmasf_header_parse:
 * @data: bytes starting with the Header Object GUID
 * @size: how many; may go past the Header Object (the Data Object header,
 *   packets), which is then looked at for the Data Object GUID only
 * @info: (out caller-allocates): filled on success
 *
 * Reads a Header Object: what the streamheader of wmasfmux or asfmux
 * carries, with or without the Data Object header after it.
 *
 * Returns: %FALSE with @error (%WMASF_ERROR) when @data is no
 * complete, usable Header Object.
 */
gboolean wmasf_header_parse (const guint8 * data, gsize size,
    WmAsfHeaderInfo * info, GError ** error);

/**
 * wmasf_header_make:
 * @data: (array length=size): bytes wmasf_header_parse() accepted
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
GstBuffer *wmasf_header_make (const guint8 * data, gsize size,
    const WmAsfHeaderInfo * info);

/* What one data packet says. */
typedef struct
{
  gboolean valid;               /* every field in bounds and plausible */
  gboolean key;                 /* starts a video key frame, or no video */
  guint32 send_time_ms;
  guint16 duration_ms;
  guint n_payloads;             /* compressed sub-payloads count one each */
} WmAsfPacketInfo;

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
} WmAsfPayload;

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
  WmAsfPayload payloads[WMASF_MAX_PAYLOADS];
} WmAsfPacketLayout;

/**
 * wmasf_packet_walk:
 * @info: the header the packet belongs to
 * @packet: (array length=size): one data packet
 * @size: its size, normally @info->packet_size (larger is an error)
 * @out: (out caller-allocates): the layout; only @out->n_payloads entries
 *   of @out->payloads are written
 *
 * Takes a packet apart with the checks of wmasf_packet_parse(), which
 * is built on it.
 *
 * Returns: %FALSE when the packet does not parse. Never reads outside
 * @packet.
 */
gboolean wmasf_packet_walk (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmAsfPacketLayout * out);

/**
 * wmasf_packet_parse:
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
gboolean wmasf_packet_parse (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmAsfPacketInfo * out);

/**
 * wmasf_packet_is_key:
 *
 * Returns: %TRUE when @packet is valid and holds the start (offset into
 * media object 0, or a compressed payload) of a payload of a video stream
 * with the key-frame bit set, or when the header describes no video
 * stream; %FALSE for a corrupt packet.
 */
gboolean wmasf_packet_is_key (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size);

/**
 * wmasf_is_header_guid:
 * @p: at least %WMASF_GUID_SIZE bytes
 *
 * Returns: %TRUE when @p starts with the Header Object GUID.
 */
gboolean wmasf_is_header_guid (const guint8 * p);

/**
 * wmasf_header_complete:
 * @data: bytes starting with the Header Object GUID
 * @size: how many are there so far
 *
 * Whether wmasf_header_parse() can decide on @data: the fixed part of
 * the Header Object is there and, when the Header Object's size is
 * plausible (%WMASF_HEADER_OBJECT_FIXED_SIZE up to what fits
 * %WMASF_MAX_HEADER_SIZE with the Data Object header), the whole
 * Header Object, the 16 bytes after it and, when those are the Data Object
 * GUID, the whole Data Object header. With an implausible size it is
 * %TRUE at once: the parse then fails.
 *
 * Returns: %FALSE when more bytes are needed.
 */
gboolean wmasf_header_complete (const guint8 * data, gsize size);

G_END_DECLS

#endif /* __WMASF_READER_H__ */
