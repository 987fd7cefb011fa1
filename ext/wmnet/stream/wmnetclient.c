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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/ioctl.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

#include "wmnetclient.h"

/* the server's category: what a client does is logged as the server's */
GST_DEBUG_CATEGORY_STATIC (wmnet_client_debug);
#define GST_CAT_DEFAULT wmnet_client_debug

/* One writev carries at most this many chunks (2 vectors each; IOV_MAX
 * is 1024): a view's client is written a second of its small cut
 * packets at a time (D49) ... */
#define MAX_ITEMS 256
/* A joining client's first writev: its header and first key packet. */
#define FIRST_ITEMS 2
/* After its request a streaming client may send this much (MS-WMSP clients
 * send nothing); past it the connection is closed with reason "error". */
#define MAX_CLIENT_INPUT 4096
/* A client whose peer takes no byte for this many times client-buffer-time,
 * while data waits for it, is disconnected whatever the policy: skipping
 * cannot help a client that does not read, and it holds a slot. */
#define STALL_FACTOR 2

const gchar *
wmnet_disconnect_reason_to_string (WmnetDisconnectReason reason)
{
  static const gchar *const names[] = { "closed", "eos", "kicked", "slow",
    "access-denied", "error", "access-config"
  };

  g_return_val_if_fail (reason < G_N_ELEMENTS (names), "error");
  return names[reason];
}

/* ------------------------------------------------------------------------ */
/* client structures */

WmnetClient *
wmnet_client_new (WmnetStream * stream, GMutex * lock)
{
  static gsize cat = 0;
  WmnetClient *c;

  if (g_once_init_enter (&cat)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_client_debug, "wmnetserver", 0,
        "wmnetsink HTTP server");
    g_once_init_leave (&cat, 1);
  }
  c = g_new0 (WmnetClient, 1);
  c->stream = stream;
  c->lock = lock;
  c->need_header = TRUE;
  return c;
}

GstStructure *
wmnet_client_to_structure (WmnetClient * c, const gchar * name)
{
  return gst_structure_new (name,
      "id", G_TYPE_UINT64, c->id,
      "address", G_TYPE_STRING, c->address,
      "port", G_TYPE_UINT, c->port,
      "dns-name", G_TYPE_STRING, c->dns_name ? c->dns_name : "",
      "user-agent", G_TYPE_STRING, c->user_agent ? c->user_agent : "",
      "protocol", G_TYPE_STRING, c->wmsp ? "wmsp" : "http",
      "connected-at", G_TYPE_INT64, c->connected_at,
      "bytes-sent", G_TYPE_UINT64, c->bytes_sent,
      "packets-sent", G_TYPE_UINT64, c->packets_sent,
      "packets-dropped", G_TYPE_UINT64, c->packets_dropped, NULL);
}

void
wmnet_client_free (WmnetClient * c)
{
  if (c->has_cur && c->cur.chunk)
    wmnet_chunk_unref (c->cur.chunk);
  g_clear_object (&c->cancellable);
  g_clear_object (&c->iostream);
  g_clear_object (&c->socket);
  g_clear_object (&c->inet);
  g_clear_object (&c->peer);
  g_clear_object (&c->slot_inet);
  g_free (c->forwarded);
  g_free (c->x_forwarded_for);
  g_free (c->address);
  g_free (c->dns_name);
  g_free (c->user_agent);
  g_free (c->user);
  g_free (c->client_id);
  g_free (c);
}

/* ------------------------------------------------------------------------ */
/* writing to a client */

static void
item_packet (WmnetClient * c, WmnetItem * it, WmnetChunk * chunk)
{
  it->kind =
      chunk->kind == WMNET_CHUNK_PACKET ? WMNET_ITEM_PACKET : WMNET_ITEM_HEADER;
  it->chunk = chunk;
  it->frame = chunk->frame;
  it->frame_len = c->wmsp ? chunk->frame_len : 0;
  it->data = chunk->map.data;
  it->size = chunk->map.size;
  it->seq = chunk->seq;
}

static void
item_end (WmnetClient * c, WmnetItem * it, guint64 seq)
{
  memset (it, 0, sizeof (*it));
  it->kind = WMNET_ITEM_END;
  it->frame = c->stream->eos_frame;
  it->frame_len = c->wmsp ? WMSP_REASON_FRAME_SIZE : 0;
  it->seq = seq;
}

