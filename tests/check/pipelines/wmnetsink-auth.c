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

/* Authentication and trusted proxies end to end (docs/wmnetsink.md,
 * "Securing a broadcast"): FFmpeg (http and mmsh), curl --anyauth and VLC
 * (http and mmsh, as nobody) with right, wrong and no credentials against
 * auth=basic and auth=digest, users from an auth-file and add-user, the
 * refusals (reason unauthorized) and their count, the user in `clients`;
 * forwarding headers from a trusted proxy and from an untrusted peer. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <gst/check/gstcheck.h>

#include "wmnettestutils.h"

#define CLIENT_TIMEOUT 30

/* cheap to encode: a video-only live broadcast */
#define BROADCAST(extra) \
  "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=10/1 ! " \
  "avenc_wmv2 ! queue ! wmnetsink name=s port=0 address=127.0.0.1 " \
  "resolve-names=false " extra

/* alice: SHA-512 crypt "secret" (htpasswd, Basic only); bob: htdigest of
 * "pass2" in realm wmnetsink (Basic and Digest) */
#define USERS \
  "alice:$6$lwLaeiKRrV5kyN/e$GOrOnSfHwarJJS/QeFzB3eUBz5qSTfN3xysZvLrnatevwg/" \
  "8t5XWXjECBtAZZu/YZXHGKgEtHPOEU8UQlTShN/\n" \
  "bob:wmnetsink:ae84e4bcb2a9c9d69cc062630bf1f589\n"

static gchar *
users_file (const gchar * dir)
{
  gchar *path = g_build_filename (dir, "users", NULL);

  fail_unless (g_file_set_contents (path, USERS, -1, NULL));
  return path;
}

static GstElement *
start (const gchar * dir, const gchar * mode, const gchar * extra, guint * port)
{
  gchar *file = users_file (dir);
  gchar *desc = g_strdup_printf (BROADCAST ("auth=%s auth-file=\"%s\" %s"),
      mode, file, extra);
  GstElement *p = wmnet_test_start_pipeline (desc, port);

  g_free (desc);
  g_free (file);
  return p;
}

static GstElement *
sink_of (GstElement * p)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");

  gst_object_unref (s);         /* the pipeline keeps it */
  return s;
}

static guint64
refused (GstElement * p, const gchar * reason)
{
  GstStructure *st = NULL;
  gchar *f = g_strconcat ("refused-", reason, NULL);
  guint64 n = 0;

  g_object_get (sink_of (p), "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, f, &n), "%s", f);
  gst_structure_free (st);
  g_free (f);
  return n;
}

/* ffprobe on @url: TRUE when it found the video stream; its stderr. */
static gboolean
ffprobe (const gchar * url, gchar ** err)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-rw_timeout", "10000000",
    "-show_entries", "stream=codec_name", url, NULL
  };
  gchar *out = NULL;
  gint status;
  gboolean ok;

  wmnet_test_require_program ("ffprobe");
  fail_unless (wmnet_test_run (argv, CLIENT_TIMEOUT, &status, &out, err),
      "ffprobe %s did not finish", url);
  ok = status == 0 && strstr (out, "codec_name=wmv2") != NULL;
  g_free (out);
  return ok;
}

static gchar *
url (const gchar * scheme, const gchar * cred, guint port)
{
  return g_strdup_printf ("%s://%s%s127.0.0.1:%u/", scheme, cred ? cred : "",
      cred ? "@" : "", port);
}

static void
expect_ffprobe (const gchar * scheme, const gchar * cred, guint port,
    gboolean plays)
{
  gchar *u = url (scheme, cred, port), *err = NULL;
  gboolean ok = ffprobe (u, &err);

  fail_unless (ok == plays, "ffprobe %s: %s", u, err);
  if (!plays)
    fail_unless (strstr (err, "401") != NULL, "ffprobe %s: %s", u, err);
  g_free (u);
  g_free (err);
}

/* curl for 2 s: the HTTP status of the last response. */
static gint
curl (const gchar * opt, const gchar * cred, guint port)
{
  gchar *u = url ("http", NULL, port);
  const gchar *argv[] = { "curl", "-s", "-o", "/dev/null", "-m", "2", "-w",
    "%{http_code}", opt, "-u", cred, u, NULL
  };
  gchar *out = NULL;
  gint status, code;

  wmnet_test_require_program ("curl");
  fail_unless (wmnet_test_run (argv, CLIENT_TIMEOUT, &status, &out, NULL));
  code = atoi (out);
  g_free (out);
  g_free (u);
  return code;
}

