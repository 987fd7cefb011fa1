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

/* wmnethttp's players' log reports (wmnethttppriv.h): a LogStats POST
 * ([MS-WMSP] 2.2.1.2.5) told by its Content-Type, its body parsed
 * (wmnetlogstats) and handed to the server with log_stats; one that
 * belongs to no session is written alone only when authorized and within
 * its address's bound (docs/design.md D54). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnethttppriv.h"

#define GST_CAT_DEFAULT wmnet_http_debug

/* [MS-WMSP] 2.2.1.2.5: a POST whose Content-Type is
 * application/x-wms-LogStats (parameters such as charset aside). */
gboolean
wmnet_http_is_log_stats (const gchar * method, SoupMessageHeaders * req)
{
  const gchar *type = soup_message_headers_get_one (req, "Content-Type");
  static const gchar log_stats[] = "application/x-wms-LogStats";
  gsize n = sizeof (log_stats) - 1;

  if (g_strcmp0 (method, "POST") != 0 || type == NULL)
    return FALSE;
  while (*type == ' ' || *type == '\t')
    type++;
  return g_ascii_strncasecmp (type, log_stats, n) == 0
      && (type[n] == '\0' || type[n] == ';' || type[n] == ' '
      || type[n] == '\t');
}

/* A report that belongs to no session (D54): written alone only when the
 * admission's report point lets it (authorized, and its address within
 * the bound); else refused, a 401 with the challenge. */
static void
log_lone_report (WmnetHttp * self, SoupServerMessage * msg,
    GInetAddress * inet, const gchar * address, const gchar * client_id,
    GHashTable * report)
{
  WmnetAdmissionVerdict v;

  wmnet_admission_check_report (self->admission, inet,
      g_object_get_data (G_OBJECT (msg), "wmnet-user") != NULL,
      g_get_monotonic_time (), &v);
  if (v.challenge)
    wmnet_http_auth_check (self->auth,
        wmnet_admission_get_auth (self->admission), msg);
  if (v.action == WMNET_ADMISSION_REFUSE) {
    wmnet_http_refuse (self, msg, &v);
    return;
  }
  self->cb.log_stats (self->user_data, address, client_id, report, TRUE);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* A player's log report ([MS-WMSP] 2.2.1.2.5, body [MS-WMLOG] 2.4): parsed
 * and handed to the server; 200 with no body, 400 when it is not a log;
 * one that belongs to no session may get 401 or 429 (D54). */
void
wmnet_http_handle_log_stats (WmnetHttp * self, SoupServerMessage * msg,
    GInetAddress * inet, const gchar * address, guint port)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  GBytes *body;
  GHashTable *report;
  GError *error = NULL;
  gchar *client_id, *answered;

  g_object_set_data (G_OBJECT (msg), "wmnet-timeout", NULL);
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  report = wmnet_log_stats_parse (g_bytes_get_data (body, NULL),
      g_bytes_get_size (body), &error);
  g_bytes_unref (body);
  client_id =
      wmnet_http_request_client_id (soup_message_headers_get_list (req,
          "Pragma"));
  answered = wmnet_http_set_wmsp_headers (msg, client_id, FALSE);
  if (report == NULL) {
    GST_INFO_OBJECT (self->log_object, "%s: log report refused: %s",
        address ? address : "?", error->message);
    g_error_free (error);
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
  } else {
    GST_DEBUG_OBJECT (self->log_object, "%s: log report, client-id %s",
        address ? address : "?", client_id ? client_id : "none");
    /* one of a session was authorized with its play */
    if (self->cb.log_stats (self->user_data, address, client_id, report, FALSE))
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    else
      log_lone_report (self, msg, inet, address, client_id, report);
    g_hash_table_unref (report);
  }
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  g_free (client_id);
  g_free (answered);
}
