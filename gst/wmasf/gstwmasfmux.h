/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* gstwmasfmux: the wmasfmux element, a GstAggregator that interleaves
 * Windows Media audio and video into a live-broadcast ASF stream. Owns pads
 * and their caps, stream numbering, timestamps (running time), interleaving
 * and pushing; the bytes are asfobjects' and asfpacket's. */

#ifndef __GST_WMASF_MUX_H__
#define __GST_WMASF_MUX_H__

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_WMASF_MUX_PAD (gst_wmasf_mux_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstWmAsfMuxPad, gst_wmasf_mux_pad, GST, WMASF_MUX_PAD,
    GstAggregatorPad);

#define GST_TYPE_WMASF_MUX (gst_wmasf_mux_get_type ())
G_DECLARE_FINAL_TYPE (GstWmAsfMux, gst_wmasf_mux, GST, WMASF_MUX,
    GstAggregator);

GST_ELEMENT_REGISTER_DECLARE (wmasfmux);

G_END_DECLS

#endif /* __GST_WMASF_MUX_H__ */
