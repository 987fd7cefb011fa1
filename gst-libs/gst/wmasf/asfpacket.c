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

/* asfpacket: fixed-size ASF data packets. Each packet is built in place in
 * its own memory; payload headers are written as payloads are added, the
 * packet header (padding length, send time, payload count) when the packet
 * is finished. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/base/gstbytewriter.h>

#include "asfpacket.h"

/* error correction present, 2 bytes of ECC data, type 0 / cycle 0 */
#define ECC_FLAGS 0x82
/* multiple payloads, padding length is a WORD, no packet length (the
 * packet is as long as the header says), no sequence */
#define LENGTH_TYPE_FLAGS 0x11
/* replicated data length BYTE, offset into media object DWORD, media
 * object number BYTE, stream number BYTE */
#define PROPERTY_FLAGS 0x5D
/* payload lengths are WORDs */
#define PAYLOAD_LENGTH_TYPE_WORD 0x80
/* media object size and presentation time */
#define REPLICATED_DATA_SIZE 8
#define KEY_FRAME_BIT 0x80

struct _WmAsfPacketizer
{
  guint packet_size;
  guint32 preroll_ms;

  /* the packet being filled, NULL when none is open */
  guint8 *data;
  guint pos;
  guint n_payloads;
  GstClockTime send_time;       /* earliest payload's */
  gboolean sync;                /* holds the start of a sync object */

  /* send time of the last finished packet; send times never decrease */
  GstClockTime last_send_time;
};

WmAsfPacketizer *
wmasf_packetizer_new (guint packet_size, guint32 preroll_ms)
{
  WmAsfPacketizer *p;

  g_return_val_if_fail (packet_size >= GST_WMASF_MUX_MIN_PACKET_SIZE &&
      packet_size <= GST_WMASF_MUX_MAX_PACKET_SIZE, NULL);

  p = g_new0 (WmAsfPacketizer, 1);
  p->packet_size = packet_size;
  p->preroll_ms = preroll_ms;
  p->last_send_time = GST_CLOCK_TIME_NONE;
  return p;
}

void
wmasf_packetizer_free (WmAsfPacketizer * p)
{
  if (p == NULL)
    return;
  g_free (p->data);
  g_free (p);
}

static void
open_packet (WmAsfPacketizer * p)
{
  p->data = g_malloc0 (p->packet_size);
  p->pos = WMASF_PACKET_HEADER_SIZE;
  p->n_payloads = 0;
  p->send_time = GST_CLOCK_TIME_NONE;
  p->sync = FALSE;
}

static GstBuffer *
close_packet (WmAsfPacketizer * p)
{
  GstByteWriter bw;
  GstBuffer *buf;
  GstClockTime send_time = p->send_time;

  if (GST_CLOCK_TIME_IS_VALID (p->last_send_time))
    send_time = MAX (send_time, p->last_send_time);
  p->last_send_time = send_time;

  gst_byte_writer_init_with_data (&bw, p->data, WMASF_PACKET_HEADER_SIZE,
      FALSE);
  gst_byte_writer_put_uint8_unchecked (&bw, ECC_FLAGS);
  gst_byte_writer_put_uint8_unchecked (&bw, 0x00);
  gst_byte_writer_put_uint8_unchecked (&bw, 0x00);
  gst_byte_writer_put_uint8_unchecked (&bw, LENGTH_TYPE_FLAGS);
  gst_byte_writer_put_uint8_unchecked (&bw, PROPERTY_FLAGS);
  gst_byte_writer_put_uint16_le_unchecked (&bw, p->packet_size - p->pos);
  gst_byte_writer_put_uint32_le_unchecked (&bw, send_time / GST_MSECOND);
  gst_byte_writer_put_uint16_le_unchecked (&bw, 0);     /* duration */
  gst_byte_writer_put_uint8_unchecked (&bw,
      PAYLOAD_LENGTH_TYPE_WORD | p->n_payloads);

  /* the padding is still the zeroes of g_malloc0 */
  buf = gst_buffer_new_wrapped (p->data, p->packet_size);
  p->data = NULL;

  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = send_time;
  if (!p->sync)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  return buf;
}

