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

/* Unit tests of the packet ring: eviction by time and bytes, ring time
 * across timestamps that go backwards (a flushing seek, a looping file),
 * fast-start positions and the byte rate. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetring.h"
#include "wmnettestsuite.h"

#define PACKET 4096

static WmnetChunk *
packet (WmnetRing * r, GstClockTime ts, gboolean key, guint64 header_seq)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, PACKET, NULL);

  gst_buffer_memset (buf, 0, 0, PACKET);
  GST_BUFFER_DTS (buf) = ts;
  if (!key)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return wmnet_chunk_new (WMNET_CHUNK_PACKET, buf, r->next_seq, header_seq);
}

/* @n packets @step apart from @start, a key packet every @gop (0: none) */
static void
push_run (WmnetRing * r, GstClockTime start, GstClockTime step, guint n,
    guint gop, GstClockTime buffer_time)
{
  guint i;

  for (i = 0; i < n; i++) {
    wmnet_ring_push (r, packet (r, start + i * step, gop && i % gop == 0, 0));
    wmnet_ring_evict (r, buffer_time, 3, 0);
  }
}

/* A new ring of @n packets 40 ms apart from 0, a key every @gop, that
 * keeps 1 s */
static void
ring_init_with_run (WmnetRing * r, guint n, guint gop)
{
  wmnet_ring_init (r);
  push_run (r, 0, 40 * GST_MSECOND, n, gop, GST_SECOND);
}

GST_START_TEST (test_evict_by_time)
{
  WmnetRing r;

  /* 10 s, a key every second */
  ring_init_with_run (&r, 250, 25);
  fail_unless_equals_uint64 (r.next_seq, 250);
  /* from the latest key (t = 9 s) on: that is within 1 s */
  fail_unless (r.have_key);
  fail_unless_equals_uint64 (r.last_key_seq, 225);
  fail_unless (r.first_seq <= 225 && r.first_seq >= 250 - 26);
  fail_unless_equals_uint64 (r.bytes, (gsize) r.len * PACKET);
  fail_unless (wmnet_ring_get (&r, r.first_seq - 1) == NULL);
  fail_unless (wmnet_ring_get (&r, r.next_seq) == NULL);
  fail_unless_equals_uint64 (wmnet_ring_get (&r, 240)->seq, 240);
  wmnet_ring_clear (&r);
  fail_unless_equals_int (r.len, 0);
  /* sequence numbers go on */
  fail_unless_equals_uint64 (r.next_seq, 250);
}

GST_END_TEST;

/* The key packet is kept for fast start, but never past 3 buffer times. */
GST_START_TEST (test_evict_keeps_key)
{
  WmnetRing r;

  /* one key, then delta packets */
  ring_init_with_run (&r, 60, 1000);
  /* 2.36 s: the key is kept */
  fail_unless_equals_uint64 (r.first_seq, 0);
  fail_unless (r.have_key);
  push_run (&r, 60 * 40 * GST_MSECOND, 40 * GST_MSECOND, 65, 0, GST_SECOND);
  /* 5 s: past 3 s the key went, and 1 s is left */
  fail_if (r.have_key);
  fail_unless (r.len <= 26);
  wmnet_ring_clear (&r);
}

GST_END_TEST;

/* A flushing seek back to 0 every 2 s used to make every older packet "age
 * 0", so nothing was ever evicted again. */
GST_START_TEST (test_timestamps_going_back)
{
  WmnetRing r;
  guint loop;

  wmnet_ring_init (&r);
  for (loop = 0; loop < 20; loop++)
    push_run (&r, 0, 40 * GST_MSECOND, 50, 25, GST_SECOND);
  /* 40 s were pushed, 2 s at a time: ring time went on through each jump
   * back, and only the last second or so (to the latest key) is held */
  fail_unless_equals_uint64 (r.next_seq, 1000);
  fail_unless (r.len <= 26, "%u packets held", r.len);
  fail_unless_equals_uint64 (wmnet_ring_newest_time (&r),
      (GstClockTime) (20 * 50 - 1) * 40 * GST_MSECOND - 19 * 40 * GST_MSECOND);
  /* a client's lag is measured in ring time, so never "negative" */
  fail_unless (wmnet_ring_newest_time (&r) >=
      wmnet_ring_get (&r, r.first_seq)->time);
  wmnet_ring_clear (&r);
}

GST_END_TEST;

GST_START_TEST (test_evict_by_bytes)
{
  WmnetRing r;
  guint i;

  wmnet_ring_init (&r);
  /* packets without timestamps (time cannot bound them) */
  for (i = 0; i < 1000; i++) {
    WmnetChunk *c = packet (&r, GST_CLOCK_TIME_NONE, TRUE, 0);

    wmnet_ring_push (&r, c);
    wmnet_ring_evict (&r, GST_SECOND, 3, 100 * PACKET);
  }
  fail_unless_equals_int (r.len, 100);
  fail_unless_equals_uint64 (r.bytes, 100 * PACKET);
  /* the newest chunk is always kept, whatever the bound */
  wmnet_ring_evict (&r, 0, 3, 1);
  fail_unless_equals_int (r.len, 1);
  fail_unless_equals_uint64 (r.first_seq, 999);
  wmnet_ring_clear (&r);
}

GST_END_TEST;

