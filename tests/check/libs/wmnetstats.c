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

WMNET_TEST_MAIN (wmnetstats, 0,
    WMNET_TEST (test_counters),
    WMNET_TEST (test_bitrate_and_restart), WMNET_TEST (test_threads));
