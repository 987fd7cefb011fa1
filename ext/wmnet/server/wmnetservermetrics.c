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

/* The metrics path's body (wmnetserverpriv.h, docs/design.md D76): on the
 * server thread, at the request, from the counters every point of the port
 * keeps already (wmnetpoints' reports), formatted by wmnetmetrics. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetserverpriv.h"
#include "wmnetmetrics.h"

#define GST_CAT_DEFAULT wmnet_server_debug

GstStructure *
wmnet_server_report (gpointer user_data)
{
  return wmnet_server_get_stats (user_data);
}

gchar *
wmnet_server_metrics (gpointer user_data, GInetAddress * peer)
{
  WmnetServer *self = user_data;
  GPtrArray *reports;
  gchar *body;

  /* set before the thread started: read without the state lock, which
   * stop holds while it joins us */
  if (self->metrics_access == NULL
      || wmnet_access_list_judge (self->metrics_access, peer)
      != WMNET_ACCESS_ADMITTED)
    return NULL;
  reports = wmnet_points_reports (self->address, self->port);
  body = wmnet_metrics_format (reports);
  g_ptr_array_unref (reports);
  return body;
}
