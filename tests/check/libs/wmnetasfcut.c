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

/* Unit tests of the packet cutter (wmnetasfcut) on data packets assembled
 * by hand in every layout of ASF spec 5.2: each selection's cut packet
 * parses with the same header and holds exactly the payloads it keeps;
 * random, truncated and bit-flipped packets are refused or cut into valid
 * packets, never read out of bounds (valgrind). No codec library is
 * loaded. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnetasfcut.h"
#include "wmnetasfbuild.h"
#include "wmnettestsuite.h"

/* a third stream: a second video stream */
#define V2 5

static void
header_info (WmAsfHeaderInfo * info, gboolean with_video)
{
  HeaderSpec h = default_spec ();
  GByteArray *a;

  h.n_streams = 3;
  h.numbers[2] = V2;
  h.video[2] = TRUE;
  if (!with_video)
    h.video[0] = h.video[2] = FALSE;
  a = build_header (&h);
  fail_unless (wmasf_header_parse (a->data, a->len, info, NULL));
  g_byte_array_unref (a);
}

static WmnetSelection
selection (guint8 v, guint8 a, guint8 v2)
{
  WmnetSelection s;

  memset (&s, 0, sizeof (s));
  memset (s.thinning, WMNET_THINNING_ALL, sizeof (s.thinning));
  s.thinning[V] = v;
  s.thinning[A] = a;
  s.thinning[V2] = v2;
  return s;
}

GST_START_TEST (test_selection)
{
  WmAsfHeaderInfo info;
  WmnetSelection a, b;

  header_info (&info, TRUE);
  wmnet_selection_init_all (&a);
  fail_unless (a.all);
  b = selection (0, 0, 0);
  fail_if (wmnet_selection_equal (&a, &b));
  /* every described stream at level 0 is everything */
  wmnet_selection_normalize (&b, &info);
  fail_unless (b.all);
  fail_unless (wmnet_selection_equal (&a, &b));

  a = selection (0, 0, 2);
  b = selection (0, 0, 2);
  fail_unless (wmnet_selection_equal (&a, &b));
  b.thinning[V2] = 1;
  fail_if (wmnet_selection_equal (&a, &b));

  /* streams the header does not describe do not make a difference */
  a = selection (1, 0, 2);
  b = selection (1, 0, 2);
  b.thinning[77] = WMNET_THINNING_NONE;
  b.thinning[0] = 9;
  wmnet_selection_normalize (&a, &info);
  wmnet_selection_normalize (&b, &info);
  fail_if (a.all);
  fail_unless (wmnet_selection_equal (&a, &b));
  fail_unless_equals_int (b.thinning[V], 1);
  fail_unless_equals_int (b.thinning[77], WMNET_THINNING_ALL);

  /* a level out of range is "none" */
  a = selection (7, 0, 0);
  wmnet_selection_normalize (&a, &info);
  fail_if (a.all);
  fail_unless_equals_int (a.thinning[V], WMNET_THINNING_ALL);
}

GST_END_TEST;

static gboolean
kept_by (const WmnetSelection * sel, const PayloadSpec * p)
{
  switch (sel->thinning[p->stream]) {
    case WMNET_THINNING_NONE:
      return TRUE;
    case WMNET_THINNING_KEY_FRAMES:
      return p->key;
    default:
      return FALSE;
  }
}

/* Cuts @packet (built from @p) for @sel and checks the result against
 * what the payload specs say. */
