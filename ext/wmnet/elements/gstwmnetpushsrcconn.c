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


/* wmnetpushsrc's requests, on the server thread ([MS-WMHTTP] 3.2.5):
 * PushSetup and PushStart judged as soon as their headers are there
 * (libsoup's early handler), a PushSetup answered through libsoup, a
 * PushStart's connection taken from libsoup and its endless body read
 * here, handed back to libsoup when a body of known length is complete;
 * the session (push-id) and the one pusher; refusals and the bus
 * messages (docs/design.md D71). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/random.h>

#include "gstwmnetpushsrcpriv.h"
#include "wmhttppush.h"

#define READ_SIZE 16384
/* TCP keepalive on a pusher's connection (D72): probes after 10 s without
 * a byte from it, 2 s apart; 3 unanswered end it, so a pusher whose host
 * or link died is gone in about 16 s, not at the 60 s Idle-Timeout */
#define KEEPIDLE_S 10
#define KEEPINTVL_S 2
#define KEEPCNT 3

struct _WmnetPusher
{
  GstWmnetPushSrc *self;
  GIOStream *stream;
  GSocketAddress *local, *remote;       /* to hand the connection back */
  gchar *address;
  guint port;
  guint64 remaining;            /* of the body's Content-Length */
  GCancellable *cancel;
  GSource *idle;
  gboolean reading;             /* a read is in flight */
  gboolean ended;               /* dropped; the read in flight frees it */
  guint8 buf[READ_SIZE];
};

typedef enum
{
  PUSH_SETUP,
  PUSH_START,
} PushKind;

static void read_more (WmnetPusher * p);

/* An element message of @address and @port, with @reason when not NULL,
 * then the fields from @first on. */
static void
post_valist (GstWmnetPushSrc * self, const gchar * name,
    const gchar * address, guint port, const gchar * reason,
    const gchar * first, va_list args)
{
  GstStructure *s;

  s = gst_structure_new (name, "address", G_TYPE_STRING, address, "port",
      G_TYPE_UINT, port, NULL);
  if (reason)
    gst_structure_set (s, "reason", G_TYPE_STRING, reason, NULL);
  if (first)
    gst_structure_set_valist (s, first, args);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

static void
post (GstWmnetPushSrc * self, const gchar * name, const gchar * address,
    guint port, const gchar * reason, const gchar * first, ...)
{
  va_list args;

  va_start (args, first);
  post_valist (self, name, address, port, reason, first, args);
  va_end (args);
}

static gchar *
new_push_id (void)
{
  guint8 r[8];
  gchar *id;

  /* 3.2.3 and 5.1: a random id; the kernel's CSPRNG (getrandom(2)) */
  if (getrandom (r, sizeof (r), 0) != sizeof (r))
    g_error ("getrandom failed: %s", g_strerror (errno));
  id = g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2],
      r[3], r[4], r[5], r[6], r[7]);
  if (strcmp (id, "0") == 0)    /* never: it has 16 digits */
    id[0] = '1';
  return id;
}

/* The push-id cookie of a request ([MS-WMHTTP] 2.2.1.3.1), NULL when
 * there is none. */
static gchar *
cookie_push_id (SoupMessageHeaders * hdrs)
{
  const gchar *cookie = soup_message_headers_get_list (hdrs, "Cookie");
  gchar **parts, *id = NULL;
  guint i;

  if (cookie == NULL)
    return NULL;
  parts = g_strsplit_set (cookie, ";,", -1);
  for (i = 0; parts[i] && id == NULL; i++) {
    const gchar *c = g_strstrip (parts[i]);

    if (g_str_has_prefix (c, "push-id="))
      id = g_strdup (c + strlen ("push-id="));
  }
  g_strfreev (parts);
  return id;
}

static void
add_push_headers (GString * s, const gchar * push_id)
{
  /* the headers 2.2.2.1 and 2.2.2.2 require of an answer */
  g_string_append (s, "Server: " WMNET_PUSH_SERVER_HEADER "\r\n"
      "Cache-Control: no-cache\r\nPragma: no-cache, timeout=60000\r\n");
  if (push_id)
    g_string_append_printf (s, "Set-Cookie: push-id=%s\r\n", push_id);
}

