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

/* wmnetsink: properties, pads, the port's life cycle, and its HTTP and
 * MS-WMSP answers to raw requests (byte-exact copies of what FFmpeg sends). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem, strcasestr */

#include <gst/check/gstcheck.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wmnettestleaks.h"
#include "wmnettestutils.h"
#include "wmspframing.h"
#include "wmnettestsuite.h"

static const guint8 asf_header_guid[] = { 0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66,
  0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c
};

#define FFMPEG_DESCRIBE WMNET_TEST_FFMPEG_DESCRIBE
#define FFMPEG_PLAY WMNET_TEST_FFMPEG_PLAY

#define CURL_GET \
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n" \
  "Accept: */*\r\n\r\n"

typedef struct
{
  gchar *head;                  /* status line and headers */
  GByteArray *body;
  gboolean closed;              /* the server closed the connection */
} Response;

static void
response_free (Response * r)
{
  g_free (r->head);
  g_byte_array_unref (r->body);
  g_free (r);
}

/* Sends @request and reads the response: at most @body_max body bytes, or
 * until the server closes. */
static Response *
http_exchange (guint port, const gchar * request, gsize body_max,
    guint timeout_ms)
{
  GError *error = NULL;
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, &error);
  Response *r = g_new0 (Response, 1);
  GByteArray *all;
  guint8 *end;
  gsize head_len;

  fail_unless (sock != NULL, "connect: %s", error ? error->message : "?");
  fail_unless (wmnet_test_send_all (sock, request, strlen (request)));
  all = wmnet_test_recv (sock, 64 * 1024 + body_max, timeout_ms);
  end = memmem (all->data, all->len, "\r\n\r\n", 4);
  fail_unless (end != NULL, "no complete response head in %u bytes", all->len);
  head_len = end - all->data + 4;
  r->head = g_strndup ((gchar *) all->data, head_len);
  r->body = g_byte_array_new ();
  g_byte_array_append (r->body, all->data + head_len,
      MIN (all->len - head_len, body_max));
  /* closed when a further read finds the end of the stream */
  if (all->len - head_len <= body_max) {
    GByteArray *more = wmnet_test_recv (sock, 1, 2000);

    r->closed = more->len == 0;
    g_byte_array_unref (more);
  }
  g_byte_array_unref (all);
  g_object_unref (sock);
  return r;
}

static gboolean
head_has (const Response * r, const gchar * line)
{
  gchar *needle = g_strdup_printf ("\r\n%s\r\n", line);
  gboolean ret = strcasestr (r->head, needle) != NULL;

  g_free (needle);
  return ret;
}

GST_START_TEST (test_defaults)
{
  GstElement *s = gst_element_factory_make ("wmnetsink", NULL);
  guint port, max_clients, num_clients, packet_size;
  gint current_port;
  gchar *url, *address;
  gboolean resolve, fast;
  guint64 buffer_time, preroll;
  gint policy;
  GstPad *v, *a;

  fail_unless (s != NULL);
  g_object_get (s, "port", &port, "current-port", &current_port, "host-url",
      &url, "address", &address, "max-clients", &max_clients, "num-clients",
      &num_clients, "resolve-names", &resolve, "fast-start", &fast,
      "client-buffer-time", &buffer_time, "slow-client-policy", &policy,
      "packet-size", &packet_size, "preroll", &preroll, NULL);
  fail_unless_equals_int (port, 8080);
  fail_unless_equals_int (current_port, -1);
  fail_unless (url == NULL);
  fail_unless (address == NULL);
  fail_unless_equals_int (max_clients, 5);
  fail_unless_equals_int (num_clients, 0);
  fail_unless (resolve);
  fail_unless (fast);
  fail_unless_equals_uint64 (buffer_time, 10 * GST_SECOND);
  fail_unless_equals_int (policy, 0);
  fail_unless_equals_int (packet_size, 4096);
  fail_unless_equals_uint64 (preroll, 3000);

  v = gst_element_request_pad_simple (s, "video_%u");
  a = gst_element_request_pad_simple (s, "audio_%u");
  fail_unless (v != NULL && a != NULL);
  fail_unless (g_str_has_prefix (GST_PAD_NAME (v), "video_"));
  fail_unless (g_str_has_prefix (GST_PAD_NAME (a), "audio_"));
  gst_element_release_request_pad (s, v);
  gst_element_release_request_pad (s, a);
  gst_object_unref (v);
  gst_object_unref (a);
  gst_object_unref (s);
}

GST_END_TEST;

static GstStateChangeReturn
to_paused (GstElement * pipeline)
{
  GstStateChangeReturn ret = gst_element_set_state (pipeline,
      GST_STATE_PAUSED);

  if (ret == GST_STATE_CHANGE_ASYNC)
    ret = GST_STATE_CHANGE_SUCCESS;     /* waits for preroll, port is open */
  return ret;
}