static void
check_cut (const WmAsfHeaderInfo * info, const WmnetSelection * sel,
    const guint8 * packet, const PayloadSpec * p, guint n)
{
  guint8 *out = g_malloc (info->packet_size);
  WmAsfPacketLayout in, cut;
  WmAsfPacketInfo pi;
  gsize used;
  gboolean key, want_key = FALSE, video = FALSE, ok;
  guint i, k = 0, n_kept = 0;

  fail_unless (wmasf_packet_walk (info, packet, info->packet_size, &in));
  fail_unless_equals_int (in.n_payloads, n);
  for (i = 0; i < n; i++) {
    if (!kept_by (sel, &p[i]))
      continue;
    n_kept++;
    if (p[i].key && (p[i].offset == 0 || p[i].compressed)
        && (p[i].stream == V || p[i].stream == V2))
      want_key = TRUE;
  }
  for (i = 1; i <= WMNET_ASF_MAX_STREAM; i++) {
    if ((info->video_mask[i / 32] >> (i % 32)) & 1)
      video |= sel->thinning[i] != WMNET_THINNING_ALL;
  }

  ok = wmnet_asf_packet_cut (info, sel, packet, info->packet_size, out,
      &used, &key);
  fail_unless_equals_int (ok, n_kept > 0);
  if (!ok) {
    g_free (out);
    return;
  }
  fail_unless_equals_int (key, want_key || !video);

  /* a valid packet of the header's size, padding after @used */
  fail_unless (wmasf_packet_parse (info, out, info->packet_size, &pi));
  fail_unless (wmasf_packet_walk (info, out, info->packet_size, &cut));
  fail_unless_equals_int (cut.end, used);
  for (i = used; i < info->packet_size && out[i] == 0; i++);
  fail_unless_equals_int (i, info->packet_size);
  fail_unless_equals_int (cut.send_time_ms, in.send_time_ms);
  fail_unless_equals_int (cut.duration_ms, in.duration_ms);
  fail_unless_equals_int (cut.n_payloads, n_kept);
  if (n_kept == n)
    fail_unless (memcmp (out, packet, info->packet_size) == 0);

  /* exactly the kept payloads, in their order, bytes unchanged */
  for (i = 0; i < n; i++) {
    const WmAsfPayload *a = &in.payloads[i], *b;

    if (!kept_by (sel, &p[i]))
      continue;
    b = &cut.payloads[k++];
    fail_unless_equals_int (b->stream, p[i].stream);
    fail_unless_equals_int (b->key, p[i].key);
    fail_unless_equals_int (b->compressed, p[i].compressed);
    fail_unless_equals_int (b->object_number, a->object_number);
    fail_unless_equals_int (b->offset, a->offset);
    fail_unless_equals_int (b->data_length, p[i].len);
    fail_unless_equals_int (b->replicated_length, a->replicated_length);
    fail_unless (memcmp (out + b->replicated_offset,
            packet + a->replicated_offset, a->replicated_length) == 0);
    fail_unless (memcmp (out + b->data_offset, packet + a->data_offset,
            a->data_length) == 0);
  }
  g_free (out);
}

/* every selection of the three streams at every level */
static void
check_all_selections (const WmAsfHeaderInfo * info, const guint8 * packet,
    const PayloadSpec * p, guint n)
{
  guint v, a, v2;

  for (v = 0; v <= 2; v++)
    for (a = 0; a <= 2; a++)
      for (v2 = 0; v2 <= 2; v2++) {
        WmnetSelection sel = selection (v, a, v2);

        check_cut (info, &sel, packet, p, n);
      }
}

