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

/* wmnet-test-server: runs a pipeline with a wmnetsink named "s" in a process
 * of its own, so that a test can see it crash, and tells what happens on
 * its standard output, one line each:
 *
 *   listening PORT
 *   connected ID
 *   disconnected ID REASON PACKETS-DROPPED
 *   refused REASON
 *   push-refused NAME REASON STATUS PORT   (wmnetpushsrc NAME's messages;
 *   push-connected NAME ADDRESS             PORT: the pusher's)
 *   push-disconnected NAME REASON
 *   push-stats NAME STRUCTURE     (every wmnetpushsrc's stats, then
 *   push-stats-end                 push-stats-end: asked by a line
 *                                  "stats" on standard input)
 *   warning TEXT
 *   error TEXT
 *   stopped
 *
 * It stops (and exits 0) when its standard input closes, or after an
 * error. --nofile=N sets its RLIMIT_NOFILE first. --share-port: the
 * elements with a "port" property other than "s" are given the port "s"
 * got (its port=0), so they share its listener (docs/design.md D69).
 *
 * usage: wmnet-test-server [--nofile=N] [--share-port] PIPELINE-DESCRIPTION */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* *INDENT-OFF* */
static void say (const gchar * format, ...) G_GNUC_PRINTF (1, 2);
/* *INDENT-ON* */

static void
say (const gchar * format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer data)
{
  GMainLoop *loop = data;
  const GstStructure *s = gst_message_get_structure (msg);
  GError *error = NULL;
  guint64 id = 0, dropped = 0;
  guint port = 0;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      gst_structure_get_uint64 (s, "id", &id);
      if (gst_structure_has_name (s, "wmnetsink-listening")) {
        gst_structure_get_uint (s, "port", &port);
        say ("listening %u", port);
      } else if (gst_structure_has_name (s, "wmnetsink-client-connected")) {
        say ("connected %" G_GUINT64_FORMAT, id);
      } else if (gst_structure_has_name (s, "wmnetsink-client-disconnected")) {
        gst_structure_get_uint64 (s, "packets-dropped", &dropped);
        say ("disconnected %" G_GUINT64_FORMAT " %s %" G_GUINT64_FORMAT, id,
            gst_structure_get_string (s, "reason"), dropped);
      } else if (gst_structure_has_name (s, "wmnetsink-client-refused")) {
        say ("refused %s", gst_structure_get_string (s, "reason"));
      } else if (gst_structure_has_name (s, "wmnetpushsrc-pusher-refused")) {
        guint status = 0;

        gst_structure_get_uint (s, "status", &status);
        gst_structure_get_uint (s, "port", &port);
        say ("push-refused %s %s %u %u", GST_MESSAGE_SRC_NAME (msg),
            gst_structure_get_string (s, "reason"), status, port);
      } else if (gst_structure_has_name (s, "wmnetpushsrc-pusher-connected")) {
        say ("push-connected %s %s", GST_MESSAGE_SRC_NAME (msg),
            gst_structure_get_string (s, "address"));
      } else if (gst_structure_has_name (s, "wmnetpushsrc-pusher-disconnected")) {
        say ("push-disconnected %s %s", GST_MESSAGE_SRC_NAME (msg),
            gst_structure_get_string (s, "reason"));
      }
      break;
    case GST_MESSAGE_WARNING:
      gst_message_parse_warning (msg, &error, NULL);
      say ("warning %s", error->message);
      g_error_free (error);
      break;
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &error, NULL);
      say ("error %s", error->message);
      g_error_free (error);
      g_main_loop_quit (loop);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

static GstElement *pipeline;

static void
say_stats (void)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue v = G_VALUE_INIT;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&v);
    GstStructure *st = NULL;
    gchar *text;

    if (g_object_class_find_property (G_OBJECT_GET_CLASS (e), "stats"))
      g_object_get (e, "stats", &st, NULL);
    if (st && gst_structure_has_name (st, "wmnetpushsrc-stats")) {
      text = gst_structure_to_string (st);
      say ("push-stats %s %s", GST_OBJECT_NAME (e), text);
      g_free (text);
    }
    if (st)
      gst_structure_free (st);
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  say ("push-stats-end");
}

static gboolean
on_stdin (GIOChannel * channel, GIOCondition cond, gpointer data)
{
  gchar *line = NULL;
  GIOStatus status;

  status = g_io_channel_read_line (channel, &line, NULL, NULL, NULL);
  if (line && g_str_has_prefix (line, "stats"))
    say_stats ();
  g_free (line);
  if (status == G_IO_STATUS_NORMAL || status == G_IO_STATUS_AGAIN)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* "s" started alone (it listens on a free port), then every other element
 * with a "port" given that port */
static gboolean
share_port (void)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GstIterator *it;
  GValue v = G_VALUE_INIT;
  gint port = -1;

  if (s == NULL || gst_element_set_state (s, GST_STATE_PAUSED)
      == GST_STATE_CHANGE_FAILURE) {
    g_clear_object (&s);
    return FALSE;
  }
  g_object_get (s, "current-port", &port, NULL);
  it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  while (port > 0 && gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&v);

    if (e != s && g_object_class_find_property (G_OBJECT_GET_CLASS (e), "port"))
      g_object_set (e, "port", (guint) port, NULL);
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  gst_object_unref (s);
  return port > 0;
}

int
main (int argc, char **argv)
{
  GMainLoop *loop;
  GIOChannel *in;
  gboolean share = FALSE;
  GError *error = NULL;
  const gchar *desc;
  GstBus *bus;

  if (argc > 1 && g_str_has_prefix (argv[1], "--nofile=")) {
    struct rlimit lim;

    lim.rlim_cur = lim.rlim_max = g_ascii_strtoull (argv[1] + 9, NULL, 10);
    if (setrlimit (RLIMIT_NOFILE, &lim) != 0) {
      say ("error setrlimit");
      return 1;
    }
    argc--;
    argv++;
  }
  if (argc > 1 && g_str_equal (argv[1], "--share-port")) {
    share = TRUE;
    argc--;
    argv++;
  }
  if (argc != 2) {
    g_printerr ("usage: %s [--nofile=N] [--share-port] PIPELINE-DESCRIPTION\n",
        argv[0]);
    return 2;
  }
  desc = argv[1];

  gst_init (NULL, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  pipeline = gst_parse_launch (desc, &error);
  if (pipeline == NULL) {
    say ("error %s", error->message);
    return 1;
  }
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_bus, loop);
  in = g_io_channel_unix_new (0);
  g_io_channel_set_encoding (in, NULL, NULL);
  g_io_add_watch (in, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, loop);

  if (share && !share_port ())
    say ("error cannot share the port");
  else if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    say ("error cannot start");
  else
    g_main_loop_run (loop);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  /* what was posted while stopping */
  while (g_main_context_iteration (NULL, FALSE));
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_io_channel_unref (in);
  g_main_loop_unref (loop);
  say ("stopped");
  return 0;
}
