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

/* wmnetpushsink against a receiver written here from [MS-WMHTTP] with
 * raw sockets (2.2.2 requests, 2.2.3 packets, 3.2.5 the server's rules):
 * it answers PushSetup 204 with a push-id cookie (or 401 with a Basic or
 * Digest challenge, or an error status), reads PushStart's head and parses
 * the body's $H $D $C $E by the spec's grammar; what it got is compared
 * with the ASF fed to the sink (hand-built, libs/wmnetasfbuild.c). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <string.h>

#include "libs/wmnetasfbuild.h"
#include "wmnettestreceiver.h"
#include "wmnettestsocket.h"
#include "wmnettestutils.h"
#include "wmnettestsuite.h"

/* bounds of every wait: the bus, the receiver's */
#define WAIT_S 20
/* each PushStart's Content-Length, for tests (docs/wmnetpushsink.md) */
#define LENGTH_ENV "WMNET_TEST_PUSH_LENGTH"

/* One test's receiver, input and pipeline: appsrc ! wmnetpushsink. */
typedef struct
{
  WmnetTestReceiver *rc;
  HeaderSpec spec;
  GByteArray *header;
  GByteArray *stream;           /* the header and @n packets */
  gboolean *keys;
  GstElement *pipeline;
  GstElement *src;
} Push;

static void
push_start (Push * t, WmnetTestReceiver * rc, guint n, const gchar * extra)
{
  gchar *desc;
  GError *err = NULL;

  t->rc = rc;
  t->spec = default_spec ();
  t->header = build_header (&t->spec);
  t->stream = build_stream (&t->spec, n, &t->keys);
  desc = g_strdup_printf ("appsrc name=src format=bytes "
      "caps=video/x-ms-asf ! wmnetpushsink name=sink sync=false "
      "location=http://127.0.0.1:%u/live timeout=%d %s", rc->port, WAIT_S,
      extra);
  t->pipeline = gst_parse_launch (desc, &err);
  fail_unless (err == NULL, "%s: %s", desc, err ? err->message : "");
  g_free (desc);
  t->src = gst_bin_get_by_name (GST_BIN (t->pipeline), "src");
  fail_unless_equals_int (gst_element_set_state (t->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_ASYNC);
}

static void
push_stop (Push * t)
{
  gst_element_set_state (t->pipeline, GST_STATE_NULL);
  g_clear_object (&t->src);
  g_clear_object (&t->pipeline);
}

static void
push_free (Push * t)
{
  if (t->pipeline)
    push_stop (t);
  wmnet_test_receiver_free (t->rc);
  g_byte_array_unref (t->header);
  g_byte_array_unref (t->stream);
  g_free (t->keys);
}

/* Pushes @a in pieces of 1,000 bytes (the sink cuts them again). */
static void
push_bytes (GstElement * src, const guint8 * data, gsize len)
{
  gsize off;

  for (off = 0; off < len; off += 1000) {
    gsize n = MIN (1000, len - off);

    fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (src),
            gst_buffer_new_memdup (data + off, n)), GST_FLOW_OK);
  }
}

/* The pipeline's end: EOS (NULL) or the error message, bounded. */
static GstMessage *
wait_end (GstElement * p)
{
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *m = gst_bus_timed_pop_filtered (bus, WAIT_S * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

  gst_object_unref (bus);
  fail_unless (m != NULL, "neither EOS nor an error in %d s", WAIT_S);
  if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
    gst_message_unref (m);
    return NULL;
  }
  return m;
}

static guint64
stat_of (GstElement * p, const gchar * name)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  GstStructure *s;
  guint64 v = 0;

  g_object_get (sink, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, name, &v));
  gst_structure_free (s);
  gst_object_unref (sink);
  return v;
}

/* Ends @t's input; the pipeline must reach EOS with the stat @name at
 * @want. Stops it and waits for the receiver's $E(S_OK): returns with the
 * receiver's lock held. */
static void
push_finish (Push * t, const gchar * name, guint64 want)
{
  gst_app_src_end_of_stream (GST_APP_SRC (t->src));
  fail_unless (wait_end (t->pipeline) == NULL);
  fail_unless_equals_int (stat_of (t->pipeline, name), want);
  push_stop (t);
  wmnet_test_receiver_wait_locked (t->rc, &t->rc->done, "got $E(S_OK)");
}

