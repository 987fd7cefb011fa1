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

/* wmnetinput: turns what wmnetserversink's pad receives into the server's
 * feed. Owns the choice between the two input forms — a header (the caps'
 * streamheader or a HEADER buffer) and one data packet per buffer, or a
 * byte stream cut by a WmnetAsfStream — and what the server needs from the
 * header: the fast-start window (File Properties Preroll) and, for a byte
 * stream, each packet's time (its ASF send time, ASF spec 5.2). Used from
 * the streaming thread only. */

#ifndef __WMNET_INPUT_H__
#define __WMNET_INPUT_H__

#include <gst/gst.h>

#include "wmnetserver.h"

G_BEGIN_DECLS

typedef struct _WmnetInput WmnetInput;

/* Feeds @server, which must outlive the input. */
WmnetInput *wmnet_input_new (WmnetServer * server);
void wmnet_input_free (WmnetInput * input);
/* A new stream (READY->PAUSED): a byte stream until a header says
 * otherwise. */
void wmnet_input_start (WmnetInput * input);
/* After a flush: a byte stream starts over at a Header Object. */
void wmnet_input_flush (WmnetInput * input);
/* The header of the caps' streamheader, when they have one. */
void wmnet_input_set_caps (WmnetInput * input, GstCaps * caps);
/* Returns FALSE, with @error (WMASF_ERROR), when a byte stream turns
 * out not to be usable ASF. */
gboolean wmnet_input_push (WmnetInput * input, GstBuffer * buf,
    GError ** error);
/* At the end of the stream: FALSE, with @error (WMASF_ERROR), when no
 * whole, readable ASF header came since the start. */
gboolean wmnet_input_eos (WmnetInput * input, GError ** error);
/* Once per header: TRUE, with the lowest such @stream number and the send
 * time passed (@after_ms), when a video stream the header describes had no
 * payload in the first 10 s (of send time) of the header's packets. */
gboolean wmnet_input_take_silent_video (WmnetInput * input, guint * stream,
    guint32 * after_ms);
/* A header came and no data packet since (the start, or that header). */
gboolean wmnet_input_waits_for_packet (WmnetInput * input);

G_END_DECLS

#endif /* __WMNET_INPUT_H__ */
