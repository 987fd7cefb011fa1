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

/* Fuzzes what wmhttppush.c reads from a server and what it writes from
 * properties: each line of the input as a Set-Cookie value (a push-id
 * taken is 1 to 255 VCHARs, never "0", and reads back the same from
 * "push-id=ID"), as a Server value, as a template (one taken makes a
 * PushSetup body of exactly two CRLF-ended lines), and the whole input as
 * the payload of each packet type (its framing gives its length). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmhttppush.h"

static void
fuzz_line (const gchar * line)
{
  gchar *id = wmhttp_cookie_push_id (line);

  if (id) {
    gsize n = strlen (id);
    gchar *cookie = g_strconcat ("push-id=", id, NULL);
    gchar *again = wmhttp_cookie_push_id (cookie);
    gsize i;

    FUZZ_CHECK (n >= 1 && n <= WMHTTP_MAX_PUSH_ID);
    FUZZ_CHECK (strcmp (id, "0") != 0);
    for (i = 0; i < n; i++)
      FUZZ_CHECK (id[i] > 0x20 && id[i] < 0x7f);
    /* an id with ';' or ',' cannot be taken whole */
    FUZZ_CHECK (strpbrk (id, ";,") != NULL || g_strcmp0 (again, id) == 0);
    g_free (again);
    g_free (cookie);
    g_free (id);
  }
  (void) wmhttp_server_ok (line);
  (void) wmhttp_user_agent_ok (line);
  if (wmhttp_template_ok (line)) {
    gchar *body = wmhttp_setup_body (line, TRUE);
    gchar **lines = g_strsplit (body, "\r\n", -1);

    FUZZ_CHECK (g_strv_length (lines) == 3 && lines[2][0] == '\0');
    FUZZ_CHECK (strchr (lines[0], '\n') == NULL);
    g_strfreev (lines);
    g_free (body);
  }
}

static void
check_frame (GByteArray * b, gchar id, gsize len)
{
  FUZZ_CHECK (b->len == len + WMHTTP_FRAME_SIZE);
  FUZZ_CHECK (b->data[0] == '$' && b->data[1] == id);
  FUZZ_CHECK ((gsize) (b->data[2] | b->data[3] << 8) == len);
  g_byte_array_set_size (b, 0);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  gchar **lines = wmnet_fuzz_lines (data, size, 64);
  GByteArray *b = g_byte_array_new ();
  guint i;

  for (i = 0; lines[i]; i++)
    fuzz_line (lines[i]);
  if (wmhttp_append_header (b, data, size, FALSE))
    check_frame (b, 'H', size);
  else
    FUZZ_CHECK (b->len == 0 && (size == 0 || size > WMHTTP_MAX_HEADER));
  if (wmhttp_append_header (b, data, size, TRUE))
    check_frame (b, 'C', size + 4);
  if (wmhttp_append_data (b, data, size))
    check_frame (b, 'D', size);
  else
    FUZZ_CHECK (b->len == 0 && (size == 0 || size > WMHTTP_MAX_PACKET));
  g_byte_array_unref (b);
  g_strfreev (lines);
  return 0;
}