/* VLC as nobody (it refuses root) for @seconds, remuxing into a file:
 * TRUE when that file decodes; its log in @log. */
static gboolean
vlc (const gchar * u, gchar ** log)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "vlc.asf", NULL);
  gchar *sout = g_strdup_printf ("#std{access=file,mux=asf,dst=%s}", file);
  gchar *home = g_strdup_printf ("HOME=%s", dir);
  const gchar *as_root[] = { "env", "-i", "PATH=/usr/bin:/bin", home,
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
    "vlc", "-I", "dummy", "--no-dbus", "--aout=dummy", "--vout=dummy",
    "--run-time=3", "--play-and-exit", u, "--sout", sout, NULL
  };
  const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
    "-f", "null", "-", NULL
  };
  const gchar *const *argv = as_root;
  gint status;
  gboolean ok;

  wmnet_test_require_program ("vlc");
  if (geteuid () == 0)
    wmnet_test_require_program ("setpriv");
  else
    argv = as_root + 9;
  g_chmod (dir, 0777);
  fail_unless (wmnet_test_run (argv, CLIENT_TIMEOUT, &status, NULL, log),
      "vlc did not finish");
  ok = g_file_test (file, G_FILE_TEST_EXISTS)
      && wmnet_test_run (check, CLIENT_TIMEOUT, &status, NULL, NULL)
      && status == 0;
  wmnet_test_remove_dir (dir);
  g_free (dir);
  g_free (file);
  g_free (sout);
  g_free (home);
  return ok;
}

/* A raw request from @from (NULL: any): the response head. */
static gchar *
raw (guint port, const gchar * from, const gchar * request, GSocket ** keep)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, from, NULL);
  GByteArray *arr;
  gchar *head, *end;

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, request, strlen (request)));
  arr = wmnet_test_recv (sock, 1024, 5000);
  head = g_strndup ((gchar *) arr->data, arr->len);
  end = strstr (head, "\r\n\r\n");
  if (end)
    *end = '\0';
  g_byte_array_unref (arr);
  if (keep)
    *keep = sock;
  else
    g_object_unref (sock);
  return head;
}

static const gchar *
client_field (GstElement * p, const gchar * field)
{
  GPtrArray *clients = wmnet_test_get_clients (p);
  static gchar value[256];
  const gchar *v;

  fail_unless_equals_int (clients->len, 1);
  v = gst_structure_get_string (g_ptr_array_index (clients, 0), field);
  fail_unless (v != NULL, "no %s", field);
  g_strlcpy (value, v, sizeof (value));
  g_ptr_array_unref (clients);
  return value;
}

