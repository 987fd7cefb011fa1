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

#include "wmnetview.h"

void
wmnet_views_init (WmnetViews * views, guint max)
{
  memset (views, 0, sizeof (*views));
  views->views = g_ptr_array_new ();
  views->max = max;
}

static void
view_free (WmnetView * v)
{
  wmnet_stream_clear (&v->stream);
  g_free (v);
}

void
wmnet_views_clear (WmnetViews * views)
{
  guint i;

  for (i = 0; i < views->views->len; i++)
    view_free (g_ptr_array_index (views->views, i));
  g_ptr_array_set_size (views->views, 0);
  g_clear_pointer (&views->scratch, g_free);
  views->have_info = FALSE;
}

/* @v gets the main stream's header @h, named by its main seq (src_seq)
 * as its packets will be, so that a client moving between streams knows
 * which header it has (docs/design.md D46). */
static void
view_set_header (WmnetView * v, WmnetChunk * h)
{
  if (wmnet_stream_set_header (&v->stream, gst_buffer_ref (h->buf)) !=
      WMNET_STREAM_HEADER_NEW)
    return;
  v->stream.header->src_seq = h->src_seq;
  if (v->stream.header_change)
    v->stream.header_change->src_seq = h->src_seq;
}

void
wmnet_views_set_header (WmnetViews * views, WmnetStream * main)
{
  WmnetChunk *h = main->header;
  guint i;

  g_clear_pointer (&views->scratch, g_free);
  views->have_info = h != NULL
      && wmasf_header_parse (h->map.data, h->map.size, &views->info, NULL);
  if (views->have_info)
    views->scratch = g_malloc (views->info.packet_size);
  /* the views keep their selections: a stream the new header does not
   * describe is simply not there to send */
  for (i = 0; h && i < views->views->len; i++)
    view_set_header (g_ptr_array_index (views->views, i), h);
}

gsize
wmnet_asf_packet_strip_padding (guint8 * data, gsize size, gsize used)
{
  static const guint8 sizes[4] = { 0, 1, 2, 4 };
  gsize pos = 0;
  guint8 len_flags;
  guint pad_size;

  if (used >= size || size < 2)
    return size;
  len_flags = data[pos++];
  if (len_flags & 0x80) {
    /* error correction data first; its flags are checked by the parse */
    pos += len_flags & 0x0f;
    if (pos + 2 > size)
      return size;
    len_flags = data[pos++];
  }
  pos++;                        /* property flags */
  /* single payload, or an explicit Packet Length: left whole */
  if (!(len_flags & 1) || ((len_flags >> 5) & 3) != 0)
    return size;
  pos += sizes[(len_flags >> 1) & 3];   /* sequence */
  pad_size = sizes[(len_flags >> 3) & 3];
  if (pad_size == 0 || pos + pad_size > used)
    return size;
  memset (data + pos, 0, pad_size);
  return used;
}

/* Cuts @packet (of the main stream) for @v: pushed to its ring when
 * anything of it is kept. */
static void
view_push (WmnetViews * views, WmnetView * v, WmnetChunk * packet)
{
  gsize used = 0, len;
  gboolean key = FALSE;
  GstBuffer *buf;
  WmnetChunk *c;

  if (!wmnet_asf_packet_cut (&views->info, &v->sel, packet->map.data,
          packet->map.size, views->scratch, &used, &key))
    return;
  len = wmnet_asf_packet_strip_padding (views->scratch,
      views->info.packet_size, used);
  buf = gst_buffer_new_memdup (views->scratch, len);
  GST_BUFFER_DTS (buf) = GST_BUFFER_DTS (packet->buf);
  GST_BUFFER_PTS (buf) = GST_BUFFER_PTS (packet->buf);
  if (!key)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  if (!wmnet_stream_push (&v->stream, buf))
    return;
  c = wmnet_ring_get (&v->stream.ring, v->stream.ring.next_seq - 1);
  c->src_seq = packet->seq;
}

void
wmnet_views_push (WmnetViews * views, WmnetChunk * packet)
{
  guint i;

  /* a packet of another header than the one parsed cannot be cut */
  if (!views->have_info || packet->kind != WMNET_CHUNK_PACKET
      || packet->map.size != views->info.packet_size)
    return;
  for (i = 0; i < views->views->len; i++)
    view_push (views, g_ptr_array_index (views->views, i), packet);
}

