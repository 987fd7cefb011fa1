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

/* asfreader: every read goes through the bounds-checked WmAsfReader,
 * so a corrupt field makes a parse fail instead of reading past the end.
 * Layouts: ASF spec rev 01.20.03; docs/design.md, "ASF live header" and
 * "ASF data packets". */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "asfreader.h"

GST_DEBUG_CATEGORY_STATIC (wmasf_reader_debug);
#define GST_CAT_DEFAULT wmasf_reader_debug

/* GNU indent would take the quark name apart */
/* *INDENT-OFF* */
G_DEFINE_QUARK (wmasf-error-quark, wmasf_error);
/* *INDENT-ON* */

static void
debug_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (wmasf_reader_debug, "wmasfreader", 0,
        "ASF Header Object and data packet reader");
    g_once_init_leave (&done, 1);
  }
}

gboolean
wmasf_is_header_guid (const guint8 * p)
{
  return wmasf_guid_equal (p, &wmasf_guid_header_object);
}

gboolean
wmasf_reader_object (WmAsfReader * r, const guint8 ** object, guint64 * size)
{
  const guint8 *o = r->data + r->pos;
  guint64 osize;

  *size = 0;
  if (wmasf_reader_left (r) < WMASF_OBJECT_HEADER_SIZE)
    return FALSE;
  osize = GST_READ_UINT64_LE (o + WMASF_GUID_SIZE);
  *size = osize;
  if (osize < WMASF_OBJECT_HEADER_SIZE || osize > wmasf_reader_left (r))
    return FALSE;
  *object = o;
  r->pos += osize;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Header */

#define OBJECT_HEADER_SIZE WMASF_OBJECT_HEADER_SIZE
#define HEADER_OBJECT_FIXED_SIZE WMASF_HEADER_OBJECT_FIXED_SIZE
#define FILE_PROPERTIES_SIZE WMASF_FILE_PROPERTIES_SIZE
#define FILE_PROPERTIES_PREROLL 80
#define STREAM_PROPERTIES_FIXED_SIZE 78
#define HEADER_EXTENSION_FIXED_SIZE WMASF_HEADER_EXTENSION_SIZE
#define EXT_STREAM_PROPERTIES_FIXED_SIZE 88

static void
add_stream (WmAsfHeaderInfo * info, guint number, gboolean video)
{
  guint32 bit = 1u << (number % 32);

  if (number == 0 || number > 127)
    return;
  if (!(info->stream_mask[number / 32] & bit))
    info->n_streams++;
  info->stream_mask[number / 32] |= bit;
  if (video) {
    info->video_mask[number / 32] |= bit;
    info->has_video = TRUE;
  }
}

/* A Stream Properties Object, @size bytes (its whole object). */
static void
parse_stream_properties (WmAsfHeaderInfo * info, const guint8 * p, gsize size)
{
  guint number;

  if (size < STREAM_PROPERTIES_FIXED_SIZE)
    return;
  number = GST_READ_UINT16_LE (p + 72) & 0x7f;
  add_stream (info, number, wmasf_guid_equal (p + 24, &wmasf_guid_video_media));
  GST_LOG ("stream %u, %s", number, wmasf_guid_equal (p + 24,
          &wmasf_guid_video_media)
      ? "video" : "not video");
}

/* An Extended Stream Properties Object may end with the Stream Properties
 * Object of its stream (ASF spec 4.1). */
static void
parse_extended_stream_properties (WmAsfHeaderInfo * info,
    const guint8 * p, gsize size)
{
  WmAsfReader r = { p, size, 84 };
  guint n_names, n_systems, i;
  guint32 len;

  if (size < EXT_STREAM_PROPERTIES_FIXED_SIZE)
    return;
  n_names = GST_READ_UINT16_LE (p + 84);
  n_systems = GST_READ_UINT16_LE (p + 86);
  r.pos = EXT_STREAM_PROPERTIES_FIXED_SIZE;
  for (i = 0; i < n_names; i++) {
    if (!wmasf_reader_skip (&r, 2) || !wmasf_reader_typed (&r, 2, 0, &len)
        || !wmasf_reader_skip (&r, len))
      return;
  }
  for (i = 0; i < n_systems; i++) {
    if (!wmasf_reader_skip (&r, WMASF_GUID_SIZE + 2)
        || !wmasf_reader_typed (&r, 3, 0, &len)
        || !wmasf_reader_skip (&r, len))
      return;
  }
  if (size - r.pos >= STREAM_PROPERTIES_FIXED_SIZE
      && wmasf_guid_equal (p + r.pos, &wmasf_guid_stream_properties))
    parse_stream_properties (info, p + r.pos, size - r.pos);
}

/* Walks objects in @p..@p+@size, calling back for the ones of interest.
 * Returns FALSE when an object's size is out of bounds. */
static gboolean
parse_objects (WmAsfHeaderInfo * info, const guint8 * p, gsize size,
    gboolean top, gboolean * have_file_properties, GError ** error)
{
  WmAsfReader r;

  wmasf_reader_init (&r, p, size);
  while (wmasf_reader_left (&r) >= OBJECT_HEADER_SIZE) {
    gsize pos = r.pos;
    const guint8 *o;
    guint64 osize;

    if (!wmasf_reader_object (&r, &o, &osize)) {
      g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
          "ASF object at header offset %" G_GSIZE_FORMAT " has size %"
          G_GUINT64_FORMAT ", %" G_GSIZE_FORMAT " bytes are left", pos, osize,
          size - pos);
      return FALSE;
    }

    if (top && wmasf_guid_equal (o, &wmasf_guid_file_properties)) {
      guint32 min, max;

      if (osize < FILE_PROPERTIES_SIZE) {
        g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
            "File Properties Object of %" G_GUINT64_FORMAT " bytes", osize);
        return FALSE;
      }
      memcpy (info->file_id, o + 24, 16);
      info->preroll_ms = GST_READ_UINT64_LE (o + FILE_PROPERTIES_PREROLL);
      /* top level: @p follows the Header Object's fixed part */
      info->preroll_offset = HEADER_OBJECT_FIXED_SIZE + pos +
          FILE_PROPERTIES_PREROLL;
      info->broadcast = (GST_READ_UINT32_LE (o + 88) & 1) != 0;
      min = GST_READ_UINT32_LE (o + 92);
      max = GST_READ_UINT32_LE (o + 96);
      if (min != max || max < WMASF_MIN_PACKET_SIZE
          || max > WMASF_MAX_PACKET_SIZE) {
        g_set_error (error, WMASF_ERROR, WMASF_ERROR_PACKET_SIZE,
            "packet size %u..%u: need one size of %u to %u bytes", min, max,
            WMASF_MIN_PACKET_SIZE, WMASF_MAX_PACKET_SIZE);
        return FALSE;
      }
      info->packet_size = max;
      *have_file_properties = TRUE;
    } else if (top && wmasf_guid_equal (o, &wmasf_guid_stream_properties)) {
      parse_stream_properties (info, o, osize);
    } else if (top && wmasf_guid_equal (o, &wmasf_guid_header_extension)) {
      guint32 dsize;

      if (osize < HEADER_EXTENSION_FIXED_SIZE)
        continue;
      dsize = GST_READ_UINT32_LE (o + 42);
      /* a bad extension is skipped, not fatal: only stream types are
       * looked for in it */
      if (dsize > osize - HEADER_EXTENSION_FIXED_SIZE
          || !parse_objects (info, o + HEADER_EXTENSION_FIXED_SIZE, dsize,
              FALSE, have_file_properties, NULL))
        GST_DEBUG ("unreadable Header Extension Object, skipped");
    } else if (!top
        && wmasf_guid_equal (o, &wmasf_guid_extended_stream_properties)) {
      parse_extended_stream_properties (info, o, osize);
    }
  }
  return TRUE;
}

