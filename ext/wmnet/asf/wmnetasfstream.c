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

/* wmnetasfstream: the byte stream is kept in one GByteArray with a read
 * position; items are copied out of it. What a Header Object or a packet
 * says comes from the ASF library's reader (gst/wmasf/asfreader.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetasfstream.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_asf_stream_debug);
#define GST_CAT_DEFAULT wmnet_asf_stream_debug

static void
debug_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (wmnet_asf_stream_debug, "wmnetasfstream", 0,
        "ASF stream parser");
    g_once_init_leave (&done, 1);
  }
}

/* ------------------------------------------------------------------ */
/* The byte stream */

typedef enum
{
  STATE_SEEK_HEADER,            /* before the first header or after reset */
  STATE_PACKETS,                /* aligned on a packet boundary */
  STATE_RESYNC,                 /* alignment lost (or a file's data ended) */
  STATE_FAILED,
} State;

typedef struct
{
  guint64 offset;               /* stream offset of its first byte */
  gsize size;
  GstClockTime pts, dts;
  guint64 buf_offset;
  gboolean delta;
} Mark;

typedef struct
{
  WmnetAsfItem kind;
  GstBuffer *buf;
} Item;

struct _WmnetAsfStream
{
  State state;
  gboolean trust_delta;

  GByteArray *bytes;
  gsize pos;                    /* read position in @bytes */
  guint64 base;                 /* stream offset of bytes->data[0] */

  GArray *marks;                /* Mark, of pushed buffers not yet passed */
  GQueue items;                 /* Item */

  gboolean have_header;
  WmAsfHeaderInfo info;
  guint64 packets_left;         /* of a file's Data Object; 0 = unbounded */
  guint64 leading_junk;

  GError *error;                /* once failed */
  WmnetAsfStreamStats stats;
};

WmnetAsfStream *
wmnet_asf_stream_new (void)
{
  WmnetAsfStream *s = g_new0 (WmnetAsfStream, 1);

  debug_init ();
  s->bytes = g_byte_array_new ();
  s->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_queue_init (&s->items);
  return s;
}

static void
item_free (gpointer data)
{
  Item *item = data;

  gst_buffer_unref (item->buf);
  g_free (item);
}

void
wmnet_asf_stream_reset (WmnetAsfStream * s)
{
  g_return_if_fail (s != NULL);

  s->base += s->bytes->len;
  g_byte_array_set_size (s->bytes, 0);
  s->pos = 0;
  g_array_set_size (s->marks, 0);
  g_queue_clear_full (&s->items, item_free);
  s->state = STATE_SEEK_HEADER;
  s->have_header = FALSE;
  memset (&s->info, 0, sizeof (s->info));
  s->packets_left = 0;
  s->leading_junk = 0;
  g_clear_error (&s->error);
}

void
wmnet_asf_stream_free (WmnetAsfStream * s)
{
  if (s == NULL)
    return;
  wmnet_asf_stream_reset (s);
  g_byte_array_unref (s->bytes);
  g_array_unref (s->marks);
  g_free (s);
}

void
wmnet_asf_stream_set_trust_delta_unit (WmnetAsfStream * s, gboolean trust)
{
  g_return_if_fail (s != NULL);
  s->trust_delta = trust;
}

gsize
wmnet_asf_stream_get_pending (WmnetAsfStream * s)
{
  g_return_val_if_fail (s != NULL, 0);
  return s->bytes->len - s->pos;
}

void
wmnet_asf_stream_get_stats (WmnetAsfStream * s, WmnetAsfStreamStats * stats)
{
  g_return_if_fail (s != NULL && stats != NULL);
  *stats = s->stats;
}

gboolean
wmnet_asf_stream_pop (WmnetAsfStream * s, WmnetAsfItem * kind, GstBuffer ** out)
{
  Item *item;

  g_return_val_if_fail (s != NULL && kind != NULL && out != NULL, FALSE);
  item = g_queue_pop_head (&s->items);
  if (item == NULL)
    return FALSE;
  *kind = item->kind;
  *out = item->buf;
  g_free (item);
  return TRUE;
}

static inline gsize
avail (WmnetAsfStream * s)
{
  return s->bytes->len - s->pos;
}

static inline const guint8 *
cur (WmnetAsfStream * s)
{
  return s->bytes->data + s->pos;
}

/* The mark of the pushed buffer that started exactly at the current
 * position and was exactly @size bytes, if any. Drops marks passed. */
