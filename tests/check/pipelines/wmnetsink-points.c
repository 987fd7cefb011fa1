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

/* End to end: publishing points (docs/design.md D69), two broadcasts on
 * one port, /live (320x240) and /news (176x144), each played by FFmpeg
 * (mmsh:// and http://) and VLC as its own stream; a path nobody serves
 * gets 404, posted and counted (reason not-found) by the element that
 * claimed the port first; a third element claiming /live fails to start and names it;
 * each point counts only its own clients; the point of every path takes
 * what the others do not serve; a bad publishing-point is refused. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem */

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestvlc.h"

#define CLIENT_TIMEOUT 40

/* a second channel, of another picture size */
#define NEWS_BROADCAST(extra) \
  "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=176,height=144,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=200000 gop-size=50 ! queue ! wmnetsink name=s address=127.0.0.1 " extra " " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=22050,channels=1 ! audioconvert ! " \
  "avenc_wmav2 ! queue ! s."

typedef struct
{
  GstElement *live, *news;
  guint port;
} Channels;

/* /live on a free port, then /news on the same port */
static void
channels_start (Channels * c)
{
  gchar *desc;
  guint port;

  c->live = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("publishing-point=/live"), &c->port);
  desc = g_strdup_printf (NEWS_BROADCAST ("port=%u publishing-point=/news"),
      c->port);
  c->news = wmnet_test_start_pipeline (desc, &port);
  g_free (desc);
  fail_unless_equals_int (port, c->port);
}

static void
channels_stop (Channels * c)
{
  wmnet_test_stop_pipeline (c->news);
  wmnet_test_stop_pipeline (c->live);
}

static GstElement *
sink_of (GstElement * pipeline)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");

  fail_unless (s != NULL);
  return s;
}

static void
assert_host_url (GstElement * pipeline, guint port, const gchar * path)
{
  GstElement *s = sink_of (pipeline);
  gchar *url, *want = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);

  g_object_get (s, "host-url", &url, NULL);
  fail_unless_equals_string (url, want);
  g_free (url);
  g_free (want);
  gst_object_unref (s);
}

/* The status line of a request for @path (a describe, or with @play a
 * play that stays open: returned in @play). */
static gchar *
status_of (guint port, const gchar * path, GSocket ** play)
{
  gchar *req = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n"
      "User-Agent: NSPlayer/7.10.0.3059\r\n"
      "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n"
      "%s\r\n", path, play ? "Pragma: xPlayStrm=1\r\n" : "");
  GByteArray *got;
  GSocket *sock = wmnet_test_open_get (port, NULL, req, 12, &got);
  gchar *line = g_strndup ((gchar *) got->data, 12);

  g_byte_array_unref (got);
  if (play)
    *play = sock;
  else
    g_object_unref (sock);
  g_free (req);
  return line;
}

/* A describe of /news pipelined behind one of /live on one connection:
 * /live answers and closes (HTTP/1.0, Connection: close); the request for
 * /news, which the connection's point does not serve, gets no answer. */
static void
assert_one_answer (guint port)
{
  const gchar *req = "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "User-Agent: NSPlayer/7.10.0.3059\r\n\r\n"
      "GET /news HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "User-Agent: NSPlayer/7.10.0.3059\r\n\r\n";
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *got;
  const guint8 *at;
  guint n = 0;

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  /* until the server closes it */
  got = wmnet_test_recv (sock, 1 << 20, 10000);
  fail_unless (got->len > 0);
  for (at = got->data; (at = memmem (at, got->data + got->len - at,
              "HTTP/1.", 7)); at += 7)
    n++;
  fail_unless (g_str_has_prefix ((gchar *) got->data, "HTTP/1.0 200"));
  fail_unless_equals_int (n, 1);
  g_byte_array_unref (got);
  g_object_unref (sock);
}

GST_START_TEST (test_two_channels)
{
  Channels c;
  gchar *line;

  channels_start (&c);
  assert_host_url (c.live, c.port, "/live");
  assert_host_url (c.news, c.port, "/news");
  wmnet_test_assert_plays_wmv ("mmsh", c.port, "/live", "320", "240",
      CLIENT_TIMEOUT);
  wmnet_test_assert_plays_wmv ("mmsh", c.port, "/news", "176", "144",
      CLIENT_TIMEOUT);
  wmnet_test_assert_plays_wmv ("http", c.port, "/news", "176", "144",
      CLIENT_TIMEOUT);
  wmnet_test_assert_plays_wmv ("http", c.port, "/live", "320", "240",
      CLIENT_TIMEOUT);
  /* the query is not part of the path */
  wmnet_test_assert_plays_wmv ("mmsh", c.port, "/news?channel=1", "176", "144",
      CLIENT_TIMEOUT);

  /* nobody serves them */
  line = status_of (c.port, "/other", NULL);
  fail_unless_equals_string (line, "HTTP/1.0 404");
  g_free (line);
  line = status_of (c.port, "/", NULL);
  fail_unless_equals_string (line, "HTTP/1.0 404");
  g_free (line);
  line = status_of (c.port, "/live/", NULL);
  fail_unless_equals_string (line, "HTTP/1.0 404");
  g_free (line);
  assert_one_answer (c.port);
  channels_stop (&c);
}

