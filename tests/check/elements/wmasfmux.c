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

/* Unit tests of wmasfmux: what it writes is read back with a small ASF
 * parser of its own (GstByteReader, GUIDs compared as the ASF spec prints
 * them), independent of the muxer's writers. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/base/gstbytereader.h>

#include "wmnettestutils.h"
#include "wmnettestsuite.h"

#define VIDEO_CAPS "video/x-wmv, wmvversion=(int)2, width=(int)320, " \
    "height=(int)240, framerate=(fraction)25/1, codec_data=(buffer)00c3b480"
#define AUDIO_CAPS "audio/x-wma, channels=(int)1, rate=(int)44100, " \
    "wmaversion=(int)2, block_align=(int)743, bitrate=(int)128000, " \
    "codec_data=(buffer)00000000010000000000"

/* ASF spec section 10, written out from the spec rather than taken from
 * the ASF library's table (asfguids.c): a wrong GUID there must fail here */
#define GUID_HEADER "75B22630-668E-11CF-A6D9-00AA0062CE6C"
#define GUID_DATA "75B22636-668E-11CF-A6D9-00AA0062CE6C"
#define GUID_FILE_PROPERTIES "8CABDCA1-A947-11CF-8EE4-00C00C205365"
#define GUID_STREAM_PROPERTIES "B7DC0791-A9B7-11CF-8EE6-00C00C205365"
#define GUID_HEADER_EXTENSION "5FBF03B5-A92E-11CF-8EE3-00C00C205365"
#define GUID_RESERVED_1 "ABD3D211-A9BA-11CF-8EE6-00C00C205365"
#define GUID_STREAM_BITRATE "7BF875CE-468D-11D1-8D82-006097C9A2B2"
#define GUID_CODEC_LIST "86D15240-311D-11D0-A3A4-00A0C90348F6"
#define GUID_RESERVED_2 "86D15241-311D-11D0-A3A4-00A0C90348F6"
#define GUID_AUDIO_MEDIA "F8699E40-5B4D-11CF-A8FD-00805F5C442B"
#define GUID_VIDEO_MEDIA "BC19EFC0-5B4D-11CF-A8FD-00805F5C442B"
#define GUID_NO_ECC "20FB5700-5B55-11CF-A8FD-00805F5C442B"
#define GUID_COMMAND_MEDIA "59DACFC0-59E6-11D0-A3AC-00A0C90348F6"
#define GUID_CONTENT_DESCRIPTION "75B22633-668E-11CF-A6D9-00AA0062CE6C"
#define GUID_EXT_CONTENT_DESCRIPTION "D2D0A440-E307-11D2-97F0-00A0C95EA850"
#define GUID_SCRIPT_COMMAND "1EFB1A30-0B62-11D0-A39B-00A0C90348F6"
#define GUID_PADDING "1806D474-CADF-4509-A4BA-9AABCB96AAE8"
#define GUID_SIMPLE_INDEX "33000890-E5B1-11CF-89F4-00A0C90349CB"
#define GUID_EXT_STREAM_PROPERTIES "14E6A5CB-C672-4332-8399-A96952065B5A"
#define GUID_BITRATE_MUTEX "D6E229DC-35DA-11D1-9034-00A0C90349BE"
#define GUID_MUTEX_BITRATE "D6E22A01-35DA-11D1-9034-00A0C90349BE"

#define GUID_STR_LEN 37
#define MAX_STREAMS 8

/* ------------------------------------------------------------------ */
/* An independent ASF reader */

static void
read_guid (GstByteReader * br, gchar str[GUID_STR_LEN])
{
  guint32 d1 = 0;
  guint16 d2 = 0, d3 = 0;
  const guint8 *d4 = NULL;

  fail_unless (gst_byte_reader_get_uint32_le (br, &d1));
  fail_unless (gst_byte_reader_get_uint16_le (br, &d2));
  fail_unless (gst_byte_reader_get_uint16_le (br, &d3));
  fail_unless (gst_byte_reader_get_data (br, 8, &d4));
  g_snprintf (str, GUID_STR_LEN,
      "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", d1, d2, d3, d4[0],
      d4[1], d4[2], d4[3], d4[4], d4[5], d4[6], d4[7]);
}

/* @size bytes, least significant first (ASF's byte order) */
static guint64
read_le (GstByteReader * br, guint size)
{
  const guint8 *d = NULL;
  guint64 v = 0;
  guint i;

  fail_unless (gst_byte_reader_get_data (br, size, &d), "short read");
  for (i = size; i > 0; i--)
    v = (v << 8) | d[i - 1];
  return v;
}

#define read_u8(br) ((guint8) read_le ((br), 1))
#define read_u16(br) ((guint16) read_le ((br), 2))
#define read_u32(br) ((guint32) read_le ((br), 4))
#define read_u64(br) read_le ((br), 8)

static GBytes *
read_bytes (GstByteReader * br, guint size)
{
  const guint8 *data = NULL;

  fail_unless (gst_byte_reader_get_data (br, size, &data), "short read");
  return g_bytes_new (data, size);
}

typedef struct
{
  guint number;
  gboolean is_video;
  gboolean is_command;
  gchar ecc[GUID_STR_LEN];
  guint32 ecc_len;
  /* audio */
  guint16 format_tag, channels, block_align, bits;
  guint32 rate, avg_bytes;
  /* video */
  guint32 width, height, bi_width, bi_height, fourcc, bi_size;
  guint8 video_flags;
  guint16 format_size, planes, bit_count;
  GBytes *extra;
} ParsedStream;

typedef struct
{
  gsize total_size;             /* header buffer */
  guint64 header_size;
  guint32 n_objects;
  guint objects_seen;
  guint n_file_properties, n_header_extensions, n_bitrate_objects;
  guint n_codec_lists;
  guint n_content_descriptions, n_ext_content_descriptions;
  guint n_script_commands, n_paddings;
  gchar *title;                 /* Content Description's */

  gchar file_id[GUID_STR_LEN];
  guint64 preroll;
  guint32 flags, min_packet, max_packet, max_bitrate;
  guint64 broadcast_invalid_sum;        /* size, date, counts, durations */

  guint n_streams;
  ParsedStream streams[MAX_STREAMS];

  guint n_bitrates;
  guint bitrate_stream[MAX_STREAMS];
  guint32 bitrate[MAX_STREAMS];

  /* Extended Stream Properties' Data Bitrate (ASF spec 4.1), by number */
  guint32 ext_bitrate[128];

  /* Bitrate Mutual Exclusion Objects (ASF spec 3.8) */
  guint n_mutexes;
  guint mutex_n_streams[MAX_STREAMS];
  guint mutex_streams[MAX_STREAMS][MAX_STREAMS];

  guint n_codecs;
  guint16 codec_type[MAX_STREAMS];
  guint32 codec_info[MAX_STREAMS];

  gchar data_file_id[GUID_STR_LEN];
  guint64 data_size, data_packets;
  guint8 data_reserved[2];
} ParsedHeader;

static void
parsed_header_clear (ParsedHeader * h)
{
  guint i;

  for (i = 0; i < h->n_streams; i++)
    g_clear_pointer (&h->streams[i].extra, g_bytes_unref);
  g_clear_pointer (&h->title, g_free);
}

static void
parse_stream_properties (GstByteReader * br, guint64 size, ParsedHeader * h)
{
  ParsedStream *s;
  gchar type[GUID_STR_LEN];
  guint32 ts_len;
  guint start;

  fail_unless (h->n_streams < MAX_STREAMS);
  s = &h->streams[h->n_streams++];
  read_guid (br, type);
  s->is_video = g_str_equal (type, GUID_VIDEO_MEDIA);
  s->is_command = g_str_equal (type, GUID_COMMAND_MEDIA);
  fail_unless (s->is_video || s->is_command
      || g_str_equal (type, GUID_AUDIO_MEDIA), "stream type %s", type);
  read_guid (br, s->ecc);
  fail_unless_equals_uint64 (read_u64 (br), 0); /* time offset */
  ts_len = read_u32 (br);
  s->ecc_len = read_u32 (br);
  s->number = read_u16 (br) & 0x7f;
  fail_unless (gst_byte_reader_skip (br, 4));   /* reserved */
  fail_unless_equals_uint64 (size, 78 + ts_len + s->ecc_len);

  start = gst_byte_reader_get_pos (br);
  if (s->is_command) {
    fail_unless_equals_int (ts_len, 0);
  } else if (s->is_video) {
    s->width = read_u32 (br);
    s->height = read_u32 (br);
    s->video_flags = read_u8 (br);
    s->format_size = read_u16 (br);
    s->bi_size = read_u32 (br);
    s->bi_width = read_u32 (br);
    s->bi_height = read_u32 (br);
    s->planes = read_u16 (br);
    s->bit_count = read_u16 (br);
    s->fourcc = read_u32 (br);
    fail_unless (gst_byte_reader_skip (br, 5 * 4));
    fail_unless (s->bi_size >= 40);
    s->extra = read_bytes (br, s->bi_size - 40);
    fail_unless_equals_int (s->format_size, s->bi_size);
    fail_unless_equals_int (ts_len, 11 + s->format_size);
  } else {
    guint16 cb_size;

    s->format_tag = read_u16 (br);
    s->channels = read_u16 (br);
    s->rate = read_u32 (br);
    s->avg_bytes = read_u32 (br);
    s->block_align = read_u16 (br);
    s->bits = read_u16 (br);
    cb_size = read_u16 (br);
    s->extra = read_bytes (br, cb_size);
    fail_unless_equals_int (ts_len, 18 + cb_size);
  }
  fail_unless_equals_int (gst_byte_reader_get_pos (br) - start, ts_len);
  fail_unless (gst_byte_reader_skip (br, s->ecc_len));
}

static void
parse_codec_list (GstByteReader * br, ParsedHeader * h)
{
  gchar guid[GUID_STR_LEN];
  guint32 i, n;

  read_guid (br, guid);
  fail_unless_equals_string (guid, GUID_RESERVED_2);
  n = read_u32 (br);
  fail_unless (n <= MAX_STREAMS);
  h->n_codecs = n;
  for (i = 0; i < n; i++) {
    guint16 info_len;

    h->codec_type[i] = read_u16 (br);
    fail_unless (gst_byte_reader_skip (br, 2 * read_u16 (br))); /* name */
    fail_unless (gst_byte_reader_skip (br, 2 * read_u16 (br))); /* desc */
    info_len = read_u16 (br);
    fail_unless (info_len == 2 || info_len == 4);
    h->codec_info[i] = info_len == 2 ? read_u16 (br) : read_u32 (br);
  }
}

/* Parses a whole header buffer (Header Object + Data Object header) and
 * checks every size adds up. */
