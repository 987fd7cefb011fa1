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

/* The order the server thread runs what other threads queue (D83): a
 * connection that starts no stream (wmnet_server_run_later) waits while
 * a play (wmnet_server_run) is queued, a few at a time. No timing: the
 * thread is held while the test queues. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetserverpriv.h"
#include "wmnettestevents.h"
#include "wmnettestsuite.h"

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean held, released;
  GAsyncQueue *order;           /* GINT_TO_POINTER (tag), tags from 1 */
  WmnetServer *server;
} Probe;

static Probe probe;

/* on the server thread: holds it until the test releases it */
static void
hold (gpointer data)
{
  g_mutex_lock (&probe.lock);
  probe.held = TRUE;
  g_cond_broadcast (&probe.cond);
  while (!probe.released)
    g_cond_wait (&probe.cond, &probe.lock);
  g_mutex_unlock (&probe.lock);
}

static void
record (gpointer data)
{
  g_async_queue_push (probe.order, GINT_TO_POINTER (GPOINTER_TO_INT (data)));
}

/* later item 1 queues a play: it comes after at most a batch of them */
static void
record_and_queue_play (gpointer data)
{
  record (data);
  fail_unless (wmnet_server_run (probe.server, record,
          GINT_TO_POINTER (1000), NULL));
}

static WmnetServer *
start_held (GAsyncQueue ** events)
{
  WmnetServer *server = wmnet_test_server_new (FALSE, events);
  GError *error = NULL;

  fail_unless (wmnet_server_start (server, "127.0.0.1", 0, &error), "%s",
      error ? error->message : "");
  g_mutex_init (&probe.lock);
  g_cond_init (&probe.cond);
  probe.held = probe.released = FALSE;
  probe.order = g_async_queue_new ();
  probe.server = server;
  fail_unless (wmnet_server_run (server, hold, NULL, NULL));
  g_mutex_lock (&probe.lock);
  while (!probe.held)
    fail_unless (g_cond_wait_until (&probe.cond, &probe.lock,
            g_get_monotonic_time () + 10 * G_USEC_PER_SEC), "not held");
  g_mutex_unlock (&probe.lock);
  return server;
}

static void
release (void)
{
  g_mutex_lock (&probe.lock);
  probe.released = TRUE;
  g_cond_broadcast (&probe.cond);
  g_mutex_unlock (&probe.lock);
}

static gint
next_tag (void)
{
  gpointer p = g_async_queue_timeout_pop (probe.order, 10 * G_USEC_PER_SEC);

  fail_unless (p != NULL, "nothing ran");
  return GPOINTER_TO_INT (p);
}

static void
stop_held (WmnetServer * server, GAsyncQueue * events)
{
  wmnet_test_server_free (server, events);
  g_async_queue_unref (probe.order);
  g_mutex_clear (&probe.lock);
  g_cond_clear (&probe.cond);
}

/* plays queued after describes run first; the describes in their order */
GST_START_TEST (test_plays_first)
{
  GAsyncQueue *events;
  WmnetServer *server = start_held (&events);

  fail_unless (wmnet_server_run_later (server, record, GINT_TO_POINTER (1),
          NULL));
  fail_unless (wmnet_server_run_later (server, record, GINT_TO_POINTER (2),
          NULL));
  fail_unless (wmnet_server_run (server, record, GINT_TO_POINTER (3), NULL));
  fail_unless (wmnet_server_run_later (server, record, GINT_TO_POINTER (4),
          NULL));
  fail_unless (wmnet_server_run (server, record, GINT_TO_POINTER (5), NULL));
  release ();
  fail_unless_equals_int (next_tag (), 3);
  fail_unless_equals_int (next_tag (), 5);
  fail_unless_equals_int (next_tag (), 1);
  fail_unless_equals_int (next_tag (), 2);
  fail_unless_equals_int (next_tag (), 4);
  stop_held (server, events);
}

GST_END_TEST;

/* a play queued while describes are handed over waits for a few of them,
 * not for all */
GST_START_TEST (test_later_bounded)
{
  GAsyncQueue *events;
  WmnetServer *server = start_held (&events);
  gint i, tag, before = 0;      /* later items run before the play */

  fail_unless (wmnet_server_run_later (server, record_and_queue_play,
          GINT_TO_POINTER (1), NULL));
  for (i = 2; i <= 100; i++)
    fail_unless (wmnet_server_run_later (server, record, GINT_TO_POINTER (i),
            NULL));
  release ();
  while ((tag = next_tag ()) != 1000) {
    before++;
    fail_unless_equals_int (tag, before);
  }
  /* one dispatch's batch (8) at most, then the play */
  fail_unless (before >= 1 && before <= 8, "%d describes before the play",
      before);
  for (i = before + 1; i <= 100; i++)
    fail_unless_equals_int (next_tag (), i);
  stop_held (server, events);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetservercmd, 30, WMNET_TEST (test_plays_first),
    WMNET_TEST (test_later_bounded));
