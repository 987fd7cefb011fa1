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


/* Unit tests of the receiving side of [MS-WMHTTP] push framing: the
 * packets of a PushStart body as 2.2.3 writes them, well-formed or
 * hostile. The packets are put on the wire here from the spec's layout
 * ('$', type, u16 LE length, payload), not by our own writer. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmhttpreader.h"
#include "wmnetasfbuild.h"
#include "wmnettestsuite.h"

static void
put (GByteArray * a, guint8 type, const guint8 * payload, gsize len)
{
  guint8 f[4] = { '$', type, len & 0xff, len >> 8 };

  g_byte_array_append (a, f, sizeof (f));
  g_byte_array_append (a, payload, len);
}

static void
put_reason (GByteArray * a, guint8 type, guint32 reason,
    const guint8 * payload, gsize len)
{
  guint8 f[8] = { '$', type, (len + 4) & 0xff, (len + 4) >> 8 };

  GST_WRITE_UINT32_LE (f + 4, reason);
  g_byte_array_append (a, f, sizeof (f));
  if (len)
    g_byte_array_append (a, payload, len);
}

/* The next result; an error, and only an error, comes with a GError. */
static WmhttpReadResult
pop (WmhttpReader * r, GstBuffer ** buf, guint32 * reason)
{
  GError *err = NULL;
  WmhttpReadResult res = wmhttp_reader_pop (r, buf, reason, &err);

  fail_unless_equals_int (res == WMHTTP_READ_ERROR, err != NULL);
  GST_INFO ("result %d%s%s", res, err ? ": " : "", err ? err->message : "");
  g_clear_error (&err);
  return res;
}

/* Pops @n results from @wire pushed @step bytes at a time (0: at once);
 * the buffers (NULL for END) land in @bufs, the reasons in @reasons. */
static void
read_all (WmhttpReader * r, GByteArray * wire, gsize step,
    const WmhttpReadResult * want, guint n, GstBuffer ** bufs,
    guint32 * reasons)
{
  gsize off = 0;
  guint i = 0;

  while (i < n) {
    GstBuffer *buf = NULL;
    guint32 reason = 99;
    WmhttpReadResult res = pop (r, &buf, &reason);

    if (res == WMHTTP_READ_NEED_DATA) {
      gsize len = step == 0 ? wire->len - off : MIN (step, wire->len - off);

      fail_unless (off < wire->len, "out of bytes before result %u", i);
      wmhttp_reader_push (r, wire->data + off, len);
      off += len;
      continue;
    }
    fail_unless_equals_int (res, want[i]);
    bufs[i] = buf;
    reasons[i] = reason;
    i++;
  }
  fail_unless_equals_int (off, wire->len);
  fail_unless_equals_int (wmhttp_reader_pending (r), 0);
}

static void
free_bufs (GstBuffer ** bufs, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    if (bufs[i])
      gst_buffer_unref (bufs[i]);
}

/* Every packet type of 2.2.3 in the order 2.2.2.2's grammar allows: $H,
 * a whole $D, a $D whose padding the pusher cut (2.2.3.3), $F (skipped),
 * $E(S_FALSE), $C with a new header, $D, $E(S_OK); pushed one byte at a
 * time, 7 at a time, and at once. */
