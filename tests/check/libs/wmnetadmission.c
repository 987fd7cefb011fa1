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

/* Admission (wmnetadmission, docs/design.md D68). Its points one by one,
 * without a server: each refusal's status, reason, Retry-After and what
 * the caller must do, and the order of the checks (the first that refuses
 * wins). Then the server's admission without an element, so that
 * valgrind sees it: the client's address behind a trusted proxy, Basic
 * and Digest through libsoup's auth domains, the rate limit and the
 * per-address count, each refusal's message. Clients are raw loopback
 * sockets; no codec. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetadmission.h"
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

/* ------------------------------------------------------------------------ */
/* the points, without a server */

#define DENIED "192.0.2.1"      /* in the exclude list */
#define OK "198.51.100.1"       /* admitted */
#define OK2 "198.51.100.2"      /* admitted, an address group of its own */

typedef struct
{
  WmnetAdmission *adm;
  WmnetAccessList *access, *trusted;
  WmnetAuth *auth;
  WmnetLimits *limits;
  gboolean full;                /* what max-clients says */
  GInetAddress *denied, *ok, *ok2;
} Points;

/* each test's, from points_setup to points_teardown */
static Points p;

static gboolean
points_full (gpointer user_data)
{
  return ((Points *) user_data)->full;
}

static void
points_setup (void)
{
  const gchar *exclude[] = { "192.0.2.0/24", NULL };
  const gchar *proxies[] = { "127.0.0.2", NULL };

  memset (&p, 0, sizeof (p));
  p.adm = wmnet_admission_new ();
  p.access = wmnet_access_list_new ();
  fail_unless (wmnet_access_list_set (p.access, WMNET_ACCESS_TYPE_EXCLUDE,
          exclude, NULL));
  p.trusted = wmnet_access_list_new ();
  fail_unless (wmnet_access_list_set (p.trusted, WMNET_ACCESS_TYPE_INCLUDE,
          proxies, NULL));
  p.auth = wmnet_auth_new ();
  p.limits = wmnet_limits_new ();
  wmnet_admission_set_access (p.adm, p.access);
  wmnet_admission_set_policy (p.adm, p.trusted, p.auth, p.limits);
  wmnet_admission_set_max_clients (p.adm, points_full, &p);
  p.denied = g_inet_address_new_from_string (DENIED);
  p.ok = g_inet_address_new_from_string (OK);
  p.ok2 = g_inet_address_new_from_string (OK2);
}

static void
points_teardown (void)
{
  wmnet_admission_free (p.adm);
  wmnet_access_list_free (p.access);
  wmnet_access_list_free (p.trusted);
  wmnet_auth_free (p.auth);
  wmnet_limits_free (p.limits);
  g_object_unref (p.denied);
  g_object_unref (p.ok);
  g_object_unref (p.ok2);
}

/* A list refused whole: closed (D50). */
static void
close_list (WmnetAccessList * list, WmnetAccessType type)
{
  const gchar *bad[] = { "not-an-address", NULL };
  GError *error = NULL;

  fail_if (wmnet_access_list_set (list, type, bad, &error));
  g_clear_error (&error);
}

/* A GET from @inet with no body. */
static WmnetAdmissionHead
get_head (GInetAddress * inet)
{
  WmnetAdmissionHead h = { 0 };

  h.inet = inet;
  h.method = WMNET_ADMISSION_GET;
  h.now = g_get_monotonic_time ();
  return h;
}

static void
assert_refused (const WmnetAdmissionVerdict * v, guint status,
    const gchar * reason, guint retry_after)
{
  fail_unless_equals_int (v->action, WMNET_ADMISSION_REFUSE);
  fail_unless_equals_int (v->status, status);
  fail_unless_equals_string (v->reason, reason);
  fail_unless_equals_int (v->retry_after, retry_after);
  fail_unless (v->why != NULL);
}

/* @h refused: @status, @reason, @retry_after; dropped unread or not
 * (@drop; -1: either) */
