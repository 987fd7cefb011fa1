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
wmnet_test_suite_new (const gchar * name, guint timeout_s,
    WmnetTestFlags flags, TCase ** tc)
{
  Suite *s = suite_create (name);

  *tc = tcase_create ("general");
  suite_add_tcase (s, *tc);
  if (timeout_s > 0)
    tcase_set_timeout (*tc, timeout_s);
  if (flags & WMNET_TEST_TMPDIR)
    tcase_add_checked_fixture (*tc, wmnet_test_tmpdir_setup,
        wmnet_test_tmpdir_teardown);
  if (flags & WMNET_TEST_NO_PROXY)
    g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return s;
}

void
wmnet_test_add_tests (TCase * tc, const gchar * names, const TFun * funcs,
    guint n_funcs)
{
  gchar **split = g_strsplit (names, ",", -1);
  guint i;

  g_assert_cmpuint (g_strv_length (split), ==, n_funcs);
  for (i = 0; i < n_funcs; i++) {
    /* check keeps the name: an interned string lasts */
    const gchar *fname = g_intern_string (g_strstrip (split[i]));

    /* tcase_add_test () with the name it would stringify */
    _tcase_add_test (tc, funcs[i], fname, 0, 0, 0, 1);
  }
  g_strfreev (split);
}
