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

/* wmnethttp's parked describes (wmnethttppriv.h): a describe that comes
 * before the stream's first header waits for it, bounded in number and
 * time, and is answered when the header comes, refused with 503 after
 * REQUEST_TIMEOUT_S or at stop, or dropped when its client goes away. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnethttppriv.h"

#define GST_CAT_DEFAULT wmnet_http_debug

/* Describe requests parked until the first header exists: at most this
 * many, each at most REQUEST_TIMEOUT_S; then 503. */
#define MAX_PENDING_DESCRIBES 64

/* A describe that came before the first header: answered when the header
 * comes, with 503 after REQUEST_TIMEOUT_S or at stop, and dropped when its
 * client goes away (or sends more) in the meantime. */
typedef struct
{
  WmnetHttp *http;
  SoupServerMessage *msg;
  GSource *timer;
  GSource *watch;
} PendingDescribe;

/* @status: 200 answers with the header, 0 drops the connection. */
static void
pending_finish (PendingDescribe * p, guint status)
{
  WmnetHttp *self = p->http;

  self->pending_describes = g_list_remove (self->pending_describes, p);
  g_atomic_int_add (&self->n_pending_describes, -1);
  g_source_destroy (p->timer);
  g_source_unref (p->timer);
  if (p->watch) {
    g_source_destroy (p->watch);
    g_source_unref (p->watch);
  }
  if (status == 0) {
    wmnet_http_refuse_now (p->msg, 0);
  } else {
    if (status == SOUP_STATUS_OK)
      wmnet_http_answer_describe (self->cb.current_header (self->user_data),
          p->msg);
    else
      soup_server_message_set_status (p->msg, status, NULL);
    soup_server_message_unpause (p->msg);
  }
  g_object_unref (p->msg);
  g_free (p);
}

static gboolean
pending_timed_out (gpointer data)
{
  GST_INFO ("no header in %d s for a describe request: 503", REQUEST_TIMEOUT_S);
  pending_finish (data, SOUP_STATUS_SERVICE_UNAVAILABLE);
  return G_SOURCE_REMOVE;
}

static gboolean
pending_client_gone (GSocket * sock, GIOCondition cond, gpointer data)
{
  pending_finish (data, 0);
  return G_SOURCE_REMOVE;
}

void
wmnet_http_pending_add (WmnetHttp * self, SoupServerMessage * msg)
{
  PendingDescribe *p;
  GSocket *sock = wmnet_http_socket_of (msg);

  if (g_atomic_int_get (&self->n_pending_describes) >= MAX_PENDING_DESCRIBES
      || sock == NULL) {
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    return;
  }
  p = g_new0 (PendingDescribe, 1);
  p->http = self;
  p->msg = g_object_ref (msg);
  p->timer = g_timeout_source_new_seconds (REQUEST_TIMEOUT_S);
  g_source_set_callback (p->timer, pending_timed_out, p, NULL);
  g_source_attach (p->timer, self->context);
  p->watch = g_socket_create_source (sock, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (p->watch, G_SOURCE_FUNC (pending_client_gone), p,
      NULL);
  g_source_attach (p->watch, self->context);
  soup_server_message_pause (msg);
  self->pending_describes = g_list_prepend (self->pending_describes, p);
  g_atomic_int_inc (&self->n_pending_describes);
}

guint
wmnet_http_get_n_parked (WmnetHttp * self)
{
  return g_atomic_int_get (&self->n_pending_describes);
}

void
wmnet_http_finish_pending (WmnetHttp * self, guint status)
{
  while (self->pending_describes)
    pending_finish (self->pending_describes->data, status);
}

void
wmnet_http_header_ready (WmnetHttp * self)
{
  wmnet_http_finish_pending (self, SOUP_STATUS_OK);
}
