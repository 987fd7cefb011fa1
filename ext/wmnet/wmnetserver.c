/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

#include "wmnetsouploader.h"

#include "wmnetserver.h"
#include "wmnethttp.h"
#include "wmnetring.h"
#include "wmspframing.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_server_debug);
#define GST_CAT_DEFAULT wmnet_server_debug

/* MS-WMSP 3.2.5.2: a live encoder answers with the server token "Rex". */
#define WMNET_SERVER_HEADER "Rex/9.0.0.2980"
#define LISTEN_BACKLOG 4096
/* One writev carries at most this many chunks (2 vectors each) ... */
#define MAX_ITEMS 64
/* ... and a client gets this many writevs per turn before the others. */
#define MAX_ROUNDS 4
/* The ring never holds more than this many times client-buffer-time, even
 * to keep the latest key packet for fast start. */
#define RING_HARD_FACTOR 3
/* A connection must have sent a complete request head by then (slowloris);
 * libsoup itself caps a head at 64 KiB. */
#define REQUEST_TIMEOUT_S 5
/* A client's kernel send buffer (Linux doubles it). Left to autotuning it
 * grows to 4 MiB, seconds of stream that client-buffer-time cannot see and
 * kernel memory no one bounds; this holds 3 s of a 1.15 Mbit/s stream. */
#define CLIENT_SNDBUF (256 * 1024)
/* The ring's payload never exceeds this, whatever the bitrate and
 * client-buffer-time (10 s at 100 Mbit/s). */
#define RING_MAX_BYTES (128 * 1024 * 1024)
/* After its request a streaming client may send this much (MS-WMSP clients
 * send nothing); past it the connection is closed with reason "error". */
#define MAX_CLIENT_INPUT 4096
/* Describe requests parked until the first header exists: at most this
 * many, each at most REQUEST_TIMEOUT_S; then 503. */
#define MAX_PENDING_DESCRIBES 64
/* Descriptors kept free below RLIMIT_NOFILE for the resolver, files and
 * libraries: a connection that would take one of them gets 503. */
#define FD_HEADROOM 32
/* After accept() failed for lack of descriptors, try again this late. */
#define ACCEPT_BACKOFF_MS 100
/* How often kernel send queues and stalled sockets are looked at. */
#define SLOW_CHECK_INTERVAL_MS 250
/* A client whose peer takes no byte for this many times client-buffer-time,
 * while data waits for it, is disconnected whatever the policy: skipping
 * cannot help a client that does not read, and it holds a slot. */
#define STALL_FACTOR 2

typedef enum
{
  ITEM_PACKET,
  ITEM_HEADER,
  ITEM_END,                     /* end of stream: $E(0) for WMSP, nothing for plain */
} ItemKind;

/* One piece of a client's output: framing plus payload. */
typedef struct
{
  ItemKind kind;
  WmnetChunk *chunk;                 /* borrowed, or owned when it is a client's cur */
  const guint8 *frame;
  guint frame_len;
  const guint8 *data;
  gsize size;
  guint64 seq;
} Item;

typedef struct
{
  WmnetServer *server;
  guint64 id;
  GIOStream *stream;
  GSocket *socket;
  gboolean want_out;            /* the socket is full: waiting for EPOLLOUT */
  gboolean wmsp;
  gboolean closed;

  guint64 next_seq;             /* next ring packet to send */
  gboolean need_header;         /* the header goes out before any packet */
  guint64 header_seq;           /* seq of the last header it was sent */
  gboolean wait_key;            /* skip packets until a key packet */
  guint64 peer_taken;           /* bytes the peer took, when last looked */
  gint64 last_progress;         /* monotonic µs it last took any, or had
                                 * nothing waiting */
  gsize bytes_received;         /* after the request head */
  gboolean has_cur;             /* an item partly written */
  Item cur;
  gsize cur_off;

  /* published under clients_lock */
  GInetAddress *inet;
  gchar *address;
  guint port;
  gchar *dns_name;
  gchar *user_agent;
  gint64 connected_at;          /* µs since the epoch */
  gint64 connected_mono;
  guint64 bytes_sent;
  guint64 packets_sent;
  guint64 packets_dropped;
  GCancellable *cancellable;
} Client;

typedef enum
{
  FEED_HEADER,
  FEED_PACKET,
  FEED_EOS,
} FeedKind;

typedef struct
{
  FeedKind kind;
  GstBuffer *buf;
} FeedItem;

struct _WmnetServer
{
  GObject parent;

  WmnetServerCallbacks callbacks;
  gpointer user_data;
  WmnetAccessList *access;

  /* settings, under settings_lock */
  GMutex settings_lock;
  guint max_clients;
  gboolean resolve_names;
  gboolean fast_start;
  GstClockTime client_buffer_time;
  WmnetSlowClientPolicy slow_policy;
  GstClockTime coalesce_time;
  GstClockTime fast_start_time;

  /* life cycle, under state_lock; the app thread starts and stops */
  GMutex state_lock;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  SoupServer *soup;
  gint port;
  gchar *url;

  /* streaming thread -> server thread */
  GMutex feed_lock;
  GQueue feed;
  GSource *feed_source;

  /* server thread only */
  WmnetRing ring;
  WmnetChunk *header;
  /* the $E(1) $C $H of the current header, when it replaced another: what a
   * client that skipped past that point in the ring is sent */
  WmnetChunk *header_change;
  gboolean eos;
  GList *pending_describes;     /* PendingDescribe*, waiting for the header */
  guint n_pending_describes;
  GSocket *listener;
  GSource *listen_source;       /* NULL while backing off */
  GSource *backoff_timer;
  gint64 fd_limit;              /* RLIMIT_NOFILE when started, 0 = none */
  gboolean warned_fds;
  GSource *slow_timer;
  /* Every client socket is in one epoll set behind one GSource: a GSource
   * a client would make GLib poll() all of them on every wake-up. */
  gint epfd;
  GSource *watch;
  GSource *flush_timer;         /* pending coalesced flush */
  guint8 eos_frame[WMSP_REASON_FRAME_SIZE];
  GResolver *resolver;

  /* the client table, read from any thread */
  GMutex clients_lock;
  GPtrArray *clients;           /* Client*, connect order */
  guint64 next_id;
  GCond flushed_cond;
};

G_DEFINE_TYPE (WmnetServer, wmnet_server, G_TYPE_OBJECT);

GType
wmnet_slow_client_policy_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {WMNET_SLOW_CLIENT_SKIP_TO_KEY,
        "Jump to the latest key packet and count the dropped packets",
        "skip-to-key"},
    {WMNET_SLOW_CLIENT_DISCONNECT, "Disconnect the client (reason \"slow\")",
        "disconnect"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType t = g_enum_register_static ("GstWmnetSlowClientPolicy", values);
    g_once_init_leave (&id, t);
  }
  return id;
}

const gchar *
wmnet_disconnect_reason_to_string (WmnetDisconnectReason reason)
{
  static const gchar *const names[] = { "closed", "eos", "kicked", "slow",
    "access-denied", "error"
  };

  g_return_val_if_fail (reason < G_N_ELEMENTS (names), "error");
  return names[reason];
}

/* ------------------------------------------------------------------------ */
/* client structures */

static GstStructure *
client_structure (Client * c, const gchar * name)
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

static void
client_free (Client * c)
{
  if (c->has_cur && c->cur.chunk)
    wmnet_chunk_unref (c->cur.chunk);
  g_clear_object (&c->cancellable);
  g_clear_object (&c->stream);
  g_clear_object (&c->socket);
  g_clear_object (&c->inet);
  g_free (c->address);
  g_free (c->dns_name);
  g_free (c->user_agent);
  g_free (c);
}

