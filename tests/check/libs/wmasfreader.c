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

/* Unit tests of the ASF object reader (gst-libs/gst/wmasf/asfreader) on
 * Header Objects
 * and data packets assembled by hand: streams, packet sizes, the Data
 * Object header kept or made, packet validity and key-ness, input
 * truncated anywhere. No codec library is loaded, so valgrind can run
 * it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include <gst/wmasf/asfreader.h>
#include "wmnetasfbuild.h"
#include "wmnettestsuite.h"

/* The header @h describes is refused with @code. */
static void
check_refused (const HeaderSpec * h, WmAsfError code)
{
  GByteArray *a = build_header (h);
  WmAsfHeaderInfo info;
  GError *err = NULL;

  fail_if (wmasf_header_parse (a->data, a->len, &info, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, code), "%s",
      err ? err->message : "no error");
  g_clear_error (&err);
  g_byte_array_unref (a);
}

GST_START_TEST (test_header_parse)
{
  HeaderSpec h = default_spec ();
  GByteArray *a;
  WmAsfHeaderInfo info;
  GError *err = NULL;
  GstBuffer *buf;
  GstMapInfo map;
  gsize hsize;

  /* with the Data Object header */
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &info, &err));
  fail_unless_equals_int (info.packet_size, 512);
  fail_unless_equals_uint64 (info.header_size, a->len - 50);
  fail_unless (info.has_data_header);
  fail_unless (info.broadcast);
  fail_unless (info.has_video);
  fail_unless_equals_int (info.n_streams, 2);
  fail_unless_equals_uint64 (info.preroll_ms, 3000);
  /* where wmnetsrc rewrites it: the QWORD at offset 80 of File Properties */
  fail_unless (info.preroll_offset + 8 <= info.header_size);
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (a->data +
          info.preroll_offset), 3000);
  fail_unless (memcmp (a->data + info.preroll_offset - 80, "\xa1\xdc\xab\x8c"
          "\x47\xa9\xcf\x11\x8e\xe4\x00\xc0\x0c\x20\x53\x65", 16) == 0);
  fail_unless_equals_uint64 (info.data_packets, 0);
  buf = wmasf_header_make (a->data, a->len, &info);
  fail_unless_equals_int (gst_buffer_get_size (buf), a->len);
  fail_unless (gst_buffer_memcmp (buf, 0, a->data, a->len) == 0);
  gst_buffer_unref (buf);
  hsize = info.header_size;

  /* without: one is made, with the File ID, equal to the real one */
  fail_unless (wmasf_header_parse (a->data, hsize, &info, &err));
  fail_if (info.has_data_header);
  buf = wmasf_header_make (a->data, hsize, &info);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_int (map.size, a->len);
  fail_unless (memcmp (map.data, a->data, a->len) == 0);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  g_byte_array_unref (a);

  /* audio only, a video stream only in the Header Extension */
  h.video[0] = FALSE;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  fail_if (info.has_video);
  g_byte_array_unref (a);
  h.video[1] = TRUE;
  h.last_in_extension = TRUE;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  fail_unless (info.has_video);
  fail_unless_equals_int (info.n_streams, 2);
  fail_unless (info.video_mask[0] == (1u << A));
  g_byte_array_unref (a);

  /* a file: the Data Object size gives the packet count */
  h = default_spec ();
  h.broadcast = FALSE;
  h.data_packets = 7;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  fail_unless_equals_uint64 (info.data_packets, 7);
  /* truncated anywhere: an error, never a crash */
  for (hsize = 0; hsize < a->len - 50; hsize++) {
    fail_if (wmasf_header_parse (a->data, hsize, &info, &err));
    fail_unless (err != NULL);
    g_clear_error (&err);
  }
  g_byte_array_unref (a);

  /* packet sizes */
  h = default_spec ();
  h.packet_size = 0;
  check_refused (&h, WMASF_ERROR_PACKET_SIZE);
  h.packet_size = 65528;
  check_refused (&h, WMASF_ERROR_PACKET_SIZE);
  h.packet_size = 512;
  h.max_packet_size = 1024;
  check_refused (&h, WMASF_ERROR_PACKET_SIZE);

  /* too large for $H: the Header Object and 50 bytes over 65,527 */
  h = default_spec ();
  h.pad_to = 65527 - 50 + 1;
  check_refused (&h, WMASF_ERROR_TOO_LARGE);
  h.pad_to = 65527 - 50;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &info, &err));
  g_byte_array_unref (a);

  /* no header at all */
  fail_if (wmasf_header_parse ((const guint8 *) "0123456789abcdefghijk",
          20, &info, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_NOT_ASF));
  g_clear_error (&err);
}

