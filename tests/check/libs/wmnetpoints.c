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

/* Unit tests of the publishing points (docs/design.md D69): the check of a
 * publishing-point value, the path a request line names, and the registry
 * of shared listeners: one listener per port for several points, a path
 * claimed twice refused, a connection handed to the point its path names
 * (or the point of every path), a path nobody serves to the oldest point
 * that takes such requests, else 404, a request
 * line cut in two still dispatched whole, the listener closed with its
 * last point. Clients are raw loopback sockets. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnetpoints.h"
#include "wmnettestutils.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_path_valid)
{
  const gchar *good[] = { "/", "/news", "/live/hd", "/a-b_c.d~e", "/x.y",
    "/...", "/A1"
  };
  const gchar *bad[] = { "", "news", "/news/", "//news", "/a//b", "/a/../b",
    "/..", "/.", "/a/./b", "/news?x=1", "/news#f", "/n%41", "/a b",
    "/caf\xc3\xa9", "/a\\b", "/a:b"
  };
  gchar *long_path = g_strnfill (WMNET_POINT_PATH_MAX + 1, 'a');
  const gchar *why;
  guint i;

  fail_unless (wmnet_point_path_is_valid (NULL, &why));
  fail_unless (why == NULL);
  for (i = 0; i < G_N_ELEMENTS (good); i++)
    fail_unless (wmnet_point_path_is_valid (good[i], &why), "%s: %s",
        good[i], why);
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    fail_if (wmnet_point_path_is_valid (bad[i], &why), "%s taken", bad[i]);
    fail_unless (why != NULL && *why != '\0');
  }
  long_path[0] = '/';
  fail_if (wmnet_point_path_is_valid (long_path, &why));
  long_path[WMNET_POINT_PATH_MAX] = '\0';
  fail_unless (wmnet_point_path_is_valid (long_path, &why), "%s", why);
  g_free (long_path);
}

GST_END_TEST;

GST_START_TEST (test_request_path)
{
  const struct
  {
    const gchar *head;
    const gchar *path;          /* NULL: names none */
  } cases[] = {
    {"GET /news HTTP/1.0\r\n", "/news"},
    {"GET /news?a=1&b HTTP/1.1\r\nHost: x\r\n", "/news"},
    {"POST /news#x HTTP/1.1\n", "/news"},
    {"GET /l%69ve HTTP/1.0\r\n", "/live"},
    {"GET http://example.com:8080/news?x HTTP/1.1\r\n", "/news"},
    {"GET HTTP://example.com/ HTTP/1.1\r\n", "/"},
    {"GET http://example.com HTTP/1.1\r\n", NULL},
    {"GET /a%2fb HTTP/1.0\r\n", NULL},
    {"GET /a%00b HTTP/1.0\r\n", NULL},
    {"OPTIONS * HTTP/1.1\r\n", NULL},
    {"garbage\r\n", NULL},
    {"\r\n", NULL},
  };
  gchar *path;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    fail_unless (wmnet_point_request_path (cases[i].head,
            strlen (cases[i].head), &path), "%s", cases[i].head);
    fail_unless_equals_string (path, cases[i].path);
    g_free (path);
  }
  /* no end of line yet: not all there */
  fail_if (wmnet_point_request_path ("GET /news HTTP/1.0", 18, &path));
  fail_unless (path == NULL);
  fail_if (wmnet_point_request_path ("GET /news\r\n", 5, &path));
  fail_unless (path == NULL);
}

GST_END_TEST;

/* One reading of a push's media type for the listener and wmnetpushsrc:
 * parameters after optional whitespace and ";", any case; anything else
 * after the type names none. */