static void
parse_header (GstBuffer * buf, ParsedHeader * h)
{
  GstMapInfo map;
  GstByteReader br;
  gchar guid[GUID_STR_LEN];
  guint64 sum = 30;
  guint i;

  memset (h, 0, sizeof (*h));
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  h->total_size = map.size;
  gst_byte_reader_init (&br, map.data, map.size);

  read_guid (&br, guid);
  fail_unless_equals_string (guid, GUID_HEADER);
  h->header_size = read_u64 (&br);
  h->n_objects = read_u32 (&br);
  fail_unless_equals_int (read_u8 (&br), 0x01);
  fail_unless_equals_int (read_u8 (&br), 0x02);
  fail_unless_equals_uint64 (h->header_size + 50, map.size);

  for (i = 0; i < h->n_objects; i++) {
    guint start = gst_byte_reader_get_pos (&br);
    guint64 size;
    GstByteReader sub;

    read_guid (&br, guid);
    size = read_u64 (&br);
    fail_unless (size >= 24 && start + size <= h->header_size,
        "object %s of size %" G_GUINT64_FORMAT " overruns the header", guid,
        size);
    gst_byte_reader_init (&sub, map.data + start + 24, size - 24);

    if (g_str_equal (guid, GUID_FILE_PROPERTIES)) {
      guint j;

      h->n_file_properties++;
      fail_unless_equals_uint64 (size, 104);
      read_guid (&sub, h->file_id);
      for (j = 0; j < 5; j++)
        h->broadcast_invalid_sum += read_u64 (&sub);
      h->preroll = read_u64 (&sub);
      h->flags = read_u32 (&sub);
      h->min_packet = read_u32 (&sub);
      h->max_packet = read_u32 (&sub);
      h->max_bitrate = read_u32 (&sub);
    } else if (g_str_equal (guid, GUID_STREAM_PROPERTIES)) {
      parse_stream_properties (&sub, size, h);
    } else if (g_str_equal (guid, GUID_HEADER_EXTENSION)) {
      gchar reserved[GUID_STR_LEN];

      h->n_header_extensions++;
      read_guid (&sub, reserved);
      fail_unless_equals_string (reserved, GUID_RESERVED_1);
      fail_unless_equals_int (read_u16 (&sub), 6);
      fail_unless_equals_uint64 (size, 46 + read_u32 (&sub));
      while (gst_byte_reader_get_remaining (&sub) >= 24) {
        guint child = gst_byte_reader_get_pos (&sub);
        gchar cguid[GUID_STR_LEN];
        guint64 csize;

        read_guid (&sub, cguid);
        csize = read_u64 (&sub);
        fail_unless (csize >= 24 && child + csize <= size - 24);
        if (g_str_equal (cguid, GUID_EXT_STREAM_PROPERTIES)) {
          guint32 rate;

          fail_unless (gst_byte_reader_skip (&sub, 16));
          rate = read_u32 (&sub);
          fail_unless (gst_byte_reader_skip (&sub, 28));
          h->ext_bitrate[read_u16 (&sub) & 0x7f] = rate;
        }
        fail_unless (gst_byte_reader_set_pos (&sub, child + csize));
      }
    } else if (g_str_equal (guid, GUID_STREAM_BITRATE)) {
      guint16 j, n = read_u16 (&sub);

      h->n_bitrate_objects++;
      fail_unless (n <= MAX_STREAMS);
      fail_unless_equals_uint64 (size, 26 + 6 * n);
      h->n_bitrates = n;
      for (j = 0; j < n; j++) {
        h->bitrate_stream[j] = read_u16 (&sub) & 0x7f;
        h->bitrate[j] = read_u32 (&sub);
      }
    } else if (g_str_equal (guid, GUID_CODEC_LIST)) {
      h->n_codec_lists++;
      parse_codec_list (&sub, h);
      fail_unless_equals_int (gst_byte_reader_get_remaining (&sub), 0);
    } else if (g_str_equal (guid, GUID_CONTENT_DESCRIPTION)) {
      guint16 len[5], j;
      guint64 total = 24 + 10;
      const guint8 *title;

      h->n_content_descriptions++;
      for (j = 0; j < 5; j++) {
        len[j] = read_u16 (&sub);
        total += len[j];
      }
      /* ASF spec 3.10: byte lengths, UTF-16LE with the NUL */
      fail_unless_equals_uint64 (size, total);
      fail_unless (len[0] % 2 == 0);
      fail_unless (gst_byte_reader_get_data (&sub, len[0], &title));
      if (len[0] >= 2)
        h->title = g_utf16_to_utf8 ((const gunichar2 *) title, len[0] / 2 -
            1, NULL, NULL, NULL);
    } else if (g_str_equal (guid, GUID_EXT_CONTENT_DESCRIPTION)) {
      h->n_ext_content_descriptions++;
    } else if (g_str_equal (guid, GUID_SCRIPT_COMMAND)) {
      h->n_script_commands++;
    } else if (g_str_equal (guid, GUID_PADDING)) {
      h->n_paddings++;
    } else if (g_str_equal (guid, GUID_BITRATE_MUTEX)) {
      gchar type[GUID_STR_LEN];
      guint16 j, n;

      fail_unless (h->n_mutexes < MAX_STREAMS);
      read_guid (&sub, type);
      fail_unless_equals_string (type, GUID_MUTEX_BITRATE);
      n = read_u16 (&sub);
      fail_unless (n <= MAX_STREAMS);
      fail_unless_equals_uint64 (size, 24 + 16 + 2 + 2 * n);
      for (j = 0; j < n; j++)
        h->mutex_streams[h->n_mutexes][j] = read_u16 (&sub);
      h->mutex_n_streams[h->n_mutexes++] = n;
    }
    h->objects_seen++;
    sum += size;
    fail_unless (gst_byte_reader_set_pos (&br, start + size));
  }
  fail_unless_equals_uint64 (sum, h->header_size);

  /* Data Object header */
  read_guid (&br, guid);
  fail_unless_equals_string (guid, GUID_DATA);
  h->data_size = read_u64 (&br);
  read_guid (&br, h->data_file_id);
  h->data_packets = read_u64 (&br);
  h->data_reserved[0] = read_u8 (&br);
  h->data_reserved[1] = read_u8 (&br);
  fail_unless_equals_int (gst_byte_reader_get_remaining (&br), 0);

  gst_buffer_unmap (buf, &map);
}

static const ParsedStream *
find_stream (const ParsedHeader * h, guint number)
{
  guint i;

  for (i = 0; i < h->n_streams; i++)
    if (h->streams[i].number == number)
      return &h->streams[i];
  fail ("no stream %u in the header", number);
  return NULL;
}

static guint32
bitrate_of (const ParsedHeader * h, guint number)
{
  guint i;

  for (i = 0; i < h->n_bitrates; i++)
    if (h->bitrate_stream[i] == number)
      return h->bitrate[i];
  fail ("no bitrate for stream %u", number);
  return 0;
}

typedef struct
{
  guint8 stream;
  gboolean key;
  guint8 object_number;
  guint32 offset, object_size, pres_ms;
  GBytes *data;
} Payload;

typedef struct
{
  guint32 send_ms;
  guint16 padding;
  guint n_payloads;
  Payload payloads[63];
  GstClockTime pts;
  gboolean delta;
} Packet;

static void
packet_clear (Packet * p)
{
  guint i;

  for (i = 0; i < p->n_payloads; i++)
    g_bytes_unref (p->payloads[i].data);
  p->n_payloads = 0;
}

/* Checks the layout of docs/design.md, "ASF data packets", byte by byte. */
static void
parse_packet (GstBuffer * buf, guint packet_size, Packet * p)
{
  GstMapInfo map;
  GstByteReader br;
  guint8 payload_flags;
  guint i, pos;

  memset (p, 0, sizeof (*p));
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_int (map.size, packet_size);
  gst_byte_reader_init (&br, map.data, map.size);

  fail_unless_equals_int (read_u8 (&br), 0x82);
  fail_unless_equals_int (read_u8 (&br), 0x00);
  fail_unless_equals_int (read_u8 (&br), 0x00);
  fail_unless_equals_int (read_u8 (&br), 0x11);
  fail_unless_equals_int (read_u8 (&br), 0x5D);
  p->padding = read_u16 (&br);
  p->send_ms = read_u32 (&br);
  fail_unless_equals_int (read_u16 (&br), 0);   /* duration */
  payload_flags = read_u8 (&br);
  fail_unless_equals_int (payload_flags & 0xC0, 0x80);
  p->n_payloads = payload_flags & 0x3F;
  fail_unless (p->n_payloads >= 1);

  for (i = 0; i < p->n_payloads; i++) {
    Payload *pl = &p->payloads[i];
    guint8 stream = read_u8 (&br);
    guint16 len;

    pl->stream = stream & 0x7f;
    pl->key = (stream & 0x80) != 0;
    pl->object_number = read_u8 (&br);
    pl->offset = read_u32 (&br);
    fail_unless_equals_int (read_u8 (&br), 8);  /* replicated data */
    pl->object_size = read_u32 (&br);
    pl->pres_ms = read_u32 (&br);
    len = read_u16 (&br);
    fail_unless (len > 0);
    fail_unless (pl->offset + len <= pl->object_size);
    pl->data = read_bytes (&br, len);
  }
  pos = gst_byte_reader_get_pos (&br);
  fail_unless_equals_int (pos + p->padding, packet_size);
  for (i = pos; i < map.size; i++)
    fail_unless_equals_int (map.data[i], 0);

  p->pts = GST_BUFFER_PTS (buf);
  p->delta = GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buf), p->pts);
  gst_buffer_unmap (buf, &map);
}

/* Media objects put back together from their payloads. */
typedef struct
{
  guint stream;
  guint object_number;
  gboolean key;
  guint32 size, pres_ms;
  GByteArray *data;
} Object;

static void
object_free (Object * o)
{
  g_byte_array_unref (o->data);
  g_free (o);
}

typedef struct
{
  GPtrArray *objects;           /* complete, in order of their first byte */
  Object *partial[128];
} Reassembly;

static void
reassembly_init (Reassembly * r)
{
  memset (r, 0, sizeof (*r));
  r->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);
}

static void
reassembly_add (Reassembly * r, const Packet * p)
{
  guint i;

  for (i = 0; i < p->n_payloads; i++) {
    const Payload *pl = &p->payloads[i];
    Object *o = r->partial[pl->stream];
    gsize len;
    const guint8 *data = g_bytes_get_data (pl->data, &len);

    if (pl->offset == 0) {
      fail_unless (o == NULL, "stream %u: object %u starts before object %u "
          "ended", pl->stream, pl->object_number, o ? o->object_number : 0);
      o = g_new0 (Object, 1);
      o->stream = pl->stream;
      o->object_number = pl->object_number;
      o->key = pl->key;
      o->size = pl->object_size;
      o->pres_ms = pl->pres_ms;
      o->data = g_byte_array_new ();
      r->partial[pl->stream] = o;
      g_ptr_array_add (r->objects, o);
    } else {
      fail_unless (o != NULL, "stream %u: fragment without a start",
          pl->stream);
      fail_unless_equals_int (pl->object_number, o->object_number);
      fail_unless_equals_int (pl->offset, o->data->len);
      fail_unless_equals_int (pl->object_size, o->size);
      fail_unless_equals_int (pl->pres_ms, o->pres_ms);
      fail_unless_equals_int (pl->key, o->key);
    }
    g_byte_array_append (o->data, data, len);
    if (o->data->len == o->size)
      r->partial[pl->stream] = NULL;
  }
}

static void
reassembly_finish (Reassembly * r)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (r->partial); i++)
    fail_unless (r->partial[i] == NULL, "stream %u: incomplete object", i);
}

static GPtrArray *
objects_of_stream (Reassembly * r, guint stream)
{
  GPtrArray *ret = g_ptr_array_new ();
  guint i;

  for (i = 0; i < r->objects->len; i++) {
    Object *o = g_ptr_array_index (r->objects, i);

    if (o->stream == stream)
      g_ptr_array_add (ret, o);
  }
  return ret;
}

/* ------------------------------------------------------------------ */
/* The muxer under test, with a queue in front of each input so pushes
 * never block on the muxer waiting for another pad. */

typedef struct
{
  GstHarness *mux;
  GstHarness *pads[MAX_STREAMS];
  GstHarness *inputs[MAX_STREAMS];
  guint n;
  GstBus *bus;
} Fixture;

static Fixture *
fixture_new (guint packet_size, guint64 preroll)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->mux = gst_harness_new_with_padnames ("wmasfmux", NULL, "src");
  g_object_set (f->mux->element, "packet-size", packet_size, "preroll",
      preroll, NULL);
  f->bus = gst_bus_new ();
  gst_element_set_bus (f->mux->element, f->bus);
  return f;
}

