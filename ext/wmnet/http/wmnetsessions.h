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

/* wmnetsessions: the MS-WMSP sessions the server has given a client-id
 * ([MS-WMSP] 2.2.1.4.5, 3.2.3): a bounded table of ids, each forgotten
 * after a lifetime without use, the least recently used first when the
 * table is full, so that a flood of describes cannot grow memory
 * (docs/design.md D40). Pure: GLib only, no threads (the server thread
 * alone uses it). */

#ifndef __WMNET_SESSIONS_H__
#define __WMNET_SESSIONS_H__

#include <glib.h>

G_BEGIN_DECLS

/* ids remembered at most, and for how long after their last use */
#define WMNET_SESSIONS_MAX 65536
#define WMNET_SESSIONS_LIFETIME (5 * 60 * G_USEC_PER_SEC)

typedef struct _WmnetSessions WmnetSessions;

/* At most @max ids (>= 1), each for @lifetime µs after its last use. */
WmnetSessions *wmnet_sessions_new (guint max, gint64 lifetime);
void wmnet_sessions_free (WmnetSessions * sessions);

/* A new client-id, random, neither 0 nor one the table holds, remembered
 * from @now (monotonic µs). */
guint32 wmnet_sessions_add (WmnetSessions * sessions, gint64 now);
/* TRUE when @id was given and has not been forgotten: its lifetime starts
 * again at @now. */
gboolean wmnet_sessions_touch (WmnetSessions * sessions, guint32 id,
    gint64 now);
/* Ids held at @now. */
guint wmnet_sessions_count (WmnetSessions * sessions, gint64 now);

/* A client-id pragma's value ([MS-WMSP] 2.2.1.4.5: 1*10 DIGIT) as the
 * number the server gave; FALSE when it is not one (empty, not digits,
 * over 4294967295). */
gboolean wmnet_sessions_parse_id (const gchar * value, guint32 * id);

G_END_DECLS

#endif /* __WMNET_SESSIONS_H__ */
