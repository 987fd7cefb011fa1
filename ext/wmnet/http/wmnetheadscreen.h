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

/* wmnetheadscreen: screening of a connection's request head, as bytes, before
 * libsoup parses it. libsoup drops header lines it cannot parse (e.g.
 * "Transfer-Encoding : chunked") and takes one of two conflicting
 * Content-Length headers; a proxy in front of us may read those lines the
 * other way (request smuggling), so such a head is refused with 400. It also
 * takes out "Expect" lines: the server never reads a request body, and a
 * 100 Continue would go out as "HTTP/1.0 100 Continue", which no HTTP/1.0
 * client expects.
 *
 * wmnet_screened_stream_new() puts a WmnetHeadScreen on a connection's
 * input, for libsoup to read from: the head is screened byte by byte in the
 * reader's own buffer (no buffer of the screen's but the few bytes of a
 * line start that may be an Expect line), and every byte after the head is
 * read straight from the connection (docs/design.md, D13 and D48). Pure:
 * unit-tested directly. */

#ifndef __WMNET_HEAD_SCREEN_H__
#define __WMNET_HEAD_SCREEN_H__

#include <gio/gio.h>

G_BEGIN_DECLS

#define WMNET_TYPE_HEAD_SCREEN (wmnet_head_screen_get_type ())
G_DECLARE_FINAL_TYPE (WmnetHeadScreen, wmnet_head_screen, WMNET, HEAD_SCREEN,
    GObject);

WmnetHeadScreen *wmnet_head_screen_new (void);
/* NULL while the head read so far is acceptable, else why it is not (a
 * static string, for the log). */
const gchar *wmnet_head_screen_get_problem (WmnetHeadScreen * screen);
/* TRUE once the empty line that ends the head went through. */
gboolean wmnet_head_screen_is_done (WmnetHeadScreen * screen);

/* A GIOStream over @connection whose input goes through @screen; closing it
 * closes @connection (and so the socket), which a GSimpleIOStream would
 * not. */
GIOStream *wmnet_screened_stream_new (GIOStream * connection,
    WmnetHeadScreen * screen);
/* From now on closing (or dropping) @stream leaves its connection open:
 * the connection was taken over, and the screen's buffers can go. */
void wmnet_screened_stream_detach (GIOStream * stream);

G_END_DECLS

#endif /* __WMNET_HEAD_SCREEN_H__ */
