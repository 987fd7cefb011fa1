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

/* Unit tests of socket readiness, for each backend built here (epoll and
 * the GSource fallback, both on Linux): input, hang-up, output on request
 * only, removal of a socket ready in the same wake-up, and more sockets
 * than one epoll_wait returns. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <unistd.h>

#include "wmnetwatch.h"
#include "wmnettestsuite.h"

static const WmnetWatchBackend backends[] = {
  WMNET_WATCH_BACKEND_GSOURCE,
#ifdef HAVE_SYS_EPOLL_H
  WMNET_WATCH_BACKEND_EPOLL,
#endif
};

typedef struct
{
  gpointer data;
  GIOCondition cond;
} Event;

typedef struct
{
  GMainContext *context;
  WmnetWatch *watch;
  GArray *events;
  /* entries the dispatch function removes when called */
  GPtrArray *remove_on_event;
  /* the dispatch function reads what is ready, as a server does */
  gboolean drain;
  /* a socket pair of the test's (fixture_clear () drops it) */
  GSocket *a, *b;
} Fixture;

static void drain (GSocket * s);

static void
on_ready (gpointer user_data, GIOCondition cond, gpointer entry_data)
{
  Fixture *f = user_data;
  Event ev = { entry_data, cond };
  guint i;

  g_array_append_val (f->events, ev);
  if (f->drain)
    drain (entry_data);
  for (i = 0; i < f->remove_on_event->len; i++)
    wmnet_watch_remove (f->watch, g_ptr_array_index (f->remove_on_event, i));
  g_ptr_array_set_size (f->remove_on_event, 0);
}

static void
fixture_init (Fixture * f, gint i)
{
  GError *error = NULL;

  memset (f, 0, sizeof (*f));
  f->context = g_main_context_new ();
  f->events = g_array_new (FALSE, FALSE, sizeof (Event));
  f->remove_on_event = g_ptr_array_new ();
  f->watch = wmnet_watch_new (f->context, backends[i], on_ready, f, &error);
  fail_unless (f->watch != NULL, "%s", error ? error->message : "?");
  fail_unless_equals_int (wmnet_watch_get_backend (f->watch), backends[i]);
}

static void
fixture_clear (Fixture * f)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  wmnet_watch_free (f->watch);
  /* nothing of the watch is left on the context */
  fail_if (g_main_context_iteration (f->context, FALSE));
  g_main_context_unref (f->context);
  g_array_unref (f->events);
  g_ptr_array_unref (f->remove_on_event);
}

/* One wake-up of the context, without blocking; returns the events. */
static guint
turn (Fixture * f)
{
  g_array_set_size (f->events, 0);
  g_main_context_iteration (f->context, FALSE);
  return f->events->len;
}

static GIOCondition
cond_of (Fixture * f, gpointer data)
{
  guint i;

  for (i = 0; i < f->events->len; i++)
    if (g_array_index (f->events, Event, i).data == data)
      return g_array_index (f->events, Event, i).cond;
  return 0;
}

