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

/* wmnetsrc: properties and URI handling; what it makes of a wmnetsink
 * broadcast (recorded media, no codec); and a crafted server in this
 * process (a GSocketListener thread) for each answer a hostile or odd
 * server gives: error statuses, silence, broken framing, an endless or a
 * 10 MB header, a close inside a packet, $E, $C, a multiple-bit-rate
 * header. Each ends in a clear error, an EOS or a reconnect, in bounded
 * time. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestcrafted.h"
#include "wmnettestutils.h"
#include "wmnettestsuite.h"
#include <gst/wmasf/asfreader.h>
#include "libs/wmnetasfbuild.h"

#define RUN_TIMEOUT (20 * GST_SECOND)

/* ------------------------------------------------------------------------ */
/* a wmnetsrc ! appsink run */

typedef struct
{
  GstMessage *end;              /* the ERROR or EOS, NULL on timeout */
  GPtrArray *buffers;
  GPtrArray *caps;              /* distinct caps seen, in order */
  guint reconnects;
} Run;

/* TRUE when a run that is not to end has seen what it waited for */
typedef gboolean (*RunDone) (Run * r, gpointer data);

/* Runs until an ERROR or EOS, or until @done says so (when not NULL), within
 * @timeout (times wmnet_test_time_factor(): valgrind's slowdown overran
 * fixed bounds). */
