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

/* wmnethttppriv: private to wmnethttp's own files; nothing else includes
 * it, the server uses wmnethttp.h. Owns the WmnetHttp structure, what is
 * known of a connection (ConnInfo), the bounds the files share, and
 * declares what the files call of each other: wmnethttp.c has the life
 * cycle, the slowloris timer, the request screening (screen_request: the
 * admission's head point), the per-address slots and handle_request (its
 * play point), which gives the streaming answers itself and hands the
 * others over; wmnethttpconn.c the connections and the client's address;
 * wmnethttpanswers.c the refusals on the wire, MS-WMSP headers
 * and sessions, describe and SelectStream answers; wmnethttpmetrics.c the answer to
 * the metrics path (D76); wmnethttpparked.c the
 * describes parked until the first header; wmnethttpreports.c the
 * players' log reports. All of it logs under the `wmnetserver` debug
 * category (the answers are logged as the server's). */

#ifndef __WMNET_HTTP_PRIV_H__
#define __WMNET_HTTP_PRIV_H__

#include "wmnethttp.h"
#include "wmnetaccess.h"
#include "wmnetforwarded.h"
#include "wmnetheadscreen.h"
#include "wmnethttpauth.h"
#include "wmnetlogstats.h"
#include "wmnetsessions.h"
#include "wmspframing.h"

G_BEGIN_DECLS

/* defined in wmnethttp.c: the server's category */
GST_DEBUG_CATEGORY_EXTERN (wmnet_http_debug);

/* A connection must have sent a complete request head by then (slowloris);
 * libsoup itself caps a head at 64 KiB. */
#define REQUEST_TIMEOUT_S 5
/* What a 405 names (RFC 9110 15.5.6, 10.2.1): POST carries the players'
 * log reports and SelectStream requests. */
#define ALLOW "GET, HEAD, POST"
/* RFC 6585 4, which libsoup does not name */
#define STATUS_TOO_MANY_REQUESTS 429

struct _WmnetHttp
{
  WmnetHttpCallbacks cb;
  gpointer user_data;
  GMainContext *context;
  gpointer log_object;
  SoupServer *soup;
  GList *pending_describes;     /* PendingDescribe*, waiting for the header */
  gint n_pending_describes;     /* atomic: read from any thread */
  WmnetHttpAuth *auth;          /* the auth gate */
  /* the client-ids given at describe and play ([MS-WMSP] 3.2.3, D40) */
  WmnetSessions *sessions;
  WmnetAdmission *admission;    /* who is let in (D68), the server's */
};

/* What the accept loop knows of a connection, kept on the remote address
 * it gave libsoup (soup_server_message_get_remote_address() returns that
 * very object): the socket and its connection, the screen its request head
 * went through and the stream that carries the screen. */
typedef struct
{
  GSocket *socket;
  GIOStream *conn;
  WmnetHeadScreen *screen;
  GIOStream *screened;          /* until the connection is taken over */
  gboolean not_found;           /* its path is no publishing point's */
  gboolean metrics;             /* its path is the metrics path (D76) */
} ConnInfo;

/* wmnethttpconn.c */
ConnInfo *wmnet_http_conn_info_of (SoupServerMessage * msg);
void wmnet_http_resolve_client (WmnetHttp * self, SoupServerMessage * msg);
gchar *wmnet_http_local_address_of (SoupServerMessage * msg);

/* wmnethttpanswers.c */
void wmnet_http_refuse (WmnetHttp * self, SoupServerMessage * msg,
    const WmnetAdmissionVerdict * v);
void wmnet_http_refuse_unauthorized (WmnetHttp * self,
    SoupServerMessage * msg);
void wmnet_http_set_retry_after (SoupServerMessage * msg, guint seconds);
gchar *wmnet_http_request_client_id (const gchar * pragma);
gchar *wmnet_http_set_wmsp_headers (SoupServerMessage * msg,
    const gchar * client_id, gboolean reset);
gchar *wmnet_http_session_of (WmnetHttp * self, const gchar * pragma,
    gboolean * reset);
const guint32 *wmnet_http_header_streams (WmnetHttp * self,
    WmAsfHeaderInfo * info);
void wmnet_http_answer_describe (WmnetChunk * h, SoupServerMessage * msg);
void wmnet_http_refuse_now (SoupServerMessage * msg, guint status);
void wmnet_http_handle_select_stream (WmnetHttp * self,
    SoupServerMessage * msg, const gchar * pragma, GInetAddress * inet,
    const gchar * address);

/* wmnethttpmetrics.c */
void wmnet_http_answer_metrics (WmnetHttp * self, SoupServerMessage * msg);

/* wmnethttpparked.c */
void wmnet_http_pending_add (WmnetHttp * self, SoupServerMessage * msg);

/* wmnethttpreports.c */
gboolean wmnet_http_is_log_stats (const gchar * method,
    SoupMessageHeaders * req);
void wmnet_http_handle_log_stats (WmnetHttp * self, SoupServerMessage * msg,
    GInetAddress * inet, const gchar * address, guint port);

G_END_DECLS

#endif /* __WMNET_HTTP_PRIV_H__ */
