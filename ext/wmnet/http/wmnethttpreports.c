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

/* RFC 6585 4, which libsoup does not name */
#define STATUS_TOO_MANY_REQUESTS 429

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
 * request is authorized (auth) and its address is within the bound.
 * Returns the status: 200, 401 (with the challenge), 429. */
static guint
log_lone_report (WmnetHttp * self, SoupServerMessage * msg,
    GInetAddress * inet, const gchar * address, guint port,
    const gchar * client_id, GHashTable * report)
{
  WmnetAuth *auth = self->cb.auth ? self->cb.auth (self->user_data) : NULL;
  guint retry_after = 0;

  if (inet == NULL)
    return SOUP_STATUS_BAD_REQUEST;
  if (auth && wmnet_auth_get_mode (auth) != WMNET_AUTH_NONE
      && !g_object_get_data (G_OBJECT (msg), "wmnet-user")) {
    /* it had no credentials (screen_request checked any): challenged,
     * told and counted as any request's refusal */
    wmnet_http_auth_check (self->auth, auth, msg);
    wmnet_http_refuse_unauthorized (self, msg);
    return SOUP_STATUS_UNAUTHORIZED;
  }
  if (!wmnet_limits_take_token (self->lone_reports, inet,
          g_get_monotonic_time (), &retry_after)) {
    GST_INFO_OBJECT (self->log_object, "%s:%u: log report of no session: "
        "429", address, port);
    wmnet_http_set_retry_after (msg, retry_after);
    self->cb.post_refused (self->user_data, address, port, "log-reports");
    return STATUS_TOO_MANY_REQUESTS;
  }
  self->cb.log_stats (self->user_data, address, client_id, report, TRUE);
  return SOUP_STATUS_OK;
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
  guint status;

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
    if (self->cb.log_stats (self->user_data, address, client_id, report, FALSE)) {
      status = SOUP_STATUS_OK;
    } else
      status = log_lone_report (self, msg, inet, address, port, client_id,
          report);
    g_hash_table_unref (report);
    soup_server_message_set_status (msg, status,
        status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  }
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  g_free (client_id);
  g_free (answered);
}
