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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestleaks.h"
#include "wmnettestutils.h"

guint
wmnet_test_count_entries (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n;

  fail_unless (d != NULL, "cannot read %s", dir);
  for (n = 0; g_dir_read_name (d) != NULL; n++);
  g_dir_close (d);
  return n;
}

/* @entry's descriptor target or thread name, NULL when it is gone */
static gchar *
describe_entry (const gchar * dir, const gchar * entry, gboolean thread)
{
  gchar *path = g_build_filename (dir, entry, thread ? "comm" : NULL, NULL);
  gchar *what = NULL;

  if (!thread)
    what = g_file_read_link (path, NULL);
  else if (g_file_get_contents (path, &what, NULL, NULL))
    g_strchomp (what);
  g_free (path);
  return what;
}

static gchar *
describe_entries (const gchar * dir, gboolean threads)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  GString *out = g_string_new (NULL);
  const gchar *entry;

  while (d && (entry = g_dir_read_name (d))) {
    gchar *what = describe_entry (dir, entry, threads);

    g_string_append_printf (out, " %s:%s", entry, what ? what : "?");
    g_free (what);
  }
  if (d)
    g_dir_close (d);
  return g_string_free (out, FALSE);
}

static gboolean
no_more_fds_than (gpointer data)
{
  return wmnet_test_count_entries ("/proc/self/fd") <= *(guint *) data;
}

gboolean
wmnet_test_wait_fds_at_most (guint n, guint timeout_ms)
{
  return wmnet_test_wait_until (no_more_fds_than, &n, timeout_ms);
}

gchar *
wmnet_test_fd_targets (void)
{
  return describe_entries ("/proc/self/fd", FALSE);
}

gchar *
wmnet_test_thread_names (void)
{
  return describe_entries ("/proc/self/task", TRUE);
}

static gboolean
clock_fired (GstClock * clock, GstClockTime time, GstClockID id, gpointer data)
{
  g_atomic_int_set ((gint *) data, 1);
  return TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data) != 0;
}

gint
wmnet_test_settle_threads_begin (void)
{
  gint max_unused = g_thread_pool_get_max_unused_threads ();
  GstClock *clock = gst_system_clock_obtain ();
  GstClockID id = gst_clock_new_single_shot_id (clock,
      gst_clock_get_time (clock));
  gint fired = 0;

  g_thread_pool_set_max_unused_threads (0);
  /* the clock's thread starts at its first async wait */
  fail_unless_equals_int (gst_clock_id_wait_async (id, clock_fired, &fired,
          NULL), GST_CLOCK_OK);
  fail_unless (wmnet_test_wait_until (flag_set, &fired, 5000));
  gst_clock_id_unref (id);
  gst_object_unref (clock);
  return max_unused;
}

/* this thread, GLib's worker (g_get_worker_context) and the clock's */
static gboolean
only_lasting_threads (gpointer data)
{
  GDir *d = g_dir_open ("/proc/self/task", 0, NULL);
  gchar *self = g_strdup_printf ("%d", (gint) getpid ());
  const gchar *entry;
  gboolean only = d != NULL;

  while (only && (entry = g_dir_read_name (d))) {
    gchar *name = describe_entry ("/proc/self/task", entry, TRUE);

    only = strcmp (entry, self) == 0 || g_strcmp0 (name, "gmain") == 0
        || g_strcmp0 (name, "GstSystemClock") == 0;
    g_free (name);
  }
  if (d)
    g_dir_close (d);
  g_free (self);
  return only;
}

guint
wmnet_test_settled_threads (void)
{
  wmnet_test_wait_until (only_lasting_threads, NULL,
      5000 * wmnet_test_time_factor ());
  return wmnet_test_count_entries ("/proc/self/task");
}
