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

/* gstwmnetpushsink: the public wmnetpushsink element, a GstBaseSink fed
 * muxed ASF that pushes it to a Windows Media server's publishing point
 * with [MS-WMHTTP] (IWMWriterPushSink). Owns the properties, the cutting
 * of the input into headers and packets, the body's packets in order
 * ($H, $D, $E + $C on a header change, $E at the end), the retries and
 * the stats; the connection is wmnetpushconn's (docs/design.md, D70). */

#ifndef __GST_WMNET_PUSH_SINK_H__
#define __GST_WMNET_PUSH_SINK_H__

#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define GST_TYPE_WMNET_PUSH_SINK (gst_wmnet_push_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetPushSink, gst_wmnet_push_sink, GST,
    WMNET_PUSH_SINK, GstBaseSink);

GST_ELEMENT_REGISTER_DECLARE (wmnetpushsink);

/* Why @location cannot be a location (an http:// URL with a host, no user
 * info or fragment), NULL when it can: wmnetsink's push-location is
 * checked with it. */
const gchar *gst_wmnet_push_sink_location_refusal (const gchar * location);

G_END_DECLS

#endif /* __GST_WMNET_PUSH_SINK_H__ */
