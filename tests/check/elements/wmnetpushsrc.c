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


/* wmnetpushsrc against a pusher written here from [MS-WMHTTP] with raw
 * sockets: the PushSetup and PushStart requests of 2.2.2 and the body's
 * packets of 2.2.3 ('$', type, u16 LE length, payload), an ASF header and
 * packets built by wmnetasfbuild. What comes out of the element is
 * compared with what went in. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "libs/wmnetasfbuild.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestpush.h"

#define wait_message(r, name) wmnet_test_push_wait_message ((r)->bus, name)
#define expect_message(r, name, reason) \
  wmnet_test_push_expect_message ((r)->bus, name, reason)
#define connect_to(r, from) wmnet_test_push_connect ((r)->port, from)
#define send_request wmnet_test_push_request
#define read_head wmnet_test_push_read_head
#define header_value wmnet_test_push_header_value
#define push_setup wmnet_test_push_setup
#define put wmnet_test_push_put
#define put_end wmnet_test_push_put_end
#define authorization wmnet_test_push_authorization

#define WAIT_S WMNET_TEST_PUSH_WAIT_S
/* an encoder's, which every push needs (3.2.5.1) */
#define UA "User-Agent: WMEncoder/9.0\r\n"
#define PACKET_SIZE 512

typedef struct
{
  GstElement *pipeline, *src, *sink;
  GstBus *bus;
  guint port;
} Receiver;

static void
receiver_start (Receiver * r, const gchar * extra)
{
  gchar *desc = g_strdup_printf ("wmnetpushsrc name=src port=0 "
      "publishing-point=/live %s ! appsink name=sink sync=false "
      "max-buffers=1000", extra ? extra : "");
  GstElementFactory *f = gst_element_factory_find ("wmnetpushsrc");
  gint port = -1;

  fail_unless (f != NULL, "no wmnetpushsrc element");
  gst_object_unref (f);
  r->pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  fail_unless (r->pipeline != NULL);
  r->src = gst_bin_get_by_name (GST_BIN (r->pipeline), "src");
  r->sink = gst_bin_get_by_name (GST_BIN (r->pipeline), "sink");
  r->bus = gst_element_get_bus (r->pipeline);
  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  g_object_get (r->src, "current-port", &port, NULL);
  fail_unless (port > 0);
  r->port = port;
}

static void
receiver_stop (Receiver * r)
{
  GstMessage *m;

  /* a source that keeps running: no error or EOS was posted */
  while ((m = gst_bus_pop_filtered (r->bus, GST_MESSAGE_ERROR |
              GST_MESSAGE_EOS))) {
    fail ("unexpected %s", GST_MESSAGE_TYPE_NAME (m));
    gst_message_unref (m);
  }
  gst_element_set_state (r->pipeline, GST_STATE_NULL);
  gst_object_unref (r->bus);
  gst_object_unref (r->src);
  gst_object_unref (r->sink);
  gst_object_unref (r->pipeline);
}

/* The header of @file_id and @n packets, one a buffer. */
static GByteArray *
make_header (guint8 file_id)
{
  HeaderSpec spec = default_spec ();

  spec.file_id = file_id;
  return build_header (&spec);
}

static GByteArray *
make_packet (guint i)
{
  GByteArray *p = g_byte_array_new ();
  PayloadSpec ps = { V, i == 0, 0, 100 + i % 200, FALSE };

  build_packet (p, PACKET_SIZE, &ps, 1, 100 * i, FALSE);
  return p;
}

/* A PushStart of the session @id, 2147483647 bytes declared (3.1.4.2.1),
 * whose body starts with @body. */
static void
push_start (GSocket * sock, const gchar * id, GByteArray * body)
{
  send_request (sock, "/live", "pushstart", id, G_MAXINT32, body->data,
      body->len);
}

static GstSample *
pull (Receiver * r)
{
  GstSample *s = gst_app_sink_try_pull_sample (GST_APP_SINK (r->sink),
      WAIT_S * GST_SECOND);

  fail_unless (s != NULL, "nothing came out");
  return s;
}

/* The header out first, as the caps' streamheader too, then @n packets
 * equal to make_packet()'s (padding put back where it was cut). */
static void
expect_stream (Receiver * r, GByteArray * h, guint n)
{
  GstSample *s = pull (r);
  GstBuffer *b = gst_sample_get_buffer (s);
  const GValue *sh;
  guint i;

  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_HEADER));
  fail_unless_equals_int (gst_buffer_get_size (b), h->len);
  fail_unless (gst_buffer_memcmp (b, 0, h->data, h->len) == 0);
  sh = gst_structure_get_value (gst_caps_get_structure (gst_sample_get_caps
          (s), 0), "streamheader");
  fail_unless (sh != NULL && gst_value_array_get_size (sh) == 1);
  b = gst_value_get_buffer (gst_value_array_get_value (sh, 0));
  fail_unless (gst_buffer_memcmp (b, 0, h->data, h->len) == 0);
  gst_sample_unref (s);
  for (i = 0; i < n; i++) {
    GByteArray *p = make_packet (i);

    s = pull (r);
    b = gst_sample_get_buffer (s);
    fail_unless_equals_int (gst_buffer_get_size (b), PACKET_SIZE);
    fail_unless (gst_buffer_memcmp (b, 0, p->data, p->len) == 0,
        "packet %u differs", i);
    fail_unless (GST_BUFFER_PTS_IS_VALID (b));
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DELTA_UNIT), i != 0);
    gst_sample_unref (s);
    g_byte_array_unref (p);
  }
}

