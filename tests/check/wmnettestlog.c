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

/* Helpers of the access log tests: a W3C Extended Log File Format reader
 * (fields named by #Fields) and a crafted Windows Media Player session over
 * raw sockets (describe, play to the end, LogStats POST). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnettestlog.h"
#include "wmnettestutils.h"
#include "wmnetlogreport.h"

/* ---- a W3C Extended Log File Format reader ----------------------------- */

void
wmnet_test_w3c_free (WmnetW3cLog * log)
{
  g_strfreev (log->fields);
  g_ptr_array_unref (log->lines);
  g_free (log);
}

/* A line break to a reader (Python's str.splitlines(), Unicode's
 * mandatory breaks): the ASCII ones and NEL, LINE and PARAGRAPH
 * SEPARATOR. */
static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == '\v' || c == '\f'
      || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* @text with every line break a "\n"; fails on any other whitespace but
 * ' ' (a field break to a reader that splits on whitespace). */
static gchar *
normalize_breaks (const gchar * text)
{
  GString *s = g_string_new (NULL);
  const gchar *p;

  fail_unless (g_utf8_validate (text, -1, NULL), "the log is not UTF-8");
  for (p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (is_line_break (c)) {
      g_string_append_c (s, '\n');
      continue;
    }
    fail_if (c != ' ' && (g_unichar_isspace (c) || g_unichar_iscntrl (c)),
        "U+%04X in the log", c);
    g_string_append_len (s, p, g_utf8_next_char (p) - p);
  }
  return g_string_free (s, FALSE);
}

WmnetW3cLog *
wmnet_test_w3c_parse (const gchar * text)
{
  WmnetW3cLog *log = g_new0 (WmnetW3cLog, 1);
  gchar *normal = normalize_breaks (text);
  gchar **lines = g_strsplit (normal, "\n", -1);
  guint i, j;

  g_free (normal);

  log->lines = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_hash_table_unref);
  for (i = 0; lines[i]; i++) {
    gchar **v;
    GHashTable *h;

    if (lines[i][0] == '\0')
      continue;
    if (lines[i][0] == '#') {
      log->directives++;
      if (g_str_has_prefix (lines[i], "#Fields: ")) {
        g_strfreev (log->fields);
        log->fields = g_strsplit (lines[i] + strlen ("#Fields: "), " ", -1);
      }
      continue;
    }
    fail_unless (log->fields != NULL, "a line before #Fields: %s", lines[i]);
    v = g_strsplit (lines[i], " ", -1);
    fail_unless_equals_int (g_strv_length (v), g_strv_length (log->fields));
    h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (j = 0; v[j]; j++)
      g_hash_table_insert (h, g_strdup (log->fields[j]), g_strdup (v[j]));
    g_ptr_array_add (log->lines, h);
    g_strfreev (v);
  }
  g_strfreev (lines);
  return log;
}

WmnetW3cLog *
wmnet_test_w3c_read (const gchar * path)
{
  gchar *text = NULL;
  WmnetW3cLog *log;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "no %s", path);
  log = wmnet_test_w3c_parse (text);
  g_free (text);
  return log;
}

/* the line whose @field starts with @prefix; fails unless exactly one */
GHashTable *
wmnet_test_w3c_find (WmnetW3cLog * log, const gchar * field,
    const gchar * prefix)
{
  GHashTable *found = NULL;
  guint i;

  for (i = 0; i < log->lines->len; i++) {
    GHashTable *h = g_ptr_array_index (log->lines, i);
    const gchar *v = g_hash_table_lookup (h, field);

    if (v && g_str_has_prefix (v, prefix)) {
      fail_unless (found == NULL, "two lines with %s %s", field, prefix);
      found = h;
    }
  }
  fail_unless (found != NULL, "no line with %s %s", field, prefix);
  return found;
}

guint64
wmnet_test_w3c_u64 (GHashTable * line, const gchar * field)
{
  const gchar *v = g_hash_table_lookup (line, field);

  fail_unless (v != NULL && g_ascii_isdigit (v[0]), "%s = %s", field, v);
  return g_ascii_strtoull (v, NULL, 10);
}

/* ---- a crafted Windows Media Player session ---------------------------- */

gchar *
wmnet_test_request (guint port, const gchar * head, const gchar * body,
    gsize * got, gsize * head_len, guint timeout_ms)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *arr;
  gchar *text, *end;

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, head, strlen (head)));
  if (body)
    fail_unless (wmnet_test_send_all (sock, body, strlen (body)));
  arr = wmnet_test_recv (sock, G_MAXSIZE, timeout_ms);
  g_object_unref (sock);
  *got = arr->len;
  end = g_strstr_len ((gchar *) arr->data, arr->len, "\r\n\r\n");
  fail_unless (end != NULL, "no response head");
  *head_len = end + 4 - (gchar *) arr->data;
  text = g_strndup ((gchar *) arr->data, *head_len);
  g_byte_array_unref (arr);
  return text;
}

gchar *
wmnet_test_client_id_of (const gchar * head)
{
  const gchar *p = strstr (head, "client-id=");

  fail_unless (p != NULL, "no client-id in %s", head);
  p += strlen ("client-id=");
  return g_strndup (p, strspn (p, "0123456789"));
}

/* Describe, play to the end of the stream, then the log report, as Windows
 * Media Player does over HTTP; @received: the stream bytes it got after the
 * play response head. */
gpointer
wmnet_test_wmp_session (gpointer data)
{
  guint port = GPOINTER_TO_UINT (data);
  gchar *head, *cid, *req;
  gsize got, head_len;
  guint64 *received = g_new0 (guint64, 1);

  req = g_strdup_printf ("GET /live HTTP/1.0\r\nAccept: */*\r\n"
      "User-Agent: " WMNET_TEST_WMP_AGENT "\r\nHost: 127.0.0.1:%u\r\n"
      "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
      "request-context=1,max-duration=0\r\n"
      "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n"
      "Connection: Close\r\n\r\n", port);
  head = wmnet_test_request (port, req, NULL, &got, &head_len, 5000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  cid = wmnet_test_client_id_of (head);
  g_free (head);
  g_free (req);

  req = g_strdup_printf ("GET /live HTTP/1.0\r\nAccept: */*\r\n"
      "User-Agent: " WMNET_TEST_WMP_AGENT "\r\nHost: 127.0.0.1:%u\r\n"
      "Pragma: no-cache,rate=1.000000,stream-time=0,"
      "stream-offset=4294967295:4294967295,request-context=2,"
      "max-duration=0\r\nPragma: xPlayStrm=1\r\n"
      "Pragma: client-id=%s\r\n"
      "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n"
      "Pragma: stream-switch-count=2\r\n"
      "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0\r\n"
      "Connection: Close\r\n\r\n", port, cid);
  head = wmnet_test_request (port, req, NULL, &got, &head_len, 30000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  /* the session keeps the client-id it was given */
  fail_unless (strstr (head, cid) != NULL, "%s", head);
  *received = got - head_len;
  g_free (head);
  g_free (req);

  req = g_strdup_printf ("POST /live HTTP/1.0\r\n"
      "User-Agent: " WMNET_TEST_WMP_AGENT "\r\nHost: 127.0.0.1:%u\r\n"
      "Content-Type: application/x-wms-LogStats\r\n"
      "Pragma: client-id=%s\r\n"
      "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n"
      "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", port, cid,
      strlen (WMNET_TEST_LOG_REPORT));
  head =
      wmnet_test_request (port, req, WMNET_TEST_LOG_REPORT, &got, &head_len,
      5000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  g_free (req);
  g_free (cid);
  return received;
}
