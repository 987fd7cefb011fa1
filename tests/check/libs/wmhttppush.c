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
 * each checked against the spec's syntax (2.2.1, 2.2.2, 2.2.3). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmhttppush.h"
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

WMNET_TEST_MAIN (wmhttppush, 0,
    WMNET_TEST (test_setup_body),
    WMNET_TEST (test_request_head),
    WMNET_TEST (test_user_agent),
    WMNET_TEST (test_packets), WMNET_TEST (test_cookie),
    WMNET_TEST (test_server));
