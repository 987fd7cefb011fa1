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

/* ------------------------------------------------------------------------ */
/* authentication (wmnethttpauth), checked from screen_request when the
 * admission (wmnetadmission) asks for credentials, so that a refusal is
 * told and counted like the others */

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
  WmnetAdmission *admission;
  GInetAddress *inet;
} Slot;

static void
slot_release (Slot * slot)
{
  wmnet_admission_release_slot (slot->admission, slot->inet,
      g_get_monotonic_time ());
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

/* A head's CREDENTIALS: the verdict its credentials give (OK, or paused
 * for its check, admits). */
static void
check_auth (WmnetHttp * self, SoupServerMessage * msg,
    WmnetAdmissionVerdict * v)
{
  gboolean read_body = v->read_body;
  WmnetAdmissionAuth answer = wmnet_http_auth_check (self->auth,
      wmnet_admission_get_auth (self->admission), msg);

  wmnet_admission_check_credentials (self->admission, answer, v->drop, v);
  v->read_body = read_body && v->action != WMNET_ADMISSION_REFUSE;
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

/* What the admission needs of a request head (wmnetadmission). */
static void
describe_head (SoupServerMessage * msg, GInetAddress * inet,
    WmnetAdmissionHead * head)
{
  const gchar *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupEncoding enc = soup_message_headers_get_encoding (req);
  ConnInfo *info = wmnet_http_conn_info_of (msg);

  memset (head, 0, sizeof (*head));
  head->inet = inet;
  head->problem = info ? wmnet_head_screen_get_problem (info->screen) : NULL;
  head->not_found = info && info->not_found;
  head->forwarded = soup_message_headers_get_list (req, "Forwarded") != NULL
      || soup_message_headers_get_list (req, "X-Forwarded-For") != NULL;
  if (wmnet_http_is_log_stats (method, req))
    head->method = WMNET_ADMISSION_LOG_REPORT;
  else if (method == SOUP_METHOD_GET)
    head->method = WMNET_ADMISSION_GET;
  else if (method == SOUP_METHOD_HEAD)
    head->method = WMNET_ADMISSION_HEAD;
  else if (is_select_stream (method, req))
    head->method = WMNET_ADMISSION_SELECT_STREAM;
  else
    head->method = WMNET_ADMISSION_OTHER;
  if (enc == SOUP_ENCODING_CONTENT_LENGTH) {
    head->body = WMNET_ADMISSION_BODY_LENGTH;
    head->length = soup_message_headers_get_content_length (req);
  } else if (enc == SOUP_ENCODING_CHUNKED) {
    head->body = WMNET_ADMISSION_BODY_OTHER;
  }
  head->credentials = soup_message_headers_get_one (req, "Authorization")
      != NULL;
  head->now = g_get_monotonic_time ();
}

/* Runs when the request head is in, before any body is read: whatever is
 * refused is refused here (the admission's head point), so no client can
 * make us buffer a body. */
static void
screen_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetHttp *self = user_data;
  WmnetAdmissionHead head;
  WmnetAdmissionVerdict v;
  GInetAddress *inet;
  guint port;
  gchar *address;

  soup_server_message_set_http_version (msg, SOUP_HTTP_1_0);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Connection", "close");
  if (wmnet_http_conn_info_of (msg) && wmnet_http_conn_info_of (msg)->metrics) {
    wmnet_http_answer_metrics (self, msg);
    return;
  }
  wmnet_http_resolve_client (self, msg);
  address = wmnet_http_peer_of (msg, &inet, &port);
  describe_head (msg, inet, &head);
  wmnet_admission_check_head (self->admission, &head, &v);
  if (v.action == WMNET_ADMISSION_CREDENTIALS)
    check_auth (self, msg, &v);
  if (v.action == WMNET_ADMISSION_REFUSE)
    wmnet_http_refuse (self, msg, &v);
  /* the head is complete: the slowloris timer has done its job (a log
   * report's body must come within it too) */
  if ((v.action != WMNET_ADMISSION_REFUSE || !v.drop) && !v.read_body)
    g_object_set_data (G_OBJECT (msg), "wmnet-timeout", NULL);
  g_clear_object (&inet);
  g_free (address);
}

/* A log report, or a SelectStream (a POST, or a GET's form). */
static void
handle_report_or_select (WmnetHttp * self, SoupServerMessage * msg,
    const gchar * pragma)
{
  GInetAddress *inet;
  guint port;
  gchar *address = wmnet_http_peer_of (msg, &inet, &port);

  if (wmnet_http_is_log_stats (soup_server_message_get_method (msg),
          soup_server_message_get_request_headers (msg)))
    wmnet_http_handle_log_stats (self, msg, inet, address, port);
  else
    wmnet_http_handle_select_stream (self, msg, pragma, inet, address);
  g_clear_object (&inet);
  g_free (address);
}

/* The 200 of a play or plain request; for a GET, its stream starts when
 * the response head is out (stream_wrote_body). Takes @client_id. */
static void
answer_stream (WmnetHttp * self, SoupServerMessage * msg, const char *path,
    gboolean wmsp, gboolean head, const WmnetSelection * sel, gchar * client_id)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const gchar *ua = soup_message_headers_get_one (req, "User-Agent");
  StreamStart *st;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (resp, wmsp ?
      "application/x-mms-framed" : "video/x-ms-asf", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_EOF);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
  if (head) {
    g_free (client_id);
    return;
  }
  st = g_new0 (StreamStart, 1);
  st->http = self;
  st->wmsp = wmsp;
  st->user_agent = g_strdup (ua ? ua : "");
  st->info.client_id = client_id;
  st->info.selection = *sel;
  wmsp_pragma_get (soup_message_headers_get_list (req, "Pragma"),
      "xClientGUID", &st->info.player_guid);
  st->info.path = g_strdup (path);
  st->info.local_address = wmnet_http_local_address_of (msg);
  st->info.user = g_strdup (g_object_get_data (G_OBJECT (msg), "wmnet-user"));
  g_object_set_data_full (G_OBJECT (msg), "wmnet-stream", st,
      (GDestroyNotify) stream_start_free);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (stream_wrote_body), NULL);
}

