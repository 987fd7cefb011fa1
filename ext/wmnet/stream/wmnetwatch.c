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

#include <errno.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_EPOLL_H
#include <sys/epoll.h>
#endif

#include "wmnetwatch.h"

/* One dispatch takes at most this many ready sockets per epoll_wait ... */
#define MAX_EVENTS 64
/* ... and at most this many epoll_waits before the context runs others:
 * with turns of 64 KiB, a dispatch writes at most 20 MiB before waiting
 * requests are looked at again (D29) */
#define MAX_WAITS 5
/* Below the accept loop's and libsoup's sources: while requests wait, they
 * go first, so that a burst of joiners all get their header and first key
 * packet before any gets the rest of its fast start (docs/design.md D29);
 * the window's writes (the server's command queue) are not behind it. */
#define WATCH_PRIORITY (G_PRIORITY_DEFAULT + 10)

struct _WmnetWatchEntry
{
  GSocket *socket;
  gpointer data;
  gboolean want_out;
  gboolean removed;
  GList link;                   /* in watch->entries, or in watch->dead */
  GSource *source;              /* gsource backend */
  WmnetWatch *watch;
};

struct _WmnetWatch
{
  WmnetWatchBackend backend;
  GMainContext *context;
  WmnetWatchFunc func;
  gpointer user_data;
  gint priority;
  GQueue entries;
  /* epoll backend */
  gint epfd;
  GSource *source;
  gboolean dispatching;
  /* removed while the events of a dispatch still point to them */
  GQueue dead;
};

static void
entry_free (WmnetWatchEntry * e)
{
  if (e->source) {
    g_source_destroy (e->source);
    g_source_unref (e->source);
  }
  g_object_unref (e->socket);
  g_free (e);
}

static WmnetWatchBackend
default_backend (void)
{
  static gsize backend = 0;

  if (g_once_init_enter (&backend)) {
    const gchar *env = g_getenv ("WMNET_WATCH_BACKEND");
    WmnetWatchBackend b;

#ifdef HAVE_SYS_EPOLL_H
    b = WMNET_WATCH_BACKEND_EPOLL;
#else
    b = WMNET_WATCH_BACKEND_GSOURCE;
#endif
    if (g_strcmp0 (env, "gsource") == 0)
      b = WMNET_WATCH_BACKEND_GSOURCE;
    else if (g_strcmp0 (env, "epoll") == 0)
      b = WMNET_WATCH_BACKEND_EPOLL;
    /* 0 is "not yet": store the backend plus one */
    g_once_init_leave (&backend, b + 1);
  }
  return (WmnetWatchBackend) (backend - 1);
}

/* ------------------------------------------------------------------------ */
/* epoll: one set behind one GSource */

#ifdef HAVE_SYS_EPOLL_H

static gboolean
epoll_ctl_entry (WmnetWatch * w, WmnetWatchEntry * e, gint op, GError ** error)
{
  struct epoll_event ev = { 0, };

  ev.events = EPOLLIN | EPOLLRDHUP | (e->want_out ? EPOLLOUT : 0);
  ev.data.ptr = e;
  if (epoll_ctl (w->epfd, op, g_socket_get_fd (e->socket), &ev) < 0) {
    gint err = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s",
        g_strerror (err));
    return FALSE;
  }
  return TRUE;
}

static gboolean
epoll_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetWatch *w = user_data;
  struct epoll_event events[MAX_EVENTS];
  WmnetWatchEntry *e;
  GList *l;
  gint i, n, round;

  w->dispatching = TRUE;
  for (round = 0; round < MAX_WAITS; round++) {
    n = epoll_wait (w->epfd, events, G_N_ELEMENTS (events), 0);
    for (i = 0; i < n; i++) {
      guint32 ev = events[i].events;
      GIOCondition cond = 0;

      e = events[i].data.ptr;
      if (e->removed)
        continue;
      if (ev & (EPOLLIN | EPOLLRDHUP))
        cond |= G_IO_IN;
      if (ev & EPOLLHUP)
        cond |= G_IO_HUP;
      if (ev & EPOLLERR)
        cond |= G_IO_ERR;
      if (ev & EPOLLOUT)
        cond |= G_IO_OUT;
      w->func (w->user_data, cond, e->data);
    }
    if (n < (gint) G_N_ELEMENTS (events))
      break;
  }
  w->dispatching = FALSE;
  while ((l = g_queue_pop_head_link (&w->dead)))
    entry_free (l->data);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs epoll_funcs = {
  NULL, NULL, epoll_dispatch, NULL,
};

static gboolean
epoll_start (WmnetWatch * w, GError ** error)
{
  w->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (w->epfd < 0) {
    gint err = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
        "Cannot create an epoll set: %s", g_strerror (err));
    return FALSE;
  }
  w->source = g_source_new (&epoll_funcs, sizeof (GSource));
  g_source_add_unix_fd (w->source, w->epfd, G_IO_IN);
  g_source_set_callback (w->source, NULL, w, NULL);
  g_source_set_priority (w->source, w->priority);
  g_source_attach (w->source, w->context);
  return TRUE;
}

#endif /* HAVE_SYS_EPOLL_H */

/* ------------------------------------------------------------------------ */
/* gsource: one GSource per socket */

