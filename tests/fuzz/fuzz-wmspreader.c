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

/* Fuzzes WmspReader (wmspreader.c), which reads an MS-WMSP server's
 * chunks for wmnetsrc: the first byte picks the read size, the rest is the
 * response body. Checks that a header read parses and a packet is of its
 * size, that the bytes held stay below one chunk plus one read, that an
 * error stays, and that the results do not depend on the read size. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmspreader.h"

/* what each result gives, in order */
static GByteArray *
read_all (const guint8 * data, gsize size, gsize step)
{
  WmspReader *r = wmsp_reader_new ();
  GByteArray *res = g_byte_array_new ();
  WmAsfHeaderInfo info = { 0, };
  gsize off = 0;
  gboolean failed = FALSE;

  while (!failed) {
    GstBuffer *buf = NULL;
    guint32 loc = 0, reason = 0;
    GError *error = NULL;
    WmspReadResult rr = wmsp_reader_pop (r, &buf, &loc, &reason, &error);
    guint8 k = rr;

    if (rr == WMSP_READ_NEED_DATA) {
      gsize n = MIN (step, size - off);

      FUZZ_CHECK (buf == NULL && error == NULL);
      if (n == 0)
        break;
      /* one chunk (64 KiB at most) plus one read */
      FUZZ_CHECK (wmsp_reader_pending (r) <= 4 + 65535 + step);
      wmsp_reader_push (r, data + off, n);
      off += n;
      continue;
    }
    g_byte_array_append (res, &k, 1);
    if (rr == WMSP_READ_ERROR) {
      FUZZ_CHECK (buf == NULL && error != NULL);
      g_error_free (error);
      /* it stays in error */
      FUZZ_CHECK (wmsp_reader_pop (r, &buf, &loc, &reason, &error) ==
          WMSP_READ_ERROR);
      g_clear_error (&error);
      failed = TRUE;
    } else if (rr == WMSP_READ_HEADER || rr == WMSP_READ_PACKET) {
      GstMapInfo map;

      FUZZ_CHECK (buf != NULL && error == NULL);
      gst_buffer_map (buf, &map, GST_MAP_READ);
      if (rr == WMSP_READ_HEADER) {
        FUZZ_CHECK (wmasf_header_parse (map.data, map.size, &info, NULL));
        FUZZ_CHECK (map.size ==
            info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE);
        FUZZ_CHECK (wmsp_reader_header (r) != NULL);
        FUZZ_CHECK (wmsp_reader_header (r)->packet_size == info.packet_size);
      } else {
        FUZZ_CHECK (info.packet_size > 0 && map.size == info.packet_size);
        g_byte_array_append (res, (const guint8 *) &loc, 4);
      }
      g_byte_array_append (res, map.data, map.size);
      gst_buffer_unmap (buf, &map);
      gst_buffer_unref (buf);
    } else {
      FUZZ_CHECK (rr == WMSP_READ_END || rr == WMSP_READ_CHANGE);
      FUZZ_CHECK (buf == NULL && error == NULL);
      g_byte_array_append (res, (const guint8 *) &reason, 4);
    }
  }
  wmsp_reader_free (r);
  return res;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  GByteArray *whole, *pieces;
  gsize step;

  if (!wmnet_fuzz_take_step (&data, &size, &step))
    return 0;
  whole = read_all (data, size, MAX (size, 1));
  pieces = read_all (data, size, step);
  wmnet_fuzz_check_same (whole, pieces);
  g_byte_array_unref (whole);
  g_byte_array_unref (pieces);
  return 0;
}
