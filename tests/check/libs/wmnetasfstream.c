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

/* Unit tests of the ASF stream cutter (wmnetasfstream) on ASF assembled
 * by hand: cut whole, byte by byte and in random chunks, with header
 * changes, garbage, truncation, one packet per buffer, and random
 * mutations. Real muxers' output: libs/wmnetasfmuxers.c. No codec library
 * is loaded, so valgrind can run it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnetasfstream.h"
#include "wmnetasfbuild.h"
#include "wmnetasffeed.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_one_buffer)
{
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *a = build_stream (&h, 40, &keys);
  gsize hlen = a->len - 40 * 512;
  WmnetAsfStreamStats st;
  GPtrArray *outs = feed_new (a->data, a->len, 0, NULL, &st);
  guint i, n_keys = 0;

  fail_unless_equals_int (outs->len, 41);
  fail_unless (out_is (g_ptr_array_index (outs, 0), WMNET_ASF_HEADER,
          a->data, hlen));
  for (i = 0; i < 40; i++) {
    Out *o = g_ptr_array_index (outs, i + 1);

    fail_unless (out_is (o, WMNET_ASF_PACKET, a->data + hlen + i * 512, 512));
    fail_unless_equals_int (o->key, keys[i]);
    n_keys += keys[i];
  }
  fail_unless (n_keys >= 3);
  fail_unless_equals_uint64 (st.headers, 1);
  fail_unless_equals_uint64 (st.packets, 40);
  fail_unless_equals_uint64 (st.key_packets, n_keys);
  fail_unless_equals_uint64 (st.skipped_bytes, 0);
  fail_unless_equals_uint64 (st.resyncs, 0);

  g_ptr_array_unref (outs);
  g_byte_array_unref (a);
  g_free (keys);
}

GST_END_TEST;

GST_START_TEST (test_chunks)
{
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *a = build_stream (&h, 30, &keys);
  GRand *rand = g_rand_new_with_seed (7);
  GPtrArray *whole = feed_new (a->data, a->len, 0, NULL, NULL), *part;
  gint sizes[] = { 1, 2, 17, 511, 512, 513, 4096, -3, -100, -1500 };
  guint i, r;

  fail_unless_equals_int (whole->len, 31);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    for (r = 0; r < (sizes[i] < 0 ? 5 : 1); r++) {
      part = feed_new (a->data, a->len, sizes[i], rand, NULL);
      assert_same_outs (whole, part);
      g_ptr_array_unref (part);
    }
  }
  g_ptr_array_unref (whole);
  g_rand_free (rand);
  g_byte_array_unref (a);
  g_free (keys);
}

GST_END_TEST;

GST_START_TEST (test_header_change)
{
  HeaderSpec h1 = default_spec (), h2 = default_spec ();
  gboolean *k1, *k2;
  GByteArray *a, *b;
  GPtrArray *outs, *part;
  GRand *rand = g_rand_new_with_seed (3);
  gsize hlen1, hlen2;
  guint i;

  h2.packet_size = 1024;
  h2.file_id = 0x44;
  h2.video[0] = FALSE;          /* audio only now: every packet is key */
  a = build_stream (&h1, 10, &k1);
  hlen1 = a->len - 10 * 512;
  b = build_stream (&h2, 6, &k2);
  hlen2 = b->len - 6 * 1024;
  g_byte_array_append (a, b->data, b->len);

  outs = feed_new (a->data, a->len, 0, NULL, NULL);
  fail_unless_equals_int (outs->len, 1 + 10 + 1 + 6);
  fail_unless (out_is (g_ptr_array_index (outs, 0), WMNET_ASF_HEADER,
          a->data, hlen1));
  fail_unless (out_is (g_ptr_array_index (outs, 11), WMNET_ASF_HEADER,
          b->data, hlen2));
  for (i = 0; i < 6; i++) {
    Out *o = g_ptr_array_index (outs, 12 + i);

    fail_unless (out_is (o, WMNET_ASF_PACKET, b->data + hlen2 + i * 1024,
            1024));
    fail_unless (o->key);
  }
  part = feed_new (a->data, a->len, -700, rand, NULL);
  assert_same_outs (outs, part);
  g_ptr_array_unref (part);
  part = feed_new (a->data, a->len, 1, rand, NULL);
  assert_same_outs (outs, part);
  g_ptr_array_unref (part);

  g_ptr_array_unref (outs);
  g_byte_array_unref (a);
  g_byte_array_unref (b);
  g_rand_free (rand);
  g_free (k1);
  g_free (k2);
}

