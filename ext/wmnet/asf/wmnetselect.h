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

/* wmnetselect: which streams of an ASF header a player asks for. Owns the
 * reading of stream numbers, types and bit rates (Stream Properties,
 * Stream Bitrate Properties, Extended Stream Properties; ASF spec 3.3,
 * 3.12, 4.1) and of the Bitrate / Advanced Mutual Exclusion objects (3.8,
 * 4.3), and the choice within each group under a bit-rate budget, as
 * Windows Media Player and VLC's mms-maxbitrate do. Pure; unit-tested in
 * tests/check/libs/wmnetselect.c. */

#ifndef __WMNET_SELECT_H__
#define __WMNET_SELECT_H__

#include <glib.h>

G_BEGIN_DECLS

/**
 * wmnet_select_streams:
 * @header: (array length=size): the ASF header (Header Object first)
 * @size: its size
 * @max_bitrate: bits per second for all chosen streams; 0 = no limit
 * @described: (out caller-allocates): bit n of [n / 32]: stream n
 *   (1..127) is described by a Stream Properties Object
 * @chosen: (out caller-allocates): likewise, the streams to ask for
 *
 * With @max_bitrate 0 every described stream is chosen. Otherwise every
 * stream outside a mutual exclusion group is chosen, and in each group, in
 * header order, the one with the highest bit rate that fits what is left
 * of @max_bitrate, else the one with the lowest. Bytes that do not parse
 * end the walk; what was read until then counts.
 */
void wmnet_select_streams (const guint8 * header, gsize size,
    guint max_bitrate, guint32 described[4], guint32 chosen[4]);

G_END_DECLS

#endif /* __WMNET_SELECT_H__ */
