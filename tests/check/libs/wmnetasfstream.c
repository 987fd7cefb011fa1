/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the ASF stream parser: headers and packets assembled by
 * hand here, bytes from wmasfmux (in this process, fed fake frames, no
 * codec) and from the ffmpeg program (a child process); cut whole, byte by
 * byte and in random chunks, with header changes, garbage, truncation and
 * random mutations. No codec library is loaded, so valgrind can run it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>

#include "wmnetasfstream.h"
#include "wmnetasfbuild.h"
#include "wmnetasffeed.h"

/* ------------------------------------------------------------------ */

GST_START_TEST (test_header_parse)
{
  HeaderSpec h = default_spec ();
  GByteArray *a;
  WmnetAsfHeaderInfo info;
  GError *err = NULL;
  GstBuffer *buf;
  GstMapInfo map;
  gsize hsize;

  /* with the Data Object header */
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  fail_unless_equals_int (info.packet_size, 512);
  fail_unless_equals_uint64 (info.header_size, a->len - 50);
  fail_unless (info.has_data_header);
  fail_unless (info.broadcast);
  fail_unless (info.has_video);
  fail_unless_equals_int (info.n_streams, 2);
  fail_unless_equals_uint64 (info.preroll_ms, 3000);
  fail_unless_equals_uint64 (info.data_packets, 0);
  buf = wmnet_asf_header_make (a->data, a->len, &info);
  fail_unless_equals_int (gst_buffer_get_size (buf), a->len);
  fail_unless (gst_buffer_memcmp (buf, 0, a->data, a->len) == 0);
  gst_buffer_unref (buf);
  hsize = info.header_size;

  /* without: one is made, with the File ID, equal to the real one */
  fail_unless (wmnet_asf_header_parse (a->data, hsize, &info, &err));
  fail_if (info.has_data_header);
  buf = wmnet_asf_header_make (a->data, hsize, &info);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless_equals_int (map.size, a->len);
  fail_unless (memcmp (map.data, a->data, a->len) == 0);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  g_byte_array_unref (a);

  /* audio only, a video stream only in the Header Extension */
  h.video[0] = FALSE;
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, NULL));
  fail_if (info.has_video);
  g_byte_array_unref (a);
  h.video[1] = TRUE;
  h.last_in_extension = TRUE;
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, NULL));
  fail_unless (info.has_video);
  fail_unless_equals_int (info.n_streams, 2);
  fail_unless (info.video_mask[0] == (1u << A));
  g_byte_array_unref (a);

  /* a file: the Data Object size gives the packet count */
  h = default_spec ();
  h.broadcast = FALSE;
  h.data_packets = 7;
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, NULL));
  fail_unless_equals_uint64 (info.data_packets, 7);
  /* truncated anywhere: an error, never a crash */
  for (hsize = 0; hsize < a->len - 50; hsize++) {
    fail_if (wmnet_asf_header_parse (a->data, hsize, &info, &err));
    fail_unless (err != NULL);
    g_clear_error (&err);
  }
  g_byte_array_unref (a);

  /* packet sizes */
  h = default_spec ();
  h.packet_size = 0;
  a = build_header (&h);
  fail_if (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_PACKET_SIZE));
  g_clear_error (&err);
  g_byte_array_unref (a);
  h.packet_size = 65528;
  a = build_header (&h);
  fail_if (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_PACKET_SIZE));
  g_clear_error (&err);
  g_byte_array_unref (a);
  h.packet_size = 512;
  h.max_packet_size = 1024;
  a = build_header (&h);
  fail_if (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_PACKET_SIZE));
  g_clear_error (&err);
  g_byte_array_unref (a);

  /* too large for $H: the Header Object and 50 bytes over 65,527 */
  h = default_spec ();
  h.pad_to = 65527 - 50 + 1;
  a = build_header (&h);
  fail_if (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_TOO_LARGE));
  g_clear_error (&err);
  g_byte_array_unref (a);
  h.pad_to = 65527 - 50;
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, &err));
  g_byte_array_unref (a);

  /* no header at all */
  fail_if (wmnet_asf_header_parse ((const guint8 *) "0123456789abcdefghijk",
          20, &info, &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_NOT_ASF));
  g_clear_error (&err);
}