GST_END_TEST;

static void
append_garbage (GByteArray * a, GRand * rand, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++) {
    guint8 v = g_rand_int_range (rand, 0, 256);

    g_byte_array_append (a, &v, 1);
  }
}

GST_START_TEST (test_garbage)
{
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *clean = build_stream (&h, 20, &keys);
  gsize hlen = clean->len - 20 * 512;
  GByteArray *a = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (11);
  WmnetAsfStreamStats st;
  GPtrArray *outs, *part;
  guint i;

  /* garbage, header, 8 packets, garbage, 12 packets */
  append_garbage (a, rand, 1000);
  g_byte_array_append (a, clean->data, hlen + 8 * 512);
  append_garbage (a, rand, 37);
  g_byte_array_append (a, clean->data + hlen + 8 * 512, 12 * 512);

  outs = feed_new (a->data, a->len, 0, NULL, &st);
  fail_unless_equals_int (outs->len, 21);
  fail_unless (out_is (g_ptr_array_index (outs, 0), WMNET_ASF_HEADER,
          clean->data, hlen));
  for (i = 0; i < 20; i++)
    fail_unless (out_is (g_ptr_array_index (outs, i + 1), WMNET_ASF_PACKET,
            clean->data + hlen + i * 512, 512), "packet %u", i);
  fail_unless_equals_uint64 (st.skipped_bytes, 1000 + 37);
  fail_unless_equals_uint64 (st.resyncs, 1);

  part = feed_new (a->data, a->len, -300, rand, NULL);
  assert_same_outs (outs, part);
  g_ptr_array_unref (part);
  g_ptr_array_unref (outs);

  /* garbage in place of packet 5: that packet is lost, the rest found */
  g_byte_array_set_size (a, 0);
  g_byte_array_append (a, clean->data, clean->len);
  for (i = 0; i < 512; i++)
    a->data[hlen + 5 * 512 + i] = g_rand_int_range (rand, 0, 256);
  a->data[hlen + 5 * 512] = 0xff;       /* certainly no packet */
  outs = feed_new (a->data, a->len, 0, NULL, &st);
  fail_unless_equals_int (outs->len, 20);
  fail_unless (out_is (g_ptr_array_index (outs, 5), WMNET_ASF_PACKET,
          clean->data + hlen + 4 * 512, 512));
  fail_unless (out_is (g_ptr_array_index (outs, 6), WMNET_ASF_PACKET,
          clean->data + hlen + 6 * 512, 512));
  fail_unless_equals_uint64 (st.skipped_bytes, 512);
  g_ptr_array_unref (outs);

  g_byte_array_unref (a);
  g_byte_array_unref (clean);
  g_rand_free (rand);
  g_free (keys);
}

GST_END_TEST;

/* A stream of the default header and 3 packets of 512 bytes, and a
 * WmnetAsfStream to feed it to */
typedef struct
{
  HeaderSpec h;
  GByteArray *a;
  gsize hlen;                   /* the header's bytes in a */
  WmnetAsfStream *s;
} Three;

static void
three_init (Three * f)
{
  gboolean *keys;               /* not looked at here */

  f->h = default_spec ();
  f->a = build_stream (&f->h, 3, &keys);
  g_free (keys);
  f->hlen = f->a->len - 3 * 512;
  f->s = wmnet_asf_stream_new ();
}

static void
three_clear (Three * f)
{
  wmnet_asf_stream_free (f->s);
  g_byte_array_unref (f->a);
}

