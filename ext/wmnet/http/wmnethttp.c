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

#include "wmnethttppriv.h"

/* the server's category: the answers are logged as the server's; shared
 * with wmnethttp's other files (wmnethttppriv.h) */
GST_DEBUG_CATEGORY (wmnet_http_debug);
#define GST_CAT_DEFAULT wmnet_http_debug

/* Retry-After of a 503 for max-clients-per-address: a slot frees when a
 * viewer leaves, which no one can foresee; a player retries after it. */
#define PER_ADDRESS_RETRY_S 10
/* Log reports that belong to no session, per address (an IPv6 /64): a
 * bucket of WMNET_LIMITS_MIN_BURST (5), one more every 12 s; over it 429
 * (docs/design.md D54) */
#define LONE_REPORTS_PER_S (1.0 / 12)
/* Retry-After of a 503 when the password checks are all taken (D53) */
#define AUTH_BUSY_RETRY_S 2

/* ------------------------------------------------------------------------ */
/* authentication (wmnethttpauth), checked from screen_request so that a
 * refusal is told and counted like the others */

/* A request paused for its password check goes on. */
static void
auth_answered (SoupServerMessage * msg, gboolean ok, gpointer user_data)
{
  if (!ok)
    wmnet_http_refuse_unauthorized (user_data, msg);
}


/* ------------------------------------------------------------------------ */
/* per-address limits */

typedef struct
{
  WmnetLimits *limits;
  GInetAddress *inet;
} Slot;

static void
slot_release (Slot * slot)
{
  wmnet_limits_release (slot->limits, slot->inet, g_get_monotonic_time ());
  g_object_unref (slot->inet);
  g_free (slot);
}

gboolean
wmnet_http_keep_slot (SoupServerMessage * msg)
{
  Slot *slot = g_object_steal_data (G_OBJECT (msg), "wmnet-slot");

  if (slot == NULL)
    return FALSE;
  g_object_unref (slot->inet);
  g_free (slot);
  return TRUE;
}

/* The status a request's credentials give: 0 (served, or paused for its
 * check), 401 or 503 (the checks busy), told and counted. */
static guint
check_auth (WmnetHttp * self, SoupServerMessage * msg, const gchar * address,
    guint port)
{
  switch (wmnet_http_auth_check (self->auth, self->cb.auth ?
          self->cb.auth (self->user_data) : NULL, msg)) {
    case WMNET_HTTP_AUTH_OK:
    case WMNET_HTTP_AUTH_PENDING:
      return 0;
    case WMNET_HTTP_AUTH_REFUSED:
      wmnet_http_refuse_unauthorized (self, msg);
      return SOUP_STATUS_UNAUTHORIZED;
    case WMNET_HTTP_AUTH_BUSY:
    default:
      GST_INFO_OBJECT (self->log_object, "%s:%u refused: password checks "
          "busy", address, port);
      wmnet_http_set_retry_after (msg, AUTH_BUSY_RETRY_S);
      self->cb.post_refused (self->user_data, address, port, "auth-busy");
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
  }
}

typedef struct
{
  WmnetHttp *http;
  gboolean wmsp;
  gchar *user_agent;
  WmnetHttpRequestInfo info;
} StreamStart;

static void
stream_start_free (StreamStart * st)
{
  g_free (st->user_agent);
  g_free (st->info.client_id);
  g_free (st->info.player_guid);
  g_free (st->info.path);
  g_free (st->info.local_address);
  g_free (st->info.user);
  g_free (st);
}

const WmnetHttpRequestInfo *
wmnet_http_request_info_of (SoupServerMessage * msg)
{
  StreamStart *st = g_object_get_data (G_OBJECT (msg), "wmnet-stream");

  return st ? &st->info : NULL;
}

static void
stream_wrote_body (SoupServerMessage * msg, gpointer user_data)
{
  StreamStart *st = g_object_get_data (G_OBJECT (msg), "wmnet-stream");

  /* The response headers are out: from here on the connection is ours and
   * the packets go out with writev, shared by every client. */
  g_object_ref (msg);
  st->http->cb.start_client (st->http->user_data, msg, st->wmsp,
      st->user_agent);
  g_object_unref (msg);
}