gboolean
wmasf_header_parse (const guint8 * data, gsize size,
    WmAsfHeaderInfo * info, GError ** error)
{
  guint64 hsize;
  gboolean have_fp = FALSE;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  debug_init ();

  memset (info, 0, sizeof (*info));
  if (size < WMASF_GUID_SIZE
      || !wmasf_guid_equal (data, &wmasf_guid_header_object)) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_NOT_ASF,
        "no ASF Header Object");
    return FALSE;
  }
  if (size < HEADER_OBJECT_FIXED_SIZE) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "ASF Header Object truncated (%" G_GSIZE_FORMAT " bytes)", size);
    return FALSE;
  }
  hsize = GST_READ_UINT64_LE (data + 16);
  if (hsize > WMASF_MAX_HEADER_SIZE - WMASF_DATA_OBJECT_HEADER_SIZE) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_TOO_LARGE,
        "ASF Header Object of %" G_GUINT64_FORMAT " bytes, at most %u fit "
        "an MS-WMSP header chunk", hsize,
        WMASF_MAX_HEADER_SIZE - WMASF_DATA_OBJECT_HEADER_SIZE);
    return FALSE;
  }
  if (hsize < HEADER_OBJECT_FIXED_SIZE || hsize > size) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "ASF Header Object of %" G_GUINT64_FORMAT " bytes, %" G_GSIZE_FORMAT
        " bytes given", hsize, size);
    return FALSE;
  }
  info->header_size = hsize;

  if (!parse_objects (info, data + HEADER_OBJECT_FIXED_SIZE,
          hsize - HEADER_OBJECT_FIXED_SIZE, TRUE, &have_fp, error))
    return FALSE;
  if (!have_fp) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "ASF header without File Properties Object");
    return FALSE;
  }

  if (size - hsize >= WMASF_DATA_OBJECT_HEADER_SIZE
      && wmasf_guid_equal (data + hsize, &wmasf_guid_data_object)) {
    const guint8 *d = data + hsize;
    guint64 dsize = GST_READ_UINT64_LE (d + 16);

    info->has_data_header = TRUE;
    /* a file's Data Object says where the packets end (an index follows);
     * a broadcast's size is meaningless (FFmpeg ignores it too) */
    if (!info->broadcast && dsize > WMASF_DATA_OBJECT_HEADER_SIZE
        && (dsize - WMASF_DATA_OBJECT_HEADER_SIZE) % info->packet_size == 0)
      info->data_packets = (dsize - WMASF_DATA_OBJECT_HEADER_SIZE)
          / info->packet_size;
  }

  GST_DEBUG ("header of %" G_GSIZE_FORMAT " bytes, packet size %u, %u "
      "streams%s%s, %" G_GUINT64_FORMAT " data packets", info->header_size,
      info->packet_size, info->n_streams, info->has_video ? " with video" : "",
      info->broadcast ? ", broadcast" : "", info->data_packets);
  return TRUE;
}

