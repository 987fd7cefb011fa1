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

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <gst/gst.h>

#include "wmnetlisten.h"
#include "wmnethttp.h"
#include "wmnetwatch.h"

/* the server's category: accepting is logged as the server's */
GST_DEBUG_CATEGORY_STATIC (wmnet_listen_debug);
#define GST_CAT_DEFAULT wmnet_listen_debug

#define LISTEN_BACKLOG 4096
/* After accept() failed for lack of descriptors, try again this late. */
#define ACCEPT_BACKOFF_MS 100
/* A connection that sends nothing for this long is closed (then libsoup
 * gives its request head as long, wmnethttp.c). */
#define FIRST_BYTES_TIMEOUT_S 5

/* An accepted connection waiting for its first bytes (docs/design.md,
 * D48). */
typedef struct
{
  GList link;                   /* in waiting, oldest first */
  GSocket *socket;
  WmnetWatchEntry *entry;       /* NULL: its bytes came, but not enough
                                 * (offered again by the sweep) */
  gint64 deadline;              /* monotonic µs */
} Waiter;

struct _WmnetListen
{
  GSocket *listener;
  GSource *listen_source;       /* NULL while backing off */
  GSource *backoff_timer;
  gint64 fd_limit;              /* RLIMIT_NOFILE when started, 0 = none */
  WmnetAdmission *admission;    /* its connect point; may be NULL */
  gboolean warned_fds;
  GMainContext *context;
  WmnetListenServeFunc serve;
  WmnetListenWarnFunc warn;
  gpointer user_data;
  gpointer log_object;
  /* accepted connections that sent nothing yet: not libsoup's before */
  WmnetWatch *waiting_watch;
  GQueue waiting;
  GSource *sweep_timer;
};

/* ------------------------------------------------------------------------ */
/* accepting connections: ours, not libsoup's, whose listener gives up for
 * good the first time accept() fails (e.g. out of descriptors) */

static gboolean accept_ready (GSocket * listener, GIOCondition cond,
    gpointer data);

static void
listen_arm (WmnetListen * self)
{
  self->listen_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->listen_source,
      G_SOURCE_FUNC (accept_ready), self, NULL);
  g_source_attach (self->listen_source, self->context);
}

static gboolean
backoff_done (gpointer data)
{
  WmnetListen *self = data;

  g_clear_pointer (&self->backoff_timer, g_source_unref);
  listen_arm (self);
  return G_SOURCE_REMOVE;
}

