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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetinput.h"
#include "wmnetasfstream.h"

struct _WmnetInput
{
  WmnetServer *server;
  WmnetAsfStream *parser;
  gboolean byte_stream;         /* no header in caps, none flagged */
  WmAsfHeaderInfo header;       /* of the current header, when have_header */
  gboolean have_header;
  gint header_only;             /* atomic: a header, no packet since */
  /* the video streams of the header no payload was seen of yet, from the
   * send time of the header's first packet (docs/design.md, D56) */
  guint32 video_unseen[4];
  gboolean have_first_send;
  guint32 first_send_ms;
  guint silent_stream;          /* to report; 0 = none */
  guint32 silent_ms;
};

/* A video stream without a payload in this much of the others' packets
 * is reported once; ASF players buffer a preroll of seconds (3 s by
 * default) before they start. */
#define SILENT_VIDEO_MS 10000

WmnetInput *
wmnet_input_new (WmnetServer * server)
{
  WmnetInput *in = g_new0 (WmnetInput, 1);

  in->server = server;
  in->parser = wmnet_asf_stream_new ();
  in->byte_stream = TRUE;
  return in;
}

void
wmnet_input_free (WmnetInput * in)
{
  wmnet_asf_stream_free (in->parser);
  g_free (in);
}

void
wmnet_input_start (WmnetInput * in)
{
  in->byte_stream = TRUE;
  in->have_header = FALSE;
  g_atomic_int_set (&in->header_only, FALSE);
  memset (in->video_unseen, 0, sizeof (in->video_unseen));
  in->silent_stream = 0;
  wmnet_asf_stream_reset (in->parser);
}

void
wmnet_input_flush (WmnetInput * in)
{
  wmnet_asf_stream_reset (in->parser);
}

/* A joining player gets a burst of at least the preroll it buffers before
 * it starts: the header's own. The server ignores a header identical to
 * the one it has. */
static void
set_header (WmnetInput * in, GstBuffer * header)
{
  WmAsfHeaderInfo info;
  GstMapInfo map;

  if (gst_buffer_map (header, &map, GST_MAP_READ)) {
    in->have_header = wmasf_header_parse (map.data, map.size, &info, NULL);
    g_atomic_int_set (&in->header_only, in->have_header);
    memset (in->video_unseen, 0, sizeof (in->video_unseen));
    in->have_first_send = FALSE;
    if (in->have_header) {
      in->header = info;
      memcpy (in->video_unseen, info.video_mask, sizeof (in->video_unseen));
      g_object_set (in->server, "fast-start-time",
          (guint64) info.preroll_ms * GST_MSECOND, NULL);
    }
    gst_buffer_unmap (header, &map);
  }
  wmnet_server_set_header (in->server, header);
}

void
wmnet_input_set_caps (WmnetInput * in, GstCaps * caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  const GValue *headers = gst_structure_get_value (s, "streamheader");
  guint i;

  if (headers == NULL || !GST_VALUE_HOLDS_ARRAY (headers)
      || gst_value_array_get_size (headers) == 0)
    return;                     /* a HEADER buffer, or a byte stream */
  in->byte_stream = FALSE;
  for (i = 0; i < gst_value_array_get_size (headers); i++) {
    const GValue *v = gst_value_array_get_value (headers, i);

    if (G_VALUE_HOLDS (v, GST_TYPE_BUFFER))
      set_header (in, gst_value_get_buffer (v));
  }
}

/* The bytes' timestamps (when souphttpsrc got them, if any) are not the
 * stream's: the packet's send time is what the server measures ages and
 * lags with. */
static GstBuffer *
stamp_packet (WmnetInput * in, GstBuffer * packet)
{
  WmAsfPacketInfo info;
  GstMapInfo map;
  GstClockTime send = GST_CLOCK_TIME_NONE;

  if (in->have_header && gst_buffer_map (packet, &map, GST_MAP_READ)) {
    if (wmasf_packet_parse (&in->header, map.data, map.size, &info))
      send = info.send_time_ms * GST_MSECOND;
    gst_buffer_unmap (packet, &map);
  }
  packet = gst_buffer_make_writable (packet);
  GST_BUFFER_PTS (packet) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DTS (packet) = send;
  return packet;
}

/* Marks the video streams @packet carries; the first still unseen once
 * SILENT_VIDEO_MS of send time have passed becomes the one to report. */
static void
watch_video (WmnetInput * in, GstBuffer * packet)
{
  WmAsfPacketLayout layout;
  GstMapInfo map;
  gboolean ok;
  guint i;

  if (!in->have_header || (in->video_unseen[0] | in->video_unseen[1]
          | in->video_unseen[2] | in->video_unseen[3]) == 0)
    return;
  if (!gst_buffer_map (packet, &map, GST_MAP_READ))
    return;
  ok = wmasf_packet_walk (&in->header, map.data, map.size, &layout);
  gst_buffer_unmap (packet, &map);
  if (!ok)
    return;
  for (i = 0; i < layout.n_payloads; i++) {
    guint n = layout.payloads[i].stream;

    in->video_unseen[n / 32] &= ~(1u << (n % 32));
  }
  if (!in->have_first_send) {
    in->have_first_send = TRUE;
    in->first_send_ms = layout.send_time_ms;
  }
  /* 32-bit milliseconds: the difference is right across a wrap */
  if (layout.send_time_ms - in->first_send_ms < SILENT_VIDEO_MS)
    return;
  for (i = 1; i <= 127; i++) {
    if (in->video_unseen[i / 32] & (1u << (i % 32))) {
      in->silent_stream = i;
      in->silent_ms = layout.send_time_ms - in->first_send_ms;
      break;
    }
  }
  memset (in->video_unseen, 0, sizeof (in->video_unseen));
}

gboolean
wmnet_input_take_silent_video (WmnetInput * in, guint * stream,
    guint32 * after_ms)
{
  if (in->silent_stream == 0)
    return FALSE;
  *stream = in->silent_stream;
  *after_ms = in->silent_ms;
  in->silent_stream = 0;
  return TRUE;
}

gboolean
wmnet_input_push (WmnetInput * in, GstBuffer * buf, GError ** error)
{
  WmnetAsfItem kind;
  GstBuffer *out;

  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)) {
    in->byte_stream = FALSE;
    set_header (in, buf);
    return TRUE;
  }
  if (!in->byte_stream) {
    g_atomic_int_set (&in->header_only, FALSE);
    watch_video (in, buf);
    wmnet_server_push (in->server, buf);
    return TRUE;
  }

  if (!wmnet_asf_stream_push (in->parser, gst_buffer_ref (buf), error))
    return FALSE;
  while (wmnet_asf_stream_pop (in->parser, &kind, &out)) {
    if (kind == WMNET_ASF_HEADER)
      set_header (in, out);
    else {
      g_atomic_int_set (&in->header_only, FALSE);
      watch_video (in, out);
      wmnet_server_push (in->server, (out = stamp_packet (in, out)));
    }
    gst_buffer_unref (out);
  }
  return TRUE;
}

gboolean
wmnet_input_eos (WmnetInput * in, GError ** error)
{
  if (in->have_header)
    return TRUE;
  if (in->byte_stream)
    return wmnet_asf_stream_check_end (in->parser, error);
  g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
      "the header buffer is not a whole, readable ASF header");
  return FALSE;
}

gboolean
wmnet_input_waits_for_packet (WmnetInput * in)
{
  return g_atomic_int_get (&in->header_only);
}
