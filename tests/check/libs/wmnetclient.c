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

/* Unit tests of the client writer, on loopback TCP pairs and a ring filled
 * by hand: a stream written across partial writes arrives byte for byte;
 * a client that skipped past a header change is sent the change (WMSP) or
 * its end (plain HTTP); a position the ring evicted is repaired and counted;
 * a stalled peer is reported as CLOSE(slow), and nothing is closed; a
 * joiner's first write is its header and first key packet, then it writes
 * in turns (a coalesce window at once). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "wmnetclient.h"
#include "wmnettestsocket.h"
#include "wmnettestsuite.h"

#define PACKET_SIZE 3000

typedef struct
{
  WmnetStream stream;
  GMutex lock;
  GSocket *ours, *peer;
  WmnetClient *client;
} Fixture;

static GstBuffer *
make_buffer (gsize size, guint8 fill, GstClockTime pts, gboolean key)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);

  gst_buffer_memset (buf, 0, fill, size);
  GST_BUFFER_PTS (buf) = pts;
  if (!key)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return buf;
}

/* A new header, as the server sets one: a change in the ring when it
 * replaces another. */
static void
set_header (WmnetStream * st, guint8 fill)
{
  GstBuffer *buf = make_buffer (500, fill, GST_CLOCK_TIME_NONE, TRUE);
  WmnetChunk *h = wmnet_chunk_new (WMNET_CHUNK_HEADER, buf,
      st->ring.next_seq, st->ring.next_seq);

  fail_unless (h != NULL);
  if (st->header) {
    WmnetChunk *change = wmnet_chunk_new (WMNET_CHUNK_HEADER_CHANGE,
        gst_buffer_ref (buf), h->seq, h->seq);

    g_clear_pointer (&st->header_change, wmnet_chunk_unref);
    st->header_change = wmnet_chunk_ref (change);
    wmnet_ring_push (&st->ring, change);
    wmnet_chunk_unref (st->header);
  }
  st->header = h;
}

static WmnetChunk *
push_packet (WmnetStream * st, guint i, gboolean key)
{
  WmnetChunk *c = wmnet_chunk_new (WMNET_CHUNK_PACKET,
      make_buffer (PACKET_SIZE, i & 0xff, i * 10 * GST_MSECOND, key),
      st->ring.next_seq, st->header->seq);

  fail_unless (c != NULL);
  wmnet_ring_push (&st->ring, c);
  return c;
}

