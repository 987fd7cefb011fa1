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

/* Unit tests of the request head screen: heads a proxy in front could read
 * another way than libsoup does are flagged, Expect lines are taken out, and
 * everything else passes byte for byte, however the bytes arrive. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <sys/socket.h>

#include "wmnetheadscreen.h"
#include "wmnettestscreen.h"
#include "wmnettestsuite.h"

/* Reads @head through a screened stream, as libsoup does: @step bytes
 * arrive at a time (0: all at once), read @count bytes at a time. */
static gchar *
screen_read (const gchar * head, gsize step, gsize count,
    const gchar ** problem, gboolean * done)
{
  WmnetTestScreened res;
  gchar *out;

  wmnet_test_screen_read ((const guint8 *) head, strlen (head), step, count,
      &res);
  fail_unless (res.can_poll);
  fail_if (res.read_failed, "read error");
  *problem = res.problem;
  *done = res.done;
  out = g_strndup ((const gchar *) res.out->data, res.out->len);
  g_byte_array_unref (res.out);
  return out;
}

/* screen_read() with a small buffer (lines are cut across reads too) and
 * with libsoup's 8 KiB: the same bytes come out either way. */
static gchar *
screen (const gchar * head, gsize step, const gchar ** problem, gboolean * done)
{
  static const gsize counts[] = { 1, 7, 8192 };
  gchar *first = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (counts); i++) {
    gchar *out = screen_read (head, step, counts[i], problem, done);

    if (first == NULL) {
      first = out;
    } else {
      fail_unless_equals_string (out, first);
      g_free (out);
    }
  }
  return first;
}

static const gchar ffmpeg_play[] =
    "GET / HTTP/1.1\r\n"
    "Accept: */*\r\n"
    "User-Agent: NSPlayer/4.1.0.3856\r\n"
    "Host: 127.0.0.1:8080\r\n"
    "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
    "request-context=2,max-duration=0\r\n"
    "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n"
    "Pragma: xPlayStrm=1\r\n"
    "Pragma: stream-switch-count=2\r\n"
    "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 \r\n"
    "Connection: Close\r\n\r\n";

GST_START_TEST (test_good_heads_pass)
{
  static const gsize steps[] = { 0, 1, 3, 16 };
  const gchar *problem;
  gboolean done;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (steps); i++) {
    gchar *out = screen (ffmpeg_play, steps[i], &problem, &done);

    fail_unless_equals_string (out, ffmpeg_play);
    fail_unless (problem == NULL, "%s", problem);
    fail_unless (done);
    g_free (out);
  }
  /* bare LF line ends, an obs-fold line, a body after the head: all kept */
  {
    const gchar *h = "GET / HTTP/1.0\nA: 1\n  2\nContent-Length: 3\n"
        "Content-Length: 3\n\nabcGET / HTTP/1.0\r\nX y: z\r\n\r\n";
    gchar *out = screen (h, 2, &problem, &done);

    fail_unless_equals_string (out, h);
    fail_unless (problem == NULL, "%s", problem);
    fail_unless (done);
    g_free (out);
  }
  /* a head cut short is passed on as it is, for libsoup to answer */
  {
    gchar *out = screen ("GET / HTTP/1.0\r\nHost: x", 0, &problem, &done);

    fail_unless_equals_string (out, "GET / HTTP/1.0\r\nHost: x");
    g_free (out);
  }
}

GST_END_TEST;

GST_START_TEST (test_smuggling_flagged)
{
  static const gchar *const bad[] = {
    /* libsoup drops the line; a proxy may take it as chunked */
    "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding\t: chunked\r\n\r\n",
    "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
    "GET / HTTP/1.1\r\ncontent-length: 0\r\nCONTENT-LENGTH: 12\r\n\r\n",
    "GET / HTTP/1.1\r\nHost a\r\n\r\n",
    "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
    /* libsoup's head ends at an empty line only: it drops a line of CRs
     * and takes one of the lengths after it */
    "GET / HTTP/1.1\r\nHost: a\r\n\r\r\nContent-Length: 5\r\n"
        "Content-Length: 7\r\n\r\n",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    const gchar *problem;
    gboolean done;
    gchar *out = screen (bad[i], 5, &problem, &done);

    fail_unless (problem != NULL, "not flagged: %s", bad[i]);
    /* flagged, not changed: the server answers 400 */
    fail_unless_equals_string (out, bad[i]);
    g_free (out);
  }
}

GST_END_TEST;

