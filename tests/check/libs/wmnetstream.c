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

/* Unit tests of the stream every client is sent: what a header does (the
 * first, a repeat, a change, one too large), which header a packet belongs
 * to, the end of stream, eviction, and where a joining client starts. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetstream.h"
#include "wmnettestsuite.h"

#define PACKET 4096

static GstBuffer *
header_buf (guint8 fill, gsize size)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);

  gst_buffer_memset (buf, 0, fill, size);
  return buf;
}

static GstBuffer *
packet_buf (GstClockTime ts, gboolean key)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, PACKET, NULL);

  gst_buffer_memset (buf, 0, 0, PACKET);
  GST_BUFFER_DTS (buf) = ts;
  if (!key)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return buf;
}

GST_START_TEST (test_headers)
{
  WmnetStream s;
  WmnetChunk *c;

  wmnet_stream_init (&s);
  fail_unless (s.header == NULL && s.header_change == NULL && !s.eos);
  fail_unless_equals_int (s.eos_frame[0], '$');
  fail_unless_equals_int (s.eos_frame[1], 'E');

  /* the first header: no change for anyone */
  fail_unless_equals_int (wmnet_stream_set_header (&s, header_buf (1, 100)),
      WMNET_STREAM_HEADER_NEW);
  fail_unless_equals_uint64 (s.header->seq, 0);
  fail_unless (s.header_change == NULL);
  fail_unless_equals_int (s.ring.len, 0);

  fail_unless (wmnet_stream_push (&s, packet_buf (0, TRUE)));
  fail_unless (wmnet_stream_push (&s, packet_buf (GST_MSECOND, FALSE)));
  fail_unless_equals_uint64 (wmnet_ring_get (&s.ring, 1)->header_seq, 0);

  /* the same bytes again: dropped */
  fail_unless_equals_int (wmnet_stream_set_header (&s, header_buf (1, 100)),
      WMNET_STREAM_HEADER_SAME);
  fail_unless_equals_uint64 (s.header->seq, 0);
  fail_unless_equals_int (s.ring.len, 2);

  /* a different one: the change goes in the ring where it takes effect */
  fail_unless_equals_int (wmnet_stream_set_header (&s, header_buf (2, 100)),
      WMNET_STREAM_HEADER_NEW);
  fail_unless_equals_uint64 (s.header->seq, 2);
  fail_unless (s.header_change != NULL);
  c = wmnet_ring_get (&s.ring, 2);
  fail_unless (c == s.header_change);
  fail_unless_equals_int (c->kind, WMNET_CHUNK_HEADER_CHANGE);
  fail_unless_equals_uint64 (c->header_seq, 2);
  /* packets after it belong to it */
  fail_unless (wmnet_stream_push (&s, packet_buf (2 * GST_MSECOND, TRUE)));
  fail_unless_equals_uint64 (wmnet_ring_get (&s.ring, 3)->header_seq, 2);

  /* too large for MS-WMSP framing: dropped, the current one stays */
  fail_unless_equals_int (wmnet_stream_set_header (&s,
          header_buf (3, 70000)), WMNET_STREAM_HEADER_TOO_LARGE);
  fail_unless_equals_uint64 (s.header->seq, 2);
  fail_unless (wmnet_stream_push (&s, packet_buf (3 * GST_MSECOND, FALSE)));
  fail_if (wmnet_stream_push (&s, header_buf (0, 70000)));
  fail_unless_equals_uint64 (s.ring.next_seq, 5);

  wmnet_stream_end (&s);
  fail_unless (s.eos);

  /* clear drops everything but the sequence numbers */
  wmnet_stream_clear (&s);
  fail_unless (s.header == NULL && s.header_change == NULL && !s.eos);
  fail_unless_equals_int (s.ring.len, 0);
  fail_unless_equals_uint64 (s.ring.next_seq, 5);
  wmnet_stream_clear (&s);
}

GST_END_TEST;

GST_START_TEST (test_evict)
{
  WmnetStream s;
  guint i;

  wmnet_stream_init (&s);
  wmnet_stream_set_header (&s, header_buf (1, 100));
  /* 10 s of packets 40 ms apart, a key every second, keep 1 s */
  for (i = 0; i < 250; i++) {
    wmnet_stream_push (&s, packet_buf (i * 40 * GST_MSECOND, i % 25 == 0));
    wmnet_stream_evict (&s, GST_SECOND);
  }
  fail_unless (s.ring.first_seq <= 225 && s.ring.first_seq >= 250 - 26);
  /* the header is kept whatever the ring drops */
  fail_unless (s.header != NULL);
  wmnet_stream_clear (&s);
}

GST_END_TEST;

GST_START_TEST (test_join)
{
  WmnetStream s;
  guint64 header_seq = 99, next_seq = 99;
  guint i;

  wmnet_stream_init (&s);
  /* before any header: from the next packet, waiting for a key */
  fail_unless (wmnet_stream_join (&s, TRUE, 0, 5 * GST_SECOND, &header_seq,
          &next_seq));
  fail_unless_equals_uint64 (header_seq, 0);
  fail_unless_equals_uint64 (next_seq, 0);

  wmnet_stream_set_header (&s, header_buf (1, 100));
  for (i = 0; i < 50; i++)
    wmnet_stream_push (&s, packet_buf (i * 40 * GST_MSECOND, i % 25 == 0));

  /* fast start: from the latest key packet */
  fail_if (wmnet_stream_join (&s, TRUE, 0, 5 * GST_SECOND, &header_seq,
          &next_seq));
  fail_unless_equals_uint64 (header_seq, 0);
  fail_unless_equals_uint64 (next_seq, 25);
  /* without: from the next packet, waiting for a key */
  fail_unless (wmnet_stream_join (&s, FALSE, 0, 5 * GST_SECOND, &header_seq,
          &next_seq));
  fail_unless_equals_uint64 (next_seq, 50);

  /* after a header change, no key packet of the new header yet: none of
   * the old header's is a start */
  wmnet_stream_set_header (&s, header_buf (2, 100));
  wmnet_stream_push (&s, packet_buf (50 * 40 * GST_MSECOND, FALSE));
  fail_unless (wmnet_stream_join (&s, TRUE, 0, 5 * GST_SECOND, &header_seq,
          &next_seq));
  fail_unless_equals_uint64 (header_seq, 50);
  fail_unless_equals_uint64 (next_seq, 52);
  wmnet_stream_push (&s, packet_buf (51 * 40 * GST_MSECOND, TRUE));
  fail_if (wmnet_stream_join (&s, TRUE, 0, 5 * GST_SECOND, &header_seq,
          &next_seq));
  fail_unless_equals_uint64 (next_seq, 52);
  wmnet_stream_clear (&s);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetstream, 0,
    WMNET_TEST (test_headers), WMNET_TEST (test_evict), WMNET_TEST (test_join));
