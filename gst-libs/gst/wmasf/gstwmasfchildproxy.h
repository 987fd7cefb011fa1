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

/* gstwmasfchildproxy: the one GstChildProxy implementation of wmasfmux and
 * of wmnetsink, the bin around it (docs/design.md, D37). gst-launch's
 * `ELEMENT PAD::PROPERTY=VALUE` resolves the pad through GstChildProxy and,
 * for a request pad made only when the links are, waits for the element's
 * child-added: so the children are the parent class's own (GstBin's
 * elements, for a bin) followed by the sink pads, and by name a sink pad
 * comes first. GstElement has no GstChildProxy and GstBin's has only the
 * elements, so neither default covers the pads. The element emits
 * child-added and child-removed itself when it makes and releases a
 * request pad. */

#ifndef __GST_WMASF_CHILD_PROXY_H__
#define __GST_WMASF_CHILD_PROXY_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* A GInterfaceInitFunc for G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY, ...)
 * of a GstElement subclass. */
void gst_wmasf_child_proxy_sink_pads_init (gpointer g_iface,
    gpointer iface_data);

G_END_DECLS

#endif /* __GST_WMASF_CHILD_PROXY_H__ */