static WmnetTestPacket *
packet_at (GPtrArray * packets, guint i)
{
  fail_unless (i < packets->len, "packet %u of %u", i, packets->len);
  return g_ptr_array_index (packets, i);
}

static void
check_payload (WmnetTestPacket * p, gchar type, const guint8 * data, gsize len)
{
  fail_unless_equals_int (p->type, type);
  fail_unless_equals_int (g_bytes_get_size (p->payload), len);
  fail_unless (memcmp (g_bytes_get_data (p->payload, NULL), data, len) == 0,
      "$%c payload differs from what was muxed", type);
}

/* @packets from @i on: packets @first .. @first + @n - 1 of @stream (built
 * as @t's, after a header as long as @t's), as $D of exactly one packet
 * each (2.2.3.3). */
static guint
check_data (GPtrArray * packets, guint i, Push * t, GByteArray * stream,
    guint first, guint n)
{
  guint32 size = t->spec.packet_size;
  guint k;

  for (k = first; k < first + n; k++)
    check_payload (packet_at (packets, i++), 'D',
        stream->data + t->header->len + k * size, size);
  return i;
}

static void
check_request (WmnetTestRequest * r, const gchar * type, const gchar * cookie)
{
  const gchar *ua = wmnet_test_request_header (r, "user-agent");

  fail_unless_equals_string (r->request_line, "POST /live HTTP/1.1");
  fail_unless_equals_string (wmnet_test_request_header (r, "content-type"),
      type);
  fail_unless_equals_string (wmnet_test_request_header (r, "cookie"), cookie);
  fail_unless (wmnet_test_request_header (r, "host") != NULL);
  /* 2.2.1.8: WMEncoder/9.0 and our product token */
  fail_unless (ua && g_str_has_prefix (ua, "WMEncoder/9.0 gst-wmnet/"), "%s",
      ua);
}

GST_START_TEST (test_push)
{
  Push t;
  GPtrArray *packets;
  WmnetTestRequest *r;
  guint i;

  push_start (&t, wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 0, -1), 30,
      "template=/pub auto-destroy=true");
  push_bytes (t.src, t.stream->data, t.stream->len);
  push_finish (&t, "packets", 30);
  fail_unless_equals_int (t.rc->requests->len, 2);
  r = g_ptr_array_index (t.rc->requests, 0);
  check_request (r, "application/x-wms-pushsetup", "push-id=0");
  /* 2.2.2.1.1, 2.2.2.1.2 */
  fail_unless_equals_string (r->body,
      "Template-URL: \"/pub\"\r\nAutoDestroy: 1\r\n");
  r = g_ptr_array_index (t.rc->requests, 1);
  check_request (r, "application/x-wms-pushstart", "push-id=771");
  /* 3.1.4.2.1: the length is unknown */
  fail_unless_equals_string (wmnet_test_request_header (r, "content-length"),
      "2147483647");
  fail_unless_equals_int (t.rc->sessions->len, 1);
  packets = g_ptr_array_index (t.rc->sessions, 0);
  /* $H: the whole header (Header Object + 50 bytes of Data Object), then
   * one $D per packet, then $E(S_OK) */
  check_payload (packet_at (packets, 0), 'H', t.header->data, t.header->len);
  i = check_data (packets, 1, &t, t.stream, 0, 30);
  fail_unless_equals_int (packet_at (packets, i)->type, 'E');
  fail_unless_equals_int (packet_at (packets, i)->reason, 0);
  fail_unless_equals_int (packets->len, i + 1);
  g_mutex_unlock (&t.rc->lock);
  push_free (&t);
}

GST_END_TEST;

