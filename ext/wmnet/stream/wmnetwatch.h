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

/* wmnetwatch: readiness of many sockets on one GMainContext. Owns the
 * watching, not the sockets: it never reads, writes or closes one. Where
 * <sys/epoll.h> exists every socket is in one epoll set behind one GSource
 * (a GSource per socket would make GLib poll() all of them on every
 * wake-up); elsewhere, and on request, one GSource per socket. Both are
 * level-triggered. Pure: no server state, unit-tested directly.
 *
 * The dispatch function runs on the context's thread, once per ready socket
 * and wake-up, with every condition that socket has (G_IO_IN also for a
 * peer that hung up, G_IO_HUP, G_IO_ERR, and G_IO_OUT when it was asked
 * for). It may add, modify or remove any socket, itself included: a removed
 * socket is never reported again, even when it was ready in the same
 * wake-up. */

#ifndef __WMNET_WATCH_H__
#define __WMNET_WATCH_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  /* epoll where it was built, else gsource; the environment variable
   * WMNET_WATCH_BACKEND=epoll|gsource (read once) overrides it */
  WMNET_WATCH_BACKEND_DEFAULT,
  WMNET_WATCH_BACKEND_EPOLL,
  WMNET_WATCH_BACKEND_GSOURCE,
} WmnetWatchBackend;

typedef struct _WmnetWatch WmnetWatch;
typedef struct _WmnetWatchEntry WmnetWatchEntry;

typedef void (*WmnetWatchFunc) (gpointer user_data, GIOCondition cond,
    gpointer entry_data);

/* Attaches to @context (NULL: the global default). Fails with
 * G_IO_ERROR_NOT_SUPPORTED for a backend that was not built, or with the
 * error of epoll_create1(). */
WmnetWatch *wmnet_watch_new (GMainContext * context,
    WmnetWatchBackend backend, WmnetWatchFunc func, gpointer user_data,
    GError ** error);
/* Detaches and frees every entry left; the sockets stay open. */
void wmnet_watch_free (WmnetWatch * watch);
/* The priority its sources dispatch at (G_PRIORITY_DEFAULT + 10 unless
 * set: below libsoup's, docs/design.md D29). */
void wmnet_watch_set_priority (WmnetWatch * watch, gint priority);
WmnetWatchBackend wmnet_watch_get_backend (WmnetWatch * watch);

/* Watches @socket for input and hang-up, and for output when @want_out.
 * @entry_data is what the dispatch function gets. On failure (epoll_ctl)
 * the entry is still returned, but the socket is not watched until a
 * modify succeeds; remove it as usual. */
WmnetWatchEntry *wmnet_watch_add (WmnetWatch * watch, GSocket * socket,
    gpointer entry_data, gboolean want_out, GError ** error);
gboolean wmnet_watch_modify (WmnetWatch * watch, WmnetWatchEntry * entry,
    gboolean want_out, GError ** error);
/* Stops watching; @entry is invalid afterwards. Call it before the socket
 * is closed. */
void wmnet_watch_remove (WmnetWatch * watch, WmnetWatchEntry * entry);

G_END_DECLS

#endif /* __WMNET_WATCH_H__ */
