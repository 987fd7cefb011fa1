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

/* The access log and the statistics against real clients: FFmpeg and VLC
 * over mmsh and a crafted Windows Media Player session (describe, play,
 * then the LogStats POST of [MS-WMSP] 2.2.1.2.5 with a [MS-WMLOG] report)
 * read one finite broadcast to its end; the log file, read with a W3C
 * parser (fields named by #Fields), has one line each, whose sc-bytes and
 * x-duration match what each client got, and the stats match the lines.
 * Also: rotation by rename + set, a path that cannot be written. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnettestutils.h"
#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"
#include "wmnettestlog.h"
#include "wmnetlogreport.h"

/* A finite live broadcast (about 6 s), so that every client reads to the
 * end and what it got can be compared with what the server sent. */
#define FINITE_BROADCAST(extra) \
  "videotestsrc is-live=true num-buffers=150 pattern=ball ! " \
  "video/x-raw,width=320,height=240,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=400000 gop-size=25 ! queue ! " \
  "wmnetsink name=s port=0 address=127.0.0.1 " extra " " \
  "audiotestsrc is-live=true num-buffers=258 ! " \
  "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! " \
  "queue ! s."

/* MS-WMSP framing per $H / $D chunk ([MS-WMSP] 2.2.3.1: 4 bytes + the
 * 8-byte extension) and the $E that ends the stream (4 + 4) */
#define FRAME 12
#define END_FRAME 8

/* ---- FFmpeg and VLC ---------------------------------------------------- */

/* "Statistics: N bytes read" of FFmpeg's input (-v verbose) */
static guint64
ffmpeg_bytes_read (const gchar * err)
{
  const gchar *p = strstr (err, " bytes read");
  const gchar *s;

  fail_unless (p != NULL, "no input statistics from ffmpeg:\n%s", err);
  for (s = p; s > err && g_ascii_isdigit (s[-1]); s--);
  return g_ascii_strtoull (s, NULL, 10);
}

static GSubprocess *
spawn_vlc (const gchar * url, const gchar * dir, const gchar * dump)
{
  gchar *file = g_strdup_printf ("--demuxdump-file=%s", dump);
  const gchar *args[] = { "--aout=dummy", "--vout=dummy",
    "--play-and-exit", "--demux=dump", file, url, NULL
  };
  gchar **argv;
  GSubprocess *proc;

  argv = wmnet_test_vlc_argv (dir, args);
  g_chmod (dir, 0777);
  proc = wmnet_test_spawn ((const gchar * const *) argv);
  g_strfreev (argv);
  g_free (file);
  return proc;
}

static guint
packet_size_of (GstElement * p)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  guint size = 0;

  g_object_get (s, "packet-size", &size, NULL);
  gst_object_unref (s);
  return size;
}

static guint64
stat_u64 (const GstStructure * s, const gchar * field)
{
  guint64 v = 0;

  fail_unless (gst_structure_get_uint64 (s, field, &v), "%s", field);
  return v;
}

/* The server's bytes for a client that got @received stream bytes: its
 * framing on top, within one packet (plus its framing). */
static void
assert_bytes (const gchar * who, guint64 sc_bytes, guint64 pkts,
    guint64 received, guint packet_size)
{
  guint64 framing = FRAME * (pkts + 1) + END_FRAME;
  guint64 expect = received + framing;
  guint64 diff = sc_bytes > expect ? sc_bytes - expect : expect - sc_bytes;

  GST_INFO ("%s: sc-bytes %" G_GUINT64_FORMAT ", received %" G_GUINT64_FORMAT
      " + framing %" G_GUINT64_FORMAT, who, sc_bytes, received, framing);
  fail_unless (diff <= packet_size + FRAME, "%s: sc-bytes %" G_GUINT64_FORMAT
      " but it received %" G_GUINT64_FORMAT " (+ %" G_GUINT64_FORMAT
      " framing)", who, sc_bytes, received, framing);
}

static void
assert_duration (const gchar * who, GHashTable * line, gdouble wall)
{
  guint64 d = wmnet_test_w3c_u64 (line, "x-duration");

  /* the connection lasts at most the client's run, and not 1 s less (its
   * own start and describe aside) */
  GST_INFO ("%s: x-duration %" G_GUINT64_FORMAT ", ran %.2f s", who, d, wall);
  fail_unless (d <= wall + 1.0 && d + 1.0 >= wall - 1.0,
      "%s: x-duration %" G_GUINT64_FORMAT " for a client that ran %.2f s",
      who, d, wall);
}

