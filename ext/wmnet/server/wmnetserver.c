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
#include <sys/socket.h>
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
/* bytes of a request head looked at for its play pragma (D83) */
#define PLAY_PEEK_MAX 2048
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
  buffer_time = g_value_get_uint64 (WMNET_SETTING (self, CLIENT_BUFFER_TIME));
  policy = g_value_get_enum (WMNET_SETTING (self, SLOW_CLIENT_POLICY));
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
  interval = g_value_get_uint64 (WMNET_SETTING (self, STATS_INTERVAL));
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

/* what a connection the listener queued for us asks for */
typedef enum
{
  ROUTE_POINT,                  /* our publishing point */
  ROUTE_NOT_FOUND,              /* a path no point of the port serves */
  ROUTE_METRICS,                /* our metrics path (D76) */
} Route;

typedef struct
{
  WmnetServer *server;
  GSocket *socket;
  Route route;
} Accepted;

/* A connection accepted for our publishing point, on the server thread:
 * libsoup reads its request. */
static void
serve_accepted (gpointer data)
{
  Accepted *a = data;

  a->server->heap_accepted++;
  if (a->route == ROUTE_METRICS)
    wmnet_http_serve_metrics (a->server->http, a->socket);
  else
    wmnet_http_serve_socket (a->server->http, a->socket,
        a->route == ROUTE_NOT_FOUND);
}

static void
accepted_free (gpointer data)
{
  Accepted *a = data;

  g_object_unref (a->socket);
  g_free (a);
}

static Accepted *
accepted_new (gpointer server, GSocket * sock, Route route)
{
  Accepted *a = g_new (Accepted, 1);

  a->server = server;
  a->socket = g_object_ref (sock);
  a->route = route;
  return a;
}

/* On the listener's thread (wmnetpoints): into the command queue. A
 * connection queued when the server stops is closed with the queue. */
static void
queue_socket (gpointer user_data, GSocket * sock, Route route)
{
  wmnet_server_run (user_data, serve_accepted, accepted_new (user_data, sock,
          route), accepted_free);
}

/* A play request (a joiner) goes to libsoup at once; anything else (a
 * describe) once no request waits at the default priority (D83). */
static void
serve_socket (gpointer user_data, GSocket * sock)
{
  gchar buf[PLAY_PEEK_MAX];
  gssize n = recv (g_socket_get_fd (sock), buf, sizeof (buf),
      MSG_PEEK | MSG_DONTWAIT);

  if (n > 0 && wmnet_point_request_is_play (buf, n))
    queue_socket (user_data, sock, ROUTE_POINT);
  else
    wmnet_server_run_later (user_data, serve_accepted,
        accepted_new (user_data, sock, ROUTE_POINT), accepted_free);
}

/* A request for a path nobody on the port serves: refused here with 404,
 * so that it is posted and counted (D69). */
static void
serve_not_found (gpointer user_data, GSocket * sock)
{
  queue_socket (user_data, sock, ROUTE_NOT_FOUND);
}

/* A request for our metrics path: answered on our thread (D76). */
static void
serve_metrics (gpointer user_data, GSocket * sock)
{
  queue_socket (user_data, sock, ROUTE_METRICS);
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
  return wmnet_server_start_point (self, address, port, NULL, error);
}

