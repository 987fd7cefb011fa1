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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetstats.h"

/* The reasons always present in the structure, at 0 until they happen, so
 * that an application reads them without checking; reasons added later
 * (new refusals) appear when first counted. */
static const gchar *const refused_reasons[] = {
  "access-denied", "max-clients", "unauthorized", "rate-limited",
  "max-clients-per-address", "access-config", "auth-busy", "log-reports",
  "not-found", NULL
};

static const gchar *const disconnected_reasons[] = {
  "closed", "eos", "kicked", "slow", "access-denied", "error",
  "access-config", NULL
};

struct _WmnetStats
{
  GMutex lock;
  gboolean running;
  gint64 started;               /* monotonic µs */
  gint64 stopped;
  guint64 bytes_sent;
  guint64 packets_sent;
  guint64 packets_dropped;
  guint64 header_changes;
  guint64 accepted;
  guint64 refused;
  guint64 disconnected;
  guint clients;
  guint peak_clients;
  guint backlogged;
  /* "refused-REASON" and "disconnected-REASON" counts, guint64 */
  GstStructure *reasons;
  gint64 tick_time;
  guint64 tick_bytes;
  guint64 current_bitrate;
};

static GstStructure *
reasons_new (void)
{
  GstStructure *s = gst_structure_new_empty ("reasons");
  guint i;

  for (i = 0; refused_reasons[i]; i++) {
    gchar *f = g_strconcat ("refused-", refused_reasons[i], NULL);
    gst_structure_set (s, f, G_TYPE_UINT64, G_GUINT64_CONSTANT (0), NULL);
    g_free (f);
  }
  for (i = 0; disconnected_reasons[i]; i++) {
    gchar *f = g_strconcat ("disconnected-", disconnected_reasons[i], NULL);
    gst_structure_set (s, f, G_TYPE_UINT64, G_GUINT64_CONSTANT (0), NULL);
    g_free (f);
  }
  return s;
}

WmnetStats *
wmnet_stats_new (void)
{
  WmnetStats *stats = g_new0 (WmnetStats, 1);

  g_mutex_init (&stats->lock);
  stats->reasons = reasons_new ();
  return stats;
}

void
wmnet_stats_free (WmnetStats * stats)
{
  if (stats == NULL)
    return;
  gst_structure_free (stats->reasons);
  g_mutex_clear (&stats->lock);
  g_free (stats);
}

void
wmnet_stats_start (WmnetStats * stats, gint64 now)
{
  GstStructure *reasons = reasons_new ();

  g_mutex_lock (&stats->lock);
  gst_structure_free (stats->reasons);
  stats->reasons = reasons;
  stats->running = TRUE;
  stats->started = stats->stopped = stats->tick_time = now;
  stats->bytes_sent = stats->packets_sent = stats->packets_dropped = 0;
  stats->header_changes = stats->accepted = 0;
  stats->refused = stats->disconnected = 0;
  stats->clients = stats->peak_clients = stats->backlogged = 0;
  stats->tick_bytes = stats->current_bitrate = 0;
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_stop (WmnetStats * stats, gint64 now)
{
  g_mutex_lock (&stats->lock);
  if (stats->running) {
    stats->running = FALSE;
    stats->stopped = now;
    stats->current_bitrate = 0;
  }
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_add_sent (WmnetStats * stats, guint64 bytes, guint64 packets)
{
  g_mutex_lock (&stats->lock);
  stats->bytes_sent += bytes;
  stats->packets_sent += packets;
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_add_dropped (WmnetStats * stats, guint64 packets)
{
  g_mutex_lock (&stats->lock);
  stats->packets_dropped += packets;
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_header_changed (WmnetStats * stats)
{
  g_mutex_lock (&stats->lock);
  stats->header_changes++;
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_client_added (WmnetStats * stats)
{
  g_mutex_lock (&stats->lock);
  stats->accepted++;
  stats->clients++;
  stats->peak_clients = MAX (stats->peak_clients, stats->clients);
  g_mutex_unlock (&stats->lock);
}

/* with the lock */
static void
count_reason (WmnetStats * stats, const gchar * prefix, const gchar * reason)
{
  gchar *f = g_strconcat (prefix, reason, NULL);
  guint64 n = 0;

  gst_structure_get_uint64 (stats->reasons, f, &n);
  gst_structure_set (stats->reasons, f, G_TYPE_UINT64, n + 1, NULL);
  g_free (f);
}

void
wmnet_stats_client_removed (WmnetStats * stats, const gchar * reason)
{
  g_mutex_lock (&stats->lock);
  if (stats->clients > 0)
    stats->clients--;
  stats->disconnected++;
  count_reason (stats, "disconnected-", reason);
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_client_backlogged (WmnetStats * stats, gboolean backlogged)
{
  g_mutex_lock (&stats->lock);
  if (backlogged)
    stats->backlogged++;
  else if (stats->backlogged > 0)
    stats->backlogged--;
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_refused (WmnetStats * stats, const gchar * reason)
{
  g_mutex_lock (&stats->lock);
  stats->refused++;
  count_reason (stats, "refused-", reason);
  g_mutex_unlock (&stats->lock);
}

void
wmnet_stats_tick (WmnetStats * stats, gint64 now)
{
  g_mutex_lock (&stats->lock);
  if (stats->running && now > stats->tick_time) {
    stats->current_bitrate = gst_util_uint64_scale (stats->bytes_sent -
        stats->tick_bytes, 8 * G_USEC_PER_SEC, now - stats->tick_time);
    stats->tick_bytes = stats->bytes_sent;
    stats->tick_time = now;
  }
  g_mutex_unlock (&stats->lock);
}

static gboolean
copy_field (GQuark field, const GValue * value, gpointer user_data)
{
  gst_structure_id_set_value (user_data, field, value);
  return TRUE;
}

GstStructure *
wmnet_stats_to_structure (WmnetStats * stats, gint64 now, const gchar * name)
{
  GstStructure *s;
  gint64 end, uptime;

  g_mutex_lock (&stats->lock);
  end = stats->running ? now : stats->stopped;
  uptime = MAX (end - stats->started, 0);
  s = gst_structure_new (name,
      "bytes-sent", G_TYPE_UINT64, stats->bytes_sent,
      "packets-sent", G_TYPE_UINT64, stats->packets_sent,
      "current-bitrate", G_TYPE_UINT64, stats->current_bitrate,
      "average-bitrate", G_TYPE_UINT64, uptime > 0 ?
      gst_util_uint64_scale (stats->bytes_sent, 8 * G_USEC_PER_SEC,
          uptime) : G_GUINT64_CONSTANT (0),
      "clients", G_TYPE_UINT, stats->clients,
      "peak-clients", G_TYPE_UINT, stats->peak_clients,
      "clients-backlogged", G_TYPE_UINT, stats->backlogged,
      "connections-accepted", G_TYPE_UINT64, stats->accepted,
      "connections-refused", G_TYPE_UINT64, stats->refused,
      "disconnections", G_TYPE_UINT64, stats->disconnected,
      "packets-dropped", G_TYPE_UINT64, stats->packets_dropped,
      "header-changes", G_TYPE_UINT64, stats->header_changes,
      "uptime", G_TYPE_UINT64, (guint64) uptime * GST_USECOND, NULL);
  gst_structure_foreach (stats->reasons, copy_field, s);
  g_mutex_unlock (&stats->lock);
  return s;
}
