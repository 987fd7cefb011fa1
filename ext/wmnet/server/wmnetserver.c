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
/* timers on the server thread */

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
static void
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
}

void
wmnet_server_set_stats_interval (WmnetServer * self, GstClockTime interval)
{
  g_mutex_lock (&self->settings_lock);
  self->stats_interval = interval;
  g_mutex_unlock (&self->settings_lock);

  wmnet_server_run (self, arm_stats_timer, self, NULL);
}

GstStructure *
wmnet_server_get_stats (WmnetServer * self)
{
  return wmnet_stats_to_structure (self->stats, g_get_monotonic_time (),
      "wmnetsink-stats");
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
  self->listen = listen;

  self->context = context;
  self->loop = g_main_loop_new (self->context, FALSE);
  self->http =
      wmnet_http_new (&wmnet_server_http_callbacks, self, self->context, self);
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

  wmnet_server_cmd_start (self);

  self->thread = g_thread_new ("wmnetserver", server_thread, self);
  GST_INFO_OBJECT (self, "listening on %s", self->url);
  g_mutex_unlock (&self->state_lock);
  return TRUE;
}

void
wmnet_server_close_all_and_quit (WmnetServer * self)
{
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
}

void
wmnet_server_stop (WmnetServer * self)
{
  g_mutex_lock (&self->state_lock);
  if (self->thread == NULL) {
    g_mutex_unlock (&self->state_lock);
    return;
  }
  wmnet_server_cmd_stop (self);
  g_thread_join (self->thread);
  self->thread = NULL;
  wmnet_stats_stop (self->stats, g_get_monotonic_time ());
  wmnet_server_cmd_clear (self);

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
  self->access = access;
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
  g_mutex_clear (&self->settings_lock);
  g_mutex_clear (&self->state_lock);
  g_mutex_clear (&self->cmd_lock);
  g_mutex_clear (&self->clients_lock);
  g_cond_clear (&self->flushed_cond);
  G_OBJECT_CLASS (wmnet_server_parent_class)->finalize (object);
}

static void
wmnet_server_init (WmnetServer * self)
{
  g_mutex_init (&self->settings_lock);
  g_mutex_init (&self->state_lock);
  g_mutex_init (&self->cmd_lock);
  g_mutex_init (&self->clients_lock);
  g_cond_init (&self->flushed_cond);
  g_queue_init (&self->cmds);
  self->clients = g_ptr_array_new ();
  self->stats = wmnet_stats_new ();
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