/* A connected loopback pair, @ours non-blocking with small buffers. */
static void
tcp_pair (GSocket ** ours, GSocket ** peer)
{
  guint port;
  GSocket *listener = wmnet_test_listen_loopback (&port);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *bound = g_inet_socket_address_new (lo, port);

  *peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  g_socket_set_option (*peer, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  fail_unless (g_socket_connect (*peer, bound, NULL, NULL));
  *ours = g_socket_accept (listener, NULL, NULL);
  fail_unless (*ours != NULL);
  g_socket_set_blocking (*ours, FALSE);
  g_socket_set_blocking (*peer, FALSE);
  g_socket_set_option (*ours, SOL_SOCKET, SO_SNDBUF, 4096, NULL);
  g_object_unref (bound);
  g_object_unref (listener);
  g_object_unref (lo);
}

static void
fixture_init (Fixture * f, gboolean wmsp)
{
  memset (f, 0, sizeof (*f));
  wmnet_stream_init (&f->stream);
  g_mutex_init (&f->lock);
  tcp_pair (&f->ours, &f->peer);
  f->client = wmnet_client_new (&f->stream, &f->lock);
  f->client->socket = g_object_ref (f->ours);
  f->client->wmsp = wmsp;
  f->client->address = g_strdup ("127.0.0.1");
  f->client->last_progress = g_get_monotonic_time ();
}

static void
fixture_clear (Fixture * f)
{
  /* the client closed nothing */
  fail_if (g_socket_is_closed (f->ours));
  fail_if (f->client->closed);
  wmnet_client_free (f->client);
  g_object_unref (f->ours);
  g_object_unref (f->peer);
  wmnet_stream_clear (&f->stream);
  g_mutex_clear (&f->lock);
}

static void
append_chunk (GByteArray * out, WmnetChunk * c, gboolean wmsp)
{
  if (wmsp)
    g_byte_array_append (out, c->frame, c->frame_len);
  g_byte_array_append (out, c->map.data, c->map.size);
}

static gsize
peer_read (GSocket * peer, GByteArray * out)
{
  guint8 buf[65536];
  gssize n;
  gsize total = 0;

  while ((n = g_socket_receive (peer, (gchar *) buf, sizeof (buf), NULL,
              NULL)) > 0) {
    g_byte_array_append (out, buf, n);
    total += n;
  }
  return total;
}

/* 40 packets through a socket that takes a few KiB at a time: items are cut
 * across writes, and arrive whole and in order. */
GST_START_TEST (test_partial_writes)
{
  Fixture f;
  GByteArray *want = g_byte_array_new (), *got = g_byte_array_new ();
  WmnetDisconnectReason reason;
  WmnetClientResult res;
  guint i, waits = 0, partial = 0, spins = 0, full = 0;

  fixture_init (&f, TRUE);
  set_header (&f.stream, 0xAA);
  append_chunk (want, f.stream.header, TRUE);
  for (i = 0; i < 40; i++)
    append_chunk (want, push_packet (&f.stream, i, i % 10 == 0), TRUE);
  f.client->next_seq = f.stream.ring.first_seq;

  for (;;) {
    res = wmnet_client_flush (f.client, &reason);
    fail_if (res == WMNET_CLIENT_CLOSE);
    if (f.client->has_cur)
      partial++;
    if (f.client->backlogged)
      full++;
    if (res == WMNET_CLIENT_OK && !f.client->want_out && !f.client->has_cur
        && f.client->next_seq == f.stream.ring.next_seq)
      break;
    if (res == WMNET_CLIENT_WAIT_WRITABLE) {
      fail_unless (f.client->want_out);
      waits++;
      /* OK, and nothing written, while it waits for output */
      fail_unless_equals_int (wmnet_client_flush (f.client, &reason),
          WMNET_CLIENT_OK);
    }
    if (peer_read (f.peer, got) == 0)
      g_socket_condition_timed_wait (f.peer, G_IO_IN, G_USEC_PER_SEC / 10,
          NULL, NULL);
    fail_unless (++spins < 10000);
    /* what the server does when the socket is writable again */
    f.client->want_out = FALSE;
  }
  peer_read (f.peer, got);
  fail_unless (waits > 0);
  fail_unless (partial > 0, "no item was cut across writes");
  /* backlogged (the stats' clients-backlogged) while the socket was full,
   * not once it took everything */
  fail_unless (full > 0);
  fail_if (f.client->backlogged);
  fail_unless_equals_int (got->len, want->len);
  fail_unless (memcmp (got->data, want->data, want->len) == 0);
  fail_unless_equals_uint64 (f.client->bytes_sent, want->len);
  fail_unless_equals_uint64 (f.client->packets_sent, 40);
  fail_unless_equals_uint64 (f.client->packets_dropped, 0);

  /* the end of stream goes out ($E(0)), and the server is asked to close */
  f.stream.eos = TRUE;
  fail_unless_equals_int (wmnet_client_flush (f.client, &reason),
      WMNET_CLIENT_CLOSE);
  fail_unless_equals_int (reason, WMNET_REASON_EOS);

  g_byte_array_unref (want);
  g_byte_array_unref (got);
  fixture_clear (&f);
}

GST_END_TEST;

/* A joiner's first writev carries its header and first key packet only;
 * then it writes about WMNET_CLIENT_TURN_BYTES a turn, and a window flush
 * takes up to WMNET_CLIENT_WINDOW_BYTES; the bytes arrive in order. */
GST_START_TEST (test_first_write_and_turns)
{
  Fixture f;
  GByteArray *want = g_byte_array_new (), *got = g_byte_array_new ();
  WmnetDisconnectReason reason;
  gsize first, item = PACKET_SIZE + WMSP_DATA_FRAME_SIZE;
  guint64 before;
  guint i;

  fixture_init (&f, TRUE);
  /* room for the whole stream: the turns end it, not the socket */
  g_socket_set_option (f.ours, SOL_SOCKET, SO_SNDBUF, 1024 * 1024, NULL);
  g_socket_set_option (f.peer, SOL_SOCKET, SO_RCVBUF, 1024 * 1024, NULL);
  set_header (&f.stream, 0xAA);
  append_chunk (want, f.stream.header, TRUE);
  for (i = 0; i < 60; i++)
    append_chunk (want, push_packet (&f.stream, i, i == 0), TRUE);
  f.client->next_seq = f.stream.ring.first_seq;

  fail_unless_equals_int (wmnet_client_flush (f.client, &reason),
      WMNET_CLIENT_WAIT_WRITABLE);
  first = f.stream.header->frame_len + f.stream.header->map.size + item;
  fail_unless_equals_uint64 (f.client->bytes_sent, first);
  fail_unless_equals_uint64 (f.client->packets_sent, 1);
  fail_if (f.client->need_header);
  fail_if (f.client->has_cur);

  /* its next turn: about 64 KiB, whole items */
  f.client->want_out = FALSE;
  fail_unless_equals_int (wmnet_client_flush (f.client, &reason),
      WMNET_CLIENT_WAIT_WRITABLE);
  before = f.client->bytes_sent - first;
  fail_unless (before >= WMNET_CLIENT_TURN_BYTES);
  fail_unless (before < WMNET_CLIENT_TURN_BYTES + item);
  peer_read (f.peer, got);

  /* a window flush takes the rest at once */
  f.client->want_out = FALSE;
  fail_unless_equals_int (wmnet_client_flush_turn (f.client,
          WMNET_CLIENT_WINDOW_BYTES, &reason), WMNET_CLIENT_OK);
  fail_unless_equals_uint64 (f.client->next_seq, f.stream.ring.next_seq);
  fail_unless_equals_uint64 (f.client->packets_sent, 60);
  for (i = 0; i < 1000 && got->len < want->len; i++) {
    if (peer_read (f.peer, got) == 0)
      g_socket_condition_timed_wait (f.peer, G_IO_IN, G_USEC_PER_SEC / 10,
          NULL, NULL);
  }
  fail_unless_equals_int (got->len, want->len);
  fail_unless (memcmp (got->data, want->data, want->len) == 0);

  g_byte_array_unref (want);
  g_byte_array_unref (got);
  fixture_clear (&f);
}

GST_END_TEST;

/* A client still on the first header whose position is past the change to
 * the second (it skipped there): it is sent the change, then waits for a
 * key packet of the new header. */
GST_START_TEST (test_skipped_header_change)
{
  Fixture f;
  WmnetItem items[16];
  WmnetChunk *p6;
  guint64 first_header;
  guint n;

  fixture_init (&f, TRUE);
  set_header (&f.stream, 0xAA);
  first_header = f.stream.header->seq;
  push_packet (&f.stream, 1, TRUE);
  push_packet (&f.stream, 2, FALSE);
  push_packet (&f.stream, 3, FALSE);
  set_header (&f.stream, 0xBB);
  push_packet (&f.stream, 4, TRUE);
  push_packet (&f.stream, 5, FALSE);
  p6 = push_packet (&f.stream, 6, TRUE);

  f.client->need_header = FALSE;
  f.client->header_seq = first_header;
  f.client->next_seq = p6->seq - 1;     /* packet 5, past the change */

  n = wmnet_client_gather (f.client, items, G_N_ELEMENTS (items));
  fail_unless_equals_int (n, 2);
  fail_unless_equals_int (items[0].kind, WMNET_ITEM_HEADER);
  fail_unless (items[0].chunk == f.stream.header_change);
  /* $E(1) $C $H */
  fail_unless_equals_int (items[0].frame_len,
      f.stream.header_change->frame_len);
  fail_unless (items[1].chunk == p6);
  fail_unless (!wmnet_client_consume (f.client, items, n,
          items[0].frame_len + items[0].size + items[1].frame_len +
          items[1].size));
  fail_unless_equals_uint64 (f.client->header_seq, f.stream.header_change->seq);
  fail_unless_equals_uint64 (f.client->next_seq, p6->seq + 1);
  fail_unless_equals_uint64 (f.client->packets_sent, 1);
  fixture_clear (&f);

  /* unframed ASF cannot announce a new header: its stream ends there */
  fixture_init (&f, FALSE);
  set_header (&f.stream, 0xAA);
  first_header = f.stream.header->seq;
  push_packet (&f.stream, 1, TRUE);
  set_header (&f.stream, 0xBB);
  push_packet (&f.stream, 2, TRUE);
  p6 = push_packet (&f.stream, 3, TRUE);
  f.client->need_header = FALSE;
  f.client->header_seq = first_header;
  f.client->next_seq = p6->seq;
  n = wmnet_client_gather (f.client, items, G_N_ELEMENTS (items));
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (items[0].kind, WMNET_ITEM_END);
  fail_unless_equals_int (items[0].frame_len, 0);
  {
    WmnetDisconnectReason reason;

    fail_unless_equals_int (wmnet_client_flush (f.client, &reason),
        WMNET_CLIENT_CLOSE);
    fail_unless_equals_int (reason, WMNET_REASON_EOS);
  }
  fixture_clear (&f);
}

GST_END_TEST;

/* The ring evicted where the client was: it moves to the oldest packet
 * held, counts what it missed as dropped, and starts at a key packet. */
GST_START_TEST (test_evicted_position)
{
  Fixture f;
  WmnetItem items[16];
  guint i, n;

  fixture_init (&f, TRUE);
  set_header (&f.stream, 0xAA);
  for (i = 0; i < 10; i++)
    push_packet (&f.stream, i, i == 0 || i == 8);
  f.client->need_header = FALSE;
  f.client->header_seq = f.stream.header->seq;
  f.client->next_seq = f.stream.ring.first_seq + 2;

  /* room for the three newest packets only */
  wmnet_ring_evict (&f.stream.ring, 10 * GST_SECOND, 3, 3 * PACKET_SIZE);
  fail_unless_equals_int (f.stream.ring.len, 3);

  n = wmnet_client_gather (f.client, items, G_N_ELEMENTS (items));
  /* packet 7 is no key: skipped; 8 (key) and 9 go out */
  fail_unless_equals_int (n, 2);
  fail_unless (items[0].chunk->key);
  fail_unless_equals_uint64 (items[0].seq, f.stream.ring.first_seq + 1);
  /* 2..6 lost to eviction, 7 skipped while waiting for a key */
  fail_unless_equals_uint64 (f.client->packets_dropped, 5);
  fail_if (f.client->wait_key);
  fixture_clear (&f);
}

GST_END_TEST;

/* A peer that takes nothing while data waits for it: CLOSE(slow), whatever
 * the policy, and the server is the one to close it. */
GST_START_TEST (test_stalled_peer)
{
  Fixture f;
  WmnetDisconnectReason reason;
  WmnetClientResult res = WMNET_CLIENT_OK;
  guint i;

  fixture_init (&f, TRUE);
  set_header (&f.stream, 0xAA);
  for (i = 0; i < 400; i++)
    push_packet (&f.stream, i, i % 10 == 0);
  f.client->next_seq = f.stream.ring.first_seq;
  for (i = 0; i < 100 && res != WMNET_CLIENT_WAIT_WRITABLE; i++) {
    res = wmnet_client_flush (f.client, &reason);
    f.client->want_out = FALSE;
  }
  fail_unless_equals_int (res, WMNET_CLIENT_WAIT_WRITABLE);
  f.client->want_out = TRUE;

  /* a shallow check never looks at the peer */
  fail_unless_equals_int (wmnet_client_check_slow (f.client, 20 * GST_MSECOND,
          FALSE, FALSE, &reason), WMNET_CLIENT_OK);
  /* deep looks note what the peer's kernel took, until it takes no more
   * (its receive window is full) for twice the buffer time */
  for (i = 0; i < 100; i++) {
    res = wmnet_client_check_slow (f.client, 20 * GST_MSECOND, FALSE, TRUE,
        &reason);
    if (res != WMNET_CLIENT_OK)
      break;
    g_usleep (25 * 1000);
  }
  fail_unless (i > 0);
  fail_unless_equals_int (res, WMNET_CLIENT_CLOSE);
  fail_unless_equals_int (reason, WMNET_REASON_SLOW);
  fixture_clear (&f);
}

GST_END_TEST;

/* What a client sends after its request is read and dropped; too much of
 * it, or a hang-up, asks for a close. */
GST_START_TEST (test_client_input)
{
  Fixture f;
  WmnetDisconnectReason reason;
  gchar buf[3000] = { 0, };

  fixture_init (&f, TRUE);
  fail_unless_equals_int (wmnet_client_read (f.client, &reason),
      WMNET_CLIENT_OK);
  fail_unless (g_socket_send (f.peer, buf, sizeof (buf), NULL, NULL) > 0);
  fail_unless (g_socket_condition_timed_wait (f.client->socket, G_IO_IN,
          G_USEC_PER_SEC, NULL, NULL));
  fail_unless_equals_int (wmnet_client_read (f.client, &reason),
      WMNET_CLIENT_OK);
  fail_unless (g_socket_send (f.peer, buf, sizeof (buf), NULL, NULL) > 0);
  fail_unless (g_socket_condition_timed_wait (f.client->socket, G_IO_IN,
          G_USEC_PER_SEC, NULL, NULL));
  fail_unless_equals_int (wmnet_client_read (f.client, &reason),
      WMNET_CLIENT_CLOSE);
  fail_unless_equals_int (reason, WMNET_REASON_ERROR);
  g_socket_close (f.peer, NULL);
  fail_unless (g_socket_condition_timed_wait (f.client->socket,
          G_IO_IN | G_IO_HUP, G_USEC_PER_SEC, NULL, NULL));
  fail_unless_equals_int (wmnet_client_read (f.client, &reason),
      WMNET_CLIENT_CLOSE);
  fail_unless_equals_int (reason, WMNET_REASON_CLOSED);
  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_reason_strings)
{
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_CLOSED), "closed");
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_EOS), "eos");
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_KICKED), "kicked");
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_SLOW), "slow");
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_ACCESS_DENIED), "access-denied");
  fail_unless_equals_string (wmnet_disconnect_reason_to_string
      (WMNET_REASON_ERROR), "error");
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetclient, 0,
    WMNET_TEST (test_partial_writes),
    WMNET_TEST (test_first_write_and_turns),
    WMNET_TEST (test_skipped_header_change),
    WMNET_TEST (test_evicted_position),
    WMNET_TEST (test_stalled_peer),
    WMNET_TEST (test_client_input), WMNET_TEST (test_reason_strings));
