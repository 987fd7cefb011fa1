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

/* wmnetpointhead: what the publishing points' listener reads of a
 * connection's first bytes before libsoup does (docs/design.md D69, D71,
 * D83): the path of its request line, whether it is an [MS-WMHTTP] push
 * (its Content-Type, the one reading of it, D73), whether it is an
 * [MS-WMSP] play (its Pragma); and the check of a publishing-point value.
 * Every byte comes from the network unchecked: the readers look only at
 * the @len bytes given and decide nothing from a line that is cut. Pure,
 * any thread; fuzzed by tests/fuzz/fuzz-pointhead.c. */

#ifndef __WMNET_POINT_HEAD_H__
#define __WMNET_POINT_HEAD_H__

#include <glib.h>

G_BEGIN_DECLS

/* the longest publishing point (bytes) */
#define WMNET_POINT_PATH_MAX 255

/* TRUE when @path may be a publishing point: NULL (every path), or "/"
 * and then segments of RFC 3986 unreserved characters (letters, digits,
 * "-", ".", "_", "~") joined by single "/", none of them "." or "..", no
 * "/" at the end, at most WMNET_POINT_PATH_MAX bytes; no query, fragment or
 * percent sign (a request's path is percent-decoded before it is
 * compared). Else FALSE and @why (static) says what is wrong. */
gboolean wmnet_point_path_is_valid (const gchar * path, const gchar ** why);

/* The path a request names, from the first @len bytes of its head: the
 * target of its request line (origin form, or absolute form's path) up to
 * "?" or "#", percent-decoded. *@path is NULL when the line is not a
 * request line or its path does not decode (NUL, encoded "/"). FALSE
 * while the line is not all there (no LF in @len bytes). */
gboolean wmnet_point_request_path (const gchar * head, gsize len,
    gchar ** path);

/* The [MS-WMHTTP] push a Content-Type value names (2.2.1.1). */
typedef enum
{
  WMNET_PUSH_TYPE_NONE,
  WMNET_PUSH_TYPE_SETUP,        /* application/x-wms-pushsetup */
  WMNET_PUSH_TYPE_START,        /* application/x-wms-pushstart */
} WmnetPushType;

/* What the Content-Type value @value (@len bytes, not NUL-terminated)
 * names: its media type, leading whitespace and the parameters after
 * optional whitespace and ";" left out, compared case-insensitively
 * (RFC 9110 8.3.1). The one check of a push's type: the listener routes
 * by it and wmnetpushsrc judges by it, so they never disagree. */
WmnetPushType wmnet_point_push_type (const gchar * value, gsize len);

/* Whether a request is an [MS-WMHTTP] push (2.2.2.1, 2.2.2.2): a POST
 * whose Content-Type is application/x-wms-pushsetup or
 * application/x-wms-pushstart, from the first @len bytes of its head.
 * FALSE while that is not known: a POST's head has neither that header
 * nor its end (an empty line) in @len bytes. */
gboolean wmnet_point_request_is_push (const gchar * head, gsize len,
    gboolean * push);

/* Whether a request is an [MS-WMSP] play request: a header line
 * `Pragma:` (name case-insensitive) of the first @len bytes of its head
 * holds `xPlayStrm=1` (2.2.1.4.36). FALSE for anything else, and for a
 * play whose Pragma is not in those bytes (it is then served as a
 * describe is: only its order changes, D83). */
gboolean wmnet_point_request_is_play (const gchar * head, gsize len);

G_END_DECLS

#endif /* __WMNET_POINT_HEAD_H__ */