GST_START_TEST (test_header_change)
{
  Push t;
  HeaderSpec spec2 = default_spec ();
  gboolean *keys2;
  GByteArray *h2, *s2;
  GPtrArray *packets;
  guint i;

  push_start (&t, wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 0, -1), 10,
      "");
  spec2.file_id = 0x44;
  h2 = build_header (&spec2);
  s2 = build_stream (&spec2, 12, &keys2);
  push_bytes (t.src, t.stream->data, t.stream->len);
  push_bytes (t.src, s2->data, s2->len);
  push_finish (&t, "headers", 2);
  fail_unless_equals_int (t.rc->sessions->len, 1);
  packets = g_ptr_array_index (t.rc->sessions, 0);
  check_payload (packet_at (packets, 0), 'H', t.header->data, t.header->len);
  i = check_data (packets, 1, &t, t.stream, 0, 10);
  /* a new entry: $E(S_FALSE) then $C(0) with the new header (2.2.2.2's
   * Playlist-Entry grammar, 2.2.3.2, 3.1.4.5) */
  fail_unless_equals_int (packet_at (packets, i)->type, 'E');
  fail_unless_equals_int (packet_at (packets, i++)->reason, 1);
  fail_unless_equals_int (packet_at (packets, i)->reason, 0);
  check_payload (packet_at (packets, i++), 'C', h2->data, h2->len);
  i = check_data (packets, i, &t, s2, 0, 12);
  fail_unless_equals_int (packet_at (packets, i)->type, 'E');
  fail_unless_equals_int (packet_at (packets, i)->reason, 0);
  g_mutex_unlock (&t.rc->lock);
  push_free (&t);
  g_byte_array_unref (h2);
  g_byte_array_unref (s2);
  g_free (keys2);
}

GST_END_TEST;

/* WmnetTestRequest @refused of @t's receiver was answered 401, request @start is a
 * PushStart with @cookie and good credentials; then unlocks the receiver
 * (held since push_finish) and frees @t. */
static void
check_authed_and_free (Push * t, guint refused, guint start,
    const gchar * cookie)
{
  WmnetTestRequest *r = g_ptr_array_index (t->rc->requests, refused);

  fail_unless_equals_int (r->status, 401);
  r = g_ptr_array_index (t->rc->requests, start);
  check_request (r, "application/x-wms-pushstart", cookie);
  fail_unless (wmnet_test_receiver_credentials_ok (t->rc, r));
  g_mutex_unlock (&t->rc->lock);
  push_free (t);
}

static void
check_auth (WmnetTestAuth mode)
{
  Push t;
  WmnetTestRequest *r;

  push_start (&t, wmnet_test_receiver_start (mode, 0, -1), 5,
      "user-id=" WMNET_TEST_RECEIVER_USER " user-pw="
      WMNET_TEST_RECEIVER_PASSWORD);
  push_bytes (t.src, t.stream->data, t.stream->len);
  push_finish (&t, "packets", 5);
  /* PushSetup 401, PushSetup with credentials 204, PushStart */
  fail_unless_equals_int (t.rc->requests->len, 3);
  r = g_ptr_array_index (t.rc->requests, 0);
  fail_unless (wmnet_test_request_header (r, "authorization") == NULL);
  r = g_ptr_array_index (t.rc->requests, 1);
  fail_unless_equals_int (r->status, 204);
  /* PushStart carries credentials too (5.1), good ones */
  check_authed_and_free (&t, 0, 2, "push-id=771");
}

GST_START_TEST (test_auth_basic)
{
  check_auth (WMNET_TEST_AUTH_BASIC);
}

GST_END_TEST;

GST_START_TEST (test_auth_digest)
{
  check_auth (WMNET_TEST_AUTH_DIGEST);
}

GST_END_TEST;

static void
on_element_message (GstBus * bus, GstMessage * m, guint * reconnects)
{
  if (gst_message_has_name (m, "wmnetpushsink-reconnect"))
    g_atomic_int_inc (reconnects);
}

/* Pushes @t's stream: the header and @n_before packets, then, once the
 * receiver broke its first session (@what), the rest; the sink must have
 * reconnected exactly once, said by one wmnetpushsink-reconnect message
 * and its stats. Returns with the receiver's lock held, as push_finish. */
static void
push_across_break (Push * t, guint n_before, const gchar * what)
{
  GstBus *bus = gst_element_get_bus (t->pipeline);
  gsize split = t->header->len + n_before * t->spec.packet_size;
  guint reconnects = 0;

  gst_bus_enable_sync_message_emission (bus);
  g_signal_connect (bus, "sync-message::element",
      G_CALLBACK (on_element_message), &reconnects);
  push_bytes (t->src, t->stream->data, split);
  wmnet_test_receiver_wait_locked (t->rc, &t->rc->closed_first, what);
  g_mutex_unlock (&t->rc->lock);
  push_bytes (t->src, t->stream->data + split, t->stream->len - split);
  push_finish (t, "reconnects", 1);
  fail_unless_equals_int (g_atomic_int_get (&reconnects), 1);
  g_signal_handlers_disconnect_by_func (bus, on_element_message, &reconnects);
  gst_object_unref (bus);
}

