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

/* wmnetring: the recent stream every client reads from. Owns the chunks (a
 * header or packet buffer, mapped once, with its MS-WMSP framing computed
 * once) and the ring that keeps them: eviction by time and by bytes, the
 * fast-start position, the stream's byte rate. Pure: no sockets, no threads
 * (the server uses it from its own thread only), unit-tested directly.
 *
 * Time in the ring is "ring time": the buffers' timestamps made monotonic.
 * A flushing seek, a new segment or a looping source sends timestamps
 * backwards; ring time carries on from where it was, so eviction, slow-client
 * checks and fast start keep working and clients continue with the new data. */

#ifndef __WMNET_RING_H__
#define __WMNET_RING_H__

#include <gst/gst.h>

#include "wmspframing.h"

G_BEGIN_DECLS

typedef enum
{
  WMNET_CHUNK_PACKET,
  WMNET_CHUNK_HEADER,
  /* a new header mid-stream: $E(1), $C, then the $H */
  WMNET_CHUNK_HEADER_CHANGE,
} WmnetChunkKind;

/* Refcounted on the server thread only: the ring holds one reference, a
 * client in the middle of writing it another. */
typedef struct
{
  gint ref;
  WmnetChunkKind kind;
  GstBuffer *buf;
  GstMapInfo map;
  guint64 seq;
  /* the seq in the main stream: for a view's packet (wmnetview.h) that of
   * the packet it was cut from, for a view's header or header change that
   * of the main stream's; its own seq otherwise */
  guint64 src_seq;
  /* the src_seq of the header this chunk belongs to (for a header, its
   * own) */
  guint64 header_seq;
  GstClockTime ts;              /* the buffer's DTS or PTS, may be NONE */
  GstClockTime time;            /* ring time, set by wmnet_ring_push() */
  gboolean key;                 /* DELTA_UNIT unset */
  guint8 frame[2 * WMSP_REASON_FRAME_SIZE + WMSP_DATA_FRAME_SIZE];
  guint frame_len;
  /* a header's describe answer body ($H framing + header), built by the
   * first describe and shared by the others; NULL until then */
  GBytes *describe;
} WmnetChunk;

/* Takes @buf. NULL when it cannot be mapped or is too large for MS-WMSP
 * framing (a packet or header of over 65,527 bytes). */
WmnetChunk *wmnet_chunk_new (WmnetChunkKind kind, GstBuffer * buf,
    guint64 seq, guint64 header_seq);
WmnetChunk *wmnet_chunk_ref (WmnetChunk * chunk);
void wmnet_chunk_unref (WmnetChunk * chunk);

typedef struct
{
  WmnetChunk **entries;
  guint cap, head, len;
  guint64 first_seq;            /* seq of the oldest chunk held */
  guint64 next_seq;             /* seq the next chunk pushed gets */
  guint64 last_key_seq;         /* the latest key packet, when have_key */
  gboolean have_key;
  gsize bytes;                  /* payload bytes held */
  GstClockTime last_ts;         /* the newest buffer timestamp seen */
  GstClockTime clock;           /* the newest ring time */
} WmnetRing;

void wmnet_ring_init (WmnetRing * ring);
/* Drops every chunk; the sequence numbers go on. */
void wmnet_ring_clear (WmnetRing * ring);
/* Takes @chunk, whose seq must be ring->next_seq. */
void wmnet_ring_push (WmnetRing * ring, WmnetChunk * chunk);
/* Borrowed; NULL when @seq is not (or no longer) held. */
WmnetChunk *wmnet_ring_get (WmnetRing * ring, guint64 seq);
/* Ring time of the newest chunk, NONE when empty. */
GstClockTime wmnet_ring_newest_time (WmnetRing * ring);
/* Keeps @buffer_time of stream, and from the latest key packet on (for fast
 * start) up to @hard_factor times that; never more than @max_bytes of
 * payload (0 = no byte bound), nor less than the newest chunk. */
void wmnet_ring_evict (WmnetRing * ring, GstClockTime buffer_time,
    guint hard_factor, gsize max_bytes);
/* Where a new client starts: the latest key packet at or after @min_seq that
 * is at least @window old, but none older than @max_age; when there is none,
 * the oldest key packet held that is younger than @window (the eviction
 * bounds its age), so that the burst is as near a preroll as the ring
 * allows; the latest key packet when no other fits (docs/design.md D11,
 * D57). FALSE when no key packet at or after @min_seq is held. */
gboolean wmnet_ring_fast_start_seq (WmnetRing * ring, GstClockTime window,
    GstClockTime max_age, guint64 min_seq, guint64 * seq);
/* Bytes per second of the stream held, 0 when the ring spans too little
 * time to tell. */
guint64 wmnet_ring_byte_rate (WmnetRing * ring);

G_END_DECLS

#endif /* __WMNET_RING_H__ */
