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

/* An [MS-WMHTTP] receiver written from the spec with raw sockets, for the
 * tests of what pushes (wmnetpushsink, wmnetsink's push-location): on a
 * loopback port of its own and a thread, it answers PushSetup 204 with a
 * push-id cookie (or 401 with a Basic or Digest challenge, or an error
 * status; 2.2.2.1, 3.2.5), reads PushStart's head and parses the body's
 * $H $D $C $E by 2.2.3's grammar, keeping what came per PushStart; with
 * body_answers, reads each body to its Content-Length ($F too) and
 * answers it (3.2.5.2.1). Every wait is bounded (20 s). */

#ifndef __WMNET_TEST_RECEIVER_H__
#define __WMNET_TEST_RECEIVER_H__

#include <gio/gio.h>

G_BEGIN_DECLS

#define WMNET_TEST_RECEIVER_REALM "push"
#define WMNET_TEST_RECEIVER_USER "enc"
#define WMNET_TEST_RECEIVER_PASSWORD "s3cret"
#define WMNET_TEST_RECEIVER_NONCE "dcd98b7102dd2f0e8b11d0f600bfb0c0"
#define WMNET_TEST_RECEIVER_START_401 -2

typedef enum
{
  WMNET_TEST_AUTH_NONE,
  WMNET_TEST_AUTH_BASIC,
  WMNET_TEST_AUTH_DIGEST,
} WmnetTestAuth;

typedef struct
{
  gchar type;
  guint32 reason;               /* $C, $E */
  GBytes *payload;              /* $H, $D, $C (the header); NULL for $F */
} WmnetTestPacket;

typedef struct
{
  gchar *request_line;
  GHashTable *headers;          /* lower-case name -> value */
  gchar *body;                  /* PushSetup's */
  guint status;                 /* what the receiver answered; 0 = none */
} WmnetTestRequest;

typedef struct
{
  /* the scenario, set before the thread starts */
  WmnetTestAuth auth;
  guint refuse_status;          /* answer every PushSetup with it */
  gint close_after;             /* close the first session after this many
                                 * $D; -1 = never; WMNET_TEST_RECEIVER_START_401: answer the
                                 * first PushStart 401 and close */
  const gchar *const *body_answers;     /* NULL: a body is read until
                                         * $E(S_OK) or a close; else each
                                         * is read to its Content-Length
                                         * and the Nth answered with the
                                         * Nth head here (the last
                                         * repeats), the connection closed
                                         * after an error status or
                                         * "Connection: close" */
  /* what came, under lock */
  GMutex lock;
  GCond cond;
  GPtrArray *requests;          /* WmnetTestRequest */
  GPtrArray *sessions;          /* GPtrArray of WmnetTestPacket, one per PushStart */
  gboolean closed_first;
  gboolean done;                /* $E(S_OK) came */
  guint bodies;                 /* bodies read to their Content-Length */
  guint setups;

  GSocket *listener;
  guint port;
  GThread *thread;
} WmnetTestReceiver;

/* @auth: the challenge it answers PushSetup with; @refuse_status: answer
 * every PushSetup with it (0: none); @close_after: as the field. */
WmnetTestReceiver *wmnet_test_receiver_start (WmnetTestAuth auth,
    guint refuse_status, gint close_after);
/* As wmnet_test_receiver_start() with no auth, refusal or close, reading
 * bodies of known length answered by @answers (see body_answers). */
WmnetTestReceiver *wmnet_test_receiver_start_bodies (const gchar *
    const *answers);
void wmnet_test_receiver_free (WmnetTestReceiver * rc);
/* Waits for @flag of @rc (closed_first, done); returns with @rc's lock
 * held. */
void wmnet_test_receiver_wait_locked (WmnetTestReceiver * rc,
    gboolean * flag, const gchar * what);
/* Waits until the last session has its $H and @n $D (the lock released). */
void wmnet_test_receiver_wait_data (WmnetTestReceiver * rc, guint n);
/* A header of @r (lower-case @name), NULL when it has none. */
const gchar *wmnet_test_request_header (WmnetTestRequest * r,
    const gchar * name);
/* @r's Authorization is right for the receiver's mode. */
gboolean wmnet_test_receiver_credentials_ok (WmnetTestReceiver * rc,
    WmnetTestRequest * r);

G_END_DECLS

#endif /* __WMNET_TEST_RECEIVER_H__ */