static void
make_pair (GSocket ** a, GSocket ** b)
{
  gint fds[2];

  fail_unless (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  *a = g_socket_new_from_fd (fds[0], NULL);
  *b = g_socket_new_from_fd (fds[1], NULL);
  fail_unless (*a != NULL && *b != NULL);
  g_socket_set_blocking (*a, FALSE);
  g_socket_set_blocking (*b, FALSE);
}

static void
drain (GSocket * s)
{
  gchar buf[256];

  while (g_socket_receive (s, buf, sizeof (buf), NULL, NULL) > 0);
}

/* fixture_init () and a socket pair, f->a watched for input (and output
 * when @want_out) with data 1 */
static WmnetWatchEntry *
fixture_init_watched_pair (Fixture * f, gint i, gboolean want_out)
{
  fixture_init (f, i);
  make_pair (&f->a, &f->b);
  return wmnet_watch_add (f->watch, f->a, GINT_TO_POINTER (1), want_out, NULL);
}

GST_START_TEST (test_input_and_hangup)
{
  Fixture f;
  WmnetWatchEntry *e = fixture_init_watched_pair (&f, __i__, FALSE);

  /* nothing to read, output not asked for */
  fail_unless_equals_int (turn (&f), 0);

  g_socket_send (f.b, "x", 1, NULL, NULL);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless (cond_of (&f, GINT_TO_POINTER (1)) & G_IO_IN);
  fail_if (cond_of (&f, GINT_TO_POINTER (1)) & G_IO_OUT);
  /* level-triggered: still there until read */
  fail_unless_equals_int (turn (&f), 1);
  drain (f.a);
  fail_unless_equals_int (turn (&f), 0);

  /* the peer hangs up: reported until the socket is taken out */
  g_socket_close (f.b, NULL);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless (cond_of (&f, GINT_TO_POINTER (1)) & (G_IO_IN | G_IO_HUP));
  wmnet_watch_remove (f.watch, e);
  fail_unless_equals_int (turn (&f), 0);

  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_want_out)
{
  Fixture f;
  WmnetWatchEntry *e = fixture_init_watched_pair (&f, __i__, TRUE);

  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (cond_of (&f, GINT_TO_POINTER (1)), G_IO_OUT);

  fail_unless (wmnet_watch_modify (f.watch, e, FALSE, NULL));
  fail_unless_equals_int (turn (&f), 0);
  fail_unless (wmnet_watch_modify (f.watch, e, TRUE, NULL));
  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (cond_of (&f, GINT_TO_POINTER (1)), G_IO_OUT);

  /* input and output in one report */
  g_socket_send (f.b, "x", 1, NULL, NULL);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (cond_of (&f, GINT_TO_POINTER (1)),
      G_IO_IN | G_IO_OUT);

  /* a full socket is not writable */
  fail_unless (wmnet_watch_modify (f.watch, e, FALSE, NULL));
  drain (f.a);
  {
    gchar buf[4096] = { 0, };

    while (g_socket_send (f.a, buf, sizeof (buf), NULL, NULL) > 0);
  }
  fail_unless (wmnet_watch_modify (f.watch, e, TRUE, NULL));
  fail_unless_equals_int (turn (&f), 0);
  drain (f.b);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (cond_of (&f, GINT_TO_POINTER (1)), G_IO_OUT);

  wmnet_watch_remove (f.watch, e);
  fixture_clear (&f);
}

GST_END_TEST;

/* The first socket reported takes the other out, although it is ready in
 * the same wake-up: the other is never reported. */
GST_START_TEST (test_remove_while_pending)
{
  Fixture f;
  GSocket *a1, *b1, *a2, *b2;
  WmnetWatchEntry *e1, *e2;

  fixture_init (&f, __i__);
  make_pair (&a1, &b1);
  make_pair (&a2, &b2);
  e1 = wmnet_watch_add (f.watch, a1, GINT_TO_POINTER (1), FALSE, NULL);
  e2 = wmnet_watch_add (f.watch, a2, GINT_TO_POINTER (2), FALSE, NULL);
  g_socket_send (b1, "x", 1, NULL, NULL);
  g_socket_send (b2, "x", 1, NULL, NULL);
  g_ptr_array_add (f.remove_on_event, e1);
  g_ptr_array_add (f.remove_on_event, e2);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (turn (&f), 0);

  /* the sockets themselves are untouched, and can be watched again */
  fail_if (g_socket_is_closed (a1) || g_socket_is_closed (a2));
  e1 = wmnet_watch_add (f.watch, a1, GINT_TO_POINTER (3), FALSE, NULL);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless (cond_of (&f, GINT_TO_POINTER (3)) & G_IO_IN);

  /* a socket removing itself */
  g_ptr_array_add (f.remove_on_event, e1);
  fail_unless_equals_int (turn (&f), 1);
  fail_unless_equals_int (turn (&f), 0);

  g_object_unref (a1);
  g_object_unref (b1);
  g_object_unref (a2);
  g_object_unref (b2);
  fixture_clear (&f);
}

GST_END_TEST;

/* More ready sockets than one epoll_wait returns: each is reported in the
 * same wake-up (once, when it is read from: the watch is level-triggered);
 * those left when the watch is freed go with it. */
#define MANY 300

GST_START_TEST (test_many_sockets)
{
  Fixture f;
  GSocket *a[MANY], *b[MANY];
  WmnetWatchEntry *e[MANY];
  guint i;

  fixture_init (&f, __i__);
  f.drain = TRUE;
  for (i = 0; i < MANY; i++) {
    make_pair (&a[i], &b[i]);
    e[i] = wmnet_watch_add (f.watch, a[i], a[i], FALSE, NULL);
  }
  fail_unless_equals_int (turn (&f), 0);
  for (i = 0; i < MANY; i++)
    g_socket_send (b[i], "x", 1, NULL, NULL);
  fail_unless_equals_int (turn (&f), MANY);
  for (i = 0; i < MANY; i++)
    fail_unless (cond_of (&f, a[i]) & G_IO_IN);
  fail_unless_equals_int (turn (&f), 0);

  /* every other one taken out */
  for (i = 0; i < MANY; i += 2)
    wmnet_watch_remove (f.watch, e[i]);
  for (i = 0; i < MANY; i++)
    g_socket_send (b[i], "x", 1, NULL, NULL);
  fail_unless_equals_int (turn (&f), MANY / 2);
  for (i = 0; i < MANY; i++)
    fail_unless_equals_int (cond_of (&f, a[i]) != 0, i % 2 == 1);

  fixture_clear (&f);
  for (i = 0; i < MANY; i++) {
    fail_if (g_socket_is_closed (a[i]));
    g_object_unref (a[i]);
    g_object_unref (b[i]);
  }
}

GST_END_TEST;

GST_START_TEST (test_unwatched_socket_added_late)
{
  Fixture f;
  WmnetWatchEntry *e;

  /* data that arrived before the socket was added is reported at once */
  fixture_init (&f, __i__);
  make_pair (&f.a, &f.b);
  g_socket_send (f.b, "x", 1, NULL, NULL);
  e = wmnet_watch_add (f.watch, f.a, GINT_TO_POINTER (1), FALSE, NULL);
  fail_unless_equals_int (turn (&f), 1);
  wmnet_watch_remove (f.watch, e);
  fixture_clear (&f);
}

GST_END_TEST;

#ifdef HAVE_SYS_EPOLL_H
/* Out of descriptors: epoll_create1() fails, and says so. */
GST_START_TEST (test_epoll_create_fails)
{
  struct rlimit saved, low;
  GError *error = NULL;
  WmnetWatch *w;
  gint fd;

  /* in-process (valgrind) the limit would also bind the other tests */
  if (g_strcmp0 (g_getenv ("CK_FORK"), "no") == 0)
    return;
  fail_unless (getrlimit (RLIMIT_NOFILE, &saved) == 0);
  fd = dup (0);
  close (fd);
  low = saved;
  low.rlim_cur = fd;            /* no descriptor is left below the limit */
  fail_unless (setrlimit (RLIMIT_NOFILE, &low) == 0);
  w = wmnet_watch_new (NULL, WMNET_WATCH_BACKEND_EPOLL, on_ready, NULL, &error);
  setrlimit (RLIMIT_NOFILE, &saved);
  fail_unless (w == NULL);
  fail_unless (g_error_matches (error, G_IO_ERROR,
          G_IO_ERROR_TOO_MANY_OPEN_FILES), "%s", error->message);
  g_error_free (error);
}

GST_END_TEST;
#endif

static Suite *
wmnetwatch_suite (void)
{
  const WmnetTestEntry tests[] = {
    WMNET_LOOP_TEST (test_input_and_hangup, G_N_ELEMENTS (backends)),
    WMNET_LOOP_TEST (test_want_out, G_N_ELEMENTS (backends)),
    WMNET_LOOP_TEST (test_remove_while_pending, G_N_ELEMENTS (backends)),
    WMNET_LOOP_TEST (test_many_sockets, G_N_ELEMENTS (backends)),
    WMNET_LOOP_TEST (test_unwatched_socket_added_late, G_N_ELEMENTS (backends)),
#ifdef HAVE_SYS_EPOLL_H
    WMNET_TEST (test_epoll_create_fails),
#endif
  };

  return wmnet_test_suite_new ("wmnetwatch", 0, NULL, NULL, tests,
      G_N_ELEMENTS (tests));
}

GST_CHECK_MAIN (wmnetwatch);
