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

/* Fuzzes the request-head screen (wmnetheadscreen.c) as libsoup drives it:
 * the input is a connection's first bytes. Checks that the bytes that pass
 * and the verdict do not depend on how the bytes arrive or are read, that
 * a head with no Expect line passes byte for byte, and that no Expect
 * header line passes in a head screened clean. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmnetheadscreen.h"
#include "wmnettestscreen.h"

/* the harness, checked: no read ends in an error */
static void
screen_read (const guint8 * data, gsize size, gsize step, gsize count,
    WmnetTestScreened * res)
{
  wmnet_test_screen_read (data, size, step, count, res);
  FUZZ_CHECK (!res->read_failed);
}

static gboolean
has_expect (const guint8 * data, gsize size)
{
  gsize i;

  for (i = 0; i + 6 <= size; i++)
    if (g_ascii_strncasecmp ((const gchar *) data + i, "expect", 6) == 0)
      return TRUE;
  return FALSE;
}

/* The header lines of the head at the start of @out (after the lines of
 * CRs libsoup skips before the request line, and the request line, up to
 * the empty line) name no Expect. A line cut short by the end of the input
 * is not looked at: the screen passes it on as it is, and libsoup refuses
 * the head. */
static void
check_no_expect_line (const GByteArray * out)
{
  const gchar *p = (const gchar *) out->data, *end = p + out->len;
  gboolean request_line = FALSE;

  while (p < end) {
    const gchar *nl = memchr (p, '\n', end - p);
    gsize len;

    if (nl == NULL)
      return;
    len = nl - p;
    if (!request_line) {
      request_line = strspn (p, "\r") < len;
    } else if (len == 0 || (len == 1 && p[0] == '\r')) {
      return;
    } else {
      FUZZ_CHECK (!(len >= 7 && g_ascii_strncasecmp (p, "expect:", 7) == 0));
    }
    p = nl + 1;
  }
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  WmnetTestScreened a, b, c;
  gsize step;

  if (size < 1)
    return 0;
  /* the first byte picks how the bytes arrive in the third run */
  step = data[0] % 16 + 1;
  data++;
  size--;

  screen_read (data, size, 0, 8192, &a);
  screen_read (data, size, 1, 1, &b);
  screen_read (data, size, step, 7, &c);

  FUZZ_CHECK (a.out->len == b.out->len && a.out->len == c.out->len);
  FUZZ_CHECK (a.out->len == 0
      || memcmp (a.out->data, b.out->data, a.out->len) == 0);
  FUZZ_CHECK (a.out->len == 0
      || memcmp (a.out->data, c.out->data, a.out->len) == 0);
  FUZZ_CHECK (g_strcmp0 (a.problem, b.problem) == 0);
  FUZZ_CHECK (g_strcmp0 (a.problem, c.problem) == 0);
  FUZZ_CHECK (a.done == b.done && a.done == c.done);
  /* only Expect lines are taken out */
  FUZZ_CHECK (a.out->len <= size);
  if (!has_expect (data, size)) {
    FUZZ_CHECK (a.out->len == size);
    FUZZ_CHECK (size == 0 || memcmp (a.out->data, data, size) == 0);
  }
  if (a.problem == NULL && a.done)
    check_no_expect_line (a.out);

  g_byte_array_unref (a.out);
  g_byte_array_unref (b.out);
  g_byte_array_unref (c.out);
  return 0;
}