static void
client_close (Client * c, WmnetDisconnectReason reason)
{
  WmnetServer *self = c->server;
  GstStructure *s;

  if (c->closed)
    return;
  c->closed = TRUE;
  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " (%s:%u) leaves: %s",
      c->id, c->address, c->port, wmnet_disconnect_reason_to_string (reason));

  epoll_ctl (self->epfd, EPOLL_CTL_DEL, g_socket_get_fd (c->socket), NULL);
  g_cancellable_cancel (c->cancellable);
  g_io_stream_close (c->stream, NULL, NULL);
  g_socket_close (c->socket, NULL);

  g_mutex_lock (&self->clients_lock);
  g_ptr_array_remove (self->clients, c);
  s = client_structure (c, "wmnetsink-client-disconnected");
  gst_structure_set (s, "reason", G_TYPE_STRING,
      wmnet_disconnect_reason_to_string (reason), "duration", G_TYPE_UINT64,
      (guint64) (g_get_monotonic_time () - c->connected_mono) * GST_USECOND,
      NULL);
  g_mutex_unlock (&self->clients_lock);

  self->callbacks.client_disconnected (self->user_data, s);
  self->callbacks.clients_changed (self->user_data);
  client_free (c);

  /* only now: whoever waits for the clients to be flushed (EOS) must find
   * the disconnection already on its way to the application */
  g_mutex_lock (&self->clients_lock);
  g_cond_broadcast (&self->flushed_cond);
  g_mutex_unlock (&self->clients_lock);
}

/* ------------------------------------------------------------------------ */
/* writing to a client */

static gboolean client_flush (Client * c);

static void
client_epoll (Client * c, gint op)
{
  struct epoll_event ev = { 0, };

  ev.events = EPOLLIN | EPOLLRDHUP | (c->want_out ? EPOLLOUT : 0);
  ev.data.ptr = c;
  if (epoll_ctl (c->server->epfd, op, g_socket_get_fd (c->socket), &ev) < 0)
    GST_WARNING ("epoll_ctl on client %" G_GUINT64_FORMAT ": %s", c->id,
        g_strerror (errno));
}

/* The socket is full (or the client used its turn): go on when it takes
 * more. */
static void
client_watch_out (Client * c)
{
  if (c->want_out)
    return;
  c->want_out = TRUE;
  client_epoll (c, EPOLL_CTL_MOD);
}

static void
item_packet (Client * c, Item * it, WmnetChunk * chunk)
{
  it->kind = chunk->kind == WMNET_CHUNK_PACKET ? ITEM_PACKET : ITEM_HEADER;
  it->chunk = chunk;
  it->frame = chunk->frame;
  it->frame_len = c->wmsp ? chunk->frame_len : 0;
  it->data = chunk->map.data;
  it->size = chunk->map.size;
  it->seq = chunk->seq;
}

static void
item_end (Client * c, Item * it, guint64 seq)
{
  memset (it, 0, sizeof (*it));
  it->kind = ITEM_END;
  it->frame = c->server->eos_frame;
  it->frame_len = c->wmsp ? WMSP_REASON_FRAME_SIZE : 0;
  it->seq = seq;
}

static void
client_add_dropped (Client * c, guint64 n)
{
  g_mutex_lock (&c->server->clients_lock);
  c->packets_dropped += n;
  g_mutex_unlock (&c->server->clients_lock);
}

/* A position the ring no longer holds (evicted while the client waited for a
 * key packet, for its socket, or for its header) moves to the oldest chunk
 * held; what it missed counts as dropped, and it waits for a key packet. */
static void
client_repair (Client * c)
{
  WmnetRing *r = &c->server->ring;

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

/* Collects what @c may be sent now, in order. The only state it changes is
 * the position of a client skipping packets it cannot use. */
static guint
client_gather (Client * c, Item * items, guint max)
{
  WmnetServer *self = c->server;
  WmnetRing *r = &self->ring;
  guint64 seq, header_seq = c->header_seq;
  guint n = 0;

  if (c->has_cur) {
    items[n++] = c->cur;
    if (c->cur.kind == ITEM_END)
      return n;
  }
  if (self->header == NULL)
    return n;
  if (c->need_header) {
    if (n >= max)
      return n;
    item_packet (c, &items[n++], self->header);
    header_seq = self->header->seq;
  }

  client_repair (c);
  seq = c->next_seq;
  while (n < max && seq < r->next_seq) {
    WmnetChunk *chunk = wmnet_ring_get (r, seq);

    if (chunk->kind == WMNET_CHUNK_HEADER_CHANGE) {
      if (!c->wmsp) {
        /* unframed ASF cannot announce a new header: its stream ends here */
        item_end (c, &items[n++], seq);
        return n;
      }
      item_packet (c, &items[n++], chunk);
      header_seq = chunk->seq;
      seq++;
      continue;
    }
    if (chunk->header_seq != header_seq) {
      /* it skipped (slow, evicted) past a header change it was not sent */
      if (chunk->header_seq != self->header->seq || !self->header_change) {
        /* of a header that is gone already: nothing to decode it with */
        c->next_seq = ++seq;
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
      c->next_seq = ++seq;
      continue;
    }
    c->wait_key = FALSE;
    item_packet (c, &items[n++], chunk);
    seq++;
  }

  if (self->eos && seq == r->next_seq && n < max)
    item_end (c, &items[n++], seq);
  return n;
}

/* The first bytes of @it are out: the client's position moves past it. */
static void
item_started (Client * c, Item * it)
{
  switch (it->kind) {
    case ITEM_HEADER:
      c->header_seq = it->chunk->seq;
      if (it->chunk->kind == WMNET_CHUNK_HEADER)
        c->need_header = FALSE;
      else                      /* in the ring, or sent after a skip */
        c->next_seq = MAX (c->next_seq, it->seq + 1);
      break;
    case ITEM_PACKET:
      c->next_seq = it->seq + 1;
      break;
    case ITEM_END:
      break;
  }
}

/* Advances @c past @sent bytes of @items; a partly written item becomes its
 * cur item. Returns TRUE when the end of stream has been delivered. */
static gboolean
client_consume (Client * c, Item * items, guint n, gsize sent)
{
  WmnetServer *self = c->server;
  gboolean ended = FALSE;
  guint64 packets = 0;
  gsize total = sent;
  guint i;

  for (i = 0; i < n; i++) {
    Item *it = &items[i];
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
    if (it->kind == ITEM_PACKET)
      packets++;
    else if (it->kind == ITEM_END)
      ended = TRUE;
  }

  g_mutex_lock (&self->clients_lock);
  c->bytes_sent += total;
  c->packets_sent += packets;
  g_mutex_unlock (&self->clients_lock);
  return ended;
}

/* Writes what @c has pending, one writev at a time, until the socket is
 * full or the client is caught up. Returns FALSE when @c was closed. */
static gboolean
client_flush (Client * c)
{
  Item items[MAX_ITEMS];
  GOutputVector vec[MAX_ITEMS * 2];
  guint round;

  if (c->want_out)
    return TRUE;

  for (round = 0; round < MAX_ROUNDS; round++) {
    guint n = client_gather (c, items, MAX_ITEMS);
    guint i, nv = 0;
    gsize total = 0, skip = c->has_cur ? c->cur_off : 0;
    GError *error = NULL;
    gssize sent;

    if (n == 0)
      return TRUE;
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
          client_watch_out (c);
          return TRUE;
        }
        hung_up = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
            || g_error_matches (error, G_IO_ERROR,
            G_IO_ERROR_CONNECTION_CLOSED);

        GST_DEBUG ("client %" G_GUINT64_FORMAT ": %s", c->id, error->message);
        g_error_free (error);
        /* the peer going away is an ordinary close; anything else is not */
        client_close (c, hung_up ? WMNET_REASON_CLOSED : WMNET_REASON_ERROR);
        return FALSE;
      }
    }

    if (client_consume (c, items, n, sent)) {
      client_close (c, WMNET_REASON_EOS);
      return FALSE;
    }
    if ((gsize) sent < total) {
      client_watch_out (c);
      return TRUE;
    }
  }
  /* used its turn: continue when the loop comes round again */
  client_watch_out (c);
  return TRUE;
}