/* An answer written on a connection libsoup no longer has, without
 * blocking: a pusher that reads nothing cannot hold up this thread or a
 * state change (3.2.4.1); what does not fit at once is dropped. */
static void
write_answer (GIOStream * stream, guint status, const gchar * push_id,
    gboolean close)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  GError *error = NULL;
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "HTTP/1.1 %u %s\r\n", status,
      soup_status_get_phrase (status));
  add_push_headers (s, push_id);
  g_string_append_printf (s, "%sContent-Length: 0\r\n\r\n",
      close ? "Connection: close\r\n" : "");
  /* small: an empty socket buffer takes it whole */
  if (!G_IS_POLLABLE_OUTPUT_STREAM (out)
      || !g_pollable_stream_write_all (out, s->str, s->len, FALSE, NULL, NULL,
          &error)) {
    GST_INFO ("answer %u not written: %s", status,
        error ? error->message : "not a socket");
    g_clear_error (&error);
  }
  g_string_free (s, TRUE);
}

/* Every refusal: logged (address, port, status, reason: the element's
 * debug category, as wmnetsink's), counted in stats and posted. */
static void
refused (GstWmnetPushSrc * self, const gchar * address, guint port,
    guint status, const gchar * reason)
{
  GST_INFO_OBJECT (self, "push from %s:%u refused: %u, %s", address, port,
      status, reason);
  GST_OBJECT_LOCK (self);
  self->st_refused++;
  GST_OBJECT_UNLOCK (self);
  post (self, "wmnetpushsrc-pusher-refused", address, port, reason,
      "status", G_TYPE_UINT, status, NULL);
}

static void
refuse (GstWmnetPushSrc * self, SoupServerMessage * msg, const gchar * address,
    guint port, guint status, const gchar * reason)
{
  GIOStream *stream;

  /* answered at once, the body left unread ([MS-WMHTTP] 3.2.5.1, 3.2.5.2:
   * "a valid HTTP error status code"); the connection closed */
  stream = soup_server_message_steal_connection (msg);
  if (stream) {
    write_answer (stream, status, NULL, TRUE);
    g_io_stream_close (stream, NULL, NULL);
    g_object_unref (stream);
  }
  refused (self, address, port, status, reason);
}

void
gst_wmnet_push_src_stop_session_timer (GstWmnetPushSrc * self)
{
  if (self->session_timer) {
    g_source_destroy (self->session_timer);
    g_source_unref (self->session_timer);
    self->session_timer = NULL;
  }
  g_clear_object (&self->session_socket);
  g_clear_pointer (&self->session_address, g_free);
}

static void
end_session (GstWmnetPushSrc * self)
{
  gst_wmnet_push_src_stop_session_timer (self);
  g_clear_pointer (&self->push_id, g_free);
  wmhttp_reader_start (self->reader, TRUE);
}

/* A session timer expired with no PushStart being received
 * ([MS-WMHTTP] 3.2.6.1, 3.2.6.2): the connection libsoup holds for the
 * pusher, if any, shut (libsoup then reads its end and closes it), the
 * session deleted. */
static void
session_expired (GstWmnetPushSrc * self, const gchar * reason)
{
  gchar *address = g_strdup (self->session_address);
  guint port = self->session_port;

  if (self->session_socket)
    g_socket_shutdown (self->session_socket, TRUE, TRUE, NULL);
  GST_INFO_OBJECT (self, "session %s of %s:%u deleted: %s", self->push_id,
      address, port, reason);
  end_session (self);
  post (self, "wmnetpushsrc-pusher-disconnected", address, port, reason, NULL);
  g_free (address);
}

static gboolean
inactivity_expired (gpointer data)
{
  session_expired (data, "inactivity-timeout");
  return G_SOURCE_REMOVE;
}

static gboolean
session_idle_expired (gpointer data)
{
  session_expired (data, "idle-timeout");
  return G_SOURCE_REMOVE;
}

