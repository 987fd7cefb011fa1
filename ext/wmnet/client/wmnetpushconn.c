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

#include "wmnetpushconn.h"
#include "wmnetsouploader.h"
#include "wmhttppush.h"

/* An answer's head, and the body of a PushSetup answer we read past. */
#define MAX_HEAD (16 * 1024)
#define MAX_BODY (64 * 1024)

G_DEFINE_QUARK (wmnet - push - error - quark, wmnet_push_error);

struct _WmnetPushConn
{
  GSocketClient *client;
  GSocketConnection *conn;
  gchar *push_id;
  /* for the session's next PushStart */
  WmnetPushParams params;       /* uri and user_agent owned; the rest unused */
  SoupMessage *msg;
  SoupAuth *auth;
  WmhttpBody body;
};

typedef struct
{
  guint status;
  gchar *reason;
  SoupHTTPVersion version;
  SoupMessageHeaders *headers;
} Answer;

static void
answer_clear (Answer * a)
{
  g_clear_pointer (&a->reason, g_free);
  g_clear_pointer (&a->headers, soup_message_headers_unref);
}

static gchar *
host_header (GUri * uri)
{
  const gchar *host = g_uri_get_host (uri);
  gint port = g_uri_get_port (uri);
  gboolean v6 = strchr (host, ':') != NULL;

  if (port > 0 && port != 80)
    return g_strdup_printf (v6 ? "[%s]:%d" : "%s:%d", host, port);
  return g_strdup_printf (v6 ? "[%s]" : "%s", host);
}

static gchar *
path_query (GUri * uri)
{
  const gchar *path = g_uri_get_path (uri);
  const gchar *query = g_uri_get_query (uri);

  return g_strdup_printf ("%s%s%s", *path ? path : "/", query ? "?" : "",
      query ? query : "");
}

static gboolean
connect_server (WmnetPushConn * c, const WmnetPushParams * p,
    GCancellable * cancellable, GError ** error)
{
  gint port = g_uri_get_port (p->uri);

  g_clear_object (&c->conn);
  c->conn = g_socket_client_connect_to_host (c->client,
      g_uri_get_host (p->uri), port > 0 ? port : 80, cancellable, error);
  return c->conn != NULL;
}

static gboolean
write_all (WmnetPushConn * c, const void *data, gsize len,
    GCancellable * cancellable, GError ** error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream
      (G_IO_STREAM (c->conn)), data, len, NULL, cancellable, error);
}

/* Reads one answer head, byte by byte so that nothing after it is taken;
 * @closed is set when the server closed before a byte came. */
static gboolean
read_answer (WmnetPushConn * c, Answer * a, gboolean * closed,
    GCancellable * cancellable, GError ** error)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->conn));
  GString *head = g_string_new (NULL);
  gboolean ok = FALSE;

  *closed = FALSE;
  while (!g_str_has_suffix (head->str, "\r\n\r\n")) {
    gchar ch;
    gssize n = g_input_stream_read (in, &ch, 1, cancellable, error);

    if (n < 0)
      goto out;
    if (n == 0) {
      *closed = head->len == 0;
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_CLOSED,
          "the server closed the connection%s",
          head->len ? " inside its answer" : "");
      goto out;
    }
    if (head->len >= MAX_HEAD) {
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_WMS,
          "the server's answer has a head of more than %d bytes", MAX_HEAD);
      goto out;
    }
    g_string_append_c (head, ch);
  }
  a->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response (head->str, head->len, a->headers,
          &a->version, &a->status, &a->reason)) {
    g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_WMS,
        "the server's answer is no HTTP");
    goto out;
  }
  ok = TRUE;
out:
  g_string_free (head, TRUE);
  return ok;
}