GST_START_TEST (test_basic)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  guint port;
  GstElement *p = start (dir, "basic", "", &port);
  GstStructure *m;
  gboolean ok;
  gchar *u, *log = NULL, *head;
  GSocket *sock;
  GstCheckLogFilter *filter;

  /* FFmpeg over http: right, wrong, none; an htdigest user too */
  expect_ffprobe ("http", "alice:secret", port, TRUE);
  expect_ffprobe ("http", "bob:pass2", port, TRUE);
  expect_ffprobe ("http", "alice:wrong", port, FALSE);
  expect_ffprobe ("http", NULL, port, FALSE);
  /* FFmpeg's mmsh client sends no credentials (it builds its HTTP URL
   * without the user part): refused */
  expect_ffprobe ("mmsh", "alice:secret", port, FALSE);
  expect_ffprobe ("mmsh", NULL, port, FALSE);
  m = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  fail_unless (m != NULL);
  fail_unless_equals_string (gst_structure_get_string (m, "reason"),
      "unauthorized");
  fail_unless_equals_string (gst_structure_get_string (m, "address"),
      "127.0.0.1");
  gst_structure_free (m);
  fail_unless (refused (p, "unauthorized") >= 5);

  /* curl --anyauth finds Basic from the challenge; add-user's users */
  g_signal_emit_by_name (sink_of (p), "add-user", "carol", "pw", &ok);
  fail_unless (ok);
  fail_unless_equals_int (curl ("--anyauth", "carol:pw", port), 200);
  fail_unless_equals_int (curl ("--anyauth", "carol:bad", port), 401);
  g_signal_emit_by_name (sink_of (p), "remove-user", "carol", &ok);
  fail_unless (ok);
  fail_unless_equals_int (curl ("--anyauth", "carol:pw", port), 401);
  /* gone already: FALSE, with a warning (elements/wmnetsink checks it) */
  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new ("remove-user refused", 0, 0, NULL), NULL, NULL, NULL);
  g_signal_emit_by_name (sink_of (p), "remove-user", "carol", &ok);
  gst_check_remove_log_filter (filter);
  fail_if (ok);

  /* VLC over http answers the challenge; VLC's mmsh client sends only
   * Proxy-Authorization: refused */
  u = url ("http", "alice:secret", port);
  fail_unless (vlc (u, &log), "vlc %s: %s", u, log);
  g_free (u);
  g_free (log);
  u = url ("mmsh", "alice:secret", port);
  fail_if (vlc (u, &log), "vlc %s played", u);
  fail_unless (strstr (log, "401") != NULL, "%s", log);
  g_free (u);
  g_free (log);

  /* the challenge, and the user in the client table */
  head = raw (port, NULL, "GET / HTTP/1.0\r\n\r\n", NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  fail_unless (strstr (head, "WWW-Authenticate: Basic realm=") != NULL, "%s",
      head);
  fail_unless (strstr (head, "wmnetsink") != NULL, "%s", head);
  g_free (head);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000));
  head = raw (port, NULL, "GET / HTTP/1.0\r\n"
      "Authorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n", &sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  fail_unless_equals_string (client_field (p, "user"), "alice");
  g_object_unref (sock);

  /* and in the access log: cs-user-name, the line's last field */
  {
    gboolean bob = FALSE;

    while (!bob && (m = wmnet_test_pop_element_message (p, "wmnetsink-log",
                10000))) {
      bob = g_str_has_suffix (gst_structure_get_string (m, "line"), " bob");
      gst_structure_free (m);
    }
    fail_unless (bob, "no access log line with cs-user-name bob");
  }

  wmnet_test_stop_pipeline (p);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_digest)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  guint port;
  GstElement *p = start (dir, "digest", "", &port);
  gboolean ok;
  gchar *head;

  expect_ffprobe ("http", "bob:pass2", port, TRUE);
  expect_ffprobe ("http", "bob:wrong", port, FALSE);
  expect_ffprobe ("http", NULL, port, FALSE);
  /* an htpasswd hash gives no HA1: Digest cannot check it */
  expect_ffprobe ("http", "alice:secret", port, FALSE);
  expect_ffprobe ("mmsh", "bob:pass2", port, FALSE);
  fail_unless_equals_int (curl ("--anyauth", "bob:pass2", port), 200);
  fail_unless_equals_int (curl ("--digest", "bob:nope", port), 401);
  g_signal_emit_by_name (sink_of (p), "add-user", "dan", "pw", &ok);
  fail_unless (ok);
  fail_unless_equals_int (curl ("--digest", "dan:pw", port), 200);
  /* another realm: the htdigest line no longer counts, add-user's does */
  g_object_set (sink_of (p), "auth-realm", "elsewhere", NULL);
  fail_unless_equals_int (curl ("--digest", "bob:pass2", port), 401);
  fail_unless_equals_int (curl ("--digest", "dan:pw", port), 200);
  head = raw (port, NULL, "GET / HTTP/1.0\r\n\r\n", NULL);
  fail_unless (strstr (head, "WWW-Authenticate: Digest ") != NULL, "%s", head);
  fail_unless (strstr (head, "elsewhere") != NULL, "%s", head);
  g_free (head);
  fail_unless (refused (p, "unauthorized") >= 6);
  /* what is not a log report is refused as such (400), before any question
   * of credentials (those of reports: pipelines/wmnetsink-log) */
  head = raw (port, NULL, "POST / HTTP/1.0\r\n"
      "Content-Type: application/x-wms-LogStats\r\nContent-Length: 3\r\n\r\n"
      "x y", NULL);
  fail_if (g_str_has_prefix (head, "HTTP/1.0 401"), "%s", head);
  g_free (head);

  wmnet_test_stop_pipeline (p);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

static gboolean
count_warning (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return TRUE;
}