GST_START_TEST (test_log_real_clients)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "access.log", NULL);
  gchar *dump = g_build_filename (wmnet_test_tmpdir, "vlc.asf", NULL);
  gchar *out_ff = g_build_filename (wmnet_test_tmpdir, "ffmpeg.asf", NULL);
  gchar *extra = g_strdup_printf ("log-location=%s", path);
  gchar *desc = g_strdup_printf (FINITE_BROADCAST ("%s"), extra);
  guint port, psize, n_msgs = 0;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *ff_argv[] = { "ffmpeg", "-nostdin", "-v", "verbose", "-i", url,
    "-c", "copy", "-f", "asf", "-y", out_ff, NULL
  };
  GSubprocess *ff, *vlc;
  GThread *wmp;
  gchar *err = NULL, *out = NULL;
  gint status;
  gint64 t0;
  gdouble ff_wall, vlc_wall;
  guint64 *wmp_received, ff_received, vlc_received, sum = 0;
  GStatBuf st;
  WmnetW3cLog *log;
  GHashTable *line;
  GstStructure *stats, *m;
  GstBus *bus;
  GstMessage *msg;

  psize = packet_size_of (p);
  wmnet_test_require_program ("ffmpeg");
  t0 = g_get_monotonic_time ();
  ff = wmnet_test_spawn (ff_argv);
  vlc = spawn_vlc (url, wmnet_test_tmpdir, dump);
  wmp = g_thread_new ("wmp", wmnet_test_wmp_session, GUINT_TO_POINTER (port));

  fail_unless (wmnet_test_wait (ff, 40, &status, &out, &err));
  ff_wall = (g_get_monotonic_time () - t0) / (gdouble) G_USEC_PER_SEC;
  fail_unless_equals_int (status, 0);
  ff_received = ffmpeg_bytes_read (err);
  g_free (out);
  g_free (err);
  fail_unless (wmnet_test_wait (vlc, 40, &status, &out, &err));
  vlc_wall = (g_get_monotonic_time () - t0) / (gdouble) G_USEC_PER_SEC;
  fail_unless_equals_int (status, 0);
  g_free (out);
  g_free (err);
  fail_unless (g_stat (dump, &st) == 0, "VLC wrote nothing");
  vlc_received = st.st_size;
  wmp_received = g_thread_join (wmp);

  /* the end of the stream: every client left, each line went out (the
   * MS-WMSP ones after their grace, or at once with the report) */
  bus = gst_element_get_bus (p);
  for (;;) {
    msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ELEMENT);
    fail_unless (msg != NULL, "no EOS");
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      break;
    }
    if (gst_message_has_name (msg, "wmnetsink-log"))
      n_msgs++;
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  stats = wmnet_test_get_stats (p);
  while (n_msgs < 3) {
    m = wmnet_test_pop_element_message (p, "wmnetsink-log", 10000);
    fail_unless (m != NULL, "%u wmnetsink-log messages", n_msgs);
    fail_unless (gst_structure_get_string (m, "line") != NULL);
    n_msgs++;
    gst_structure_free (m);
  }
  wmnet_test_stop_pipeline (p);

  log = wmnet_test_w3c_read (path);
  fail_unless_equals_int (log->lines->len, 3);
  fail_unless_equals_int (log->directives, 4);

  line = wmnet_test_w3c_find (log, "cs(User-Agent)", "NSPlayer/4.1");
  assert_bytes ("FFmpeg", wmnet_test_w3c_u64 (line, "sc-bytes"),
      wmnet_test_w3c_u64 (line, "s-pkts-sent"), ff_received, psize);
  assert_duration ("FFmpeg", line, ff_wall);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-ip"), "127.0.0.1");
  fail_unless_equals_string (g_hash_table_lookup (line, "s-ip"), "127.0.0.1");
  fail_unless_equals_string (g_hash_table_lookup (line, "protocol"), "http");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-status"), "200");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-buffercount"), "-");
  sum += wmnet_test_w3c_u64 (line, "sc-bytes");

  line = wmnet_test_w3c_find (log, "cs(User-Agent)", "NSPlayer/7.10");
  assert_bytes ("VLC", wmnet_test_w3c_u64 (line, "sc-bytes"),
      wmnet_test_w3c_u64 (line, "s-pkts-sent"), vlc_received, psize);
  assert_duration ("VLC", line, vlc_wall);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-playerversion"),
      "7.10.0.3059");
  sum += wmnet_test_w3c_u64 (line, "sc-bytes");

  /* the player's report merged into the server's line: the player's own
   * fields, the server's addresses and counts */
  line = wmnet_test_w3c_find (log, "c-playerid", WMNET_TEST_PLAYER_GUID);
  /* a raw socket reads the framing too: every byte sent, nothing more */
  fail_unless_equals_uint64 (wmnet_test_w3c_u64 (line, "sc-bytes"),
      *wmp_received);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-ip"), "127.0.0.1");
  fail_unless_equals_string (g_hash_table_lookup (line, "cs-uri-stem"),
      "/live");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-buffercount"), "2");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-totalbuffertime"),
      "3");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-quality"), "100");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-pkts-lost-client"),
      "1");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-os"), "Windows_XP");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-cpu"), "Pentium");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-playerversion"),
      "10.0.0.3802");
  sum += wmnet_test_w3c_u64 (line, "sc-bytes");

  /* the totals are the lines' */
  fail_unless_equals_uint64 (stat_u64 (stats, "bytes-sent"), sum);
  fail_unless_equals_uint64 (stat_u64 (stats, "connections-accepted"), 3);
  fail_unless_equals_uint64 (stat_u64 (stats, "disconnected-eos"), 3);
  fail_unless_equals_uint64 (stat_u64 (stats, "connections-refused"), 0);
  {
    guint peak = 0, clients = 99;

    fail_unless (gst_structure_get_uint (stats, "peak-clients", &peak));
    fail_unless (gst_structure_get_uint (stats, "clients", &clients));
    fail_unless (peak >= 1 && peak <= 3);
    fail_unless_equals_int (clients, 0);
  }
  gst_structure_free (stats);

  wmnet_test_w3c_free (log);
  g_free (wmp_received);
  g_object_unref (ff);
  g_object_unref (vlc);
  g_free (url);
  g_free (desc);
  g_free (extra);
  g_free (out_ff);
  g_free (dump);
  g_free (path);
}