/* Bytes the kernel still holds for @c: sent by us, not yet taken by the
 * peer. They are stream the client is behind by, and no skip can drop them. */
static gsize
client_queued_bytes (Client * c)
{
#ifdef SIOCOUTQ
  int queued = 0;

  if (ioctl (g_socket_get_fd (c->socket), SIOCOUTQ, &queued) == 0
      && queued > 0)
    return queued;
#endif
  return 0;
}

/* A client more than client-buffer-time behind live, by the packets it has
 * not been sent and, when @deep, by what its kernel send queue holds; or
 * (when @deep, whatever the policy) one whose peer took no byte for
 * STALL_FACTOR times client-buffer-time while data waited for it. Returns
 * FALSE when it was closed. */
static gboolean
client_check_slow (Client * c, GstClockTime buffer_time,
    WmnetSlowClientPolicy policy, gboolean deep)
{
  WmnetRing *r = &c->server->ring;
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
      client_close (c, WMNET_REASON_SLOW);
      return FALSE;
    }
    rate = wmnet_ring_byte_rate (r);
    if (rate > 0)
      kernel_lag = gst_util_uint64_scale (queued, GST_SECOND, rate);
  }
  if (c->next_seq < r->first_seq)
    lag = GST_CLOCK_TIME_NONE;  /* its next packet left the ring */
  else if (!c->need_header && !c->wait_key && c->next_seq < r->next_seq)
    lag = wmnet_ring_newest_time (r) -
        wmnet_ring_get (r, c->next_seq)->time;
  if (lag != GST_CLOCK_TIME_NONE && lag + kernel_lag <= buffer_time)
    return TRUE;

  if (policy == WMNET_SLOW_CLIENT_DISCONNECT) {
    GST_INFO ("client %" G_GUINT64_FORMAT " is behind by %" GST_TIME_FORMAT
        " of packets (none: evicted) and %" GST_TIME_FORMAT " in its kernel "
        "queue", c->id, GST_TIME_ARGS (lag), GST_TIME_ARGS (kernel_lag));
    client_close (c, WMNET_REASON_SLOW);
    return FALSE;
  }
  if (r->have_key && r->last_key_seq > c->next_seq) {
    GST_LOG ("client %" G_GUINT64_FORMAT " skips %" G_GUINT64_FORMAT
        " packets", c->id, r->last_key_seq - c->next_seq);
    client_add_dropped (c, r->last_key_seq - c->next_seq);
    c->next_seq = r->last_key_seq;
  } else {
    client_repair (c);
  }
  return TRUE;
}

/* Returns FALSE when @c hung up, or sent too much, and was closed. */
static gboolean
client_read (Client * c)
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
      return TRUE;
    GST_INFO ("client %" G_GUINT64_FORMAT " sent more than %d bytes after "
        "its request", c->id, MAX_CLIENT_INPUT);
    client_close (c, WMNET_REASON_ERROR);
    return FALSE;
  }
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
    g_error_free (error);
    return TRUE;
  }
  g_clear_error (&error);
  client_close (c, WMNET_REASON_CLOSED);
  return FALSE;
}

static gboolean
watch_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetServer *self = user_data;
  struct epoll_event events[256];
  gint i, n, round;

  for (round = 0; round < 8; round++) {
    n = epoll_wait (self->epfd, events, G_N_ELEMENTS (events), 0);
    for (i = 0; i < n; i++) {
      Client *c = events[i].data.ptr;
      guint32 ev = events[i].events;

      if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !client_read (c))
        continue;               /* closed and freed */
      if ((ev & EPOLLOUT) && c->want_out) {
        c->want_out = FALSE;
        client_epoll (c, EPOLL_CTL_MOD);
        client_flush (c);
      }
    }
    if (n < (gint) G_N_ELEMENTS (events))
      break;
  }
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs watch_funcs = {
  NULL, NULL, watch_dispatch, NULL,
};

/* ------------------------------------------------------------------------ */
/* reverse DNS */

typedef struct
{
  WmnetServer *server;
  guint64 id;
} ResolveCtx;

static Client *
find_client_locked (WmnetServer * self, guint64 id)
{
  guint i;

  for (i = 0; i < self->clients->len; i++) {
    Client *c = g_ptr_array_index (self->clients, i);
    if (c->id == id)
      return c;
  }
  return NULL;
}

static void
resolved (GObject * src, GAsyncResult * res, gpointer user_data)
{
  ResolveCtx *ctx = user_data;
  WmnetServer *self = ctx->server;
  gchar *name = g_resolver_lookup_by_address_finish (G_RESOLVER (src), res,
      NULL);
  GstStructure *s = NULL;
  Client *c;

  if (name) {
    g_mutex_lock (&self->clients_lock);
    c = find_client_locked (self, ctx->id);
    if (c) {
      g_free (c->dns_name);
      c->dns_name = g_strdup (name);
      s = gst_structure_new ("wmnetsink-client-properties",
          "id", G_TYPE_UINT64, c->id, "address", G_TYPE_STRING, c->address,
          "port", G_TYPE_UINT, c->port, "dns-name", G_TYPE_STRING, name, NULL);
    }
    g_mutex_unlock (&self->clients_lock);
  }
  if (s) {
    self->callbacks.client_properties (self->user_data, s);
    self->callbacks.clients_changed (self->user_data);
  }
  g_free (name);
  g_object_unref (self);
  g_free (ctx);
}

/* ------------------------------------------------------------------------ */
/* HTTP */

/* What the accept loop knows of a connection, kept on the remote address
 * it gave libsoup (soup_server_message_get_remote_address() returns that
 * very object): the socket, and the screen its request head went through. */
typedef struct
{
  GSocket *socket;
  WmnetHeadScreen *screen;
} ConnInfo;

static void
conn_info_free (ConnInfo * info)
{
  g_object_unref (info->socket);
  g_object_unref (info->screen);
  g_free (info);
}

static ConnInfo *
conn_info_of (SoupServerMessage * msg)
{
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);

  return sa ? g_object_get_data (G_OBJECT (sa), "wmnet-conn") : NULL;
}

static GSocket *
socket_of (SoupServerMessage * msg)
{
  ConnInfo *info = conn_info_of (msg);

  return info ? info->socket : NULL;
}

static gchar *
peer_of (SoupServerMessage * msg, GInetAddress ** inet, guint * port)
{
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);

  *inet = NULL;
  *port = 0;
  if (!G_IS_INET_SOCKET_ADDRESS (sa))
    return NULL;
  *inet = wmnet_inet_address_normalize (g_inet_socket_address_get_address
      (G_INET_SOCKET_ADDRESS (sa)));
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sa));
  return g_inet_address_to_string (*inet);
}

static void
post_refused (WmnetServer * self, const gchar * address, guint port,
    const gchar * reason)
{
  GstStructure *s = gst_structure_new ("wmnetsink-client-refused",
      "address", G_TYPE_STRING, address ? address : "",
      "port", G_TYPE_UINT, port, "reason", G_TYPE_STRING, reason, NULL);

  self->callbacks.client_refused (self->user_data, s);
}

static void
set_wmsp_headers (SoupServerMessage * msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  gchar *id = g_strdup_printf ("client-id=%u", g_random_int ());

  soup_message_headers_append (h, "Cache-Control", "no-cache");
  soup_message_headers_append (h, "Pragma", "no-cache");
  soup_message_headers_append (h, "Pragma", id);
  soup_message_headers_append (h, "Pragma", "features=\"broadcast\"");
  g_free (id);
}

