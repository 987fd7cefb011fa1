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

/* The server's client table (wmnetserverpriv.h): the clients wmnethttp
 * hands over, started when the admission's start point lets them
 * (wmnetadmission, D68), what their writers ask for, closing them, and the
 * table as the application reads it. Who a client is and its DNS name are
 * wmnetserveridentity.c's, kicks wmnetserverkick.c's. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/socket.h>

#include "wmnetserverpriv.h"

#define GST_CAT_DEFAULT wmnet_server_debug

/* A client's kernel send buffer (Linux doubles it). Left to autotuning it
 * grows to 4 MiB, seconds of stream that client-buffer-time cannot see and
 * kernel memory no one bounds; this holds 3 s of a 1.15 Mbit/s stream. */
#define CLIENT_SNDBUF (256 * 1024)
/* ------------------------------------------------------------------------ */
/* closing a client: only here */

void
wmnet_server_client_close (WmnetServer * self, WmnetClient * c,
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

  wmnet_server_session_close (self, c);
  wmnet_views_release (&self->views, c->view);
  wmnet_views_release (&self->views, c->next_view);
  c->view = c->next_view = NULL;
  /* every client in the table holds a per-address slot (start_client) */
  wmnet_admission_release_slot (self->admission,
      c->slot_inet ? c->slot_inet : c->inet, g_get_monotonic_time ());
  if (c->backlogged)
    wmnet_stats_client_backlogged (self->stats, FALSE);
  wmnet_stats_client_removed (self->stats,
      wmnet_disconnect_reason_to_string (reason));

  g_mutex_lock (&self->clients_lock);
  g_ptr_array_remove (self->clients, c);
  s = wmnet_server_client_structure (c, "wmnetsink-client-disconnected");
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
      wmnet_server_client_close (self, c, reason);
      return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* stream selection: the views a client reads (docs/design.md D43-D46) */

/* The wmnetsink-client-properties message of @c's selection. */
static void
post_selection (WmnetServer * self, WmnetClient * c)
{
  GstStructure *s;

  g_mutex_lock (&self->clients_lock);
  s = gst_structure_new ("wmnetsink-client-properties",
      "id", G_TYPE_UINT64, c->id, "address", G_TYPE_STRING, c->address,
      "port", G_TYPE_UINT, c->port, NULL);
  wmnet_selection_to_structure (&c->selection, c->stream_mask, s,
      "selected-streams", "thinned-streams");
  g_mutex_unlock (&self->clients_lock);
  self->callbacks.client_properties (self->user_data, s);
  self->callbacks.clients_changed (self->user_data);
}

/* The view of @sel (normalized in place), a reader more; NULL: the main
 * stream (then @sel is all). */
static WmnetView *
acquire_view (WmnetServer * self, WmnetSelection * sel)
{
  gboolean limited;
  WmnetView *v = wmnet_views_acquire (&self->views, &self->stream, sel,
      &limited);

  if (v == NULL)
    wmnet_selection_init_all (sel);
  if (limited)
    GST_INFO_OBJECT (self, "%u stream selections in use already: a client "
        "selecting another is sent every stream", WMNET_VIEWS_MAX);
  return v;
}

/* @c moved to its next stream (wmnetclient set switched). */
static void
client_switched (WmnetServer * self, WmnetClient * c)
{
  c->switched = FALSE;
  wmnet_views_release (&self->views, c->view);
  c->view = c->next_view;
  c->next_view = NULL;
  g_mutex_lock (&self->clients_lock);
  c->selection = c->next_selection;
  g_mutex_unlock (&self->clients_lock);
  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " has its new stream "
      "selection", c->id);
  post_selection (self, c);
}

static WmnetClient *
find_session_client (WmnetServer * self, const gchar * client_id,
    GInetAddress * inet)
{
  guint i;

  if (client_id == NULL)
    return NULL;
  for (i = 0; i < self->clients->len; i++) {
    WmnetClient *c = g_ptr_array_index (self->clients, i);

    if (!c->closed && g_strcmp0 (c->client_id, client_id) == 0
        && (inet == NULL || g_inet_address_equal (c->inet, inet)))
      return c;
  }
  return NULL;
}