GST_START_TEST (test_port_zero_and_release)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *s = gst_element_factory_make ("wmnetsink", "s");
  GstStructure *msg;
  gint port;
  guint msg_port;
  gchar *url, *want;
  GSocket *probe;

  g_object_set (s, "port", 0, "address", "127.0.0.1", NULL);
  gst_bin_add (GST_BIN (pipeline), s);
  fail_unless_equals_int (to_paused (pipeline), GST_STATE_CHANGE_SUCCESS);

  g_object_get (s, "current-port", &port, "host-url", &url, NULL);
  fail_unless (port > 0);
  want = g_strdup_printf ("http://127.0.0.1:%d/", port);
  fail_unless_equals_string (url, want);
  msg = wmnet_test_pop_element_message (pipeline, "wmnetsink-listening", 5000);
  fail_unless (msg != NULL);
  fail_unless (gst_structure_get_uint (msg, "port", &msg_port));
  fail_unless_equals_int (msg_port, port);
  fail_unless_equals_string (gst_structure_get_string (msg, "host-url"), want);
  gst_structure_free (msg);
  g_free (url);
  g_free (want);

  /* PAUSED->READY releases the port (IWMWriterNetworkSink::Close) */
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_READY),
      GST_STATE_CHANGE_SUCCESS);
  g_object_get (s, "current-port", &msg_port, "host-url", &url, NULL);
  fail_unless_equals_int ((gint) msg_port, -1);
  fail_unless (url == NULL);
  probe = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (probe == NULL, "port %d still accepts connections", port);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_port_in_use)
{
  GSocket *busy = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *sa = g_inet_socket_address_new (lo, 0), *bound;
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *s = gst_element_factory_make ("wmnetsink", "s");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  gchar *port_str;
  guint port;
  gint current;

  fail_unless (g_socket_bind (busy, sa, FALSE, NULL));
  fail_unless (g_socket_listen (busy, NULL));
  bound = g_socket_get_local_address (busy, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  g_object_set (s, "port", port, "address", "127.0.0.1", NULL);
  gst_bin_add (GST_BIN (pipeline), s);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error message");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_OPEN_READ_WRITE), "%s", err->message);
  port_str = g_strdup_printf ("%u", port);
  fail_unless (strstr (err->message, port_str) != NULL,
      "error does not name the port: %s", err->message);
  fail_unless (strstr (err->message, "127.0.0.1") != NULL,
      "error does not name the address: %s", err->message);
  g_object_get (s, "current-port", &current, NULL);
  fail_unless_equals_int (current, -1);

  g_free (port_str);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_object_unref (bound);
  g_object_unref (sa);
  g_object_unref (lo);
  g_object_unref (busy);
}

GST_END_TEST;

/* The one warning caught since the last call is @expected (a prefix). */
static void
assert_warned (GPtrArray * caught, const gchar * expected)
{
  fail_unless_equals_int (caught->len, 1);
  fail_unless (g_str_has_prefix (g_ptr_array_index (caught, 0), expected),
      "warning '%s', expected '%s...'", (gchar *) g_ptr_array_index (caught,
          0), expected);
  g_ptr_array_set_size (caught, 0);
}

/* Emits @signal on @s with the arguments given: it returns FALSE and
 * warns @warning. */
#define assert_refused(s, caught, warning, ...) G_STMT_START {          \
  gboolean ok_ = TRUE;                                                  \
                                                                        \
  g_signal_emit_by_name ((s), __VA_ARGS__, &ok_);                       \
  fail_if (ok_, "%s", (warning));                                       \
  assert_warned ((caught), (warning));                                  \
} G_STMT_END

/* Emits @signal on @s with the arguments given: it returns TRUE. */
#define assert_accepted(s, ...) G_STMT_START {                          \
  gboolean ok_ = FALSE;                                                 \
                                                                        \
  g_signal_emit_by_name ((s), __VA_ARGS__, &ok_);                       \
  fail_unless (ok_);                                                    \
} G_STMT_END

/* Every action signal that refuses its arguments returns FALSE with a
 * g_warning naming the element the application made, the signal and the
 * argument (docs/wmnetsink.md, Action signals), on wmnetsink and on
 * wmnetserversink alone; never a crash, nothing changed. */
GST_START_TEST (test_signal_refusals_warn)
{
  const gchar *factories[] = { "wmnetsink", "wmnetserversink" };
  guint f;

  for (f = 0; f < G_N_ELEMENTS (factories); f++) {
    GstElement *s = gst_element_factory_make (factories[f], "app-sink");
    GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
    GstCheckLogFilter *filter = wmnet_test_catch_warnings (".*", caught);
    GValue v = G_VALUE_INIT;

    assert_refused (s, caught,
        "app-sink: add-access-entry refused: 7 is not a "
        "GstWmnetAccessType (0x69 include, 0x65 exclude)", "add-access-entry",
        7, "10.0.0.0/8");
    assert_refused (s, caught,
        "app-sink: add-access-entry refused: Invalid "
        "access entry '10.0.0.0/33': prefix length 33 is out of range",
        "add-access-entry", 0x69, "10.0.0.0/33");
    assert_refused (s, caught,
        "app-sink: add-access-entry refused: Invalid "
        "access entry '(null)': empty", "add-access-entry", 0x69, NULL);
    assert_refused (s, caught,
        "app-sink: remove-access-entry refused: 7 is not "
        "a GstWmnetAccessType", "remove-access-entry", 7, 0);
    assert_refused (s, caught,
        "app-sink: remove-access-entry refused: No entry "
        "3 in the exclude list: it has 0 entries", "remove-access-entry", 0x65,
        3);
    assert_refused (s, caught, "app-sink: add-user refused: Invalid user 'a:b'",
        "add-user", "a:b", "pw");
    assert_refused (s, caught,
        "app-sink: remove-user refused: no user "
        "'nobody' was added with add-user", "remove-user", "nobody");

    if (f == 0) {
      /* wmnetsink's own: wmasfmux's send-script, which needs PAUSED */
      assert_refused (s, caught,
          "app-sink: send-script refused (type '', "
          "command 'x'): it takes a non-empty UTF-8 type", "send-script", "",
          "x");
      assert_refused (s, caught,
          "app-sink: send-script refused (type 'TEXT', command 'hi')",
          "send-script", "TEXT", "hi");
    }

    /* what succeeds says nothing */
    assert_accepted (s, "add-access-entry", 0x69, "10.0.0.0/8");
    assert_accepted (s, "add-user", "carol", "pw");
    assert_accepted (s, "remove-user", "carol");
    fail_unless_equals_int (caught->len, 0);
    gst_check_remove_log_filter (filter);

    /* the refusals changed nothing */
    g_value_init (&v, GST_TYPE_ARRAY);
    g_object_get_property (G_OBJECT (s), "access-include", &v);
    fail_unless_equals_int (gst_value_array_get_size (&v), 1);
    g_value_unset (&v);
    g_ptr_array_unref (caught);
    gst_object_unref (s);
  }
}

GST_END_TEST;

