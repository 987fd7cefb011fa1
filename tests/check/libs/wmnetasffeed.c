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

/* Feeding a WmnetAsfStream and collecting its items: see wmnetasffeed.h. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnetasffeed.h"

void
out_free (gpointer data)
{
  Out *o = data;

  g_bytes_unref (o->bytes);
  g_free (o);
}

void
collect (WmnetAsfStream * s, GPtrArray * outs)
{
  WmnetAsfItem kind;
  GstBuffer *buf;

  while (wmnet_asf_stream_pop (s, &kind, &buf)) {
    Out *o = g_new0 (Out, 1);
    GstMapInfo map;

    o->kind = kind;
    o->key = !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
    o->bytes = g_bytes_new (map.data, map.size);
    gst_buffer_unmap (buf, &map);
    if (kind == WMNET_ASF_HEADER)
      fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
    gst_buffer_unref (buf);
    g_ptr_array_add (outs, o);
  }
}

/* Feeds @data in chunks: @chunk bytes each, or random sizes up to -@chunk
 * when negative, or all at once when 0. Returns the items; *@ok is what
 * the last push returned. */
GPtrArray *
feed (WmnetAsfStream * s, const guint8 * data, gsize size, gint chunk,
    GRand * rand, gboolean * ok)
{
  GPtrArray *outs = g_ptr_array_new_with_free_func (out_free);
  gsize pos = 0;

  *ok = TRUE;
  while (pos < size && *ok) {
    gsize n = chunk > 0 ? (gsize) chunk : chunk == 0 ? size :
        (gsize) g_rand_int_range (rand, 1, 1 - chunk);

    n = MIN (n, size - pos);
    *ok = wmnet_asf_stream_push (s, gst_buffer_new_memdup (data + pos, n),
        NULL);
    pos += n;
    collect (s, outs);
  }
  return outs;
}

GPtrArray *
feed_new_pending (const guint8 * data, gsize size, gint chunk, GRand * rand,
    WmnetAsfStreamStats * stats, gsize * pending)
{
  WmnetAsfStream *s = wmnet_asf_stream_new ();
  gboolean ok;
  GPtrArray *outs = feed (s, data, size, chunk, rand, &ok);

  fail_unless (ok);
  if (stats)
    wmnet_asf_stream_get_stats (s, stats);
  if (pending)
    *pending = wmnet_asf_stream_get_pending (s);
  wmnet_asf_stream_free (s);
  return outs;
}

GPtrArray *
feed_new (const guint8 * data, gsize size, gint chunk, GRand * rand,
    WmnetAsfStreamStats * stats)
{
  return feed_new_pending (data, size, chunk, rand, stats, NULL);
}

void
assert_same_outs (GPtrArray * a, GPtrArray * b)
{
  guint i;

  fail_unless_equals_int (a->len, b->len);
  for (i = 0; i < a->len; i++) {
    Out *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

    fail_unless_equals_int (x->kind, y->kind);
    fail_unless_equals_int (x->key, y->key);
    fail_unless (g_bytes_equal (x->bytes, y->bytes), "item %u differs", i);
  }
}

gboolean
out_is (Out * o, WmnetAsfItem kind, const guint8 * data, gsize size)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (o->bytes, &len);

  return o->kind == kind && len == size && memcmp (p, data, size) == 0;
}