/* The preroll a joiner's burst aims at (D11). When no key packet is that
 * old, the ring gives the oldest one held, up to client-buffer-time old
 * (D57): a client that cannot take the burst before its start is evicted
 * then skips to the latest key packet, where it would have started anyway;
 * under the disconnect policy it would be closed, so the burst stays
 * within half of client-buffer-time. settings_lock held. */
static GstClockTime
join_window (WmnetServer * self)
{
  if (g_value_get_enum (WMNET_SETTING (self,
              SLOW_CLIENT_POLICY)) == WMNET_SLOW_CLIENT_DISCONNECT)
    return MIN (g_value_get_uint64 (WMNET_SETTING (self, FAST_START_TIME)),
        g_value_get_uint64 (WMNET_SETTING (self, CLIENT_BUFFER_TIME)) / 2);
  return g_value_get_uint64 (WMNET_SETTING (self, FAST_START_TIME));
}

static gboolean
is_streaming (gpointer user_data, const gchar * client_id)
{
  WmnetServer *self = user_data;
  gboolean found;

  g_mutex_lock (&self->clients_lock);
  found = find_session_client (self, client_id, NULL) != NULL;
  g_mutex_unlock (&self->clients_lock);
  return found;
}

/* SelectStream ([MS-WMSP] 2.2.2.8): the client keeps its selection up to
 * the first key packet of the new one at or after where it is ([MS-MMSP]
 * 3.2.5.10: replaced streams go on until the new stream's first key
 * frame), then reads the new selection's view. */
static gboolean
select_streams (gpointer user_data, const gchar * client_id,
    GInetAddress * inet, const WmnetSelection * request)
{
  WmnetServer *self = user_data;
  WmnetSelection sel = *request;
  WmnetClient *c;
  WmnetView *v;

  /* the table changes on this thread only: no lock to read it here */
  c = find_session_client (self, client_id, inet);
  if (c == NULL)
    return FALSE;
  v = acquire_view (self, &sel);
  wmnet_views_release (&self->views, c->next_view);
  c->next_view = NULL;
  wmnet_client_switch_streams (c, NULL, 0);

  if (wmnet_selection_equal (&sel, &c->selection)) {
    /* what it has already: a change still waiting is called off */
    wmnet_views_release (&self->views, v);
    return TRUE;
  }
  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " selects streams "
      "anew", c->id);
  c->next_view = v;
  c->next_selection = sel;
  if (c->need_header && !c->has_cur) {
    /* nothing sent yet: it starts on the new stream as a joiner would */
    WmnetStream *stream = v ? &v->stream : &self->stream;
    gboolean fast_start;
    GstClockTime window, buffer_time;

    g_mutex_lock (&self->settings_lock);
    fast_start = g_value_get_boolean (WMNET_SETTING (self, FAST_START));
    window = join_window (self);
    buffer_time = g_value_get_uint64 (WMNET_SETTING (self, CLIENT_BUFFER_TIME));
    g_mutex_unlock (&self->settings_lock);
    c->stream = stream;
    c->wait_key = wmnet_stream_join (stream, fast_start, window,
        buffer_time / 2, &c->header_seq, &c->next_seq);
    client_switched (self, c);
    return TRUE;
  }
  wmnet_client_switch_streams (c, v ? &v->stream : &self->stream,
      wmnet_client_src_position (c, self->stream.ring.next_seq));
  /* caught up and the new stream's key packet there already: now */
  wmnet_server_client_flush (self, c, WMNET_CLIENT_TURN_BYTES);
  return TRUE;
}

void
wmnet_server_clients_header_changed (WmnetServer * self)
{
  g_mutex_lock (&self->clients_lock);
  if (self->views.have_info)
    memcpy (self->stream_mask, self->views.info.stream_mask,
        sizeof (self->stream_mask));
  else
    memset (self->stream_mask, 0, sizeof (self->stream_mask));
  g_mutex_unlock (&self->clients_lock);
}

