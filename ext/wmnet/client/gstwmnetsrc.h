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

/* gstwmnetsrc: the public wmnetsrc element, a GstPushSrc that plays an
 * MS-WMSP ("mmsh") broadcast as Windows Media Player's network source
 * does: describe, then play, over libsoup's client side. Owns the requests
 * and their pragmas, reconnection, timestamps and the element's
 * properties; the framing is wmspreader's, the ASF header the
 * library reader's (gst/wmasf/asfreader.h). */

#ifndef __GST_WMNET_SRC_H__
#define __GST_WMNET_SRC_H__

#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define GST_TYPE_WMNET_SRC (gst_wmnet_src_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetSrc, gst_wmnet_src, GST, WMNET_SRC, GstPushSrc);

GST_ELEMENT_REGISTER_DECLARE (wmnetsrc);

/* The custom downstream query (a structure of this name, no fields) that
 * wmnetsrc asks before it pushes a header: an element that passes the
 * header on to players (wmnetserversink) answers TRUE, and the header
 * keeps the server's Preroll (docs/design.md D58). */
#define GST_WMNET_SRC_QUERY_HEADER_AS_SENT "GstWmnetSrcHeaderAsSent"

G_END_DECLS

#endif /* __GST_WMNET_SRC_H__ */
