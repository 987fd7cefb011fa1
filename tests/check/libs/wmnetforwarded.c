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

/* Unit tests of wmnetforwarded: X-Forwarded-For and RFC 7239 Forwarded
 * parsing (quoted IPv6 with ports, obfuscated and unknown nodes, odd
 * input), and the trusted right-most rule. Table-driven. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetforwarded.h"
#include "wmnetaccess.h"
#include "wmnettestsuite.h"

static gchar *
joined (GPtrArray * addrs, GArray * ports)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < addrs->len; i++) {
    GInetAddress *a = g_ptr_array_index (addrs, i);
    gchar *t = a ? g_inet_address_to_string (a) : g_strdup ("-");

    g_string_append_printf (s, "%s%s", i ? " " : "", t);
    if (g_array_index (ports, guint, i))
      g_string_append_printf (s, ":%u", g_array_index (ports, guint, i));
    g_free (t);
    if (a)
      g_object_unref (a);
  }
  return g_string_free (s, FALSE);
}

typedef struct
{
  gboolean forwarded;           /* RFC 7239, else X-Forwarded-For */
  const gchar *value;
  const gchar *expect;          /* entries, "-" for no address */
} ParseCase;

static const ParseCase parse_cases[] = {
  {FALSE, "192.0.2.1", "192.0.2.1"},
  {FALSE, "192.0.2.1, 10.0.0.1", "192.0.2.1 10.0.0.1"},
  {FALSE, " 2001:db8::1 ,192.0.2.1:4711", "2001:db8::1 192.0.2.1:4711"},
  {FALSE, "[2001:db8::2]:80", "2001:db8::2:80"},
  {FALSE, "::ffff:192.0.2.9", "192.0.2.9"},
  {FALSE, "unknown, 192.0.2.1", "- 192.0.2.1"},
  {FALSE, "a,,b", "- -"},
  {FALSE, "fe80::1%eth0", "-"},
  {FALSE, "", ""},
  {FALSE, NULL, ""},
  {TRUE, "for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60"},
  {TRUE, "for=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17:4711"},
  {TRUE, "For=\"_gazonk\"", "-"},
  {TRUE, "for=192.0.2.43, for=198.51.100.17", "192.0.2.43 198.51.100.17"},
  {TRUE, "for=unknown;by=x, for=\"192.0.2.1:8\"", "- 192.0.2.1:8"},
  {TRUE, "proto=https", "-"},
  {TRUE, "for=\"a,b\";by=\"x\\\"y\", for=10.0.0.1", "- 10.0.0.1"},
  {TRUE, "for=\"192.0.2.1", "-"},
  {TRUE, "garbage, for=10.0.0.2", "- 10.0.0.2"},
  {TRUE, " , ", ""},
};

GST_START_TEST (test_parse_table)
{
  const ParseCase *c = &parse_cases[__i__];
  GPtrArray *addrs = g_ptr_array_new ();
  GArray *ports = g_array_new (FALSE, TRUE, sizeof (guint));
  guint n = c->forwarded ?
      wmnet_forwarded_parse_forwarded (c->value, addrs, ports) :
      wmnet_forwarded_parse_xff (c->value, addrs, ports);
  gchar *got;

  GST_INFO ("case %u: %s '%s'", __i__, c->forwarded ? "Forwarded" :
      "X-Forwarded-For", GST_STR_NULL (c->value));
  fail_unless_equals_int (n, addrs->len);
  got = joined (addrs, ports);
  fail_unless (g_strcmp0 (got, c->expect) == 0, "case %u '%s': '%s', not '%s'",
      __i__, GST_STR_NULL (c->value), got, c->expect);
  g_free (got);
  g_ptr_array_unref (addrs);
  g_array_unref (ports);
}

GST_END_TEST;

static gboolean
trusted (gpointer user_data, GInetAddress * addr)
{
  return wmnet_access_list_matches (user_data, WMNET_ACCESS_TYPE_INCLUDE, addr);
}

typedef struct
{
  const gchar *peer;
  const gchar *forwarded;
  const gchar *xff;
  const gchar *expect;
} RuleCase;

