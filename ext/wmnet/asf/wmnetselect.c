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

#include <gst/wmasf/asfreader.h>

#include "wmnetselect.h"

#define GUID_SIZE WMASF_GUID_SIZE
#define OBJECT_HEADER_SIZE WMASF_OBJECT_HEADER_SIZE
#define MAX_STREAM 127
#define MAX_GROUPS 32

typedef struct
{
  guint32 bitrate[MAX_STREAM + 1];      /* 0 = unknown */
  guint32 described[4];
  /* group membership, bit n of groups[g][n / 32] */
  guint32 groups[MAX_GROUPS][4];
  guint n_groups;
} Streams;

static void
set_bit (guint32 mask[4], guint n)
{
  mask[n / 32] |= 1u << (n % 32);
}

static gboolean
has_bit (const guint32 mask[4], guint n)
{
  return (mask[n / 32] & (1u << (n % 32))) != 0;
}

/* Stream Properties (3.3): type GUID, ECC GUID, time offset, type-specific
 * length, ECC length, flags (stream number in bits 0-6), reserved, then
 * the type-specific data (WAVEFORMATEX for audio). */
static void
stream_properties (Streams * s, const guint8 * o, gsize size)
{
  WmAsfReader r;
  guint16 flags;
  guint32 type_len, avg_bytes;
  guint n;

  wmasf_reader_init (&r, o, size);
  if (size < OBJECT_HEADER_SIZE + 54
      || !wmasf_reader_skip (&r, OBJECT_HEADER_SIZE + 2 * GUID_SIZE + 8)
      || !wmasf_reader_u32 (&r, &type_len) || !wmasf_reader_skip (&r, 4)
      || !wmasf_reader_u16 (&r, &flags))
    return;
  n = flags & 0x7f;
  if (n == 0)
    return;
  set_bit (s->described, n);
  /* WAVEFORMATEX: format tag, channels, samples per second, then the
   * average bytes per second */
  if (wmasf_guid_equal (o + OBJECT_HEADER_SIZE, &wmasf_guid_audio_media)
      && type_len >= 12 && s->bitrate[n] == 0
      && wmasf_reader_skip (&r, 4 + 8) && wmasf_reader_u32 (&r, &avg_bytes))
    s->bitrate[n] = avg_bytes * 8;
}

/* Stream Bitrate Properties (3.12): count, then {flags, average bitrate}. */
static void
stream_bitrates (Streams * s, const guint8 * o, gsize size)
{
  WmAsfReader r;
  guint16 count, flags;
  guint32 bitrate;
  guint i;

  wmasf_reader_init (&r, o, size);
  if (!wmasf_reader_skip (&r, OBJECT_HEADER_SIZE)
      || !wmasf_reader_u16 (&r, &count))
    return;
  for (i = 0; i < count; i++) {
    /* a record cut short counts for nothing */
    if (!wmasf_reader_u16 (&r, &flags) || !wmasf_reader_u32 (&r, &bitrate))
      break;
    s->bitrate[flags & 0x7f] = bitrate;
  }
}

/* Bitrate (3.8) and Advanced (4.3) Mutual Exclusion: exclusion type GUID,
 * stream count, stream numbers. */
static void
mutual_exclusion (Streams * s, const guint8 * o, gsize size)
{
  WmAsfReader r;
  guint16 count, number;
  guint i;
  guint32 *group;

  wmasf_reader_init (&r, o, size);
  if (s->n_groups == MAX_GROUPS
      || !wmasf_reader_skip (&r, OBJECT_HEADER_SIZE + GUID_SIZE)
      || !wmasf_reader_u16 (&r, &count))
    return;
  group = s->groups[s->n_groups++];
  for (i = 0; i < count && wmasf_reader_u16 (&r, &number); i++) {
    if (number & 0x7f)
      set_bit (group, number & 0x7f);
  }
}

/* Extended Stream Properties (4.1): start time, end time, data bitrate,
 * ..., stream number at offset 48. A bit rate here yields to the Stream
 * Bitrate Properties Object's. */
