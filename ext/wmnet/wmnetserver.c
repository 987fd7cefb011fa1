/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/socket.h>

#include "wmnetsouploader.h"

#include "wmnetserver.h"
#include "wmnetclient.h"
#include "wmnethttp.h"
#include "wmnetlisten.h"
#include "wmnetring.h"
#include "wmnetstream.h"
#include "wmnetwatch.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_server_debug);
#define GST_CAT_DEFAULT wmnet_server_debug

/* A client's kernel send buffer (Linux doubles it). Left to autotuning it
 * grows to 4 MiB, seconds of stream that client-buffer-time cannot see and
 * kernel memory no one bounds; this holds 3 s of a 1.15 Mbit/s stream. */
#define CLIENT_SNDBUF (256 * 1024)
/* How often kernel send queues and stalled sockets are looked at. */
#define SLOW_CHECK_INTERVAL_MS 250

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
  WmnetHttp *http;
  gint port;
  gchar *url;

  /* streaming thread -> server thread */
  GMutex feed_lock;
  GQueue feed;
  GSource *feed_source;

  /* server thread only */
  WmnetStream stream;           /* the ring and headers clients are sent */
  WmnetListen *listen;
  GSource *slow_timer;
  WmnetWatch *watch;            /* every client socket */
  GSource *flush_timer;         /* pending coalesced flush */
  GResolver *resolver;

  /* the client table, read from any thread */
  GMutex clients_lock;
  GPtrArray *clients;           /* WmnetClient*, connect order */
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

/* ------------------------------------------------------------------------ */
/* closing a client: only here */

static void
client_close (WmnetServer * self, WmnetClient * c,
    WmnetDisconnectReason reason)
{
  GstStructure *s;

  if (c->closed)
    return;
  c->closed = TRUE;
  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " (%s:%u) leaves: %s",
      c->id, c->address, c->port, wmnet_disconnect_reason_to_string (reason));

  wmnet_watch_remove (self->watch, c->watch_entry);
  g_cancellable_cancel (c->cancellable);
  g_io_stream_close (c->iostream, NULL, NULL);
  g_socket_close (c->socket, NULL);

  g_mutex_lock (&self->clients_lock);
  g_ptr_array_remove (self->clients, c);
  s = wmnet_client_to_structure (c, "wmnetsink-client-disconnected");
  gst_structure_set (s, "reason", G_TYPE_STRING,
      wmnet_disconnect_reason_to_string (reason), "duration", G_TYPE_UINT64,
      (guint64) (g_get_monotonic_time () - c->connected_mono) * GST_USECOND,
      NULL);
  g_mutex_unlock (&self->clients_lock);

  self->callbacks.client_disconnected (self->user_data, s);
  self->callbacks.clients_changed (self->user_data);
  wmnet_client_free (c);

  /* only now: whoever waits for the clients to be flushed (EOS) must find
   * the disconnection already on its way to the application */
  g_mutex_lock (&self->clients_lock);
  g_cond_broadcast (&self->flushed_cond);
  g_mutex_unlock (&self->clients_lock);
}

/* ------------------------------------------------------------------------ */
/* driving the client writers: what they ask for, the server does */

static void
client_watch (WmnetServer * self, WmnetClient * c, gboolean add)
{
  GError *error = NULL;

  if (add)
    c->watch_entry = wmnet_watch_add (self->watch, c->socket, c, c->want_out,
        &error);
  else
    wmnet_watch_modify (self->watch, c->watch_entry, c->want_out, &error);
  if (error) {
    GST_WARNING ("epoll_ctl on client %" G_GUINT64_FORMAT ": %s", c->id,
        error->message);
    g_error_free (error);
  }
}

/* Returns FALSE when @c was closed. */
static gboolean
client_result (WmnetServer * self, WmnetClient * c, WmnetClientResult result,
    WmnetDisconnectReason reason)
{
  switch (result) {
    case WMNET_CLIENT_OK:
      break;
    case WMNET_CLIENT_WAIT_WRITABLE:
      /* the socket is full (or the client used its turn): go on when it
       * takes more */
      client_watch (self, c, FALSE);
      break;
    case WMNET_CLIENT_CLOSE:
      client_close (self, c, reason);
      return FALSE;
  }
  return TRUE;
}