GST_START_TEST (test_push_type)
{
  static const gchar *const setup[] = { "application/x-wms-pushsetup",
    "Application/X-WMS-PushSetup\t;a=b"
  };
  static const gchar *const start[] = { " application/x-wms-pushstart;a=b",
    "application/x-wms-pushstart ; charset=x"
  };
  static const gchar *const none[] = { "application/x-wms-pushset",
    "application/x-wms-pushsetup, text/plain", "application/x-wms-pushstartx",
    ""
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (setup); i++)
    fail_unless (wmnet_point_push_type (setup[i], strlen (setup[i]))
        == WMNET_PUSH_TYPE_SETUP, "%s", setup[i]);
  for (i = 0; i < G_N_ELEMENTS (start); i++)
    fail_unless (wmnet_point_push_type (start[i], strlen (start[i]))
        == WMNET_PUSH_TYPE_START, "%s", start[i]);
  for (i = 0; i < G_N_ELEMENTS (none); i++)
    fail_unless (wmnet_point_push_type (none[i], strlen (none[i]))
        == WMNET_PUSH_TYPE_NONE, "%s", none[i]);
  /* @len bounds it: no NUL needed */
  fail_unless_equals_int (wmnet_point_push_type
      ("application/x-wms-pushsetupXX", 27), WMNET_PUSH_TYPE_SETUP);
}

GST_END_TEST;

/* A push is a POST with a push's Content-Type, whatever its case and
 * parameters; a POST's head without it is known at its end, before it
 * only when the header came. */
GST_START_TEST (test_request_is_push)
{
  const struct
  {
    const gchar *head;
    gboolean push;
  } cases[] = {
    {"POST /live HTTP/1.1\r\nContent-Type: application/x-wms-pushsetup\r\n",
        TRUE},
    {"POST /live HTTP/1.1\r\nHost: x\r\ncontent-type:Application/X-WMS-"
          "PushStart; a=b\r\n", TRUE},
    {"POST /live HTTP/1.1\nContent-Type: \tapplication/x-wms-pushstart\n",
        TRUE},
    {"POST /live HTTP/1.1\r\nContent-Type: application/x-wms-LogStats\r\n",
        FALSE},
    {"POST /live HTTP/1.1\r\nContent-Type: application/x-wms-pushsetupx\r\n",
        FALSE},
    {"POST /live HTTP/1.1\r\nHost: x\r\n\r\n", FALSE},
    {"GET /live HTTP/1.1\r\n", FALSE},
    {"post /live HTTP/1.1\r\nContent-Type: application/x-wms-pushsetup\r\n",
        FALSE},
    {"garbage\r\n", FALSE},
  };
  gboolean push;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    fail_unless (wmnet_point_request_is_push (cases[i].head,
            strlen (cases[i].head), &push), "%s", cases[i].head);
    fail_unless_equals_int (push, cases[i].push);
  }
  /* not known yet: the line, or a POST's header, not all there */
  fail_if (wmnet_point_request_is_push ("POST /live HTTP/1.1", 19, &push));
  fail_if (wmnet_point_request_is_push ("POST /live HTTP/1.1\r\nHost: x\r\n",
          30, &push));
  fail_if (wmnet_point_request_is_push ("POST /live HTTP/1.1\r\n"
          "Content-Type: application/x-wms-pushsetup", 62, &push));
}

GST_END_TEST;

/* What a point was handed, on the listener's thread (atomic). */
typedef struct
{
  gint served;
  gint not_found;               /* the paths nobody serves it was handed */
  gint metrics;                 /* its metrics path's requests (D76) */
} Served;

/* counted, and answered at once, so the client knows who took it */
static void
answer (gint * count, GSocket * sock, const gchar * text)
{
  g_atomic_int_inc (count);
  g_socket_send (sock, text, strlen (text), NULL, NULL);
  g_socket_close (sock, NULL);
}

static void
serve (gpointer user_data, GSocket * sock)
{
  answer (&((Served *) user_data)->served, sock, "taken");
}

static void
take_not_found (gpointer user_data, GSocket * sock)
{
  answer (&((Served *) user_data)->not_found, sock, "nobody's");
}

static void
take_metrics (gpointer user_data, GSocket * sock)
{
  answer (&((Served *) user_data)->metrics, sock, "metrics");
}

/* a report that says whose it is */
static GstStructure *
report (gpointer user_data)
{
  return gst_structure_new ("wmnetsink-stats", "served", G_TYPE_INT,
      g_atomic_int_get (&((Served *) user_data)->served), NULL);
}

static void
warn (gpointer user_data, const gchar * text)
{
}

/* Sends @head to @port, the first @split bytes first (0: all at once),
 * the rest once the server had them and answered nothing; fails unless
 * the answer (up to 64 bytes, at most 5 s) starts with @want. */