GST_START_TEST (test_fast_start_seq)
{
  WmnetRing r;
  guint64 seq = 0;

  wmnet_ring_init (&r);
  fail_if (wmnet_ring_fast_start_seq (&r, GST_SECOND, 5 * GST_SECOND, 0, &seq));
  /* keys at 0, 1, 2 ... 9 s; newest at 9.96 s */
  push_run (&r, 0, 40 * GST_MSECOND, 250, 25, 100 * GST_SECOND);
  /* a 3 s preroll: the key at 6 s (3.96 s old) */
  fail_unless (wmnet_ring_fast_start_seq (&r, 3 * GST_SECOND,
          5 * GST_SECOND, 0, &seq));
  fail_unless_equals_uint64 (seq, 150);
  /* none a preroll old within 2 s: the oldest younger than a preroll, the
   * key at 7 s (2.96 s old), not the one at 8 s */
  fail_unless (wmnet_ring_fast_start_seq (&r, 3 * GST_SECOND,
          2 * GST_SECOND, 0, &seq));
  fail_unless_equals_uint64 (seq, 175);
  fail_unless (wmnet_ring_fast_start_seq (&r, 3 * GST_SECOND, 0, 0, &seq));
  fail_unless_equals_uint64 (seq, 175);
  /* a 1 s preroll, at most 2 s: the key at 8 s (1.96 s old) */
  fail_unless (wmnet_ring_fast_start_seq (&r, GST_SECOND, 2 * GST_SECOND, 0,
          &seq));
  fail_unless_equals_uint64 (seq, 200);
  /* the latest key even when it is older than the maximum */
  fail_unless (wmnet_ring_fast_start_seq (&r, 0, 0, 0, &seq));
  fail_unless_equals_uint64 (seq, 225);
  /* never before the current header */
  fail_unless (wmnet_ring_fast_start_seq (&r, 3 * GST_SECOND,
          5 * GST_SECOND, 190, &seq));
  fail_unless_equals_uint64 (seq, 200);
  fail_if (wmnet_ring_fast_start_seq (&r, 0, 0, 226, &seq));
  wmnet_ring_clear (&r);
}

GST_END_TEST;

/* client-buffer-time 3 s (the ring keeps 3 s, the server allows half of it),
 * a 3 s preroll, key frames 2 s apart: no key packet is a preroll old. The
 * client used to start at the newest key, often a few ms old: a burst too
 * short for FFmpeg to start (1.1-1.4 s to its first frame, against 0.14 s);
 * it starts at the oldest key held, which is within 3 s. */
GST_START_TEST (test_fast_start_short_ring)
{
  WmnetRing r;
  guint64 seq = 0;
  guint n;

  for (n = 300; n < 350; n += 7) {
    guint64 want;

    wmnet_ring_init (&r);
    /* 25 packets a second, a key every 2 s (seqs 0, 50, 100 ...) */
    push_run (&r, 0, 40 * GST_MSECOND, n + 1, 50, 3 * GST_SECOND);
    /* the newest key is n - 300 packets old: with the one 2 s before it
     * the ring holds 3 s, from the key 3 s back when the newest is 1 s
     * old or less */
    want = n - 300 <= 25 ? 250 : 300;
    fail_unless (wmnet_ring_get (&r, 250) != NULL || want == 300);
    fail_unless (wmnet_ring_fast_start_seq (&r, 3 * GST_SECOND,
            1500 * GST_MSECOND, 0, &seq));
    fail_unless_equals_uint64 (seq, want);
    wmnet_ring_clear (&r);
  }
}

GST_END_TEST;

GST_START_TEST (test_byte_rate)
{
  WmnetRing r;

  wmnet_ring_init (&r);
  fail_unless_equals_uint64 (wmnet_ring_byte_rate (&r), 0);
  /* 25 packets a second of 4096 bytes */
  push_run (&r, 0, 40 * GST_MSECOND, 3, 25, 10 * GST_SECOND);
  /* 80 ms: too short to tell */
  fail_unless_equals_uint64 (wmnet_ring_byte_rate (&r), 0);
  push_run (&r, 120 * GST_MSECOND, 40 * GST_MSECOND, 100, 25, 10 * GST_SECOND);
  fail_unless (wmnet_ring_byte_rate (&r) >= 25 * PACKET &&
      wmnet_ring_byte_rate (&r) <= 26 * PACKET, "%" G_GUINT64_FORMAT,
      wmnet_ring_byte_rate (&r));
  wmnet_ring_clear (&r);
}

GST_END_TEST;

GST_START_TEST (test_chunk_framing)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 100, NULL);
  WmnetChunk *c;

  c = wmnet_chunk_new (WMNET_CHUNK_HEADER_CHANGE, gst_buffer_ref (buf), 7, 7);
  /* $E(1), $C, then $H */
  fail_unless_equals_int (c->frame_len, 2 * WMSP_REASON_FRAME_SIZE +
      WMSP_DATA_FRAME_SIZE);
  fail_unless_equals_int (c->frame[1], 'E');
  fail_unless_equals_int (c->frame[WMSP_REASON_FRAME_SIZE + 1], 'C');
  fail_unless_equals_int (c->frame[2 * WMSP_REASON_FRAME_SIZE + 1], 'H');
  fail_unless (c->key);
  wmnet_chunk_unref (c);

  /* too large for MS-WMSP framing: refused, and the buffer is released */
  gst_buffer_unref (buf);
  buf = gst_buffer_new_allocate (NULL, 70000, NULL);
  fail_unless (wmnet_chunk_new (WMNET_CHUNK_PACKET, buf, 0, 0) == NULL);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetring, 0,
    WMNET_TEST (test_evict_by_time),
    WMNET_TEST (test_evict_keeps_key),
    WMNET_TEST (test_timestamps_going_back),
    WMNET_TEST (test_evict_by_bytes),
    WMNET_TEST (test_fast_start_seq),
    WMNET_TEST (test_fast_start_short_ring),
    WMNET_TEST (test_byte_rate), WMNET_TEST (test_chunk_framing));