/* $H then @n $D, the second one with its padding cut (2.2.3.3). */
static GByteArray *
body_of (GByteArray * h, guint n)
{
  GByteArray *body = g_byte_array_new ();
  guint i;

  if (h)
    put (body, 'H', h->data, h->len);
  for (i = 0; i < n; i++) {
    GByteArray *p = make_packet (i);
    gsize len = p->len;

    if (i == 1) {
      len = p->len - GST_READ_UINT16_LE (p->data + 5);
      GST_WRITE_UINT16_LE (p->data + 5, 0);
    }
    put (body, 'D', p->data, len);
    g_byte_array_unref (p);
  }
  return body;
}

/* A pusher on its connection, with its session's push-id. */
typedef struct
{
  GSocket *sock;
  gchar *id;
} Pusher;

/* A new connection and session (PushSetup with push-id=0) when @id is
 * NULL, else a new connection for session @id; then a PushStart whose body
 * opens with $H of @h (when not NULL) and @n $D; the pusher is posted as
 * connected and, with @h, its header and packets come out. */
static void
pusher_start (Receiver * r, Pusher * p, const gchar * id, GByteArray * h,
    guint n)
{
  GByteArray *body = body_of (h, n);

  p->sock = connect_to (r, NULL);
  p->id = id ? g_strdup (id) : push_setup (p->sock, "/live");
  push_start (p->sock, p->id, body);
  g_byte_array_unref (body);
  expect_message (r, "wmnetpushsrc-pusher-connected", NULL);
  if (h)
    expect_stream (r, h, n);
}

/* A new connection and session (PushSetup with push-id=0), no PushStart
 * yet. */
static void
pusher_setup (Receiver * r, Pusher * p)
{
  p->sock = connect_to (r, NULL);
  p->id = push_setup (p->sock, "/live");
}

static void
pusher_send (Pusher * p, GByteArray * packets)
{
  fail_unless (wmnet_test_send_all (p->sock, (gchar *) packets->data,
          packets->len));
  g_byte_array_unref (packets);
}

/* The peer closed @sock: end of stream, not a timeout or a reset. */
static void
expect_closed (GSocket * sock)
{
  GError *error = NULL;
  gchar c;

  fail_unless (g_socket_receive (sock, &c, 1, NULL, &error) == 0,
      "not closed: %s", error ? error->message : "a byte came");
}

static void
pusher_clear (Pusher * p)
{
  g_clear_object (&p->sock);
  g_clear_pointer (&p->id, g_free);
}

/* 4.1: PushSetup, PushStart with $H and $D, then $E(S_OK): the session is
 * over, the connection closed without an answer (3.2.5.5), the source
 * still running; a pusher that comes back with another header gives new
 * caps. */
GST_START_TEST (test_push)
{
  Receiver r;
  GByteArray *h = make_header (1), *h2 = make_header (2), *end;
  Pusher p;
  gchar *head;
  GstStructure *st;
  guint64 pushes = 0, changes = 0;

  receiver_start (&r, NULL);
  pusher_start (&r, &p, NULL, h, 4);
  end = g_byte_array_new ();
  put_end (end, 0);
  pusher_send (&p, end);
  expect_message (&r, "wmnetpushsrc-pusher-disconnected", "end");
  head = read_head (p.sock);
  fail_unless_equals_string (head, "");
  g_free (head);
  pusher_clear (&p);

  /* the encoder again, a new session, a header of other settings */
  pusher_start (&r, &p, NULL, h2, 3);
  g_object_get (r.src, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "pushes", &pushes);
  gst_structure_get_uint64 (st, "header-changes", &changes);
  fail_unless_equals_int (pushes, 2);
  fail_unless_equals_int (changes, 1);
  gst_structure_free (st);
  pusher_clear (&p);
  expect_message (&r, "wmnetpushsrc-pusher-disconnected", "closed");
  receiver_stop (&r);
  g_byte_array_unref (h);
  g_byte_array_unref (h2);
}

GST_END_TEST;

/* The next buffer out is data packet @i as make_packet() builds it. */
static void
expect_packet (Receiver * r, guint i)
{
  GstSample *s = pull (r);
  GstBuffer *b = gst_sample_get_buffer (s);
  GByteArray *p = make_packet (i);

  fail_if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_HEADER));
  fail_unless_equals_int (gst_buffer_get_size (b), PACKET_SIZE);
  fail_unless (gst_buffer_memcmp (b, 0, p->data, p->len) == 0);
  gst_sample_unref (s);
  g_byte_array_unref (p);
}

/* A pusher whose connection drops in the middle of the body comes back on
 * the same session (3.2.7.1) and goes on with $D, no $H (2.2.2.2); the
 * header is the same, so the caps do not change. */
