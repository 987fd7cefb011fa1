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

/* wmnethttp: request screening and answers, the libsoup server side. Owns
 * the SoupServer, what is known of each connection until it streams (its
 * socket and request head screen), the slowloris timer, the client's
 * address behind trusted proxies (wmnetforwarded), the credentials checks
 * (wmnethttpauth) and the per-address slots a play holds; who is let in
 * is the admission's (wmnetadmission, D68), whose verdicts it puts on the
 * wire (400, 401, 403, 405, 409, 411, 413, 429, 503, and those dropped
 * without reading further), the
 * MS-WMSP response headers and sessions (the client-ids given, wmnetsessions;
 * docs/design.md D40), the streams a play selects (D41), SelectStream
 * requests (handed over with select_streams, D42), describe answers and
 * the describes parked until the first header, and the players' log
 * reports (LogStats POST, read and parsed here, handed over with
 * log_stats; one that belongs to no session goes through the admission's
 * report point, D54), and the metrics path's answer, outside the
 * admission (its body from the metrics callback, D76). It knows the server only
 * through WmnetHttpCallbacks: it
 * never touches a client; a streaming request whose response head is out is
 * handed over with start_client. Runs on the server thread. Its files
 * (wmnethttp.c, wmnethttpconn.c, wmnethttpanswers.c, wmnethttpparked.c,
 * wmnethttpreports.c, wmnethttpmetrics.c) share wmnethttppriv.h. */

#ifndef __WMNET_HTTP_H__
#define __WMNET_HTTP_H__

#include <gio/gio.h>

#include "wmnetsouploader.h"
#include "wmnetring.h"
#include "wmnetadmission.h"
#include "wmnetasfcut.h"

G_BEGIN_DECLS

/* MS-WMSP 3.2.5.2: a live encoder answers with the server token "Rex". */
#define WMNET_SERVER_HEADER "Rex/9.0.0.2980"

/* What the answers need of the server, called on the server thread. */
typedef struct
{
  /* the current header, NULL before the first */
  WmnetChunk *(*current_header) (gpointer user_data);
  /* the response head of a streaming request is out: from here on the
   * connection is the server's to take (steal_connection) */
  void (*start_client) (gpointer user_data, SoupServerMessage * msg,
      gboolean wmsp, const gchar * user_agent);
  /* a wmnetsink-client-refused message (@reason: WMNET_REFUSED_*; @path:
   * the request's, NULL when unknown) */
  void (*post_refused) (gpointer user_data, const gchar * address,
      guint port, const gchar * path, const gchar * reason);
  /* a player's log report ([MS-WMSP] 2.2.1.2.5) from @address, with the
   * client-id pragma it carried (NULL when none) and its fields (log field
   * name -> value, wmnet_log_stats_parse()): TRUE when merged into the
   * play session it belongs to; else, with @alone, written as a line of
   * its own (TRUE), without, nothing written (FALSE) (docs/design.md D18,
   * D54) */
  gboolean (*log_stats) (gpointer user_data, const gchar * address,
      const gchar * client_id, GHashTable * report, gboolean alone);
  /* MS-WMSP sessions; either may be NULL (not offered). Whether the
   * session @client_id (a client-id pragma's value) is streaming now
   * ([MS-WMSP] 3.2.5.6: a second play for it is refused) */
  gboolean (*is_streaming) (gpointer user_data, const gchar * client_id);
  /* a SelectStream request ([MS-WMSP] 2.2.2.8) from @inet for the session
   * @client_id: the client's selection becomes @sel at its next key frame;
   * FALSE when no session of that id from that address is streaming */
  gboolean (*select_streams) (gpointer user_data, const gchar * client_id,
      GInetAddress * inet, const WmnetSelection * sel);
  /* runs @run (@data) later on the server thread (a password check's
   * verdict, wmnetauth); needed when auth may queue a check */
  WmnetPostFunc post;
  /* a GET or HEAD of the metrics path from the TCP peer @peer (D76): the
   * body (text/plain, the Prometheus format 0.0.4), or NULL when @peer may
   * not read it (403); may be NULL (every scrape 403) */
  gchar *(*metrics) (gpointer user_data, GInetAddress * peer);
} WmnetHttpCallbacks;