static GstHarness *
fixture_add_input (Fixture * f, const gchar * pad_name, gboolean live)
{
  GstHarness *pad_h, *queue_h;
  GstPad *sinkpad, *queue_src;

  fail_unless (f->n < MAX_STREAMS);
  pad_h = gst_harness_new_with_element (f->mux->element, pad_name, NULL);
  queue_h = gst_harness_new ("queue");
  sinkpad = GST_PAD_PEER (pad_h->srcpad);
  queue_src = GST_PAD_PEER (queue_h->sinkpad);
  fail_unless (gst_pad_unlink (pad_h->srcpad, sinkpad));
  fail_unless (gst_pad_unlink (queue_src, queue_h->sinkpad));
  fail_unless_equals_int (gst_pad_link (queue_src, sinkpad), GST_PAD_LINK_OK);
  gst_harness_set_live (queue_h, live);

  f->pads[f->n] = pad_h;
  f->inputs[f->n] = queue_h;
  f->n++;
  return queue_h;
}

static void
fixture_free (Fixture * f)
{
  guint i;

  /* downstream first, as a pipeline does: an input's streaming thread may
   * be blocked in the muxer's pad (full, after a refused caps change), and
   * only the muxer's pads going inactive release it */
  gst_element_set_state (f->mux->element, GST_STATE_NULL);
  for (i = 0; i < f->n; i++) {
    if (f->inputs[i])
      gst_harness_teardown (f->inputs[i]);
    gst_harness_teardown (f->pads[i]);
  }
  gst_element_set_bus (f->mux->element, NULL);
  gst_harness_teardown (f->mux);
  gst_object_unref (f->bus);
  g_free (f);
}

static GstBuffer *
frame_new (gsize size, guint seed, GstClockTime pts, gboolean delta)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);
  GstMapInfo map;
  gsize i;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (i = 0; i < size; i++)
    map.data[i] = (guint8) (seed * 31 + i * 7 + (i >> 9));
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = pts;
  if (delta)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return buf;
}

static gboolean
buffer_equals_bytes (GstBuffer * buf, const guint8 * data, gsize size)
{
  return gst_buffer_get_size (buf) == size
      && gst_buffer_memcmp (buf, 0, data, size) == 0;
}

/* A caps event that only replaces the caps, unlike
 * gst_harness_set_src_caps() which also sends a new segment. */
static void
push_caps (GstHarness * input, const gchar * str)
{
  GstCaps *caps = gst_caps_from_string (str);

  fail_unless (caps != NULL);
  fail_unless (gst_harness_push_event (input, gst_event_new_caps (caps)));
  gst_caps_unref (caps);
}

static void
push_eos (GstHarness * input)
{
  fail_unless (gst_harness_push_event (input, gst_event_new_eos ()));
}

/* Every output buffer until EOS. */
static GPtrArray *
pull_all (GstHarness * mux)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  GstBuffer *buf = NULL;

  while (TRUE) {
    fail_unless (gst_harness_pull_until_eos (mux, &buf),
        "no EOS from the muxer");
    if (buf == NULL)
      break;
    g_ptr_array_add (out, buf);
  }
  return out;
}

/* Parses every packet of @out after the header (the layout checks are in
 * parse_packet), checks send times never go back and are the buffer
 * timestamps, and reassembles the objects. */
static Packet *
parse_packets (GPtrArray * out, guint packet_size, Reassembly * r)
{
  Packet *packets = g_new0 (Packet, out->len);
  guint32 prev_send = 0;
  guint i;

  for (i = 1; i < out->len; i++) {
    Packet *p = &packets[i];
    GstBuffer *buf = g_ptr_array_index (out, i);

    fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
    parse_packet (buf, packet_size, p);
    reassembly_add (r, p);

    fail_unless (p->send_ms >= prev_send, "send time went back: %u < %u",
        p->send_ms, prev_send);
    fail_unless_equals_uint64 (p->pts / GST_MSECOND, p->send_ms);
    prev_send = p->send_ms;
  }
  reassembly_finish (r);
  return packets;
}

static void
free_packets (Packet * packets, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    packet_clear (&packets[i]);
  g_free (packets);
}

static GstBuffer *
caps_streamheader (GstHarness * mux)
{
  GstCaps *caps = gst_pad_get_current_caps (mux->sinkpad);
  const GValue *array, *value;
  GstBuffer *buf;

  fail_unless (caps != NULL);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (caps, 0),
          "video/x-ms-asf"));
  array = gst_structure_get_value (gst_caps_get_structure (caps, 0),
      "streamheader");
  fail_unless (array != NULL && GST_VALUE_HOLDS_ARRAY (array));
  fail_unless_equals_int (gst_value_array_get_size (array), 1);
  value = gst_value_array_get_value (array, 0);
  fail_unless (GST_VALUE_HOLDS_BUFFER (value));
  buf = gst_buffer_ref (gst_value_get_buffer (value));
  gst_caps_unref (caps);
  return buf;
}

static GstMessage *
pop_message (Fixture * f, GstMessageType type)
{
  return gst_bus_timed_pop_filtered (f->bus, 10 * GST_SECOND, type);
}

static void
assert_message_names_pad (GstMessage * msg, const gchar * pad_name)
{
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless (msg != NULL, "no message on the bus");
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, &debug);
  else
    gst_message_parse_warning (msg, &err, &debug);
  fail_unless (strstr (err->message, pad_name) != NULL
      || (debug && strstr (debug, pad_name) != NULL),
      "message '%s' (%s) does not name %s", err->message, debug, pad_name);
  g_clear_error (&err);
  g_free (debug);
}

/* ------------------------------------------------------------------ */

GST_START_TEST (test_header_objects)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  static const guint8 video_cd[] = { 0x00, 0xc3, 0xb4, 0x80 };
  static const guint8 audio_cd[] = { 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };
  GstBuffer *header, *streamheader;
  const ParsedStream *vs, *as;
  ParsedHeader h;
  GPtrArray *out;
  guint i;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  gst_harness_push (video, frame_new (3000, 1, 0, FALSE));
  gst_harness_push (audio, frame_new (743, 2, 0, FALSE));
  push_eos (video);
  push_eos (audio);
  out = pull_all (f->mux);

  fail_unless (out->len >= 2);
  header = g_ptr_array_index (out, 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (header, GST_BUFFER_FLAG_HEADER));
  streamheader = caps_streamheader (f->mux);
  fail_unless (GST_BUFFER_FLAG_IS_SET (streamheader, GST_BUFFER_FLAG_HEADER));
  fail_unless_equals_int (gst_buffer_get_size (streamheader),
      gst_buffer_get_size (header));
  {
    GstMapInfo map;

    fail_unless (gst_buffer_map (streamheader, &map, GST_MAP_READ));
    fail_unless (buffer_equals_bytes (header, map.data, map.size));
    gst_buffer_unmap (streamheader, &map);
  }
  gst_buffer_unref (streamheader);

  parse_header (header, &h);
  fail_unless (h.total_size <= 65527);
  /* File Properties, 2 Stream Properties, Header Extension, Codec List,
   * Stream Bitrate Properties */
  fail_unless_equals_int (h.n_objects, 6);
  fail_unless_equals_int (h.objects_seen, h.n_objects);
  fail_unless_equals_int (h.n_file_properties, 1);
  fail_unless_equals_int (h.n_header_extensions, 1);
  fail_unless_equals_int (h.n_bitrate_objects, 1);
  fail_unless_equals_int (h.n_codec_lists, 1);

  fail_unless_equals_uint64 (h.broadcast_invalid_sum, 0);
  fail_unless_equals_uint64 (h.preroll, 3000);
  fail_unless_equals_int (h.flags, 0x1);
  fail_unless_equals_int (h.min_packet, 4096);
  fail_unless_equals_int (h.max_packet, 4096);
  fail_unless_equals_string (h.file_id, h.data_file_id);
  fail_unless_equals_uint64 (h.data_size, 50);
  fail_unless_equals_uint64 (h.data_packets, 0);
  fail_unless_equals_int (h.data_reserved[0], 0x01);
  fail_unless_equals_int (h.data_reserved[1], 0x01);

  /* stream numbers follow the request order */
  fail_unless_equals_int (h.n_streams, 2);
  vs = find_stream (&h, 1);
  as = find_stream (&h, 2);
  fail_unless (vs->is_video);
  fail_unless (!as->is_video);

  fail_unless_equals_string (vs->ecc, GUID_NO_ECC);
  fail_unless_equals_int (vs->ecc_len, 0);
  fail_unless_equals_int (vs->width, 320);
  fail_unless_equals_int (vs->height, 240);
  fail_unless_equals_int (vs->video_flags, 0x02);
  fail_unless_equals_int (vs->bi_size, 44);
  fail_unless_equals_int (vs->bi_width, 320);
  fail_unless_equals_int (vs->bi_height, 240);
  fail_unless_equals_int (vs->planes, 1);
  fail_unless_equals_int (vs->bit_count, 24);
  fail_unless_equals_int (vs->fourcc, GST_MAKE_FOURCC ('W', 'M', 'V', '2'));
  fail_unless (g_bytes_get_size (vs->extra) == sizeof (video_cd)
      && memcmp (g_bytes_get_data (vs->extra, NULL), video_cd,
          sizeof (video_cd)) == 0);

  fail_unless_equals_string (as->ecc, GUID_NO_ECC);
  fail_unless_equals_int (as->format_tag, 0x0161);
  fail_unless_equals_int (as->channels, 1);
  fail_unless_equals_int (as->rate, 44100);
  fail_unless_equals_int (as->avg_bytes, 128000 / 8);
  fail_unless_equals_int (as->block_align, 743);
  fail_unless (g_bytes_get_size (as->extra) == sizeof (audio_cd)
      && memcmp (g_bytes_get_data (as->extra, NULL), audio_cd,
          sizeof (audio_cd)) == 0);

  /* bitrates: WMA from its caps, video estimated at 0.25 bit/pixel */
  fail_unless_equals_int (h.n_bitrates, 2);
  fail_unless_equals_int (bitrate_of (&h, 2), 128000);
  fail_unless_equals_int (bitrate_of (&h, 1), 320 * 240 * 25 / 4);
  fail_unless (h.max_bitrate > 0);
  fail_unless_equals_int (h.max_bitrate, 128000 + 320 * 240 * 25 / 4);

  fail_unless_equals_int (h.n_codecs, 2);
  for (i = 0; i < h.n_codecs; i++) {
    if (h.codec_type[i] == 1) {
      fail_unless_equals_int (h.codec_info[i], GST_MAKE_FOURCC ('W', 'M',
              'V', '2'));
    } else {
      fail_unless_equals_int (h.codec_type[i], 2);
      fail_unless_equals_int (h.codec_info[i], 0x0161);
    }
  }

  /* the rest are packets */
  for (i = 1; i < out->len; i++) {
    GstBuffer *buf = g_ptr_array_index (out, i);

    fail_unless_equals_int (gst_buffer_get_size (buf), 4096);
    fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
  }

  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_header_bitrate_sources)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *mp3 = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *wma = fixture_add_input (f, "audio_%u", FALSE);
  ParsedHeader h;
  GPtrArray *out;
  const ParsedStream *s;

  /* video without framerate and WMV3 through the format field */
  gst_harness_set_src_caps_str (video, "video/x-wmv, wmvversion=(int)3, "
      "format=(string)WVC1, width=(int)640, height=(int)480, "
      "codec_data=(buffer)250000010f00000000010e00");
  gst_harness_push_event (video,
      gst_event_new_tag (gst_tag_list_new (GST_TAG_NOMINAL_BITRATE, 700000,
              NULL)));
  gst_harness_set_src_caps_str (mp3, "audio/mpeg, mpegversion=(int)1, "
      "layer=(int)3, rate=(int)44100, channels=(int)2");
  /* WMA without bitrate: estimated from the block size */
  gst_harness_set_src_caps_str (wma, "audio/x-wma, wmaversion=(int)1, "
      "rate=(int)22050, channels=(int)1, block_align=(int)256");

  gst_harness_push (video, frame_new (1000, 1, 0, FALSE));
  gst_harness_push (mp3, frame_new (417, 2, 0, FALSE));
  gst_harness_push (wma, frame_new (256, 3, 0, FALSE));
  push_eos (video);
  push_eos (mp3);
  push_eos (wma);
  out = pull_all (f->mux);
  parse_header (g_ptr_array_index (out, 0), &h);

  fail_unless_equals_int (h.n_streams, 3);
  s = find_stream (&h, 1);
  fail_unless_equals_int (s->fourcc, GST_MAKE_FOURCC ('W', 'V', 'C', '1'));
  fail_unless_equals_int (bitrate_of (&h, 1), 700000);

  s = find_stream (&h, 2);
  fail_unless_equals_int (s->format_tag, 0x0055);
  fail_unless_equals_int (s->channels, 2);
  fail_unless_equals_int (s->block_align, 1);
  /* MPEGLAYER3WAVEFORMAT */
  fail_unless_equals_int (g_bytes_get_size (s->extra), 12);
  fail_unless_equals_int (bitrate_of (&h, 2), 128000);

  s = find_stream (&h, 3);
  fail_unless_equals_int (s->format_tag, 0x0160);
  fail_unless_equals_int (s->extra ? g_bytes_get_size (s->extra) : 0, 0);
  fail_unless_equals_int (bitrate_of (&h, 3), 256 * 8 * 22050 / 1024);
  fail_unless_equals_int (s->avg_bytes, 256 * 22050 / 1024);

  fail_unless_equals_int (h.max_bitrate,
      700000 + 128000 + 256 * 8 * 22050 / 1024);

  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* Caps the muxer takes but cannot describe: an error naming the pad and
 * the field, and nothing written. */
