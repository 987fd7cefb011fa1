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

/* Unit tests of the stream choice of a play request: a crafted
 * multiple-bit-rate header (ASF spec 3.8, 3.12). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetasfparse.h"
#include "wmnetselect.h"
#include "wmnetasfbuild.h"

/* stored byte order (ASF spec 10.1) */
static const guint8 guid_bitrate_props[16] = {
  0xce, 0x75, 0xf8, 0x7b, 0x8d, 0x46, 0xd1, 0x11,
  0x8d, 0x82, 0x00, 0x60, 0x97, 0xc9, 0xa2, 0xb2
};

static const guint8 guid_mutex[16] = {
  0xdc, 0x29, 0xe2, 0xd6, 0xda, 0x35, 0xd1, 0x11,
  0x90, 0x34, 0x00, 0xa0, 0xc9, 0x03, 0x49, 0xbe
};

/* Appends an object with @body to the Header Object of @h (before the
 * Data Object header), fixing the Header Object's size and count. */
static void
add_object (GByteArray * h, const guint8 guid[16], const guint8 * body,
    gsize len)
{
  guint64 hsize = GST_READ_UINT64_LE (h->data + 16);
  guint8 *obj = g_malloc (24 + len);

  memcpy (obj, guid, 16);
  GST_WRITE_UINT64_LE (obj + 16, 24 + len);
  memcpy (obj + 24, body, len);
  {
    GByteArray *tail = g_byte_array_new ();

    g_byte_array_append (tail, h->data + hsize, h->len - hsize);
    g_byte_array_set_size (h, hsize);
    g_byte_array_append (h, obj, 24 + len);
    g_byte_array_append (h, tail->data, tail->len);
    g_byte_array_unref (tail);
  }
  GST_WRITE_UINT64_LE (h->data + 16, hsize + 24 + len);
  GST_WRITE_UINT32_LE (h->data + 24, GST_READ_UINT32_LE (h->data + 24) + 1);
  g_free (obj);
}

/* Video 1 at 300 kbit/s and video 3 at 1 Mbit/s are alternatives (a
 * Bitrate Mutual Exclusion group); audio 2 at 64 kbit/s is alone. */
static GByteArray *
mbr_header (void)
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
  add_object (h, guid_bitrate_props, rates, sizeof (rates));
  /* exclusion type GUID left zero: any type is a group */
  GST_WRITE_UINT16_LE (mutex + 16, 2);
  GST_WRITE_UINT16_LE (mutex + 18, 1);
  GST_WRITE_UINT16_LE (mutex + 20, 3);
  add_object (h, guid_mutex, mutex, sizeof (mutex));
  return h;
}

GST_START_TEST (test_choice)
{
  GByteArray *h = mbr_header ();
  guint32 described[4], chosen[4];
  WmnetAsfHeaderInfo info;

  /* still a header the parser takes */
  fail_unless (wmnet_asf_header_parse (h->data, h->len, &info, NULL));
  fail_unless_equals_int (info.n_streams, 3);

  wmnet_select_streams (h->data, h->len, 0, described, chosen);
  fail_unless_equals_int (described[0], 0xe);
  fail_unless_equals_int (chosen[0], 0xe);
  /* 2 Mbit/s: audio and the 1 Mbit/s video */
  wmnet_select_streams (h->data, h->len, 2000000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 2) | (1 << 3));
  /* 500 kbit/s: audio and the 300 kbit/s video */
  wmnet_select_streams (h->data, h->len, 500000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 2));
  /* 10 kbit/s: nothing fits, the slowest video still comes */
  wmnet_select_streams (h->data, h->len, 10000, described, chosen);
  fail_unless_equals_int (chosen[0], (1 << 1) | (1 << 2));
  fail_unless_equals_int (described[0], 0xe);

  /* cut anywhere: no crash, no stream that is not there */
  {
    gsize n;

    for (n = 0; n < h->len; n += 7) {
      wmnet_select_streams (h->data, n, 500000, described, chosen);
      fail_unless ((chosen[0] & ~described[0]) == 0);
      fail_unless ((described[0] & ~0xeu) == 0);
    }
  }
  g_byte_array_unref (h);
}

GST_END_TEST;

static Suite *
wmnetselect_suite (void)
{
  Suite *s = suite_create ("wmnetselect");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_choice);
  return s;
}

GST_CHECK_MAIN (wmnetselect);
