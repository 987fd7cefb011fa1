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

#include <string.h>

#include "wmnetmetrics.h"

#define SINK_STATS "wmnetsink-stats"
#define PUSH_STATS "wmnetpushsrc-stats"

/* How a field reads: a count, or nanoseconds given in seconds (the base
 * unit, Prometheus naming practices). */
typedef enum
{
  AS_COUNT,
  AS_SECONDS,
  AS_REASONS,                   /* every field of the prefix, by reason */
} Form;

typedef struct
{
  const gchar *name;
  const gchar *type;
  const gchar *field;           /* AS_REASONS: the fields' prefix */
  Form form;
  const gchar *help;
} Family;

/* a wmnetsink-stats structure's */
static const Family sink_families[] = {
  {"wmnet_clients", "gauge", "clients", AS_COUNT,
      "Clients streaming now."},
  {"wmnet_peak_clients", "gauge", "peak-clients", AS_COUNT,
      "Most clients streaming at once since serving started."},
  {"wmnet_clients_backlogged", "gauge", "clients-backlogged",
      AS_COUNT, "Clients whose socket is full now."},
  {"wmnet_sent_bytes_total", "counter", "bytes-sent", AS_COUNT,
      "Bytes written to clients (MS-WMSP framing included)."},
  {"wmnet_sent_packets_total", "counter", "packets-sent",
      AS_COUNT, "ASF data packets written to clients."},
  {"wmnet_connections_accepted_total", "counter",
      "connections-accepted", AS_COUNT, "Clients that started streaming."},
  {"wmnet_connections_refused_total", "counter", "refused-",
      AS_REASONS, "Requests refused, by reason."},
  {"wmnet_disconnections_total", "counter", "disconnected-",
      AS_REASONS, "Clients that left, by reason."},
  {"wmnet_dropped_packets_total", "counter", "packets-dropped",
      AS_COUNT, "Packets slow clients skipped."},
  {"wmnet_current_bitrate_bits_per_second", "gauge",
      "current-bitrate", AS_COUNT, "Output bit rate over the last second."},
  {"wmnet_average_bitrate_bits_per_second", "gauge",
      "average-bitrate", AS_COUNT, "Output bit rate since serving started."},
  {"wmnet_header_changes_total", "counter", "header-changes",
      AS_COUNT, "ASF headers that replaced another."},
  {"wmnet_uptime_seconds", "gauge", "uptime", AS_SECONDS,
      "Time since serving started."},
};

/* a wmnetpushsrc-stats structure's */
static const Family push_families[] = {
  {"wmnet_push_pushes_total", "counter", "pushes", AS_COUNT,
      "Pushes (PushStart requests) taken."},
  {"wmnet_push_refused_total", "counter", "refused", AS_COUNT,
      "Push requests refused."},
  {"wmnet_push_header_changes_total", "counter",
      "header-changes", AS_COUNT, "Pushed ASF headers that replaced another."},
  {"wmnet_push_received_packets_total", "counter", "packets",
      AS_COUNT, "ASF data packets received from pushers."},
  {"wmnet_push_received_bytes_total", "counter", "bytes",
      AS_COUNT, "Bytes of ASF received from pushers."},
};

/* A label value: backslash, double quote and line feed escaped (0.0.4). */
static void
append_label (GString * out, const gchar * name, const gchar * value)
{
  const gchar *p;

  g_string_append_printf (out, "%s=\"", name);
  for (p = value; *p; p++) {
    if (*p == '\\' || *p == '"')
      g_string_append_c (out, '\\');
    if (*p == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *p);
  }
  g_string_append_c (out, '"');
}

/* A field's value as an integer; FALSE when it has none. */
static gboolean
read_count (const GstStructure * s, const gchar * field, guint64 * n)
{
  const GValue *v = gst_structure_get_value (s, field);

  if (v == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_UINT64 (v))
    *n = g_value_get_uint64 (v);
  else if (G_VALUE_HOLDS_UINT (v))
    *n = g_value_get_uint (v);
  else
    return FALSE;
  return TRUE;
}

static void
append_sample (GString * out, const Family * f, const gchar * point,
    const gchar * reason, guint64 n)
{
  g_string_append_printf (out, "%s{", f->name);
  append_label (out, "publishing_point", point);
  if (reason) {
    g_string_append_c (out, ',');
    append_label (out, "reason", reason);
  }
  if (f->form == AS_SECONDS)
    g_string_append_printf (out, "} %" G_GUINT64_FORMAT ".%09"
        G_GUINT64_FORMAT "\n", n / GST_SECOND, n % GST_SECOND);
  else
    g_string_append_printf (out, "} %" G_GUINT64_FORMAT "\n", n);
}

/* The samples of @f in @s; how many. */
static guint
append_samples (GString * out, const Family * f, const GstStructure * s)
{
  const gchar *point = gst_structure_get_string (s, "publishing-point");
  gsize prefix = strlen (f->field);
  guint i, n_samples = 0;
  guint64 n;

  if (point == NULL)
    point = "";
  if (f->form != AS_REASONS) {
    if (!read_count (s, f->field, &n))
      return 0;
    append_sample (out, f, point, NULL, n);
    return 1;
  }
  for (i = 0; i < (guint) gst_structure_n_fields (s); i++) {
    const gchar *field = gst_structure_nth_field_name (s, i);

    if (strncmp (field, f->field, prefix) == 0 && field[prefix]
        && read_count (s, field, &n)) {
      append_sample (out, f, point, field + prefix, n);
      n_samples++;
    }
  }
  return n_samples;
}

/* The families of @table with samples in the reports named @structure. */
static void
append_families (GString * out, GPtrArray * reports, const gchar * structure,
    const Family * table, guint n_families)
{
  GString *samples = g_string_new (NULL);
  guint i, j, n;

  for (i = 0; i < n_families; i++) {
    const Family *f = &table[i];

    g_string_truncate (samples, 0);
    for (j = 0, n = 0; j < reports->len; j++) {
      const GstStructure *s = g_ptr_array_index (reports, j);

      if (gst_structure_has_name (s, structure))
        n += append_samples (samples, f, s);
    }
    if (n > 0)
      g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n%s",
          f->name, f->help, f->name, f->type, samples->str);
  }
  g_string_free (samples, TRUE);
}

gchar *
wmnet_metrics_format (GPtrArray * reports)
{
  GString *out = g_string_new (NULL);

  append_families (out, reports, SINK_STATS, sink_families,
      G_N_ELEMENTS (sink_families));
  append_families (out, reports, PUSH_STATS, push_families,
      G_N_ELEMENTS (push_families));
  return g_string_free (out, FALSE);
}
