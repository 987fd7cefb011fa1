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


/* wmnettestpush: a pusher written from [MS-WMHTTP] with raw sockets
 * (requests of 2.2.2, packets of 2.2.3) and waits on wmnetpushsrc's bus
 * messages, shared by its element and pipeline tests. Every wait is
 * bounded by WMNET_TEST_PUSH_WAIT_S. */

#ifndef __WMNET_TEST_PUSH_H__
#define __WMNET_TEST_PUSH_H__

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define WMNET_TEST_PUSH_WAIT_S (10 * wmnet_test_time_factor ())

/* An encoder: a gst-launch description (printf format of the width,
 * height, port and path) that pushes a live WMV of that size and a WMA
 * with wmnetpushsink to http://127.0.0.1:port/path. */
#define WMNET_TEST_PUSH_ENCODER "videotestsrc is-live=true pattern=smpte ! " \
  "video/x-raw,width=%u,height=%u,framerate=25/1 ! avenc_wmv2 " \
  "bitrate=200000 gop-size=25 ! queue ! wmasfmux name=m streamable=true ! " \
  "wmnetpushsink location=http://127.0.0.1:%u%s audiotestsrc is-live=true ! " \
  "audio/x-raw,rate=22050,channels=1 ! audioconvert ! avenc_wmav2 ! queue ! m."

/* The next element message named @name on @bus; others skipped; fails
 * on an error message or after the bound. */
GstStructure *wmnet_test_push_wait_message (GstBus * bus, const gchar * name);
/* The same, its address 127.0.0.1 and, when not NULL, its reason @reason. */
void wmnet_test_push_expect_message (GstBus * bus, const gchar * name,
    const gchar * reason);

/* A loopback connection to @port, from @from (NULL: any address). */
GSocket *wmnet_test_push_connect (guint port, const gchar * from);
/* The Authorization header's value every request carries; NULL: none. */
extern gchar *wmnet_test_push_authorization;
/* A POST of application/x-wms-@type to @path with the headers 2.2.2
 * requires, Cookie: push-id=@cookie (NULL: none), Content-Length @length,
 * then @len bytes of @body. */
void wmnet_test_push_request (GSocket * sock, const gchar * path,
    const gchar * type, const gchar * cookie, guint64 length,
    const guint8 * body, gsize len);
/* An answer's head to its blank line; "" at end of stream. */
gchar *wmnet_test_push_read_head (GSocket * sock);
/* The value of header @name in @head, NULL when absent. */
gchar *wmnet_test_push_header_value (const gchar * head, const gchar * name);
/* PushSetup of a new session (push-id=0), its 204 checked: the push-id
 * cookie, the Server token, no-cache (3.2.5.1); returns the push-id. */
gchar *wmnet_test_push_setup (GSocket * sock, const gchar * path);

/* A packet of 2.2.3 appended to @a: $@type and @len bytes of @payload. */
void wmnet_test_push_put (GByteArray * a, guint8 type,
    const guint8 * payload, gsize len);
/* $E with @reason. */
void wmnet_test_push_put_end (GByteArray * a, guint32 reason);

G_END_DECLS

#endif /* __WMNET_TEST_PUSH_H__ */