static void
client_add_dropped (WmnetClient * c, guint64 n)
{
  g_mutex_lock (c->lock);
  c->packets_dropped += n;
  g_mutex_unlock (c->lock);
}

/* A position the ring no longer holds (evicted while the client waited for a
 * key packet, for its socket, or for its header) moves to the oldest chunk
 * held; what it missed counts as dropped, and it waits for a key packet. */
static void
client_repair (WmnetClient * c)
{
  WmnetRing *r = &c->stream->ring;

  if (c->next_seq >= r->first_seq)
    return;
  GST_LOG ("client %" G_GUINT64_FORMAT " lost %" G_GUINT64_FORMAT
      " packets to eviction", c->id, r->first_seq - c->next_seq);
  /* a client waiting for a key packet would have skipped them anyway */
  if (!c->wait_key && !c->need_header)
    client_add_dropped (c, r->first_seq - c->next_seq);
  c->next_seq = r->first_seq;
  c->wait_key = TRUE;
}

/* A skip moves the client's position at once, so that the next turn does
 * not look at those chunks again, unless packets gathered before it may yet
 * go unwritten: then consuming them moves the position. */
static void
skip_to (WmnetClient * c, guint64 seq, gboolean packets_before)
{
  if (!packets_before)
    c->next_seq = seq;
}

/* ------------------------------------------------------------------------ */
/* changing streams (a new selection) at a key packet */

void
wmnet_client_switch_streams (WmnetClient * c, WmnetStream * next,
    guint64 src_seq)
{
  c->next_stream = next;
  c->switch_src = src_seq;
  c->switch_scan = 0;
}

guint64
wmnet_client_src_position (WmnetClient * c, guint64 main_next)
{
  WmnetChunk *chunk = wmnet_ring_get (&c->stream->ring, c->next_seq);

  return chunk ? chunk->src_seq : main_next;
}

/* The first key packet of next_stream cut from switch_src or later: its
 * seq there. Each packet is looked at once (switch_scan). */
static gboolean
switch_point (WmnetClient * c, guint64 * seq)
{
  WmnetRing *r = &c->next_stream->ring;
  guint64 s = MAX (c->switch_scan, r->first_seq);

  for (; s < r->next_seq; s++) {
    WmnetChunk *k = wmnet_ring_get (r, s);

    if (k->kind == WMNET_CHUNK_PACKET && k->key && k->src_seq >= c->switch_src) {
      c->switch_scan = *seq = s;
      return TRUE;
    }
  }
  c->switch_scan = s;
  return FALSE;
}

/* Whether @c, whose next packet of its stream is @seq, is where it moves
 * to next_stream: that stream's switch point is there, and @c was sent
 * every packet of its stream cut before it (streams are fed together: a
 * packet of its own stream not there yet comes after it). */
static gboolean
at_switch (WmnetClient * c, guint64 seq, guint64 * next_seq)
{
  WmnetChunk *chunk, *k;

  if (c->next_stream == NULL || !switch_point (c, next_seq))
    return FALSE;
  k = wmnet_ring_get (&c->next_stream->ring, *next_seq);
  chunk = wmnet_ring_get (&c->stream->ring, seq);
  return chunk == NULL || chunk->src_seq >= k->src_seq;
}

/* Moves @c to next_stream when it is at the switch point and nothing is
 * half written (the items gathered are all of one stream). */
static void
switch_if_due (WmnetClient * c)
{
  guint64 seq;

  if (c->next_stream == NULL || c->has_cur || c->need_header)
    return;
  client_repair (c);
  if (!at_switch (c, c->next_seq, &seq))
    return;
  GST_LOG ("client %" G_GUINT64_FORMAT " changes streams at source packet %"
      G_GUINT64_FORMAT, c->id,
      wmnet_ring_get (&c->next_stream->ring, seq)->src_seq);
  c->stream = c->next_stream;
  c->next_stream = NULL;
  c->next_seq = seq;
  c->wait_key = FALSE;
  /* header_seq goes on: headers are named by their main-stream seq in
   * every stream (src_seq), so a header change the client was not sent
   * yet comes from the new stream */
  c->switched = TRUE;
}

/* Collects what @c may be sent now, in order, at most @max items and no
 * item after @max_bytes. The only state it changes is the position of a
 * client skipping packets it cannot use. */
