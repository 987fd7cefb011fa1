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

/* wmhttppush: the sending side of [MS-WMHTTP] (Windows Media HTTP Push
 * Distribution Protocol) that is not sockets: the PushSetup body
 * (2.2.2.1: Template-URL, AutoDestroy), the request heads of PushSetup and
 * PushStart (2.2.2.1, 2.2.2.2: Content-Type, Cookie push-id, User-Agent
 * WMEncoder/major.minor), the body's packets (2.2.3: '$' id PacketLength
 * and the payload only, no MS-WMSP LocationId/AFFlags), the count of a
 * PushStart body against its Content-Length with the $F filler that ends
 * it (Length-Remaining, 3.1.4.3-3.1.4.5, 2.2.3.5; D81), and the checks of
 * an answer (the push-id of Set-Cookie 2.2.1.6, the Server token 3.1.5.1).
 * Pure code: no sockets, no libsoup (docs/design.md, D70). */

#ifndef __WMHTTP_PUSH_H__
#define __WMHTTP_PUSH_H__

#include <glib.h>

G_BEGIN_DECLS

#define WMHTTP_CONTENT_TYPE_SETUP "application/x-wms-pushsetup"
#define WMHTTP_CONTENT_TYPE_START "application/x-wms-pushstart"
/* PushStart's Content-Length when the length is unknown (3.1.4.2.1). */
#define WMHTTP_UNKNOWN_LENGTH 2147483647u
/* The ASF file header (Header Object + 50 bytes of Data Object) of a $C
 * (2.2.3.2; $H allows 65,531, 2.2.3.6): one limit for both, so that a
 * header sent as $H can be sent again as $C. */
#define WMHTTP_MAX_HEADER 65527
/* A $D payload: PacketLength is 16 bits (2.2.3.1.1). */
#define WMHTTP_MAX_PACKET 65535
/* '$' + id + PacketLength LE16 */
#define WMHTTP_FRAME_SIZE 4
/* $E reasons (2.2.3.4) */
#define WMHTTP_REASON_DONE 0u   /* S_OK: no more $D until a new PushStart */
#define WMHTTP_REASON_ENTRY 1u  /* S_FALSE: a $C follows */
/* The longest push-id a server may give (3.2.3). */
#define WMHTTP_MAX_PUSH_ID 255
/* A whole $F: the framing and at most 65,531 zero bytes (2.2.3.5). */
#define WMHTTP_MAX_FILLER 65535

typedef enum
{
  WMHTTP_PUSH_SETUP,
  WMHTTP_PUSH_START,
} WmhttpRequest;

/* @template_path: NULL or a path-absolute of ASCII (wmhttp_template_ok());
 * Returns the PushSetup body: "Template-URL: \"PATH\"\r\n" when a
 * template is given, then "AutoDestroy: 0|1\r\n" when @auto_destroy or a
 * template is given (3.1.4.1.1), else "" (an empty body is legal). */
gchar *wmhttp_setup_body (const gchar * template_path, gboolean auto_destroy);

/* TRUE when @path may be a Template-URL (2.2.2.1.1): starts with '/',
 * printable ASCII only, no '"' (it is written between quotes). */
gboolean wmhttp_template_ok (const gchar * path);

/* The request line and headers, ending in the empty line, of a POST to
 * @path_query (the URL's path and query) on @host (host[:port] as the Host
 * header wants it). @push_id: "0" for a new session; @authorization: NULL
 * or the Authorization header's value; @user_agent: the whole
 * User-Agent value (wmhttp_user_agent_ok()). HTTP/1.1, Cache-Control
 * no-cache, Connection keep-alive, and X-Accept-Authentication listing
 * Digest and Basic (2.2.1.9). */
gchar *wmhttp_request_head (WmhttpRequest kind, const gchar * path_query,
    const gchar * host, const gchar * user_agent, const gchar * push_id,
    const gchar * authorization, guint64 content_length);

/* TRUE when @ua is "WMEncoder/" (any case) major "." minor with a major
 * of 9 to 12 and minor 0 (2.2.1.8), then nothing, "." and the build, or
 * " " and more product tokens; the check a receiver makes (3.2.5.1). */
gboolean wmhttp_user_agent_ok (const gchar * ua);

/* Appends a $H (@change FALSE) or a $C with Reason 0 (@change TRUE)
 * carrying @header. FALSE, appending nothing, when @len is 0 or more than
 * WMHTTP_MAX_HEADER. */
gboolean wmhttp_append_header (GByteArray * out, const guint8 * header,
    gsize len, gboolean change);
/* Appends a $D carrying one ASF data packet. FALSE, appending nothing,
 * when @len is 0 or more than WMHTTP_MAX_PACKET. */
gboolean wmhttp_append_data (GByteArray * out, const guint8 * packet,
    gsize len);
/* Appends an $E with @reason (PacketLength 4). */
void wmhttp_append_end (GByteArray * out, guint32 reason);

/* Length-Remaining (3.1.1): the bytes one PushStart body has left of its
 * Content-Length. */
typedef struct
{
  guint64 length;               /* the Content-Length announced */
  guint64 remaining;
} WmhttpBody;

typedef enum
{
  WMHTTP_BODY_PUT,              /* the packet was appended */
  WMHTTP_BODY_FILLED,           /* it did not fit: $F packets filling the
                                 * body to its length were appended; the
                                 * body is complete, the packet goes first
                                 * into the next PushStart's */
  WMHTTP_BODY_TOO_BIG,          /* it fits no body of this length; nothing
                                 * appended */
} WmhttpBodyResult;

/* A PushStart body of @length bytes begins (3.1.4.2.1: 2147483647,
 * WMHTTP_UNKNOWN_LENGTH, when the stream's size is unknown; the spec's
 * floor is three maximum-size $D and the largest $H or $C plus 4). */
void wmhttp_body_start (WmhttpBody * body, guint64 length);

/* Puts one whole framed packet (@len bytes from wmhttp_append_*(): $H,
 * $D, $E or $C) into @body, appending to @out. It fits when at least a
 * framing header's 4 bytes are left after it (3.1.4.3, 3.1.4.5; for $E
 * too, unlike 3.1.4.4's 8, D81), so whatever is left can always be
 * filled: an empty $F is 4 bytes. Otherwise the rest of the body is
 * filled with $F of at most WMHTTP_MAX_FILLER bytes each, summing to what
 * was left (3.1.4.3), and Length-Remaining is 0. */
WmhttpBodyResult wmhttp_body_put (WmhttpBody * body, GByteArray * out,
    const guint8 * packet, gsize len);

/* TRUE when @body's Content-Length is all there: the PushStart answer is
 * next (3.1.4.3). */
gboolean wmhttp_body_complete (const WmhttpBody * body);

/* The push-id in a Set-Cookie header's value (several cookies may be
 * joined by ", " or ";"), newly allocated; NULL when none, when it is "0",
 * longer than WMHTTP_MAX_PUSH_ID or not VCHARs (2.2.1.3.1). */
gchar *wmhttp_cookie_push_id (const gchar * set_cookie);

/* TRUE when @server names a Windows Media server: the MS-WMSP
 * server-tokens "Cougar" or "Rex" then "/" (3.1.5.1 step 1; [MS-WMSP]
 * 2.2.1.5). */
gboolean wmhttp_server_ok (const gchar * server);

G_END_DECLS

#endif /* __WMHTTP_PUSH_H__ */