GST_START_TEST (test_reconnect)
{
  Push t;
  GPtrArray *packets;
  WmnetTestRequest *r;

  push_start (&t, wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 0, 4), 20,
      "");
  /* the header and 8 packets; the receiver closes after 4 */
  push_across_break (&t, 8, "closed a session");
  /* a new session: PushSetup with push-id 0 again, a new $H */
  fail_unless_equals_int (t.rc->sessions->len, 2);
  fail_unless_equals_int (t.rc->requests->len, 4);
  r = g_ptr_array_index (t.rc->requests, 2);
  check_request (r, "application/x-wms-pushsetup", "push-id=0");
  r = g_ptr_array_index (t.rc->requests, 3);
  check_request (r, "application/x-wms-pushstart", "push-id=772");
  packets = g_ptr_array_index (t.rc->sessions, 1);
  check_payload (packet_at (packets, 0), 'H', t.header->data, t.header->len);
  /* the packets of the second push end with the last one, then $E */
  fail_unless (packets->len >= 3);
  check_data (packets, packets->len - 2, &t, t.stream, 19, 1);
  fail_unless_equals_int (packet_at (packets, packets->len - 1)->type, 'E');
  g_mutex_unlock (&t.rc->lock);
  push_free (&t);
}

GST_END_TEST;

/* A 401 to PushStart (3.1.5.2: the server wants credentials again) is
 * answered by a new session: PushSetup 401, with credentials 204, then
 * PushStart with credentials for the new challenge. */
GST_START_TEST (test_start_401)
{
  Push t;

  push_start (&t, wmnet_test_receiver_start (WMNET_TEST_AUTH_DIGEST, 0,
          WMNET_TEST_RECEIVER_START_401), 6,
      "user-id=" WMNET_TEST_RECEIVER_USER " user-pw="
      WMNET_TEST_RECEIVER_PASSWORD);
  push_across_break (&t, 2, "answered PushStart 401");
  /* 401, 204, PushStart 401; 401, 204, PushStart */
  fail_unless_equals_int (t.rc->requests->len, 6);
  check_authed_and_free (&t, 2, 5, "push-id=772");
}

GST_END_TEST;

/* What wmasfmux makes, pushed and kept by an appsink: the receiver's $H
 * is the muxer's header and its $D, joined, the muxer's packets. */
GST_START_TEST (test_wmasfmux)
{
  WmnetTestReceiver *rc =
      wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 0, -1);
  gchar *desc =
      g_strdup_printf ("audiotestsrc num-buffers=40 "
      "samplesperbuffer=800 ! audio/x-raw,format=S16LE,rate=8000,channels=1 "
      "! wmasfmux ! tee name=t ! queue ! wmnetpushsink sync=false "
      "location=http://127.0.0.1:%u/live timeout=%d t. ! queue ! "
      "appsink name=copy sync=false wait-on-eos=false", rc->port, WAIT_S);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *copy = gst_bin_get_by_name (GST_BIN (p), "copy");
  GByteArray *muxed = g_byte_array_new (), *pushed = g_byte_array_new ();
  GstSample *sample;
  GPtrArray *packets;
  gsize hlen;
  guint i;

  fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);
  fail_unless (wait_end (p) == NULL);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (copy), 0))) {
    GstMapInfo map;
    GstBuffer *buf = gst_sample_get_buffer (sample);

    gst_buffer_map (buf, &map, GST_MAP_READ);
    g_byte_array_append (muxed, map.data, map.size);
    gst_buffer_unmap (buf, &map);
    gst_sample_unref (sample);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  wmnet_test_receiver_wait_locked (rc, &rc->done, "got $E(S_OK)");
  packets = g_ptr_array_index (rc->sessions, 0);
  fail_unless_equals_int (packet_at (packets, 0)->type, 'H');
  hlen = g_bytes_get_size (packet_at (packets, 0)->payload);
  check_payload (packet_at (packets, 0), 'H', muxed->data, hlen);
  for (i = 1; i + 1 < packets->len; i++) {
    WmnetTestPacket *d = packet_at (packets, i);

    fail_unless_equals_int (d->type, 'D');
    g_byte_array_append (pushed, g_bytes_get_data (d->payload, NULL),
        g_bytes_get_size (d->payload));
  }
  fail_unless (packets->len > 3);
  fail_unless_equals_int (packet_at (packets, i)->type, 'E');
  fail_unless_equals_int (hlen + pushed->len, muxed->len);
  fail_unless (memcmp (muxed->data + hlen, pushed->data, pushed->len) == 0);
  g_mutex_unlock (&rc->lock);
  wmnet_test_receiver_free (rc);
  g_byte_array_unref (muxed);
  g_byte_array_unref (pushed);
  gst_object_unref (copy);
  gst_object_unref (p);
  g_free (desc);
}

