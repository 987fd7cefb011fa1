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

#include "wmnetring.h"

/* Below this span of ring time the byte rate is a guess, not a measure. */
#define MIN_RATE_SPAN (200 * GST_MSECOND)

WmnetChunk *
wmnet_chunk_new (WmnetChunkKind kind, GstBuffer * buf, guint64 seq,
    guint64 header_seq)
{
  WmnetChunk *c = g_new0 (WmnetChunk, 1);
  guint8 *f;

  c->ref = 1;
  c->kind = kind;
  c->buf = buf;
  c->seq = c->src_seq = seq;
  c->header_seq = header_seq;
  c->ts = GST_BUFFER_DTS_OR_PTS (buf);
  c->time = GST_CLOCK_TIME_NONE;
  c->key = !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  if (!gst_buffer_map (buf, &c->map, GST_MAP_READ)) {
    gst_buffer_unref (buf);
    g_free (c);
    return NULL;
  }
  f = c->frame;
  if (kind == WMNET_CHUNK_HEADER_CHANGE) {
    /* [MS-WMSP] 2.2.3.5: $E(1), $C, then the new $H; a bare $H mid-stream
     * kills FFmpeg's client */
    wmsp_write_reason_frame (f, WMSP_CHUNK_END, WMSP_REASON_CHANGE);
    wmsp_write_reason_frame (f + WMSP_REASON_FRAME_SIZE, WMSP_CHUNK_CHANGE, 0);
    f += 2 * WMSP_REASON_FRAME_SIZE;
  }
  if (!wmsp_write_data_frame (f, kind == WMNET_CHUNK_PACKET ? WMSP_CHUNK_DATA :
          WMSP_CHUNK_HEADER, seq, kind == WMNET_CHUNK_PACKET ?
          WMSP_AFFLAGS_DATA : WMSP_AFFLAGS_HEADER, c->map.size)) {
    gst_buffer_unmap (buf, &c->map);
    gst_buffer_unref (buf);
    g_free (c);
    return NULL;
  }
  c->frame_len = f + WMSP_DATA_FRAME_SIZE - c->frame;
  return c;
}

WmnetChunk *
wmnet_chunk_ref (WmnetChunk * c)
{
  c->ref++;
  return c;
}

void
wmnet_chunk_unref (WmnetChunk * c)
{
  if (c == NULL || --c->ref > 0)
    return;
  gst_buffer_unmap (c->buf, &c->map);
  gst_buffer_unref (c->buf);
  g_clear_pointer (&c->describe, g_bytes_unref);
  g_free (c);
}

void
wmnet_ring_init (WmnetRing * r)
{
  memset (r, 0, sizeof (*r));
  r->last_ts = GST_CLOCK_TIME_NONE;
}

static void
ring_pop (WmnetRing * r)
{
  WmnetChunk *c = r->entries[r->head];

  r->bytes -= c->map.size;
  wmnet_chunk_unref (c);
  r->head = (r->head + 1) % r->cap;
  r->len--;
  r->first_seq++;
  if (r->have_key && r->last_key_seq < r->first_seq)
    r->have_key = FALSE;
}

void
wmnet_ring_clear (WmnetRing * r)
{
  guint64 next = r->next_seq;

  while (r->len > 0)
    ring_pop (r);
  g_free (r->entries);
  wmnet_ring_init (r);
  r->first_seq = r->next_seq = next;
}

WmnetChunk *
wmnet_ring_get (WmnetRing * r, guint64 seq)
{
  if (seq < r->first_seq || seq >= r->next_seq || r->len == 0)
    return NULL;
  return r->entries[(r->head + (seq - r->first_seq)) % r->cap];
}

void
wmnet_ring_push (WmnetRing * r, WmnetChunk * c)
{
  if (r->len == r->cap) {
    guint i, ncap = r->cap ? r->cap * 2 : 256;
    WmnetChunk **n = g_new (WmnetChunk *, ncap);

    for (i = 0; i < r->len; i++)
      n[i] = r->entries[(r->head + i) % r->cap];
    g_free (r->entries);
    r->entries = n;
    r->cap = ncap;
    r->head = 0;
  }

  /* Ring time moves with the timestamps, but never back: a timestamp going
   * backwards (flushing seek, new segment, a looping file) re-bases it. */
  if (GST_CLOCK_TIME_IS_VALID (c->ts)) {
    if (GST_CLOCK_TIME_IS_VALID (r->last_ts) && c->ts > r->last_ts)
      r->clock += c->ts - r->last_ts;
    r->last_ts = c->ts;
  }
  c->time = r->clock;

  if (r->len == 0)
    r->first_seq = c->seq;
  r->entries[(r->head + r->len) % r->cap] = c;
  r->len++;
  r->bytes += c->map.size;
  r->next_seq = c->seq + 1;
  if (c->kind == WMNET_CHUNK_PACKET && c->key) {
    r->last_key_seq = c->seq;
    r->have_key = TRUE;
  }
}

GstClockTime
wmnet_ring_newest_time (WmnetRing * r)
{
  return r->len > 0 ? r->clock : GST_CLOCK_TIME_NONE;
}

void
wmnet_ring_evict (WmnetRing * r, GstClockTime buffer_time, guint hard_factor,
    gsize max_bytes)
{
  GstClockTime newest = wmnet_ring_newest_time (r);

  while (r->len > 1) {
    WmnetChunk *oldest = r->entries[r->head];
    GstClockTime age = newest - oldest->time;

    if (max_bytes == 0 || r->bytes <= max_bytes) {
      if (age <= buffer_time)
        break;
      if (r->have_key && oldest->seq >= r->last_key_seq
          && age <= buffer_time * hard_factor)
        break;
    }
    ring_pop (r);
  }
}

gboolean
wmnet_ring_fast_start_seq (WmnetRing * r, GstClockTime window,
    GstClockTime max_age, guint64 min_seq, guint64 * seq)
{
  GstClockTime newest = wmnet_ring_newest_time (r);
  guint64 s, lowest = MAX (r->first_seq, min_seq);
  gboolean found = FALSE;

  if (!r->have_key || r->last_key_seq < lowest)
    return FALSE;
  *seq = r->last_key_seq;
  for (s = r->last_key_seq + 1; s-- > lowest;) {
    WmnetChunk *c = wmnet_ring_get (r, s);
    GstClockTime age;

    if (c->kind != WMNET_CHUNK_PACKET || !c->key)
      continue;
    age = newest - c->time;
    /* a bound on keys a preroll old; a younger one is always taken
     * (docs/design.md D57) */
    if (found && age >= window && age > max_age)
      break;
    *seq = s;
    found = TRUE;
    if (age >= window)
      break;
  }
  return TRUE;
}

guint64
wmnet_ring_byte_rate (WmnetRing * r)
{
  GstClockTime span;

  if (r->len < 2)
    return 0;
  span = r->clock - r->entries[r->head]->time;
  if (span < MIN_RATE_SPAN)
    return 0;
  return gst_util_uint64_scale (r->bytes, GST_SECOND, span);
}
