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

/* metrics-path (docs/design.md D76): a scrape of a port that two
 * broadcasts and a push receiver share, parsed by the Prometheus client's
 * own text parser (python3-prometheus-client), equals each element's
 * `stats` read around it; every point is labelled; metrics-access decides
 * who reads (403 for others; a bad entry closes it); only GET and HEAD
 * (405); a scrape is no client and no refusal of the broadcast. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

#define PYTHON "/usr/bin/python3"

/* Prints the families (F name type) and samples (S name point reason
 * value) the parser found: the test reads what the parser read, not our
 * own guess of the format. */
static const gchar parse_script[] =
    "import sys\n"
    "from prometheus_client.parser import text_string_to_metric_families\n"
    "for f in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
    "    print('F\\t%s\\t%s' % (f.name, f.type))\n"
    "    for s in f.samples:\n"
    "        print('S\\t%s\\t%s\\t%s\\t%r' % (s.name,\n"
    "            s.labels.get('publishing_point', '-'),\n"
    "            s.labels.get('reason', '-'), s.value))\n";

/* A scrape, as the parser read it. */
typedef struct
{
  GHashTable *types;            /* family name -> type */
  GHashTable *values;           /* "name point reason" -> gdouble* */
} Scrape;

static void
scrape_clear (Scrape * s)
{
  g_hash_table_unref (s->types);
  g_hash_table_unref (s->values);
}

/* @body through the Prometheus client's parser; fails the test loudly when
 * python3 or the parser is missing, or the parser refuses the text. */
static void
parse_metrics (const gchar * body, Scrape * out)
{
  gchar *path, *stdout_text = NULL, *stderr_text = NULL, **lines, **l;
  const gchar *argv[] = { PYTHON, "-c", parse_script, NULL, NULL };
  gint status = -1;
  gint fd;

  fail_unless (g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE),
      PYTHON " is missing: scripts/install-deps.sh installs it");
  fd = g_file_open_tmp ("wmnet-metrics-XXXXXX", &path, NULL);
  fail_unless (fd >= 0);
  close (fd);
  fail_unless (g_file_set_contents (path, body, -1, NULL));
  argv[3] = path;
  fail_unless (wmnet_test_run (argv, 30, &status, &stdout_text,
          &stderr_text), "python3 did not finish");
  g_unlink (path);
  g_free (path);
  fail_unless (status == 0, "the Prometheus parser refused the text (is "
      "python3-prometheus-client installed? scripts/install-deps.sh): %s\n"
      "text:\n%s", stderr_text, body);
  out->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  out->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (stdout_text, "\n", -1);
  for (l = lines; *l; l++) {
    gchar **f = g_strsplit (*l, "\t", -1);
    guint n = g_strv_length (f);

    if (n == 3 && g_str_equal (f[0], "F")) {
      g_hash_table_insert (out->types, g_strdup (f[1]), g_strdup (f[2]));
    } else if (n == 5 && g_str_equal (f[0], "S")) {
      gdouble *v = g_new (gdouble, 1);

      *v = g_ascii_strtod (f[4], NULL);
      g_hash_table_insert (out->values, g_strdup_printf ("%s %s %s", f[1],
              f[2], f[3]), v);
    }
    g_strfreev (f);
  }
  g_strfreev (lines);
  g_free (stdout_text);
  g_free (stderr_text);
}

/* The value of a sample; fails when the scrape has none. */
static gdouble
sample (Scrape * s, const gchar * name, const gchar * point,
    const gchar * reason)
{
  gchar *key = g_strdup_printf ("%s %s %s", name, point, reason ? reason : "-");
  gdouble *v = g_hash_table_lookup (s->values, key);

  fail_unless (v != NULL, "no sample %s", key);
  g_free (key);
  return *v;
}

static gboolean
has_sample (Scrape * s, const gchar * name, const gchar * point)
{
  gchar *key = g_strdup_printf ("%s %s -", name, point);
  gboolean has = g_hash_table_contains (s->values, key);

  g_free (key);
  return has;
}

