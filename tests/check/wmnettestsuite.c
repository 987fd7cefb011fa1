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

#include "wmnettestsuite.h"
#include "wmnettestutils.h"

Suite *
wmnet_test_suite_new (const gchar * name, guint timeout,
    SFun setup, SFun teardown, const WmnetTestEntry * tests, gsize n_tests)
{
  Suite *s = suite_create (name);
  TCase *tc = tcase_create ("general");
  gsize i;

  suite_add_tcase (s, tc);
  if (timeout > 0)
    tcase_set_timeout (tc, timeout);
  if (setup || teardown)
    tcase_add_checked_fixture (tc, setup, teardown);
  for (i = 0; i < n_tests; i++) {
    const WmnetTestEntry *e = &tests[i];

    /* as tcase_add_test () and tcase_add_loop_test () do, by name */
    if (e->n_loops == WMNET_TEST_NO_LIBAV_ONLY) {
      /* every test before it ran in this process (CK_FORK=no) */
      if (wmnet_test_no_libav ())
        _tcase_add_test (tc, e->test, e->name, 0, 0, 0, 1);
    } else {
      _tcase_add_test (tc, e->test, e->name, 0, 0, 0, MAX (e->n_loops, 1));
    }
  }
  return s;
}