static const struct
{
  const gchar *templ, *pad, *caps, *field;
} refused_caps[] = {
  {"video_%u", "video_0", "video/x-wmv, wmvversion=(int)3, width=(int)320, "
        "height=(int)240", "codec_data"},
  {"video_%u", "video_0", "video/x-wmv, wmvversion=(int)3, "
        "format=(string)WVC1, width=(int)320, height=(int)240, "
        "codec_data=(buffer)0102030405", "codec_data"},
  {"video_%u", "video_0", "video/x-wmv, wmvversion=(int)2, width=(int)320, "
        "height=(int)240", "codec_data"},
  {"video_%u", "video_0", "video/mpeg, mpegversion=(int)4, "
        "systemstream=(boolean)false, width=(int)320, height=(int)240",
      "codec_data"},
  {"video_%u", "video_0", "video/x-h264, stream-format=(string)byte-stream, "
        "alignment=(string)nal, width=(int)320, height=(int)240", "alignment"},
  {"audio_%u", "audio_0", "audio/mpeg, mpegversion=(int)4, "
        "stream-format=(string)adts, rate=(int)44100, channels=(int)2",
      "stream-format"},
  {"audio_%u", "audio_0", "audio/mpeg, mpegversion=(int)4, "
        "stream-format=(string)raw, rate=(int)44100, channels=(int)2",
      "codec_data"},
  {"audio_%u", "audio_0", "audio/x-wma, wmaversion=(int)3, rate=(int)44100, "
        "channels=(int)2, block_align=(int)100, codec_data=(buffer)0102",
      "codec_data"},
  {"audio_%u", "audio_0", "audio/x-wms, rate=(int)16000, channels=(int)1, "
        "block_align=(int)40", "codec_data"},
};

GST_START_TEST (test_codec_data_refused)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *in = fixture_add_input (f, refused_caps[__i__].templ, FALSE);
  GstMessage *msg;
  GError *err = NULL;

  gst_harness_set_src_caps_str (in, refused_caps[__i__].caps);
  gst_harness_push (in, frame_new (100, 1, 0, FALSE));
  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, refused_caps[__i__].pad);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, refused_caps[__i__].field) != NULL,
      "'%s' does not name %s", err->message, refused_caps[__i__].field);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless (gst_harness_try_pull (f->mux) == NULL);
  fixture_free (f);
}

GST_END_TEST;

/* A pad that never gets caps (its link failed) while the other ends: an
 * error naming it at once, and no header. The 10-second bound with live
 * data is in pipelines/wmasfmux-file. */
GST_START_TEST (test_pad_without_caps_at_eos)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstMessage *msg;
  GError *err = NULL;

  (void) video;
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  gst_harness_push (audio, frame_new (743, 1, 0, FALSE));
  push_eos (audio);

  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, "video_0");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, "no caps") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless (gst_harness_try_pull (f->mux) == NULL);
  fixture_free (f);
}

GST_END_TEST;

/* H.264 without parameter sets in the caps: those of the first key frame
 * go in front of a later key frame that lacks them. */
GST_START_TEST (test_h264_parameter_sets_repeated)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  static const guint8 sets[] = { 0, 0, 0, 1, 0x67, 0x42, 0, 0x1e, 0, 0, 0, 1,
    0x68, 0xce, 0x3c, 0x80
  };
  static const guint8 idr[] = { 0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21 };
  GstBuffer *first, *second;
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  Object *o;

  gst_harness_set_src_caps_str (video, "video/x-h264, "
      "stream-format=(string)byte-stream, alignment=(string)au, "
      "width=(int)320, height=(int)240");
  first = gst_buffer_new_memdup (sets, sizeof (sets));
  first = gst_buffer_append (first, gst_buffer_new_memdup (idr, sizeof (idr)));
  GST_BUFFER_PTS (first) = GST_BUFFER_DTS (first) = 0;
  second = gst_buffer_new_memdup (idr, sizeof (idr));
  GST_BUFFER_PTS (second) = GST_BUFFER_DTS (second) = GST_SECOND;
  gst_harness_push (video, first);
  gst_harness_push (video, second);
  push_eos (video);
  out = pull_all (f->mux);

  reassembly_init (&r);
  packets = parse_packets (out, 4096, &r);
  fail_unless_equals_int (r.objects->len, 2);
  o = g_ptr_array_index (r.objects, 1);
  fail_unless_equals_int (o->data->len, sizeof (sets) + sizeof (idr));
  fail_unless (memcmp (o->data->data, sets, sizeof (sets)) == 0);
  fail_unless (memcmp (o->data->data + sizeof (sets), idr, sizeof (idr)) == 0);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* An MPEG-1 audio frame of @size bytes whose header says @byte2 (bitrate
 * index, sample rate index) for layer @layer_bits (0xFB layer 3, 0xFD
 * layer 2). */
static GstBuffer *
mpeg_audio_frame (guint8 layer_bits, guint8 byte2, gsize size, GstClockTime pts)
{
  GstBuffer *buf = frame_new (size, 0, pts, FALSE);
  guint8 hdr[4] = { 0xFF, layer_bits, byte2, 0xC0 };

  gst_buffer_fill (buf, 0, hdr, 4);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (1152, GST_SECOND, 44100);
  return buf;
}

