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

/* Unit tests of the MS-WMSP session table: ids given, kept, forgotten after
 * their lifetime, the least recently used first when full. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetsessions.h"
#include "wmnettestsuite.h"

#define S G_USEC_PER_SEC

GST_START_TEST (test_given_ids)
{
  WmnetSessions *t = wmnet_sessions_new (WMNET_SESSIONS_MAX,
      WMNET_SESSIONS_LIFETIME);
  guint32 a = wmnet_sessions_add (t, 0), b = wmnet_sessions_add (t, 0);
  guint32 c = a + 1;

  fail_unless (a != 0 && b != 0 && a != b);
  while (c == b || c == 0)
    c++;
  fail_unless (wmnet_sessions_touch (t, a, 1 * S));
  fail_unless (wmnet_sessions_touch (t, b, 1 * S));
  /* an id the server never gave */
  fail_if (wmnet_sessions_touch (t, c, 1 * S));
  fail_unless_equals_int (wmnet_sessions_count (t, 1 * S), 2);
  wmnet_sessions_free (t);
}

GST_END_TEST;

GST_START_TEST (test_lifetime)
{
  WmnetSessions *t = wmnet_sessions_new (16, 300 * S);
  guint32 a = wmnet_sessions_add (t, 0), b = wmnet_sessions_add (t, 0);

  /* each use starts the lifetime again */
  fail_unless (wmnet_sessions_touch (t, a, 200 * S));
  fail_unless (wmnet_sessions_touch (t, a, 499 * S));
  /* b was last used at 0 */
  fail_if (wmnet_sessions_touch (t, b, 300 * S));
  fail_unless_equals_int (wmnet_sessions_count (t, 300 * S), 1);
  fail_if (wmnet_sessions_touch (t, a, 799 * S));
  fail_unless_equals_int (wmnet_sessions_count (t, 799 * S), 0);
  wmnet_sessions_free (t);
}

GST_END_TEST;

GST_START_TEST (test_bounded)
{
  WmnetSessions *t = wmnet_sessions_new (WMNET_SESSIONS_MAX,
      WMNET_SESSIONS_LIFETIME);
  guint32 first = wmnet_sessions_add (t, 0), second = wmnet_sessions_add (t, 0);
  guint i;

  /* a describe flood: the table stays at its bound, the least recently
   * used go first */
  fail_unless (wmnet_sessions_touch (t, first, 1));
  for (i = 0; i < WMNET_SESSIONS_MAX + 1000; i++)
    wmnet_sessions_add (t, 2);
  fail_unless_equals_int (wmnet_sessions_count (t, 2), WMNET_SESSIONS_MAX);
  fail_if (wmnet_sessions_touch (t, first, 2));
  fail_if (wmnet_sessions_touch (t, second, 2));
  wmnet_sessions_free (t);
}

GST_END_TEST;

GST_START_TEST (test_parse_id)
{
  guint32 id;

  fail_unless (wmnet_sessions_parse_id ("0", &id));
  fail_unless_equals_int (id, 0);
  fail_unless (wmnet_sessions_parse_id ("4294967295", &id));
  fail_unless (id == G_MAXUINT32);
  fail_unless (wmnet_sessions_parse_id ("0000000042", &id));
  fail_unless_equals_int (id, 42);
  fail_if (wmnet_sessions_parse_id ("4294967296", &id));
  fail_if (wmnet_sessions_parse_id ("99999999999", &id));
  fail_if (wmnet_sessions_parse_id ("", &id));
  fail_if (wmnet_sessions_parse_id (NULL, &id));
  fail_if (wmnet_sessions_parse_id ("12a", &id));
  fail_if (wmnet_sessions_parse_id ("-1", &id));
  fail_if (wmnet_sessions_parse_id (" 1", &id));
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsessions, 0,
    WMNET_TEST (test_given_ids),
    WMNET_TEST (test_lifetime),
    WMNET_TEST (test_bounded), WMNET_TEST (test_parse_id));
