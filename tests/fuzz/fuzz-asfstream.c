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

/* Fuzzes the ASF byte-stream cutter (wmnetasfstream.c), which cuts what
 * wmasfmux, asfmux or a file gives into headers and packets: the first
 * byte picks a buffer size, the rest is the stream. Checks that every
 * item is a header that reads or a packet of the header's size that
 * parses, that the counters agree with the items, that no byte is made up,
 * and that the items do not depend on how the bytes are cut into
 * buffers. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetasfstream.h"
#include "wmnetfuzz.h"

/* kind and bytes of each item, in order */
static GByteArray *
cut (const guint8 * data, gsize size, gsize step, gboolean * failed)
{
  WmnetAsfStream *s = wmnet_asf_stream_new ();
  GByteArray *items = g_byte_array_new ();
  WmnetAsfStreamStats stats;
  WmAsfHeaderInfo info = { 0, };
  gboolean have_header = FALSE;
  guint64 headers = 0, packets = 0, bytes = 0;
  gsize off = 0;

  *failed = FALSE;
  while (off < size && !*failed) {
    gsize n = MIN (step, size - off);
    GError *error = NULL;
    WmnetAsfItem kind;
    GstBuffer *out;

    if (!wmnet_asf_stream_push (s, gst_buffer_new_memdup (data + off, n),
            &error)) {
      FUZZ_CHECK (error != NULL && error->domain == WMASF_ERROR);
      g_error_free (error);
      *failed = TRUE;
    }
    off += n;
    while (wmnet_asf_stream_pop (s, &kind, &out)) {
      GstMapInfo map;
      guint32 len;
      guint8 k = kind;

      gst_buffer_map (out, &map, GST_MAP_READ);
      bytes += map.size;
      if (kind == WMNET_ASF_HEADER) {
        headers++;
        FUZZ_CHECK (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_HEADER));
        FUZZ_CHECK (wmasf_header_parse (map.data, map.size, &info, NULL));
        FUZZ_CHECK (info.has_data_header);
        FUZZ_CHECK (map.size ==
            info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE);
        have_header = TRUE;
      } else {
        WmAsfPacketInfo pi;

        packets++;
        FUZZ_CHECK (kind == WMNET_ASF_PACKET && have_header);
        FUZZ_CHECK (map.size == info.packet_size);
        FUZZ_CHECK (wmasf_packet_parse (&info, map.data, map.size, &pi));
        FUZZ_CHECK (pi.key == !GST_BUFFER_FLAG_IS_SET (out,
                GST_BUFFER_FLAG_DELTA_UNIT));
      }
      len = map.size;
      g_byte_array_append (items, &k, 1);
      g_byte_array_append (items, (const guint8 *) &len, 4);
      g_byte_array_append (items, map.data, map.size);
      gst_buffer_unmap (out, &map);
      gst_buffer_unref (out);
    }
  }
  wmnet_asf_stream_get_stats (s, &stats);
  FUZZ_CHECK (stats.headers == headers && stats.packets == packets);
  /* a made Data Object header is the only thing not from the input */
  FUZZ_CHECK (bytes + stats.skipped_bytes + wmnet_asf_stream_get_pending (s)
      <= off + headers * WMASF_DATA_OBJECT_HEADER_SIZE);
  wmnet_asf_stream_free (s);
  return items;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  GByteArray *whole, *pieces;
  gboolean whole_failed, pieces_failed;
  gsize step;

  if (!wmnet_fuzz_take_step (&data, &size, &step))
    return 0;
  whole = cut (data, size, MAX (size, 1), &whole_failed);
  pieces = cut (data, size, step, &pieces_failed);
  FUZZ_CHECK (whole_failed == pieces_failed);
  /* a failure may come before a later buffer's items */
  if (!whole_failed)
    wmnet_fuzz_check_same (whole, pieces);
  g_byte_array_unref (whole);
  g_byte_array_unref (pieces);
  return 0;
}