/* Reads past a PushSetup answer's body (Content-Length; none on a 204). */
static gboolean
skip_body (WmnetPushConn * c, Answer * a, GCancellable * cancellable,
    GError ** error)
{
  goffset len = soup_message_headers_get_content_length (a->headers);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->conn));
  guint8 buf[4096];

  if (a->status == 204 || a->status == 304 || len <= 0)
    return TRUE;
  if (len > MAX_BODY) {
    g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_WMS,
        "the server's answer has a body of %" G_GINT64_FORMAT " bytes",
        (gint64) len);
    return FALSE;
  }
  while (len > 0) {
    gsize got;

    if (!g_input_stream_read_all (in, buf, MIN (len, (goffset) sizeof (buf)),
            &got, cancellable, error))
      return FALSE;
    if (got == 0) {
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_CLOSED,
          "the server closed the connection inside its answer");
      return FALSE;
    }
    len -= got;
  }
  return TRUE;
}

/* The error an HTTP status other than 2xx and 401 gives. */
static void
status_error (Answer * a, const gchar * request, GError ** error)
{
  WmnetPushError code = WMNET_PUSH_ERROR_STATUS;

  if (a->status == 401 || a->status == 403 || a->status == 407)
    code = WMNET_PUSH_ERROR_NOT_AUTHORIZED;
  else if (a->status == 404 || a->status == 410)
    code = WMNET_PUSH_ERROR_NOT_FOUND;
  g_set_error (error, WMNET_PUSH_ERROR, code, "%s answered %u %s", request,
      a->status, a->reason ? a->reason : "");
}

/* The server's challenge as a libsoup auth, Digest preferred (2.1: the
 * schemes are HTTP's; RFC 2617). */
static SoupAuth *
auth_from_challenge (Answer * a, SoupMessage * msg)
{
  SoupMessageHeadersIter iter;
  const gchar *name, *value;
  SoupAuth *basic = NULL, *digest = NULL;

  soup_message_headers_iter_init (&iter, a->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value)) {
    if (g_ascii_strcasecmp (name, "WWW-Authenticate") != 0)
      continue;
    if (!digest && g_ascii_strncasecmp (value, "Digest", 6) == 0)
      digest = soup_auth_new (SOUP_TYPE_AUTH_DIGEST, msg, value);
    else if (!basic && g_ascii_strncasecmp (value, "Basic", 5) == 0)
      basic = soup_auth_new (SOUP_TYPE_AUTH_BASIC, msg, value);
  }
  if (digest) {
    g_clear_object (&basic);
    return digest;
  }
  return basic;
}

static gboolean
keeps_connection (Answer * a)
{
  const gchar *connection = soup_message_headers_get_list (a->headers,
      "Connection");

  if (connection && strstr (connection, "close"))
    return FALSE;
  return a->version == SOUP_HTTP_1_1 || (connection
      && g_ascii_strcasecmp (connection, "keep-alive") == 0);
}

static gboolean
send_head (WmnetPushConn * c, const WmnetPushParams * p, WmhttpRequest kind,
    SoupAuth * auth, SoupMessage * msg, const gchar * body, guint64 length,
    GCancellable * cancellable, GError ** error)
{
  gchar *authorization = auth ? soup_auth_get_authorization (auth, msg) : NULL;
  gchar *host = host_header (p->uri);
  gchar *pq = path_query (p->uri);
  gchar *head = wmhttp_request_head (kind, pq, host, p->user_agent,
      c->push_id, authorization, length);
  gboolean ok = write_all (c, head, strlen (head), cancellable, error)
      && (!body || write_all (c, body, strlen (body), cancellable, error));

  g_free (head);
  g_free (pq);
  g_free (host);
  g_free (authorization);
  return ok;
}

/* A 2xx to @request: FALSE with @error when the Server header names no
 * Windows Media server (step 1), else the push-id of its Set-Cookie, if
 * any, taken (step 2) (3.1.5.1, 3.1.5.2). */
static gboolean
took_answer (WmnetPushConn * c, Answer * a, const gchar * request,
    GError ** error)
{
  SoupMessageHeadersIter iter;
  const gchar *name, *value;
  const gchar *server = soup_message_headers_get_one (a->headers, "Server");

  if (!wmhttp_server_ok (server)) {
    g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_WMS,
        "%s answered %u by a server that is no Windows Media server "
        "(Server: %s)", request, a->status, server ? server : "none");
    return FALSE;
  }
  soup_message_headers_iter_init (&iter, a->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value)) {
    gchar *id;

    if (g_ascii_strcasecmp (name, "Set-Cookie") != 0)
      continue;
    if ((id = wmhttp_cookie_push_id (value))) {
      g_free (c->push_id);
      c->push_id = id;
    }
  }
  return TRUE;
}

