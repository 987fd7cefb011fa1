/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* asfindex: file mode's bookkeeping: the packets written, where key
 * frames start, and the Simple Index Object (ASF spec 6.1) built from
 * them at EOS, one entry a second as the SDK's auto-indexing writes it
 * (docs/design.md, D33). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/base/gstbytewriter.h>

#include "asfindex.h"
#include "asfwrite.h"

/* 1 s in 100 ns units, the SDK's default index interval */
#define INDEX_INTERVAL 10000000
#define SIMPLE_INDEX_FIXED_SIZE 56
#define SIMPLE_INDEX_ENTRY_SIZE 6

void
wmasf_file_index_init (WmAsfFileIndex * idx)
{
  idx->keys = g_array_new (FALSE, FALSE, sizeof (WmAsfIndexKey));
  idx->n_packets = 0;
  idx->send_end = 0;
}

void
wmasf_file_index_clear (WmAsfFileIndex * idx)
{
  g_clear_pointer (&idx->keys, g_array_unref);
  idx->n_packets = 0;
  idx->send_end = 0;
}

/* One packet went out; @key: it holds the start of a key frame presented
 * at @key_pres (audio-only: any packet, at its send time). */
void
wmasf_file_index_add_packet (WmAsfFileIndex * idx, GstClockTime send,
    gboolean key, GstClockTime key_pres)
{
  if (key && idx->n_packets <= G_MAXUINT32) {
    WmAsfIndexKey k = { idx->n_packets, key_pres };

    g_array_append_val (idx->keys, k);
  }
  if (GST_CLOCK_TIME_IS_VALID (send))
    idx->send_end = MAX (idx->send_end, send);
  idx->n_packets++;
}

/**
 * wmasf_file_index_build:
 * @play_duration: 100 ns, preroll included (the File Properties')
 *
 * Entry i points at the packet of the last key frame presented at or
 * before i seconds of presentation time (the preroll included, as FFmpeg
 * and the SDK read it), else at the first.
 *
 * Returns: (transfer full) (nullable): the Simple Index Object, %NULL
 * without any key frame.
 */
GstBuffer *
wmasf_file_index_build (const WmAsfFileIndex * idx, const WmAsfGuid * file_id,
    guint64 play_duration, guint64 preroll_ms)
{
  GstByteWriter bw;
  guint64 n_entries = play_duration / INDEX_INTERVAL + 1;
  gsize size;
  guint i, k = 0;

  if (idx->keys == NULL || idx->keys->len == 0)
    return NULL;
  n_entries = MIN (n_entries, (G_MAXUINT32 - SIMPLE_INDEX_FIXED_SIZE) /
      SIMPLE_INDEX_ENTRY_SIZE);
  size = SIMPLE_INDEX_FIXED_SIZE + n_entries * SIMPLE_INDEX_ENTRY_SIZE;
  gst_byte_writer_init_with_size (&bw, size, FALSE);
  if (!gst_byte_writer_ensure_free_space (&bw, size)) {
    gst_byte_writer_reset (&bw);
    return NULL;
  }
  wmasf_put_object_header (&bw, &wmasf_guid_simple_index, size);
  wmasf_put_guid (&bw, file_id);
  gst_byte_writer_put_uint64_le_unchecked (&bw, INDEX_INTERVAL);
  gst_byte_writer_put_uint32_le_unchecked (&bw, 1);     /* max packet count */
  gst_byte_writer_put_uint32_le_unchecked (&bw, n_entries);
  for (i = 0; i < n_entries; i++) {
    /* the entry's time in running time: less the preroll */
    guint64 t = (guint64) i * INDEX_INTERVAL * 100;
    guint64 preroll = preroll_ms * GST_MSECOND;

    while (k + 1 < idx->keys->len
        && g_array_index (idx->keys, WmAsfIndexKey, k + 1).pres_time +
        preroll <= t)
      k++;
    gst_byte_writer_put_uint32_le_unchecked (&bw,
        g_array_index (idx->keys, WmAsfIndexKey, k).packet);
    gst_byte_writer_put_uint16_le_unchecked (&bw, 1);
  }
  return gst_byte_writer_reset_and_get_buffer (&bw);
}
