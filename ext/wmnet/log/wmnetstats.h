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

/* wmnetstats: the broadcast's totals, the `stats` property and the
 * `wmnetsink-stats` message (IWMWriterAdvanced::GetStatistics and more):
 * bytes and packets sent, the output bit rate (last second, average),
 * clients now and at peak, connections accepted, refused and disconnected
 * by reason, packets dropped, header changes, uptime. Each update is O(1)
 * under one short lock, so the server thread may count every write; any
 * thread reads. Times are given by the caller (monotonic µs): pure.
 * docs/design.md, D19. */

#ifndef __WMNET_STATS_H__
#define __WMNET_STATS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _WmnetStats WmnetStats;

WmnetStats *wmnet_stats_new (void);
void wmnet_stats_free (WmnetStats * stats);

/* Zeroes every counter; the uptime counts from @now. */
void wmnet_stats_start (WmnetStats * stats, gint64 now);
/* The uptime stops at @now; the counters keep their last values. */
void wmnet_stats_stop (WmnetStats * stats, gint64 now);

void wmnet_stats_add_sent (WmnetStats * stats, guint64 bytes,
    guint64 packets);
void wmnet_stats_add_dropped (WmnetStats * stats, guint64 packets);
void wmnet_stats_header_changed (WmnetStats * stats);
void wmnet_stats_client_added (WmnetStats * stats);
/* @reason: a wmnetsink-client-disconnected reason */
void wmnet_stats_client_removed (WmnetStats * stats, const gchar * reason);
/* @reason: a wmnetsink-client-refused reason */
void wmnet_stats_refused (WmnetStats * stats, const gchar * reason);
/* A client's socket became full (@backlogged) or took all it was offered
 * again (wmnet_client_flush_turn); a client that leaves backlogged counts
 * as taking all. */
void wmnet_stats_client_backlogged (WmnetStats * stats, gboolean backlogged);
/* Once a second or so: the current bit rate is what was sent since the
 * previous tick. */
void wmnet_stats_tick (WmnetStats * stats, gint64 now);

/* A `@name` structure of every counter (docs/wmnetsink.md, "stats"). */
GstStructure *wmnet_stats_to_structure (WmnetStats * stats, gint64 now,
    const gchar * name);

G_END_DECLS

#endif /* __WMNET_STATS_H__ */
