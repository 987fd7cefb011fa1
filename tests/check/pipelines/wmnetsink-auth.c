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

#include <crypt.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <gst/check/gstcheck.h>

#include "wmnettestutils.h"
#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"

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
users_file (void)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "users", NULL);

  fail_unless (g_file_set_contents (path, USERS, -1, NULL));
  return path;
}

static GstElement *
start (const gchar * mode, const gchar * extra, guint * port)
{
  gchar *file = users_file ();
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
  gchar *f = g_strconcat ("refused-", reason, NULL);
  guint64 n = wmnet_test_get_stat (p, f);

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
  const gchar *args[] = { "--aout=dummy", "--vout=dummy",
    "--run-time=3", "--play-and-exit", u, "--sout", sout, NULL
  };
  const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
    "-f", "null", "-", NULL
  };
  gchar **argv;
  gint status;
  gboolean ok;

  argv = wmnet_test_vlc_argv (dir, args);
  g_chmod (dir, 0777);
  fail_unless (wmnet_test_run ((const gchar * const *) argv, CLIENT_TIMEOUT,
          &status, NULL, log), "vlc did not finish");
  ok = g_file_test (file, G_FILE_TEST_EXISTS)
      && wmnet_test_run (check, CLIENT_TIMEOUT, &status, NULL, NULL)
      && status == 0;
  wmnet_test_remove_dir (dir);
  g_free (dir);
  g_free (file);
  g_free (sout);
  g_strfreev (argv);
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
  guint port;
  GstElement *p = start ("basic", "", &port);
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
  wmnet_test_assert_refused (p, "127.0.0.1", "unauthorized");
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
}

GST_END_TEST;

GST_START_TEST (test_digest)
{
  guint port;
  GstElement *p = start ("digest", "", &port);
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
}

GST_END_TEST;

/* A file of a form nothing here verifies is refused whole, with a warning
 * naming the line; the users before stay. */
GST_START_TEST (test_bad_file)
{
  gchar *bad = g_build_filename (wmnet_test_tmpdir, "bad", NULL);
  guint port;
  GstElement *p = start ("basic", "", &port);
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter = wmnet_test_catch_warnings ("auth-file: .*line "
      "2 \\(user 'x'\\)", caught);
  gchar *file = NULL;
  gboolean ok;

  fail_unless (g_file_set_contents (bad, "a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="
          "\nx:$apr1$abcdefgh$0123456789012345678901\n", -1, NULL));
  g_object_set (sink_of (p), "auth-file", bad, NULL);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  g_object_get (sink_of (p), "auth-file", &file, NULL);
  fail_if (g_strcmp0 (file, bad) == 0);
  g_free (file);
  fail_unless_equals_int (curl ("--basic", "alice:secret", port), 200);
  /* bad user names */
  g_ptr_array_set_size (caught, 0);
  filter = wmnet_test_catch_warnings (".*", caught);
  g_signal_emit_by_name (sink_of (p), "add-user", "a:b", "x", &ok);
  fail_if (ok);
  g_signal_emit_by_name (sink_of (p), "add-user", NULL, "x", &ok);
  fail_if (ok);
  gst_check_remove_log_filter (filter);
  /* each refusal says why (elements/wmnetsink checks the text) */
  fail_unless_equals_int (caught->len, 2);
  g_ptr_array_unref (caught);

  wmnet_test_stop_pipeline (p);
  g_free (bad);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* trusted proxies */

#define PLAY(headers) \
  "GET / HTTP/1.0\r\nUser-Agent: curl/7.88.1\r\n" headers "\r\n"

/* @request from @from: a 200, and the one client, listed as @address; then
 * it leaves. */
static void
expect_listed_as (GstElement * p, guint port, const gchar * from,
    const gchar * request, const gchar * address)
{
  GSocket *sock;
  gchar *head = raw (port, from, request, &sock);

  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000));
  fail_unless_equals_string (client_field (p, "address"), address);
  g_object_unref (sock);
}

