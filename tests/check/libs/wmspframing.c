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

/* Unit tests of the MS-WMSP framing and request classes, with the requests
 * real clients send (docs/design.md, "What real clients send and
 * expect"). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmspframing.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_data_frame)
{
  guint8 f[WMSP_DATA_FRAME_SIZE];
  /* VLC's $D for a 4096-byte packet number 322 */
  static const guint8 d322[] = { 0x24, 0x44, 0x08, 0x10, 0x42, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x08, 0x10
  };
  /* VLC's $H for a 783-byte header */
  static const guint8 h0[] = { 0x24, 0x48, 0x17, 0x03, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x0c, 0x17, 0x03
  };

  fail_unless (wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 322,
          WMSP_AFFLAGS_DATA, 4096));
  fail_unless (memcmp (f, d322, sizeof (f)) == 0);
  fail_unless (wmsp_write_data_frame (f, WMSP_CHUNK_HEADER, 0,
          WMSP_AFFLAGS_HEADER, 783));
  fail_unless (memcmp (f, h0, sizeof (f)) == 0);

  fail_unless (wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 0, 0,
          WMSP_MAX_PAYLOAD));
  fail_unless_equals_int (f[2] | (f[3] << 8), 65535);
  fail_if (wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 0, 0,
          WMSP_MAX_PAYLOAD + 1));
}

GST_END_TEST;

GST_START_TEST (test_reason_frame)
{
  guint8 f[WMSP_REASON_FRAME_SIZE];
  static const guint8 e0[] = { 0x24, 0x45, 0x04, 0x00, 0, 0, 0, 0 };
  static const guint8 e1[] = { 0x24, 0x45, 0x04, 0x00, 1, 0, 0, 0 };
  static const guint8 c0[] = { 0x24, 0x43, 0x04, 0x00, 0, 0, 0, 0 };

  wmsp_write_reason_frame (f, WMSP_CHUNK_END, WMSP_REASON_EOS);
  fail_unless (memcmp (f, e0, sizeof (f)) == 0);
  wmsp_write_reason_frame (f, WMSP_CHUNK_END, WMSP_REASON_CHANGE);
  fail_unless (memcmp (f, e1, sizeof (f)) == 0);
  wmsp_write_reason_frame (f, WMSP_CHUNK_CHANGE, 0);
  fail_unless (memcmp (f, c0, sizeof (f)) == 0);
}

GST_END_TEST;

GST_START_TEST (test_parse)
{
  guint8 f[WMSP_DATA_FRAME_SIZE];
  WmspChunk c;
  static const guint8 bbit[] = { 0xa4, 0x44, 0x08, 0x10 };
  static const guint8 meta[] = { 0x24, 0x4d, 0x08, 0x00 };
  static const guint8 shortd[] = { 0x24, 0x44, 0x04, 0x00, 0, 0, 0, 0, 0, 0,
    0, 0
  };

  wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 0x01020304, 0, 100);
  fail_unless_equals_int (wmsp_parse_chunk (f, 3, &c), 0);
  fail_unless_equals_int (wmsp_parse_chunk (f, 11, &c), 0);
  fail_unless_equals_int (wmsp_parse_chunk (f, sizeof (f), &c),
      WMSP_DATA_FRAME_SIZE);
  fail_unless_equals_int (c.type, WMSP_CHUNK_DATA);
  fail_unless_equals_int (c.location_id, 0x01020304);
  fail_unless_equals_int (c.payload_len, 100);
  fail_unless_equals_int (c.length, 108);

  wmsp_write_reason_frame (f, WMSP_CHUNK_END, 7);
  fail_unless_equals_int (wmsp_parse_chunk (f, 8, &c), 8);
  fail_unless_equals_int (c.type, WMSP_CHUNK_END);
  fail_unless_equals_int (c.reason, 7);

  /* what FFmpeg refuses: the B bit, $M, a $D shorter than its extension */
  fail_unless_equals_int (wmsp_parse_chunk (bbit, 4, &c), -1);
  fail_unless_equals_int (wmsp_parse_chunk (meta, 4, &c), -1);
  fail_unless_equals_int (wmsp_parse_chunk (shortd, sizeof (shortd), &c), -1);
}

GST_END_TEST;

