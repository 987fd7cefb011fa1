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

/* Unit tests of the [MS-WMHTTP] push requests and packets (wmhttppush),
 * each checked against the spec's syntax (2.2.1, 2.2.2, 2.2.3), and of the
 * PushStart body's count against its Content-Length (3.1.4.3-3.1.4.5):
 * the bodies are read back by the receiver's reader (wmhttpreader). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmhttppush.h"
#include "wmhttpreader.h"
#include <gst/wmasf/asfreader.h>
#include "libs/wmnetasfbuild.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_setup_body)
{
  static const gchar *const bad[] = { "pub", "/a\"b", "/a b",
    "/a\r\nX: y", "/\xc3\xa9"
  };
  /* a Template-URL brings AutoDestroy along even when 0 (3.1.4.1.1) */
  static const struct
  {
    const gchar *template;
    gboolean auto_destroy;
    const gchar *body;
  } bodies[] = {
    {NULL, FALSE, ""},
    {NULL, TRUE, "AutoDestroy: 1\r\n"},
    {"/pub", FALSE, "Template-URL: \"/pub\"\r\nAutoDestroy: 0\r\n"},
  };
  gchar *b;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bodies); i++) {
    b = wmhttp_setup_body (bodies[i].template, bodies[i].auto_destroy);
    fail_unless_equals_string (b, bodies[i].body);
    g_free (b);
  }
  fail_unless (wmhttp_template_ok ("/pub/a%20b"));
  /* not a path-absolute of ASCII, or would break out of the quotes */
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    fail_if (wmhttp_template_ok (bad[i]), "%s", bad[i]);
  fail_if (wmhttp_template_ok (NULL));
}

GST_END_TEST;

GST_START_TEST (test_request_head)
{
  gchar *h = wmhttp_request_head (WMHTTP_PUSH_START, "/live?x=1",
      "127.0.0.1:8080", "WMEncoder/9.0 gst-wmnet/1", "4124758405",
      "Basic dTpw", WMHTTP_UNKNOWN_LENGTH);
  gchar **lines = g_strsplit (h, "\r\n", -1);

  fail_unless (g_str_has_suffix (h, "\r\n\r\n"));
  fail_unless_equals_string (lines[0], "POST /live?x=1 HTTP/1.1");
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "Content-Type: application/x-wms-pushstart"));
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "Content-Length: 2147483647"));
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "Cookie: push-id=4124758405"));
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "Host: 127.0.0.1:8080"));
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "User-Agent: WMEncoder/9.0 gst-wmnet/1"));
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "Authorization: Basic dTpw"));
  /* 2.2.1.9, 3.1.4.1: the schemes we answer (MS-WMSP 2.2.1.9's form) */
  fail_unless (g_strv_contains ((const gchar * const *) lines,
          "X-Accept-Authentication: Digest, Basic"));
  g_strfreev (lines);
  g_free (h);

  h = wmhttp_request_head (WMHTTP_PUSH_SETUP, "/", "h", "WMEncoder/9.0",
      "0", NULL, 16);
  fail_unless (strstr (h, "Content-Type: application/x-wms-pushsetup\r\n"));
  fail_unless (strstr (h, "Cookie: push-id=0\r\n"));
  fail_unless (strstr (h, "Content-Length: 16\r\n"));
  fail_if (strstr (h, "Authorization"));
  g_free (h);
}

GST_END_TEST;

GST_START_TEST (test_user_agent)
{
  /* 2.2.1.8: major 9..12, minor 0, then product tokens */
  fail_unless (wmhttp_user_agent_ok ("WMEncoder/9.0"));
  fail_unless (wmhttp_user_agent_ok ("WMEncoder/11.0.5721.5145"));
  fail_unless (wmhttp_user_agent_ok ("WMEncoder/12.0 gst-wmnet/1.0"));
  /* the spec's example (4.8) and a quoted ABNF string's any case */
  fail_unless (wmhttp_user_agent_ok ("WMEncoder/11.0.5721.5145"));
  fail_unless (wmhttp_user_agent_ok ("wmencoder/9.0"));
  fail_if (wmhttp_user_agent_ok ("WMEncoder/8.0"));
  fail_if (wmhttp_user_agent_ok ("WMEncoder/9.1"));
  fail_if (wmhttp_user_agent_ok ("WMEncoder/9.01"));
  fail_if (wmhttp_user_agent_ok ("NSPlayer/9.0"));
  fail_if (wmhttp_user_agent_ok (NULL));
}