GST_START_TEST (test_truncated)
{
  Three f;
  gboolean ok;
  GPtrArray *outs;
  GError *err = NULL;
  guint8 *zeros;

  three_init (&f);
  /* a header cut short: nothing yet */
  outs = feed (f.s, f.a->data, f.hlen - 1, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 0);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (f.s), f.hlen - 1);
  g_ptr_array_unref (outs);
  wmnet_asf_stream_reset (f.s);

  /* 2.5 packets: the header and 2 */
  outs = feed (f.s, f.a->data, f.hlen + 2 * 512 + 256, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 3);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (f.s), 256);
  g_ptr_array_unref (outs);
  /* reset: the rest of packet 3 is garbage to a new stream */
  wmnet_asf_stream_reset (f.s);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (f.s), 0);
  outs = feed (f.s, f.a->data + f.hlen + 2 * 512 + 256, 256, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 0);
  g_ptr_array_unref (outs);
  wmnet_asf_stream_reset (f.s);

  /* no ASF: fails after WMNET_ASF_MAX_LEADING_JUNK bytes, and stays
   * failed until reset */
  zeros = g_malloc0 (WMNET_ASF_MAX_LEADING_JUNK + 100);
  fail_if (wmnet_asf_stream_push (f.s, gst_buffer_new_memdup (zeros,
              WMNET_ASF_MAX_LEADING_JUNK + 100), &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_NOT_ASF));
  g_clear_error (&err);
  fail_if (wmnet_asf_stream_push (f.s, gst_buffer_new_memdup (f.a->data,
              f.a->len), &err));
  g_clear_error (&err);
  wmnet_asf_stream_reset (f.s);
  outs = feed (f.s, f.a->data, f.a->len, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 4);
  g_ptr_array_unref (outs);
  g_free (zeros);

  /* a bad header mid-stream is an error; items before it still pop */
  wmnet_asf_stream_reset (f.s);
  f.h.packet_size = 0;
  {
    GByteArray *bad = build_header (&f.h);

    g_byte_array_prepend (bad, f.a->data, f.a->len);
    fail_if (wmnet_asf_stream_push (f.s, gst_buffer_new_memdup (bad->data,
                bad->len), &err));
    fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_PACKET_SIZE));
    g_clear_error (&err);
    outs = g_ptr_array_new_with_free_func (out_free);
    collect (f.s, outs);
    fail_unless_equals_int (outs->len, 4);
    g_ptr_array_unref (outs);
    g_byte_array_unref (bad);
  }

  three_clear (&f);
}

GST_END_TEST;

/* The end of the input: fine after a whole header (with or without
 * packets), else an error saying what was wrong. */
GST_START_TEST (test_check_end)
{
  Three f;
  gboolean ok;
  const gchar text[] = "Not ASF at all, just a line of text.\n";
  GPtrArray *outs;
  GError *err = NULL;
  guint i;

  three_init (&f);
  /* nothing */
  fail_if (wmnet_asf_stream_check_end (f.s, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_NOT_ASF));
  fail_unless (strstr (err->message, "after 0 bytes") != NULL, "%s",
      err->message);
  g_clear_error (&err);

  /* 12 KiB of text: less than the junk looked through */
  for (i = 0; i < 12 * 1024 / (sizeof (text) - 1); i++) {
    outs = feed (f.s, (const guint8 *) text, sizeof (text) - 1, 0, NULL, &ok);
    fail_unless (ok);
    g_ptr_array_unref (outs);
  }
  fail_if (wmnet_asf_stream_check_end (f.s, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_NOT_ASF));
  g_clear_error (&err);
  wmnet_asf_stream_reset (f.s);

  /* a header cut short, after text: the bytes got and the size declared */
  outs = feed (f.s, (const guint8 *) text, sizeof (text) - 1, 0, NULL, &ok);
  g_ptr_array_unref (outs);
  outs = feed (f.s, f.a->data, f.hlen / 2, 0, NULL, &ok);
  fail_unless (ok);
  g_ptr_array_unref (outs);
  fail_if (wmnet_asf_stream_check_end (f.s, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_CORRUPT));
  {
    gchar *want = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes of a Header "
        "Object of %" G_GSIZE_FORMAT " bytes", f.hlen / 2, f.hlen - 50);

    fail_unless (strstr (err->message, want) != NULL, "%s", err->message);
    g_free (want);
  }
  g_clear_error (&err);
  /* only its GUID */
  wmnet_asf_stream_reset (f.s);
  outs = feed (f.s, f.a->data, 20, 0, NULL, &ok);
  g_ptr_array_unref (outs);
  fail_if (wmnet_asf_stream_check_end (f.s, &err));
  fail_unless (g_error_matches (err, WMASF_ERROR, WMASF_ERROR_CORRUPT));
  g_clear_error (&err);

  /* a whole header, and a packet and a half after it: fine */
  wmnet_asf_stream_reset (f.s);
  outs = feed (f.s, f.a->data, f.hlen + 512 + 256, 0, NULL, &ok);
  fail_unless_equals_int (outs->len, 2);
  g_ptr_array_unref (outs);
  fail_unless (wmnet_asf_stream_check_end (f.s, NULL));

  three_clear (&f);
}