/* A file of a form nothing here verifies is refused whole, with a warning
 * naming the line; the users before stay. */
GST_START_TEST (test_bad_file)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *bad = g_build_filename (dir, "bad", NULL);
  guint port;
  GstElement *p = start (dir, "basic", "", &port);
  gint count = 0;
  GstCheckLogFilter *filter = gst_check_add_log_filter (NULL,
      G_LOG_LEVEL_WARNING, g_regex_new ("auth-file: .*line 2 \\(user 'x'\\)",
          0, 0, NULL), count_warning, &count, NULL);
  gchar *file = NULL;
  gboolean ok;

  fail_unless (g_file_set_contents (bad, "a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="
          "\nx:$apr1$abcdefgh$0123456789012345678901\n", -1, NULL));
  g_object_set (sink_of (p), "auth-file", bad, NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (count, 1);
  g_object_get (sink_of (p), "auth-file", &file, NULL);
  fail_if (g_strcmp0 (file, bad) == 0);
  g_free (file);
  fail_unless_equals_int (curl ("--basic", "alice:secret", port), 200);
  /* bad user names */
  count = 0;
  filter = gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new (".*", 0, 0, NULL), count_warning, &count, NULL);
  g_signal_emit_by_name (sink_of (p), "add-user", "a:b", "x", &ok);
  fail_if (ok);
  g_signal_emit_by_name (sink_of (p), "add-user", NULL, "x", &ok);
  fail_if (ok);
  gst_check_remove_log_filter (filter);

  wmnet_test_stop_pipeline (p);
  wmnet_test_remove_dir (dir);
  g_free (bad);
  g_free (dir);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* trusted proxies */

#define PLAY(headers) \
  "GET / HTTP/1.0\r\nUser-Agent: curl/7.88.1\r\n" headers "\r\n"

GST_START_TEST (test_trusted_proxies)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (BROADCAST
      ("trusted-proxies=\"<127.0.0.2>\" access-exclude=\"<192.0.2.66>\""),
      &port);
  GstStructure *m;
  GSocket *sock;
  gchar *head;

  /* through the trusted proxy: the excluded client is refused, by name */
  head = raw (port, "127.0.0.2", PLAY ("X-Forwarded-For: 192.0.2.66\r\n"),
      NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 403"), "%s", head);
  g_free (head);
  m = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  fail_unless_equals_string (gst_structure_get_string (m, "address"),
      "192.0.2.66");
  gst_structure_free (m);
  /* a spoofed left-most entry is not what counts */
  head = raw (port, "127.0.0.2", PLAY ("X-Forwarded-For: 192.0.2.5, "
          "192.0.2.66\r\n"), NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 403"), "%s", head);
  g_free (head);
  head = raw (port, "127.0.0.2", PLAY ("Forwarded: for=\"[2001:db8::7]:4711\""
          ";proto=http\r\n"), &sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  fail_unless_equals_string (client_field (p, "address"), "2001:db8::7");
  g_object_unref (sock);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000));
  /* the access log's c-ip (the line's first field) is the client too */
  m = wmnet_test_pop_element_message (p, "wmnetsink-log", 10000);
  fail_unless (m != NULL);
  fail_unless (g_str_has_prefix (gst_structure_get_string (m, "line"),
          "2001:db8::7 "), "%s", gst_structure_get_string (m, "line"));
  /* no authentication: cs-user-name, the last field, is unknown */
  fail_unless (g_str_has_suffix (gst_structure_get_string (m, "line"), " -"),
      "%s", gst_structure_get_string (m, "line"));
  gst_structure_free (m);

  /* from an untrusted peer the headers change nothing */
  head = raw (port, "127.0.0.3", PLAY ("X-Forwarded-For: 192.0.2.66\r\n"
          "Forwarded: for=192.0.2.66\r\n"), &sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  fail_unless_equals_string (client_field (p, "address"), "127.0.0.3");
  g_object_unref (sock);

  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static Suite *
wmnetsink_auth_suite (void)
{
  Suite *s = suite_create ("wmnetsink-auth");
  TCase *tc = tcase_create ("auth");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_basic);
  tcase_add_test (tc, test_digest);
  tcase_add_test (tc, test_bad_file);
  tcase_add_test (tc, test_trusted_proxies);
  return s;
}

GST_CHECK_MAIN (wmnetsink_auth);