/* (Re)starts the session's timer: the Inactivity-Timeout after a
 * PushSetup or a whole body was answered (3.2.5.1, 3.2.5.2.1), @remote
 * the peer of the connection handed back to libsoup; or, @idle, the Idle-Timeout left
 * running for a pusher whose connection was lost inside a body
 * (3.2.7.1). */
static void
start_session_timer (GstWmnetPushSrc * self, gboolean idle,
    GSocketAddress * remote, const gchar * address, guint port)
{
  gchar *addr = g_strdup (address);

  gst_wmnet_push_src_stop_session_timer (self);
  self->session_address = addr;
  self->session_port = port;
  self->session_socket = remote ? g_object_get_data (G_OBJECT (remote),
      "wmnet-push-socket") : NULL;
  if (self->session_socket)
    g_object_ref (self->session_socket);
  self->session_timer = g_timeout_source_new (idle ? self->idle_ms :
      self->inactivity_ms);
  g_source_set_callback (self->session_timer, idle ? session_idle_expired :
      inactivity_expired, self, NULL);
  g_source_attach (self->session_timer, self->context);
}

static void
pusher_free (WmnetPusher * p)
{
  g_clear_object (&p->stream);
  g_clear_object (&p->local);
  g_clear_object (&p->remote);
  g_clear_object (&p->cancel);
  g_free (p->address);
  g_free (p);
}

/* The pusher leaves: its connection is closed (or, @keep, handed back to
 * libsoup for the next request) and the message posted. */
static void
pusher_end (WmnetPusher * p, gboolean keep, const gchar * reason,
    const gchar * first, ...)
{
  GstWmnetPushSrc *self = p->self;
  va_list args;

  if (p->idle) {
    g_source_destroy (p->idle);
    g_source_unref (p->idle);
    p->idle = NULL;
  }
  self->pusher = NULL;
  g_mutex_lock (&self->qlock);
  self->read_paused = FALSE;
  g_mutex_unlock (&self->qlock);
  GST_INFO_OBJECT (self, "pusher %s:%u gone: %s", p->address, p->port, reason);
  va_start (args, first);
  post_valist (self, "wmnetpushsrc-pusher-disconnected", p->address, p->port,
      reason, first, args);
  va_end (args);
  if (keep) {
    soup_server_accept_iostream (self->soup, p->stream, p->local, p->remote,
        NULL);
    start_session_timer (self, FALSE, p->remote, p->address, p->port);
  } else
    g_io_stream_close (p->stream, NULL, NULL);
  if (p->reading) {
    p->ended = TRUE;
    g_cancellable_cancel (p->cancel);
  } else {
    pusher_free (p);
  }
}

/* An administrative disconnect (3.2.4.1): a pusher in the middle of its
 * body is answered an error status at once (without blocking), then its
 * connection closed; the caller deletes the session. */
void
gst_wmnet_push_src_drop_pusher (GstWmnetPushSrc * self, const gchar * reason)
{
  if (self->pusher) {
    write_answer (self->pusher->stream, WMNET_PUSH_STOP_STATUS, NULL, TRUE);
    pusher_end (self->pusher, FALSE, reason, NULL);
  }
}

/* Idle-Timeout expired ([MS-WMHTTP] 3.2.6.1): 408 at once, the connection
 * closed, the session deleted. */
static gboolean
idle_expired (gpointer data)
{
  WmnetPusher *p = data;
  GstWmnetPushSrc *self = p->self;
  gboolean paused;

  /* not reading because downstream is slow is no idle pusher */
  g_mutex_lock (&self->qlock);
  paused = self->read_paused;
  g_mutex_unlock (&self->qlock);
  if (paused)
    return G_SOURCE_CONTINUE;
  write_answer (p->stream, SOUP_STATUS_REQUEST_TIMEOUT, NULL, TRUE);
  pusher_end (p, FALSE, "idle-timeout", NULL);
  end_session (self);
  return G_SOURCE_REMOVE;
}

