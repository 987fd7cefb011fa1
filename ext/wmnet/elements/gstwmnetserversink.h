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

/* gstwmnetserversink: the public wmnetserversink element, a GstBaseSink fed
 * finished ASF (IWMWriterSink::OnHeader / OnDataUnit). Owns the WmnetServer,
 * the access lists, every network property, action signal and bus message of
 * the API contract; wmnetsink is a bin around it and a wmasfmux. */

#ifndef __GST_WMNET_SERVER_SINK_H__
#define __GST_WMNET_SERVER_SINK_H__

#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define GST_TYPE_WMNET_SERVER_SINK (gst_wmnet_server_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetServerSink, gst_wmnet_server_sink, GST,
    WMNET_SERVER_SINK, GstBaseSink);

GST_ELEMENT_REGISTER_DECLARE (wmnetserversink);

/* The properties wmnetserversink adds to GstBaseSink: the ones a bin
 * around it (wmnetsink) mirrors. NULL-terminated. */
extern const gchar *const gst_wmnet_server_sink_property_names[];

/* For wmnetsink only: @bin made @sink as its `serversink` and posts its
 * messages as its own, so the warnings @sink gives name @bin while @bin is
 * its parent. Called once, when @bin makes @sink. (wmnetsink includes
 * this header; the other way round would make a circle, docs/design.md
 * D66.) */
void gst_wmnet_server_sink_set_user_element (GstWmnetServerSink * sink,
    GstElement * bin);

G_END_DECLS

#endif /* __GST_WMNET_SERVER_SINK_H__ */
