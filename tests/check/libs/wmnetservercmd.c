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

/* test_later_starved: a command queue that is never idle. Each play (tag
 * 1000), run by the command queue, makes an idle source of the default
 * priority ready that queues the next play, so a source of the default
 * priority is always ready; it stops once every describe ran, or after
 * BUSY_MAX plays. */
#define DESCRIBES 20
#define BUSY_MAX (50 * WMNET_SERVER_LATER_EVERY)
static gint busy_plays, busy_describes; /* server thread */

static void busy_play (gpointer data);

static gboolean
queue_busy_play (gpointer data)
{
  fail_unless (wmnet_server_run (probe.server, busy_play, NULL, NULL));
  return G_SOURCE_REMOVE;
}

static void
busy_play (gpointer data)
{
  GSource *idle;

  record (GINT_TO_POINTER (1000));
  if (busy_describes == DESCRIBES || ++busy_plays >= BUSY_MAX)
    return;
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, queue_busy_play, NULL, NULL);
  g_source_attach (idle, probe.server->context);
  g_source_unref (idle);
}

static void
busy_describe (gpointer data)
{
  busy_describes++;
  record (data);
}

/* a describe waits for a bounded number of command dispatches however
 * busy the default priority stays (D83): counted, not timed */
GST_START_TEST (test_later_starved)
{
  GAsyncQueue *events;
  WmnetServer *server = start_held (&events);
  gint i, tag, described = 0, run = 0, longest = 0;

  busy_plays = busy_describes = 0;
  for (i = 1; i <= DESCRIBES; i++)
    fail_unless (wmnet_server_run_later (server, busy_describe,
            GINT_TO_POINTER (i), NULL));
  fail_unless (wmnet_server_run (server, busy_play, NULL, NULL));
  release ();
  while (described < DESCRIBES) {
    tag = next_tag ();
    if (tag == 1000) {
      run++;
      longest = MAX (longest, run);
      continue;
    }
    fail_unless_equals_int (tag, ++described);
    run = 0;
  }
  /* the plays between two batches: one a command dispatch */
  fail_unless (longest <= WMNET_SERVER_LATER_EVERY,
      "%d plays in a row before a describe", longest);
  stop_held (server, events);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetservercmd, 30, WMNET_TEST (test_plays_first),
    WMNET_TEST (test_later_bounded), WMNET_TEST (test_later_starved));
