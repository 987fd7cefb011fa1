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

/* wmnetserver: the HTTP side of wmnetsink. Owns the server thread and its
 * GMainContext, the one command queue into it (the feed from the streaming
 * thread, kicks, stop: docs/design.md D67), the stream every client reads
 * (the ring of recent packets and the headers, WmnetStream, whose updates
 * are wmnetstream's), the settings (its GObject properties, kept nowhere
 * else), and the client table: admission, reverse DNS names, kicks, and
 * closing a client (the only place that closes one). The queue is in
 * wmnetservercmd.c, the table in wmnetserverclients.c, the rest in
 * wmnetserver.c; they share wmnetserverpriv.h. The rest it drives:
 * wmnetlisten accepts, wmnethttp screens and answers requests (libsoup),
 * wmnetclient writes to each client and says when to close it, wmnetwatch
 * says which client sockets are ready. Knows of ASF only "a header buffer"
 * and "a packet buffer, key or not" (DELTA_UNIT unset = key).
 *
 * Threads: the feed functions (set_header, push, eos) are called from the
 * streaming thread and never wait for a client; the client table functions
 * and the properties from any application thread; whatever another thread
 * asks of the server thread goes through the command queue; callbacks run
 * on the server thread. */

#ifndef __WMNET_SERVER_H__
#define __WMNET_SERVER_H__

#include <gst/gst.h>

#include "wmnetaccess.h"
#include "wmnetauth.h"
#include "wmnetlimits.h"
/* WmnetDisconnectReason and its strings */
#include "wmnetclient.h"

G_BEGIN_DECLS

#define WMNET_TYPE_SERVER (wmnet_server_get_type ())
G_DECLARE_FINAL_TYPE (WmnetServer, wmnet_server, WMNET, SERVER, GObject);

/**
 * WmnetSlowClientPolicy:
 * @WMNET_SLOW_CLIENT_SKIP_TO_KEY: jump the client to the latest key packet
 *   and count the packets it missed in packets-dropped
 * @WMNET_SLOW_CLIENT_DISCONNECT: disconnect the client (reason "slow")
 *
 * What wmnetsink does with a client that falls more than
 * client-buffer-time behind the live stream.
 */
typedef enum
{
  WMNET_SLOW_CLIENT_SKIP_TO_KEY,
  WMNET_SLOW_CLIENT_DISCONNECT,
} WmnetSlowClientPolicy;

GType wmnet_slow_client_policy_get_type (void);
#define WMNET_TYPE_SLOW_CLIENT_POLICY (wmnet_slow_client_policy_get_type ())

/* Called on the server thread. Structures are owned by the callee. */
typedef struct
{
  void (*client_connected) (gpointer user_data, GstStructure * client);
  void (*client_properties) (gpointer user_data, GstStructure * props);
  void (*client_disconnected) (gpointer user_data, GstStructure * client);
  void (*client_refused) (gpointer user_data, GstStructure * refused);
  /* num-clients or the clients' addresses/names changed */
  void (*clients_changed) (gpointer user_data);
  /* something the administrator should know (e.g. out of descriptors) */
  void (*warning) (gpointer user_data, const gchar * text);
  /* a wmnetsink-log structure: one access log line (a play session ended,
   * or a player's report came that matches none); may be NULL */
  void (*log_line) (gpointer user_data, GstStructure * log);
  /* a wmnetsink-stats structure, every stats-interval; may be NULL */
  void (*stats) (gpointer user_data, GstStructure * stats);
} WmnetServerCallbacks;

WmnetServer *wmnet_server_new (const WmnetServerCallbacks * callbacks,
    gpointer user_data, WmnetAccessList * access);

/* The settings are properties of the server, any thread, under one lock;
 * they take effect for the next connection or packet (a stats-interval
 * at once). wmnetserversink's properties of the same names are these
 * (docs/wmnetserversink.md): the element reads and writes them here, and
 * its pspecs take the server's type, bounds and default
 * (wmnet_server_setting_pspec). Their defaults: "max-clients" (guint, 0 =
 * no limit) 5; "resolve-names" TRUE; "fast-start" TRUE;
 * "client-buffer-time" (ns, at least 1 ms) 10 s; "slow-client-policy"
 * skip-to-key; "coalesce-time" (ns, 0 = write each packet at once, at most
 * 10 s) 400 ms; "fast-start-time" (ns: fast start bursts at least this
 * much stream, the players' preroll; wmnetinput sets it from each header)
 * 3 s; "stats-interval" (ns, 0 = no wmnetsink-stats message, else 1 ms to
 * G_MAXUINT ms, whole ms; a value under 1 ms is refused with a warning)
 * 0. */

/* A new pspec for wmnetserversink's property @name with the type, bounds
 * and default of the server's property of that name: one default. */
GParamSpec *wmnet_server_setting_pspec (const gchar * name, const gchar * nick,
    const gchar * blurb, GParamFlags flags);