GST_START_TEST (test_codec_mapping)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *h264 = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *aac = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *pcm6 = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *flt = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *mp3 = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *mp2 = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *div3 = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *ac3 = fixture_add_input (f, "audio_%u", FALSE);
  static const guint8 sps_pps[] = { 0, 0, 0, 1, 0x67, 0x42, 0, 0x1e, 0, 0, 0,
    1, 0x68, 0xce, 0x3c, 0x80
  };
  const ParsedStream *s;
  const guint8 *extra;
  ParsedHeader h;
  GPtrArray *out;
  guint i;

  gst_harness_set_src_caps_str (h264, "video/x-h264, "
      "stream-format=(string)byte-stream, alignment=(string)au, "
      "width=(int)640, height=(int)360, framerate=(fraction)25/1, "
      "codec_data=(buffer)000000016742001e0000000168ce3c80");
  gst_harness_set_src_caps_str (aac, "audio/mpeg, mpegversion=(int)4, "
      "stream-format=(string)raw, rate=(int)44100, channels=(int)2, "
      "codec_data=(buffer)1210");
  gst_harness_set_src_caps_str (pcm6, "audio/x-raw, format=(string)S16LE, "
      "layout=(string)interleaved, rate=(int)48000, channels=(int)6, "
      "channel-mask=(bitmask)0x3f");
  gst_harness_set_src_caps_str (flt, "audio/x-raw, format=(string)F32LE, "
      "layout=(string)interleaved, rate=(int)48000, channels=(int)2");
  gst_harness_set_src_caps_str (mp3, "audio/mpeg, mpegversion=(int)1, "
      "layer=(int)3, rate=(int)44100, channels=(int)2");
  gst_harness_set_src_caps_str (mp2, "audio/mpeg, mpegversion=(int)1, "
      "layer=(int)2, rate=(int)44100, channels=(int)2");
  gst_harness_set_src_caps_str (div3, "video/x-msmpeg, "
      "msmpegversion=(int)43, width=(int)320, height=(int)240");
  gst_harness_set_src_caps_str (ac3, "audio/x-ac3, rate=(int)48000, "
      "channels=(int)6");

  gst_harness_push (h264, frame_new (1000, 1, 0, FALSE));
  gst_harness_push (aac, frame_new (300, 2, 0, FALSE));
  gst_harness_push (pcm6, frame_new (12 * 480, 3, 0, FALSE));
  gst_harness_push (flt, frame_new (8 * 480, 4, 0, FALSE));
  /* VBR MP3: 128 and 64 kbit/s frames alternate (index 9 and 5) */
  for (i = 0; i < 10; i++)
    gst_harness_push (mp3, mpeg_audio_frame (0xFB, i % 2 ? 0x50 : 0x90,
            i % 2 ? 209 : 417, i * 26 * GST_MSECOND));
  /* CBR MP2 at 256 kbit/s (index 12) */
  for (i = 0; i < 10; i++)
    gst_harness_push (mp2, mpeg_audio_frame (0xFD, 0xC0, 835,
            i * 26 * GST_MSECOND));
  gst_harness_push (div3, frame_new (1000, 5, 0, FALSE));
  {
    /* AC-3 sync frame, 48 kHz, frmsizecod 30: 448 kbit/s */
    GstBuffer *buf = frame_new (1792, 6, 0, FALSE);
    guint8 hdr[5] = { 0x0B, 0x77, 0, 0, 30 };

    gst_buffer_fill (buf, 0, hdr, 5);
    gst_harness_push (ac3, buf);
  }
  push_eos (h264);
  push_eos (aac);
  push_eos (pcm6);
  push_eos (flt);
  push_eos (mp3);
  push_eos (mp2);
  push_eos (div3);
  push_eos (ac3);
  out = pull_all (f->mux);
  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.n_streams, 8);

  s = find_stream (&h, 1);
  fail_unless_equals_int (s->fourcc, GST_MAKE_FOURCC ('H', '2', '6', '4'));
  fail_unless_equals_int (s->width, 640);
  fail_unless (g_bytes_get_size (s->extra) == sizeof (sps_pps)
      && memcmp (g_bytes_get_data (s->extra, NULL), sps_pps,
          sizeof (sps_pps)) == 0);

  s = find_stream (&h, 2);
  fail_unless_equals_int (s->format_tag, 0x00FF);
  fail_unless_equals_int (g_bytes_get_size (s->extra), 2);

  s = find_stream (&h, 3);
  fail_unless_equals_int (s->format_tag, 0xFFFE);
  fail_unless_equals_int (s->channels, 6);
  fail_unless_equals_int (s->block_align, 12);
  fail_unless_equals_int (s->bits, 16);
  fail_unless_equals_int (s->avg_bytes, 48000 * 12);
  fail_unless_equals_int (g_bytes_get_size (s->extra), 22);
  extra = g_bytes_get_data (s->extra, NULL);
  fail_unless_equals_int (GST_READ_UINT16_LE (extra), 16);
  fail_unless_equals_int (GST_READ_UINT32_LE (extra + 2), 0x3f);
  fail_unless_equals_int (GST_READ_UINT16_LE (extra + 6), 0x0001);

  s = find_stream (&h, 4);
  fail_unless_equals_int (s->format_tag, 0x0003);
  fail_unless_equals_int (s->block_align, 8);
  fail_unless_equals_int (s->avg_bytes, 48000 * 8);

  /* VBR: the mean of the frames, nBlockSize 1 */
  s = find_stream (&h, 5);
  fail_unless_equals_int (s->format_tag, 0x0055);
  fail_unless_equals_int (bitrate_of (&h, 5), 96000);
  fail_unless_equals_int (g_bytes_get_size (s->extra), 12);
  fail_unless_equals_int (GST_READ_UINT16_LE ((const guint8 *)
          g_bytes_get_data (s->extra, NULL) + 6), 1);

  s = find_stream (&h, 6);
  fail_unless_equals_int (s->format_tag, 0x0050);
  fail_unless_equals_int (bitrate_of (&h, 6), 256000);
  fail_unless_equals_int (g_bytes_get_size (s->extra), 22);

  s = find_stream (&h, 7);
  fail_unless_equals_int (s->fourcc, GST_MAKE_FOURCC ('M', 'P', '4', '3'));

  s = find_stream (&h, 8);
  fail_unless_equals_int (s->format_tag, 0x2000);
  fail_unless_equals_int (bitrate_of (&h, 8), 448000);

  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_packet_layout)
{
  const guint packet_size = 1500;
  Fixture *f = fixture_new (packet_size, 1234);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  /* by stream number */
  GPtrArray *pushed[3] = { NULL, NULL, NULL };
  GPtrArray *out, *objs;
  Reassembly r;
  Packet *packets;
  ParsedHeader h;
  GstClockTime prev_first_time = 0;
  guint i, s;

  for (s = 1; s <= 2; s++)
    pushed[s] = g_ptr_array_new_with_free_func ((GDestroyNotify)
        gst_buffer_unref);
  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);

  for (i = 0; i < 25; i++) {
    GstBuffer *buf = frame_new (200 + (i * 977) % 5000, i, i * 40 * GST_MSECOND,
        i % 5 != 0);

    g_ptr_array_add (pushed[1], gst_buffer_ref (buf));
    gst_harness_push (video, buf);
  }
  for (i = 0; i < 43; i++) {
    GstBuffer *buf = frame_new (743, 100 + i,
        gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE);

    g_ptr_array_add (pushed[2], gst_buffer_ref (buf));
    gst_harness_push (audio, buf);
  }
  push_eos (video);
  push_eos (audio);
  out = pull_all (f->mux);

  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.min_packet, packet_size);
  fail_unless_equals_uint64 (h.preroll, 1234);
  parsed_header_clear (&h);

  reassembly_init (&r);
  packets = parse_packets (out, packet_size, &r);

  /* every byte of every frame, in order, with its times */
  for (s = 1; s <= 2; s++) {
    objs = objects_of_stream (&r, s);
    fail_unless_equals_int (objs->len, pushed[s]->len);
    for (i = 0; i < objs->len; i++) {
      Object *o = g_ptr_array_index (objs, i);
      GstBuffer *buf = g_ptr_array_index (pushed[s], i);

      fail_unless (buffer_equals_bytes (buf, o->data->data, o->data->len),
          "stream %u object %u differs", s, i);
      fail_unless_equals_int (o->object_number, i % 256);
      fail_unless_equals_int (o->pres_ms,
          GST_BUFFER_PTS (buf) / GST_MSECOND + 1234);
    }
    g_ptr_array_unref (objs);
  }

  /* interleaved by time: objects start in time order across streams, and
   * every packet's send time is its earliest payload's time */
  for (i = 0; i < r.objects->len; i++) {
    Object *o = g_ptr_array_index (r.objects, i);
    GstClockTime t = (GstClockTime) (o->pres_ms - 1234) * GST_MSECOND;

    fail_unless (t >= prev_first_time, "object %u out of order", i);
    prev_first_time = t;
  }
  for (i = 1; i < out->len; i++) {
    Packet *p = &packets[i];
    guint32 earliest = G_MAXUINT32;
    guint j;

    for (j = 0; j < p->n_payloads; j++)
      earliest = MIN (earliest, p->payloads[j].pres_ms - 1234);
    fail_unless_equals_int (p->send_ms, earliest);
    /* the padding follows the payloads exactly */
    fail_unless (p->padding < packet_size);
  }

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  g_ptr_array_unref (pushed[1]);
  g_ptr_array_unref (pushed[2]);
  fixture_free (f);
}

GST_END_TEST;

/* Payloads carry the key bit of their object; a packet is DELTA_UNIT
 * unless it holds the first byte of a video key frame. */