GST_START_TEST (test_cut_layouts)
{
  WmAsfHeaderInfo info, audio_only;
  guint ecc, multiple, len_type, pad_type, plen_type, seq_type, prop, layouts =
      0;

  header_info (&info, TRUE);
  header_info (&audio_only, FALSE);

  for (ecc = 0; ecc <= 1; ecc++)
    for (multiple = 0; multiple <= 1; multiple++)
      for (len_type = 1; len_type <= 3; len_type++)
        for (pad_type = 0; pad_type <= 3; pad_type++)
          for (plen_type = 0; plen_type <= 3; plen_type += 2)
            for (seq_type = 0; seq_type <= 1; seq_type++)
              for (prop = 0; prop <= 1; prop++) {
                PacketSpec s = default_packet_spec (info.packet_size);
                /* audio key, video key start, a compressed video key,
                 * video delta, the middle of a V2 key frame, V2 delta */
                PayloadSpec p[6] = {
                  {A, TRUE, 0, 40, FALSE},
                  {V, TRUE, 0, 100, FALSE},
                  {V, TRUE, 0, 33, TRUE},
                  {V, FALSE, 0, 30, FALSE},
                  {V2, TRUE, 700, 20, FALSE},
                  {V2, FALSE, 0, 50, FALSE},
                };
                guint n = multiple ? 6 : 1, first;
                GByteArray *b;

                if (!multiple && len_type > 1)
                  continue;
                s.ecc = ecc;
                s.multiple = multiple;
                s.payload_length_type = len_type;
                s.padding_type = pad_type;
                s.packet_length_type = plen_type;
                s.sequence_type = seq_type;
                s.salt = 3 + len_type;
                if (prop) {
                  /* the widest and the narrowest field types */
                  s.object_number_type = 3;
                  s.offset_type = 2;
                  s.replicated_length_type = 3;
                }
                for (first = 0; first < (multiple ? 1 : 6); first++) {
                  /* a compressed payload cannot grow to fill a packet
                   * without padding */
                  if (!multiple && pad_type == 0 && p[first].compressed)
                    continue;
                  /* single payload: each kind in turn, long enough for
                   * a BYTE padding length */
                  if (!multiple) {
                    p[0] = p[first];
                    p[0].len = p[0].compressed ? 242 : 300;
                  }
                  b = g_byte_array_new ();
                  fail_unless (build_packet_full (b, &s, p, n, 1000 + first),
                      "layout %u %u %u %u %u %u %u", ecc, multiple, len_type,
                      pad_type, plen_type, seq_type, prop);
                  check_all_selections (&info, b->data, p, n);
                  check_all_selections (&audio_only, b->data, p, n);
                  g_byte_array_unref (b);
                  layouts++;
                }
              }
  GST_INFO ("%u layouts", layouts);
}

GST_END_TEST;

/* build_stream()'s packets, video at thinning 1: exactly the packets with
 * key-frame payloads are kept, those starting a key frame are key */
GST_START_TEST (test_cut_stream)
{
  HeaderSpec h = default_spec ();
  WmAsfHeaderInfo info;
  WmnetSelection key_frames = selection (1, 0, 2), audio = selection (2, 0, 2);
  gboolean *keys;
  GByteArray *a = build_stream (&h, 64, &keys);
  guint8 *out = g_malloc (h.packet_size);
  guint i, n_key = 0;
  gsize used;
  gboolean key;

  fail_unless (wmasf_header_parse (a->data, a->len, &info, NULL));
  for (i = 0; i < 64; i++) {
    const guint8 *pk = a->data + info.header_size + 50 + i * h.packet_size;
    WmAsfPacketLayout l;

    WmAsfPacketLayout o;

    fail_unless (wmasf_packet_walk (&info, pk, h.packet_size, &l));
    fail_unless (wmnet_asf_packet_cut (&info, &key_frames, pk, h.packet_size,
            out, &used, &key));
    fail_unless_equals_int (key, keys[i]);
    n_key += key;
    /* audio is always kept; video only when its payload is a key frame */
    fail_unless (wmasf_packet_walk (&info, out, h.packet_size, &o));
    fail_unless_equals_int (o.n_payloads, 1 + (l.payloads[1].key ? 1 : 0));

    /* audio only: every packet is key, 40 bytes of audio each */
    fail_unless (wmnet_asf_packet_cut (&info, &audio, pk, h.packet_size,
            out, &used, &key));
    fail_unless (key);
    fail_unless (wmasf_packet_walk (&info, out, h.packet_size, &l));
    fail_unless_equals_int (l.n_payloads, 1);
    fail_unless_equals_int (l.payloads[0].stream, A);
    fail_unless_equals_int (l.payloads[0].data_length, 40);
  }
  fail_unless (n_key > 0);
  /* a selection of "all" passes the packet as it is */
  wmnet_selection_init_all (&audio);
  fail_unless (wmnet_asf_packet_cut (&info, &audio, a->data +
          info.header_size + 50, h.packet_size, out, &used, &key));
  fail_unless (memcmp (out, a->data + info.header_size + 50,
          h.packet_size) == 0);
  fail_unless (key);
  /* a packet of another size than the header's */
  fail_if (wmnet_asf_packet_cut (&info, &key_frames, a->data +
          info.header_size + 50, h.packet_size - 1, out, &used, &key));
  g_free (keys);
  g_free (out);
  g_byte_array_unref (a);
}