/* The first warning message on @p's bus within 5 s: its source and text. */
static GstObject *
pop_warning (GstElement * p, GError ** err)
{
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
      GST_MESSAGE_WARNING);
  GstObject *src;

  gst_object_unref (bus);
  fail_unless (msg != NULL, "no warning message on the bus");
  gst_message_parse_warning (msg, err, NULL);
  src = gst_object_ref (GST_MESSAGE_SRC (msg));
  gst_message_unref (msg);
  return src;
}

/* A refused access-include, access-exclude or trusted-proxies value gives a
 * warning message on the bus from the element the application made (not
 * wmnetsink's internal `serversink`), naming the property and the entry:
 * when serving starts for a value set before (gst-launch sets properties
 * before the element has a bus), at once for one set while serving. */
GST_START_TEST (test_config_refusal_on_bus)
{
  const gchar *factories[] = { "wmnetsink", "wmnetserversink" };
  guint f;

  for (f = 0; f < G_N_ELEMENTS (factories); f++) {
    GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
    GstCheckLogFilter *filter = wmnet_test_catch_warnings (".*", caught);
    gchar *desc = g_strdup_printf ("%s name=w port=0 address=127.0.0.1 "
        "access-include=\"<\\\"127.0.0.2\\\", \\\"bogus-entry\\\", "
        "\\\"10.0.0.0/8\\\">\"", factories[f]);
    /* as gst-launch does: the properties first, then into the pipeline */
    GstElement *w = gst_parse_launch (desc, NULL);
    GstElement *p = gst_pipeline_new (NULL);
    GstObject *src;
    GError *err = NULL;
    GValue v = G_VALUE_INIT;

    fail_unless (w != NULL, "%s", desc);
    gst_bin_add (GST_BIN (p), gst_object_ref (w));
    assert_warned (caught, "w: access-include: Invalid access entry "
        "'bogus-entry'");
    fail_unless (gst_element_set_state (p, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    src = pop_warning (p, &err);
    fail_unless (src == GST_OBJECT (w), "warning from %s, not from w",
        GST_OBJECT_NAME (src));
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_SETTINGS), "%s", err->message);
    fail_unless (strstr (err->message, "access-include") != NULL
        && strstr (err->message, "'bogus-entry'") != NULL
        && strstr (err->message, "access-config") != NULL, "%s", err->message);
    g_clear_error (&err);
    gst_object_unref (src);

    /* while serving: at once */
    g_value_init (&v, GST_TYPE_ARRAY);
    fail_unless (gst_value_deserialize (&v,
            "<\"127.0.0.1\", \"10.0.0.0/33\">"));
    g_object_set_property (G_OBJECT (w), "trusted-proxies", &v);
    g_value_unset (&v);
    assert_warned (caught, "w: trusted-proxies: Invalid access entry "
        "'10.0.0.0/33'");
    src = pop_warning (p, &err);
    fail_unless (src == GST_OBJECT (w), "warning from %s, not from w",
        GST_OBJECT_NAME (src));
    fail_unless (strstr (err->message, "trusted-proxies") != NULL
        && strstr (err->message, "'10.0.0.0/33'") != NULL, "%s", err->message);
    g_clear_error (&err);
    gst_object_unref (src);

    gst_check_remove_log_filter (filter);
    fail_unless (gst_element_set_state (p, GST_STATE_NULL) ==
        GST_STATE_CHANGE_SUCCESS);
    gst_object_unref (w);
    gst_object_unref (p);
    g_ptr_array_unref (caught);
    g_free (desc);
  }
}

GST_END_TEST;

/* The tests that stream run once per source: 0 replays recorded media, 1
 * encodes live with avenc_wmv2/avenc_wmav2. The valgrind run has only the
 * first, as it must not load libav (see wmnet_test_no_libav()). */
#define N_SOURCES (wmnet_test_no_libav () ? 1 : 2)

static GstElement *
start_live (gint source, guint * port)
{
  GstElement *p = source == 0 ?
      wmnet_test_start_recorded ("max-clients=0", port) :
      wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST ("max-clients=0"),
      port);

  /* the header and a key packet are there */
  fail_unless (wmnet_test_wait_key_packet (p, 10000), "no key packet");
  return p;
}