void
wmnet_views_end (WmnetViews * views)
{
  guint i;

  for (i = 0; i < views->views->len; i++)
    wmnet_stream_end (&((WmnetView *) g_ptr_array_index (views->views,
                i))->stream);
}

void
wmnet_views_set_cadence (WmnetViews * views, WmnetStream * main,
    guint max_every)
{
  guint64 main_rate = wmnet_ring_byte_rate (&main->ring);
  guint i;

  for (i = 0; i < views->views->len; i++) {
    WmnetView *v = g_ptr_array_index (views->views, i);
    guint64 rate = wmnet_ring_byte_rate (&v->stream.ring), every = 1;

    if (main_rate > 0 && rate > 0)
      every = (main_rate + rate - 1) / rate;
    v->every = CLAMP (every, 1, MAX (max_every, 1));
  }
}

void
wmnet_views_evict (WmnetViews * views, GstClockTime buffer_time)
{
  guint i;

  for (i = 0; i < views->views->len; i++)
    wmnet_stream_evict (&((WmnetView *) g_ptr_array_index (views->views,
                i))->stream, buffer_time);
}

WmnetView *
wmnet_views_acquire (WmnetViews * views, WmnetStream * main,
    WmnetSelection * sel, gboolean * limited)
{
  WmnetView *v;
  guint64 s;
  guint i;

  *limited = FALSE;
  if (sel->all || !views->have_info || main->header == NULL)
    return NULL;
  wmnet_selection_normalize (sel, &views->info);
  if (sel->all)
    return NULL;
  for (i = 0; i < views->views->len; i++) {
    v = g_ptr_array_index (views->views, i);
    if (wmnet_selection_equal (&v->sel, sel)) {
      v->readers++;
      return v;
    }
  }
  if (views->views->len >= views->max) {
    *limited = TRUE;
    return NULL;
  }

  v = g_new0 (WmnetView, 1);
  wmnet_stream_init (&v->stream);
  v->sel = *sel;
  v->readers = 1;
  v->every = 1;
  view_set_header (v, main->header);
  /* seeded with the current header's packets the main ring holds, so that
   * its first client has a key packet to start from */
  for (s = main->ring.first_seq; s < main->ring.next_seq; s++) {
    WmnetChunk *c = wmnet_ring_get (&main->ring, s);

    if (c->kind == WMNET_CHUNK_PACKET && c->header_seq == main->header->seq)
      view_push (views, v, c);
  }
  if (main->eos)
    wmnet_stream_end (&v->stream);
  g_ptr_array_add (views->views, v);
  return v;
}

void
wmnet_views_release (WmnetViews * views, WmnetView * view)
{
  if (view == NULL || --view->readers > 0)
    return;
  g_ptr_array_remove_fast (views->views, view);
  view_free (view);
}

void
wmnet_selection_to_structure (const WmnetSelection * sel,
    const guint32 * stream_mask, GstStructure * s, const gchar * selected,
    const gchar * thinned)
{
  GValue sv = G_VALUE_INIT, tv = G_VALUE_INIT, n = G_VALUE_INIT;
  guint i;

  gst_value_array_init (&sv, 8);
  gst_value_array_init (&tv, 2);
  g_value_init (&n, G_TYPE_UINT);
  for (i = 1; i <= WMNET_ASF_MAX_STREAM; i++) {
    guint level;

    if (stream_mask == NULL || !(stream_mask[i / 32] & (1u << (i % 32))))
      continue;
    level = sel->all ? WMNET_THINNING_NONE : sel->thinning[i];
    if (level == WMNET_THINNING_ALL)
      continue;
    g_value_set_uint (&n, i);
    gst_value_array_append_value (&sv, &n);
    if (level == WMNET_THINNING_KEY_FRAMES)
      gst_value_array_append_value (&tv, &n);
  }
  gst_structure_take_value (s, selected, &sv);
  gst_structure_take_value (s, thinned, &tv);
  g_value_unset (&n);
}