static gboolean
client_flush (WmnetServer * self, WmnetClient * c)
{
  WmnetDisconnectReason reason = WMNET_REASON_ERROR;
  WmnetClientResult result = wmnet_client_flush (c, &reason);

  return client_result (self, c, result, reason);
}

static gboolean
client_check_slow (WmnetServer * self, WmnetClient * c,
    GstClockTime buffer_time, WmnetSlowClientPolicy policy, gboolean deep)
{
  WmnetDisconnectReason reason = WMNET_REASON_ERROR;
  WmnetClientResult result = wmnet_client_check_slow (c, buffer_time,
      policy == WMNET_SLOW_CLIENT_DISCONNECT, deep, &reason);

  return client_result (self, c, result, reason);
}

static void
watch_ready (gpointer user_data, GIOCondition cond, gpointer entry_data)
{
  WmnetServer *self = user_data;
  WmnetClient *c = entry_data;
  WmnetDisconnectReason reason = WMNET_REASON_ERROR;

  if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR)) {
    WmnetClientResult result = wmnet_client_read (c, &reason);

    if (!client_result (self, c, result, reason))
      return;                   /* closed and freed */
  }
  if ((cond & G_IO_OUT) && c->want_out) {
    c->want_out = FALSE;
    client_watch (self, c, FALSE);
    client_flush (self, c);
  }
}

/* ------------------------------------------------------------------------ */
/* reverse DNS */

typedef struct
{
  WmnetServer *server;
  guint64 id;
} ResolveCtx;