GST_END_TEST;

/* Case (a): a streamheader without the Data Object header, then one packet
 * per buffer with DELTA_UNIT set by the muxer. */
GST_START_TEST (test_packet_buffers)
{
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *a;
  WmnetAsfStream *s = wmnet_asf_stream_new ();
  GPtrArray *outs = g_ptr_array_new_with_free_func (out_free);
  gsize hlen;
  guint i;
  Out *o;

  h.data_header = FALSE;
  a = build_stream (&h, 16, &keys);
  hlen = a->len - 16 * 512;
  wmnet_asf_stream_set_trust_delta_unit (s, TRUE);
  fail_unless (wmnet_asf_stream_push (s, gst_buffer_new_memdup (a->data,
              hlen), NULL));
  for (i = 0; i < 16; i++) {
    GstBuffer *buf = gst_buffer_new_memdup (a->data + hlen + i * 512, 512);

    GST_BUFFER_PTS (buf) = i * GST_SECOND;
    /* the flag the muxer set wins over the payloads: the opposite here */
    if (keys[i])
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless (wmnet_asf_stream_push (s, buf, NULL));
  }
  collect (s, outs);
  fail_unless_equals_int (outs->len, 17);
  o = g_ptr_array_index (outs, 0);
  fail_unless_equals_int (g_bytes_get_size (o->bytes), hlen + 50);
  fail_unless (memcmp (g_bytes_get_data (o->bytes, NULL), a->data, hlen) == 0);
  for (i = 0; i < 16; i++) {
    o = g_ptr_array_index (outs, i + 1);
    fail_unless (out_is (o, WMNET_ASF_PACKET, a->data + hlen + i * 512, 512));
    fail_unless_equals_int (o->key, !keys[i]);
  }
  g_ptr_array_unref (outs);

  /* timestamps of the buffers come along */
  {
    WmnetAsfItem kind;
    GstBuffer *buf;

    wmnet_asf_stream_reset (s);
    fail_unless (wmnet_asf_stream_push (s, gst_buffer_new_memdup (a->data,
                hlen), NULL));
    buf = gst_buffer_new_memdup (a->data + hlen, 512);
    GST_BUFFER_PTS (buf) = 5 * GST_SECOND;
    fail_unless (wmnet_asf_stream_push (s, buf, NULL));
    fail_unless (wmnet_asf_stream_pop (s, &kind, &buf));
    fail_unless_equals_int (kind, WMNET_ASF_HEADER);
    gst_buffer_unref (buf);
    fail_unless (wmnet_asf_stream_pop (s, &kind, &buf));
    fail_unless_equals_int (kind, WMNET_ASF_PACKET);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), 5 * GST_SECOND);
    gst_buffer_unref (buf);
  }

  wmnet_asf_stream_free (s);
  g_byte_array_unref (a);
  g_free (keys);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* Random mutations: anything may come out, nothing may crash or read out
 * of bounds (valgrind), and every packet has its header's size. */

static guint
fuzz_rounds (void)
{
  /* the valgrind setup sets WMNET_TEST_CYCLES */
  return g_getenv ("WMNET_TEST_CYCLES") ? 40 : 400;
}

