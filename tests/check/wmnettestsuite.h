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

/* A test program's suite from a table: one TCase ("general"), each test
 * added once or looped, and its main(). The suite functions of the unit
 * tests were the same lines in every file. */

#ifndef __WMNET_TEST_SUITE_H__
#define __WMNET_TEST_SUITE_H__

#include <gst/check/gstcheck.h>

G_BEGIN_DECLS

typedef struct
{
  TFun test;
  const gchar *name;            /* what GST_CHECKS selects by */
  /* 0: run once; > 0: looped, __i__ from 0 to n_loops - 1;
   * WMNET_TEST_NO_LIBAV_ONLY: once, last, when wmnet_test_no_libav () */
  gint n_loops;
} WmnetTestEntry;

#define WMNET_TEST_NO_LIBAV_ONLY (-1)

#define WMNET_TEST(t) { (t), #t, 0 }
#define WMNET_LOOP_TEST(t, n) { (t), #t, (n) }
#define WMNET_NO_LIBAV_TEST(t) { (t), #t, WMNET_TEST_NO_LIBAV_ONLY }

/* A suite named @name with one TCase of @timeout seconds (0: the
 * default, CK_DEFAULT_TIMEOUT) holding @tests in order, around each of
 * which @setup and @teardown run as a checked fixture (either may be
 * NULL). */
Suite *wmnet_test_suite_new (const gchar * name, guint timeout,
    SFun setup, SFun teardown, const WmnetTestEntry * tests, gsize n_tests);

/* Defines name_suite () from the WmnetTestEntry rows given, each test
 * between @setup and @teardown (checked fixture; NULL: none), and
 * GST_CHECK_MAIN (name). */
#define WMNET_TEST_MAIN_FIXTURE(name, timeout, setup, teardown, ...)    \
  static Suite *                                                        \
  name ## _suite (void)                                                 \
  {                                                                     \
    const WmnetTestEntry tests[] = { __VA_ARGS__ };                     \
                                                                        \
    return wmnet_test_suite_new (#name, (timeout), (setup), (teardown), \
        tests, G_N_ELEMENTS (tests));                                   \
  }                                                                     \
  GST_CHECK_MAIN (name)

/* The same without a fixture. */
#define WMNET_TEST_MAIN(name, timeout, ...)                             \
  WMNET_TEST_MAIN_FIXTURE (name, timeout, NULL, NULL, __VA_ARGS__)

G_END_DECLS

#endif /* __WMNET_TEST_SUITE_H__ */
