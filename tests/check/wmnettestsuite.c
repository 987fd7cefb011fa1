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

/* The suite and main() of a test file (see wmnettestsuite.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnettestsuite.h"

Suite *
wmnet_test_suite (const gchar * name, const gchar * tcase_name,
    guint timeout_s, SFun setup, SFun teardown, const TFun * tests,
    guint n_tests, const gchar * names)
{
  gchar *suite_name = g_strdelimit (g_strdup (name), "_", '-');
  gchar **test_names = g_strsplit (names, ",", -1);
  Suite *s = suite_create (suite_name);
  TCase *tc = tcase_create (tcase_name);
  guint i;

  /* check keeps the names it is given, for the life of the process */
  g_assert_cmpuint (g_strv_length (test_names), ==, n_tests);
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, timeout_s);
  if (setup || teardown)
    tcase_add_checked_fixture (tc, setup, teardown);
  for (i = 0; i < n_tests; i++)
    _tcase_add_test (tc, tests[i], g_strstrip (test_names[i]), 0, 0, 0, 1);
  g_free (test_names);
  return s;
}
