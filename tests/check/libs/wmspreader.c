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

/* Unit tests of the client side of the MS-WMSP framing: what a server may
 * send, well-formed or hostile (docs/design.md, D22). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmspframing.h"
#include "wmspreader.h"
#include "wmnetasfbuild.h"
#include "wmnettestsuite.h"

static void
put_chunk (GByteArray * a, WmspChunkType type, guint32 loc,
    const guint8 * payload, gsize len)
{
  guint8 f[WMSP_DATA_FRAME_SIZE];

  /* $M and $P ([MS-WMSP] 2.2.3.6, 2.2.3.7) take the same 8-byte header */
  fail_unless (wmsp_write_data_frame (f, type == 'M' || type == 'P' ?
          WMSP_CHUNK_DATA : type, loc, 0, len));
  f[1] = type;
  g_byte_array_append (a, f, sizeof (f));
  g_byte_array_append (a, payload, len);
}

static void
put_reason (GByteArray * a, WmspChunkType type, guint32 reason)
{
  guint8 f[WMSP_REASON_FRAME_SIZE];

  wmsp_write_reason_frame (f, type, reason);
  g_byte_array_append (a, f, sizeof (f));
}

static WmspReadResult
pop (WmspReader * r, GstBuffer ** buf, guint32 * loc, guint32 * reason)
{
  GError *err = NULL;
  WmspReadResult res = wmsp_reader_pop (r, buf, loc, reason, &err);

  if (res == WMSP_READ_ERROR) {
    fail_unless (err != NULL);
    GST_INFO ("reader error: %s", err->message);
    g_error_free (err);
  } else {
    fail_unless (err == NULL);
  }
  return res;
}

/* A header split over two $H, two packets (one with its padding stripped),
 * $M and $P skipped, $E(1), $C, the header again, $E(0); pushed one byte
 * at a time, then at once. */
GST_START_TEST (test_stream)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec), *p = g_byte_array_new ();
  GByteArray *wire = g_byte_array_new ();
  PayloadSpec ps[2] = { {A, TRUE, 0, 40, FALSE}, {V, TRUE, 0, 100, FALSE}
  };
  guint8 meta[6] = { 1, 2, 3, 4, 5, 6 };
  gsize stripped;
  guint step;

  build_packet (p, 512, ps, 2, 1234, TRUE);
  put_chunk (wire, WMSP_CHUNK_HEADER, 0, h->data, 100);
  put_chunk (wire, WMSP_CHUNK_HEADER, 1, h->data + 100, h->len - 100);
  put_chunk (wire, 'M', 0, meta, sizeof (meta));
  put_chunk (wire, WMSP_CHUNK_DATA, 7, p->data, p->len);
  /* as [MS-WMSP] 2.2.3.3 says a server should: padding cut, length 0 */
  stripped = p->len - GST_READ_UINT16_LE (p->data + 5);
  GST_WRITE_UINT16_LE (p->data + 5, 0);
  put_chunk (wire, WMSP_CHUNK_DATA, 8, p->data, stripped);
  put_chunk (wire, 'P', 0, meta, sizeof (meta));
  put_reason (wire, WMSP_CHUNK_END, 1);
  put_reason (wire, WMSP_CHUNK_CHANGE, 0);
  put_chunk (wire, WMSP_CHUNK_HEADER, 0, h->data, h->len);
  put_reason (wire, WMSP_CHUNK_END, 0);

  for (step = 0; step < 2; step++) {
    WmspReader *r = wmsp_reader_new ();
    WmspReadResult want[] = { WMSP_READ_HEADER, WMSP_READ_PACKET,
      WMSP_READ_PACKET, WMSP_READ_END, WMSP_READ_CHANGE, WMSP_READ_HEADER,
      WMSP_READ_END
    };
    gsize off = 0;
    guint i = 0;

    fail_unless (wmsp_reader_header (r) == NULL);
    while (i < G_N_ELEMENTS (want)) {
      GstBuffer *buf = NULL;
      guint32 loc = 0, reason = 99;
      WmspReadResult res = pop (r, &buf, &loc, &reason);

      if (res == WMSP_READ_NEED_DATA) {
        gsize n = step == 0 ? 1 : wire->len - off;

        fail_unless (off < wire->len);
        wmsp_reader_push (r, wire->data + off, n);
        off += n;
        continue;
      }
      fail_unless_equals_int (res, want[i]);
      if (res == WMSP_READ_HEADER) {
        fail_unless_equals_int (gst_buffer_get_size (buf), h->len);
        fail_unless (gst_buffer_memcmp (buf, 0, h->data, h->len) == 0);
        fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER));
        fail_unless_equals_int (wmsp_reader_header (r)->packet_size, 512);
      } else if (res == WMSP_READ_PACKET) {
        GstMapInfo map;

        fail_unless_equals_int (gst_buffer_get_size (buf), 512);
        fail_unless_equals_int (loc, i == 1 ? 7 : 8);
        gst_buffer_map (buf, &map, GST_MAP_READ);
        /* the padding length counts the zeros put back */
        fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 5),
            512 - stripped);
        fail_unless (wmasf_packet_is_key (wmsp_reader_header (r),
                map.data, map.size));
        gst_buffer_unmap (buf, &map);
      } else {
        fail_unless_equals_int (reason, i == 3 ? 1 : 0);
      }
      if (buf)
        gst_buffer_unref (buf);
      i++;
    }
    fail_unless_equals_int (off, wire->len);
    fail_unless_equals_int (wmsp_reader_pending (r), 0);
    wmsp_reader_free (r);
  }
  g_byte_array_unref (h);
  g_byte_array_unref (p);
  g_byte_array_unref (wire);
}

