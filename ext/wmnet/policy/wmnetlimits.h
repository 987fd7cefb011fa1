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

/* wmnetlimits: per-address limits of wmnetsink. Owns the table of address
 * groups (an IPv4 address, or an IPv6 /64), each with its count of
 * streaming clients (max-clients-per-address) and its connection token
 * bucket (max-connection-rate), and the expiry that keeps the table bounded
 * under a storm from many addresses (docs/design.md, D27). Thread-safe
 * (its own lock); knows nothing of HTTP or GStreamer. Times are monotonic
 * microseconds. */

#ifndef __WMNET_LIMITS_H__
#define __WMNET_LIMITS_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* A bucket holds max (WMNET_LIMITS_MIN_BURST, rate x 1 s) tokens and
 * starts full: a player's describe, play and their 401 challenges pass. */
#define WMNET_LIMITS_MIN_BURST 5
/* Groups tracked at most; when full (after expiring idle ones) a new
 * group's connections are let through untracked, never refused, unless
 * the limits are strict. */
#define WMNET_LIMITS_MAX_GROUPS 65536

typedef struct _WmnetLimits WmnetLimits;

WmnetLimits *wmnet_limits_new (void);
void wmnet_limits_free (WmnetLimits * limits);

/* 0: no limit. */
void wmnet_limits_set_max_per_address (WmnetLimits * limits, guint max);
guint wmnet_limits_get_max_per_address (WmnetLimits * limits);
/* Tokens per second per group; 0: no limit. */
void wmnet_limits_set_rate (WmnetLimits * limits, gdouble rate);
gdouble wmnet_limits_get_rate (WmnetLimits * limits);
/* Strict limits refuse a token to a group the full table cannot track
 * (retry after 1 s): for what may be dropped (a player's log report,
 * docs/design.md D54), never for connections. Default FALSE. */
void wmnet_limits_set_strict (WmnetLimits * limits, gboolean strict);
/* The burst for @rate (tokens). */
guint wmnet_limits_burst (gdouble rate);

/* The group of @addr (normalized): "192.0.2.7", "2001:db8:1:2::/64". */
gchar *wmnet_limits_group (GInetAddress * addr);

/* A connection (request) from @addr at @now: TRUE when its group's bucket
 * had a token (taken), or no rate is set; FALSE with *@retry_after, the
 * whole seconds until a token is back (>= 1). */
gboolean wmnet_limits_take_token (WmnetLimits * limits, GInetAddress * addr,
    gint64 now, guint * retry_after);
/* A streaming slot for @addr: FALSE when its group holds
 * max-clients-per-address already; else counted until _release(). */
gboolean wmnet_limits_acquire (WmnetLimits * limits, GInetAddress * addr,
    gint64 now);
void wmnet_limits_release (WmnetLimits * limits, GInetAddress * addr,
    gint64 now);
/* The slots @addr's group holds. */
guint wmnet_limits_count (WmnetLimits * limits, GInetAddress * addr);
/* The groups in the table (bounded: idle ones expire). */
guint wmnet_limits_size (WmnetLimits * limits);

G_END_DECLS

#endif /* __WMNET_LIMITS_H__ */
