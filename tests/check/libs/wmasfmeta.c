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

/* Unit tests of wmasfmux's pure object writers for metadata and file
 * mode (gst/wmasf/asfmetadata.c, asfindex.c, the Padding Object of
 * asfobjects.c), read back by hand from the ASF spec layouts. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>

#include <gst/wmasf/asfobjects.h>
#include <gst/wmasf/asfmetadata.h>
#include <gst/wmasf/asfindex.h>

#include "wmnettestsuite.h"

static GstBuffer *
written (gboolean (*write) (GstByteWriter *, const GstTagList *),
    const GstTagList * tags)
{
  GstByteWriter bw;

  gst_byte_writer_init (&bw);
  if (!write (&bw, tags)) {
    fail_unless_equals_int (gst_byte_writer_get_pos (&bw), 0);
    gst_byte_writer_reset (&bw);
    return NULL;
  }
  return gst_byte_writer_reset_and_get_buffer (&bw);
}

static gchar *
utf16_at (const guint8 * p, guint n_units)
{
  return g_utf16_to_utf8 ((const gunichar2 *) p, n_units, NULL, NULL, NULL);
}

GST_START_TEST (test_content_description)
{
  GstTagList *tags = gst_tag_list_new (GST_TAG_TITLE, "T\xc3\xaft",
      GST_TAG_COMMENT, "a comment", NULL);
  GstBuffer *buf = written (wmasf_write_content_description, tags);
  GstMapInfo map;
  gchar *s;

  fail_unless (buf != NULL);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (map.data + 16), map.size);
  /* title "Tït" + NUL: 8 bytes; no author, no copyright; the comment
   * stands in for the description; no rating */
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 24), 8);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 26), 0);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 28), 0);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 30), 20);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 32), 0);
  fail_unless_equals_int (map.size, 34 + 8 + 20);
  s = utf16_at (map.data + 34, 3);
  fail_unless_equals_string (s, "T\xc3\xaft");
  g_free (s);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 34 + 6), 0);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_tag_list_unref (tags);

  /* nothing to write: no object */
  tags = gst_tag_list_new (GST_TAG_BITRATE, 1000, NULL);
  fail_unless (written (wmasf_write_content_description, tags) == NULL);
  fail_unless (written (wmasf_write_extended_content_description,
          tags) == NULL);
  gst_tag_list_unref (tags);
  fail_unless (written (wmasf_write_content_description, NULL) == NULL);
}

GST_END_TEST;

/* The Content Descriptor at @p (ASF spec 3.11): its name is @name, its
 * value of @type and @len bytes; returns where the value starts. */
static const guint8 *
descriptor_value (const guint8 * p, const gchar * name, guint16 type,
    guint16 len)
{
  guint n = GST_READ_UINT16_LE (p);
  gchar *s = utf16_at (p + 2, n / 2 - 1);

  fail_unless_equals_string (s, name);
  g_free (s);
  p += 2 + n;
  fail_unless_equals_int (GST_READ_UINT16_LE (p), type);
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 2), len);
  return p + 4;
}

GST_START_TEST (test_extended_content_description)
{
  GstTagList *tags = gst_tag_list_new (GST_TAG_ALBUM, "Alb",
      GST_TAG_TRACK_NUMBER, 7, NULL);
  GstBuffer *buf = written (wmasf_write_extended_content_description, tags);
  GstMapInfo map;
  const guint8 *p;

  fail_unless (buf != NULL);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (map.data + 16), map.size);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 24), 2);
  p = descriptor_value (map.data + 26, "WM/AlbumTitle", 0, 8);  /* unicode */
  p = descriptor_value (p + 8, "WM/TrackNumber", 3, 4); /* DWORD */
  fail_unless_equals_int (GST_READ_UINT32_LE (p), 7);
  fail_unless (p + 4 == map.data + map.size);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_tag_list_unref (tags);
}

GST_END_TEST;