GST_END_TEST;

static gboolean
packet_key (const WmAsfHeaderInfo * info, const PayloadSpec * p, guint n,
    gboolean ecc, gboolean * valid)
{
  GByteArray *a = g_byte_array_new ();
  WmAsfPacketInfo pi;
  gboolean key;

  build_packet (a, info->packet_size, p, n, 1000, ecc);
  *valid = wmasf_packet_parse (info, a->data, a->len, &pi);
  key = wmasf_packet_is_key (info, a->data, a->len);
  fail_unless_equals_int (key, pi.key);
  if (*valid)
    fail_unless_equals_int (pi.send_time_ms, 1000);
  g_byte_array_unref (a);
  return key;
}

GST_START_TEST (test_packet_key)
{
  HeaderSpec h = default_spec ();
  GByteArray *a = build_header (&h), *b;
  WmAsfHeaderInfo info, audio_only;
  gboolean valid;
  gsize i;
  PayloadSpec vkey = { V, TRUE, 0, 100, FALSE };
  PayloadSpec vkey_mid = { V, TRUE, 300, 100, FALSE };
  PayloadSpec vdelta = { V, FALSE, 0, 100, FALSE };
  PayloadSpec akey = { A, TRUE, 0, 100, FALSE };
  PayloadSpec vcomp = { V, TRUE, 0, 55, TRUE };
  PayloadSpec unknown = { 9, TRUE, 0, 100, FALSE };
  PayloadSpec two[2];

  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  g_byte_array_unref (a);
  h.video[0] = FALSE;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, &audio_only, NULL));
  g_byte_array_unref (a);

  /* single payload, with and without error correction data */
  fail_unless (packet_key (&info, &vkey, 1, TRUE, &valid) && valid);
  fail_unless (packet_key (&info, &vkey, 1, FALSE, &valid) && valid);
  fail_if (packet_key (&info, &vkey_mid, 1, TRUE, &valid));
  fail_unless (valid);
  fail_if (packet_key (&info, &vdelta, 1, TRUE, &valid));
  fail_if (packet_key (&info, &akey, 1, TRUE, &valid));
  fail_unless (valid);
  fail_unless (packet_key (&info, &vcomp, 1, TRUE, &valid) && valid);
  fail_if (packet_key (&info, &unknown, 1, TRUE, &valid));
  fail_if (valid);
  /* multiple payloads: the key start may be any of them */
  two[0] = akey;
  two[1] = vkey;
  fail_unless (packet_key (&info, two, 2, TRUE, &valid) && valid);
  two[1] = vkey_mid;
  fail_if (packet_key (&info, two, 2, TRUE, &valid));
  two[0] = vcomp;
  two[1] = vdelta;
  fail_unless (packet_key (&info, two, 2, TRUE, &valid) && valid);
  /* no video: every valid packet */
  fail_unless (packet_key (&audio_only, &akey, 1, TRUE, &valid) && valid);
  fail_unless (packet_key (&audio_only, &vdelta, 1, TRUE, &valid));

  /* truncated anywhere: not key, never a read out of bounds (valgrind) */
  b = g_byte_array_new ();
  two[0] = akey;
  two[1] = vkey;
  build_packet (b, info.packet_size, two, 2, 5, TRUE);
  for (i = 0; i < 2 * 17 + 14 + 100; i++) {
    guint8 *copy = g_memdup2 (b->data, i);

    fail_if (wmasf_packet_is_key (&info, copy, i));
    g_free (copy);
  }
  /* a payload longer than the packet */
  GST_WRITE_UINT16_LE (b->data + 14 + 15, 600);
  fail_if (wmasf_packet_is_key (&info, b->data, b->len));
  /* padding over the payloads */
  GST_WRITE_UINT16_LE (b->data + 14 + 15, 100);
  fail_unless (wmasf_packet_is_key (&info, b->data, b->len));
  GST_WRITE_UINT16_LE (b->data + 5, 500);
  fail_if (wmasf_packet_is_key (&info, b->data, b->len));
  g_byte_array_unref (b);
}

