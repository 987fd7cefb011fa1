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

/* Unit tests of the access log (wmnetlog: fields, escaping, lines, the
 * header, the file, its rotation and a directory it cannot write) and of
 * the players' log reports (wmnetlogstats: the [MS-WMLOG] XML, its
 * Summary, what is refused). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnetlog.h"
#include "wmnetlogstats.h"
#include "wmnetlogreport.h"
#include "wmnettestutils.h"
#include "wmnettestsuite.h"

GST_START_TEST (test_field_names)
{
  guint i;

  /* [MS-WMLOG] 2.2.1: 44 fields, from c-ip to s-cpu-util; then the
   * server's cs-user-name, which no player's report may set */
  fail_unless_equals_int (WMNET_LOG_N_WMLOG_FIELDS, 44);
  fail_unless_equals_int (WMNET_LOG_N_FIELDS, 45);
  fail_unless_equals_string (wmnet_log_field_name (0), "c-ip");
  fail_unless_equals_string (wmnet_log_field_name (43), "s-cpu-util");
  fail_unless_equals_string (wmnet_log_field_name (44), "cs-user-name");
  fail_if (wmnet_log_field_is_player (WMNET_LOG_CS_USER_NAME));
  for (i = 0; i < WMNET_LOG_N_FIELDS; i++)
    fail_unless_equals_int (wmnet_log_field_from_name (wmnet_log_field_name
            (i)), i);
  /* the XML tags of the two request headers, any case */
  fail_unless_equals_int (wmnet_log_field_from_name ("cs-User-Agent"),
      WMNET_LOG_CS_USER_AGENT);
  fail_unless_equals_int (wmnet_log_field_from_name ("CS-REFERER"),
      WMNET_LOG_CS_REFERER);
  fail_unless_equals_int (wmnet_log_field_from_name ("Summary"), -1);
  fail_unless_equals_int (wmnet_log_field_from_name (NULL), -1);

  /* the player's fields and the server's */
  fail_unless (wmnet_log_field_is_player (WMNET_LOG_C_BUFFERCOUNT));
  fail_unless (wmnet_log_field_is_player (WMNET_LOG_C_OS));
  fail_unless (wmnet_log_field_is_player (WMNET_LOG_VIDEOCODEC));
  fail_if (wmnet_log_field_is_player (WMNET_LOG_C_IP));
  fail_if (wmnet_log_field_is_player (WMNET_LOG_SC_BYTES));
  fail_if (wmnet_log_field_is_player (WMNET_LOG_X_DURATION));
  fail_if (wmnet_log_field_is_player (WMNET_LOG_S_IP));
}

GST_END_TEST;

typedef struct
{
  WmnetLogField field;
  const gchar *in;
  const gchar *out;
} EscapeCase;

static const EscapeCase escape_cases[] = {
  {WMNET_LOG_C_OS, NULL, "-"},
  {WMNET_LOG_C_OS, "", "-"},
  {WMNET_LOG_C_OS, "Windows XP", "Windows_XP"},
  {WMNET_LOG_CS_USER_AGENT, "VLC/3.0.18 LibVLC/3.0.18",
      "VLC/3.0.18_LibVLC/3.0.18"},
  {WMNET_LOG_CS_USER_AGENT, "a\tb\r\nc", "a_b__c"},
  {WMNET_LOG_CS_USER_AGENT, "caf\xc3\xa9", "caf\xc3\xa9"},
  /* invalid UTF-8 is replaced, never written */
  {WMNET_LOG_CS_USER_AGENT, "x\xff", "x\xef\xbf\xbd"},
  /* Unicode's line breaks and spaces, as the ASCII ones: NEL, NBSP, LINE
   * and PARAGRAPH SEPARATOR, IDEOGRAPHIC SPACE, a C1 control */
  {WMNET_LOG_C_HOSTEXE, "a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9" "d",
      "a_b_c_d"},
  {WMNET_LOG_C_OS, "Windows\xc2\xa0XP\xe3\x80\x80" "x\xc2\x9b",
      "Windows_XP_x_"},
  {WMNET_LOG_CS_USER_AGENT, "\xe2\x80\xa8\xe2\x80\xa8", "__"},
  {WMNET_LOG_CS_URI_STEM, "/a\xe2\x80\xa8", "/a%E2%80%A8"},
  {WMNET_LOG_CS_URI_STEM, "/live", "/live"},
  {WMNET_LOG_CS_URI_STEM, "/a b", "/a%20b"},
  {WMNET_LOG_CS_URI_STEM, "/a%20b", "/a%20b"},
  {WMNET_LOG_CS_URI_STEM, "/caf\xc3\xa9", "/caf%C3%A9"},
  {WMNET_LOG_CS_REFERER, "http://x/?a=1&b=2", "http://x/?a=1&b=2"},
};

