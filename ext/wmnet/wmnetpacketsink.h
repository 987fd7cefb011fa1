/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* wmnetpacketsink: wmnetsink's private GstBaseSink (no factory). Hands the
 * ASF header (caps streamheader or HEADER buffers) and the data packets to
 * the WmnetServer, opens the port at READY->PAUSED and releases it at
 * PAUSED->READY, and holds EOS back until the clients have it (at most
 * 5 s; a flush or a state change to READY ends the wait at once). */

#ifndef __WMNET_PACKET_SINK_H__
#define __WMNET_PACKET_SINK_H__

#include <gst/base/gstbasesink.h>

#include "wmnetserver.h"

G_BEGIN_DECLS

#define WMNET_TYPE_PACKET_SINK (wmnet_packet_sink_get_type ())
G_DECLARE_FINAL_TYPE (WmnetPacketSink, wmnet_packet_sink, WMNET, PACKET_SINK,
    GstBaseSink);

GstElement *wmnet_packet_sink_new (WmnetServer * server);
/* Where the port opens; takes effect at the next READY->PAUSED. */
void wmnet_packet_sink_set_endpoint (WmnetPacketSink * sink,
    const gchar * address, guint port);

G_END_DECLS

#endif /* __WMNET_PACKET_SINK_H__ */