GST_END_TEST;

GST_START_TEST (test_packets)
{
  GByteArray *b = g_byte_array_new ();
  static const guint8 hdr[] = { 1, 2, 3 };
  guint8 *big = g_malloc0 (WMHTTP_MAX_PACKET + 1);

  /* $H: '$' 'H' LE16 length, payload only (no LocationId/AFFlags) */
  fail_unless (wmhttp_append_header (b, hdr, 3, FALSE));
  fail_unless_equals_int (b->len, 7);
  fail_unless (memcmp (b->data, "$H\x03\x00\x01\x02\x03", 7) == 0);
  g_byte_array_set_size (b, 0);
  /* $C: PacketLength counts the Reason (0) and the header (2.2.3.1.1) */
  fail_unless (wmhttp_append_header (b, hdr, 3, TRUE));
  fail_unless_equals_int (b->len, 11);
  fail_unless (memcmp (b->data, "$C\x07\x00\x00\x00\x00\x00\x01\x02\x03",
          11) == 0);
  g_byte_array_set_size (b, 0);
  fail_unless (wmhttp_append_data (b, hdr, 3));
  fail_unless (memcmp (b->data, "$D\x03\x00\x01\x02\x03", 7) == 0);
  g_byte_array_set_size (b, 0);
  wmhttp_append_end (b, WMHTTP_REASON_ENTRY);
  fail_unless_equals_int (b->len, 8);
  fail_unless (memcmp (b->data, "$E\x04\x00\x01\x00\x00\x00", 8) == 0);
  g_byte_array_set_size (b, 0);
  /* limits: nothing appended */
  fail_if (wmhttp_append_data (b, big, WMHTTP_MAX_PACKET + 1));
  fail_if (wmhttp_append_data (b, big, 0));
  fail_if (wmhttp_append_header (b, big, WMHTTP_MAX_HEADER + 1, FALSE));
  fail_unless_equals_int (b->len, 0);
  fail_unless (wmhttp_append_data (b, big, WMHTTP_MAX_PACKET));
  fail_unless (memcmp (b->data, "$D\xff\xff", 4) == 0);
  g_byte_array_set_size (b, 0);
  fail_unless (wmhttp_append_header (b, big, WMHTTP_MAX_HEADER, TRUE));
  fail_unless_equals_int (b->data[2] | b->data[3] << 8, WMHTTP_MAX_HEADER + 4);
  g_free (big);
  g_byte_array_unref (b);
}

GST_END_TEST;

GST_START_TEST (test_cookie)
{
  gchar *id;
  gchar *long_id = g_strnfill (WMHTTP_MAX_PUSH_ID + 1, 'a');
  gchar *cookie = g_strconcat ("push-id=", long_id, NULL);

  id = wmhttp_cookie_push_id ("push-id=4124758405");
  fail_unless_equals_string (id, "4124758405");
  g_free (id);
  id = wmhttp_cookie_push_id ("a=b; Push-ID=x7Yz ; path=/");
  fail_unless_equals_string (id, "x7Yz");
  g_free (id);
  id = wmhttp_cookie_push_id ("other=1, push-id=abc");
  fail_unless_equals_string (id, "abc");
  g_free (id);
  /* "0" is the client's, never the server's (3.2.3) */
  fail_if (wmhttp_cookie_push_id ("push-id=0"));
  fail_if (wmhttp_cookie_push_id ("push-id="));
  fail_if (wmhttp_cookie_push_id ("push-id= ; a=b"));
  fail_if (wmhttp_cookie_push_id ("push-id=a\x01" "b"));
  fail_if (wmhttp_cookie_push_id ("session=1"));
  fail_if (wmhttp_cookie_push_id (cookie));
  fail_if (wmhttp_cookie_push_id (NULL));
  g_free (cookie);
  g_free (long_id);
}

GST_END_TEST;

GST_START_TEST (test_server)
{
  fail_unless (wmhttp_server_ok ("Cougar/9.01.01.3814"));
  fail_unless (wmhttp_server_ok ("Rex/9.0.0.2980"));
  fail_if (wmhttp_server_ok ("Apache/2.4"));
  fail_if (wmhttp_server_ok ("Cougar"));
  fail_if (wmhttp_server_ok (NULL));
}

