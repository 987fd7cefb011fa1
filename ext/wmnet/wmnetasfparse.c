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

/* wmnetasfparse: every read goes through the bounds-checked Reader below,
 * so a corrupt field makes a parse fail instead of reading past the end.
 * Layouts: ASF spec rev 01.20.03; docs/design.md, "ASF live header" and
 * "ASF data packets". */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetasfparse.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_asf_parse_debug);
#define GST_CAT_DEFAULT wmnet_asf_parse_debug

/* GNU indent would take the quark name apart */
/* *INDENT-OFF* */
G_DEFINE_QUARK (wmnet-asf-error-quark, wmnet_asf_error);
/* *INDENT-ON* */

static void
debug_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_asf_parse_debug, "wmnetasfparse", 0,
        "ASF Header Object and data packet reader");
    g_once_init_leave (&done, 1);
  }
}

/* ------------------------------------------------------------------ */
/* GUIDs (ASF spec section 10), stored as LE32, LE16, LE16, 8 bytes */

typedef struct
{
  guint32 d1;
  guint16 d2, d3;
  guint8 d4[8];
} Guid;

#define GUID_SIZE WMNET_ASF_GUID_SIZE

static const Guid guid_header = { 0x75B22630, 0x668E, 0x11CF,
  {0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}
};

static const Guid guid_data = { 0x75B22636, 0x668E, 0x11CF,
  {0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}
};

