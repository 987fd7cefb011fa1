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

/* gstwmnetserversinksignals.c: wmnetserversink's action signals (the
 * client table, the access lists, the users), their registration and
 * documentation, and the warning a refused call gives. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetserversinkpriv.h"

static guint signals[N_SIGNALS];

/* An action signal refused its arguments: FALSE goes back to the caller,
 * and this says why (a programming error of the caller, GLib's
 * convention; never an abort). */
static void
signal_refused (GstWmnetServerSink * self, const gchar * signal,
    const gchar * why)
{
  gchar *name = gst_wmnet_server_sink_user_element_name (self);

  g_warning ("%s: %s refused: %s", name, signal, why);
  g_free (name);
}

/* ------------------------------------------------------------------------ */
/* action signals */

static GstStructure *
gst_wmnet_server_sink_get_client_info (GstWmnetServerSink * self, guint index)
{
  return wmnet_server_get_client_info (self->server, index);
}

static GstStructure *
gst_wmnet_server_sink_get_client_info_by_id (GstWmnetServerSink * self,
    guint64 id)
{
  return wmnet_server_get_client_info_by_id (self->server, id);
}

static gboolean
gst_wmnet_server_sink_disconnect_client (GstWmnetServerSink * self, guint64 id)
{
  return wmnet_server_disconnect_client (self->server, id);
}

static void
gst_wmnet_server_sink_disconnect_all (GstWmnetServerSink * self)
{
  wmnet_server_disconnect_all (self->server);
}

/* the list and its G_TYPE_STRV twin (D80) changed */
static void
access_changed (GstWmnetServerSink * self, WmnetAccessType type)
{
  gboolean include = type == WMNET_ACCESS_TYPE_INCLUDE;

  wmnet_server_recheck_access (self->server);
  g_object_notify_by_pspec (G_OBJECT (self),
      gst_wmnet_server_sink_pspecs[include ? PROP_ACCESS_INCLUDE :
          PROP_ACCESS_EXCLUDE]);
  g_object_notify_by_pspec (G_OBJECT (self),
      gst_wmnet_server_sink_pspecs[include ? PROP_ACCESS_INCLUDE_STRV :
          PROP_ACCESS_EXCLUDE_STRV]);
}

