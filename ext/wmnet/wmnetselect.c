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

#include "wmnetselect.h"

#define GUID_SIZE 16
#define OBJECT_HEADER_SIZE 24
#define MAX_STREAM 127
#define MAX_GROUPS 32

/* GUIDs in their stored byte order (ASF spec 10.1: LE32, LE16, LE16, 8) */
static const guint8 guid_stream_properties[GUID_SIZE] = {
  0x91, 0x07, 0xdc, 0xb7, 0xb7, 0xa9, 0xcf, 0x11,
  0x8e, 0xe6, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65
};

static const guint8 guid_header_extension[GUID_SIZE] = {
  0xb5, 0x03, 0xbf, 0x5f, 0x2e, 0xa9, 0xcf, 0x11,
  0x8e, 0xe3, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65
};

static const guint8 guid_stream_bitrate_properties[GUID_SIZE] = {
  0xce, 0x75, 0xf8, 0x7b, 0x8d, 0x46, 0xd1, 0x11,
  0x8d, 0x82, 0x00, 0x60, 0x97, 0xc9, 0xa2, 0xb2
};

static const guint8 guid_bitrate_mutual_exclusion[GUID_SIZE] = {
  0xdc, 0x29, 0xe2, 0xd6, 0xda, 0x35, 0xd1, 0x11,
  0x90, 0x34, 0x00, 0xa0, 0xc9, 0x03, 0x49, 0xbe
};

static const guint8 guid_advanced_mutual_exclusion[GUID_SIZE] = {
  0xcf, 0x49, 0x86, 0xa0, 0x75, 0x47, 0x70, 0x46,
  0x8a, 0x16, 0x6e, 0x35, 0x35, 0x75, 0x66, 0xcd
};

static const guint8 guid_extended_stream_properties[GUID_SIZE] = {
  0xcb, 0xa5, 0xe6, 0x14, 0x72, 0xc6, 0x32, 0x43,
  0x83, 0x99, 0xa9, 0x69, 0x52, 0x06, 0x5b, 0x5a
};

static const guint8 guid_audio_media[GUID_SIZE] = {
  0x40, 0x9e, 0x69, 0xf8, 0x4d, 0x5b, 0xcf, 0x11,
  0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b
};

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

static guint32
read32 (const guint8 * p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
read16 (const guint8 * p)
{
  return p[0] | (p[1] << 8);
}

/* Stream Properties (3.3): type GUID, ECC GUID, time offset, type-specific
 * length, ECC length, flags (stream number in bits 0-6), reserved, then
 * the type-specific data (WAVEFORMATEX for audio). */
static void
stream_properties (Streams * s, const guint8 * o, gsize size)
{
  guint n;
  guint32 type_len;

  if (size < OBJECT_HEADER_SIZE + 54)
    return;
  n = read16 (o + OBJECT_HEADER_SIZE + 48) & 0x7f;
  if (n == 0)
    return;
  set_bit (s->described, n);
  type_len = read32 (o + OBJECT_HEADER_SIZE + 40);
  if (memcmp (o + OBJECT_HEADER_SIZE, guid_audio_media, GUID_SIZE) == 0
      && type_len >= 12 && size >= OBJECT_HEADER_SIZE + 54 + 12
      && s->bitrate[n] == 0)
    s->bitrate[n] = read32 (o + OBJECT_HEADER_SIZE + 54 + 8) * 8;
}

/* Stream Bitrate Properties (3.12): count, then {flags, average bitrate}. */
static void
stream_bitrates (Streams * s, const guint8 * o, gsize size)
{
  guint i, count;

  if (size < OBJECT_HEADER_SIZE + 2)
    return;
  count = read16 (o + OBJECT_HEADER_SIZE);
  for (i = 0; i < count && OBJECT_HEADER_SIZE + 2 + 6 * (i + 1) <= size; i++) {
    const guint8 *r = o + OBJECT_HEADER_SIZE + 2 + 6 * i;

    s->bitrate[read16 (r) & 0x7f] = read32 (r + 2);
  }
}

/* Bitrate (3.8) and Advanced (4.3) Mutual Exclusion: exclusion type GUID,
 * stream count, stream numbers. */
static void
mutual_exclusion (Streams * s, const guint8 * o, gsize size)
{
  guint i, count;
  guint32 *group;

  if (size < OBJECT_HEADER_SIZE + GUID_SIZE + 2 || s->n_groups == MAX_GROUPS)
    return;
  group = s->groups[s->n_groups++];
  count = read16 (o + OBJECT_HEADER_SIZE + GUID_SIZE);
  for (i = 0; i < count
      && OBJECT_HEADER_SIZE + GUID_SIZE + 2 + 2 * (i + 1) <= size; i++) {
    guint n = read16 (o + OBJECT_HEADER_SIZE + GUID_SIZE + 2 + 2 * i) & 0x7f;

    if (n)
      set_bit (group, n);
  }
}

/* Extended Stream Properties (4.1): start time, end time, data bitrate,
 * ..., stream number at offset 48. A bit rate here yields to the Stream
 * Bitrate Properties Object's. */
static void
extended_stream_properties (Streams * s, const guint8 * o, gsize size)
{
  guint n;

  if (size < OBJECT_HEADER_SIZE + 50)
    return;
  n = read16 (o + OBJECT_HEADER_SIZE + 48) & 0x7f;
  if (s->bitrate[n] == 0)
    s->bitrate[n] = read32 (o + OBJECT_HEADER_SIZE + 16);
}

static void walk (Streams * s, const guint8 * p, gsize size, guint depth);

static void
object (Streams * s, const guint8 * o, gsize size, guint depth)
{
  if (memcmp (o, guid_stream_properties, GUID_SIZE) == 0)
    stream_properties (s, o, size);
  else if (memcmp (o, guid_stream_bitrate_properties, GUID_SIZE) == 0)
    stream_bitrates (s, o, size);
  else if (memcmp (o, guid_bitrate_mutual_exclusion, GUID_SIZE) == 0
      || memcmp (o, guid_advanced_mutual_exclusion, GUID_SIZE) == 0)
    mutual_exclusion (s, o, size);
  else if (memcmp (o, guid_extended_stream_properties, GUID_SIZE) == 0)
    extended_stream_properties (s, o, size);
  else if (memcmp (o, guid_header_extension, GUID_SIZE) == 0 && depth == 0
      && size >= OBJECT_HEADER_SIZE + 22) {
    /* Header Extension (3.4): reserved GUID, WORD, data size, objects */
    gsize dsize = read32 (o + OBJECT_HEADER_SIZE + 18);

    if (dsize <= size - OBJECT_HEADER_SIZE - 22)
      walk (s, o + OBJECT_HEADER_SIZE + 22, dsize, depth + 1);
  }
}

static void
walk (Streams * s, const guint8 * p, gsize size, guint depth)
{
  gsize off = 0;

  while (size - off >= OBJECT_HEADER_SIZE) {
    guint64 osize = read32 (p + off + 16) |
        ((guint64) read32 (p + off + 20) << 32);

    if (osize < OBJECT_HEADER_SIZE || osize > size - off)
      return;
    object (s, p + off, osize, depth);
    off += osize;
  }
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
  if (size >= 30) {
    guint64 hsize = read32 (header + 16) |
        ((guint64) read32 (header + 20) << 32);

    walk (s, header + 30, MIN (hsize, size) - MIN (hsize, 30), 0);
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
