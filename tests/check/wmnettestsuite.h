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

/* The end of a test file: its one suite and main(). A suite is named after
 * the file (wmnetsink_log: "wmnetsink-log") and holds one test case. */

#ifndef __WMNET_TEST_SUITE_H__
#define __WMNET_TEST_SUITE_H__

#include <gst/check/gstcheck.h>

G_BEGIN_DECLS

/* Defines @name_suite() and main(): a suite of one test case @tcase_name,
 * bounded by @timeout_s seconds a test, with the checked fixture @setup and
 * @teardown (each may be NULL), holding the tests listed after (names of
 * GST_START_TEST), each under its own name as tcase_add_test() gives it
 * (GST_CHECKS selects by it). */
#define WMNET_TEST_MAIN(name, tcase_name, timeout_s, setup, teardown, ...) \
static Suite * \
name ## _suite (void) \
{ \
  static const TFun tests[] = { __VA_ARGS__ }; \
  return wmnet_test_suite (# name, tcase_name, timeout_s, setup, teardown, \
      tests, G_N_ELEMENTS (tests), # __VA_ARGS__); \
} \
GST_CHECK_MAIN (name)

/* What WMNET_TEST_MAIN calls: @names is "@tests[0], @tests[1], ...". */
Suite *wmnet_test_suite (const gchar * name, const gchar * tcase_name,
    guint timeout_s, SFun setup, SFun teardown, const TFun * tests,
    guint n_tests, const gchar * names);

G_END_DECLS

#endif /* __WMNET_TEST_SUITE_H__ */
