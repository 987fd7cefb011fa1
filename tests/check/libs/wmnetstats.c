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

/* Unit tests of the broadcast's totals (wmnetstats): counters, clients and
 * peak, reasons, bit rates, uptime, a stop and a restart. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetmetrics.h"
#include "wmnetstats.h"
#include "wmnettestsuite.h"

#define S (G_USEC_PER_SEC)

static guint64
get_u64 (const GstStructure * s, const gchar * field)
{
  guint64 v = G_MAXUINT64;

  fail_unless (gst_structure_get_uint64 (s, field, &v), "%s", field);
  return v;
}

static guint
get_uint (const GstStructure * s, const gchar * field)
{
  guint v = G_MAXUINT;

  fail_unless (gst_structure_get_uint (s, field, &v), "%s", field);
  return v;
}

GST_START_TEST (test_counters)
{
  WmnetStats *st = wmnet_stats_new ();
  GstStructure *s;

  wmnet_stats_start (st, 100 * S);
  wmnet_stats_client_added (st);
  wmnet_stats_client_added (st);
  wmnet_stats_client_removed (st, "eos");
  wmnet_stats_client_added (st);
  wmnet_stats_refused (st, "max-clients");
  wmnet_stats_refused (st, "max-clients");
  wmnet_stats_refused (st, "unauthorized");
  wmnet_stats_add_sent (st, 1000, 3);
  wmnet_stats_add_sent (st, 500, 1);
  wmnet_stats_add_dropped (st, 7);
  wmnet_stats_header_changed (st);
  /* a gauge: two sockets filled, one took all again */
  wmnet_stats_client_backlogged (st, TRUE);
  wmnet_stats_client_backlogged (st, TRUE);
  wmnet_stats_client_backlogged (st, FALSE);

  s = wmnet_stats_to_structure (st, 102 * S, "wmnetsink-stats");
  fail_unless (gst_structure_has_name (s, "wmnetsink-stats"));
  fail_unless_equals_uint64 (get_u64 (s, "bytes-sent"), 1500);
  fail_unless_equals_uint64 (get_u64 (s, "packets-sent"), 4);
  fail_unless_equals_uint64 (get_u64 (s, "packets-dropped"), 7);
  fail_unless_equals_uint64 (get_u64 (s, "header-changes"), 1);
  fail_unless_equals_int (get_uint (s, "clients"), 2);
  fail_unless_equals_int (get_uint (s, "peak-clients"), 2);
  fail_unless_equals_int (get_uint (s, "clients-backlogged"), 1);
  fail_unless_equals_uint64 (get_u64 (s, "connections-accepted"), 3);
  fail_unless_equals_uint64 (get_u64 (s, "connections-refused"), 3);
  fail_unless_equals_uint64 (get_u64 (s, "disconnections"), 1);
  fail_unless_equals_uint64 (get_u64 (s, "refused-max-clients"), 2);
  fail_unless_equals_uint64 (get_u64 (s, "refused-access-denied"), 0);
  /* every reason the admission gives is there from the start, at 0 */
  fail_unless_equals_uint64 (get_u64 (s, "refused-auth-busy"), 0);
  fail_unless_equals_uint64 (get_u64 (s, "refused-log-reports"), 0);
  fail_unless_equals_uint64 (get_u64 (s, "refused-not-found"), 0);
  /* a reason added later appears when counted */
  fail_unless_equals_uint64 (get_u64 (s, "refused-unauthorized"), 1);
  fail_unless_equals_uint64 (get_u64 (s, "disconnected-eos"), 1);
  fail_unless_equals_uint64 (get_u64 (s, "disconnected-slow"), 0);
  fail_unless_equals_uint64 (get_u64 (s, "uptime"), 2 * GST_SECOND);
  /* 1500 bytes in 2 s */
  fail_unless_equals_uint64 (get_u64 (s, "average-bitrate"), 6000);
  gst_structure_free (s);
  wmnet_stats_free (st);
}

GST_END_TEST;

GST_START_TEST (test_bitrate_and_restart)
{
  WmnetStats *st = wmnet_stats_new ();
  GstStructure *s;

  wmnet_stats_start (st, 10 * S);
  wmnet_stats_add_sent (st, 125000, 10);
  wmnet_stats_tick (st, 11 * S);
  wmnet_stats_add_sent (st, 250000, 10);
  wmnet_stats_tick (st, 12 * S);
  s = wmnet_stats_to_structure (st, 12 * S, "x");
  /* the last second's: 250000 bytes */
  fail_unless_equals_uint64 (get_u64 (s, "current-bitrate"), 2000000);
  fail_unless_equals_uint64 (get_u64 (s, "average-bitrate"), 1500000);
  gst_structure_free (s);

  /* stopped: the uptime stops, the figures stay */
  wmnet_stats_stop (st, 13 * S);
  s = wmnet_stats_to_structure (st, 50 * S, "x");
  fail_unless_equals_uint64 (get_u64 (s, "uptime"), 3 * GST_SECOND);
  fail_unless_equals_uint64 (get_u64 (s, "bytes-sent"), 375000);
  fail_unless_equals_uint64 (get_u64 (s, "current-bitrate"), 0);
  gst_structure_free (s);

  /* a new run starts from zero */
  wmnet_stats_start (st, 60 * S);
  s = wmnet_stats_to_structure (st, 60 * S, "x");
  fail_unless_equals_uint64 (get_u64 (s, "bytes-sent"), 0);
  fail_unless_equals_uint64 (get_u64 (s, "uptime"), 0);
  fail_unless_equals_uint64 (get_u64 (s, "average-bitrate"), 0);
  gst_structure_free (s);

  /* a clock that did not move divides by nothing */
  wmnet_stats_tick (st, 60 * S);
  wmnet_stats_free (st);
}