gboolean
wmnet_server_client_flush (WmnetServer * self, WmnetClient * c,
    gsize turn_bytes)
{
  WmnetDisconnectReason reason = WMNET_REASON_ERROR;
  guint64 bytes = c->bytes_sent, packets = c->packets_sent;
  gboolean backlogged = c->backlogged;
  WmnetClientResult result = wmnet_client_flush_turn (c, turn_bytes, &reason);

  /* the totals move by what this flush wrote: O(1) per writev */
  if (c->bytes_sent != bytes)
    wmnet_stats_add_sent (self->stats, c->bytes_sent - bytes,
        c->packets_sent - packets);
  if (c->backlogged != backlogged)
    wmnet_stats_client_backlogged (self->stats, c->backlogged);
  if (c->switched && result != WMNET_CLIENT_CLOSE)
    client_switched (self, c);
  return client_result (self, c, result, reason);
}

gboolean
wmnet_server_client_check_slow (WmnetServer * self, WmnetClient * c,
    GstClockTime buffer_time, WmnetSlowClientPolicy policy, gboolean deep)
{
  WmnetDisconnectReason reason = WMNET_REASON_ERROR;
  guint64 dropped = c->packets_dropped;
  WmnetClientResult result = wmnet_client_check_slow (c, buffer_time,
      policy == WMNET_SLOW_CLIENT_DISCONNECT, deep, &reason);

  if (c->packets_dropped != dropped)
    wmnet_stats_add_dropped (self->stats, c->packets_dropped - dropped);
  return client_result (self, c, result, reason);
}

void
wmnet_server_watch_ready (gpointer user_data, GIOCondition cond,
    gpointer entry_data)
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
    wmnet_server_client_flush (self, c, WMNET_CLIENT_TURN_BYTES);
  }
}

/* ------------------------------------------------------------------------ */
/* HTTP: what the answers need of the server; the admission's inputs */

static void
post_refused (gpointer user_data, const gchar * address, guint port,
    const gchar * path, const gchar * reason)
{
  WmnetServer *self = user_data;
  GstStructure *s = gst_structure_new ("wmnetsink-client-refused",
      "address", G_TYPE_STRING, address ? address : "",
      "port", G_TYPE_UINT, port, "path", G_TYPE_STRING, path ? path : "",
      "reason", G_TYPE_STRING, reason, NULL);

  wmnet_stats_refused (self->stats, reason);
  self->callbacks.client_refused (self->user_data, s);
}

gboolean
wmnet_server_is_full (gpointer user_data)
{
  WmnetServer *self = user_data;
  guint max, n;

  g_mutex_lock (&self->settings_lock);
  max = g_value_get_uint (WMNET_SETTING (self, MAX_CLIENTS));
  g_mutex_unlock (&self->settings_lock);
  n = wmnet_server_get_num_clients (self);
  return max != 0 && n >= max;
}

void
wmnet_server_set_admission (WmnetServer * self, WmnetAccessList * trusted,
    WmnetAuth * auth, WmnetLimits * limits)
{
  wmnet_admission_set_policy (self->admission, trusted, auth, limits);
}

static WmnetChunk *
current_header (gpointer user_data)
{
  WmnetServer *self = user_data;

  return self->stream.header;
}

static GstStructure *
client_structure_locked (WmnetServer * self, WmnetClient * c,
    const gchar * name)
{
  GstStructure *s;

  g_mutex_lock (&self->clients_lock);
  s = wmnet_server_client_structure (c, name);
  g_mutex_unlock (&self->clients_lock);
  return s;
}

GstStructure *
wmnet_server_get_client_info_by_id (WmnetServer * self, guint64 id)
{
  GstStructure *s = NULL;
  WmnetClient *c;

  g_mutex_lock (&self->clients_lock);
  c = wmnet_server_find_client_locked (self, id);
  if (c)
    s = wmnet_server_client_structure (c, "wmnetsink-client");
  g_mutex_unlock (&self->clients_lock);
  return s;
}