gboolean
wmasf_header_complete (const guint8 * data, gsize size)
{
  guint64 hsize;

  if (size < HEADER_OBJECT_FIXED_SIZE)
    return FALSE;
  hsize = GST_READ_UINT64_LE (data + 16);
  if (hsize >= HEADER_OBJECT_FIXED_SIZE
      && hsize <= WMASF_MAX_HEADER_SIZE - WMASF_DATA_OBJECT_HEADER_SIZE) {
    /* wait for the GUID after it: Data Object header or not */
    if (size < hsize + WMASF_GUID_SIZE)
      return FALSE;
    if (wmasf_guid_equal (data + hsize, &wmasf_guid_data_object)
        && size < hsize + WMASF_DATA_OBJECT_HEADER_SIZE)
      return FALSE;
  }
  return TRUE;
}

GstBuffer *
wmasf_header_make (const guint8 * data, gsize size,
    const WmAsfHeaderInfo * info)
{
  GstBuffer *buf;
  gsize hsize = info->header_size;
  guint8 *out;

  g_return_val_if_fail (hsize <= size, NULL);
  g_return_val_if_fail (!info->has_data_header
      || hsize + WMASF_DATA_OBJECT_HEADER_SIZE <= size, NULL);

  out = g_malloc (hsize + WMASF_DATA_OBJECT_HEADER_SIZE);
  memcpy (out, data, hsize);
  if (info->has_data_header) {
    memcpy (out + hsize, data + hsize, WMASF_DATA_OBJECT_HEADER_SIZE);
  } else {
    guint8 *d = out + hsize;

    wmasf_guid_to_bytes (&wmasf_guid_data_object, d);
    GST_WRITE_UINT64_LE (d + 16, WMASF_DATA_OBJECT_HEADER_SIZE);
    memcpy (d + 24, info->file_id, 16);
    GST_WRITE_UINT64_LE (d + 40, 0);
    GST_WRITE_UINT16_LE (d + 48, 0x0101);
  }
  buf = gst_buffer_new_wrapped (out, hsize + WMASF_DATA_OBJECT_HEADER_SIZE);
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_HEADER);
  return buf;
}