GST_END_TEST;

static gboolean
packet_key (const WmnetAsfHeaderInfo * info, const PayloadSpec * p, guint n,
    gboolean ecc, gboolean * valid)
{
  GByteArray *a = g_byte_array_new ();
  WmnetAsfPacketInfo pi;
  gboolean key;

  build_packet (a, info->packet_size, p, n, 1000, ecc);
  *valid = wmnet_asf_packet_parse (info, a->data, a->len, &pi);
  key = wmnet_asf_packet_is_key (info, a->data, a->len);
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
  WmnetAsfHeaderInfo info, audio_only;
  gboolean valid;
  gsize i;
  PayloadSpec vkey = { V, TRUE, 0, 100, FALSE };
  PayloadSpec vkey_mid = { V, TRUE, 300, 100, FALSE };
  PayloadSpec vdelta = { V, FALSE, 0, 100, FALSE };
  PayloadSpec akey = { A, TRUE, 0, 100, FALSE };
  PayloadSpec vcomp = { V, TRUE, 0, 55, TRUE };
  PayloadSpec unknown = { 9, TRUE, 0, 100, FALSE };
  PayloadSpec two[2];

  fail_unless (wmnet_asf_header_parse (a->data, a->len, &info, NULL));
  g_byte_array_unref (a);
  h.video[0] = FALSE;
  a = build_header (&h);
  fail_unless (wmnet_asf_header_parse (a->data, a->len, &audio_only, NULL));
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

    fail_if (wmnet_asf_packet_is_key (&info, copy, i));
    g_free (copy);
  }
  /* a payload longer than the packet */
  GST_WRITE_UINT16_LE (b->data + 14 + 15, 600);
  fail_if (wmnet_asf_packet_is_key (&info, b->data, b->len));
  /* padding over the payloads */
  GST_WRITE_UINT16_LE (b->data + 14 + 15, 100);
  fail_unless (wmnet_asf_packet_is_key (&info, b->data, b->len));
  GST_WRITE_UINT16_LE (b->data + 5, 500);
  fail_if (wmnet_asf_packet_is_key (&info, b->data, b->len));
  g_byte_array_unref (b);
}

GST_END_TEST;

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