typedef struct
{
  const gchar *what;
  const gchar *ua;
  const gchar *pragma;          /* Pragma lines joined as libsoup joins them */
  WmspRequestKind kind;
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  {"FFmpeg describe", "NSPlayer/4.1.0.3856",
        "no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
        "request-context=1,max-duration=0, "
        "xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}",
      WMSP_REQUEST_DESCRIBE},
  {"FFmpeg play (glued last line)", "NSPlayer/4.1.0.3856",
        "no-cache,rate=1.000000,request-context=2, xPlayStrm=1, "
        "xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}, "
        "stream-switch-count=2, stream-switch-entry=ffff:1:0 ffff:2:0 , "
        "no-cache,rate=1.000000,stream-time=0Connection: Close",
      WMSP_REQUEST_PLAY},
  {"VLC describe", "NSPlayer/7.10.0.3059",
        "no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
        "request-context=1,max-duration=0, "
        "xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}",
      WMSP_REQUEST_DESCRIBE},
  {"VLC play", "NSPlayer/7.10.0.3059",
        "no-cache,rate=1.000000,request-context=2, xPlayStrm=1, "
        "xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}, "
        "stream-switch-count=2, stream-switch-entry=ffff:1:0 ffff:2:0 ",
      WMSP_REQUEST_PLAY},
  {"MPlayer play", "NSPlayer/4.1.0.3856",
        "xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}, "
        "no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
        "request-context=2,max-duration=0, xPlayStrm=1, "
        "stream-switch-entry=ffff:2:0 ffff:1:0 , stream-switch-count=2",
      WMSP_REQUEST_PLAY},
  {"curl", "curl/7.88.1", NULL, WMSP_REQUEST_PLAIN},
  {"souphttpsrc", "GStreamer souphttpsrc 1.22.0 libsoup/3.2.3", NULL,
      WMSP_REQUEST_PLAIN},
  {"ffmpeg http", "Lavf/59.27.100", NULL, WMSP_REQUEST_PLAIN},
  {"no headers at all", NULL, NULL, WMSP_REQUEST_PLAIN},
  {"plain agent with no-cache pragma", "Mozilla/5.0", "no-cache",
      WMSP_REQUEST_PLAIN},
  {"xPlayStrm=0 is a describe", "NSPlayer/9.0", "xPlayStrm=0",
      WMSP_REQUEST_DESCRIBE},
  {"xPlayStrm=2 is not a play", "NSPlayer/9.0", "xPlayStrm=2",
      WMSP_REQUEST_DESCRIBE},
  {"xPlayStrm makes any agent WMSP", "curl/7.88.1", "xPlayStrm=1",
      WMSP_REQUEST_PLAY},
  {"xClientGUID makes any agent WMSP", "curl/7.88.1",
        "xClientGUID={00000000-0000-0000-0000-000000000000}",
      WMSP_REQUEST_DESCRIBE},
  {"WMP agent", "Windows-Media-Player/12.0.19041", NULL,
      WMSP_REQUEST_DESCRIBE},
  {"NSServer relay", "NSServer/9.1.1.3862", "xPlayStrm=1",
      WMSP_REQUEST_PLAY},
  {"WMCacheProxy", "WMCacheProxy/9.0", NULL, WMSP_REQUEST_DESCRIBE},
  {"agent prefix is not a substring", "MyNSPlayer/1.0", NULL,
      WMSP_REQUEST_PLAIN},
  {"case of the token", "NSPlayer/9.0", "XPLAYSTRM=1", WMSP_REQUEST_PLAY},
  {"token prefix is not the token", "NSPlayer/9.0", "xPlayStrmX=1",
      WMSP_REQUEST_DESCRIBE},
  /* [MS-WMSP] 2.2.2.8: SelectStream's GET form */
  {"SelectStream GET", "NSPlayer/9.0.0.2980",
      "no-cache, client-id=42, stream-switch-count=1, "
        "stream-switch-entry=ffff:1:0", WMSP_REQUEST_SELECT_STREAM},
  {"stream-switch-entry makes any agent WMSP", "curl/7.88.1",
      "stream-switch-entry=ffff:1:0", WMSP_REQUEST_SELECT_STREAM},
  {"FFmpeg's play stays a play", "NSPlayer/4.1.0.3856",
        "no-cache,rate=1.000000,request-context=2, xPlayStrm=1, "
        "xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}, "
        "stream-switch-count=2, stream-switch-entry=ffff:1:0 ffff:2:0 , "
        "no-cache,rate=1.000000,stream-time=0Connection: Close",
      WMSP_REQUEST_PLAY},
};

