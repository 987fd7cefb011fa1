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

#include <gio/gio.h>
#include <string.h>

#include "wmspreader.h"
#include "wmspframing.h"

struct _WmspReader
{
  GByteArray *in;               /* pushed, not yet taken */
  GByteArray *header;           /* $H payloads of an unfinished header */
  gboolean header_open;
  WmAsfHeaderInfo info;         /* of the last complete header */
  gboolean have_header;
  gboolean failed;
};

WmspReader *
wmsp_reader_new (void)
{
  WmspReader *r = g_new0 (WmspReader, 1);

  r->in = g_byte_array_new ();
  r->header = g_byte_array_new ();
  return r;
}

void
wmsp_reader_free (WmspReader * r)
{
  if (r == NULL)
    return;
  g_byte_array_unref (r->in);
  g_byte_array_unref (r->header);
  g_free (r);
}

void
wmsp_reader_reset (WmspReader * r)
{
  g_byte_array_set_size (r->in, 0);
  g_byte_array_set_size (r->header, 0);
  r->header_open = FALSE;
  r->failed = FALSE;
}

void
wmsp_reader_push (WmspReader * r, const guint8 * data, gsize len)
{
  g_byte_array_append (r->in, data, len);
}

gsize
wmsp_reader_pending (WmspReader * r)
{
  return r->in->len;
}

const WmAsfHeaderInfo *
wmsp_reader_header (WmspReader * r)
{
  return r->have_header ? &r->info : NULL;
}

/* *INDENT-OFF* */
static WmspReadResult
fail (WmspReader * r, GError ** error, const gchar * format, ...)
    G_GNUC_PRINTF (3, 4);
/* *INDENT-ON* */

static WmspReadResult
fail (WmspReader * r, GError ** error, const gchar * format, ...)
{
  va_list args;

  r->failed = TRUE;
  va_start (args, format);
  if (error)
    *error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format,
        args);
  va_end (args);
  return WMSP_READ_ERROR;
}

static void
consume (WmspReader * r, gsize n)
{
  g_byte_array_remove_range (r->in, 0, n);
}

/* The Header Object's count of child objects (ASF spec 3.1) set to the
 * objects its size holds, when they tile it exactly and the count differs
 * (docs/design.md, D22). */
static void
repair_object_count (GstBuffer * header, gsize hsize)
{
  GstMapInfo map;
  WmAsfReader r;
  const guint8 *o;
  guint64 size;
  guint32 n = 0;

  if (!gst_buffer_map (header, &map, GST_MAP_READWRITE))
    return;
  wmasf_reader_init (&r, map.data, hsize);
  if (wmasf_reader_skip (&r, WMASF_HEADER_OBJECT_FIXED_SIZE)) {
    while (wmasf_reader_object (&r, &o, &size))
      n++;
    if (r.pos == hsize && GST_READ_UINT32_LE (map.data + 24) != n)
      GST_WRITE_UINT32_LE (map.data + 24, n);
  }
  gst_buffer_unmap (header, &map);
}

static const guint field_size[4] = { 0, 1, 2, 4 };

/* Raises the Padding Length of @p (one packet whose last @added bytes are
 * the zeros we appended) by @added, where the packet has a Padding Length
 * field wide enough and no explicit Packet Length (ASF spec 5.2.2): a
 * demuxer then reads the zeros as padding, not as payload. */