static void
restart_idle (WmnetPusher * p)
{
  if (p->idle) {
    g_source_destroy (p->idle);
    g_source_unref (p->idle);
  }
  p->idle = g_timeout_source_new (p->self->idle_ms);
  g_source_set_callback (p->idle, idle_expired, p, NULL);
  g_source_attach (p->idle, p->self->context);
}

/* What the reader makes of the bytes read; FALSE when the pusher is gone. */
static gboolean
take_packets (WmnetPusher * p)
{
  GstWmnetPushSrc *self = p->self;

  for (;;) {
    GstBuffer *buf = NULL;
    guint32 reason = 0;
    GError *error = NULL;

    switch (wmhttp_reader_pop (self->reader, &buf, &reason, &error)) {
      case WMHTTP_READ_NEED_DATA:
        return TRUE;
      case WMHTTP_READ_HEADER:
      case WMHTTP_READ_CHANGE:
      case WMHTTP_READ_PACKET:
        gst_wmnet_push_src_enqueue (self, buf);
        break;
      case WMHTTP_READ_END:
        /* S_FALSE: a $C follows; else the session is over and the
         * connection closed without an answer (3.2.5.5) */
        if (reason == 1)
          break;
        pusher_end (p, FALSE, "end", "hresult", G_TYPE_UINT, reason, NULL);
        end_session (self);
        return FALSE;
      case WMHTTP_READ_ERROR:
        /* a body that breaks 2.2.3: answered 400 at once, the session
         * deleted (its first packet must be $H again) */
        GST_WARNING_OBJECT (self, "push body from %s:%u refused: %s",
            p->address, p->port, error->message);
        write_answer (p->stream, SOUP_STATUS_BAD_REQUEST, NULL, TRUE);
        pusher_end (p, FALSE, "bad-data", "error", G_TYPE_STRING,
            error->message, NULL);
        g_error_free (error);
        end_session (self);
        return FALSE;
    }
  }
}

static void
read_done (GObject * source, GAsyncResult * res, gpointer data)
{
  WmnetPusher *p = data;
  GstWmnetPushSrc *self = p->self;
  GError *error = NULL;
  gssize n;
  gboolean paused;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), res, &error);
  p->reading = FALSE;
  if (p->ended) {
    g_clear_error (&error);
    pusher_free (p);
    return;
  }
  if (n <= 0) {
    /* gone in the middle of the body: the session stays for it to come
     * back with a PushStart before the Idle-Timeout (3.2.7.1) */
    start_session_timer (self, TRUE, NULL, p->address, p->port);
    pusher_end (p, FALSE, "closed", "error", G_TYPE_STRING,
        error ? error->message : "end of stream", NULL);
    g_clear_error (&error);
    return;
  }
  GST_OBJECT_LOCK (self);
  self->st_bytes += n;
  GST_OBJECT_UNLOCK (self);
  p->remaining -= n;
  wmhttp_reader_push (self->reader, p->buf, n);
  if (!take_packets (p))
    return;
  restart_idle (p);
  if (p->remaining == 0 && wmhttp_reader_pending (self->reader) > 0) {
    /* the body's Content-Length ends inside a packet: a framing fault
     * like any other (D73), not a complete body */
    GST_WARNING_OBJECT (self, "push body from %s:%u refused: a packet runs "
        "past its Content-Length", p->address, p->port);
    write_answer (p->stream, SOUP_STATUS_BAD_REQUEST, NULL, TRUE);
    pusher_end (p, FALSE, "bad-data", "error", G_TYPE_STRING,
        "a packet runs past the body's Content-Length", NULL);
    end_session (self);
    return;
  }
  if (p->remaining == 0) {
    /* the whole body: answered, and the connection is libsoup's again for
     * the next PushStart (3.2.5.2.1) */
    write_answer (p->stream, SOUP_STATUS_NO_CONTENT, self->push_id, FALSE);
    pusher_end (p, TRUE, "complete", NULL);
    return;
  }
  g_mutex_lock (&self->qlock);
  paused = self->read_paused;
  g_mutex_unlock (&self->qlock);
  if (!paused)
    read_more (p);
}

static void
read_more (WmnetPusher * p)
{
  p->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (p->stream),
      p->buf, MIN (sizeof (p->buf), p->remaining), G_PRIORITY_DEFAULT,
      p->cancel, read_done, p);
}