GST_START_TEST (test_session)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec), *h2, *p = g_byte_array_new ();
  GByteArray *wire = g_byte_array_new ();
  PayloadSpec ps[2] = { {A, TRUE, 0, 40, FALSE}, {V, TRUE, 0, 100, FALSE}
  };
  guint8 zeros[300] = { 0 };
  gsize stripped, steps[] = { 1, 7, 0 };
  guint s;

  spec.file_id = 0x42;
  h2 = build_header (&spec);
  build_packet (p, 512, ps, 2, 1234, TRUE);
  put (wire, 'H', h->data, h->len);
  put (wire, 'D', p->data, p->len);
  stripped = p->len - GST_READ_UINT16_LE (p->data + 5);
  GST_WRITE_UINT16_LE (p->data + 5, 0);
  put (wire, 'D', p->data, stripped);
  put (wire, 'F', zeros, sizeof (zeros));
  put_reason (wire, 'E', 1, NULL, 0);
  put_reason (wire, 'C', 0, h2->data, h2->len);
  put (wire, 'D', p->data, stripped);
  put_reason (wire, 'E', 0, NULL, 0);

  for (s = 0; s < G_N_ELEMENTS (steps); s++) {
    WmhttpReader *r = wmhttp_reader_new ();
    WmhttpReadResult want[] = { WMHTTP_READ_HEADER, WMHTTP_READ_PACKET,
      WMHTTP_READ_PACKET, WMHTTP_READ_END, WMHTTP_READ_CHANGE,
      WMHTTP_READ_PACKET, WMHTTP_READ_END
    };
    GstBuffer *bufs[G_N_ELEMENTS (want)];
    guint32 reasons[G_N_ELEMENTS (want)];
    GstMapInfo map;

    fail_unless (wmhttp_reader_header (r) == NULL);
    read_all (r, wire, steps[s], want, G_N_ELEMENTS (want), bufs, reasons);
    fail_unless_equals_int (gst_buffer_get_size (bufs[0]), h->len);
    fail_unless (gst_buffer_memcmp (bufs[0], 0, h->data, h->len) == 0);
    fail_unless (GST_BUFFER_FLAG_IS_SET (bufs[0], GST_BUFFER_FLAG_HEADER));
    fail_unless_equals_int (gst_buffer_get_size (bufs[1]), 512);
    fail_unless_equals_int (gst_buffer_get_size (bufs[2]), 512);
    /* the padding put back is counted again: the packet parses as sent */
    gst_buffer_map (bufs[2], &map, GST_MAP_READ);
    fail_unless_equals_int (GST_READ_UINT16_LE (map.data + 5), 512 - stripped);
    fail_unless (wmasf_packet_is_key (wmhttp_reader_header (r), map.data,
            map.size));
    gst_buffer_unmap (bufs[2], &map);
    fail_unless_equals_int (reasons[3], 1);
    fail_unless_equals_int (reasons[4], 0);
    fail_unless (gst_buffer_memcmp (bufs[4], 0, h2->data, h2->len) == 0);
    fail_unless (wmhttp_reader_header (r)->file_id[0] == 0x42);
    fail_unless (bufs[3] == NULL && bufs[6] == NULL);
    fail_unless_equals_int (reasons[6], 0);
    free_bufs (bufs, G_N_ELEMENTS (want));
    wmhttp_reader_free (r);
  }
  g_byte_array_unref (h);
  g_byte_array_unref (h2);
  g_byte_array_unref (p);
  g_byte_array_unref (wire);
}

GST_END_TEST;

/* A later PushStart of the same session goes on with $D (2.2.2.2); a new
 * session must open with $H again (3.2.5.2). A body cut in the middle of a
 * packet gives nothing of it, and the next body starts clean. */
GST_START_TEST (test_next_body)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec), *p = g_byte_array_new ();
  GByteArray *wire = g_byte_array_new ();
  PayloadSpec ps = { V, TRUE, 0, 200, FALSE };
  WmhttpReader *r = wmhttp_reader_new ();
  GstBuffer *buf = NULL;

  build_packet (p, 512, &ps, 1, 40, FALSE);
  put (wire, 'H', h->data, h->len);
  put (wire, 'D', p->data, p->len);
  wmhttp_reader_push (r, wire->data, wire->len - 100);  /* cut in the $D */
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_HEADER);
  gst_buffer_unref (buf);
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_NEED_DATA);
  fail_unless (buf == NULL);
  fail_unless_equals_int (wmhttp_reader_pending (r), 4 + 512 - 100);

  /* the pusher comes back on the same session: $D straight away */
  wmhttp_reader_start (r, FALSE);
  fail_unless_equals_int (wmhttp_reader_pending (r), 0);
  g_byte_array_set_size (wire, 0);
  put (wire, 'D', p->data, p->len);
  wmhttp_reader_push (r, wire->data, wire->len);
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_PACKET);
  fail_unless (gst_buffer_memcmp (buf, 0, p->data, p->len) == 0);
  gst_buffer_unref (buf);

  /* a new session: the same $D is refused before a $H */
  wmhttp_reader_start (r, TRUE);
  fail_unless (wmhttp_reader_header (r) == NULL);
  wmhttp_reader_push (r, wire->data, wire->len);
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_ERROR);

  /* a body may open with $H on a going session too (a pusher that starts
   * over), never carry one in its middle */
  wmhttp_reader_start (r, FALSE);
  g_byte_array_set_size (wire, 0);
  put (wire, 'H', h->data, h->len);
  put (wire, 'H', h->data, h->len);
  wmhttp_reader_push (r, wire->data, wire->len);
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_HEADER);
  gst_buffer_unref (buf);
  fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_ERROR);
  fail_unless (buf == NULL);
  wmhttp_reader_free (r);
  g_byte_array_unref (h);
  g_byte_array_unref (p);
  g_byte_array_unref (wire);
}