gboolean
wmnet_server_start_point (WmnetServer * self, const gchar * address,
    guint port, const gchar * path, GError ** error)
{
  WmnetPoint *point;
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
  /* the connections the point hands over wait in the queue until the
   * thread runs */
  self->context = context;
  wmnet_server_cmd_start (self);
  point = wmnet_point_claim (address, port, path, WMNET_POINT_PLAY,
      serve_socket, warn, self, error);
  if (point == NULL) {
    wmnet_server_cmd_clear (self);
    wmnet_watch_free (watch);
    g_clear_pointer (&self->context, g_main_context_unref);
    g_mutex_unlock (&self->state_lock);
    return FALSE;
  }
  self->point = point;
  wmnet_point_take_not_found (point, serve_not_found);
  /* every point's figures are in every scrape of the port (D76) */
  wmnet_point_set_report (point, wmnet_server_report);
  if (self->metrics_path)
    wmnet_point_take_metrics (point, self->metrics_path, serve_metrics);

  self->loop = g_main_loop_new (self->context, FALSE);
  self->http =
      wmnet_http_new (&wmnet_server_http_callbacks, self, self->context, self,
      self->admission);
  self->resolver = g_resolver_get_default ();
  self->port = wmnet_point_get_port (point);

  if (address == NULL || *address == '\0' || g_str_equal (address, "0.0.0.0")
      || g_str_equal (address, "::"))
    host = g_strdup (g_get_host_name ());
  else if (strchr (address, ':'))
    host = g_strdup_printf ("[%s]", address);
  else
    host = g_strdup (address);
  self->url = g_strdup_printf ("http://%s:%d%s", host, self->port,
      path ? path : "/");
  self->path = g_strdup (path);
  self->address = g_strdup (address);
  g_free (host);

  self->stream.eos = FALSE;
  self->watch = watch;

  wmnet_stats_start (self->stats, g_get_monotonic_time ());
  /* the timer is attached before the thread runs: no race with a setter */
  arm_stats_timer (self);

  self->slow_timer = g_timeout_source_new (SLOW_CHECK_INTERVAL_MS);
  g_source_set_callback (self->slow_timer, check_slow_all, self, NULL);
  g_source_attach (self->slow_timer, self->context);

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
  /* no connection is handed over from here on */
  g_clear_pointer (&self->point, wmnet_point_release);
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
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->address, g_free);
  g_mutex_unlock (&self->state_lock);
  GST_INFO_OBJECT (self, "stopped");
}

void
wmnet_server_set_metrics (WmnetServer * self, const gchar * path,
    WmnetAccessList * access)
{
  g_mutex_lock (&self->state_lock);
  g_free (self->metrics_path);
  self->metrics_path = g_strdup (path);
  self->metrics_access = access;
  g_mutex_unlock (&self->state_lock);
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

/* the server's pspecs, by WmnetSetting: their defaults are the settings'
 * and wmnetserversink's (wmnet_server_setting_pspec) */
static GParamSpec *setting_pspecs[WMNET_N_SETTINGS];

static void
wmnet_server_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  WmnetServer *self = WMNET_SERVER (object);

  /* the timer counts whole ms, at least 1: a shorter interval is refused
   * rather than silently made 1 ms (the range cannot leave a gap) */
  if (prop_id == WMNET_SETTING_STATS_INTERVAL &&
      g_value_get_uint64 (value) > 0 &&
      g_value_get_uint64 (value) < GST_MSECOND) {
    g_warning ("stats-interval %" G_GUINT64_FORMAT " refused: 0 (off) or at "
        "least 1 ms (1000000 ns); the interval is unchanged",
        g_value_get_uint64 (value));
    return;
  }
  g_mutex_lock (&self->settings_lock);
  g_value_copy (value, &self->settings[prop_id]);
  g_mutex_unlock (&self->settings_lock);
  /* the timer is the server thread's (before start: start arms it) */
  if (prop_id == WMNET_SETTING_STATS_INTERVAL)
    wmnet_server_run (self, arm_stats_timer, self, NULL);
}

static void
wmnet_server_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  WmnetServer *self = WMNET_SERVER (object);

  g_mutex_lock (&self->settings_lock);
  g_value_copy (&self->settings[prop_id], value);
  g_mutex_unlock (&self->settings_lock);
}