static Run *
run_src_until (const gchar * uri, const gchar * props, GstClockTime timeout,
    RunDone done, gpointer data)
{
  gchar *desc = g_strdup_printf ("wmnetsrc name=src location=%s %s ! "
      "appsink name=out sync=false", uri, props);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink;
  GstBus *bus;
  Run *r = g_new0 (Run, 1);
  GstClockTime end = gst_util_get_timestamp () +
      timeout * wmnet_test_time_factor ();

  fail_unless (pipeline != NULL, "%s", desc);
  r->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  r->caps = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  bus = gst_element_get_bus (pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);

  while (r->end == NULL && !(done && done (r, data))
      && gst_util_get_timestamp () < end) {
    GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
        20 * GST_MSECOND);
    GstMessage *msg;

    if (sample) {
      GstCaps *caps = gst_sample_get_caps (sample);

      if (r->buffers->len < 10000)
        g_ptr_array_add (r->buffers,
            gst_buffer_ref (gst_sample_get_buffer (sample)));
      if (caps && (r->caps->len == 0 || !gst_caps_is_equal (caps,
                  g_ptr_array_index (r->caps, r->caps->len - 1))))
        g_ptr_array_add (r->caps, gst_caps_ref (caps));
      gst_sample_unref (sample);
    }
    while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR |
                GST_MESSAGE_EOS | GST_MESSAGE_ELEMENT))) {
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
        if (gst_message_has_name (msg, "wmnetsrc-reconnect"))
          r->reconnects++;
        gst_message_unref (msg);
      } else if (r->end == NULL) {
        r->end = msg;
      } else {
        gst_message_unref (msg);
      }
    }
  }
  /* the last samples before EOS */
  if (r->end && GST_MESSAGE_TYPE (r->end) == GST_MESSAGE_EOS) {
    GstSample *sample;

    while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 0))) {
      g_ptr_array_add (r->buffers,
          gst_buffer_ref (gst_sample_get_buffer (sample)));
      gst_sample_unref (sample);
    }
  }
  fail_unless (gst_element_set_state (pipeline, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_free (desc);
  return r;
}

static Run *
run_src (const gchar * uri, const gchar * props, GstClockTime timeout)
{
  return run_src_until (uri, props, timeout, NULL, NULL);
}

/* run_src_until () on the crafted server @s */
static Run *
run_served_until (Server * s, const gchar * props, RunDone done, gpointer data)
{
  gchar *uri = server_uri (s);
  Run *r = run_src_until (uri, props, RUN_TIMEOUT, done, data);

  g_free (uri);
  return r;
}

static Run *
run_served (Server * s, const gchar * props)
{
  return run_served_until (s, props, NULL, NULL);
}

static gboolean
got_buffers (Run * r, gpointer n)
{
  return r->buffers->len >= GPOINTER_TO_UINT (n);
}

static void
run_free (Run * r)
{
  if (r->end)
    gst_message_unref (r->end);
  g_ptr_array_unref (r->buffers);
  g_ptr_array_unref (r->caps);
  g_free (r);
}

/* The run ended in an error of @domain/@code whose debug text has
 * @debug_part (when not NULL). */
static void
assert_error (Run * r, GQuark domain, gint code, const gchar * debug_part)
{
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless (r->end != NULL, "no error in time");
  fail_unless (GST_MESSAGE_TYPE (r->end) == GST_MESSAGE_ERROR, "%s",
      GST_MESSAGE_TYPE_NAME (r->end));
  gst_message_parse_error (r->end, &err, &debug);
  GST_INFO ("error: %s (%s)", err->message, debug);
  fail_unless (err->domain == domain && err->code == code, "%s %d: %s",
      g_quark_to_string (err->domain), err->code, err->message);
  if (debug_part)
    fail_unless (debug && strstr (debug, debug_part), "%s", debug);
  g_error_free (err);
  g_free (debug);
}

/* ------------------------------------------------------------------------ */

GST_START_TEST (test_properties)
{
  GstElement *src = gst_element_factory_make ("wmnetsrc", NULL);
  GstElement *by_uri;
  gchar *s;
  gint retries;
  guint timeout, max_bitrate;
  gboolean live;

  fail_unless (src != NULL);
  g_object_get (src, "location", &s, "retries", &retries, "timeout",
      &timeout, "max-bitrate", &max_bitrate, "is-live", &live, NULL);
  fail_unless (s == NULL);
  fail_unless_equals_int (retries, 5);
  fail_unless_equals_int (timeout, 15);
  fail_unless_equals_int (max_bitrate, 0);
  fail_unless (live);
  g_object_get (src, "user-agent", &s, NULL);
  fail_unless (g_str_has_prefix (s, "NSPlayer/"));
  g_free (s);

  g_object_set (src, "location", "mms://example.com/live", NULL);
  g_object_get (src, "location", &s, NULL);
  fail_unless_equals_string (s, "mms://example.com/live");
  g_free (s);
  /* refused, kept */
  ASSERT_WARNING (g_object_set (src, "location", "file:///etc/passwd", NULL));
  g_object_get (src, "location", &s, NULL);
  fail_unless_equals_string (s, "mms://example.com/live");
  g_free (s);
  fail_if (gst_uri_handler_set_uri (GST_URI_HANDLER (src), "mmsh://", NULL));
  gst_object_unref (src);

  by_uri = gst_element_make_from_uri (GST_URI_SRC,
      "mmsh://127.0.0.1:1/a.asf", NULL, NULL);
  fail_unless (by_uri != NULL);
  fail_unless_equals_string (GST_OBJECT_NAME (gst_element_get_factory
          (by_uri)), "wmnetsrc");
  gst_object_unref (by_uri);
  by_uri = gst_element_make_from_uri (GST_URI_SRC, "mms://127.0.0.1/", NULL,
      NULL);
  fail_unless (by_uri != NULL);
  gst_object_unref (by_uri);
}

GST_END_TEST;

static gboolean
count_log (const gchar * domain, GLogLevelFlags level, const gchar * message,
    gpointer user_data)
{
  GST_INFO ("expected: %s", message);
  (*(guint *) user_data)++;
  return TRUE;
}

/* An unsupported scheme: the warning (set_property), the URI handler's
 * GError and the error at start name the URI and the schemes taken; the
 * start error used to be "No location set". */
GST_START_TEST (test_bad_scheme)
{
  const gchar *uri = "rtsp://127.0.0.1:1/live";
  GRegex *re = g_regex_new ("rtsp://127\\.0\\.0\\.1:1/live: not an mmsh://, "
      "mms://, mmshs://, http:// or https:// URI", 0, 0, NULL);
  GstElement *src = gst_element_factory_make ("wmnetsrc", NULL);
  GError *err = NULL;
  guint warnings = 0;
  Run *r;

  gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING, re, count_log,
      &warnings, NULL);
  g_object_set (src, "location", uri, NULL);
  fail_unless_equals_int (warnings, 1);
  fail_if (gst_uri_handler_set_uri (GST_URI_HANDLER (src), uri, &err));
  fail_unless (g_error_matches (err, GST_URI_ERROR,
          GST_URI_ERROR_UNSUPPORTED_PROTOCOL));
  /* GstURIHandler refuses a scheme it does not list before asking us */
  fail_unless (strstr (err->message, "rtsp") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_object_unref (src);

  r = run_src (uri, "", RUN_TIMEOUT);
  fail_unless_equals_int (warnings, 2);
  assert_error (r, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, NULL);
  gst_message_parse_error (r->end, &err, NULL);
  fail_unless (g_regex_match (re, err->message, 0, NULL), "%s", err->message);
  g_clear_error (&err);
  run_free (r);
  gst_check_clear_log_filter ();
}

GST_END_TEST;

/* The TLS schemes (D78): an https:// location is taken, and mmshs:// is
 * the URI handler's; the certificate switches are souphttpsrc's, strict
 * and with the system's CAs by default. */
GST_START_TEST (test_tls_schemes)
{
  GstElement *src = gst_element_factory_make ("wmnetsrc", NULL);
  const gchar *const *protocols =
      gst_uri_handler_get_protocols (GST_URI_HANDLER (src));
  GError *err = NULL;
  gboolean strict, system;
  gchar *location;

  fail_unless (g_strv_contains (protocols, "mmshs"));
  g_object_set (src, "location", "https://127.0.0.1/live", NULL);
  g_object_get (src, "location", &location, "ssl-strict", &strict,
      "ssl-use-system-ca-file", &system, NULL);
  fail_unless_equals_string (location, "https://127.0.0.1/live");
  fail_unless (strict && system);
  g_free (location);
  fail_unless (gst_uri_handler_set_uri (GST_URI_HANDLER (src),
          "mmshs://127.0.0.1:8443/live", &err), "%s", err ? err->message : "");
  location = gst_uri_handler_get_uri (GST_URI_HANDLER (src));
  fail_unless_equals_string (location, "mmshs://127.0.0.1:8443/live");
  g_free (location);
  gst_object_unref (src);
}

GST_END_TEST;

/* A wmnetsink broadcast of recorded media: the header first (flagged,
 * in the caps), then whole packets, timestamps that never go back, key
 * packets among delta ones. The play request is Windows Media Player's. */
GST_START_TEST (test_wmnetsink)
{
  guint port, i, keys = 0, deltas = 0;
  GstElement *origin = wmnet_test_start_recorded ("", &port);
  gchar *uri = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  Run *r;
  GstBuffer *header;
  const GValue *sh;
  GstClockTime last = 0;
  gsize packet_size = 0;

  r = run_src_until (uri, "", RUN_TIMEOUT, got_buffers, GUINT_TO_POINTER (51));
  fail_unless (r->end == NULL, "%s", r->end ? GST_MESSAGE_TYPE_NAME (r->end)
      : "");
  fail_unless (r->buffers->len > 50, "%u buffers", r->buffers->len);
  fail_unless_equals_int (r->caps->len, 1);
  header = g_ptr_array_index (r->buffers, 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (header, GST_BUFFER_FLAG_HEADER));
  sh = gst_structure_get_value (gst_caps_get_structure (g_ptr_array_index
          (r->caps, 0), 0), "streamheader");
  fail_unless (sh != NULL && gst_value_array_get_size (sh) == 1);
  fail_unless (gst_buffer_get_size (gst_value_get_buffer
          (gst_value_array_get_value (sh, 0))) == gst_buffer_get_size (header));
  for (i = 1; i < r->buffers->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, i);

    fail_if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_HEADER));
    if (packet_size == 0)
      packet_size = gst_buffer_get_size (b);
    fail_unless_equals_int (gst_buffer_get_size (b), packet_size);
    fail_unless (GST_BUFFER_PTS_IS_VALID (b));
    fail_unless (GST_BUFFER_PTS (b) >= last);
    last = GST_BUFFER_PTS (b);
    if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DELTA_UNIT))
      deltas++;
    else
      keys++;
  }
  GST_INFO ("%u key and %u delta packets", keys, deltas);
  fail_unless (keys > 0 && deltas > 0);
  run_free (r);
  g_free (uri);
  wmnet_test_stop_pipeline (origin);
}

