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

/* wmnetpushconn: one [MS-WMHTTP] push session's connection, the client
 * side: the TCP connection (GIO), the PushSetup exchange with its 401
 * answered by libsoup's Basic or Digest (a new connection per 3.1.5.1),
 * the answer's checks (Server token, push-id), the PushStart head, then the
 * body's packets counted against its Content-Length (wmhttp_body_put()):
 * a full body is filled with $F, its answer read and the session's next
 * PushStart sent on (3.1.4.3, 3.1.5.2; D81), with a look for an early
 * answer or a close before each write. Its own HTTP/1.1 because a
 * PushStart body of 2 GiB is written as the stream goes, and goes on the
 * PushSetup's connection (docs/design.md, D70). Blocking, with a
 * GCancellable; one thread at a time. */

#ifndef __WMNET_PUSH_CONN_H__
#define __WMNET_PUSH_CONN_H__

#include <gio/gio.h>

G_BEGIN_DECLS

#define WMNET_PUSH_ERROR (wmnet_push_error_quark ())
GQuark wmnet_push_error_quark (void);

typedef enum
{
  /* an HTTP error status other than the ones below (5xx, 408, ...) */
  WMNET_PUSH_ERROR_STATUS,
  /* 401 with no credentials or refused ones, 403 */
  WMNET_PUSH_ERROR_NOT_AUTHORIZED,
  /* 404, 410: no such publishing point */
  WMNET_PUSH_ERROR_NOT_FOUND,
  /* the answer is no HTTP, or the Server header names no Windows Media
   * server (3.1.5.1 step 1) */
  WMNET_PUSH_ERROR_NOT_WMS,
  /* the server closed the connection, or answered while the body went */
  WMNET_PUSH_ERROR_CLOSED,
  /* a packet longer than a PushStart body of the length given */
  WMNET_PUSH_ERROR_TOO_BIG,
} WmnetPushError;

typedef struct
{
  GUri *uri;                    /* http://host[:port]/path[?query] */
  const gchar *template_path;   /* NULL or wmhttp_template_ok() */
  gboolean auto_destroy;
  const gchar *user_id;         /* NULL: no credentials */
  const gchar *user_pw;
  const gchar *user_agent;
  guint timeout;                /* seconds; 0 = none */
  guint64 length;               /* each PushStart's Content-Length; 0 =
                                 * WMHTTP_UNKNOWN_LENGTH (3.1.4.2.1) */
} WmnetPushParams;

typedef struct _WmnetPushConn WmnetPushConn;

/* Connects, sends PushSetup (again with credentials after a 401), then the
 * PushStart head; the body is the caller's through wmnet_push_conn_send().
 * Needs wmnet_soup_client_load(). NULL with @error: a GIO error
 * (G_IO_ERROR_CANCELLED when @cancellable fired) or WMNET_PUSH_ERROR. */
WmnetPushConn *wmnet_push_conn_open (const WmnetPushParams * params,
    GCancellable * cancellable, GError ** error);

/* Writes @data, one or more whole packets of the body (wmhttp_append_*()),
 * in order. A packet that does not fit what is left of the current
 * PushStart body is held while the body is filled with $F, its answer
 * read (2xx, checked as 3.1.5.2 says: Server token, push-id) and the next
 * PushStart of the session sent, on the same connection unless the server
 * closes it; the packet then opens the new body. @sent (may be NULL) is
 * increased by the body bytes written, filler included. FALSE with @error
 * when the server answered early, refused or closed (WMNET_PUSH_ERROR) or
 * a write failed (G_IO_ERROR): the packets from the failed one on are not
 * sent. */
gboolean wmnet_push_conn_send (WmnetPushConn * conn, const guint8 * data,
    gsize len, guint64 * sent, GCancellable * cancellable, GError ** error);

/* The session's push-id ("0" when the server set none). */
const gchar *wmnet_push_conn_get_push_id (WmnetPushConn * conn);

/* Closes the connection. */
void wmnet_push_conn_free (WmnetPushConn * conn);

G_END_DECLS

#endif /* __WMNET_PUSH_CONN_H__ */