static void
head_refused (const WmnetAdmissionHead * h, guint status,
    const gchar * reason, guint retry_after, gint drop)
{
  WmnetAdmissionVerdict v;

  wmnet_admission_check_head (p.adm, h, &v);
  assert_refused (&v, status, reason, retry_after);
  if (drop != -1)
    fail_unless_equals_int (v.drop, drop);
}

GST_START_TEST (test_connect)
{
  WmnetAdmissionConnect c = { 0 };
  WmnetAdmissionVerdict v;

  c.fd = 100;
  wmnet_admission_check_connect (NULL, &c, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  c.fd_limit = 1024;
  c.fd = 1024 - 33;
  wmnet_admission_check_connect (NULL, &c, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  /* 32 descriptors kept free below RLIMIT_NOFILE */
  c.fd = 1024 - 32;
  wmnet_admission_check_connect (NULL, &c, &v);
  assert_refused (&v, 503, NULL, 0);
  fail_unless (v.drop);
}

GST_END_TEST;

/* Every refusal of the head point, and what it admits. */
GST_START_TEST (test_head)
{
  WmnetAdmissionHead h;
  WmnetAdmissionVerdict v;

  /* no peer address: 400, read no body */
  h = get_head (NULL);
  head_refused (&h, 400, NULL, 0, FALSE);
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 400, NULL, 0, TRUE);
  /* the head screen's finding: 400, never read on */
  h = get_head (p.ok);
  h.problem = "two Content-Length";
  head_refused (&h, 400, NULL, 0, TRUE);
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless_equals_string (v.why, "two Content-Length");
  /* the access lists */
  h = get_head (p.denied);
  head_refused (&h, 403, "access-denied", 0, FALSE);
  /* forwarded while trusted-proxies is refused: who it is is unknown */
  close_list (p.trusted, WMNET_ACCESS_TYPE_INCLUDE);
  h = get_head (p.ok);
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_CREDENTIALS);
  h.forwarded = TRUE;
  head_refused (&h, 403, "access-config", 0, -1);
  /* a refused access list refuses everyone */
  close_list (p.access, WMNET_ACCESS_TYPE_INCLUDE);
  h = get_head (p.ok);
  head_refused (&h, 403, "access-config", 0, -1);
  points_teardown ();

  points_setup ();
  /* methods and bodies */
  h = get_head (p.ok);
  h.method = WMNET_ADMISSION_OTHER;
  head_refused (&h, 405, NULL, 0, FALSE);
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless (v.allow);
  h = get_head (p.ok);
  h.body = WMNET_ADMISSION_BODY_LENGTH;
  h.length = 10;
  head_refused (&h, 400, NULL, 0, TRUE);
  /* Content-Length: -1 is a body too */
  h.method = WMNET_ADMISSION_SELECT_STREAM;
  h.length = -1;
  head_refused (&h, 400, NULL, 0, TRUE);
  h.method = WMNET_ADMISSION_HEAD;
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 400, NULL, 0, -1);
  /* Content-Length: 0 is none: the credentials decide */
  h.body = WMNET_ADMISSION_BODY_LENGTH;
  h.length = 0;
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_CREDENTIALS);
  fail_if (v.drop);
  fail_if (v.read_body);
  /* log reports: a length, within the bound; credentials only if it
   * carries some */
  h = get_head (p.ok);
  h.method = WMNET_ADMISSION_LOG_REPORT;
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 411, NULL, 0, TRUE);
  h.body = WMNET_ADMISSION_BODY_NONE;
  head_refused (&h, 411, NULL, 0, -1);
  h.body = WMNET_ADMISSION_BODY_LENGTH;
  h.length = 64 * 1024 + 1;
  head_refused (&h, 413, NULL, 0, TRUE);
  h.length = -1;
  head_refused (&h, 413, NULL, 0, -1);
  h.length = 64 * 1024;
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  fail_unless (v.read_body);
  h.credentials = TRUE;
  wmnet_admission_check_head (p.adm, &h, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_CREDENTIALS);
  fail_unless (v.read_body);
  /* a refusal of its credentials reads no body */
  fail_unless (v.drop);
}

