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

#include <gst/gst.h>

#include "wmnetpoints.h"
#include "wmnethttp.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_points_debug);
#define GST_CAT_DEFAULT wmnet_points_debug

/* What is looked at of a request to find its path: a request line longer
 * than this names no point (libsoup's own limit on a head is 64 KiB; a
 * player's line is under 300 bytes, docs/design.md section 6). */
#define PEEK_MAX 4096
/* What is read of a request answered 404 before the connection closes, so
 * that the close does not reset the answer away. */
#define DRAIN_MAX 16384

typedef struct
{
  gchar *address;               /* as claimed; NULL = every interface */
  guint port;                   /* bound */
  WmnetListen *listen;
  GMainContext *context;
  GThread *thread;
  gint quit;                    /* atomic: the thread ends */
  /* the points, under lock: claims and releases on any thread, the
   * listener's thread reads them */
  GMutex lock;
  GList *points;
} Host;

struct _WmnetPoint
{
  Host *host;
  gchar *path;
  WmnetPointKind kind;
  WmnetPointServeFunc serve;
  /* the requests for a path nobody serves; NULL: not taken */
  WmnetPointServeFunc not_found;
  WmnetListenWarnFunc warn;
  /* D76: its figures, NULL: none; the metrics path it answers, NULL: none */
  WmnetPointReportFunc report;
  gchar *metrics_path;
  WmnetPointServeFunc metrics;
  gpointer user_data;
};

/* every open listener */
static GMutex registry_lock;
static GList *hosts;

/* ------------------------------------------------------------------------ */
/* the listener's thread */

/* The claims that may take a request for @path (NULL: it names none), by
 * kind: those of the path, else those of every path. */
static void
find_claims (Host * host, const gchar * path, WmnetPoint * claims[2])
{
  WmnetPoint *any[2] = { NULL, NULL };
  GList *l;

  claims[WMNET_POINT_PLAY] = claims[WMNET_POINT_PUSH] = NULL;
  for (l = host->points; l; l = l->next) {
    WmnetPoint *pt = l->data;

    if (pt->path == NULL)
      any[pt->kind] = pt;
    else if (path != NULL && g_str_equal (pt->path, path))
      claims[pt->kind] = pt;
  }
  if (claims[WMNET_POINT_PLAY] == NULL && claims[WMNET_POINT_PUSH] == NULL) {
    claims[WMNET_POINT_PLAY] = any[WMNET_POINT_PLAY];
    claims[WMNET_POINT_PUSH] = any[WMNET_POINT_PUSH];
  }
}

/* Nobody serves it: 404, best effort, after reading what the request sent
 * (closing with bytes unread would reset the answer away). */
static void
answer_not_found (GSocket * sock)
{
  static const gchar head[] = "HTTP/1.0 404 Not Found\r\n"
      "Server: " WMNET_SERVER_HEADER "\r\nConnection: close\r\n"
      "Content-Length: 0\r\n\r\n";
  gchar buf[1024];
  gsize drained = 0;
  gssize n;

  g_socket_set_blocking (sock, FALSE);
  while (drained < DRAIN_MAX
      && (n = g_socket_receive (sock, buf, sizeof (buf), NULL, NULL)) > 0)
    drained += n;
  g_socket_send (sock, head, sizeof (head) - 1, NULL, NULL);
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  g_socket_close (sock, NULL);
}

/* The point that answers the paths nobody serves: the first claimed
 * (the oldest) of those that take them; NULL: the listener answers. */
static WmnetPoint *
not_found_taker (Host * host)
{
  GList *l;

  for (l = host->points; l; l = l->next) {
    WmnetPoint *pt = l->data;

    if (pt->not_found)
      return pt;
  }
  return NULL;
}

/* The point that answers the metrics path @path, the oldest; NULL: none. */
static WmnetPoint *
metrics_taker (Host * host, const gchar * path)
{
  GList *l;

  for (l = host->points; l && path; l = l->next) {
    WmnetPoint *pt = l->data;

    if (pt->metrics && g_str_equal (pt->metrics_path, path))
      return pt;
  }
  return NULL;
}

/* Whether a request must be looked at: several points, a point of a path,
 * or a metrics path. */
static gboolean
host_peeks (Host * host)
{
  WmnetPoint *only;

  if (host->points == NULL)
    return FALSE;
  only = host->points->data;
  return host->points->next || only->path || only->metrics;
}

