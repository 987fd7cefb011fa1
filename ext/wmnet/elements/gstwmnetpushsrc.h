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

/* gstwmnetpushsrc: the public wmnetpushsrc element, a live GstPushSrc
 * that receives a broadcast pushed to it with [MS-WMHTTP] (an encoder's or
 * IWMWriterPushSink's PushSetup and PushStart POSTs) on its own port and
 * publishing point, and outputs it as `video/x-ms-asf` with the header as
 * `streamheader`. Owns the element: properties, start/stop, the queue
 * between the server thread and create(), caps and timestamps; the
 * requests are gstwmnetpushsrcconn.c's, the body's framing wmhttpreader's
 * (docs/wmnetpushsrc.md, docs/design.md D71). */

#ifndef __GST_WMNET_PUSH_SRC_H__
#define __GST_WMNET_PUSH_SRC_H__

#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define GST_TYPE_WMNET_PUSH_SRC (gst_wmnet_push_src_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetPushSrc, gst_wmnet_push_src, GST,
    WMNET_PUSH_SRC, GstPushSrc);

GST_ELEMENT_REGISTER_DECLARE (wmnetpushsrc);

G_END_DECLS

#endif /* __GST_WMNET_PUSH_SRC_H__ */
