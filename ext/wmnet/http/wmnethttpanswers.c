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

/* wmnethttp's answers (wmnethttppriv.h) but the streaming ones, which
 * handle_request gives itself: the refusals (401 told and counted, the
 * Retry-After of a 429 or 503, those dropped without reading further), the
 * MS-WMSP response headers and sessions (the client-ids given,
 * wmnetsessions; docs/design.md D40, D42), the streams of the current
 * header, the describe answer (D30) and SelectStream requests (D42). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnethttppriv.h"

#define GST_CAT_DEFAULT wmnet_http_debug

/* A 401, its challenge set: told and counted. */
/* A refusal of the admission (wmnetadmission) on the wire: its status (at
 * once and closed when it drops), Retry-After, Allow, and its reason told
 * and counted (wmnetsink-client-refused). A 401's challenge is
 * wmnethttpauth's, set already. */
void
wmnet_http_refuse (WmnetHttp * self, SoupServerMessage * msg,
    const WmnetAdmissionVerdict * v)
{
  GInetAddress *inet;
  guint port = 0;
  gchar *address = wmnet_http_peer_of (msg, &inet, &port);

  GST_INFO_OBJECT (self->log_object, "%s:%u refused, %u: %s",
      address ? address : "?", port, v->status, v->why);
  if (v->retry_after)
    wmnet_http_set_retry_after (msg, v->retry_after);
  if (v->allow)
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Allow", ALLOW);
  if (v->reason)
    self->cb.post_refused (self->user_data, address, port,
        g_uri_get_path (soup_server_message_get_uri (msg)), v->reason);
  if (v->drop)
    wmnet_http_refuse_now (msg, v->status);
  else
    soup_server_message_set_status (msg, v->status,
        v->status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  g_clear_object (&inet);
  g_free (address);
}

/* A request whose credentials were refused (its challenge set). */
void
wmnet_http_refuse_unauthorized (WmnetHttp * self, SoupServerMessage * msg)
{
  WmnetAdmissionVerdict v;

  wmnet_admission_check_credentials (self->admission,
      WMNET_ADMISSION_AUTH_REFUSED, FALSE, &v);
  wmnet_http_refuse (self, msg, &v);
}

void
wmnet_http_set_retry_after (SoupServerMessage * msg, guint seconds)
{
  gchar *v = g_strdup_printf ("%u", seconds);

  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Retry-After", v);
  g_free (v);
}

/* The client-id pragma of a request ([MS-WMSP] 2.2.1.4.5: 1*10 DIGIT), NULL
 * when it has none or another form. */
gchar *
wmnet_http_request_client_id (const gchar * pragma)
{
  gchar *v = NULL;
  gsize len;

  if (!wmsp_pragma_get (pragma, "client-id", &v))
    return NULL;
  len = strlen (v);
  if (len == 0 || len > 10 || strspn (v, "0123456789") != len)
    g_clear_pointer (&v, g_free);
  return v;
}

/* @client_id: the session's, kept for the whole session (a player's log
 * report names it, docs/design.md D18); NULL: a new one, not kept. @reset:
 * the request named a session the server does not know ([MS-WMSP]
 * 2.2.1.4.37, 3.2.5.6). Never a pipeline-experiment pragma nor a
 * "pipeline" feature: the server offers only the non-pipelined mode
 * (2.2.1.4.15, D42). Returns the client-id answered. */
gchar *
wmnet_http_set_wmsp_headers (SoupServerMessage * msg, const gchar * client_id,
    gboolean reset)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  gchar *cid = client_id ? g_strdup (client_id) :
      g_strdup_printf ("%u", g_random_int ());
  gchar *id = g_strdup_printf ("client-id=%s", cid);

  soup_message_headers_append (h, "Cache-Control", "no-cache");
  soup_message_headers_append (h, "Pragma", "no-cache");
  soup_message_headers_append (h, "Pragma", id);
  soup_message_headers_append (h, "Pragma", "features=\"broadcast\"");
  if (reset)
    soup_message_headers_append (h, "Pragma", "xResetStrm=1");
  g_free (id);
  return cid;
}

/* The session of a describe or play ([MS-WMSP] 3.2.3, 3.2.5.6, D40): the
 * client-id the request echoes when the server gave it and has not
 * forgotten it, else a new one; @reset: the request named another. */