GST_END_TEST;

/* Where a walked payload's parts are, in bytes from the packet start */
static void
assert_payload_layout (const WmAsfPayload * pl, guint header_offset,
    guint replicated_offset, guint data_offset, guint data_length,
    guint n_objects)
{
  fail_unless_equals_int (pl->header_offset, header_offset);
  fail_unless_equals_int (pl->replicated_offset, replicated_offset);
  fail_unless_equals_int (pl->data_offset, data_offset);
  fail_unless_equals_int (pl->data_length, data_length);
  fail_unless_equals_int (pl->n_objects, n_objects);
}

/* Where wmasf_packet_walk says the fields are, counted by hand for the
 * layout of docs/design.md "ASF data packets". */
GST_START_TEST (test_packet_walk)
{
  HeaderSpec h = default_spec ();
  GByteArray *a = build_header (&h), *b = g_byte_array_new ();
  WmAsfHeaderInfo info;
  WmAsfPacketLayout l;
  PacketSpec s = default_packet_spec (512);
  PayloadSpec p[2] = { {A, FALSE, 0, 40, FALSE}, {V, TRUE, 0, 33, TRUE}
  };

  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  fail_unless (build_packet_full (b, &s, p, 2, 1234));
  fail_unless (wmasf_packet_walk (&info, b->data, b->len, &l));
  fail_unless_equals_int (l.ecc_length, 3);
  fail_unless_equals_int (l.length_type_flags, 0x11);
  fail_unless_equals_int (l.property_flags, 0x5D);
  fail_unless (l.multiple);
  fail_unless_equals_int (l.payload_length_type, 2);
  fail_unless_equals_int (l.send_time_ms, 1234);
  fail_unless_equals_int (l.duration_ms, 7);
  fail_unless_equals_int (l.n_payloads, 2);
  /* 14 bytes of packet header; 17 of payload header, 40 of data */
  fail_unless_equals_int (l.payloads[0].stream, A);
  fail_if (l.payloads[0].key);
  fail_if (l.payloads[0].compressed);
  /* a BYTE media object number */
  fail_unless_equals_int (l.payloads[0].object_number, 1234 & 0xff);
  fail_unless_equals_int (l.payloads[0].replicated_length, 8);
  assert_payload_layout (&l.payloads[0], 14, 21, 31, 40, 1);
  /* a compressed payload: 1 byte of replicated data, 3 sub-payloads */
  fail_unless_equals_int (l.payloads[1].stream, V);
  fail_unless (l.payloads[1].key);
  fail_unless (l.payloads[1].compressed);
  fail_unless_equals_int (l.payloads[1].offset, 1234);
  assert_payload_layout (&l.payloads[1], 71, 78, 81, 33, 3);
  fail_unless_equals_int (l.end, 114);

  /* a single payload runs to the padding */
  g_byte_array_set_size (b, 0);
  s.multiple = FALSE;
  s.ecc = FALSE;
  s.padding_type = 1;
  p[0].len = 300;
  fail_unless (build_packet_full (b, &s, p, 1, 9));
  fail_unless (wmasf_packet_walk (&info, b->data, b->len, &l));
  fail_unless_equals_int (l.ecc_length, 0);
  fail_if (l.multiple);
  fail_unless_equals_int (l.n_payloads, 1);
  /* 9 bytes of packet header (BYTE padding length), 15 of payload header */
  fail_unless_equals_int (l.payloads[0].data_offset, 24);
  fail_unless_equals_int (l.payloads[0].data_length, 300);
  fail_unless_equals_int (l.end, 324);

  /* no packet, or no room for its header */
  fail_if (wmasf_packet_walk (&info, b->data, 0, &l));
  fail_if (wmasf_packet_walk (&info, b->data, 10, &l));
  fail_unless_equals_int (l.n_payloads, 0);
  g_byte_array_unref (a);
  g_byte_array_unref (b);
}

