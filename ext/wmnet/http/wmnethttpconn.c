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

/* wmnethttp's connections (wmnethttppriv.h): each connection handed to
 * libsoup through its request-head screen, what is known of it until it
 * streams (ConnInfo: its socket, the screen, the screened stream) and its
 * taking over; the client's address of a request, behind trusted proxies
 * (wmnetforwarded, docs/design.md D51), and the server's own address of
 * the connection. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnethttppriv.h"

#define GST_CAT_DEFAULT wmnet_http_debug

static void
conn_info_free (ConnInfo * info)
{
  g_object_unref (info->socket);
  g_object_unref (info->conn);
  g_object_unref (info->screen);
  g_clear_object (&info->screened);
  g_free (info);
}

ConnInfo *
wmnet_http_conn_info_of (SoupServerMessage * msg)
{
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);

  return sa ? g_object_get_data (G_OBJECT (sa), "wmnet-conn") : NULL;
}

GSocket *
wmnet_http_socket_of (SoupServerMessage * msg)
{
  ConnInfo *info = wmnet_http_conn_info_of (msg);

  return info ? info->socket : NULL;
}

GIOStream *
wmnet_http_take_connection (SoupServerMessage * msg)
{
  ConnInfo *info = wmnet_http_conn_info_of (msg);
  GIOStream *stolen;

  if (info == NULL || info->screened == NULL)
    return NULL;
  /* libsoup's stream, and the screen's buffers (8 KiB) under it, go now;
   * a streaming client keeps only its socket's connection */
  wmnet_screened_stream_detach (info->screened);
  stolen = soup_server_message_steal_connection (msg);
  g_clear_object (&stolen);
  g_clear_object (&info->screened);
  return g_object_ref (info->conn);
}

/* The client's address of a request (screen_request sets it). */
typedef struct
{
  GInetAddress *inet;
  guint port;
  /* what it was worked out from, to work it out again (D51) */
  GInetAddress *peer;
  guint peer_port;
  gchar *forwarded;
  gchar *x_forwarded_for;
} ClientAddress;

static void
client_address_free (ClientAddress * ca)
{
  g_object_unref (ca->inet);
  g_clear_object (&ca->peer);
  g_free (ca->forwarded);
  g_free (ca->x_forwarded_for);
  g_free (ca);
}

/* The TCP peer. */
static gchar *
tcp_peer_of (SoupServerMessage * msg, GInetAddress ** inet, guint * port)
{
  GSocketAddress *sa = soup_server_message_get_remote_address (msg);

  *inet = NULL;
  *port = 0;
  if (!G_IS_INET_SOCKET_ADDRESS (sa))
    return NULL;
  *inet = wmnet_inet_address_normalize (g_inet_socket_address_get_address
      (G_INET_SOCKET_ADDRESS (sa)));
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sa));
  return g_inet_address_to_string (*inet);
}

gchar *
wmnet_http_peer_of (SoupServerMessage * msg, GInetAddress ** inet, guint * port)
{
  ClientAddress *ca = g_object_get_data (G_OBJECT (msg), "wmnet-client");

  if (ca == NULL)
    return tcp_peer_of (msg, inet, port);
  *inet = g_object_ref (ca->inet);
  *port = ca->port;
  return g_inet_address_to_string (ca->inet);
}

gboolean
wmnet_http_forwarding_of (SoupServerMessage * msg, GInetAddress ** peer,
    guint * peer_port, gchar ** forwarded, gchar ** x_forwarded_for)
{
  ClientAddress *ca = g_object_get_data (G_OBJECT (msg), "wmnet-client");

  if (ca == NULL)
    return FALSE;
  *peer = g_object_ref (ca->peer);
  *peer_port = ca->peer_port;
  *forwarded = g_strdup (ca->forwarded);
  *x_forwarded_for = g_strdup (ca->x_forwarded_for);
  return TRUE;
}

/* For a trusted proxy, the client its forwarding headers name is the
 * request's client from here on; from any other peer they are ignored. */
