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

/* wmnetsink's push-location (docs/design.md D70): one wmnetsink serves a
 * client and pushes the same broadcast with [MS-WMHTTP] to a receiver
 * written from the spec (wmnettestreceiver), which sees $H, $D and at EOS
 * $E; a push the server refuses posts a warning naming push-location, the
 * broadcast goes on and EOS still comes out; a value that is no http:// URL is refused with a
 * warning naming it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestfixtures.h"
#include "wmnettestreceiver.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

/* a play request: the answer's status line, then the stream */
#define PLAY "GET /live HTTP/1.0\r\nHost: 127.0.0.1\r\n" \
  "User-Agent: NSPlayer/7.10.0.3059\r\nPragma: xPlayStrm=1\r\n" \
  "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n\r\n"

/* EOS sent to @pipeline comes out of it within a bound: the push branch
 * (or its failed remains) holds nothing up. */
static void
assert_eos (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no EOS");
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);
}

/* The broadcast, pushing to @rc; a client playing it (returned). */
static GstElement *
start_pushing (WmnetTestReceiver * rc, GSocket ** client)
{
  gchar *desc = g_strdup_printf (WMNET_TEST_LIVE_BROADCAST
      ("push-location=http://127.0.0.1:%u/live"), rc->port);
  GstElement *pipeline;
  GByteArray *got;
  guint port;

  pipeline = wmnet_test_start_pipeline (desc, &port);
  g_free (desc);
  fail_unless (wmnet_test_wait_key_packet (pipeline, 10000));
  *client = wmnet_test_open_get (port, NULL, PLAY, 12, &got);
  fail_unless (g_str_has_prefix ((gchar *) got->data, "HTTP/1.0 200"));
  g_byte_array_unref (got);
  fail_unless (wmnet_test_wait_num_clients (pipeline, 1, 10000));
  return pipeline;
}

GST_START_TEST (test_push_and_serve)
{
  WmnetTestReceiver *rc =
      wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 0, -1);
  GSocket *client;
  GstElement *pipeline = start_pushing (rc, &client);
  WmnetTestRequest *setup;
  guint64 sent;

  /* PushSetup to the path, then $H and the packets */
  wmnet_test_receiver_wait_data (rc, 25);
  g_mutex_lock (&rc->lock);
  setup = g_ptr_array_index (rc->requests, 0);
  fail_unless (g_str_has_prefix (setup->request_line, "POST /live "));
  fail_unless_equals_string (wmnet_test_request_header (setup,
          "content-type"), "application/x-wms-pushsetup");
  g_mutex_unlock (&rc->lock);
  /* the client is served on */
  sent = wmnet_test_get_stat (pipeline, "bytes-sent");
  fail_unless (wmnet_test_wait_key_packet (pipeline, 10000));
  fail_unless (wmnet_test_wait_key_packet (pipeline, 10000));
  fail_unless (wmnet_test_get_stat (pipeline, "bytes-sent") > sent);
  fail_unless_equals_int (wmnet_test_num_clients (pipeline), 1);
  /* EOS ends the push with $E(S_OK) (2.2.3.1.4) */
  assert_eos (pipeline);
  wmnet_test_receiver_wait_locked (rc, &rc->done, "got $E");
  g_mutex_unlock (&rc->lock);
  g_object_unref (client);
  wmnet_test_stop_pipeline (pipeline);
  wmnet_test_receiver_free (rc);
}

GST_END_TEST;

/* The receiver refuses the push (404: no such publishing point, a final
 * answer): a warning names push-location, the client is served on. */
GST_START_TEST (test_push_refused)
{
  WmnetTestReceiver *rc =
      wmnet_test_receiver_start (WMNET_TEST_AUTH_NONE, 404, -1);
  GSocket *client;
  GstElement *pipeline = start_pushing (rc, &client);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  guint64 sent;

  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no warning");
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_WARNING);
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (strstr (err->message, "push-location") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  sent = wmnet_test_get_stat (pipeline, "bytes-sent");
  fail_unless (wmnet_test_wait_key_packet (pipeline, 10000));
  fail_unless (wmnet_test_wait_key_packet (pipeline, 10000));
  fail_unless (wmnet_test_get_stat (pipeline, "bytes-sent") > sent);
  fail_unless_equals_int (wmnet_test_num_clients (pipeline), 1);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg == NULL);
  gst_object_unref (bus);
  assert_eos (pipeline);
  g_object_unref (client);
  wmnet_test_stop_pipeline (pipeline);
  wmnet_test_receiver_free (rc);
}

GST_END_TEST;

/* No http:// URL with a host: refused, naming the value; it stays. */
GST_START_TEST (test_bad_push_location)
{
  const gchar *bad[] = { "ftp://h/live", "http:///live", "live",
    "http://u:p@h/live"
  };
  GstElement *e = gst_element_factory_make ("wmnetsink", NULL);
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter =
      wmnet_test_catch_warnings ("push-location", caught);
  gchar *got;
  guint i;

  g_object_set (e, "push-location", "http://h:8080/live", NULL);
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_object_set (e, "push-location", bad[i], NULL);
    fail_unless_equals_int (caught->len, i + 1);
    fail_unless (strstr (g_ptr_array_index (caught, i), bad[i]) != NULL);
  }
  gst_check_remove_log_filter (filter);
  g_ptr_array_unref (caught);
  g_object_get (e, "push-location", &got, NULL);
  fail_unless_equals_string (got, "http://h:8080/live");
  g_free (got);
  /* NULL (or "") turns it off */
  g_object_set (e, "push-location", "", NULL);
  g_object_get (e, "push-location", &got, NULL);
  gst_object_unref (e);
  fail_unless (got == NULL);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_push, 120,
    WMNET_TEST (test_bad_push_location),
    WMNET_TEST (test_push_and_serve), WMNET_TEST (test_push_refused));
