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


/* wmnetnonce: the Digest nonces (RFC 7616 3.3, 3.4): ours are taken,
 * forged, garbled, empty and another server's are not, a nonce is stale
 * after its lifetime, a nonce-count is taken once and only upwards, and a
 * full table forgets the oldest without letting its nonce be replayed. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetnonce.h"
#include "wmnettestsuite.h"

#define S G_USEC_PER_SEC

GST_START_TEST (test_issue_and_forge)
{
  WmnetNonces *n = wmnet_nonces_new (60 * S, 16);
  WmnetNonces *other = wmnet_nonces_new (60 * S, 16);
  gchar *a = wmnet_nonces_issue (n, 1000), *b = wmnet_nonces_issue (n, 1000);
  gchar *theirs = wmnet_nonces_issue (other, 1000), *flipped;

  fail_unless_equals_int (strlen (a), 64);
  fail_if (g_str_equal (a, b), "two nonces issued at once are the same");
  fail_unless_equals_int (wmnet_nonces_check (n, a, 2000), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_check (n, b, 2000), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_check (n, "AAAA", 2000),
      WMNET_NONCE_INVALID);
  fail_unless_equals_int (wmnet_nonces_check (n, "", 2000),
      WMNET_NONCE_INVALID);
  fail_unless_equals_int (wmnet_nonces_check (n, NULL, 2000),
      WMNET_NONCE_INVALID);
  fail_unless_equals_int (wmnet_nonces_check (n, theirs, 2000),
      WMNET_NONCE_INVALID);
  /* a later issue time under the same MAC, and a bit of the MAC */
  flipped = g_strdup (a);
  flipped[14] = flipped[14] == '0' ? '1' : '0';
  fail_unless_equals_int (wmnet_nonces_check (n, flipped, 2000),
      WMNET_NONCE_INVALID);
  g_free (flipped);
  flipped = g_strdup (a);
  flipped[63] = flipped[63] == '0' ? '1' : '0';
  fail_unless_equals_int (wmnet_nonces_use (n, flipped, "1", 2000),
      WMNET_NONCE_INVALID);
  g_free (flipped);
  /* upper case is not how we wrote it */
  flipped = g_ascii_strup (a, -1);
  fail_unless_equals_int (wmnet_nonces_check (n, flipped, 2000),
      g_str_equal (flipped, a) ? WMNET_NONCE_OK : WMNET_NONCE_INVALID);
  g_free (flipped);

  g_free (a);
  g_free (b);
  g_free (theirs);
  wmnet_nonces_free (n);
  wmnet_nonces_free (other);
}

GST_END_TEST;

/* Nonce counts in order: which nonce (a or b), the count, the time, the
 * verdict. */
static const struct
{
  gchar nonce;
  const gchar *nc;
  gint64 now;
  WmnetNonceVerdict verdict;
} nc_steps[] = {
  {'a', "00000001", 1, WMNET_NONCE_OK},
  /* the same request again: a replay */
  {'a', "00000001", 2, WMNET_NONCE_REPLAY},
  {'a', "00000003", 3, WMNET_NONCE_OK},
  /* lower than the highest taken, and the same in other spellings */
  {'a', "00000002", 4, WMNET_NONCE_REPLAY},
  {'a', "3", 4, WMNET_NONCE_REPLAY},
  {'a', "0000000A", 5, WMNET_NONCE_OK},
  /* counts are per nonce */
  {'b', "00000001", 6, WMNET_NONCE_OK},
  /* not a count */
  {'b', "00000000", 7, WMNET_NONCE_INVALID},
  {'b', "", 7, WMNET_NONCE_INVALID},
  {'b', NULL, 7, WMNET_NONCE_INVALID},
  {'b', "-0000002", 7, WMNET_NONCE_INVALID},
  {'b', "100000000", 7, WMNET_NONCE_INVALID},
  {'b', "ffffffff", 8, WMNET_NONCE_OK},
  {'b', "ffffffff", 9, WMNET_NONCE_REPLAY},
};

