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

/* Unit tests of wmnetlimits: address groups (IPv6 by /64), the token
 * bucket and its burst, the per-address slots, and the table's bound
 * under a storm from many addresses. Times are given, never measured. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetlimits.h"
#include "wmnettestsuite.h"

#define S G_USEC_PER_SEC

static GInetAddress *
addr (const gchar * s)
{
  GInetAddress *a = g_inet_address_new_from_string (s);

  fail_unless (a != NULL, "%s", s);
  return a;
}

/* an address and its group */
static const gchar *const group_cases[][2] = {
  {"192.0.2.7", "192.0.2.7"},
  {"::ffff:192.0.2.7", "192.0.2.7"},
  {"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
  {"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
  {"::1", "::/64"},
};

GST_START_TEST (test_groups)
{
  GInetAddress *a = addr (group_cases[__i__][0]);
  gchar *g = wmnet_limits_group (a);

  g_object_unref (a);
  fail_unless (g_strcmp0 (g, group_cases[__i__][1]) == 0, "%s: %s, not %s",
      group_cases[__i__][0], g, group_cases[__i__][1]);
  g_free (g);
}

GST_END_TEST;

GST_START_TEST (test_bucket)
{
  WmnetLimits *l = wmnet_limits_new ();
  GInetAddress *a = addr ("192.0.2.1"), *b = addr ("192.0.2.2");
  guint retry, i;
  gint64 t = 1000 * S;

  /* no rate: never refused */
  for (i = 0; i < 100; i++)
    fail_unless (wmnet_limits_take_token (l, a, t, &retry));
  fail_unless_equals_int (wmnet_limits_size (l), 0);

  wmnet_limits_set_rate (l, 2);
  fail_unless_equals_int (wmnet_limits_burst (2), WMNET_LIMITS_MIN_BURST);
  fail_unless_equals_int (wmnet_limits_burst (20.5), 21);
  for (i = 0; i < WMNET_LIMITS_MIN_BURST; i++)
    fail_unless (wmnet_limits_take_token (l, a, t, &retry));
  fail_if (wmnet_limits_take_token (l, a, t, &retry));
  fail_unless_equals_int (retry, 1);
  /* another address has its own bucket */
  fail_unless (wmnet_limits_take_token (l, b, t, &retry));
  /* half a second gives one token at 2/s */
  fail_unless (wmnet_limits_take_token (l, a, t + S / 2, &retry));
  fail_if (wmnet_limits_take_token (l, a, t + S / 2, &retry));
  /* slower rate: a longer Retry-After */
  wmnet_limits_set_rate (l, 0.1);
  fail_if (wmnet_limits_take_token (l, a, t + S / 2, &retry));
  fail_unless (retry >= 9 && retry <= 10, "%u", retry);
  /* bad values mean no limit */
  wmnet_limits_set_rate (l, -1);
  fail_unless (wmnet_limits_get_rate (l) == 0);
  wmnet_limits_set_rate (l, NAN);
  fail_unless (wmnet_limits_get_rate (l) == 0);

  g_object_unref (a);
  g_object_unref (b);
  wmnet_limits_free (l);
}

GST_END_TEST;

GST_START_TEST (test_slots)
{
  WmnetLimits *l = wmnet_limits_new ();
  GInetAddress *a = addr ("2001:db8::1"), *a2 = addr ("2001:db8::2");
  GInetAddress *other = addr ("2001:db8:0:1::1");
  gint64 t = 5 * S;

  /* counted with no limit set, refused once the limit is reached */
  fail_unless (wmnet_limits_acquire (l, a, t));
  fail_unless (wmnet_limits_acquire (l, a2, t));
  fail_unless_equals_int (wmnet_limits_count (l, a), 2);
  wmnet_limits_set_max_per_address (l, 3);
  fail_unless (wmnet_limits_acquire (l, a, t));
  /* the same /64 */
  fail_if (wmnet_limits_acquire (l, a2, t));
  /* another /64 */
  fail_unless (wmnet_limits_acquire (l, other, t));
  wmnet_limits_release (l, a, t);
  fail_unless (wmnet_limits_acquire (l, a2, t));
  wmnet_limits_release (l, a, t);
  wmnet_limits_release (l, a, t);
  wmnet_limits_release (l, a, t);
  wmnet_limits_release (l, other, t);
  /* released past zero: no underflow; empty groups leave the table */
  wmnet_limits_release (l, a, t);
  fail_unless_equals_int (wmnet_limits_count (l, a), 0);
  fail_unless_equals_int (wmnet_limits_size (l), 0);

  g_object_unref (a);
  g_object_unref (a2);
  g_object_unref (other);
  wmnet_limits_free (l);
}

GST_END_TEST;

/* A storm from many addresses: the table stays bounded, and the groups
 * whose buckets refilled are expired. */
GST_START_TEST (test_bounded)
{
  WmnetLimits *l = wmnet_limits_new ();
  guint retry, i, n = WMNET_LIMITS_MAX_GROUPS + 5000;
  gint64 t = 10 * S;

  wmnet_limits_set_rate (l, 1);
  for (i = 0; i < n; i++) {
    guint8 b[4] = { 10, i >> 16, i >> 8, i };
    GInetAddress *a = g_inet_address_new_from_bytes (b, G_SOCKET_FAMILY_IPV4);

    /* all at once: none can expire; past the bound they go untracked */
    fail_unless (wmnet_limits_take_token (l, a, t, &retry));
    g_object_unref (a);
  }
  fail_unless (wmnet_limits_size (l) <= WMNET_LIMITS_MAX_GROUPS);
  /* 10 s later every bucket is full again: the next sweep drops them */
  for (i = 0; i < 2048; i++) {
    guint8 b[4] = { 11, 0, i >> 8, i };
    GInetAddress *a = g_inet_address_new_from_bytes (b, G_SOCKET_FAMILY_IPV4);

    fail_unless (wmnet_limits_take_token (l, a, t + 10 * S, &retry));
    g_object_unref (a);
  }
  fail_unless (wmnet_limits_size (l) <= 2048, "%u", wmnet_limits_size (l));
  wmnet_limits_free (l);
}

GST_END_TEST;

/* Strict limits (a player's log reports): a group the full table cannot
 * track is refused, never let through untracked. */
GST_START_TEST (test_strict)
{
  WmnetLimits *l = wmnet_limits_new ();
  guint retry, i, refused = 0, n = WMNET_LIMITS_MAX_GROUPS + 100;
  gint64 t = 10 * S;

  wmnet_limits_set_rate (l, 1.0 / 12);
  wmnet_limits_set_strict (l, TRUE);
  for (i = 0; i < n; i++) {
    guint8 b[4] = { 10, i >> 16, i >> 8, i };
    GInetAddress *a = g_inet_address_new_from_bytes (b, G_SOCKET_FAMILY_IPV4);

    if (!wmnet_limits_take_token (l, a, t, &retry)) {
      fail_unless_equals_int (retry, 1);
      refused++;
    }
    g_object_unref (a);
  }
  fail_unless_equals_int (refused, 100);
  fail_unless (wmnet_limits_size (l) <= WMNET_LIMITS_MAX_GROUPS);
  wmnet_limits_free (l);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetlimits, 0,
    WMNET_LOOP_TEST (test_groups, G_N_ELEMENTS (group_cases)),
    WMNET_TEST (test_bucket),
    WMNET_TEST (test_slots),
    WMNET_TEST (test_bounded), WMNET_TEST (test_strict));
