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

#include <string.h>

#include "wmnetpointhead.h"

static gboolean
is_unreserved (gchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

gboolean
wmnet_point_path_is_valid (const gchar * path, const gchar ** why)
{
  const gchar *p, *seg;

  *why = NULL;
  if (path == NULL)
    return TRUE;
  if (path[0] != '/')
    *why = "it must start with '/'";
  else if (strlen (path) > WMNET_POINT_PATH_MAX)
    *why = "it is longer than 255 bytes";
  if (*why || g_str_equal (path, "/"))
    return *why == NULL;
  for (p = seg = path + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      if (p == seg)
        *why = *p ? "it has an empty segment ('//')" :
            "it ends with '/' (write /name, not /name/)";
      else if ((p - seg == 1 && seg[0] == '.')
          || (p - seg == 2 && seg[0] == '.' && seg[1] == '.'))
        *why = "it has a '.' or '..' segment";
      if (*why || *p == '\0')
        break;
      seg = p + 1;
    } else if (!is_unreserved (*p)) {
      *why = "only letters, digits, '-', '.', '_', '~' and '/' may be in it "
          "(no query, fragment, space or percent sign)";
      break;
    }
  }
  return *why == NULL;
}

gboolean
wmnet_point_request_path (const gchar * head, gsize len, gchar ** path)
{
  const gchar *eol = memchr (head, '\n', len);
  gchar *line, *target, *end;

  *path = NULL;
  if (eol == NULL)
    return FALSE;
  line = g_strndup (head, eol - head);
  /* METHOD SP target SP version (RFC 9112 3) */
  target = strchr (line, ' ');
  if (target != NULL) {
    target++;
    target[strcspn (target, " \r")] = '\0';
    if (g_ascii_strncasecmp (target, "http://", 7) == 0)
      target = strchr (target + 7, '/');
    if (target != NULL && target[0] == '/') {
      end = target + strcspn (target, "?#");
      /* an encoded '/' would join segments: it names no point */
      *path = g_uri_unescape_segment (target, end, "/");
    }
  }
  g_free (line);
  return TRUE;
}

WmnetPushType
wmnet_point_push_type (const gchar * value, gsize len)
{
  static const gchar *const types[] = { "application/x-wms-pushsetup",
    "application/x-wms-pushstart"
  };
  gsize n;
  guint i;

  /* RFC 9110 8.3.1: type "/" subtype, then parameters after optional
   * whitespace and ";"; case-insensitive */
  while (len > 0 && (*value == ' ' || *value == '\t')) {
    value++;
    len--;
  }
  for (n = 0; n < len && !strchr ("; \t", value[n]); n++);
  for (i = 0; i < G_N_ELEMENTS (types); i++)
    if (n == strlen (types[i]) && g_ascii_strncasecmp (value, types[i], n) == 0)
      return i == 0 ? WMNET_PUSH_TYPE_SETUP : WMNET_PUSH_TYPE_START;
  return WMNET_PUSH_TYPE_NONE;
}

gboolean
wmnet_point_request_is_push (const gchar * head, gsize len, gboolean * push)
{
  const gchar *end = head + len, *p, *eol, *stop;

  *push = FALSE;
  eol = memchr (head, '\n', len);
  if (eol == NULL)
    return FALSE;
  /* a method is case-sensitive (RFC 9110 9.1) */
  if (eol - head < 5 || memcmp (head, "POST ", 5) != 0)
    return TRUE;
  for (p = eol + 1; p < end; p = eol + 1) {
    eol = memchr (p, '\n', end - p);
    if (eol == NULL)
      break;
    stop = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    if (stop == p)
      return TRUE;              /* the end of the head: no Content-Type */
    if (stop - p >= 13 && g_ascii_strncasecmp (p, "Content-Type:", 13) == 0) {
      *push = wmnet_point_push_type (p + 13, stop - p - 13)
          != WMNET_PUSH_TYPE_NONE;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
wmnet_point_request_is_play (const gchar * head, gsize len)
{
  static const gchar token[] = "xPlayStrm=1";
  const gsize tlen = sizeof (token) - 1;
  const gchar *end = head + len, *p, *eol, *stop, *v;

  eol = memchr (head, '\n', len);
  for (p = eol ? eol + 1 : end; p < end; p = eol + 1) {
    eol = memchr (p, '\n', end - p);
    if (eol == NULL)
      break;
    stop = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    if (stop == p)
      break;                    /* the end of the head */
    if (stop - p < 7 || g_ascii_strncasecmp (p, "Pragma:", 7) != 0)
      continue;
    /* a token of the value: after ":", " " or ","; before ",", " ", the
     * end */
    for (v = p + 7; v + tlen <= stop; v++) {
      if ((v[-1] == ':' || v[-1] == ' ' || v[-1] == ',' || v[-1] == '\t')
          && g_ascii_strncasecmp (v, token, tlen) == 0
          && (v + tlen == stop || v[tlen] == ',' || v[tlen] == ' '
              || v[tlen] == '\t'))
        return TRUE;
    }
  }
  return FALSE;
}
