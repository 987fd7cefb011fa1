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

#include "wmnettestproc.h"

struct _WmnetTestProc
{
  GSubprocess *sub;
  GThread *reader;
  GMutex lock;
  GCond cond;
  GPtrArray *lines;
  gboolean ended;
  guint port;
};

/* Collects the lines; at the end of its output, reaps it. */
static gpointer
read_lines (gpointer data)
{
  WmnetTestProc *p = data;
  GDataInputStream *in =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->sub));
  gchar *line;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL))) {
    g_mutex_lock (&p->lock);
    g_ptr_array_add (p->lines, line);
    g_cond_broadcast (&p->cond);
    g_mutex_unlock (&p->lock);
  }
  g_object_unref (in);
  g_subprocess_wait (p->sub, NULL, NULL);
  g_mutex_lock (&p->lock);
  p->ended = TRUE;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
  return NULL;
}

static guint
count_locked (WmnetTestProc * p, const gchar * prefix)
{
  guint i, n = 0;

  for (i = 0; i < p->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (p->lines, i), prefix))
      n++;
  return n;
}

gboolean
wmnet_test_proc_wait_lines (WmnetTestProc * p, const gchar * prefix, guint n,
    guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  gboolean ok;

  g_mutex_lock (&p->lock);
  while (!(ok = count_locked (p, prefix) >= n) && !p->ended)
    if (!g_cond_wait_until (&p->cond, &p->lock, end))
      break;
  ok = count_locked (p, prefix) >= n;
  g_mutex_unlock (&p->lock);
  return ok;
}

gchar **
wmnet_test_proc_lines (WmnetTestProc * p, const gchar * prefix)
{
  GPtrArray *out = g_ptr_array_new ();
  guint i;

  g_mutex_lock (&p->lock);
  for (i = 0; i < p->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (p->lines, i), prefix))
      g_ptr_array_add (out, g_strdup (g_ptr_array_index (p->lines, i)));
  g_mutex_unlock (&p->lock);
  g_ptr_array_add (out, NULL);
  return (gchar **) g_ptr_array_free (out, FALSE);
}

WmnetTestProc *
wmnet_test_proc_start (const gchar * desc, guint nofile)
{
  return wmnet_test_proc_start_full (desc, nofile, FALSE);
}

WmnetTestProc *
wmnet_test_proc_start_full (const gchar * desc, guint nofile,
    gboolean share_port)
{
  const gchar *server = g_getenv ("WMNET_TEST_SERVER");
  WmnetTestProc *p = g_new0 (WmnetTestProc, 1);
  gchar *limit = g_strdup_printf ("--nofile=%u", nofile);
  const gchar *argv[5];
  GError *error = NULL;
  gchar **listening;
  guint n = 0;

  fail_unless (server != NULL, "WMNET_TEST_SERVER is not set");
  argv[n++] = server;
  if (nofile != 0)
    argv[n++] = limit;
  if (share_port)
    argv[n++] = "--share-port";
  argv[n++] = desc;
  argv[n] = NULL;
  p->sub = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
      G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  fail_unless (p->sub != NULL, "cannot start %s: %s", server,
      error ? error->message : "");
  g_free (limit);
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->lines = g_ptr_array_new_with_free_func (g_free);
  p->reader = g_thread_new ("test-proc", read_lines, p);

  fail_unless (wmnet_test_proc_wait_lines (p, "listening ", 1, 20000),
      "the server did not start listening");
  listening = wmnet_test_proc_lines (p, "listening ");
  p->port = atoi (listening[0] + strlen ("listening "));
  g_strfreev (listening);
  fail_unless (p->port > 0);
  return p;
}

void
wmnet_test_proc_tell (WmnetTestProc * p, const gchar * line)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (p->sub);
  gchar *text = g_strconcat (line, "\n", NULL);

  fail_unless (g_output_stream_write_all (in, text, strlen (text), NULL,
          NULL, NULL));
  g_free (text);
}

guint
wmnet_test_proc_port (WmnetTestProc * p)
{
  return p->port;
}

gboolean
wmnet_test_proc_alive (WmnetTestProc * p)
{
  gboolean alive;

  g_mutex_lock (&p->lock);
  alive = !p->ended;
  g_mutex_unlock (&p->lock);
  return alive;
}

guint64
wmnet_test_proc_cpu_ms (WmnetTestProc * p)
{
  gchar *path = g_strdup_printf ("/proc/%s/stat",
      g_subprocess_get_identifier (p->sub));
  gchar *text = NULL, *end;
  gchar **fields;
  guint64 ticks = 0;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  /* the fields after the command name, which may hold spaces */
  end = strrchr (text, ')');
  fields = g_strsplit (end + 2, " ", 0);
  /* utime and stime are fields 14 and 15, so 11 and 12 after state */
  ticks = g_ascii_strtoull (fields[11], NULL, 10) +
      g_ascii_strtoull (fields[12], NULL, 10);
  g_strfreev (fields);
  g_free (text);
  g_free (path);
  return ticks * 1000 / sysconf (_SC_CLK_TCK);
}

guint
wmnet_test_proc_num_fds (WmnetTestProc * p)
{
  gchar *path = g_strdup_printf ("/proc/%s/fd",
      g_subprocess_get_identifier (p->sub));
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  fail_unless (dir != NULL, "cannot list %s", path);
  while (g_dir_read_name (dir))
    n++;
  g_dir_close (dir);
  g_free (path);
  return n;
}

void
wmnet_test_proc_stop (WmnetTestProc * p)
{
  gboolean ended;

  g_output_stream_close (g_subprocess_get_stdin_pipe (p->sub), NULL, NULL);
  g_mutex_lock (&p->lock);
  ended = p->ended;
  g_mutex_unlock (&p->lock);
  if (!ended && !wmnet_test_proc_wait_lines (p, "stopped", 1, 20000))
    g_subprocess_force_exit (p->sub);
  g_thread_join (p->reader);
  fail_unless (g_subprocess_get_if_exited (p->sub),
      "the server died of signal %d", g_subprocess_get_if_signaled (p->sub)
      ? g_subprocess_get_term_sig (p->sub) : -1);
  fail_unless_equals_int (g_subprocess_get_exit_status (p->sub), 0);
  fail_unless_equals_int (count_locked (p, "stopped"), 1);
  g_ptr_array_unref (p->lines);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  g_object_unref (p->sub);
  g_free (p);
}

void
wmnet_test_proc_kill (WmnetTestProc * p)
{
  /* SIGKILL: no EOS, no $E; its clients see the connection drop */
  g_subprocess_force_exit (p->sub);
  g_thread_join (p->reader);
  g_ptr_array_unref (p->lines);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  g_object_unref (p->sub);
  g_free (p);
}