static guint
gather (WmnetClient * c, WmnetItem * items, guint max, gsize max_bytes)
{
  WmnetStream *self = c->stream;
  WmnetRing *r = &self->ring;
  guint64 seq, switch_seq, header_seq = c->header_seq;
  gboolean packets = FALSE;
  gsize bytes = 0;
  guint n = 0, counted = 0;

  if (c->has_cur) {
    bytes = c->cur.frame_len + c->cur.size - c->cur_off;
    counted = 1;
    items[n++] = c->cur;
    if (c->cur.kind == WMNET_ITEM_END)
      return n;
  }
  switch_if_due (c);
  self = c->stream;
  r = &self->ring;
  header_seq = c->header_seq;
  if (self->header == NULL)
    return n;
  if (c->need_header) {
    if (n >= max)
      return n;
    item_packet (c, &items[n++], self->header);
    header_seq = self->header->src_seq;
  }

  client_repair (c);
  seq = c->next_seq;
  for (;;) {
    WmnetChunk *chunk;

    /* what the items gathered so far weigh */
    for (; counted < n; counted++)
      bytes += items[counted].frame_len + items[counted].size;
    if (n >= max || bytes >= max_bytes || seq >= r->next_seq)
      break;
    /* the rest goes out of the next stream, from the next gather on */
    if (c->next_stream && at_switch (c, seq, &switch_seq))
      break;
    chunk = wmnet_ring_get (r, seq);

    if (chunk->kind == WMNET_CHUNK_HEADER_CHANGE) {
      if (!c->wmsp) {
        /* unframed ASF cannot announce a new header: its stream ends here */
        item_end (c, &items[n++], seq);
        return n;
      }
      item_packet (c, &items[n++], chunk);
      header_seq = chunk->src_seq;
      seq++;
      continue;
    }
    if (chunk->header_seq != header_seq) {
      /* it skipped (slow, evicted) past a header change it was not sent */
      if (chunk->header_seq != self->header->src_seq || !self->header_change) {
        /* of a header that is gone already: nothing to decode it with */
        skip_to (c, ++seq, packets);
        if (!c->wait_key)
          client_add_dropped (c, 1);
        continue;
      }
      if (!c->wmsp) {
        item_end (c, &items[n++], seq);
        return n;
      }
      item_packet (c, &items[n++], self->header_change);
      header_seq = chunk->header_seq;
      c->wait_key = TRUE;
      continue;
    }
    if (c->wait_key && !chunk->key) {
      /* undecodable without the key frame before it: skipping loses
       * nothing */
      skip_to (c, ++seq, packets);
      continue;
    }
    c->wait_key = FALSE;
    item_packet (c, &items[n++], chunk);
    packets = TRUE;
    seq++;
  }

  if (self->eos && seq == r->next_seq && n < max)
    item_end (c, &items[n++], seq);
  /* it skipped (waiting for a key packet) up to the switch point with
   * nothing to send: it moves now rather than at the next window (at most
   * once: there is no next stream after the move) */
  if (n == 0 && c->next_stream && !c->has_cur && !c->need_header) {
    switch_if_due (c);
    if (c->next_stream == NULL)
      return gather (c, items, max, max_bytes);
  }
  return n;
}

guint
wmnet_client_gather (WmnetClient * c, WmnetItem * items, guint max)
{
  return gather (c, items, max, G_MAXSIZE);
}

/* The first bytes of @it are out: the client's position moves past it. */
static void
item_started (WmnetClient * c, WmnetItem * it)
{
  switch (it->kind) {
    case WMNET_ITEM_HEADER:
      c->header_seq = it->chunk->src_seq;
      if (it->chunk->kind == WMNET_CHUNK_HEADER)
        c->need_header = FALSE;
      else                      /* in the ring, or sent after a skip */
        c->next_seq = MAX (c->next_seq, it->seq + 1);
      break;
    case WMNET_ITEM_PACKET:
      c->next_seq = it->seq + 1;
      break;
    case WMNET_ITEM_END:
      break;
  }
}

/* Advances @c past @sent bytes of @items; a partly written item becomes its
 * cur item. Returns TRUE when the end of stream has been delivered. */