static void
assert_answer (guint port, const gchar * head, guint split, const gchar * want)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *got;
  gchar *text;

  fail_unless (sock != NULL);
  if (split > 0) {
    fail_unless (wmnet_test_send_all (sock, head, split));
    /* nothing comes back before the line is all there */
    got = wmnet_test_recv (sock, 1, 300);
    fail_unless_equals_int (got->len, 0);
    g_byte_array_unref (got);
  }
  fail_unless (wmnet_test_send_all (sock, head + split, strlen (head) - split));
  got = wmnet_test_recv (sock, 64, 5000);
  text = g_strndup ((gchar *) got->data, got->len);
  fail_unless (g_str_has_prefix (text, want), "%s: %s", head, text);
  g_free (text);
  g_byte_array_unref (got);
  g_object_unref (sock);
}

#define GET(path) "GET " path " HTTP/1.0\r\nHost: x\r\n\r\n"

/* D83: a play request goes to libsoup before waiting describes */
GST_START_TEST (test_request_is_play)
{
  static const struct
  {
    const gchar *head;
    gboolean play;
  } cases[] = {
    /* FFmpeg's play request (mmsh.c) */
    {"GET / HTTP/1.0\r\nAccept: */*\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n"
          "Host: 127.0.0.1:8080\r\nPragma: no-cache,rate=1.000000,"
          "stream-time=0,stream-offset=4294967295:4294967295,request-context=2,"
          "max-duration=0\r\nPragma: xClientGUID={c77e7400-738a-11d2-9add-"
          "0020af0a3278}\r\nPragma: xPlayStrm=1\r\nPragma: "
          "stream-switch-count=2\r\n\r\n", TRUE},
    /* Windows Media Player: several pragmas on one line, any case */
    {"GET /live HTTP/1.1\r\npragma: no-cache,XPLAYSTRM=1,xClientGUID={x}\r\n",
        TRUE},
    {"GET / HTTP/1.0\nPragma:xPlayStrm=1\n\n", TRUE},
    /* a describe: no xPlayStrm, or not 1, or not in a Pragma */
    {"GET / HTTP/1.0\r\nUser-Agent: NSPlayer/9.0\r\nPragma: no-cache,"
          "xClientGUID={x}\r\n\r\n", FALSE},
    {"GET / HTTP/1.0\r\nPragma: xPlayStrm=0\r\n\r\n", FALSE},
    {"GET / HTTP/1.0\r\nPragma: xPlayStrm=10\r\n\r\n", FALSE},
    {"GET / HTTP/1.0\r\nPragma: axPlayStrm=1\r\n\r\n", FALSE},
    {"GET / HTTP/1.0\r\nX-Pragma: xPlayStrm=1\r\n\r\n", FALSE},
    {"GET /?Pragma:%20xPlayStrm=1 HTTP/1.0\r\n\r\n", FALSE},
    /* after the end of the head: the body's */
    {"POST / HTTP/1.0\r\n\r\nPragma: xPlayStrm=1\r\n", FALSE},
    /* cut before the line ends: not known, served as a describe is */
    {"GET / HTTP/1.0\r\nPragma: xPlayStrm=1", FALSE},
    {"Pragma: xPlayStrm=1\r\n", FALSE},
    {"", FALSE},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    fail_unless_equals_int (wmnet_point_request_is_play (cases[i].head,
            strlen (cases[i].head)), cases[i].play);
}

GST_END_TEST;

GST_START_TEST (test_shared_listener)
{
  Served live = { 0 }, news = { 0 }, any = { 0 };
  WmnetPoint *p_live, *p_news, *p_any, *p_dup;
  GError *error = NULL;
  guint base = wmnet_points_n_listeners ();
  guint port;

  p_live =
      wmnet_point_claim ("127.0.0.1", 0, "/live", WMNET_POINT_PLAY, serve, warn,
      &live, &error);
  fail_unless (p_live != NULL, "%s", error ? error->message : "");
  port = wmnet_point_get_port (p_live);
  fail_unless (port > 0);
  /* naming the port it got: the same listener */
  p_news =
      wmnet_point_claim ("127.0.0.1", port, "/news", WMNET_POINT_PLAY, serve,
      warn, &news, &error);
  fail_unless (p_news != NULL, "%s", error ? error->message : "");
  fail_unless_equals_int (wmnet_point_get_port (p_news), port);
  fail_unless_equals_int (wmnet_points_n_listeners (), base + 1);
  fail_unless_equals_int (wmnet_points_n_points (port), 2);

  /* the same path twice: refused, the first keeps it */
  p_dup =
      wmnet_point_claim ("127.0.0.1", port, "/live", WMNET_POINT_PLAY, serve,
      warn, &any, &error);
  fail_unless (p_dup == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  fail_unless (strstr (error->message, "/live") != NULL, "%s", error->message);
  g_clear_error (&error);
  fail_unless_equals_int (wmnet_points_n_points (port), 2);

  /* port 0 again: a listener of its own */
  p_dup =
      wmnet_point_claim ("127.0.0.1", 0, "/live", WMNET_POINT_PLAY, serve, warn,
      &any, &error);
  fail_unless (p_dup != NULL);
  fail_if (wmnet_point_get_port (p_dup) == port);
  fail_unless_equals_int (wmnet_points_n_listeners (), base + 2);
  wmnet_point_release (p_dup);

  /* each path to its point; a path nobody serves 404 */
  assert_answer (port, GET ("/live"), 0, "taken");
  assert_answer (port, GET ("/news?x=1"), 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&live.served), 1);
  fail_unless_equals_int (g_atomic_int_get (&news.served), 1);
  assert_answer (port, GET ("/other"), 0, "HTTP/1.0 404 Not Found\r\n");
  assert_answer (port, GET ("/"), 0, "HTTP/1.0 404 ");
  /* a request line cut in two: dispatched once it is all there */
  assert_answer (port, GET ("/news"), 7, "taken");
  fail_unless_equals_int (g_atomic_int_get (&news.served), 2);
  fail_unless_equals_int (g_atomic_int_get (&live.served), 1);

  /* the point of every path takes what no other serves */
  p_any =
      wmnet_point_claim ("127.0.0.1", port, NULL, WMNET_POINT_PLAY, serve, warn,
      &any, &error);
  fail_unless (p_any != NULL);
  assert_answer (port, GET ("/other"), 0, "taken");
  assert_answer (port, "garbage\r\n\r\n", 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&any.served), 2);
  fail_unless_equals_int (g_atomic_int_get (&live.served), 1);

  /* released: the path is free again, the listener stays for the others */
  wmnet_point_release (p_live);
  fail_unless_equals_int (wmnet_points_n_points (port), 2);
  assert_answer (port, GET ("/live"), 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&live.served), 1);
  fail_unless_equals_int (g_atomic_int_get (&any.served), 3);
  wmnet_point_release (p_any);
  assert_answer (port, GET ("/live"), 0, "HTTP/1.0 404 ");

  /* the last one closes it */
  wmnet_point_release (p_news);
  fail_unless_equals_int (wmnet_points_n_listeners (), base);
  fail_unless_equals_int (wmnet_points_n_points (port), 0);
  fail_unless (wmnet_test_connect ("127.0.0.1", port, NULL, NULL) == NULL);
}

