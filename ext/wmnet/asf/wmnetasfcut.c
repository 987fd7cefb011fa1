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

/* wmnetasfcut: payloads are found by wmasf_packet_walk(); the cut
 * packet's layout is docs/design.md D38, why packets are cut one by one
 * D39. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetasfcut.h"

#define STREAM_BIT(mask, n) (((mask)[(n) / 32] >> ((n) % 32)) & 1)

void
wmnet_selection_init_all (WmnetSelection * sel)
{
  memset (sel, 0, sizeof (*sel));
  sel->all = TRUE;
}

gboolean
wmnet_selection_equal (const WmnetSelection * a, const WmnetSelection * b)
{
  guint n;

  if (a->all || b->all)
    return a->all == b->all;
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++) {
    if (a->thinning[n] != b->thinning[n])
      return FALSE;
  }
  return TRUE;
}

void
wmnet_selection_normalize (WmnetSelection * sel, const WmAsfHeaderInfo * info)
{
  gboolean every = TRUE;
  guint n;

  if (sel->all) {
    wmnet_selection_init_all (sel);
    return;
  }
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++) {
    /* a level out of range is read as the nearest one: "none" */
    if (sel->thinning[n] > WMNET_THINNING_ALL)
      sel->thinning[n] = WMNET_THINNING_ALL;
    /* streams the header does not describe carry nothing: the same
     * selection whatever the request said of them */
    if (info->n_streams > 0 && !STREAM_BIT (info->stream_mask, n))
      sel->thinning[n] = WMNET_THINNING_ALL;
    else if (info->n_streams > 0 && sel->thinning[n] != WMNET_THINNING_NONE)
      every = FALSE;
  }
  /* a header that describes no stream cannot be selected from */
  if (every)
    wmnet_selection_init_all (sel);
  sel->thinning[0] = 0;
}

static gboolean
payload_kept (const WmnetSelection * sel, const WmAsfPayload * p)
{
  switch (sel->thinning[p->stream]) {
    case WMNET_THINNING_NONE:
      return TRUE;
    case WMNET_THINNING_KEY_FRAMES:
      /* every fragment of a key-frame media object carries the bit */
      return p->key;
    default:
      return FALSE;
  }
}

/* @sel keeps some video stream, at level 0 or 1 */
static gboolean
selects_video (const WmAsfHeaderInfo * info, const WmnetSelection * sel)
{
  guint n;

  if (!info->has_video)
    return FALSE;
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++) {
    if (STREAM_BIT (info->video_mask, n)
        && sel->thinning[n] != WMNET_THINNING_ALL)
      return TRUE;
  }
  return FALSE;
}

static void
write_typed (guint8 * p, guint type, guint32 v)
{
  switch (type) {
    case 1:
      p[0] = v;
      break;
    case 2:
      GST_WRITE_UINT16_LE (p, v);
      break;
    case 3:
      GST_WRITE_UINT32_LE (p, v);
      break;
    default:
      break;
  }
}

#define TYPE_SIZE(t) ((t) == 3 ? 4 : (t))

gboolean
wmnet_asf_packet_cut (const WmAsfHeaderInfo * info,
    const WmnetSelection * sel, const guint8 * packet, gsize size,
    guint8 * out, gsize * used, gboolean * key)
{
  WmAsfPacketLayout l;
  const WmAsfPayload *kept[WMASF_MAX_PAYLOADS];
  guint i, n_kept = 0, len_type;
  gboolean has_key = FALSE, video;
  gsize pos, ps;

  *used = 0;
  *key = FALSE;
  if (info == NULL || sel == NULL || out == NULL)
    return FALSE;
  ps = info->packet_size;
  if (size != ps || !wmasf_packet_walk (info, packet, size, &l))
    return FALSE;

  video = sel->all ? info->has_video : selects_video (info, sel);
  for (i = 0; i < l.n_payloads; i++) {
    const WmAsfPayload *p = &l.payloads[i];

    if (!sel->all && !payload_kept (sel, p))
      continue;
    kept[n_kept++] = p;
    if (p->key && (p->offset == 0 || p->compressed)
        && STREAM_BIT (info->video_mask, p->stream))
      has_key = TRUE;
  }
  if (n_kept == 0)
    return FALSE;
  *key = has_key || !video;

  if (n_kept == l.n_payloads) {
    /* nothing taken out: the packet as it is */
    memcpy (out, packet, ps);
    *used = l.end;
    return TRUE;
  }

  /* docs/design.md D38: the original error correction data; multiple
   * payloads, WORD padding length, no packet length and no sequence; the
   * original property flags and payload length type, so that each kept
   * payload's header is copied as it is. A single-payload packet is whole
   * or dropped, so it never gets here. */
  len_type = l.payload_length_type;
  /* 11: flags, padding length, send time, duration, payload flags; the
   * packet held them and two payloads */
  if (l.ecc_length + 11 > ps)
    return FALSE;
  memcpy (out, packet, l.ecc_length);
  pos = l.ecc_length;
  out[pos++] = 0x01 | (2 << 3);
  out[pos++] = l.property_flags;
  pos += 2;                     /* padding length, below */
  GST_WRITE_UINT32_LE (out + pos, l.send_time_ms);
  GST_WRITE_UINT16_LE (out + pos + 4, l.duration_ms);
  pos += 6;
  out[pos++] = (len_type << 6) | n_kept;
  for (i = 0; i < n_kept; i++) {
    const WmAsfPayload *p = kept[i];
    gsize head = p->data_offset - TYPE_SIZE (len_type) - p->header_offset;

    /* each removed payload took at least 3 bytes (stream number, length,
     * data) and the header grows by at most the 2-byte padding length,
     * so this holds for any packet that walked; checked all the same */
    if (head + TYPE_SIZE (len_type) + p->data_length > ps - pos)
      return FALSE;
    memcpy (out + pos, packet + p->header_offset, head);
    pos += head;
    write_typed (out + pos, len_type, p->data_length);
    pos += TYPE_SIZE (len_type);
    memcpy (out + pos, packet + p->data_offset, p->data_length);
    pos += p->data_length;
  }
  GST_WRITE_UINT16_LE (out + l.ecc_length + 2, ps - pos);
  memset (out + pos, 0, ps - pos);
  *used = pos;
  return TRUE;
}