GST_START_TEST (test_key_frames)
{
  const guint packet_size = 1024;
  Fixture *f = fixture_new (packet_size, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  guint i, j, n_key_packets = 0, n_video_keys = 0;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  for (i = 0; i < 12; i++)
    gst_harness_push (video, frame_new (i % 4 == 0 ? 2500 : 700, i,
            i * 40 * GST_MSECOND, i % 4 != 0));
  for (i = 0; i < 20; i++)
    gst_harness_push (audio, frame_new (743, 50 + i,
            gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
  push_eos (video);
  push_eos (audio);
  out = pull_all (f->mux);

  reassembly_init (&r);
  packets = parse_packets (out, packet_size, &r);

  for (i = 0; i < r.objects->len; i++) {
    Object *o = g_ptr_array_index (r.objects, i);

    if (o->stream == 2) {
      fail_unless (o->key, "audio objects are key frames");
    } else {
      fail_unless_equals_int (o->key, o->object_number % 4 == 0);
      n_video_keys += o->key;
    }
  }
  fail_unless_equals_int (n_video_keys, 3);

  for (i = 1; i < out->len; i++) {
    Packet *p = &packets[i];
    gboolean starts_key = FALSE;

    for (j = 0; j < p->n_payloads; j++)
      if (p->payloads[j].stream == 1 && p->payloads[j].key
          && p->payloads[j].offset == 0)
        starts_key = TRUE;
    fail_unless_equals_int (!p->delta, starts_key);
    n_key_packets += starts_key;
  }
  fail_unless_equals_int (n_key_packets, 3);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* Without video any packet is a place to start, even one holding only the
 * middle of an audio object. */
GST_START_TEST (test_audio_only_all_key)
{
  const guint packet_size = 512;
  Fixture *f = fixture_new (packet_size, 3000);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  guint i, n_continuation_only = 0;

  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  for (i = 0; i < 10; i++)
    gst_harness_push (audio, frame_new (743, i,
            gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
  push_eos (audio);
  out = pull_all (f->mux);

  reassembly_init (&r);
  packets = parse_packets (out, packet_size, &r);
  fail_unless_equals_int (r.objects->len, 10);
  for (i = 1; i < out->len; i++) {
    fail_if (packets[i].delta, "packet %u is DELTA_UNIT", i);
    if (packets[i].n_payloads == 1 && packets[i].payloads[0].offset > 0)
      n_continuation_only++;
  }
  fail_unless (n_continuation_only > 0);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_fragmentation)
{
  const gsize frame_size = 100000;
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstBuffer *frame = gst_buffer_new_allocate (NULL, frame_size, NULL);
  GstMapInfo map;
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  Object *o;
  guint i, n_fragments = 0;
  guint32 next_offset = 0;
  GRand *rand = g_rand_new_with_seed (42);

  fail_unless (gst_buffer_map (frame, &map, GST_MAP_WRITE));
  for (i = 0; i < frame_size; i++)
    map.data[i] = g_rand_int (rand) & 0xff;
  gst_buffer_unmap (frame, &map);
  g_rand_free (rand);
  GST_BUFFER_PTS (frame) = GST_BUFFER_DTS (frame) = 0;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_push (video, gst_buffer_ref (frame));
  gst_harness_push (video, frame_new (500, 1, 40 * GST_MSECOND, TRUE));
  push_eos (video);
  out = pull_all (f->mux);

  /* 100000 bytes in packets of 4096 with 31 bytes of headers */
  fail_unless (out->len - 1 >= 25, "only %u packets", out->len - 1);
  reassembly_init (&r);
  packets = parse_packets (out, 4096, &r);

  for (i = 1; i < out->len; i++) {
    guint j;

    for (j = 0; j < packets[i].n_payloads; j++) {
      Payload *pl = &packets[i].payloads[j];

      if (pl->object_size != frame_size)
        continue;
      fail_unless_equals_int (pl->offset, next_offset);
      fail_unless_equals_int (pl->object_number, 0);
      fail_unless (pl->key);
      fail_unless_equals_int (pl->pres_ms, 3000);
      next_offset += g_bytes_get_size (pl->data);
      n_fragments++;
    }
    /* only the first packet starts the key frame */
    fail_unless_equals_int (packets[i].delta, i != 1);
  }
  fail_unless_equals_int (next_offset, frame_size);
  fail_unless (n_fragments >= 25);

  fail_unless_equals_int (r.objects->len, 2);
  o = g_ptr_array_index (r.objects, 0);
  fail_unless_equals_int (o->size, frame_size);
  fail_unless (buffer_equals_bytes (frame, o->data->data, o->data->len));

  gst_buffer_unref (frame);
  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* libav encoders stamp from 1000:00:00: the stream must still start at 0 */
GST_START_TEST (test_running_time)
{
  const GstClockTime base = 1000 * 3600 * GST_SECOND;
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstSegment segment;
  GstEvent *event;
  const GstSegment *out_segment;
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  guint i;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = base;
  segment.time = base;
  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  gst_harness_push_event (video, gst_event_new_segment (&segment));
  gst_harness_push_event (audio, gst_event_new_segment (&segment));

  for (i = 0; i < 10; i++)
    gst_harness_push (video, frame_new (1500, i, base + i * 40 * GST_MSECOND,
            i != 0));
  for (i = 0; i < 8; i++)
    gst_harness_push (audio, frame_new (743, i,
            base + gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
  push_eos (video);
  push_eos (audio);
  out = pull_all (f->mux);

  /* the output segment starts at 0 so downstream syncs on running time */
  do {
    event = gst_harness_pull_event (f->mux);
    fail_unless (event != NULL);
    if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
      break;
    gst_event_unref (event);
  } while (TRUE);
  gst_event_parse_segment (event, &out_segment);
  fail_unless_equals_int (out_segment->format, GST_FORMAT_TIME);
  fail_unless_equals_uint64 (out_segment->start, 0);
  fail_unless_equals_uint64 (out_segment->base, 0);
  gst_event_unref (event);

  reassembly_init (&r);
  packets = parse_packets (out, 4096, &r);
  fail_unless_equals_int (r.objects->len, 18);
  for (i = 0; i < r.objects->len; i++) {
    Object *o = g_ptr_array_index (r.objects, i);

    /* 400 ms of media plus the preroll */
    fail_unless (o->pres_ms >= 3000 && o->pres_ms < 3400,
        "presentation time %u", o->pres_ms);
    if (o->stream == 1) {
      fail_unless_equals_int (o->pres_ms, 3000 + o->object_number * 40);
    }
  }
  for (i = 1; i < out->len; i++) {
    fail_unless (packets[i].send_ms < 400);
    fail_unless (packets[i].pts < 400 * GST_MSECOND);
  }

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* The payload count has 6 bits: many tiny objects fill 63 per packet. */
GST_START_TEST (test_max_payloads)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GPtrArray *out;
  Reassembly r;
  Packet *packets;
  guint i;

  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  for (i = 0; i < 200; i++)
    gst_harness_push (audio, frame_new (1, i, i * GST_MSECOND, FALSE));
  push_eos (audio);
  out = pull_all (f->mux);

  reassembly_init (&r);
  packets = parse_packets (out, 4096, &r);
  fail_unless_equals_int (r.objects->len, 200);
  /* 200 = 3 * 63 + 11 */
  fail_unless_equals_int (out->len, 1 + 4);
  for (i = 1; i < 4; i++)
    fail_unless_equals_int (packets[i].n_payloads, 63);
  fail_unless_equals_int (packets[4].n_payloads, 11);
  fail_unless_equals_int (packets[4].padding, 4096 - 14 - 11 * 18);
  for (i = 0; i < 200; i++)
    fail_unless_equals_int (((Object *) g_ptr_array_index (r.objects,
                i))->object_number, i);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_no_timestamp)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstBuffer *buf = frame_new (100, 0, GST_CLOCK_TIME_NONE, FALSE);
  GstMessage *msg;
  GError *err = NULL;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_push (video, buf);

  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, "video_0");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  g_clear_error (&err);
  gst_message_unref (msg);
  fixture_free (f);
}

GST_END_TEST;

/* Debian 12's avenc_mpeg4 ! mpeg4videoparse stamps frames at 2^63 ns: past
 * ASF's 32-bit millisecond times. An error naming the pad and the time, at
 * once and before any header, live (where the muxer would wait on the
 * clock for 2^63 ns) or not. */
GST_START_TEST (test_timestamp_past_asf_range)
{
  const GstClockTime far = G_GUINT64_CONSTANT (1) << 63;
  gboolean live = __i__ == 1;
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", live);
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;
  guint i;

  if (live)
    gst_harness_use_testclock (f->mux);
  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  for (i = 0; i < 3; i++)
    gst_harness_push (video, frame_new (1500, i, far + i * 40 * GST_MSECOND,
            i != 0));

  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, "video_0");
  gst_message_parse_error (msg, &err, &debug);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, "2562047:47:16.854775808") != NULL
      && strstr (err->message, "32-bit") != NULL, "%s", err->message);
  fail_unless (strstr (debug, "avenc_mpeg4") != NULL, "%s", debug);
  g_clear_error (&err);
  g_free (debug);
  gst_message_unref (msg);
  fail_unless (gst_harness_try_pull (f->mux) == NULL);
  fixture_free (f);
}

GST_END_TEST;

/* Video 1000 hours after the audio (a libav encoder's own timestamps in a
 * segment starting at 0): an error naming both pads and the distance
 * before the header, not a broadcast whose video never plays; the second
 * time a pad jumps an hour ahead mid-stream, after the header. */
GST_START_TEST (test_pads_hours_apart)
{
  const GstClockTime late = 1000 * 3600 * GST_SECOND;
  gboolean mid_stream = __i__ == 1;
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstClockTime video_start = mid_stream ? 0 : late;
  GstMessage *msg;
  GstBuffer *buf;
  GError *err = NULL;
  guint i;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  for (i = 0; i < 3; i++)
    gst_harness_push (video, frame_new (1500, i, video_start +
            i * 40 * GST_MSECOND, i != 0));
  for (i = 0; i < 30; i++)
    gst_harness_push (audio, frame_new (743, i,
            gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
  if (mid_stream) {
    /* the jump comes once the header is out, and the audio goes on */
    buf = gst_harness_pull (f->mux);
    fail_unless (buf != NULL && GST_BUFFER_FLAG_IS_SET (buf,
            GST_BUFFER_FLAG_HEADER));
    gst_buffer_unref (buf);
    gst_harness_push (video, frame_new (1500, 3, late, TRUE));
    for (i = 30; i < 40; i++)
      gst_harness_push (audio, frame_new (743, i,
              gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
  }

  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, "video_0");
  assert_message_names_pad (msg, "audio_0");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, "1000:00:00") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  /* before the header (nothing out); after it, never the late frame */
  buf = gst_harness_try_pull (f->mux);
  fail_unless (mid_stream || buf == NULL);
  while (buf) {
    fail_unless (GST_BUFFER_PTS (buf) < late || GST_BUFFER_FLAG_IS_SET (buf,
            GST_BUFFER_FLAG_HEADER));
    gst_buffer_unref (buf);
    buf = gst_harness_try_pull (f->mux);
  }
  fixture_free (f);
}

GST_END_TEST;

/* An input pushed straight into the muxer's pad, no queue in between:
 * GstAggregator keeps one buffer a pad (not live, no latency), so a push
 * returns once the buffer is queued and blocks while one is. */
static GstHarness *
fixture_add_direct_input (Fixture * f, const gchar * pad_name)
{
  GstHarness *h;

  fail_unless (f->n < MAX_STREAMS);
  h = gst_harness_new_with_element (f->mux->element, pad_name, NULL);
  f->pads[f->n] = h;
  f->inputs[f->n] = NULL;
  f->n++;
  return h;
}

/* Returns once the muxer's streaming thread has taken everything queued
 * on @input's pad and finished the aggregate call that took it: a
 * serialized query waits in the pad's queue behind the buffers, and
 * GstAggregator answers it between two aggregate calls. */
static void
sync_input (GstHarness * input)
{
  GstQuery *q = gst_query_new_drain ();

  gst_pad_peer_query (input->srcpad, q);
  gst_query_unref (q);
}

/* The held buffers (docs/design.md, D55), in the state that hung: an MP3
 * pad measures its bit rate for a second, each aggregate call (one when
 * every pad has a buffer) takes every pad's buffer into the muxer's hold,
 * and the call that writes the header leaves both pads' own queues empty
 * with three video frames and three audio frames held. GstAggregator calls
 * again only once every pad has a buffer of its own; the video input, like
 * a demuxer blocked on another stream's full queue, brings nothing more.
 * So the held frames are muxed in the call that writes the header, or
 * never: the three video frames fill a packet. */
GST_START_TEST (test_held_muxed_after_header)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_direct_input (f, "video_%u");
  GstHarness *mp3 = fixture_add_direct_input (f, "audio_%u");
  GstBuffer *buf;
  guint i;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (mp3, "audio/mpeg, mpegversion=(int)1, "
      "layer=(int)3, rate=(int)44100, channels=(int)1");
  for (i = 0; i < 3; i++) {
    /* each pad's queue is empty here: neither push blocks */
    gst_harness_push (video, frame_new (1500, i, i * 40 * GST_MSECOND, i != 0));
    gst_harness_push (mp3, frame_new (417, 10 + i, i * 500 * GST_MSECOND,
            FALSE));
    sync_input (mp3);
    /* the bit rate is measured over 1 s: the header comes with the third */
    buf = gst_harness_try_pull (f->mux);
    fail_unless_equals_int (buf != NULL, i == 2);
    if (buf) {
      fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
      gst_buffer_unref (buf);
    }
  }
  buf = gst_harness_try_pull (f->mux);
  fail_unless (buf != NULL, "the held buffers were not muxed");
  fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (buf);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_caps_change_after_header)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstMessage *msg;
  GstBuffer *buf;
  GError *err = NULL;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  gst_harness_push (video, frame_new (5000, 0, 0, FALSE));
  gst_harness_push (audio, frame_new (743, 1, 0, FALSE));
  buf = gst_harness_pull (f->mux);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (buf);

  /* the same description (only the framerate and bitrate differ) is fine */
  push_caps (video, VIDEO_CAPS);
  push_caps (audio, "audio/x-wma, channels=(int)1, rate=(int)44100, "
      "wmaversion=(int)2, block_align=(int)743, bitrate=(int)96000, "
      "codec_data=(buffer)00000000010000000000");
  gst_harness_push (video, frame_new (700, 2, 40 * GST_MSECOND, TRUE));
  gst_harness_push (audio, frame_new (743, 3, 46 * GST_MSECOND, FALSE));
  fail_unless (gst_bus_pop_filtered (f->bus, GST_MESSAGE_ERROR) == NULL);

  /* a new size is a new stream description */
  push_caps (video, "video/x-wmv, wmvversion=(int)2, width=(int)640, "
      "height=(int)480, codec_data=(buffer)00c3b480");
  gst_harness_push (video, frame_new (700, 4, 80 * GST_MSECOND, TRUE));
  gst_harness_push (audio, frame_new (743, 5, 92 * GST_MSECOND, FALSE));

  msg = pop_message (f, GST_MESSAGE_ERROR);
  assert_message_names_pad (msg, "video_0");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  g_clear_error (&err);
  gst_message_unref (msg);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_request_pad_after_header)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstPad *pad;
  GstBuffer *buf;
  GstMessage *msg;

  /* before the header: named pads, numbered in request order */
  pad = gst_element_request_pad_simple (f->mux->element, "audio_7");
  fail_unless (pad != NULL);
  fail_unless_equals_string (GST_PAD_NAME (pad), "audio_7");
  gst_element_release_request_pad (f->mux->element, pad);
  gst_object_unref (pad);

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_push (video, frame_new (100, 0, 0, FALSE));
  buf = gst_harness_pull (f->mux);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (buf);

  pad = gst_element_request_pad_simple (f->mux->element, "audio_%u");
  fail_unless (pad == NULL);
  msg = pop_message (f, GST_MESSAGE_WARNING);
  assert_message_names_pad (msg, "audio_%u");
  gst_message_unref (msg);

  fixture_free (f);
}

GST_END_TEST;

static gboolean
count_log (const gchar * log_domain, GLogLevelFlags log_level,
    const gchar * message, gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
  return TRUE;                  /* expected: not fatal */
}

GST_START_TEST (test_properties)
{
  GstElement *mux = gst_element_factory_make ("wmasfmux", NULL);
  GParamSpec *pspec;
  GParamSpecUInt *u;
  GParamSpecUInt64 *u64;
  guint packet_size;
  guint64 preroll;
  Fixture *f;
  GstHarness *video;
  GstBuffer *buf;
  GstCheckLogFilter *filter;
  guint warnings = 0;

  fail_unless (mux != NULL);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mux),
      "packet-size");
  fail_unless (G_IS_PARAM_SPEC_UINT (pspec));
  u = G_PARAM_SPEC_UINT (pspec);
  fail_unless_equals_int (u->minimum, 512);
  fail_unless_equals_int (u->maximum, 65527);
  fail_unless_equals_int (u->default_value, 4096);
  fail_unless (pspec->flags & GST_PARAM_MUTABLE_READY);
  fail_unless (pspec->flags & G_PARAM_READWRITE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mux), "preroll");
  fail_unless (G_IS_PARAM_SPEC_UINT64 (pspec));
  u64 = G_PARAM_SPEC_UINT64 (pspec);
  fail_unless_equals_uint64 (u64->minimum, 0);
  fail_unless_equals_uint64 (u64->maximum, 60000);
  fail_unless_equals_uint64 (u64->default_value, 3000);
  fail_unless (pspec->flags & GST_PARAM_MUTABLE_READY);

  g_object_get (mux, "packet-size", &packet_size, "preroll", &preroll, NULL);
  fail_unless_equals_int (packet_size, 4096);
  fail_unless_equals_uint64 (preroll, 3000);

  /* out of range: refused by GObject, value kept */
  ASSERT_WARNING (g_object_set (mux, "packet-size", 100, NULL));
  ASSERT_WARNING (g_object_set (mux, "preroll", (guint64) 60001, NULL));
  g_object_get (mux, "packet-size", &packet_size, "preroll", &preroll, NULL);
  fail_unless_equals_int (packet_size, 4096);
  fail_unless_equals_uint64 (preroll, 3000);

  g_object_set (mux, "packet-size", 512, "preroll", (guint64) 0, NULL);
  g_object_get (mux, "packet-size", &packet_size, "preroll", &preroll, NULL);
  fail_unless_equals_int (packet_size, 512);
  fail_unless_equals_uint64 (preroll, 0);
  gst_object_unref (mux);

  /* after the header, in PLAYING: refused with a warning naming them */
  f = fixture_new (2048, 1000);
  video = fixture_add_input (f, "video_%u", FALSE);
  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_push (video, frame_new (100, 0, 0, FALSE));
  buf = gst_harness_pull (f->mux);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (buf);

  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new ("packet-size", 0, 0, NULL), count_log, &warnings, NULL);
  g_object_set (f->mux->element, "packet-size", 8192, NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (warnings, 1);

  warnings = 0;
  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new ("preroll", 0, 0, NULL), count_log, &warnings, NULL);
  g_object_set (f->mux->element, "preroll", (guint64) 5000, NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (warnings, 1);

  g_object_get (f->mux->element, "packet-size", &packet_size, "preroll",
      &preroll, NULL);
  fail_unless_equals_int (packet_size, 2048);
  fail_unless_equals_uint64 (preroll, 1000);

  /* back in READY the header is forgotten: settable again */
  fail_unless_equals_int (gst_element_set_state (f->mux->element,
          GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_set (f->mux->element, "packet-size", 8192, NULL);
  g_object_get (f->mux->element, "packet-size", &packet_size, NULL);
  fail_unless_equals_int (packet_size, 8192);

  fixture_free (f);
}

GST_END_TEST;

static GstPad *
mux_pad (Fixture * f, const gchar * name)
{
  GstPad *pad = gst_element_get_static_pad (f->mux->element, name);

  fail_unless (pad != NULL, "no pad %s", name);
  return pad;
}

static void
set_group (Fixture * f, const gchar * pad_name, guint group)
{
  GstPad *pad = mux_pad (f, pad_name);

  g_object_set (pad, "mutual-exclusion-group", group, NULL);
  gst_object_unref (pad);
}

#define MBR_VIDEO_CAPS(w, h, rate) "video/x-wmv, wmvversion=(int)2, " \
    "width=(int)" #w ", height=(int)" #h ", framerate=(fraction)25/1, " \
    "bitrate=(int)" #rate ", codec_data=(buffer)00c3b480"

/* Three video bit rates of one content and an audio stream: one Bitrate
 * Mutual Exclusion Object lists the video streams, highest bitrate first;
 * each stream keeps its own bitrate; Maximum Bitrate counts the highest
 * video only. A packet starting a key frame of any video stream is a key
 * packet (docs/design.md, D35-D36). */
GST_START_TEST (test_mutual_exclusion)
{
  const guint packet_size = 2048;
  Fixture *f = fixture_new (packet_size, 3000);
  GstHarness *v300 = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *v800 = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *v2000 = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *video[3] = { v300, v800, v2000 };
  GPtrArray *out;
  ParsedHeader h;
  Reassembly r;
  Packet *packets;
  GstPad *pad;
  guint i, j, group, n_key_packets = 0;

  set_group (f, "video_0", 1);
  set_group (f, "video_1", 1);
  set_group (f, "video_2", 1);
  pad = mux_pad (f, "video_1");
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  gst_object_unref (pad);
  fail_unless_equals_int (group, 1);

  gst_harness_set_src_caps_str (v300, MBR_VIDEO_CAPS (320, 180, 300000));
  gst_harness_set_src_caps_str (v800, MBR_VIDEO_CAPS (640, 360, 800000));
  gst_harness_set_src_caps_str (v2000, MBR_VIDEO_CAPS (1280, 720, 2000000));
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  /* key frames: every stream at 0; then video_1 alone at 80 ms */
  for (i = 0; i < 3; i++)
    for (j = 0; j < 4; j++)
      gst_harness_push (video[i], frame_new (1500, i * 10 + j,
              j * 40 * GST_MSECOND, j != 0 && !(i == 1 && j == 2)));
  for (j = 0; j < 4; j++)
    gst_harness_push (audio, frame_new (743, 50 + j,
            gst_util_uint64_scale (j, 2048 * GST_SECOND, 44100), FALSE));
  for (i = 0; i < 3; i++)
    push_eos (video[i]);
  push_eos (audio);
  out = pull_all (f->mux);

  parse_header (g_ptr_array_index (out, 0), &h);
  /* File Properties, 4 Stream Properties, Header Extension, Codec List,
   * Stream Bitrate Properties, Bitrate Mutual Exclusion */
  fail_unless_equals_int (h.n_objects, 9);
  fail_unless_equals_int (h.objects_seen, h.n_objects);
  fail_unless_equals_int (h.n_mutexes, 1);
  fail_unless_equals_int (h.mutex_n_streams[0], 3);
  fail_unless_equals_int (h.mutex_streams[0][0], 3);
  fail_unless_equals_int (h.mutex_streams[0][1], 2);
  fail_unless_equals_int (h.mutex_streams[0][2], 1);
  fail_unless_equals_int (bitrate_of (&h, 1), 300000);
  fail_unless_equals_int (bitrate_of (&h, 2), 800000);
  fail_unless_equals_int (bitrate_of (&h, 3), 2000000);
  fail_unless_equals_int (bitrate_of (&h, 4), 128000);
  fail_unless_equals_int (h.ext_bitrate[1], 300000);
  fail_unless_equals_int (h.ext_bitrate[2], 800000);
  fail_unless_equals_int (h.ext_bitrate[3], 2000000);
  fail_unless_equals_int (h.max_bitrate, 2000000 + 128000);
  fail_unless_equals_int (find_stream (&h, 3)->width, 1280);

  reassembly_init (&r);
  packets = parse_packets (out, packet_size, &r);
  for (i = 1; i < out->len; i++) {
    Packet *p = &packets[i];
    gboolean starts_key = FALSE;

    for (j = 0; j < p->n_payloads; j++)
      if (p->payloads[j].stream <= 3 && p->payloads[j].key
          && p->payloads[j].offset == 0)
        starts_key = TRUE;
    fail_unless_equals_int (!p->delta, starts_key);
    n_key_packets += starts_key;
  }
  fail_unless (n_key_packets >= 2);
  for (i = 0; i < r.objects->len; i++) {
    Object *o = g_ptr_array_index (r.objects, i);

    if (o->stream == 2 && o->object_number == 2)
      fail_unless (o->key);
  }

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* What a Bitrate Mutual Exclusion cannot hold: audio and video in one
 * group (warning naming the pad of the other type), a group of one pad
 * (warning naming it), a text pad (refused when set); a change after the
 * header is refused. None gives an object; Maximum Bitrate is the sum. */
GST_START_TEST (test_mutual_exclusion_refused)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", FALSE);
  GstHarness *text = fixture_add_input (f, "text_%u", FALSE);
  GstCheckLogFilter *filter;
  GstMessage *msg;
  GPtrArray *out;
  ParsedHeader h;
  guint warnings = 0, group;
  GstPad *pad;

  set_group (f, "video_0", 5);
  set_group (f, "audio_0", 5);
  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new ("text_0.*mutual-exclusion-group", 0, 0, NULL), count_log,
      &warnings, NULL);
  set_group (f, "text_0", 2);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (warnings, 1);
  pad = mux_pad (f, "text_0");
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  gst_object_unref (pad);
  fail_unless_equals_int (group, 0);

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  gst_harness_set_src_caps_str (text, "text/x-raw, format=(string)utf8");
  gst_harness_push (video, frame_new (3000, 1, 0, FALSE));
  gst_harness_push (audio, frame_new (743, 2, 0, FALSE));
  push_eos (video);
  push_eos (audio);
  push_eos (text);
  out = pull_all (f->mux);

  /* audio_0 is not video_0's type, then video_0 is alone */
  msg = pop_message (f, GST_MESSAGE_WARNING);
  assert_message_names_pad (msg, "audio_0");
  gst_message_unref (msg);
  msg = pop_message (f, GST_MESSAGE_WARNING);
  assert_message_names_pad (msg, "video_0");
  gst_message_unref (msg);

  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.n_mutexes, 0);
  fail_unless_equals_int (h.max_bitrate, 128000 + 320 * 240 * 25 / 4 + 1000);

  warnings = 0;
  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new ("video_0.*header", 0, 0, NULL), count_log, &warnings, NULL);
  set_group (f, "video_0", 7);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (warnings, 1);
  pad = mux_pad (f, "video_0");
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  gst_object_unref (pad);
  fail_unless_equals_int (group, 5);

  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* gst-launch syntax: a pad property set on a pad requested later, through
 * GstChildProxy (docs/design.md, D37). */