/* A request to @host:@port (from @from; NULL: any) and its whole answer
 * (the server closes: HTTP/1.0). The status is returned; *@head and
 * *@body (either may be NULL) get the answer's head and body. */
static guint
request (const gchar * host, guint port, const gchar * from,
    const gchar * method, const gchar * path, gchar ** head, gchar ** body)
{
  gchar *req = g_strdup_printf ("%s %s HTTP/1.0\r\nHost: localhost\r\n"
      "User-Agent: test-scraper\r\n\r\n", method, path);
  GSocket *sock = wmnet_test_connect (host, port, from, NULL);
  GByteArray *got;
  gchar *text, *end;
  guint status = 0;

  fail_unless (sock != NULL, "no connection to %s from %s", host,
      from ? from : "any");
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  got = wmnet_test_recv (sock, G_MAXSIZE, 10000 * wmnet_test_time_factor ());
  g_object_unref (sock);
  g_free (req);
  text = g_strndup ((gchar *) got->data, got->len);
  g_byte_array_unref (got);
  fail_unless (g_str_has_prefix (text, "HTTP/1."), "no answer: '%s'", text);
  status = atoi (text + 9);
  end = strstr (text, "\r\n\r\n");
  fail_unless (end != NULL, "no end of head: '%s'", text);
  if (head)
    *head = g_strndup (text, end - text + 2);
  if (body)
    *body = g_strdup (end + 4);
  g_free (text);
  return status;
}

static guint
scrape_status (const gchar * host, guint port, const gchar * from,
    const gchar * method, const gchar * path)
{
  return request (host, port, from, method, path, NULL, NULL);
}

/* GET @path from 127.0.0.1, 200, parsed. */
static void
scrape (guint port, const gchar * path, Scrape * out)
{
  gchar *head, *body;

  fail_unless_equals_int (request ("127.0.0.1", port, NULL, "GET", path,
          &head, &body), 200);
  fail_unless (strstr (head, "\r\nContent-Type: text/plain; version=0.0.4; "
          "charset=utf-8\r\n") != NULL, "head: %s", head);
  parse_metrics (body, out);
  g_free (head);
  g_free (body);
}

static GstElement *
sink_of (GstElement * pipeline)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");

  fail_unless (s != NULL);
  return s;
}

/* A player of @path on @port that keeps reading (MS-WMSP play). */
static WmnetTestReader *
play (guint port, const gchar * path, GSocket ** sock)
{
  gchar *req = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n"
      "User-Agent: NSPlayer/7.10.0.3059\r\nPragma: xPlayStrm=1\r\n"
      "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n"
      "\r\n", path);
  GByteArray *got;

  *sock = wmnet_test_open_get (port, NULL, req, 12, &got);
  fail_unless (memcmp (got->data, "HTTP/1.0 200", 12) == 0);
  g_byte_array_unref (got);
  g_free (req);
  return wmnet_test_reader_start (*sock);
}

/* Each counter of @before/@after (wmnetsink-stats, read just before and
 * just after the scrape) bounds its sample of @point; gauges that do not
 * move during the scrape equal it. */