/**
 * wmasf_packetizer_add:
 * @p: the packetizer
 * @obj: the object's description; valid times
 * @data: the object's bytes, 1 to %WMASF_MAX_OBJECT_SIZE of them
 * @done: every packet that became full is appended here
 *
 * Adds one media object as payloads, fragmenting it over as many packets
 * as it needs. A packet is finished as soon as no further payload fits,
 * and before a sync object, which always starts a packet.
 */
void
wmasf_packetizer_add (WmAsfPacketizer * p, const WmAsfObject * obj,
    GstBuffer * data, GQueue * done)
{
  gsize size = gst_buffer_get_size (data);
  gsize offset = 0;
  guint32 pres_ms;

  g_return_if_fail (size > 0 && size <= WMASF_MAX_OBJECT_SIZE);
  g_return_if_fail (GST_CLOCK_TIME_IS_VALID (obj->send_time));
  g_return_if_fail (GST_CLOCK_TIME_IS_VALID (obj->pres_time));

  /* DWORD milliseconds wrap after 49.7 days, as in Windows Media */
  pres_ms = obj->pres_time / GST_MSECOND + p->preroll_ms;

  /* A sync object opens a packet of its own: a player that joins at this
   * packet then meets the key frame first, not the tail of a delta frame
   * that would precede it (FFmpeg: "first frame is no keyframe"). The
   * padding costs a fraction of a packet per key frame. */
  if (obj->sync && p->data != NULL && p->n_payloads > 0)
    g_queue_push_tail (done, close_packet (p));

  while (offset < size) {
    GstByteWriter bw;
    gsize len;

    if (p->data == NULL)
      open_packet (p);

    /* an open packet always has room for a header and one byte */
    len = MIN (p->packet_size - p->pos - WMASF_PAYLOAD_HEADER_SIZE,
        size - offset);

    gst_byte_writer_init_with_data (&bw, p->data + p->pos,
        WMASF_PAYLOAD_HEADER_SIZE, FALSE);
    gst_byte_writer_put_uint8_unchecked (&bw,
        obj->stream_number | (obj->key ? KEY_FRAME_BIT : 0));
    gst_byte_writer_put_uint8_unchecked (&bw, obj->object_number);
    gst_byte_writer_put_uint32_le_unchecked (&bw, offset);
    gst_byte_writer_put_uint8_unchecked (&bw, REPLICATED_DATA_SIZE);
    gst_byte_writer_put_uint32_le_unchecked (&bw, size);
    gst_byte_writer_put_uint32_le_unchecked (&bw, pres_ms);
    gst_byte_writer_put_uint16_le_unchecked (&bw, len);
    p->pos += WMASF_PAYLOAD_HEADER_SIZE;

    gst_buffer_extract (data, offset, p->data + p->pos, len);
    p->pos += len;
    p->n_payloads++;

    if (!GST_CLOCK_TIME_IS_VALID (p->send_time)
        || obj->send_time < p->send_time)
      p->send_time = obj->send_time;
    if (offset == 0 && obj->sync)
      p->sync = TRUE;
    offset += len;

    if (p->packet_size - p->pos <= WMASF_PAYLOAD_HEADER_SIZE
        || p->n_payloads == WMASF_MAX_PAYLOADS)
      g_queue_push_tail (done, close_packet (p));
  }
}

/* Returns: (transfer full) (nullable): the partly filled packet, padded to
 * full size, or %NULL when no packet is open. */
GstBuffer *
wmasf_packetizer_finish (WmAsfPacketizer * p)
{
  if (p->data == NULL)
    return NULL;
  return close_packet (p);
}

/* Drops the partly filled packet and forgets the last send time: after a
 * flush, running times start again. */
void
wmasf_packetizer_discard (WmAsfPacketizer * p)
{
  g_clear_pointer (&p->data, g_free);
  p->last_send_time = GST_CLOCK_TIME_NONE;
}