static gboolean
request_timed_out (gpointer data)
{
  SoupServerMessage *msg = data;
  GSocket *sock = wmnet_http_socket_of (msg);

  GST_INFO ("no complete request in %d s: closing", REQUEST_TIMEOUT_S);
  /* libsoup reads the end of the stream and drops the connection itself */
  if (sock)
    g_socket_shutdown (sock, TRUE, TRUE, NULL);
  g_source_unref (g_object_steal_data (G_OBJECT (msg), "wmnet-timeout"));
  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
request_started (SoupServer * soup, SoupServerMessage * msg, gpointer user_data)
{
  GSource *timeout = g_timeout_source_new_seconds (REQUEST_TIMEOUT_S);

  /* the message owns its timer: finishing early destroys it */
  g_source_set_callback (timeout, request_timed_out, msg, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  g_object_set_data_full (G_OBJECT (msg), "wmnet-timeout", timeout,
      destroy_source);
}

/* [MS-WMSP] 2.2.2.8: SelectStream's POST form, a POST with a
 * stream-switch-entry pragma (and, as the spec writes it, no body and no
 * Content-Type; a LogStats POST is told by its Content-Type first). */
static gboolean
is_select_stream (const gchar * method, SoupMessageHeaders * req)
{
  return g_strcmp0 (method, "POST") == 0
      && wmsp_pragma_get (soup_message_headers_get_list (req, "Pragma"),
      "stream-switch-entry", NULL);
}

/* Runs when the request head is in, before any body is read: whatever is
 * refused is refused here, so no client can make us buffer a body. */
static void
screen_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetHttp *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  GInetAddress *inet;
  guint port;
  gchar *address;
  guint status = 0;
  ConnInfo *info;
  const gchar *problem, *refusal;
  SoupEncoding enc = soup_message_headers_get_encoding (req);
  /* != 0, not > 0: libsoup parses "Content-Length: -1" (or >= 2^63) to a
   * negative length, and would then read and keep an endless body */
  gboolean has_body = enc == SOUP_ENCODING_CHUNKED
      || (enc == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (req) != 0);
  gboolean log_report = FALSE;

  WmnetLimits *limits = self->cb.limits ? self->cb.limits (self->user_data) :
      NULL;
  guint retry_after = 0;

  soup_server_message_set_http_version (msg, SOUP_HTTP_1_0);
  soup_message_headers_replace (resp, "Connection", "close");

  wmnet_http_resolve_client (self, msg);
  info = wmnet_http_conn_info_of (msg);
  problem = info ? wmnet_head_screen_get_problem (info->screen) : NULL;
  address = wmnet_http_peer_of (msg, &inet, &port);
  if (inet == NULL) {
    /* no peer address: it reset already; serve nothing we cannot check */
    status = SOUP_STATUS_BAD_REQUEST;
  } else if (problem) {
    /* a proxy in front may have read this head another way */
    GST_INFO_OBJECT (self->log_object, "%s:%u: %s", address, port, problem);
    status = SOUP_STATUS_BAD_REQUEST;
    has_body = TRUE;            /* whatever follows is not to be read */
  } else if ((refusal = self->cb.access_refusal (self->user_data, inet,
              soup_message_headers_get_list (req, "Forwarded") != NULL
              || soup_message_headers_get_list (req,
                  "X-Forwarded-For") != NULL)) != NULL) {
    GST_INFO_OBJECT (self->log_object, "%s:%u refused by the access lists "
        "(%s)", address, port, refusal);
    status = SOUP_STATUS_FORBIDDEN;
    self->cb.post_refused (self->user_data, address, port, refusal);
  } else if (limits && !wmnet_limits_take_token (limits, inet,
          g_get_monotonic_time (), &retry_after)) {
    GST_INFO_OBJECT (self->log_object, "%s:%u refused: max-connection-rate",
        address, port);
    status = SOUP_STATUS_SERVICE_UNAVAILABLE;
    wmnet_http_set_retry_after (msg, retry_after);
    self->cb.post_refused (self->user_data, address, port, "rate-limited");
  } else if (wmnet_http_is_log_stats (method, req)) {
    /* a player's log report: its body is read, up to a bound */
    if (enc != SOUP_ENCODING_CONTENT_LENGTH) {
      status = SOUP_STATUS_LENGTH_REQUIRED;
      has_body = TRUE;
    } else if (soup_message_headers_get_content_length (req) >
        WMNET_LOG_STATS_MAX_BODY
        || soup_message_headers_get_content_length (req) < 0) {
      status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    } else if (soup_message_headers_get_one (req, "Authorization")
        && (status = check_auth (self, msg, address, port)) != 0) {
      /* credentials it carries must be right, checked as a play's; it
       * needs some only when it belongs to no session, once read (D54) */
      has_body = TRUE;
    } else {
      log_report = TRUE;
    }
  } else if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD
      && !is_select_stream (method, req)) {
    soup_message_headers_replace (resp, "Allow", ALLOW);
    status = SOUP_STATUS_METHOD_NOT_ALLOWED;
  } else if (has_body) {
    /* a GET or HEAD has no body, nor has a SelectStream (2.2.2.8) */
    status = SOUP_STATUS_BAD_REQUEST;
  } else {
    status = check_auth (self, msg, address, port);
  }

  if (status != 0 && has_body) {
    wmnet_http_refuse_now (msg, status);
  } else {
    /* the head is complete: the slowloris timer has done its job (a log
     * report's body must come within it too) */
    if (!log_report)
      g_object_set_data (G_OBJECT (msg), "wmnet-timeout", NULL);
    if (status != 0)
      soup_server_message_set_status (msg, status, NULL);
  }
  g_clear_object (&inet);
  g_free (address);
}