GST_END_TEST;

/* The GUID table against the stored bytes the ASF spec's values give
 * (section 10, LE32 LE16 LE16 then 8 bytes), written out here by hand. */
GST_START_TEST (test_guid_table)
{
  static const struct
  {
    const WmAsfGuid *guid;
    const gchar *bytes;
  } table[] = {
    {&wmasf_guid_header_object, "\x30\x26\xb2\x75\x8e\x66\xcf\x11"
          "\xa6\xd9\x00\xaa\x00\x62\xce\x6c"},
    {&wmasf_guid_data_object, "\x36\x26\xb2\x75\x8e\x66\xcf\x11"
          "\xa6\xd9\x00\xaa\x00\x62\xce\x6c"},
    {&wmasf_guid_stream_properties, "\x91\x07\xdc\xb7\xb7\xa9\xcf\x11"
          "\x8e\xe6\x00\xc0\x0c\x20\x53\x65"},
    {&wmasf_guid_header_extension, "\xb5\x03\xbf\x5f\x2e\xa9\xcf\x11"
          "\x8e\xe3\x00\xc0\x0c\x20\x53\x65"},
    {&wmasf_guid_stream_bitrate_properties,
        "\xce\x75\xf8\x7b\x8d\x46\xd1\x11" "\x8d\x82\x00\x60\x97\xc9\xa2\xb2"},
    {&wmasf_guid_bitrate_mutual_exclusion,
        "\xdc\x29\xe2\xd6\xda\x35\xd1\x11" "\x90\x34\x00\xa0\xc9\x03\x49\xbe"},
    {&wmasf_guid_advanced_mutual_exclusion,
        "\xcf\x49\x86\xa0\x75\x47\x70\x46" "\x8a\x16\x6e\x35\x35\x75\x66\xcd"},
    {&wmasf_guid_extended_stream_properties,
        "\xcb\xa5\xe6\x14\x72\xc6\x32\x43" "\x83\x99\xa9\x69\x52\x06\x5b\x5a"},
    {&wmasf_guid_audio_media, "\x40\x9e\x69\xf8\x4d\x5b\xcf\x11"
          "\xa8\xfd\x00\x80\x5f\x5c\x44\x2b"},
    {&wmasf_guid_simple_index, "\x90\x08\x00\x33\xb1\xe5\xcf\x11"
          "\x89\xf4\x00\xa0\xc9\x03\x49\xcb"},
  };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (table); i++) {
    guint8 out[WMASF_GUID_SIZE], other[WMASF_GUID_SIZE];

    wmasf_guid_to_bytes (table[i].guid, out);
    fail_unless (memcmp (out, table[i].bytes, WMASF_GUID_SIZE) == 0,
        "GUID %u", i);
    fail_unless (wmasf_guid_equal ((const guint8 *) table[i].bytes,
            table[i].guid));
    /* any one byte off is another GUID */
    for (j = 0; j < WMASF_GUID_SIZE; j++) {
      memcpy (other, out, WMASF_GUID_SIZE);
      other[j] ^= 0x01;
      fail_if (wmasf_guid_equal (other, table[i].guid), "GUID %u byte %u",
          i, j);
    }
  }
  fail_unless (wmasf_is_header_guid ((const guint8 *) table[0].bytes));
  fail_if (wmasf_is_header_guid ((const guint8 *) table[1].bytes));
}

GST_END_TEST;

/* An object header: any GUID, then @size as a QWORD. */
static void
put_object (GByteArray * a, guint64 size, gsize fill)
{
  guint8 head[WMASF_OBJECT_HEADER_SIZE];

  memset (head, 0xab, WMASF_GUID_SIZE);
  GST_WRITE_UINT64_LE (head + WMASF_GUID_SIZE, size);
  g_byte_array_append (a, head, sizeof (head));
  for (; fill > 0; fill--)
    g_byte_array_append (a, (const guint8 *) "", 1);
}

