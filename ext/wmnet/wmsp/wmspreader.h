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

/* wmspreader: the client side of MS-WMSP framing. Owns cutting the body of
 * a describe or play answer into what it carries ([MS-WMSP] 2.2.3): the
 * ASF header ($H, possibly split over several chunks), data packets ($D,
 * padded back to the header's packet size), end of stream ($E) and stream
 * change ($C); $M and $P are skipped. Every length is checked before it is
 * used; at most one chunk (< 64 KiB) plus one header
 * (WMASF_MAX_HEADER_SIZE) is held. Pure: no sockets, no threads;
 * unit-tested directly (tests/check/libs/wmspreader.c). */

#ifndef __WMSP_READER_H__
#define __WMSP_READER_H__

#include <gst/gst.h>
#include <gst/wmasf/asfreader.h>

G_BEGIN_DECLS

typedef struct _WmspReader WmspReader;

typedef enum
{
  WMSP_READ_NEED_DATA,          /* push more bytes */
  WMSP_READ_HEADER,             /* a whole ASF header (+ Data Object header) */
  WMSP_READ_PACKET,             /* one data packet of the header's packet size */
  WMSP_READ_END,                /* $E; *reason set */
  WMSP_READ_CHANGE,             /* $C; *reason set; a new $H follows */
  WMSP_READ_ERROR,              /* the bytes are no MS-WMSP stream; stop */
} WmspReadResult;

WmspReader *wmsp_reader_new (void);
void wmsp_reader_free (WmspReader * r);

/* Forgets buffered bytes and any unfinished header (a new connection); the
 * last complete header is kept for wmsp_reader_header(). */
void wmsp_reader_reset (WmspReader * r);

/* Appends @len bytes received. Callers push only after NEED_DATA, so what
 * is held stays below one chunk plus one read. */
void wmsp_reader_push (WmspReader * r, const guint8 * data, gsize len);

/* Bytes pushed and not yet taken by a result (0 at a chunk boundary). */
gsize wmsp_reader_pending (WmspReader * r);

/* The next item. HEADER: @buf is the header as wmasf_header_make()
 * gives it, its object count repaired when it disagrees with the objects
 * present (VLC's header declares one more); PACKET: @buf is one packet,
 * zero-padded to the packet size (its Padding Length raised to match when
 * it has one and no explicit Packet Length), its ASF packet number
 * (LocationId) in @location_id. ERROR sets @error (G_IO_ERROR_INVALID_DATA
 * or WMASF_ERROR) and the reader stays in error until reset. */
WmspReadResult wmsp_reader_pop (WmspReader * r, GstBuffer ** buf,
    guint32 * location_id, guint32 * reason, GError ** error);

/* Shared with wmhttpreader, whose $H/$C and $D carry the same ASF: a
 * whole header (Header Object + Data Object header, @len bytes) parsed
 * into @info and made as wmsp_reader_pop() gives it, NULL and @error when
 * it is no ASF header; one packet's @len <= @packet_size bytes, zero-padded
 * to @packet_size as wmsp_reader_pop() pads it. */
GstBuffer *wmsp_header_take (const guint8 * data, gsize len,
    WmAsfHeaderInfo * info, GError ** error);
GstBuffer *wmsp_packet_pad (const guint8 * payload, gsize len,
    guint32 packet_size);

/* For the sources that output what a reader gives (wmnetsrc,
 * wmnetpushsrc): whether header @b has the bytes of @a (NULL: no), and
 * `video/x-ms-asf` caps with @header as their one streamheader. */
gboolean wmsp_header_same (GstBuffer * a, GstBuffer * b);
GstCaps *wmsp_header_caps (GstBuffer * header);

/* The last complete header's facts, NULL before the first. */
const WmAsfHeaderInfo *wmsp_reader_header (WmspReader * r);

G_END_DECLS

#endif /* __WMSP_READER_H__ */