static void
start_client (gpointer user_data, SoupServerMessage * msg, gboolean wmsp,
    const gchar * user_agent)
{
  WmnetServer *self = user_data;
  WmnetClient *c = wmnet_client_new (&self->stream, &self->clients_lock);
  const WmnetHttpRequestInfo *info = wmnet_http_request_info_of (msg);
  gboolean fast_start, resolve;
  GstClockTime window, buffer_time;
  WmnetAdmissionClient client;
  WmnetAdmissionVerdict v;

  c->wmsp = wmsp;
  c->user_agent = g_strdup (user_agent);
  if (info)
    c->user = g_strdup (info->user);
  /* a session SelectStream finds by its client-id (MS-WMSP clients only) */
  if (info && wmsp)
    c->client_id = g_strdup (info->client_id);
  wmnet_selection_init_all (&c->selection);
  c->stream_mask = self->stream_mask;
  c->address = wmnet_http_peer_of (msg, &c->inet, &c->port);
  wmnet_http_forwarding_of (msg, &c->peer, &c->peer_port, &c->forwarded,
      &c->x_forwarded_for);
  /* the stream libsoup hands over wraps the socket; we write to the socket
   * itself (writev) and keep the stream to own and close the connection */
  c->socket = wmnet_http_socket_of (msg);
  if (c->socket)
    g_object_ref (c->socket);
  c->iostream = wmnet_http_take_connection (msg);
  if (c->address == NULL || c->iostream == NULL || c->socket == NULL) {
    /* the peer reset in the meantime: nothing to serve */
    GST_INFO_OBJECT (self, "cannot take over the connection");
    if (c->iostream)
      g_io_stream_close (c->iostream, NULL, NULL);
    wmnet_client_free (c);
    return;
  }
  /* the slot handle_request reserved is the client's from here on; the
   * lists and the trusted proxies may have been edited since the request
   * was screened (not in the table yet: no lock needed) */
  c->slot_inet = g_object_ref (c->inet);
  wmnet_server_reidentify_locked (self, c);
  wmnet_server_describe_client (c, &client);
  client.slot_kept = wmnet_http_keep_slot (msg);
  wmnet_admission_check_start (self->admission, &client, &v);
  if (v.action == WMNET_ADMISSION_REFUSE) {
    post_refused (self, c->address, c->port, info ? info->path : NULL,
        v.reason);
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
  fast_start = g_value_get_boolean (WMNET_SETTING (self, FAST_START));
  resolve = g_value_get_boolean (WMNET_SETTING (self, RESOLVE_NAMES));
  window = join_window (self);
  buffer_time = g_value_get_uint64 (WMNET_SETTING (self, CLIENT_BUFFER_TIME));
  g_mutex_unlock (&self->settings_lock);

  /* The stream of its selection (D43): everything unless an MS-WMSP
   * play request's stream-switch-entry asked for less. */
  if (wmsp && info) {
    c->selection = info->selection;
    c->view = acquire_view (self, &c->selection);
    if (c->view)
      c->stream = &((WmnetView *) c->view)->stream;
  }
  /* Fast start: from a key packet (of its selection), as fast as the
   * socket takes it; otherwise from the next key packet at the live
   * rate. */
  c->wait_key = wmnet_stream_join (c->stream, fast_start, window,
      buffer_time / 2, &c->header_seq, &c->next_seq);

  g_mutex_lock (&self->clients_lock);
  c->id = self->next_id++;
  g_ptr_array_add (self->clients, c);
  g_mutex_unlock (&self->clients_lock);
  wmnet_stats_client_added (self->stats);
  wmnet_server_session_open (self, c, wmnet_http_request_info_of (msg));

  GST_DEBUG_OBJECT (self, "client %" G_GUINT64_FORMAT " %s:%u (%s, %s)",
      c->id, c->address, c->port, c->wmsp ? "wmsp" : "http", c->user_agent);
  self->callbacks.client_connected (self->user_data,
      client_structure_locked (self, c, "wmnetsink-client-connected"));
  self->callbacks.clients_changed (self->user_data);

  if (resolve)
    wmnet_server_resolve_client (self, c);

  client_watch (self, c, TRUE);
  wmnet_server_client_flush (self, c, WMNET_CLIENT_TURN_BYTES);
}

const WmnetHttpCallbacks wmnet_server_http_callbacks = {
  .current_header = current_header,
  .start_client = start_client,
  .post_refused = post_refused,
  .log_stats = wmnet_server_session_report,
  .is_streaming = is_streaming,
  .select_streams = select_streams,
  .post = wmnet_server_post,
  .metrics = wmnet_server_metrics,
};

/* ------------------------------------------------------------------------ */
/* the client table */

GstStructure *
wmnet_server_client_structure (WmnetClient * c, const gchar * name)
{
  GstStructure *s = wmnet_client_to_structure (c, name);
  GstDateTime *dt;
  GDateTime *gdt = g_date_time_new_from_unix_utc (c->connected_at /
      G_USEC_PER_SEC);

  /* the authenticated user ("" when none: auth=none) */
  gst_structure_set (s, "user", G_TYPE_STRING, c->user ? c->user : "", NULL);
  /* the streams it is sent, and those of them key frames only (D46) */
  wmnet_selection_to_structure (&c->selection, c->stream_mask, s,
      "selected-streams", "thinned-streams");
  /* connected-at as a date, for bindings (gjs, Python) that should not
   * convert microseconds by hand; the same instant, UTC, to the µs */
  if (gdt) {
    GDateTime *precise = g_date_time_add (gdt, c->connected_at %
        G_USEC_PER_SEC);

    dt = gst_date_time_new_from_g_date_time (precise);
    gst_structure_set (s, "connected-at-datetime", GST_TYPE_DATE_TIME, dt,
        NULL);
    gst_date_time_unref (dt);
    g_date_time_unref (gdt);
  }
  return s;
}

/* wmnet_server_client_close() edits the table: whoever walks it to write
 * or close walks this copy. */
GPtrArray *
wmnet_server_clients_snapshot (WmnetServer * self)
{
  GPtrArray *snapshot;

  g_mutex_lock (&self->clients_lock);
  snapshot = g_ptr_array_copy (self->clients, NULL, NULL);
  g_mutex_unlock (&self->clients_lock);
  return snapshot;
}

WmnetServerWait
wmnet_server_wait_flushed (WmnetServer * server, GstClockTime timeout)
{
  gint64 end = g_get_monotonic_time () + timeout / GST_USECOND;
  WmnetServerWait ret = WMNET_SERVER_WAIT_FLUSHED;

  g_mutex_lock (&server->clients_lock);
  while (server->clients->len > 0) {
    if (server->wait_cancelled) {
      ret = WMNET_SERVER_WAIT_CANCELLED;
      break;
    }
    if (!g_cond_wait_until (&server->flushed_cond, &server->clients_lock, end)) {
      ret = server->clients->len == 0 ? WMNET_SERVER_WAIT_FLUSHED :
          WMNET_SERVER_WAIT_TIMEOUT;
      break;
    }
  }
  g_mutex_unlock (&server->clients_lock);
  return ret;
}

void
wmnet_server_cancel_wait (WmnetServer * server, gboolean cancel)
{
  g_mutex_lock (&server->clients_lock);
  server->wait_cancelled = cancel;
  g_cond_broadcast (&server->flushed_cond);
  g_mutex_unlock (&server->clients_lock);
}

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
        wmnet_server_client_structure (g_ptr_array_index (self->clients, i),
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
    s = wmnet_server_client_structure (g_ptr_array_index (self->clients,
            index), "wmnetsink-client");
  g_mutex_unlock (&self->clients_lock);
  return s;
}
