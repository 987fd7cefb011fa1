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

/* wmspframing: the MS-WMSP ("mmsh") side of the wire that is not HTTP.
 * Owns the "$" framing headers ([MS-WMSP] 2.2.3: $H header, $D data,
 * $E end of stream, $C stream change) and the classification of a request
 * into describe, play, SelectStream or plain HTTP ([MS-WMSP] 2.2.2,
 * docs/design.md, D6), and the reading of a request's stream selection
 * ([MS-WMSP] 2.2.1.4.26, 2.2.1.4.27; D41). Pure code: no sockets; of
 * GStreamer only the WmnetSelection type. */

#ifndef __WMSP_FRAMING_H__
#define __WMSP_FRAMING_H__

#include <glib.h>

#include "wmnetasfcut.h"

G_BEGIN_DECLS

/* '$' + type + LE16 PacketLength */
#define WMSP_FRAME_SIZE 4
/* $H and $D add LocationId LE32, Incarnation, AFFlags, PacketSize LE16 */
#define WMSP_DATA_FRAME_SIZE 12
/* $E and $C add Reason LE32 */
#define WMSP_REASON_FRAME_SIZE 8
/* An MS-WMSP data packet is at most 65,535 bytes including its 8-byte
 * extension; FFmpeg reads it into a 65,536-byte buffer ([MS-WMSP]
 * 2.2.3.1.2). */
#define WMSP_MAX_PAYLOAD (65535 - 8)

typedef enum
{
  WMSP_CHUNK_HEADER = 'H',
  WMSP_CHUNK_DATA = 'D',
  WMSP_CHUNK_END = 'E',
  WMSP_CHUNK_CHANGE = 'C',
} WmspChunkType;

/* $H AFFlags as VLC, FFmpeg's muxer and Flumotion write them. */
#define WMSP_AFFLAGS_HEADER 0x0c
#define WMSP_AFFLAGS_DATA 0x00

/* $E reasons ([MS-WMSP] 2.2.3.4). */
#define WMSP_REASON_EOS 0       /* S_OK: stream finished */
#define WMSP_REASON_CHANGE 1    /* S_FALSE: a $C and new $H follow */

/* Writes the 12-byte framing that precedes a $H or $D payload of
 * @payload_len bytes. The B bit is never set: FFmpeg and VLC compare the
 * 16-bit type exactly. Returns FALSE if @payload_len exceeds
 * WMSP_MAX_PAYLOAD. */
gboolean wmsp_write_data_frame (guint8 out[WMSP_DATA_FRAME_SIZE],
    WmspChunkType type, guint32 location_id, guint8 afflags,
    gsize payload_len);

/* Writes an 8-byte $E or $C chunk carrying @reason. */
void wmsp_write_reason_frame (guint8 out[WMSP_REASON_FRAME_SIZE],
    WmspChunkType type, guint32 reason);

typedef struct
{
  WmspChunkType type;
  guint16 length;               /* PacketLength: bytes after the 4-byte frame */
  guint32 location_id;          /* $H/$D */
  guint8 incarnation;           /* $H/$D */
  guint8 afflags;               /* $H/$D */
  guint32 reason;               /* $E/$C */
  gsize payload_len;            /* bytes of payload after the whole framing */
} WmspChunk;

/* Parses the framing at @data. Returns the framing size (4 + 8 or 4 + 4),
 * 0 when more bytes are needed, -1 on a chunk type FFmpeg would refuse. */
gssize wmsp_parse_chunk (const guint8 * data, gsize len, WmspChunk * chunk);

typedef enum
{
  WMSP_REQUEST_PLAIN,           /* not an MS-WMSP client: unframed ASF */
  WMSP_REQUEST_DESCRIBE,        /* MS-WMSP, no xPlayStrm=1: the $H alone */
  WMSP_REQUEST_PLAY,            /* MS-WMSP with xPlayStrm=1: $H, $D... */
  /* a stream-switch-entry pragma without xPlayStrm: a SelectStream in the
   * GET form ([MS-WMSP] 2.2.2.8) */
  WMSP_REQUEST_SELECT_STREAM,
} WmspRequestKind;

/* Classifies a GET from its User-Agent and its Pragma values (all Pragma
 * header lines joined with ','; may be NULL). A client is MS-WMSP when its
 * agent starts with NSPlayer/, NSServer/, WMCacheProxy/ or
 * Windows-Media-Player/, or when it sends an xClientGUID, xPlayStrm or
 * stream-switch-entry pragma. Tolerates FFmpeg's glued
 * "stream-time=0Connection: Close". */
WmspRequestKind wmsp_classify_request (const gchar * user_agent,
    const gchar * pragma);

/* Looks up the token @name in a Pragma value list ("a,b=1,c=x") and
 * returns its value (or "" for a bare token) in @value, newly allocated.
 * Returns FALSE when absent. */
gboolean wmsp_pragma_get (const gchar * pragma, const gchar * name,
    gchar ** value);

/**
 * wmsp_parse_stream_switch:
 * @pragma: the Pragma values, all lines joined with ','; may be NULL
 * @stream_mask: (nullable) (array fixed-size=4): the stream numbers the
 *   current header describes (WmAsfHeaderInfo.stream_mask), to tell
 *   FFmpeg's decimal stream numbers from the hexadecimal of the spec
 * @sel: (out caller-allocates): the selection
 *
 * Reads stream-switch-count and stream-switch-entry ([MS-WMSP] 2.2.1.4.26,
 * 2.2.1.4.27): entries SRC:DST:THINNING, three hexadecimal numbers of up
 * to 16 bits, separated by spaces. @sel is every stream (@all) without an
 * entry or with a count of 0; otherwise each DST at its level, every
 * stream not named removed. Numbers are read as hexadecimal; when that
 * names a stream @stream_mask lacks and the decimal reading names only
 * streams it has, as decimal (docs/design.md D41).
 *
 * Returns: %FALSE when either token is malformed (a number that is not
 * one, a stream 0 or over 127, a level over 2, no entry): @sel is then
 * every stream, and the request is refused (400).
 */
gboolean wmsp_parse_stream_switch (const gchar * pragma,
    const guint32 * stream_mask, WmnetSelection * sel);

G_END_DECLS

#endif /* __WMSP_FRAMING_H__ */
