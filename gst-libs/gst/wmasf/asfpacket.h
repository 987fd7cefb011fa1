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

/* asfpacket: cuts media objects into fixed-size ASF data packets (ASF spec
 * 5.2) in the layout VLC and Windows Media write for live streams
 * (docs/design.md, "ASF data packets"): error correction 82 00 00,
 * multiple payloads, WORD padding length, no packet length field, 17-byte
 * payload headers with 8 bytes of replicated data, zero padding. Owns
 * payload fragmentation, send times and which packets a player may start
 * from; knows nothing of pads or GstAggregator. */

#ifndef __WMASF_PACKET_H__
#define __WMASF_PACKET_H__

#include <gst/gst.h>

#include "asfguids.h"
#include "gstwmasfmuxpads.h"

G_BEGIN_DECLS

/* ECC (3), length type and property flags (2), padding length (2), send
 * time (4), duration (2), payload flags (1) */
#define WMASF_PACKET_HEADER_SIZE 14
/* stream, object number, offset, replicated length, object size,
 * presentation time, payload length */
#define WMASF_PAYLOAD_HEADER_SIZE 17
/* FFmpeg refuses media objects of 2^24 bytes or more */
#define WMASF_MAX_OBJECT_SIZE ((1 << 24) - 1)

/* One media object (a frame) and how to describe it. */
typedef struct
{
  guint8 stream_number;         /* 1..127 */
  guint8 object_number;         /* per stream, wraps at 256 */
  gboolean key;                 /* sets the payloads' key-frame bit */
  gboolean sync;                /* a player may start at this object */
  GstClockTime send_time;       /* running time the object is due (DTS) */
  GstClockTime pres_time;       /* running time of presentation (PTS) */
} WmAsfObject;

typedef struct _WmAsfPacketizer WmAsfPacketizer;

WmAsfPacketizer *wmasf_packetizer_new (guint packet_size, guint32 preroll_ms);
void wmasf_packetizer_free (WmAsfPacketizer * p);

void wmasf_packetizer_add (WmAsfPacketizer * p, const WmAsfObject * obj,
    GstBuffer * data, GQueue * done);
GstBuffer *wmasf_packetizer_finish (WmAsfPacketizer * p);
void wmasf_packetizer_discard (WmAsfPacketizer * p);

G_END_DECLS

#endif /* __WMASF_PACKET_H__ */
