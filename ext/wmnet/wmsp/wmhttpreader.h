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

/* wmhttpreader: the receiving side of [MS-WMHTTP] push framing. Owns
 * cutting the body of a PushStart request (2.2.2.2) into the packets it
 * carries (2.2.3): the ASF file header ($H; $C with its reason), data
 * packets ($D, padded back to the header's packet size: the pusher SHOULD
 * strip padding, 2.2.3.3), end of stream ($E) and filler ($F, skipped).
 * Unlike MS-WMSP's, these packets are the 4-byte framing header
 * ('$', type, u16 LE length) and the payload alone, with no LocationId or
 * AFFlags. Checks every length (a header or filler over 65,531 bytes, a
 * $D over the packet size, an $E not of 4 bytes) and the order the
 * session allows (3.2.5.2: a session's first packet is $H; a $D needs a
 * header) before anything is used; holds at most one packet plus one
 * push. Pure: no sockets, no threads; unit-tested directly
 * (tests/check/libs/wmhttpreader.c). */

#ifndef __WMHTTP_READER_H__
#define __WMHTTP_READER_H__

#include <gst/gst.h>
#include <gst/wmasf/asfreader.h>

G_BEGIN_DECLS

/* The largest $H, $C or $F payload [MS-WMHTTP] 2.2.3 allows. */
#define WMHTTP_MAX_PAYLOAD 65531

typedef struct _WmhttpReader WmhttpReader;

typedef enum
{
  WMHTTP_READ_NEED_DATA,        /* push more bytes */
  WMHTTP_READ_HEADER,           /* $H: an ASF file header */
  WMHTTP_READ_CHANGE,           /* $C: a new ASF file header; *reason set */
  WMHTTP_READ_PACKET,           /* $D: one packet of the header's size */
  WMHTTP_READ_END,              /* $E; *reason set (0 S_OK, 1 S_FALSE) */
  WMHTTP_READ_ERROR,            /* the bytes break 2.2.3; stop */
} WmhttpReadResult;

WmhttpReader *wmhttp_reader_new (void);
void wmhttp_reader_free (WmhttpReader * r);

/* A PushStart body begins: buffered bytes are dropped and an error is
 * forgotten. @new_session (the first PushStart after a PushSetup) also
 * forgets the header, so the body must open with $H; otherwise the
 * session's header stays and the body may go on with $C or $D (2.2.2.2). */
void wmhttp_reader_start (WmhttpReader * r, gboolean new_session);

/* Appends @len bytes of the body. Callers push only after NEED_DATA, so
 * what is held stays below one packet plus one push. */
void wmhttp_reader_push (WmhttpReader * r, const guint8 * data, gsize len);

/* Bytes pushed and not yet taken by a result. */
gsize wmhttp_reader_pending (WmhttpReader * r);

/* The next item. HEADER, CHANGE: @buf is the header as wmasf_header_make()
 * gives it; PACKET: @buf is one packet, zero-padded to the packet size.
 * ERROR sets @error (G_IO_ERROR_INVALID_DATA or WMASF_ERROR) and the
 * reader stays in error until wmhttp_reader_start(). */
WmhttpReadResult wmhttp_reader_pop (WmhttpReader * r, GstBuffer ** buf,
    guint32 * reason, GError ** error);

/* The session's current header's facts, NULL before the first. */
const WmAsfHeaderInfo *wmhttp_reader_header (WmhttpReader * r);

G_END_DECLS

#endif /* __WMHTTP_READER_H__ */
