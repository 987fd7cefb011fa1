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

/* Who a client of the server's table is (wmnetserverpriv.h): its address
 * worked out again from its TCP peer and forwarding headers with the
 * trusted proxies as they are now (D51), what the admission's points need
 * of it (wmnetadmission judges), and its reverse DNS name. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetserverpriv.h"
#include "wmnetforwarded.h"

#include <string.h>

#define GST_CAT_DEFAULT wmnet_server_debug

/* ------------------------------------------------------------------------ */
/* the address */

/* Works @c's address out again from its TCP peer and forwarding headers
 * with the trusted proxies as they are now (D51); clients_lock held.
 * TRUE when it changed: the DNS name found for the old one goes. */
gboolean
wmnet_server_reidentify_locked (WmnetServer * self, WmnetClient * c)
{
  GInetAddress *inet;
  guint port = c->peer_port;

  if (c->peer == NULL)
    return FALSE;
  inet = wmnet_forwarded_client (c->peer, &port, c->forwarded,
      c->x_forwarded_for, wmnet_admission_is_trusted_proxy, self->admission);
  if (g_inet_address_equal (inet, c->inet) && port == c->port) {
    g_object_unref (inet);
    return FALSE;
  }
  g_object_unref (c->inet);
  c->inet = inet;
  c->port = port;
  g_free (c->address);
  c->address = g_inet_address_to_string (inet);
  g_clear_pointer (&c->dns_name, g_free);
  return TRUE;
}

static gboolean
client_forwarded (WmnetClient * c)
{
  return c->forwarded != NULL || c->x_forwarded_for != NULL;
}

void
wmnet_server_describe_client (WmnetClient * c, WmnetAdmissionClient * out)
{
  memset (out, 0, sizeof (*out));
  out->inet = c->inet;
  out->forwarded = client_forwarded (c);
  out->slot_inet = c->slot_inet ? c->slot_inet : c->inet;
  out->now = g_get_monotonic_time ();
}

/* ------------------------------------------------------------------------ */
/* reverse DNS */

typedef struct
{
  WmnetServer *server;
  guint64 id;
  GInetAddress *inet;           /* looked up: the client's may change (D51) */
} ResolveCtx;

WmnetClient *
wmnet_server_find_client_locked (WmnetServer * self, guint64 id)
{
  guint i;

  for (i = 0; i < self->clients->len; i++) {
    WmnetClient *c = g_ptr_array_index (self->clients, i);
    if (c->id == id)
      return c;
  }
  return NULL;
}

static void
resolved (GObject * src, GAsyncResult * res, gpointer user_data)
{
  ResolveCtx *ctx = user_data;
  WmnetServer *self = ctx->server;
  gchar *name = g_resolver_lookup_by_address_finish (G_RESOLVER (src), res,
      NULL);
  GstStructure *s = NULL;
  WmnetClient *c;

  if (name) {
    g_mutex_lock (&self->clients_lock);
    c = wmnet_server_find_client_locked (self, ctx->id);
    /* the name of an address the client no longer has is not its */
    if (c && g_inet_address_equal (c->inet, ctx->inet)) {
      g_free (c->dns_name);
      c->dns_name = g_strdup (name);
      s = gst_structure_new ("wmnetsink-client-properties",
          "id", G_TYPE_UINT64, c->id, "address", G_TYPE_STRING, c->address,
          "port", G_TYPE_UINT, c->port, "dns-name", G_TYPE_STRING, name, NULL);
    }
    g_mutex_unlock (&self->clients_lock);
  }
  if (s) {
    self->callbacks.client_properties (self->user_data, s);
    self->callbacks.clients_changed (self->user_data);
  }
  g_free (name);
  g_object_unref (self);
  g_object_unref (ctx->inet);
  g_free (ctx);
}

/* Looks @c's address up (server thread); its name comes as a
 * wmnetsink-client-properties message. */
void
wmnet_server_resolve_client (WmnetServer * self, WmnetClient * c)
{
  ResolveCtx *ctx = g_new0 (ResolveCtx, 1);

  ctx->server = g_object_ref (self);
  ctx->id = c->id;
  ctx->inet = g_object_ref (c->inet);
  g_resolver_lookup_by_address_async (self->resolver, ctx->inet,
      c->cancellable, resolved, ctx);
}
