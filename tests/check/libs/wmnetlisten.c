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

/* Unit tests of the accept loop's wait for a connection's first bytes: a
 * connection is served once it sent something (at once when its bytes
 * are already there), and not before; one that sends nothing is closed. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>

#include "wmnetlisten.h"
#include "wmnettestutils.h"
#include "wmnettestsuite.h"

typedef struct
{
  GPtrArray *served;            /* GSocket */
} Served;

static gboolean
serve (gpointer user_data, GSocket * sock)
{
  Served *s = user_data;

  g_ptr_array_add (s->served, g_object_ref (sock));
  return TRUE;
}

static void
warn (gpointer user_data, const gchar * text)
{
}

/* The peer's kernel acknowledged everything @data (a GSocket) sent: the
 * bytes are in the server socket's receive queue. */
static gboolean
all_acked (gpointer data)
{
  int queued = -1;

  return ioctl (g_socket_get_fd (data), SIOCOUTQ, &queued) == 0 && queued == 0;
}

/* Runs @context until @served has @n sockets or @ms pass. */
static void
run_until (GMainContext * context, Served * served, guint n, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (served->served->len < n && g_get_monotonic_time () < end)
    g_main_context_iteration (context, FALSE);
}

GST_START_TEST (test_first_bytes)
{
  GMainContext *context = g_main_context_new ();
  WmnetListen *listen = wmnet_listen_new ("127.0.0.1", 0, NULL);
  Served served = { g_ptr_array_new_with_free_func (g_object_unref) };
  GSocket *quiet, *talks, *late;
  gchar c;
  guint port;

  fail_unless (listen != NULL);
  port = wmnet_listen_get_port (listen);
  g_main_context_push_thread_default (context);
  wmnet_listen_attach (listen, context, serve, warn, &served, NULL);

  /* bytes there before it is accepted: served at once */
  talks = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (talks != NULL);
  fail_unless (g_socket_send (talks, "GET", 3, NULL, NULL) == 3);
  /* waited for on a context of its own: the listener's is not run yet */
  {
    GMainContext *idle = g_main_context_new ();

    g_main_context_push_thread_default (idle);
    fail_unless (wmnet_test_wait_until (all_acked, talks, 2000),
        "the server's kernel did not take the bytes");
    g_main_context_pop_thread_default (idle);
    g_main_context_unref (idle);
  }
  run_until (context, &served, 1, 2000);
  fail_unless_equals_int (served.served->len, 1);

  /* nothing sent yet: accepted, not served ... */
  late = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (late != NULL);
  quiet = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (quiet != NULL);
  run_until (context, &served, 2, 500);
  fail_unless_equals_int (served.served->len, 1);
  /* ... until it sends */
  fail_unless (g_socket_send (late, "G", 1, NULL, NULL) == 1);
  run_until (context, &served, 2, 2000);
  fail_unless_equals_int (served.served->len, 2);
  fail_unless (g_socket_receive (g_ptr_array_index (served.served, 1), &c, 1,
          NULL, NULL) == 1 && c == 'G');

  /* silent for 5 s: closed, never served */
  run_until (context, &served, 3, 7000);
  fail_unless_equals_int (served.served->len, 2);
  g_socket_set_timeout (quiet, 2);
  fail_unless (g_socket_receive (quiet, &c, 1, NULL, NULL) == 0,
      "the silent connection is still open");

  wmnet_listen_free (listen);
  g_main_context_pop_thread_default (context);
  g_object_unref (quiet);
  g_object_unref (talks);
  g_object_unref (late);
  g_ptr_array_unref (served.served);
  g_main_context_unref (context);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetlisten, 30, WMNET_TEST (test_first_bytes));
