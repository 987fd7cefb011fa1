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

/* wmnetstream: what every client is sent. Owns the ring of recent packets,
 * the current header, the $E(1) $C $H of a header change and the end of
 * stream, and the updates the server's feed applies to them: a header
 * (dropped when it repeats the current one, else queued as a change for the
 * clients already streaming), a packet, eviction, the end. Also where a
 * client that joins now starts. The server owns one WmnetStream and applies
 * the feed on its own thread; wmnetclient reads it. Pure: GStreamer core
 * only, no sockets, no threads, no logging (the server logs what the
 * results say, under its own category); unit-tested directly. */

#ifndef __WMNET_STREAM_H__
#define __WMNET_STREAM_H__

#include <gst/gst.h>

#include "wmnetring.h"
#include "wmspframing.h"

G_BEGIN_DECLS

typedef struct
{
  WmnetRing ring;
  WmnetChunk *header;           /* the current header, NULL before the first */
  /* the $E(1) $C $H of the current header, when it replaced another: what a
   * client that skipped past that point in the ring is sent */
  WmnetChunk *header_change;
  gboolean eos;
  guint8 eos_frame[WMSP_REASON_FRAME_SIZE];
} WmnetStream;

void wmnet_stream_init (WmnetStream * stream);
/* Drops the ring's chunks and the headers, and the end of stream. */
void wmnet_stream_clear (WmnetStream * stream);

typedef enum
{
  /* it is the current header now (and, when it replaced another, the
   * change is in the ring for the clients already streaming) */
  WMNET_STREAM_HEADER_NEW,
  /* the same bytes as the current header: dropped, nothing changes (a
   * muxer or relay that repeats its header must not restart clients) */
  WMNET_STREAM_HEADER_SAME,
  /* too large for MS-WMSP framing: dropped */
  WMNET_STREAM_HEADER_TOO_LARGE,
} WmnetStreamHeaderResult;

/* Takes @header. */
WmnetStreamHeaderResult wmnet_stream_set_header (WmnetStream * stream,
    GstBuffer * header);
/* Takes @packet, which belongs to the current header (its header_seq is
 * the header's src_seq). FALSE when it is too large for MS-WMSP framing
 * (dropped). */
gboolean wmnet_stream_push (WmnetStream * stream, GstBuffer * packet);
/* End of stream: clients are sent what is left, then the end. */
void wmnet_stream_end (WmnetStream * stream);
/* Keeps @buffer_time of stream in the ring (more for fast start, within
 * bounds of its own: wmnetstream.c). */
void wmnet_stream_evict (WmnetStream * stream, GstClockTime buffer_time);

/* Where a client that joins now starts. *header_seq: the current header's
 * src_seq (0 before the first); *next_seq: the first ring packet it is sent.
 * With @fast_start, a key packet of the current header at least @window
 * old but no older than @max_age, else the oldest one held younger than
 * @window (wmnet_ring_fast_start_seq()), which the client is sent as fast
 * as it takes it; otherwise, or when there is none,
 * the next packet, and TRUE is returned: the client skips packets until a
 * key packet, and so goes at the live rate. */
gboolean wmnet_stream_join (WmnetStream * stream, gboolean fast_start,
    GstClockTime window, GstClockTime max_age, guint64 * header_seq,
    guint64 * next_seq);

G_END_DECLS

#endif /* __WMNET_STREAM_H__ */
