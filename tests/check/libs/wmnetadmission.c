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

/* The server's admission without an element, so that valgrind sees it:
 * the client's address behind a trusted proxy, Basic and Digest through
 * libsoup's auth domains, the rate limit and the per-address count, each
 * refusal's message. Clients are raw loopback sockets; no codec. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetserver.h"
#include "wmnettestevents.h"
#include "wmnettestutils.h"

static GAsyncQueue *events;

typedef struct
{
  WmnetServer *server;
  WmnetAccessList *trusted;
  WmnetAuth *auth;
  WmnetLimits *limits;
  guint port;
} Fixture;

static void
fixture_start (Fixture * f)
{
  GError *error = NULL;
  const gchar *proxies[] = { "127.0.0.2", NULL };

  f->server = wmnet_test_server_new (FALSE, &events);
  f->trusted = wmnet_access_list_new ();
  fail_unless (wmnet_access_list_set (f->trusted, WMNET_ACCESS_TYPE_INCLUDE,
          proxies, NULL));
  f->auth = wmnet_auth_new ();
  f->limits = wmnet_limits_new ();
  wmnet_server_set_admission (f->server, f->trusted, f->auth, f->limits);
  /* clients whose socket the test closed may still count while the server
   * notices: max-clients must not be what refuses them */
  g_object_set (f->server, "resolve-names", FALSE, "max-clients", 100, NULL);
  fail_unless (wmnet_server_start (f->server, "127.0.0.1", 0, &error));
  f->port = wmnet_server_get_port (f->server);
}

static void
fixture_stop (Fixture * f)
{
  wmnet_test_server_free (f->server, events);
  wmnet_access_list_free (f->trusted);
  wmnet_auth_free (f->auth);
  wmnet_limits_free (f->limits);
}

/* The response head on @sock: up to the blank line, EOF or 10 s. */
static gchar *
recv_head (GSocket * sock)
{
  GString *got = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gchar buf[1024], *head;

  while (strstr (got->str, "\r\n\r\n") == NULL) {
    gint64 left = end - g_get_monotonic_time ();
    gssize n;

    if (left <= 0 || !g_socket_condition_timed_wait (sock, G_IO_IN, left,
            NULL, NULL))
      break;
    n = g_socket_receive (sock, buf, sizeof (buf), NULL, NULL);
    if (n <= 0)
      break;
    g_string_append_len (got, buf, n);
  }
  head = g_string_free (got, FALSE);
  if (strstr (head, "\r\n\r\n"))
    *strstr (head, "\r\n\r\n") = '\0';
  return head;
}

/* A plain GET from @from with @headers: the response head; the socket in
 * *@keep when wanted. No header is fed: a streaming client gets its 200
 * and waits. */
static gchar *
get (Fixture * f, const gchar * from, const gchar * headers, GSocket ** keep)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", f->port, from, NULL);
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\nUser-Agent: test\r\n%s"
      "\r\n", headers);
  gchar *head;

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  head = recv_head (sock);
  g_free (req);
  if (keep)
    *keep = sock;
  else
    g_object_unref (sock);
  return head;
}

/* The next message named @name (others skipped). */
static GstStructure *
next (const gchar * name)
{
  GstStructure *s;

  while ((s = g_async_queue_timeout_pop (events, 5 * G_USEC_PER_SEC))) {
    if (gst_structure_has_name (s, name))
      return s;
    gst_structure_free (s);
  }
  fail ("no %s", name);
  return NULL;
}

static void
expect (const gchar * name, const gchar * field, const gchar * value)
{
  GstStructure *s = next (name);

  fail_unless_equals_string (gst_structure_get_string (s, field), value);
  gst_structure_free (s);
}

GST_START_TEST (test_basic)
{
  Fixture f;
  GSocket *sock;
  gchar *head;

  fixture_start (&f);
  wmnet_auth_set_mode (f.auth, WMNET_AUTH_BASIC);
  fail_unless (wmnet_auth_add_user (f.auth, "u", "p", NULL));
  head = get (&f, NULL, "", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  fail_unless (strstr (head, "WWW-Authenticate: Basic") != NULL, "%s", head);
  g_free (head);
  expect ("wmnetsink-client-refused", "reason", "unauthorized");
  /* u:wrong */
  head = get (&f, NULL, "Authorization: Basic dTp3cm9uZw==\r\n", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  g_free (head);
  expect ("wmnetsink-client-refused", "reason", "unauthorized");
  /* u:p */
  head = get (&f, NULL, "Authorization: Basic dTpw\r\n", &sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  expect ("wmnetsink-client-connected", "user", "u");
  g_object_unref (sock);
  fixture_stop (&f);
}

GST_END_TEST;

GST_START_TEST (test_digest)
{
  Fixture f;
  gchar *head;

  fixture_start (&f);
  wmnet_auth_set_mode (f.auth, WMNET_AUTH_DIGEST);
  wmnet_auth_set_realm (f.auth, "r");
  fail_unless (wmnet_auth_add_user (f.auth, "u", "p", NULL));
  head = get (&f, NULL, "", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  fail_unless (strstr (head, "WWW-Authenticate: Digest ") != NULL, "%s", head);
  g_free (head);
  /* a response computed for another password */
  head = get (&f, NULL, "Authorization: Digest username=\"u\", realm=\"r\", "
      "nonce=\"1\", uri=\"/\", response=\"00000000000000000000000000000000\""
      "\r\n", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  g_free (head);
  fixture_stop (&f);
}

GST_END_TEST;

GST_START_TEST (test_forwarded_and_limits)
{
  Fixture f;
  GSocket *a, *b;
  gchar *head;
  guint i;

  fixture_start (&f);
  /* from the trusted proxy: the forwarded client */
  head = get (&f, "127.0.0.2", "X-Forwarded-For: 6.6.6.6, 192.0.2.9\r\n", &a);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  expect ("wmnetsink-client-connected", "address", "192.0.2.9");
  /* from another peer: ignored */
  head = get (&f, "127.0.0.3", "X-Forwarded-For: 192.0.2.9\r\n", &b);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  expect ("wmnetsink-client-connected", "address", "127.0.0.3");

  /* one client per address: 192.0.2.9 holds it */
  wmnet_limits_set_max_per_address (f.limits, 1);
  head = get (&f, "127.0.0.2", "X-Forwarded-For: 192.0.2.9\r\n", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 503"), "%s", head);
  fail_unless (strstr (head, "Retry-After: ") != NULL, "%s", head);
  g_free (head);
  expect ("wmnetsink-client-refused", "reason", "max-clients-per-address");
  g_object_unref (a);
  g_object_unref (b);

  /* the rate: a burst of 5, then 503 */
  wmnet_limits_set_max_per_address (f.limits, 0);
  wmnet_limits_set_rate (f.limits, 0.01);
  for (i = 0; i < WMNET_LIMITS_MIN_BURST; i++) {
    head = get (&f, "127.0.0.4", "", NULL);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%u: %s", i, head);
    g_free (head);
  }
  head = get (&f, "127.0.0.4", "", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 503"), "%s", head);
  fail_unless (strstr (head, "Retry-After: ") != NULL, "%s", head);
  g_free (head);
  expect ("wmnetsink-client-refused", "reason", "rate-limited");
  fixture_stop (&f);
}

GST_END_TEST;

static Suite *
wmnetadmission_suite (void)
{
  Suite *s = suite_create ("wmnetadmission");
  TCase *tc = tcase_create ("admission");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_basic);
  tcase_add_test (tc, test_digest);
  tcase_add_test (tc, test_forwarded_and_limits);
  return s;
}

GST_CHECK_MAIN (wmnetadmission);