static void
assert_sink_matches (Scrape * s, const gchar * point,
    const GstStructure * before, const GstStructure * after)
{
  static const struct
  {
    const gchar *field, *name;
  } counters[] = {
    {"bytes-sent", "wmnet_sent_bytes_total"},
    {"packets-sent", "wmnet_sent_packets_total"},
    {"connections-accepted", "wmnet_connections_accepted_total"},
    {"packets-dropped", "wmnet_dropped_packets_total"},
    {"header-changes", "wmnet_header_changes_total"},
  };
  guint64 lo, hi, up_lo, up_hi;
  guint c_lo, c_hi;
  gdouble v;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (counters); i++) {
    fail_unless (gst_structure_get_uint64 (before, counters[i].field, &lo));
    fail_unless (gst_structure_get_uint64 (after, counters[i].field, &hi));
    v = sample (s, counters[i].name, point, NULL);
    fail_unless (v >= lo && v <= hi, "%s{%s} %.0f not in [%" G_GUINT64_FORMAT
        ", %" G_GUINT64_FORMAT "]", counters[i].name, point, v, lo, hi);
  }
  /* every reason the element counts, by reason */
  for (i = 0; i < (guint) gst_structure_n_fields (before); i++) {
    const gchar *f = gst_structure_nth_field_name (before, i);
    const gchar *name = g_str_has_prefix (f, "refused-") ?
        "wmnet_connections_refused_total" : g_str_has_prefix (f,
        "disconnected-") ? "wmnet_disconnections_total" : NULL;

    if (name == NULL)
      continue;
    fail_unless (gst_structure_get_uint64 (before, f, &lo));
    fail_unless (gst_structure_get_uint64 (after, f, &hi));
    v = sample (s, name, point, strchr (f, '-') + 1);
    fail_unless (v >= lo && v <= hi, "%s{%s,%s} %.0f", name, point, f, v);
  }
  fail_unless (gst_structure_get_uint (before, "clients", &c_lo));
  fail_unless (gst_structure_get_uint (after, "clients", &c_hi));
  v = sample (s, "wmnet_clients", point, NULL);
  fail_unless (v >= c_lo && v <= c_hi);
  fail_unless (gst_structure_get_uint (before, "peak-clients", &c_lo));
  fail_unless (gst_structure_get_uint (after, "peak-clients", &c_hi));
  v = sample (s, "wmnet_peak_clients", point, NULL);
  fail_unless (v >= c_lo && v <= c_hi);
  /* nanoseconds in stats, seconds here */
  fail_unless (gst_structure_get_uint64 (before, "uptime", &up_lo));
  fail_unless (gst_structure_get_uint64 (after, "uptime", &up_hi));
  v = sample (s, "wmnet_uptime_seconds", point, NULL);
  fail_unless (v >= (gdouble) up_lo / GST_SECOND - 1e-9
      && v <= (gdouble) up_hi / GST_SECOND + 1e-9, "uptime %f", v);
  /* the average: bytes over uptime, both between their bounds */
  fail_unless (gst_structure_get_uint64 (before, "bytes-sent", &lo));
  fail_unless (gst_structure_get_uint64 (after, "bytes-sent", &hi));
  v = sample (s, "wmnet_average_bitrate_bits_per_second", point, NULL);
  if (up_lo > 0)
    fail_unless (v >= (gdouble) lo * 8 * GST_SECOND / up_hi - 1
        && v <= (gdouble) hi * 8 * GST_SECOND / up_lo + 1, "average %f", v);
  /* the current one is the last whole second's: one of the two reads'
   * when they are less than a second apart; on a slower machine a second
   * may pass in between, whose rate is at most the bytes sent meanwhile */
  {
    guint64 b_lo = lo, b_hi = hi;

    fail_unless (gst_structure_get_uint64 (before, "current-bitrate", &lo));
    fail_unless (gst_structure_get_uint64 (after, "current-bitrate", &hi));
    v = sample (s, "wmnet_current_bitrate_bits_per_second", point, NULL);
    if (up_hi - up_lo < GST_SECOND)
      fail_unless (v == lo || v == hi, "current %f, stats %" G_GUINT64_FORMAT
          " then %" G_GUINT64_FORMAT, v, lo, hi);
    else
      fail_unless (v == lo || v == hi || v <= (gdouble) (b_hi - b_lo) * 8,
          "current %f, stats %" G_GUINT64_FORMAT " then %" G_GUINT64_FORMAT
          ", %" G_GUINT64_FORMAT " bytes between", v, lo, hi, b_hi - b_lo);
  }
}