static void
raise_padding (guint8 * p, gsize size, gsize added)
{
  WmAsfReader r;
  gsize off;
  guint8 b, lt;
  guint32 seq, pad32;
  guint pad_size;
  guint64 pad, max;

  wmasf_reader_init (&r, p, size);
  if (!wmasf_reader_u8 (&r, &b))
    return;
  if (b & 0x80) {
    if (b & 0x60)
      return;                   /* error correction length type must be 00 */
    if (!wmasf_reader_skip (&r, b & 0x0f))
      return;
  } else {
    r.pos = 0;                  /* no error correction: that was the flags */
  }
  /* length type flags, property flags */
  if (!wmasf_reader_u8 (&r, &lt) || !wmasf_reader_skip (&r, 1))
    return;
  pad_size = field_size[(lt >> 3) & 3];
  if (field_size[(lt >> 5) & 3] != 0 || pad_size == 0)
    return;
  if (!wmasf_reader_typed (&r, (lt >> 1) & 3, 0, &seq))
    return;
  off = r.pos;
  if (!wmasf_reader_typed (&r, (lt >> 3) & 3, 0, &pad32))
    return;
  pad = pad32;
  max = pad_size == 1 ? G_MAXUINT8 : pad_size == 2 ? G_MAXUINT16 : G_MAXUINT32;
  if (pad + added > max)
    return;
  pad += added;
  switch (pad_size) {
    case 1:
      p[off] = pad;
      break;
    case 2:
      GST_WRITE_UINT16_LE (p + off, pad);
      break;
    default:
      GST_WRITE_UINT32_LE (p + off, pad);
      break;
  }
}

GstBuffer *
wmsp_header_take (const guint8 * data, gsize len, WmAsfHeaderInfo * info,
    GError ** error)
{
  GstBuffer *buf;

  if (!wmasf_header_parse (data, len, info, error))
    return NULL;
  buf = wmasf_header_make (data, len, info);
  repair_object_count (buf, info->header_size);
  return buf;
}

GstBuffer *
wmsp_packet_pad (const guint8 * payload, gsize len, guint32 packet_size)
{
  guint8 *p = g_malloc (packet_size);

  memcpy (p, payload, len);
  memset (p + len, 0, packet_size - len);
  if (len < packet_size)
    raise_padding (p, len, packet_size - len);
  return gst_buffer_new_wrapped (p, packet_size);
}

gboolean
wmsp_header_same (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo map;
  gboolean same;

  if (a == NULL || gst_buffer_get_size (a) != gst_buffer_get_size (b))
    return FALSE;
  gst_buffer_map (b, &map, GST_MAP_READ);
  same = gst_buffer_memcmp (a, 0, map.data, map.size) == 0;
  gst_buffer_unmap (b, &map);
  return same;
}

GstCaps *
wmsp_header_caps (GstBuffer * header)
{
  GstCaps *caps = gst_caps_new_empty_simple ("video/x-ms-asf");
  GValue array = G_VALUE_INIT, value = G_VALUE_INIT;

  g_value_init (&array, GST_TYPE_ARRAY);
  g_value_init (&value, GST_TYPE_BUFFER);
  gst_value_set_buffer (&value, header);
  gst_value_array_append_and_take_value (&array, &value);
  gst_structure_take_value (gst_caps_get_structure (caps, 0), "streamheader",
      &array);
  return caps;
}

static WmspReadResult
take_header_chunk (WmspReader * r, const guint8 * payload, gsize len,
    GstBuffer ** buf, GError ** error)
{
  GError *err = NULL;
  WmAsfHeaderInfo info;

  if (!r->header_open) {
    g_byte_array_set_size (r->header, 0);
    r->header_open = TRUE;
  }
  if (r->header->len + len > WMASF_MAX_HEADER_SIZE + WMASF_GUID_SIZE)
    return fail (r, error, "the $H chunks make a header over %u bytes",
        WMASF_MAX_HEADER_SIZE);
  g_byte_array_append (r->header, payload, len);
  if (r->header->len >= WMASF_GUID_SIZE
      && !wmasf_is_header_guid (r->header->data))
    return fail (r, error, "a $H chunk that does not start an ASF Header "
        "Object");
  if (!wmasf_header_complete (r->header->data, r->header->len))
    return WMSP_READ_NEED_DATA;

  *buf = wmsp_header_take (r->header->data, r->header->len, &info, &err);
  if (*buf == NULL) {
    r->failed = TRUE;
    g_propagate_error (error, err);
    return WMSP_READ_ERROR;
  }
  r->info = info;
  r->have_header = TRUE;
  r->header_open = FALSE;
  g_byte_array_set_size (r->header, 0);
  return WMSP_READ_HEADER;
}

