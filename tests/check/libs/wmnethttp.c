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

/* The MS-WMSP sessions of WmnetHttp against a server of the test's own
 * (WmnetHttpCallbacks), so that what a server answers through is_streaming
 * and select_streams is checked before any server implements them: a play
 * for a streaming session refused, SelectStream handed over with the
 * client's address and selection and answered 200 or 404, the selection of
 * a play read against the current header (FFmpeg's decimal numbers). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnethttp.h"
#include "wmnettestutils.h"
#include "wmnetasfbuild.h"
#include "wmnettestsocket.h"
#include "wmnettestsuite.h"

#define AGENT "User-Agent: NSPlayer/10.0.0.3802\r\n"

typedef struct
{
  GMainContext *ctx;
  WmnetHttp *http;
  WmnetAdmission *admission;    /* no inputs: everyone is let in */
  GSocket *listener;
  guint port;
  WmnetChunk *header;
  /* the fake server */
  const gchar *streaming_id;    /* is_streaming says TRUE for it */
  gboolean select_ok;           /* what select_streams returns */
  guint n_select;
  gchar *select_id;
  gchar *select_address;
  WmnetSelection select_sel;
  guint n_started;
  WmnetSelection started_sel;
} Fixture;

static WmnetChunk *
current_header (gpointer ud)
{
  return ((Fixture *) ud)->header;
}

static void
start_client (gpointer ud, SoupServerMessage * msg, gboolean wmsp,
    const gchar * user_agent)
{
  Fixture *f = ud;
  GIOStream *conn;

  f->n_started++;
  f->started_sel = wmnet_http_request_info_of (msg)->selection;
  conn = wmnet_http_take_connection (msg);
  if (conn) {
    g_io_stream_close (conn, NULL, NULL);
    g_object_unref (conn);
  }
}

static void
post_refused (gpointer ud, const gchar * address, guint port,
    const gchar * path, const gchar * reason)
{
}

static gboolean
log_stats (gpointer ud, const gchar * address, const gchar * client_id,
    GHashTable * report, gboolean alone)
{
  return alone;
}

static gboolean
is_streaming (gpointer ud, const gchar * client_id)
{
  Fixture *f = ud;

  return f->streaming_id && g_str_equal (client_id, f->streaming_id);
}

static gboolean
select_streams (gpointer ud, const gchar * client_id, GInetAddress * inet,
    const WmnetSelection * sel)
{
  Fixture *f = ud;

  f->n_select++;
  g_free (f->select_id);
  f->select_id = g_strdup (client_id);
  g_free (f->select_address);
  f->select_address = g_inet_address_to_string (inet);
  f->select_sel = *sel;
  return f->select_ok;
}

static const WmnetHttpCallbacks callbacks = {
  .current_header = current_header,
  .start_client = start_client,
  .post_refused = post_refused,
  .log_stats = log_stats,
  .is_streaming = is_streaming,
  .select_streams = select_streams,
};

/* Streams 1, 2, 10 and 11 (FFmpeg writes 10 and 11 in decimal). */
static WmnetChunk *
make_header (void)
{
  HeaderSpec h = default_spec ();
  GByteArray *a;
  GstBuffer *buf;

  h.n_streams = 4;
  h.numbers[0] = 1;
  h.numbers[1] = 2;
  h.numbers[2] = 10;
  h.numbers[3] = 11;
  h.video[0] = TRUE;
  a = build_header (&h);
  buf = gst_buffer_new_memdup (a->data, a->len);
  g_byte_array_unref (a);
  return wmnet_chunk_new (WMNET_CHUNK_HEADER, buf, 0, 0);
}

static Fixture *
fixture_new (const WmnetHttpCallbacks * cb)
{
  Fixture *f = g_new0 (Fixture, 1);
  GError *error = NULL;

  fail_unless (wmnet_soup_load (&error), "%s", error ? error->message : "");
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->admission = wmnet_admission_new ();
  f->http = wmnet_http_new (cb, f, f->ctx, NULL, f->admission);
  f->header = make_header ();
  f->listener = wmnet_test_listen_loopback (&f->port);
  return f;
}