GST_START_TEST (test_describe)
{
  guint port;
  GstElement *p = start_live (__i__, &port);
  Response *r = http_exchange (port, FFMPEG_DESCRIBE, 65536, 5000);
  gchar *cl;
  WmspChunk chunk;

  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 200"), "%s", r->head);
  fail_unless (head_has (r, "Content-Type: application/vnd.ms.wms-hdr.asfv1"),
      "%s", r->head);
  fail_unless (head_has (r, "Server: Rex/9.0.0.2980"), "%s", r->head);
  fail_unless (head_has (r, "Pragma: features=\"broadcast\""), "%s", r->head);
  fail_unless (strcasestr (r->head, "Transfer-Encoding") == NULL);
  cl = g_strdup_printf ("Content-Length: %u", r->body->len);
  fail_unless (head_has (r, cl), "%s (body %u)", r->head, r->body->len);
  fail_unless (r->closed, "describe connection stays open");

  /* the body is one $H chunk: the header object + 50-byte data object */
  fail_unless_equals_int (wmsp_parse_chunk (r->body->data, r->body->len,
          &chunk), WMSP_DATA_FRAME_SIZE);
  fail_unless_equals_int (chunk.type, WMSP_CHUNK_HEADER);
  fail_unless_equals_int (chunk.afflags, 0x0c);
  fail_unless_equals_int (chunk.payload_len + WMSP_DATA_FRAME_SIZE,
      r->body->len);
  fail_unless (memcmp (r->body->data + 12, asf_header_guid, 16) == 0);
  /* a describe is not a client */
  fail_unless_equals_int (wmnet_test_num_clients (p), 0);

  g_free (cl);
  response_free (r);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_play_framing)
{
  guint port, i, n_data = 0;
  GstElement *p = start_live (__i__, &port);
  Response *r = http_exchange (port, FFMPEG_PLAY, 200 * 1024, 5000);
  gsize off = 0;
  guint32 last_loc = 0;
  guint packet_size = 0;

  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 200"), "%s", r->head);
  fail_unless (head_has (r, "Content-Type: application/x-mms-framed"), "%s",
      r->head);
  fail_unless (strcasestr (r->head, "Content-Length") == NULL, "%s", r->head);
  fail_unless (strcasestr (r->head, "Transfer-Encoding") == NULL);

  for (i = 0; off < r->body->len; i++) {
    WmspChunk c;
    gssize fl = wmsp_parse_chunk (r->body->data + off, r->body->len - off, &c);

    if (fl == 0)
      break;
    fail_unless (fl > 0, "bad chunk at %" G_GSIZE_FORMAT, off);
    if (i == 0) {
      fail_unless_equals_int (c.type, WMSP_CHUNK_HEADER);
      fail_unless (memcmp (r->body->data + off + fl, asf_header_guid, 16) == 0);
    } else {
      fail_unless_equals_int (c.type, WMSP_CHUNK_DATA);
      fail_unless_equals_int (c.afflags, 0);
      /* whole fixed-size packets, padding intact */
      if (packet_size == 0)
        packet_size = c.payload_len;
      fail_unless_equals_int (c.payload_len, packet_size);
      if (n_data > 0)
        fail_unless_equals_int (c.location_id, last_loc + 1);
      last_loc = c.location_id;
      n_data++;
    }
    off += fl + c.payload_len;
  }
  fail_unless_equals_int (packet_size, 4096);
  fail_unless (n_data >= 10, "only %u $D chunks", n_data);

  response_free (r);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_plain_http)
{
  guint port;
  GstElement *p = start_live (__i__, &port);
  Response *r = http_exchange (port, CURL_GET, 64 * 1024, 5000);

  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 200"), "%s", r->head);
  fail_unless (head_has (r, "Content-Type: video/x-ms-asf"), "%s", r->head);
  fail_unless (r->body->len >= 16 + 4096);
  /* unframed: the ASF header object first */
  fail_unless (memcmp (r->body->data, asf_header_guid, 16) == 0);
  response_free (r);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_head_and_methods)
{
  guint port;
  GstElement *p = start_live (__i__, &port);
  Response *r;

  r = http_exchange (port, "HEAD / HTTP/1.0\r\nUser-Agent: curl/7.88.1\r\n\r\n",
      4096, 3000);
  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 200"), "%s", r->head);
  fail_unless (head_has (r, "Content-Type: video/x-ms-asf"), "%s", r->head);
  fail_unless_equals_int (r->body->len, 0);
  fail_unless (r->closed);
  response_free (r);

  r = http_exchange (port, "POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
      4096, 3000);
  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 405"), "%s", r->head);
  fail_unless (head_has (r, "Allow: GET, HEAD, POST"), "%s", r->head);
  response_free (r);

  /* the stream is live: no 206 whatever the Range */
  r = http_exchange (port, "GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=100-200"
      "\r\nUser-Agent: NSPlayer/4.1\r\n\r\n", 65536, 3000);
  fail_unless (g_str_has_prefix (r->head, "HTTP/1.0 200"), "%s", r->head);
  response_free (r);

  r = http_exchange (port, "\x16\x03\x01garbage\r\n\r\n", 4096, 3000);
  fail_unless (g_str_has_prefix (r->head, "HTTP/1.1 400")
      || g_str_has_prefix (r->head, "HTTP/1.0 400"), "%s", r->head);
  response_free (r);

  fail_unless_equals_int (wmnet_test_num_clients (p), 0);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data) != 0;
}

#define SMALL_LIVE \
  "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=25/1 ! " \
  "avenc_wmv2 gop-size=5 ! queue ! wmnetsink name=s port=0 address=127.0.0.1 " \
  "max-clients=0"

static GstElement *
start_small (gint source, guint * port)
{
  return source == 0 ? wmnet_test_start_recorded ("max-clients=0", port) :
      wmnet_test_start_pipeline (SMALL_LIVE, port);
}

static void
state_cycle (gint source)
{
  guint port;
  GstElement *p = start_small (source, &port);
  GSocket *play = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GSocket *describe = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

  fail_unless (play != NULL && describe != NULL);
  fail_unless (wmnet_test_send_all (play, FFMPEG_PLAY, strlen (FFMPEG_PLAY)));
  fail_unless (wmnet_test_send_all (describe, FFMPEG_DESCRIBE,
          strlen (FFMPEG_DESCRIBE)));
  fail_unless (wmnet_test_wait_num_clients (p, 1, 10000));
  /* NULL with a client streaming and a describe waiting or done */
  wmnet_test_stop_pipeline (p);
  g_object_unref (play);
  g_object_unref (describe);
}

/* IWMWriterNetworkSink Open/Close over and over, clients connected:
 * nothing (sockets, threads) may be left behind. */
GST_START_TEST (test_state_cycles)
{
  const gchar *env = g_getenv ("WMNET_TEST_CYCLES");
  guint i, cycles = env ? atoi (env) : 100;
  guint fds, threads, settled;
  gchar *before, *after, *names_before, *names_after;
  gint max_unused;

  /* A GLib pool thread outlives its task: it waits 1/2 s for another,
   * then GLib keeps up to g_thread_pool_get_max_unused_threads () (2)
   * idle for g_thread_pool_get_max_idle_time () (15 s). Streaming
   * threads (GstTaskPool), the resolver's (GTask) and the sink's
   * dispatcher and auth pools are such threads, so a count taken at once
   * finds a varying number of them: both counts are taken once only the
   * lasting threads are left. */
  max_unused = wmnet_test_settle_threads_begin ();
  /* the first cycle loads plugins and starts GLib's worker thread */
  state_cycle (__i__);
  fds = wmnet_test_count_entries ("/proc/self/fd");
  before = wmnet_test_fd_targets ();
  threads = wmnet_test_settled_threads ();
  names_before = wmnet_test_thread_names ();
  for (i = 0; i < cycles; i++)
    state_cycle (__i__);
  /* a leak stays, one per cycle; a resolver thread reading /etc/hosts
   * holds a descriptor for a moment, and may have held one (or a
   * connection still closing) when the first count was taken: fewer
   * descriptors at the end is no leak */
  wmnet_test_wait_fds_at_most (fds, 3000);
  after = wmnet_test_fd_targets ();
  fail_unless (wmnet_test_count_entries ("/proc/self/fd") <= fds,
      "%u descriptors after %u cycles, %u before (before:%s; after:%s)",
      wmnet_test_count_entries ("/proc/self/fd"), cycles, fds, before, after);
  g_free (before);
  g_free (after);
  settled = wmnet_test_settled_threads ();
  names_after = wmnet_test_thread_names ();
  fail_unless (settled <= threads,
      "%u threads after %u cycles, %u before (before:%s; after:%s)",
      settled, cycles, threads, names_before, names_after);
  g_free (names_before);
  g_free (names_after);
  g_thread_pool_set_max_unused_threads (max_unused);
}

