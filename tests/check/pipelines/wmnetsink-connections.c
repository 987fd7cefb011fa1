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

/* The client table and status messages (IWMClientConnections(2),
 * IWMStatusCallback) with real players: FFmpeg's mmsh client and raw
 * sockets whose source ports we know. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"

#define PLAY_REQUEST WMNET_TEST_VLC_PLAY ( \
  "Pragma: stream-switch-count=2\r\n" \
  "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 \r\n")

static GstElement *
sink_of (GstElement * pipeline)
{
  return gst_bin_get_by_name (GST_BIN (pipeline), "s");
}

static GSocket *
raw_play (const gchar * host, guint port, const gchar * bind_addr,
    guint * local_port)
{
  GError *error = NULL;
  GSocket *sock = wmnet_test_connect (host, port, bind_addr, &error);
  GSocketAddress *local;

  fail_unless (sock != NULL, "connect %s: %s", host,
      error ? error->message : "?");
  local = g_socket_get_local_address (sock, NULL);
  *local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  fail_unless (wmnet_test_send_all (sock, PLAY_REQUEST, strlen (PLAY_REQUEST)));
  return sock;
}

static const GstStructure *
find_client_by_port (GPtrArray * clients, guint port)
{
  guint i, p;

  for (i = 0; i < clients->len; i++) {
    const GstStructure *c = g_ptr_array_index (clients, i);
    if (gst_structure_get_uint (c, "port", &p) && p == port)
      return c;
  }
  return NULL;
}

typedef struct
{
  GstElement *pipeline;
  const guint64 *before;
} Growth;

/* Both clients were sent more than @data's before. */
static gboolean
both_grew (gpointer data)
{
  Growth *g = data;
  GPtrArray *clients = wmnet_test_get_clients (g->pipeline);
  guint i, grew = 0;

  for (i = 0; i < clients->len && i < 2; i++) {
    guint64 sent = 0;

    gst_structure_get_uint64 (g_ptr_array_index (clients, i), "bytes-sent",
        &sent);
    if (sent > g->before[i])
      grew++;
  }
  g_ptr_array_unref (clients);
  return grew == 2;
}