GST_START_TEST (test_escape)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (escape_cases); i++) {
    gchar *out = wmnet_log_escape (escape_cases[i].field, escape_cases[i].in);

    fail_unless_equals_string (out, escape_cases[i].out);
    g_free (out);
  }
}

GST_END_TEST;

GST_START_TEST (test_record_line)
{
  WmnetLogRecord *r = wmnet_log_record_new ();
  gchar *line, **f;
  GHashTable *report;

  wmnet_log_record_set (r, WMNET_LOG_C_IP, "10.1.2.3");
  /* 2001-04-19 15:30:30 UTC */
  wmnet_log_record_set_time (r, G_GINT64_CONSTANT (987694230) *
      G_USEC_PER_SEC + 999999);
  wmnet_log_record_set (r, WMNET_LOG_CS_USER_AGENT, "NSPlayer/7.10 x y");
  wmnet_log_record_set (r, WMNET_LOG_SC_BYTES, "1234");
  wmnet_log_record_set (r, WMNET_LOG_C_OS, "Linux");

  /* the player's fields win over what the server guessed; the server's
   * own and "-" values are never taken */
  report = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (report, "c-os", "Windows_XP");
  g_hash_table_insert (report, "c-buffercount", "2");
  g_hash_table_insert (report, "sc-bytes", "99");
  g_hash_table_insert (report, "c-ip", "0.0.0.0");
  g_hash_table_insert (report, "c-quality", "-");
  wmnet_log_record_merge_player (r, report);
  g_hash_table_unref (report);

  line = wmnet_log_record_to_line (r);
  f = g_strsplit (line, " ", -1);
  fail_unless_equals_int (g_strv_length (f), WMNET_LOG_N_FIELDS);
  fail_unless_equals_string (f[WMNET_LOG_C_IP], "10.1.2.3");
  fail_unless_equals_string (f[WMNET_LOG_DATE], "2001-04-19");
  fail_unless_equals_string (f[WMNET_LOG_TIME], "15:30:30");
  fail_unless_equals_string (f[WMNET_LOG_CS_USER_AGENT], "NSPlayer/7.10_x_y");
  fail_unless_equals_string (f[WMNET_LOG_SC_BYTES], "1234");
  fail_unless_equals_string (f[WMNET_LOG_C_OS], "Windows_XP");
  fail_unless_equals_string (f[WMNET_LOG_C_BUFFERCOUNT], "2");
  fail_unless_equals_string (f[WMNET_LOG_C_QUALITY], "-");
  fail_unless_equals_string (f[WMNET_LOG_S_CPU_UTIL], "-");
  g_strfreev (f);
  g_free (line);
  wmnet_log_record_free (r);
}

GST_END_TEST;

GST_START_TEST (test_header)
{
  /* 2001-11-30 16:05:03 UTC */
  gchar *h = wmnet_log_header (G_GINT64_CONSTANT (1007136303) * G_USEC_PER_SEC);
  gchar **lines = g_strsplit (h, "\n", -1);
  gchar **fields;

  fail_unless (g_str_has_suffix (h, "\n"));
  fail_unless_equals_int (g_strv_length (lines), 5);
  fail_unless (g_str_has_prefix (lines[0], "#Software: gst-wmnet "));
  fail_unless_equals_string (lines[1], "#Version: 1.0");
  fail_unless_equals_string (lines[2], "#Date: 2001-11-30 16:05:03");
  fail_unless (g_str_has_prefix (lines[3], "#Fields: c-ip date time c-dns "));
  fields = g_strsplit (lines[3] + strlen ("#Fields: "), " ", -1);
  fail_unless_equals_int (g_strv_length (fields), WMNET_LOG_N_FIELDS);
  fail_unless_equals_string (fields[44], "cs-user-name");
  fail_unless_equals_string (fields[12], "cs(User-Agent)");
  g_strfreev (fields);
  g_strfreev (lines);
  g_free (h);
}