void
gst_wmnet_push_src_resume (GstWmnetPushSrc * self)
{
  if (self->pusher && !self->pusher->reading && !self->pusher->ended)
    read_more (self->pusher);
}

static void
start_pusher (GstWmnetPushSrc * self, SoupServerMessage * msg,
    const gchar * address, guint port, goffset length)
{
  WmnetPusher *p = g_new0 (WmnetPusher, 1);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  GSocketAddress *local = remote ? g_object_get_data (G_OBJECT (remote),
      "wmnet-push-local") : NULL;

  p->self = self;
  p->address = g_strdup (address);
  p->port = port;
  p->remaining = length;
  p->cancel = g_cancellable_new ();
  p->remote = remote ? g_object_ref (remote) : NULL;
  p->local = local ? g_object_ref (local) : NULL;
  p->stream = soup_server_message_steal_connection (msg);
  if (p->stream == NULL || p->local == NULL || p->remote == NULL) {
    g_clear_object (&p->stream);
    pusher_free (p);
    return;
  }
  self->pusher = p;
  /* 3.2.5.2: both timers stopped, the pusher's Idle-Timeout started */
  gst_wmnet_push_src_stop_session_timer (self);
  /* the session's first PushStart opens with $H; a later one goes on */
  wmhttp_reader_start (self->reader, wmhttp_reader_header (self->reader)
      == NULL);
  GST_OBJECT_LOCK (self);
  self->st_pushes++;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "pusher %s:%u, push-id %s, %" G_GINT64_FORMAT
      " bytes declared", address, port, self->push_id, (gint64) length);
  post (self, "wmnetpushsrc-pusher-connected", address, port, NULL,
      "push-id", G_TYPE_STRING, self->push_id, NULL);
  restart_idle (p);
  if (length == 0) {
    write_answer (p->stream, SOUP_STATUS_NO_CONTENT, self->push_id, FALSE);
    pusher_end (p, TRUE, "complete", NULL);
    return;
  }
  read_more (p);
}

/* The request's head: 0 and its kind, or the refusal's status and reason,
 * judged in this order: access lists, method, content type, length
 * (3.2.5.1, 3.2.5.2); then come the credentials and the session. The
 * path is our publishing point's: the listener handed it over for it
 * (wmnetpoints, D69). */
static guint
judge (GstWmnetPushSrc * self, SoupServerMessage * msg, GInetAddress * inet,
    PushKind * kind, const gchar ** reason)
{
  SoupMessageHeaders *hdrs = soup_server_message_get_request_headers (msg);
  /* every Content-Type joined: two of them name no one type */
  const gchar *ctype = soup_message_headers_get_list (hdrs, "Content-Type");
  const gchar *clen;
  WmnetAccessVerdict verdict;

  verdict = wmnet_access_list_judge (self->access, inet);
  if (verdict != WMNET_ACCESS_ADMITTED) {
    *reason = verdict == WMNET_ACCESS_CLOSED ? "access-config"
        : "access-denied";
    return SOUP_STATUS_FORBIDDEN;
  }
  if (strcmp (soup_server_message_get_method (msg), "POST") != 0) {
    *reason = "method";
    return SOUP_STATUS_METHOD_NOT_ALLOWED;
  }
  /* 2.2.1.1: the type, with an optional charset; the listener's check,
   * which routed the request here (wmnetpoints) */
  switch (ctype ? wmnet_point_push_type (ctype, strlen (ctype)) :
      WMNET_PUSH_TYPE_NONE) {
    case WMNET_PUSH_TYPE_SETUP:
      *kind = PUSH_SETUP;
      break;
    case WMNET_PUSH_TYPE_START:
      *kind = PUSH_START;
      break;
    default:
      *reason = "content-type";
      return SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
  }
  /* 3.2.5.1: no User-Agent of 2.2.1.8 ("WMEncoder/" 9.0 to 12.0) is no
   * encoder, "treated as an error"; on PushStart too, whose syntax
   * requires it as well (2.2.2.2, 3.2.5.2; D82) */
  if (!wmhttp_user_agent_ok (soup_message_headers_get_list (hdrs,
              "User-Agent"))) {
    *reason = "user-agent";
    return SOUP_STATUS_BAD_REQUEST;
  }
  /* 3.1.4.1.1, 3.1.4.2.1: a Content-Length, never chunked */
  if (soup_message_headers_get_encoding (hdrs) != SOUP_ENCODING_CONTENT_LENGTH) {
    *reason = "length";
    return SOUP_STATUS_LENGTH_REQUIRED;
  }
  /* one number, not negative: two Content-Lengths (libsoup joins them;
   * RFC 9112 6.3 calls that an unrecoverable error) or "-5" (libsoup
   * reads it negative) frame no body */
  clen = soup_message_headers_get_list (hdrs, "Content-Length");
  if (soup_message_headers_get_content_length (hdrs) < 0 || clen == NULL
      || strchr (clen, ',')) {
    *reason = "length";
    return SOUP_STATUS_BAD_REQUEST;
  }
  if (*kind == PUSH_SETUP && soup_message_headers_get_content_length (hdrs)
      > WMNET_PUSH_SETUP_MAX_BODY) {
    *reason = "length";
    return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  }
  return 0;
}

