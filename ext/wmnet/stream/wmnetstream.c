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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetstream.h"

/* The ring never holds more than this many times client-buffer-time, even
 * to keep the latest key packet for fast start. */
#define RING_HARD_FACTOR 3
/* The ring's payload never exceeds this, whatever the bitrate and
 * client-buffer-time (10 s at 100 Mbit/s). */
#define RING_MAX_BYTES (128 * 1024 * 1024)

void
wmnet_stream_init (WmnetStream * stream)
{
  memset (stream, 0, sizeof (*stream));
  wmnet_ring_init (&stream->ring);
  wmsp_write_reason_frame (stream->eos_frame, WMSP_CHUNK_END, WMSP_REASON_EOS);
}

void
wmnet_stream_clear (WmnetStream * stream)
{
  wmnet_ring_clear (&stream->ring);
  g_clear_pointer (&stream->header, wmnet_chunk_unref);
  g_clear_pointer (&stream->header_change, wmnet_chunk_unref);
  stream->eos = FALSE;
}

WmnetStreamHeaderResult
wmnet_stream_set_header (WmnetStream * stream, GstBuffer * buf)
{
  WmnetChunk *h;

  if (stream->header) {
    gboolean same = gst_buffer_get_size (buf) == stream->header->map.size
        && gst_buffer_memcmp (buf, 0, stream->header->map.data,
        stream->header->map.size) == 0;

    if (same) {
      gst_buffer_unref (buf);
      return WMNET_STREAM_HEADER_SAME;
    }
  }

  /* the header takes the seq of the packet that follows it: a packet
   * belongs to the header whose seq is at or before its own */
  h = wmnet_chunk_new (WMNET_CHUNK_HEADER, buf, stream->ring.next_seq,
      stream->ring.next_seq);
  if (h == NULL)
    return WMNET_STREAM_HEADER_TOO_LARGE;
  if (stream->header) {
    /* clients already streaming get $E(1), $C and this $H in order */
    WmnetChunk *change = wmnet_chunk_new (WMNET_CHUNK_HEADER_CHANGE,
        gst_buffer_ref (buf), h->seq, h->seq);

    g_clear_pointer (&stream->header_change, wmnet_chunk_unref);
    if (change) {
      stream->header_change = wmnet_chunk_ref (change);
      wmnet_ring_push (&stream->ring, change);
    }
    wmnet_chunk_unref (stream->header);
  }
  stream->header = h;
  return WMNET_STREAM_HEADER_NEW;
}

gboolean
wmnet_stream_push (WmnetStream * stream, GstBuffer * packet)
{
  WmnetChunk *c = wmnet_chunk_new (WMNET_CHUNK_PACKET, packet,
      stream->ring.next_seq, stream->header ? stream->header->src_seq : 0);

  if (c == NULL)
    return FALSE;
  wmnet_ring_push (&stream->ring, c);
  return TRUE;
}

void
wmnet_stream_end (WmnetStream * stream)
{
  stream->eos = TRUE;
}

void
wmnet_stream_evict (WmnetStream * stream, GstClockTime buffer_time)
{
  wmnet_ring_evict (&stream->ring, buffer_time, RING_HARD_FACTOR,
      RING_MAX_BYTES);
}

gboolean
wmnet_stream_join (WmnetStream * stream, gboolean fast_start,
    GstClockTime window, GstClockTime max_age, guint64 * header_seq,
    guint64 * next_seq)
{
  *header_seq = stream->header ? stream->header->src_seq : 0;
  /* only packets of the current header: a client starts with it */
  if (fast_start && stream->header
      && wmnet_ring_fast_start_seq (&stream->ring, window, max_age,
          stream->header->seq, next_seq))
    return FALSE;
  *next_seq = stream->ring.next_seq;
  return TRUE;
}
