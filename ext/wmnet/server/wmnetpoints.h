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

/* wmnetpoints: publishing points, several broadcasts on one port
 * (docs/design.md D69). Owns the process-wide registry of shared listeners,
 * one per (address, port): its listening socket and accept loop
 * (wmnetlisten) on a thread of its own, `wmnetlisten`, and the publishing
 * points each serves, a URL path and a serve function each (a WmnetServer's,
 * whose own thread then takes the connection). An accepted connection goes
 * to the point whose path its request line names (percent-decoded, the
 * query left out, matched exactly), else to the point of no path (every
 * path), else to the oldest point that takes such requests (its element
 * answers 404, posts and counts the refusal), else it is answered 404 here
 * and closed. A path may have two claims, one of each kind: players' (a
 * wmnetserversink's) and pushers' (a wmnetpushsrc's); a request then goes
 * to the pushers' claim when it is an [MS-WMHTTP] push (a POST whose
 * Content-Type is application/x-wms-pushsetup or -pushstart), else to the
 * players'. A port with only a point of no path is served as before, its
 * bytes unread. What a head says is read by wmnetpointhead. The registry
 * and the claims are for any thread; the serve and warn functions are
 * called on the listener's thread. */

#ifndef __WMNET_POINTS_H__
#define __WMNET_POINTS_H__

#include <gst/gst.h>
#include <gio/gio.h>

#include "wmnetlisten.h"
#include "wmnetpointhead.h"

G_BEGIN_DECLS

/* One publishing point's claim on a shared listener. */
typedef struct _WmnetPoint WmnetPoint;

/* Who a claim serves, when its path has a claim of each kind. */
typedef enum
{
  WMNET_POINT_PLAY,             /* players: every request but a push */
  WMNET_POINT_PUSH,             /* [MS-WMHTTP] PushSetup and PushStart */
} WmnetPointKind;

/* Takes @socket (refs what it keeps); on the listener's thread, with the
 * listener's lock held: it only hands the socket on. */
typedef void (*WmnetPointServeFunc) (gpointer user_data, GSocket * socket);

/* A claim's figures for a scrape of the port's metrics (D76): a new
 * `stats` structure of its element (wmnetsink-stats or
 * wmnetpushsrc-stats). Called on any thread with the listener's lock held:
 * it only reads counters under their own lock. */
typedef GstStructure *(*WmnetPointReportFunc) (gpointer user_data);

/* Claims @path (NULL: every path no other point serves) for @kind on the listener of
 * @address and @port (NULL address: every interface), which is opened when
 * none is, so a first claim binds; @port 0 always opens a new one on a free
 * port (a later claim may name the port it got). Fails with
 * G_IO_ERROR_EXISTS when the listener has a claim of that path and kind
 * already, or with the bind's error. @serve and @warn get @user_data. */
WmnetPoint *wmnet_point_claim (const gchar * address, guint port,
    const gchar * path, WmnetPointKind kind, WmnetPointServeFunc serve,
    WmnetListenWarnFunc warn, gpointer user_data, GError ** error);
/* Makes @point one that answers the requests for a path no point of its
 * listener serves: @not_found (called as @serve is, with its user data)
 * gets them when @point is the first claimed of the points that take
 * them; with none, the listener answers 404 itself. */
void wmnet_point_take_not_found (WmnetPoint * point,
    WmnetPointServeFunc not_found);
/* Gives @point's figures to the port's scrapes (wmnet_points_reports). */
void wmnet_point_set_report (WmnetPoint * point, WmnetPointReportFunc report);
/* Requests for @path (a valid publishing point, not NULL) go to @metrics
 * (called as @serve is), ahead of every claim of the listener, unless an
 * older point of the listener took that path first. */
void wmnet_point_take_metrics (WmnetPoint * point, const gchar * path,
    WmnetPointServeFunc metrics);
/* The figures of every point of the listener on @address and @port that
 * gave a report function, in claim order, each with a "publishing-point"
 * string field: its path, "*" for the point of every path; an empty
 * array when no such listener is open. Any thread but the listener's. */
GPtrArray *wmnet_points_reports (const gchar * address, guint port);
/* the port its listener is bound to */
guint wmnet_point_get_port (WmnetPoint * point);
/* Gives the path up: once it returns, its serve function is not called
 * again; the last point of a listener closes it and joins its thread. Not
 * from the listener's thread. */
void wmnet_point_release (WmnetPoint * point);

/* How many shared listeners are open in the process, and how many points
 * the one of @port has (0: none): the tests see a listener shared and
 * closed. */
guint wmnet_points_n_listeners (void);
guint wmnet_points_n_points (guint port);

G_END_DECLS

#endif /* __WMNET_POINTS_H__ */