static void
answer_describe (WmnetServer * self, SoupServerMessage * msg)
{
  WmnetChunk *h = self->header;
  guint8 *body = g_malloc (WMSP_DATA_FRAME_SIZE + h->map.size);

  memcpy (body, h->frame, WMSP_DATA_FRAME_SIZE);
  memcpy (body + WMSP_DATA_FRAME_SIZE, h->map.data, h->map.size);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/vnd.ms.wms-hdr.asfv1",
      SOUP_MEMORY_TAKE, (gchar *) body, WMSP_DATA_FRAME_SIZE + h->map.size);
}

typedef struct
{
  WmnetServer *server;
  gboolean wmsp;
  gchar *user_agent;
} StreamStart;

static void
stream_start_free (StreamStart * st)
{
  g_free (st->user_agent);
  g_free (st);
}

static void
start_client (WmnetServer * self, SoupServerMessage * msg, StreamStart * st)
{
  Client *c = g_new0 (Client, 1);
  WmnetRing *r = &self->ring;
  gboolean fast_start, resolve;
  GstClockTime window, buffer_time;

  c->server = self;
  c->wmsp = st->wmsp;
  c->user_agent = g_strdup (st->user_agent);
  c->address = peer_of (msg, &c->inet, &c->port);
  /* the stream libsoup hands over wraps the socket; we write to the socket
   * itself (writev) and keep the stream to own and close the connection */
  c->socket = socket_of (msg);
  if (c->socket)
    g_object_ref (c->socket);
  c->stream = soup_server_message_steal_connection (msg);
  if (c->address == NULL || c->stream == NULL || c->socket == NULL) {
    /* the peer reset in the meantime: nothing to serve */
    GST_INFO_OBJECT (self, "cannot take over the connection");
    if (c->stream)
      g_io_stream_close (c->stream, NULL, NULL);
    client_free (c);
    return;
  }
  /* the lists may have been edited since the request was screened */
  if (self->access && !wmnet_access_list_check (self->access, c->inet)) {
    post_refused (self, c->address, c->port, "access-denied");
    g_io_stream_close (c->stream, NULL, NULL);
    g_socket_close (c->socket, NULL);
    client_free (c);
    return;
  }
  g_socket_set_blocking (c->socket, FALSE);
  g_socket_set_timeout (c->socket, 0);
  g_socket_set_option (c->socket, SOL_SOCKET, SO_SNDBUF, CLIENT_SNDBUF, NULL);
  c->cancellable = g_cancellable_new ();
  c->connected_at = g_get_real_time ();
  c->connected_mono = c->last_progress = g_get_monotonic_time ();
  c->need_header = TRUE;

  g_mutex_lock (&self->settings_lock);
  fast_start = self->fast_start;
  resolve = self->resolve_names;
  window = self->fast_start_time;
  buffer_time = self->client_buffer_time;
  g_mutex_unlock (&self->settings_lock);

  /* Fast start: from a key packet, as fast as the socket takes it;
   * otherwise from the next key packet at the live rate. */
  c->header_seq = self->header ? self->header->seq : 0;
  if (!fast_start || !self->header || !wmnet_ring_fast_start_seq (r, window,
          buffer_time / 2, self->header->seq, &c->next_seq)) {
    c->next_seq = r->next_seq;
    c->wait_key = TRUE;
  }

  g_mutex_lock (&self->clients_lock);
  c->id = self->next_id++;
  g_ptr_array_add (self->clients, c);
  g_mutex_unlock (&self->clients_lock);

  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " %s:%u (%s, %s)",
      c->id, c->address, c->port, c->wmsp ? "wmsp" : "http", c->user_agent);
  self->callbacks.client_connected (self->user_data,
      client_structure (c, "wmnetsink-client-connected"));
  self->callbacks.clients_changed (self->user_data);

  if (resolve) {
    ResolveCtx *ctx = g_new0 (ResolveCtx, 1);

    ctx->server = g_object_ref (self);
    ctx->id = c->id;
    g_resolver_lookup_by_address_async (self->resolver, c->inet,
        c->cancellable, resolved, ctx);
  }

  client_epoll (c, EPOLL_CTL_ADD);
  client_flush (c);
}

static void
stream_wrote_body (SoupServerMessage * msg, gpointer user_data)
{
  StreamStart *st = g_object_get_data (G_OBJECT (msg), "wmnet-stream");

  /* The response headers are out: from here on the connection is ours and
   * the packets go out with writev, shared by every client. */
  g_object_ref (msg);
  start_client (st->server, msg, st);
  g_object_unref (msg);
}

static gboolean
server_is_full (WmnetServer * self)
{
  guint max, n;

  g_mutex_lock (&self->settings_lock);
  max = self->max_clients;
  g_mutex_unlock (&self->settings_lock);
  n = wmnet_server_get_num_clients (self);
  return max != 0 && n >= max;
}

static gboolean
request_timed_out (gpointer data)
{
  SoupServerMessage *msg = data;
  GSocket *sock = socket_of (msg);

  GST_INFO ("no complete request in %d s: closing", REQUEST_TIMEOUT_S);
  /* libsoup reads the end of the stream and drops the connection itself */
  if (sock)
    g_socket_shutdown (sock, TRUE, TRUE, NULL);
  g_source_unref (g_object_steal_data (G_OBJECT (msg), "wmnet-timeout"));
  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
request_started (SoupServer * soup, SoupServerMessage * msg,
    gpointer user_data)
{
  GSource *timeout = g_timeout_source_new_seconds (REQUEST_TIMEOUT_S);

  /* the message owns its timer: finishing early destroys it */
  g_source_set_callback (timeout, request_timed_out, msg, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  g_object_set_data_full (G_OBJECT (msg), "wmnet-timeout", timeout,
      destroy_source);
}

/* Answers @status (0: nothing) and drops the connection without reading
 * further: libsoup would otherwise read (and keep) a request body before
 * answering. */
static void
refuse_now (SoupServerMessage * msg, guint status)
{
  GSocket *sock = socket_of (msg);
  GIOStream *stream;
  gchar *head;

  if (sock == NULL)
    return;
  g_object_ref (sock);
  stream = soup_server_message_steal_connection (msg);
  if (status != 0) {
    head = g_strdup_printf ("HTTP/1.0 %u %s\r\nServer: %s\r\n"
        "Connection: close\r\nContent-Length: 0\r\n\r\n", status,
        soup_status_get_phrase (status), WMNET_SERVER_HEADER);
    /* best effort: the socket is non-blocking and the answer is small */
    g_socket_send (sock, head, strlen (head), NULL, NULL);
    g_free (head);
  }
  /* a reset would throw away the answer: end our side, then close */
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  if (stream) {
    g_io_stream_close (stream, NULL, NULL);
    g_object_unref (stream);
  }
  g_socket_close (sock, NULL);
  g_object_unref (sock);
}

/* Runs when the request head is in, before any body is read: whatever is
 * refused is refused here, so no client can make us buffer a body. */
static void
screen_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetServer *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  GInetAddress *inet;
  guint port;
  gchar *address;
  guint status = 0;
  ConnInfo *info;
  const gchar *problem;
  SoupEncoding enc = soup_message_headers_get_encoding (req);
  /* != 0, not > 0: libsoup parses "Content-Length: -1" (or >= 2^63) to a
   * negative length, and would then read and keep an endless body */
  gboolean has_body = enc == SOUP_ENCODING_CHUNKED
      || (enc == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (req) != 0);

  soup_server_message_set_http_version (msg, SOUP_HTTP_1_0);
  soup_message_headers_replace (resp, "Connection", "close");

  info = conn_info_of (msg);
  problem = info ? wmnet_head_screen_get_problem (info->screen) : NULL;
  address = peer_of (msg, &inet, &port);
  if (inet == NULL) {
    /* no peer address: it reset already; serve nothing we cannot check */
    status = SOUP_STATUS_BAD_REQUEST;
  } else if (problem) {
    /* a proxy in front may have read this head another way */
    GST_INFO_OBJECT (self, "%s:%u: %s", address, port, problem);
    status = SOUP_STATUS_BAD_REQUEST;
    has_body = TRUE;            /* whatever follows is not to be read */
  } else if (self->access && !wmnet_access_list_check (self->access, inet)) {
    GST_INFO_OBJECT (self, "%s:%u refused by the access lists", address, port);
    status = SOUP_STATUS_FORBIDDEN;
    post_refused (self, address, port, "access-denied");
  } else if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
    soup_message_headers_replace (resp, "Allow", "GET, HEAD");
    status = SOUP_STATUS_METHOD_NOT_ALLOWED;
  } else if (has_body) {
    status = SOUP_STATUS_BAD_REQUEST;   /* a GET or HEAD has no body */
  }

  if (status != 0 && has_body) {
    refuse_now (msg, status);
  } else {
    /* the head is complete: the slowloris timer has done its job */
    g_object_set_data (G_OBJECT (msg), "wmnet-timeout", NULL);
    if (status != 0)
      soup_server_message_set_status (msg, status, NULL);
  }
  g_clear_object (&inet);
  g_free (address);
}