GST_END_TEST;

static void
check_refused (guint status, const gchar * extra, gint want_code,
    guint want_setups)
{
  Push t;
  GstMessage *m;
  GError *err = NULL;
  gchar *debug = NULL, *want;

  push_start (&t, wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, status, -1),
      3, extra);
  push_bytes (t.src, t.stream->data, t.stream->len);
  m = wait_end (t.pipeline);
  fail_unless (m != NULL, "EOS where an error was due");
  gst_message_parse_error (m, &err, &debug);
  /* the error names the answer: status and reason phrase */
  want = g_strdup_printf ("PushSetup answered %u Refused Here", status);
  fail_unless (strstr (err->message, want), "%s", err->message);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR, want_code), "%s",
      err->message);
  g_mutex_lock (&t.rc->lock);
  fail_unless_equals_int (t.rc->requests->len, want_setups);
  g_mutex_unlock (&t.rc->lock);
  g_free (want);
  g_free (debug);
  g_error_free (err);
  gst_message_unref (m);
  push_free (&t);
}

GST_START_TEST (test_refused)
{
  /* 403: final, no retry */
  check_refused (403, "retries=3", GST_RESOURCE_ERROR_NOT_AUTHORIZED, 1);
  /* 503: retried, then the error once the retries are spent */
  check_refused (503, "retries=2", GST_RESOURCE_ERROR_WRITE, 3);
}

GST_END_TEST;

/* No one listens: retried, then an error that says why. */
GST_START_TEST (test_unreachable)
{
  guint port;
  GSocket *l = wmnet_test_listen_loopback (&port);
  gchar *desc;
  GstElement *p;
  GstBus *bus;
  GstMessage *m;
  GError *err = NULL;
  guint reconnects = 0;

  g_socket_close (l, NULL);
  g_object_unref (l);
  desc = g_strdup_printf ("audiotestsrc num-buffers=20 ! "
      "audio/x-raw,format=S16LE,rate=8000,channels=1 ! wmasfmux ! "
      "wmnetpushsink sync=false retries=1 "
      "location=http://127.0.0.1:%u/live", port);
  p = gst_parse_launch (desc, NULL);
  bus = gst_element_get_bus (p);
  gst_bus_enable_sync_message_emission (bus);
  g_signal_connect (bus, "sync-message::element",
      G_CALLBACK (on_element_message), &reconnects);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = wait_end (p);
  fail_unless (m != NULL, "EOS with no server");
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_OPEN_WRITE), "%s", err->message);
  fail_unless (strstr (err->message, "refused"), "%s", err->message);
  fail_unless_equals_int (g_atomic_int_get (&reconnects), 1);
  g_error_free (err);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
}

GST_END_TEST;

GST_START_TEST (test_location_refused)
{
  GstElement *sink = gst_element_factory_make ("wmnetpushsink", NULL);
  gchar *loc;

  g_object_set (sink, "location", "http://127.0.0.1:1/live", NULL);
  ASSERT_WARNING (g_object_set (sink, "location", "mms://h/live", NULL));
  ASSERT_WARNING (g_object_set (sink, "template", "pub", NULL));
  g_object_get (sink, "location", &loc, NULL);
  fail_unless_equals_string (loc, "http://127.0.0.1:1/live");
  g_free (loc);
  gst_object_unref (sink);
}

GST_END_TEST;

#define ANSWER_204 "HTTP/1.1 204 No Content\r\nServer: Cougar/9.01.01.3814\r\n"

