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

/* Kicks and access re-checks of the server's client table
 * (wmnetserverpriv.h): the application's disconnect and access-edit calls,
 * queued for the server thread (wmnetservercmd.c), which closes the
 * clients kicked or refused by the trusted proxies and access lists as they
 * are now (D51). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetserverpriv.h"

#define GST_CAT_DEFAULT wmnet_server_debug

typedef struct
{
  WmnetServer *server;
  gboolean all;
  guint64 id;
  WmnetDisconnectReason reason;
} KickCtx;

/* Every client again through the trusted proxies and the admission's
 * recheck point (the access lists), as they are now: a new address is
 * posted (wmnetsink-client-properties), a refused client is disconnected
 * with the refusal's reason. */
static void
recheck_on_server (WmnetServer * self)
{
  GPtrArray *victims = g_ptr_array_new ();
  GArray *reasons = g_array_new (FALSE, FALSE, sizeof (WmnetDisconnectReason));
  GPtrArray *moved = g_ptr_array_new ();
  /* moved and staying: their new address is looked up */
  GPtrArray *lookups = g_ptr_array_new ();
  gboolean resolve, changed;
  guint i;

  g_mutex_lock (&self->settings_lock);
  resolve = g_value_get_boolean (WMNET_SETTING (self, RESOLVE_NAMES));
  g_mutex_unlock (&self->settings_lock);

  g_mutex_lock (&self->clients_lock);
  for (i = 0; i < self->clients->len; i++) {
    WmnetClient *c = g_ptr_array_index (self->clients, i);
    WmnetAdmissionClient client;
    WmnetAdmissionVerdict v;
    WmnetDisconnectReason r;

    changed = wmnet_server_reidentify_locked (self, c);
    if (changed)
      g_ptr_array_add (moved, gst_structure_new ("wmnetsink-client-properties",
              "id", G_TYPE_UINT64, c->id, "address", G_TYPE_STRING,
              c->address, "port", G_TYPE_UINT, c->port, "dns-name",
              G_TYPE_STRING, "", NULL));
    wmnet_server_describe_client (c, &client);
    wmnet_admission_recheck_client (self->admission, &client, &v);
    if (v.action != WMNET_ADMISSION_REFUSE) {
      if (changed && resolve)
        g_ptr_array_add (lookups, c);
      continue;
    }
    r = g_str_equal (v.reason, WMNET_REFUSED_ACCESS_CONFIG) ?
        WMNET_REASON_ACCESS_CONFIG : WMNET_REASON_ACCESS_DENIED;
    g_ptr_array_add (victims, c);
    g_array_append_val (reasons, r);
  }
  g_mutex_unlock (&self->clients_lock);

  /* the callback takes each structure */
  for (i = 0; i < moved->len; i++) {
    GstStructure *m = g_ptr_array_index (moved, i);

    GST_INFO_OBJECT (self, "a client is now %s (trusted-proxies changed)",
        gst_structure_get_string (m, "address"));
    self->callbacks.client_properties (self->user_data, m);
  }
  for (i = 0; i < victims->len; i++)
    wmnet_server_client_close (self, g_ptr_array_index (victims, i),
        g_array_index (reasons, WmnetDisconnectReason, i));
  if (moved->len || victims->len)
    self->callbacks.clients_changed (self->user_data);
  for (i = 0; i < lookups->len; i++)
    wmnet_server_resolve_client (self, g_ptr_array_index (lookups, i));
  g_ptr_array_unref (lookups);
  g_ptr_array_unref (moved);
  g_ptr_array_unref (victims);
  g_array_unref (reasons);
}

static void
kick_on_server (gpointer data)
{
  KickCtx *k = data;
  WmnetServer *self = k->server;
  GPtrArray *victims = g_ptr_array_new ();
  guint i;

  if (k->all && k->reason == WMNET_REASON_ACCESS_DENIED) {
    recheck_on_server (self);
    g_ptr_array_unref (victims);
    return;
  }
  g_mutex_lock (&self->clients_lock);
  for (i = 0; i < self->clients->len; i++) {
    WmnetClient *c = g_ptr_array_index (self->clients, i);

    if (k->all || c->id == k->id)
      g_ptr_array_add (victims, c);
  }
  g_mutex_unlock (&self->clients_lock);

  for (i = 0; i < victims->len; i++)
    wmnet_server_client_close (self, g_ptr_array_index (victims, i), k->reason);
  g_ptr_array_unref (victims);
}

static void
kick (WmnetServer * self, gboolean all, guint64 id,
    WmnetDisconnectReason reason)
{
  KickCtx *k = g_new0 (KickCtx, 1);

  k->server = self;
  k->all = all;
  k->id = id;
  k->reason = reason;
  /* through the command queue: applied before the packets queued ahead
   * of it are written (D67); dropped when the server does not run */
  wmnet_server_run (self, kick_on_server, k, g_free);
}

gboolean
wmnet_server_disconnect_client (WmnetServer * self, guint64 id)
{
  gboolean found;

  g_mutex_lock (&self->clients_lock);
  found = wmnet_server_find_client_locked (self, id) != NULL;
  g_mutex_unlock (&self->clients_lock);
  if (found)
    kick (self, FALSE, id, WMNET_REASON_KICKED);
  return found;
}

void
wmnet_server_disconnect_all (WmnetServer * self)
{
  kick (self, TRUE, 0, WMNET_REASON_KICKED);
}

void
wmnet_server_recheck_access (WmnetServer * self)
{
  kick (self, TRUE, 0, WMNET_REASON_ACCESS_DENIED);
}