/* ------------------------------------------------------------------ */
/* Data packets (ASF spec 5.2) */

#define ECC_PRESENT 0x80
#define KEY_FRAME_BIT 0x80

static gboolean
stream_known (const WmAsfHeaderInfo * info, guint number)
{
  if (number == 0)
    return FALSE;
  /* a header without Stream Properties: nothing to check against */
  if (info->n_streams == 0)
    return TRUE;
  return (info->stream_mask[number / 32] & (1u << (number % 32))) != 0;
}

static gboolean
stream_is_video (const WmAsfHeaderInfo * info, guint number)
{
  return (info->video_mask[number / 32] & (1u << (number % 32))) != 0;
}

/* One payload's header, up to its data, and its data. @multiple: a payload
 * length field of type @len_type follows the replicated data; else the
 * data runs to @end. */
static gboolean
walk_payload (const WmAsfHeaderInfo * info, WmAsfReader * r, guint8 prop,
    gboolean multiple, guint len_type, gsize end, WmAsfPayload * p)
{
  guint8 stream_byte;
  guint32 len;

  p->header_offset = r->pos;
  /* stream number length type is 01 (BYTE) by the spec; read it as such
   * whatever the flags say, as FFmpeg does */
  if (!wmasf_reader_u8 (r, &stream_byte)
      || !wmasf_reader_typed (r, (prop >> 4) & 3, 0, &p->object_number)
      || !wmasf_reader_typed (r, (prop >> 2) & 3, 0, &p->offset)
      || !wmasf_reader_typed (r, prop & 3, 0, &p->replicated_length))
    return FALSE;
  p->stream = stream_byte & 0x7f;
  p->key = (stream_byte & KEY_FRAME_BIT) != 0;
  if (!stream_known (info, p->stream))
    return FALSE;
  /* 1: compressed payload (presentation time delta); else 0 or >= 8
   * (media object size and presentation time at least) */
  if (p->replicated_length > 1 && p->replicated_length < 8)
    return FALSE;
  p->compressed = p->replicated_length == 1;
  p->replicated_offset = r->pos;
  if (!wmasf_reader_skip (r, p->replicated_length))
    return FALSE;

  if (multiple) {
    if (!wmasf_reader_typed (r, len_type, 0, &len))
      return FALSE;
  } else {
    if (r->pos > end)
      return FALSE;
    len = end - r->pos;
  }
  if (len == 0 || len > end - MIN (end, r->pos))
    return FALSE;
  p->data_offset = r->pos;
  p->data_length = len;

  p->n_objects = 1;
  if (p->compressed) {
    /* sub-payloads: BYTE length + data, filling the payload exactly; each
     * is a whole media object */
    WmAsfReader sub = { r->data + r->pos, len, 0 };
    guint8 sub_len;

    p->n_objects = 0;
    while (sub.pos < sub.size) {
      if (!wmasf_reader_u8 (&sub, &sub_len) || sub_len == 0
          || !wmasf_reader_skip (&sub, sub_len))
        return FALSE;
      p->n_objects++;
    }
  }
  r->pos += len;
  return TRUE;
}