GST_START_TEST (test_trusted_proxies)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (BROADCAST
      ("trusted-proxies=\"<127.0.0.2>\" access-exclude=\"<192.0.2.66>\""),
      &port);
  GstStructure *m;
  gchar *head;

  /* through the trusted proxy: the excluded client is refused, by name */
  head = raw (port, "127.0.0.2", PLAY ("X-Forwarded-For: 192.0.2.66\r\n"),
      NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 403"), "%s", head);
  g_free (head);
  wmnet_test_assert_refused (p, "192.0.2.66", "access-denied");
  /* a spoofed left-most entry is not what counts */
  head = raw (port, "127.0.0.2", PLAY ("X-Forwarded-For: 192.0.2.5, "
          "192.0.2.66\r\n"), NULL);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 403"), "%s", head);
  g_free (head);
  expect_listed_as (p, port, "127.0.0.2", PLAY ("Forwarded: "
          "for=\"[2001:db8::7]:4711\";proto=http\r\n"), "2001:db8::7");
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
  expect_listed_as (p, port, "127.0.0.3", PLAY ("X-Forwarded-For: "
          "192.0.2.66\r\nForwarded: for=192.0.2.66\r\n"), "127.0.0.3");

  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Digest nonces (RFC 7616 3.3, 3.4; docs/wmnetsink.md, design D52) */

/* The nonce of the Digest challenge in @head. */
static gchar *
challenge_nonce (const gchar * head)
{
  const gchar *n = strstr (head, "nonce=\"");
  const gchar *end;

  fail_unless (n != NULL, "no nonce in %s", head);
  n += 7;
  end = strchr (n, '"');
  fail_unless (end != NULL, "%s", head);
  return g_strndup (n, end - n);
}

/* A GET / answering a challenge with @nonce and @nc: bob, with the HA1 of
 * "pass2" (@right) or of another password. */
static gchar *
digest_get (const gchar * nonce, const gchar * nc, gboolean right)
{
  gchar *ha1 = right ? g_strdup ("ae84e4bcb2a9c9d69cc062630bf1f589") :
      g_compute_checksum_for_string (G_CHECKSUM_MD5, "bob:wmnetsink:nope", -1);
  gchar *ha2 = g_compute_checksum_for_string (G_CHECKSUM_MD5, "GET:/", -1);
  gchar *x = g_strdup_printf ("%s:%s:%s:0a4f113b:auth:%s", ha1, nonce, nc,
      ha2);
  gchar *response = g_compute_checksum_for_string (G_CHECKSUM_MD5, x, -1);
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\nAuthorization: Digest "
      "username=\"bob\", realm=\"wmnetsink\", nonce=\"%s\", uri=\"/\", "
      "qop=auth, nc=%s, cnonce=\"0a4f113b\", response=\"%s\", "
      "algorithm=MD5\r\n\r\n", nonce, nc, response);

  g_free (ha1);
  g_free (ha2);
  g_free (x);
  g_free (response);
  return req;
}

/* The status of @request, and the head in @head. */
static gint
status_of (guint port, const gchar * request, gchar ** head)
{
  gchar *h = raw (port, NULL, request, NULL);
  gint status = g_str_has_prefix (h, "HTTP/1.0 ") ? atoi (h + 9) : 0;

  if (head)
    *head = h;
  else
    g_free (h);
  return status;
}

/* A captured request is not taken again, a nonce never issued is not
 * taken, and a right response on a spent or unknown nonce gets stale=true
 * and a new nonce that works. */
GST_START_TEST (test_digest_nonce)
{
  guint port, i;
  GstElement *p = start ("digest", "", &port);
  gchar *head, *nonce, *fresh, *req;
  const gchar *forged[] = { "AAAA", "", "94367435282241701796345",
    "0000000000000000000000000000000000000000000000000000000000000000"
  };

  fail_unless_equals_int (status_of (port, "GET / HTTP/1.0\r\n\r\n",
          &head), 401);
  fail_if (strstr (head, "stale=true") != NULL, "%s", head);
  nonce = challenge_nonce (head);
  g_free (head);

  req = digest_get (nonce, "00000001", TRUE);
  fail_unless_equals_int (status_of (port, req, NULL), 200);
  /* the same request again, as a listener on the wire would send it: a
   * replay, its credentials right, so stale with a new nonce */
  for (i = 0; i < 3; i++) {
    fail_unless_equals_int (status_of (port, req, &head), 401);
    fail_unless (strstr (head, "stale=true") != NULL, "%s", head);
    fresh = challenge_nonce (head);
    fail_if (g_str_equal (fresh, nonce));
    g_free (fresh);
    g_free (head);
  }
  g_free (req);
  /* a higher count of that nonce is the client's next request */
  req = digest_get (nonce, "00000002", TRUE);
  fail_unless_equals_int (status_of (port, req, NULL), 200);
  g_free (req);
  req = digest_get (nonce, "00000001", TRUE);
  fail_unless_equals_int (status_of (port, req, NULL), 401);
  g_free (req);

  /* nonces never issued (libsoup's own shape among them): refused; with
   * a right response for each stale (the password was right), else a
   * plain challenge */
  for (i = 0; i < G_N_ELEMENTS (forged); i++) {
    req = digest_get (forged[i], "00000001", TRUE);
    fail_unless_equals_int (status_of (port, req, &head), 401);
    fail_unless (strstr (head, "stale=true") != NULL, "%s", head);
    g_free (head);
    g_free (req);
    req = digest_get (forged[i], "00000001", FALSE);
    fail_unless_equals_int (status_of (port, req, &head), 401);
    fail_if (strstr (head, "stale=true") != NULL, "%s", head);
    g_free (head);
    g_free (req);
  }
  /* a wrong password on a good nonce: not stale either */
  req = digest_get (nonce, "00000003", FALSE);
  fail_unless_equals_int (status_of (port, req, &head), 401);
  fail_if (strstr (head, "stale=true") != NULL, "%s", head);
  fresh = challenge_nonce (head);
  g_free (head);
  g_free (req);
  /* and the nonce of a challenge works once */
  req = digest_get (fresh, "00000001", TRUE);
  fail_unless_equals_int (status_of (port, req, NULL), 200);
  fail_unless_equals_int (status_of (port, req, NULL), 401);
  g_free (req);
  g_free (fresh);
  g_free (nonce);

  /* players still get in */
  expect_ffprobe ("http", "bob:pass2", port, TRUE);
  fail_unless_equals_int (curl ("--digest", "bob:pass2", port), 200);

  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* password checks off the server thread (design D53) */

static gchar *
basic_get (const gchar * user, const gchar * password)
{
  gchar *cred = g_strdup_printf ("%s:%s", user, password);
  gchar *b64 = g_base64_encode ((const guchar *) cred, strlen (cred));
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\n"
      "Authorization: Basic %s\r\n\r\n", b64);

  g_free (cred);
  g_free (b64);
  return req;
}