static void
count_removed (guint * removed)
{
  (*removed)++;
}

GST_START_TEST (test_mutual_exclusion_parse_launch)
{
  guint removed;
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch ("wmasfmux name=m "
      "video_0::mutual-exclusion-group=1 audio_1::mutual-exclusion-group=4 "
      "fakesrc ! m.video_0  fakesrc ! m.audio_0  fakesrc ! m.audio_1 "
      "m. ! fakesink", &err);
  GstElement *mux;
  GstPad *pad;
  guint group;

  fail_unless (pipeline != NULL && err == NULL, "%s", err ? err->message : "");
  mux = gst_bin_get_by_name (GST_BIN (pipeline), "m");
  fail_unless (GST_IS_CHILD_PROXY (mux));
  fail_unless_equals_int (gst_child_proxy_get_children_count
      (GST_CHILD_PROXY (mux)), 3);

  pad = gst_element_get_static_pad (mux, "video_0");
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  fail_unless_equals_int (group, 1);
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (mux, "audio_0");
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  fail_unless_equals_int (group, 0);
  gst_object_unref (pad);
  gst_child_proxy_get (GST_CHILD_PROXY (mux),
      "audio_1::mutual-exclusion-group", &group, NULL);
  fail_unless_equals_int (group, 4);

  /* a released pad leaves the children */
  removed = 0;
  g_signal_connect_swapped (mux, "child-removed", G_CALLBACK (count_removed),
      &removed);
  pad = gst_element_get_static_pad (mux, "audio_0");
  gst_element_release_request_pad (mux, pad);
  gst_object_unref (pad);
  fail_unless_equals_int (removed, 1);
  fail_unless_equals_int (gst_child_proxy_get_children_count
      (GST_CHILD_PROXY (mux)), 2);

  gst_object_unref (mux);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_header_too_large)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  GstBuffer *codec_data = gst_buffer_new_allocate (NULL, 70000, NULL);
  GstCaps *caps = gst_caps_from_string ("video/x-wmv, wmvversion=(int)3, "
      "width=(int)320, height=(int)240");
  GstMessage *msg;
  GError *err = NULL;

  gst_buffer_memset (codec_data, 0, 0xab, 70000);
  gst_caps_set_simple (caps, "codec_data", GST_TYPE_BUFFER, codec_data, NULL);
  gst_buffer_unref (codec_data);
  gst_harness_set_src_caps (video, caps);
  gst_harness_push (video, frame_new (100, 0, 0, FALSE));

  msg = pop_message (f, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless (strstr (err->message, "65527") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fixture_free (f);
}

GST_END_TEST;

static GstPadProbeReturn
count_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

static gboolean
two_buffers (gpointer data)
{
  return g_atomic_int_get ((gint *) data) >= 2;
}

/* Live: the header waits for caps on every pad, not for data on every pad;
 * after that, the clock lets buffers out without waiting for a silent pad. */
GST_START_TEST (test_live)
{
  Fixture *f = fixture_new (4096, 3000);
  GstHarness *video = fixture_add_input (f, "video_%u", TRUE);
  GstHarness *audio = fixture_add_input (f, "audio_%u", TRUE);
  GstTestClock *clock;
  GPtrArray *out;
  ParsedHeader h;
  Reassembly r;
  Packet *packets;
  GstPad *queue_src;
  gint n_in = 0;
  guint i;

  gst_harness_use_testclock (f->mux);
  clock = gst_harness_get_testclock (f->mux);

  queue_src = gst_element_get_static_pad (audio->element, "src");
  gst_pad_add_probe (queue_src, GST_PAD_PROBE_TYPE_BUFFER, count_buffer,
      &n_in, NULL);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  for (i = 0; i < 3; i++)
    gst_harness_push (audio, frame_new (743, i,
            gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));

  /* no caps on video yet: with a buffer in the muxer's pad (the second is
   * pushed once the first is in; the third may wait at the door of a pad
   * the aggregator holds full) and its aggregate thread woken by it,
   * nothing may be scheduled on the clock: a wait would come within the
   * bound */
  fail_unless (wmnet_test_wait_until (two_buffers, &n_in, 5000),
      "%d buffers reached the muxer", g_atomic_int_get (&n_in));
  fail_if (gst_test_clock_timed_wait_for_multiple_pending_ids (clock, 1,
          200 * wmnet_test_time_factor (), NULL),
      "a clock wait while video has no caps");
  fail_unless (gst_harness_try_pull (f->mux) == NULL);
  gst_object_unref (queue_src);

  /* caps without data are enough; video never sends a buffer */
  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  for (i = 0; i < 3; i++)
    fail_unless (gst_harness_crank_single_clock_wait (f->mux));
  push_eos (audio);
  push_eos (video);
  out = pull_all (f->mux);

  fail_unless_equals_int (out->len, 2);
  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.n_streams, 2);
  parsed_header_clear (&h);

  reassembly_init (&r);
  packets = parse_packets (out, 4096, &r);
  fail_unless_equals_int (r.objects->len, 3);
  /* a video stream exists, so only its key frames start packets a
   * player can begin with */
  fail_unless (packets[1].delta);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  gst_object_unref (clock);
  fixture_free (f);
}