/* D81 against the receiver, which reads each body to its Content-Length
 * (6,000 here) and answers it as 3.2.5.2.1 allows: 204 with a new push-id
 * and Connection: close (the next PushStart comes on a new connection
 * with that push-id, 3.1.4.2.1, 3.1.5.2), 204 on the connection kept, then
 * 500 (the session fails: one reconnect, a new session whose $H comes
 * before the packet that waited), then 204. Every body is exactly its
 * Content-Length (the receiver checks), only a session's first holds $H,
 * and every packet comes once, in order. */
GST_START_TEST (test_bodies_answered)
{
  static const gchar *const answers[] = {
    ANSWER_204 "Set-Cookie: push-id=900\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n",
    ANSWER_204 "Content-Length: 0\r\n\r\n",
    "HTTP/1.1 500 Oops\r\nServer: Cougar/9.01.01.3814\r\n"
        "Content-Length: 0\r\n\r\n",
    ANSWER_204 "Content-Length: 0\r\n\r\n", NULL
  };
  static const gchar *const cookies[] = { "push-id=0", "push-id=771",
    "push-id=900", "push-id=900", "push-id=0", "push-id=772"
  };
  Push t;
  GByteArray *data = g_byte_array_new ();
  guint i, k;

  g_setenv (LENGTH_ENV, "6000", TRUE);
  push_start (&t, wmnet_test_receiver_start_bodies (answers), 80, "");
  push_bytes (t.src, t.stream->data, t.stream->len);
  push_finish (&t, "reconnects", 1);
  g_unsetenv (LENGTH_ENV);
  fail_unless (t.rc->bodies >= 5, "%u bodies", t.rc->bodies);
  fail_unless (t.rc->requests->len > G_N_ELEMENTS (cookies));
  for (i = 0; i < t.rc->requests->len; i++) {
    WmnetTestRequest *r = g_ptr_array_index (t.rc->requests, i);
    gboolean setup = i == 0 || i == 4;

    check_request (r, setup ? "application/x-wms-pushsetup" :
        "application/x-wms-pushstart", cookies[MIN (i, 5)]);
    if (!setup)
      fail_unless_equals_string (wmnet_test_request_header (r,
              "content-length"), "6000");
  }
  /* one entry per PushStart: $H opens the two sessions' first ones only */
  for (i = 0; i < t.rc->sessions->len; i++) {
    GPtrArray *packets = g_ptr_array_index (t.rc->sessions, i);
    gboolean first = i == 0 || i == 3;

    fail_unless_equals_int (packet_at (packets, 0)->type == 'H', first);
    for (k = 0; k < packets->len; k++) {
      WmnetTestPacket *p = packet_at (packets, k);

      if (p->type == 'D')
        g_byte_array_append (data, g_bytes_get_data (p->payload, NULL),
            g_bytes_get_size (p->payload));
      else
        fail_unless (strchr (first && k == 0 ? "H" : "FE", p->type),
            "$%c in PushStart %u", p->type, i);
    }
  }
  fail_unless_equals_int (data->len, t.stream->len - t.header->len);
  fail_unless (memcmp (data->data, t.stream->data + t.header->len,
          data->len) == 0, "the packets differ from what was pushed");
  g_mutex_unlock (&t.rc->lock);
  push_free (&t);
  g_byte_array_unref (data);
}

GST_END_TEST;

/* The element messages named @name on @bus until one of reason @last
 * (bounded); returns how many had reason @count. */
static guint
count_messages (GstBus * bus, const gchar * name, const gchar * count,
    const gchar * last)
{
  guint n = 0;

  for (;;) {
    GstMessage *m = gst_bus_timed_pop_filtered (bus, WAIT_S * GST_SECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR);
    const GstStructure *st;
    const gchar *reason;

    fail_unless (m != NULL, "no %s with reason %s in %d s", name, last, WAIT_S);
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR, "an error");
    st = gst_message_get_structure (m);
    reason = gst_structure_get_string (st, "reason");
    if (gst_structure_has_name (st, name) && g_strcmp0 (reason, last) == 0) {
      gst_message_unref (m);
      return n;
    }
    if (gst_structure_has_name (st, name) && g_strcmp0 (reason, count) == 0)
      n++;
    gst_message_unref (m);
  }
}