GST_END_TEST;

/* Any thread counts while another reads: totals stay exact. */
static gpointer
count_thread (gpointer data)
{
  guint i;

  for (i = 0; i < 10000; i++)
    wmnet_stats_add_sent (data, 10, 1);
  return NULL;
}

GST_START_TEST (test_threads)
{
  WmnetStats *st = wmnet_stats_new ();
  GThread *a, *b;
  GstStructure *s;

  wmnet_stats_start (st, 0);
  a = g_thread_new ("a", count_thread, st);
  b = g_thread_new ("b", count_thread, st);
  s = wmnet_stats_to_structure (st, S, "x");
  gst_structure_free (s);
  g_thread_join (a);
  g_thread_join (b);
  s = wmnet_stats_to_structure (st, S, "x");
  fail_unless_equals_uint64 (get_u64 (s, "bytes-sent"), 200000);
  fail_unless_equals_uint64 (get_u64 (s, "packets-sent"), 20000);
  gst_structure_free (s);
  wmnet_stats_free (st);
}

GST_END_TEST;

/* The metrics path's text (wmnetmetrics, D76): a family per field with
 * HELP and TYPE, a sample per report labelled with its point (escaped as
 * 0.0.4 says), reasons as a label, nanoseconds as seconds; a family no
 * report has, and a structure of another name, left out. */
GST_START_TEST (test_metrics_format)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  gchar *text;

  g_ptr_array_add (reports, gst_structure_new ("wmnetsink-stats",
          "publishing-point", G_TYPE_STRING, "/a\"b\\c\nd",
          "clients", G_TYPE_UINT, 3,
          "uptime", G_TYPE_UINT64, G_GUINT64_CONSTANT (1500000001),
          "refused-max-clients", G_TYPE_UINT64, G_GUINT64_CONSTANT (7),
          "disconnected-eos", G_TYPE_UINT64, G_GUINT64_CONSTANT (2), NULL));
  g_ptr_array_add (reports, gst_structure_new ("something-else",
          "publishing-point", G_TYPE_STRING, "/x", "clients", G_TYPE_UINT, 9,
          NULL));
  g_ptr_array_add (reports, gst_structure_new ("wmnetpushsrc-stats",
          "publishing-point", G_TYPE_STRING, "/in",
          "bytes", G_TYPE_UINT64, G_GUINT64_CONSTANT (18446744073709551615),
          NULL));
  text = wmnet_metrics_format (reports);
  fail_unless_equals_string (text,
      "# HELP wmnet_clients Clients streaming now.\n"
      "# TYPE wmnet_clients gauge\n"
      "wmnet_clients{publishing_point=\"/a\\\"b\\\\c\\nd\"} 3\n"
      "# HELP wmnet_connections_refused_total Requests refused, by reason.\n"
      "# TYPE wmnet_connections_refused_total counter\n"
      "wmnet_connections_refused_total{publishing_point=\"/a\\\"b\\\\c\\nd\","
      "reason=\"max-clients\"} 7\n"
      "# HELP wmnet_disconnections_total Clients that left, by reason.\n"
      "# TYPE wmnet_disconnections_total counter\n"
      "wmnet_disconnections_total{publishing_point=\"/a\\\"b\\\\c\\nd\","
      "reason=\"eos\"} 2\n"
      "# HELP wmnet_uptime_seconds Time since serving started.\n"
      "# TYPE wmnet_uptime_seconds gauge\n"
      "wmnet_uptime_seconds{publishing_point=\"/a\\\"b\\\\c\\nd\"} "
      "1.500000001\n"
      "# HELP wmnet_push_received_bytes_total Bytes of ASF received from "
      "pushers.\n"
      "# TYPE wmnet_push_received_bytes_total counter\n"
      "wmnet_push_received_bytes_total{publishing_point=\"/in\"} "
      "18446744073709551615\n");
  g_free (text);
  /* nothing to say: an empty body */
  g_ptr_array_set_size (reports, 0);
  text = wmnet_metrics_format (reports);
  fail_unless_equals_string (text, "");
  g_free (text);
  g_ptr_array_unref (reports);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetstats, 0,
    WMNET_TEST (test_counters),
    WMNET_TEST (test_bitrate_and_restart), WMNET_TEST (test_threads),
    WMNET_TEST (test_metrics_format));