GParamSpec *
wmnet_server_setting_pspec (const gchar * name, const gchar * nick,
    const gchar * blurb, GParamFlags flags)
{
  GParamSpec *p = NULL;
  guint i;

  /* class_init makes them; the class stays (a static type's does) */
  if (g_type_class_peek (WMNET_TYPE_SERVER) == NULL)
    g_type_class_ref (WMNET_TYPE_SERVER);
  for (i = 1; i < WMNET_N_SETTINGS && p == NULL; i++)
    if (g_str_equal (setting_pspecs[i]->name, name))
      p = setting_pspecs[i];
  g_return_val_if_fail (p != NULL, NULL);
  if (G_IS_PARAM_SPEC_UINT64 (p))
    return g_param_spec_uint64 (name, nick, blurb,
        G_PARAM_SPEC_UINT64 (p)->minimum, G_PARAM_SPEC_UINT64 (p)->maximum,
        G_PARAM_SPEC_UINT64 (p)->default_value, flags);
  if (G_IS_PARAM_SPEC_UINT (p))
    return g_param_spec_uint (name, nick, blurb, G_PARAM_SPEC_UINT (p)->minimum,
        G_PARAM_SPEC_UINT (p)->maximum, G_PARAM_SPEC_UINT (p)->default_value,
        flags);
  if (G_IS_PARAM_SPEC_ENUM (p))
    return g_param_spec_enum (name, nick, blurb, p->value_type,
        G_PARAM_SPEC_ENUM (p)->default_value, flags);
  return g_param_spec_boolean (name, nick, blurb,
      G_PARAM_SPEC_BOOLEAN (p)->default_value, flags);
}

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
  guint i;

  wmnet_server_stop (self);
  g_ptr_array_unref (self->clients);
  wmnet_views_clear (&self->views);
  g_ptr_array_unref (self->views.views);
  g_hash_table_unref (self->sessions);
  wmnet_stats_free (self->stats);
  g_free (self->metrics_path);
  wmnet_admission_free (self->admission);
  for (i = 1; i < WMNET_N_SETTINGS; i++)
    g_value_unset (&self->settings[i]);
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
  guint i;

  g_mutex_init (&self->settings_lock);
  g_mutex_init (&self->state_lock);
  g_mutex_init (&self->cmd_lock);
  g_mutex_init (&self->clients_lock);
  g_cond_init (&self->flushed_cond);
  g_queue_init (&self->cmds);
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
  for (i = 1; i < WMNET_N_SETTINGS; i++) {
    g_value_init (&self->settings[i], setting_pspecs[i]->value_type);
    g_param_value_set_default (setting_pspecs[i], &self->settings[i]);
  }
}

static void
wmnet_server_class_init (WmnetServerClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  /* wmnetserversink's properties of the same names say what they mean */
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  GParamSpec **p = setting_pspecs;

  gobject_class->set_property = wmnet_server_set_property;
  gobject_class->get_property = wmnet_server_get_property;
  gobject_class->finalize = wmnet_server_finalize;
  p[WMNET_SETTING_MAX_CLIENTS] = g_param_spec_uint ("max-clients",
      "Maximum clients", "0 = no limit", 0, G_MAXINT, 5, rw);
  p[WMNET_SETTING_RESOLVE_NAMES] = g_param_spec_boolean ("resolve-names",
      "Resolve names", "Look up clients' DNS names", TRUE, rw);
  p[WMNET_SETTING_FAST_START] = g_param_spec_boolean ("fast-start",
      "Fast start", "Start new clients with a burst", TRUE, rw);
  /* until a header says otherwise: wmasfmux's default preroll */
  p[WMNET_SETTING_FAST_START_TIME] = g_param_spec_uint64 ("fast-start-time",
      "Fast start time", "A burst holds at least this much stream (ns)", 0,
      G_MAXUINT64, 3 * GST_SECOND, rw);
  p[WMNET_SETTING_CLIENT_BUFFER_TIME] =
      g_param_spec_uint64 ("client-buffer-time", "Client buffer time",
      "How far (ns) a client may fall behind", GST_MSECOND, G_MAXUINT64,
      10 * GST_SECOND, rw);
  p[WMNET_SETTING_SLOW_CLIENT_POLICY] =
      g_param_spec_enum ("slow-client-policy", "Slow client policy",
      "Past client-buffer-time", WMNET_TYPE_SLOW_CLIENT_POLICY,
      WMNET_SLOW_CLIENT_SKIP_TO_KEY, rw);
  /* ASF players buffer seconds of preroll: 400 ms of gathering (~57 KiB a
   * write at 1.15 Mbit/s) is invisible to them, and halves the fan-out CPU
   * of 100 ms (docs/design.md D28) */
  p[WMNET_SETTING_COALESCE_TIME] = g_param_spec_uint64 ("coalesce-time",
      "Coalesce time", "Gather packets this long (ns) per write", 0,
      10 * GST_SECOND, 400 * GST_MSECOND, rw);
  /* a GLib timeout takes a guint of ms */
  p[WMNET_SETTING_STATS_INTERVAL] = g_param_spec_uint64 ("stats-interval",
      "Statistics interval", "0 = never", 0,
      (guint64) G_MAXUINT * GST_MSECOND, 0, rw);
  g_object_class_install_properties (gobject_class, WMNET_N_SETTINGS, p);
  GST_DEBUG_CATEGORY_INIT (wmnet_server_debug, "wmnetserver", 0,
      "wmnetsink HTTP server");
}
