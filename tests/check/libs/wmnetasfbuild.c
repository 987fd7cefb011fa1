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

/* Hand-assembled ASF: see wmnetasfbuild.h. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnetasfbuild.h"

typedef struct
{
  guint32 d1;
  guint16 d2, d3;
  guint8 d4[8];
} TGuid;

/* ASF spec section 10, written out from the spec rather than taken from
 * the ASF library's table (asfguids.c): the streams built here check the
 * readers against the spec, not against themselves */
static const TGuid t_header = { 0x75B22630, 0x668E, 0x11CF,
  {0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}
};

static const TGuid t_data = { 0x75B22636, 0x668E, 0x11CF,
  {0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}
};

static const TGuid t_file_props = { 0x8CABDCA1, 0xA947, 0x11CF,
  {0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const TGuid t_stream_props = { 0xB7DC0791, 0xA9B7, 0x11CF,
  {0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const TGuid t_header_ext = { 0x5FBF03B5, 0xA92E, 0x11CF,
  {0x8E, 0xE3, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const TGuid t_ext_stream_props = { 0x14E6A5CB, 0xC672, 0x4332,
  {0x83, 0x99, 0xA9, 0x69, 0x52, 0x06, 0x5B, 0x5A}
};

static const TGuid t_reserved_1 = { 0xABD3D211, 0xA9BA, 0x11CF,
  {0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const TGuid t_video = { 0xBC19EFC0, 0x5B4D, 0x11CF,
  {0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B}
};

static const TGuid t_audio = { 0xF8699E40, 0x5B4D, 0x11CF,
  {0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B}
};

static const TGuid t_no_ecc = { 0x20FB5700, 0x5B55, 0x11CF,
  {0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B}
};

static const TGuid t_bitrate_props = { 0x7BF875CE, 0x468D, 0x11D1,
  {0x8D, 0x82, 0x00, 0x60, 0x97, 0xC9, 0xA2, 0xB2}
};

static const TGuid t_bitrate_mutex = { 0xD6E229DC, 0x35DA, 0x11D1,
  {0x90, 0x34, 0x00, 0xA0, 0xC9, 0x03, 0x49, 0xBE}
};

/* @v as @size bytes, least significant first (ASF's byte order) */
static void
put_le (GByteArray * a, guint64 v, guint size)
{
  guint i;

  for (i = 0; i < size; i++) {
    guint8 b = (v >> (8 * i)) & 0xff;

    g_byte_array_append (a, &b, 1);
  }
}

#define put8(a, v) put_le ((a), (v), 1)
#define put16(a, v) put_le ((a), (v), 2)
#define put32(a, v) put_le ((a), (v), 4)
#define put64(a, v) put_le ((a), (v), 8)

static void
put_guid (GByteArray * a, const TGuid * g)
{
  put32 (a, g->d1);
  put16 (a, g->d2);
  put16 (a, g->d3);
  g_byte_array_append (a, g->d4, 8);
}

static void
put_stream_props (GByteArray * a, guint number, gboolean video)
{
  put_guid (a, &t_stream_props);
  put64 (a, 78);
  put_guid (a, video ? &t_video : &t_audio);
  put_guid (a, &t_no_ecc);
  put64 (a, 0);                 /* time offset */
  put32 (a, 0);                 /* type-specific length */
  put32 (a, 0);                 /* ECC length */
  put16 (a, number);
  put32 (a, 0);
}

GByteArray *
build_header (const HeaderSpec * h)
{
  GByteArray *a = g_byte_array_new ();
  GByteArray *ext = g_byte_array_new ();
  guint i, n_children = 0, n_top = h->n_streams;
  guint8 file_id[16];

  memset (file_id, h->file_id, 16);
  put_guid (a, &t_header);
  put64 (a, 0);                 /* patched */
  put32 (a, 0);                 /* patched */
  put8 (a, 1);
  put8 (a, 2);

  put_guid (a, &t_file_props);
  put64 (a, 104);
  g_byte_array_append (a, file_id, 16);
  put64 (a, 0);
  put64 (a, 0);
  put64 (a, h->data_packets);
  put64 (a, 0);
  put64 (a, 0);
  put64 (a, 3000);              /* preroll */
  put32 (a, h->broadcast ? 1 : 2);
  put32 (a, h->packet_size);
  put32 (a, h->max_packet_size ? h->max_packet_size : h->packet_size);
  put32 (a, 100000);
  n_children++;

  if (h->last_in_extension)
    n_top--;
  for (i = 0; i < n_top; i++) {
    put_stream_props (a, h->numbers[i], h->video[i]);
    n_children++;
  }

  if (h->last_in_extension) {
    /* ESP: 88 fixed bytes, one stream name, no extension systems, then
     * the Stream Properties Object */
    put_guid (ext, &t_ext_stream_props);
    put64 (ext, 88 + 2 + 2 + 4 + 78);
    put64 (ext, 0);
    put64 (ext, 0);
    for (i = 0; i < 8; i++)
      put32 (ext, 0);
    put16 (ext, h->numbers[n_top]);
    put16 (ext, 0);
    put64 (ext, 0);
    put16 (ext, 1);             /* stream names */
    put16 (ext, 0);             /* payload extension systems */
    put16 (ext, 0);
    put16 (ext, 4);
    put32 (ext, 0x41414141);
    put_stream_props (ext, h->numbers[n_top], h->video[n_top]);
  }
  put_guid (a, &t_header_ext);
  put64 (a, 46 + ext->len);
  put_guid (a, &t_reserved_1);
  put16 (a, 6);
  put32 (a, ext->len);
  g_byte_array_append (a, ext->data, ext->len);
  g_byte_array_unref (ext);
  n_children++;

  if (h->pad_to > a->len + 24) {
    gsize n = h->pad_to - a->len;

    put_guid (a, &t_no_ecc);    /* any GUID the parser does not know */
    put64 (a, n);
    for (i = 24; i < n; i++)
      put8 (a, 0x5a);
    n_children++;
  }

  GST_WRITE_UINT64_LE (a->data + 16, a->len);
  GST_WRITE_UINT32_LE (a->data + 24, n_children);

  if (h->data_header) {
    put_guid (a, &t_data);
    put64 (a, 50 + h->data_packets * h->packet_size);
    g_byte_array_append (a, file_id, 16);
    put64 (a, h->data_packets);
    put16 (a, 0x0101);
  }
  return a;
}

static void
put_typed (GByteArray * a, guint type, guint32 v)
{
  switch (type) {
    case 1:
      put8 (a, v);
      break;
    case 2:
      put16 (a, v);
      break;
    case 3:
      put32 (a, v);
      break;
    default:
      break;
  }
}

#define TYPE_SIZE(t) ((t) == 3 ? 4 : (t))

PacketSpec
default_packet_spec (guint32 packet_size)
{
  PacketSpec s = { 0 };

  s.packet_size = packet_size;
  s.ecc = TRUE;
  s.multiple = TRUE;
  s.payload_length_type = 2;
  s.padding_type = 2;
  s.object_number_type = 1;
  s.offset_type = 3;
  s.replicated_length_type = 1;
  return s;
}

/* bytes of the packet before the payloads */
static gsize
packet_head_size (const PacketSpec * s)
{
  return (s->ecc ? 3 : 0) + 2 + TYPE_SIZE (s->packet_length_type)
      + TYPE_SIZE (s->sequence_type) + TYPE_SIZE (s->padding_type) + 6
      + (s->multiple ? 1 : 0);
}

/* bytes of a payload before its data */
static gsize
payload_head_size (const PacketSpec * s, const PayloadSpec * p)
{
  return 1 + TYPE_SIZE (s->object_number_type) + TYPE_SIZE (s->offset_type)
      + TYPE_SIZE (s->replicated_length_type) + (p->compressed ? 1 : 8)
      + (s->multiple ? TYPE_SIZE (s->payload_length_type) : 0);
}

gboolean
build_packet_full (GByteArray * a, const PacketSpec * s, PayloadSpec * p,
    guint n, guint32 send_time)
{
  gsize start = a->len, pad_pos = 0, total;
  guint32 packet_size = s->packet_size;
  guint i, j;

  total = packet_head_size (s);
  for (i = 0; i < n; i++)
    total += payload_head_size (s, &p[i]) + p[i].len;
  if (total > packet_size || n == 0 || (!s->multiple && n != 1)
      || (s->padding_type == 1 && packet_size - total > 255))
    return FALSE;
  if (s->padding_type == 0) {
    p[n - 1].len += packet_size - total;
    total = packet_size;
  }

  if (s->ecc) {
    put8 (a, 0x82);
    put8 (a, 0);
    put8 (a, 0);
  }
  put8 (a, (s->multiple ? 1 : 0) | (s->sequence_type << 1)
      | (s->padding_type << 3) | (s->packet_length_type << 5));
  put8 (a, s->replicated_length_type | (s->offset_type << 2)
      | (s->object_number_type << 4) | (1 << 6));
  put_typed (a, s->packet_length_type, packet_size);
  put_typed (a, s->sequence_type, 0);
  pad_pos = a->len;
  put_typed (a, s->padding_type, 0);    /* patched */
  put32 (a, send_time);
  put16 (a, 7);
  if (s->multiple)
    put8 (a, (s->payload_length_type << 6) | n);
  for (i = 0; i < n; i++) {
    put8 (a, p[i].stream | (p[i].key ? 0x80 : 0));
    put_typed (a, s->object_number_type, i + send_time);
    if (p[i].compressed) {
      put_typed (a, s->offset_type, send_time);
      put_typed (a, s->replicated_length_type, 1);
      put8 (a, 10);
    } else {
      put_typed (a, s->offset_type, p[i].offset);
      put_typed (a, s->replicated_length_type, 8);
      put32 (a, p[i].offset + p[i].len + 100);
      put32 (a, send_time + 3000);
    }
    if (s->multiple)
      put_typed (a, s->payload_length_type, p[i].len);
    for (j = 0; j < p[i].len; j++) {
      if (p[i].compressed && j % 11 == 0)
        put8 (a, MIN (10, p[i].len - j - 1));
      else
        put8 (a, (guint8) (send_time + j + s->salt * (i + 1)));
    }
  }
  fail_unless_equals_int (a->len - start, total);
  switch (s->padding_type) {
    case 1:
      a->data[pad_pos] = packet_size - total;
      break;
    case 2:
      GST_WRITE_UINT16_LE (a->data + pad_pos, packet_size - total);
      break;
    case 3:
      GST_WRITE_UINT32_LE (a->data + pad_pos, packet_size - total);
      break;
    default:
      break;
  }
  while (a->len - start < packet_size)
    put8 (a, 0);
  return TRUE;
}

void
build_packet (GByteArray * a, guint32 packet_size, const PayloadSpec * p,
    guint n, guint32 send_time, gboolean ecc)
{
  gsize start = a->len, pad_pos;
  guint i, j;

  if (ecc) {
    put8 (a, 0x82);
    put8 (a, 0);
    put8 (a, 0);
  }
  put8 (a, n > 1 ? 0x11 : 0x10);
  put8 (a, 0x5D);
  pad_pos = a->len;
  put16 (a, 0);                 /* padding, patched */
  put32 (a, send_time);
  put16 (a, 0);
  if (n > 1)
    put8 (a, 0x80 | n);
  for (i = 0; i < n; i++) {
    put8 (a, p[i].stream | (p[i].key ? 0x80 : 0));
    put8 (a, i);
    if (p[i].compressed) {
      put32 (a, send_time);     /* presentation time */
      put8 (a, 1);
      put8 (a, 10);             /* presentation time delta */
    } else {
      put32 (a, p[i].offset);
      put8 (a, 8);
      put32 (a, p[i].offset + p[i].len + 100);
      put32 (a, send_time + 3000);
    }
    if (n > 1)
      put16 (a, p[i].len);
    for (j = 0; j < p[i].len; j++) {
      if (p[i].compressed && j % 11 == 0)
        put8 (a, MIN (10, p[i].len - j - 1));
      else
        put8 (a, (guint8) (send_time + j));
    }
  }
  fail_unless (a->len - start <= packet_size);
  /* a single payload runs to the padding: the padding length says where */
  GST_WRITE_UINT16_LE (a->data + pad_pos, packet_size - (a->len - start));
  while (a->len - start < packet_size)
    put8 (a, 0);
}

GByteArray *
build_stream (const HeaderSpec * h, guint n, gboolean ** keys)
{
  GByteArray *a = build_header (h);
  guint32 ps = h->packet_size;
  guint i, frame = 0;
  guint32 voff = 0;
  const guint32 vsize = 700;

  *keys = g_new0 (gboolean, n);
  for (i = 0; i < n; i++) {
    PayloadSpec p[2];
    guint16 vlen;
    gboolean key = frame % 8 == 0;

    /* audio, then as much video as fits (17-byte payload headers) */
    p[0] = (PayloadSpec) {
    A, TRUE, 0, 40, FALSE};
    vlen = MIN (vsize - voff, ps - 17 - 2 * 17 - 40);
    p[1] = (PayloadSpec) {
    V, key, voff, vlen, FALSE};
    (*keys)[i] = key && voff == 0;
    build_packet (a, ps, p, 2, 100 * i, TRUE);
    voff += vlen;
    if (voff == vsize) {
      voff = 0;
      frame++;
    }
  }
  return a;
}

HeaderSpec
default_spec (void)
{
  HeaderSpec h = { 0 };

  h.packet_size = 512;
  h.n_streams = 2;
  h.numbers[0] = V;
  h.video[0] = TRUE;
  h.numbers[1] = A;
  h.data_header = TRUE;
  h.broadcast = TRUE;
  h.file_id = 0x33;
  return h;
}

/* Appends an object with @body to the Header Object of @h (before the
 * Data Object header), fixing the Header Object's size and count. */
static void
add_header_object (GByteArray * h, const TGuid * guid, const guint8 * body,
    gsize len)
{
  guint64 hsize = GST_READ_UINT64_LE (h->data + 16);
  GByteArray *obj = g_byte_array_new ();
  GByteArray *tail = g_byte_array_new ();

  put_guid (obj, guid);
  put64 (obj, 24 + len);
  g_byte_array_append (obj, body, len);
  g_byte_array_append (tail, h->data + hsize, h->len - hsize);
  g_byte_array_set_size (h, hsize);
  g_byte_array_append (h, obj->data, obj->len);
  g_byte_array_append (h, tail->data, tail->len);
  g_byte_array_unref (tail);
  g_byte_array_unref (obj);
  GST_WRITE_UINT64_LE (h->data + 16, hsize + 24 + len);
  GST_WRITE_UINT32_LE (h->data + 24, GST_READ_UINT32_LE (h->data + 24) + 1);
}

GByteArray *
build_mbr_header (void)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h;
  guint8 rates[2 + 3 * 6], mutex[16 + 2 + 4] = { 0, };
  const guint numbers[3] = { 1, 2, 3 };
  const guint32 bps[3] = { 300000, 64000, 1000000 };
  guint i;

  spec.n_streams = 3;
  spec.numbers[0] = 1;
  spec.video[0] = TRUE;
  spec.numbers[1] = 2;
  spec.video[1] = FALSE;
  spec.numbers[2] = 3;
  spec.video[2] = TRUE;
  h = build_header (&spec);
  GST_WRITE_UINT16_LE (rates, 3);
  for (i = 0; i < 3; i++) {
    GST_WRITE_UINT16_LE (rates + 2 + 6 * i, numbers[i]);
    GST_WRITE_UINT32_LE (rates + 4 + 6 * i, bps[i]);
  }
  add_header_object (h, &t_bitrate_props, rates, sizeof (rates));
  /* exclusion type GUID left zero: any type is a group */
  GST_WRITE_UINT16_LE (mutex + 16, 2);
  GST_WRITE_UINT16_LE (mutex + 18, 1);
  GST_WRITE_UINT16_LE (mutex + 20, 3);
  add_header_object (h, &t_bitrate_mutex, mutex, sizeof (mutex));
  return h;
}
