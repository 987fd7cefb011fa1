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

/* wmnet-broadcast: a live Windows Media broadcast from a camera
 * (/dev/video0, when there is one) or a test source, with a client limit
 * and an exclude list from the command line; prints wmnetsink's bus
 * messages (the SDK's IWMStatusCallback statuses) as they come.
 *
 *   wmnet-broadcast --port 8080 --max-clients 20 --exclude 10.0.0.0/8
 *   ffplay mmsh://127.0.0.1:8080/
 *
 * The SDK program it replaces: WMCreateWriterNetworkSink, Open(&port),
 * SetMaximumClients, IWMAddressAccess2::AddAccessEntryEx, Advise(callback),
 * IWMWriterAdvanced::AddSink. */

#include <gst/gst.h>
#include <glib-unix.h>
#include <signal.h>

/* GstWmnetAccessType values are the SDK's WM_AETYPE ones. */
#define WM_AETYPE_INCLUDE 0x69
#define WM_AETYPE_EXCLUDE 0x65

#define CAMERA "/dev/video0"

static GMainLoop *loop;
static GstElement *pipeline;
static GstElement *sink;
static gint exit_code;
static gboolean stopping;

static void
print_client (const gchar * what, const GstStructure * s)
{
  guint64 id = 0;
  guint port = 0;

  gst_structure_get_uint64 (s, "id", &id);
  gst_structure_get_uint (s, "port", &port);
  g_print ("%-10s #%" G_GUINT64_FORMAT " %s:%u", what, id,
      gst_structure_get_string (s, "address"), port);
}

static void
on_sink_message (const GstStructure * s)
{
  const gchar *name = gst_structure_get_name (s);

  if (gst_structure_has_name (s, "wmnetsink-listening")) {
    g_print ("listening on %s\n", gst_structure_get_string (s, "host-url"));
  } else if (g_str_equal (name, "wmnetsink-client-connected")) {
    print_client ("connect", s);
    g_print (" %s \"%s\"\n", gst_structure_get_string (s, "protocol"),
        gst_structure_get_string (s, "user-agent"));
  } else if (g_str_equal (name, "wmnetsink-client-properties")) {
    print_client ("dns-name", s);
    g_print (" %s\n", gst_structure_get_string (s, "dns-name"));
  } else if (g_str_equal (name, "wmnetsink-client-disconnected")) {
    guint64 bytes = 0, duration = 0;

    gst_structure_get_uint64 (s, "bytes-sent", &bytes);
    gst_structure_get_uint64 (s, "duration", &duration);
    print_client ("disconnect", s);
    g_print (" reason=%s after %.1f s, %" G_GUINT64_FORMAT " bytes\n",
        gst_structure_get_string (s, "reason"),
        (gdouble) duration / GST_SECOND, bytes);
  } else if (g_str_equal (name, "wmnetsink-client-refused")) {
    guint port = 0;

    gst_structure_get_uint (s, "port", &port);
    g_print ("%-10s %s:%u reason=%s\n", "refused",
        gst_structure_get_string (s, "address"), port,
        gst_structure_get_string (s, "reason"));
  }
}

/* the clients' disconnect messages follow the EOS: wait (bounded) for them */
static gboolean
quit_when_empty (gpointer user_data)
{
  gint64 *deadline = user_data;
  guint n = 0;

  g_object_get (sink, "num-clients", &n, NULL);
  if (n > 0 && g_get_monotonic_time () < *deadline)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (sink))
        on_sink_message (gst_message_get_structure (msg));
      break;
    case GST_MESSAGE_ERROR:{
      GError *err = NULL;
      gchar *dbg = NULL;

      gst_message_parse_error (msg, &err, &dbg);
      g_printerr ("error from %s: %s (%s)\n", GST_OBJECT_NAME (msg->src),
          err->message, dbg ? dbg : "");
      g_clear_error (&err);
      g_free (dbg);
      exit_code = 1;
      g_main_loop_quit (loop);
      break;
    }
    case GST_MESSAGE_EOS:{
      static gint64 deadline;

      g_print ("end of stream\n");
      deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
      g_timeout_add (100, quit_when_empty, &deadline);
      break;
    }
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* EOS rather than an abrupt stop: clients get the end of the stream and a
 * clean close. A second request (Ctrl+C twice) quits at once. */
