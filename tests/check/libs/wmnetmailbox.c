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

/* wmnetmailbox: posts run on the context's thread, in the order posted;
 * stop runs nothing more and frees what is left (valgrind checks that
 * nothing leaks). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetmailbox.h"
#include "wmnettestsuite.h"

#define N_POSTS 200

/* The fixture: a context and its mailbox; what ran (the numbers posted,
 * in the order run, and the thread of the last run) and how many posts
 * were freed, under @lock, @freed signalled on @cond. */
static GMainContext *ctx;
static WmnetMailbox *mb;
static GMutex lock;
static GCond cond;
static GArray *ran;
static GThread *ran_on;
static guint freed;

static void
setup (void)
{
  ctx = g_main_context_new ();
  mb = wmnet_mailbox_new (ctx);
  ran = g_array_new (FALSE, FALSE, sizeof (gint));
  ran_on = NULL;
  freed = 0;
}

static void
teardown (void)
{
  g_clear_pointer (&mb, wmnet_mailbox_free);
  g_main_context_unref (ctx);
  g_array_unref (ran);
}

/* A post: the number it carries, run or freed. */
static void
note_run (gpointer data)
{
  gint n = GPOINTER_TO_INT (data);

  g_mutex_lock (&lock);
  g_array_append_val (ran, n);
  ran_on = g_thread_self ();
  g_mutex_unlock (&lock);
}

static void
note_freed (gpointer data)
{
  g_mutex_lock (&lock);
  freed++;
  g_cond_signal (&cond);
  g_mutex_unlock (&lock);
}

static gboolean
post (gint n)
{
  return wmnet_mailbox_run (mb, note_run, GINT_TO_POINTER (n), note_freed);
}

/* Numbers 0 to @n - 1 ran, in that order; under @lock. */
static void
check_in_order (guint n)
{
  guint i;

  fail_unless_equals_int (ran->len, n);
  for (i = 0; i < n; i++)
    fail_unless_equals_int (g_array_index (ran, gint, i), i);
}

/* On one thread: nothing runs before the context is iterated; then all,
 * in order. */
GST_START_TEST (test_order)
{
  gint i;

  for (i = 0; i < N_POSTS; i++)
    fail_unless (post (i));
  fail_unless_equals_int (ran->len, 0);
  while (freed < N_POSTS && g_main_context_iteration (ctx, FALSE));
  check_in_order (N_POSTS);
  fail_unless (ran_on == g_thread_self ());
}

GST_END_TEST;

/* The context's thread: iterates until a post sets @quit. */
static gpointer
iterate (gpointer data)
{
  gboolean *quit = data;

  while (!*quit)
    g_main_context_iteration (ctx, TRUE);
  return NULL;
}