GST_END_TEST;

/* ---- rotation and a bad path ------------------------------------------- */

/* A small endless broadcast */
#define LIVE(extra) \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! " \
  "audioconvert ! avenc_wmav2 ! wmnetsink name=s port=0 " \
  "address=127.0.0.1 " extra

/* A plain-HTTP client that reads a little and leaves: its line goes out at
 * once (no report to wait for). */
static void
plain_client_as (GstElement * p, guint port, const gchar * agent)
{
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\nUser-Agent: %s\r\n\r\n",
      agent);
  GByteArray *arr;
  GstStructure *m;

  g_object_unref (wmnet_test_open_get (port, NULL, req, 4096, &arr));
  g_byte_array_unref (arr);
  g_free (req);
  m = wmnet_test_pop_element_message (p, "wmnetsink-log", 10000);
  fail_unless (m != NULL, "no wmnetsink-log message");
  gst_structure_free (m);
}

static void
plain_client (GstElement * p, guint port)
{
  plain_client_as (p, port, "curl/7.88.1");
}

GST_START_TEST (test_log_rotation)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "access.log", NULL);
  gchar *rotated = g_build_filename (wmnet_test_tmpdir, "access.log.1", NULL);
  gchar *extra = g_strdup_printf ("log-location=%s", path);
  gchar *desc = g_strdup_printf (LIVE ("%s"), extra);
  guint port;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  gchar *loc = NULL;
  WmnetW3cLog *log;

  plain_client (p, port);
  plain_client (p, port);
  /* rename: the next line still goes to the open (renamed) file */
  fail_unless_equals_int (g_rename (path, rotated), 0);
  plain_client (p, port);
  /* set the same path: a new file from the next line */
  g_object_set (s, "log-location", path, NULL);
  g_object_get (s, "log-location", &loc, NULL);
  fail_unless_equals_string (loc, path);
  g_free (loc);
  plain_client (p, port);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);

  log = wmnet_test_w3c_read (rotated);
  fail_unless_equals_int (log->lines->len, 3);
  wmnet_test_w3c_free (log);
  log = wmnet_test_w3c_read (path);
  fail_unless_equals_int (log->lines->len, 1);
  fail_unless_equals_string (g_hash_table_lookup (g_ptr_array_index
          (log->lines, 0), "cs(User-Agent)"), "curl/7.88.1");
  fail_unless_equals_string (g_hash_table_lookup (g_ptr_array_index
          (log->lines, 0), "c-playerid"), "-");
  wmnet_test_w3c_free (log);

  g_free (desc);
  g_free (extra);
  g_free (rotated);
  g_free (path);
}