static void
assert_types (Scrape * s)
{
  static const gchar *const want[][2] = {
    {"wmnet_clients", "gauge"}, {"wmnet_peak_clients", "gauge"},
    {"wmnet_sent_bytes", "counter"}, {"wmnet_sent_packets", "counter"},
    {"wmnet_connections_accepted", "counter"},
    {"wmnet_connections_refused", "counter"},
    {"wmnet_disconnections", "counter"},
    {"wmnet_dropped_packets", "counter"},
    {"wmnet_current_bitrate_bits_per_second", "gauge"},
    {"wmnet_average_bitrate_bits_per_second", "gauge"},
    {"wmnet_header_changes", "counter"}, {"wmnet_uptime_seconds", "gauge"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (want); i++)
    fail_unless_equals_string (g_hash_table_lookup (s->types, want[i][0]),
        want[i][1]);
}

/* A channel played for a while: the scrape equals its stats, a refusal
 * counted by reason included. */
GST_START_TEST (test_scrape_equals_stats)
{
  GstElement *p, *s;
  GstStructure *before, *after;
  WmnetTestReader *r;
  GSocket *sock;
  Scrape sc;
  guint port;

  p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("publishing-point=/live metrics-path=/metrics"), &port);
  s = sink_of (p);
  fail_unless (wmnet_test_wait_key_packet (p, 20000));
  r = play (port, "/live", &sock);
  fail_unless (wmnet_test_reader_wait (r, 100000, 30000),
      "the player read %" G_GSIZE_FORMAT " bytes", wmnet_test_reader_bytes (r));
  /* a path nobody serves: refused (not-found) by /live, the first point */
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/nothing"), 404);
  wmnet_test_assert_refused (p, NULL, "not-found");

  g_object_get (s, "stats", &before, NULL);
  scrape (port, "/metrics", &sc);
  g_object_get (s, "stats", &after, NULL);
  assert_types (&sc);
  assert_sink_matches (&sc, "/live", before, after);
  fail_unless (sample (&sc, "wmnet_clients", "/live", NULL) == 1);
  fail_unless (sample (&sc, "wmnet_sent_bytes_total", "/live", NULL) > 0);
  fail_unless (sample (&sc, "wmnet_connections_refused_total", "/live",
          "not-found") == 1);
  scrape_clear (&sc);

  gst_structure_free (before);
  gst_structure_free (after);
  fail_if (wmnet_test_reader_stop (r), "the player was cut off");
  g_object_unref (sock);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Two broadcasts and a push receiver on one port: either element's
 * metrics path gives all three, each labelled with its publishing point. */
GST_START_TEST (test_points_labelled)
{
  GstElement *live, *news, *push, *s_live, *s_news, *in;
  GstStructure *before, *after, *nb, *na, *pst;
  GstStateChangeReturn ret;
  WmnetTestReader *r;
  GSocket *sock;
  Scrape sc, sc2;
  guint port, port2;
  guint64 n;
  gchar *desc;

  live = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("publishing-point=/live metrics-path=/metrics"), &port);
  desc = g_strdup_printf (WMNET_TEST_LIVE_BROADCAST
      ("port=%u publishing-point=/news metrics-path=/news-metrics"), port);
  news = wmnet_test_start_pipeline (desc, &port2);
  g_free (desc);
  fail_unless_equals_int (port2, port);
  desc = g_strdup_printf ("wmnetpushsrc name=in address=127.0.0.1 port=%u "
      "publishing-point=/in ! fakesink async=false", port);
  push = gst_parse_launch (desc, NULL);
  g_free (desc);
  fail_unless (push != NULL);
  ret = gst_element_set_state (push, GST_STATE_PLAYING);
  fail_unless (ret != GST_STATE_CHANGE_FAILURE);
  in = gst_bin_get_by_name (GST_BIN (push), "in");
  s_live = sink_of (live);
  s_news = sink_of (news);
  fail_unless (wmnet_test_wait_key_packet (news, 20000));
  r = play (port, "/news", &sock);
  fail_unless (wmnet_test_reader_wait (r, 50000, 30000));

  g_object_get (s_live, "stats", &before, NULL);
  g_object_get (s_news, "stats", &nb, NULL);
  scrape (port, "/metrics", &sc);
  g_object_get (s_live, "stats", &after, NULL);
  g_object_get (s_news, "stats", &na, NULL);
  g_object_get (in, "stats", &pst, NULL);
  assert_sink_matches (&sc, "/live", before, after);
  assert_sink_matches (&sc, "/news", nb, na);
  fail_unless (sample (&sc, "wmnet_clients", "/live", NULL) == 0);
  fail_unless (sample (&sc, "wmnet_clients", "/news", NULL) == 1);
  /* the push receiver's stats (no push came: all 0, but there) */
  fail_unless (gst_structure_get_uint64 (pst, "pushes", &n));
  fail_unless (sample (&sc, "wmnet_push_pushes_total", "/in", NULL) == n);
  fail_unless (gst_structure_get_uint64 (pst, "bytes", &n));
  fail_unless (sample (&sc, "wmnet_push_received_bytes_total", "/in",
          NULL) == n);
  fail_unless (gst_structure_get_uint64 (pst, "refused", &n));
  fail_unless (sample (&sc, "wmnet_push_refused_total", "/in", NULL) == n);
  fail_unless_equals_string (g_hash_table_lookup (sc.types,
          "wmnet_push_pushes"), "counter");
  fail_if (has_sample (&sc, "wmnet_clients", "/in"));
  scrape_clear (&sc);

  /* the other element's path covers the port too */
  scrape (port, "/news-metrics", &sc2);
  fail_unless (has_sample (&sc2, "wmnet_clients", "/live"));
  fail_unless (sample (&sc2, "wmnet_clients", "/news", NULL) == 1);
  fail_unless (has_sample (&sc2, "wmnet_push_pushes_total", "/in"));
  scrape_clear (&sc2);

  gst_structure_free (before);
  gst_structure_free (after);
  gst_structure_free (nb);
  gst_structure_free (na);
  gst_structure_free (pst);
  fail_if (wmnet_test_reader_stop (r));
  g_object_unref (sock);
  gst_object_unref (in);
  gst_object_unref (s_live);
  gst_object_unref (s_news);
  gst_element_set_state (push, GST_STATE_NULL);
  gst_object_unref (push);
  wmnet_test_stop_pipeline (news);
  wmnet_test_stop_pipeline (live);
}