/* The session check (3.2.5.1, 3.2.5.2), after the credentials: 0, or the
 * refusal's status and reason. */
static guint
judge_session (GstWmnetPushSrc * self, SoupServerMessage * msg,
    PushKind kind, const gchar ** reason)
{
  gchar *id = cookie_push_id (soup_server_message_get_request_headers (msg));
  guint status = 0;

  if (kind == PUSH_SETUP && (id == NULL || strcmp (id, "0") == 0)) {
    /* a new session: one pusher per publishing point */
    if (self->pusher) {
      *reason = "busy";
      status = SOUP_STATUS_CONFLICT;
    }
  } else if (id == NULL || self->push_id == NULL
      || strcmp (id, self->push_id) != 0) {
    /* 3.2.5.1, 3.2.5.2: no state of that push-id is an error */
    *reason = "unknown-push-id";
    status = SOUP_STATUS_BAD_REQUEST;
  } else if (self->pusher) {
    /* that session's PushStart is in progress on another connection */
    *reason = "busy";
    status = SOUP_STATUS_CONFLICT;
  }
  g_free (id);
  return status;
}

static gboolean
peer_of (SoupServerMessage * msg, gchar ** address, guint * port,
    GInetAddress ** inet)
{
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (sa))
    return FALSE;
  *inet = wmnet_inet_address_normalize (g_inet_socket_address_get_address
      (G_INET_SOCKET_ADDRESS (sa)));
  *address = g_inet_address_to_string (*inet);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sa));
  return TRUE;
}

/* Past the credentials: the session judged, then a PushStart taken (a
 * PushSetup's body is read by libsoup, then handle()). */
static void
go_on (GstWmnetPushSrc * self, SoupServerMessage * msg, PushKind kind)
{
  GInetAddress *inet;
  gchar *address;
  guint port, status;
  const gchar *reason = NULL;

  if (!peer_of (msg, &address, &port, &inet)) {
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    return;
  }
  status = judge_session (self, msg, kind, &reason);
  if (status != 0)
    refuse (self, msg, address, port, status, reason);
  else if (kind == PUSH_START)
    start_pusher (self, msg, address, port,
        soup_message_headers_get_content_length
        (soup_server_message_get_request_headers (msg)));
  g_free (address);
  g_object_unref (inet);
}

/* Refused credentials: 401 with the challenge the gate set, answered by
 * libsoup, which then closes (the pusher comes back on a new connection,
 * 3.1.5.1, 3.1.5.2: its body's Length-Remaining is not 0). */