/* What a streaming request said, for its access log line. */
typedef struct
{
  gchar *client_id;             /* the client-id pragma it was answered */
  gchar *player_guid;           /* its xClientGUID pragma, NULL when none */
  gchar *path;                  /* the request path */
  gchar *local_address;         /* the address it reached, NULL if unknown */
  gchar *user;                  /* the authenticated user, NULL when none */
  /* what its stream-switch-entry pragma asked for ([MS-WMSP] 2.2.1.4.27);
   * all when it had none, or for a plain HTTP client */
  WmnetSelection selection;
} WmnetHttpRequestInfo;

typedef struct _WmnetHttp WmnetHttp;

/* Needs wmnet_soup_load(). Its sources go to @context; @log_object is what
 * its log lines are about; @admission (kept, not owned) decides who is let
 * in. */
WmnetHttp *wmnet_http_new (const WmnetHttpCallbacks * callbacks,
    gpointer user_data, GMainContext * context, gpointer log_object,
    WmnetAdmission * admission);
/* Call it with @context the thread-default one: libsoup's sources finish
 * there. */
void wmnet_http_free (WmnetHttp * http);
/* Drops every connection libsoup still has. */
void wmnet_http_disconnect (WmnetHttp * http);

/* Hands an accepted socket to libsoup, its request head read through a
 * WmnetHeadScreen. @not_found: its path is no publishing point's of the
 * port (D69): the request is refused with 404, reason not-found. */
void wmnet_http_serve_socket (WmnetHttp * http, GSocket * socket,
    gboolean not_found);

/* The same for a request of the metrics path (D76): answered there, 200
 * with the metrics callback's body, 403 when it gives none, 405 for a
 * method but GET and HEAD, 400 for a head the screen finds bad; never
 * through the admission (no access list, auth, limit or client count of
 * the broadcast), never posted or counted as a refusal. */
void wmnet_http_serve_metrics (WmnetHttp * http, GSocket * socket);

/* The first header is there: parked describes are answered. */
void wmnet_http_header_ready (WmnetHttp * http);
/* Parked describes get @status (stop: 503). */
void wmnet_http_finish_pending (WmnetHttp * http, guint status);
/* How many describes are parked now; any thread. */
guint wmnet_http_get_n_parked (WmnetHttp * http);

/* From start_client: the client's address (normalized; the TCP peer, or
 * for a trusted proxy the address its forwarding headers name; NULL when
 * unknown), the socket, and the connection itself, which libsoup lets go
 * of. */
gchar *wmnet_http_peer_of (SoupServerMessage * msg, GInetAddress ** inet,
    guint * port);
GSocket *wmnet_http_socket_of (SoupServerMessage * msg);
/* From start_client: what the client's address was worked out from, the
 * TCP peer (normalized) and the request's Forwarded and X-Forwarded-For
 * (NULL when absent), so that a change of the trusted proxies can work it
 * out again (docs/design.md, D51). FALSE when not known. */
gboolean wmnet_http_forwarding_of (SoupServerMessage * msg,
    GInetAddress ** peer, guint * peer_port, gchar ** forwarded,
    gchar ** x_forwarded_for);
/* Takes the connection of @msg over from libsoup (after the response
 * head): returns it (owning the socket; closing it closes the socket), and
 * releases libsoup's stream and the request-head screen. NULL when it is
 * gone. */
GIOStream *wmnet_http_take_connection (SoupServerMessage * msg);
/* From start_client: the per-address slot (WmnetLimits) the request was
 * given passes to the client, which releases it when it leaves. FALSE when
 * the request had none. */
gboolean wmnet_http_keep_slot (SoupServerMessage * msg);
/* From start_client: what the request said (owned by @msg). */
const WmnetHttpRequestInfo *wmnet_http_request_info_of (SoupServerMessage *
    msg);

G_END_DECLS

#endif /* __WMNET_HTTP_H__ */