GST_END_TEST;

GST_START_TEST (test_file_rotation)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *path = g_build_filename (dir, "access.log", NULL);
  gchar *rotated = g_build_filename (dir, "access.log.1", NULL);
  WmnetLogFile *file = wmnet_log_file_new ();
  GError *error = NULL;
  gchar *text;

  /* off: nothing written, no error */
  fail_unless (wmnet_log_file_write (file, "ignored", &error));
  fail_unless (error == NULL);

  wmnet_log_file_set_location (file, path);
  fail_unless (wmnet_log_file_write (file, "line1", &error));
  fail_unless (wmnet_log_file_write (file, "line2", &error));
  /* rotation: rename, a line (still in the renamed file), set the same
   * path, a line (in the new file) */
  fail_unless_equals_int (g_rename (path, rotated), 0);
  fail_unless (wmnet_log_file_write (file, "line3", &error));
  wmnet_log_file_set_location (file, path);
  fail_unless (wmnet_log_file_write (file, "line4", &error));

  fail_unless (g_file_get_contents (rotated, &text, NULL, NULL));
  fail_unless_equals_int (wmnet_test_count_prefix_lines (text, "#Fields: "), 1);
  fail_unless_equals_int (wmnet_test_count_prefix_lines (text, "line"), 3);
  fail_unless (strstr (text, "line1\nline2\nline3\n") != NULL);
  g_free (text);
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  fail_unless (g_str_has_prefix (text, "#Software: "));
  fail_unless_equals_int (wmnet_test_count_prefix_lines (text, "line"), 1);
  fail_unless (g_str_has_suffix (text, "\nline4\n"));
  g_free (text);

  wmnet_log_file_free (file);
  g_free (path);
  g_free (rotated);
  wmnet_test_remove_dir (dir);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_file_unwritable)
{
  WmnetLogFile *file = wmnet_log_file_new ();
  GError *error = NULL;

  /* a directory that does not exist: told once, then quietly FALSE */
  wmnet_log_file_set_location (file, "/nonexistent-wmnet-dir/access.log");
  fail_if (wmnet_log_file_open (file, &error));
  fail_unless (error != NULL);
  fail_unless (strstr (error->message, "/nonexistent-wmnet-dir") != NULL);
  g_clear_error (&error);
  fail_if (wmnet_log_file_write (file, "x", &error));
  fail_unless (error == NULL);
  /* set again: told again */
  wmnet_log_file_set_location (file, "/nonexistent-wmnet-dir/access.log");
  fail_if (wmnet_log_file_write (file, "x", &error));
  fail_unless (error != NULL);
  g_clear_error (&error);
  /* NULL: off */
  wmnet_log_file_set_location (file, NULL);
  fail_unless (wmnet_log_file_dup_location (file) == NULL);
  fail_unless (wmnet_log_file_write (file, "x", &error));
  wmnet_log_file_free (file);
}

GST_END_TEST;

/* ---- the players' reports ---------------------------------------------- */

GST_START_TEST (test_report_parse)
{
  GError *error = NULL;
  GHashTable *f = wmnet_log_stats_parse (WMNET_TEST_LOG_REPORT,
      strlen (WMNET_TEST_LOG_REPORT), &error);

  fail_unless (f != NULL, "%s", error ? error->message : "");
  fail_unless_equals_int (g_hash_table_size (f), 44);
  fail_unless_equals_string (g_hash_table_lookup (f, "c-playerid"),
      WMNET_TEST_PLAYER_GUID);
  fail_unless_equals_string (g_hash_table_lookup (f, "c-buffercount"), "2");
  fail_unless_equals_string (g_hash_table_lookup (f, "cs(User-Agent)"),
      "Mozilla/4.0_(compatible;_MSIE_6.0;_Windows_NT_5.1)"
      "_(WMFSDK/10.0.0.3802)_WMPlayer/10.0.0.4019");
  g_hash_table_unref (f);
}