GST_END_TEST;

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean set;
} CapsWait;

static void
on_caps (GstPad * pad, GParamSpec * pspec, CapsWait * w)
{
  g_mutex_lock (&w->lock);
  w->set = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
}

/* The Preroll of the header in @pad's first caps (they carry it: no bare
 * caps before them), waited for until @end. */
static guint64
caps_preroll (GstPad * pad, CapsWait * w, gint64 end)
{
  GstCaps *caps;
  const GValue *sh;
  GstBuffer *buf;
  GstMapInfo map;
  WmAsfHeaderInfo info;

  g_mutex_lock (&w->lock);
  while (!w->set && g_cond_wait_until (&w->cond, &w->lock, end));
  w->set = FALSE;
  g_mutex_unlock (&w->lock);
  caps = gst_pad_get_current_caps (pad);
  fail_unless (caps != NULL, "no caps in time");
  sh = gst_structure_get_value (gst_caps_get_structure (caps, 0),
      "streamheader");
  fail_unless (sh != NULL && GST_VALUE_HOLDS_ARRAY (sh), "%" GST_PTR_FORMAT,
      caps);
  buf = gst_value_get_buffer (gst_value_array_get_value (sh, 0));
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless (wmasf_header_parse (map.data, map.size, &info, NULL));
  gst_buffer_unmap (buf, &map);
  gst_caps_unref (caps);
  return info.preroll_ms;
}