GST_END_TEST;

static guint
cycles (guint normal)
{
  /* the valgrind setup sets WMNET_TEST_CYCLES */
  return g_getenv ("WMNET_TEST_CYCLES") ? normal / 10 : normal;
}

/* A cut packet must parse. Returns whether there was one. */
static gboolean
check_fuzzed (const WmAsfHeaderInfo * info, const WmnetSelection * sel,
    const guint8 * packet, gsize size, guint8 * out)
{
  gsize used = 12345;
  gboolean key;

  if (wmnet_asf_packet_cut (info, sel, packet, size, out, &used, &key)) {
    WmAsfPacketInfo pi;

    fail_unless (wmasf_packet_parse (info, out, info->packet_size, &pi));
    fail_unless (used <= info->packet_size);
    return TRUE;
  }
  fail_unless_equals_int (used, 0);
  return FALSE;
}

GST_START_TEST (test_cut_fuzz)
{
  WmAsfHeaderInfo info;
  GRand *rand = g_rand_new_with_seed (14);
  WmnetSelection sels[4];
  GByteArray *good = g_byte_array_new ();
  PacketSpec s;
  PayloadSpec p[3] = {
    {A, TRUE, 0, 40, FALSE},
    {V, TRUE, 0, 100, FALSE},
    {V2, TRUE, 0, 33, TRUE},
  };
  guint8 *out;
  guint i, j, n = cycles (20000), n_cut = 0;

  header_info (&info, TRUE);
  out = g_malloc (info.packet_size);
  sels[0] = selection (0, 0, 2);
  sels[1] = selection (1, 2, 0);
  sels[2] = selection (2, 0, 2);
  sels[3] = selection (1, 1, 1);
  s = default_packet_spec (info.packet_size);
  fail_unless (build_packet_full (good, &s, p, 3, 500));

  for (i = 0; i < n; i++) {
    /* each in a block of its own size, so that valgrind sees any read
     * past it */
    guint8 *pk = g_malloc (info.packet_size);
    const WmnetSelection *sel = &sels[i % 4];
    WmAsfPacketInfo pi;

    switch (i % 3) {
      case 0:                  /* random bytes, most of them refused */
        for (j = 0; j < info.packet_size; j++)
          pk[j] = g_rand_int (rand);
        break;
      case 1:                  /* a valid packet with bits flipped */
        memcpy (pk, good->data, info.packet_size);
        for (j = g_rand_int_range (rand, 1, 4); j > 0; j--) {
          /* mostly in the headers, where it matters */
          guint at = g_rand_int_range (rand, 0, g_rand_boolean (rand) ?
              80 : info.packet_size);

          pk[at] ^= 1 << g_rand_int_range (rand, 0, 8);
        }
        break;
      default:{                /* truncated: walk and parse stop in it */
        guint len = g_rand_int_range (rand, 0, info.packet_size);
        guint8 *t = g_malloc (MAX (len, 1));
        WmAsfPacketLayout l;

        memcpy (t, good->data, len);
        wmasf_packet_walk (&info, t, len, &l);
        wmasf_packet_parse (&info, t, len, &pi);
        check_fuzzed (&info, sel, t, len, out);
        g_free (t);
        memcpy (pk, good->data, info.packet_size);
        break;
      }
    }
    n_cut += check_fuzzed (&info, sel, pk, info.packet_size, out);
    g_free (pk);
  }
  /* the flipped and truncated ones are mostly cut still */
  GST_INFO ("%u of %u cut", n_cut, n);
  fail_unless (n_cut > n / 3);
  g_free (out);
  g_byte_array_unref (good);
  g_rand_free (rand);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetasfcut, 0,
    WMNET_TEST (test_selection),
    WMNET_TEST (test_cut_layouts),
    WMNET_TEST (test_cut_stream), WMNET_TEST (test_cut_fuzz));