GST_END_TEST;

/* A request for a path nobody serves is refused by the first element
 * that claimed the port: posted and counted once, reason not-found. */
GST_START_TEST (test_not_found)
{
  Channels c;
  GstStructure *msg;
  gchar *line;

  channels_start (&c);
  line = status_of (c.port, "/other", NULL);
  fail_unless_equals_string (line, "HTTP/1.0 404");
  g_free (line);
  msg = wmnet_test_pop_element_message (c.live, "wmnetsink-client-refused",
      10000);
  fail_unless (msg != NULL, "no refusal posted by /live");
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
      "not-found");
  fail_unless_equals_string (gst_structure_get_string (msg, "address"),
      "127.0.0.1");
  fail_unless_equals_string (gst_structure_get_string (msg, "path"), "/other");
  gst_structure_free (msg);
  fail_unless_equals_int (wmnet_test_get_stat (c.live, "refused-not-found"), 1);
  fail_unless_equals_int (wmnet_test_get_stat (c.live,
          "connections-refused"), 1);
  fail_unless_equals_int (wmnet_test_get_stat (c.news, "refused-not-found"), 0);
  fail_unless_equals_int (wmnet_test_get_stat (c.news,
          "connections-refused"), 0);
  msg = wmnet_test_pop_element_message (c.news, "wmnetsink-client-refused", 0);
  fail_unless (msg == NULL);
  channels_stop (&c);
}

GST_END_TEST;

/* Each point has its own client table and totals. */
GST_START_TEST (test_clients_apart)
{
  Channels c;
  GSocket *play;
  GstStructure *log;
  gchar *line, **fields;

  channels_start (&c);
  fail_unless (wmnet_test_wait_key_packet (c.live, 10000));
  line = status_of (c.port, "/live", &play);
  fail_unless (g_str_has_prefix (line, "HTTP/1."), "%s", line);
  fail_unless (strstr (line, " 200") != NULL, "%s", line);
  fail_unless (wmnet_test_wait_num_clients (c.live, 1, 10000));
  fail_unless_equals_int (wmnet_test_num_clients (c.news), 0);
  fail_unless_equals_int (wmnet_test_get_stat (c.news,
          "connections-accepted"), 0);
  fail_unless_equals_int (wmnet_test_get_stat (c.news, "bytes-sent"), 0);
  fail_unless_equals_int (wmnet_test_get_stat (c.live,
          "connections-accepted"), 1);
  g_object_unref (play);
  fail_unless (wmnet_test_wait_num_clients (c.live, 0, 10000));
  g_free (line);
  /* its access log line is /live's (after the report's grace of 3 s), and
   * /news has none */
  log = wmnet_test_pop_element_message (c.live, "wmnetsink-log", 10000);
  fail_unless (log != NULL, "no log line from /live");
  fields = g_strsplit (gst_structure_get_string (log, "line"), " ", -1);
  fail_unless (g_strv_length (fields) > 4);
  fail_unless_equals_string (fields[4], "/live");
  g_strfreev (fields);
  gst_structure_free (log);
  log = wmnet_test_pop_element_message (c.news, "wmnetsink-log", 0);
  fail_unless (log == NULL);
  channels_stop (&c);
}

GST_END_TEST;

/* A third element claiming /live on the port fails to start, naming the
 * port and the path; /live plays on. */