static void
refuse_unauthorized (GstWmnetPushSrc * self, SoupServerMessage * msg,
    guint status, const gchar * reason)
{
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  GInetAddress *inet = NULL;
  gchar *address = NULL;
  guint port = 0;

  peer_of (msg, &address, &port, &inet);
  soup_message_headers_replace (out, "Server", WMNET_PUSH_SERVER_HEADER);
  soup_message_headers_replace (out, "Cache-Control", "no-cache");
  soup_message_headers_replace (out, "Pragma", "no-cache, timeout=60000");
  soup_message_headers_replace (out, "Connection", "close");
  soup_server_message_set_status (msg, status, NULL);
  refused (self, address, port, status, reason);
  g_free (address);
  g_clear_object (&inet);
}

/* wmnethttpauth's answer to a request paused for its password check. */
void
gst_wmnet_push_src_auth_answered (SoupServerMessage * msg, gboolean ok,
    gpointer user_data)
{
  GstWmnetPushSrc *self = user_data;

  if (!ok)
    refuse_unauthorized (self, msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
  else
    go_on (self, msg, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg),
                "wmnet-push-kind")));
}

/* Every request, as soon as its headers are there. A PushStart is taken
 * here, never waiting for its body (3.2.5.1); a PushSetup's short body is
 * read by libsoup and answered in handle(). Credentials (HTTP Basic or
 * Digest, [MS-WMHTTP] 2.1, 3.2.5.1, 3.2.5.2) are checked after the head's
 * form and before the session, on every request (5.1). */
static void
screen (SoupServer * server, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  GstWmnetPushSrc *self = user_data;
  GInetAddress *inet;
  gchar *address;
  guint port, status;
  const gchar *reason = NULL;
  PushKind kind = PUSH_SETUP;

  g_object_set_data (G_OBJECT (msg), "wmnet-push-screened",
      GINT_TO_POINTER (TRUE));
  if (!peer_of (msg, &address, &port, &inet)) {
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    return;
  }
  status = judge (self, msg, inet, &kind, &reason);
  GST_LOG_OBJECT (self, "%s %s from %s:%u: %u", soup_server_message_get_method
      (msg), path, address, port, status);
  g_object_unref (inet);
  if (status != 0) {
    refuse (self, msg, address, port, status, reason);
    g_free (address);
    return;
  }
  g_free (address);
  g_object_set_data (G_OBJECT (msg), "wmnet-push-kind", GINT_TO_POINTER (kind));
  switch (wmnet_http_auth_check (self->gate, self->auth, msg)) {
    case WMNET_ADMISSION_AUTH_OK:
      go_on (self, msg, kind);
      break;
    case WMNET_ADMISSION_AUTH_PENDING:
      break;                    /* gst_wmnet_push_src_auth_answered() goes on */
    case WMNET_ADMISSION_AUTH_REFUSED:
      refuse_unauthorized (self, msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
      break;
    default:
      refuse_unauthorized (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
          "auth-busy");
      break;
  }
}

/* A PushSetup, its body read: a new session, or the pusher's own again;
 * 204 with its push-id (3.2.5.1). Template-URL is ignored, as 2.2.2.1.1
 * says when the publishing point exists (ours always does); AutoDestroy
 * has nothing to remove. The session is judged again: a PushStart may
 * have begun, or another PushSetup replaced the session, while this body
 * was read; a refusal then is posted and counted as every other. The
 * answer is written here and the connection handed back to libsoup for
 * the PushStart to come on it: libsoup keeps a connection open only with
 * listeners of its own, and ours is wmnetlisten. */
static void
handle (SoupServer * server, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  GstWmnetPushSrc *self = user_data;
  gchar *id = cookie_push_id (soup_server_message_get_request_headers (msg));
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  GSocketAddress *local = remote ? g_object_get_data (G_OBJECT (remote),
      "wmnet-push-local") : NULL;
  const gchar *reason = NULL;
  GInetAddress *inet;
  gchar *address;
  guint port, status;
  GIOStream *stream;

  if (local == NULL || !peer_of (msg, &address, &port, &inet)) {
    g_free (id);
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    return;
  }
  g_object_unref (inet);
  status = judge_session (self, msg, PUSH_SETUP, &reason);
  if (status != 0) {
    refuse (self, msg, address, port, status, reason);
  } else {
    if (id == NULL || strcmp (id, "0") == 0) {
      g_free (self->push_id);
      self->push_id = new_push_id ();
      wmhttp_reader_start (self->reader, TRUE);
    }
    g_object_ref (remote);
    g_object_ref (local);
    stream = soup_server_message_steal_connection (msg);
    if (stream) {
      write_answer (stream, SOUP_STATUS_NO_CONTENT, self->push_id, FALSE);
      soup_server_accept_iostream (self->soup, stream, local, remote, NULL);
      /* the PushStart is due before the Inactivity-Timeout (3.2.5.1) */
      start_session_timer (self, FALSE, remote, address, port);
      g_object_unref (stream);
    }
    g_object_unref (remote);
    g_object_unref (local);
  }
  g_free (address);
  g_free (id);
}

/* A request libsoup answered itself, before screen() saw its head (a
 * request line or header it cannot parse, an HTTP version it does not
 * speak, a path it will not decode, no Host in HTTP/1.1; RFC 9112): a
 * refusal too, reason `malformed` with the status libsoup answered, seen
 * as the answer's head is written (neither the server's request-finished
 * nor the message's finished come for a request line libsoup could not
 * parse). */
static void
message_answered (SoupServerMessage * msg, gpointer user_data)
{
  GstWmnetPushSrc *self = user_data;
  guint status = soup_server_message_get_status (msg), port;
  GInetAddress *inet;
  gchar *address;

  if (status < 400 || g_object_get_data (G_OBJECT (msg),
          "wmnet-push-screened") || !peer_of (msg, &address, &port, &inet))
    return;
  g_object_unref (inet);
  refused (self, address, port, status, "malformed");
  g_free (address);
}

static void
request_started (SoupServer * server, SoupServerMessage * msg,
    gpointer user_data)
{
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (message_answered),
      user_data);
}