GST_START_TEST (test_script_commands)
{
  WmAsfScript scripts[3] = {
    {1000, (gchar *) "URL", (gchar *) "http://a/"},
    {2000, (gchar *) "TEXT", (gchar *) "hi"},
    {3000, (gchar *) "URL", (gchar *) "http://b/"},
  };
  GstByteWriter bw;
  GstBuffer *buf;
  GstMapInfo map;
  const guint8 *p;
  static const guint8 payload[] = { 'U', 0, 'R', 0, 'L', 0, 0, 0, 'x', 0, 0,
    0
  };

  gst_byte_writer_init (&bw);
  fail_if (wmasf_write_script_commands (&bw, scripts, 0));
  fail_unless (wmasf_write_script_commands (&bw, scripts, 3));
  buf = gst_byte_writer_reset_and_get_buffer (&bw);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (map.data + 16), map.size);
  p = map.data + 24 + 16;
  fail_unless_equals_int (GST_READ_UINT16_LE (p), 3);   /* commands */
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 2), 2);       /* types */
  p += 4;
  fail_unless_equals_int (GST_READ_UINT16_LE (p), 4);   /* "URL" + NUL */
  p += 2 + 8;
  fail_unless_equals_int (GST_READ_UINT16_LE (p), 5);   /* "TEXT" + NUL */
  p += 2 + 10;
  /* first command: 1000 ms, type 0, "http://a/" */
  fail_unless_equals_int (GST_READ_UINT32_LE (p), 1000);
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 4), 0);
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 6), 10);
  p += 8 + 20;
  fail_unless_equals_int (GST_READ_UINT32_LE (p), 2000);
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 4), 1);
  p += 8 + 6;
  fail_unless_equals_int (GST_READ_UINT16_LE (p + 4), 0);
  p += 8 + 20;
  fail_unless (p == map.data + map.size);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);

  buf = wmasf_script_payload ("URL", "x");
  fail_unless_equals_int (gst_buffer_get_size (buf), sizeof (payload));
  fail_unless (gst_buffer_memcmp (buf, 0, payload, sizeof (payload)) == 0);
  gst_buffer_unref (buf);
}

GST_END_TEST;

/* entries in presentation time with the preroll: the first 3 s of a 3 s
 * preroll point at the first key frame */
GST_START_TEST (test_simple_index)
{
  WmAsfFileIndex idx;
  WmAsfGuid id = { 1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11}
  };
  GstBuffer *buf;
  GstMapInfo map;
  static const guint32 expected[] = { 0, 0, 0, 0, 10, 20, 20 };
  guint i;

  wmasf_file_index_init (&idx);
  fail_unless (wmasf_file_index_build (&idx, &id, 60000000, 3000) == NULL);
  for (i = 0; i < 30; i++)
    wmasf_file_index_add_packet (&idx, i * GST_SECOND / 10, i % 10 == 0,
        i * GST_SECOND / 10);
  fail_unless_equals_int (idx.n_packets, 30);
  buf = wmasf_file_index_build (&idx, &id, 60000000, 3000);
  fail_unless (buf != NULL);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_int (GST_READ_UINT32_LE (map.data), 0x33000890);
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (map.data + 16), map.size);
  fail_unless_equals_int (GST_READ_UINT32_LE (map.data + 24), 1);       /* File ID */
  fail_unless_equals_uint64 (GST_READ_UINT64_LE (map.data + 40), 10000000);
  fail_unless_equals_int (GST_READ_UINT32_LE (map.data + 52),
      G_N_ELEMENTS (expected));
  fail_unless_equals_int (map.size, 56 + 6 * G_N_ELEMENTS (expected));
  for (i = 0; i < G_N_ELEMENTS (expected); i++) {
    fail_unless_equals_int (GST_READ_UINT32_LE (map.data + 56 + 6 * i),
        expected[i]);
    fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 60 + 6 * i), 1);
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  wmasf_file_index_clear (&idx);
}

GST_END_TEST;

/* pad_to: the header takes exactly that many bytes, or is refused */
GST_START_TEST (test_padding)
{
  WmAsfStreamInfo s = { 0, };
  WmAsfHeaderDesc info = { {0,}, };
  GstBuffer *plain, *padded;
  gsize size;

  s.number = 1;
  s.format_tag = 0x0001;
  s.channels = 1;
  s.rate = 8000;
  s.block_align = 2;
  s.bits_per_sample = 16;
  s.bitrate = 128000;
  info.packet_size = 512;
  info.preroll_ms = 3000;
  info.n_streams = 1;
  info.streams = &s;
  plain = wmasf_header_build (&info);
  fail_unless (plain != NULL);
  size = gst_buffer_get_size (plain);

  info.pad_to = size + 1000;
  padded = wmasf_header_build (&info);
  fail_unless (padded != NULL);
  fail_unless_equals_int (gst_buffer_get_size (padded), size + 1000);
  gst_buffer_unref (padded);
  /* no room for a Padding Object's own 24 bytes */
  info.pad_to = size + 10;
  fail_unless (wmasf_header_build (&info) == NULL);
  info.pad_to = size - 1;
  fail_unless (wmasf_header_build (&info) == NULL);
  gst_buffer_unref (plain);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmasfmeta, 0,
    WMNET_TEST (test_content_description),
    WMNET_TEST (test_extended_content_description),
    WMNET_TEST (test_script_commands),
    WMNET_TEST (test_simple_index), WMNET_TEST (test_padding));