static WmnetClient *
find_client_locked (WmnetServer * self, guint64 id)
{
  guint i;

  for (i = 0; i < self->clients->len; i++) {
    WmnetClient *c = g_ptr_array_index (self->clients, i);
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
  WmnetClient *c;

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
/* HTTP: what the answers need of the server */

static void
post_refused (gpointer user_data, const gchar * address, guint port,
    const gchar * reason)
{
  WmnetServer *self = user_data;
  GstStructure *s = gst_structure_new ("wmnetsink-client-refused",
      "address", G_TYPE_STRING, address ? address : "",
      "port", G_TYPE_UINT, port, "reason", G_TYPE_STRING, reason, NULL);

  self->callbacks.client_refused (self->user_data, s);
}

static gboolean
server_is_full (gpointer user_data)
{
  WmnetServer *self = user_data;
  guint max, n;

  g_mutex_lock (&self->settings_lock);
  max = self->max_clients;
  g_mutex_unlock (&self->settings_lock);
  n = wmnet_server_get_num_clients (self);
  return max != 0 && n >= max;
}

static gboolean
is_admitted (gpointer user_data, GInetAddress * inet)
{
  WmnetServer *self = user_data;

  return self->access == NULL || wmnet_access_list_check (self->access, inet);
}

static WmnetChunk *
current_header (gpointer user_data)
{
  WmnetServer *self = user_data;

  return self->stream.header;
}

static void
start_client (gpointer user_data, SoupServerMessage * msg, gboolean wmsp,
    const gchar * user_agent)
{
  WmnetServer *self = user_data;
  WmnetClient *c = wmnet_client_new (&self->stream, &self->clients_lock);
  gboolean fast_start, resolve;
  GstClockTime window, buffer_time;

  c->wmsp = wmsp;
  c->user_agent = g_strdup (user_agent);
  c->address = wmnet_http_peer_of (msg, &c->inet, &c->port);
  /* the stream libsoup hands over wraps the socket; we write to the socket
   * itself (writev) and keep the stream to own and close the connection */
  c->socket = wmnet_http_socket_of (msg);
  if (c->socket)
    g_object_ref (c->socket);
  c->iostream = soup_server_message_steal_connection (msg);
  if (c->address == NULL || c->iostream == NULL || c->socket == NULL) {
    /* the peer reset in the meantime: nothing to serve */
    GST_INFO_OBJECT (self, "cannot take over the connection");
    if (c->iostream)
      g_io_stream_close (c->iostream, NULL, NULL);
    wmnet_client_free (c);
    return;
  }
  /* the lists may have been edited since the request was screened */
  if (self->access && !wmnet_access_list_check (self->access, c->inet)) {
    post_refused (self, c->address, c->port, "access-denied");
    g_io_stream_close (c->iostream, NULL, NULL);
    g_socket_close (c->socket, NULL);
    wmnet_client_free (c);
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
  c->wait_key = wmnet_stream_join (&self->stream, fast_start, window,
      buffer_time / 2, &c->header_seq, &c->next_seq);

  g_mutex_lock (&self->clients_lock);
  c->id = self->next_id++;
  g_ptr_array_add (self->clients, c);
  g_mutex_unlock (&self->clients_lock);

  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " %s:%u (%s, %s)",
      c->id, c->address, c->port, c->wmsp ? "wmsp" : "http", c->user_agent);
  self->callbacks.client_connected (self->user_data,
      wmnet_client_to_structure (c, "wmnetsink-client-connected"));
  self->callbacks.clients_changed (self->user_data);

  if (resolve) {
    ResolveCtx *ctx = g_new0 (ResolveCtx, 1);

    ctx->server = g_object_ref (self);
    ctx->id = c->id;
    g_resolver_lookup_by_address_async (self->resolver, c->inet,
        c->cancellable, resolved, ctx);
  }

  client_watch (self, c, TRUE);
  client_flush (self, c);
}

static const WmnetHttpCallbacks http_callbacks = {
  is_admitted, server_is_full, current_header, start_client, post_refused,
};

/* ------------------------------------------------------------------------ */
/* the feed: streaming thread -> server thread */

static void
set_header (WmnetServer * self, GstBuffer * buf)
{
  gsize size = gst_buffer_get_size (buf);

  switch (wmnet_stream_set_header (&self->stream, buf)) {
    case WMNET_STREAM_HEADER_NEW:
      wmnet_http_header_ready (self->http);
      break;
    case WMNET_STREAM_HEADER_SAME:
      break;
    case WMNET_STREAM_HEADER_TOO_LARGE:
      GST_ERROR_OBJECT (self, "a header of %" G_GSIZE_FORMAT " bytes does "
          "not fit MS-WMSP framing", size);
      break;
  }
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
    client_flush (self, g_ptr_array_index (snapshot, i));
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
    client_check_slow (self, g_ptr_array_index (snapshot, i), buffer_time,
        policy, TRUE);
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
      case FEED_PACKET:
        if (!wmnet_stream_push (&self->stream, item->buf))
          GST_ERROR_OBJECT (self, "a packet does not fit MS-WMSP framing");
        break;
      case FEED_EOS:
        wmnet_stream_end (&self->stream);
        coalesce = 0;           /* deliver the end at once */
        break;
    }
    changed = TRUE;
    g_free (item);
  }
  if (!changed)
    return G_SOURCE_CONTINUE;

  wmnet_stream_evict (&self->stream, buffer_time);

  snapshot = clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++) {
    WmnetClient *c = g_ptr_array_index (snapshot, i);

    if (client_check_slow (self, c, buffer_time, policy, FALSE)
        && coalesce == 0)
      client_flush (self, c);
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
/* ------------------------------------------------------------------------ */
/* life cycle */

/* A connection accepted: libsoup reads its request. */
static void
serve_socket (gpointer user_data, GSocket * sock)
{
  WmnetServer *self = user_data;

  wmnet_http_serve_socket (self->http, sock);
}

static void
warn (gpointer user_data, const gchar * text)
{
  WmnetServer *self = user_data;

  self->callbacks.warning (self->user_data, text);
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
  WmnetListen *listen;
  GSource *src;
  gchar *host;
  GMainContext *context;
  WmnetWatch *watch;

  g_mutex_lock (&self->state_lock);
  if (self->thread != NULL) {
    g_mutex_unlock (&self->state_lock);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
        "The server is already listening");
    return FALSE;
  }

  context = g_main_context_new ();
  watch = wmnet_watch_new (context, WMNET_WATCH_BACKEND_DEFAULT, watch_ready,
      self, error);
  if (watch == NULL) {
    g_main_context_unref (context);
    g_mutex_unlock (&self->state_lock);
    return FALSE;
  }
  listen = wmnet_listen_new (address, port, error);
  if (listen == NULL) {
    wmnet_watch_free (watch);
    g_main_context_unref (context);
    g_mutex_unlock (&self->state_lock);
    return FALSE;
  }
  self->listen = listen;

  self->context = context;
  self->loop = g_main_loop_new (self->context, FALSE);
  self->http = wmnet_http_new (&http_callbacks, self, self->context, self);
  self->resolver = g_resolver_get_default ();
  wmnet_listen_attach (listen, self->context, serve_socket, warn, self, self);
  self->port = wmnet_listen_get_port (listen);

  if (address == NULL || *address == '\0' || g_str_equal (address, "0.0.0.0")
      || g_str_equal (address, "::"))
    host = g_strdup (g_get_host_name ());
  else if (strchr (address, ':'))
    host = g_strdup_printf ("[%s]", address);
  else
    host = g_strdup (address);
  self->url = g_strdup_printf ("http://%s:%d/", host, self->port);
  g_free (host);

  self->stream.eos = FALSE;
  self->watch = watch;

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
    client_close (self, g_ptr_array_index (snapshot, i),
        WMNET_REASON_CLOSED);
  g_ptr_array_unref (snapshot);

  wmnet_http_finish_pending (self->http, SOUP_STATUS_SERVICE_UNAVAILABLE);

  if (self->flush_timer) {
    g_source_destroy (self->flush_timer);
    g_clear_pointer (&self->flush_timer, g_source_unref);
  }
  g_clear_pointer (&self->listen, wmnet_listen_free);
  wmnet_http_disconnect (self->http);
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
  g_clear_pointer (&self->http, wmnet_http_free);
  g_clear_object (&self->resolver);
  while (g_main_context_iteration (self->context, FALSE));
  g_main_context_pop_thread_default (self->context);

  g_clear_pointer (&self->watch, wmnet_watch_free);
  g_source_destroy (self->slow_timer);
  g_clear_pointer (&self->slow_timer, g_source_unref);

  wmnet_stream_clear (&self->stream);
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
    g_ptr_array_add (arr,
        wmnet_client_to_structure (g_ptr_array_index (self->clients, i),
            "wmnetsink-client"));
  g_mutex_unlock (&self->clients_lock);
  return arr;
}

