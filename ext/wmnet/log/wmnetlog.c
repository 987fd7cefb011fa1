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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "wmnetlog.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* [MS-WMLOG] 2.2.1, in order, then cs-user-name; the XML tags of 2.4 differ only for the two
 * request headers (cs-User-Agent, cs-Referer) */
static const gchar *const field_names[WMNET_LOG_N_FIELDS] = {
  "c-ip", "date", "time", "c-dns", "cs-uri-stem", "c-starttime",
  "x-duration", "c-rate", "c-status", "c-playerid", "c-playerversion",
  "c-playerlanguage", "cs(User-Agent)", "cs(Referer)", "c-hostexe",
  "c-hostexever", "c-os", "c-osversion", "c-cpu", "filelength", "filesize",
  "avgbandwidth", "protocol", "transport", "audiocodec", "videocodec",
  "c-channelURL", "sc-bytes", "c-bytes", "s-pkts-sent", "c-pkts-received",
  "c-pkts-lost-client", "c-pkts-lost-net", "c-pkts-lost-cont-net",
  "c-resendreqs", "c-pkts-recovered-ECC", "c-pkts-recovered-resent",
  "c-buffercount", "c-totalbuffertime", "c-quality", "s-ip", "s-dns",
  "s-totalclients", "s-cpu-util", "cs-user-name",
};

const gchar *
wmnet_log_field_name (WmnetLogField field)
{
  return field < WMNET_LOG_N_FIELDS ? field_names[field] : NULL;
}

gint
wmnet_log_field_from_name (const gchar * name)
{
  guint i;

  if (name == NULL)
    return -1;
  if (g_ascii_strcasecmp (name, "cs-User-Agent") == 0)
    return WMNET_LOG_CS_USER_AGENT;
  if (g_ascii_strcasecmp (name, "cs-Referer") == 0)
    return WMNET_LOG_CS_REFERER;
  for (i = 0; i < WMNET_LOG_N_FIELDS; i++)
    if (g_ascii_strcasecmp (name, field_names[i]) == 0)
      return i;
  return -1;
}

gboolean
wmnet_log_field_is_player (WmnetLogField field)
{
  switch (field) {
    case WMNET_LOG_C_IP:
    case WMNET_LOG_C_DNS:
      return FALSE;
    case WMNET_LOG_CS_REFERER:
    case WMNET_LOG_FILELENGTH:
    case WMNET_LOG_FILESIZE:
    case WMNET_LOG_AVGBANDWIDTH:
    case WMNET_LOG_AUDIOCODEC:
    case WMNET_LOG_VIDEOCODEC:
      return TRUE;
    default:
      return field < WMNET_LOG_N_WMLOG_FIELDS
          && g_str_has_prefix (field_names[field], "c-");
  }
}

WmnetLogRecord *
wmnet_log_record_new (void)
{
  return g_new0 (WmnetLogRecord, 1);
}

void
wmnet_log_record_free (WmnetLogRecord * record)
{
  guint i;

  if (record == NULL)
    return;
  for (i = 0; i < WMNET_LOG_N_FIELDS; i++)
    g_free (record->v[i]);
  g_free (record);
}

WmnetLogRecord *
wmnet_log_record_copy (const WmnetLogRecord * record)
{
  WmnetLogRecord *copy = wmnet_log_record_new ();
  guint i;

  for (i = 0; i < WMNET_LOG_N_FIELDS; i++)
    copy->v[i] = g_strdup (record->v[i]);
  return copy;
}

void
wmnet_log_record_take (WmnetLogRecord * record, WmnetLogField field,
    gchar * value)
{
  if (field >= WMNET_LOG_N_FIELDS) {
    g_free (value);
    return;
  }
  g_free (record->v[field]);
  record->v[field] = value;
}

void
wmnet_log_record_set (WmnetLogRecord * record, WmnetLogField field,
    const gchar * value)
{
  wmnet_log_record_take (record, field, g_strdup (value));
}

void
wmnet_log_record_set_time (WmnetLogRecord * record, gint64 real_time)
{
  GDateTime *dt = g_date_time_new_from_unix_utc (real_time / G_USEC_PER_SEC);

  if (dt == NULL)
    return;
  wmnet_log_record_take (record, WMNET_LOG_DATE,
      g_date_time_format (dt, "%Y-%m-%d"));
  wmnet_log_record_take (record, WMNET_LOG_TIME,
      g_date_time_format (dt, "%H:%M:%S"));
  g_date_time_unref (dt);
}

void
wmnet_log_record_merge_player (WmnetLogRecord * record, GHashTable * report)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, report);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    gint f = wmnet_log_field_from_name (key);

    if (f < 0 || !wmnet_log_field_is_player (f) || value == NULL
        || *(const gchar *) value == '\0' || g_str_equal (value, "-"))
      continue;
    wmnet_log_record_set (record, f, value);
  }
}

static gboolean
is_url_field (WmnetLogField field)
{
  return field == WMNET_LOG_CS_URI_STEM || field == WMNET_LOG_CS_REFERER
      || field == WMNET_LOG_C_CHANNELURL;
}

/* A character a reader may take for a field or line break: the ASCII
 * whitespace and controls, and their Unicode kin (C1 controls such as
 * U+0085 NEL, U+00A0 and the other space separators, U+2028 LINE
 * SEPARATOR, U+2029 PARAGRAPH SEPARATOR: Unicode's White_Space and Cc,
 * which readers such as Python's splitlines() split on). */