/* D81, [MS-WMHTTP] 3.1.4.3: PushStart bodies of 6,000 bytes
 * (WMNET_TEST_PUSH_LENGTH) from wmnetpushsink to wmnetpushsrc: each filled
 * up with $F, answered 204 and followed by the session's next PushStart on
 * the connection, with no reconnect; what comes out of wmnetpushsrc is the
 * header once and every packet, byte for byte, in order, with no
 * discontinuity. */
GST_START_TEST (test_bodies_to_pushsrc)
{
  HeaderSpec spec = default_spec ();
  GByteArray *header = build_header (&spec);
  gboolean *keys;
  GByteArray *stream = build_stream (&spec, 60, &keys);
  GstElement *rx = gst_parse_launch ("wmnetpushsrc name=src port=0 "
      "publishing-point=/live ! appsink name=out sync=false "
      "max-buffers=1000", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (rx), "src");
  GstElement *out = gst_bin_get_by_name (GST_BIN (rx), "out");
  GstBus *bus = gst_element_get_bus (rx);
  GstElement *tx, *appsrc;
  gchar *desc;
  gint port = -1;
  guint i, complete;

  g_setenv (LENGTH_ENV, "6000", TRUE);
  fail_unless (gst_element_set_state (rx, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  g_object_get (src, "current-port", &port, NULL);
  fail_unless (port > 0);
  desc = g_strdup_printf ("appsrc name=src format=bytes caps=video/x-ms-asf "
      "! wmnetpushsink name=sink sync=false "
      "location=http://127.0.0.1:%d/live timeout=%d", port, WAIT_S);
  tx = gst_parse_launch (desc, NULL);
  g_free (desc);
  appsrc = gst_bin_get_by_name (GST_BIN (tx), "src");
  fail_unless_equals_int (gst_element_set_state (tx, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);
  push_bytes (appsrc, stream->data, stream->len);
  gst_app_src_end_of_stream (GST_APP_SRC (appsrc));
  fail_unless (wait_end (tx) == NULL);
  fail_unless_equals_int (stat_of (tx, "packets"), 60);
  fail_unless_equals_int (stat_of (tx, "reconnects"), 0);
  /* 6 bodies of 11 packets at most (the first holds $H): 5 filled */
  fail_unless (stat_of (tx, "bytes") > 5 * 6000);
  gst_element_set_state (tx, GST_STATE_NULL);

  /* one session: connected once per PushStart, each body but the last
   * complete, then $E(S_OK) */
  complete = count_messages (bus, "wmnetpushsrc-pusher-disconnected",
      "complete", "end");
  fail_unless (complete >= 5, "%u bodies complete", complete);
  for (i = 0; i <= 60; i++) {
    GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (out),
        WAIT_S * GST_SECOND);
    GstBuffer *buf;
    gsize off = i == 0 ? 0 : header->len + (i - 1) * spec.packet_size;
    gsize len = i == 0 ? header->len : spec.packet_size;

    fail_unless (sample != NULL, "buffer %u did not come", i);
    buf = gst_sample_get_buffer (sample);
    fail_unless_equals_int (gst_buffer_get_size (buf), len);
    fail_unless (gst_buffer_memcmp (buf, 0, stream->data + off, len) == 0,
        "buffer %u differs from what was pushed", i);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (buf,
            GST_BUFFER_FLAG_HEADER), i == 0);
    fail_if (i > 0 && GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT),
        "buffer %u is a discontinuity", i);
    gst_sample_unref (sample);
  }
  fail_if (gst_app_sink_try_pull_sample (GST_APP_SINK (out), 0));
  g_unsetenv (LENGTH_ENV);
  gst_element_set_state (rx, GST_STATE_NULL);
  gst_object_unref (appsrc);
  gst_object_unref (tx);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (out);
  gst_object_unref (rx);
  g_byte_array_unref (header);
  g_byte_array_unref (stream);
  g_free (keys);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsink, 0,
    WMNET_TEST (test_push),
    WMNET_TEST (test_header_change),
    WMNET_TEST (test_auth_basic),
    WMNET_TEST (test_auth_digest),
    WMNET_TEST (test_reconnect), WMNET_TEST (test_start_401),
    WMNET_TEST (test_wmasfmux),
    WMNET_TEST (test_refused), WMNET_TEST (test_unreachable),
    WMNET_TEST (test_location_refused), WMNET_TEST (test_bodies_answered),
    WMNET_TEST (test_bodies_to_pushsrc));