static void
extended_stream_properties (Streams * s, const guint8 * o, gsize size)
{
  WmAsfReader r;
  guint32 bitrate;
  guint16 number;
  guint n;

  wmasf_reader_init (&r, o, size);
  if (!wmasf_reader_skip (&r, OBJECT_HEADER_SIZE + 16)
      || !wmasf_reader_u32 (&r, &bitrate) || !wmasf_reader_skip (&r, 28)
      || !wmasf_reader_u16 (&r, &number))
    return;
  n = number & 0x7f;
  if (s->bitrate[n] == 0)
    s->bitrate[n] = bitrate;
}

static void walk (Streams * s, const guint8 * p, gsize size, guint depth);

static void
object (Streams * s, const guint8 * o, gsize size, guint depth)
{
  if (wmasf_guid_equal (o, &wmasf_guid_stream_properties))
    stream_properties (s, o, size);
  else if (wmasf_guid_equal (o, &wmasf_guid_stream_bitrate_properties))
    stream_bitrates (s, o, size);
  else if (wmasf_guid_equal (o, &wmasf_guid_bitrate_mutual_exclusion)
      || wmasf_guid_equal (o, &wmasf_guid_advanced_mutual_exclusion))
    mutual_exclusion (s, o, size);
  else if (wmasf_guid_equal (o, &wmasf_guid_extended_stream_properties))
    extended_stream_properties (s, o, size);
  else if (wmasf_guid_equal (o, &wmasf_guid_header_extension) && depth == 0) {
    /* Header Extension (3.4): reserved GUID, WORD, data size, objects */
    WmAsfReader r;
    guint32 dsize;

    wmasf_reader_init (&r, o, size);
    if (wmasf_reader_skip (&r, OBJECT_HEADER_SIZE + GUID_SIZE + 2)
        && wmasf_reader_u32 (&r, &dsize) && dsize <= wmasf_reader_left (&r))
      walk (s, o + r.pos, dsize, depth + 1);
  }
}

/* the objects in @p..@p+@size, up to the first whose size is out of
 * bounds */
static void
walk (Streams * s, const guint8 * p, gsize size, guint depth)
{
  WmAsfReader r;
  const guint8 *o;
  guint64 osize;

  wmasf_reader_init (&r, p, size);
  while (wmasf_reader_object (&r, &o, &osize))
    object (s, o, osize, depth);
}

void
wmnet_select_streams (const guint8 * header, gsize size, guint max_bitrate,
    guint32 described[4], guint32 chosen[4])
{
  Streams *s = g_new0 (Streams, 1);
  guint32 grouped[4] = { 0, }, picked[4] = { 0, };
  guint64 left = max_bitrate;
  guint g, n, i;

  /* Header Object: GUID, size, count, 2 reserved bytes, objects */
  if (size >= WMASF_HEADER_OBJECT_FIXED_SIZE) {
    guint64 hsize = GST_READ_UINT64_LE (header + GUID_SIZE);

    walk (s, header + WMASF_HEADER_OBJECT_FIXED_SIZE, MIN (hsize, size)
        - MIN (hsize, WMASF_HEADER_OBJECT_FIXED_SIZE), 0);
  }
  memcpy (described, s->described, sizeof (s->described));
  memcpy (chosen, s->described, sizeof (s->described));
  if (max_bitrate == 0)
    goto done;

  for (g = 0; g < s->n_groups; g++)
    for (i = 0; i < 4; i++)
      grouped[i] |= s->groups[g][i] & s->described[i];
  for (n = 1; n <= MAX_STREAM; n++)
    if (has_bit (s->described, n) && !has_bit (grouped, n))
      left -= MIN (left, s->bitrate[n]);

  for (g = 0; g < s->n_groups; g++) {
    gint best = -1, lowest = -1;

    for (n = 1; n <= MAX_STREAM; n++) {
      if (!has_bit (s->groups[g], n) || !has_bit (s->described, n))
        continue;
      if (!has_bit (picked, n))
        chosen[n / 32] &= ~(1u << (n % 32));
      if (s->bitrate[n] <= left && (best < 0
              || s->bitrate[n] > s->bitrate[best]))
        best = n;
      if (lowest < 0 || s->bitrate[n] < s->bitrate[lowest])
        lowest = n;
    }
    if (best < 0)
      best = lowest;
    /* a stream in two groups counts once */
    if (best > 0 && !has_bit (picked, best)) {
      set_bit (chosen, best);
      set_bit (picked, best);
      left -= MIN (left, s->bitrate[best]);
    }
  }
done:
  g_free (s);
}
