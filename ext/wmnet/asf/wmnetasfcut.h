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


/* wmnetasfcut: the data packets a client with a stream selection is sent.
 * Owns a selection ([MS-WMSP] 2.2.1.4.27: per ASF stream number, thinning
 * level 0 = every media object, 1 = key-frame media objects only, 2 = none)
 * and the re-cutting of one data packet (ASF spec 5.2) for it: the payloads
 * of streams not selected, or not key frames of a key-frames-only stream,
 * are taken out; the packet keeps the header's packet size, its send time
 * and duration, with its payload parsing information, payload count and
 * padding rewritten. Pure: GStreamer core types only, no state, no threads;
 * unit-tested in tests/check/libs/wmnetasfcut.c. */

#ifndef __WMNET_ASF_CUT_H__
#define __WMNET_ASF_CUT_H__

#include <gst/gst.h>

#include <gst/wmasf/asfreader.h>

G_BEGIN_DECLS

/* [MS-WMSP] 2.2.1.4.27 thinning levels, as the request writes them. */
typedef enum
{
  WMNET_THINNING_NONE = 0,      /* every media object of the stream */
  WMNET_THINNING_KEY_FRAMES = 1,        /* key-frame media objects only */
  WMNET_THINNING_ALL = 2,       /* the stream is not sent */
} WmnetThinning;

/* ASF stream numbers are 1..127 (7 bits). */
#define WMNET_ASF_MAX_STREAM 127

/* Which streams a client is sent. @all: every stream, untouched (no
 * stream-switch-entry, a plain HTTP client, or every stream the header
 * describes at level 0); otherwise thinning[n] is the WmnetThinning of
 * stream number n (1..127; [0] unused), streams the request did not name
 * being WMNET_THINNING_ALL. */
typedef struct
{
  gboolean all;
  guint8 thinning[WMNET_ASF_MAX_STREAM + 1];
} WmnetSelection;

/* Every stream, untouched. */
void wmnet_selection_init_all (WmnetSelection * sel);
/* Same streams at the same levels. */
gboolean wmnet_selection_equal (const WmnetSelection * a,
    const WmnetSelection * b);
/* Normalizes @sel against a header: @all when it keeps every stream
 * @info describes at level 0 (so that such clients share the unfiltered
 * packets). */
void wmnet_selection_normalize (WmnetSelection * sel,
    const WmAsfHeaderInfo * info);

/**
 * wmnet_asf_packet_cut:
 * @info: the header the packet belongs to
 * @sel: the selection; not @all
 * @packet: (array length=size): one data packet, @info->packet_size bytes
 * @size: its size
 * @out: (out caller-allocates): at least @info->packet_size bytes
 * @used: (out): bytes of @out before the trailing padding
 * @key: (out): the cut packet holds the start of a key-frame media object
 *   of a selected video stream, or @sel selects no video stream
 *
 * Writes to @out the packet @sel lets through: @info->packet_size bytes,
 * the kept payloads in their order, padding to the end.
 *
 * Returns: %FALSE when nothing of @packet is kept (or it does not parse):
 * the client is sent no packet for it.
 */
gboolean wmnet_asf_packet_cut (const WmAsfHeaderInfo * info,
    const WmnetSelection * sel, const guint8 * packet, gsize size,
    guint8 * out, gsize * used, gboolean * key);

G_END_DECLS

#endif /* __WMNET_ASF_CUT_H__ */
