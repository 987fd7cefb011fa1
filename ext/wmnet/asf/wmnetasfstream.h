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

/* wmnetasfstream: cuts an arbitrary byte stream of ASF that is already
 * muxed (buffers of any size, boundaries anywhere) into headers and
 * fixed-size packets: buffering, header changes, resync after garbage or
 * a corrupt packet, skipping a file's index, carrying pushed buffers'
 * timestamps and DELTA_UNIT over, statistics. What a Header Object or a
 * data packet says is the ASF library's reader's (gst/wmasf/asfreader.h),
 * which this header provides too. Pure: GStreamer core types only, no
 * element, no threads (one WmnetAsfStream is used from one thread at a
 * time); unit-tested directly. */

#ifndef __WMNET_ASF_STREAM_H__
#define __WMNET_ASF_STREAM_H__

#include <gst/gst.h>

#include <gst/wmasf/asfreader.h>

G_BEGIN_DECLS

/* Bytes skipped while looking for the first Header Object before the
 * input is declared not to be ASF. */
#define WMNET_ASF_MAX_LEADING_JUNK 65536

typedef enum
{
  /* Header Object + 50-byte Data Object header (made when absent, see
   * wmasf_header_make()), flagged HEADER. Every Header Object met
   * yields one, even one equal to the previous: after the first it is a
   * header change, which the caller may compare bytes to ignore. */
  WMNET_ASF_HEADER,
  /* one data packet of exactly the header's packet size; DELTA_UNIT unset
   * when it is a key packet */
  WMNET_ASF_PACKET,
} WmnetAsfItem;

typedef struct
{
  guint64 headers;              /* HEADER items made */
  guint64 packets;              /* PACKET items made */
  guint64 key_packets;
  guint64 skipped_bytes;        /* garbage, corrupt packets, index objects */
  guint64 resyncs;              /* times packet alignment was lost */
} WmnetAsfStreamStats;

typedef struct _WmnetAsfStream WmnetAsfStream;

WmnetAsfStream *wmnet_asf_stream_new (void);
void wmnet_asf_stream_free (WmnetAsfStream * s);

/* Forgets buffered bytes, queued items and the header (after a flush the
 * next bytes must start with a Header Object again, garbage aside);
 * statistics and settings stay. */
void wmnet_asf_stream_reset (WmnetAsfStream * s);

/* With %TRUE, a packet that is exactly one pushed buffer takes its key-ness
 * from that buffer's DELTA_UNIT flag (input from wmasfmux or asfmux
 * streamable=true) instead of its payloads. Default %FALSE. */
void wmnet_asf_stream_set_trust_delta_unit (WmnetAsfStream * s,
    gboolean trust);

/**
 * wmnet_asf_stream_push:
 * @buf: (transfer full): the next bytes, any size (0 too)
 *
 * Cuts what can be cut; wmnet_asf_stream_pop() hands the results out.
 * Before the first Header Object up to %WMNET_ASF_MAX_LEADING_JUNK bytes
 * of garbage are skipped. After it, the bytes at each packet boundary are
 * either a Header Object (a header change) or a packet; a packet that
 * does not parse means the alignment is lost: bytes are skipped (and
 * counted) until a Header Object or two packets in a row that parse. A
 * truncated header or packet waits for more bytes; a Header Object is cut
 * once the 16 bytes after it are there too (they tell whether the Data
 * Object header follows). When a file's Data Object has a known size, the
 * bytes after its last packet (index objects) are skipped the same way. An item starting
 * exactly where a pushed buffer started gets its PTS, DTS and offset.
 *
 * Returns: %FALSE with @error set (%WMASF_ERROR) when the input is no
 * ASF or a Header Object is unusable (see #WmAsfError); the stream then
 * stays failed, pushing more fails again, until wmnet_asf_stream_reset().
 * Items cut before the error can still be popped.
 */
gboolean wmnet_asf_stream_push (WmnetAsfStream * s, GstBuffer * buf,
    GError ** error);

/**
 * wmnet_asf_stream_pop:
 * @kind: (out): what @out is
 * @out: (out) (transfer full): the next item, in stream order
 *
 * Returns: %FALSE when nothing is ready.
 */
gboolean wmnet_asf_stream_pop (WmnetAsfStream * s, WmnetAsfItem * kind,
    GstBuffer ** out);

/* Bytes held that are not cut yet (a partial header or packet). */
gsize wmnet_asf_stream_get_pending (WmnetAsfStream * s);

/**
 * wmnet_asf_stream_check_end:
 *
 * At the end of the input: %FALSE, with @error, when no whole header was
 * cut: %WMASF_ERROR_NOT_ASF when no Header Object started (what came
 * was not ASF, or nothing came), %WMASF_ERROR_CORRUPT when the input
 * ends inside one (the message gives the bytes got and declared).
 */
gboolean wmnet_asf_stream_check_end (WmnetAsfStream * s, GError ** error);

void wmnet_asf_stream_get_stats (WmnetAsfStream * s,
    WmnetAsfStreamStats * stats);

G_END_DECLS

#endif /* __WMNET_ASF_STREAM_H__ */