GST_START_TEST (test_truncated)
{
  HeaderSpec h = default_spec ();
  gboolean *keys, ok;
  GByteArray *a = build_stream (&h, 3, &keys);
  gsize hlen = a->len - 3 * 512;
  WmnetAsfStream *s = wmnet_asf_stream_new ();
  GPtrArray *outs;
  GError *err = NULL;
  guint8 *zeros;

  /* a header cut short: nothing yet */
  outs = feed (s, a->data, hlen - 1, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 0);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (s), hlen - 1);
  g_ptr_array_unref (outs);
  wmnet_asf_stream_reset (s);

  /* 2.5 packets: the header and 2 */
  outs = feed (s, a->data, hlen + 2 * 512 + 256, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 3);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (s), 256);
  g_ptr_array_unref (outs);
  /* reset: the rest of packet 3 is garbage to a new stream */
  wmnet_asf_stream_reset (s);
  fail_unless_equals_int (wmnet_asf_stream_get_pending (s), 0);
  outs = feed (s, a->data + hlen + 2 * 512 + 256, 256, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 0);
  g_ptr_array_unref (outs);
  wmnet_asf_stream_reset (s);

  /* no ASF: fails after WMNET_ASF_MAX_LEADING_JUNK bytes, and stays
   * failed until reset */
  zeros = g_malloc0 (WMNET_ASF_MAX_LEADING_JUNK + 100);
  fail_if (wmnet_asf_stream_push (s, gst_buffer_new_memdup (zeros,
              WMNET_ASF_MAX_LEADING_JUNK + 100), &err));
  fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
          WMNET_ASF_ERROR_NOT_ASF));
  g_clear_error (&err);
  fail_if (wmnet_asf_stream_push (s, gst_buffer_new_memdup (a->data, a->len),
          &err));
  g_clear_error (&err);
  wmnet_asf_stream_reset (s);
  outs = feed (s, a->data, a->len, 0, NULL, &ok);
  fail_unless (ok);
  fail_unless_equals_int (outs->len, 4);
  g_ptr_array_unref (outs);
  g_free (zeros);

  /* a bad header mid-stream is an error; items before it still pop */
  wmnet_asf_stream_reset (s);
  h.packet_size = 0;
  {
    GByteArray *bad = build_header (&h);

    g_byte_array_prepend (bad, a->data, a->len);
    fail_if (wmnet_asf_stream_push (s, gst_buffer_new_memdup (bad->data,
                bad->len), &err));
    fail_unless (g_error_matches (err, WMNET_ASF_ERROR,
            WMNET_ASF_ERROR_PACKET_SIZE));
    g_clear_error (&err);
    outs = g_ptr_array_new_with_free_func (out_free);
    collect (s, outs);
    fail_unless_equals_int (outs->len, 4);
    g_ptr_array_unref (outs);
    g_byte_array_unref (bad);
  }

  wmnet_asf_stream_free (s);
  g_byte_array_unref (a);
  g_free (keys);
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
/* wmasfmux in this process, fed fake WMV2 and WMA frames (no codec) */

typedef struct
{
  GByteArray *bytes;            /* header then packets, as one stream */
  gsize header_size;
  GArray *delta;                /* gboolean per packet */
} MuxOut;

static gboolean
run_wmasfmux (guint packet_size, gboolean with_audio, MuxOut * out)
{
  GstElement *pipe, *sink;
  GstAppSrc *vsrc, *asrc = NULL;
  GstSample *sample;
  guint i;
  gchar *desc;
  GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
      "wmasfmux");

  if (f == NULL)
    return FALSE;
  gst_object_unref (f);
  desc = g_strdup_printf ("wmasfmux name=m packet-size=%u ! appsink "
      "name=out sync=false "
      "appsrc name=v format=time caps=\"video/x-wmv,wmvversion=2,"
      "width=160,height=120,framerate=10/1,bitrate=100000\" ! m.video_%%u %s", packet_size,
      with_audio ? "appsrc name=a format=time caps=\"audio/x-wma,"
      "wmaversion=2,rate=22050,channels=1,block_align=743,bitrate=32000,"
      "depth=16\" ! m.audio_%u" : "");
  pipe = gst_parse_launch (desc, NULL);
  g_free (desc);
  fail_unless (pipe != NULL);
  vsrc = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (pipe), "v"));
  if (with_audio)
    asrc = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (pipe), "a"));
  sink = gst_bin_get_by_name (GST_BIN (pipe), "out");
  fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);

  /* 4 s: video frames of 300..2300 bytes, a key frame every 10; audio
   * blocks of 743 bytes every 100 ms */
  for (i = 0; i < 40; i++) {
    gsize size = 300 + (i * 997) % 2000;
    GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);

    gst_buffer_memset (buf, 0, i, size);
    GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = i * 100 * GST_MSECOND;
    GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
    if (i % 10 != 0)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless_equals_int (gst_app_src_push_buffer (vsrc, buf), GST_FLOW_OK);
    if (asrc) {
      buf = gst_buffer_new_allocate (NULL, 743, NULL);
      gst_buffer_memset (buf, 0, 0x40 + i, 743);
      GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = i * 100 * GST_MSECOND;
      GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
      fail_unless_equals_int (gst_app_src_push_buffer (asrc, buf),
          GST_FLOW_OK);
    }
  }
  gst_app_src_end_of_stream (vsrc);
  if (asrc)
    gst_app_src_end_of_stream (asrc);

  out->bytes = g_byte_array_new ();
  out->delta = g_array_new (FALSE, FALSE, sizeof (gboolean));
  out->header_size = 0;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    GstBuffer *buf = gst_sample_get_buffer (sample);
    GstMapInfo map;

    fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
    if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)) {
      fail_unless_equals_int (out->bytes->len, 0);
      out->header_size = map.size;
    } else {
      gboolean delta = GST_BUFFER_FLAG_IS_SET (buf,
          GST_BUFFER_FLAG_DELTA_UNIT);

      fail_unless_equals_int (map.size, packet_size);
      g_array_append_val (out->delta, delta);
    }
    g_byte_array_append (out->bytes, map.data, map.size);
    gst_buffer_unmap (buf, &map);
    gst_sample_unref (sample);
  }
  fail_unless (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  fail_unless (out->header_size > 0);

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (vsrc);
  if (asrc)
    gst_object_unref (asrc);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  return TRUE;
}