static const Mark *
take_mark (WmnetAsfStream * s, gsize size, gboolean * exact_size)
{
  guint64 at = s->base + s->pos;
  guint i = 0;
  const Mark *found = NULL;

  while (i < s->marks->len && g_array_index (s->marks, Mark, i).offset < at)
    i++;
  if (i > 0)
    g_array_remove_range (s->marks, 0, i);
  if (s->marks->len > 0 && g_array_index (s->marks, Mark, 0).offset == at) {
    found = &g_array_index (s->marks, Mark, 0);
    *exact_size = found->size == size;
  }
  return found;
}

static void
queue_item (WmnetAsfStream * s, WmnetAsfItem kind, GstBuffer * buf)
{
  Item *item = g_new (Item, 1);

  item->kind = kind;
  item->buf = buf;
  g_queue_push_tail (&s->items, item);
}

static void
skip (WmnetAsfStream * s, gsize n)
{
  s->pos += n;
  s->stats.skipped_bytes += n;
}

static void
lose_sync (WmnetAsfStream * s, const gchar * why)
{
  GST_DEBUG ("lost packet alignment at stream offset %" G_GUINT64_FORMAT
      ": %s", s->base + s->pos, why);
  s->stats.resyncs++;
  s->state = STATE_RESYNC;
}

/* A Header Object at the current position (GUID already matched). Returns
 * FALSE when more bytes are needed, or on failure (s->state FAILED). */
static gboolean
take_header (WmnetAsfStream * s)
{
  const guint8 *p = cur (s);
  WmAsfHeaderInfo info;
  GError *err = NULL;
  GstBuffer *buf;
  const Mark *mark;
  gboolean exact = FALSE;

  if (!wmasf_header_complete (p, avail (s)))
    return FALSE;

  if (!wmasf_header_parse (p, avail (s), &info, &err)) {
    GST_WARNING ("unusable header at stream offset %" G_GUINT64_FORMAT
        ": %s", s->base + s->pos, err->message);
    s->error = err;
    s->state = STATE_FAILED;
    return FALSE;
  }

  mark = take_mark (s, info.header_size + (info.has_data_header ?
          WMASF_DATA_OBJECT_HEADER_SIZE : 0), &exact);
  buf = wmasf_header_make (p, avail (s), &info);
  if (mark) {
    GST_BUFFER_PTS (buf) = mark->pts;
    GST_BUFFER_DTS (buf) = mark->dts;
    GST_BUFFER_OFFSET (buf) = mark->buf_offset;
  }
  if (!info.has_data_header)
    GST_DEBUG ("header without Data Object header, made one");
  GST_DEBUG ("header %" G_GUINT64_FORMAT " at stream offset %"
      G_GUINT64_FORMAT, s->stats.headers, s->base + s->pos);

  s->pos += info.header_size
      + (info.has_data_header ? WMASF_DATA_OBJECT_HEADER_SIZE : 0);
  s->info = info;
  s->have_header = TRUE;
  s->packets_left = info.data_packets;
  s->state = STATE_PACKETS;
  s->stats.headers++;
  queue_item (s, WMNET_ASF_HEADER, buf);
  return TRUE;
}

static void
take_packet (WmnetAsfStream * s, const WmAsfPacketInfo * pi)
{
  gsize size = s->info.packet_size;
  GstBuffer *buf = gst_buffer_new_memdup (cur (s), size);
  gboolean key = pi->key, exact = FALSE;
  const Mark *mark = take_mark (s, size, &exact);

  if (mark) {
    GST_BUFFER_PTS (buf) = mark->pts;
    GST_BUFFER_DTS (buf) = mark->dts;
    GST_BUFFER_OFFSET (buf) = mark->buf_offset;
    if (exact && s->trust_delta)
      key = !mark->delta;
  }
  if (!key)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  else
    s->stats.key_packets++;
  s->stats.packets++;
  s->pos += size;
  queue_item (s, WMNET_ASF_PACKET, buf);

  if (s->packets_left > 0 && --s->packets_left == 0) {
    /* a file's Data Object ends; an index or a new header may follow */
    GST_DEBUG ("end of the Data Object at stream offset %" G_GUINT64_FORMAT,
        s->base + s->pos);
    s->state = STATE_RESYNC;
  }
}

static gboolean
at_header (WmnetAsfStream * s, gsize off)
{
  return avail (s) - off >= WMASF_GUID_SIZE
      && wmasf_is_header_guid (cur (s) + off);
}

