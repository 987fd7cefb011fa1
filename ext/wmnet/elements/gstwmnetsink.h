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

/* gstwmnetsink: the public wmnetsink element, a GstBin of a wmasfmux and a
 * wmnetserversink. Owns the request pads (wmasfmux's caps; ghost pads
 * forwarding the muxer pads' mutual-exclusion-group) and nothing else: its properties, action signals and bus messages are its children's,
 * forwarded (docs/design.md, "Architecture"; docs/wmnetsink.md). */

#ifndef __GST_WMNET_SINK_H__
#define __GST_WMNET_SINK_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_WMNET_SINK (gst_wmnet_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetSink, gst_wmnet_sink, GST, WMNET_SINK, GstBin);

GST_ELEMENT_REGISTER_DECLARE (wmnetsink);

G_END_DECLS

#endif /* __GST_WMNET_SINK_H__ */