GST_END_TEST;

/* Bodies that break 2.2.3, each refused with an error that stays until the
 * next body; a declared length over its bound is refused from the 4 bytes
 * of framing, before its payload is waited for. */
GST_START_TEST (test_hostile)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec);
  guint8 junk[600];
  guint kind;

  memset (junk, 0, sizeof (junk));
  for (kind = 0; kind < 12; kind++) {
    GByteArray *wire = g_byte_array_new ();
    WmhttpReader *r = wmhttp_reader_new ();
    GstBuffer *buf = NULL;
    gboolean header_first = FALSE;
    guint8 f[4] = { '$', 'H', 0xff, 0xff };

    switch (kind) {
      case 0:                  /* garbage instead of $H: an HTTP line */
        g_byte_array_append (wire, (const guint8 *) "GET / HTTP/1.0\r\n", 16);
        break;
      case 1:                  /* an unframed ASF header (MS-WMSP's body) */
        g_byte_array_append (wire, h->data, h->len);
        break;
      case 2:                  /* a $H of zeros: no ASF Header Object */
        put (wire, 'H', junk, sizeof (junk));
        break;
      case 3:                  /* a $H cut short of its header's size */
        put (wire, 'H', h->data, 100);
        break;
      case 4:                  /* oversize: a $H of 65,535 bytes */
        g_byte_array_append (wire, f, 4);
        break;
      case 5:                  /* oversize: a $D over the packet size */
        header_first = TRUE;
        f[1] = 'D';
        f[2] = 513 & 0xff;
        f[3] = 513 >> 8;
        g_byte_array_append (wire, f, 4);
        break;
      case 6:                  /* a $D before any $H */
        put (wire, 'D', junk, 512);
        break;
      case 7:                  /* an $E of 2 bytes */
        header_first = TRUE;
        put (wire, 'E', junk, 2);
        break;
      case 8:                  /* a $C too short for its reason */
        header_first = TRUE;
        put (wire, 'C', junk, 3);
        break;
      case 9:                  /* an unknown packet type */
        header_first = TRUE;
        put (wire, 'X', junk, 4);
        break;
      case 10:                 /* the B bit, which MUST be 0 (2.2.3.1.1) */
        header_first = TRUE;
        put (wire, 'D', junk, 10);
        wire->data[0] |= 0x80;
        break;
      default:                 /* a $C whose header is zeros */
        header_first = TRUE;
        put_reason (wire, 'C', 0, junk, sizeof (junk));
        break;
    }
    GST_INFO ("hostile body %u", kind);
    if (header_first) {
      GByteArray *first = g_byte_array_new ();

      put (first, 'H', h->data, h->len);
      wmhttp_reader_push (r, first->data, first->len);
      fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_HEADER);
      gst_buffer_unref (buf);
      buf = NULL;
      g_byte_array_unref (first);
    }
    wmhttp_reader_push (r, wire->data, wire->len);
    fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_ERROR);
    fail_unless (buf == NULL);
    /* and it stays broken until the next body */
    fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_ERROR);
    wmhttp_reader_start (r, TRUE);
    fail_unless_equals_int (pop (r, &buf, NULL), WMHTTP_READ_NEED_DATA);
    wmhttp_reader_free (r);
    g_byte_array_unref (wire);
  }
  g_byte_array_unref (h);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmhttpreader, 0,
    WMNET_TEST (test_session), WMNET_TEST (test_next_body),
    WMNET_TEST (test_hostile));