GST_END_TEST;

/* A directory that does not exist, a "directory" that is a file: a warning
 * naming the path, serving goes on, the lines still come as messages.
 * (A read-only directory is the same failure of fopen(); as root, which
 * writes anyway, it cannot be shown.) */
GST_START_TEST (test_log_unwritable)
{
  gchar **bad = wmnet_test_unwritable_paths ("access.log");
  guint i;

  for (i = 0; bad[i]; i++) {
    gchar *extra = g_strdup_printf ("log-location=%s", bad[i]);
    gchar *desc = g_strdup_printf (LIVE ("%s"), extra);
    guint port;
    GstElement *p = wmnet_test_start_pipeline (desc, &port);
    GstBus *bus = gst_element_get_bus (p);
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
        GST_MESSAGE_WARNING);
    GError *err = NULL;
    gchar *dbg = NULL;

    fail_unless (msg != NULL, "no warning for %s", bad[i]);
    gst_message_parse_warning (msg, &err, &dbg);
    fail_unless (strstr (dbg, bad[i]) != NULL, "%s", dbg);
    fail_unless (strstr (err->message, "access log") != NULL, "%s",
        err->message);
    g_error_free (err);
    g_free (dbg);
    gst_message_unref (msg);
    /* serving goes on, twice, with no second warning */
    plain_client (p, port);
    plain_client (p, port);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
    fail_unless (msg == NULL, "a second warning");
    gst_object_unref (bus);
    wmnet_test_stop_pipeline (p);
    fail_if (g_file_test (bad[i], G_FILE_TEST_EXISTS));
    g_free (desc);
    g_free (extra);
  }
  g_strfreev (bad);
}

GST_END_TEST;

/* ---- the LogStats POST: what is refused ------------------------------- */

static gchar *
post (guint port, const gchar * type, const gchar * extra_head,
    const gchar * body)
{
  gchar *req =
      g_strdup_printf ("POST / HTTP/1.0\r\nUser-Agent: " WMNET_TEST_WMP_AGENT
      "\r\nContent-Type: %s\r\n%s\r\n", type, extra_head);
  gsize got, head_len;
  gchar *head = wmnet_test_request (port, req, body, &got, &head_len, 5000);

  g_free (req);
  return head;
}

static gchar *
post_report (guint port, const gchar * extra_head, const gchar * report)
{
  gchar *head = g_strdup_printf ("%sContent-Length: %" G_GSIZE_FORMAT "\r\n",
      extra_head, strlen (report));
  gchar *answer = post (port, "application/x-wms-LogStats", head, report);

  g_free (head);
  return answer;
}

/* Fails unless @head (freed) starts with @status. */
static void
assert_status (gchar * head, const gchar * status)
{
  fail_unless (g_str_has_prefix (head, status), "%s", head);
  g_free (head);
}

