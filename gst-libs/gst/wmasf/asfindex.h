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

/* asfindex: what a file's end needs, written by wmasfmux's file mode. Owns
 * the count of packets and of key frame starts while packets go out, and
 * the Simple Index Object built from them (ASF spec 6.1, one entry per
 * second as the SDK's auto-indexing writes it; docs/design.md, D33).
 * Pure: no pads, no threads. */

#ifndef __WMASF_INDEX_H__
#define __WMASF_INDEX_H__

#include <gst/gst.h>

#include "asfguids.h"

G_BEGIN_DECLS

/* What file mode counts while packets go out, for the final header and
 * the Simple Index Object. */
typedef struct
{
  GArray *keys;                 /* WmAsfIndexKey, in packet order */
  guint64 n_packets;
  GstClockTime send_end;        /* last packet's send time */
} WmAsfFileIndex;

typedef struct
{
  guint32 packet;
  GstClockTime pres_time;       /* running time, preroll excluded */
} WmAsfIndexKey;

void wmasf_file_index_init (WmAsfFileIndex * idx);
void wmasf_file_index_clear (WmAsfFileIndex * idx);
void wmasf_file_index_add_packet (WmAsfFileIndex * idx, GstClockTime send,
    gboolean key, GstClockTime key_pres);
GstBuffer *wmasf_file_index_build (const WmAsfFileIndex * idx,
    const WmAsfGuid * file_id, guint64 play_duration, guint64 preroll_ms);

G_END_DECLS

#endif /* __WMASF_INDEX_H__ */
