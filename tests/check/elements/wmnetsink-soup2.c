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

/* wmnetsink in a process that already has libsoup 2 (a WebKitGTK 4.0 app):
 * the element must refuse with an error, not let libsoup 3's constructor
 * abort the process. The abort can only be seen from outside, so the test
 * re-runs this binary as a child that loads libsoup 2 first. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gmodule.h>
#include <stdio.h>

#include "wmnettestutils.h"
#include "wmnettestsuite.h"

#define CHILD_ARG "--child-with-libsoup2"
#define LIBSOUP2_NAME "libsoup-2.4.so.1"
#define CHILD_NO_LIBSOUP2 77

static gchar *self_path;

/* Prints what it saw, one "key: value" line each, for the parent to check;
 * exits 0 unless libsoup 2 itself could not be loaded. */
static int
run_child (void)
{
  GModule *soup2;
  GstElement *pipeline, *sink;
  GstBus *bus;
  gint i;

  /* not BIND_LOCAL: as a WebKitGTK 4.0 app links it, in the global scope */
  soup2 = g_module_open (LIBSOUP2_NAME, G_MODULE_BIND_LAZY);
  if (soup2 == NULL) {
    printf ("libsoup2: %s\n", g_module_error ());
    return CHILD_NO_LIBSOUP2;
  }
  printf ("libsoup2: loaded\n");
  fflush (stdout);

  gst_init (NULL, NULL);
  pipeline = gst_pipeline_new (NULL);
  sink = gst_element_factory_make ("wmnetsink", NULL);
  printf ("created: %s\n", sink ? "yes" : "no");
  fflush (stdout);
  if (sink == NULL)
    return 0;
  g_object_set (sink, "port", 0, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  bus = gst_element_get_bus (pipeline);

  /* twice: the second attempt must give the same answer */
  for (i = 0; i < 2; i++) {
    GstStateChangeReturn ret;
    GstMessage *msg;

    ret = gst_element_set_state (pipeline, GST_STATE_PLAYING);
    printf ("state-change: %s\n", gst_element_state_change_return_get_name
        (ret));
    msg = gst_bus_timed_pop_filtered (bus, 0, GST_MESSAGE_ERROR);
    if (msg) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      printf ("error: %s %d %s\n", g_quark_to_string (err->domain),
          err->code, err->message);
      g_error_free (err);
      gst_message_unref (msg);
    } else {
      printf ("error: none\n");
    }
    fflush (stdout);
    gst_element_set_state (pipeline, GST_STATE_NULL);
  }

  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_module_close (soup2);
  return 0;
}

GST_START_TEST (test_refuses_with_libsoup2)
{
  const gchar *argv[] = { self_path, CHILD_ARG, NULL };
  gchar *out = NULL, *err = NULL, *expect;
  gint status = -1;
  gboolean finished;

  finished = wmnet_test_run (argv, 60, &status, &out, &err);
  fail_unless (finished, "child did not finish in 60 s\n%s%s", out, err);
  fail_if (status == CHILD_NO_LIBSOUP2,
      "%s is needed by this test (Debian: libsoup2.4-1)\n%s", LIBSOUP2_NAME,
      out);
  fail_unless (status == 0,
      "child did not exit normally (abort?)\nstdout:\n%s\nstderr:\n%s", out,
      err);

  fail_unless (strstr (out, "created: yes\n") != NULL, "%s", out);
  fail_unless_equals_int (wmnet_test_count_lines (out,
          "state-change: FAILURE"), 2);
  /* GST_LIBRARY_ERROR_INIT, with the message applications show */
  expect = g_strdup_printf ("error: %s %d libsoup 2 is already loaded in this "
      "process (e.g. by WebKitGTK 4.0); wmnetsink needs libsoup 3 and cannot "
      "share a process with libsoup 2",
      g_quark_to_string (GST_LIBRARY_ERROR), GST_LIBRARY_ERROR_INIT);
  fail_unless (wmnet_test_count_lines (out, expect) == 2,
      "stdout:\n%s\nstderr:\n%s", out, err);
  fail_if (strstr (err, "libsoup2 symbols detected") != NULL, "%s", err);

  g_free (expect);
  g_free (out);
  g_free (err);
}

GST_END_TEST;

/* without libsoup 2 the same element loads libsoup 3 and opens its port */
GST_START_TEST (test_loads_without_libsoup2)
{
  GstElement *pipeline, *sink;
  gint port = -1;

  pipeline = gst_pipeline_new (NULL);
  sink = gst_element_factory_make ("wmnetsink", NULL);
  fail_unless (sink != NULL);
  g_object_set (sink, "port", 0, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  /* ASYNC: waits for preroll, the port is already open */
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  g_object_get (sink, "current-port", &port, NULL);
  fail_unless (port > 0, "port %d", port);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
wmnetsink_soup2_suite (void)
{
  static const WmnetTestEntry tests[] = {
    WMNET_TEST (test_refuses_with_libsoup2),
    WMNET_TEST (test_loads_without_libsoup2),
  };

  return wmnet_test_suite_new ("wmnetsink-soup2", 120, NULL, NULL, tests,
      G_N_ELEMENTS (tests));
}

int
main (int argc, char **argv)
{
  int ret;

  if (argc > 1 && g_str_equal (argv[1], CHILD_ARG))
    return run_child ();

  self_path = g_canonicalize_filename (argv[0], NULL);
  gst_check_init (&argc, &argv);
  ret = gst_check_run_suite (wmnetsink_soup2_suite (), "wmnetsink-soup2",
      __FILE__);
  g_free (self_path);
  return ret;
}