static gboolean
is_break (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_iscntrl (c)
      || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

gchar *
wmnet_log_escape (WmnetLogField field, const gchar * value)
{
  gchar *valid, *out;
  const gchar *p;
  GString *s;

  if (value == NULL || *value == '\0')
    return g_strdup ("-");
  valid = g_utf8_make_valid (value, -1);
  if (is_url_field (field)) {
    /* everything RFC 3986 allows unescaped stays, '%' too (it is already
     * an escape); spaces, controls and non-ASCII bytes are escaped */
    out = g_uri_escape_string (valid, "!#$&'()*+,/:;=?@[]~%", FALSE);
    g_free (valid);
    return out;
  }
  /* one '_' for each such character, whatever its length in UTF-8 */
  s = g_string_sized_new (strlen (valid));
  for (p = valid; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (is_break (c))
      g_string_append_c (s, '_');
    else
      g_string_append_len (s, p, g_utf8_next_char (p) - p);
  }
  g_free (valid);
  return g_string_free (s, FALSE);
}

gchar *
wmnet_log_record_to_line (const WmnetLogRecord * record)
{
  GString *line = g_string_sized_new (256);
  guint i;

  for (i = 0; i < WMNET_LOG_N_FIELDS; i++) {
    gchar *v = wmnet_log_escape (i, record->v[i]);

    if (i > 0)
      g_string_append_c (line, ' ');
    g_string_append (line, v);
    g_free (v);
  }
  return g_string_free (line, FALSE);
}

gchar *
wmnet_log_header (gint64 real_time)
{
  GDateTime *dt = g_date_time_new_from_unix_utc (real_time / G_USEC_PER_SEC);
  GString *h = g_string_new (NULL);
  gchar *date = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;
  guint i;

  g_string_append_printf (h, "#Software: gst-wmnet %s\n", PACKAGE_VERSION);
  g_string_append (h, "#Version: 1.0\n");
  g_string_append_printf (h, "#Date: %s\n", date ? date : "-");
  g_string_append (h, "#Fields:");
  for (i = 0; i < WMNET_LOG_N_FIELDS; i++) {
    g_string_append_c (h, ' ');
    g_string_append (h, field_names[i]);
  }
  g_string_append_c (h, '\n');
  g_free (date);
  if (dt)
    g_date_time_unref (dt);
  return g_string_free (h, FALSE);
}

/* ------------------------------------------------------------------------ */
/* the file */

struct _WmnetLogFile
{
  GMutex lock;
  gchar *location;
  FILE *fp;
  gboolean reported;            /* the failure since set_location is told */
};

WmnetLogFile *
wmnet_log_file_new (void)
{
  WmnetLogFile *file = g_new0 (WmnetLogFile, 1);

  g_mutex_init (&file->lock);
  return file;
}

void
wmnet_log_file_free (WmnetLogFile * file)
{
  if (file == NULL)
    return;
  if (file->fp)
    fclose (file->fp);
  g_free (file->location);
  g_mutex_clear (&file->lock);
  g_free (file);
}

void
wmnet_log_file_set_location (WmnetLogFile * file, const gchar * path)
{
  g_mutex_lock (&file->lock);
  if (file->fp)
    fclose (file->fp);
  file->fp = NULL;
  g_free (file->location);
  file->location = (path && *path) ? g_strdup (path) : NULL;
  file->reported = FALSE;
  g_mutex_unlock (&file->lock);
}

gchar *
wmnet_log_file_dup_location (WmnetLogFile * file)
{
  gchar *path;

  g_mutex_lock (&file->lock);
  path = g_strdup (file->location);
  g_mutex_unlock (&file->lock);
  return path;
}

/* with the lock */
static gboolean
open_locked (WmnetLogFile * file, GError ** error)
{
  gchar *header;
  int err;

  if (file->fp || file->location == NULL)
    return TRUE;
  file->fp = g_fopen (file->location, "a");
  if (file->fp == NULL) {
    err = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
        "Cannot open the access log \"%s\": %s", file->location,
        g_strerror (err));
    return FALSE;
  }
  /* W3C directives may come anywhere: a reopened (appended) file gets them
   * again, so each part says what its lines hold */
  header = wmnet_log_header (g_get_real_time ());
  fputs (header, file->fp);
  fflush (file->fp);
  g_free (header);
  return TRUE;
}

/* with the lock: only the first failure since set_location is told */
static gboolean
failed_locked (WmnetLogFile * file, GError * err, GError ** error)
{
  if (!file->reported)
    g_propagate_error (error, err);
  else
    g_error_free (err);
  file->reported = TRUE;
  return FALSE;
}

gboolean
wmnet_log_file_open (WmnetLogFile * file, GError ** error)
{
  GError *err = NULL;
  gboolean ok;

  g_mutex_lock (&file->lock);
  ok = open_locked (file, &err);
  if (!ok)
    failed_locked (file, err, error);
  g_mutex_unlock (&file->lock);
  return ok;
}

gboolean
wmnet_log_file_write (WmnetLogFile * file, const gchar * line, GError ** error)
{
  GError *err = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&file->lock);
  if (file->location == NULL) {
    g_mutex_unlock (&file->lock);
    return TRUE;
  }
  if (!open_locked (file, &err)) {
    ok = failed_locked (file, err, error);
  } else if (fputs (line, file->fp) < 0 || fputc ('\n', file->fp) < 0
      || fflush (file->fp) != 0) {
    int e = errno;

    err = g_error_new (G_FILE_ERROR, g_file_error_from_errno (e),
        "Cannot write the access log \"%s\": %s", file->location,
        g_strerror (e));
    /* try a fresh open with the next line */
    fclose (file->fp);
    file->fp = NULL;
    ok = failed_locked (file, err, error);
  }
  g_mutex_unlock (&file->lock);
  return ok;
}