GST_END_TEST;

/* Connections that end at every awkward moment: the table empties. */
GST_START_TEST (test_churn)
{
  const gchar *env = g_getenv ("WMNET_TEST_CHURN");
  guint i, n = env ? atoi (env) : 300, port;
  GstElement *p = start_small (__i__, &port);
  GstStructure *msg;
  guint connected = 0, disconnected = 0;

  /* a header and a key packet to serve */
  fail_unless (wmnet_test_wait_key_packet (p, 10000), "no key packet");
  for (i = 0; i < n; i++) {
    GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
    GByteArray *got;

    fail_unless (sock != NULL);
    switch (i % 5) {
      case 0:                  /* right after connect */
        break;
      case 1:                  /* half a request */
        wmnet_test_send_all (sock, FFMPEG_PLAY, 40);
        break;
      case 2:                  /* during a describe */
        wmnet_test_send_all (sock, FFMPEG_DESCRIBE, strlen (FFMPEG_DESCRIBE));
        break;
      case 3:                  /* during the header */
        wmnet_test_send_all (sock, FFMPEG_PLAY, strlen (FFMPEG_PLAY));
        got = wmnet_test_recv (sock, 300, 2000);
        g_byte_array_unref (got);
        break;
      case 4:                  /* reset mid-stream */
        wmnet_test_send_all (sock, FFMPEG_PLAY, strlen (FFMPEG_PLAY));
        got = wmnet_test_recv (sock, 8000, 2000);
        g_byte_array_unref (got);
        {
          struct linger lg = { 1, 0 };
          setsockopt (g_socket_get_fd (sock), SOL_SOCKET, SO_LINGER, &lg,
              sizeof (lg));
        }
        break;
    }
    g_object_unref (sock);
  }
  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000), "%u clients left",
      wmnet_test_num_clients (p));
  while ((msg = wmnet_test_pop_element_message (p, "wmnetsink-client-", 500))) {
    if (gst_structure_has_name (msg, "wmnetsink-client-connected"))
      connected++;
    else if (gst_structure_has_name (msg, "wmnetsink-client-disconnected"))
      disconnected++;
    gst_structure_free (msg);
  }
  fail_unless (connected > 0);
  fail_unless_equals_int (connected, disconnected);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* A play client that never reads, with a receive buffer too small for
 * what is broadcast: the EOS drain has to wait for it. */
static GSocket *
connect_never_reading (guint port)
{
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *sa = g_inet_socket_address_new (lo, port);

  /* before connect, so the advertised window is small from the start */
  fail_unless (g_socket_set_option (sock, SOL_SOCKET, SO_RCVBUF, 1024, NULL));
  fail_unless (g_socket_connect (sock, sa, NULL, NULL));
  fail_unless (wmnet_test_send_all (sock, FFMPEG_PLAY, strlen (FFMPEG_PLAY)));
  g_object_unref (sa);
  g_object_unref (lo);
  return sock;
}

static GstPadProbeReturn
note_eos (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    g_atomic_int_set ((gint *) user_data, TRUE);
  return GST_PAD_PROBE_OK;
}

/* The stats of the wmnetsink @data count a client whose socket is full. */
static gboolean
has_backlogged (gpointer data)
{
  GstStructure *stats;
  guint n = 0;

  g_object_get (data, "stats", &stats, NULL);
  gst_structure_get_uint (stats, "clients-backlogged", &n);
  gst_structure_free (stats);
  return n > 0;
}

/* Each setting is kept once, by the server, with one default (docs/design.md
 * D67): wmnetserversink's properties of the same names are the server's,
 * so a fresh server has their types, defaults and bounds. */
GST_START_TEST (test_settings_once)
{
  const gchar *names[] = { "max-clients", "resolve-names", "fast-start",
    "client-buffer-time", "slow-client-policy", "coalesce-time",
    "stats-interval"
  };
  GstElement *sink = gst_element_factory_make ("wmnetserversink", NULL);
  GObjectClass *server_class;
  GType server_type;
  guint i;

  /* the plugin's server, by name: this binary's own copy is not the one
   * the element runs */
  fail_unless (sink != NULL);
  server_type = g_type_from_name ("WmnetServer");
  fail_unless (server_type != 0);
  server_class = g_type_class_ref (server_type);
  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    GParamSpec *a = g_object_class_find_property (server_class, names[i]);
    GParamSpec *b = g_object_class_find_property (G_OBJECT_GET_CLASS (sink),
        names[i]);

    fail_unless (a != NULL, "the server keeps no %s", names[i]);
    fail_unless (b != NULL);
    fail_unless (a->value_type == b->value_type, "%s", names[i]);
    fail_unless_equals_int (g_param_values_cmp (a,
            g_param_spec_get_default_value (a),
            g_param_spec_get_default_value (b)), 0);
    if (G_IS_PARAM_SPEC_UINT64 (a)) {
      fail_unless_equals_uint64 (G_PARAM_SPEC_UINT64 (a)->minimum,
          G_PARAM_SPEC_UINT64 (b)->minimum);
      fail_unless_equals_uint64 (G_PARAM_SPEC_UINT64 (a)->maximum,
          G_PARAM_SPEC_UINT64 (b)->maximum);
    } else if (G_IS_PARAM_SPEC_UINT (a)) {
      fail_unless_equals_int (G_PARAM_SPEC_UINT (a)->maximum,
          G_PARAM_SPEC_UINT (b)->maximum);
    }
  }
  gst_object_unref (sink);
  g_type_class_unref (server_class);
}

