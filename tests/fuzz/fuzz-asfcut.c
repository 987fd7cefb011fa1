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

/* Fuzzes the packet cutter of stream selection (wmnetasfcut.c): the first
 * byte picks the streams' thinning levels, the rest is a header and
 * packets as in fuzz-asfparse. Checks that a cut packet is of the packet
 * size, walks, and holds exactly the payloads the selection keeps, their
 * bytes unchanged, in their order. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetasfcut.h"
#include "wmnetfuzz.h"

static gboolean
kept (const WmnetSelection * sel, const WmAsfPayload * p)
{
  if (sel->all)
    return TRUE;
  return sel->thinning[p->stream] == WMNET_THINNING_NONE
      || (sel->thinning[p->stream] == WMNET_THINNING_KEY_FRAMES && p->key);
}

static void
check_cut (const WmAsfHeaderInfo * info, const WmnetSelection * sel,
    const guint8 * p, gsize size)
{
  WmAsfPacketLayout in, out;
  guint8 *cut = g_malloc (info->packet_size);
  gsize used;
  gboolean key;
  guint i, o = 0, n_kept = 0;

  if (!wmnet_asf_packet_cut (info, sel, p, size, cut, &used, &key)) {
    g_free (cut);
    return;
  }
  FUZZ_CHECK (size == info->packet_size && used <= size);
  FUZZ_CHECK (wmasf_packet_walk (info, p, size, &in));
  FUZZ_CHECK (wmasf_packet_walk (info, cut, size, &out));
  for (i = 0; i < in.n_payloads; i++) {
    const WmAsfPayload *a = &in.payloads[i], *b;

    if (!kept (sel, a))
      continue;
    n_kept++;
    FUZZ_CHECK (o < out.n_payloads);
    b = &out.payloads[o++];
    FUZZ_CHECK (a->stream == b->stream && a->key == b->key);
    FUZZ_CHECK (a->object_number == b->object_number);
    FUZZ_CHECK (a->offset == b->offset);
    FUZZ_CHECK (a->data_length == b->data_length);
    FUZZ_CHECK (a->replicated_length == b->replicated_length);
    FUZZ_CHECK (memcmp (p + a->data_offset, cut + b->data_offset,
            a->data_length) == 0);
    FUZZ_CHECK (memcmp (p + a->replicated_offset, cut + b->replicated_offset,
            a->replicated_length) == 0);
  }
  FUZZ_CHECK (n_kept > 0 && o == out.n_payloads);
  FUZZ_CHECK (out.send_time_ms == in.send_time_ms);
  g_free (cut);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  WmAsfHeaderInfo info;
  WmnetSelection sel, all;
  gsize off;
  guint8 pick;
  guint n;

  if (size < 1)
    return 0;
  pick = data[0];
  data++;
  size--;
  if (size < WMASF_GUID_SIZE || !wmasf_is_header_guid (data)
      || !wmasf_header_complete (data, size)
      || !wmasf_header_parse (data, size, &info, NULL))
    return 0;

  /* stream n at level (pick >> 2 (n % 4)) & 3; 3 is out of range */
  memset (&sel, 0, sizeof (sel));
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++)
    sel.thinning[n] = (pick >> (2 * (n % 4))) & 3;
  wmnet_selection_normalize (&sel, &info);
  for (n = 1; n <= WMNET_ASF_MAX_STREAM && !sel.all; n++)
    FUZZ_CHECK (sel.thinning[n] <= WMNET_THINNING_ALL);
  wmnet_selection_init_all (&all);

  off = info.header_size + (info.has_data_header ?
      WMASF_DATA_OBJECT_HEADER_SIZE : 0);
  for (; off + info.packet_size <= size; off += info.packet_size) {
    check_cut (&info, &sel, data + off, info.packet_size);
    check_cut (&info, &all, data + off, info.packet_size);
  }
  return 0;
}
