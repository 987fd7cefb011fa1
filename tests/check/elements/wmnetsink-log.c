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

/* The access log, the LogStats report and the stats message on recorded
 * media (no libav: these run under valgrind): a crafted Windows Media
 * Player session's line with its report merged, the file and the message
 * agreeing, and a report while the session still streams. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnettestlog.h"
#include "wmnettestutils.h"
#include "wmnetlogreport.h"
#include "wmnettestsuite.h"

static GstStructure *
pop_log (GstElement * p)
{
  GstStructure *m = wmnet_test_pop_element_message (p, "wmnetsink-log",
      15000);

  fail_unless (m != NULL, "no wmnetsink-log message");
  fail_unless (gst_structure_get_string (m, "line") != NULL);
  return m;
}

/* WMP plays until it is kicked, then reports: its line has the report
 * merged, in the file as in the message. */
GST_START_TEST (test_wmp_report_after_close)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *path = g_build_filename (dir, "access.log", NULL);
  gchar *extra = g_strdup_printf ("max-clients=0 stats-interval=50000000 "
      "log-location=%s", path);
  guint port;
  GstElement *p = wmnet_test_start_recorded (extra, &port);
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), "s");
  GThread *wmp;
  guint64 *received, id = G_MAXUINT64;
  GstStructure *m;
  WmnetW3cLog *log;
  GHashTable *line;
  gchar *text;

  wmp = g_thread_new ("wmp", wmnet_test_wmp_session, GUINT_TO_POINTER (port));
  fail_unless (wmnet_test_wait_num_clients (p, 1, 10000));
  /* the header and packets are on their way to the player */
  fail_unless (wmnet_test_wait_sent (p, 16384, 10000));
  g_signal_emit_by_name (s, "disconnect-all");
  received = g_thread_join (wmp);
  fail_unless (*received > 0);

  m = pop_log (p);
  fail_unless (gst_structure_get_uint64 (m, "id", &id));
  log = wmnet_test_w3c_parse (text = g_strdup_printf ("#Fields: %s\n%s\n",
          "c-ip date time c-dns cs-uri-stem c-starttime x-duration c-rate "
          "c-status c-playerid c-playerversion c-playerlanguage "
          "cs(User-Agent) cs(Referer) c-hostexe c-hostexever c-os "
          "c-osversion c-cpu filelength filesize avgbandwidth protocol "
          "transport audiocodec videocodec c-channelURL sc-bytes c-bytes "
          "s-pkts-sent c-pkts-received c-pkts-lost-client c-pkts-lost-net "
          "c-pkts-lost-cont-net c-resendreqs c-pkts-recovered-ECC "
          "c-pkts-recovered-resent c-buffercount c-totalbuffertime "
          "c-quality s-ip s-dns s-totalclients s-cpu-util cs-user-name",
          gst_structure_get_string (m, "line")));
  g_free (text);
  line = g_ptr_array_index (log->lines, 0);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-buffercount"), "2");
  fail_unless_equals_string (g_hash_table_lookup (line, "c-ip"), "127.0.0.1");
  /* the server's count: what the player read, plus the framing */
  fail_unless (wmnet_test_w3c_u64 (line, "sc-bytes") >= *received);
  wmnet_test_w3c_free (log);
  gst_structure_free (m);

  /* the file has the same line, after the directives */
  log = wmnet_test_w3c_read (path);
  fail_unless_equals_int (log->lines->len, 1);
  fail_unless_equals_int (log->directives, 4);
  line = wmnet_test_w3c_find (log, "c-playerid", WMNET_TEST_PLAYER_GUID);
  fail_unless_equals_string (g_hash_table_lookup (line, "c-os"), "Windows_XP");
  fail_unless_equals_string (g_hash_table_lookup (line, "cs(User-Agent)"),
      WMNET_TEST_WMP_AGENT);
  wmnet_test_w3c_free (log);

  /* and a stats message, with the kick counted */
  m = wmnet_test_pop_element_message (p, "wmnetsink-stats", 5000);
  fail_unless (m != NULL);
  {
    guint64 kicked = 0;

    fail_unless (gst_structure_get_uint64 (m, "disconnected-kicked", &kicked));
    fail_unless_equals_uint64 (kicked, 1);
  }
  gst_structure_free (m);

  g_free (received);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
  g_free (extra);
  g_free (path);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

/* A report while the session still streams is kept; the line goes out at
 * once when the client leaves, without the grace. A second report for the
 * same session matches nothing and gets a line of its own. */
GST_START_TEST (test_report_while_streaming)
{
  guint port;
  GstElement *p = wmnet_test_start_recorded ("max-clients=0", &port);
  GSocket *sock;
  gchar *req, *head, *cid;
  GByteArray *arr;
  gsize got, head_len;
  GstStructure *m;
  guint64 id;
  gint64 t;

  req = g_strdup_printf ("GET / HTTP/1.0\r\nUser-Agent: "
      WMNET_TEST_WMP_AGENT "\r\nPragma: xPlayStrm=1\r\n"
      "Pragma: client-id=4242\r\n"
      "Pragma: xClientGUID=" WMNET_TEST_PLAYER_GUID "\r\n\r\n");
  sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (sock != NULL);
  fail_unless (wmnet_test_send_all (sock, req, strlen (req)));
  arr = wmnet_test_recv (sock, 2048, 5000);
  head = g_strndup ((gchar *) arr->data, arr->len);
  /* a client-id the server never gave: a new session, told with
   * xResetStrm ([MS-WMSP] 3.2.5.6, docs/design.md D40) */
  cid = wmnet_test_client_id_of (head);
  fail_if (g_str_equal (cid, "4242"), "%s", head);
  fail_unless (strstr (head, "xResetStrm=1") != NULL, "%s", head);
  g_free (head);
  g_byte_array_unref (arr);
  g_free (req);

  req = g_strdup_printf ("POST / HTTP/1.0\r\nUser-Agent: "
      WMNET_TEST_WMP_AGENT "\r\nContent-Type: application/x-wms-LogStats\r\n"
      "Pragma: client-id=%s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
      cid, strlen (WMNET_TEST_LOG_REPORT));
  head = wmnet_test_request (port, req, WMNET_TEST_LOG_REPORT, &got,
      &head_len, 5000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);

  t = g_get_monotonic_time ();
  g_object_unref (sock);
  m = pop_log (p);
  /* no grace: the report was there (well under the 3 s grace) */
  fail_unless (g_get_monotonic_time () - t < 2 * G_USEC_PER_SEC);
  fail_unless (gst_structure_get_uint64 (m, "id", &id));
  fail_unless (strstr (gst_structure_get_string (m, "line"),
          " Windows_XP ") != NULL);
  gst_structure_free (m);

  /* again: the session is done, so a line of its own, without id */
  head = wmnet_test_request (port, req, WMNET_TEST_LOG_REPORT, &got,
      &head_len, 5000);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200 "), "%s", head);
  g_free (head);
  m = pop_log (p);
  fail_if (gst_structure_has_field (m, "id"));
  gst_structure_free (m);

  g_free (req);
  g_free (cid);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_log, 120,
    WMNET_TEST (test_wmp_report_after_close),
    WMNET_TEST (test_report_while_streaming));