GST_END_TEST;

/* The default header, a wire to put chunks on, a reader */
typedef struct
{
  GByteArray *h;
  GByteArray *wire;
  WmspReader *r;
} ReaderFixture;

static void
fixture_init (ReaderFixture * f)
{
  HeaderSpec spec = default_spec ();

  f->h = build_header (&spec);
  f->wire = g_byte_array_new ();
  f->r = wmsp_reader_new ();
}

static void
fixture_clear (ReaderFixture * f)
{
  wmsp_reader_free (f->r);
  g_byte_array_unref (f->h);
  g_byte_array_unref (f->wire);
}

/* A single-payload packet whose padding the server cut ([MS-WMSP] 2.2.3.3,
 * Padding Length set to 0): the zeros put back are padding again, not
 * payload, so the packet parses as it was sent. */
GST_START_TEST (test_single_payload_padding)
{
  ReaderFixture f;
  GByteArray *p = g_byte_array_new ();
  PayloadSpec ps = { V, TRUE, 0, 200, FALSE };
  WmAsfPacketInfo after;
  guint pad_pos = 3 + 2;        /* ECC data, length type and property flags */
  gsize stripped;
  GstBuffer *buf;
  GstMapInfo map;
  guint32 loc;

  fixture_init (&f);
  build_packet (p, 512, &ps, 1, 4321, TRUE);
  stripped = p->len - GST_READ_UINT16_LE (p->data + pad_pos);
  GST_WRITE_UINT16_LE (p->data + pad_pos, 0);
  put_chunk (f.wire, WMSP_CHUNK_HEADER, 0, f.h->data, f.h->len);
  put_chunk (f.wire, WMSP_CHUNK_DATA, 1, p->data, stripped);
  wmsp_reader_push (f.r, f.wire->data, f.wire->len);
  fail_unless_equals_int (pop (f.r, &buf, &loc, NULL), WMSP_READ_HEADER);
  gst_buffer_unref (buf);
  fail_unless_equals_int (pop (f.r, &buf, &loc, NULL), WMSP_READ_PACKET);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless_equals_int (map.size, 512);
  fail_unless_equals_int (GST_READ_UINT16_LE (map.data + pad_pos),
      512 - stripped);
  fail_unless (wmasf_packet_parse (wmsp_reader_header (f.r), map.data,
          map.size, &after));
  fail_unless_equals_int (after.send_time_ms, 4321);
  fail_unless (after.key);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  g_byte_array_unref (p);
  fixture_clear (&f);
}

GST_END_TEST;

/* VLC's header declares one object more than it holds (docs/design.md,
 * D22): the count is set to the objects present. */
