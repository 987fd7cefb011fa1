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

/* wmnet-server: runs the broadcasts of a configuration file
 * (wmnsconfig.c; the keys, signals and the systemd unit are in
 * docs/wmnet-server.md) in one process, one pipeline each.
 *
 * Policy (docs/design.md D77): nothing is restarted here. An ERROR on a
 * broadcast's bus is printed with the broadcast's name, the others are
 * ended as on SIGTERM, and the exit status is 1: the supervisor
 * (systemd's Restart=always in wmnet-server.service) restarts the
 * process with its back-off. SIGHUP reopens the access logs; SIGTERM and
 * SIGINT send EOS (the players get $E) and exit 0 once every broadcast
 * has ended, within STOP_TIMEOUT_S, else 1. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "wmnsconfig.h"

#define DEFAULT_CONFIG SYSCONFDIR "/wmnet-server.conf"
#define STOP_TIMEOUT_S 5

static GPtrArray *broadcasts;
static GMainLoop *loop;
static gint exit_code;
static gboolean stopping;
static gint64 stop_deadline;

static void begin_stop (const gchar * why);

/* Done once every broadcast has had its EOS (or its error) and its
 * players have gone: the $E is then on their sockets. Checked on each
 * bus message and on a timer while stopping. */
static gboolean
check_stopped (gpointer user_data)
{
  guint i, n;

  for (i = 0; i < broadcasts->len; i++) {
    WmnsBroadcast *b = g_ptr_array_index (broadcasts, i);

    if (!b->done)
      break;
    n = 0;
    g_object_get (b->sink, "num-clients", &n, NULL);
    if (n > 0)
      break;
  }
  if (i == broadcasts->len) {
    g_main_loop_quit (loop);
    return G_SOURCE_REMOVE;
  }
  if (g_get_monotonic_time () >= stop_deadline) {
    WmnsBroadcast *b = g_ptr_array_index (broadcasts, i);

    g_printerr ("broadcast %s: not ended within %d s; stopping anyway\n",
        b->name, STOP_TIMEOUT_S);
    exit_code = 1;
    g_main_loop_quit (loop);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void
on_element (WmnsBroadcast * b, GstMessage * msg)
{
  const GstStructure *s = gst_message_get_structure (msg);

  if (GST_MESSAGE_SRC (msg) != GST_OBJECT (b->sink))
    return;
  if (gst_structure_has_name (s, "wmnetsink-listening"))
    g_print ("broadcast %s: listening on %s\n", b->name,
        gst_structure_get_string (s, "host-url"));
}

static void
print_problem (WmnsBroadcast * b, GstMessage * msg)
{
  gboolean is_error = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR;
  GError *err = NULL;
  gchar *dbg = NULL;

  if (is_error)
    gst_message_parse_error (msg, &err, &dbg);
  else
    gst_message_parse_warning (msg, &err, &dbg);
  g_printerr ("broadcast %s: %s from %s: %s (%s)\n", b->name,
      is_error ? "error" : "warning", GST_OBJECT_NAME (msg->src),
      err->message, dbg ? dbg : "");
  g_error_free (err);
  g_free (dbg);
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  WmnsBroadcast *b = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
    on_element (b, msg);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
    print_problem (b, msg);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    print_problem (b, msg);
    exit_code = 1;
    b->done = TRUE;
    /* its players are closed without $E: the stream is broken */
    gst_element_set_state (b->pipeline, GST_STATE_NULL);
    begin_stop ("an error");
    check_stopped (NULL);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    g_print ("broadcast %s: end of stream\n", b->name);
    b->done = TRUE;
    begin_stop ("a broadcast's end");
    check_stopped (NULL);
  }
  return G_SOURCE_CONTINUE;
}

/* A push broadcast listening on port 0 gets its port when the players'
 * side starts listening (the sink goes to PAUSED before the source):
 * the pushers' side then takes the same port (one port and path, D69). */
static GstBusSyncReply
on_sync (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  WmnsBroadcast *b = user_data;
  const GstStructure *s;
  guint port = 0;
  gint wanted = 0;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ELEMENT ||
      GST_MESSAGE_SRC (msg) != GST_OBJECT (b->sink))
    return GST_BUS_PASS;
  s = gst_message_get_structure (msg);
  if (gst_structure_has_name (s, "wmnetsink-listening") &&
      gst_structure_get_uint (s, "port", &port)) {
    g_object_get (b->source, "port", &wanted, NULL);
    if (wanted == 0)
      g_object_set (b->source, "port", (gint) port, NULL);
  }
  return GST_BUS_PASS;
}

