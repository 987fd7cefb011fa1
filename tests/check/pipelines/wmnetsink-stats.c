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

/* The stats property and the wmnetsink-stats message end to end: refusals
 * counted by reason (403 access lists, 503 max-clients), disconnections by
 * reason, the totals against the clients' own counters and what the
 * clients read, the periodic message, wmnetserversink alone, and the
 * connected-at-datetime of the client structures. (The totals against
 * FFmpeg and VLC: pipelines/wmnetsink-log.) */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsrc.h>

#include "wmnettestutils.h"
#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"

#define LIVE(extra) \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! " \
  "audioconvert ! avenc_wmav2 ! wmnetsink name=s port=0 " \
  "address=127.0.0.1 " extra

/* @field of @s, which must hold it as a @type (G_TYPE_UINT64 or
 * G_TYPE_UINT) */
static guint64
number (const GstStructure * s, const gchar * field, GType type)
{
  const GValue *v = gst_structure_get_value (s, field);

  fail_unless (v != NULL && G_VALUE_TYPE (v) == type, "no %s %s in %"
      GST_PTR_FORMAT, g_type_name (type), field, s);
  return type == G_TYPE_UINT ? g_value_get_uint (v) : g_value_get_uint64 (v);
}

#define u64(s, field) number (s, field, G_TYPE_UINT64)
#define get_uint(s, field) ((guint) number (s, field, G_TYPE_UINT))

/* the server thread counted a header change (@data: the pipeline) */
static gboolean
header_changed (gpointer data)
{
  return wmnet_test_get_stat (data, "header-changes") > 0;
}

static GSocket *
play (guint port, const gchar * from, gchar ** status_line)
{
  GByteArray *arr;
  GSocket *sock = wmnet_test_open_get (port, from,
      "GET / HTTP/1.0\r\nUser-Agent: curl/7.88.1\r\n\r\n", 12, &arr);
  gchar *end;

  end = g_strstr_len ((gchar *) arr->data, arr->len, "\r");
  *status_line = g_strndup ((gchar *) arr->data, end ? end - (gchar *)
      arr->data : 12);
  g_byte_array_unref (arr);
  return sock;
}

GST_START_TEST (test_stats_refusals)
{
  guint port;
  GstElement *p =
      wmnet_test_start_pipeline (LIVE ("max-clients=1 access-exclude=<"
          "\"127.0.0.2\">"), &port);
  GSocket *a, *b, *c;
  gchar *status;
  GstStructure *st, *m;
  GByteArray *arr;
  guint64 read_a = 0;

  a = play (port, NULL, &status);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 200"), "%s", status);
  g_free (status);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  /* full: 503 */
  b = play (port, NULL, &status);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 503"), "%s", status);
  g_free (status);
  /* excluded: 403, before max-clients is looked at */
  c = play (port, "127.0.0.2", &status);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 403"), "%s", status);
  g_free (status);
  g_object_unref (b);
  g_object_unref (c);
  m = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  gst_structure_free (m);
  m = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  gst_structure_free (m);

  arr = wmnet_test_recv (a, 64 * 1024, 3000);
  read_a = arr->len;
  g_byte_array_unref (arr);

  st = wmnet_test_get_stats (p);
  fail_unless_equals_uint64 (u64 (st, "connections-accepted"), 1);
  fail_unless_equals_uint64 (u64 (st, "connections-refused"), 2);
  fail_unless_equals_uint64 (u64 (st, "refused-max-clients"), 1);
  fail_unless_equals_uint64 (u64 (st, "refused-access-denied"), 1);
  fail_unless_equals_int (get_uint (st, "clients"), 1);
  fail_unless_equals_int (get_uint (st, "peak-clients"), 1);
  fail_unless (u64 (st, "bytes-sent") > 0);
  fail_unless (u64 (st, "uptime") > 0);
  gst_structure_free (st);

  /* kicked: counted by its reason; the client's counters are the totals */
  {
    GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "s");

    g_signal_emit_by_name (sink, "disconnect-all");
    gst_object_unref (sink);
  }
  m = wmnet_test_pop_element_message (p, "wmnetsink-client-disconnected", 5000);
  fail_unless (m != NULL);
  arr = wmnet_test_recv (a, G_MAXSIZE, 5000);
  read_a += arr->len;
  g_byte_array_unref (arr);
  g_object_unref (a);
  st = wmnet_test_get_stats (p);
  fail_unless_equals_uint64 (u64 (st, "disconnected-kicked"), 1);
  fail_unless_equals_uint64 (u64 (st, "disconnections"), 1);
  fail_unless_equals_int (get_uint (st, "clients"), 0);
  fail_unless_equals_uint64 (u64 (st, "bytes-sent"), u64 (m, "bytes-sent"));
  fail_unless_equals_uint64 (u64 (st, "packets-sent"), u64 (m, "packets-sent"));
  /* plain HTTP: what the client read after the response head is what was
   * sent (the head is libsoup's, not counted) */
  fail_unless (read_a > u64 (st, "bytes-sent"));
  fail_unless (read_a - u64 (st, "bytes-sent") < 512,
      "read %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT, read_a,
      u64 (st, "bytes-sent"));
  gst_structure_free (m);
  gst_structure_free (st);

  /* stopped: the last run's figures stay readable */
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless_equals_uint64 (wmnet_test_get_stat (p, "connections-accepted"),
      1);
  gst_object_unref (p);
}

GST_END_TEST;

