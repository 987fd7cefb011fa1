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

/* wmnetlogstats: reading a player's log report, the body of an MS-WMSP
 * LogStats POST ([MS-WMSP] 2.2.1.2.5: Content-Type
 * application/x-wms-LogStats, the XML logging message of [MS-WMLOG] 2.4).
 * Owns the XML reading (GLib's GMarkup) and the mapping of its tags and
 * its W3C Summary onto the log fields of wmnetlog. Pure. docs/design.md,
 * D18. */

#ifndef __WMNET_LOG_STATS_H__
#define __WMNET_LOG_STATS_H__

#include <glib.h>

G_BEGIN_DECLS

/* The largest body accepted; a larger one gets 413 unread. [MS-WMLOG]
 * examples are about 3 KiB. */
#define WMNET_LOG_STATS_MAX_BODY (64 * 1024)

/* Parses @len bytes of @body. Returns field name (wmnetlog's #Fields name)
 * -> value: each known field's own tag (the children of the root element),
 * else its place in the <Summary> W3C line ([MS-WMLOG] 2.2.1 order). NULL,
 * with @error, when it is not well-formed XML or holds no log field. */
GHashTable *wmnet_log_stats_parse (const gchar * body, gsize len,
    GError ** error);

G_END_DECLS

#endif /* __WMNET_LOG_STATS_H__ */