/* A describe that came before the first header: answered when the header
 * comes, with 503 after REQUEST_TIMEOUT_S or at stop, and dropped when its
 * client goes away (or sends more) in the meantime. */
typedef struct
{
  WmnetServer *server;
  SoupServerMessage *msg;
  GSource *timer;
  GSource *watch;
} PendingDescribe;

static void answer_describe (WmnetServer * self, SoupServerMessage * msg);

/* @status: 200 answers with the header, 0 drops the connection. */
static void
pending_finish (PendingDescribe * p, guint status)
{
  WmnetServer *self = p->server;

  self->pending_describes = g_list_remove (self->pending_describes, p);
  self->n_pending_describes--;
  g_source_destroy (p->timer);
  g_source_unref (p->timer);
  if (p->watch) {
    g_source_destroy (p->watch);
    g_source_unref (p->watch);
  }
  if (status == 0) {
    refuse_now (p->msg, 0);
  } else {
    if (status == SOUP_STATUS_OK)
      answer_describe (self, p->msg);
    else
      soup_server_message_set_status (p->msg, status, NULL);
    soup_server_message_unpause (p->msg);
  }
  g_object_unref (p->msg);
  g_free (p);
}

static gboolean
pending_timed_out (gpointer data)
{
  GST_INFO ("no header in %d s for a describe request: 503",
      REQUEST_TIMEOUT_S);
  pending_finish (data, SOUP_STATUS_SERVICE_UNAVAILABLE);
  return G_SOURCE_REMOVE;
}

static gboolean
pending_client_gone (GSocket * sock, GIOCondition cond, gpointer data)
{
  pending_finish (data, 0);
  return G_SOURCE_REMOVE;
}

static void
pending_add (WmnetServer * self, SoupServerMessage * msg)
{
  PendingDescribe *p;
  GSocket *sock = socket_of (msg);

  if (self->n_pending_describes >= MAX_PENDING_DESCRIBES || sock == NULL) {
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
        NULL);
    return;
  }
  p = g_new0 (PendingDescribe, 1);
  p->server = self;
  p->msg = g_object_ref (msg);
  p->timer = g_timeout_source_new_seconds (REQUEST_TIMEOUT_S);
  g_source_set_callback (p->timer, pending_timed_out, p, NULL);
  g_source_attach (p->timer, self->context);
  p->watch = g_socket_create_source (sock, G_IO_IN | G_IO_HUP | G_IO_ERR,
      NULL);
  g_source_set_callback (p->watch, G_SOURCE_FUNC (pending_client_gone), p,
      NULL);
  g_source_attach (p->watch, self->context);
  soup_server_message_pause (msg);
  self->pending_describes = g_list_prepend (self->pending_describes, p);
  self->n_pending_describes++;
}

static void
pending_finish_all (WmnetServer * self, guint status)
{
  while (self->pending_describes)
    pending_finish (self->pending_describes->data, status);
}

static void
handle_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetServer *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const gchar *ua, *pragma;
  GInetAddress *inet;
  guint port;
  gchar *address;
  WmspRequestKind kind;
  gboolean head;

  address = peer_of (msg, &inet, &port);
  head = method == SOUP_METHOD_HEAD;

  /* Never a 206: the stream is live and has no ranges. */
  soup_message_headers_remove (req, "Range");

  ua = soup_message_headers_get_one (req, "User-Agent");
  pragma = soup_message_headers_get_list (req, "Pragma");
  kind = wmsp_classify_request (ua, pragma);

  if (kind != WMSP_REQUEST_PLAIN)
    set_wmsp_headers (msg);

  if (kind == WMSP_REQUEST_DESCRIBE) {
    if (self->header)
      answer_describe (self, msg);
    else
      pending_add (self, msg);
    goto done;
  }

  if (!head && server_is_full (self)) {
    GST_INFO_OBJECT (self, "%s:%u refused: max-clients reached", address,
        port);
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
        NULL);
    post_refused (self, address, port, "max-clients");
    goto done;
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (resp, kind == WMSP_REQUEST_PLAY ?
      "application/x-mms-framed" : "video/x-ms-asf", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_EOF);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
  if (!head) {
    StreamStart *st = g_new0 (StreamStart, 1);

    st->server = self;
    st->wmsp = kind == WMSP_REQUEST_PLAY;
    st->user_agent = g_strdup (ua ? ua : "");
    g_object_set_data_full (G_OBJECT (msg), "wmnet-stream", st,
        (GDestroyNotify) stream_start_free);
    g_signal_connect (msg, "wrote-body", G_CALLBACK (stream_wrote_body), NULL);
  }

done:
  g_clear_object (&inet);
  g_free (address);
}

/* ------------------------------------------------------------------------ */
/* the feed: streaming thread -> server thread */

static void
set_header (WmnetServer * self, GstBuffer * buf)
{
  WmnetChunk *h;
  gsize size;

  if (self->header) {
    gboolean same = gst_buffer_get_size (buf) == self->header->map.size
        && gst_buffer_memcmp (buf, 0, self->header->map.data,
        self->header->map.size) == 0;

    if (same) {
      gst_buffer_unref (buf);
      return;
    }
  }

  size = gst_buffer_get_size (buf);
  h = wmnet_chunk_new (WMNET_CHUNK_HEADER, buf, self->ring.next_seq,
      self->ring.next_seq);
  if (h == NULL) {
    GST_ERROR_OBJECT (self, "a header of %" G_GSIZE_FORMAT " bytes does not "
        "fit MS-WMSP framing", size);
    return;
  }
  if (self->header) {
    /* clients already streaming get $E(1), $C and this $H in order */
    WmnetChunk *change = wmnet_chunk_new (WMNET_CHUNK_HEADER_CHANGE,
        gst_buffer_ref (buf), h->seq, h->seq);

    g_clear_pointer (&self->header_change, wmnet_chunk_unref);
    if (change) {
      self->header_change = wmnet_chunk_ref (change);
      wmnet_ring_push (&self->ring, change);
    }
    wmnet_chunk_unref (self->header);
  }
  self->header = h;

  pending_finish_all (self, SOUP_STATUS_OK);
}

/* client_close() edits the table: whoever walks it to write or close
 * walks this copy. */
static GPtrArray *
clients_snapshot (WmnetServer * self)
{
  GPtrArray *snapshot;

  g_mutex_lock (&self->clients_lock);
  snapshot = g_ptr_array_copy (self->clients, NULL, NULL);
  g_mutex_unlock (&self->clients_lock);
  return snapshot;
}