/* PushSetup until a 2xx, answering one 401 on a new connection
 * (3.1.5.1); *@auth is the auth that was taken, for PushStart. */
static gboolean
push_setup (WmnetPushConn * c, const WmnetPushParams * p, SoupMessage * msg,
    SoupAuth ** auth, GCancellable * cancellable, GError ** error)
{
  gchar *body = wmhttp_setup_body (p->template_path, p->auto_destroy);
  Answer a = { 0 };
  gboolean ok = FALSE, closed;
  guint round;

  for (round = 0;; round++) {
    if (!connect_server (c, p, cancellable, error)
        || !send_head (c, p, WMHTTP_PUSH_SETUP, *auth, msg, body,
            strlen (body), cancellable, error)
        || !read_answer (c, &a, &closed, cancellable, error))
      goto out;
    if (a.status != 401 || round > 0 || p->user_id == NULL)
      break;
    *auth = auth_from_challenge (&a, msg);
    if (*auth == NULL) {
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_AUTHORIZED,
          "PushSetup answered 401 %s with no Basic or Digest challenge",
          a.reason ? a.reason : "");
      goto out;
    }
    soup_auth_authenticate (*auth, p->user_id, p->user_pw ? p->user_pw : "");
    answer_clear (&a);
  }
  if (!SOUP_STATUS_IS_SUCCESSFUL (a.status)) {
    status_error (&a, "PushSetup", error);
    goto out;
  }
  if (!took_answer (c, &a, "PushSetup", error))
    goto out;
  if (!skip_body (c, &a, cancellable, error))
    goto out;
  /* PushStart on the same connection when the server keeps it (3.1.5.1
   * step 4), else on a new one (3.1.4.2.1) */
  ok = keeps_connection (&a) || connect_server (c, p, cancellable, error);
out:
  answer_clear (&a);
  g_free (body);
  return ok;
}

/* The PushStart head on the connection, and a new body of the session's
 * length (3.1.4.2.1). */
static gboolean
push_start (WmnetPushConn * c, GCancellable * cancellable, GError ** error)
{
  if (!send_head (c, &c->params, WMHTTP_PUSH_START, c->auth, c->msg, NULL,
          c->params.length, cancellable, error))
    return FALSE;
  wmhttp_body_start (&c->body, c->params.length);
  return TRUE;
}

WmnetPushConn *
wmnet_push_conn_open (const WmnetPushParams * p, GCancellable * cancellable,
    GError ** error)
{
  WmnetPushConn *c = g_new0 (WmnetPushConn, 1);
  gchar *uri = g_uri_to_string (p->uri);

  c->msg = soup_message_new ("POST", uri);
  g_free (uri);
  c->params.uri = g_uri_ref (p->uri);
  c->params.user_agent = g_strdup (p->user_agent);
  c->params.length = p->length ? p->length : WMHTTP_UNKNOWN_LENGTH;
  c->client = g_socket_client_new ();
  g_socket_client_set_timeout (c->client, p->timeout);
  /* direct: a proxy's own rules for a never-ending body are no part of
   * this client (D70) */
  g_socket_client_set_enable_proxy (c->client, FALSE);
  c->push_id = g_strdup ("0");
  if (c->msg == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "libsoup cannot take the location");
    wmnet_push_conn_free (c);
    return NULL;
  }
  if (!push_setup (c, p, c->msg, &c->auth, cancellable, error)
      || !push_start (c, cancellable, error)) {
    wmnet_push_conn_free (c);
    return NULL;
  }
  return c;
}

/* The error of a PushStart answer that is no 2xx. */
static void
start_refusal (Answer * a, GError ** error)
{
  if (a->status == 401)
    /* a new challenge (3.1.5.2): a new session answers it (D70) */
    g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_STATUS,
        "PushStart answered 401 %s", a->reason ? a->reason : "");
  else
    status_error (a, "PushStart", error);
}