GST_START_TEST (test_fuzz)
{
  HeaderSpec h = default_spec ();
  gboolean *keys;
  GByteArray *clean, *b;
  GRand *rand = g_rand_new_with_seed (1234);
  guint round, rounds = fuzz_rounds ();
  WmAsfHeaderInfo info;

  h.last_in_extension = TRUE;
  h.n_streams = 2;
  clean = build_stream (&h, 12, &keys);
  g_free (keys);
  b = build_stream (&h, 4, &keys);      /* a second header */
  g_free (keys);
  g_byte_array_append (clean, b->data, b->len);
  g_byte_array_unref (b);

  for (round = 0; round < rounds; round++) {
    GByteArray *a = g_byte_array_new ();
    WmnetAsfStream *s = wmnet_asf_stream_new ();
    guint n, i;
    gsize pos = 0;
    guint32 psize = 0;

    g_byte_array_append (a, clean->data, clean->len);
    n = g_rand_int_range (rand, 1, 12);
    for (i = 0; i < n; i++) {
      guint at = g_rand_int_range (rand, 0, a->len);

      switch (g_rand_int_range (rand, 0, 5)) {
        case 0:                /* flip bits */
        case 1:
          a->data[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;
        case 2:{               /* a random byte, often in a header field */
          guint hat = g_rand_int_range (rand, 0, MIN (a->len, 700));

          a->data[hat] = g_rand_int_range (rand, 0, 256);
          break;
        }
        case 3:{               /* delete a range */
          guint len = g_rand_int_range (rand, 1, 600);

          g_byte_array_remove_range (a, at, MIN (a->len - at, len));
          break;
        }
        default:{              /* insert garbage */
          guint8 junk[64];
          guint k, len = g_rand_int_range (rand, 1, 64);

          for (k = 0; k < len; k++)
            junk[k] = g_rand_int_range (rand, 0, 256);
          g_byte_array_set_size (a, a->len + len);
          memmove (a->data + at + len, a->data + at, a->len - len - at);
          memcpy (a->data + at, junk, len);
          break;
        }
      }
      if (a->len == 0)
        break;
    }

    /* the direct parsers on slices */
    if (wmasf_header_parse (a->data, a->len, &info, NULL)) {
      guint off = g_rand_int_range (rand, 0, a->len);

      fail_unless (info.header_size <= a->len);
      gst_buffer_unref (wmasf_header_make (a->data, a->len, &info));
      wmasf_packet_is_key (&info, a->data + off,
          MIN (a->len - off, info.packet_size));
    }

    while (pos < a->len) {
      gsize len = g_rand_int_range (rand, 1, 900);
      WmnetAsfItem kind;
      GstBuffer *buf;
      gboolean ok;

      len = MIN (a->len - pos, len);
      ok = wmnet_asf_stream_push (s,
          gst_buffer_new_memdup (a->data + pos, len), NULL);

      pos += len;
      while (wmnet_asf_stream_pop (s, &kind, &buf)) {
        if (kind == WMNET_ASF_HEADER) {
          GstMapInfo map;

          fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
          fail_unless (wmasf_header_parse (map.data, map.size, &info, NULL));
          fail_unless (info.has_data_header);
          psize = info.packet_size;
          gst_buffer_unmap (buf, &map);
        } else {
          fail_unless (psize > 0);
          fail_unless_equals_int (gst_buffer_get_size (buf), psize);
        }
        gst_buffer_unref (buf);
      }
      if (!ok)
        break;
    }
    wmnet_asf_stream_free (s);
    g_byte_array_unref (a);
  }

  g_byte_array_unref (clean);
  g_rand_free (rand);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetasfstream, 0,
    WMNET_TEST (test_one_buffer),
    WMNET_TEST (test_chunks),
    WMNET_TEST (test_header_change),
    WMNET_TEST (test_garbage),
    WMNET_TEST (test_truncated),
    WMNET_TEST (test_check_end),
    WMNET_TEST (test_packet_buffers), WMNET_TEST (test_fuzz));