GST_START_TEST (test_expect_removed)
{
  const gchar *problem;
  gboolean done;
  gchar *out = screen ("GET / HTTP/1.1\r\nHost: a\r\nexpect: 100-continue\r\n"
      "User-Agent: x\r\n\r\n", 4, &problem, &done);

  fail_unless_equals_string (out,
      "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\n\r\n");
  fail_unless (problem == NULL);
  g_free (out);
  /* a line at a time, cut anywhere: the same */
  out = screen ("GET / HTTP/1.1\r\nEXPECT:x\r\nExpect\t: y\r\n"
      "Exp: 1\r\n Expect: fold\r\nExpected: 2\r\nExpect\r\n\r\n", 1,
      &problem, &done);
  fail_unless_equals_string (out, "GET / HTTP/1.1\r\nExpect\t: y\r\n"
      "Exp: 1\r\n Expect: fold\r\nExpected: 2\r\nExpect\r\n\r\n");
  fail_unless_equals_string (problem, "whitespace in a header name");
  fail_unless (done);
  g_free (out);
  /* only in the head */
  out = screen ("GET / HTTP/1.0\r\n\r\nExpect: 100-continue\r\n", 0, &problem,
      &done);
  fail_unless_equals_string (out,
      "GET / HTTP/1.0\r\n\r\nExpect: 100-continue\r\n");
  g_free (out);
}

GST_END_TEST;

/* A head with no end is not held back past 64 KiB: bytes keep flowing and
 * libsoup refuses it. */
GST_START_TEST (test_endless_head)
{
  GString *h = g_string_new ("GET / HTTP/1.1\r\nX: ");
  const gchar *problem;
  gboolean done;
  gchar *out;

  while (h->len < 100000)
    g_string_append_c (h, 'a');
  out = screen (h->str, 4096, &problem, &done);
  fail_unless_equals_string (out, h->str);
  g_free (out);
  g_string_free (h, TRUE);
}

GST_END_TEST;

/* On a real connection, read without blocking as libsoup does: a line
 * start that may be an Expect line is held (the read would block), a line
 * taken out whole is no read of 0 (end of stream), and after the head the
 * bytes come straight from the socket. */
static gchar *
read_now (GInputStream * in, gboolean * would_block)
{
  gchar buf[8192];
  GError *error = NULL;
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM
      (in), buf, sizeof (buf), NULL, &error);

  *would_block = n < 0
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  fail_unless (n >= 0 || *would_block, "%s", error ? error->message : "");
  g_clear_error (&error);
  return n < 0 ? NULL : g_strndup (buf, n);
}

static void
send_all (int fd, const gchar * s)
{
  fail_unless (send (fd, s, strlen (s), 0) == (gssize) strlen (s));
}

/* Nothing to read yet: the read would block. */
static void
expect_held (GInputStream * in)
{
  gboolean would_block;
  gchar *out = read_now (in, &would_block);

  fail_unless (out == NULL && would_block, "%s", out);
}

/* What a read gives now is @want ("": the end of the stream). */
static void
expect_read (GInputStream * in, const gchar * want)
{
  gboolean would_block;
  gchar *out = read_now (in, &would_block);

  fail_unless_equals_string (out, want);
  g_free (out);
}

GST_START_TEST (test_socket_nonblocking)
{
  int fds[2];
  GSocket *sock;
  GSocketConnection *conn;
  WmnetHeadScreen *screen = wmnet_head_screen_new ();
  GIOStream *screened;
  GInputStream *in;
  gboolean would_block;
  gchar *out, *big;

  fail_unless (socketpair (AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  sock = g_socket_new_from_fd (fds[0], NULL);
  fail_unless (sock != NULL);
  g_socket_set_blocking (sock, FALSE);
  conn = g_socket_connection_factory_create_connection (sock);
  screened = wmnet_screened_stream_new (G_IO_STREAM (conn), screen);
  in = g_io_stream_get_input_stream (screened);

  expect_held (in);

  send_all (fds[1], "GET / HTTP/1.1\r\nExp");
  expect_read (in, "GET / HTTP/1.1\r\n");
  /* "Exp" is held: nothing to read yet */
  expect_held (in);

  send_all (fds[1], "ect: 100-continue\r\n");
  expect_held (in);

  send_all (fds[1], "Expec");
  expect_held (in);
  send_all (fds[1], "ted: 0\r\nHost: a\r\n\r\nabc");
  expect_read (in, "Expected: 0\r\nHost: a\r\n\r\nabc");
  fail_unless (wmnet_head_screen_is_done (screen));
  fail_unless (wmnet_head_screen_get_problem (screen) == NULL);

  /* past the head: straight through, Expect too */
  big = g_strnfill (5000, 'x');
  send_all (fds[1], "Expect: y\r\n");
  send_all (fds[1], big);
  out = read_now (in, &would_block);
  fail_unless (g_str_has_prefix (out, "Expect: y\r\nxxx"));
  fail_unless_equals_int (strlen (out), 5000 + 11);
  g_free (out);
  g_free (big);

  /* the peer closes: end of stream */
  close (fds[1]);
  expect_read (in, "");

  g_object_unref (screened);
  g_object_unref (conn);
  g_object_unref (sock);
  g_object_unref (screen);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetheadscreen, 0,
    WMNET_TEST (test_good_heads_pass),
    WMNET_TEST (test_smuggling_flagged),
    WMNET_TEST (test_expect_removed),
    WMNET_TEST (test_endless_head), WMNET_TEST (test_socket_nonblocking));
