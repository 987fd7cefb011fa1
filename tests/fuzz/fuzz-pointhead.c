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

/* Fuzzes what the publishing points' listener reads of a connection's
 * first bytes before libsoup (wmnetpointhead.c): the input is those bytes.
 * Checks the play reader against a second reading written from its
 * contract (the Pragma lines of the head, their values split into tokens),
 * and that no reader changes its answer when more bytes come: a cut head
 * that gave an answer gives the same one whole (a decided path, push or
 * play stays decided), and the path found is one the points could match. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmnetpointhead.h"

static gboolean
is_token_sep (gchar c)
{
  return c == ' ' || c == ',' || c == '\t';
}

/* wmnet_point_request_is_play's contract read another way: the complete
 * header lines after the request line, up to the empty line; a `Pragma:`
 * line's value split at spaces, tabs and commas; a token that is
 * `xPlayStrm=1`, or ends with `:xPlayStrm=1` (a token may follow a colon),
 * case-insensitively. */
static gboolean
reference_is_play (const guint8 * data, gsize size)
{
  static const gchar token[] = "xplaystrm=1";
  const gsize tlen = sizeof (token) - 1;
  gsize i = 0, line = 0;

  while (i < size) {
    gsize s = i, e, j, k;

    while (i < size && data[i] != '\n')
      i++;
    if (i == size)
      return FALSE;             /* a cut line says nothing */
    e = i++;
    if (e > s && data[e - 1] == '\r')
      e--;
    if (line++ == 0)
      continue;                 /* the request line */
    if (e == s)
      return FALSE;             /* the end of the head */
    if (e - s < 7 || g_ascii_strncasecmp ((const gchar *) data + s,
            "pragma:", 7) != 0)
      continue;
    for (j = s + 7; j < e; j = k + 1) {
      for (k = j; k < e && !is_token_sep (data[k]); k++);
      if (k - j >= tlen && g_ascii_strncasecmp ((const gchar *) data + k -
              tlen, token, tlen) == 0 && (k - j == tlen
              || data[k - tlen - 1] == ':'))
        return TRUE;
    }
  }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  const gchar *head, *why;
  gsize cut;
  gboolean push, cut_push, known, cut_known;
  gchar *path = NULL, *cut_path = NULL;
  gboolean has_line, cut_has_line;

  if (size < 1)
    return 0;
  /* the first byte picks where the head is cut for the second reading */
  cut = size > 1 ? data[0] * (size - 1) / 255 : 0;
  data++;
  size--;
  head = (const gchar *) data;

  /* the play reader (D83) */
  FUZZ_CHECK (wmnet_point_request_is_play (head, size) ==
      reference_is_play (data, size));
  if (wmnet_point_request_is_play (head, cut))
    FUZZ_CHECK (wmnet_point_request_is_play (head, size));

  /* the push reader (D71, D73) */
  known = wmnet_point_request_is_push (head, size, &push);
  cut_known = wmnet_point_request_is_push (head, cut, &cut_push);
  FUZZ_CHECK (known || !push);
  if (cut_known)
    FUZZ_CHECK (known && push == cut_push);
  if (push)
    FUZZ_CHECK (size >= 5 && memcmp (head, "POST ", 5) == 0);

  /* the path reader (D69) */
  has_line = wmnet_point_request_path (head, size, &path);
  cut_has_line = wmnet_point_request_path (head, cut, &cut_path);
  FUZZ_CHECK (has_line || path == NULL);
  if (cut_has_line)
    FUZZ_CHECK (has_line && g_strcmp0 (path, cut_path) == 0);
  if (path != NULL) {
    FUZZ_CHECK (path[0] == '/');
    /* a path the points compare with their own: valid or not, said why */
    if (wmnet_point_path_is_valid (path, &why)) {
      FUZZ_CHECK (why == NULL);
      FUZZ_CHECK (strlen (path) <= WMNET_POINT_PATH_MAX);
      FUZZ_CHECK (strstr (path, "//") == NULL);
    } else {
      FUZZ_CHECK (why != NULL);
    }
  }
  g_free (path);
  g_free (cut_path);
  return 0;
}
