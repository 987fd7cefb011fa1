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


/* The crafted mmsh server of the wmnetsrc tests: a GSocketListener thread
 * on 127.0.0.1, port 0, that answers each connection as its ServeMode
 * says (a hostile or odd server: error statuses, silence, broken framing,
 * an endless or a 10 MB header, a close inside a packet, $E, $C, ASX),
 * with build_header()'s header (or the one given) and 20 packets of
 * build_packet(), and records every request head. */

#ifndef __WMNET_TEST_CRAFTED_H__
#define __WMNET_TEST_CRAFTED_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SERVE_OK,                     /* header, packets, $E(0) */
  SERVE_SILENT,                 /* reads the request, never answers */
  SERVE_STATUS,                 /* answers ->status */
  SERVE_BAD_LENGTHS,            /* a $H whose two lengths disagree */
  SERVE_ENDLESS_HEADER,         /* $H chunks forever */
  SERVE_HUGE_HEADER,            /* a Header Object of 10 MB */
  SERVE_CLOSE_MID_PACKET,       /* play: header, half a $D, close */
  SERVE_CHANGE,                 /* header, packets, $E(1) $C, header 2, ... */
  SERVE_FLAKY,                  /* the first play closes after packets */
  SERVE_ENDLESS_P,              /* $P chunks forever, no header */
  SERVE_END_ONLY,               /* describe: $E alone */
  SERVE_AUTH,                   /* 401 unless Basic user:pw */
  SERVE_PROXY_AUTH,             /* 407 unless Basic user:pw */
  SERVE_ASX,                    /* / is an ASX playlist naming /live */
} ServeMode;

typedef struct
{
  GSocketListener *listener;
  GCancellable *cancel;
  GThread *thread;
  guint port;
  ServeMode mode;
  const gchar *status;
  GByteArray *header;           /* what $H carries */
  guint n_packets;
  gboolean reference;           /* SERVE_ASX: a [Reference] file, not ASX */
  GMutex lock;
  GPtrArray *requests;          /* request heads, in order */
} Server;

/* Starts the server in @mode; @header (a reference is taken) or NULL for
 * build_header (default_spec ()). */
Server *server_start (ServeMode mode, GByteArray * header);
/* Cancels, joins and frees it. */
void server_stop (Server * s);
/* mmsh://127.0.0.1:port/ */
gchar *server_uri (Server * s);

G_END_DECLS

#endif /* __WMNET_TEST_CRAFTED_H__ */
