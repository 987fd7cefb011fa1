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

/* MS-WMSP sessions and SelectStream against a real wmnetsink, with requests
 * crafted as Windows Media Player writes them ([MS-WMSP] 2.2.2, section 4;
 * docs/design.md D40-D42): the client-id a describe gives is kept by the
 * play that echoes it; an id the server never gave gets a new one and
 * xResetStrm; SelectStream's POST and GET forms are screened and answered
 * without disturbing the stream; a malformed selection is refused; and
 * MPlayer and FFmpeg, whose plays name their streams, still play. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestlog.h"
#include "wmnetlogreport.h"

#define AGENT "User-Agent: " WMNET_TEST_WMP_AGENT "\r\n"
#define GUID "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n"

/* A describe as Windows Media Player sends it; @extra: more header lines. */
static gchar *
describe_req (const gchar * extra)
{
  return g_strdup_printf ("GET / HTTP/1.0\r\nAccept: */*\r\n" AGENT
      "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
      "request-context=1,max-duration=0\r\n" GUID "%sConnection: Close\r\n\r\n",
      extra);
}

/* Its play: @client_id NULL for none; @entry the stream-switch-entry. */
static gchar *
play_req (const gchar * client_id, const gchar * entry)
{
  gchar *cid = client_id ? g_strdup_printf ("Pragma: client-id=%s\r\n",
      client_id) : g_strdup ("");
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\nAccept: */*\r\n" AGENT
      "Pragma: no-cache,rate=1.000000,stream-time=0,"
      "stream-offset=4294967295:4294967295,request-context=2,"
      "max-duration=0\r\nPragma: xPlayStrm=1\r\n%s" GUID
      "Pragma: stream-switch-count=2\r\nPragma: stream-switch-entry=%s\r\n"
      "Connection: Close\r\n\r\n", cid, entry);

  g_free (cid);
  return req;
}

/* A request whose answer ends: its response head. */
static gchar *
ask (guint port, const gchar * req)
{
  gsize got, head_len;

  return wmnet_test_request (port, req, NULL, &got, &head_len, 5000);
}

static gchar *
ask_free (guint port, gchar * req)
{
  gchar *head = ask (port, req);

  g_free (req);
  return head;
}

/* A play left open: its socket; @head gets the response head. */
static GSocket *
play_open (guint port, gchar * req, gchar ** head)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *arr;
  gchar *end;

  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  g_free (req);
  arr = wmnet_test_recv (sock, 4096, 10000);
  end = g_strstr_len ((gchar *) arr->data, arr->len, "\r\n\r\n");
  fail_unless (end != NULL, "no response head");
  *head = g_strndup ((gchar *) arr->data, end - (gchar *) arr->data + 4);
  g_byte_array_unref (arr);
  return sock;
}

/* The stream still flows on @sock: @bytes more arrive. */
static void
still_streaming (GSocket * sock, gsize bytes)
{
  GByteArray *arr = wmnet_test_recv (sock, bytes, 10000);

  fail_unless (arr->len == bytes, "got %u of %u bytes", arr->len,
      (guint) bytes);
  g_byte_array_unref (arr);
}

static gboolean
has (const gchar * head, const gchar * line)
{
  return strstr (head, line) != NULL;
}

/* A describe with the lines @extra: answered 200 without a reset (that
 * is a play's); returns the client id it gives. */
static gchar *
described_cid (guint port, const gchar * extra)
{
  gchar *head = ask_free (port, describe_req (extra));
  gchar *cid;

  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_if (has (head, "xResetStrm"), "%s", head);
  cid = wmnet_test_client_id_of (head);
  g_free (head);
  return cid;
}

GST_START_TEST (test_session_kept)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("", &port);
  gchar *cid = described_cid (port, ""), *head, *cid2;
  GSocket *sock;

  /* the play echoes it: the same session ([MS-WMSP] 3.2.5.6) */
  sock = play_open (port, play_req (cid, "ffff:1:0 ffff:2:0"), &head);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_if (has (head, "xResetStrm"), "%s", head);
  cid2 = wmnet_test_client_id_of (head);
  fail_unless_equals_string (cid2, cid);
  fail_unless (has (head, "Content-Type: application/x-mms-framed"), "%s",
      head);
  /* the server offers only the non-pipelined mode ([MS-WMSP] 2.2.1.4.15) */
  fail_if (has (head, "pipeline"), "%s", head);
  still_streaming (sock, 16384);
  g_free (head);

  /* another play of that session while it streams: 409, a hijack
   * refused ([MS-WMSP] 3.2.5.6); the session streams on */
  head = ask_free (port, play_req (cid, "ffff:1:0 ffff:2:0"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 409 "), "%s", head);
  g_free (head);
  still_streaming (sock, 16384);
  g_object_unref (sock);
  g_free (cid2);

  /* a describe that echoes it keeps it too */
  {
    gchar *line = g_strdup_printf ("Pragma: client-id=%s\r\n", cid);

    head = ask_free (port, describe_req (line));
    g_free (line);
  }
  cid2 = wmnet_test_client_id_of (head);
  fail_unless_equals_string (cid2, cid);
  g_free (cid2);
  g_free (head);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_unknown_session)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("", &port);
  gchar *head, *cid;
  GSocket *sock;
  static const gchar *const unknown[] = { "4242", "9999999999", "0" };
  guint i;

  /* an id the server never gave: a new session, and the player is told
   * to start over ([MS-WMSP] 2.2.1.4.37, 3.2.5.6) */
  for (i = 0; i < G_N_ELEMENTS (unknown); i++) {
    sock = play_open (port, play_req (unknown[i], "ffff:1:0 ffff:2:0"), &head);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
    fail_unless (has (head, "Pragma: xResetStrm=1\r\n"), "%s", head);
    cid = wmnet_test_client_id_of (head);
    fail_if (g_str_equal (cid, unknown[i]), "%s", head);
    still_streaming (sock, 4096);
    g_object_unref (sock);
    g_free (cid);
    g_free (head);
  }

  /* no client-id (FFmpeg, VLC, MPlayer): a new session, nothing to reset */
  sock = play_open (port, play_req (NULL, "ffff:1:0 ffff:2:0 "), &head);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_if (has (head, "xResetStrm"), "%s", head);
  g_object_unref (sock);
  g_free (head);

  /* a describe with an unknown id gets a new one */
  cid = described_cid (port, "Pragma: client-id=4242\r\n");
  fail_if (g_str_equal (cid, "4242"), "the unknown id %s kept", cid);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* [MS-WMSP] 2.2.2.8's non-pipelined form: a POST with no body and no
 * Content-Type; @client_id NULL for none. */
static gchar *
select_post (const gchar * client_id, const gchar * entry, const gchar * more)
{
  gchar *cid = client_id ? g_strdup_printf ("Pragma: client-id=%s\r\n",
      client_id) : g_strdup ("");
  gchar *req = g_strdup_printf ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      AGENT "Pragma: no-cache,rate=1.000000,request-context=3\r\n%s" GUID
      "Pragma: stream-switch-count=1\r\nPragma: stream-switch-entry=%s\r\n"
      "%s\r\n", cid, entry, more);

  g_free (cid);
  return req;
}

