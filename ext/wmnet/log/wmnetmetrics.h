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

/* wmnetmetrics: the `metrics-path` body, the Prometheus text exposition
 * format version 0.0.4 (the Prometheus "Exposition formats" document),
 * formatted from `stats` structures: a wmnetsink-stats (a broadcast's,
 * wmnetstats) or a wmnetpushsrc-stats (a push receiver's) each, with a
 * "publishing-point" string field, the label every sample gets. Names and
 * types: docs/wmnetsink.md, "Metrics"; docs/design.md D76. Pure. */

#ifndef __WMNET_METRICS_H__
#define __WMNET_METRICS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The Content-Type of the body (0.0.4). */
#define WMNET_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* The body for @reports (GstStructure*, in the order given): one HELP and
 * one TYPE line a family with samples, then a sample a report that has its
 * field (a reason family: a sample a "refused-" or "disconnected-" field,
 * labelled reason). A structure of another name is left out. */
gchar *wmnet_metrics_format (GPtrArray * reports);

G_END_DECLS

#endif /* __WMNET_METRICS_H__ */