static void
check_wmasfmux (guint packet_size, gboolean with_audio)
{
  MuxOut m;
  WmnetAsfHeaderInfo info;
  GPtrArray *outs, *part;
  GRand *rand = g_rand_new_with_seed (5);
  WmnetAsfStreamStats st;
  guint i, n_keys = 0;

  fail_unless (run_wmasfmux (packet_size, with_audio, &m),
      "wmasfmux (the build's plugin) could not run");
  fail_unless (wmnet_asf_header_parse (m.bytes->data, m.header_size, &info,
          NULL));
  fail_unless (info.has_data_header);
  fail_unless_equals_int (info.packet_size, packet_size);
  fail_unless (m.delta->len > 10);

  /* per packet: key by payloads = no DELTA_UNIT from the muxer */
  for (i = 0; i < m.delta->len; i++) {
    const guint8 *p = m.bytes->data + m.header_size + i * packet_size;

    fail_unless (wmnet_asf_packet_is_key (&info, p, packet_size)
        == !g_array_index (m.delta, gboolean, i), "packet %u", i);
    n_keys += !g_array_index (m.delta, gboolean, i);
  }
  fail_unless_equals_int (n_keys, 4);

  /* as a byte stream, in random chunks */
  outs = feed_new (m.bytes->data, m.bytes->len, -3000, rand, &st);
  fail_unless_equals_int (outs->len, 1 + m.delta->len);
  fail_unless (out_is (g_ptr_array_index (outs, 0), WMNET_ASF_HEADER,
          m.bytes->data, m.header_size));
  for (i = 0; i < m.delta->len; i++) {
    Out *o = g_ptr_array_index (outs, i + 1);

    fail_unless (out_is (o, WMNET_ASF_PACKET,
            m.bytes->data + m.header_size + i * packet_size, packet_size));
    fail_unless_equals_int (o->key, !g_array_index (m.delta, gboolean, i));
  }
  fail_unless_equals_uint64 (st.skipped_bytes, 0);
  part = feed_new (m.bytes->data, m.bytes->len, 1, rand, NULL);
  assert_same_outs (outs, part);
  g_ptr_array_unref (part);
  g_ptr_array_unref (outs);

  g_byte_array_unref (m.bytes);
  g_array_unref (m.delta);
  g_rand_free (rand);
}

GST_START_TEST (test_wmasfmux)
{
  check_wmasfmux (1024, TRUE);
  check_wmasfmux (3200, TRUE);
  check_wmasfmux (800, FALSE);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* The ffmpeg program's asf muxer (a seekable file: Data Object size and
 * an index after the packets) against ffprobe's key frames. */