GST_END_TEST;

/* A metrics path goes to the point that named it, ahead of every claim
 * (a point of that very path, the point of every path), the oldest of two
 * naming it first; a lone point of every path with one is looked at too.
 * The reports of a port's points come labelled, in claim order. */
GST_START_TEST (test_metrics_path)
{
  Served a = { 0 }, b = { 0 }, any = { 0 };
  WmnetPoint *p_a, *p_b, *p_m, *gone[2];
  GError *error = NULL;
  GPtrArray *reports;
  guint port, i;
  gint n;

  p_a = wmnet_point_claim ("127.0.0.1", 0, NULL, WMNET_POINT_PLAY, serve,
      warn, &a, &error);
  fail_unless (p_a != NULL, "%s", error ? error->message : "");
  port = wmnet_point_get_port (p_a);
  /* alone, of every path: the metrics path is still told apart */
  wmnet_point_take_metrics (p_a, "/metrics", take_metrics);
  assert_answer (port, GET ("/metrics"), 0, "metrics");
  assert_answer (port, GET ("/live"), 0, "taken");
  assert_answer (port, GET ("/metrics"), 4, "metrics");
  fail_unless_equals_int (g_atomic_int_get (&a.metrics), 2);
  fail_unless_equals_int (g_atomic_int_get (&a.served), 1);

  /* a claim of that very path does not take it; a second point naming it
   * waits until the first is gone */
  p_m = wmnet_point_claim ("127.0.0.1", port, "/metrics", WMNET_POINT_PLAY,
      serve, warn, &any, &error);
  fail_unless (p_m != NULL);
  p_b = wmnet_point_claim ("127.0.0.1", port, "/b", WMNET_POINT_PLAY, serve,
      warn, &b, &error);
  fail_unless (p_b != NULL);
  wmnet_point_take_metrics (p_b, "/metrics", take_metrics);
  assert_answer (port, GET ("/metrics?x=1"), 0, "metrics");
  fail_unless_equals_int (g_atomic_int_get (&a.metrics), 3);
  fail_unless_equals_int (g_atomic_int_get (&any.served), 0);

  /* reports: only the points that give one, labelled, in claim order */
  reports = wmnet_points_reports ("127.0.0.1", port);
  fail_unless_equals_int (reports->len, 0);
  g_ptr_array_unref (reports);
  wmnet_point_set_report (p_a, report);
  wmnet_point_set_report (p_b, report);
  reports = wmnet_points_reports ("127.0.0.1", port);
  fail_unless_equals_int (reports->len, 2);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (reports, 0), "publishing-point"), "*");
  fail_unless (gst_structure_get_int (g_ptr_array_index (reports, 0),
          "served", &n));
  fail_unless_equals_int (n, 1);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (reports, 1), "publishing-point"), "/b");
  g_ptr_array_unref (reports);
  /* no listener there: none */
  reports = wmnet_points_reports ("127.0.0.2", port);
  fail_unless_equals_int (reports->len, 0);
  g_ptr_array_unref (reports);

  /* the first gone, the second naming it takes it; both gone, the path's
   * own claim */
  gone[0] = p_a;
  gone[1] = p_b;
  for (i = 0; i < G_N_ELEMENTS (gone); i++) {
    wmnet_point_release (gone[i]);
    assert_answer (port, GET ("/metrics"), 0, i == 0 ? "metrics" : "taken");
  }
  fail_unless_equals_int (g_atomic_int_get (&b.metrics), 1);
  fail_unless_equals_int (g_atomic_int_get (&any.served), 1);
  wmnet_point_release (p_m);
}