GST_START_TEST (test_object_count)
{
  ReaderFixture f;
  guint32 count;
  GstBuffer *buf;
  GstMapInfo map;

  fixture_init (&f);
  count = GST_READ_UINT32_LE (f.h->data + 24);
  GST_WRITE_UINT32_LE (f.h->data + 24, count + 1);
  put_chunk (f.wire, WMSP_CHUNK_HEADER, 0, f.h->data, f.h->len);
  wmsp_reader_push (f.r, f.wire->data, f.wire->len);
  fail_unless_equals_int (pop (f.r, &buf, NULL, NULL), WMSP_READ_HEADER);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless_equals_int (GST_READ_UINT32_LE (map.data + 24), count);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  fixture_clear (&f);
}

GST_END_TEST;

/* Each broken stream is an error, never a crash or a wait for more. */
GST_START_TEST (test_hostile)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec);
  guint8 big[600] = { 0, };
  guint kind;

  for (kind = 0; kind < 8; kind++) {
    GByteArray *wire = g_byte_array_new ();
    WmspReader *r = wmsp_reader_new ();
    GstBuffer *buf = NULL;
    guint8 f[WMSP_DATA_FRAME_SIZE];

    switch (kind) {
      case 0:                  /* PacketLength and PacketSize disagree */
        wmsp_write_data_frame (f, WMSP_CHUNK_HEADER, 0, 0, h->len);
        f[10]++;
        g_byte_array_append (wire, f, sizeof (f));
        g_byte_array_append (wire, h->data, h->len);
        break;
      case 1:                  /* $D shorter than its own header */
        g_byte_array_append (wire, (const guint8 *) "$D\x04" "\x00" "abcd", 8);
        break;
      case 2:                  /* $D before any $H */
        put_chunk (wire, WMSP_CHUNK_DATA, 0, big, 100);
        break;
      case 3:                  /* $D over the packet size */
        put_chunk (wire, WMSP_CHUNK_HEADER, 0, h->data, h->len);
        put_chunk (wire, WMSP_CHUNK_DATA, 0, big, sizeof (big));
        break;
      case 4:                  /* an unknown chunk type */
        g_byte_array_append (wire, (const guint8 *) "$Z\x04" "\x00" "abcd", 8);
        break;
      case 5:                  /* no framing at all */
        g_byte_array_append (wire, (const guint8 *) "<html>hello</html>", 18);
        break;
      case 6:{                 /* a Header Object declaring 10 MB */
        GByteArray *hh = g_byte_array_new ();

        g_byte_array_append (hh, h->data, h->len);
        GST_WRITE_UINT64_LE (hh->data + 16, 10 * 1024 * 1024);
        put_chunk (wire, WMSP_CHUNK_HEADER, 0, hh->data, hh->len);
        g_byte_array_unref (hh);
        break;
      }
      case 7:{                 /* endless $H that never make a header */
        guint i;

        for (i = 0; i < 200; i++)
          put_chunk (wire, WMSP_CHUNK_HEADER, i, i == 0 ? h->data : big,
              i == 0 ? 30 : sizeof (big));
        /* a plausible size the chunks overrun */
        GST_WRITE_UINT64_LE (wire->data + 12 + 16, 60000);
        break;
      }
    }
    wmsp_reader_push (r, wire->data, wire->len);
    GST_INFO ("hostile stream %u", kind);
    if (kind == 3) {
      fail_unless_equals_int (pop (r, &buf, NULL, NULL), WMSP_READ_HEADER);
      gst_buffer_unref (buf);
      buf = NULL;
    }
    fail_unless_equals_int (pop (r, &buf, NULL, NULL), WMSP_READ_ERROR);
    fail_unless (buf == NULL);
    /* and it stays broken */
    fail_unless_equals_int (pop (r, &buf, NULL, NULL), WMSP_READ_ERROR);
    fail_unless (wmsp_reader_pending (r) <= wire->len);
    wmsp_reader_free (r);
    g_byte_array_unref (wire);
  }
  g_byte_array_unref (h);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmspreader, 0,
    WMNET_TEST (test_stream),
    WMNET_TEST (test_single_payload_padding),
    WMNET_TEST (test_object_count), WMNET_TEST (test_hostile));