GST_START_TEST (test_classify)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (classify_cases); i++) {
    const ClassifyCase *c = &classify_cases[i];

    WmspRequestKind got = wmsp_classify_request (c->ua, c->pragma);

    fail_unless (got == c->kind, "%s: classified %d, expected %d", c->what,
        got, c->kind);
  }
}

GST_END_TEST;

GST_START_TEST (test_pragma_get)
{
  gchar *v = NULL;

  fail_unless (wmsp_pragma_get ("no-cache, client-id=42 ,x", "client-id", &v));
  fail_unless_equals_string (v, "42");
  g_free (v);
  fail_unless (wmsp_pragma_get ("no-cache, client-id=42 ,x", "no-cache", &v));
  fail_unless_equals_string (v, "");
  g_free (v);
  fail_unless (wmsp_pragma_get ("a, x", "x", NULL));
  fail_if (wmsp_pragma_get ("a, x", "y", NULL));
  fail_if (wmsp_pragma_get (NULL, "x", NULL));
  fail_if (wmsp_pragma_get ("client-idx=4", "client-id", NULL));
}

GST_END_TEST;

/* Mask of the stream numbers in @streams (0-terminated). */
static const guint32 *
mask_of (guint32 mask[4], const guint * streams)
{
  memset (mask, 0, 4 * sizeof (guint32));
  for (; *streams; streams++)
    mask[*streams / 32] |= 1u << (*streams % 32);
  return mask;
}

static void
check_levels (const WmnetSelection * sel, const gchar * what, ...)
{
  guint8 want[WMNET_ASF_MAX_STREAM + 1];
  va_list ap;
  guint n, i;

  memset (want, WMNET_THINNING_ALL, sizeof (want));
  va_start (ap, what);
  while ((n = va_arg (ap, guint)) != 0)
    want[n] = va_arg (ap, guint);
  va_end (ap);
  fail_if (sel->all, "%s: all", what);
  for (i = 1; i <= WMNET_ASF_MAX_STREAM; i++)
    fail_unless (sel->thinning[i] == want[i], "%s: stream %u at %u, want %u",
        what, i, sel->thinning[i], want[i]);
}

GST_START_TEST (test_stream_switch)
{
  WmnetSelection sel;
  guint32 mask[4];
  static const guint two[] = { 1, 2, 0 };
  static const guint twelve[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0 };
  static const guint mbr[] = { 1, 2, 3, 4, 0 };
  static const guint hex_ids[] = { 1, 0x10, 0x11, 0 };

  /* none, plain, or a count of 0: every stream ([MS-WMSP] 3.2.5.6) */
  fail_unless (wmsp_parse_stream_switch (NULL, NULL, &sel));
  fail_unless (sel.all);
  fail_unless (wmsp_parse_stream_switch ("no-cache, xPlayStrm=1", NULL, &sel));
  fail_unless (sel.all);
  fail_unless (wmsp_parse_stream_switch ("stream-switch-count=0, "
          "stream-switch-entry=ffff:1:2", NULL, &sel));
  fail_unless (sel.all);
  fail_unless (wmsp_parse_stream_switch ("stream-switch-count=2", NULL, &sel));
  fail_unless (sel.all);

  /* FFmpeg 5.1 (captured): every stream at level 0, trailing space */
  fail_unless (wmsp_parse_stream_switch ("xPlayStrm=1, stream-switch-count=2,"
          " stream-switch-entry=ffff:1:0 ffff:2:0 , no-cache,rate=1.000000,"
          "stream-time=0Connection: Close", mask_of (mask, two), &sel));
  check_levels (&sel, "ffmpeg", 1, 0, 2, 0, 0);

  /* MPlayer 1.5 (captured; asf_streaming.c names only the chosen streams,
   * entry before count) */
  fail_unless (wmsp_parse_stream_switch ("xPlayStrm=1, "
          "stream-switch-entry=ffff:2:0 ffff:4:0 , stream-switch-count=2",
          mask_of (mask, mbr), &sel));
  check_levels (&sel, "mplayer", 2, 0, 4, 0, 0);

  /* VLC names every stream, 2 for those it does not want, in hex */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-count=4, "
          "stream-switch-entry=ffff:1:0 ffff:2:2 ffff:3:0 ffff:4:2 ",
          mask_of (mask, mbr), &sel));
  check_levels (&sel, "vlc", 1, 0, 3, 0, 0);

  /* thinning 1: key frames only; the spec's hexadecimal */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-count=2, "
          "stream-switch-entry=ffff:1:0 FFFF:0010:1", NULL, &sel));
  check_levels (&sel, "hex, key frames", 1, 0, 0x10, 1, 0);

  /* FFmpeg's decimal 10..12 read as hex name streams the header lacks, as
   * decimal streams it has: decimal */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-count=12, "
          "stream-switch-entry=ffff:1:0 ffff:2:0 ffff:3:0 ffff:4:0 ffff:5:0 "
          "ffff:6:0 ffff:7:0 ffff:8:0 ffff:9:0 ffff:10:0 ffff:11:0 ffff:12:0 ",
          mask_of (mask, twelve), &sel));
  check_levels (&sel, "ffmpeg decimal", 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0,
      7, 0, 8, 0, 9, 0, 10, 0, 11, 0, 12, 0, 0);
  /* ...unless the hex reading names streams the header has */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-entry=ffff:1:0 "
          "ffff:10:0 ffff:11:2", mask_of (mask, hex_ids), &sel));
  check_levels (&sel, "hex known", 1, 0, 0x10, 0, 0);
  /* ...or without a header: hex */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-entry=ffff:10:0",
          NULL, &sel));
  check_levels (&sel, "no header", 0x10, 0, 0);

  /* a replaced stream (SRC) is off unless named as a DST; the last entry
   * naming a stream wins; ffff as DST: SRC is just removed */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-entry=1:2:0 "
          "ffff:3:0 ffff:3:1 4:ffff:0", NULL, &sel));
  check_levels (&sel, "replace", 2, 0, 3, 1, 0);
  /* tabs and several spaces */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-entry=ffff:1:0\t  "
          "ffff:2:2", NULL, &sel));
  check_levels (&sel, "spaces", 1, 0, 0);
  /* every stream removed is a selection too */
  fail_unless (wmsp_parse_stream_switch ("stream-switch-entry=ffff:1:2",
          NULL, &sel));
  check_levels (&sel, "nothing", 0);
}

