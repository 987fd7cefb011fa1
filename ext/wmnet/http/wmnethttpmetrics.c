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

/* The answer to the metrics path (wmnethttppriv.h, docs/design.md D76),
 * from the early handler, so that libsoup reads no body and no handler of
 * the broadcast runs: who may read is the metrics callback's, judged on
 * the TCP peer (forwarding headers are not believed here). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnethttppriv.h"
#include "wmnetmetrics.h"

#define GST_CAT_DEFAULT wmnet_http_debug

void
wmnet_http_answer_metrics (WmnetHttp * self, SoupServerMessage * msg)
{
  const gchar *method = soup_server_message_get_method (msg);
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);
  ConnInfo *info = wmnet_http_conn_info_of (msg);
  GInetAddress *peer = NULL;
  gchar *body = NULL;

  /* the head is complete: the slowloris timer has done its job */
  g_object_set_data (G_OBJECT (msg), "wmnet-timeout", NULL);
  if (G_IS_INET_SOCKET_ADDRESS (sa))
    peer = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa));
  if (peer && self->cb.metrics)
    body = self->cb.metrics (self->user_data, peer);
  if (body == NULL) {
    GST_INFO_OBJECT (self->log_object, "metrics: 403 for a peer not in "
        "metrics-access");
    soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
  } else if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
    /* RFC 9110 15.5.6: a 405 names the methods there are */
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Allow", "GET, HEAD");
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  } else if (info && wmnet_head_screen_get_problem (info->screen)) {
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
  } else {
    gsize len = strlen (body);

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, WMNET_METRICS_CONTENT_TYPE,
        SOUP_MEMORY_TAKE, g_steal_pointer (&body), len);
  }
  g_free (body);
}