static gchar *
run (const gchar * const *argv)
{
  gchar *out = NULL;
  gint status = -1;
  GError *err = NULL;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH |
          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &err)) {
    GST_WARNING ("%s: %s", argv[0], err->message);
    g_clear_error (&err);
    return NULL;
  }
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_free (out);
    return NULL;
  }
  return out;
}

static gboolean
have_program (const gchar * name)
{
  gchar *path = g_find_program_in_path (name);

  g_free (path);
  return path != NULL;
}

/* Cuts @file in random chunks and checks the key packets are the ASF
 * packets ffprobe says video key frames start in. Returns FALSE when
 * ffprobe cannot run. */
static gboolean
check_against_ffprobe (const gchar * file, guint packet_size,
    gboolean exact_end)
{
  gchar *probe, **lines, *contents;
  gsize len, pending;
  guint i, n_keys = 0;
  GPtrArray *outs;
  GHashTable *ff_keys = g_hash_table_new (NULL, NULL);
  GRand *rand = g_rand_new_with_seed (9);
  WmnetAsfStreamStats st;
  WmnetAsfHeaderInfo info;
  guint64 pos;
  Out *o;
  const gchar *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v",
    "-show_entries", "packet=pos,flags", "-of", "csv=p=0", file, NULL
  };

  probe = run (argv);
  if (probe == NULL) {
    g_hash_table_unref (ff_keys);
    g_rand_free (rand);
    return FALSE;
  }
  lines = g_strsplit (probe, "\n", -1);
  for (i = 0; lines[i]; i++) {
    if (strchr (lines[i], 'K'))
      g_hash_table_add (ff_keys, GSIZE_TO_POINTER (g_ascii_strtoull (lines[i],
                  NULL, 10)));
  }
  g_strfreev (lines);
  g_free (probe);
  fail_unless (g_hash_table_size (ff_keys) >= 3);

  fail_unless (g_file_get_contents (file, &contents, &len, NULL));
  fail_unless (wmnet_asf_header_parse ((guint8 *) contents, len, &info, NULL));
  fail_unless_equals_int (info.packet_size, packet_size);

  outs = feed_new_pending ((guint8 *) contents, len, -5000, rand, &st,
      &pending);
  fail_unless (outs->len > 10);
  if (info.data_packets)
    fail_unless_equals_int (outs->len, 1 + info.data_packets);
  o = g_ptr_array_index (outs, 0);
  fail_unless_equals_int (o->kind, WMNET_ASF_HEADER);
  pos = g_bytes_get_size (o->bytes);
  fail_unless_equals_uint64 (pos, info.header_size + 50);
  for (i = 1; i < outs->len; i++, pos += packet_size) {
    o = g_ptr_array_index (outs, i);
    fail_unless_equals_int (o->kind, WMNET_ASF_PACKET);
    fail_unless (o->key == g_hash_table_contains (ff_keys,
            GSIZE_TO_POINTER (pos)), "packet at %" G_GUINT64_FORMAT, pos);
    n_keys += o->key;
  }
  fail_unless_equals_int (n_keys, g_hash_table_size (ff_keys));
  /* what follows the packets (a file's index) is skipped (or, shorter
   * than two packets, still pending), never a resync */
  if (exact_end)
    fail_unless (len > pos);
  fail_unless_equals_uint64 (st.skipped_bytes + pending, len - pos);
  fail_unless_equals_uint64 (st.resyncs, 0);

  g_ptr_array_unref (outs);
  g_free (contents);
  g_hash_table_unref (ff_keys);
  g_rand_free (rand);
  return TRUE;
}

/* The ffmpeg program's asf muxer: a seekable file, with the Data Object
 * size and an index after the packets. */
