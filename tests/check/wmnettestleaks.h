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

/* What a process holds, for tests that look for leaks: its open
 * descriptors and its threads, read from /proc/self, with the names a
 * failure message shows. */

#ifndef __WMNET_TEST_LEAKS_H__
#define __WMNET_TEST_LEAKS_H__

#include <glib.h>

G_BEGIN_DECLS

/* Entries of the folder @dir (e.g. "/proc/self/fd"); fails the test when
 * it cannot be read. */
guint wmnet_test_count_entries (const gchar * dir);
/* Waits, at most @timeout_ms, until this process has @n descriptors open
 * or fewer. */
gboolean wmnet_test_wait_fds_at_most (guint n, guint timeout_ms);
/* " fd:target" of every open descriptor, " tid:name" of every thread. */
gchar *wmnet_test_fd_targets (void);
gchar *wmnet_test_thread_names (void);

/* Makes GLib keep no idle pool thread (each then ends 1/2 s after its
 * last task) and starts the system clock's thread, which lives as long
 * as the process; returns the former limit for
 * g_thread_pool_set_max_unused_threads (). */
gint wmnet_test_settle_threads_begin (void);
/* The number of threads once only the lasting ones are left (this one,
 * GLib's worker, the system clock's), waiting at most 5 s (times
 * wmnet_test_time_factor) for the others to end: one that stays is
 * counted. */
guint wmnet_test_settled_threads (void);

G_END_DECLS

#endif /* __WMNET_TEST_LEAKS_H__ */