gboolean
wmnet_client_consume (WmnetClient * c, WmnetItem * items, guint n, gsize sent)
{
  gboolean ended = FALSE;
  guint64 packets = 0;
  gsize total = sent;
  guint i;

  for (i = 0; i < n; i++) {
    WmnetItem *it = &items[i];
    gsize len = it->frame_len + it->size;
    gboolean is_cur = (i == 0 && c->has_cur);
    gsize off = is_cur ? c->cur_off : 0;

    if (sent < len - off) {
      if (sent == 0 && !is_cur)
        break;
      /* partly written: keep it as cur until it is out */
      if (is_cur) {
        c->cur_off += sent;
      } else {
        c->cur = *it;
        if (c->cur.chunk)
          wmnet_chunk_ref (c->cur.chunk);
        c->cur_off = sent;
        c->has_cur = TRUE;
        item_started (c, it);
      }
      sent = 0;
      break;
    }
    sent -= len - off;
    if (is_cur) {
      if (c->cur.chunk)
        wmnet_chunk_unref (c->cur.chunk);
      c->has_cur = FALSE;
      c->cur_off = 0;
    } else {
      item_started (c, it);
    }
    if (it->kind == WMNET_ITEM_PACKET)
      packets++;
    else if (it->kind == WMNET_ITEM_END)
      ended = TRUE;
  }

  g_mutex_lock (c->lock);
  c->bytes_sent += total;
  c->packets_sent += packets;
  g_mutex_unlock (c->lock);
  return ended;
}

/* The socket is full (or the client used its turn): go on when it takes
 * more. */
static WmnetClientResult
client_wait_out (WmnetClient * c)
{
  c->want_out = TRUE;
  return WMNET_CLIENT_WAIT_WRITABLE;
}

/* Writes what @c has pending, one writev at a time, until the socket is
 * full or the client is caught up. */
WmnetClientResult
wmnet_client_flush (WmnetClient * c, WmnetDisconnectReason * reason)
{
  return wmnet_client_flush_turn (c, WMNET_CLIENT_TURN_BYTES, reason);
}

WmnetClientResult
wmnet_client_flush_turn (WmnetClient * c, gsize turn_bytes,
    WmnetDisconnectReason * reason)
{
  WmnetItem items[MAX_ITEMS];
  GOutputVector vec[MAX_ITEMS * 2];
  gsize turn = 0;

  if (c->want_out)
    return WMNET_CLIENT_OK;

  while (turn < turn_bytes) {
    /* a joiner's first writev carries the header and its first key packet
     * only, so that a burst of joiners all start before any gets the rest
     * of its fast start */
    gboolean first = c->need_header && !c->has_cur;
    guint n = gather (c, items, first ? FIRST_ITEMS : MAX_ITEMS,
        turn_bytes - turn);
    guint i, nv = 0;
    gsize total = 0, skip = c->has_cur ? c->cur_off : 0;
    GError *error = NULL;
    gssize sent;

    if (n == 0)
      return WMNET_CLIENT_OK;
    for (i = 0; i < n; i++) {
      const guint8 *p[2] = { items[i].frame, items[i].data };
      gsize l[2] = { items[i].frame_len, items[i].size };
      guint k;

      for (k = 0; k < 2; k++) {
        if (skip >= l[k]) {
          skip -= l[k];
          continue;
        }
        vec[nv].buffer = p[k] + skip;
        vec[nv].size = l[k] - skip;
        total += vec[nv].size;
        nv++;
        skip = 0;
      }
    }

    if (total == 0) {
      sent = 0;
    } else {
      sent = g_socket_send_message (c->socket, NULL, vec, nv, NULL, 0, 0,
          NULL, &error);
      if (sent < 0) {
        gboolean hung_up;

        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
          g_error_free (error);
          c->backlogged = TRUE;
          return client_wait_out (c);
        }
        hung_up = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
            || g_error_matches (error, G_IO_ERROR,
            G_IO_ERROR_CONNECTION_CLOSED);

        GST_DEBUG ("client %" G_GUINT64_FORMAT ": %s", c->id, error->message);
        g_error_free (error);
        /* the peer going away is an ordinary close; anything else is not */
        *reason = hung_up ? WMNET_REASON_CLOSED : WMNET_REASON_ERROR;
        return WMNET_CLIENT_CLOSE;
      }
    }

    c->backlogged = (gsize) sent < total;
    if (wmnet_client_consume (c, items, n, sent)) {
      *reason = WMNET_REASON_EOS;
      return WMNET_CLIENT_CLOSE;
    }
    if ((gsize) sent < total || first)
      return client_wait_out (c);
    turn += sent;
  }
  /* used its turn: continue when the loop comes round again */
  return client_wait_out (c);
}

/* Bytes the kernel still holds for @c: sent by us, not yet taken by the
 * peer. They are stream the client is behind by, and no skip can drop them. */
