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

/* Unit tests of the views (wmnetview.h): one view per distinct selection,
 * shared by its clients and dropped with the last; a view seeded from the
 * main ring and fed after; every cut packet, padded back to the packet
 * size, parses, holds only the streams selected (key frames only for a
 * thinned one), and comes from a main packet in order; the bound on views;
 * padding left out of a $D only where the payload count bounds the
 * payloads; a client moving between the main stream and a view at the
 * first key packet at or after where it was, without a gap or a repeat. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetview.h"
#include "wmnetclient.h"
#include "libs/wmnetasfbuild.h"
#include "wmnettestsuite.h"

#define N_PACKETS 48

typedef struct
{
  WmnetStream main;
  WmnetViews views;
  GByteArray *asf;
  gboolean *keys;               /* per packet: starts a video key frame */
  gsize header_len;
  WmAsfHeaderInfo info;
  guint pushed;
} Fixture;

static void
fixture_init (Fixture * f, guint max)
{
  HeaderSpec h = default_spec ();

  memset (f, 0, sizeof (*f));
  wmnet_stream_init (&f->main);
  wmnet_views_init (&f->views, max);
  f->asf = build_stream (&h, 2 * N_PACKETS, &f->keys);
  fail_unless (wmasf_header_parse (f->asf->data, f->asf->len, &f->info, NULL));
  f->header_len = f->info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;
  fail_unless_equals_int (wmnet_stream_set_header (&f->main,
          gst_buffer_new_memdup (f->asf->data, f->header_len)),
      WMNET_STREAM_HEADER_NEW);
  wmnet_views_set_header (&f->views, &f->main);
  fail_unless (f->views.have_info);
}