GST_START_TEST (test_resume_session)
{
  Receiver r;
  GByteArray *h = make_header (1);
  Pusher p, again;

  receiver_start (&r, NULL);
  pusher_start (&r, &p, NULL, h, 2);
  g_clear_object (&p.sock);
  expect_message (&r, "wmnetpushsrc-pusher-disconnected", "closed");
  pusher_start (&r, &again, p.id, NULL, 1);
  expect_packet (&r, 0);
  pusher_clear (&again);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* One pusher per publishing point: while a PushStart is in progress a
 * second PushSetup (a new session) and a second PushStart of the same
 * session are refused with an error status (3.2.5.1, 3.2.5.2), as is a
 * PushStart of an unknown push-id; the first pusher goes on. */
GST_START_TEST (test_second_pusher)
{
  Receiver r;
  GByteArray *h = make_header (1);
  Pusher p;
  GSocket *second;
  gchar *head;
  const gchar *ids[3][3] = { {"pushsetup", "0", "busy"},
  {"pushstart", NULL, "busy"}, {"pushstart", "12345", "unknown-push-id"}
  };
  guint i;

  receiver_start (&r, NULL);
  pusher_start (&r, &p, NULL, h, 1);
  for (i = 0; i < G_N_ELEMENTS (ids); i++) {
    second = connect_to (&r, NULL);
    send_request (second, "/live", ids[i][0], ids[i][1] ? ids[i][1] : p.id,
        strcmp (ids[i][0], "pushstart") == 0 ? G_MAXINT32 : 0, NULL, 0);
    head = read_head (second);
    fail_unless (g_str_has_prefix (head, i == 2 ? "HTTP/1.1 400 " :
            "HTTP/1.1 409 "), "%s", head);
    g_free (head);
    expect_message (&r, "wmnetpushsrc-pusher-refused", ids[i][2]);
    g_object_unref (second);
  }
  /* the first one is still on */
  pusher_send (&p, body_of (NULL, 1));
  expect_packet (&r, 0);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* 4.2: PushStarts of a known length, filled up with $F (2.2.3.5): each is
 * answered 204 with the push-id when its body is complete (3.2.5.2.1), and
 * the next one comes on the same connection and goes on with $D. */
GST_START_TEST (test_bodies_of_known_length)
{
  Receiver r;
  GByteArray *h = make_header (1), *body;
  guint8 zeros[40] = { 0 };
  Pusher p;
  gchar *head, *cookie;
  guint i;

  receiver_start (&r, NULL);
  pusher_setup (&r, &p);
  for (i = 0; i < 2; i++) {
    body = body_of (i == 0 ? h : NULL, 1);
    put (body, 'F', zeros, sizeof (zeros));
    send_request (p.sock, "/live", "pushstart", p.id, body->len, body->data,
        body->len);
    g_byte_array_unref (body);
    expect_message (&r, "wmnetpushsrc-pusher-connected", NULL);
    if (i == 0)
      expect_stream (&r, h, 1);
    else
      expect_packet (&r, 0);
    head = read_head (p.sock);
    fail_unless (g_str_has_prefix (head, "HTTP/1.1 204 "), "%s", head);
    cookie = header_value (head, "Set-Cookie");
    fail_unless (cookie && g_str_has_suffix (cookie, p.id), "%s", head);
    g_free (cookie);
    g_free (head);
    expect_message (&r, "wmnetpushsrc-pusher-disconnected", "complete");
  }
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* A body whose Content-Length ends inside a packet (a $D whose length
 * runs past it) breaks 2.2.3: 400 and closed, posted bad-data, the
 * session deleted (D73); never 204, which would tell the pusher the cut
 * packet was taken. */
GST_START_TEST (test_body_ends_inside_packet)
{
  Receiver r;
  GByteArray *h = make_header (1), *body = body_of (h, 1);
  GByteArray *pk = make_packet (1);
  Pusher p;
  GstStructure *s;
  gchar *head;

  receiver_start (&r, NULL);
  pusher_setup (&r, &p);
  /* the $D's framing and half its payload, the Content-Length ends there */
  put (body, 'D', pk->data, pk->len);
  g_byte_array_set_size (body, body->len - pk->len / 2);
  send_request (p.sock, "/live", "pushstart", p.id, body->len, body->data,
      body->len);
  expect_message (&r, "wmnetpushsrc-pusher-connected", NULL);
  expect_stream (&r, h, 1);
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 400 "), "%s", head);
  s = wait_message (&r, "wmnetpushsrc-pusher-disconnected");
  fail_unless_equals_string (gst_structure_get_string (s, "reason"),
      "bad-data");
  gst_structure_free (s);
  g_free (head);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (pk);
  g_byte_array_unref (body);
  g_byte_array_unref (h);
}

GST_END_TEST;

static gpointer
send_body (gpointer data)
{
  Pusher *p = data;

  pusher_send (p, body_of (NULL, 1500));
  return NULL;
}

/* Three times more packets than the queue holds (512) while downstream
 * takes one at a time: the body is read no further while the queue is
 * full (the pusher's TCP window holds the rest, its send blocks), and
 * every packet comes out, in order, as downstream takes them. */
GST_START_TEST (test_slow_downstream)
{
  Receiver r;
  GByteArray *h = make_header (1);
  Pusher p;
  GThread *sender;
  guint i;

  receiver_start (&r, NULL);
  g_object_set (r.sink, "max-buffers", 1, NULL);
  pusher_start (&r, &p, NULL, h, 0);
  sender = g_thread_new ("pusher", send_body, &p);
  for (i = 0; i < 1500; i++)
    expect_packet (&r, i);
  g_thread_join (sender);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* A request of @type to @path (@type NULL: @path is the whole request)
 * from @from (NULL: 127.0.0.1) answered @status and posted as refused with
 * @reason. */
static void
expect_refusal (Receiver * r, const gchar * from, const gchar * path,
    const gchar * type, guint status, const gchar * reason)
{
  GSocket *sock = connect_to (r, from);
  gchar *head, *want = g_strdup_printf ("HTTP/1.1 %u ", status);
  GstStructure *s;

  if (type)
    send_request (sock, path, type, "0", 0, NULL, 0);
  else
    fail_unless (wmnet_test_send_all (sock, path, strlen (path)));
  head = read_head (sock);
  fail_unless (g_str_has_prefix (head, want), "%s", head);
  s = wait_message (r, "wmnetpushsrc-pusher-refused");
  fail_unless_equals_string (gst_structure_get_string (s, "address"),
      from ? from : "127.0.0.1");
  fail_unless_equals_string (gst_structure_get_string (s, "reason"), reason);
  gst_structure_free (s);
  g_free (want);
  g_free (head);
  g_object_unref (sock);
}

/* A push to a path nobody claims on the port: 404 from the shared
 * listener, before any element sees it, so no message (D69). */
static void
expect_not_found (Receiver * r, const gchar * path)
{
  GSocket *sock = connect_to (r, NULL);
  gchar *head;

  send_request (sock, path, "pushsetup", "0", 0, NULL, 0);
  head = read_head (sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 404 "), "%s", head);
  g_free (head);
  g_object_unref (sock);
}

/* Who may push: by default loopback 127.0.0.1 and ::1 only, so 127.0.0.2
 * is refused (403, access-denied); a path other than the publishing point
 * is 404 (from the listener, D69); a POST of another type 415 (content-type); a GET
 * 405; a long PushSetup body 413 and a chunked PushStart 411 (length); a
 * head libsoup cannot parse 400 (malformed), two Content-Lengths 400
 * (length). Each refusal is posted with
 * its reason. */
GST_START_TEST (test_refusals)
{
  Receiver r;

  receiver_start (&r, NULL);
  expect_refusal (&r, "127.0.0.2", "/live", "pushsetup", 403, "access-denied");
  expect_not_found (&r, "/other");
  expect_refusal (&r, NULL, "/live", "pushsomething", 415, "content-type");
  expect_refusal (&r, NULL, "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      NULL, 405, "method");
  /* a PushSetup body past 4 KiB; a chunked PushStart (3.1.4.2.1: never) */
  expect_refusal (&r, NULL, "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      UA "Content-Type: application/x-wms-pushsetup\r\n"
      "Content-Length: 100000\r\n\r\n", NULL, 413, "length");
  expect_refusal (&r, NULL, "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      UA "Content-Type: application/x-wms-pushstart\r\n"
      "Transfer-Encoding: chunked\r\nCookie: push-id=1\r\n\r\n", NULL,
      411, "length");
  /* a head libsoup refuses itself (HTTP/1.1 without Host, RFC 9112
   * 3.2): a refusal too (malformed) */
  expect_refusal (&r, NULL, "POST /live HTTP/1.1\r\n"
      "Content-Type: application/x-wms-pushsetup\r\nContent-Length: 0\r\n"
      "\r\n", NULL, 400, "malformed");
  /* two Content-Lengths frame no body (RFC 9112 6.3): 400, not a wait
   * for the first's bytes */
  expect_refusal (&r, NULL, "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      UA "Content-Type: application/x-wms-pushsetup\r\nContent-Length: 1\r\n"
      "Content-Length: 2\r\n\r\n", NULL, 400, "length");
  /* an include list without loopback refuses 127.0.0.1 too */
  gst_util_set_object_arg (G_OBJECT (r.src), "access-include",
      "<\"10.0.0.0/8\">");
  expect_refusal (&r, NULL, "/live", "pushsetup", 403, "access-denied");
  receiver_stop (&r);
}

GST_END_TEST;

/* @prop, a G_TYPE_STRV, joined with ", " */
static gchar *
get_strv_joined (GstElement * e, const gchar * prop)
{
  gchar **strv = NULL, *joined;

  g_object_get (e, prop, &strv, NULL);
  fail_unless (strv != NULL, "%s read as NULL", prop);
  joined = g_strjoinv (", ", strv);
  g_strfreev (strv);
  return joined;
}

/* @prop, a GstValueArray, as gst-launch-1.0 syntax */
static gchar *
get_array_serialized (GstElement * e, const gchar * prop)
{
  GValue v = G_VALUE_INIT;
  gchar *text;

  g_value_init (&v, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (e), prop, &v);
  text = gst_value_serialize (&v);
  g_value_unset (&v);
  return text;
}

static void
count_notify (GObject * obj, GParamSpec * pspec, guint * n)
{
  (*n)++;
}

/* The access lists' G_TYPE_STRV twins (docs/design.md D80): the same
 * lists, set and read in either form, each set notifying the other; a bad
 * entry through the string array form is refused whole, with a warning
 * naming it, and closes as the GstValueArray form does: every push 403,
 * reason access-config, until a valid list in either form. */
GST_START_TEST (test_strv_twins)
{
  const gchar *two[] = { "127.0.0.2", "10.1.0.0/255.255.0.0", NULL };
  const gchar *bad[] = { "127.0.0.1", "bogus", NULL };
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter;
  guint notified = 0;
  gchar *got;
  Receiver r;

  receiver_start (&r, NULL);
  got = get_strv_joined (r.src, "access-include-strv");
  fail_unless_equals_string (got, "127.0.0.1/32, ::1/128");
  g_free (got);
  g_signal_connect (r.src, "notify::access-include", G_CALLBACK (count_notify),
      &notified);
  g_object_set (r.src, "access-include-strv", two, NULL);
  fail_unless_equals_int (notified, 1);
  got = get_array_serialized (r.src, "access-include");
  fail_unless_equals_string (got,
      "< (string)127.0.0.2/32, (string)10.1.0.0/16 >");
  g_free (got);
  expect_refusal (&r, NULL, "/live", "pushsetup", 403, "access-denied");

  filter = wmnet_test_catch_warnings ("access-include-strv refused: Invalid "
      "access entry 'bogus'", caught);
  g_object_set (r.src, "access-include-strv", bad, NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  got = get_strv_joined (r.src, "access-include-strv");
  fail_unless_equals_string (got, "127.0.0.2/32, 10.1.0.0/16");
  g_free (got);
  expect_refusal (&r, NULL, "/live", "pushsetup", 403, "access-config");
  expect_refusal (&r, "127.0.0.2", "/live", "pushsetup", 403, "access-config");
  /* valid again through the array form: judged by the entries */
  gst_util_set_object_arg (G_OBJECT (r.src), "access-include",
      "<\"127.0.0.0/8\">");
  g_object_set (r.src, "access-exclude-strv", two, NULL);
  got = get_strv_joined (r.src, "access-include-strv");
  fail_unless_equals_string (got, "127.0.0.0/8");
  g_free (got);
  expect_refusal (&r, "127.0.0.2", "/live", "pushsetup", 403, "access-denied");
  g_ptr_array_unref (caught);
  receiver_stop (&r);
}

GST_END_TEST;

/* A body of garbage instead of $H: answered 400 at once and closed, posted
 * with reason bad-data; the source runs on and takes the next pusher. */
GST_START_TEST (test_garbage_body)
{
  Receiver r;
  GByteArray *h = make_header (1), *garbage = g_byte_array_new ();
  Pusher p;
  gchar *head;
  GstStructure *s;

  receiver_start (&r, NULL);
  pusher_setup (&r, &p);
  g_byte_array_append (garbage, (const guint8 *) "GET / HTTP/1.0\r\n\r\n", 18);
  push_start (p.sock, p.id, garbage);
  g_byte_array_unref (garbage);
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 400 "), "%s", head);
  g_free (head);
  s = wait_message (&r, "wmnetpushsrc-pusher-disconnected");
  fail_unless_equals_string (gst_structure_get_string (s, "reason"),
      "bad-data");
  fail_unless (gst_structure_get_string (s, "error") != NULL);
  gst_structure_free (s);
  pusher_clear (&p);

  pusher_start (&r, &p, NULL, h, 2);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* alice: SHA-512 crypt of "secret" (htpasswd: Basic only, checked off
 * the server thread); bob: an htdigest line of "pass2" in the element's
 * default realm, made here (Basic and Digest) */
#define ALICE "alice:$6$lwLaeiKRrV5kyN/e$GOrOnSfHwarJJS/QeFzB3eUBz5qSTfN3xys" \
  "ZvLrnatevwg/8t5XWXjECBtAZZu/YZXHGKgEtHPOEU8UQlTShN/\n"

static gchar *
md5_hex (const gchar * text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* RFC 2617 3.2.2: a Digest answer to @challenge for bob, nonce-count @nc. */
static gchar *
digest_answer (const gchar * challenge, guint nc)
{
  const gchar *n = strstr (challenge, "nonce=\"");
  gchar *nonce, *ha1, *ha2, *all, *resp, *out;

  fail_unless (n != NULL, "no nonce in %s", challenge);
  nonce = g_strndup (n + 7, strchr (n + 7, '"') - (n + 7));
  ha1 = md5_hex ("bob:wmnetpushsrc:pass2");
  ha2 = md5_hex ("POST:/live");
  all = g_strdup_printf ("%s:%s:%08x:c0ffee:auth:%s", ha1, nonce, nc, ha2);
  resp = md5_hex (all);
  out = g_strdup_printf ("Digest username=\"bob\", realm=\"wmnetpushsrc\", "
      "nonce=\"%s\", uri=\"/live\", qop=auth, nc=%08x, cnonce=\"c0ffee\", "
      "response=\"%s\", algorithm=MD5", nonce, nc, resp);
  g_free (nonce);
  g_free (ha1);
  g_free (ha2);
  g_free (all);
  g_free (resp);
  return out;
}

/* A PushSetup with the current authorization answered 401 with a
 * challenge of @scheme, posted as unauthorized; returns the challenge. */
static gchar *
expect_challenge (Receiver * r, const gchar * scheme)
{
  GSocket *sock = connect_to (r, NULL);
  gchar *head, *challenge;

  send_request (sock, "/live", "pushsetup", "0", 0, NULL, 0);
  head = read_head (sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 401 "), "%s", head);
  challenge = header_value (head, "WWW-Authenticate");
  fail_unless (challenge && g_str_has_prefix (challenge, scheme), "%s", head);
  expect_message (r, "wmnetpushsrc-pusher-refused", "unauthorized");
  g_free (head);
  g_object_unref (sock);
  return challenge;
}

/* auth: HTTP access authentication on PushSetup and PushStart ([MS-WMHTTP]
 * 2.1, 3.2.5.1, 3.2.5.2): none or a wrong password is 401 with a challenge;
 * Basic with an htpasswd user (a crypt(3) check, the request paused
 * meanwhile), then Digest with an htdigest user answering the challenge,
 * push through. */
GST_START_TEST (test_auth)
{
  Receiver r;
  GByteArray *h = make_header (1);
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "users", NULL);
  gchar *ha1 = md5_hex ("bob:wmnetpushsrc:pass2");
  gchar *users = g_strdup_printf ("%sbob:wmnetpushsrc:%s\n", ALICE, ha1);
  gchar *desc = g_strdup_printf ("auth=basic auth-file=%s", file);
  gchar *challenge, *cred;
  Pusher p;

  fail_unless (g_file_set_contents (file, users, -1, NULL));
  receiver_start (&r, desc);
  challenge = expect_challenge (&r, "Basic realm=");
  fail_unless (strstr (challenge, "wmnetpushsrc") != NULL, "%s", challenge);
  g_free (challenge);
  cred = g_base64_encode ((const guchar *) "alice:wrong", 11);
  authorization = g_strdup_printf ("Basic %s", cred);
  g_free (cred);
  g_free (expect_challenge (&r, "Basic"));
  g_free (authorization);
  cred = g_base64_encode ((const guchar *) "alice:secret", 12);
  authorization = g_strdup_printf ("Basic %s", cred);
  g_free (cred);
  pusher_start (&r, &p, NULL, h, 2);
  pusher_clear (&p);
  expect_message (&r, "wmnetpushsrc-pusher-disconnected", "closed");

  g_object_set (r.src, "auth", 2 /* digest */ , NULL);
  g_clear_pointer (&authorization, g_free);
  challenge = expect_challenge (&r, "Digest");
  authorization = digest_answer (challenge, 1);
  pusher_setup (&r, &p);
  g_free (authorization);
  authorization = digest_answer (challenge, 2);
  {
    /* a new session opens with $H; the same header: no new caps, and
     * the packet comes out next */
    GByteArray *body = body_of (h, 1);

    push_start (p.sock, p.id, body);
    g_byte_array_unref (body);
  }
  expect_message (&r, "wmnetpushsrc-pusher-connected", NULL);
  expect_packet (&r, 0);
  pusher_clear (&p);
  g_clear_pointer (&authorization, g_free);
  receiver_stop (&r);
  wmnet_test_remove_dir (dir);
  g_free (challenge);
  g_free (dir);
  g_free (file);
  g_free (ha1);
  g_free (users);
  g_free (desc);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* The refusals counted in stats */
static guint64
refused_count (Receiver * r)
{
  GstStructure *st;
  guint64 n = 0;

  g_object_get (r->src, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, "refused", &n));
  gst_structure_free (st);
  return n;
}

/* A push's media type is read as the listener reads it (one function,
 * wmnetpoints): whitespace before ";" and a parameter are allowed (RFC
 * 9110 8.3.1), so a PushSetup the listener routed here as a push is not
 * answered 415; two Content-Types name no one type. */
GST_START_TEST (test_content_type_forms)
{
  Receiver r;
  GSocket *sock;
  gchar *head;

  receiver_start (&r, NULL);
  sock = connect_to (&r, NULL);
  send_request (sock, "/live", "pushsetup ; charset=UTF-8", "0", 0, NULL, 0);
  head = read_head (sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 204 "), "%s", head);
  g_free (head);
  g_object_unref (sock);
  expect_refusal (&r, NULL, "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/x-wms-pushsetup\r\n"
      "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n", NULL,
      415, "content-type");
  fail_unless_equals_int (refused_count (&r), 1);
  receiver_stop (&r);
}

GST_END_TEST;

/* A new session's PushSetup whose body is still coming when another
 * pusher's PushStart begins: judged again once its body is read, refused
 * (409, busy) and, as every refusal, posted and counted. */
GST_START_TEST (test_setup_body_race)
{
  const gchar *setup_head = "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      UA "Content-Type: application/x-wms-pushsetup\r\nCookie: push-id=0\r\n"
      "Content-Length: 5\r\n\r\n";
  Receiver r;
  Pusher p;
  GSocket *late;
  GByteArray *h = make_header (1);
  GstStructure *s;
  gchar *head;

  receiver_start (&r, NULL);
  late = connect_to (&r, NULL);
  fail_unless (wmnet_test_send_all (late, setup_head, strlen (setup_head)));
  pusher_start (&r, &p, NULL, h, 1);
  fail_unless (wmnet_test_send_all (late, "12345", 5));
  head = read_head (late);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 409 "), "%s", head);
  s = wait_message (&r, "wmnetpushsrc-pusher-refused");
  fail_unless_equals_string (gst_structure_get_string (s, "reason"), "busy");
  gst_structure_free (s);
  fail_unless_equals_int (refused_count (&r), 1);
  g_free (head);
  g_object_unref (late);
  pusher_clear (&p);
  g_byte_array_unref (h);
  receiver_stop (&r);
}

GST_END_TEST;

/* Stopping the element while a PushStart body is coming is an
 * administrative disconnect ([MS-WMHTTP] 3.2.4.1): the pusher is answered
 * an error status (503) at once, then its connection closed. */
GST_START_TEST (test_stop_answers)
{
  Receiver r;
  GByteArray *h = make_header (1);
  Pusher p;
  gchar *head;

  receiver_start (&r, NULL);
  pusher_start (&r, &p, NULL, h, 2);
  receiver_stop (&r);
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 503 "), "%s", head);
  fail_unless (strstr (head, "\r\nConnection: close\r\n") != NULL, "%s", head);
  g_free (head);
  expect_closed (p.sock);
  pusher_clear (&p);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* A PushSetup or PushStart of @ua_line (a whole header line, or "") on a
 * new connection: answered @status, posted as refused with @reason when
 * it is not 204. */
static void
expect_user_agent (Receiver * r, const gchar * type, const gchar * ua_line,
    guint status, const gchar * reason)
{
  gchar *req = g_strdup_printf ("POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "%sContent-Type: application/x-wms-%s\r\nContent-Length: 0\r\n"
      "Cookie: push-id=0\r\n\r\n", ua_line, type);

  if (status != 204) {
    expect_refusal (r, NULL, req, NULL, status, reason);
  } else {
    GSocket *sock = connect_to (r, NULL);
    gchar *head;

    fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
    head = read_head (sock);
    fail_unless (g_str_has_prefix (head, "HTTP/1.1 204 "), "%s", head);
    g_free (head);
    g_object_unref (sock);
  }
  g_free (req);
}

/* 3.2.5.1: a push whose User-Agent is missing or not an encoder's
 * (2.2.1.8: "WMEncoder/" 9.0 to 12.0) is no encoder's, an error: 400,
 * posted and counted as `user-agent`; on PushStart as well. What real
 * encoders send passes: 4.8's example, any case of the token. */
GST_START_TEST (test_user_agent)
{
  Receiver r;

  receiver_start (&r, NULL);
  expect_user_agent (&r, "pushsetup", "", 400, "user-agent");
  expect_user_agent (&r, "pushsetup", "User-Agent: Mozilla/5.0\r\n", 400,
      "user-agent");
  expect_user_agent (&r, "pushsetup", "User-Agent: NSPlayer/12.0\r\n", 400,
      "user-agent");
  expect_user_agent (&r, "pushsetup", "User-Agent: WMEncoder/8.0\r\n", 400,
      "user-agent");
  expect_user_agent (&r, "pushstart", "", 400, "user-agent");
  fail_unless_equals_int (refused_count (&r), 5);
  expect_user_agent (&r, "pushsetup",
      "User-Agent: WMEncoder/11.0.5721.5145\r\n", 204, NULL);
  expect_user_agent (&r, "pushsetup", "User-Agent: wmencoder/9.0\r\n", 204,
      NULL);
  expect_user_agent (&r, "pushsetup",
      "User-Agent: WMEncoder/12.0 gst-wmnet/1.0\r\n", 204, NULL);
  fail_unless_equals_int (refused_count (&r), 5);
  receiver_stop (&r);
}

GST_END_TEST;

/* The next message named "wmnetpushsrc-pusher-disconnected", its reason
 * @reason. */
#define expect_gone(r, reason) \
  expect_message (r, "wmnetpushsrc-pusher-disconnected", reason)

/* A PushStart of session @id on a new connection: 400, the session
 * deleted (3.2.5.2: no state of that push-id). */
static void
expect_session_gone (Receiver * r, const gchar * id)
{
  GByteArray *body = body_of (NULL, 1);
  GSocket *sock = connect_to (r, NULL);
  gchar *head;

  push_start (sock, id, body);
  head = read_head (sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 400 "), "%s", head);
  expect_message (r, "wmnetpushsrc-pusher-refused", "unknown-push-id");
  g_free (head);
  g_object_unref (sock);
  g_byte_array_unref (body);
}

/* Shortens a timer of 3.2.2 to 300 ms (times the test's slowness) for
 * the element started next: the test-only variable (D82). */
static void
shorten (const gchar * env)
{
  gchar *ms = g_strdup_printf ("%u", 300 * wmnet_test_time_factor ());

  g_setenv (env, ms, TRUE);
  g_free (ms);
}

/* The Idle-Timeout (3.2.2, 3.2.6.1): a pusher that sends nothing during
 * its body is answered 408 and closed, its session deleted; one whose
 * connection was lost inside a body keeps its session only until the
 * timer expires (3.2.7.1). */
GST_START_TEST (test_idle_timeout)
{
  Receiver r;
  GByteArray *h = make_header (1), *h2 = make_header (2);
  Pusher p;
  gchar *head;

  shorten ("WMNET_TEST_PUSH_IDLE_MS");
  receiver_start (&r, NULL);
  pusher_start (&r, &p, NULL, h, 2);
  expect_gone (&r, "idle-timeout");
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 408 "), "%s", head);
  g_free (head);
  expect_closed (p.sock);
  expect_session_gone (&r, p.id);
  pusher_clear (&p);

  /* lost inside the body: the session outlives the connection, not the
   * timer */
  pusher_start (&r, &p, NULL, h2, 2);
  g_clear_object (&p.sock);
  expect_gone (&r, "closed");
  expect_gone (&r, "idle-timeout");
  expect_session_gone (&r, p.id);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
  g_byte_array_unref (h2);
}

GST_END_TEST;

/* The Inactivity-Timeout (3.2.2, 3.2.6.2): a session with no PushStart
 * after its PushSetup, or after a body answered whole, is deleted when it
 * expires, and the connection the pusher keeps closed. */
GST_START_TEST (test_inactivity_timeout)
{
  Receiver r;
  GByteArray *h = make_header (1), *body;
  Pusher p;
  gchar *head;

  shorten ("WMNET_TEST_PUSH_INACTIVITY_MS");
  receiver_start (&r, NULL);
  pusher_setup (&r, &p);
  expect_gone (&r, "inactivity-timeout");
  expect_closed (p.sock);
  expect_session_gone (&r, p.id);
  pusher_clear (&p);

  /* a body of known length answered 204: the timer runs again */
  pusher_setup (&r, &p);
  body = body_of (h, 1);
  send_request (p.sock, "/live", "pushstart", p.id, body->len, body->data,
      body->len);
  g_byte_array_unref (body);
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 204 "), "%s", head);
  g_free (head);
  expect_message (&r, "wmnetpushsrc-pusher-connected", NULL);
  expect_gone (&r, "complete");
  expect_gone (&r, "inactivity-timeout");
  expect_closed (p.sock);
  expect_session_gone (&r, p.id);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* 3.2.5.2: a PushStart without a push-id cookie has no session: 400
 * (unknown-push-id), though a session exists. */
GST_START_TEST (test_push_start_without_cookie)
{
  Receiver r;
  Pusher p;
  GByteArray *h = make_header (1), *body = body_of (h, 1);
  gchar *head;

  receiver_start (&r, NULL);
  pusher_setup (&r, &p);
  send_request (p.sock, "/live", "pushstart", NULL, G_MAXINT32, body->data,
      body->len);
  head = read_head (p.sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 400 "), "%s", head);
  expect_message (&r, "wmnetpushsrc-pusher-refused", "unknown-push-id");
  g_free (head);
  pusher_clear (&p);
  receiver_stop (&r);
  g_byte_array_unref (body);
  g_byte_array_unref (h);
}

GST_END_TEST;

/* X-Accept-Authentication (2.2.1.9, 3.2.5.1: the challenge SHOULD be of a
 * scheme the pusher lists): an encoder's list as 4.8's (no Basic, which
 * Windows clients support without listing it, [MS-WMHTTP] 6 <2>) gets the
 * `auth` mode's challenge, Digest or Basic. */
GST_START_TEST (test_accept_authentication)
{
  Receiver r;
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "users", NULL);
  gchar *desc = g_strdup_printf ("auth=digest auth-file=%s", file);
  const gchar *req = "POST /live HTTP/1.1\r\nHost: 127.0.0.1\r\n" UA
      "Content-Type: application/x-wms-pushsetup\r\nContent-Length: 0\r\n"
      "X-Accept-Authentication: Negotiate, NTLM, Digest\r\n"
      "Cookie: push-id=0\r\n\r\n";
  guint i;

  fail_unless (g_file_set_contents (file, ALICE, -1, NULL));
  receiver_start (&r, desc);
  for (i = 0; i < 2; i++) {
    GSocket *sock = connect_to (&r, NULL);
    gchar *head, *challenge;

    fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
    head = read_head (sock);
    fail_unless (g_str_has_prefix (head, "HTTP/1.1 401 "), "%s", head);
    challenge = header_value (head, "WWW-Authenticate");
    fail_unless (challenge && g_str_has_prefix (challenge, i == 0 ? "Digest "
            : "Basic "), "%s", head);
    expect_message (&r, "wmnetpushsrc-pusher-refused", "unauthorized");
    g_object_set (r.src, "auth", 1 /* basic */ , NULL);
    g_free (challenge);
    g_free (head);
    g_object_unref (sock);
  }
  receiver_stop (&r);
  wmnet_test_remove_dir (dir);
  g_free (dir);
  g_free (file);
  g_free (desc);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsrc, 60,
    WMNET_TEST (test_push), WMNET_TEST (test_resume_session),
    WMNET_TEST (test_second_pusher), WMNET_TEST (test_refusals),
    WMNET_TEST (test_strv_twins),
    WMNET_TEST (test_garbage_body), WMNET_TEST (test_auth),
    WMNET_TEST (test_slow_downstream),
    WMNET_TEST (test_bodies_of_known_length),
    WMNET_TEST (test_content_type_forms), WMNET_TEST (test_setup_body_race),
    WMNET_TEST (test_body_ends_inside_packet), WMNET_TEST (test_stop_answers),
    WMNET_TEST (test_user_agent), WMNET_TEST (test_idle_timeout),
    WMNET_TEST (test_inactivity_timeout),
    WMNET_TEST (test_push_start_without_cookie),
    WMNET_TEST (test_accept_authentication));