GST_END_TEST;

/* client-added and client-removed, as multisocketsink's: on wmnetsink and
 * its server sink, with the client's id and address (and the reason),
 * from the dispatch thread, where a handler may call back into the
 * element; get-client-info-by-id finds the client by that id. */
typedef struct
{
  GMutex lock;
  GCond cond;
  guint64 added_id, removed_id;
  gchar *added_address, *removed_address, *reason;
  guint n_added, n_removed, n_inner_added, n_inner_removed;
  gboolean on_main_thread;
  GstStructure *info;           /* get-client-info-by-id in the handler */
} ClientEvents;

static void
on_client_added (GstElement * s, guint64 id, const gchar * address,
    ClientEvents * ev)
{
  GstStructure *info = NULL;

  g_signal_emit_by_name (s, "get-client-info-by-id", id, &info);
  g_mutex_lock (&ev->lock);
  ev->added_id = id;
  g_free (ev->added_address);
  ev->added_address = g_strdup (address);
  ev->on_main_thread |= g_main_context_is_owner (g_main_context_default ());
  if (ev->info)
    gst_structure_free (ev->info);
  ev->info = info;
  ev->n_added++;
  g_cond_broadcast (&ev->cond);
  g_mutex_unlock (&ev->lock);
}

static void
on_client_removed (GstElement * s, guint64 id, const gchar * address,
    const gchar * reason, ClientEvents * ev)
{
  g_mutex_lock (&ev->lock);
  ev->removed_id = id;
  g_free (ev->removed_address);
  ev->removed_address = g_strdup (address);
  g_free (ev->reason);
  ev->reason = g_strdup (reason);
  ev->n_removed++;
  g_cond_broadcast (&ev->cond);
  g_mutex_unlock (&ev->lock);
}

static void
count_event (ClientEvents * ev, guint * count)
{
  g_mutex_lock (&ev->lock);
  (*count)++;
  g_cond_broadcast (&ev->cond);
  g_mutex_unlock (&ev->lock);
}

static void
on_inner_added (GstElement * s, guint64 id, const gchar * address,
    ClientEvents * ev)
{
  count_event (ev, &ev->n_inner_added);
}

static void
on_inner_removed (GstElement * s, guint64 id, const gchar * address,
    const gchar * reason, ClientEvents * ev)
{
  count_event (ev, &ev->n_inner_removed);
}

/* Waits, bounded, until *@count is at least @n. */
static gboolean
wait_count (ClientEvents * ev, guint * count, guint n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  gboolean ok = TRUE;

  g_mutex_lock (&ev->lock);
  while (*count < n && ok)
    ok = g_cond_wait_until (&ev->cond, &ev->lock, end);
  ok = *count >= n;
  g_mutex_unlock (&ev->lock);
  return ok;
}