gboolean
wmasf_packet_walk (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmAsfPacketLayout * out)
{
  WmAsfReader r = { packet, size, 0 };
  guint8 b, len_flags, prop;
  guint32 packet_len, sequence, padding, send_time, duration;
  gsize end;

  if (info == NULL || out == NULL)
    return FALSE;
  out->n_payloads = 0;
  if (packet == NULL || size == 0 || size > info->packet_size)
    return FALSE;

  if (!wmasf_reader_u8 (&r, &b))
    return FALSE;
  if (b & ECC_PRESENT) {
    /* error correction flags: data length bits 0-3, opaque data bit 4,
     * length type bits 5-6 which must be 00 */
    if ((b & 0x10) || (b & 0x60) || !wmasf_reader_skip (&r, b & 0x0f))
      return FALSE;
    out->ecc_length = r.pos;
    if (!wmasf_reader_u8 (&r, &len_flags) || (len_flags & ECC_PRESENT))
      return FALSE;
  } else {
    out->ecc_length = 0;
    len_flags = b;
  }
  if (!wmasf_reader_u8 (&r, &prop))
    return FALSE;
  out->length_type_flags = len_flags;
  out->property_flags = prop;

  if (!wmasf_reader_typed (&r, (len_flags >> 5) & 3, size, &packet_len)
      || !wmasf_reader_typed (&r, (len_flags >> 1) & 3, 0, &sequence)
      || !wmasf_reader_typed (&r, (len_flags >> 3) & 3, 0, &padding)
      || !wmasf_reader_typed (&r, 3, 0, &send_time)
      || !wmasf_reader_typed (&r, 2, 0, &duration))
    return FALSE;
  (void) sequence;

  /* Payloads end before the padding. An explicit Packet Length shorter
   * than the packet (asfmux writes the bytes used, with the padding
   * covering the rest) ends them too. */
  if (packet_len > size || packet_len < r.pos || padding >= size)
    return FALSE;
  end = MIN ((gsize) packet_len, size - padding);
  if (end <= r.pos)
    return FALSE;
  out->send_time_ms = send_time;
  out->duration_ms = duration;
  out->end = end;

  out->multiple = (len_flags & 1) != 0;
  if (out->multiple) {
    guint8 pflags;
    guint n, i;

    if (!wmasf_reader_u8 (&r, &pflags))
      return FALSE;
    n = pflags & 0x3f;
    out->payload_length_type = pflags >> 6;
    if (n == 0 || out->payload_length_type == 0)
      return FALSE;
    for (i = 0; i < n; i++) {
      if (!walk_payload (info, &r, prop, TRUE, out->payload_length_type, end,
              &out->payloads[i]))
        return FALSE;
      out->n_payloads++;
    }
  } else {
    out->payload_length_type = 0;
    if (!walk_payload (info, &r, prop, FALSE, 0, end, &out->payloads[0]))
      return FALSE;
    out->n_payloads = 1;
  }
  return TRUE;
}

gboolean
wmasf_packet_parse (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmAsfPacketInfo * out)
{
  WmAsfPacketLayout l;
  guint i;

  g_return_val_if_fail (info != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof (*out));
  if (!wmasf_packet_walk (info, packet, size, &l))
    return FALSE;

  out->send_time_ms = l.send_time_ms;
  out->duration_ms = l.duration_ms;
  for (i = 0; i < l.n_payloads; i++) {
    const WmAsfPayload *p = &l.payloads[i];

    out->n_payloads += p->n_objects;
    if (p->key && (p->offset == 0 || p->compressed)
        && stream_is_video (info, p->stream))
      out->key = TRUE;
  }
  out->valid = TRUE;
  if (!info->has_video)
    out->key = TRUE;
  return TRUE;
}

gboolean
wmasf_packet_is_key (const WmAsfHeaderInfo * info,
    const guint8 * packet, gsize size)
{
  WmAsfPacketInfo pi;

  return wmasf_packet_parse (info, packet, size, &pi) && pi.key;
}