static gsize
client_queued_bytes (WmnetClient * c)
{
#ifdef SIOCOUTQ
  int queued = 0;

  if (ioctl (g_socket_get_fd (c->socket), SIOCOUTQ, &queued) == 0 && queued > 0)
    return queued;
#endif
  return 0;
}

/* A client more than client-buffer-time behind live, by the packets it has
 * not been sent and, when @deep, by what its kernel send queue holds; or
 * (when @deep, whatever the policy) one whose peer took no byte for
 * STALL_FACTOR times client-buffer-time while data waited for it. */
WmnetClientResult
wmnet_client_check_slow (WmnetClient * c, GstClockTime buffer_time,
    gboolean disconnect, gboolean deep, WmnetDisconnectReason * reason)
{
  WmnetRing *r = &c->stream->ring;
  GstClockTime lag = 0, kernel_lag = 0;

  if (c->wait_key)
    client_repair (c);
  if (deep) {
    gint64 now = g_get_monotonic_time ();
    gsize queued = client_queued_bytes (c);
    guint64 taken = c->bytes_sent - queued, rate;

    if (taken != c->peer_taken || (queued == 0 && !c->want_out)) {
      c->peer_taken = taken;
      c->last_progress = now;
    } else if ((guint64) (now - c->last_progress) * GST_USECOND >
        STALL_FACTOR * buffer_time) {
      GST_INFO ("client %" G_GUINT64_FORMAT " took no byte in %"
          GST_TIME_FORMAT, c->id,
          GST_TIME_ARGS ((now - c->last_progress) * GST_USECOND));
      *reason = WMNET_REASON_SLOW;
      return WMNET_CLIENT_CLOSE;
    }
    rate = wmnet_ring_byte_rate (r);
    if (rate > 0)
      kernel_lag = gst_util_uint64_scale (queued, GST_SECOND, rate);
  }
  if (c->next_seq < r->first_seq)
    lag = GST_CLOCK_TIME_NONE;  /* its next packet left the ring */
  else if (!c->need_header && !c->wait_key && c->next_seq < r->next_seq)
    lag = wmnet_ring_newest_time (r) - wmnet_ring_get (r, c->next_seq)->time;
  if (lag != GST_CLOCK_TIME_NONE && lag + kernel_lag <= buffer_time)
    return WMNET_CLIENT_OK;

  if (disconnect) {
    GST_INFO ("client %" G_GUINT64_FORMAT " is behind by %" GST_TIME_FORMAT
        " of packets (none: evicted) and %" GST_TIME_FORMAT " in its kernel "
        "queue", c->id, GST_TIME_ARGS (lag), GST_TIME_ARGS (kernel_lag));
    *reason = WMNET_REASON_SLOW;
    return WMNET_CLIENT_CLOSE;
  }
  if (r->have_key && r->last_key_seq > c->next_seq) {
    GST_LOG ("client %" G_GUINT64_FORMAT " skips %" G_GUINT64_FORMAT
        " packets", c->id, r->last_key_seq - c->next_seq);
    client_add_dropped (c, r->last_key_seq - c->next_seq);
    c->next_seq = r->last_key_seq;
  } else {
    client_repair (c);
  }
  return WMNET_CLIENT_OK;
}

WmnetClientResult
wmnet_client_read (WmnetClient * c, WmnetDisconnectReason * reason)
{
  guint8 buf[MAX_CLIENT_INPUT];
  GError *error = NULL;
  gssize n;

  /* A streaming client has nothing more to say: discard what it sends,
   * notice when it hangs up, and close it when it keeps sending (it would
   * otherwise keep this thread busy reading). */
  n = g_socket_receive (c->socket, (gchar *) buf, sizeof (buf), NULL, &error);
  if (n > 0) {
    c->bytes_received += n;
    if (c->bytes_received <= MAX_CLIENT_INPUT)
      return WMNET_CLIENT_OK;
    GST_INFO ("client %" G_GUINT64_FORMAT " sent more than %d bytes after "
        "its request", c->id, MAX_CLIENT_INPUT);
    *reason = WMNET_REASON_ERROR;
    return WMNET_CLIENT_CLOSE;
  }
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
    g_error_free (error);
    return WMNET_CLIENT_OK;
  }
  g_clear_error (&error);
  *reason = WMNET_REASON_CLOSED;
  return WMNET_CLIENT_CLOSE;
}