/* WmnetListenServeFunc: a connection whose first bytes are there */
static gboolean
host_serve (gpointer user_data, GSocket * sock)
{
  Host *host = user_data;
  WmnetPoint *pt = NULL, *claims[2];
  gchar *path = NULL;
  gboolean complete = TRUE, push = FALSE;
  gchar buf[PEEK_MAX];
  gssize n = 0;

  g_mutex_lock (&host->lock);
  /* a lone point of every path takes all, unread; none (the last one is
   * being released): closed */
  if (host_peeks (host)) {
    n = recv (g_socket_get_fd (sock), buf, sizeof (buf),
        MSG_PEEK | MSG_DONTWAIT);
    if (n > 0)
      complete = wmnet_point_request_path (buf, n, &path);
  }
  /* the metrics path comes before the broadcasts (D76) */
  if (n > 0 && complete && (pt = metrics_taker (host, path)) != NULL) {
    pt->metrics (pt->user_data, sock);
    g_mutex_unlock (&host->lock);
    g_free (path);
    return TRUE;
  }
  find_claims (host, path, claims);
  /* a claim of each kind: the head says which */
  if (n > 0 && complete && claims[WMNET_POINT_PLAY]
      && claims[WMNET_POINT_PUSH])
    complete = wmnet_point_request_is_push (buf, n, &push);
  /* a head longer than that names no point, and is no push */
  if (!complete && (gsize) n < sizeof (buf)) {
    g_mutex_unlock (&host->lock);
    g_free (path);
    return FALSE;
  }
  pt = claims[push ? WMNET_POINT_PUSH : WMNET_POINT_PLAY];
  if (pt == NULL)
    pt = claims[push ? WMNET_POINT_PLAY : WMNET_POINT_PUSH];
  if (pt) {
    pt->serve (pt->user_data, sock);
  } else if (n > 0 && (pt = not_found_taker (host)) != NULL) {
    GST_INFO ("port %u: no publishing point serves %s: to %s's 404",
        host->port, path ? path : "(no path)", pt->path);
    pt->not_found (pt->user_data, sock);
  }
  g_mutex_unlock (&host->lock);
  if (pt == NULL) {
    GST_INFO ("port %u: no publishing point serves %s: 404", host->port,
        path ? path : "(no path)");
    if (n > 0)
      answer_not_found (sock);
    else
      g_socket_close (sock, NULL);
  }
  g_free (path);
  return TRUE;
}

/* WmnetListenWarnFunc: out of descriptors, told to every point */
static void
host_warn (gpointer user_data, const gchar * text)
{
  Host *host = user_data;
  GList *l;

  g_mutex_lock (&host->lock);
  for (l = host->points; l; l = l->next) {
    WmnetPoint *pt = l->data;

    pt->warn (pt->user_data, text);
  }
  g_mutex_unlock (&host->lock);
}

static gpointer
host_thread (gpointer data)
{
  Host *host = data;

  /* not a GMainLoop: a quit before it runs would be lost */
  g_main_context_push_thread_default (host->context);
  while (!g_atomic_int_get (&host->quit))
    g_main_context_iteration (host->context, TRUE);
  g_main_context_pop_thread_default (host->context);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* the registry */

static Host *
host_open (const gchar * address, guint port, GError ** error)
{
  WmnetListen *listen = wmnet_listen_new (address, port, error);
  Host *host;

  if (listen == NULL)
    return NULL;
  host = g_new0 (Host, 1);
  g_mutex_init (&host->lock);
  host->address = g_strdup (address);
  host->listen = listen;
  host->port = wmnet_listen_get_port (listen);
  host->context = g_main_context_new ();
  wmnet_listen_attach (listen, host->context, host_serve, host_warn, host,
      NULL);
  host->thread = g_thread_new ("wmnetlisten", host_thread, host);
  GST_INFO ("listening on port %u", host->port);
  return host;
}

static void
host_close (Host * host)
{
  g_atomic_int_set (&host->quit, TRUE);
  g_main_context_wakeup (host->context);
  g_thread_join (host->thread);
  /* the thread is gone: the listener's sources go from here */
  wmnet_listen_free (host->listen);
  g_main_context_unref (host->context);
  g_mutex_clear (&host->lock);
  GST_INFO ("port %u closed", host->port);
  g_free (host->address);
  g_free (host);
}

static Host *
find_host (const gchar * address, guint port)
{
  GList *l;

  for (l = hosts; l; l = l->next) {
    Host *host = l->data;

    if (host->port == port && g_strcmp0 (host->address, address) == 0)
      return host;
  }
  return NULL;
}

WmnetPoint *
wmnet_point_claim (const gchar * address, guint port, const gchar * path,
    WmnetPointKind kind, WmnetPointServeFunc serve, WmnetListenWarnFunc warn,
    gpointer user_data, GError ** error)
{
  static const gchar *const kinds[] = { "players", "pushers" };
  static gsize cat = 0;
  WmnetPoint *pt = NULL;
  Host *host = NULL;

  if (g_once_init_enter (&cat)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_points_debug, "wmnetpoints", 0,
        "wmnet publishing points");
    g_once_init_leave (&cat, 1);
  }
  if (address != NULL && *address == '\0')
    address = NULL;
  g_mutex_lock (&registry_lock);
  if (port != 0)
    host = find_host (address, port);
  if (host == NULL) {
    host = host_open (address, port, error);
    if (host == NULL)
      goto out;
    hosts = g_list_prepend (hosts, host);
  } else {
    GList *l;

    for (l = host->points; l; l = l->next) {
      WmnetPoint *other = l->data;

      if (g_strcmp0 (other->path, path) == 0 && other->kind == kind) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
            "Port %u already has the publishing point %s for %s", port,
            path ? path : "of every path (publishing-point NULL)", kinds[kind]);
        goto out;
      }
    }
  }
  pt = g_new0 (WmnetPoint, 1);
  pt->host = host;
  pt->path = g_strdup (path);
  pt->kind = kind;
  pt->serve = serve;
  pt->warn = warn;
  pt->user_data = user_data;
  g_mutex_lock (&host->lock);
  host->points = g_list_append (host->points, pt);
  g_mutex_unlock (&host->lock);
  GST_INFO ("port %u serves %s for %s", host->port,
      path ? path : "every path", kinds[kind]);