static void
handle_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetHttp *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  WmnetChunk *header = self->cb.current_header (self->user_data);
  WmnetLimits *limits = self->cb.limits ? self->cb.limits (self->user_data) :
      NULL;
  const gchar *ua, *pragma;
  GInetAddress *inet;
  guint port;
  gchar *address;
  WmspRequestKind kind;
  gboolean head, reset;
  gchar *client_id = NULL;
  WmnetSelection sel;
  WmAsfHeaderInfo hinfo;

  address = wmnet_http_peer_of (msg, &inet, &port);
  head = method == SOUP_METHOD_HEAD;
  ua = soup_message_headers_get_one (req, "User-Agent");
  pragma = soup_message_headers_get_list (req, "Pragma");

  if (g_strcmp0 (method, "POST") == 0) {
    /* only a log report or a SelectStream gets here (screen_request) */
    if (wmnet_http_is_log_stats (method, req))
      wmnet_http_handle_log_stats (self, msg, inet, address, port);
    else
      wmnet_http_handle_select_stream (self, msg, pragma, inet, address);
    goto done;
  }

  /* Never a 206: the stream is live and has no ranges. */
  soup_message_headers_remove (req, "Range");

  kind = wmsp_classify_request (ua, pragma);
  if (kind == WMSP_REQUEST_SELECT_STREAM) {
    /* a HEAD changes nothing: the headers of a describe */
    if (!head) {
      wmnet_http_handle_select_stream (self, msg, pragma, inet, address);
      goto done;
    }
    kind = WMSP_REQUEST_DESCRIBE;
  }

  if (kind == WMSP_REQUEST_PLAY) {
    gchar *request_id = wmnet_http_request_client_id (pragma);

    /* [MS-WMSP] 3.2.5.6: a play for a session that is streaming could be
     * an attempt to hijack it */
    if (request_id && self->cb.is_streaming
        && self->cb.is_streaming (self->user_data, request_id)) {
      GST_INFO_OBJECT (self->log_object, "%s:%u refused: session %s is "
          "streaming", address, port, request_id);
      g_free (wmnet_http_set_wmsp_headers (msg, request_id, FALSE));
      soup_server_message_set_status (msg, SOUP_STATUS_CONFLICT, NULL);
      g_free (request_id);
      goto done;
    }
    g_free (request_id);
  }

  /* the streams a play asks for; every stream for a plain client */
  if (kind != WMSP_REQUEST_PLAY) {
    wmsp_parse_stream_switch (NULL, NULL, &sel);
  } else if (!wmsp_parse_stream_switch (pragma, wmnet_http_header_streams (self,
              &hinfo), &sel)) {
    GST_INFO_OBJECT (self->log_object,
        "%s:%u: malformed stream-switch " "pragma", address, port);
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    goto done;
  }

  if (kind != WMSP_REQUEST_PLAIN) {
    gchar *cid = wmnet_http_session_of (self, pragma, &reset);

    /* an unknown session's play starts a new one ([MS-WMSP] 3.2.5.6) */
    client_id = wmnet_http_set_wmsp_headers (msg, cid, reset
        && kind == WMSP_REQUEST_PLAY);
    g_free (cid);
  }

  if (kind == WMSP_REQUEST_DESCRIBE) {
    if (header)
      wmnet_http_answer_describe (header, msg);
    else
      wmnet_http_pending_add (self, msg);
    goto done;
  }

  if (!head && self->cb.is_full (self->user_data)) {
    GST_INFO_OBJECT (self->log_object, "%s:%u refused: max-clients reached",
        address, port);
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    self->cb.post_refused (self->user_data, address, port, "max-clients");
    goto done;
  }

  if (!head && limits) {
    Slot *slot;

    if (!wmnet_limits_acquire (limits, inet, g_get_monotonic_time ())) {
      GST_INFO_OBJECT (self->log_object, "%s:%u refused: "
          "max-clients-per-address reached", address, port);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
          NULL);
      wmnet_http_set_retry_after (msg, PER_ADDRESS_RETRY_S);
      self->cb.post_refused (self->user_data, address, port,
          "max-clients-per-address");
      goto done;
    }
    /* held until the client takes it over, or released with @msg */
    slot = g_new0 (Slot, 1);
    slot->limits = limits;
    slot->inet = g_object_ref (inet);
    g_object_set_data_full (G_OBJECT (msg), "wmnet-slot", slot,
        (GDestroyNotify) slot_release);
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (resp, kind == WMSP_REQUEST_PLAY ?
      "application/x-mms-framed" : "video/x-ms-asf", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_EOF);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
  if (!head) {
    StreamStart *st = g_new0 (StreamStart, 1);

    st->http = self;
    st->wmsp = kind == WMSP_REQUEST_PLAY;
    st->user_agent = g_strdup (ua ? ua : "");
    st->info.client_id = g_steal_pointer (&client_id);
    st->info.selection = sel;
    wmsp_pragma_get (pragma, "xClientGUID", &st->info.player_guid);
    st->info.path = g_strdup (path);
    st->info.local_address = wmnet_http_local_address_of (msg);
    st->info.user = g_strdup (g_object_get_data (G_OBJECT (msg), "wmnet-user"));
    g_object_set_data_full (G_OBJECT (msg), "wmnet-stream", st,
        (GDestroyNotify) stream_start_free);
    g_signal_connect (msg, "wrote-body", G_CALLBACK (stream_wrote_body), NULL);
  }