GST_END_TEST;

/* Who may read: a list of ::1 alone refuses 127.0.0.1 (403) until it is
 * edited; the default (loopback) refuses 127.0.0.2; a bad entry closes the
 * path (403 for all), a valid list opens it again. Only GET and HEAD; no
 * scrape is a client or a refusal of the broadcast. */
GST_START_TEST (test_access_and_methods)
{
  GstElement *p, *s;
  GstStructure *before, *after;
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter;
  GValue list = G_VALUE_INIT, entry = G_VALUE_INIT;
  gchar *head, *body;
  guint port;

  p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("metrics-path=/metrics metrics-access=<\"::1\">"), &port);
  s = sink_of (p);
  g_object_get (s, "stats", &before, NULL);

  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/metrics"), 403);
  gst_util_set_object_arg (G_OBJECT (s), "metrics-access", "<\"127.0.0.1\">");
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/metrics"), 200);
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, "127.0.0.2",
          "GET", "/metrics"), 403);
  /* the default: loopback, 127.0.0.1 and ::1 only */
  g_value_init (&list, GST_TYPE_ARRAY);
  g_value_init (&entry, G_TYPE_STRING);
  g_value_set_string (&entry, "127.0.0.1");
  gst_value_array_append_value (&list, &entry);
  g_value_set_string (&entry, "::1");
  gst_value_array_append_value (&list, &entry);
  {
    GstElement *fresh = gst_element_factory_make ("wmnetsink", NULL);
    GValue got = G_VALUE_INIT;

    gchar *text;

    g_value_init (&got, GST_TYPE_ARRAY);
    g_object_get_property (G_OBJECT (fresh), "metrics-access", &got);
    fail_unless_equals_int (gst_value_array_get_size (&got), 2);
    text = g_strdup_value_contents (&got);
    fail_unless (strstr (text, "127.0.0.1/32") && strstr (text, "::1/128"),
        "%s", text);
    g_free (text);
    g_value_unset (&got);
    gst_object_unref (fresh);
  }
  g_object_set_property (G_OBJECT (s), "metrics-access", &list);
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, "127.0.0.2",
          "GET", "/metrics"), 403);
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/metrics"), 200);

  /* a bad entry: refused with a warning naming it, and every scrape 403 */
  filter = wmnet_test_catch_warnings ("metrics-access", caught);
  gst_util_set_object_arg (G_OBJECT (s), "metrics-access",
      "<\"127.0.0.1\", \"10.0.0.0/33\">");
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  fail_unless (strstr (g_ptr_array_index (caught, 0), "10.0.0.0/33") != NULL,
      "%s", (gchar *) g_ptr_array_index (caught, 0));
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/metrics"), 403);
  g_object_set_property (G_OBJECT (s), "metrics-access", &list);
  fail_unless_equals_int (scrape_status ("127.0.0.1", port, NULL, "GET",
          "/metrics"), 200);

  /* only GET and HEAD */
  fail_unless_equals_int (request ("127.0.0.1", port, NULL, "POST",
          "/metrics", &head, NULL), 405);
  fail_unless (strstr (head, "\r\nAllow: GET, HEAD\r\n") != NULL, "%s", head);
  g_free (head);
  fail_unless_equals_int (request ("127.0.0.1", port, NULL, "HEAD",
          "/metrics", &head, &body), 200);
  fail_unless (strstr (head, "version=0.0.4") != NULL, "%s", head);
  fail_unless_equals_string (body, "");
  g_free (head);
  g_free (body);

  /* none of it was a client, a connection or a refusal of the broadcast */
  g_object_get (s, "stats", &after, NULL);
  fail_unless_equals_int (wmnet_test_num_clients (p), 0);
  {
    static const gchar *const same[] = { "connections-accepted",
      "connections-refused", "disconnections", "peak-clients"
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (same); i++) {
      const GValue *a = gst_structure_get_value (before, same[i]);
      const GValue *b = gst_structure_get_value (after, same[i]);

      fail_unless (gst_value_compare (a, b) == GST_VALUE_EQUAL, "%s changed",
          same[i]);
    }
  }
  fail_if (wmnet_test_pop_element_message (p, "wmnetsink-client-", 0) != NULL,
      "a scrape was posted as a client");

  g_value_unset (&entry);
  g_value_unset (&list);
  g_ptr_array_unref (caught);
  gst_structure_free (before);
  gst_structure_free (after);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* metrics-path takes a path of a publishing point's form, or NULL; another
 * is refused with a warning naming it, the value kept. Off by default: the
 * path is the broadcast's then. */
GST_START_TEST (test_bad_metrics_path)
{
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstElement *e = gst_element_factory_make ("wmnetsink", NULL);
  GstCheckLogFilter *filter;
  gchar *got;

  g_object_get (e, "metrics-path", &got, NULL);
  fail_unless (got == NULL);
  filter = wmnet_test_catch_warnings ("metrics-path", caught);
  g_object_set (e, "metrics-path", "metrics", NULL);
  g_object_set (e, "metrics-path", "/metrics", NULL);
  g_object_set (e, "metrics-path", "/m/", NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 2);
  fail_unless (strstr (g_ptr_array_index (caught, 0), "'metrics'") != NULL);
  fail_unless (strstr (g_ptr_array_index (caught, 1), "'/m/'") != NULL);
  g_object_get (e, "metrics-path", &got, NULL);
  fail_unless_equals_string (got, "/metrics");
  g_free (got);
  g_ptr_array_unref (caught);
  gst_object_unref (e);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_metrics, 120,
    WMNET_TEST (test_bad_metrics_path),
    WMNET_TEST (test_scrape_equals_stats),
    WMNET_TEST (test_points_labelled), WMNET_TEST (test_access_and_methods));