static gboolean
gst_wmnet_server_sink_add_access_entry (GstWmnetServerSink * self,
    WmnetAccessType type, const gchar * entry)
{
  GError *error = NULL;

  if (!wmnet_access_list_add (self->access, type, entry, &error)) {
    signal_refused (self, "add-access-entry", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_remove_access_entry (GstWmnetServerSink * self,
    WmnetAccessType type, guint index)
{
  GError *error = NULL;

  if (!wmnet_access_list_remove (self->access, type, index, &error)) {
    signal_refused (self, "remove-access-entry", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_add_user (GstWmnetServerSink * self, const gchar * user,
    const gchar * password)
{
  GError *error = NULL;

  if (!wmnet_auth_add_user (self->auth, user, password, &error)) {
    signal_refused (self, "add-user", error->message);
    g_error_free (error);
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_remove_user (GstWmnetServerSink * self,
    const gchar * user)
{
  gchar *why;

  if (wmnet_auth_remove_user (self->auth, user))
    return TRUE;
  why = g_strdup_printf ("no user '%s' was added with add-user (auth-file "
      "users are changed with auth-file)", user ? user : "(null)");
  signal_refused (self, "remove-user", why);
  g_free (why);
  return FALSE;
}

void
gst_wmnet_server_sink_install_signals (GstWmnetServerSinkClass * klass)
{
  /**
   * GstWmnetServerSink::client-added:
   * @sink: the element
   * @id: the client's `id`
   * @address: its IP address, textual
   *
   * A streaming client connected, as multisocketsink's signal of that
   * name (with the client's id for its socket). Emitted from the
   * element's dispatch thread, never the streaming or the server thread,
   * right after the `wmnetsink-client-connected` message is posted: a
   * handler may call back into the element (get-client-info-by-id,
   * disconnect-client).
   */
  signals[SIGNAL_CLIENT_ADDED] = g_signal_new ("client-added",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::client-removed:
   * @sink: the element
   * @id: the client's `id`
   * @address: its IP address, textual
   * @reason: why it left, as the `wmnetsink-client-disconnected`
   *   message's `reason` (`closed`, `eos`, `kicked`, `slow`, ...)
   *
   * A streaming client left, as multisocketsink's signal of that name
   * (with the id and a reason for its socket and status). Emitted from
   * the dispatch thread right after the `wmnetsink-client-disconnected`
   * message is posted.
   */
  signals[SIGNAL_CLIENT_REMOVED] = g_signal_new ("client-removed",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::get-client-info:
   * @sink: the element
   * @index: zero-based index in connect order
   *
   * The SDK's index form (IWMClientConnections::GetClientProperties,
   * IWMClientConnections2::GetClientInfo): an index names another client
   * once one before it leaves; #GstWmnetServerSink::get-client-info-by-id
   * takes the id that the messages, client-added and disconnect-client
   * use.
   *
   * Returns: (transfer full) (nullable): a `wmnetsink-client` structure,
   * NULL when @index is past the end.
   */
  signals[SIGNAL_GET_CLIENT_INFO] = g_signal_new_class_handler
      ("get-client-info", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_get_client_info), NULL, NULL, NULL,
      GST_TYPE_STRUCTURE, 1, G_TYPE_UINT);
  /**
   * GstWmnetServerSink::get-client-info-by-id:
   * @sink: the element
   * @id: the client's `id`
   *
   * As get-client-info, by the id disconnect-client takes.
   *
   * Returns: (transfer full) (nullable): a `wmnetsink-client` structure,
   * NULL when no client of that id is connected (no warning: a client may
   * leave at any moment).
   */
  signals[SIGNAL_GET_CLIENT_INFO_BY_ID] = g_signal_new_class_handler
      ("get-client-info-by-id", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_get_client_info_by_id), NULL, NULL,
      NULL, GST_TYPE_STRUCTURE, 1, G_TYPE_UINT64);
  /**
   * GstWmnetServerSink::disconnect-client:
   * @sink: the element
   * @id: the client's `id`
   *
   * Disconnects one client (reason `kicked`).
   *
   * Returns: TRUE if such a client was connected (no warning otherwise:
   * a client may leave at any moment).
   */
  signals[SIGNAL_DISCONNECT_CLIENT] = g_signal_new_class_handler
      ("disconnect-client", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_disconnect_client), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 1, G_TYPE_UINT64);
  /**
   * GstWmnetServerSink::disconnect-all:
   * @sink: the element
   *
   * Disconnects every client (reason `kicked`); the port stays open.
   * IWMWriterNetworkSink::Disconnect.
   */
  signals[SIGNAL_DISCONNECT_ALL] = g_signal_new_class_handler
      ("disconnect-all", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_disconnect_all), NULL, NULL, NULL,
      G_TYPE_NONE, 0);
  /**
   * GstWmnetServerSink::add-access-entry:
   * @sink: the element
   * @type: the list: #GstWmnetAccessType include (0x69) or exclude (0x65)
   * @entry: "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::7", ...
   *
   * Appends an entry; connected clients the new lists refuse are
   * disconnected (reason `access-denied`). IWMAddressAccess2::AddAccessEntryEx.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * the bad @entry or @type, when one is not valid; the list is as it was.
   */
  signals[SIGNAL_ADD_ACCESS_ENTRY] = g_signal_new_class_handler
      ("add-access-entry", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_add_access_entry), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::remove-access-entry:
   * @sink: the element
   * @type: the list, #GstWmnetAccessType
   * @index: zero-based index in that list
   *
   * IWMAddressAccess::RemoveAccessEntry.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * the bad @index or @type, when @index is past the end or @type is not
   * valid.
   */
  signals[SIGNAL_REMOVE_ACCESS_ENTRY] = g_signal_new_class_handler
      ("remove-access-entry", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_remove_access_entry), NULL, NULL,
      NULL, G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE, G_TYPE_UINT);

  /**
   * GstWmnetServerSink::add-user:
   * @sink: the element
   * @user: the user name (not empty, no ':')
   * @password: the password
   *
   * Adds or replaces a user for #GstWmnetServerSink:auth basic and digest;
   * it comes before an auth-file user of the same name.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * @user, when @user is not valid.
   */
  signals[SIGNAL_ADD_USER] = g_signal_new_class_handler ("add-user",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_add_user), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::remove-user:
   * @sink: the element
   * @user: a user added with add-user
   *
   * Connected clients stay; the user's next request is refused.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * @user, when @user was not added with add-user.
   */
  signals[SIGNAL_REMOVE_USER] = g_signal_new_class_handler ("remove-user",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_remove_user), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}
