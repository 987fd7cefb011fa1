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

/* wmnetclient: the writer of one streaming client. Owns a client's position
 * in the stream, the item it is in the middle of writing, its statistics,
 * and what it does with its socket: gathering what it may be sent, one
 * writev (g_socket_send_message) for all of it, moving its position past
 * what went out, the slow and stalled checks, and reading (discarding) what
 * the client sends. It never closes a client nor watches its socket: its
 * functions say what the server has to do (WmnetClientResult), and the
 * server does it. Reads the stream it is given (wmnetstream.h), owned by
 * the server; everything runs on the server thread, except that the
 * published fields are read from any thread under the lock the client was
 * given. */

#ifndef __WMNET_CLIENT_H__
#define __WMNET_CLIENT_H__

#include <gio/gio.h>
#include <gst/gst.h>

#include "wmnetasfcut.h"
#include "wmnetring.h"
#include "wmnetstream.h"
#include "wmspframing.h"

G_BEGIN_DECLS

/* Why a client went away; the strings are the `reason` field of the
 * wmnetsink-client-disconnected message. */
typedef enum
{
  WMNET_REASON_CLOSED,          /* the client or the server closed the connection */
  WMNET_REASON_EOS,             /* end of stream delivered */
  WMNET_REASON_KICKED,          /* disconnect-client / disconnect-all */
  WMNET_REASON_SLOW,            /* fell behind, slow-client-policy=disconnect */
  WMNET_REASON_ACCESS_DENIED,   /* refused by an edited access list */
  WMNET_REASON_ERROR,           /* a socket error, or the client kept sending */
  WMNET_REASON_ACCESS_CONFIG,   /* an access list or trusted-proxies was refused */
} WmnetDisconnectReason;

const gchar *wmnet_disconnect_reason_to_string (WmnetDisconnectReason reason);

/* What the server has to do after a client function. */
typedef enum
{
  WMNET_CLIENT_OK,
  /* the socket is full, or the client used its turn: watch it for output
   * (the client has set want_out), and flush again when it is writable */
  WMNET_CLIENT_WAIT_WRITABLE,
  /* close the client, with the reason given */
  WMNET_CLIENT_CLOSE,
} WmnetClientResult;

typedef enum
{
  WMNET_ITEM_PACKET,
  WMNET_ITEM_HEADER,
  /* end of stream: $E(0) for WMSP, nothing for plain */
  WMNET_ITEM_END,
} WmnetItemKind;

/* One piece of a client's output: framing plus payload. */
typedef struct
{
  WmnetItemKind kind;
  /* borrowed, or owned when it is a client's cur */
  WmnetChunk *chunk;
  const guint8 *frame;
  guint frame_len;
  const guint8 *data;
  gsize size;
  guint64 seq;
} WmnetItem;

typedef struct
{
  WmnetStream *stream;
  GMutex *lock;                 /* guards the published fields */
  gpointer watch_entry;         /* the server's */
  guint64 id;
  GIOStream *iostream;
  GSocket *socket;
  gboolean want_out;            /* the socket is full: waiting for output */
  /* its kernel took less than the last writev offered: the server's
   * clients-backlogged count (docs/wmnetsink.md, "Statistics") */
  gboolean backlogged;
  gboolean wmsp;
  gboolean closed;

  guint64 next_seq;             /* next ring packet to send */
  gboolean need_header;         /* the header goes out before any packet */
  /* the last header it was sent, by its src_seq (the same in every
   * stream, so that it holds across a change of streams) */
  guint64 header_seq;
  gboolean wait_key;            /* skip packets until a key packet */
  guint64 peer_taken;           /* bytes the peer took, when last looked */
  gint64 last_progress;         /* monotonic µs it last took any, or had
                                 * nothing waiting */
  gsize bytes_received;         /* after the request head */
  gboolean has_cur;             /* an item partly written */
  WmnetItem cur;
  gsize cur_off;

  /* a stream selection changing (SelectStream, [MS-WMSP] 2.2.2.8): the
   * client goes on reading @stream up to the first key packet of
   * @next_stream cut from a main-stream packet at or after @switch_src
   * (a chunk's src_seq), and reads @next_stream from that packet on;
   * NULL when no change waits (wmnet_client_switch_streams) */
  WmnetStream *next_stream;
  guint64 switch_src;
  guint64 switch_scan;          /* where the search for that packet is */
  gboolean switched;            /* it moved; the server clears it */
  /* the server's: the views (wmnetview.h) of @stream and @next_stream,
   * NULL for the main stream; the session's client-id pragma value */
  gpointer view;
  gpointer next_view;
  WmnetSelection next_selection;        /* what next_stream sends */
  gchar *client_id;

  /* what its address was worked out from (wmnet_http_forwarding_of; peer
   * NULL when unknown), and the address its per-address slot is held for */
  GInetAddress *peer;
  guint peer_port;
  gchar *forwarded;
  gchar *x_forwarded_for;
  GInetAddress *slot_inet;

  /* published under lock */
  GInetAddress *inet;
  gchar *address;
  guint port;
  gchar *dns_name;
  gchar *user_agent;
  gchar *user;                  /* authenticated user, NULL when none */
  /* what it is sent: its selection (normalized; all: every stream), and
   * the stream mask of the header (WmAsfHeaderInfo.stream_mask), the
   * server's, which the lock guards too */
  WmnetSelection selection;
  const guint32 *stream_mask;
  gint64 connected_at;          /* µs since the epoch */
  gint64 connected_mono;
  guint64 bytes_sent;
  guint64 packets_sent;
  guint64 packets_dropped;
  GCancellable *cancellable;
} WmnetClient;