static gboolean
flush_all (gpointer data)
{
  WmnetServer *self = data;
  GPtrArray *snapshot;
  guint i;

  if (self->flush_timer) {
    g_source_destroy (self->flush_timer);
    g_source_unref (self->flush_timer);
    self->flush_timer = NULL;
  }
  snapshot = clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++)
    client_flush (g_ptr_array_index (snapshot, i));
  g_ptr_array_unref (snapshot);
  return G_SOURCE_REMOVE;
}

/* Kernel send queues and stalled sockets, for every client: too costly on
 * each packet, and needed when no packet comes. */
static gboolean
check_slow_all (gpointer data)
{
  WmnetServer *self = data;
  GstClockTime buffer_time;
  WmnetSlowClientPolicy policy;
  GPtrArray *snapshot;
  guint i;

  g_mutex_lock (&self->settings_lock);
  buffer_time = self->client_buffer_time;
  policy = self->slow_policy;
  g_mutex_unlock (&self->settings_lock);

  snapshot = clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++)
    client_check_slow (g_ptr_array_index (snapshot, i), buffer_time, policy,
        TRUE);
  g_ptr_array_unref (snapshot);
  return G_SOURCE_CONTINUE;
}

static gboolean
feed_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetServer *self = user_data;
  GstClockTime buffer_time, coalesce;
  WmnetSlowClientPolicy policy;
  gboolean changed = FALSE;
  GPtrArray *snapshot;
  FeedItem *item;
  guint i;

  g_source_set_ready_time (source, -1);

  g_mutex_lock (&self->settings_lock);
  buffer_time = self->client_buffer_time;
  policy = self->slow_policy;
  coalesce = self->coalesce_time;
  g_mutex_unlock (&self->settings_lock);

  for (;;) {
    g_mutex_lock (&self->feed_lock);
    item = g_queue_pop_head (&self->feed);
    g_mutex_unlock (&self->feed_lock);
    if (item == NULL)
      break;
    switch (item->kind) {
      case FEED_HEADER:
        set_header (self, item->buf);
        break;
      case FEED_PACKET:{
        WmnetChunk *c = wmnet_chunk_new (WMNET_CHUNK_PACKET, item->buf,
            self->ring.next_seq, self->header ? self->header->seq : 0);

        if (c)
          wmnet_ring_push (&self->ring, c);
        else
          GST_ERROR_OBJECT (self, "a packet does not fit MS-WMSP framing");
        break;
      }
      case FEED_EOS:
        self->eos = TRUE;
        coalesce = 0;           /* deliver the end at once */
        break;
    }
    changed = TRUE;
    g_free (item);
  }
  if (!changed)
    return G_SOURCE_CONTINUE;

  wmnet_ring_evict (&self->ring, buffer_time, RING_HARD_FACTOR,
      RING_MAX_BYTES);

  snapshot = clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++) {
    Client *c = g_ptr_array_index (snapshot, i);

    if (client_check_slow (c, buffer_time, policy, FALSE) && coalesce == 0)
      client_flush (c);
  }
  g_ptr_array_unref (snapshot);

  /* The cost of fan-out is the number of writes, not the bytes: gather
   * coalesce-time of packets into one writev per client. */
  if (coalesce > 0 && self->flush_timer == NULL) {
    self->flush_timer = g_timeout_source_new (coalesce / GST_MSECOND);
    g_source_set_callback (self->flush_timer, flush_all, self, NULL);
    g_source_attach (self->flush_timer, self->context);
  }
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs feed_funcs = {
  NULL, NULL, feed_dispatch, NULL,
};

static void
feed (WmnetServer * self, FeedKind kind, GstBuffer * buf)
{
  FeedItem *item = g_new (FeedItem, 1);

  item->kind = kind;
  item->buf = buf;
  g_mutex_lock (&self->feed_lock);
  if (self->feed_source == NULL) {
    g_mutex_unlock (&self->feed_lock);
    if (buf)
      gst_buffer_unref (buf);
    g_free (item);
    return;
  }
  g_queue_push_tail (&self->feed, item);
  /* thread-safe, and wakes the server's context */
  g_source_set_ready_time (self->feed_source, 0);
  g_mutex_unlock (&self->feed_lock);
}

void
wmnet_server_set_header (WmnetServer * server, GstBuffer * header)
{
  feed (server, FEED_HEADER, gst_buffer_ref (header));
}

void
wmnet_server_push (WmnetServer * server, GstBuffer * packet)
{
  feed (server, FEED_PACKET, gst_buffer_ref (packet));
}

void
wmnet_server_eos (WmnetServer * server)
{
  feed (server, FEED_EOS, NULL);
}

gboolean
wmnet_server_wait_flushed (WmnetServer * server, GstClockTime timeout)
{
  gint64 end = g_get_monotonic_time () + timeout / GST_USECOND;
  gboolean ret;

  g_mutex_lock (&server->clients_lock);
  while (server->clients->len > 0)
    if (!g_cond_wait_until (&server->flushed_cond, &server->clients_lock, end))
      break;
  ret = server->clients->len == 0;
  g_mutex_unlock (&server->clients_lock);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* accepting connections: ours, not libsoup's, whose listener gives up for
 * good the first time accept() fails (e.g. out of descriptors) */

static gboolean accept_ready (GSocket * listener, GIOCondition cond,
    gpointer data);

static void
listen_arm (WmnetServer * self)
{
  self->listen_source = g_socket_create_source (self->listener, G_IO_IN,
      NULL);
  g_source_set_callback (self->listen_source,
      G_SOURCE_FUNC (accept_ready), self, NULL);
  g_source_attach (self->listen_source, self->context);
}

static gboolean
backoff_done (gpointer data)
{
  WmnetServer *self = data;

  g_clear_pointer (&self->backoff_timer, g_source_unref);
  listen_arm (self);
  return G_SOURCE_REMOVE;
}

static void
warn_fds (WmnetServer * self)
{
  gchar *text;

  if (self->warned_fds)
    return;
  self->warned_fds = TRUE;
  text = g_strdup_printf ("Out of file descriptors (the limit is %"
      G_GINT64_FORMAT "): new connections get 503 until some are free; "
      "raise RLIMIT_NOFILE (ulimit -n) to serve more clients", self->fd_limit);
  GST_WARNING_OBJECT (self, "%s", text);
  self->callbacks.warning (self->user_data, text);
  g_free (text);
}

/* A connection nothing was read from: 503, best effort, and closed. */
static void
refuse_socket (GSocket * sock)
{
  static const gchar head[] = "HTTP/1.0 503 Service Unavailable\r\n"
      "Server: " WMNET_SERVER_HEADER "\r\nConnection: close\r\n"
      "Content-Length: 0\r\n\r\n";

  g_socket_send (sock, head, sizeof (head) - 1, NULL, NULL);
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  g_socket_close (sock, NULL);
}

/* Hands @sock to libsoup, its request head read through a WmnetHeadScreen,
 * with a ConnInfo on the remote address the handlers will see. */
static void
serve_socket (WmnetServer * self, GSocket * sock)
{
  GSocketAddress *remote, *local;
  GSocketConnection *conn;
  GIOStream *stream;
  ConnInfo *info;

  remote = g_socket_get_remote_address (sock, NULL);
  local = g_socket_get_local_address (sock, NULL);
  if (remote == NULL || local == NULL) {
    /* reset before we got to it */
    g_clear_object (&remote);
    g_clear_object (&local);
    g_socket_close (sock, NULL);
    return;
  }
  info = g_new0 (ConnInfo, 1);
  info->socket = g_object_ref (sock);
  info->screen = wmnet_head_screen_new ();
  conn = g_socket_connection_factory_create_connection (sock);
  stream = wmnet_screened_stream_new (G_IO_STREAM (conn), info->screen);
  g_object_set_data_full (G_OBJECT (remote), "wmnet-conn", info,
      (GDestroyNotify) conn_info_free);
  soup_server_accept_iostream (self->soup, stream, local, remote, NULL);
  g_object_unref (stream);
  g_object_unref (conn);
  g_object_unref (remote);
  g_object_unref (local);
}

static gboolean
accept_ready (GSocket * listener, GIOCondition cond, gpointer data)
{
  WmnetServer *self = data;
  guint i;

  for (i = 0; i < 64; i++) {
    GError *error = NULL;
    GSocket *sock = g_socket_accept (listener, NULL, &error);

    if (sock == NULL) {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        g_error_free (error);
        break;
      }
      /* out of descriptors (or memory): the pending connection stays
       * ready, so going on now would spin; try again shortly */
      GST_DEBUG_OBJECT (self, "accept: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR,
              G_IO_ERROR_TOO_MANY_OPEN_FILES))
        warn_fds (self);
      g_error_free (error);
      g_clear_pointer (&self->listen_source, g_source_unref);
      self->backoff_timer = g_timeout_source_new (ACCEPT_BACKOFF_MS);
      g_source_set_callback (self->backoff_timer, backoff_done, self, NULL);
      g_source_attach (self->backoff_timer, self->context);
      return G_SOURCE_REMOVE;
    }
    /* descriptors are handed out lowest first: this one's number says how
     * many are in use */
    if (self->fd_limit > 0 &&
        g_socket_get_fd (sock) >= self->fd_limit - FD_HEADROOM) {
      warn_fds (self);
      refuse_socket (sock);
    } else {
      serve_socket (self, sock);
    }
    g_object_unref (sock);
  }
  return G_SOURCE_CONTINUE;
}

