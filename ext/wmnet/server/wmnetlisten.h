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

/* wmnetlisten: the listening socket and the accept loop. Ours, not
 * libsoup's, whose listener gives up for good the first time accept()
 * fails (e.g. out of descriptors): this one backs off and tries again, and
 * answers 503 itself to a connection the admission's connect point refuses
 * (one that would take a descriptor kept free below RLIMIT_NOFILE). Every other accepted socket goes
 * to the serve function once its first bytes are there (or it hung up;
 * again each second while the function asks for more, D69): a
 * burst of connections waits here, in an epoll set, not in libsoup; one
 * that sends nothing for 5 s is closed (docs/design.md, D48). Runs on the
 * server thread once attached. */

#ifndef __WMNET_LISTEN_H__
#define __WMNET_LISTEN_H__

#include <gio/gio.h>

#include "wmnetadmission.h"

G_BEGIN_DECLS

typedef struct _WmnetListen WmnetListen;

/* Takes @socket (the function refs what it keeps) and returns TRUE; or
 * FALSE, taking nothing, when it needs more of the request to decide
 * (wmnetpoints: the request line is not all there): the connection is then
 * offered again once a second until its deadline (docs/design.md, D69). */
typedef gboolean (*WmnetListenServeFunc) (gpointer user_data,
    GSocket * socket);
/* Something the administrator should know (out of descriptors), once. */
typedef void (*WmnetListenWarnFunc) (gpointer user_data, const gchar * text);

/* Binds @address (NULL = every interface, IPv6 and IPv4) and @port (0 = any
 * free port) and listens; nothing is accepted before it is attached. */
WmnetListen *wmnet_listen_new (const gchar * address, guint port,
    GError ** error);
gint wmnet_listen_get_port (WmnetListen * listen);
/* Each accepted connection goes through @admission's connect point (kept,
 * not owned); without one, through its checks on no inputs. */
void wmnet_listen_set_admission (WmnetListen * listen,
    WmnetAdmission * admission);
/* Accepts on @context from now on. @log_object: what log lines are about. */
void wmnet_listen_attach (WmnetListen * listen, GMainContext * context,
    WmnetListenServeFunc serve, WmnetListenWarnFunc warn, gpointer user_data,
    gpointer log_object);
/* Stops accepting and closes the listening socket. */
void wmnet_listen_free (WmnetListen * listen);

G_END_DECLS

#endif /* __WMNET_LISTEN_H__ */
