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

/* wmnetview: what the clients of one stream selection are sent
 * (docs/design.md D43-D46). Owns the views: for each distinct selection
 * in use (normalized against the current header; not "all"), a
 * WmnetStream of its own whose packets are the main stream's packets cut
 * for it (wmnet_asf_packet_cut) once, whatever the number of its clients,
 * with their trailing padding left out as [MS-WMSP] 2.2.3.3 has it; the
 * header the cuts are made against; the bound on how many views there
 * are; how many coalesce windows a view's client waits between writes
 * (D49). A view is made (seeded from what the main ring holds, so that its
 * clients fast-start at once) when its first client comes, and dropped
 * when its last one leaves. Clients that take everything read the main
 * stream and cost nothing here. Pure: no sockets, no threads (the server
 * uses it from its own thread), no logging; unit-tested directly. */

#ifndef __WMNET_VIEW_H__
#define __WMNET_VIEW_H__

#include <gst/gst.h>

#include "wmnetasfcut.h"
#include <gst/wmasf/asfreader.h>
#include "wmnetstream.h"

G_BEGIN_DECLS

/* Views at once, at most: a client whose selection would need one more
 * is sent everything (docs/design.md D45). */
#define WMNET_VIEWS_MAX 8

typedef struct
{
  WmnetStream stream;           /* its clients' stream: cut packets */
  WmnetSelection sel;           /* normalized, never all */
  guint readers;                /* clients reading it or switching to it */
  /* its clients are written every @every-th coalesce window, so that a
   * write carries about what a main-stream client's does (D49); 1: each */
  guint every;
} WmnetView;

typedef struct
{
  GPtrArray *views;             /* WmnetView* */
  guint max;
  /* the main stream's current header, parsed; have_info FALSE before the
   * first one, or when it does not parse (then no view is made) */
  WmAsfHeaderInfo info;
  gboolean have_info;
  guint8 *scratch;              /* info.packet_size bytes */
} WmnetViews;

void wmnet_views_init (WmnetViews * views, guint max);
/* Drops every view (their readers must be gone) and the header. */
void wmnet_views_clear (WmnetViews * views);

/* The main stream has a new current header: it is parsed, and every view
 * gets it (its clients are sent $E(1) $C $H as the main stream's are). */
void wmnet_views_set_header (WmnetViews * views, WmnetStream * main);
/* The main stream's newest chunk, @packet, is cut for every view. */
void wmnet_views_push (WmnetViews * views, WmnetChunk * packet);
void wmnet_views_end (WmnetViews * views);
/* Sets each view's @every: the main stream's byte rate over the view's,
 * rounded up, at most @max_every (at least 1); 1 while either rate is
 * not known yet (wmnet_ring_byte_rate). */
void wmnet_views_set_cadence (WmnetViews * views, WmnetStream * main,
    guint max_every);
void wmnet_views_evict (WmnetViews * views, GstClockTime buffer_time);

/* The view clients selecting @sel read, with a reader more: made and
 * seeded from @main when there is none. NULL when they read @main itself:
 * @sel normalizes to all, there is no usable header, or WMNET_VIEWS_MAX
 * views exist already (*@limited is then set). @sel is normalized in
 * place. */
WmnetView *wmnet_views_acquire (WmnetViews * views, WmnetStream * main,
    WmnetSelection * sel, gboolean * limited);
/* A reader less; the view is dropped with its last. */
void wmnet_views_release (WmnetViews * views, WmnetView * view);

/* The streams @sel sends of those @stream_mask describes (bit n of
 * stream_mask[n / 32]: stream number n), as the client structures have
 * them: @selected, every one sent; @thinned, those of them sent key frames
 * only. Both are GstValueArrays of guint, set in @s. */
void wmnet_selection_to_structure (const WmnetSelection * sel,
    const guint32 * stream_mask, GstStructure * s, const gchar * selected,
    const gchar * thinned);

/* Leaves the trailing padding out of the packet @data (@used bytes of it
 * before its padding, @size in all), as [MS-WMSP] 2.2.3.3 asks of a $D:
 * its Padding Length field is set to 0. Only a packet of multiple
 * payloads without an explicit Packet Length: there the payload count,
 * not the packet's end, bounds the payloads, so a client that pads the
 * $D back to the packet size reads the same packet. Returns the bytes to
 * send: @used, or @size when the packet is left whole. */
gsize wmnet_asf_packet_strip_padding (guint8 * data, gsize size, gsize used);

G_END_DECLS

#endif /* __WMNET_VIEW_H__ */