/* trusted: 127.0.0.1, 10.0.0.0/8, 2001:db8:ffff::/48 */
static const RuleCase rule_cases[] = {
  /* an untrusted peer: its headers change nothing */
  {"192.0.2.7", NULL, "10.9.9.9", "192.0.2.7"},
  {"192.0.2.7", "for=10.9.9.9", NULL, "192.0.2.7"},
  /* trusted, no header: the proxy itself */
  {"127.0.0.1", NULL, NULL, "127.0.0.1"},
  /* the right-most entry not trusted */
  {"127.0.0.1", NULL, "198.51.100.1, 192.0.2.5", "192.0.2.5"},
  {"127.0.0.1", NULL, "198.51.100.1, 192.0.2.5, 10.1.1.1", "192.0.2.5"},
  /* a spoofed left part is never reached */
  {"127.0.0.1", NULL, "6.6.6.6, 192.0.2.5", "192.0.2.5"},
  /* X-Forwarded-For comes first: a client's own Forwarded passes nginx */
  {"127.0.0.1", "for=\"[2001:db8::9]:1\"", "192.0.2.5", "192.0.2.5"},
  {"127.0.0.1", "for=10.0.0.7", "192.0.2.5", "192.0.2.5"},
  {"127.0.0.1", "for=\"[2001:db8::9]:1\"", NULL, "2001:db8::9"},
  {"127.0.0.1", "for=\"[2001:db8::9]:1\"", "", "2001:db8::9"},
  {"127.0.0.1", "proto=http", NULL, "127.0.0.1"},
  /* no address: the walk stops at the last trusted hop */
  {"127.0.0.1", NULL, "192.0.2.5, unknown", "127.0.0.1"},
  {"127.0.0.1", NULL, "192.0.2.5, unknown, 10.0.0.3", "10.0.0.3"},
  /* all trusted: the left-most */
  {"127.0.0.1", NULL, "10.0.0.1, 10.0.0.2", "10.0.0.1"},
  {"::ffff:127.0.0.1", NULL, "192.0.2.5", "192.0.2.5"},
  {"2001:db8:ffff::1", NULL, "2001:db8:ffff::2, 2001:db8::5",
      "2001:db8::5"},
};

GST_START_TEST (test_rule_table)
{
  const RuleCase *c = &rule_cases[__i__];
  const gchar *entries[] = { "127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48",
    NULL
  };
  WmnetAccessList *list = wmnet_access_list_new ();
  GInetAddress *peer = g_inet_address_new_from_string (c->peer);
  guint port = 5555;
  GInetAddress *got;
  gchar *s;

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE,
          entries, NULL));
  got = wmnet_forwarded_client (peer, &port, c->forwarded, c->xff, trusted,
      list);
  s = g_inet_address_to_string (got);
  fail_unless (g_strcmp0 (s, c->expect) == 0,
      "case %u (peer %s, Forwarded '%s', X-Forwarded-For '%s'): %s, not %s",
      __i__, c->peer, GST_STR_NULL (c->forwarded), GST_STR_NULL (c->xff), s,
      c->expect);
  g_free (s);
  g_object_unref (got);
  g_object_unref (peer);
  wmnet_access_list_free (list);
}

GST_END_TEST;

/* An empty trusted list trusts no one; nor does a trusted list whose
 * value was refused (docs/design.md, D51), and a list emptied (a proxy
 * revoked) gives the peer back: what the server works every client's
 * address out again with. */
GST_START_TEST (test_empty_refused_or_revoked_trusts_nobody)
{
  const gchar *proxy[] = { "127.0.0.2", NULL };
  const gchar *bad[] = { "127.0.0.2", "bogus-entry", NULL };
  WmnetAccessList *list = wmnet_access_list_new ();
  GInetAddress *peer = g_inet_address_new_from_string ("127.0.0.1");
  guint port = 7;
  GInetAddress *got = wmnet_forwarded_client (peer, &port, "for=1.2.3.4",
      "1.2.3.4", trusted, list);
  gchar *s;

  /* empty */
  fail_unless (g_inet_address_equal (got, peer));
  fail_unless_equals_int (port, 7);
  g_object_unref (got);
  g_object_unref (peer);
  peer = g_inet_address_new_from_string ("127.0.0.2");

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, proxy,
          NULL));
  got = wmnet_forwarded_client (peer, &port, NULL, "192.0.2.66", trusted, list);
  s = g_inet_address_to_string (got);
  fail_unless_equals_string (s, "192.0.2.66");
  g_free (s);
  g_object_unref (got);

  /* refused: the proxy it held is not trusted any more */
  port = 7;
  fail_if (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, bad, NULL));
  got = wmnet_forwarded_client (peer, &port, "for=192.0.2.66", "192.0.2.66",
      trusted, list);
  fail_unless (g_inet_address_equal (got, peer));
  fail_unless_equals_int (port, 7);
  g_object_unref (got);

  /* revoked */
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, NULL,
          NULL));
  got = wmnet_forwarded_client (peer, &port, NULL, "192.0.2.66", trusted, list);
  fail_unless (g_inet_address_equal (got, peer));
  g_object_unref (got);

  g_object_unref (peer);
  wmnet_access_list_free (list);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetforwarded, 0,
    WMNET_LOOP_TEST (test_parse_table, G_N_ELEMENTS (parse_cases)),
    WMNET_LOOP_TEST (test_rule_table, G_N_ELEMENTS (rule_cases)),
    WMNET_TEST (test_empty_refused_or_revoked_trusts_nobody));
