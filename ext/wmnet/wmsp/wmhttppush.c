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

#include "wmhttppush.h"

gboolean
wmhttp_template_ok (const gchar * path)
{
  const gchar *p;

  if (path == NULL || path[0] != '/')
    return FALSE;
  for (p = path; *p; p++)
    if (*p < 0x21 || *p > 0x7e || *p == '"')
      return FALSE;
  return TRUE;
}

gchar *
wmhttp_setup_body (const gchar * template_path, gboolean auto_destroy)
{
  GString *s = g_string_new (NULL);

  if (template_path)
    g_string_append_printf (s, "Template-URL: \"%s\"\r\n", template_path);
  /* AutoDestroy SHOULD come with a Template-URL even when 0 (3.1.4.1.1) */
  if (template_path || auto_destroy)
    g_string_append_printf (s, "AutoDestroy: %d\r\n", auto_destroy ? 1 : 0);
  return g_string_free (s, FALSE);
}

gboolean
wmhttp_user_agent_ok (const gchar * ua)
{
  static const gchar *const versions[] = { "9.0", "10.0", "11.0", "12.0" };
  guint i;

  /* a quoted ABNF string is matched in any case (RFC 4234 2.3) */
  if (ua == NULL || g_ascii_strncasecmp (ua, "WMEncoder/", 10) != 0)
    return FALSE;
  ua += strlen ("WMEncoder/");
  for (i = 0; i < G_N_ELEMENTS (versions); i++) {
    gsize n = strlen (versions[i]);

    if (strncmp (ua, versions[i], n) == 0 && (ua[n] == '\0' || ua[n] == ' '
            || ua[n] == '.'))
      return TRUE;
  }
  return FALSE;
}

gchar *
wmhttp_request_head (WmhttpRequest kind, const gchar * path_query,
    const gchar * host, const gchar * user_agent, const gchar * push_id,
    const gchar * authorization, guint64 content_length)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "POST %s HTTP/1.1\r\n", path_query);
  g_string_append_printf (s, "Host: %s\r\n", host);
  g_string_append_printf (s, "User-Agent: %s\r\n", user_agent);
  g_string_append_printf (s, "Content-Type: %s\r\n",
      kind == WMHTTP_PUSH_SETUP ? WMHTTP_CONTENT_TYPE_SETUP :
      WMHTTP_CONTENT_TYPE_START);
  g_string_append_printf (s, "Content-Length: %" G_GUINT64_FORMAT "\r\n",
      content_length);
  g_string_append_printf (s, "Cookie: push-id=%s\r\n", push_id);
  g_string_append (s, "X-Accept-Authentication: Digest, Basic\r\n");
  g_string_append (s, "Cache-Control: no-cache\r\n");
  g_string_append (s, "Connection: keep-alive\r\n");
  if (authorization)
    g_string_append_printf (s, "Authorization: %s\r\n", authorization);
  g_string_append (s, "\r\n");
  return g_string_free (s, FALSE);
}

static void
append_frame (GByteArray * out, guint8 id, guint16 length)
{
  guint8 frame[WMHTTP_FRAME_SIZE] = { '$', id, length & 0xff, length >> 8 };

  g_byte_array_append (out, frame, sizeof (frame));
}

static void
append_reason (GByteArray * out, guint32 reason)
{
  guint32 le = GUINT32_TO_LE (reason);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

gboolean
wmhttp_append_header (GByteArray * out, const guint8 * header, gsize len,
    gboolean change)
{
  if (len == 0 || len > WMHTTP_MAX_HEADER)
    return FALSE;
  if (change) {
    append_frame (out, 'C', len + 4);
    append_reason (out, 0);
  } else {
    append_frame (out, 'H', len);
  }
  g_byte_array_append (out, header, len);
  return TRUE;
}

gboolean
wmhttp_append_data (GByteArray * out, const guint8 * packet, gsize len)
{
  if (len == 0 || len > WMHTTP_MAX_PACKET)
    return FALSE;
  append_frame (out, 'D', len);
  g_byte_array_append (out, packet, len);
  return TRUE;
}

void
wmhttp_append_end (GByteArray * out, guint32 reason)
{
  append_frame (out, 'E', 4);
  append_reason (out, reason);
}

void
wmhttp_body_start (WmhttpBody * body, guint64 length)
{
  body->length = body->remaining = length;
}

gboolean
wmhttp_body_complete (const WmhttpBody * body)
{
  return body->remaining == 0;
}

/* $F packets of @n bytes in all (@n 0 or at least WMHTTP_FRAME_SIZE): each
 * at most WMHTTP_MAX_FILLER, none leaving less than a framing behind. */
static void
append_filler (GByteArray * out, guint64 n)
{
  while (n > 0) {
    guint64 take = MIN (n, WMHTTP_MAX_FILLER);
    guint start;

    if (n - take > 0 && n - take < WMHTTP_FRAME_SIZE)
      take = n - WMHTTP_FRAME_SIZE;
    append_frame (out, 'F', take - WMHTTP_FRAME_SIZE);
    start = out->len;
    g_byte_array_set_size (out, start + take - WMHTTP_FRAME_SIZE);
    memset (out->data + start, 0, take - WMHTTP_FRAME_SIZE);
    n -= take;
  }
}

WmhttpBodyResult
wmhttp_body_put (WmhttpBody * body, GByteArray * out, const guint8 * packet,
    gsize len)
{
  if ((guint64) len + WMHTTP_FRAME_SIZE > body->length)
    return WMHTTP_BODY_TOO_BIG;
  if ((guint64) len + WMHTTP_FRAME_SIZE > body->remaining) {
    append_filler (out, body->remaining);
    body->remaining = 0;
    return WMHTTP_BODY_FILLED;
  }
  g_byte_array_append (out, packet, len);
  body->remaining -= len;
  return WMHTTP_BODY_PUT;
}

gchar *
wmhttp_cookie_push_id (const gchar * set_cookie)
{
  const gchar *p = set_cookie;

  while (p && *p) {
    gsize n;

    p += strspn (p, " \t;,");
    n = strcspn (p, ";,");
    if (n > 8 && g_ascii_strncasecmp (p, "push-id=", 8) == 0) {
      const gchar *v = p + 8, *end = p + n;
      const gchar *q;

      while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
      if (end == v || end - v > WMHTTP_MAX_PUSH_ID || (end - v == 1
              && v[0] == '0'))
        return NULL;
      for (q = v; q < end; q++)
        if (*q < 0x21 || *q > 0x7e)
          return NULL;
      return g_strndup (v, end - v);
    }
    p += n;
  }
  return NULL;
}

gboolean
wmhttp_server_ok (const gchar * server)
{
  return server && (g_str_has_prefix (server, "Cougar/")
      || g_str_has_prefix (server, "Rex/"));
}