/* EOS into every pipeline still running: its sources end, the sink sends
 * $E to its players and closes them. (A pipeline= broadcast always gets
 * the EOS: its archive-location file is completed at EOS.) */
static void
begin_stop (const gchar * why)
{
  guint i;

  if (stopping)
    return;
  stopping = TRUE;
  stop_deadline = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;
  g_print ("stopping (%s)\n", why);
  for (i = 0; i < broadcasts->len; i++) {
    WmnsBroadcast *b = g_ptr_array_index (broadcasts, i);

    guint n = 0;

    if (b->done)
      continue;
    g_object_get (b->sink, "num-clients", &n, NULL);
    if (b->kind != WMNS_KIND_PIPELINE && n == 0) {
      /* no player to give $E, and a relay or push that has had no
       * header yet would end in an error (the input is not ASF) */
      gst_element_set_state (b->pipeline, GST_STATE_NULL);
      b->done = TRUE;
    } else {
      gst_element_send_event (b->pipeline, gst_event_new_eos ());
    }
  }
  g_timeout_add (50, check_stopped, NULL);
}

static gboolean
on_stop_signal (gpointer why)
{
  if (stopping) {
    g_print ("%s again: stopping now\n", (const gchar *) why);
    exit_code = 1;
    g_main_loop_quit (loop);
    return G_SOURCE_CONTINUE;
  }
  begin_stop (why);
  return G_SOURCE_CONTINUE;
}

/* Setting log-location to its own path closes the file; the new one is
 * made at the same path (docs/wmnetsink.md, Rotation): logrotate renames,
 * then sends SIGHUP. */
static gboolean
on_hup (gpointer user_data)
{
  guint i;

  for (i = 0; i < broadcasts->len; i++) {
    WmnsBroadcast *b = g_ptr_array_index (broadcasts, i);
    gchar *path = NULL;

    g_object_get (b->sink, "log-location", &path, NULL);
    if (path) {
      g_object_set (b->sink, "log-location", path, NULL);
      g_print ("broadcast %s: reopened %s\n", b->name, path);
    }
    g_free (path);
  }
  return G_SOURCE_CONTINUE;
}

/* Each pipeline watched, then started; FALSE at the first that fails
 * (its error printed) */