/* Packet @i of the stream, as the server's feed pushes it. */
static void
push (Fixture * f, guint n)
{
  guint end = f->pushed + n;

  for (; f->pushed < end; f->pushed++) {
    GstBuffer *b = gst_buffer_new_memdup (f->asf->data + f->header_len +
        f->pushed * f->info.packet_size, f->info.packet_size);

    GST_BUFFER_PTS (b) = f->pushed * 100 * GST_MSECOND;
    if (!f->keys[f->pushed])
      GST_BUFFER_FLAG_SET (b, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless (wmnet_stream_push (&f->main, b));
    wmnet_views_push (&f->views, wmnet_ring_get (&f->main.ring,
            f->main.ring.next_seq - 1));
  }
}

static void
fixture_clear (Fixture * f)
{
  wmnet_views_clear (&f->views);
  g_ptr_array_unref (f->views.views);
  wmnet_stream_clear (&f->main);
  g_byte_array_unref (f->asf);
  g_free (f->keys);
}

static WmnetSelection
selection (guint video, guint audio)
{
  WmnetSelection s;

  memset (&s, 0, sizeof (s));
  memset (s.thinning, WMNET_THINNING_ALL, sizeof (s.thinning));
  s.thinning[V] = video;
  s.thinning[A] = audio;
  return s;
}

/* Every packet of @v: padded back to the packet size, as a player pads a
 * short $D, it parses; its payloads are of the streams selected; it comes
 * from main packets in order. Returns how many. */
static guint
check_view (Fixture * f, WmnetView * v)
{
  WmnetRing *r = &v->stream.ring;
  guint8 *p = g_malloc (f->info.packet_size);
  guint64 s, last_src = 0;
  guint n = 0;

  for (s = r->first_seq; s < r->next_seq; s++) {
    WmnetChunk *c = wmnet_ring_get (r, s);
    WmAsfPacketInfo pi;

    if (c->kind != WMNET_CHUNK_PACKET)
      continue;
    fail_unless (c->map.size <= f->info.packet_size);
    memset (p, 0, f->info.packet_size);
    memcpy (p, c->map.data, c->map.size);
    fail_unless (wmasf_packet_parse (&f->info, p, f->info.packet_size,
            &pi), "view packet %" G_GUINT64_FORMAT " does not parse", s);
    if (n > 0)
      fail_unless (c->src_seq > last_src);
    last_src = c->src_seq;
    n++;
  }
  g_free (p);
  return n;
}

/* The stream numbers of the payloads of @c, as a bit mask. */
static guint
streams_of (Fixture * f, WmnetChunk * c)
{
  guint8 *p = g_malloc0 (f->info.packet_size);
  WmAsfPacketLayout l;
  guint i, mask = 0;

  memcpy (p, c->map.data, c->map.size);
  fail_unless (wmasf_packet_walk (&f->info, p, f->info.packet_size, &l));
  for (i = 0; i < l.n_payloads; i++)
    mask |= 1u << l.payloads[i].stream;
  g_free (p);
  return mask;
}

GST_START_TEST (test_shared)
{
  Fixture f;
  WmnetSelection all, every, audio = selection (2, 0), audio2 = audio;
  WmnetView *v, *v2;
  gboolean limited;
  guint64 s;

  fixture_init (&f, WMNET_VIEWS_MAX);
  push (&f, N_PACKETS);

  /* all, or every stream at level 0: the main stream itself */
  wmnet_selection_init_all (&all);
  fail_unless (wmnet_views_acquire (&f.views, &f.main, &all, &limited) == NULL);
  every = selection (0, 0);
  fail_unless (wmnet_views_acquire (&f.views, &f.main, &every, &limited) ==
      NULL);
  fail_unless (every.all);
  fail_if (limited);
  fail_unless_equals_int (f.views.views->len, 0);

  /* audio only: one view for both clients */
  v = wmnet_views_acquire (&f.views, &f.main, &audio, &limited);
  v2 = wmnet_views_acquire (&f.views, &f.main, &audio2, &limited);
  fail_unless (v != NULL && v == v2);
  fail_unless_equals_int (v->readers, 2);
  fail_unless_equals_int (f.views.views->len, 1);

  /* seeded: one cut packet per main packet (each holds audio), all of
   * them key (no video selected) */
  fail_unless_equals_int (check_view (&f, v), N_PACKETS);
  push (&f, N_PACKETS);
  fail_unless_equals_int (check_view (&f, v), 2 * N_PACKETS);
  for (s = v->stream.ring.first_seq; s < v->stream.ring.next_seq; s++) {
    WmnetChunk *c = wmnet_ring_get (&v->stream.ring, s);

    fail_unless (c->key);
    fail_unless_equals_int (streams_of (&f, c), 1u << A);
    /* the padding of the video's share is not sent */
    fail_unless (c->map.size < f.info.packet_size / 2);
  }

  wmnet_views_release (&f.views, v);
  fail_unless_equals_int (f.views.views->len, 1);
  wmnet_views_release (&f.views, v2);
  fail_unless_equals_int (f.views.views->len, 0);
  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_thinning)
{
  Fixture f;
  WmnetSelection key_video = selection (1, 2);
  WmnetView *v;
  gboolean limited;
  guint64 s;
  guint n;

  fixture_init (&f, WMNET_VIEWS_MAX);
  push (&f, N_PACKETS);
  v = wmnet_views_acquire (&f.views, &f.main, &key_video, &limited);
  fail_unless (v != NULL);
  push (&f, N_PACKETS);
  n = check_view (&f, v);
  /* key frames only: far fewer packets than the stream, each of video,
   * each from a packet holding (part of) a key frame */
  fail_unless (n > 0 && n < N_PACKETS);
  for (s = v->stream.ring.first_seq; s < v->stream.ring.next_seq; s++) {
    WmnetChunk *c = wmnet_ring_get (&v->stream.ring, s);
    guint64 src = c->src_seq;

    fail_unless_equals_int (streams_of (&f, c), 1u << V);
    fail_unless (f.keys[src] || (src > 0 && f.keys[src - 1]));
    /* the cut says key where the key frame starts */
    fail_unless_equals_int (c->key, f.keys[src]);
  }
  wmnet_views_release (&f.views, v);
  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_limit)
{
  Fixture f;
  WmnetSelection a = selection (2, 0), b = selection (0, 2),
      c = selection (1, 0);
  WmnetView *va, *vb;
  gboolean limited;

  fixture_init (&f, 2);
  push (&f, 8);
  va = wmnet_views_acquire (&f.views, &f.main, &a, &limited);
  vb = wmnet_views_acquire (&f.views, &f.main, &b, &limited);
  fail_unless (va && vb && va != vb);
  fail_if (limited);
  /* one selection too many: the main stream */
  fail_unless (wmnet_views_acquire (&f.views, &f.main, &c, &limited) == NULL);
  fail_unless (limited);
  wmnet_views_release (&f.views, va);
  /* room again */
  va = wmnet_views_acquire (&f.views, &f.main, &c, &limited);
  fail_unless (va != NULL);
  fail_if (limited);
  wmnet_views_release (&f.views, va);
  wmnet_views_release (&f.views, vb);
  fixture_clear (&f);
}

GST_END_TEST;

/* A view's clients are written every "every" windows: the main stream's
 * byte rate over the view's, rounded up, bounded; 1 until both are known. */
GST_START_TEST (test_cadence)
{
  Fixture f;
  WmnetSelection audio = selection (WMNET_THINNING_ALL, 0);
  WmnetView *v;
  gboolean limited;
  guint64 main_rate, rate, expect;

  fixture_init (&f, WMNET_VIEWS_MAX);
  push (&f, 1);
  v = wmnet_views_acquire (&f.views, &f.main, &audio, &limited);
  fail_unless (v != NULL);
  fail_unless_equals_int (v->every, 1);
  /* one packet: no rate yet */
  wmnet_views_set_cadence (&f.views, &f.main, 8);
  fail_unless_equals_int (v->every, 1);

  push (&f, N_PACKETS);
  main_rate = wmnet_ring_byte_rate (&f.main.ring);
  rate = wmnet_ring_byte_rate (&v->stream.ring);
  fail_unless (main_rate > 0 && rate > 0);
  /* audio alone is a small part of the stream */
  fail_unless (rate * 2 < main_rate, "%" G_GUINT64_FORMAT " of %"
      G_GUINT64_FORMAT " bytes/s", rate, main_rate);
  expect = (main_rate + rate - 1) / rate;
  wmnet_views_set_cadence (&f.views, &f.main, 100);
  fail_unless_equals_int (v->every, expect);
  wmnet_views_set_cadence (&f.views, &f.main, 2);
  fail_unless_equals_int (v->every, 2);
  /* coalesce-time longer than the bound: every window */
  wmnet_views_set_cadence (&f.views, &f.main, 0);
  fail_unless_equals_int (v->every, 1);
  wmnet_views_release (&f.views, v);
  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_strip_padding)
{
  GByteArray *a = g_byte_array_new ();
  PayloadSpec audio[2] = { {A, TRUE, 0, 20, FALSE}, {A, TRUE, 20, 20, FALSE}
  };
  HeaderSpec h = default_spec ();
  WmAsfHeaderInfo info;
  WmAsfPacketInfo pi;
  GByteArray *hdr = build_header (&h);
  /* ECC, flags, padding WORD, send time, duration, payload flags; two
   * payloads of 17-byte headers */
  gsize used = 3 + 2 + 2 + 4 + 2 + 1 + 2 * (17 + 20);

  fail_unless (wmasf_header_parse (hdr->data, hdr->len, &info, NULL));
  /* multiple payloads (the wmasfmux layout): cut after the payloads */
  build_packet (a, 512, audio, 2, 0, TRUE);
  fail_unless (wmasf_packet_parse (&info, a->data, 512, &pi));
  fail_unless_equals_int (wmnet_asf_packet_strip_padding (a->data, 512,
          used), used);
  /* padded back with zeroes it is the same packet */
  memset (a->data + used, 0, 512 - used);
  fail_unless (wmasf_packet_parse (&info, a->data, 512, &pi));
  fail_unless_equals_int (pi.n_payloads, 2);
  /* nothing to leave out */
  fail_unless_equals_int (wmnet_asf_packet_strip_padding (a->data, 512,
          512), 512);
  /* a single payload runs to the padding: left whole */
  g_byte_array_set_size (a, 0);
  build_packet (a, 512, audio, 1, 0, TRUE);
  fail_unless_equals_int (wmnet_asf_packet_strip_padding (a->data, 512,
          14 + 17 + 20), 512);
  g_byte_array_unref (a);
  g_byte_array_unref (hdr);
}

GST_END_TEST;

/* Gathers and consumes all @c may be sent; the src seqs of its packets
 * go to @srcs, and the stream each came from to @from. */
static void
drain (WmnetClient * c, GArray * srcs, GPtrArray * from)
{
  WmnetItem items[16];
  guint n, i;

  while ((n = wmnet_client_gather (c, items, G_N_ELEMENTS (items))) > 0) {
    gsize total = 0;

    for (i = 0; i < n; i++) {
      total += items[i].frame_len + items[i].size;
      if (items[i].kind == WMNET_ITEM_PACKET) {
        g_array_append_val (srcs, items[i].chunk->src_seq);
        g_ptr_array_add (from, c->stream);
      }
    }
    wmnet_client_consume (c, items, n, total);
  }
}

GST_START_TEST (test_client_switch)
{
  Fixture f;
  WmnetSelection audio = selection (2, 0);
  GMutex lock;
  WmnetClient *c;
  WmnetView *v;
  GArray *srcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GPtrArray *from = g_ptr_array_new ();
  gboolean limited;
  guint64 key = 0, pos;
  guint i;

  fixture_init (&f, WMNET_VIEWS_MAX);
  g_mutex_init (&lock);
  push (&f, 10);
  v = wmnet_views_acquire (&f.views, &f.main, &audio, &limited);

  /* a client on the audio view, caught up after its header */
  c = wmnet_client_new (&v->stream, &lock);
  c->wmsp = TRUE;
  c->need_header = FALSE;
  c->header_seq = v->stream.header->seq;
  c->next_seq = v->stream.ring.next_seq;

  /* it selects everything: the main stream from its next key packet */
  pos = wmnet_client_src_position (c, f.main.ring.next_seq);
  fail_unless_equals_int (pos, 10);
  wmnet_client_switch_streams (c, &f.main, pos);
  push (&f, 3 * 8 * 2);
  drain (c, srcs, from);
  fail_unless (c->switched);
  fail_unless (c->stream == &f.main);
  fail_unless (c->next_stream == NULL);
  for (i = 10; i < f.pushed; i++)
    if (f.keys[i]) {
      key = i;
      break;
    }
  fail_unless (key > 10);
  /* every source packet once, in order: audio cuts before the key
   * packet, whole packets from it on */
  fail_unless_equals_int (srcs->len, f.pushed - 10);
  for (i = 0; i < srcs->len; i++) {
    guint64 src = g_array_index (srcs, guint64, i);

    fail_unless_equals_int (src, 10 + i);
    fail_unless (g_ptr_array_index (from, i) ==
        (src < key ? &v->stream : &f.main));
  }

  /* and back to audio only: at once (every audio packet is key) */
  c->switched = FALSE;
  g_array_set_size (srcs, 0);
  g_ptr_array_set_size (from, 0);
  wmnet_client_switch_streams (c, &v->stream,
      wmnet_client_src_position (c, f.main.ring.next_seq));
  push (&f, 4);
  drain (c, srcs, from);
  fail_unless (c->switched && c->stream == &v->stream);
  fail_unless_equals_int (srcs->len, 4);
  for (i = 0; i < 4; i++)
    fail_unless (g_ptr_array_index (from, i) == &v->stream);

  wmnet_client_free (c);
  wmnet_views_release (&f.views, v);
  g_array_unref (srcs);
  g_ptr_array_unref (from);
  g_mutex_clear (&lock);
  fixture_clear (&f);
}

GST_END_TEST;

/* A header change between a SelectStream and the switch: the client is
 * sent the change once, from whichever stream it reads when it comes, and
 * then the new header's packets. */
GST_START_TEST (test_switch_header_change)
{
  Fixture f;
  WmnetSelection audio = selection (2, 0);
  HeaderSpec h2 = default_spec ();
  GByteArray *hdr2;
  GMutex lock;
  WmnetClient *c;
  WmnetView *v;
  WmnetItem items[64];
  gboolean limited;
  guint n, i, changes = 0, packets = 0;
  guint64 change_src;

  fixture_init (&f, WMNET_VIEWS_MAX);
  g_mutex_init (&lock);
  push (&f, 10);
  v = wmnet_views_acquire (&f.views, &f.main, &audio, &limited);
  c = wmnet_client_new (&f.main, &lock);
  c->wmsp = TRUE;
  c->need_header = FALSE;
  c->header_seq = f.main.header->src_seq;
  c->next_seq = f.main.ring.next_seq;
  wmnet_client_switch_streams (c, &v->stream,
      wmnet_client_src_position (c, f.main.ring.next_seq));

  /* a new header (another File ID), then packets */
  h2.file_id = 7;
  hdr2 = build_header (&h2);
  change_src = f.main.ring.next_seq;
  fail_unless_equals_int (wmnet_stream_set_header (&f.main,
          gst_buffer_new_memdup (hdr2->data, hdr2->len)),
      WMNET_STREAM_HEADER_NEW);
  wmnet_views_set_header (&f.views, &f.main);
  fail_unless (v->stream.header_change != NULL);
  fail_unless_equals_int (v->stream.header->src_seq, change_src);
  push (&f, 6);

  while ((n = wmnet_client_gather (c, items, G_N_ELEMENTS (items))) > 0) {
    gsize total = 0;

    for (i = 0; i < n; i++) {
      total += items[i].frame_len + items[i].size;
      if (items[i].kind == WMNET_ITEM_HEADER) {
        fail_unless (items[i].chunk->kind == WMNET_CHUNK_HEADER_CHANGE);
        fail_unless_equals_int (packets, 0);
        changes++;
      } else if (items[i].kind == WMNET_ITEM_PACKET) {
        fail_unless (items[i].chunk->src_seq > change_src);
        fail_unless_equals_int (items[i].chunk->header_seq, change_src);
        /* the new header's packets come from the view */
        fail_unless (c->stream == &v->stream);
        packets++;
      }
    }
    wmnet_client_consume (c, items, n, total);
  }
  fail_unless (c->switched && c->stream == &v->stream);
  fail_unless_equals_int (changes, 1);
  fail_unless_equals_int (packets, 6);

  wmnet_client_free (c);
  wmnet_views_release (&f.views, v);
  g_byte_array_unref (hdr2);
  g_mutex_clear (&lock);
  fixture_clear (&f);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetview, 0,
    WMNET_TEST (test_shared),
    WMNET_TEST (test_thinning),
    WMNET_TEST (test_limit),
    WMNET_TEST (test_cadence),
    WMNET_TEST (test_strip_padding),
    WMNET_TEST (test_client_switch), WMNET_TEST (test_switch_header_change));