/* An answer the server sent while the body goes, or a close, before a
 * write: the error it gives, FALSE when there is none. */
static gboolean
early_answer (WmnetPushConn * c, GCancellable * cancellable, GError ** error)
{
  GSocket *sock = g_socket_connection_get_socket (c->conn);
  Answer a = { 0 };
  gboolean closed;

  /* A PushStart answer before the body's end is an error status
   * (3.2.5.2: 401, or 3.2.4.1, 3.2.6.1) or a close: nothing more goes. */
  if (!g_socket_condition_check (sock, G_IO_IN | G_IO_HUP | G_IO_ERR))
    return FALSE;
  if (read_answer (c, &a, &closed, cancellable, error)) {
    if (SOUP_STATUS_IS_SUCCESSFUL (a.status))
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_CLOSED,
          "the server ended PushStart early: %u %s", a.status,
          a.reason ? a.reason : "");
    else
      start_refusal (&a, error);
  }
  answer_clear (&a);
  return TRUE;
}

/* The answer to a complete body, then the session's next PushStart
 * (3.1.5.2): 2xx from a WMS server (step 1), its push-id taken (step 2),
 * the connection kept unless the server closes it (3.1.4.2.1). A 401 is
 * an error here, as during the body: a new session answers it (D70). */
static gboolean
next_start (WmnetPushConn * c, GCancellable * cancellable, GError ** error)
{
  Answer a = { 0 };
  gboolean ok = FALSE, closed;

  if (!read_answer (c, &a, &closed, cancellable, error))
    goto out;
  if (!SOUP_STATUS_IS_SUCCESSFUL (a.status)) {
    start_refusal (&a, error);
    goto out;
  }
  ok = took_answer (c, &a, "PushStart", error)
      && skip_body (c, &a, cancellable, error)
      && (keeps_connection (&a)
      || connect_server (c, &c->params, cancellable, error))
      && push_start (c, cancellable, error);
out:
  answer_clear (&a);
  return ok;
}

gboolean
wmnet_push_conn_send (WmnetPushConn * c, const guint8 * data, gsize len,
    guint64 * sent, GCancellable * cancellable, GError ** error)
{
  GByteArray *out = g_byte_array_new ();
  gboolean ok = TRUE;

  while (ok && len >= WMHTTP_FRAME_SIZE) {
    gsize n = MIN (len, WMHTTP_FRAME_SIZE + (gsize) (data[2] | data[3] << 8));
    WmhttpBodyResult r;

    g_byte_array_set_size (out, 0);
    r = wmhttp_body_put (&c->body, out, data, n);
    if (r == WMHTTP_BODY_TOO_BIG) {
      g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_TOO_BIG,
          "a $%c packet of %" G_GSIZE_FORMAT " bytes does not fit a "
          "PushStart body of %" G_GUINT64_FORMAT " bytes", data[1], n,
          c->params.length);
      ok = FALSE;
    } else if (early_answer (c, cancellable, error)
        || !write_all (c, out->data, out->len, cancellable, error)) {
      ok = FALSE;
    } else {
      if (sent)
        *sent += out->len;
      if (r == WMHTTP_BODY_FILLED)
        /* the packet waits for the next body */
        ok = next_start (c, cancellable, error);
      else {
        data += n;
        len -= n;
      }
    }
  }
  g_byte_array_unref (out);
  return ok;
}

const gchar *
wmnet_push_conn_get_push_id (WmnetPushConn * c)
{
  return c->push_id;
}

void
wmnet_push_conn_free (WmnetPushConn * c)
{
  if (c->conn)
    g_io_stream_close (G_IO_STREAM (c->conn), NULL, NULL);
  g_clear_object (&c->conn);
  g_clear_object (&c->client);
  g_clear_object (&c->auth);
  g_clear_object (&c->msg);
  g_clear_pointer (&c->params.uri, g_uri_unref);
  g_free ((gchar *) c->params.user_agent);
  g_free (c->push_id);
  g_free (c);
}
