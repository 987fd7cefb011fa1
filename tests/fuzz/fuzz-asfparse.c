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

/* Fuzzes the ASF object reader (gst-libs/gst/wmasf/asfreader.c) and the
 * stream choice's header walk (wmnetselect.c): the input is what a file or an encoder
 * gives, a Header Object, the Data Object header and packets. Checks that
 * a header read is consistent, that the $H made of it reads the same and
 * is made again byte for byte, that the streams chosen are among those
 * described, and that every payload of a packet lies inside it, in order,
 * as the packet's summary says. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/wmasf/asfreader.h>
#include "wmnetfuzz.h"
#include "wmnetselect.h"

static gboolean
mask_subset (const guint32 * a, const guint32 * b)
{
  guint i;

  for (i = 0; i < 4; i++)
    if (a[i] & ~b[i])
      return FALSE;
  return (a[0] & 1) == 0;
}

static void
check_header (const guint8 * data, gsize size, WmAsfHeaderInfo * info)
{
  WmAsfHeaderInfo again;
  GstBuffer *made, *remade;
  GstMapInfo map, map2;
  guint i;
  gboolean video = FALSE;

  FUZZ_CHECK (info->header_size >= WMASF_HEADER_OBJECT_FIXED_SIZE);
  FUZZ_CHECK (info->header_size <= size);
  FUZZ_CHECK (info->header_size + WMASF_DATA_OBJECT_HEADER_SIZE <=
      WMASF_MAX_HEADER_SIZE);
  FUZZ_CHECK (info->packet_size >= WMASF_MIN_PACKET_SIZE
      && info->packet_size <= WMASF_MAX_PACKET_SIZE);
  FUZZ_CHECK (mask_subset (info->video_mask, info->stream_mask));
  for (i = 0; i < 4; i++)
    video = video || info->video_mask[i];
  FUZZ_CHECK (info->has_video == video);
  FUZZ_CHECK (info->n_streams <= 127);

  made = wmasf_header_make (data, size, info);
  gst_buffer_map (made, &map, GST_MAP_READ);
  FUZZ_CHECK (map.size == info->header_size + WMASF_DATA_OBJECT_HEADER_SIZE);
  FUZZ_CHECK (memcmp (map.data, data, info->header_size) == 0);
  FUZZ_CHECK (wmasf_header_complete (map.data, map.size));
  FUZZ_CHECK (wmasf_header_parse (map.data, map.size, &again, NULL));
  FUZZ_CHECK (again.has_data_header);
  FUZZ_CHECK (again.packet_size == info->packet_size);
  FUZZ_CHECK (again.header_size == info->header_size);
  FUZZ_CHECK (again.preroll_ms == info->preroll_ms);
  FUZZ_CHECK (again.broadcast == info->broadcast);
  FUZZ_CHECK (again.n_streams == info->n_streams);
  FUZZ_CHECK (again.has_video == info->has_video);
  FUZZ_CHECK (memcmp (again.file_id, info->file_id, 16) == 0);
  FUZZ_CHECK (memcmp (again.stream_mask, info->stream_mask, 16) == 0);
  FUZZ_CHECK (memcmp (again.video_mask, info->video_mask, 16) == 0);
  remade = wmasf_header_make (map.data, map.size, &again);
  gst_buffer_map (remade, &map2, GST_MAP_READ);
  FUZZ_CHECK (map2.size == map.size);
  FUZZ_CHECK (memcmp (map2.data, map.data, map.size) == 0);
  gst_buffer_unmap (remade, &map2);
  gst_buffer_unref (remade);
  gst_buffer_unmap (made, &map);
  gst_buffer_unref (made);
}

static void
check_select (const guint8 * data, gsize size)
{
  guint32 described[4], chosen[4], all[4];

  /* no limit: every stream described (1..127) */
  wmnet_select_streams (data, size, 0, described, all);
  FUZZ_CHECK (memcmp (described, all, sizeof (all)) == 0);
  FUZZ_CHECK ((described[0] & 1) == 0);
  wmnet_select_streams (data, size, 64000, described, chosen);
  FUZZ_CHECK (mask_subset (chosen, described));
  wmnet_select_streams (data, size, 1, described, chosen);
  FUZZ_CHECK (mask_subset (chosen, described));
}

static void
check_packet (const WmAsfHeaderInfo * info, const guint8 * p, gsize size)
{
  WmAsfPacketLayout l;
  WmAsfPacketInfo pi;
  gboolean walked = wmasf_packet_walk (info, p, size, &l);
  gboolean valid = wmasf_packet_parse (info, p, size, &pi);
  gsize last = 0;
  guint i, objects = 0;

  FUZZ_CHECK (valid == pi.valid);
  FUZZ_CHECK (wmasf_packet_is_key (info, p, size) == (valid && pi.key));
  if (!valid)
    return;
  FUZZ_CHECK (walked);
  FUZZ_CHECK (size <= info->packet_size);
  FUZZ_CHECK (l.end <= size && l.ecc_length < size);
  FUZZ_CHECK (l.n_payloads >= 1 && l.n_payloads <= WMASF_MAX_PAYLOADS);
  FUZZ_CHECK (l.multiple || l.n_payloads == 1);
  FUZZ_CHECK (pi.send_time_ms == l.send_time_ms);
  FUZZ_CHECK (pi.duration_ms == l.duration_ms);
  for (i = 0; i < l.n_payloads; i++) {
    const WmAsfPayload *pl = &l.payloads[i];

    FUZZ_CHECK (pl->stream >= 1 && pl->stream <= 127);
    FUZZ_CHECK (info->n_streams == 0
        || (info->stream_mask[pl->stream / 32] >> (pl->stream % 32)) & 1);
    FUZZ_CHECK (pl->header_offset >= last);
    FUZZ_CHECK (pl->header_offset < pl->replicated_offset);
    FUZZ_CHECK (pl->replicated_offset + pl->replicated_length <=
        pl->data_offset);
    FUZZ_CHECK (pl->data_offset + pl->data_length <= l.end);
    FUZZ_CHECK (pl->replicated_length == 0 || pl->replicated_length == 1
        || pl->replicated_length >= 8);
    FUZZ_CHECK (pl->compressed == (pl->replicated_length == 1));
    FUZZ_CHECK (pl->n_objects >= 1);
    objects += pl->n_objects;
    last = pl->data_offset + pl->data_length;
  }
  FUZZ_CHECK (pi.n_payloads == objects);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  WmAsfHeaderInfo info;
  GError *error = NULL;
  gsize off;

  check_select (data, size);
  if (size < WMASF_GUID_SIZE || !wmasf_is_header_guid (data)
      || !wmasf_header_complete (data, size))
    return 0;
  if (!wmasf_header_parse (data, size, &info, &error)) {
    FUZZ_CHECK (error != NULL && error->domain == WMASF_ERROR);
    g_error_free (error);
    return 0;
  }
  check_header (data, size, &info);
  off = info.header_size + (info.has_data_header ?
      WMASF_DATA_OBJECT_HEADER_SIZE : 0);
  for (; off < size; off += info.packet_size)
    check_packet (&info, data + off, MIN (info.packet_size, size - off));
  return 0;
}