/* Cuts as much as possible. */
static void
process (WmnetAsfStream * s)
{
  for (;;) {
    gsize psize = s->info.packet_size;
    WmAsfPacketInfo pi;

    switch (s->state) {
      case STATE_FAILED:
        return;

      case STATE_SEEK_HEADER:
        while (avail (s) >= WMASF_GUID_SIZE && !at_header (s, 0)) {
          skip (s, 1);
          s->leading_junk++;
        }
        if (s->leading_junk > WMNET_ASF_MAX_LEADING_JUNK) {
          g_set_error (&s->error, WMASF_ERROR, WMASF_ERROR_NOT_ASF,
              "no ASF Header Object in the first %u bytes",
              WMNET_ASF_MAX_LEADING_JUNK);
          s->state = STATE_FAILED;
          return;
        }
        if (avail (s) < WMASF_GUID_SIZE)
          return;
        if (s->leading_junk > 0)
          GST_DEBUG ("skipped %" G_GUINT64_FORMAT " bytes before the header",
              s->leading_junk);
        if (!take_header (s))
          return;
        s->leading_junk = 0;
        break;

      case STATE_PACKETS:
        if (at_header (s, 0)) {
          if (!take_header (s))
            return;
          break;
        }
        if (avail (s) < psize)
          return;
        if (!wmasf_packet_parse (&s->info, cur (s), psize, &pi)) {
          lose_sync (s, "packet does not parse");
          break;
        }
        take_packet (s, &pi);
        break;

      case STATE_RESYNC:
        /* a Header Object, or two packets in a row that parse */
        for (;;) {
          if (avail (s) < WMASF_GUID_SIZE)
            return;
          if (at_header (s, 0)) {
            if (!take_header (s))
              return;
            break;
          }
          if (avail (s) < 2 * psize)
            return;
          if (wmasf_packet_parse (&s->info, cur (s), psize, &pi)
              && (at_header (s, psize)
                  || wmasf_packet_parse (&s->info, cur (s) + psize,
                      psize, &pi))) {
            GST_DEBUG ("packets again at stream offset %" G_GUINT64_FORMAT,
                s->base + s->pos);
            s->state = STATE_PACKETS;
            /* a file's index is not followed by packets of that file */
            s->packets_left = 0;
            break;
          }
          skip (s, 1);
        }
        break;
    }
  }
}

static void
compact (WmnetAsfStream * s)
{
  guint64 at = s->base + s->pos;
  guint i = 0;

  /* marks of buffers wholly skipped */
  while (i < s->marks->len
      && g_array_index (s->marks, Mark, i).offset
      + g_array_index (s->marks, Mark, i).size <= at)
    i++;
  if (i > 0)
    g_array_remove_range (s->marks, 0, i);

  if (s->pos == 0 || (s->pos < 65536 && s->pos < s->bytes->len / 2))
    return;
  g_byte_array_remove_range (s->bytes, 0, s->pos);
  s->base += s->pos;
  s->pos = 0;
}

gboolean
wmnet_asf_stream_push (WmnetAsfStream * s, GstBuffer * buf, GError ** error)
{
  GstMapInfo map;
  Mark mark;

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (GST_IS_BUFFER (buf), FALSE);

  if (s->state == STATE_FAILED) {
    gst_buffer_unref (buf);
    if (error)
      *error = g_error_copy (s->error);
    return FALSE;
  }
  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    gst_buffer_unref (buf);
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "cannot map the input buffer");
    return FALSE;
  }

  if (map.size > 0) {
    mark.offset = s->base + s->bytes->len;
    mark.size = map.size;
    mark.pts = GST_BUFFER_PTS (buf);
    mark.dts = GST_BUFFER_DTS (buf);
    mark.buf_offset = GST_BUFFER_OFFSET (buf);
    mark.delta = GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    g_array_append_val (s->marks, mark);
    g_byte_array_append (s->bytes, map.data, map.size);
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);

  process (s);
  compact (s);

  if (s->state == STATE_FAILED) {
    if (error)
      *error = g_error_copy (s->error);
    return FALSE;
  }
  return TRUE;
}

gboolean
wmnet_asf_stream_check_end (WmnetAsfStream * s, GError ** error)
{
  guint64 total = s->base + s->bytes->len;

  if (s->stats.headers > 0 || s->state == STATE_FAILED)
    return TRUE;                /* a header, or an error already given */
  if (avail (s) >= WMASF_HEADER_OBJECT_FIXED_SIZE && at_header (s, 0)) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "the input ends inside its ASF header: %" G_GSIZE_FORMAT " bytes of "
        "a Header Object of %" G_GUINT64_FORMAT " bytes (and the 50-byte "
        "Data Object header after it)", avail (s), GST_READ_UINT64_LE (cur (s)
            + WMASF_GUID_SIZE));
  } else if (avail (s) >= WMASF_GUID_SIZE && at_header (s, 0)) {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_CORRUPT,
        "the input ends inside its ASF header: %" G_GSIZE_FORMAT " bytes",
        avail (s));
  } else {
    g_set_error (error, WMASF_ERROR, WMASF_ERROR_NOT_ASF,
        "the input ended after %" G_GUINT64_FORMAT " bytes without an ASF "
        "Header Object", total);
  }
  return FALSE;
}
