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

/* Unit tests of the server without an element: its life cycle, and describe
 * requests that come before there is a header to answer them with. Clients
 * are raw loopback sockets; nothing here loads a codec. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetserver.h"
#include "wmnetsouploader.h"
#include "wmnettestutils.h"

#define DESCRIBE "GET / HTTP/1.0\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n\r\n"

static GAsyncQueue *events;

static void
on_structure (gpointer user_data, GstStructure * s)
{
  g_async_queue_push (events, s);
}

static void
on_changed (gpointer user_data)
{
}

static void
on_warning (gpointer user_data, const gchar * text)
{
  g_async_queue_push (events, gst_structure_new ("warning", "text",
          G_TYPE_STRING, text, NULL));
}

static const WmnetServerCallbacks callbacks = {
  on_structure, on_structure, on_structure, on_structure, on_changed,
  on_warning,
};

static WmnetServer *
server_new (void)
{
  GError *error = NULL;

  fail_unless (wmnet_soup_load (&error), "%s", error ? error->message : "");
  events = g_async_queue_new_full ((GDestroyNotify) gst_structure_free);
  return wmnet_server_new (&callbacks, NULL, NULL);
}

static void
server_free (WmnetServer * server)
{
  wmnet_server_stop (server);
  g_object_unref (server);
  g_async_queue_unref (events);
}

static guint
count_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir))
    n++;
  g_dir_close (dir);
  return n;
}

/* A second start used to return from a failed check with its lock held:
 * the next call deadlocked. */
GST_START_TEST (test_start_twice)
{
  WmnetServer *server = server_new ();
  GError *error = NULL;
  gint port;

  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, &error));
  port = wmnet_server_get_port (server);
  fail_unless (port > 0);
  fail_if (wmnet_server_start (server, "127.0.0.1", 0, &error));
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_clear_error (&error);
  /* still the same, still answering calls */
  fail_unless_equals_int (wmnet_server_get_port (server), port);
  wmnet_server_stop (server);
  fail_unless_equals_int (wmnet_server_get_port (server), -1);
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, &error));
  server_free (server);
}

GST_END_TEST;

static GSocket *
describe (guint port)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, DESCRIBE, strlen (DESCRIBE)));
  return sock;
}

static gchar *
status_line (GSocket * sock, guint timeout_ms)
{
  GByteArray *got = wmnet_test_recv (sock, 12, timeout_ms);
  gchar *line = got->len ? g_strndup ((gchar *) got->data, got->len) :
      g_strdup ("");

  g_byte_array_unref (got);
  return line;
}

/* Parked describes are answered when the header comes. */
GST_START_TEST (test_describe_waits_for_header)
{
  WmnetServer *server = server_new ();
  GSocket *socks[3];
  GstBuffer *header = gst_buffer_new_allocate (NULL, 300, NULL);
  guint i, port;

  gst_buffer_memset (header, 0, 0x30, 300);
  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  port = wmnet_server_get_port (server);
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    socks[i] = describe (port);
  g_usleep (300 * G_USEC_PER_SEC / 1000);
  wmnet_server_set_header (server, header);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    GByteArray *got = wmnet_test_recv (socks[i], 100000, 3000);
    gchar *text = g_strndup ((gchar *) got->data, got->len);

    fail_unless (g_str_has_prefix (text, "HTTP/1.0 200 OK"), "%s", text);
    /* the $H framing, then the header, then the end */
    fail_unless (strstr (text, "\r\n\r\n$H") != NULL);
    fail_unless_equals_int (got->len - (strstr (text, "\r\n\r\n") - text) - 4,
        12 + 300);
    g_free (text);
    g_byte_array_unref (got);
    g_object_unref (socks[i]);
  }
  gst_buffer_unref (header);
  server_free (server);
}

GST_END_TEST;

/* Without a header they get 503 after 5 s instead of a descriptor held until
 * PLAYING; past 64 waiting, at once; and a client that goes away frees its
 * descriptor at once. */
GST_START_TEST (test_describe_without_header)
{
  WmnetServer *server = server_new ();
  GSocket *socks[70];
  gboolean answered[70];
  guint i, port, fds, early = 0;
  gint64 start;
  gchar *line;

  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, NULL));
  port = wmnet_server_get_port (server);
  g_usleep (G_USEC_PER_SEC / 10);
  fds = count_fds ();

  /* clients that leave: nothing stays behind */
  for (i = 0; i < 20; i++)
    socks[i] = describe (port);
  g_usleep (300 * G_USEC_PER_SEC / 1000);
  fail_unless (count_fds () >= fds + 40);
  for (i = 0; i < 20; i++)
    g_object_unref (socks[i]);
  start = g_get_monotonic_time ();
  while (count_fds () > fds && g_get_monotonic_time () - start < 2000000)
    g_usleep (20000);
  fail_unless (count_fds () <= fds, "%u descriptors open, %u before",
      count_fds (), fds);

  /* 70 at once: 6 over the bound are refused now, the rest after 5 s */
  start = g_get_monotonic_time ();
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    socks[i] = describe (port);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    line = status_line (socks[i], 50);
    answered[i] = line[0] != '\0';
    if (g_str_has_prefix (line, "HTTP/1.0 503"))
      early++;
    else
      fail_unless (line[0] == '\0', "%s", line);
    g_free (line);
  }
  fail_unless (early >= 6 && early < 20, "%u refused at once", early);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    if (answered[i])
      continue;
    line = status_line (socks[i], 8000);
    fail_unless (g_str_has_prefix (line, "HTTP/1.0 503"), "'%s'", line);
    g_free (line);
  }
  fail_unless (g_get_monotonic_time () - start < 9 * G_USEC_PER_SEC);
  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    /* every one got its whole answer and the end of the connection (the
     * read returns at the end, long before its time bound) */
    gint64 t = g_get_monotonic_time ();
    GByteArray *rest = wmnet_test_recv (socks[i], 100000, 3000);

    fail_unless (g_get_monotonic_time () - t < 2 * G_USEC_PER_SEC);
    fail_unless (rest->len >= 4 && memcmp (rest->data + rest->len - 4,
            "\r\n\r\n", 4) == 0);
    g_byte_array_unref (rest);
    g_object_unref (socks[i]);
  }
  server_free (server);
}

GST_END_TEST;

static Suite *
wmnetserver_suite (void)
{
  Suite *s = suite_create ("wmnetserver");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_start_twice);
  tcase_add_test (tc, test_describe_waits_for_header);
  tcase_add_test (tc, test_describe_without_header);
  return s;
}

GST_CHECK_MAIN (wmnetserver);