GST_START_TEST (test_log_stats_refused)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LIVE (""), &port);
  gchar *head;
  gchar *big = g_strnfill (64 * 1024 + 1, 'x');

  /* not a report: 405 as any POST */
  head = post (port, "text/xml", "Content-Length: 3\r\n", "abc");
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 405 "), "%s", head);
  fail_unless (strstr (head, "Allow: GET, HEAD, POST\r\n") != NULL, "%s", head);
  g_free (head);
  /* not the XML of [MS-WMLOG]: 400 */
  assert_status (post (port, "application/x-wms-LogStats; charset=UTF-8",
          "Content-Length: 9\r\n", "<XML><a>1"), "HTTP/1.0 400 ");
  /* over 64 KiB: 413, unread */
  assert_status (post_report (port, "", big), "HTTP/1.0 413 ");
  /* chunked: no length to bound it, 411 */
  assert_status (post (port, "application/x-wms-LogStats",
          "Transfer-Encoding: chunked\r\n", "5\r\n<XML>\r\n0\r\n\r\n"),
      "HTTP/1.0 411 ");
  /* a report that matches no session: 200, and a line of its own with the
   * peer's address, not the report's 0.0.0.0 */
  head = post_report (port, "", WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  fail_unless (strstr (head, "Server: Rex/9.0.0.2980") != NULL, "%s", head);
  g_free (head);
  {
    GstStructure *m = wmnet_test_pop_element_message (p, "wmnetsink-log",
        5000);
    gchar **v;

    fail_unless (m != NULL);
    fail_if (gst_structure_has_field (m, "id"));
    v = g_strsplit (gst_structure_get_string (m, "line"), " ", -1);
    fail_unless_equals_int (g_strv_length (v), 45);
    fail_unless_equals_string (v[0], "127.0.0.1");
    fail_unless_equals_string (v[9], WMNET_TEST_PLAYER_GUID);
    /* c-buffercount, the player's */
    fail_unless_equals_string (v[37], "2");
    g_strfreev (v);
    gst_structure_free (m);
  }
  g_free (big);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static gchar *
replace (const gchar * text, const gchar * what, const gchar * with)
{
  gchar **parts = g_strsplit (text, what, -1);
  gchar *out;

  fail_unless_equals_int (g_strv_length (parts), 2);
  out = g_strjoinv (with, parts);
  g_strfreev (parts);
  return out;
}

/* A Windows Media Player's describe and play (with @auth, an
 * Authorization header line or ""), the play's connection closed once its
 * response head is in: the session waits for its report. Returns its
 * client-id. */
static gchar *
short_session (guint port, const gchar * auth)
{
  gchar *req, *head, *cid;
  gsize got, head_len;
  GSocket *sock;
  GByteArray *arr;

  req = g_strdup_printf ("GET /live HTTP/1.0\r\nUser-Agent: "
      WMNET_TEST_WMP_AGENT "\r\n%sPragma: no-cache,rate=1.000000,"
      "request-context=1\r\nPragma: xClientGUID=" WMNET_TEST_PLAYER_GUID
      "\r\n\r\n", auth);
  head = wmnet_test_request (port, req, NULL, &got, &head_len, 5000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  cid = wmnet_test_client_id_of (head);
  fail_unless (cid != NULL, "%s", head);
  g_free (head);
  g_free (req);

  req = g_strdup_printf ("GET /live HTTP/1.0\r\nUser-Agent: "
      WMNET_TEST_WMP_AGENT "\r\n%sPragma: no-cache,rate=1.000000,"
      "request-context=2\r\nPragma: xPlayStrm=1\r\nPragma: client-id=%s\r\n"
      "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n\r\n", auth, cid);
  sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  arr = wmnet_test_recv (sock, 1024, 5000);
  fail_unless (arr->len >= 13
      && memcmp (arr->data, "HTTP/1.0 200 ", 13) == 0, "no 200 to the play");
  g_byte_array_unref (arr);
  g_object_unref (sock);
  g_free (req);
  return cid;
}

/* The next wmnetsink-log message: that of a session (it has the client's
 * id) or a report's line alone. */
static void
expect_line (GstElement * p, gboolean of_session, const gchar * user)
{
  GstStructure *m = wmnet_test_pop_element_message (p, "wmnetsink-log", 5000);
  gchar **v;

  fail_unless (m != NULL, "no wmnetsink-log message");
  fail_unless (gst_structure_has_field (m, "id") == of_session, "%"
      GST_PTR_FORMAT, m);
  v = g_strsplit (gst_structure_get_string (m, "line"), " ", -1);
  fail_unless_equals_int (g_strv_length (v), 45);
  /* c-hostexe: the report was merged */
  fail_unless_equals_string (v[14], "wmplayer.exe");
  if (user)
    fail_unless_equals_string (v[44], user);
  g_strfreev (v);
  gst_structure_free (m);
}

static guint64
refused_count (GstElement * p, const gchar * reason)
{
  GstStructure *st = wmnet_test_get_stats (p);
  guint64 n = 0;

  gst_structure_get_uint64 (st, reason, &n);
  gst_structure_free (st);
  return n;
}

/* auth=basic: a report that belongs to no session gets 401 (and writes
 * nothing) unless it carries valid credentials; one of a session whose
 * play was authorized needs none. */
GST_START_TEST (test_log_stats_auth)
{
  guint port, i;
  GstElement *p = wmnet_test_start_pipeline (LIVE ("auth=basic"), &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  gboolean ok = FALSE;
  gchar *head, *cid, *cid_head;
  /* dan:pw */
  const gchar *cred = "Authorization: Basic ZGFuOnB3\r\n";

  g_signal_emit_by_name (s, "add-user", "dan", "pw", &ok);
  fail_unless (ok);
  gst_object_unref (s);
  for (i = 0; i < 20; i++) {
    head = post_report (port, "", WMNET_TEST_LOG_REPORT);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 401 "), "%s", head);
    fail_unless (strstr (head, "WWW-Authenticate: Basic") != NULL, "%s", head);
    g_free (head);
  }
  head = post_report (port, "Authorization: Basic ZGFuOnd4\r\n",
      WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401 "), "%s", head);
  g_free (head);
  fail_unless_equals_uint64 (refused_count (p, "refused-unauthorized"), 21);

  /* a session of dan's: its report, without credentials, is its line (the
   * first line: the 401s wrote none) */
  cid = short_session (port, cred);
  cid_head = g_strdup_printf ("Pragma: client-id=%s\r\n", cid);
  head = post_report (port, cid_head, WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  expect_line (p, TRUE, "dan");
  /* the session has its report: a second one belongs to none */
  head = post_report (port, cid_head, WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 401 "), "%s", head);
  g_free (head);
  /* with credentials, a report of no session is a line of its own */
  head = post_report (port, cred, WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  expect_line (p, FALSE, NULL);

  g_free (cid_head);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Reports that belong to no session, from one address: 5 lines, then 429
 * with Retry-After and nothing written (max-connection-rate unset); a
 * session's report still goes to its line. */
GST_START_TEST (test_log_stats_bound)
{
  guint port, i;
  GstElement *p = wmnet_test_start_pipeline (LIVE (""), &port);
  gchar *head, *cid, *cid_head;

  for (i = 0; i < 5; i++) {
    head = post_report (port, "", WMNET_TEST_LOG_REPORT);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
    g_free (head);
    expect_line (p, FALSE, NULL);
  }
  for (i = 0; i < 50; i++) {
    head = post_report (port, "", WMNET_TEST_LOG_REPORT);
    fail_unless (g_str_has_prefix (head, "HTTP/1.0 429 "), "%s", head);
    fail_unless (strstr (head, "\r\nRetry-After: ") != NULL, "%s", head);
    g_free (head);
  }
  fail_unless_equals_uint64 (refused_count (p, "refused-log-reports"), 50);
  /* the next line is the session's: the 429s wrote none */
  cid = short_session (port, "");
  cid_head = g_strdup_printf ("Pragma: client-id=%s\r\n", cid);
  head = post_report (port, cid_head, WMNET_TEST_LOG_REPORT);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  expect_line (p, TRUE, "-");

  g_free (cid_head);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Unicode's line breaks and spaces (U+0085 NEL, U+00A0, U+2028, U+2029) in
 * a User-Agent and in a report's c-hostexe and c-os: one line per entry in
 * a reader that splits lines as Unicode does, each value with '_' where
 * they were. */
#define BREAKS "\xc2\x85" "1\xe2\x80\xa8" "2\xe2\x80\xa9" "3\xc2\xa0" "4"

GST_START_TEST (test_log_unicode_breaks)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "access.log", NULL);
  gchar *extra = g_strdup_printf ("log-location=%s", path);
  gchar *desc = g_strdup_printf (LIVE ("%s"), extra);
  gchar *report, *r1, *head;
  guint port;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  GstStructure *m;
  WmnetW3cLog *log;
  GHashTable *line;

  plain_client_as (p, port, "curl" BREAKS);
  r1 = replace (WMNET_TEST_LOG_REPORT, "<c-hostexe>wmplayer.exe",
      "<c-hostexe>wmplayer" BREAKS ".exe");
  report = replace (r1, "<c-os>Windows_XP", "<c-os>Windows" BREAKS "XP");
  head = post_report (port, "", report);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  m = wmnet_test_pop_element_message (p, "wmnetsink-log", 5000);
  fail_unless (m != NULL);
  gst_structure_free (m);
  wmnet_test_stop_pipeline (p);

  log = wmnet_test_w3c_read (path);
  fail_unless_equals_int (log->lines->len, 2);
  line = g_ptr_array_index (log->lines, 0);
  fail_unless_equals_string (g_hash_table_lookup (line, "cs(User-Agent)"),
      "curl_1_2_3_4");
  line = g_ptr_array_index (log->lines, 1);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-hostexe"),
      "wmplayer_1_2_3_4.exe");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-os"),
      "Windows_1_2_3_4XP");
  wmnet_test_w3c_free (log);

  g_free (report);
  g_free (r1);
  g_free (desc);
  g_free (extra);
  g_free (path);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetsink_log, 120, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_log_real_clients),
    WMNET_TEST (test_log_rotation),
    WMNET_TEST (test_log_unwritable),
    WMNET_TEST (test_log_stats_refused),
    WMNET_TEST (test_log_unicode_breaks),
    WMNET_TEST (test_log_stats_auth), WMNET_TEST (test_log_stats_bound));
