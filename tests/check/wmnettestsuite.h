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

/* A test program's GstCheck suite: one test case named "general" with a
 * timeout and fixtures, built from the list of its tests. */

#ifndef __WMNET_TEST_SUITE_H__
#define __WMNET_TEST_SUITE_H__

#include <gst/check/gstcheck.h>

G_BEGIN_DECLS

typedef enum
{
  /* a fresh wmnet_test_tmpdir around each test (wmnet_test_tmpdir_setup) */
  WMNET_TEST_TMPDIR = 1 << 0,
  /* GIO_USE_PROXY_RESOLVER=dummy: no system proxy settings (and no
   * libproxy, which valgrind dislikes); every server is on the loopback */
  WMNET_TEST_NO_PROXY = 1 << 1,
} WmnetTestFlags;

/* A suite @name of one test case; @timeout_s 0 keeps CK_DEFAULT_TIMEOUT.
 * *@tc is the test case, for tcase_add_test (). */
Suite *wmnet_test_suite_new (const gchar * name, guint timeout_s,
    WmnetTestFlags flags, TCase ** tc);
/* Adds @funcs, named by @names ("test_a, test_b": #__VA_ARGS__ of
 * WMNET_TEST_MAIN), as tcase_add_test () does (GST_CHECKS picks by
 * name). */
void wmnet_test_add_tests (TCase * tc, const gchar * names,
    const TFun * funcs, guint n_funcs);

/* The suite function PREFIX_suite of a program whose tests each run once,
 * and its main (GST_CHECK_MAIN). */
#define WMNET_TEST_MAIN(prefix, name, timeout_s, flags, ...)              \
static Suite *                                                            \
prefix##_suite (void)                                                     \
{                                                                         \
  static const TFun funcs[] = { __VA_ARGS__ };                            \
  TCase *tc;                                                              \
  Suite *s = wmnet_test_suite_new (name, timeout_s, flags, &tc);          \
                                                                          \
  wmnet_test_add_tests (tc, #__VA_ARGS__, funcs, G_N_ELEMENTS (funcs));   \
  return s;                                                               \
}                                                                         \
GST_CHECK_MAIN (prefix)

G_END_DECLS

#endif /* __WMNET_TEST_SUITE_H__ */