out:
  g_mutex_unlock (&registry_lock);
  return pt;
}

void
wmnet_point_take_not_found (WmnetPoint * point, WmnetPointServeFunc not_found)
{
  g_mutex_lock (&point->host->lock);
  point->not_found = not_found;
  g_mutex_unlock (&point->host->lock);
}

void
wmnet_point_set_report (WmnetPoint * point, WmnetPointReportFunc report)
{
  g_mutex_lock (&point->host->lock);
  point->report = report;
  g_mutex_unlock (&point->host->lock);
}

void
wmnet_point_take_metrics (WmnetPoint * point, const gchar * path,
    WmnetPointServeFunc metrics)
{
  g_mutex_lock (&point->host->lock);
  g_free (point->metrics_path);
  point->metrics_path = g_strdup (path);
  point->metrics = metrics;
  g_mutex_unlock (&point->host->lock);
}

GPtrArray *
wmnet_points_reports (const gchar * address, guint port)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  Host *host;
  GList *l;

  if (address != NULL && *address == '\0')
    address = NULL;
  g_mutex_lock (&registry_lock);
  host = find_host (address, port);
  if (host)
    g_mutex_lock (&host->lock);
  for (l = host ? host->points : NULL; l; l = l->next) {
    WmnetPoint *pt = l->data;
    GstStructure *s = pt->report ? pt->report (pt->user_data) : NULL;

    if (s == NULL)
      continue;
    gst_structure_set (s, "publishing-point", G_TYPE_STRING,
        pt->path ? pt->path : "*", NULL);
    g_ptr_array_add (reports, s);
  }
  if (host)
    g_mutex_unlock (&host->lock);
  g_mutex_unlock (&registry_lock);
  return reports;
}

guint
wmnet_point_get_port (WmnetPoint * point)
{
  return point->host->port;
}

void
wmnet_point_release (WmnetPoint * point)
{
  Host *host = point->host;
  gboolean last;

  g_mutex_lock (&registry_lock);
  g_mutex_lock (&host->lock);
  host->points = g_list_remove (host->points, point);
  last = host->points == NULL;
  g_mutex_unlock (&host->lock);
  if (last) {
    hosts = g_list_remove (hosts, host);
    host_close (host);
  }
  g_mutex_unlock (&registry_lock);
  g_free (point->path);
  g_free (point->metrics_path);
  g_free (point);
}

guint
wmnet_points_n_listeners (void)
{
  guint n;

  g_mutex_lock (&registry_lock);
  n = g_list_length (hosts);
  g_mutex_unlock (&registry_lock);
  return n;
}

guint
wmnet_points_n_points (guint port)
{
  guint n = 0;
  GList *l;

  g_mutex_lock (&registry_lock);
  for (l = hosts; l; l = l->next) {
    Host *host = l->data;

    if (host->port == port) {
      g_mutex_lock (&host->lock);
      n += g_list_length (host->points);
      g_mutex_unlock (&host->lock);
    }
  }
  g_mutex_unlock (&registry_lock);
  return n;
}