done:
  g_free (client_id);
  g_clear_object (&inet);
  g_free (address);
}


/* ------------------------------------------------------------------------ */

WmnetHttp *
wmnet_http_new (const WmnetHttpCallbacks * callbacks, gpointer user_data,
    GMainContext * context, gpointer log_object)
{
  static gsize cat = 0;
  WmnetHttp *self;

  if (g_once_init_enter (&cat)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_http_debug, "wmnetserver", 0,
        "wmnetsink HTTP server");
    g_once_init_leave (&cat, 1);
  }
  self = g_new0 (WmnetHttp, 1);
  self->cb = *callbacks;
  self->user_data = user_data;
  self->context = g_main_context_ref (context);
  self->log_object = log_object;
  self->soup = soup_server_new ("server-header", WMNET_SERVER_HEADER, NULL);
  self->sessions = wmnet_sessions_new (WMNET_SESSIONS_MAX,
      WMNET_SESSIONS_LIFETIME);
  self->lone_reports = wmnet_limits_new ();
  wmnet_limits_set_rate (self->lone_reports, LONE_REPORTS_PER_S);
  wmnet_limits_set_strict (self->lone_reports, TRUE);
  self->auth = wmnet_http_auth_new (self->cb.post, self->user_data,
      auth_answered, self);
  soup_server_add_early_handler (self->soup, NULL, screen_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started",
      G_CALLBACK (request_started), self);
  return self;
}

void
wmnet_http_disconnect (WmnetHttp * self)
{
  wmnet_http_auth_cancel (self->auth, TRUE);
  soup_server_disconnect (self->soup);
}

void
wmnet_http_free (WmnetHttp * self)
{
  wmnet_http_auth_free (self->auth);
  g_clear_object (&self->soup);
  wmnet_sessions_free (self->sessions);
  wmnet_limits_free (self->lone_reports);
  g_main_context_unref (self->context);
  g_free (self);
}