void
gst_wmnet_push_src_add_handlers (GstWmnetPushSrc * self)
{
  soup_server_add_early_handler (self->soup, NULL, screen, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle, self, NULL);
  g_signal_connect (self->soup, "request-started",
      G_CALLBACK (request_started), self);
}

/* A connection the publishing point handed over (its first bytes are
 * there), through the mailbox: to libsoup. */
void
gst_wmnet_push_src_serve (gpointer socket_data)
{
  GSocket *sock = socket_data;
  GstWmnetPushSrc *self = g_object_get_data (G_OBJECT (sock),
      "wmnet-push-src");
  GSocketAddress *remote = g_socket_get_remote_address (sock, NULL);
  GSocketAddress *local = g_socket_get_local_address (sock, NULL);
  GSocketConnection *conn;

  if (remote == NULL || local == NULL) {
    g_clear_object (&remote);
    g_clear_object (&local);
    g_socket_close (sock, NULL);
    return;
  }
  /* a dead peer's connection ends with ETIMEDOUT on the pending read,
   * which lets its successor in (D72); best effort: the Idle-Timeout
   * stays the bound where an option is refused */
  g_socket_set_keepalive (sock, TRUE);
  g_socket_set_option (sock, IPPROTO_TCP, TCP_KEEPIDLE, KEEPIDLE_S, NULL);
  g_socket_set_option (sock, IPPROTO_TCP, TCP_KEEPINTVL, KEEPINTVL_S, NULL);
  g_socket_set_option (sock, IPPROTO_TCP, TCP_KEEPCNT, KEEPCNT, NULL);
  /* libsoup gives handlers the remote address it was given: the local
   * one rides on it, for a connection handed back after a body */
  g_object_set_data_full (G_OBJECT (remote), "wmnet-push-local",
      g_object_ref (local), g_object_unref);
  /* and the socket, for a session timer to shut (libsoup wraps the
   * stream) */
  g_object_set_data_full (G_OBJECT (remote), "wmnet-push-socket",
      g_object_ref (sock), g_object_unref);
  conn = g_socket_connection_factory_create_connection (sock);
  soup_server_accept_iostream (self->soup, G_IO_STREAM (conn), local, remote,
      NULL);
  g_object_unref (conn);
  g_object_unref (remote);
  g_object_unref (local);
}