static const Guid guid_file_properties = { 0x8CABDCA1, 0xA947, 0x11CF,
  {0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const Guid guid_stream_properties = { 0xB7DC0791, 0xA9B7, 0x11CF,
  {0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const Guid guid_header_extension = { 0x5FBF03B5, 0xA92E, 0x11CF,
  {0x8E, 0xE3, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65}
};

static const Guid guid_extended_stream_properties = { 0x14E6A5CB, 0xC672,
  0x4332, {0x83, 0x99, 0xA9, 0x69, 0x52, 0x06, 0x5B, 0x5A}
};

static const Guid guid_video_media = { 0xBC19EFC0, 0x5B4D, 0x11CF,
  {0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B}
};

static void
guid_to_bytes (const Guid * g, guint8 * out)
{
  GST_WRITE_UINT32_LE (out, g->d1);
  GST_WRITE_UINT16_LE (out + 4, g->d2);
  GST_WRITE_UINT16_LE (out + 6, g->d3);
  memcpy (out + 8, g->d4, 8);
}

/* @p has at least GUID_SIZE bytes */
static gboolean
guid_equal (const guint8 * p, const Guid * g)
{
  return GST_READ_UINT32_LE (p) == g->d1 && GST_READ_UINT16_LE (p + 4) == g->d2
      && GST_READ_UINT16_LE (p + 6) == g->d3 && memcmp (p + 8, g->d4, 8) == 0;
}

gboolean
wmnet_asf_is_header_guid (const guint8 * p)
{
  return guid_equal (p, &guid_header);
}

/* ------------------------------------------------------------------ */
/* A bounds-checked little-endian reader (GstByteReader lives in
 * libgstbase, which this module does not link). */

typedef struct
{
  const guint8 *data;
  gsize size, pos;
} Reader;

static inline gboolean
r_skip (Reader * r, gsize n)
{
  if (n > r->size - r->pos)
    return FALSE;
  r->pos += n;
  return TRUE;
}

static inline gboolean
r_u8 (Reader * r, guint8 * v)
{
  if (r->size - r->pos < 1)
    return FALSE;
  *v = r->data[r->pos++];
  return TRUE;
}

/* a field of ASF length type @type: 0 absent (value @dflt), 1 BYTE,
 * 2 WORD, 3 DWORD */
static inline gboolean
r_typed (Reader * r, guint type, guint32 dflt, guint32 * v)
{
  static const guint8 sizes[4] = { 0, 1, 2, 4 };
  gsize n = sizes[type & 3];

  if (r->size - r->pos < n)
    return FALSE;
  switch (n) {
    case 0:
      *v = dflt;
      break;
    case 1:
      *v = r->data[r->pos];
      break;
    case 2:
      *v = GST_READ_UINT16_LE (r->data + r->pos);
      break;
    default:
      *v = GST_READ_UINT32_LE (r->data + r->pos);
      break;
  }
  r->pos += n;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Header */

#define OBJECT_HEADER_SIZE 24
#define HEADER_OBJECT_FIXED_SIZE WMNET_ASF_HEADER_OBJECT_FIXED_SIZE
#define FILE_PROPERTIES_SIZE 104
#define FILE_PROPERTIES_PREROLL 80
#define STREAM_PROPERTIES_FIXED_SIZE 78
#define HEADER_EXTENSION_FIXED_SIZE 46
#define EXT_STREAM_PROPERTIES_FIXED_SIZE 88

static void
add_stream (WmnetAsfHeaderInfo * info, guint number, gboolean video)
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
parse_stream_properties (WmnetAsfHeaderInfo * info, const guint8 * p,
    gsize size)
{
  guint number;

  if (size < STREAM_PROPERTIES_FIXED_SIZE)
    return;
  number = GST_READ_UINT16_LE (p + 72) & 0x7f;
  add_stream (info, number, guid_equal (p + 24, &guid_video_media));
  GST_LOG ("stream %u, %s", number, guid_equal (p + 24, &guid_video_media)
      ? "video" : "not video");
}

/* An Extended Stream Properties Object may end with the Stream Properties
 * Object of its stream (ASF spec 4.1). */
static void
parse_extended_stream_properties (WmnetAsfHeaderInfo * info,
    const guint8 * p, gsize size)
{
  Reader r = { p, size, 84 };
  guint n_names, n_systems, i;
  guint32 len;

  if (size < EXT_STREAM_PROPERTIES_FIXED_SIZE)
    return;
  n_names = GST_READ_UINT16_LE (p + 84);
  n_systems = GST_READ_UINT16_LE (p + 86);
  r.pos = EXT_STREAM_PROPERTIES_FIXED_SIZE;
  for (i = 0; i < n_names; i++) {
    if (!r_skip (&r, 2) || !r_typed (&r, 2, 0, &len) || !r_skip (&r, len))
      return;
  }
  for (i = 0; i < n_systems; i++) {
    if (!r_skip (&r, GUID_SIZE + 2) || !r_typed (&r, 3, 0, &len)
        || !r_skip (&r, len))
      return;
  }
  if (size - r.pos >= STREAM_PROPERTIES_FIXED_SIZE
      && guid_equal (p + r.pos, &guid_stream_properties))
    parse_stream_properties (info, p + r.pos, size - r.pos);
}

/* Walks objects in @p..@p+@size, calling back for the ones of interest.
 * Returns FALSE when an object's size is out of bounds. */
static gboolean
parse_objects (WmnetAsfHeaderInfo * info, const guint8 * p, gsize size,
    gboolean top, gboolean * have_file_properties, GError ** error)
{
  gsize pos = 0;

  while (size - pos >= OBJECT_HEADER_SIZE) {
    const guint8 *o = p + pos;
    guint64 osize = GST_READ_UINT64_LE (o + 16);

    if (osize < OBJECT_HEADER_SIZE || osize > size - pos) {
      g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_CORRUPT,
          "ASF object at header offset %" G_GSIZE_FORMAT " has size %"
          G_GUINT64_FORMAT ", %" G_GSIZE_FORMAT " bytes are left", pos, osize,
          size - pos);
      return FALSE;
    }

    if (top && guid_equal (o, &guid_file_properties)) {
      guint32 min, max;

      if (osize < FILE_PROPERTIES_SIZE) {
        g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_CORRUPT,
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
      if (min != max || max < WMNET_ASF_MIN_PACKET_SIZE
          || max > WMNET_ASF_MAX_PACKET_SIZE) {
        g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_PACKET_SIZE,
            "packet size %u..%u: need one size of %u to %u bytes", min, max,
            WMNET_ASF_MIN_PACKET_SIZE, WMNET_ASF_MAX_PACKET_SIZE);
        return FALSE;
      }
      info->packet_size = max;
      *have_file_properties = TRUE;
    } else if (top && guid_equal (o, &guid_stream_properties)) {
      parse_stream_properties (info, o, osize);
    } else if (top && guid_equal (o, &guid_header_extension)) {
      guint32 dsize;

      if (osize < HEADER_EXTENSION_FIXED_SIZE)
        goto next;
      dsize = GST_READ_UINT32_LE (o + 42);
      /* a bad extension is skipped, not fatal: only stream types are
       * looked for in it */
      if (dsize > osize - HEADER_EXTENSION_FIXED_SIZE
          || !parse_objects (info, o + HEADER_EXTENSION_FIXED_SIZE, dsize,
              FALSE, have_file_properties, NULL))
        GST_DEBUG ("unreadable Header Extension Object, skipped");
    } else if (!top && guid_equal (o, &guid_extended_stream_properties)) {
      parse_extended_stream_properties (info, o, osize);
    }
  next:
    pos += osize;
  }
  return TRUE;
}

gboolean
wmnet_asf_header_parse (const guint8 * data, gsize size,
    WmnetAsfHeaderInfo * info, GError ** error)
{
  guint64 hsize;
  gboolean have_fp = FALSE;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  debug_init ();

  memset (info, 0, sizeof (*info));
  if (size < GUID_SIZE || !guid_equal (data, &guid_header)) {
    g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_NOT_ASF,
        "no ASF Header Object");
    return FALSE;
  }
  if (size < HEADER_OBJECT_FIXED_SIZE) {
    g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_CORRUPT,
        "ASF Header Object truncated (%" G_GSIZE_FORMAT " bytes)", size);
    return FALSE;
  }
  hsize = GST_READ_UINT64_LE (data + 16);
  if (hsize > WMNET_ASF_MAX_HEADER_SIZE - WMNET_ASF_DATA_HEADER_SIZE) {
    g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_TOO_LARGE,
        "ASF Header Object of %" G_GUINT64_FORMAT " bytes, at most %u fit "
        "an MS-WMSP header chunk", hsize,
        WMNET_ASF_MAX_HEADER_SIZE - WMNET_ASF_DATA_HEADER_SIZE);
    return FALSE;
  }
  if (hsize < HEADER_OBJECT_FIXED_SIZE || hsize > size) {
    g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_CORRUPT,
        "ASF Header Object of %" G_GUINT64_FORMAT " bytes, %" G_GSIZE_FORMAT
        " bytes given", hsize, size);
    return FALSE;
  }
  info->header_size = hsize;

  if (!parse_objects (info, data + HEADER_OBJECT_FIXED_SIZE,
          hsize - HEADER_OBJECT_FIXED_SIZE, TRUE, &have_fp, error))
    return FALSE;
  if (!have_fp) {
    g_set_error (error, WMNET_ASF_ERROR, WMNET_ASF_ERROR_CORRUPT,
        "ASF header without File Properties Object");
    return FALSE;
  }

  if (size - hsize >= WMNET_ASF_DATA_HEADER_SIZE
      && guid_equal (data + hsize, &guid_data)) {
    const guint8 *d = data + hsize;
    guint64 dsize = GST_READ_UINT64_LE (d + 16);

    info->has_data_header = TRUE;
    /* a file's Data Object says where the packets end (an index follows);
     * a broadcast's size is meaningless (FFmpeg ignores it too) */
    if (!info->broadcast && dsize > WMNET_ASF_DATA_HEADER_SIZE
        && (dsize - WMNET_ASF_DATA_HEADER_SIZE) % info->packet_size == 0)
      info->data_packets = (dsize - WMNET_ASF_DATA_HEADER_SIZE)
          / info->packet_size;
  }

  GST_DEBUG ("header of %" G_GSIZE_FORMAT " bytes, packet size %u, %u "
      "streams%s%s, %" G_GUINT64_FORMAT " data packets", info->header_size,
      info->packet_size, info->n_streams, info->has_video ? " with video" : "",
      info->broadcast ? ", broadcast" : "", info->data_packets);
  return TRUE;
}