GST_END_TEST;

/* A path nobody serves goes to the oldest point that takes such
 * requests, and to the next once it is released; with none, 404. */
GST_START_TEST (test_not_found_taken)
{
  Served a = { 0 }, b = { 0 }, c = { 0 };
  WmnetPoint *p_a, *p_b, *p_c;
  guint port;

  p_a = wmnet_point_claim ("127.0.0.1", 0, "/a", WMNET_POINT_PLAY, serve,
      warn, &a, NULL);
  fail_unless (p_a != NULL);
  port = wmnet_point_get_port (p_a);
  p_b = wmnet_point_claim ("127.0.0.1", port, "/b", WMNET_POINT_PLAY, serve,
      warn, &b, NULL);
  p_c = wmnet_point_claim ("127.0.0.1", port, "/c", WMNET_POINT_PLAY, serve,
      warn, &c, NULL);
  fail_unless (p_b != NULL && p_c != NULL);
  /* /a takes none: the oldest of those that do is /b */
  wmnet_point_take_not_found (p_c, take_not_found);
  wmnet_point_take_not_found (p_b, take_not_found);
  assert_answer (port, GET ("/other"), 0, "nobody's");
  assert_answer (port, GET ("/b"), 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&b.not_found), 1);
  fail_unless_equals_int (g_atomic_int_get (&c.not_found), 0);
  wmnet_point_release (p_b);
  assert_answer (port, GET ("/other"), 0, "nobody's");
  fail_unless_equals_int (g_atomic_int_get (&c.not_found), 1);
  wmnet_point_release (p_c);
  assert_answer (port, GET ("/other"), 0, "HTTP/1.0 404 ");
  fail_unless_equals_int (g_atomic_int_get (&a.not_found), 0);
  fail_unless_equals_int (g_atomic_int_get (&a.served), 0);
  wmnet_point_release (p_a);
}

GST_END_TEST;