static gboolean
entry_ready (GSocket * socket, GIOCondition cond, gpointer data)
{
  WmnetWatchEntry *e = data;
  WmnetWatch *w = e->watch;

  /* @e may be gone (or its source replaced) when this returns */
  w->func (w->user_data, cond, e->data);
  return G_SOURCE_CONTINUE;
}

static void
entry_arm (WmnetWatch * w, WmnetWatchEntry * e)
{
  if (e->source) {
    g_source_destroy (e->source);
    g_source_unref (e->source);
  }
  e->source = g_socket_create_source (e->socket, G_IO_IN | G_IO_HUP |
      G_IO_ERR | (e->want_out ? G_IO_OUT : 0), NULL);
  g_source_set_callback (e->source, G_SOURCE_FUNC (entry_ready), e, NULL);
  g_source_set_priority (e->source, w->priority);
  g_source_attach (e->source, w->context);
}

/* ------------------------------------------------------------------------ */

WmnetWatch *
wmnet_watch_new (GMainContext * context, WmnetWatchBackend backend,
    WmnetWatchFunc func, gpointer user_data, GError ** error)
{
  WmnetWatch *w;

  if (backend == WMNET_WATCH_BACKEND_DEFAULT)
    backend = default_backend ();
#ifndef HAVE_SYS_EPOLL_H
  if (backend == WMNET_WATCH_BACKEND_EPOLL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "Built without epoll");
    return NULL;
  }
#endif

  w = g_new0 (WmnetWatch, 1);
  w->backend = backend;
  w->context = context ? g_main_context_ref (context) : NULL;
  w->func = func;
  w->user_data = user_data;
  w->priority = WATCH_PRIORITY;
  w->epfd = -1;
  g_queue_init (&w->entries);
  g_queue_init (&w->dead);
#ifdef HAVE_SYS_EPOLL_H
  if (backend == WMNET_WATCH_BACKEND_EPOLL && !epoll_start (w, error)) {
    wmnet_watch_free (w);
    return NULL;
  }
#endif
  return w;
}

void
wmnet_watch_set_priority (WmnetWatch * w, gint priority)
{
  GList *l;

  w->priority = priority;
  if (w->source)
    g_source_set_priority (w->source, priority);
  for (l = w->entries.head; l; l = l->next) {
    WmnetWatchEntry *e = l->data;

    if (e->source)
      g_source_set_priority (e->source, priority);
  }
}

void
wmnet_watch_free (WmnetWatch * w)
{
  GList *l;

  if (w->source) {
    g_source_destroy (w->source);
    g_source_unref (w->source);
  }
  /* the links are the entries' own: popped as links, never freed as such */
  while ((l = g_queue_pop_head_link (&w->entries)))
    entry_free (l->data);
  while ((l = g_queue_pop_head_link (&w->dead)))
    entry_free (l->data);
  if (w->epfd >= 0)
    close (w->epfd);
  if (w->context)
    g_main_context_unref (w->context);
  g_free (w);
}

WmnetWatchBackend
wmnet_watch_get_backend (WmnetWatch * w)
{
  return w->backend;
}

WmnetWatchEntry *
wmnet_watch_add (WmnetWatch * w, GSocket * socket, gpointer entry_data,
    gboolean want_out, GError ** error)
{
  WmnetWatchEntry *e = g_new0 (WmnetWatchEntry, 1);

  e->socket = g_object_ref (socket);
  e->data = entry_data;
  e->want_out = want_out;
  e->watch = w;
  e->link.data = e;
  g_queue_push_tail_link (&w->entries, &e->link);
#ifdef HAVE_SYS_EPOLL_H
  if (w->backend == WMNET_WATCH_BACKEND_EPOLL)
    epoll_ctl_entry (w, e, EPOLL_CTL_ADD, error);
  else
#endif
    entry_arm (w, e);
  return e;
}

gboolean
wmnet_watch_modify (WmnetWatch * w, WmnetWatchEntry * e, gboolean want_out,
    GError ** error)
{
  g_return_val_if_fail (!e->removed, FALSE);

  e->want_out = want_out;
#ifdef HAVE_SYS_EPOLL_H
  if (w->backend == WMNET_WATCH_BACKEND_EPOLL) {
    GError *err = NULL;

    if (epoll_ctl_entry (w, e, EPOLL_CTL_MOD, &err))
      return TRUE;
    /* an entry whose ADD failed is not in the set yet */
    if (!g_error_matches (err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
      g_propagate_error (error, err);
      return FALSE;
    }
    g_error_free (err);
    return epoll_ctl_entry (w, e, EPOLL_CTL_ADD, error);
  }
#endif
  entry_arm (w, e);
  return TRUE;
}

void
wmnet_watch_remove (WmnetWatch * w, WmnetWatchEntry * e)
{
  g_return_if_fail (!e->removed);

  e->removed = TRUE;
  g_queue_unlink (&w->entries, &e->link);
#ifdef HAVE_SYS_EPOLL_H
  if (w->backend == WMNET_WATCH_BACKEND_EPOLL) {
    epoll_ctl (w->epfd, EPOLL_CTL_DEL, g_socket_get_fd (e->socket), NULL);
    if (w->dispatching) {
      g_queue_push_tail_link (&w->dead, &e->link);
      return;
    }
  }
#endif
  entry_free (e);
}
