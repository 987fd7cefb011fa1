/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* wmnetasfstream: reads ASF that is already muxed. Owns the parsing of the
 * ASF Header Object (ASF spec 3.1-3.4: packet size from File Properties,
 * the stream table from Stream Properties, also those embedded in Extended
 * Stream Properties inside the Header Extension), of the 50-byte Data
 * Object header (5.1) and of data packet headers (5.2: error correction,
 * payload parsing information, single/multiple/compressed payloads), which
 * gives each packet's validity and key-ness; and the cutting of an
 * arbitrary byte stream (buffers of any size, boundaries anywhere) into
 * headers and fixed-size packets, with header changes and resync after
 * garbage. Pure: GStreamer core types only, no element, no threads (one
 * WmnetAsfStream is used from one thread at a time); unit-tested directly.
 *
 * All multi-byte ASF fields are little-endian; sizes are in bytes; times
 * in milliseconds as ASF stores them. */

#ifndef __WMNET_ASF_STREAM_H__
#define __WMNET_ASF_STREAM_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* What a framed MS-WMSP $H or $D chunk can carry (docs/design.md, D8):
 * the Header Object plus the Data Object header, or one packet. */
#define WMNET_ASF_MAX_HEADER_SIZE 65527
#define WMNET_ASF_MAX_PACKET_SIZE 65527
/* Smaller packets cannot hold a packet header and a payload header. */
#define WMNET_ASF_MIN_PACKET_SIZE 24
#define WMNET_ASF_DATA_HEADER_SIZE 50
/* Bytes skipped while looking for the first Header Object before the
 * input is declared not to be ASF. */
#define WMNET_ASF_MAX_LEADING_JUNK 65536

#define WMNET_ASF_ERROR (wmnet_asf_error_quark ())
GQuark wmnet_asf_error_quark (void);

/**
 * WmnetAsfError:
 * @WMNET_ASF_ERROR_NOT_ASF: no Header Object in the first
 *   %WMNET_ASF_MAX_LEADING_JUNK bytes
 * @WMNET_ASF_ERROR_CORRUPT: a Header Object that cannot be read (sizes
 *   out of bounds, no File Properties Object)
 * @WMNET_ASF_ERROR_TOO_LARGE: Header Object + Data Object header over
 *   %WMNET_ASF_MAX_HEADER_SIZE
 * @WMNET_ASF_ERROR_PACKET_SIZE: packet size outside
 *   %WMNET_ASF_MIN_PACKET_SIZE..%WMNET_ASF_MAX_PACKET_SIZE, or Minimum and
 *   Maximum Data Packet Size differ (packets are not fixed-size)
 */
typedef enum
{
  WMNET_ASF_ERROR_NOT_ASF,
  WMNET_ASF_ERROR_CORRUPT,
  WMNET_ASF_ERROR_TOO_LARGE,
  WMNET_ASF_ERROR_PACKET_SIZE,
} WmnetAsfError;

/* What a header says, as far as cutting packets and finding key packets
 * needs it. */
typedef struct
{
  guint32 packet_size;          /* Min = Max Data Packet Size */
  guint8 file_id[16];           /* File Properties' File ID, as stored */
  guint64 preroll_ms;
  gboolean broadcast;           /* File Properties flag bit 0 */
  gsize header_size;            /* bytes of the Header Object */
  /* the 50-byte Data Object header follows the Header Object in the
   * parsed bytes */
  gboolean has_data_header;
  /* Data Object's packet count when it is meaningful (not broadcast, and
   * its size agrees with the packet size); 0 = unknown, unbounded */
  guint64 data_packets;
  guint n_streams;
  gboolean has_video;
  /* bit n of stream_mask[n / 32]: stream number n is described; likewise
   * video_mask for streams of type ASF_Video_Media (numbers 1..127) */
  guint32 stream_mask[4];
  guint32 video_mask[4];
} WmnetAsfHeaderInfo;

/**
 * wmnet_asf_header_parse:
 * @data: bytes starting with the Header Object GUID
 * @size: how many; may go past the Header Object (the Data Object header,
 *   packets), which is then looked at for the Data Object GUID only
 * @info: (out caller-allocates): filled on success
 *
 * Reads a Header Object: what the streamheader of wmasfmux or asfmux
 * carries, with or without the Data Object header after it.
 *
 * Returns: %FALSE with @error (%WMNET_ASF_ERROR) when @data is no
 * complete, usable Header Object.
 */
gboolean wmnet_asf_header_parse (const guint8 * data, gsize size,
    WmnetAsfHeaderInfo * info, GError ** error);

/**
 * wmnet_asf_header_make:
 * @data: (array length=size): bytes wmnet_asf_header_parse() accepted
 * @info: what it said about them
 *
 * The header as MS-WMSP's $H carries it: the Header Object and the 50-byte
 * Data Object header. A Data Object header found in @data is kept as it
 * is; a missing one (a streamheader without it) is made: Data Object GUID,
 * size 50, the File ID of File Properties, 0 packets, reserved 0x0101.
 * Bytes after the Data Object header are left out.
 *
 * Returns: (transfer full): a new buffer flagged %GST_BUFFER_FLAG_HEADER
 */
GstBuffer *wmnet_asf_header_make (const guint8 * data, gsize size,
    const WmnetAsfHeaderInfo * info);

/* What one data packet says. */
typedef struct
{
  gboolean valid;               /* every field in bounds and plausible */
  gboolean key;                 /* starts a video key frame, or no video */
  guint32 send_time_ms;
  guint16 duration_ms;
  guint n_payloads;             /* compressed sub-payloads count one each */
} WmnetAsfPacketInfo;

/**
 * wmnet_asf_packet_parse:
 * @info: the header the packet belongs to
 * @packet: (array length=size): one data packet
 * @size: its size, normally @info->packet_size (larger is an error)
 * @out: (out caller-allocates): what the packet says
 *
 * Checks every field against @size and against the header: payload stream
 * numbers must be described in the header (when it describes any),
 * replicated data lengths 0, 1 or at least 8, payloads within the packet
 * and before its padding.
 *
 * Returns: @out->valid. Never reads outside @packet.
 */
gboolean wmnet_asf_packet_parse (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size, WmnetAsfPacketInfo * out);

/**
 * wmnet_asf_packet_is_key:
 *
 * Returns: %TRUE when @packet is valid and holds the start (offset into
 * media object 0, or a compressed payload) of a payload of a video stream
 * with the key-frame bit set, or when the header describes no video
 * stream; %FALSE for a corrupt packet.
 */
gboolean wmnet_asf_packet_is_key (const WmnetAsfHeaderInfo * info,
    const guint8 * packet, gsize size);

/* ------------------------------------------------------------------ */
/* Cutting a byte stream */

typedef enum
{
  /* Header Object + 50-byte Data Object header (made when absent, see
   * wmnet_asf_header_make()), flagged HEADER. Every Header Object met
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
 * Returns: %FALSE with @error set (%WMNET_ASF_ERROR) when the input is no
 * ASF or a Header Object is unusable (see #WmnetAsfError); the stream then
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

void wmnet_asf_stream_get_stats (WmnetAsfStream * s,
    WmnetAsfStreamStats * stats);

G_END_DECLS

#endif /* __WMNET_ASF_STREAM_H__ */
