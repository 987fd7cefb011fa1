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


/* A pusher written from [MS-WMHTTP] with raw sockets, for wmnetpushsrc's
 * tests: the PushSetup and PushStart requests of 2.2.2 and the body's
 * packets of 2.2.3 ('$', type, u16 LE length, payload), written here from
 * the spec, not by the project's own writer; and waits on the element's
 * messages. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestpush.h"
#include "wmnettestutils.h"

GstStructure *
wmnet_test_push_wait_message (GstBus * bus, const gchar * name)
{
  gint64 end =
      g_get_monotonic_time () + WMNET_TEST_PUSH_WAIT_S * G_TIME_SPAN_SECOND;

  for (;;) {
    gint64 left = end - g_get_monotonic_time ();
    GstMessage *m;

    fail_unless (left > 0, "no %s message", name);
    m = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR);
    fail_unless (m != NULL, "no %s message", name);
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR, "error posted");
    if (gst_message_has_name (m, name)) {
      GstStructure *s = gst_structure_copy (gst_message_get_structure (m));

      gst_message_unref (m);
      return s;
    }
    gst_message_unref (m);
  }
}

void
wmnet_test_push_expect_message (GstBus * bus, const gchar * name,
    const gchar * reason)
{
  GstStructure *s = wmnet_test_push_wait_message (bus, name);

  GST_INFO ("%" GST_PTR_FORMAT, s);
  fail_unless_equals_string (gst_structure_get_string (s, "address"),
      "127.0.0.1");
  if (reason)
    fail_unless_equals_string (gst_structure_get_string (s, "reason"), reason);
  gst_structure_free (s);
}

/* An HTTP answer's head, read to its blank line; "" at end of stream. */
gchar *
wmnet_test_push_read_head (GSocket * sock)
{
  GString *s = g_string_new (NULL);
  gchar c;

  while (!g_str_has_suffix (s->str, "\r\n\r\n")) {
    gssize n = g_socket_receive (sock, &c, 1, NULL, NULL);

    if (n <= 0)
      break;
    g_string_append_c (s, c ? c : ' ');
  }
  GST_INFO ("answer: %s", s->str);
  return g_string_free (s, FALSE);
}

GSocket *
wmnet_test_push_connect (guint port, const gchar * from)
{
  GError *error = NULL;
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, from, &error);

  fail_unless (sock != NULL, "connect: %s", error ? error->message : "");
  g_socket_set_timeout (sock, WMNET_TEST_PUSH_WAIT_S);
  return sock;
}

gchar *wmnet_test_push_authorization;

void
wmnet_test_push_request (GSocket * sock, const gchar * path, const gchar * type,
    const gchar * cookie, guint64 length, const guint8 * body, gsize len)
{
  /* 2.2.2.1 and 2.2.2.2: the required headers, as 4.8's example */
  gchar *head = g_strdup_printf ("POST %s HTTP/1.1\r\n"
      "Content-Type: application/x-wms-%s\r\n"
      "User-Agent: WMEncoder/12.0.7601.17514\r\n"
      "Host: 127.0.0.1\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n"
      "Cache-Control: no-cache\r\n%s%s%s%s%s%s\r\n", path, type, length,
      cookie ? "Cookie: push-id=" : "", cookie ? cookie : "",
      cookie ? "\r\n" : "",
      wmnet_test_push_authorization ? "Authorization: " : "",
      wmnet_test_push_authorization ? wmnet_test_push_authorization : "",
      wmnet_test_push_authorization ? "\r\n" : "");

  fail_unless (wmnet_test_send_all (sock, head, strlen (head)));
  if (len)
    fail_unless (wmnet_test_send_all (sock, (const gchar *) body, len));
  g_free (head);
}

gchar *
wmnet_test_push_header_value (const gchar * head, const gchar * name)
{
  gchar **lines = g_strsplit (head, "\r\n", -1), *v = NULL;
  guint i;

  for (i = 0; lines[i] && v == NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0
        && lines[i][strlen (name)] == ':')
      v = g_strdup (g_strstrip (lines[i] + strlen (name) + 1));
  g_strfreev (lines);
  return v;
}

/* PushSetup for a new session (push-id=0): 204 with a push-id cookie, the
 * Server token and no-cache (3.2.5.1); returns the push-id. */
gchar *
wmnet_test_push_setup (GSocket * sock, const gchar * path)
{
  static const gchar body[] = "AutoDestroy: 0\r\n";
  gchar *head, *v, *id;

  wmnet_test_push_request (sock, path, "pushsetup", "0", strlen (body),
      (const guint8 *) body, strlen (body));
  head = wmnet_test_push_read_head (sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.1 204 "), "%s", head);
  v = wmnet_test_push_header_value (head, "Server");
  fail_unless (v && g_str_has_prefix (v, "Cougar/9."), "Server: %s", v);
  g_free (v);
  v = wmnet_test_push_header_value (head, "Pragma");
  fail_unless (v && strstr (v, "no-cache"), "Pragma: %s", v);
  g_free (v);
  v = wmnet_test_push_header_value (head, "Cache-Control");
  fail_unless_equals_string (v, "no-cache");
  g_free (v);
  v = wmnet_test_push_header_value (head, "Set-Cookie");
  fail_unless (v && g_str_has_prefix (v, "push-id="), "Set-Cookie: %s", v);
  id = g_strdup (v + strlen ("push-id="));
  fail_unless (strlen (id) > 0 && strcmp (id, "0") != 0);
  g_free (v);
  g_free (head);
  return id;
}

void
wmnet_test_push_put (GByteArray * a, guint8 type, const guint8 * payload,
    gsize len)
{
  guint8 f[4] = { '$', type, len & 0xff, len >> 8 };

  g_byte_array_append (a, f, sizeof (f));
  if (len)
    g_byte_array_append (a, payload, len);
}

void
wmnet_test_push_put_end (GByteArray * a, guint32 reason)
{
  guint8 r[4];

  GST_WRITE_UINT32_LE (r, reason);
  wmnet_test_push_put (a, 'E', r, 4);
}