static void
listen_stop (WmnetServer * self)
{
  if (self->listen_source) {
    g_source_destroy (self->listen_source);
    g_clear_pointer (&self->listen_source, g_source_unref);
  }
  if (self->backoff_timer) {
    g_source_destroy (self->backoff_timer);
    g_clear_pointer (&self->backoff_timer, g_source_unref);
  }
  if (self->listener) {
    g_socket_close (self->listener, NULL);
    g_clear_object (&self->listener);
  }
}

/* ------------------------------------------------------------------------ */
/* life cycle */

static GSocket *
listen_socket (const gchar * address, guint port, GError ** error)
{
  GInetAddress *inet = NULL;
  GSocketAddress *sa;
  GSocket *sock = NULL;
  gboolean dual = FALSE;

  if (address == NULL || *address == '\0') {
    /* every interface: one IPv6 socket that also takes IPv4 */
    inet = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
    sock = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
        G_SOCKET_PROTOCOL_TCP, NULL);
    if (sock == NULL) {
      g_object_unref (inet);
      inet = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
    } else {
      dual = TRUE;
    }
  } else {
    inet = g_inet_address_new_from_string (address);
    if (inet == NULL) {
      GResolver *resolver = g_resolver_get_default ();
      GList *list = g_resolver_lookup_by_name (resolver, address, NULL, error);

      g_object_unref (resolver);
      if (list == NULL)
        return NULL;
      inet = g_object_ref (list->data);
      g_resolver_free_addresses (list);
    }
  }

  if (sock == NULL) {
    sock = g_socket_new (g_inet_address_get_family (inet),
        G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
    if (sock == NULL) {
      g_object_unref (inet);
      return NULL;
    }
  }
  if (dual && !g_socket_set_option (sock, IPPROTO_IPV6, IPV6_V6ONLY, 0, NULL))
    GST_WARNING ("cannot make the listening socket dual-stack");

  sa = g_inet_socket_address_new (inet, port);
  g_socket_set_listen_backlog (sock, LISTEN_BACKLOG);
  if (!g_socket_bind (sock, sa, TRUE, error) || !g_socket_listen (sock, error))
    g_clear_object (&sock);
  if (sock) {
    g_socket_set_blocking (sock, FALSE);
    /* inherited by every accepted socket: packets go out as written */
    g_socket_set_option (sock, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  }
  g_object_unref (sa);
  g_object_unref (inet);
  return sock;
}

static gpointer
server_thread (gpointer data)
{
  WmnetServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
wmnet_server_start (WmnetServer * self, const gchar * address, guint port,
    GError ** error)
{
  GSocket *sock;
  GSocketAddress *local;
  GSource *src;
  gchar *host;
  struct rlimit nofile;
  gint epfd;

  g_mutex_lock (&self->state_lock);
  if (self->thread != NULL) {
    g_mutex_unlock (&self->state_lock);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
        "The server is already listening");
    return FALSE;
  }

  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (epfd < 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "Cannot create an epoll set: %s", g_strerror (errno));
    g_mutex_unlock (&self->state_lock);
    return FALSE;
  }
  sock = listen_socket (address, port, error);
  if (sock == NULL) {
    close (epfd);
    g_mutex_unlock (&self->state_lock);
    return FALSE;
  }
  self->listener = sock;
  self->fd_limit = 0;
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0
      && nofile.rlim_cur != RLIM_INFINITY)
    self->fd_limit = nofile.rlim_cur;
  self->warned_fds = FALSE;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->soup = soup_server_new ("server-header", WMNET_SERVER_HEADER, NULL);
  soup_server_add_early_handler (self->soup, NULL, screen_request, self,
      NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started",
      G_CALLBACK (request_started), self);
  self->resolver = g_resolver_get_default ();
  listen_arm (self);

  local = g_socket_get_local_address (sock, NULL);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);

  if (address == NULL || *address == '\0' || g_str_equal (address, "0.0.0.0")
      || g_str_equal (address, "::"))
    host = g_strdup (g_get_host_name ());
  else if (strchr (address, ':'))
    host = g_strdup_printf ("[%s]", address);
  else
    host = g_strdup (address);
  self->url = g_strdup_printf ("http://%s:%d/", host, self->port);
  g_free (host);

  self->eos = FALSE;
  self->epfd = epfd;
  self->watch = g_source_new (&watch_funcs, sizeof (GSource));
  g_source_add_unix_fd (self->watch, self->epfd, G_IO_IN);
  g_source_set_callback (self->watch, NULL, self, NULL);
  g_source_attach (self->watch, self->context);

  self->slow_timer = g_timeout_source_new (SLOW_CHECK_INTERVAL_MS);
  g_source_set_callback (self->slow_timer, check_slow_all, self, NULL);
  g_source_attach (self->slow_timer, self->context);

  src = g_source_new (&feed_funcs, sizeof (GSource));
  g_source_set_callback (src, NULL, self, NULL);
  g_source_set_priority (src, G_PRIORITY_DEFAULT);
  g_source_attach (src, self->context);
  g_mutex_lock (&self->feed_lock);
  self->feed_source = src;
  g_mutex_unlock (&self->feed_lock);

  self->thread = g_thread_new ("wmnetserver", server_thread, self);
  GST_INFO_OBJECT (self, "listening on %s", self->url);
  g_mutex_unlock (&self->state_lock);
  return TRUE;
}

static gboolean
close_all_and_quit (gpointer data)
{
  WmnetServer *self = data;
  GPtrArray *snapshot;
  guint i;

  snapshot = clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++)
    client_close (g_ptr_array_index (snapshot, i), WMNET_REASON_CLOSED);
  g_ptr_array_unref (snapshot);

  pending_finish_all (self, SOUP_STATUS_SERVICE_UNAVAILABLE);

  if (self->flush_timer) {
    g_source_destroy (self->flush_timer);
    g_clear_pointer (&self->flush_timer, g_source_unref);
  }
  listen_stop (self);
  soup_server_disconnect (self->soup);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
