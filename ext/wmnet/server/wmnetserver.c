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
#if defined(__GLIBC__) && defined(HAVE_MALLOC_TRIM)
#include <malloc.h>
#endif

#include "wmnetserverpriv.h"

/* shared with the server's other files (wmnetserverpriv.h) */
GST_DEBUG_CATEGORY (wmnet_server_debug);
#define GST_CAT_DEFAULT wmnet_server_debug

/* How often kernel send queues and stalled sockets are looked at: an ioctl
 * a client each time, so not more often than the bounds need (seconds). */
#define SLOW_CHECK_INTERVAL_MS 1000
/* A second with this many connections accepted, or clients gone, is a
 * burst (docs/design.md, D47). */
#define HEAP_BURST 256
/* A view's client waits at most this long between writes, and at most a
 * quarter of client-buffer-time (D49). */
#define VIEW_MAX_WAIT (1200 * GST_MSECOND)

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
/* the feed: streaming thread -> server thread */

static void
set_header (WmnetServer * self, GstBuffer * buf)
{
  gsize size = gst_buffer_get_size (buf);
  gboolean had_header = self->stream.header != NULL;

  switch (wmnet_stream_set_header (&self->stream, buf)) {
    case WMNET_STREAM_HEADER_NEW:
      if (had_header)
        wmnet_stats_header_changed (self->stats);
      /* the views are cut against the current header, and get it */
      wmnet_views_set_header (&self->views, &self->stream);
      wmnet_server_clients_header_changed (self);
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

/* Once a second: after a burst of connections (their libsoup objects and
 * buffers, freed by now) or of departures, the first calmer second gives
 * the freed heap pages back, wherever they are in the heap: glibc keeps
 * them otherwise, fragmented between the clients that stayed
 * (docs/design.md, D47). */
static void
heap_settle (WmnetServer * self, guint n_clients)
{
  guint churn = self->heap_accepted;

  if (self->heap_clients > n_clients)
    churn += self->heap_clients - n_clients;
  self->heap_accepted = 0;
  self->heap_clients = n_clients;
  if (churn >= HEAP_BURST) {
    self->heap_burst = TRUE;
  } else if (self->heap_burst) {
    self->heap_burst = FALSE;
#if defined(__GLIBC__) && defined(HAVE_MALLOC_TRIM)
    {
      gint64 start = g_get_monotonic_time ();

      malloc_trim (0);
      GST_DEBUG_OBJECT (self, "a burst settled: heap trimmed in %"
          G_GINT64_FORMAT " us", g_get_monotonic_time () - start);
    }
#endif
  }
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

  snapshot = wmnet_server_clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++)
    wmnet_server_client_check_slow (self, g_ptr_array_index (snapshot, i),
        buffer_time, policy, TRUE);
  /* the current bit rate is the last second's */
  wmnet_stats_tick (self->stats, g_get_monotonic_time ());
  heap_settle (self, snapshot->len);
  g_ptr_array_unref (snapshot);
  return G_SOURCE_CONTINUE;
}

static gboolean
post_stats (gpointer data)
{
  WmnetServer *self = data;

  if (self->callbacks.stats)
    self->callbacks.stats (self->user_data, wmnet_server_get_stats (self));
  return G_SOURCE_CONTINUE;
}

/* server thread: (re)arms the stats timer from the setting */
static gboolean
arm_stats_timer (gpointer data)
{
  WmnetServer *self = data;
  GstClockTime interval;

  g_mutex_lock (&self->settings_lock);
  interval = self->stats_interval;
  g_mutex_unlock (&self->settings_lock);

  if (self->stats_timer) {
    g_source_destroy (self->stats_timer);
    g_clear_pointer (&self->stats_timer, g_source_unref);
  }
  if (interval > 0) {
    /* at least 1 ms: a timer of 0 would spin */
    self->stats_timer = g_timeout_source_new (MAX (interval / GST_MSECOND, 1));
    g_source_set_callback (self->stats_timer, post_stats, self, NULL);
    g_source_attach (self->stats_timer, self->context);
  }
  return G_SOURCE_REMOVE;
}

void
wmnet_server_set_stats_interval (WmnetServer * self, GstClockTime interval)
{
  g_mutex_lock (&self->settings_lock);
  self->stats_interval = interval;
  g_mutex_unlock (&self->settings_lock);

  g_mutex_lock (&self->state_lock);
  if (self->context)
    g_main_context_invoke (self->context, arm_stats_timer, self);
  g_mutex_unlock (&self->state_lock);
}

GstStructure *
wmnet_server_get_stats (WmnetServer * self)
{
  return wmnet_stats_to_structure (self->stats, g_get_monotonic_time (),
      "wmnetsink-stats");
}

/* Whether @c is written at the end of this window. A client of a view
 * (a stream selection) is written every view->every-th window, its turn
 * set by its id, so that its writes are about as large as a main-stream
 * client's: a write costs about the same whatever it carries (D49). Not
 * while it is starting (its header, its first preroll: its player fills
 * its buffer at the live rate) or changing streams, nor at the end. */
static gboolean
window_due (WmnetServer * self, WmnetClient * c, gint64 now)
{
  WmnetView *v = c->view;

  if (v == NULL || v->every <= 1 || c->need_header || c->next_stream
      || c->stream->eos)
    return TRUE;
  if (self->views.have_info && now - c->connected_mono <
      (gint64) self->views.info.preroll_ms * 1000)
    return TRUE;
  return (self->window + c->id) % v->every == 0;
}

/* The feed source is ready once a window of packets is queued (or at once
 * for a header, the end, or coalesce-time 0): the queue is drained into the
 * ring and every client is checked and written once per window, so that
 * the work per packet does not grow with the number of clients. */
static gboolean
feed_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetServer *self = user_data;
  GstClockTime buffer_time, coalesce, max_wait;
  WmnetSlowClientPolicy policy;
  gboolean changed = FALSE, urgent = FALSE, held = FALSE;
  GPtrArray *snapshot;
  FeedItem *item;
  gint64 now;
  guint i, n_packets = 0, n_held = 0;

  g_mutex_lock (&self->feed_lock);
  g_source_set_ready_time (source, -1);
  self->feed_deadline = -1;
  g_mutex_unlock (&self->feed_lock);

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
        urgent = TRUE;
        break;
      case FEED_PACKET:
        /* cut once per view, whatever the number of clients (D43) */
        if (wmnet_stream_push (&self->stream, item->buf))
          wmnet_views_push (&self->views, wmnet_ring_get (&self->stream.ring,
                  self->stream.ring.next_seq - 1));
        else
          GST_ERROR_OBJECT (self, "a packet does not fit MS-WMSP framing");
        n_packets++;
        break;
      case FEED_EOS:
        wmnet_stream_end (&self->stream);
        wmnet_views_end (&self->views);
        urgent = TRUE;
        break;
    }
    changed = TRUE;
    g_free (item);
  }
  /* also a window later for clients held back when no packet came */
  if (!changed && !self->held_back)
    return G_SOURCE_CONTINUE;
  self->held_back = FALSE;

  if (changed) {
    wmnet_stream_evict (&self->stream, buffer_time);
    wmnet_views_evict (&self->views, buffer_time);
  }
  self->window++;
  /* a held client's wait stays well inside what the slow-client check
   * allows and the ring keeps */
  max_wait = MIN (VIEW_MAX_WAIT, buffer_time / 4);
  wmnet_views_set_cadence (&self->views, &self->stream, coalesce > 0 ?
      max_wait / coalesce : 1);

  /* one writev per client for the whole window (docs/design.md D28):
   * fan-out costs per write, not per byte */
  now = g_get_monotonic_time ();
  snapshot = wmnet_server_clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++) {
    WmnetClient *c = g_ptr_array_index (snapshot, i);

    if (!wmnet_server_client_check_slow (self, c, buffer_time, policy, FALSE))
      continue;
    if (!urgent && !window_due (self, c, now)) {
      held = TRUE;
      if (c->has_cur || c->next_seq < c->stream->ring.next_seq)
        n_held++;
      continue;
    }
    wmnet_server_client_flush (self, c, WMNET_CLIENT_WINDOW_BYTES);
  }
  g_ptr_array_unref (snapshot);

  g_mutex_lock (&self->feed_lock);
  if (held) {
    /* its wait stays bounded when the input pauses */
    self->held_back = TRUE;
    if (self->feed_deadline < 0) {
      self->feed_deadline = now + coalesce / GST_USECOND;
      g_source_set_ready_time (source, self->feed_deadline);
    }
  }
  self->window_stats.windows++;
  self->window_stats.packets += n_packets;
  self->window_stats.held = n_held;
  g_mutex_unlock (&self->feed_lock);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs feed_funcs = {
  NULL, NULL, feed_dispatch, NULL,
};