static void
set_quit (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gpointer
post_all (gpointer data)
{
  gint i;

  for (i = 0; i < N_POSTS; i++)
    wmnet_mailbox_post (mb, note_run, GINT_TO_POINTER (i), note_freed);
  return NULL;
}

/* Posted from another thread, through the WmnetPostFunc, while the
 * context runs on a third: run on the context's thread, in the order
 * posted, none lost. */
GST_START_TEST (test_other_thread)
{
  gboolean quit = FALSE;
  GThread *runner = g_thread_new ("mailbox-context", iterate, &quit);
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_thread_join (g_thread_new ("mailbox-poster", post_all, NULL));
  g_mutex_lock (&lock);
  while (freed < N_POSTS && g_cond_wait_until (&cond, &lock, end));
  check_in_order (N_POSTS);
  fail_unless (ran_on == runner);
  g_mutex_unlock (&lock);
  fail_unless (wmnet_mailbox_run (mb, set_quit, &quit, NULL));
  g_thread_join (runner);
}

GST_END_TEST;

static void
stop_it (gpointer data)
{
  wmnet_mailbox_stop (data);
}

/* Stopped: what is queued is freed without running, a later post is
 * refused and freed at once. */
GST_START_TEST (test_stop)
{
  gint i;

  for (i = 0; i < 10; i++)
    post (i);
  wmnet_mailbox_stop (mb);
  fail_unless_equals_int (freed, 10);
  fail_unless (!post (10));
  fail_unless_equals_int (freed, 11);
  while (g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (ran->len, 0);
}

GST_END_TEST;

/* Stopped from a post: those before it run, those after it are freed. */
GST_START_TEST (test_stop_from_post)
{
  post (0);
  post (1);
  wmnet_mailbox_run (mb, stop_it, mb, NULL);
  post (2);
  post (3);
  while (g_main_context_iteration (ctx, FALSE));
  check_in_order (2);
  fail_unless_equals_int (freed, 4);
}

GST_END_TEST;

/* Freed with posts queued: they are freed, not run. */
GST_START_TEST (test_free_queued)
{
  post (0);
  g_clear_pointer (&mb, wmnet_mailbox_free);
  fail_unless_equals_int (freed, 1);
  while (g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (ran->len, 0);
}

GST_END_TEST;

/* a source of the default priority: -1 in the record */
static gboolean
note_default (gpointer data)
{
  note_run (GINT_TO_POINTER (-1));
  return G_SOURCE_REMOVE;
}

/* post 0 makes a default-priority source ready */
static void
run_and_wake (gpointer data)
{
  GSource *idle = g_idle_source_new ();

  note_run (data);
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, note_default, NULL, NULL);
  g_source_attach (idle, ctx);
  g_source_unref (idle);
}

/* D83: a mailbox below the default priority, 3 posts a dispatch: a source
 * of the default priority that becomes ready during a dispatch runs after
 * that dispatch's batch, before the rest */
GST_START_TEST (test_batch)
{
  static const gint want[] = { 0, 1, 2, -1, 3, 4, 5, 6 };
  gint i;

  g_clear_pointer (&mb, wmnet_mailbox_free);
  mb = wmnet_mailbox_new_full (ctx, G_PRIORITY_DEFAULT + 5, 3);
  fail_unless (wmnet_mailbox_run (mb, run_and_wake, GINT_TO_POINTER (0),
          note_freed));
  for (i = 1; i < 7; i++)
    fail_unless (post (i));
  while (freed < 7 && g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (ran->len, G_N_ELEMENTS (want));
  for (i = 0; i < (gint) G_N_ELEMENTS (want); i++)
    fail_unless_equals_int (g_array_index (ran, gint, i), want[i]);
}

GST_END_TEST;

/* D83: its owner runs a batch without its dispatch (the context busy at
 * a higher priority): the next posts in order, a batch at a time, and the
 * source still runs what is left */
GST_START_TEST (test_run_batch)
{
  gint i;

  g_clear_pointer (&mb, wmnet_mailbox_free);
  mb = wmnet_mailbox_new_full (ctx, G_PRIORITY_DEFAULT + 5, 3);
  for (i = 0; i < 7; i++)
    fail_unless (post (i));
  wmnet_mailbox_run_batch (mb);
  fail_unless_equals_int (ran->len, 3);
  wmnet_mailbox_run_batch (mb);
  fail_unless_equals_int (ran->len, 6);
  while (freed < 7 && g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (ran->len, 7);
  for (i = 0; i < 7; i++)
    fail_unless_equals_int (g_array_index (ran, gint, i), i);
  /* empty: nothing to run, and the source goes quiet */
  wmnet_mailbox_run_batch (mb);
  fail_if (g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (ran->len, 7);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetmailbox, 0, setup, teardown,
    WMNET_TEST (test_order), WMNET_TEST (test_other_thread),
    WMNET_TEST (test_stop), WMNET_TEST (test_stop_from_post),
    WMNET_TEST (test_free_queued), WMNET_TEST (test_batch),
    WMNET_TEST (test_run_batch));