/* The bounds-checked reader: every read past the end fails and moves
 * nothing; the object walk stops at the end and at a size out of bounds. */
GST_START_TEST (test_reader)
{
  static const guint8 bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
  WmAsfReader r;
  GByteArray *a = g_byte_array_new ();
  const guint8 *o = NULL;
  guint64 size;
  guint32 v32;
  guint16 v16;
  guint8 v8;

  wmasf_reader_init (&r, bytes, sizeof (bytes));
  fail_unless (wmasf_reader_u8 (&r, &v8));
  fail_unless_equals_int (v8, 0x01);
  fail_unless (wmasf_reader_u16 (&r, &v16));
  fail_unless_equals_int (v16, 0x0302);
  fail_unless (wmasf_reader_u32 (&r, &v32));
  fail_unless_equals_int (v32, 0x07060504);
  fail_unless_equals_int (wmasf_reader_left (&r), 0);
  fail_if (wmasf_reader_u8 (&r, &v8));
  fail_if (wmasf_reader_skip (&r, 1));
  /* length type 0: absent, the default; 1 BYTE, 2 WORD, 3 DWORD */
  fail_unless (wmasf_reader_typed (&r, 0, 42, &v32));
  fail_unless_equals_int (v32, 42);
  r.pos = 5;
  fail_if (wmasf_reader_u32 (&r, &v32));
  fail_if (wmasf_reader_typed (&r, 3, 0, &v32));
  fail_unless_equals_int (r.pos, 5);
  fail_unless (wmasf_reader_typed (&r, 2, 0, &v32));
  fail_unless_equals_int (v32, 0x0706);

  /* two objects, then 10 bytes: not an object */
  put_object (a, WMASF_OBJECT_HEADER_SIZE, 0);
  put_object (a, WMASF_OBJECT_HEADER_SIZE + 6, 6);
  g_byte_array_append (a, bytes, 7);
  g_byte_array_append (a, bytes, 3);
  wmasf_reader_init (&r, a->data, a->len);
  fail_unless (wmasf_reader_object (&r, &o, &size));
  fail_unless (o == a->data);
  fail_unless_equals_uint64 (size, WMASF_OBJECT_HEADER_SIZE);
  fail_unless (wmasf_reader_object (&r, &o, &size));
  fail_unless (o == a->data + WMASF_OBJECT_HEADER_SIZE);
  fail_unless_equals_uint64 (size, WMASF_OBJECT_HEADER_SIZE + 6);
  fail_if (wmasf_reader_object (&r, &o, &size));
  fail_unless_equals_uint64 (size, 0);
  fail_unless_equals_int (wmasf_reader_left (&r), 10);

  /* a size past the end, and one below an object header */
  g_byte_array_set_size (a, 0);
  put_object (a, WMASF_OBJECT_HEADER_SIZE + 7, 6);
  wmasf_reader_init (&r, a->data, a->len);
  fail_if (wmasf_reader_object (&r, &o, &size));
  fail_unless_equals_uint64 (size, WMASF_OBJECT_HEADER_SIZE + 7);
  fail_unless_equals_int (r.pos, 0);
  g_byte_array_set_size (a, 0);
  put_object (a, WMASF_OBJECT_HEADER_SIZE - 1, 6);
  wmasf_reader_init (&r, a->data, a->len);
  fail_if (wmasf_reader_object (&r, &o, &size));
  fail_unless_equals_uint64 (size, WMASF_OBJECT_HEADER_SIZE - 1);
  fail_unless_equals_int (r.pos, 0);
  g_byte_array_unref (a);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmasfreader, 0,
    WMNET_TEST (test_header_parse),
    WMNET_TEST (test_packet_key),
    WMNET_TEST (test_packet_walk),
    WMNET_TEST (test_guid_table), WMNET_TEST (test_reader));