gboolean
wmnet_asf_header_complete (const guint8 * data, gsize size)
{
  guint64 hsize;

  if (size < HEADER_OBJECT_FIXED_SIZE)
    return FALSE;
  hsize = GST_READ_UINT64_LE (data + 16);
  if (hsize >= HEADER_OBJECT_FIXED_SIZE
      && hsize <= WMNET_ASF_MAX_HEADER_SIZE - WMNET_ASF_DATA_HEADER_SIZE) {
    /* wait for the GUID after it: Data Object header or not */
    if (size < hsize + GUID_SIZE)
      return FALSE;
    if (guid_equal (data + hsize, &guid_data)
        && size < hsize + WMNET_ASF_DATA_HEADER_SIZE)
      return FALSE;
  }
  return TRUE;
}

GstBuffer *
wmnet_asf_header_make (const guint8 * data, gsize size,
    const WmnetAsfHeaderInfo * info)
{
  GstBuffer *buf;
  gsize hsize = info->header_size;
  guint8 *out;

  g_return_val_if_fail (hsize <= size, NULL);
  g_return_val_if_fail (!info->has_data_header
      || hsize + WMNET_ASF_DATA_HEADER_SIZE <= size, NULL);

  out = g_malloc (hsize + WMNET_ASF_DATA_HEADER_SIZE);
  memcpy (out, data, hsize);
  if (info->has_data_header) {
    memcpy (out + hsize, data + hsize, WMNET_ASF_DATA_HEADER_SIZE);
  } else {
    guint8 *d = out + hsize;

    guid_to_bytes (&guid_data, d);
    GST_WRITE_UINT64_LE (d + 16, WMNET_ASF_DATA_HEADER_SIZE);
    memcpy (d + 24, info->file_id, 16);
    GST_WRITE_UINT64_LE (d + 40, 0);
    GST_WRITE_UINT16_LE (d + 48, 0x0101);
  }
  buf = gst_buffer_new_wrapped (out, hsize + WMNET_ASF_DATA_HEADER_SIZE);
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_HEADER);
  return buf;
}