GST_END_TEST;

/* What went into the bodies, in order: a header ($H, $C), a packet ($D),
 * or an end ($E with its reason). */
typedef struct
{
  WmhttpReadResult kind;
  GByteArray *bytes;            /* header or packet; NULL for END */
  guint32 reason;
} Item;

/* The sender's side: the current body, the complete ones. */
typedef struct
{
  guint64 length;
  WmhttpBody body;
  GByteArray *cur;
  GPtrArray *bodies;            /* GByteArray, each complete */
  guint fills;                  /* bodies ended by $F */
  guint seen;                   /* bit i (0..3): a packet met i bytes more
                                 * than it, bit 4: a body ended by an empty
                                 * $F */
} Bodies;

static void
bodies_init (Bodies * b, guint64 length)
{
  b->length = length;
  b->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_byte_array_unref);
  b->cur = g_byte_array_new ();
  b->fills = 0;
  b->seen = 0;
  wmhttp_body_start (&b->body, length);
}

static void
bodies_clear (Bodies * b)
{
  g_ptr_array_unref (b->bodies);
  g_byte_array_unref (b->cur);
}

/* Puts the framed packet in @pkt as the sink's connection does: a full
 * body is complete (exactly its length), the next one starts and the
 * packet goes first into it. */
static void
bodies_put (Bodies * b, GByteArray * pkt)
{
  for (;;) {
    guint before = b->cur->len;
    guint64 left = b->body.remaining;
    WmhttpBodyResult r = wmhttp_body_put (&b->body, b->cur, pkt->data,
        pkt->len);

    fail_unless (r != WMHTTP_BODY_TOO_BIG);
    if (r == WMHTTP_BODY_PUT) {
      fail_unless_equals_int (b->cur->len, before + pkt->len);
      /* what is left can always be filled: 0 or a framing at least */
      fail_unless (b->body.remaining >= WMHTTP_FRAME_SIZE);
      return;
    }
    /* 3.1.4.3: a packet that would leave less than a framing, or fill
     * the body exactly, waits for the next */
    if (left >= pkt->len && left < pkt->len + WMHTTP_FRAME_SIZE)
      b->seen |= 1 << (left - pkt->len);
    if (left == WMHTTP_FRAME_SIZE)
      b->seen |= 1 << 4;
    fail_unless (wmhttp_body_complete (&b->body));
    fail_unless_equals_int (b->cur->len, b->length);
    b->fills++;
    g_ptr_array_add (b->bodies, b->cur);
    b->cur = g_byte_array_new ();
    wmhttp_body_start (&b->body, b->length);
  }
}

static void
add_item (GPtrArray * items, WmhttpReadResult kind, const guint8 * data,
    gsize len, guint32 reason)
{
  Item *it = g_new0 (Item, 1);

  it->kind = kind;
  it->reason = reason;
  if (data) {
    it->bytes = g_byte_array_new ();
    g_byte_array_append (it->bytes, data, len);
  }
  g_ptr_array_add (items, it);
}

static void
item_free (Item * it)
{
  if (it->bytes)
    g_byte_array_unref (it->bytes);
  g_free (it);
}

/* Reads @body (the session's first when @first) with @r: every packet it
 * holds is whole, and what comes out is @items from *@next on. */
static void
read_body (WmhttpReader * r, GByteArray * body, gboolean first,
    GPtrArray * items, guint * next)
{
  GstBuffer *buf;
  guint32 reason;
  GError *err = NULL;
  WmhttpReadResult res;

  wmhttp_reader_start (r, first);
  wmhttp_reader_push (r, body->data, body->len);
  while ((res = wmhttp_reader_pop (r, &buf, &reason, &err))
      != WMHTTP_READ_NEED_DATA) {
    Item *it;

    fail_unless (res != WMHTTP_READ_ERROR, "%s", err ? err->message : "");
    fail_unless (*next < items->len, "more came out than went in");
    it = g_ptr_array_index (items, (*next)++);
    fail_unless_equals_int (res, it->kind);
    if (it->bytes) {
      fail_unless_equals_int (gst_buffer_get_size (buf), it->bytes->len);
      fail_unless (gst_buffer_memcmp (buf, 0, it->bytes->data,
              it->bytes->len) == 0, "item %u changed", *next - 1);
    } else {
      fail_unless (buf == NULL);
      fail_unless_equals_int (reason, it->reason);
    }
    gst_clear_buffer (&buf);
  }
  /* a body ends on a packet's end */
  fail_unless_equals_int (wmhttp_reader_pending (r), 0);
}

