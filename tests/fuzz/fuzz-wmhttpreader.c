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


/* Fuzzes WmhttpReader (wmhttpreader.c), which reads the body of an
 * [MS-WMHTTP] PushStart for wmnetpushsrc: the first byte picks the read
 * size, the rest is the body. Checks that a header (of $H or $C) parses, a
 * packet is of the current header's size, the bytes held stay below one
 * packet plus one push, an error stays, and the results do not depend on
 * the read size. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetfuzz.h"
#include "wmhttpreader.h"

static void
note_buffer (GByteArray * out, WmhttpReader * r, WmhttpReadResult rr,
    GstBuffer * buf)
{
  WmAsfHeaderInfo info;
  GstMapInfo map;

  FUZZ_CHECK (buf != NULL);
  FUZZ_CHECK (wmhttp_reader_header (r) != NULL);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  if (rr == WMHTTP_READ_PACKET) {
    FUZZ_CHECK (map.size == wmhttp_reader_header (r)->packet_size);
  } else {
    FUZZ_CHECK (wmasf_header_parse (map.data, map.size, &info, NULL));
    FUZZ_CHECK (map.size == info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE);
    FUZZ_CHECK (info.packet_size == wmhttp_reader_header (r)->packet_size);
  }
  g_byte_array_append (out, map.data, map.size);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
}

/* each result's kind, reason and bytes, in order */
static GByteArray *
read_body (const guint8 * data, gsize size, gsize step)
{
  WmhttpReader *r = wmhttp_reader_new ();
  GByteArray *out = g_byte_array_new ();
  gsize off = 0;

  for (;;) {
    GstBuffer *buf = NULL;
    guint32 reason = 0;
    GError *error = NULL;
    WmhttpReadResult rr = wmhttp_reader_pop (r, &buf, &reason, &error);
    guint8 kind = rr;

    if (rr == WMHTTP_READ_NEED_DATA) {
      gsize n = MIN (step, size - off);

      FUZZ_CHECK (buf == NULL && error == NULL);
      if (n == 0)
        break;
      FUZZ_CHECK (wmhttp_reader_pending (r) <= 4 + 65535 + step);
      wmhttp_reader_push (r, data + off, n);
      off += n;
      continue;
    }
    g_byte_array_append (out, &kind, 1);
    if (rr == WMHTTP_READ_ERROR) {
      FUZZ_CHECK (buf == NULL && error != NULL);
      g_clear_error (&error);
      FUZZ_CHECK (wmhttp_reader_pop (r, &buf, &reason, &error) ==
          WMHTTP_READ_ERROR);
      g_clear_error (&error);
      break;
    }
    FUZZ_CHECK (error == NULL);
    if (rr == WMHTTP_READ_END || rr == WMHTTP_READ_CHANGE)
      g_byte_array_append (out, (const guint8 *) &reason, 4);
    if (rr == WMHTTP_READ_END)
      FUZZ_CHECK (buf == NULL);
    else
      note_buffer (out, r, rr, buf);
  }
  wmhttp_reader_free (r);
  return out;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  GByteArray *at_once, *in_steps;
  gsize step;

  if (!wmnet_fuzz_take_step (&data, &size, &step))
    return 0;
  at_once = read_body (data, size, MAX (size, 1));
  in_steps = read_body (data, size, step);
  wmnet_fuzz_check_same (at_once, in_steps);
  g_byte_array_unref (at_once);
  g_byte_array_unref (in_steps);
  return 0;
}