static gboolean
start (void)
{
  guint i;

  for (i = 0; i < broadcasts->len; i++) {
    WmnsBroadcast *b = g_ptr_array_index (broadcasts, i);
    GstBus *bus = gst_element_get_bus (b->pipeline);
    GstMessage *msg = NULL;
    gboolean failed;

    if (b->kind == WMNS_KIND_PUSH)
      gst_bus_set_sync_handler (bus, on_sync, b, NULL);
    gst_bus_add_watch (bus, on_bus, b);
    failed = gst_element_set_state (b->pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE;
    /* the element's error says why (port in use, a missing file...) */
    if (failed)
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    if (msg) {
      print_problem (b, msg);
      gst_message_unref (msg);
    }
    gst_object_unref (bus);
    if (failed) {
      g_printerr ("broadcast %s: could not start\n", b->name);
      return FALSE;
    }
  }
  return TRUE;
}

/* g_ptr_array_foreach: the pipeline stopped, its bus left alone */
static void
stop_one (gpointer data, gpointer user_data)
{
  WmnsBroadcast *b = data;
  GstBus *bus = gst_element_get_bus (b->pipeline);

  gst_element_set_state (b->pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_object_unref (bus);
}

static const gchar description[] =
    "Keys of a [broadcast NAME] group (docs/wmnet-server.md, "
    "man wmnet-server):\n"
    "  pipeline=DESC       gst-launch-1.0 description ending in the encoders;\n"
    "                      wmnetsink (named sink) is added after it, other\n"
    "                      branches end in sink.\n"
    "  relay=URL           serve http:// or mmsh:// URL (wmnetsrc !\n"
    "                      wmnetserversink)\n"
    "  push=true           serve what encoders push ([MS-WMHTTP]; wmnetpushsrc\n"
    "                      ! wmnetserversink on the same port and path)\n"
    "  port=N              TCP port (0 = any free one, printed)\n"
    "  address=ADDR        local address (default: every interface)\n"
    "  publishing-point=/P URL path (broadcasts on one port share it)\n"
    "  access-include=A;B  addresses allowed (10.0.0.0/8;2001:db8::/32)\n"
    "  access-exclude=A;B  addresses refused\n"
    "  auth=MODE           none, basic or digest; auth-file=FILE the users\n"
    "  log-location=FILE   access log, reopened on SIGHUP\n"
    "  PROPERTY=VALUE      any other property of wmnetsink (pipeline=) or\n"
    "                      wmnetserversink (relay=, push=), e.g. max-clients\n"
    "  source.PROPERTY=V   a property of wmnetsrc (relay=) or wmnetpushsrc\n"
    "                      (push=), e.g. source.access-include\n"
    "Signals: SIGHUP reopens the access logs; SIGTERM and SIGINT end every\n"
    "broadcast (players get the end of stream) and exit 0 within 5 s.\n"
    "Exit status: 0 stopped by a signal, 1 an error (named with its\n"
    "broadcast; nothing is restarted: the supervisor restarts), 2 usage.";

int
main (int argc, char **argv)
{
  gchar *config = NULL;
  gboolean check = FALSE, version = FALSE;
  GOptionEntry entries[] = {
    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
        "The configuration file (default " DEFAULT_CONFIG ")", "FILE"},
    {"check", 0, 0, G_OPTION_ARG_NONE, &check,
        "Read the configuration and build its pipelines, print every "
          "problem, exit 0 (good) or 1", NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &version,
        "Print the version and exit", NULL},
    {NULL}
  };
  GOptionContext *ctx;
  GError *error = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);
  wmns_config_init_logging ();
  ctx = g_option_context_new ("- serve the Windows Media broadcasts of a "
      "configuration file");
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    g_option_context_free (ctx);
    g_clear_error (&error);
    return 2;
  }
  g_option_context_free (ctx);
  if (version) {
    gchar *gst = gst_version_string ();

    g_print ("wmnet-server %s (%s)\n", PACKAGE_VERSION, gst);
    g_free (gst);
    return 0;
  }
  if (argc > 1) {
    g_printerr ("unexpected argument '%s' (the file is --config FILE)\n",
        argv[1]);
    return 2;
  }
  if (config == NULL)
    config = g_strdup (DEFAULT_CONFIG);

  broadcasts = wmns_config_load (config, &error);
  if (broadcasts == NULL) {
    g_printerr ("%s\n", error->message);
    g_clear_error (&error);
    g_free (config);
    return 1;
  }
  if (check) {
    g_print ("%s: %u broadcasts, no problem found\n", config, broadcasts->len);
    g_ptr_array_unref (broadcasts);
    g_free (config);
    return 0;
  }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_stop_signal, "SIGTERM");
  g_unix_signal_add (SIGINT, on_stop_signal, "SIGINT");
  g_unix_signal_add (SIGHUP, on_hup, NULL);
  if (start ())
    g_main_loop_run (loop);
  else
    exit_code = 1;

  g_ptr_array_foreach (broadcasts, stop_one, NULL);
  g_ptr_array_unref (broadcasts);
  g_main_loop_unref (loop);
  g_free (config);
  g_print ("exit %d\n", exit_code);
  return exit_code;
}