static void
feed (WmnetServer * self, FeedKind kind, GstBuffer * buf)
{
  FeedItem *item = g_new (FeedItem, 1);
  GstClockTime coalesce;

  g_mutex_lock (&self->settings_lock);
  coalesce = self->coalesce_time;
  g_mutex_unlock (&self->settings_lock);

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
  /* thread-safe, and wakes the server's context: a packet waits for the
   * end of its window (the first packet of a window arms it), a header or
   * the end goes through at once */
  if (kind != FEED_PACKET || coalesce == 0) {
    self->feed_deadline = 0;
    g_source_set_ready_time (self->feed_source, 0);
  } else if (self->feed_deadline < 0) {
    self->feed_deadline = g_get_monotonic_time () + coalesce / GST_USECOND;
    g_source_set_ready_time (self->feed_source, self->feed_deadline);
  }
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

void
wmnet_server_get_window_stats (WmnetServer * server,
    WmnetServerWindowStats * stats)
{
  g_mutex_lock (&server->feed_lock);
  *stats = server->window_stats;
  g_mutex_unlock (&server->feed_lock);
}

guint
wmnet_server_get_n_parked (WmnetServer * server)
{
  guint n = 0;

  g_mutex_lock (&server->state_lock);
  if (server->http)
    n = wmnet_http_get_n_parked (server->http);
  g_mutex_unlock (&server->state_lock);
  return n;
}

/* ------------------------------------------------------------------------ */
/* life cycle */

/* A connection accepted: libsoup reads its request. */
static void
serve_socket (gpointer user_data, GSocket * sock)
{
  WmnetServer *self = user_data;

  self->heap_accepted++;
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
  watch =
      wmnet_watch_new (context, WMNET_WATCH_BACKEND_DEFAULT,
      wmnet_server_watch_ready, self, error);
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
  wmnet_listen_set_admission (listen, self->admission);
  self->listen = listen;

  self->context = context;
  self->loop = g_main_loop_new (self->context, FALSE);
  self->http =
      wmnet_http_new (&wmnet_server_http_callbacks, self, self->context, self,
      self->admission);
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

  wmnet_stats_start (self->stats, g_get_monotonic_time ());
  /* the timer is attached before the thread runs: no race with a setter */
  arm_stats_timer (self);

  self->slow_timer = g_timeout_source_new (SLOW_CHECK_INTERVAL_MS);
  g_source_set_callback (self->slow_timer, check_slow_all, self, NULL);
  g_source_attach (self->slow_timer, self->context);

  src = g_source_new (&feed_funcs, sizeof (GSource));
  g_source_set_callback (src, NULL, self, NULL);
  g_source_set_priority (src, G_PRIORITY_DEFAULT);
  g_source_attach (src, self->context);
  g_mutex_lock (&self->feed_lock);
  self->feed_source = src;
  self->feed_deadline = -1;
  memset (&self->window_stats, 0, sizeof (self->window_stats));
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

  snapshot = wmnet_server_clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++)
    wmnet_server_client_close (self, g_ptr_array_index (snapshot, i),
        WMNET_REASON_CLOSED);
  g_ptr_array_unref (snapshot);

  wmnet_http_finish_pending (self->http, SOUP_STATUS_SERVICE_UNAVAILABLE);
  /* lines still waiting for a player's report go out now */
  wmnet_server_sessions_flush (self);
  if (self->stats_timer) {
    g_source_destroy (self->stats_timer);
    g_clear_pointer (&self->stats_timer, g_source_unref);
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
  wmnet_stats_stop (self->stats, g_get_monotonic_time ());

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
  /* a stats-interval set while stopping may have armed it again */
  if (self->stats_timer) {
    g_source_destroy (self->stats_timer);
    g_clear_pointer (&self->stats_timer, g_source_unref);
  }
  g_source_destroy (self->slow_timer);
  g_clear_pointer (&self->slow_timer, g_source_unref);

  /* the clients, and so the views' readers, are gone */
  wmnet_views_clear (&self->views);
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
  wmnet_admission_set_access (self->admission, access);
  return self;
}

static void
wmnet_server_finalize (GObject * object)
{
  WmnetServer *self = WMNET_SERVER (object);

  wmnet_server_stop (self);
  g_ptr_array_unref (self->clients);
  wmnet_views_clear (&self->views);
  g_ptr_array_unref (self->views.views);
  g_hash_table_unref (self->sessions);
  wmnet_stats_free (self->stats);
  wmnet_admission_free (self->admission);
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
  self->stats = wmnet_stats_new ();
  self->admission = wmnet_admission_new ();
  wmnet_admission_set_max_clients (self->admission, wmnet_server_is_full, self);
  self->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
      NULL);
  g_queue_init (&self->closed_sessions);
  wmnet_stream_init (&self->stream);
  wmnet_views_init (&self->views, WMNET_VIEWS_MAX);
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
