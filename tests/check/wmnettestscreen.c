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

#include "wmnettestscreen.h"
#include "wmnetheadscreen.h"

void
wmnet_test_screen_read (const guint8 * data, gsize size, gsize step,
    gsize count, WmnetTestScreened * res)
{
  WmnetHeadScreen *screen = wmnet_head_screen_new ();
  GInputStream *mem = g_memory_input_stream_new ();
  GOutputStream *sink = g_memory_output_stream_new_resizable ();
  GIOStream *conn = g_simple_io_stream_new (mem, sink);
  GIOStream *screened = wmnet_screened_stream_new (conn, screen);
  GInputStream *in = g_io_stream_get_input_stream (screened);
  guint8 *buf = g_malloc (count);
  gsize off, piece = step ? step : size;
  gssize n;

  for (off = 0; off < size; off += piece)
    g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (mem),
        g_memdup2 (data + off, MIN (piece, size - off)),
        MIN (piece, size - off), g_free);
  res->can_poll =
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (in));
  res->out = g_byte_array_new ();
  while ((n = g_input_stream_read (in, buf, count, NULL, NULL)) > 0)
    g_byte_array_append (res->out, buf, n);
  res->read_failed = n != 0;
  res->problem = wmnet_head_screen_get_problem (screen);
  res->done = wmnet_head_screen_is_done (screen);
  g_free (buf);
  g_object_unref (screened);
  g_object_unref (conn);
  g_object_unref (sink);
  g_object_unref (mem);
  g_object_unref (screen);
}
