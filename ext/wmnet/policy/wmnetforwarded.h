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

/* wmnetforwarded: the client's address of a request that came through
 * trusted proxies. Owns the parsing of X-Forwarded-For and of RFC 7239
 * `Forwarded: for=` and the right-most rule (docs/design.md, D25); knows
 * nothing of HTTP libraries or GStreamer. */

#ifndef __WMNET_FORWARDED_H__
#define __WMNET_FORWARDED_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE when @addr (normalized) is a trusted proxy. */
typedef gboolean (*WmnetTrustFunc) (gpointer user_data, GInetAddress * addr);

/* The addresses a forwarding header names, left (the first hop) to right
 * (the last proxy's peer), as GInetAddress (IPv4-mapped made IPv4), NULL
 * for an entry that is no address ("unknown", "_hidden", garbage). Ports,
 * where given ("[2001:db8::1]:4711", "192.0.2.1:80"), go to @ports (may be
 * NULL), 0 when none. Returns the number of entries (0 for NULL or blank). */
guint wmnet_forwarded_parse_xff (const gchar * value, GPtrArray * addrs,
    GArray * ports);
/* RFC 7239 4: the `for` parameter of every forwarded-element, quoted
 * strings and escapes honoured, other parameters ignored; an element with
 * no `for` counts as an unknown entry. */
guint wmnet_forwarded_parse_forwarded (const gchar * value, GPtrArray * addrs,
    GArray * ports);

/* The client's address of a request from @peer: @peer itself unless
 * @is_trusted says it is a trusted proxy; then the right-most address of
 * `X-Forwarded-For` (when it has any entry) else of `Forwarded` that is not
 * itself trusted, walking right to left over trusted ones. An entry that is
 * no address stops the walk: the last trusted address is returned (the
 * request cannot be traced further). All trusted: the left-most. Returns a
 * new reference; *@port the entry's port or 0 (kept as @peer's when @peer
 * is the answer). */
GInetAddress *wmnet_forwarded_client (GInetAddress * peer, guint * port,
    const gchar * forwarded, const gchar * x_forwarded_for,
    WmnetTrustFunc is_trusted, gpointer user_data);

G_END_DECLS

#endif /* __WMNET_FORWARDED_H__ */