GST_START_TEST (test_ffmpeg)
{
  gchar *dir, *file, *o;
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-y",
    "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10",
    "-f", "lavfi", "-i", "sine=sample_rate=22050",
    "-t", "4", "-c:v", "wmv2", "-g", "10", "-c:a", "wmav2", "-b:a", "32k",
    "-packet_size", "1024", "-f", "asf", NULL, NULL
  };

  /* peers fail the test when missing: .ci/run installs them */
  fail_unless (have_program ("ffmpeg") && have_program ("ffprobe"),
      "ffmpeg and ffprobe are required (scripts/install-deps.sh)");
  dir = g_dir_make_tmp ("wmnetasfstream-XXXXXX", NULL);
  fail_unless (dir != NULL);
  file = g_build_filename (dir, "out.asf", NULL);
  argv[G_N_ELEMENTS (argv) - 2] = file;
  o = run (argv);
  fail_unless (o != NULL, "ffmpeg failed");
  g_free (o);
  fail_unless (check_against_ffprobe (file, 1024, TRUE));
  g_unlink (file);
  g_rmdir (dir);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

/* gst-plugins-bad's asfmux streamable=true (no error correction data, a
 * Packet Length field), run by gst-launch-1.0 in a child so that libav
 * stays out of this process. */
GST_START_TEST (test_asfmux)
{
  gchar *dir, *file, *loc, *o;
  const gchar *argv[] = { "gst-launch-1.0", "-q",
    "videotestsrc", "num-buffers=40", "!",
    "video/x-raw,width=160,height=120,framerate=10/1", "!",
    "avenc_wmv2", "gop-size=10", "!", "mux.",
    "audiotestsrc", "num-buffers=20", "!", "avenc_wmav2", "!", "mux.",
    "asfmux", "name=mux", "streamable=true", "packet-size=1024", "!",
    "filesink", NULL, NULL
  };

  fail_unless (have_program ("gst-launch-1.0") && have_program ("ffprobe"),
      "gst-launch-1.0 and ffprobe are required (scripts/install-deps.sh)");
  dir = g_dir_make_tmp ("wmnetasfstream-XXXXXX", NULL);
  fail_unless (dir != NULL);
  file = g_build_filename (dir, "asfmux.asf", NULL);
  loc = g_strdup_printf ("location=%s", file);
  argv[G_N_ELEMENTS (argv) - 2] = loc;
  o = run (argv);
  /* asfmux is gstreamer1.0-plugins-bad's, the encoders -libav's */
  fail_unless (o != NULL, "gst-launch-1.0 with asfmux failed (are "
      "gstreamer1.0-plugins-bad and -libav installed?)");
  fail_unless (check_against_ffprobe (file, 1024, FALSE));
  g_free (o);
  g_unlink (file);
  g_rmdir (dir);
  g_free (loc);
  g_free (file);
  g_free (dir);
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
  WmnetAsfHeaderInfo info;

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
    if (wmnet_asf_header_parse (a->data, a->len, &info, NULL)) {
      guint off = g_rand_int_range (rand, 0, a->len);

      fail_unless (info.header_size <= a->len);
      gst_buffer_unref (wmnet_asf_header_make (a->data, a->len, &info));
      wmnet_asf_packet_is_key (&info, a->data + off,
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
          fail_unless (wmnet_asf_header_parse (map.data, map.size, &info,
                  NULL));
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

static Suite *
wmnetasfstream_suite (void)
{
  Suite *s = suite_create ("wmnetasfstream");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_header_parse);
  tcase_add_test (tc, test_packet_key);
  tcase_add_test (tc, test_one_buffer);
  tcase_add_test (tc, test_chunks);
  tcase_add_test (tc, test_header_change);
  tcase_add_test (tc, test_garbage);
  tcase_add_test (tc, test_truncated);
  tcase_add_test (tc, test_packet_buffers);
  tcase_add_test (tc, test_wmasfmux);
  tcase_add_test (tc, test_ffmpeg);
  tcase_add_test (tc, test_asfmux);
  tcase_add_test (tc, test_fuzz);
  return s;
}

GST_CHECK_MAIN (wmnetasfstream);