/* A describe: answered from the header, or parked until the first. */
static void
answer_describe (WmnetHttp * self, SoupServerMessage * msg)
{
  WmnetChunk *header = self->cb.current_header (self->user_data);

  if (header)
    wmnet_http_answer_describe (header, msg);
  else
    wmnet_http_pending_add (self, msg);
}

/* Held until the client takes it over, or released with @msg. */
static void
hold_slot (WmnetHttp * self, SoupServerMessage * msg, GInetAddress * inet)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->admission = self->admission;
  slot->inet = g_object_ref (inet);
  g_object_set_data_full (G_OBJECT (msg), "wmnet-slot", slot,
      (GDestroyNotify) slot_release);
}

/* What the admission needs of a GET or HEAD (its play point); @sel: the
 * streams a play asks for, every stream for the others. Returns the
 * client-id a play asked for. */
static gchar *
describe_play (WmnetHttp * self, WmspRequestKind kind, const gchar * pragma,
    WmnetAdmissionPlay * play, WmnetSelection * sel)
{
  WmAsfHeaderInfo hinfo;
  gchar *request_id;

  play->describe = kind == WMSP_REQUEST_DESCRIBE;
  play->now = g_get_monotonic_time ();
  if (kind != WMSP_REQUEST_PLAY) {
    wmsp_parse_stream_switch (NULL, NULL, sel);
    return NULL;
  }
  /* [MS-WMSP] 3.2.5.6: a play for a session that is streaming could be an
   * attempt to hijack it */
  request_id = wmnet_http_request_client_id (pragma);
  play->session_streaming = request_id && self->cb.is_streaming
      && self->cb.is_streaming (self->user_data, request_id);
  play->bad_selection = !wmsp_parse_stream_switch (pragma,
      wmnet_http_header_streams (self, &hinfo), sel);
  return request_id;
}

/* The MS-WMSP session headers the admission's verdict asks for; returns
 * the client-id given. */
static gchar *
set_session (WmnetHttp * self, SoupServerMessage * msg,
    WmnetAdmissionSession session, WmspRequestKind kind,
    const gchar * pragma, const gchar * request_id)
{
  gchar *cid, *client_id;
  gboolean reset;

  if (session == WMNET_ADMISSION_SESSION_ECHO) {
    g_free (wmnet_http_set_wmsp_headers (msg, request_id, FALSE));
    return NULL;
  }
  if (session != WMNET_ADMISSION_SESSION_GIVE || kind == WMSP_REQUEST_PLAIN)
    return NULL;
  /* an unknown session's play starts a new one ([MS-WMSP] 3.2.5.6) */
  cid = wmnet_http_session_of (self, pragma, &reset);
  client_id = wmnet_http_set_wmsp_headers (msg, cid, reset
      && kind == WMSP_REQUEST_PLAY);
  g_free (cid);
  return client_id;
}

static void
handle_request (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  WmnetHttp *self = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const gchar *pragma = soup_message_headers_get_list (req, "Pragma");
  gboolean head = soup_server_message_get_method (msg) == SOUP_METHOD_HEAD;
  WmnetAdmissionPlay play = { 0 };
  WmnetAdmissionVerdict v;
  WmnetSelection sel;
  WmspRequestKind kind;
  gchar *request_id, *client_id;
  guint port;

  /* only a log report or a SelectStream POSTs (screen_request) */
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0) {
    handle_report_or_select (self, msg, pragma);
    return;
  }
  /* Never a 206: the stream is live and has no ranges. */
  soup_message_headers_remove (req, "Range");
  kind = wmsp_classify_request (soup_message_headers_get_one (req,
          "User-Agent"), pragma);
  if (kind == WMSP_REQUEST_SELECT_STREAM) {
    /* a HEAD changes nothing: the headers of a describe */
    if (!head) {
      handle_report_or_select (self, msg, pragma);
      return;
    }
    kind = WMSP_REQUEST_DESCRIBE;
  }
  g_free (wmnet_http_peer_of (msg, &play.inet, &port));
  play.head = head;
  request_id = describe_play (self, kind, pragma, &play, &sel);
  wmnet_admission_check_play (self->admission, &play, &v);
  client_id = set_session (self, msg, v.session, kind, pragma, request_id);
  if (v.slot)
    hold_slot (self, msg, play.inet);
  if (v.action == WMNET_ADMISSION_REFUSE)
    wmnet_http_refuse (self, msg, &v);
  else if (kind == WMSP_REQUEST_DESCRIBE)
    answer_describe (self, msg);
  else
    answer_stream (self, msg, path, kind == WMSP_REQUEST_PLAY, head, &sel,
        g_steal_pointer (&client_id));
  g_free (client_id);
  g_free (request_id);
  g_clear_object (&play.inet);
}


/* ------------------------------------------------------------------------ */

WmnetHttp *
wmnet_http_new (const WmnetHttpCallbacks * callbacks, gpointer user_data,
    GMainContext * context, gpointer log_object, WmnetAdmission * admission)
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
  self->admission = admission;
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
  g_main_context_unref (self->context);
  g_free (self);
}