GST_START_TEST (test_client_signals)
{
  guint port;
  GstElement *p = start_live (0, &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  GstElement *inner = gst_bin_get_by_name (GST_BIN (s), "serversink");
  ClientEvents ev = { 0, };
  GError *error = NULL;
  GSocket *sock;
  GByteArray *got;
  GstStructure *info = NULL, *by_index = NULL;
  guint64 id = 0, listed = 0;
  gboolean kicked = FALSE;

  g_mutex_init (&ev.lock);
  g_cond_init (&ev.cond);
  fail_unless (inner != NULL);
  g_signal_connect (s, "client-added", G_CALLBACK (on_client_added), &ev);
  g_signal_connect (s, "client-removed", G_CALLBACK (on_client_removed), &ev);
  g_signal_connect (inner, "client-added", G_CALLBACK (on_inner_added), &ev);
  g_signal_connect (inner, "client-removed", G_CALLBACK (on_inner_removed),
      &ev);

  sock = wmnet_test_connect ("127.0.0.1", port, NULL, &error);
  fail_unless (sock != NULL, "connect: %s", error ? error->message : "?");
  fail_unless (wmnet_test_send_all (sock, FFMPEG_PLAY, strlen (FFMPEG_PLAY)));
  got = wmnet_test_recv (sock, 1024, 5000);
  fail_unless (got->len > 0);
  g_byte_array_unref (got);
  fail_unless (wait_count (&ev, &ev.n_added, 1), "no client-added");
  /* the server sink's own handlers run after wmnetsink's re-emission */
  fail_unless (wait_count (&ev, &ev.n_inner_added, 1), "no inner signal");

  /* the id the table and the messages use, its address */
  g_signal_emit_by_name (s, "get-client-info", 0, &by_index);
  fail_unless (by_index != NULL);
  fail_unless (gst_structure_get_uint64 (by_index, "id", &listed));
  g_mutex_lock (&ev.lock);
  id = ev.added_id;
  fail_unless_equals_uint64 (id, listed);
  fail_unless_equals_string (ev.added_address, "127.0.0.1");
  fail_if (ev.on_main_thread);
  /* called back from the handler */
  fail_unless (ev.info != NULL);
  fail_unless (gst_structure_get_uint64 (ev.info, "id", &listed));
  fail_unless_equals_uint64 (listed, id);
  fail_unless_equals_int (ev.n_inner_added, 1);
  g_mutex_unlock (&ev.lock);

  g_signal_emit_by_name (s, "get-client-info-by-id", id, &info);
  fail_unless (info != NULL);
  fail_unless (gst_structure_get_uint64 (info, "id", &listed));
  fail_unless_equals_uint64 (listed, id);
  fail_unless_equals_string (gst_structure_get_string (info, "address"),
      "127.0.0.1");
  gst_structure_free (info);
  info = NULL;
  g_signal_emit_by_name (s, "get-client-info-by-id", id + 1000, &info);
  fail_unless (info == NULL);

  g_signal_emit_by_name (s, "disconnect-client", id, &kicked);
  fail_unless (kicked);
  fail_unless (wait_count (&ev, &ev.n_removed, 1), "no client-removed");
  fail_unless (wait_count (&ev, &ev.n_inner_removed, 1), "no inner signal");
  g_mutex_lock (&ev.lock);
  fail_unless_equals_uint64 (ev.removed_id, id);
  fail_unless_equals_string (ev.removed_address, "127.0.0.1");
  fail_unless_equals_string (ev.reason, "kicked");
  fail_unless_equals_int (ev.n_added, 1);
  fail_unless_equals_int (ev.n_inner_removed, 1);
  g_mutex_unlock (&ev.lock);
  g_signal_emit_by_name (s, "get-client-info-by-id", id, &info);
  fail_unless (info == NULL);

  g_object_unref (sock);
  gst_structure_free (by_index);
  wmnet_test_stop_pipeline (p);
  gst_object_unref (inner);
  gst_object_unref (s);
  gst_structure_free (ev.info);
  g_free (ev.added_address);
  g_free (ev.removed_address);
  g_free (ev.reason);
  g_mutex_clear (&ev.lock);
  g_cond_clear (&ev.cond);
}

GST_END_TEST;

/* gst-inspect-1.0's plugin lines: the description names the source side
 * too, and the origin is meson's package-origin, not GStreamer's
 * "Unknown package origin". */
GST_START_TEST (test_plugin_metadata)
{
  GstPlugin *plugin = gst_registry_find_plugin (gst_registry_get (), "wmnet");

  fail_unless (plugin != NULL);
  fail_unless (strstr (gst_plugin_get_description (plugin), "source") !=
      NULL, "%s", gst_plugin_get_description (plugin));
  fail_unless (strstr (gst_plugin_get_description (plugin), "push") != NULL);
  fail_unless (strstr (gst_plugin_get_origin (plugin), "Unknown") == NULL,
      "%s", gst_plugin_get_origin (plugin));
  fail_if (gst_plugin_get_origin (plugin)[0] == '\0');
  gst_object_unref (plugin);
}

GST_END_TEST;

/* stats-interval: 0 (off) or whole ms from 1 ms to what a GLib timeout
 * holds (G_MAXUINT ms): the range says so, below 1 ms and above the
 * maximum are refused with a warning and the value stays. */
GST_START_TEST (test_stats_interval_range)
{
  GstElement *s = gst_element_factory_make ("wmnetsink", NULL);
  GParamSpecUInt64 *p = G_PARAM_SPEC_UINT64 (g_object_class_find_property
      (G_OBJECT_GET_CLASS (s), "stats-interval"));
  guint64 v;

  fail_unless_equals_uint64 (p->minimum, 0);
  fail_unless_equals_uint64 (p->maximum, (guint64) G_MAXUINT * GST_MSECOND);
  fail_unless_equals_uint64 (p->default_value, 0);

  g_object_set (s, "stats-interval", GST_MSECOND, NULL);
  ASSERT_WARNING (g_object_set (s, "stats-interval", (guint64) 1, NULL));
  ASSERT_WARNING (g_object_set (s, "stats-interval", GST_MSECOND - 1, NULL));
  ASSERT_WARNING (g_object_set (s, "stats-interval",
          (guint64) G_MAXUINT * GST_MSECOND + 1, NULL));
  g_object_get (s, "stats-interval", &v, NULL);
  fail_unless_equals_uint64 (v, GST_MSECOND);
  g_object_set (s, "stats-interval", (guint64) 0, NULL);
  g_object_get (s, "stats-interval", &v, NULL);
  fail_unless_equals_uint64 (v, 0);
  gst_object_unref (s);
}

GST_END_TEST;

/* EOS waits up to 5 s for the clients to take it; a state change to NULL
 * (variant 0) or a flush (variant 1) during that wait must end it at
 * once, not stall. */
GST_START_TEST (test_unlock_during_eos_drain)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("max-clients=0", &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  GstElement *packet_sink = gst_bin_get_by_name (GST_BIN (s), "serversink");
  GstPad *pad = gst_element_get_static_pad (packet_sink, "sink");
  GSocket *client = connect_never_reading (port), *reader;
  GstStructure *left;
  GByteArray *got;
  gint eos = FALSE;
  gint64 t;

  fail_unless (wmnet_test_wait_num_clients (p, 1, 10000));
  /* more than the client's socket buffers take: the server holds the rest */
  fail_unless (wmnet_test_wait_until (has_backlogged, s, 10000),
      "the client's socket never filled");
  /* a client that reads everything, whose end shows the EOS went through
   * the server */
  reader = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (reader != NULL);
  fail_unless (wmnet_test_send_all (reader, FFMPEG_PLAY, strlen (FFMPEG_PLAY)));
  fail_unless (wmnet_test_wait_num_clients (p, 2, 10000));
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, note_eos,
      &eos, NULL);
  fail_unless (gst_element_send_event (p, gst_event_new_eos ()));
  fail_unless (wmnet_test_wait_until (flag_set, &eos, 10000),
      "EOS did not reach the packet sink");
  /* into the drain, which the client holds up: the reader got the end of
   * the stream and left, the other cannot take it */
  got = wmnet_test_recv (reader, 256 * 1024 * 1024, 10000);
  g_byte_array_unref (got);
  left = wmnet_test_pop_element_message (p, "wmnetsink-client-disconnected",
      10000);
  fail_unless (left != NULL, "the reader did not leave");
  fail_unless_equals_string (gst_structure_get_string (left, "reason"), "eos");
  gst_structure_free (left);
  fail_unless_equals_int (wmnet_test_num_clients (p), 1);

  t = g_get_monotonic_time ();
  if (__i__ == 0) {
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
  } else {
    fail_unless (gst_pad_send_event (pad, gst_event_new_flush_start ()));
    /* serialized: waits for the EOS handler to return */
    fail_unless (gst_pad_send_event (pad, gst_event_new_flush_stop (TRUE)));
  }
  t = g_get_monotonic_time () - t;
  fail_unless (t < 2 * G_USEC_PER_SEC, "%s took %" G_GINT64_FORMAT " ms "
      "during the EOS drain", __i__ == 0 ? "NULL" : "a flush", t / 1000);

  gst_object_unref (pad);
  gst_object_unref (packet_sink);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
  g_object_unref (client);
  g_object_unref (reader);
}

