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

/* What wmnetpushsrc's two files share and nothing else sees: the
 * instance structure, the pusher in progress, limits, each file's
 * functions for the other. */

#ifndef __GST_WMNET_PUSH_SRC_PRIV_H__
#define __GST_WMNET_PUSH_SRC_PRIV_H__

#include "gstwmnetpushsrc.h"
#include "wmnetsouploader.h"
#include "wmnetaccess.h"
#include "wmnetauth.h"
#include "wmnetmailbox.h"
#include "wmnethttpauth.h"
#include "wmnetpoints.h"
#include "wmhttpreader.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_wmnet_push_src_debug);
#define GST_CAT_DEFAULT gst_wmnet_push_src_debug

/* [MS-WMSP] 2.2.1.5's server-token of Windows Media Services 9, which a
 * pusher checks (3.1.5.1), and the version WMS 9 answers with. */
#define WMNET_PUSH_SERVER_HEADER "Cougar/9.01.01.3814"
/* [MS-WMHTTP] 3.2.2's timers, their defaults: the Idle-Timeout (no
 * packet during a PushStart body) 60 s, the Inactivity-Timeout (between
 * PushSetup and PushStart and between PushStarts) 120 s; the environment
 * variables that shorten them, for tests only (D82). */
#define WMNET_PUSH_IDLE_TIMEOUT_MS 60000
#define WMNET_PUSH_INACTIVITY_TIMEOUT_MS 120000
#define WMNET_PUSH_IDLE_ENV "WMNET_TEST_PUSH_IDLE_MS"
#define WMNET_PUSH_INACTIVITY_ENV "WMNET_TEST_PUSH_INACTIVITY_MS"
/* The status an administrative disconnect answers a pusher in the middle
 * of its body with (3.2.4.1: "a valid HTTP error status code"; D82). */
#define WMNET_PUSH_STOP_STATUS 503
/* Packets queued for create() past which the body is not read further
 * (the pusher's TCP window then holds it back), and the level under which
 * reading goes on. */
#define WMNET_PUSH_QUEUE_HIGH 512
#define WMNET_PUSH_QUEUE_LOW 128
/* A PushSetup body holds two short directives (2.2.2.1). */
#define WMNET_PUSH_SETUP_MAX_BODY 4096

typedef struct _WmnetPusher WmnetPusher;

struct _GstWmnetPushSrc
{
  GstPushSrc parent;

  /* properties, under the object lock (the access lists lock themselves) */
  guint port;
  gchar *address;
  gchar *point;
  WmnetAccessList *access;
  WmnetAuth *auth;
  gchar *auth_file;
  gint current_port;

  /* the server thread and what it alone touches */
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  WmnetMailbox *mailbox;        /* the one way in from other threads */
  WmnetPoint *claim;            /* pushes to our path, D69 */
  SoupServer *soup;
  WmnetHttpAuth *gate;
  gchar *push_id;               /* the session's, NULL when none */
  WmnetPusher *pusher;          /* the PushStart being received */
  /* the session's timer while no PushStart is being received: the
   * Inactivity-Timeout, or the Idle-Timeout left running after a
   * connection lost inside a body (3.2.7.1); with the last connection's
   * peer and, while libsoup has it, the connection's socket */
  GSource *session_timer;
  GSocket *session_socket;
  gchar *session_address;
  guint session_port;
  guint idle_ms, inactivity_ms; /* read at start() */
  WmhttpReader *reader;

  /* the server thread to create(): buffers, HEADER-flagged for headers */
  GMutex qlock;
  GCond qcond;
  GQueue queue;
  gboolean flushing;
  gboolean read_paused;

  /* streaming thread */
  GstBuffer *header;            /* the one in the caps */
  WmAsfHeaderInfo info;

  /* stats, under the object lock */
  guint64 st_pushes, st_refused, st_headers, st_changes, st_packets,
      st_bytes;
};

/* gstwmnetpushsrcconn.c, all on the server thread */
void gst_wmnet_push_src_serve (gpointer socket_data);
void gst_wmnet_push_src_add_handlers (GstWmnetPushSrc * self);
void gst_wmnet_push_src_resume (GstWmnetPushSrc * self);
void gst_wmnet_push_src_auth_answered (SoupServerMessage * msg, gboolean ok,
    gpointer user_data);
void gst_wmnet_push_src_drop_pusher (GstWmnetPushSrc * self,
    const gchar * reason);
void gst_wmnet_push_src_stop_session_timer (GstWmnetPushSrc * self);

/* gstwmnetpushsrc.c: hands a buffer to create(); past
 * WMNET_PUSH_QUEUE_HIGH it sets read_paused (under qlock, which create()
 * clears again below WMNET_PUSH_QUEUE_LOW) and returns TRUE */
gboolean gst_wmnet_push_src_enqueue (GstWmnetPushSrc * self, GstBuffer * buf);

G_END_DECLS

#endif /* __GST_WMNET_PUSH_SRC_PRIV_H__ */
