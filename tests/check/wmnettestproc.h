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

/* A wmnetsink in a process of its own (wmnet-test-server, whose path the
 * build gives in WMNET_TEST_SERVER), for tests that must see the server
 * crash rather than crash with it. Its event lines (see
 * wmnettestserver.c) are collected as they come. */

#ifndef __WMNET_TEST_PROC_H__
#define __WMNET_TEST_PROC_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _WmnetTestProc WmnetTestProc;

/* Starts @desc (a pipeline with a wmnetsink named "s" on port 0) under
 * RLIMIT_NOFILE @nofile (0: inherited) and waits, bounded, until it
 * listens; fails the test otherwise. */
WmnetTestProc *wmnet_test_proc_start (const gchar * desc, guint nofile);
/* The same; @share_port: the elements with a "port" other than "s" get
 * the port "s" got, so they share its listener (D69). */
WmnetTestProc *wmnet_test_proc_start_full (const gchar * desc, guint nofile,
    gboolean share_port);
guint wmnet_test_proc_port (WmnetTestProc * proc);
/* Writes @line and a newline to its standard input ("stats": it says
 * every wmnetpushsrc's stats, lines "push-stats", then "push-stats-end"). */
void wmnet_test_proc_tell (WmnetTestProc * proc, const gchar * line);
/* FALSE once the process has ended (exited or crashed). */
gboolean wmnet_test_proc_alive (WmnetTestProc * proc);
/* Waits up to @timeout_ms until @n lines starting with @prefix came. */
gboolean wmnet_test_proc_wait_lines (WmnetTestProc * proc,
    const gchar * prefix, guint n, guint timeout_ms);
/* The lines starting with @prefix so far. */
gchar **wmnet_test_proc_lines (WmnetTestProc * proc, const gchar * prefix);
/* CPU time (user and system) the process has used, in ms. */
guint64 wmnet_test_proc_cpu_ms (WmnetTestProc * proc);
/* How many descriptors the process has open now. */
guint wmnet_test_proc_num_fds (WmnetTestProc * proc);
/* Closes its standard input and waits, bounded, for it to stop; fails the
 * test unless it stopped cleanly (exit 0, "stopped"). Frees @proc. */
void wmnet_test_proc_stop (WmnetTestProc * proc);
/* Kills it (SIGKILL), as a crash or a power cut would, and waits for it.
 * Frees @proc. */
void wmnet_test_proc_kill (WmnetTestProc * proc);

G_END_DECLS

#endif /* __WMNET_TEST_PROC_H__ */