/* One session of packets of @packet_size bytes in bodies of @length:
 * $H, @n $D with a header change ($E S_FALSE, $C) every 37, $E S_OK.
 * Returns the bodies ended by $F; adds to *@seen the remainders met. */
static guint
check_session (guint32 packet_size, guint64 length, guint n, guint * seen)
{
  HeaderSpec spec = default_spec ();
  GByteArray *h1, *h2, *pkt = g_byte_array_new ();
  GByteArray *payload = g_byte_array_sized_new (packet_size);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)
      item_free);
  WmhttpReader *r = wmhttp_reader_new ();
  Bodies b;
  guint i, next = 0, fills;

  spec.packet_size = packet_size;
  h1 = build_header (&spec);
  spec.file_id = 0x44;
  h2 = build_header (&spec);
  bodies_init (&b, length);
  fail_unless (wmhttp_append_header (pkt, h1->data, h1->len, FALSE));
  add_item (items, WMHTTP_READ_HEADER, h1->data, h1->len, 0);
  bodies_put (&b, pkt);
  g_byte_array_set_size (payload, packet_size);
  for (i = 0; i < n; i++) {
    guint k;

    g_byte_array_set_size (pkt, 0);
    if (i % 37 == 36) {
      GByteArray *h = (i / 37) % 2 ? h1 : h2;

      wmhttp_append_end (pkt, WMHTTP_REASON_ENTRY);
      add_item (items, WMHTTP_READ_END, NULL, 0, WMHTTP_REASON_ENTRY);
      bodies_put (&b, pkt);
      g_byte_array_set_size (pkt, 0);
      fail_unless (wmhttp_append_header (pkt, h->data, h->len, TRUE));
      add_item (items, WMHTTP_READ_CHANGE, h->data, h->len, 0);
      bodies_put (&b, pkt);
      g_byte_array_set_size (pkt, 0);
    }
    for (k = 0; k < packet_size; k++)
      payload->data[k] = (guint8) (i * 7 + k);
    fail_unless (wmhttp_append_data (pkt, payload->data, packet_size));
    add_item (items, WMHTTP_READ_PACKET, payload->data, packet_size, 0);
    bodies_put (&b, pkt);
  }
  g_byte_array_set_size (pkt, 0);
  wmhttp_append_end (pkt, WMHTTP_REASON_DONE);
  add_item (items, WMHTTP_READ_END, NULL, 0, WMHTTP_REASON_DONE);
  bodies_put (&b, pkt);
  /* the last body ends with $E S_OK and the connection (3.1.4.4) */
  fail_unless (b.cur->len <= length);
  g_ptr_array_add (b.bodies, g_byte_array_ref (b.cur));

  for (i = 0; i < b.bodies->len; i++)
    read_body (r, g_ptr_array_index (b.bodies, i), i == 0, items, &next);
  fail_unless_equals_int (next, items->len);
  fills = b.fills;
  *seen |= b.seen;
  bodies_clear (&b);
  wmhttp_reader_free (r);
  g_ptr_array_unref (items);
  g_byte_array_unref (payload);
  g_byte_array_unref (pkt);
  g_byte_array_unref (h1);
  g_byte_array_unref (h2);
  return fills;
}

/* 3.1.4.3: bodies of a small Content-Length across many boundaries, for
 * packet sizes from the smallest ASF allows, each length over a whole
 * packet's span (larger packets: the lengths that leave 0 to 8 bytes over
 * whole packets, and one between), so that a body meets every remainder
 * from a packet's size to a packet and a framing more: each complete body
 * is exactly Content-Length bytes, and the receiver's reader gives back
 * every header, packet and end unchanged and in order. */
