/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
/* Returns FALSE, with @error (WMNET_ASF_ERROR), when a byte stream turns
 * out not to be usable ASF. */
gboolean wmnet_input_push (WmnetInput * input, GstBuffer * buf,
    GError ** error);

G_END_DECLS

#endif /* __WMNET_INPUT_H__ */
