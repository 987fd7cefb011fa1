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

/* Helpers of the access log tests: a W3C log reader, raw HTTP requests, a
 * crafted Windows Media Player session with its LogStats report. */

#ifndef __WMNET_TEST_LOG_H__
#define __WMNET_TEST_LOG_H__

#include <gio/gio.h>

G_BEGIN_DECLS

#define WMNET_TEST_WMP_AGENT "NSPlayer/10.0.0.3802"

typedef struct
{
  gchar **fields;               /* from the last #Fields */
  GPtrArray *lines;             /* GHashTable*: field -> value */
  guint directives;
} WmnetW3cLog;

/* Lines end at any break a reader knows (also U+0085, U+2028, U+2029).
 * Fails the test on a line before #Fields or one with another count, and
 * on whitespace or a control inside a field. */
WmnetW3cLog *wmnet_test_w3c_parse (const gchar * text);
WmnetW3cLog *wmnet_test_w3c_read (const gchar * path);
void wmnet_test_w3c_free (WmnetW3cLog * log);
/* The one line whose @field starts with @prefix (fails unless one). */
GHashTable *wmnet_test_w3c_find (WmnetW3cLog * log, const gchar * field,
    const gchar * prefix);
/* A numeric field (fails when it is not). */
guint64 wmnet_test_w3c_u64 (GHashTable * line, const gchar * field);

/* Sends @head (and @body) to 127.0.0.1:@port, reads until EOF or
 * @timeout_ms; returns the response head, @got the bytes read, @head_len
 * the head's. */
gchar *wmnet_test_request (guint port, const gchar * head,
    const gchar * body, gsize * got, gsize * head_len, guint timeout_ms);
/* The client-id pragma of a response head. */
gchar *wmnet_test_client_id_of (const gchar * head);
/* A GThreadFunc (data: the port): describe, play until the server closes,
 * then the LogStats POST of WMNET_TEST_LOG_REPORT with the session's
 * client-id. Returns a g_new'd guint64: the stream bytes it got after the
 * play response head. */
gpointer wmnet_test_wmp_session (gpointer data);

G_END_DECLS

#endif /* __WMNET_TEST_LOG_H__ */