static WmspReadResult
take_data_chunk (WmspReader * r, const guint8 * payload, gsize len,
    GstBuffer ** buf, GError ** error)
{
  if (!r->have_header || r->header_open)
    return fail (r, error, "a $D chunk before a whole $H");
  if (len > r->info.packet_size)
    return fail (r, error, "a $D chunk of %" G_GSIZE_FORMAT " bytes, over "
        "the header's packet size %u", len, r->info.packet_size);
  *buf = wmsp_packet_pad (payload, len, r->info.packet_size);
  return WMSP_READ_PACKET;
}

WmspReadResult
wmsp_reader_pop (WmspReader * r, GstBuffer ** buf, guint32 * location_id,
    guint32 * reason, GError ** error)
{
  *buf = NULL;

  while (!r->failed) {
    const guint8 *d = r->in->data;
    guint8 type;
    gsize length, total;
    WmspReadResult res;

    if (r->in->len < WMSP_FRAME_SIZE)
      return WMSP_READ_NEED_DATA;
    /* the B bit (0x80) may be set ([MS-WMSP] 2.2.3.1.1) */
    if ((d[0] & 0x7f) != '$') {
      if (r->in->len >= WMASF_GUID_SIZE && wmasf_is_header_guid (d))
        return fail (r, error, "unframed ASF where MS-WMSP framing was "
            "expected");
      return fail (r, error, "no MS-WMSP framing: byte 0x%02x where '$' "
          "must start a chunk", d[0]);
    }
    type = d[1];
    length = GST_READ_UINT16_LE (d + 2);
    total = WMSP_FRAME_SIZE + length;
    if (type != WMSP_CHUNK_HEADER && type != WMSP_CHUNK_DATA
        && type != WMSP_CHUNK_END && type != WMSP_CHUNK_CHANGE
        && type != 'M' && type != 'P')
      return fail (r, error, "unknown MS-WMSP chunk type 0x%02x", type);
    if (r->in->len < total)
      return WMSP_READ_NEED_DATA;

    switch (type) {
      case WMSP_CHUNK_HEADER:
      case WMSP_CHUNK_DATA:{
        guint16 size2;

        if (length < WMSP_DATA_FRAME_SIZE - WMSP_FRAME_SIZE)
          return fail (r, error, "a $%c chunk of %" G_GSIZE_FORMAT " bytes, "
              "shorter than its 8-byte data packet header", type, length);
        size2 = GST_READ_UINT16_LE (d + 10);
        if (size2 != length)
          return fail (r, error, "a $%c chunk whose lengths disagree "
              "(PacketLength %" G_GSIZE_FORMAT ", PacketSize %u)", type,
              length, size2);
        if (location_id)
          *location_id = GST_READ_UINT32_LE (d + 4);
        if (type == WMSP_CHUNK_HEADER)
          res = take_header_chunk (r, d + WMSP_DATA_FRAME_SIZE,
              total - WMSP_DATA_FRAME_SIZE, buf, error);
        else
          res = take_data_chunk (r, d + WMSP_DATA_FRAME_SIZE,
              total - WMSP_DATA_FRAME_SIZE, buf, error);
        if (res == WMSP_READ_ERROR)
          return res;
        consume (r, total);
        if (res == WMSP_READ_NEED_DATA)
          continue;             /* the header goes on in the next $H */
        return res;
      }
      case WMSP_CHUNK_END:
      case WMSP_CHUNK_CHANGE:
        if (length < 4)
          return fail (r, error, "a $%c chunk of %" G_GSIZE_FORMAT " bytes, "
              "shorter than its 4-byte reason", type, length);
        if (reason)
          *reason = GST_READ_UINT32_LE (d + 4);
        consume (r, total);
        if (type == WMSP_CHUNK_CHANGE) {
          r->header_open = FALSE;
          return WMSP_READ_CHANGE;
        }
        return WMSP_READ_END;
      default:
        /* $M metadata, $P packet-pair: nothing a demuxer needs */
        consume (r, total);
        break;
    }
  }
  return fail (r, error, "the MS-WMSP stream was already found broken");
}