GST_END_TEST;

/* The valgrind run: nothing loaded libav (nor libhwy), neither a test nor
 * the registry scan, which gst-plugin-scanner does in a child process. */
/* The request pads forward wmasfmux's pad property mutual-exclusion-group
 * to the muxer pad they feed, and to the archive muxer's; gst-launch sets
 * it on a pad requested later through GstChildProxy, and the bin's own
 * children (`mux::...`) still resolve (docs/design.md, D37). */
static guint
pad_group (GstElement * element, const gchar * pad_name)
{
  GstPad *pad = gst_element_get_static_pad (element, pad_name);
  guint group;

  fail_unless (pad != NULL, "%s has no pad %s", GST_OBJECT_NAME (element),
      pad_name);
  g_object_get (pad, "mutual-exclusion-group", &group, NULL);
  gst_object_unref (pad);
  return group;
}

GST_START_TEST (test_mutual_exclusion_group_forwarded)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *desc = g_strdup_printf ("wmnetsink name=s port=0 "
      "archive-location=%s/archive.asf "
      "video_0::mutual-exclusion-group=1 video_1::mutual-exclusion-group=1 "
      "fakesrc ! s.video_0  fakesrc ! s.video_1  fakesrc ! s.audio_0", dir);
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &err);
  GstElement *sink, *mux, *archive;
  GstPad *pad;
  guint64 preroll;
  guint group, n_elements;
  GObject *child;

  fail_unless (pipeline != NULL && err == NULL, "%s", err ? err->message : "");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  mux = gst_bin_get_by_name (GST_BIN (sink), "mux");
  archive = gst_bin_get_by_name (GST_BIN (sink), "archive-mux");
  fail_unless (mux != NULL && archive != NULL);

  /* the bin's own children still resolve: elements, then the pads
   * (gst-launch's `mux::preroll=…` is not used here: GStreamer 1.22's
   * parser leaks the child it sets through a bin, on main as well) */
  child = gst_child_proxy_get_child_by_name (GST_CHILD_PROXY (sink), "mux");
  fail_unless (child == G_OBJECT (mux));
  g_object_unref (child);
  gst_child_proxy_set (GST_CHILD_PROXY (sink), "mux::preroll",
      (guint64) 1000, NULL);
  g_object_get (mux, "preroll", &preroll, NULL);
  fail_unless_equals_uint64 (preroll, 1000);
  n_elements = 0;
  {
    GstIterator *it = gst_bin_iterate_elements (GST_BIN (sink));
    GValue v = G_VALUE_INIT;

    while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
      n_elements++;
      g_value_reset (&v);
    }
    g_value_unset (&v);
    gst_iterator_free (it);
  }
  fail_unless_equals_int (gst_child_proxy_get_children_count
      (GST_CHILD_PROXY (sink)), n_elements + 3);
  child = gst_child_proxy_get_child_by_index (GST_CHILD_PROXY (sink),
      n_elements + 2);
  fail_unless (GST_IS_PAD (child));
  fail_unless_equals_string (GST_OBJECT_NAME (child), "audio_0");
  g_object_unref (child);
  fail_unless_equals_int (pad_group (sink, "video_0"), 1);
  fail_unless_equals_int (pad_group (sink, "video_1"), 1);
  fail_unless_equals_int (pad_group (sink, "audio_0"), 0);
  fail_unless_equals_int (pad_group (mux, "video_0"), 1);
  fail_unless_equals_int (pad_group (mux, "video_1"), 1);
  fail_unless_equals_int (pad_group (archive, "video_1"), 1);
  fail_unless_equals_int (pad_group (archive, "audio_0"), 0);

  /* set on the bin's pad, read on both muxers' */
  pad = gst_element_get_static_pad (sink, "audio_0");
  g_object_set (pad, "mutual-exclusion-group", 9, NULL);
  gst_object_unref (pad);
  fail_unless_equals_int (pad_group (mux, "audio_0"), 9);
  fail_unless_equals_int (pad_group (archive, "audio_0"), 9);
  gst_child_proxy_get (GST_CHILD_PROXY (sink),
      "audio_0::mutual-exclusion-group", &group, NULL);
  fail_unless_equals_int (group, 9);

  gst_object_unref (archive);
  gst_object_unref (mux);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  wmnet_test_remove_dir (dir);
  g_free (dir);
  g_free (desc);
}

GST_END_TEST;

GST_START_TEST (test_no_libav_loaded)
{
  fail_if (g_strcmp0 (g_getenv ("GST_REGISTRY_FORK"), "no") == 0,
      "GST_REGISTRY_FORK=no scans the registry (and loads libav) in-process");
  wmnet_test_assert_no_libav ();
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink, 300,
    WMNET_TEST (test_defaults),
    WMNET_TEST (test_port_zero_and_release),
    WMNET_TEST (test_port_in_use),
    WMNET_TEST (test_signal_refusals_warn),
    WMNET_TEST (test_config_refusal_on_bus),
    WMNET_LOOP_TEST (test_describe, N_SOURCES),
    WMNET_LOOP_TEST (test_play_framing, N_SOURCES),
    WMNET_LOOP_TEST (test_plain_http, N_SOURCES),
    WMNET_LOOP_TEST (test_head_and_methods, N_SOURCES),
    WMNET_LOOP_TEST (test_state_cycles, N_SOURCES),
    WMNET_LOOP_TEST (test_churn, N_SOURCES),
    WMNET_LOOP_TEST (test_unlock_during_eos_drain, 2),
    WMNET_TEST (test_settings_once),
    WMNET_TEST (test_stats_interval_range),
    WMNET_TEST (test_plugin_metadata),
    WMNET_TEST (test_client_signals),
    WMNET_TEST (test_mutual_exclusion_group_forwarded),
    WMNET_NO_LIBAV_TEST (test_no_libav_loaded));