/* bcrypt cost of the flood's user: 2^13 rounds, about 0.6 s a check on
 * the 2-core test machine */
#define HEAVY_COST 13
/* wrong logins at once: more than the checks that run and wait */
#define N_WRONG 24
/* the longest a streaming client may go without data meanwhile (its
 * packets go out at once: coalesce-time=0, and snow fills the encoder's
 * 200 kbit/s, about 18 packets a second) */
#define MAX_GAP_US (700 * 1000)

typedef struct
{
  guint port;
  gchar *heads[N_WRONG + 1];    /* the honest login's is [1] */
  gint done;
} Logins;

/* All the logins sent at once, the honest one second; then their heads. */
static gpointer
run_logins (gpointer data)
{
  Logins *l = data;
  GSocket *socks[N_WRONG + 1];
  guint i;

  for (i = 0; i <= N_WRONG; i++) {
    gchar *req = i == 1 ? basic_get ("heavy", "right") :
        basic_get ("heavy", "wrong");

    socks[i] = wmnet_test_connect ("127.0.0.1", l->port, NULL, NULL);
    fail_unless (socks[i] != NULL);
    fail_unless (wmnet_test_send_all (socks[i], req, strlen (req)));
    g_free (req);
  }
  for (i = 0; i <= N_WRONG; i++) {
    GByteArray *arr = wmnet_test_recv (socks[i], 512, 30000);

    l->heads[i] = g_strndup ((gchar *) arr->data, MIN (arr->len, 16));
    g_byte_array_unref (arr);
    g_object_unref (socks[i]);
  }
  g_atomic_int_set (&l->done, 1);
  return NULL;
}

/* The longest time @sock went without data while reading it for
 * @seconds, or until *@until is set (at most 60 s). */
static gint64
max_gap (GSocket * sock, guint seconds, gint * until)
{
  gchar buf[16384];
  gint64 start = g_get_monotonic_time (), last = start, gap = 0, now;

  while (TRUE) {
    gssize n = g_socket_receive (sock, buf, sizeof (buf), NULL, NULL);

    now = g_get_monotonic_time ();
    fail_unless (n > 0, "the streaming client lost its stream");
    gap = MAX (gap, now - last);
    last = now;
    if (until ? g_atomic_int_get (until) || now - start > 60 * G_USEC_PER_SEC
        : now - start > seconds * G_USEC_PER_SEC)
      break;
  }
  return gap;
}

/* Logins against a bcrypt user that costs seconds in all: a connected
 * player's data keeps coming, an honest login gets in meanwhile, the
 * wrong ones get 401, and those beyond the checks' queue 503. */
/* A broadcast (its packets at once, about 18 a second) under auth=basic
 * whose file holds "heavy", password "right", a bcrypt of HEAVY_COST. */
static GstElement *
start_heavy (guint * port)
{
  gchar *setting = crypt_gensalt_ra ("$2b$", HEAVY_COST, NULL, 0);
  struct crypt_data *cd = g_new0 (struct crypt_data, 1);
  gchar *users = g_strdup_printf ("heavy:%s\n",
      crypt_rn ("right", setting, cd, sizeof (*cd)));
  gchar *file = g_build_filename (wmnet_test_tmpdir, "users", NULL);
  gchar *desc = g_strdup_printf ("videotestsrc is-live=true pattern=snow ! "
      "video/x-raw,width=160,height=120,framerate=10/1 ! avenc_wmv2 ! queue ! "
      "wmnetsink name=s port=0 address=127.0.0.1 resolve-names=false "
      "coalesce-time=0 auth=basic auth-file=\"%s\"", file);
  GstElement *p;

  fail_unless (g_file_set_contents (file, users, -1, NULL));
  p = wmnet_test_start_pipeline (desc, port);
  g_free (file);
  g_free (desc);
  g_free (users);
  g_free (cd);
  free (setting);
  return p;
}

