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

/* wmnetlog: the access log in the Windows Media Services format. Owns the
 * field set ([MS-WMLOG] 2.2.1, the 44 fields of log_data44, in that
 * order, then cs-user-name), a session's record of them, how a value is escaped into a W3C
 * Extended Log File Format line, the header (#Software, #Version, #Date,
 * #Fields), and the file the lines go to (opened on the first line after a
 * location is set, so that setting the same path again after a rename
 * rotates it). docs/design.md, D17. Pure: no thread of its own;
 * a WmnetLogFile may be used from any thread. */

#ifndef __WMNET_LOG_H__
#define __WMNET_LOG_H__

#include <glib.h>

G_BEGIN_DECLS

/* [MS-WMLOG] 2.2.1 log_data44, in order */
typedef enum
{
  WMNET_LOG_C_IP,
  WMNET_LOG_DATE,
  WMNET_LOG_TIME,
  WMNET_LOG_C_DNS,
  WMNET_LOG_CS_URI_STEM,
  WMNET_LOG_C_STARTTIME,
  WMNET_LOG_X_DURATION,
  WMNET_LOG_C_RATE,
  WMNET_LOG_C_STATUS,
  WMNET_LOG_C_PLAYERID,
  WMNET_LOG_C_PLAYERVERSION,
  WMNET_LOG_C_PLAYERLANGUAGE,
  WMNET_LOG_CS_USER_AGENT,
  WMNET_LOG_CS_REFERER,
  WMNET_LOG_C_HOSTEXE,
  WMNET_LOG_C_HOSTEXEVER,
  WMNET_LOG_C_OS,
  WMNET_LOG_C_OSVERSION,
  WMNET_LOG_C_CPU,
  WMNET_LOG_FILELENGTH,
  WMNET_LOG_FILESIZE,
  WMNET_LOG_AVGBANDWIDTH,
  WMNET_LOG_PROTOCOL,
  WMNET_LOG_TRANSPORT,
  WMNET_LOG_AUDIOCODEC,
  WMNET_LOG_VIDEOCODEC,
  WMNET_LOG_C_CHANNELURL,
  WMNET_LOG_SC_BYTES,
  WMNET_LOG_C_BYTES,
  WMNET_LOG_S_PKTS_SENT,
  WMNET_LOG_C_PKTS_RECEIVED,
  WMNET_LOG_C_PKTS_LOST_CLIENT,
  WMNET_LOG_C_PKTS_LOST_NET,
  WMNET_LOG_C_PKTS_LOST_CONT_NET,
  WMNET_LOG_C_RESENDREQS,
  WMNET_LOG_C_PKTS_RECOVERED_ECC,
  WMNET_LOG_C_PKTS_RECOVERED_RESENT,
  WMNET_LOG_C_BUFFERCOUNT,
  WMNET_LOG_C_TOTALBUFFERTIME,
  WMNET_LOG_C_QUALITY,
  WMNET_LOG_S_IP,
  WMNET_LOG_S_DNS,
  WMNET_LOG_S_TOTALCLIENTS,
  WMNET_LOG_S_CPU_UTIL,
  /* past log_data44: the server's own, as Windows Media Services 9 Series
   * writes it next (docs/design.md, D17) */
  WMNET_LOG_CS_USER_NAME,
  WMNET_LOG_N_FIELDS
} WmnetLogField;

/* the fields of [MS-WMLOG] log_data44, the ones a player's report holds */
#define WMNET_LOG_N_WMLOG_FIELDS (WMNET_LOG_S_CPU_UTIL + 1)

/* The #Fields names: [MS-WMLOG] names, cs(User-Agent) and cs(Referer) in
 * the W3C form Windows Media Services writes. */
const gchar *wmnet_log_field_name (WmnetLogField field);
/* A field by its #Fields or [MS-WMLOG] XML tag name (cs-User-Agent),
 * ASCII case-insensitive; -1 when it is none of the fields. */
gint wmnet_log_field_from_name (const gchar * name);
/* The fields a player's report gives (what only the player knows): the
 * c- fields but c-ip and c-dns, the codecs, the content's length and size,
 * its bandwidth and the referer. The server's own fields (addresses,
 * times, bytes and packets sent, clients) are never taken from a report. */
gboolean wmnet_log_field_is_player (WmnetLogField field);

typedef struct
{
  gchar *v[WMNET_LOG_N_FIELDS];  /* NULL: unknown, written "-" */
} WmnetLogRecord;

WmnetLogRecord *wmnet_log_record_new (void);
void wmnet_log_record_free (WmnetLogRecord * record);
WmnetLogRecord *wmnet_log_record_copy (const WmnetLogRecord * record);
void wmnet_log_record_set (WmnetLogRecord * record, WmnetLogField field,
    const gchar * value);
void wmnet_log_record_take (WmnetLogRecord * record, WmnetLogField field,
    gchar * value);
/* date and time fields, UTC, from µs since the epoch */
void wmnet_log_record_set_time (WmnetLogRecord * record, gint64 real_time);
/* Copies the player fields of @report (field name -> value, as
 * wmnet_log_stats_parse() gives) that are not "-". */
void wmnet_log_record_merge_player (WmnetLogRecord * record,
    GHashTable * report);

/* A value as written: "-" for NULL or empty; URLs (cs-uri-stem, cs(Referer),
 * c-channelURL) percent-encoded where they hold a space, control or
 * non-ASCII byte ([MS-WMLOG] 2.2); elsewhere each whitespace or control
 * character becomes one '_' (as the players write c-os and cs-User-Agent,
 * [MS-WMLOG] 3.3): ASCII and Unicode alike (U+0085, U+00A0, U+2028,
 * U+2029, any White_Space, Cc or Zs character), so that no reader splits
 * a line or a field (docs/design.md D17); invalid UTF-8 is replaced. */
gchar *wmnet_log_escape (WmnetLogField field, const gchar * value);
/* The record as one line, fields separated by one space, no newline. */
gchar *wmnet_log_record_to_line (const WmnetLogRecord * record);
/* The directives that start a file: #Software, #Version (1.0, the W3C
 * format's), #Date (UTC, @real_time µs since the epoch), #Fields. Each line
 * ends with "\n". */
gchar *wmnet_log_header (gint64 real_time);

/* The file: appends lines, opening it (and writing the header) on the first
 * line after wmnet_log_file_set_location(). Thread-safe. */
typedef struct _WmnetLogFile WmnetLogFile;

WmnetLogFile *wmnet_log_file_new (void);
void wmnet_log_file_free (WmnetLogFile * file);
/* NULL: off. Setting a location, the same one too, closes the file: the
 * next line reopens it (rotation: rename it, then set the same path). */
void wmnet_log_file_set_location (WmnetLogFile * file, const gchar * path);
gchar *wmnet_log_file_dup_location (WmnetLogFile * file);
/* Opens the file now if it is not open (to report a bad path early).
 * FALSE with @error when it cannot be opened; TRUE when off. */
gboolean wmnet_log_file_open (WmnetLogFile * file, GError ** error);
/* Appends @line and a newline and flushes. FALSE with @error when the file
 * cannot be opened or written; only the first failure since the location
 * was set sets @error (the others return FALSE alone), so a bad path is
 * reported once. TRUE when off. */
gboolean wmnet_log_file_write (WmnetLogFile * file, const gchar * line,
    GError ** error);

G_END_DECLS

#endif /* __WMNET_LOG_H__ */