/* Live: the latency query answers the latency property as the minimum
 * (500 ms unless set), no maximum; the header goes on with a Preroll of 0,
 * which asfdemux adds to the latency, unless keep-preroll (docs/design.md
 * D58). */
GST_START_TEST (test_latency)
{
  guint port;
  GstElement *origin = wmnet_test_start_recorded ("", &port);
  gchar *desc = g_strdup_printf ("wmnetsrc name=src "
      "location=mmsh://127.0.0.1:%u/ ! fakesink sync=false", port);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (p), "src");
  GstPad *pad = gst_element_get_static_pad (src, "src");
  GstQuery *q = gst_query_new_latency ();
  GstClockTime min, max;
  gboolean live;
  CapsWait w = { 0, };
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC *
      wmnet_test_time_factor ();

  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  g_signal_connect (pad, "notify::caps", G_CALLBACK (on_caps), &w);
  fail_if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_uint64 (caps_preroll (pad, &w, end), 0);

  fail_unless (gst_element_query (src, q));
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless (live);
  fail_unless_equals_uint64 (min, 500 * GST_MSECOND);
  fail_unless (max == GST_CLOCK_TIME_NONE);
  gst_query_unref (q);

  /* a buffer of the user's, asked for */
  g_object_set (src, "latency", 1500, NULL);
  q = gst_query_new_latency ();
  fail_unless (gst_element_query (src, q));
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless_equals_uint64 (min, 1500 * GST_MSECOND);
  gst_query_unref (q);

  /* the header as the server sent it, asked for */
  fail_unless (gst_element_set_state (p, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  g_object_set (src, "keep-preroll", TRUE, NULL);
  w.set = FALSE;                /* the caps went with the NULL state */
  fail_if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless (caps_preroll (pad, &w, end) > 0);

  g_signal_handlers_disconnect_by_func (pad, on_caps, &w);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);
  gst_object_unref (pad);
  gst_object_unref (src);
  fail_unless (gst_element_set_state (p, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (p);
  g_free (desc);
  wmnet_test_stop_pipeline (origin);
}

GST_END_TEST;

/* What each crafted server's run that ends in EOS is checked for, on top
 * of the EOS and the number of buffers */
typedef void (*ServedCheck) (Run * r, Server * s);

static void
check_eos (Run * r, Server * s)
{
  gchar *play;

  fail_unless_equals_int (GST_BUFFER_PTS (g_ptr_array_index (r->buffers, 1)),
      0);
  fail_unless_equals_int (GST_BUFFER_PTS (g_ptr_array_index (r->buffers, 2)),
      100 * GST_MSECOND);
  /* describe, then play with the server's client-id echoed */
  fail_unless_equals_int (s->requests->len, 2);
  fail_if (strstr (g_ptr_array_index (s->requests, 0), "xPlayStrm") != NULL);
  play = g_ptr_array_index (s->requests, 1);
  fail_unless (strstr (play, "Pragma: xPlayStrm=1\r\n") != NULL, "%s", play);
  fail_unless (strstr (play, "Pragma: client-id=4242\r\n") != NULL, "%s", play);
  fail_unless (strstr (play, "Pragma: xClientGUID={") != NULL, "%s", play);
  fail_unless (strstr (play, "Pragma: stream-switch-count=2\r\n") != NULL,
      "%s", play);
  fail_unless (strstr (play, "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 "
          "\r\n") != NULL, "%s", play);
  fail_unless (strstr (play, "User-Agent: NSPlayer/") != NULL, "%s", play);
}

/* $E(1), $C, a new header: new caps with the new streamheader, the new
 * header pushed, then its packets. */
static void
check_change (Run * r, Server * s)
{
  guint i, headers = 0;

  fail_unless_equals_int (r->caps->len, 2);
  for (i = 0; i < r->buffers->len; i++)
    headers += GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (r->buffers, i),
        GST_BUFFER_FLAG_HEADER);
  fail_unless_equals_int (headers, 2);
}

/* A play connection lost without $E is retried; the retry's stream goes
 * on (same header: no new caps). */
static void
check_reconnect (Run * r, Server * s)
{
  fail_unless_equals_int (r->reconnects, 1);
  fail_unless_equals_int (r->caps->len, 1);
  fail_unless_equals_int (s->requests->len, 4);
}

/* Basic authentication with user-id / user-pw: the 401 is answered once
 * with the credentials; without them it is NOT_AUTHORIZED. */
static void
check_auth (Run * r, Server * s)
{
  Run *wrong = run_served (s, "user-id=user user-pw=wrong");

  assert_error (wrong, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED,
      "401");
  run_free (wrong);
}

/* Both requests go through the proxy, absolute URI first. */
static void
check_proxy (Run * r, Server * s)
{
  guint i;

  fail_unless_equals_int (s->requests->len, 2);
  for (i = 0; i < 2; i++)
    fail_unless (g_str_has_prefix (g_ptr_array_index (s->requests, i),
            "GET http://wmnet.invalid/live HTTP/1.1\r\n"), "%s",
        (gchar *) g_ptr_array_index (s->requests, i));
}

/* proxy_auth: a proxy asking for credentials (407) gets those of the
 * proxy URI; the EOS and the buffers are what says so */
static void
check_nothing_more (Run * r, Server * s)
{
}

static const struct
{
  const gchar *name;
  ServeMode mode;
  const gchar *props;
  /* through this server as a proxy, with these credentials ("user:pw@"),
   * to mmsh://wmnet.invalid/live; NULL: straight to the server */
  const gchar *proxy_userinfo;
  guint n_buffers;              /* G_MAXUINT: not counted */
  ServedCheck check;
} served_eos[] = {
  {"eos", SERVE_OK, "is-live=false", NULL, 1 + 20, check_eos},
  {"change", SERVE_CHANGE, "", NULL, 2 + 40, check_change},
  {"reconnect", SERVE_FLAKY, "retries=2", NULL, 1 + 20 + 20, check_reconnect},
  {"auth", SERVE_AUTH, "user-id=user user-pw=pw", NULL, 1 + 20, check_auth},
  {"proxy", SERVE_OK, "", "", G_MAXUINT, check_proxy},
  {"proxy_auth", SERVE_PROXY_AUTH, "", "user:pw@", 1 + 20,
      check_nothing_more},
};

/* A crafted server's stream played to its EOS, each row of served_eos */
GST_START_TEST (test_served_eos)
{
  const gchar *name = served_eos[__i__].name;
  Server *s = server_start (served_eos[__i__].mode, NULL);
  Run *r;

  GST_INFO ("case %s", name);
  if (served_eos[__i__].proxy_userinfo) {
    gchar *props = g_strdup_printf ("%s proxy=http://%s127.0.0.1:%u/",
        served_eos[__i__].props, served_eos[__i__].proxy_userinfo, s->port);

    r = run_src ("mmsh://wmnet.invalid/live", props, RUN_TIMEOUT);
    g_free (props);
  } else {
    r = run_served (s, served_eos[__i__].props);
  }
  fail_unless (r->end && GST_MESSAGE_TYPE (r->end) == GST_MESSAGE_EOS,
      "case %s: no EOS", name);
  fail_unless (served_eos[__i__].n_buffers == G_MAXUINT
      || r->buffers->len == served_eos[__i__].n_buffers,
      "case %s: %u buffers, not %u", name, r->buffers->len,
      served_eos[__i__].n_buffers);
  served_eos[__i__].check (r, s);
  run_free (r);
  server_stop (s);
}

GST_END_TEST;

static const struct
{
  const gchar *status;
  gint code;
} statuses[] = {
  {"HTTP/1.0 404 Not Found", GST_RESOURCE_ERROR_NOT_FOUND},
  {"HTTP/1.0 401 Unauthorized", GST_RESOURCE_ERROR_NOT_AUTHORIZED},
  {"HTTP/1.0 403 Forbidden", GST_RESOURCE_ERROR_NOT_AUTHORIZED},
  {"HTTP/1.0 503 Service Unavailable", GST_RESOURCE_ERROR_OPEN_READ},
};

GST_START_TEST (test_status)
{
  Server *s = server_start (SERVE_STATUS, NULL);
  Run *r;

  s->status = statuses[__i__].status;
  r = run_served (s, "retries=1");
  assert_error (r, GST_RESOURCE_ERROR, statuses[__i__].code,
      statuses[__i__].status + strlen ("HTTP/1.0 "));
  /* 404, 401, 403 are final; 503 is retried */
  fail_unless_equals_int (r->reconnects, __i__ == 3 ? 1 : 0);
  run_free (r);
  server_stop (s);
}

GST_END_TEST;

/* Each hostile server: an error in bounded time, no crash. */
static const struct
{
  ServeMode mode;
  gint code;
  const gchar *debug;
} hostile[] = {
  {SERVE_SILENT, GST_RESOURCE_ERROR_OPEN_READ, NULL},
  {SERVE_BAD_LENGTHS, GST_RESOURCE_ERROR_OPEN_READ, "disagree"},
  {SERVE_ENDLESS_HEADER, GST_RESOURCE_ERROR_OPEN_READ, NULL},
  {SERVE_HUGE_HEADER, GST_RESOURCE_ERROR_OPEN_READ, NULL},
  {SERVE_ENDLESS_P, GST_RESOURCE_ERROR_OPEN_READ, "no header"},
  {SERVE_END_ONLY, GST_RESOURCE_ERROR_OPEN_READ, "without $H"},
};

GST_START_TEST (test_hostile)
{
  Server *s = server_start (hostile[__i__].mode, NULL);
  Run *r = run_served (s, "retries=1 timeout=1");

  assert_error (r, GST_RESOURCE_ERROR, hostile[__i__].code,
      hostile[__i__].debug);
  fail_unless_equals_int (r->reconnects, 1);
  run_free (r);
  server_stop (s);
}

GST_END_TEST;

static gboolean
two_reconnects (Run * r, gpointer data)
{
  return r->reconnects >= 2 && r->buffers->len >= 1 + 3 * 2;
}

/* A server that closes inside a packet after a few: each connection is
 * retried at once (packets came, so the retry count starts again); the
 * packets before are kept, no error, no new header. */
GST_START_TEST (test_close_mid_packet)
{
  Server *s = server_start (SERVE_CLOSE_MID_PACKET, NULL);
  Run *r = run_served_until (s, "retries=1 timeout=1",
      two_reconnects, NULL);
  guint i;

  fail_unless (r->end == NULL, "%s", r->end ? GST_MESSAGE_TYPE_NAME (r->end)
      : "");
  fail_unless (r->reconnects >= 2, "%u reconnects", r->reconnects);
  fail_unless_equals_int (r->caps->len, 1);
  fail_unless (r->buffers->len >= 1 + 3 * 2);
  for (i = 1; i < r->buffers->len; i++)
    fail_unless_equals_int (gst_buffer_get_size (g_ptr_array_index
            (r->buffers, i)), 512);
  run_free (r);
  server_stop (s);
}

GST_END_TEST;

/* max-bitrate: the stream-switch-entry each value asks for */
static const gchar *const max_bitrate_entries[][2] = {
  {"", "stream-switch-entry=ffff:1:0 ffff:2:0 ffff:3:0 \r\n"},
  {"max-bitrate=2000000", "stream-switch-entry=ffff:1:2 ffff:2:0 "
        "ffff:3:0 \r\n"},
  {"max-bitrate=500000", "stream-switch-entry=ffff:1:0 ffff:2:0 "
        "ffff:3:2 \r\n"},
};

/* On a multiple-bit-rate header (build_mbr_header(): video 1 at
 * 300 kbit/s and video 3 at 1 Mbit/s exclusive, audio 2 at 64 kbit/s),
 * max-bitrate picks which video the play request asks for. */
GST_START_TEST (test_max_bitrate)
{
  GByteArray *h = build_mbr_header ();
  Server *s = server_start (SERVE_OK, h);
  Run *r = run_served (s, max_bitrate_entries[__i__][0]);
  gchar *play;

  fail_unless (r->end && GST_MESSAGE_TYPE (r->end) == GST_MESSAGE_EOS);
  play = g_ptr_array_index (s->requests, 1);
  fail_unless (strstr (play, "Pragma: stream-switch-count=3\r\n") != NULL,
      "%s", play);
  fail_unless (strstr (play, max_bitrate_entries[__i__][1]) != NULL, "%s",
      play);
  run_free (r);
  server_stop (s);
  g_byte_array_unref (h);
}

GST_END_TEST;

static gboolean
server_has_request (Run * r, gpointer data)
{
  Server *s = data;
  gboolean has;

  g_mutex_lock (&s->lock);
  has = s->requests->len > 0;
  g_mutex_unlock (&s->lock);
  return has;
}

/* Stopping while the server keeps silent and no timeout is set: unlock
 * cancels the wait (the state change returns; a hang fails the test). */
GST_START_TEST (test_stop_while_waiting)
{
  Server *s = server_start (SERVE_SILENT, NULL);
  Run *r = run_served_until (s, "timeout=0", server_has_request,
      s);

  fail_unless (r->end == NULL);
  fail_unless (server_has_request (r, s));
  fail_unless_equals_int (r->buffers->len, 0);
  run_free (r);
  server_stop (s);
}

GST_END_TEST;

/* An ASX playlist (with an mms:// URL: HTTP rollover) or an ASF
 * reference file where the header should be: followed. */
GST_START_TEST (test_asx)
{
  Server *s = server_start (SERVE_ASX, NULL);
  gchar *uri = g_strdup_printf ("mms://127.0.0.1:%u/", s->port);
  Run *r;

  s->reference = __i__ == 1;
  r = run_src (uri, "", RUN_TIMEOUT);

  fail_unless (r->end && GST_MESSAGE_TYPE (r->end) == GST_MESSAGE_EOS);
  fail_unless_equals_int (r->buffers->len, 1 + 20);
  fail_unless_equals_int (s->requests->len, 3);
  fail_unless (g_str_has_prefix (g_ptr_array_index (s->requests, 2),
          "GET /live HTTP/1.1\r\n"));
  run_free (r);
  g_free (uri);
  server_stop (s);
}

GST_END_TEST;

static Suite *
wmnetsrc_suite (void)
{
  const WmnetTestEntry tests[] = {
    WMNET_TEST (test_properties),
    WMNET_TEST (test_bad_scheme),
    WMNET_TEST (test_tls_schemes),
    WMNET_TEST (test_wmnetsink),
    WMNET_TEST (test_latency),
    WMNET_LOOP_TEST (test_served_eos, G_N_ELEMENTS (served_eos)),
    WMNET_LOOP_TEST (test_status, G_N_ELEMENTS (statuses)),
    WMNET_LOOP_TEST (test_hostile, G_N_ELEMENTS (hostile)),
    WMNET_TEST (test_close_mid_packet),
    WMNET_TEST (test_stop_while_waiting),
    WMNET_LOOP_TEST (test_asx, 2),
    WMNET_LOOP_TEST (test_max_bitrate, G_N_ELEMENTS (max_bitrate_entries)),
  };

  /* no system proxy settings (and no libproxy, which valgrind dislikes):
   * every server here is on the loopback */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return wmnet_test_suite_new ("wmnetsrc", 120, NULL, NULL, tests,
      G_N_ELEMENTS (tests));
}

GST_CHECK_MAIN (wmnetsrc);