/* Another address is another listener: the port is taken. */
#define PUSH(path, type) "POST " path " HTTP/1.1\r\nHost: x\r\n" \
  "Content-Type: application/x-wms-" type "\r\nContent-Length: 0\r\n\r\n"

/* A path with a claim of each kind: a push to the pushers', anything else
 * (GET, a player's POST) to the players'; a POST's head cut before its
 * Content-Type waits for it. A path with one claim takes every request,
 * as before; a second claim of one kind is refused. */
GST_START_TEST (test_push_and_play)
{
  Served play = { 0 }, push = { 0 }, news = { 0 };
  WmnetPoint *p_play, *p_push, *p_news, *p_dup;
  GError *error = NULL;
  guint port;

  p_play = wmnet_point_claim ("127.0.0.1", 0, "/live", WMNET_POINT_PLAY,
      serve, warn, &play, &error);
  fail_unless (p_play != NULL, "%s", error ? error->message : "");
  port = wmnet_point_get_port (p_play);
  p_push = wmnet_point_claim ("127.0.0.1", port, "/live", WMNET_POINT_PUSH,
      serve, warn, &push, &error);
  fail_unless (p_push != NULL, "%s", error ? error->message : "");
  p_dup = wmnet_point_claim ("127.0.0.1", port, "/live", WMNET_POINT_PUSH,
      serve, warn, &news, &error);
  fail_unless (p_dup == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  fail_unless (strstr (error->message, "pushers") != NULL, "%s",
      error->message);
  g_clear_error (&error);

  assert_answer (port, GET ("/live"), 0, "taken");
  assert_answer (port, PUSH ("/live", "pushsetup"), 0, "taken");
  assert_answer (port, PUSH ("/live", "pushstart"), 0, "taken");
  assert_answer (port, PUSH ("/live", "LogStats"), 0, "taken");
  assert_answer (port, "POST /live HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
      0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&play.served), 3);
  fail_unless_equals_int (g_atomic_int_get (&push.served), 2);
  /* cut after the request line, then inside the header */
  assert_answer (port, PUSH ("/live", "pushsetup"), 24, "taken");
  assert_answer (port, PUSH ("/live", "pushsetup"), 50, "taken");
  fail_unless_equals_int (g_atomic_int_get (&push.served), 4);
  fail_unless_equals_int (g_atomic_int_get (&play.served), 3);
  assert_answer (port, PUSH ("/other", "pushsetup"), 0, "HTTP/1.0 404 ");

  /* one claim: all of its path, pushes or not */
  p_news = wmnet_point_claim ("127.0.0.1", port, "/news", WMNET_POINT_PUSH,
      serve, warn, &news, &error);
  fail_unless (p_news != NULL, "%s", error ? error->message : "");
  assert_answer (port, GET ("/news"), 0, "taken");
  assert_answer (port, PUSH ("/news", "pushsetup"), 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&news.served), 2);
  wmnet_point_release (p_play);
  assert_answer (port, GET ("/live"), 0, "taken");
  fail_unless_equals_int (g_atomic_int_get (&push.served), 5);
  wmnet_point_release (p_news);
  wmnet_point_release (p_push);
}

GST_END_TEST;

GST_START_TEST (test_bind_error)
{
  Served s = { 0 };
  WmnetPoint *a, *b;
  GError *error = NULL;

  a = wmnet_point_claim ("127.0.0.1", 0, "/a", WMNET_POINT_PLAY, serve, warn,
      &s, &error);
  fail_unless (a != NULL);
  b = wmnet_point_claim (NULL, wmnet_point_get_port (a), "/b", WMNET_POINT_PLAY,
      serve, warn, &s, &error);
  fail_unless (b == NULL);
  fail_unless (error != NULL);
  fail_if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_clear_error (&error);
  wmnet_point_release (a);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpoints, 60,
    WMNET_TEST (test_path_valid),
    WMNET_TEST (test_request_path), WMNET_TEST (test_request_is_push),
    WMNET_TEST (test_request_is_play),
    WMNET_TEST (test_push_type),
    WMNET_TEST (test_push_and_play),
    WMNET_TEST (test_shared_listener), WMNET_TEST (test_not_found_taken),
    WMNET_TEST (test_metrics_path), WMNET_TEST (test_bind_error));
