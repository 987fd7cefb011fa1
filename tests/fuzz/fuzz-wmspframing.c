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

/* Fuzzes MS-WMSP framing (wmspframing.c) both ways the input can be read:
 * as a server's chunks (wmsp_parse_chunk: every framing accepted is
 * written back the same by wmsp_write_*_frame and parses the same again),
 * and as a request's User-Agent (first line) and Pragma values (the other
 * lines, joined with ',' as the server joins header lines): the class,
 * the pragma tokens and the stream-switch-entry selection, which is
 * written back as entries and must parse to the same selection. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmspframing.h"

static void
fuzz_chunks (const guint8 * data, gsize size)
{
  gsize off = 0;

  while (off < size) {
    WmspChunk c, again;
    guint8 frame[WMSP_DATA_FRAME_SIZE];
    gssize n = wmsp_parse_chunk (data + off, size - off, &c);

    if (n <= 0)
      break;
    FUZZ_CHECK ((gsize) n <= size - off);
    if (c.type == WMSP_CHUNK_HEADER || c.type == WMSP_CHUNK_DATA) {
      FUZZ_CHECK (n == WMSP_DATA_FRAME_SIZE);
      FUZZ_CHECK (c.payload_len + 8 == c.length);
      FUZZ_CHECK (wmsp_write_data_frame (frame, c.type, c.location_id,
              c.afflags, c.payload_len));
      FUZZ_CHECK (wmsp_parse_chunk (frame, sizeof (frame), &again) == n);
      FUZZ_CHECK (again.type == c.type && again.length == c.length);
      FUZZ_CHECK (again.location_id == c.location_id);
      FUZZ_CHECK (again.afflags == c.afflags && again.incarnation == 0);
      FUZZ_CHECK (again.payload_len == c.payload_len);
    } else {
      FUZZ_CHECK (c.type == WMSP_CHUNK_END || c.type == WMSP_CHUNK_CHANGE);
      FUZZ_CHECK (n == WMSP_REASON_FRAME_SIZE);
      FUZZ_CHECK (c.payload_len + 4 == c.length);
      wmsp_write_reason_frame (frame, c.type, c.reason);
      FUZZ_CHECK (wmsp_parse_chunk (frame, WMSP_REASON_FRAME_SIZE,
              &again) == n);
      FUZZ_CHECK (again.type == c.type && again.reason == c.reason);
    }
    /* the frame and its payload; a reader waits for the payload */
    if (c.payload_len > size - off - n)
      break;
    off += n + c.payload_len;
  }
}

/* @sel written back as stream-switch entries, in hexadecimal */
static gchar *
selection_pragma (const WmnetSelection * sel)
{
  GString *s = g_string_new ("stream-switch-count=1,stream-switch-entry=");
  guint n;
  gboolean any = FALSE;

  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++) {
    if (sel->thinning[n] != WMNET_THINNING_ALL) {
      g_string_append_printf (s, "ffff:%x:%u ", n, sel->thinning[n]);
      any = TRUE;
    }
  }
  if (!any)
    g_string_append (s, "ffff:1:2");
  return g_string_free (s, FALSE);
}

static void
check_selection (const gchar * pragma, const guint32 * mask)
{
  WmnetSelection sel, again;
  gboolean ok = wmsp_parse_stream_switch (pragma, mask, &sel);
  gchar *text;
  guint n;

  if (!ok || sel.all) {
    FUZZ_CHECK (sel.all);
    return;
  }
  for (n = 1; n <= WMNET_ASF_MAX_STREAM; n++)
    FUZZ_CHECK (sel.thinning[n] <= WMNET_THINNING_ALL);
  text = selection_pragma (&sel);
  FUZZ_CHECK (wmsp_parse_stream_switch (text, NULL, &again));
  FUZZ_CHECK (wmnet_selection_equal (&sel, &again));
  g_free (text);
}

static void
fuzz_request (const guint8 * data, gsize size)
{
  gchar *text = wmnet_fuzz_strndup (data, size);
  gchar **lines = g_strsplit (text, "\n", -1);
  gchar *pragma = lines[0] && lines[1] ? g_strjoinv (",", lines + 1) : NULL;
  const gchar *names[] = { "xPlayStrm", "xClientGUID", "stream-switch-entry",
    "stream-switch-count", "client-id", ""
  };
  /* streams 1 and 2 (a wmasfmux header's video and audio), and all */
  const guint32 two[4] = { 0x6, 0, 0, 0 };
  const guint32 all[4] = { 0xfffffffe, ~0u, ~0u, ~0u };
  WmspRequestKind kind;
  gchar *play = NULL;
  guint i;

  kind = wmsp_classify_request (lines[0], pragma);
  FUZZ_CHECK (kind <= WMSP_REQUEST_SELECT_STREAM);
  if (kind == WMSP_REQUEST_PLAY) {
    FUZZ_CHECK (wmsp_pragma_get (pragma, "xPlayStrm", &play));
    FUZZ_CHECK (g_str_equal (g_strstrip (play), "1"));
    g_free (play);
  }
  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    gchar *value = NULL;

    if (wmsp_pragma_get (pragma, names[i], &value)) {
      /* one token's value: no separator in it, part of the pragma */
      FUZZ_CHECK (value != NULL && strchr (value, ',') == NULL);
      FUZZ_CHECK (strstr (pragma, value) != NULL);
      g_free (value);
    } else {
      FUZZ_CHECK (value == NULL);
    }
  }
  check_selection (pragma, NULL);
  check_selection (pragma, two);
  check_selection (pragma, all);

  g_free (pragma);
  g_strfreev (lines);
  g_free (text);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  fuzz_chunks (data, size);
  fuzz_request (data, size);
  return 0;
}