static void
fixture_free (Fixture * f)
{
  wmnet_http_disconnect (f->http);
  while (g_main_context_iteration (f->ctx, FALSE));
  wmnet_http_free (f->http);
  wmnet_admission_free (f->admission);
  while (g_main_context_iteration (f->ctx, FALSE));
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_object_unref (f->listener);
  wmnet_chunk_unref (f->header);
  g_free (f->select_id);
  g_free (f->select_address);
  g_free (f);
}

static gboolean
note_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

static gboolean
note_readable (GSocket * sock, GIOCondition cond, gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Sends @req on a connection of its own and serves it on this thread until
 * the server closes: the response head. */
static gchar *
exchange (Fixture * f, const gchar * req)
{
  GSocket *client = wmnet_test_connect ("127.0.0.1", f->port, NULL, NULL);
  GSocket *accepted;
  GByteArray *arr = g_byte_array_new ();
  GSource *readable, *timeout;
  gboolean ready = FALSE, timed_out = FALSE;
  gchar buf[4096], *head, *end;

  fail_unless (client != NULL);
  fail_unless (wmnet_test_send_all (client, req, strlen (req)));
  accepted = g_socket_accept (f->listener, NULL, NULL);
  fail_unless (accepted != NULL);
  wmnet_http_serve_socket (f->http, accepted, FALSE);
  g_object_unref (accepted);
  g_socket_set_blocking (client, FALSE);
  /* the server runs on this context: it is run until the client has
   * something to read, or the time is up */
  readable = g_socket_create_source (client, G_IO_IN | G_IO_HUP | G_IO_ERR,
      NULL);
  g_source_set_callback (readable, G_SOURCE_FUNC (note_readable), &ready, NULL);
  g_source_attach (readable, f->ctx);
  timeout = g_timeout_source_new (5000);
  g_source_set_callback (timeout, note_timeout, &timed_out, NULL);
  g_source_attach (timeout, f->ctx);
  while (!timed_out) {
    gssize n;

    ready = FALSE;
    while (!ready && !timed_out)
      g_main_context_iteration (f->ctx, TRUE);
    n = g_socket_receive (client, buf, sizeof (buf), NULL, NULL);
    if (n == 0)
      break;
    if (n > 0)
      g_byte_array_append (arr, (guint8 *) buf, n);
  }
  g_source_destroy (readable);
  g_source_unref (readable);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_object_unref (client);
  end = g_strstr_len ((gchar *) arr->data, arr->len, "\r\n\r\n");
  fail_unless (end != NULL, "no response head");
  head = g_strndup ((gchar *) arr->data, end - (gchar *) arr->data + 4);
  g_byte_array_unref (arr);
  return head;
}

static gchar *
play_req (const gchar * client_id, const gchar * entry)
{
  return g_strdup_printf ("GET / HTTP/1.0\r\n" AGENT "Pragma: xPlayStrm=1\r\n"
      "Pragma: client-id=%s\r\nPragma: stream-switch-entry=%s\r\n\r\n",
      client_id, entry);
}

static gchar *
select_req (const gchar * method, const gchar * client_id, const gchar * entry)
{
  return g_strdup_printf ("%s / HTTP/1.0\r\n" AGENT "Pragma: client-id=%s\r\n"
      "Pragma: stream-switch-count=2\r\nPragma: stream-switch-entry=%s\r\n"
      "%s\r\n", method, client_id, entry,
      g_str_equal (method, "POST") ? "Content-Length: 0\r\n" : "");
}

static gchar *
exchange_free (Fixture * f, gchar * req)
{
  gchar *head = exchange (f, req);

  g_free (req);
  return head;
}

/* Sends @req (freed): the answer's status line starts with @status. */
static void
expect_answer (Fixture * f, gchar * req, const gchar * status)
{
  gchar *head = exchange_free (f, req);

  fail_unless (g_str_has_prefix (head, status), "%s", head);
  g_free (head);
}

GST_START_TEST (test_hijack_refused)
{
  Fixture *f = fixture_new (&callbacks);
  gchar *head;

  /* [MS-WMSP] 3.2.5.6: a play for a session that is streaming */
  f->streaming_id = "777";
  expect_answer (f, play_req ("777", "ffff:1:0"), "HTTP/1.0 409 ");
  fail_unless_equals_int (f->n_started, 0);

  /* another id is served (a new session: 777's play is not this one's) */
  head = exchange_free (f, play_req ("778", "ffff:1:0"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless (strstr (head, "xResetStrm=1") != NULL, "%s", head);
  fail_unless_equals_int (f->n_started, 1);
  g_free (head);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_select_stream)
{
  Fixture *f = fixture_new (&callbacks);
  gchar *head;

  /* both forms reach the server with the session, the client's address and
   * the selection; 200, no body */
  f->select_ok = TRUE;
  head = exchange_free (f, select_req ("POST", "777", "ffff:2:0 ffff:1:1 "));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless (strstr (head, "Pragma: client-id=777\r\n") != NULL, "%s", head);
  fail_unless (strstr (head, "Content-Length: 0\r\n") != NULL, "%s", head);
  fail_unless_equals_int (f->n_select, 1);
  fail_unless_equals_string (f->select_id, "777");
  fail_unless_equals_string (f->select_address, "127.0.0.1");
  fail_if (f->select_sel.all);
  fail_unless_equals_int (f->select_sel.thinning[1], WMNET_THINNING_KEY_FRAMES);
  fail_unless_equals_int (f->select_sel.thinning[2], WMNET_THINNING_NONE);
  fail_unless_equals_int (f->select_sel.thinning[10], WMNET_THINNING_ALL);
  g_free (head);

  head = exchange_free (f, select_req ("GET", "777", "ffff:1:0 ffff:2:2"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless_equals_int (f->n_select, 2);
  fail_unless_equals_int (f->select_sel.thinning[1], WMNET_THINNING_NONE);
  fail_unless_equals_int (f->select_sel.thinning[2], WMNET_THINNING_ALL);
  g_free (head);

  /* no such session streaming from that address: 404 */
  f->select_ok = FALSE;
  expect_answer (f, select_req ("POST", "778", "ffff:2:0"), "HTTP/1.0 404 ");
  fail_unless_equals_int (f->n_select, 3);

  /* malformed: 400, the server is not asked */
  expect_answer (f, select_req ("POST", "777", "ffff:2"), "HTTP/1.0 400 ");
  fail_unless_equals_int (f->n_select, 3);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_play_selection)
{
  Fixture *f = fixture_new (&callbacks);
  gchar *head;

  /* FFmpeg names 10 and 11 in decimal: the header has them, not 0x10 */
  head = exchange_free (f, play_req ("1", "ffff:1:0 ffff:2:0 ffff:10:0 "
          "ffff:11:0 "));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless_equals_int (f->n_started, 1);
  fail_if (f->started_sel.all);
  fail_unless_equals_int (f->started_sel.thinning[10], WMNET_THINNING_NONE);
  fail_unless_equals_int (f->started_sel.thinning[11], WMNET_THINNING_NONE);
  fail_unless_equals_int (f->started_sel.thinning[0x10], WMNET_THINNING_ALL);
  g_free (head);

  /* a plain client takes everything */
  head = exchange_free (f, g_strdup ("GET / HTTP/1.0\r\n"
          "User-Agent: curl/7.88.1\r\n\r\n"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless_equals_int (f->n_started, 2);
  fail_unless (f->started_sel.all);
  g_free (head);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_not_offered)
{
  WmnetHttpCallbacks cb = callbacks;
  Fixture *f;

  /* a server without sessions: no hijack check, SelectStream 501 */
  cb.is_streaming = NULL;
  cb.select_streams = NULL;
  f = fixture_new (&cb);
  f->streaming_id = "777";
  expect_answer (f, play_req ("777", "ffff:1:0"), "HTTP/1.0 200 ");
  expect_answer (f, select_req ("POST", "777", "ffff:2:0"), "HTTP/1.0 501 ");
  fixture_free (f);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnethttp, 0,
    WMNET_TEST (test_hijack_refused),
    WMNET_TEST (test_select_stream),
    WMNET_TEST (test_play_selection), WMNET_TEST (test_not_offered));