GST_START_TEST (test_same_point_twice)
{
  Channels c;
  GstElement *p, *s;
  GstBus *bus;
  GstMessage *m;
  GError *err = NULL;
  gchar *debug = NULL, *want;

  channels_start (&c);
  p = gst_pipeline_new (NULL);
  s = gst_element_factory_make ("wmnetserversink", "third");
  fail_unless (s != NULL);
  g_object_set (s, "port", c.port, "address", "127.0.0.1",
      "publishing-point", "/live", NULL);
  gst_bin_add (GST_BIN (p), s);
  bus = gst_element_get_bus (p);
  fail_unless (gst_element_set_state (p, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_poll (bus, GST_MESSAGE_ERROR, 5 * GST_SECOND);
  fail_unless (m != NULL, "no error message");
  gst_message_parse_error (m, &err, &debug);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_BUSY), "%s", err->message);
  want = g_strdup_printf ("Port %u already has the publishing point /live",
      c.port);
  fail_unless (strstr (err->message, want) != NULL, "%s", err->message);
  g_free (want);
  g_error_free (err);
  g_free (debug);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);

  wmnet_test_assert_plays_wmv ("mmsh", c.port, "/live", "320", "240",
      CLIENT_TIMEOUT);
  channels_stop (&c);
}

GST_END_TEST;

/* With the point of every path on the port: /news to its own, the rest
 * to it. */
GST_START_TEST (test_every_path)
{
  GstElement *any, *news;
  GSocket *play;
  gchar *desc, *line;
  guint port, port2;

  any = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""), &port);
  desc = g_strdup_printf (NEWS_BROADCAST ("port=%u publishing-point=/news"),
      port);
  news = wmnet_test_start_pipeline (desc, &port2);
  g_free (desc);
  fail_unless_equals_int (port2, port);
  assert_host_url (any, port, "/");
  wmnet_test_assert_plays_wmv ("mmsh", port, "/news", "176", "144",
      CLIENT_TIMEOUT);
  wmnet_test_assert_plays_wmv ("mmsh", port, "/anything", "320", "240",
      CLIENT_TIMEOUT);

  fail_unless (wmnet_test_wait_key_packet (news, 10000));
  line = status_of (port, "/news", &play);
  fail_unless (strstr (line, " 200") != NULL, "%s", line);
  fail_unless (wmnet_test_wait_num_clients (news, 1, 10000));
  fail_unless_equals_int (wmnet_test_num_clients (any), 0);
  g_object_unref (play);
  g_free (line);
  wmnet_test_stop_pipeline (news);
  wmnet_test_stop_pipeline (any);
}

GST_END_TEST;

static void
assert_refused (GstElement * e, GPtrArray * caught, const gchar * value,
    const gchar * stays)
{
  gchar *got;

  g_ptr_array_set_size (caught, 0);
  g_object_set (e, "publishing-point", value, NULL);
  fail_unless_equals_int (caught->len, 1);
  fail_unless (strstr (g_ptr_array_index (caught, 0), value) != NULL, "%s",
      (gchar *) g_ptr_array_index (caught, 0));
  g_object_get (e, "publishing-point", &got, NULL);
  fail_unless_equals_string (got, stays);
  g_free (got);
}

/* A value that cannot be matched exactly is refused with a warning naming
 * it; the value stays. wmnetsink's goes to its server sink. */
GST_START_TEST (test_bad_point)
{
  const gchar *factories[] = { "wmnetserversink", "wmnetsink" };
  guint f;

  for (f = 0; f < G_N_ELEMENTS (factories); f++) {
    GstElement *e = gst_element_factory_make (factories[f], NULL);
    GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
    GstCheckLogFilter *filter =
        wmnet_test_catch_warnings ("publishing-point", caught);
    gchar *got;

    g_object_get (e, "publishing-point", &got, NULL);
    fail_unless (got == NULL);
    assert_refused (e, caught, "news", NULL);
    g_object_set (e, "publishing-point", "/news", NULL);
    fail_unless_equals_int (caught->len, 1);
    assert_refused (e, caught, "/news/", "/news");
    assert_refused (e, caught, "/a/../b", "/news");
    assert_refused (e, caught, "/news?x=1", "/news");
    assert_refused (e, caught, "/n%41", "/news");
    g_object_set (e, "publishing-point", NULL, NULL);
    g_object_get (e, "publishing-point", &got, NULL);
    fail_unless (got == NULL);
    gst_check_remove_log_filter (filter);
    g_ptr_array_unref (caught);
    gst_object_unref (e);
  }
}

GST_END_TEST;

/* VLC's own mmsh client plays the second channel. */
GST_START_TEST (test_vlc_news)
{
  Channels c;

  channels_start (&c);
  wmnet_test_vlc_finish (wmnet_test_vlc_spawn_path (c.port, "/news", 5), 50,
      40);
  channels_stop (&c);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_points, 180,
    WMNET_TEST (test_bad_point),
    WMNET_TEST (test_two_channels),
    WMNET_TEST (test_not_found),
    WMNET_TEST (test_clients_apart),
    WMNET_TEST (test_same_point_twice),
    WMNET_TEST (test_every_path), WMNET_TEST (test_vlc_news));