GST_START_TEST (test_nonce_count)
{
  WmnetNonces *n = wmnet_nonces_new (60 * S, 16);
  gchar *a = wmnet_nonces_issue (n, 0), *b = wmnet_nonces_issue (n, 0);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (nc_steps); i++) {
    gint got = wmnet_nonces_use (n, nc_steps[i].nonce == 'a' ? a : b,
        nc_steps[i].nc, nc_steps[i].now);

    fail_unless (got == (gint) nc_steps[i].verdict,
        "step %u (nonce %c, nc '%s'): %d, not %d", i, nc_steps[i].nonce,
        GST_STR_NULL (nc_steps[i].nc), got, nc_steps[i].verdict);
  }
  g_free (a);
  g_free (b);
  wmnet_nonces_free (n);
}

GST_END_TEST;

GST_START_TEST (test_lifetime)
{
  WmnetNonces *n = wmnet_nonces_new (60 * S, 16);
  gchar *a = wmnet_nonces_issue (n, 10 * S);

  fail_unless_equals_int (wmnet_nonces_use (n, a, "1", 10 * S), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_use (n, a, "2", 70 * S - 1),
      WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_check (n, a, 70 * S), WMNET_NONCE_STALE);
  fail_unless_equals_int (wmnet_nonces_use (n, a, "3", 70 * S),
      WMNET_NONCE_STALE);
  fail_unless_equals_int (wmnet_nonces_use (n, a, "4", 1000 * S),
      WMNET_NONCE_STALE);
  g_free (a);
  wmnet_nonces_free (n);
}

GST_END_TEST;

/* A full table forgets the oldest nonce; that nonce is stale from then on,
 * never replayable, and the others keep their counts. */
GST_START_TEST (test_bounded)
{
  WmnetNonces *n = wmnet_nonces_new (60 * S, 2);
  gchar *b = wmnet_nonces_issue (n, 1 * S), *a = wmnet_nonces_issue (n, 2 * S);
  gchar *c = wmnet_nonces_issue (n, 3 * S), *d = wmnet_nonces_issue (n, 4 * S);
  gchar *e;

  fail_unless_equals_int (wmnet_nonces_use (n, a, "1", 5 * S), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_use (n, c, "1", 5 * S), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_use (n, d, "1", 5 * S), WMNET_NONCE_OK);
  /* a went: stale at any count, and so is b, issued before a... */
  fail_unless_equals_int (wmnet_nonces_use (n, a, "1", 6 * S),
      WMNET_NONCE_STALE);
  fail_unless_equals_int (wmnet_nonces_use (n, a, "2", 6 * S),
      WMNET_NONCE_STALE);
  fail_unless_equals_int (wmnet_nonces_use (n, b, "1", 6 * S),
      WMNET_NONCE_STALE);
  /* ...while c and d keep their counts */
  fail_unless_equals_int (wmnet_nonces_use (n, c, "1", 6 * S),
      WMNET_NONCE_REPLAY);
  fail_unless_equals_int (wmnet_nonces_use (n, d, "1", 6 * S),
      WMNET_NONCE_REPLAY);
  /* the expired go before the alive: at 63 s e's use drops c, not d */
  e = wmnet_nonces_issue (n, 62 * S);
  fail_unless_equals_int (wmnet_nonces_use (n, e, "1", 63 * S), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_use (n, d, "2", 63 * S), WMNET_NONCE_OK);
  fail_unless_equals_int (wmnet_nonces_use (n, e, "1", 63 * S),
      WMNET_NONCE_REPLAY);
  g_free (a);
  g_free (b);
  g_free (c);
  g_free (d);
  g_free (e);
  wmnet_nonces_free (n);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetnonce, 0,
    WMNET_TEST (test_issue_and_forge),
    WMNET_TEST (test_nonce_count),
    WMNET_TEST (test_lifetime), WMNET_TEST (test_bounded));