GST_END_TEST;

/* The Summary alone gives every field, by its place */
GST_START_TEST (test_report_summary_only)
{
  const gchar *body = strstr (WMNET_TEST_LOG_REPORT, "<Summary>");
  const gchar *end = strstr (body, "</Summary>") + strlen ("</Summary>");
  gchar *xml = g_strdup_printf ("<?xml version=\"1.0\"?><XML>%.*s"
      "<ContentDescription><title>x</title></ContentDescription>"
      "<c-quality>99</c-quality></XML>", (int) (end - body), body);
  GHashTable *f = wmnet_log_stats_parse (xml, strlen (xml), NULL);

  fail_unless (f != NULL);
  fail_unless_equals_int (g_hash_table_size (f), 44);
  /* a tag wins over the Summary; nested elements are not fields */
  fail_unless_equals_string (g_hash_table_lookup (f, "c-quality"), "99");
  fail_unless_equals_string (g_hash_table_lookup (f, "c-os"), "Windows_XP");
  fail_unless_equals_string (g_hash_table_lookup (f, "c-pkts-lost-client"),
      "1");
  fail_unless_equals_string (g_hash_table_lookup (f, "c-totalbuffertime"), "3");
  fail_unless_equals_string (g_hash_table_lookup (f, "s-cpu-util"), "-");
  fail_if (g_hash_table_contains (f, "title"));
  g_hash_table_unref (f);
  g_free (xml);
  /* any ASCII whitespace separates, as around a tag's value */
  xml = g_strdup ("<XML><Summary>10.0.0.1\f2006-05-01\v\f 21:34:01"
      "</Summary></XML>");
  f = wmnet_log_stats_parse (xml, strlen (xml), NULL);
  fail_unless (f != NULL);
  fail_unless_equals_int (g_hash_table_size (f), 3);
  fail_unless_equals_string (g_hash_table_lookup (f, "c-ip"), "10.0.0.1");
  fail_unless_equals_string (g_hash_table_lookup (f, "date"), "2006-05-01");
  fail_unless_equals_string (g_hash_table_lookup (f, "time"), "21:34:01");
  g_hash_table_unref (f);
  g_free (xml);
}

GST_END_TEST;

static const gchar *const bad_reports[] = {
  "",
  "not xml",
  "<XML><c-os>x</XML>",
  "<XML></XML>",
  "<XML><unknown>1</unknown></XML>",
  "<XML><c-os>a</c-os></XML><XML>",
  "\xff\xfe<\0X\0M\0L\0>\0",
  /* GLib 2.74's GMarkup reports this CDATA's bad UTF-8 but goes on */
  "<XML><c-os><![CDATA[Windo\xff\xffws XP]]></c-os></XML>",
};

GST_START_TEST (test_report_refused)
{
  gchar *big;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_reports); i++) {
    GError *error = NULL;

    fail_unless (wmnet_log_stats_parse (bad_reports[i],
            strlen (bad_reports[i]), &error) == NULL, "%s", bad_reports[i]);
    fail_unless (error != NULL);
    g_error_free (error);
  }
  /* over the bound: refused before any parsing */
  big = g_strnfill (WMNET_LOG_STATS_MAX_BODY + 1, ' ');
  fail_unless (wmnet_log_stats_parse (big, strlen (big), NULL) == NULL);
  g_free (big);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetlog, 0,
    WMNET_TEST (test_field_names),
    WMNET_TEST (test_escape),
    WMNET_TEST (test_record_line),
    WMNET_TEST (test_header),
    WMNET_TEST (test_file_rotation),
    WMNET_TEST (test_file_unwritable),
    WMNET_TEST (test_report_parse),
    WMNET_TEST (test_report_summary_only), WMNET_TEST (test_report_refused));