static gboolean
stop (gpointer why)
{
  if (stopping) {
    g_main_loop_quit (loop);
    return G_SOURCE_REMOVE;
  }
  stopping = TRUE;
  g_print ("stopping (%s)\n", (const gchar *) why);
  gst_element_send_event (pipeline, gst_event_new_eos ());
  g_timeout_add_seconds (3, quit, NULL);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  gint port = 8080, max_clients = 5, duration = 0;
  gchar *address = NULL;
  gchar **excludes = NULL, **includes = NULL;
  gboolean test_source = FALSE;
  GOptionEntry entries[] = {
    {"port", 'p', 0, G_OPTION_ARG_INT, &port,
        "TCP port, 0 = any free port (default 8080)", "PORT"},
    {"address", 'a', 0, G_OPTION_ARG_STRING, &address,
        "Local address to listen on (default: every interface)", "ADDR"},
    {"max-clients", 'm', 0, G_OPTION_ARG_INT, &max_clients,
        "Most clients at once, 0 = no limit (default 5)", "N"},
    {"exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &excludes,
        "Refuse matching clients, e.g. 10.0.0.0/8 (repeatable)", "ENTRY"},
    {"include", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &includes,
        "Admit only matching clients (repeatable)", "ENTRY"},
    {"test-source", 't', 0, G_OPTION_ARG_NONE, &test_source,
        "Broadcast a test pattern and tone even if there is a camera", NULL},
    {"duration", 'd', 0, G_OPTION_ARG_INT, &duration,
        "Stop after this many seconds (default: until Ctrl+C)", "SECONDS"},
    {NULL}
  };
  GOptionContext *ctx;
  GError *error = NULL;
  const gchar *source;
  gchar *desc;
  GstBus *bus;
  GstMessage *msg;
  guint i;

  ctx = g_option_context_new ("- live Windows Media broadcast with wmnetsink");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  g_option_context_free (ctx);

  if (!test_source && g_file_test (CAMERA, G_FILE_TEST_EXISTS)) {
    source = "v4l2src device=" CAMERA " ! videoconvert ! videoscale ! "
        "videorate ! video/x-raw,width=640,height=480,framerate=25/1 ! "
        "avenc_wmv2 bitrate=1000000 gop-size=50 ! queue ! s.video_%u";
  } else {
    source = "videotestsrc is-live=true pattern=ball ! "
        "video/x-raw,width=320,height=240,framerate=25/1 ! "
        "avenc_wmv2 bitrate=400000 gop-size=50 ! queue ! s.video_%u "
        "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! "
        "audioconvert ! avenc_wmav2 ! queue ! s.audio_%u";
  }
  desc = g_strdup_printf ("%s wmnetsink name=s", source);
  pipeline = gst_parse_launch (desc, &error);
  g_free (desc);
  if (pipeline == NULL) {
    g_printerr ("cannot build the pipeline: %s\n", error->message);
    return 1;
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");

  /* IWMWriterNetworkSink::Open's port and SetMaximumClients */
  g_object_set (sink, "port", (guint) port, "max-clients", (guint) max_clients,
      NULL);
  if (address)
    g_object_set (sink, "address", address, NULL);

  /* IWMAddressAccess2::AddAccessEntryEx */
  for (i = 0; excludes && excludes[i]; i++) {
    gboolean ok = FALSE;

    g_signal_emit_by_name (sink, "add-access-entry", WM_AETYPE_EXCLUDE,
        excludes[i], &ok);
    if (!ok) {
      g_printerr ("bad exclude entry '%s'\n", excludes[i]);
      return 2;
    }
    g_print ("excluding %s\n", excludes[i]);
  }
  for (i = 0; includes && includes[i]; i++) {
    gboolean ok = FALSE;

    g_signal_emit_by_name (sink, "add-access-entry", WM_AETYPE_INCLUDE,
        includes[i], &ok);
    if (!ok) {
      g_printerr ("bad include entry '%s'\n", includes[i]);
      return 2;
    }
    g_print ("including %s\n", includes[i]);
  }

  loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_bus, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    /* the element error says why (port in use, missing wmasfmux...) */
    if (msg) {
      on_bus (bus, msg, NULL);
      gst_message_unref (msg);
    }
    g_printerr ("could not start the broadcast\n");
    return 1;
  }
  if (duration > 0)
    g_timeout_add_seconds (duration, stop, "duration");
  g_unix_signal_add (SIGINT, stop, "SIGINT");
  g_unix_signal_add (SIGTERM, stop, "SIGTERM");

  g_main_loop_run (loop);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  /* print what the shutdown itself posted (clients closed at NULL) */
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    on_bus (bus, msg, NULL);
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_main_loop_unref (loop);
  g_strfreev (excludes);
  g_strfreev (includes);
  g_free (address);
  return exit_code;
}