/* stats-interval: a wmnetsink-stats message that often; 0 stops them */
GST_START_TEST (test_stats_interval)
{
  guint port, i;
  GstElement *p = wmnet_test_start_pipeline (LIVE ("stats-interval=100000000"),
      &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  guint64 interval = 0, last_uptime = 0;
  GstBus *bus;
  GstMessage *msg;
  GSocket *a;
  gchar *status;
  gint64 end, left;

  g_object_get (s, "stats-interval", &interval, NULL);
  fail_unless_equals_uint64 (interval, 100 * GST_MSECOND);
  for (i = 0; i < 3; i++) {
    GstStructure *m = wmnet_test_pop_element_message (p, "wmnetsink-stats",
        5000);

    fail_unless (m != NULL, "message %u", i);
    fail_unless (u64 (m, "uptime") >= last_uptime);
    last_uptime = u64 (m, "uptime");
    fail_unless (gst_structure_has_field (m, "current-bitrate"));
    gst_structure_free (m);
  }
  g_object_set (s, "stats-interval", G_GUINT64_CONSTANT (0), NULL);
  /* a round trip through the server thread: it takes the setting before it
   * serves a client that connects later, so every message of the old timer
   * is on the bus before that client's wmnetsink-client-connected */
  a = play (port, NULL, &status);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 200"), "%s", status);
  g_free (status);
  bus = gst_element_get_bus (p);
  while ((msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
              GST_MESSAGE_ELEMENT))
      && !gst_message_has_name (msg, "wmnetsink-client-connected"))
    gst_message_unref (msg);
  fail_unless (msg != NULL, "no wmnetsink-client-connected");
  gst_message_unref (msg);
  /* then none in five of the old intervals */
  end = g_get_monotonic_time () + 500 * 1000;
  while ((left = end - g_get_monotonic_time ()) > 0
      && (msg = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
              GST_MESSAGE_ELEMENT))) {
    fail_if (gst_message_has_name (msg, "wmnetsink-stats"),
        "a wmnetsink-stats message after stats-interval=0");
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  g_object_unref (a);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* wmnetserversink has the same stats (shadowing GstBaseSink's), and the
 * client structures carry connected-at as a GstDateTime too */
GST_START_TEST (test_serversink_stats_and_datetime)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline ("audiotestsrc is-live=true ! "
      "audioconvert ! avenc_wmav2 ! wmasfmux ! wmnetserversink name=s "
      "port=0 address=127.0.0.1", &port);
  gchar *status;
  GSocket *a = play (port, NULL, &status);
  GPtrArray *clients;
  const GstStructure *c;
  GstDateTime *dt = NULL;
  gint64 at = 0;
  GDateTime *g;

  g_free (status);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  clients = wmnet_test_get_clients (p);
  fail_unless_equals_int (clients->len, 1);
  c = g_ptr_array_index (clients, 0);
  fail_unless (gst_structure_get_int64 (c, "connected-at", &at));
  fail_unless (gst_structure_get (c, "connected-at-datetime",
          GST_TYPE_DATE_TIME, &dt, NULL));
  g = gst_date_time_to_g_date_time (dt);
  fail_unless_equals_int64 (g_date_time_to_unix (g) * G_USEC_PER_SEC +
      g_date_time_get_microsecond (g), at);
  fail_unless (gst_date_time_has_time (dt));
  fail_unless_equals_float (gst_date_time_get_time_zone_offset (dt), 0.0);
  g_date_time_unref (g);
  gst_date_time_unref (dt);
  g_ptr_array_unref (clients);

  fail_unless_equals_uint64 (wmnet_test_get_stat (p, "connections-accepted"),
      1);
  g_object_unref (a);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* @seconds of a test tone muxed by wmasfmux into @file, not live: each
 * recording has a header of its own (a new File ID) */
static void
record_asf (const gchar * file, guint seconds)
{
  gchar *desc = g_strdup_printf ("audiotestsrc num-buffers=%u ! "
      "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! "
      "wmasfmux ! filesink location=%s", seconds * 44100 / 1024, file);

  wmnet_test_run_to_eos (desc, 30);
  g_free (desc);
}

/* Two recordings one after the other in a byte stream: one header change */
GST_START_TEST (test_stats_header_change)
{
  gchar *f[2];
  guint port, i;
  GstElement *p, *src;
  GstBus *bus;
  GstMessage *msg;

  p = wmnet_test_start_pipeline ("appsrc name=src caps=video/x-ms-asf "
      "format=bytes ! wmnetserversink name=s port=0 address=127.0.0.1 "
      "sync=false", &port);
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  for (i = 0; i < 2; i++) {
    gchar *data;
    gsize len;

    f[i] = g_strdup_printf ("%s/%u.asf", wmnet_test_tmpdir, i);
    record_asf (f[i], 2);
    fail_unless (g_file_get_contents (f[i], &data, &len, NULL));
    fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (src),
            gst_buffer_new_wrapped (data, len)), GST_FLOW_OK);
    g_free (f[i]);
  }
  fail_unless_equals_int (gst_app_src_end_of_stream (GST_APP_SRC (src)),
      GST_FLOW_OK);
  bus = gst_element_get_bus (p);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS);
  fail_unless (msg != NULL, "no EOS");
  gst_message_unref (msg);
  gst_object_unref (bus);

  /* the EOS does not wait for the server thread to take the feed in when
   * no client is there: a bounded wait for its counter */
  fail_unless (wmnet_test_wait_until (header_changed, p, 5000),
      "no header change counted");
  fail_unless_equals_uint64 (wmnet_test_get_stat (p, "header-changes"), 1);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetsink_stats, 60, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_stats_refusals),
    WMNET_TEST (test_stats_interval),
    WMNET_TEST (test_serversink_stats_and_datetime),
    WMNET_TEST (test_stats_header_change));
