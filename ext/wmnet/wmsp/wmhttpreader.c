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

#include <gio/gio.h>

#include "wmhttpreader.h"
#include "wmspreader.h"

/* '$', the packet type, the u16 LE PacketLength ([MS-WMHTTP] 2.2.3.1.1) */
#define FRAMING_SIZE 4
#define REASON_SIZE 4

struct _WmhttpReader
{
  GByteArray *in;               /* pushed, not yet taken */
  WmAsfHeaderInfo info;         /* of the session's current header */
  gboolean have_header;
  gboolean body_start;          /* nothing taken from this body yet */
  gboolean failed;
};

WmhttpReader *
wmhttp_reader_new (void)
{
  WmhttpReader *r = g_new0 (WmhttpReader, 1);

  r->in = g_byte_array_new ();
  r->body_start = TRUE;
  return r;
}

void
wmhttp_reader_free (WmhttpReader * r)
{
  if (r == NULL)
    return;
  g_byte_array_unref (r->in);
  g_free (r);
}

void
wmhttp_reader_start (WmhttpReader * r, gboolean new_session)
{
  g_byte_array_set_size (r->in, 0);
  r->body_start = TRUE;
  r->failed = FALSE;
  if (new_session)
    r->have_header = FALSE;
}

void
wmhttp_reader_push (WmhttpReader * r, const guint8 * data, gsize len)
{
  g_byte_array_append (r->in, data, len);
}

gsize
wmhttp_reader_pending (WmhttpReader * r)
{
  return r->in->len;
}

const WmAsfHeaderInfo *
wmhttp_reader_header (WmhttpReader * r)
{
  return r->have_header ? &r->info : NULL;
}

/* *INDENT-OFF* */
static WmhttpReadResult
refuse (WmhttpReader * r, GError ** error, const gchar * format, ...)
    G_GNUC_PRINTF (3, 4);
/* *INDENT-ON* */

static WmhttpReadResult
refuse (WmhttpReader * r, GError ** error, const gchar * format, ...)
{
  va_list args;
  gchar *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  r->failed = TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, msg);
  g_free (msg);
  return WMHTTP_READ_ERROR;
}

/* $H and $C carry a whole ASF file header in one packet (2.2.3.2, 2.2.3.6):
 * the Header Object and the 50-byte Data Object header. */
static WmhttpReadResult
take_header (WmhttpReader * r, const guint8 * p, gsize len, GstBuffer ** buf,
    GError ** error)
{
  WmAsfHeaderInfo info;
  GError *err = NULL;

  if (len < WMASF_GUID_SIZE || !wmasf_is_header_guid (p))
    return refuse (r, error, "a header packet that does not start an ASF "
        "Header Object");
  if (!wmasf_header_complete (p, len))
    return refuse (r, error, "a header packet of %" G_GSIZE_FORMAT " bytes "
        "that holds no whole ASF header", len);
  *buf = wmsp_header_take (p, len, &info, &err);
  if (*buf == NULL) {
    r->failed = TRUE;
    g_propagate_error (error, err);
    return WMHTTP_READ_ERROR;
  }
  r->info = info;
  r->have_header = TRUE;
  return WMHTTP_READ_HEADER;
}

/* The framing's PacketLength against the type's bounds and the session's
 * order, decided before the payload is waited for: a bad packet holds
 * nothing. */
static gboolean
check (WmhttpReader * r, guint8 type, gsize len, GError ** error)
{
  if (!r->have_header && type != 'H' && type != 'F')
    return refuse (r, error, "a $%c packet before the session's $H "
        "(3.2.5.2: the first packet is $H)", type), FALSE;
  switch (type) {
    case 'H':
      if (!r->body_start)
        return refuse (r, error, "a $H packet inside a PushStart body"), FALSE;
      /* fall through */
    case 'F':
      if (len > WMHTTP_MAX_PAYLOAD)
        return refuse (r, error, "a $%c packet of %" G_GSIZE_FORMAT " bytes, "
            "over %u", type, len, WMHTTP_MAX_PAYLOAD), FALSE;
      return TRUE;
    case 'C':
      if (len < REASON_SIZE || len > WMHTTP_MAX_PAYLOAD)
        return refuse (r, error, "a $C packet of %" G_GSIZE_FORMAT " bytes, "
            "outside %u..%u", len, REASON_SIZE, WMHTTP_MAX_PAYLOAD), FALSE;
      return TRUE;
    case 'D':
      if (len > r->info.packet_size)
        return refuse (r, error, "a $D packet of %" G_GSIZE_FORMAT " bytes, "
            "over the header's packet size %u", len, r->info.packet_size),
            FALSE;
      return TRUE;
    case 'E':
      if (len != REASON_SIZE)
        return refuse (r, error, "an $E packet of %" G_GSIZE_FORMAT " bytes, "
            "not its 4-byte reason", len), FALSE;
      return TRUE;
    default:
      return refuse (r, error, "unknown [MS-WMHTTP] packet type 0x%02x",
          type), FALSE;
  }
}

static WmhttpReadResult
take (WmhttpReader * r, guint8 type, const guint8 * p, gsize len,
    GstBuffer ** buf, guint32 * reason, GError ** error)
{
  WmhttpReadResult res;

  switch (type) {
    case 'H':
      return take_header (r, p, len, buf, error);
    case 'C':
      if (reason)
        *reason = GST_READ_UINT32_LE (p);
      res = take_header (r, p + REASON_SIZE, len - REASON_SIZE, buf, error);
      return res == WMHTTP_READ_HEADER ? WMHTTP_READ_CHANGE : res;
    case 'D':
      *buf = wmsp_packet_pad (p, len, r->info.packet_size);
      return WMHTTP_READ_PACKET;
    case 'E':
      if (reason)
        *reason = GST_READ_UINT32_LE (p);
      return WMHTTP_READ_END;
    default:
      return WMHTTP_READ_NEED_DATA;     /* $F filler: ignored (3.2.5.7) */
  }
}

WmhttpReadResult
wmhttp_reader_pop (WmhttpReader * r, GstBuffer ** buf, guint32 * reason,
    GError ** error)
{
  *buf = NULL;

  while (!r->failed) {
    const guint8 *d = r->in->data;
    gsize length;
    WmhttpReadResult res;

    if (r->in->len < FRAMING_SIZE)
      return WMHTTP_READ_NEED_DATA;
    /* the B bit MUST be 0 here (2.2.3.1.1) */
    if (d[0] != '$')
      return refuse (r, error, "no [MS-WMHTTP] framing: byte 0x%02x where "
          "'$' must start a packet", d[0]);
    length = GST_READ_UINT16_LE (d + 2);
    if (!check (r, d[1], length, error))
      return WMHTTP_READ_ERROR;
    if (r->in->len < FRAMING_SIZE + length)
      return WMHTTP_READ_NEED_DATA;
    res = take (r, d[1], d + FRAMING_SIZE, length, buf, reason, error);
    if (res == WMHTTP_READ_ERROR)
      return res;
    if (d[1] != 'F')
      r->body_start = FALSE;
    g_byte_array_remove_range (r->in, 0, FRAMING_SIZE + length);
    if (res != WMHTTP_READ_NEED_DATA)
      return res;
  }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
      "the push body was already found broken");
  return WMHTTP_READ_ERROR;
}