GST_END_TEST;

/* max-connection-rate (a bucket of 5; the sixth waits a second), and the
 * first check that refuses wins: the head screen, the access lists, the
 * rate, then the request's form. */
GST_START_TEST (test_head_order)
{
  WmnetAdmissionHead h;
  WmnetAdmissionVerdict v;
  guint i;

  wmnet_limits_set_rate (p.limits, 1.0);
  h = get_head (p.ok);
  for (i = 0; i < 5; i++) {
    wmnet_admission_check_head (p.adm, &h, &v);
    fail_unless_equals_int (v.action, WMNET_ADMISSION_CREDENTIALS);
  }
  head_refused (&h, 503, "rate-limited", 1, FALSE);
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 503, "rate-limited", 1, TRUE);
  /* over the rate, a bad method or body is not looked at */
  h = get_head (p.ok);
  h.method = WMNET_ADMISSION_OTHER;
  head_refused (&h, 503, "rate-limited", 1, -1);
  h.method = WMNET_ADMISSION_LOG_REPORT;
  head_refused (&h, 503, "rate-limited", 1, -1);
  /* another address has its own bucket: the method before the body */
  h = get_head (p.ok2);
  h.method = WMNET_ADMISSION_OTHER;
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 405, NULL, 0, -1);
  /* a denied address uses up no token: told it is denied, every time */
  h = get_head (p.denied);
  h.problem = "bad head";
  head_refused (&h, 400, NULL, 0, -1);
  h.problem = NULL;
  /* a path no point serves: 404 not-found before the access lists (the
   * port's listener says the same to anyone), a body left unread */
  h.not_found = TRUE;
  head_refused (&h, 404, "not-found", 0, FALSE);
  h.body = WMNET_ADMISSION_BODY_OTHER;
  head_refused (&h, 404, "not-found", 0, TRUE);
  h.body = WMNET_ADMISSION_BODY_NONE;
  h.not_found = FALSE;
  for (i = 0; i < 10; i++) {
    wmnet_admission_check_head (p.adm, &h, &v);
    assert_refused (&v, 403, "access-denied", 0);
  }
  /* 2 address groups hold tokens; the denied one none */
  fail_unless_equals_int (wmnet_limits_size (p.limits), 2);
  /* a denied address behind a refused trusted-proxies value: access-config
   * (who it is cannot be told) */
  close_list (p.trusted, WMNET_ACCESS_TYPE_INCLUDE);
  h = get_head (p.denied);
  h.forwarded = TRUE;
  head_refused (&h, 403, "access-config", 0, -1);
}

GST_END_TEST;