/* ------------------------------------------------------------------ */
/* Data packets (ASF spec 5.2) */

#define ECC_PRESENT 0x80
#define KEY_FRAME_BIT 0x80

static gboolean
stream_known (const WmnetAsfHeaderInfo * info, guint number)
{
  if (number == 0)
    return FALSE;
  /* a header without Stream Properties: nothing to check against */
  if (info->n_streams == 0)
    return TRUE;
  return (info->stream_mask[number / 32] & (1u << (number % 32))) != 0;
}

static gboolean
stream_is_video (const WmnetAsfHeaderInfo * info, guint number)
{
  return (info->video_mask[number / 32] & (1u << (number % 32))) != 0;
}

/* One payload's header, up to its data, and its data. @multiple: a payload
 * length field of type @len_type follows the replicated data; else the
 * data runs to @end. */
static gboolean
walk_payload (const WmnetAsfHeaderInfo * info, Reader * r, guint8 prop,
    gboolean multiple, guint len_type, gsize end, WmnetAsfPayload * p)
{
  guint8 stream_byte;
  guint32 len;

  p->header_offset = r->pos;
  /* stream number length type is 01 (BYTE) by the spec; read it as such
   * whatever the flags say, as FFmpeg does */
  if (!r_u8 (r, &stream_byte)
      || !r_typed (r, (prop >> 4) & 3, 0, &p->object_number)
      || !r_typed (r, (prop >> 2) & 3, 0, &p->offset)
      || !r_typed (r, prop & 3, 0, &p->replicated_length))
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
  if (!r_skip (r, p->replicated_length))
    return FALSE;

  if (multiple) {
    if (!r_typed (r, len_type, 0, &len))
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
    Reader sub = { r->data + r->pos, len, 0 };
    guint8 sub_len;

    p->n_objects = 0;
    while (sub.pos < sub.size) {
      if (!r_u8 (&sub, &sub_len) || sub_len == 0 || !r_skip (&sub, sub_len))
        return FALSE;
      p->n_objects++;
    }
  }
  r->pos += len;
  return TRUE;
}

gboolean
wmnet_asf_packet_walk (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmnetAsfPacketLayout * out)
{
  Reader r = { packet, size, 0 };
  guint8 b, len_flags, prop;
  guint32 packet_len, sequence, padding, send_time, duration;
  gsize end;

  if (info == NULL || out == NULL)
    return FALSE;
  out->n_payloads = 0;
  if (packet == NULL || size == 0 || size > info->packet_size)
    return FALSE;

  if (!r_u8 (&r, &b))
    return FALSE;
  if (b & ECC_PRESENT) {
    /* error correction flags: data length bits 0-3, opaque data bit 4,
     * length type bits 5-6 which must be 00 */
    if ((b & 0x10) || (b & 0x60) || !r_skip (&r, b & 0x0f))
      return FALSE;
    out->ecc_length = r.pos;
    if (!r_u8 (&r, &len_flags) || (len_flags & ECC_PRESENT))
      return FALSE;
  } else {
    out->ecc_length = 0;
    len_flags = b;
  }
  if (!r_u8 (&r, &prop))
    return FALSE;
  out->length_type_flags = len_flags;
  out->property_flags = prop;

  if (!r_typed (&r, (len_flags >> 5) & 3, size, &packet_len)
      || !r_typed (&r, (len_flags >> 1) & 3, 0, &sequence)
      || !r_typed (&r, (len_flags >> 3) & 3, 0, &padding)
      || !r_typed (&r, 3, 0, &send_time) || !r_typed (&r, 2, 0, &duration))
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

    if (!r_u8 (&r, &pflags))
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
wmnet_asf_packet_parse (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmnetAsfPacketInfo * out)
{
  WmnetAsfPacketLayout l;
  guint i;

  g_return_val_if_fail (info != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof (*out));
  if (!wmnet_asf_packet_walk (info, packet, size, &l))
    return FALSE;

  out->send_time_ms = l.send_time_ms;
  out->duration_ms = l.duration_ms;
  for (i = 0; i < l.n_payloads; i++) {
    const WmnetAsfPayload *p = &l.payloads[i];

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
wmnet_asf_packet_is_key (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size)
{
  WmnetAsfPacketInfo pi;

  return wmnet_asf_packet_parse (info, packet, size, &pi) && pi.key;
}