gchar *
wmnet_http_session_of (WmnetHttp * self, const gchar * pragma, gboolean * reset)
{
  gchar *request_id = wmnet_http_request_client_id (pragma);
  gint64 now = g_get_monotonic_time ();
  guint32 id;

  *reset = FALSE;
  if (request_id && wmnet_sessions_parse_id (request_id, &id)
      && wmnet_sessions_touch (self->sessions, id, now))
    return request_id;
  *reset = request_id != NULL;
  g_free (request_id);
  return g_strdup_printf ("%u", wmnet_sessions_add (self->sessions, now));
}

/* The stream numbers of the current header, for reading a selection;
 * NULL before the first header. */
const guint32 *
wmnet_http_header_streams (WmnetHttp * self, WmAsfHeaderInfo * info)
{
  WmnetChunk *h = self->cb.current_header (self->user_data);

  if (h == NULL || !wmasf_header_parse (h->map.data, h->map.size, info, NULL))
    return NULL;
  return info->stream_mask;
}

/* The body is built once per header and shared, refcounted, by every
 * describe answer of it (docs/design.md D30). */
void
wmnet_http_answer_describe (WmnetChunk * h, SoupServerMessage * msg)
{
  if (h->describe == NULL) {
    guint8 *body = g_malloc (WMSP_DATA_FRAME_SIZE + h->map.size);

    memcpy (body, h->frame, WMSP_DATA_FRAME_SIZE);
    memcpy (body + WMSP_DATA_FRAME_SIZE, h->map.data, h->map.size);
    h->describe = g_bytes_new_take (body, WMSP_DATA_FRAME_SIZE + h->map.size);
  }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Content-Type", "application/vnd.ms.wms-hdr.asfv1");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
      h->describe);
}

/* Answers @status (0: nothing) and drops the connection without reading
 * further: libsoup would otherwise read (and keep) a request body before
 * answering. */
void
wmnet_http_refuse_now (SoupServerMessage * msg, guint status)
{
  GSocket *sock = wmnet_http_socket_of (msg);
  GIOStream *stream;
  gchar *head;

  if (sock == NULL)
    return;
  g_object_ref (sock);
  stream = soup_server_message_steal_connection (msg);
  if (status != 0) {
    /* a 405 names the methods there are (RFC 9110 15.5.6) */
    head = g_strdup_printf ("HTTP/1.0 %u %s\r\nServer: %s\r\n%s"
        "Connection: close\r\nContent-Length: 0\r\n\r\n", status,
        soup_status_get_phrase (status), WMNET_SERVER_HEADER,
        status == SOUP_STATUS_METHOD_NOT_ALLOWED ? "Allow: " ALLOW "\r\n" : "");
    /* best effort: the socket is non-blocking and the answer is small */
    g_socket_send (sock, head, strlen (head), NULL, NULL);
    g_free (head);
  }
  /* a reset would throw away the answer: end our side, then close */
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  if (stream) {
    g_io_stream_close (stream, NULL, NULL);
    g_object_unref (stream);
  }
  g_socket_close (sock, NULL);
  g_object_unref (sock);
}

/* A SelectStream request ([MS-WMSP] 2.2.2.8, 3.2.5.7), GET or POST form, on
 * a connection of its own (D42): the session its client-id names switches
 * to the streams it selects at its next key frame (select_streams). 200
 * with no body; 400 when malformed or without a client-id; 404 when no
 * session of that id from that address is streaming; 501 when the server
 * does not switch streams. */
void
wmnet_http_handle_select_stream (WmnetHttp * self, SoupServerMessage * msg,
    const gchar * pragma, GInetAddress * inet, const gchar * address)
{
  gchar *request_id = wmnet_http_request_client_id (pragma);
  WmAsfHeaderInfo hinfo;
  WmnetSelection sel;
  guint32 id;
  guint status;

  if (!wmsp_parse_stream_switch (pragma, wmnet_http_header_streams (self,
              &hinfo), &sel)
      || request_id == NULL) {
    status = SOUP_STATUS_BAD_REQUEST;
  } else if (self->cb.select_streams == NULL) {
    status = SOUP_STATUS_NOT_IMPLEMENTED;
  } else if (inet == NULL || !self->cb.select_streams (self->user_data,
          request_id, inet, &sel)) {
    status = SOUP_STATUS_NOT_FOUND;
  } else {
    status = SOUP_STATUS_OK;
    if (wmnet_sessions_parse_id (request_id, &id))
      wmnet_sessions_touch (self->sessions, id, g_get_monotonic_time ());
  }
  GST_DEBUG_OBJECT (self->log_object, "%s: SelectStream, client-id %s: %u",
      address ? address : "?", request_id ? request_id : "none", status);
  if (request_id)
    g_free (wmnet_http_set_wmsp_headers (msg, request_id, FALSE));
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  g_free (request_id);
}