/* Before start: the trusted proxies (the include list of @trusted), who may
 * watch and the per-address limits, the admission's inputs (wmnetadmission,
 * with the access lists of wmnet_server_new and max-clients); all owned by
 * the caller, who keeps them until the server is freed. Any may be NULL. */
void wmnet_server_set_admission (WmnetServer * server,
    WmnetAccessList * trusted, WmnetAuth * auth, WmnetLimits * limits);

/* Before start: the metrics path (NULL = none; wmnet_point_path_is_valid())
 * and who may read it, the include list of @access (owned by the caller,
 * kept until the server is freed; an empty list: everybody, a closed one:
 * nobody). A GET or HEAD of @path on the port is answered with the
 * Prometheus text of every publishing point of the port, ahead of the
 * broadcast's own access lists, auth and limits, never a client
 * (docs/design.md D76). */
void wmnet_server_set_metrics (WmnetServer * server, const gchar * path,
    WmnetAccessList * access);

/* Binds @address (NULL = every interface, IPv6 and IPv4) and @port (0 = any
 * free port) and starts serving. On failure nothing is left listening. */
gboolean wmnet_server_start (WmnetServer * server, const gchar * address,
    guint port, GError ** error);
/* The same for the publishing point @path (NULL = every path no other
 * point serves; wmnet_point_path_is_valid()): the port is shared with the
 * other servers of the process that name it, each serving its own path
 * (docs/design.md D69). Fails with G_IO_ERROR_EXISTS when a server of the
 * process serves @path on that port already. */
gboolean wmnet_server_start_point (WmnetServer * server,
    const gchar * address, guint port, const gchar * path, GError ** error);
/* Closes every client and releases the port (IWMWriterNetworkSink::Close). */
void wmnet_server_stop (WmnetServer * server);
/* -1 when not listening */
gint wmnet_server_get_port (WmnetServer * server);
/* http://HOST:PORT/, with the publishing point's path after the port
 * (http://HOST:PORT/news), NULL when not listening */
gchar *wmnet_server_get_url (WmnetServer * server);

/* Feed, from the streaming thread. */
void wmnet_server_set_header (WmnetServer * server, GstBuffer * header);
void wmnet_server_push (WmnetServer * server, GstBuffer * packet);
void wmnet_server_eos (WmnetServer * server);
typedef enum
{
  WMNET_SERVER_WAIT_FLUSHED,    /* every client left */
  WMNET_SERVER_WAIT_TIMEOUT,    /* some still read when @timeout passed */
  WMNET_SERVER_WAIT_CANCELLED,  /* wmnet_server_cancel_wait() */
} WmnetServerWait;

/* Waits until every client got the end of stream and left, @timeout
 * passed, or the wait is cancelled; any thread but the server's. */
WmnetServerWait wmnet_server_wait_flushed (WmnetServer * server,
    GstClockTime timeout);
/* With @cancel, wakes wmnet_server_wait_flushed() at once, and every later
 * one returns at once until called again without (GstBaseSink's unlock and
 * unlock_stop). Any thread. */
void wmnet_server_cancel_wait (WmnetServer * server, gboolean cancel);

/* The client table (IWMClientConnections), any thread. */
guint wmnet_server_get_num_clients (WmnetServer * server);
/* array of wmnetsink-client structures, zero-based in connect order */
GPtrArray *wmnet_server_get_clients (WmnetServer * server);
/* by zero-based index (the SDK's form), or by id; NULL when there is
 * none */
GstStructure *wmnet_server_get_client_info (WmnetServer * server,
    guint index);
GstStructure *wmnet_server_get_client_info_by_id (WmnetServer * server,
    guint64 id);
gboolean wmnet_server_disconnect_client (WmnetServer * server, guint64 id);
void wmnet_server_disconnect_all (WmnetServer * server);
/* The wmnetsink-stats structure now (docs/wmnetsink.md, "stats"); the
 * last run's figures when stopped. Any thread. */
GstStructure *wmnet_server_get_stats (WmnetServer * server);

/* What the coalesce windows did so far, as of the end of the last one
 * (docs/design.md D49): the tests of a view client's cadence read it to
 * know that a client waits for the window a later re-arm brings. */
typedef struct
{
  guint64 windows;              /* windows walked */
  guint64 packets;              /* packets taken into the stream */
  guint held;                   /* clients the last window did not write
                                 * although they had packets waiting */
} WmnetServerWindowStats;

void wmnet_server_get_window_stats (WmnetServer * server,
    WmnetServerWindowStats * stats);

/* Describe requests parked now until the first header (0 when stopped):
 * the tests wait for their describes to be parked before the header
 * comes. Any thread. */
guint wmnet_server_get_n_parked (WmnetServer * server);

/* After an edit of the access lists or the trusted proxies: every
 * connected client's address is worked out again from its TCP peer and
 * forwarding headers (a change posts wmnetsink-client-properties), then
 * judged by the lists; a refused one is disconnected, reason access-denied,
 * or access-config while a refused value keeps a list closed (D50, D51). */
void wmnet_server_recheck_access (WmnetServer * server);

G_END_DECLS

#endif /* __WMNET_SERVER_H__ */