GST_END_TEST;

/* The valgrind run: nothing loaded libav (nor libhwy), neither a test nor
 * the registry scan. */
/* Tags from the application and from upstream go into the Content
 * Description; send-script puts a command on the Command Media stream. */
GST_START_TEST (test_metadata_and_script)
{
  const guint packet_size = 512;
  Fixture *f = fixture_new (packet_size, 3000);
  GstHarness *audio;
  GPtrArray *out, *commands;
  ParsedHeader h;
  Reassembly r;
  Packet *packets;
  Object *o;
  gboolean ok = TRUE;
  guint i;
  static const guint8 expected[] = { 'T', 0, 'E', 0, 'X', 0, 'T', 0, 0, 0,
    'h', 0, 'i', 0, 0, 0
  };

  g_object_set (f->mux->element, "script-stream", TRUE, NULL);
  gst_tag_setter_add_tags (GST_TAG_SETTER (f->mux->element),
      GST_TAG_MERGE_REPLACE, GST_TAG_TITLE, "Foo", NULL);
  audio = fixture_add_input (f, "audio_%u", FALSE);
  gst_harness_set_src_caps_str (audio, AUDIO_CAPS);
  fail_unless (gst_harness_push_event (audio,
          gst_event_new_tag (gst_tag_list_new (GST_TAG_ARTIST, "Bar", NULL))));
  /* refused: NULL command, empty type */
  g_signal_emit_by_name (f->mux->element, "send-script", "TEXT", NULL, &ok);
  fail_if (ok);
  g_signal_emit_by_name (f->mux->element, "send-script", "", "x", &ok);
  fail_if (ok);
  for (i = 0; i < 10; i++) {
    gst_harness_push (audio, frame_new (743, i,
            gst_util_uint64_scale (i, 2048 * GST_SECOND, 44100), FALSE));
    if (i == 5) {
      g_signal_emit_by_name (f->mux->element, "send-script", "TEXT", "hi", &ok);
      fail_unless (ok);
    }
  }
  push_eos (audio);
  out = pull_all (f->mux);

  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.n_content_descriptions, 1);
  fail_unless_equals_string (h.title, "Foo");
  fail_unless_equals_int (h.n_streams, 2);
  fail_unless (h.streams[1].is_command);
  fail_unless_equals_int (h.streams[1].number, 2);
  /* the codec list leaves the command stream out */
  fail_unless_equals_int (h.n_codecs, 1);
  fail_unless_equals_int (h.flags, 0x1);
  parsed_header_clear (&h);

  reassembly_init (&r);
  packets = parse_packets (out, packet_size, &r);
  commands = objects_of_stream (&r, 2);
  fail_unless_equals_int (commands->len, 1);
  o = g_ptr_array_index (commands, 0);
  fail_unless (o->key);
  fail_unless_equals_int (o->data->len, sizeof (expected));
  fail_unless (memcmp (o->data->data, expected, sizeof (expected)) == 0);
  g_ptr_array_unref (commands);

  free_packets (packets, out->len);
  g_ptr_array_unref (r.objects);
  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* Pushes @n WMV frames at 25/s, a key frame a second, into a new video
 * pad of @f, then EOS; returns what the muxer gave. */
static GPtrArray *
mux_video_frames (Fixture * f, guint n)
{
  GstHarness *video = fixture_add_input (f, "video_%u", FALSE);
  guint i;

  gst_harness_set_src_caps_str (video, VIDEO_CAPS);
  for (i = 0; i < n; i++)
    gst_harness_push (video, frame_new (300, i, i * GST_SECOND / 25,
            i % 25 != 0));
  push_eos (video);
  return pull_all (f->mux);
}

/* streamable=false into a sink that cannot seek: the header reserves
 * room (a Padding Object); at EOS neither an index nor a new header
 * follows the packets, and a warning says so. */
GST_START_TEST (test_file_mode_unseekable)
{
  const guint packet_size = 512;
  Fixture *f = fixture_new (packet_size, 3000);
  GPtrArray *out;
  ParsedHeader h;
  GstBuffer *last;
  GstMessage *msg;
  GstMapInfo map;
  guint i;

  g_object_set (f->mux->element, "streamable", FALSE, NULL);
  out = mux_video_frames (f, 75);

  parse_header (g_ptr_array_index (out, 0), &h);
  fail_unless_equals_int (h.n_paddings, 1);
  fail_unless_equals_int (h.flags, 0x1);        /* a valid broadcast header */
  parsed_header_clear (&h);

  /* every buffer after the header is a data packet */
  for (i = 1; i < out->len; i++) {
    last = g_ptr_array_index (out, i);
    fail_unless_equals_int (gst_buffer_get_size (last), packet_size);
    fail_unless (gst_buffer_map (last, &map, GST_MAP_READ));
    fail_unless_equals_int (map.data[0], 0x82);
    gst_buffer_unmap (last, &map);
  }

  msg = pop_message (f, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning about the unseekable sink");
  gst_message_unref (msg);

  g_ptr_array_unref (out);
  fixture_free (f);
}

GST_END_TEST;

/* The header's Padding Objects when streamable is set from @text as
 * gst-launch would (the harness's sink cannot seek, nothing is live). */
static guint
paddings_with_layout (const gchar * text)
{
  Fixture *f = fixture_new (512, 3000);
  GPtrArray *out;
  ParsedHeader h;
  guint n;

  gst_util_set_object_arg (G_OBJECT (f->mux->element), "streamable", text);
  out = mux_video_frames (f, 25);
  parse_header (g_ptr_array_index (out, 0), &h);
  n = h.n_paddings;
  parsed_header_clear (&h);
  g_ptr_array_unref (out);
  fixture_free (f);
  return n;
}

/* streamable is an enum whose default says what happens (auto), and that
 * still takes the boolean's true and false, as text and as TRUE/FALSE
 * (docs/design.md, D79). */
GST_START_TEST (test_streamable_enum)
{
  GstElement *mux = gst_element_factory_make ("wmasfmux", NULL);
  GParamSpec *p = g_object_class_find_property (G_OBJECT_GET_CLASS (mux),
      "streamable");
  const gchar *texts[] = { "true", "false", "broadcast", "file", "auto" };
  const gint values[] = { 1, 0, 1, 0, 2 };
  GEnumClass *klass;
  gint v = -1;
  guint i;

  fail_unless (G_IS_PARAM_SPEC_ENUM (p));
  klass = G_PARAM_SPEC_ENUM (p)->enum_class;
  fail_unless_equals_int (G_PARAM_SPEC_ENUM (p)->default_value, 2);
  fail_unless_equals_string (g_enum_get_value (klass, 2)->value_nick, "auto");
  /* the names come before the aliases */
  fail_unless_equals_string (g_enum_get_value (klass, 1)->value_nick,
      "broadcast");
  fail_unless_equals_string (g_enum_get_value (klass, 0)->value_nick, "file");
  g_object_get (mux, "streamable", &v, NULL);
  fail_unless_equals_int (v, 2);

  for (i = 0; i < G_N_ELEMENTS (texts); i++) {
    /* a text it cannot parse warns and changes nothing: start elsewhere */
    g_object_set (mux, "streamable", values[i] == 2 ? 0 : 2, NULL);
    gst_util_set_object_arg (G_OBJECT (mux), "streamable", texts[i]);
    g_object_get (mux, "streamable", &v, NULL);
    fail_unless_equals_int (v, values[i]);
  }
  g_object_set (mux, "streamable", TRUE, NULL);
  g_object_get (mux, "streamable", &v, NULL);
  fail_unless_equals_int (v, 1);
  g_object_set (mux, "streamable", FALSE, NULL);
  g_object_get (mux, "streamable", &v, NULL);
  fail_unless_equals_int (v, 0);
  gst_object_unref (mux);

  /* what each gives into a sink that cannot seek: a file reserves room */
  fail_unless_equals_int (paddings_with_layout ("false"), 1);
  fail_unless_equals_int (paddings_with_layout ("file"), 1);
  fail_unless_equals_int (paddings_with_layout ("true"), 0);
  fail_unless_equals_int (paddings_with_layout ("auto"), 0);
}

GST_END_TEST;

GST_START_TEST (test_no_libav_loaded)
{
  wmnet_test_assert_no_libav ();
}

GST_END_TEST;

WMNET_TEST_MAIN (wmasfmux, 0,
    WMNET_TEST (test_header_objects),
    WMNET_TEST (test_header_bitrate_sources),
    WMNET_LOOP_TEST (test_codec_data_refused, G_N_ELEMENTS (refused_caps)),
    WMNET_TEST (test_codec_mapping),
    WMNET_TEST (test_pad_without_caps_at_eos),
    WMNET_TEST (test_h264_parameter_sets_repeated),
    WMNET_TEST (test_packet_layout),
    WMNET_TEST (test_key_frames),
    WMNET_TEST (test_audio_only_all_key),
    WMNET_TEST (test_fragmentation),
    WMNET_TEST (test_running_time),
    WMNET_TEST (test_max_payloads),
    WMNET_TEST (test_no_timestamp),
    WMNET_LOOP_TEST (test_timestamp_past_asf_range, 2),
    WMNET_LOOP_TEST (test_pads_hours_apart, 2),
    WMNET_TEST (test_held_muxed_after_header),
    WMNET_TEST (test_caps_change_after_header),
    WMNET_TEST (test_request_pad_after_header),
    WMNET_TEST (test_properties),
    WMNET_TEST (test_header_too_large),
    WMNET_TEST (test_mutual_exclusion),
    WMNET_TEST (test_mutual_exclusion_refused),
    WMNET_TEST (test_mutual_exclusion_parse_launch),
    WMNET_TEST (test_live),
    WMNET_TEST (test_metadata_and_script),
    WMNET_TEST (test_file_mode_unseekable),
    WMNET_TEST (test_streamable_enum),
    WMNET_NO_LIBAV_TEST (test_no_libav_loaded));