/* A client that needs the header first; the caller sets the rest. */
WmnetClient *wmnet_client_new (WmnetStream * stream, GMutex * lock);
/* Frees @client; its socket and stream are only unreferenced. */
void wmnet_client_free (WmnetClient * client);
/* The published fields; call it with the lock held. */
GstStructure *wmnet_client_to_structure (WmnetClient * client,
    const gchar * name);

/* From now on @client moves to @next at its first key packet cut from
 * main-stream packet @src_seq or later (the next one it would be sent,
 * wmnet_client_src_position()); before that it keeps reading its stream.
 * @next NULL: no change waits any more. */
void wmnet_client_switch_streams (WmnetClient * client, WmnetStream * next,
    guint64 src_seq);
/* The main-stream seq of the next packet @client would be sent: its
 * position mapped through src_seq; @main_next (the main ring's next_seq)
 * when it is caught up. */
guint64 wmnet_client_src_position (WmnetClient * client, guint64 main_next);

/* Collects what @client may be sent now into @items (at most @max). */
guint wmnet_client_gather (WmnetClient * client, WmnetItem * items,
    guint max);
/* Advances @client past @sent bytes of @items; a partly written item
 * becomes its cur item. Returns TRUE when the end of stream was delivered. */
gboolean wmnet_client_consume (WmnetClient * client, WmnetItem * items,
    guint n, gsize sent);
/* A client writes about this many bytes per turn on the epoll watch, so
 * that fast-start bursts go round-robin (docs/design.md D29) ... */
#define WMNET_CLIENT_TURN_BYTES (64 * 1024)
/* ... and up to this many at the end of a coalesce window, so that a
 * window holding a key frame is still one writev (D28). */
#define WMNET_CLIENT_WINDOW_BYTES (256 * 1024)

/* Writes what @client has pending, about @turn_bytes at most (a joiner's
 * first writev: its header and first key packet only), until the socket
 * is full or the client is caught up; WAIT_WRITABLE when it used its turn.
 * OK also when it is already waiting for output. */
WmnetClientResult wmnet_client_flush_turn (WmnetClient * client,
    gsize turn_bytes, WmnetDisconnectReason * reason);
/* wmnet_client_flush_turn() with WMNET_CLIENT_TURN_BYTES. */
WmnetClientResult wmnet_client_flush (WmnetClient * client,
    WmnetDisconnectReason * reason);
/* Behind live by more than @buffer_time: skipped to the latest key packet,
 * or CLOSE(slow) when @disconnect. When @deep, the kernel send queue counts
 * too, and a peer that takes nothing is CLOSE(slow) whatever @disconnect. */
WmnetClientResult wmnet_client_check_slow (WmnetClient * client,
    GstClockTime buffer_time, gboolean disconnect, gboolean deep,
    WmnetDisconnectReason * reason);
/* Its socket has input: discarded; CLOSE when the client hung up, failed,
 * or sent too much. */
WmnetClientResult wmnet_client_read (WmnetClient * client,
    WmnetDisconnectReason * reason);

G_END_DECLS

#endif /* __WMNET_CLIENT_H__ */