GstStructure *
wmnet_server_get_client_info (WmnetServer * self, guint index)
{
  GstStructure *s = NULL;

  g_mutex_lock (&self->clients_lock);
  if (index < self->clients->len)
    s = wmnet_client_to_structure (g_ptr_array_index (self->clients, index),
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
    WmnetClient *c = g_ptr_array_index (self->clients, i);

    if (k->all && k->reason == WMNET_REASON_ACCESS_DENIED) {
      if (self->access && !wmnet_access_list_check (self->access, c->inet))
        g_ptr_array_add (victims, c);
    } else if (k->all || c->id == k->id) {
      g_ptr_array_add (victims, c);
    }
  }
  g_mutex_unlock (&self->clients_lock);

  for (i = 0; i < victims->len; i++)
    client_close (self, g_ptr_array_index (victims, i), k->reason);
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
  wmnet_stream_init (&self->stream);
  self->port = -1;
  self->max_clients = 5;
  self->resolve_names = TRUE;
  self->fast_start = TRUE;
  self->client_buffer_time = 10 * GST_SECOND;
  self->slow_policy = WMNET_SLOW_CLIENT_SKIP_TO_KEY;
}

static void
wmnet_server_class_init (WmnetServerClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wmnet_server_finalize;
  GST_DEBUG_CATEGORY_INIT (wmnet_server_debug, "wmnetserver", 0,
      "wmnetsink HTTP server");
}