GST_START_TEST (test_body_length)
{
  static const guint32 big[] = { 333, 512, 1500, 4096 };
  guint32 sizes[G_N_ELEMENTS (big) + 16];
  guint i, s;

  for (s = 0; s < 16; s++)
    sizes[s] = WMASF_MIN_PACKET_SIZE + s;
  for (i = 0; i < G_N_ELEMENTS (big); i++)
    sizes[s++] = big[i];
  for (s = 0; s < G_N_ELEMENTS (sizes); s++) {
    HeaderSpec spec = default_spec ();
    GByteArray *h = build_header (&spec);
    guint32 framed = sizes[s] + WMHTTP_FRAME_SIZE;
    /* room for the $H or $C (and its $E) and two $D, as 3.1.4.2.1's
     * floor has room for three */
    guint64 floor = h->len + 16 + 2 * (guint64) framed;
    guint64 d, base = (framed - floor % framed) % framed;
    guint seen = 0;

    g_byte_array_unref (h);
    for (d = 0; d <= framed + WMHTTP_FRAME_SIZE; d++) {
      guint n = 6 * (floor + d) / framed + 40;

      if (sizes[s] > 100 && d != framed / 2 && (d < base || d > base + 8))
        continue;
      fail_unless (check_session (sizes[s], floor + d, n, &seen) >= 5,
          "packet size %u, length %" G_GUINT64_FORMAT ": under 5 bodies",
          sizes[s], floor + d);
    }
    fail_unless_equals_int (seen, 0x1f);
  }
}

GST_END_TEST;

/* What is left past 65,535 bytes goes as several $F, none over 65,535 nor
 * leaving less than a framing (2.2.3.5); a packet that no body of the
 * length can hold is refused, nothing written. */
GST_START_TEST (test_body_filler)
{
  GByteArray *pkt = g_byte_array_new (), *out = g_byte_array_new ();
  guint8 *big = g_malloc0 (WMHTTP_MAX_PACKET);
  WmhttpReader *r = wmhttp_reader_new ();
  HeaderSpec spec = default_spec ();
  GByteArray *h = build_header (&spec);
  guint64 left;
  WmhttpBody body;

  fail_unless (wmhttp_append_data (pkt, big, WMHTTP_MAX_PACKET));
  for (left = WMHTTP_MAX_FILLER - 3; left <= pkt->len + 3; left++) {
    GstBuffer *buf = NULL;
    GError *err = NULL;
    gsize off = 0;

    g_byte_array_set_size (out, 0);
    wmhttp_append_header (out, h->data, h->len, FALSE);
    wmhttp_body_start (&body, out->len + left);
    body.remaining = left;
    fail_unless_equals_int (wmhttp_body_put (&body, out, pkt->data,
            pkt->len), WMHTTP_BODY_FILLED);
    fail_unless_equals_int (out->len, body.length);
    for (off = h->len + WMHTTP_FRAME_SIZE; off < out->len;) {
      gsize n = WMHTTP_FRAME_SIZE + (out->data[off + 2] | out->data[off + 3]
          << 8);

      fail_unless_equals_int (out->data[off + 1], 'F');
      fail_unless (n <= WMHTTP_MAX_FILLER);
      off += n;
    }
    fail_unless_equals_int (off, out->len);
    wmhttp_reader_start (r, TRUE);
    wmhttp_reader_push (r, out->data, out->len);
    fail_unless_equals_int (wmhttp_reader_pop (r, &buf, NULL, &err),
        WMHTTP_READ_HEADER);
    gst_buffer_unref (buf);
    fail_unless_equals_int (wmhttp_reader_pop (r, &buf, NULL, &err),
        WMHTTP_READ_NEED_DATA);
    fail_unless_equals_int (wmhttp_reader_pending (r), 0);
  }
  /* a packet and a framing over the length: no body holds it */
  g_byte_array_set_size (out, 0);
  wmhttp_body_start (&body, pkt->len + WMHTTP_FRAME_SIZE - 1);
  fail_unless_equals_int (wmhttp_body_put (&body, out, pkt->data, pkt->len),
      WMHTTP_BODY_TOO_BIG);
  fail_unless_equals_int (out->len, 0);
  fail_if (wmhttp_body_complete (&body));
  wmhttp_reader_free (r);
  g_byte_array_unref (h);
  g_byte_array_unref (out);
  g_byte_array_unref (pkt);
  g_free (big);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmhttppush, 0,
    WMNET_TEST (test_setup_body),
    WMNET_TEST (test_request_head),
    WMNET_TEST (test_user_agent),
    WMNET_TEST (test_packets), WMNET_TEST (test_cookie),
    WMNET_TEST (test_server),
    WMNET_TEST (test_body_length), WMNET_TEST (test_body_filler));