GST_START_TEST (test_select_stream)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("", &port);
  gchar *head, *req, *cid = described_cid (port, "");
  GSocket *sock;

  sock = play_open (port, play_req (cid, "ffff:1:0 ffff:2:0"), &head);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  still_streaming (sock, 4096);

  /* POST form, then the GET form (a GET with stream-switch-entry and no
   * xPlayStrm is no describe): the server switches the session's streams
   * (pipelines/wmnetsink-select checks what it is sent then) */
  head =
      ask_free (port, select_post (cid, "ffff:2:0", "Content-Length: 0\r\n"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  req = g_strdup_printf ("GET / HTTP/1.0\r\n" AGENT "Pragma: client-id=%s\r\n"
      GUID "Pragma: stream-switch-count=1\r\n"
      "Pragma: stream-switch-entry=ffff:2:0\r\n\r\n", cid);
  head = ask_free (port, req);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_if (has (head, "application/vnd.ms.wms-hdr.asfv1"), "%s", head);
  g_free (head);
  /* a HEAD with the pragma changes nothing: a describe's headers */
  req = g_strdup_printf ("HEAD / HTTP/1.0\r\n" AGENT
      "Pragma: stream-switch-entry=ffff:2:0\r\n\r\n");
  head = ask_free (port, req);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);

  /* malformed, or naming no session: 400 */
  head = ask_free (port, select_post (cid, "ffff:2:9", ""));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 400 "), "%s", head);
  g_free (head);
  head = ask_free (port, select_post (NULL, "ffff:2:0", ""));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 400 "), "%s", head);
  g_free (head);
  /* a body: refused unread (the spec's POST has none) */
  head = ask_free (port, select_post (cid, "ffff:2:0",
          "Content-Length: 100000\r\n"));
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 400 "), "%s", head);
  g_free (head);
  /* any other POST (here a Stop, 2.2.2.10): 405 naming the methods */
  req = g_strdup_printf ("POST / HTTP/1.1\r\nHost: a\r\n" AGENT
      "Pragma: client-id=%s, xStopStrm=1\r\nContent-Length: 0\r\n\r\n", cid);
  head = ask_free (port, req);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 405 "), "%s", head);
  fail_unless (has (head, "Allow: GET, HEAD, POST\r\n"), "%s", head);
  g_free (head);

  /* none of it disturbed the stream */
  still_streaming (sock, 16384);
  g_object_unref (sock);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_malformed_play)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("", &port);
  static const gchar *const bad[] = { "ffff:1:3", "ffff:0:0", "ffff:1", "" };
  guint i;

  /* a play whose selection cannot be read is refused rather than flooding
   * the client with every stream ([MS-WMSP] 2.2.1.4.27, D41) */
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *head = ask_free (port, play_req (NULL, bad[i]));

    fail_unless (g_str_has_prefix (head, "HTTP/1.0 400 "), "%s: %s", bad[i],
        head);
    g_free (head);
  }
  fail_unless_equals_int (wmnet_test_num_clients (p), 0);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_players)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("", &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gchar *err = NULL;
  gint status;
  /* MPlayer's play names the streams it chose (stream-switch-entry before
   * stream-switch-count, captured) */
  const gchar *mplayer[] = { "mplayer", "-noconfig", "all", "-really-quiet",
    "-frames", "50", "-vo", "null", "-ao", "null", url, NULL
  };
  /* FFmpeg's names every stream in decimal */
  const gchar *ffmpeg[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", "2", "-f", "null", "-", NULL
  };

  wmnet_test_require_program ("mplayer");
  wmnet_test_require_program ("ffmpeg");
  fail_unless (wmnet_test_run (mplayer, 60, &status, NULL, &err));
  fail_unless_equals_int (status, 0);
  g_free (err);
  fail_unless (wmnet_test_run (ffmpeg, 60, &status, NULL, &err));
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "%s", err);
  g_free (err);
  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_sessions, 120,
    WMNET_TEST (test_session_kept),
    WMNET_TEST (test_unknown_session),
    WMNET_TEST (test_select_stream),
    WMNET_TEST (test_malformed_play), WMNET_TEST (test_players));