GST_END_TEST;

GST_START_TEST (test_stream_switch_malformed)
{
  static const gchar *const bad[] = {
    "stream-switch-entry=",
    "stream-switch-entry=   ",
    "stream-switch-entry=ffff:1",
    "stream-switch-entry=ffff:1:0:0",
    "stream-switch-entry=ffff:1:3",
    "stream-switch-entry=ffff:0:0",
    "stream-switch-entry=ffff:80:0",
    "stream-switch-entry=ffff:fffe:0",
    "stream-switch-entry=ffff:ffff:0",
    "stream-switch-entry=ffff:10000:0",
    "stream-switch-entry=ffff:-1:0",
    "stream-switch-entry=ffff: 1:0",
    "stream-switch-entry=ffff:1x:0",
    "stream-switch-entry=ffff::0",
    "stream-switch-entry=ffff:1:0 junk",
    "stream-switch-count=x, stream-switch-entry=ffff:1:0",
    "stream-switch-count=-1, stream-switch-entry=ffff:1:0",
    "stream-switch-count=, stream-switch-entry=ffff:1:0",
    "stream-switch-count=1, stream-switch-entry",
    "stream-switch-count=99999999999999999999",
  };
  WmnetSelection sel;
  GString *many = g_string_new ("stream-switch-entry=");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    memset (&sel, 0x55, sizeof (sel));
    fail_if (wmsp_parse_stream_switch (bad[i], NULL, &sel), "%s", bad[i]);
    fail_unless (sel.all, "%s", bad[i]);
  }
  /* any number of entries: the last naming a stream wins */
  for (i = 0; i < 5000; i++)
    g_string_append (many, "ffff:1:0 ");
  g_string_append (many, "ffff:1:1");
  fail_unless (wmsp_parse_stream_switch (many->str, NULL, &sel));
  check_levels (&sel, "5,000 entries", 1, 1, 0);
  g_string_free (many, TRUE);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmspframing, 0,
    WMNET_TEST (test_data_frame),
    WMNET_TEST (test_reason_frame),
    WMNET_TEST (test_parse),
    WMNET_TEST (test_classify),
    WMNET_TEST (test_pragma_get),
    WMNET_TEST (test_stream_switch), WMNET_TEST (test_stream_switch_malformed));