wmnet_server_stop (WmnetServer * self)
{
  FeedItem *item;

  g_mutex_lock (&self->state_lock);
  if (self->thread == NULL) {
    g_mutex_unlock (&self->state_lock);
    return;
  }
  g_main_context_invoke (self->context, close_all_and_quit, self);
  g_thread_join (self->thread);
  self->thread = NULL;

  g_mutex_lock (&self->feed_lock);
  g_source_destroy (self->feed_source);
  g_source_unref (self->feed_source);
  self->feed_source = NULL;
  while ((item = g_queue_pop_head (&self->feed))) {
    if (item->buf)
      gst_buffer_unref (item->buf);
    g_free (item);
  }
  g_mutex_unlock (&self->feed_lock);

  /* let libsoup's sources finish on the context they belong to */
  g_main_context_push_thread_default (self->context);
  g_clear_object (&self->soup);
  g_clear_object (&self->resolver);
  while (g_main_context_iteration (self->context, FALSE));
  g_main_context_pop_thread_default (self->context);

  g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
  g_source_destroy (self->slow_timer);
  g_clear_pointer (&self->slow_timer, g_source_unref);
  close (self->epfd);
  self->epfd = -1;

  wmnet_ring_clear (&self->ring);
  g_clear_pointer (&self->header, wmnet_chunk_unref);
  g_clear_pointer (&self->header_change, wmnet_chunk_unref);
  self->eos = FALSE;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = -1;
  g_clear_pointer (&self->url, g_free);
  g_mutex_unlock (&self->state_lock);
  GST_INFO_OBJECT (self, "stopped");
}

gint
wmnet_server_get_port (WmnetServer * self)
{
  gint port;

  g_mutex_lock (&self->state_lock);
  port = self->port;
  g_mutex_unlock (&self->state_lock);
  return port;
}

gchar *
wmnet_server_get_url (WmnetServer * self)
{
  gchar *url;

  g_mutex_lock (&self->state_lock);
  url = g_strdup (self->url);
  g_mutex_unlock (&self->state_lock);
  return url;
}

/* ------------------------------------------------------------------------ */
/* the client table */

guint
wmnet_server_get_num_clients (WmnetServer * self)
{
  guint n;

  g_mutex_lock (&self->clients_lock);
  n = self->clients->len;
  g_mutex_unlock (&self->clients_lock);
  return n;
}

GPtrArray *
wmnet_server_get_clients (WmnetServer * self)
{
  GPtrArray *arr = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  guint i;

  g_mutex_lock (&self->clients_lock);
  for (i = 0; i < self->clients->len; i++)
    g_ptr_array_add (arr, client_structure (g_ptr_array_index (self->clients,
                i), "wmnetsink-client"));
  g_mutex_unlock (&self->clients_lock);
  return arr;
}

GstStructure *
wmnet_server_get_client_info (WmnetServer * self, guint index)
{
  GstStructure *s = NULL;

  g_mutex_lock (&self->clients_lock);
  if (index < self->clients->len)
    s = client_structure (g_ptr_array_index (self->clients, index),
        "wmnetsink-client");
  g_mutex_unlock (&self->clients_lock);
  return s;
}

typedef struct
{
  WmnetServer *server;
  gboolean all;
  guint64 id;
  WmnetDisconnectReason reason;
} KickCtx;

static gboolean
kick_on_server (gpointer data)
{
  KickCtx *k = data;
  WmnetServer *self = k->server;
  GPtrArray *victims = g_ptr_array_new ();
  guint i;

  g_mutex_lock (&self->clients_lock);
  for (i = 0; i < self->clients->len; i++) {
    Client *c = g_ptr_array_index (self->clients, i);

    if (k->all && k->reason == WMNET_REASON_ACCESS_DENIED) {
      if (self->access && !wmnet_access_list_check (self->access, c->inet))
        g_ptr_array_add (victims, c);
    } else if (k->all || c->id == k->id) {
      g_ptr_array_add (victims, c);
    }
  }
  g_mutex_unlock (&self->clients_lock);

  for (i = 0; i < victims->len; i++)
    client_close (g_ptr_array_index (victims, i), k->reason);
  g_ptr_array_unref (victims);
  return G_SOURCE_REMOVE;
}

static void
kick (WmnetServer * self, gboolean all, guint64 id,
    WmnetDisconnectReason reason)
{
  KickCtx *k = g_new0 (KickCtx, 1);
  GSource *src;

  k->server = self;
  k->all = all;
  k->id = id;
  k->reason = reason;

  g_mutex_lock (&self->state_lock);
  if (self->context == NULL) {
    g_mutex_unlock (&self->state_lock);
    g_free (k);
    return;
  }
  src = g_idle_source_new ();
  g_source_set_priority (src, G_PRIORITY_HIGH);
  g_source_set_callback (src, kick_on_server, k, g_free);
  g_source_attach (src, self->context);
  g_source_unref (src);
  g_mutex_unlock (&self->state_lock);
}

gboolean
wmnet_server_disconnect_client (WmnetServer * self, guint64 id)
{
  gboolean found;

  g_mutex_lock (&self->clients_lock);
  found = find_client_locked (self, id) != NULL;
  g_mutex_unlock (&self->clients_lock);
  if (found)
    kick (self, FALSE, id, WMNET_REASON_KICKED);
  return found;
}

void
wmnet_server_disconnect_all (WmnetServer * self)
{
  kick (self, TRUE, 0, WMNET_REASON_KICKED);
}

void
wmnet_server_recheck_access (WmnetServer * self)
{
  kick (self, TRUE, 0, WMNET_REASON_ACCESS_DENIED);
}

/* ------------------------------------------------------------------------ */
/* settings */

#define SETTER(name, type, field) \
void \
wmnet_server_set_##name (WmnetServer * self, type value) \
{ \
  g_mutex_lock (&self->settings_lock); \
  self->field = value; \
  g_mutex_unlock (&self->settings_lock); \
}

SETTER (max_clients, guint, max_clients);
SETTER (resolve_names, gboolean, resolve_names);
SETTER (fast_start, gboolean, fast_start);
SETTER (client_buffer_time, GstClockTime, client_buffer_time);
SETTER (slow_client_policy, WmnetSlowClientPolicy, slow_policy);
SETTER (coalesce_time, GstClockTime, coalesce_time);
SETTER (fast_start_time, GstClockTime, fast_start_time);

/* ------------------------------------------------------------------------ */

WmnetServer *
wmnet_server_new (const WmnetServerCallbacks * callbacks, gpointer user_data,
    WmnetAccessList * access)
{
  WmnetServer *self = g_object_new (WMNET_TYPE_SERVER, NULL);

  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->access = access;
  return self;
}

static void
wmnet_server_finalize (GObject * object)
{
  WmnetServer *self = WMNET_SERVER (object);

  wmnet_server_stop (self);
  g_ptr_array_unref (self->clients);
  g_mutex_clear (&self->settings_lock);
  g_mutex_clear (&self->state_lock);
  g_mutex_clear (&self->feed_lock);
  g_mutex_clear (&self->clients_lock);
  g_cond_clear (&self->flushed_cond);
  G_OBJECT_CLASS (wmnet_server_parent_class)->finalize (object);
}

static void
wmnet_server_init (WmnetServer * self)
{
  g_mutex_init (&self->settings_lock);
  g_mutex_init (&self->state_lock);
  g_mutex_init (&self->feed_lock);
  g_mutex_init (&self->clients_lock);
  g_cond_init (&self->flushed_cond);
  g_queue_init (&self->feed);
  self->clients = g_ptr_array_new ();
  wmnet_ring_init (&self->ring);
  self->port = -1;
  self->epfd = -1;
  self->max_clients = 5;
  self->resolve_names = TRUE;
  self->fast_start = TRUE;
  self->client_buffer_time = 10 * GST_SECOND;
  self->slow_policy = WMNET_SLOW_CLIENT_SKIP_TO_KEY;
  wmsp_write_reason_frame (self->eos_frame, WMSP_CHUNK_END, WMSP_REASON_EOS);
}

static void
wmnet_server_class_init (WmnetServerClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wmnet_server_finalize;
  GST_DEBUG_CATEGORY_INIT (wmnet_server_debug, "wmnetserver", 0,
      "wmnetsink HTTP server");
}