void
wmnet_http_resolve_client (WmnetHttp * self, SoupServerMessage * msg)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  GInetAddress *peer;
  guint port;
  gchar *s = tcp_peer_of (msg, &peer, &port);
  ClientAddress *ca;

  g_free (s);
  if (peer == NULL)
    goto out;
  ca = g_new0 (ClientAddress, 1);
  ca->port = ca->peer_port = port;
  ca->peer = g_object_ref (peer);
  ca->forwarded = g_strdup (soup_message_headers_get_list (req, "Forwarded"));
  ca->x_forwarded_for =
      g_strdup (soup_message_headers_get_list (req, "X-Forwarded-For"));
  ca->inet = wmnet_forwarded_client (peer, &ca->port, ca->forwarded,
      ca->x_forwarded_for, wmnet_admission_is_trusted_proxy, self->admission);
  if (!g_inet_address_equal (ca->inet, peer)) {
    gchar *a = g_inet_address_to_string (peer), *b =
        g_inet_address_to_string (ca->inet);

    GST_DEBUG_OBJECT (self->log_object, "%s:%u is a trusted proxy for %s:%u",
        a, port, b, ca->port);
    g_free (a);
    g_free (b);
  }
  g_object_set_data_full (G_OBJECT (msg), "wmnet-client", ca,
      (GDestroyNotify) client_address_free);
out:
  g_clear_object (&peer);
}

/* The server's address of the connection (s-ip), IPv4-mapped shown as
 * IPv4. */
gchar *
wmnet_http_local_address_of (SoupServerMessage * msg)
{
  GSocket *sock = wmnet_http_socket_of (msg);
  GSocketAddress *sa = sock ? g_socket_get_local_address (sock, NULL) : NULL;
  GInetAddress *inet;
  gchar *s = NULL;

  if (G_IS_INET_SOCKET_ADDRESS (sa)) {
    inet = wmnet_inet_address_normalize (g_inet_socket_address_get_address
        (G_INET_SOCKET_ADDRESS (sa)));
    s = g_inet_address_to_string (inet);
    g_object_unref (inet);
  }
  g_clear_object (&sa);
  return s;
}

/* Hands @sock to libsoup, its request head read through a WmnetHeadScreen,
 * with a ConnInfo on the remote address the handlers will see. */
static void
serve_socket (WmnetHttp * self, GSocket * sock, gboolean not_found,
    gboolean metrics)
{
  GSocketAddress *remote, *local;
  GSocketConnection *conn;
  GIOStream *stream;
  ConnInfo *info;

  remote = g_socket_get_remote_address (sock, NULL);
  local = g_socket_get_local_address (sock, NULL);
  if (remote == NULL || local == NULL) {
    /* reset before we got to it */
    g_clear_object (&remote);
    g_clear_object (&local);
    g_socket_close (sock, NULL);
    return;
  }
  info = g_new0 (ConnInfo, 1);
  info->socket = g_object_ref (sock);
  info->not_found = not_found;
  info->metrics = metrics;
  info->screen = wmnet_head_screen_new ();
  conn = g_socket_connection_factory_create_connection (sock);
  stream = wmnet_screened_stream_new (G_IO_STREAM (conn), info->screen);
  info->conn = G_IO_STREAM (conn);
  info->screened = g_object_ref (stream);
  g_object_set_data_full (G_OBJECT (remote), "wmnet-conn", info,
      (GDestroyNotify) conn_info_free);
  soup_server_accept_iostream (self->soup, stream, local, remote, NULL);
  g_object_unref (stream);
  g_object_unref (remote);
  g_object_unref (local);
}

void
wmnet_http_serve_socket (WmnetHttp * self, GSocket * sock, gboolean not_found)
{
  serve_socket (self, sock, not_found, FALSE);
}

void
wmnet_http_serve_metrics (WmnetHttp * self, GSocket * sock)
{
  serve_socket (self, sock, FALSE, TRUE);
}