static void
warn_fds (WmnetListen * self)
{
  gchar *text;

  if (self->warned_fds)
    return;
  self->warned_fds = TRUE;
  text = g_strdup_printf ("Out of file descriptors (the limit is %"
      G_GINT64_FORMAT "): new connections get 503 until some are free; "
      "raise RLIMIT_NOFILE (ulimit -n) to serve more clients", self->fd_limit);
  GST_WARNING_OBJECT (self->log_object, "%s", text);
  self->warn (self->user_data, text);
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

/* ------------------------------------------------------------------------ */
/* the waiting room: libsoup takes a connection only once its first bytes
 * are there. A connection waiting for them in libsoup holds its objects and
 * an 8 KiB head buffer (about 15 KiB); here a socket and an epoll entry.
 * A burst of clients connects well before it sends (docs/design.md, D48). */

static void
waiter_free (WmnetListen * self, Waiter * w)
{
  g_queue_unlink (&self->waiting, &w->link);
  if (w->entry)
    wmnet_watch_remove (self->waiting_watch, w->entry);
  g_object_unref (w->socket);
  g_free (w);
}

static gboolean sweep_waiting (gpointer data);

static void
arm_sweep (WmnetListen * self)
{
  if (self->sweep_timer == NULL) {
    self->sweep_timer = g_timeout_source_new_seconds (1);
    g_source_set_callback (self->sweep_timer, sweep_waiting, self, NULL);
    g_source_attach (self->sweep_timer, self->context);
  }
}

/* readable, or hung up: libsoup reads what there is (or the end) itself;
 * a serve function that needs more (a request line cut, D69) has it
 * offered again by the sweep, out of the watch: level-triggered, the bytes
 * still there would wake it at once again */
static void
first_bytes (gpointer data, GIOCondition cond, gpointer entry_data)
{
  WmnetListen *self = data;
  Waiter *w = entry_data;
  GSocket *sock = g_object_ref (w->socket);

  if (self->serve (self->user_data, sock)) {
    waiter_free (self, w);
  } else {
    wmnet_watch_remove (self->waiting_watch, w->entry);
    w->entry = NULL;
  }
  g_object_unref (sock);
}

static gboolean
sweep_waiting (gpointer data)
{
  WmnetListen *self = data;
  gint64 now = g_get_monotonic_time ();
  GList *l, *next;

  for (l = self->waiting.head; l; l = next) {
    Waiter *w = l->data;

    next = l->next;
    if (w->deadline <= now) {
      GST_INFO_OBJECT (self->log_object, "no request in %d s: closing",
          FIRST_BYTES_TIMEOUT_S);
      g_socket_close (w->socket, NULL);
      waiter_free (self, w);
    } else if (w->entry == NULL && self->serve (self->user_data, w->socket)) {
      waiter_free (self, w);
    }
  }
  if (self->waiting.length > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->sweep_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
wait_first_bytes (WmnetListen * self, GSocket * sock)
{
  GError *error = NULL;
  Waiter *w;

  /* the bytes are often there already: no wait, no epoll entry */
  if (self->waiting_watch == NULL || g_socket_get_available_bytes (sock) != 0) {
    if (self->serve (self->user_data, sock))
      return;
    /* not enough of them: the sweep offers it again */
    w = g_new0 (Waiter, 1);
  } else {
    w = g_new0 (Waiter, 1);
    w->entry = wmnet_watch_add (self->waiting_watch, sock, w, FALSE, &error);
    if (error) {
      g_error_free (error);
      wmnet_watch_remove (self->waiting_watch, w->entry);
      w->entry = NULL;
    }
  }
  w->socket = g_object_ref (sock);
  w->deadline = g_get_monotonic_time () +
      FIRST_BYTES_TIMEOUT_S * G_USEC_PER_SEC;
  w->link.data = w;
  g_queue_push_tail_link (&self->waiting, &w->link);
  arm_sweep (self);
}

static gboolean
accept_ready (GSocket * listener, GIOCondition cond, gpointer data)
{
  WmnetListen *self = data;
  WmnetAdmissionConnect conn = { 0 };
  WmnetAdmissionVerdict v;
  guint i;

  conn.fd_limit = self->fd_limit;
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
      GST_DEBUG_OBJECT (self->log_object, "accept: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        warn_fds (self);
      g_error_free (error);
      g_clear_pointer (&self->listen_source, g_source_unref);
      self->backoff_timer = g_timeout_source_new (ACCEPT_BACKOFF_MS);
      g_source_set_callback (self->backoff_timer, backoff_done, self, NULL);
      g_source_attach (self->backoff_timer, self->context);
      return G_SOURCE_REMOVE;
    }
    conn.fd = g_socket_get_fd (sock);
    wmnet_admission_check_connect (self->admission, &conn, &v);
    if (v.action == WMNET_ADMISSION_REFUSE) {
      warn_fds (self);
      refuse_socket (sock);
    } else {
      wait_first_bytes (self, sock);
    }
    g_object_unref (sock);
  }
  return G_SOURCE_CONTINUE;
}

void
wmnet_listen_free (WmnetListen * self)
{
  Waiter *w;

  while ((w = g_queue_peek_head (&self->waiting))) {
    g_socket_close (w->socket, NULL);
    waiter_free (self, w);
  }
  if (self->sweep_timer) {
    g_source_destroy (self->sweep_timer);
    g_clear_pointer (&self->sweep_timer, g_source_unref);
  }
  if (self->waiting_watch)
    wmnet_watch_free (self->waiting_watch);
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
  if (self->context)
    g_main_context_unref (self->context);
  g_free (self);
}

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

WmnetListen *
wmnet_listen_new (const gchar * address, guint port, GError ** error)
{
  static gsize cat = 0;
  WmnetListen *self;
  GSocket *sock;
  struct rlimit nofile;

  if (g_once_init_enter (&cat)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_listen_debug, "wmnetserver", 0,
        "wmnetsink HTTP server");
    g_once_init_leave (&cat, 1);
  }
  sock = listen_socket (address, port, error);
  if (sock == NULL)
    return NULL;
  self = g_new0 (WmnetListen, 1);
  self->listener = sock;
  g_queue_init (&self->waiting);
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0
      && nofile.rlim_cur != RLIM_INFINITY)
    self->fd_limit = nofile.rlim_cur;
  return self;
}

void
wmnet_listen_set_admission (WmnetListen * self, WmnetAdmission * admission)
{
  self->admission = admission;
}

gint
wmnet_listen_get_port (WmnetListen * self)
{
  GSocketAddress *local = g_socket_get_local_address (self->listener, NULL);
  gint port;

  if (local == NULL)
    return -1;
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  return port;
}

void
wmnet_listen_attach (WmnetListen * self, GMainContext * context,
    WmnetListenServeFunc serve, WmnetListenWarnFunc warn, gpointer user_data,
    gpointer log_object)
{
  self->context = g_main_context_ref (context);
  self->serve = serve;
  self->warn = warn;
  self->user_data = user_data;
  self->log_object = log_object;
  /* at libsoup's priority: a connection's turn comes once its bytes are in */
  self->waiting_watch = wmnet_watch_new (context, WMNET_WATCH_BACKEND_DEFAULT,
      first_bytes, self, NULL);
  if (self->waiting_watch)
    wmnet_watch_set_priority (self->waiting_watch, G_PRIORITY_DEFAULT);
  listen_arm (self);
}