GST_START_TEST (test_credentials)
{
  WmnetAdmissionVerdict v;

  wmnet_admission_check_credentials (p.adm, WMNET_ADMISSION_AUTH_OK, TRUE, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  wmnet_admission_check_credentials (p.adm, WMNET_ADMISSION_AUTH_PENDING,
      TRUE, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  wmnet_admission_check_credentials (p.adm, WMNET_ADMISSION_AUTH_REFUSED,
      FALSE, &v);
  assert_refused (&v, 401, "unauthorized", 0);
  fail_unless (v.challenge);
  fail_if (v.drop);
  wmnet_admission_check_credentials (p.adm, WMNET_ADMISSION_AUTH_REFUSED,
      TRUE, &v);
  fail_unless (v.drop);
  wmnet_admission_check_credentials (p.adm, WMNET_ADMISSION_AUTH_BUSY, FALSE,
      &v);
  assert_refused (&v, 503, "auth-busy", 2);
  fail_if (v.challenge);
}

GST_END_TEST;

/* @v admits, with a slot held or not, and @inet's group holds @count. */
static void
assert_admitted (const WmnetAdmissionVerdict * v, gboolean slot,
    GInetAddress * inet, guint count)
{
  fail_unless_equals_int (v->action, WMNET_ADMISSION_ADMIT);
  fail_unless_equals_int (v->slot, slot);
  fail_unless_equals_int (wmnet_limits_count (p.limits, inet), count);
}

static WmnetAdmissionPlay
play_of (GInetAddress * inet)
{
  WmnetAdmissionPlay play = { 0 };

  play.inet = inet;
  play.now = g_get_monotonic_time ();
  return play;
}

/* The play point: a hijack, a bad selection, max-clients, the per-address
 * slot, in that order; describes and HEADs count for nothing. */
GST_START_TEST (test_play)
{
  WmnetAdmissionPlay play;
  WmnetAdmissionVerdict v;

  wmnet_limits_set_max_per_address (p.limits, 1);
  play = play_of (p.ok);
  play.session_streaming = TRUE;
  play.bad_selection = TRUE;
  p.full = TRUE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_refused (&v, 409, NULL, 0);
  fail_unless_equals_int (v.session, WMNET_ADMISSION_SESSION_ECHO);
  play.session_streaming = FALSE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_refused (&v, 400, NULL, 0);
  fail_unless_equals_int (v.session, WMNET_ADMISSION_SESSION_NONE);
  play.bad_selection = FALSE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_refused (&v, 503, "max-clients", 0);
  fail_unless_equals_int (v.session, WMNET_ADMISSION_SESSION_GIVE);
  fail_if (v.slot);
  /* refused for max-clients: no slot taken; describes and HEADs do not
   * count */
  fail_unless_equals_int (wmnet_limits_count (p.limits, p.ok), 0);
  play.describe = TRUE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_admitted (&v, FALSE, p.ok, 0);
  play.describe = FALSE;
  play.head = TRUE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_admitted (&v, FALSE, p.ok, 0);

  p.full = FALSE;
  play.head = FALSE;
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_admitted (&v, TRUE, p.ok, 1);
  fail_unless_equals_int (v.session, WMNET_ADMISSION_SESSION_GIVE);
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_refused (&v, 503, "max-clients-per-address", 10);
  fail_if (v.slot);
  /* the slot given back: in again */
  wmnet_admission_release_slot (p.adm, p.ok, play.now);
  wmnet_admission_check_play (p.adm, &play, &v);
  assert_admitted (&v, TRUE, p.ok, 1);
}

GST_END_TEST;

/* The start point (the response head is out): the slot kept or taken,
 * then the access lists as they are now; a refusal gives the slot back. */
GST_START_TEST (test_start)
{
  WmnetAdmissionClient c = { 0 };
  WmnetAdmissionVerdict v;

  wmnet_limits_set_max_per_address (p.limits, 1);
  c.inet = c.slot_inet = p.ok;
  c.now = g_get_monotonic_time ();
  wmnet_admission_check_start (p.adm, &c, &v);
  assert_admitted (&v, TRUE, p.ok, 1);
  /* a kept slot is not taken twice */
  c.slot_kept = TRUE;
  wmnet_admission_check_start (p.adm, &c, &v);
  assert_admitted (&v, TRUE, p.ok, 1);
  /* none kept, none free: refused before the lists are asked */
  c.slot_kept = FALSE;
  c.inet = p.denied;
  wmnet_admission_check_start (p.adm, &c, &v);
  assert_refused (&v, 0, "max-clients-per-address", 0);
  fail_if (v.slot);
  fail_unless_equals_int (wmnet_limits_count (p.limits, p.ok), 1);
  /* its address now denied (an edit, or trusted-proxies changed): the
   * slot it holds goes */
  c.slot_kept = TRUE;
  wmnet_admission_check_start (p.adm, &c, &v);
  assert_refused (&v, 0, "access-denied", 0);
  fail_if (v.slot);
  fail_unless_equals_int (wmnet_limits_count (p.limits, p.ok), 0);
  c.slot_kept = FALSE;
  c.slot_inet = p.ok2;
  wmnet_admission_check_start (p.adm, &c, &v);
  assert_refused (&v, 0, "access-denied", 0);
  fail_unless_equals_int (wmnet_limits_count (p.limits, p.ok2), 0);
}

GST_END_TEST;

/* A log report of no session (D54): authorized, then within its bound. */
GST_START_TEST (test_report)
{
  WmnetAdmissionVerdict v;
  gint64 now = g_get_monotonic_time ();
  guint i;

  wmnet_admission_check_report (p.adm, NULL, TRUE, now, &v);
  assert_refused (&v, 400, NULL, 0);
  wmnet_auth_set_mode (p.auth, WMNET_AUTH_BASIC);
  /* unauthorized ones use up nothing of the bound */
  for (i = 0; i < 10; i++) {
    wmnet_admission_check_report (p.adm, p.ok, FALSE, now, &v);
    assert_refused (&v, 401, "unauthorized", 0);
    fail_unless (v.challenge);
  }
  for (i = 0; i < 5; i++) {
    wmnet_admission_check_report (p.adm, p.ok, TRUE, now, &v);
    fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  }
  wmnet_admission_check_report (p.adm, p.ok, TRUE, now, &v);
  assert_refused (&v, 429, "log-reports", 12);
  /* without auth, none needs credentials */
  wmnet_auth_set_mode (p.auth, WMNET_AUTH_NONE);
  wmnet_admission_check_report (p.adm, p.ok2, FALSE, now, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
}

GST_END_TEST;

/* Each client again after an edit: the access lists and trusted-proxies
 * as they are now. */
GST_START_TEST (test_recheck)
{
  WmnetAdmissionClient c = { 0 };
  WmnetAdmissionVerdict v;

  c.inet = p.ok;
  wmnet_admission_recheck_client (p.adm, &c, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  c.forwarded = TRUE;
  wmnet_admission_recheck_client (p.adm, &c, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  c.inet = p.denied;
  c.forwarded = FALSE;
  wmnet_admission_recheck_client (p.adm, &c, &v);
  assert_refused (&v, 0, "access-denied", 0);
  close_list (p.trusted, WMNET_ACCESS_TYPE_INCLUDE);
  c.forwarded = TRUE;
  wmnet_admission_recheck_client (p.adm, &c, &v);
  assert_refused (&v, 0, "access-config", 0);
  c.inet = p.ok;
  c.forwarded = FALSE;
  wmnet_admission_recheck_client (p.adm, &c, &v);
  fail_unless_equals_int (v.action, WMNET_ADMISSION_ADMIT);
  close_list (p.access, WMNET_ACCESS_TYPE_EXCLUDE);
  wmnet_admission_recheck_client (p.adm, &c, &v);
  assert_refused (&v, 0, "access-config", 0);
}

GST_END_TEST;

/* The trusted proxies, for wmnetforwarded: only the include list's. */
GST_START_TEST (test_trusted_proxy)
{
  GInetAddress *proxy = g_inet_address_new_from_string ("127.0.0.2");

  fail_unless (wmnet_admission_is_trusted_proxy (p.adm, proxy));
  fail_if (wmnet_admission_is_trusted_proxy (p.adm, p.ok));
  close_list (p.trusted, WMNET_ACCESS_TYPE_INCLUDE);
  fail_if (wmnet_admission_is_trusted_proxy (p.adm, proxy));
  wmnet_admission_set_policy (p.adm, NULL, NULL, NULL);
  fail_if (wmnet_admission_is_trusted_proxy (p.adm, proxy));
  g_object_unref (proxy);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* the server's admission */

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
  TCase *points = tcase_create ("points");
  TCase *tc = tcase_create ("admission");

  suite_add_tcase (s, points);
  tcase_add_checked_fixture (points, points_setup, points_teardown);
  tcase_add_test (points, test_connect);
  tcase_add_test (points, test_head);
  tcase_add_test (points, test_head_order);
  tcase_add_test (points, test_credentials);
  tcase_add_test (points, test_play);
  tcase_add_test (points, test_start);
  tcase_add_test (points, test_report);
  tcase_add_test (points, test_recheck);
  tcase_add_test (points, test_trusted_proxy);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_basic);
  tcase_add_test (tc, test_digest);
  tcase_add_test (tc, test_forwarded_and_limits);
  return s;
}

GST_CHECK_MAIN (wmnetadmission);