GST_START_TEST (test_two_ffmpeg_players)
{
  guint port, i;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", "6", "-f", "null", "-", NULL
  };
  GSubprocess *players[2];
  GPtrArray *clients;
  GstStructure *msg;
  guint64 bytes1[2], bytes2[2], ids[2];
  Growth grow;
  guint connected = 0, disconnected = 0;

  wmnet_test_require_program ("ffmpeg");
  players[0] = wmnet_test_spawn (argv);
  players[1] = wmnet_test_spawn (argv);

  fail_unless (wmnet_test_wait_num_clients (p, 2, 15000),
      "two players not listed");
  clients = wmnet_test_get_clients (p);
  fail_unless_equals_int (clients->len, 2);
  for (i = 0; i < 2; i++) {
    const GstStructure *c = g_ptr_array_index (clients, i);

    fail_unless_equals_string (gst_structure_get_string (c, "address"),
        "127.0.0.1");
    fail_unless_equals_string (gst_structure_get_string (c, "user-agent"),
        "NSPlayer/4.1.0.3856");
    fail_unless_equals_string (gst_structure_get_string (c, "protocol"),
        "wmsp");
    fail_unless (gst_structure_get_uint64 (c, "id", &ids[i]));
    fail_unless (gst_structure_get_uint64 (c, "bytes-sent", &bytes1[i]));
  }
  fail_unless (ids[0] != ids[1]);
  g_ptr_array_unref (clients);

  grow.pipeline = p;
  grow.before = bytes1;
  wmnet_test_wait_until (both_grew, &grow, 5000);
  clients = wmnet_test_get_clients (p);
  fail_unless_equals_int (clients->len, 2);
  for (i = 0; i < 2; i++) {
    fail_unless (gst_structure_get_uint64 (g_ptr_array_index (clients, i),
            "bytes-sent", &bytes2[i]));
    fail_unless (bytes2[i] > bytes1[i], "bytes-sent does not grow");
  }
  g_ptr_array_unref (clients);

  for (i = 0; i < 2; i++) {
    gint status;
    gchar *err = NULL;

    fail_unless (wmnet_test_wait (players[i], 40, &status, NULL, &err));
    fail_unless_equals_int (status, 0);
    fail_unless (err[0] == '\0', "ffmpeg: %s", err);
    g_free (err);
    g_object_unref (players[i]);
  }
  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000),
      "players still listed");

  /* exactly two connects (the describes raise none), two closes */
  while ((msg = wmnet_test_pop_element_message (p, "wmnetsink-client-", 1000))) {
    const gchar *name = gst_structure_get_name (msg);

    if (g_str_equal (name, "wmnetsink-client-connected"))
      connected++;
    else if (g_str_equal (name, "wmnetsink-client-disconnected")) {
      fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
          "closed");
      disconnected++;
    }
    gst_structure_free (msg);
  }
  fail_unless_equals_int (connected, 2);
  fail_unless_equals_int (disconnected, 2);

  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_raw_client_port_info_and_kick)
{
  guint port, local_port, index;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  GstElement *s = sink_of (p);
  GSocket *sock = raw_play ("127.0.0.1", port, NULL, &local_port);
  GPtrArray *clients;
  const GstStructure *c;
  GstStructure *info, *msg;
  guint64 id, id2;
  gboolean ok;
  GByteArray *rest;

  fail_unless (wmnet_test_wait_num_clients (p, 1, 10000));
  clients = wmnet_test_get_clients (p);
  c = find_client_by_port (clients, local_port);
  fail_unless (c != NULL, "no client with our source port %u", local_port);
  fail_unless (gst_structure_get_uint64 (c, "id", &id));

  /* get-client-info agrees with clients, and is NULL past the end */
  for (index = 0; index < clients->len; index++) {
    g_signal_emit_by_name (s, "get-client-info", index, &info);
    fail_unless (info != NULL);
    fail_unless (gst_structure_get_uint64 (info, "id", &id2));
    fail_unless (gst_structure_get_uint64 (g_ptr_array_index (clients,
                index), "id", &id));
    fail_unless_equals_uint64 (id, id2);
    gst_structure_free (info);
  }
  g_signal_emit_by_name (s, "get-client-info", clients->len, &info);
  fail_unless (info == NULL);
  g_ptr_array_unref (clients);

  /* the DNS name of 127.0.0.1 arrives */
  msg = wmnet_test_pop_element_message (p, "wmnetsink-client-properties",
      10000);
  fail_unless (msg != NULL, "no DNS name");
  fail_unless (strlen (gst_structure_get_string (msg, "dns-name")) > 0);
  gst_structure_free (msg);
  clients = wmnet_test_get_clients (p);
  fail_unless (strlen (gst_structure_get_string (g_ptr_array_index (clients,
                  0), "dns-name")) > 0);
  g_ptr_array_unref (clients);

  g_signal_emit_by_name (s, "disconnect-client", id, &ok);
  fail_unless (ok);
  g_signal_emit_by_name (s, "disconnect-client", G_GUINT64_CONSTANT (999999),
      &ok);
  fail_if (ok);
  msg = wmnet_test_pop_element_message (p, "wmnetsink-client-disconnected",
      5000);
  fail_unless (msg != NULL);
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
      "kicked");
  gst_structure_free (msg);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 5000));
  /* the server closed our socket: reads end */
  rest = wmnet_test_recv (sock, G_MAXSIZE, 5000);
  g_byte_array_unref (rest);
  {
    gchar byte;
    fail_unless_equals_int (g_socket_receive (sock, &byte, 1, NULL, NULL), 0);
  }

  g_object_unref (sock);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_max_clients)
{
  guint port, lp[3];
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=2"), &port);
  GSocket *a = raw_play ("127.0.0.1", port, NULL, &lp[0]);
  GSocket *b = raw_play ("127.0.0.1", port, NULL, &lp[1]);
  GSocket *c;
  GByteArray *resp;
  GstStructure *msg;
  guint refused_port;

  fail_unless (wmnet_test_wait_num_clients (p, 2, 10000));
  c = raw_play ("127.0.0.1", port, NULL, &lp[2]);
  resp = wmnet_test_recv (c, 1 << 20, 3000);
  g_byte_array_append (resp, (const guint8 *) "", 1);
  fail_unless (g_str_has_prefix ((gchar *) resp->data, "HTTP/1.0 503"), "%s",
      resp->data);
  /* no media: no "$H" after the response head */
  fail_unless (strstr ((gchar *) resp->data, "$H") == NULL);
  msg = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  fail_unless (msg != NULL);
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
      "max-clients");
  fail_unless (gst_structure_get_uint (msg, "port", &refused_port));
  fail_unless_equals_int (refused_port, lp[2]);
  gst_structure_free (msg);
  fail_unless_equals_int (wmnet_test_wait_num_clients (p, 2, 100), TRUE);

  g_byte_array_unref (resp);
  g_object_unref (a);
  g_object_unref (b);
  g_object_unref (c);
  fail_unless (wmnet_test_wait_num_clients (p, 0, 10000));
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_dual_stack_addresses)
{
  guint port, lp4, lp6;
  /* address unset: one dual-stack socket */
  GstElement *p =
      wmnet_test_start_pipeline
      ("videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=10/1 ! "
      "avenc_wmv2 ! queue ! wmnetsink name=s port=0 resolve-names=false",
      &port);
  GSocket *v4 = raw_play ("127.0.0.1", port, NULL, &lp4);
  GSocket *v6 = raw_play ("::1", port, NULL, &lp6);
  GPtrArray *clients;
  const GstStructure *c;

  fail_unless (wmnet_test_wait_num_clients (p, 2, 10000));
  clients = wmnet_test_get_clients (p);
  c = find_client_by_port (clients, lp4);
  fail_unless (c != NULL);
  /* never ::ffff:127.0.0.1 */
  fail_unless_equals_string (gst_structure_get_string (c, "address"),
      "127.0.0.1");
  c = find_client_by_port (clients, lp6);
  fail_unless (c != NULL);
  fail_unless_equals_string (gst_structure_get_string (c, "address"), "::1");
  g_ptr_array_unref (clients);

  g_object_unref (v4);
  g_object_unref (v6);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* IWMWriterNetworkSink::Disconnect: every client goes, the port stays */
GST_START_TEST (test_disconnect_all)
{
  guint port, lp[3], i, kicked = 0;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0 resolve-names=false"), &port);
  GstElement *s = sink_of (p);
  GSocket *socks[3], *again;
  GstStructure *msg;

  for (i = 0; i < 3; i++)
    socks[i] = raw_play ("127.0.0.1", port, NULL, &lp[i]);
  fail_unless (wmnet_test_wait_num_clients (p, 3, 10000));
  g_signal_emit_by_name (s, "disconnect-all");
  fail_unless (wmnet_test_wait_num_clients (p, 0, 5000));
  while ((msg = wmnet_test_pop_element_message (p,
              "wmnetsink-client-disconnected", 1000))) {
    fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
        "kicked");
    kicked++;
    gst_structure_free (msg);
  }
  fail_unless_equals_int (kicked, 3);

  again = raw_play ("127.0.0.1", port, NULL, &lp[0]);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 5000), "the port closed");
  g_object_unref (again);
  for (i = 0; i < 3; i++)
    g_object_unref (socks[i]);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_connections, 120,
    WMNET_TEST (test_two_ffmpeg_players),
    WMNET_TEST (test_raw_client_port_info_and_kick),
    WMNET_TEST (test_max_clients),
    WMNET_TEST (test_dual_stack_addresses), WMNET_TEST (test_disconnect_all));