GST_START_TEST (test_login_flood)
{
  guint port, i, n401 = 0, n503 = 0;
  GstElement *p = start_heavy (&port);
  Logins l = { port };
  GThread *thread;
  GSocket *sock;
  gchar *req, *head;
  gint64 before, during;
  gboolean ok;

  /* a player that streams, its password cheap */
  g_signal_emit_by_name (sink_of (p), "add-user", "viewer", "pw", &ok);
  fail_unless (ok);
  req = basic_get ("viewer", "pw");
  head = raw (port, NULL, req, &sock);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  g_free (head);
  g_free (req);
  before = max_gap (sock, 2, NULL);

  thread = g_thread_new ("logins", run_logins, &l);
  during = max_gap (sock, 0, &l.done);
  g_thread_join (thread);
  GST_INFO ("longest gap: %" G_GINT64_FORMAT " us before the logins, %"
      G_GINT64_FORMAT " us during them", before, during);
  fail_unless (during < MAX_GAP_US, "the stream stopped for %" G_GINT64_FORMAT
      " us during the logins (%" G_GINT64_FORMAT " us before)", during, before);

  fail_unless (g_str_has_prefix (l.heads[1], "HTTP/1.0 200"), "honest: %s",
      l.heads[1]);
  for (i = 0; i <= N_WRONG; i++) {
    if (i != 1) {
      n401 += g_str_has_prefix (l.heads[i], "HTTP/1.0 401");
      n503 += g_str_has_prefix (l.heads[i], "HTTP/1.0 503");
    }
    g_free (l.heads[i]);
  }
  /* 2 run, 16 wait (the honest one among them), the others 503 */
  GST_INFO ("wrong logins: %u answered 401, %u 503", n401, n503);
  fail_unless_equals_int (n401 + n503, N_WRONG);
  fail_unless (n503 >= 1 && n401 >= 10, "401: %u, 503: %u", n401, n503);
  fail_unless_equals_int (refused (p, "auth-busy"), n503);
  g_object_unref (sock);

  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Stopping while checks run and wait: those waiting are answered (503)
 * or closed, none is left hanging, and the stop (with the element's end)
 * waits at most for the checks running, not for those waiting. */
GST_START_TEST (test_stop_while_checking)
{
  guint port, i;
  GstElement *p = start_heavy (&port);
  gchar *req = basic_get ("heavy", "wrong");
  GSocket *socks[6];
  GByteArray *arr;
  gint64 t;

  for (i = 0; i < G_N_ELEMENTS (socks); i++) {
    socks[i] = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
    fail_unless (socks[i] != NULL);
    fail_unless (wmnet_test_send_all (socks[i], req, strlen (req)));
  }
  g_free (req);
  /* the first answer: two checks ran, the last ones still wait */
  arr = wmnet_test_recv (socks[0], 64, 30000);
  fail_unless (arr->len >= 12 && memcmp (arr->data, "HTTP/1.0 401", 12) == 0);
  g_byte_array_unref (arr);
  t = g_get_monotonic_time ();
  wmnet_test_stop_pipeline (p);
  t = g_get_monotonic_time () - t;
  GST_INFO ("stopped in %" G_GINT64_FORMAT " us", t);
  /* at most one check's time (0.6 s) and the pipeline's own stop */
  fail_unless (t < 5 * G_USEC_PER_SEC, "the stop took %" G_GINT64_FORMAT
      " us", t);
  for (i = G_N_ELEMENTS (socks) - 2; i < G_N_ELEMENTS (socks); i++) {
    gchar *head;

    arr = wmnet_test_recv (socks[i], 64, 5000);
    head = g_strndup ((gchar *) arr->data, MIN (arr->len, 12));
    /* answered 503, or closed without a word: never a 200, never silence
     * (a closed connection reads as 0 bytes at once) */
    fail_unless (arr->len == 0 || g_str_equal (head, "HTTP/1.0 503"), "%s",
        head);
    g_free (head);
    g_byte_array_unref (arr);
  }
  for (i = 0; i < G_N_ELEMENTS (socks); i++)
    g_object_unref (socks[i]);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetsink_auth, 240, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_basic),
    WMNET_TEST (test_digest),
    WMNET_TEST (test_bad_file),
    WMNET_TEST (test_trusted_proxies),
    WMNET_TEST (test_digest_nonce),
    WMNET_TEST (test_login_flood), WMNET_TEST (test_stop_while_checking));
