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

/* Unit tests of wmnetaccess: entry parsing and canonical form, matching,
 * peer normalisation, the include/exclude rule, list editing, and the
 * lists' thread safety. Table-driven: one row per case. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "wmnetaccess.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

/* ---- parsing ------------------------------------------------------------ */

typedef struct
{
  const gchar *text;
  const gchar *canonical;       /* NULL: the entry must be refused */
  const gchar *why;             /* refused: a part of the error message */
} ParseCase;

static const ParseCase parse_cases[] = {
  /* IPv4 address alone: a /32 */
  {"10.1.2.3", "10.1.2.3/32", NULL},
  {"255.255.255.255", "255.255.255.255/32", NULL},
  {"0.0.0.0", "0.0.0.0/32", NULL},
  {"127.0.0.1", "127.0.0.1/32", NULL},
  /* whitespace around the entry is trimmed */
  {"  10.1.2.3\t", "10.1.2.3/32", NULL},
  {"\n10.0.0.0/8 ", "10.0.0.0/8", NULL},
  {" 2001:db8::/32\r\n", "2001:db8::/32", NULL},
  /* IPv4 prefixes, host bits cleared */
  {"10.0.0.0/8", "10.0.0.0/8", NULL},
  {"10.1.2.3/8", "10.0.0.0/8", NULL},
  {"10.1.2.3/32", "10.1.2.3/32", NULL},
  {"10.1.2.3/31", "10.1.2.2/31", NULL},
  {"10.1.2.3/0", "0.0.0.0/0", NULL},
  {"0.0.0.0/0", "0.0.0.0/0", NULL},
  {"192.168.1.77/24", "192.168.1.0/24", NULL},
  {"172.31.5.4/12", "172.16.0.0/12", NULL},
  {"10.255.255.255/9", "10.128.0.0/9", NULL},
  {"255.255.255.255/1", "128.0.0.0/1", NULL},
  {"10.0.0.0/08", "10.0.0.0/8", NULL},
  /* IPv4 dotted masks, as AddAccessEntryEx / WM_ADDRESS_ACCESSENTRY */
  {"206.73.118.1/255.255.255.0", "206.73.118.0/24", NULL},
  {"192.168.0.0/255.255.0.0", "192.168.0.0/16", NULL},
  {"10.1.2.3/255.0.0.0", "10.0.0.0/8", NULL},
  {"10.1.2.3/255.255.255.255", "10.1.2.3/32", NULL},
  {"10.1.2.3/0.0.0.0", "0.0.0.0/0", NULL},
  {"10.1.2.200/255.255.255.128", "10.1.2.128/25", NULL},
  {"10.1.18.3/255.255.240.0", "10.1.16.0/20", NULL},
  {"11.1.2.3/254.0.0.0", "10.0.0.0/7", NULL},
  {"10.1.2.3/128.0.0.0", "0.0.0.0/1", NULL},
  /* IPv6 address alone: a /128, in RFC 5952 form */
  {"2001:db8::7", "2001:db8::7/128", NULL},
  {"2001:DB8::7", "2001:db8::7/128", NULL},
  {"2001:0db8:0000:0000:0000:0000:0000:0007", "2001:db8::7/128", NULL},
  {"::", "::/128", NULL},
  {"::1", "::1/128", NULL},
  /* IPv6 prefixes */
  {"2001:db8::/32", "2001:db8::/32", NULL},
  {"2001:db8:1234::1/32", "2001:db8::/32", NULL},
  {"2001:db8::7/128", "2001:db8::7/128", NULL},
  {"2001:db8::3/127", "2001:db8::2/127", NULL},
  {"2001:db8::7/0", "::/0", NULL},
  {"::/0", "::/0", NULL},
  {"fe80::201:3ff:fee8:5058/64", "fe80::/64", NULL},
  {"fe80::1/10", "fe80::/10", NULL},
  {"2001:db8:abcd::/44", "2001:db8:abc0::/44", NULL},
  /* IPv6 address-form masks */
  {"fe80::/ffff:ffff:ffff:ffff::", "fe80::/64", NULL},
  {"fe80::201:3ff:fee8:5058/ffff:ffff:ffff:ffff::", "fe80::/64", NULL},
  {"2001:db8::/ffff:ffff::", "2001:db8::/32", NULL},
  {"2001:db8:abcd::/ffff:ffff:fff0::", "2001:db8:abc0::/44", NULL},
  {"2001:db8::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::1/128",
      NULL},
  {"2001:db8::1/::", "::/0", NULL},
  {"2001:db8::1/FFFF:FFFF:8000::", "2001:db8::/33", NULL},
  /* IPv4-mapped IPv6 entries become the IPv4 entry they mean */
  {"::ffff:10.1.2.3", "10.1.2.3/32", NULL},
  {"::FFFF:127.0.0.3", "127.0.0.3/32", NULL},
  {"::ffff:7f00:3/128", "127.0.0.3/32", NULL},
  {"::ffff:10.1.2.3/104", "10.0.0.0/8", NULL},
  {"::ffff:10.1.2.3/120", "10.1.2.0/24", NULL},
  {"::ffff:0:0/96", "0.0.0.0/0", NULL},
  {"::ffff:10.1.2.3/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00", "10.1.2.0/24",
      NULL},
  {"::ffff:10.1.2.3/255.255.0.0", "10.1.0.0/16", NULL},
  {"::ffff:10.1.2.3/0.0.0.0", "0.0.0.0/0", NULL},
  /* not mapped: IPv4-compatible, NAT64 */
  {"::10.1.2.3", "::10.1.2.3/128", NULL},
  {"64:ff9b::10.1.2.3/96", "64:ff9b::/96", NULL},

  /* empty */
  {"", NULL, "empty"},
  {"   ", NULL, "empty"},
  {"\t\n", NULL, "empty"},
  /* not an address */
  {"garbage", NULL, "not an IPv4 or IPv6 address"},
  {"example.com", NULL, "not an IPv4 or IPv6 address"},
  {"localhost/8", NULL, "not an IPv4 or IPv6 address"},
  {"10.1", NULL, "not an IPv4 or IPv6 address"},
  {"10.1.2", NULL, "not an IPv4 or IPv6 address"},
  {"10.1.2.3.4", NULL, "not an IPv4 or IPv6 address"},
  {"256.1.2.3", NULL, "not an IPv4 or IPv6 address"},
  {"10.1.2.-3", NULL, "not an IPv4 or IPv6 address"},
  {"0x0a.1.2.3", NULL, "not an IPv4 or IPv6 address"},
  {"10.1.2.3 /8", NULL, "not an IPv4 or IPv6 address"},
  {"10.1.2.3 8", NULL, "not an IPv4 or IPv6 address"},
  {"2001:db8::g", NULL, "not an IPv4 or IPv6 address"},
  {"2001:db8:::1", NULL, "not an IPv4 or IPv6 address"},
  {"2001:db8::1::2", NULL, "not an IPv4 or IPv6 address"},
  {"1:2:3:4:5:6:7:8:9", NULL, "not an IPv4 or IPv6 address"},
  {"fe80::1%eth0", NULL, "not an IPv4 or IPv6 address"},
  {"[2001:db8::1]", NULL, "not an IPv4 or IPv6 address"},
  /* slash misuse */
  {"/8", NULL, "no address before '/'"},
  {"10.0.0.0/", NULL, "nothing after '/'"},
  {"2001:db8::/", NULL, "nothing after '/'"},
  {"10.0.0.0/8/8", NULL, "more than one '/'"},
  {"10.0.0.0//8", NULL, "more than one '/'"},
  /* prefix out of range */
  {"10.0.0.0/33", NULL, "out of range (0 to 32 for an IPv4"},
  {"10.0.0.0/100", NULL, "out of range"},
  {"10.0.0.0/4294967304", NULL, "out of range"},
  {"10.0.0.0/99999999999999999999999", NULL, "out of range"},
  {"2001:db8::/129", NULL, "out of range (0 to 128 for an IPv6"},
  {"2001:db8::/1000", NULL, "out of range"},
  /* negative, non-numeric, trailing junk */
  {"10.0.0.0/-1", NULL, "negative"},
  {"10.0.0.0/-0", NULL, "negative"},
  {"2001:db8::/-8", NULL, "negative"},
  {"10.0.0.0/-", NULL, "not a number"},
  {"10.0.0.0/+8", NULL, "not a number"},
  {"10.0.0.0/ 8", NULL, "not a number"},
  {"10.0.0.0/x", NULL, "not a number"},
  {"10.0.0.0/eight", NULL, "not a number"},
  {"10.0.0.0/8x", NULL, "unexpected 'x'"},
  {"10.0.0.0/8 8", NULL, "unexpected ' 8'"},
  {"10.0.0.0/0x8", NULL, "unexpected 'x8'"},
  {"2001:db8::/32abc", NULL, "unexpected 'abc'"},
  /* masks that are not contiguous */
  {"192.168.0.0/255.0.255.0", NULL, "not contiguous"},
  {"192.168.0.0/0.255.255.255", NULL, "not contiguous"},
  {"192.168.0.0/255.255.255.1", NULL, "not contiguous"},
  {"192.168.0.0/255.254.255.0", NULL, "not contiguous"},
  {"fe80::/ffff::ffff", NULL, "not contiguous"},
  {"fe80::/::ffff", NULL, "not contiguous"},
  {"fe80::/ffff:ffff:7fff::", NULL, "not contiguous"},
  /* a mapped entry shorter than its ::ffff:0:0/96 part */
  {"::ffff:0:0/95", NULL, "shorter than the 96 bits of an IPv4-mapped"},
  {"::ffff:10.1.2.3/0", NULL, "write the IPv4 form, such as 0.0.0.0/0"},
  {"::ffff:10.1.2.3/ffff::", NULL, "prefix length 16 is shorter"},
  {"::ffff:10.1.2.3/255.0.255.0", NULL, "not contiguous"},
  {"::ffff:10.1.2.3/129", NULL, "out of range (0 to 128 for an IPv6"},
  /* masks of the other family */
  {"192.168.0.0/ffff:ffff::", NULL, "is IPv6 but the address is IPv4"},
  {"10.0.0.0/::ffff:255.0.0.0", NULL, "is IPv6 but the address is IPv4"},
  {"2001:db8::/255.255.0.0", NULL, "is IPv4 but the address is IPv6"},
  /* neither a prefix nor a mask */
  {"10.0.0.0/255.255.0", NULL, "neither a prefix length nor an address mask"},
  {"10.0.0.0/8.0", NULL, "neither a prefix length nor an address mask"},
  {"2001:db8::/ffff:::", NULL, "neither a prefix length nor an address mask"},
};

GST_START_TEST (test_parse_table)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
    const ParseCase *c = &parse_cases[i];
    GError *error = NULL;
    WmnetAccessEntry *entry;

    GST_LOG ("case %u: '%s'", i, c->text);
    entry = wmnet_access_entry_parse (c->text, &error);

    if (c->canonical != NULL) {
      gchar *str;

      fail_unless (entry != NULL, "case %u '%s' refused: %s", i, c->text,
          error ? error->message : "(no error)");
      fail_unless (error == NULL);
      str = wmnet_access_entry_to_string (entry);
      fail_unless (g_strcmp0 (str, c->canonical) == 0,
          "case %u '%s': got '%s', expected '%s'", i, c->text, str,
          c->canonical);
      g_free (str);
      wmnet_access_entry_free (entry);

      /* The canonical form parses back to itself. */
      entry = wmnet_access_entry_parse (c->canonical, NULL);
      fail_unless (entry != NULL, "case %u: canonical '%s' refused", i,
          c->canonical);
      str = wmnet_access_entry_to_string (entry);
      fail_unless_equals_string (str, c->canonical);
      g_free (str);
      wmnet_access_entry_free (entry);
    } else {
      gchar *quoted = g_strdup_printf ("'%s'", c->text);

      fail_unless (entry == NULL, "case %u '%s' accepted", i, c->text);
      fail_unless (error != NULL, "case %u '%s': no error set", i, c->text);
      fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
              WMNET_ACCESS_ERROR_INVALID_ENTRY), "case %u: wrong error", i);
      fail_unless (strstr (error->message, quoted) != NULL,
          "case %u: message '%s' does not name the entry %s", i,
          error->message, quoted);
      fail_unless (strstr (error->message, c->why) != NULL,
          "case %u: message '%s' does not say '%s'", i, error->message, c->why);
      g_free (quoted);
      g_clear_error (&error);

      /* No GError wanted: still refused, nothing leaks. */
      fail_unless (wmnet_access_entry_parse (c->text, NULL) == NULL);
    }
  }
}

GST_END_TEST;

GST_START_TEST (test_parse_odd_input)
{
  WmnetAccessEntry *entry;
  GError *error = NULL;
  gchar *long_text, *str;

  /* NULL is refused like an empty entry, not with a critical. */
  fail_unless (wmnet_access_entry_parse (NULL, &error) == NULL);
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_ENTRY));
  fail_unless (strstr (error->message, "empty") != NULL);
  g_clear_error (&error);

  /* Bytes that are not UTF-8 still give a UTF-8 message. */
  fail_unless (wmnet_access_entry_parse ("10.0.0.\xff/8", &error) == NULL);
  fail_unless (g_utf8_validate (error->message, -1, NULL));
  fail_unless (strstr (error->message, "10.0.0.") != NULL);
  g_clear_error (&error);

  /* A long prefix of digits neither overflows nor wraps to a valid one. */
  long_text = g_strdup_printf ("10.0.0.0/%s8", "0000000000000000000000000");
  entry = wmnet_access_entry_parse (long_text, &error);
  fail_unless (entry != NULL);
  str = wmnet_access_entry_to_string (entry);
  fail_unless_equals_string (str, "10.0.0.0/8");
  g_free (str);
  wmnet_access_entry_free (entry);
  g_free (long_text);
  long_text = g_strdup_printf ("10.0.0.0/%s", "18446744073709551624");
  fail_unless (wmnet_access_entry_parse (long_text, &error) == NULL);
  fail_unless (strstr (error->message, "out of range") != NULL);
  g_clear_error (&error);
  g_free (long_text);

  wmnet_access_entry_free (NULL);
}

GST_END_TEST;

/* ---- matching ----------------------------------------------------------- */

typedef struct
{
  const gchar *entry;
  const gchar *peer;
  gboolean matches;
} MatchCase;

static const MatchCase match_cases[] = {
  /* IPv4 prefixes */
  {"10.0.0.0/8", "10.1.2.3", TRUE},
  {"10.0.0.0/8", "10.0.0.0", TRUE},
  {"10.0.0.0/8", "10.255.255.255", TRUE},
  {"10.0.0.0/8", "11.0.0.0", FALSE},
  {"10.0.0.0/8", "9.255.255.255", FALSE},
  {"10.1.2.0/25", "10.1.2.127", TRUE},
  {"10.1.2.0/25", "10.1.2.128", FALSE},
  {"10.1.2.3/8", "10.200.0.1", TRUE},
  /* /32 and /0 */
  {"10.1.2.3", "10.1.2.3", TRUE},
  {"10.1.2.3", "10.1.2.4", FALSE},
  {"10.1.2.3/32", "10.1.2.2", FALSE},
  {"0.0.0.0/0", "1.2.3.4", TRUE},
  {"0.0.0.0/0", "0.0.0.0", TRUE},
  {"0.0.0.0/0", "255.255.255.255", TRUE},
  {"0.0.0.0/0", "::ffff:1.2.3.4", TRUE},
  {"0.0.0.0/0", "::1", FALSE},
  {"0.0.0.0/0", "2001:db8::1", FALSE},
  {"0.0.0.0/0", "::", FALSE},
  /* dotted masks */
  {"206.73.118.1/255.255.255.0", "206.73.118.200", TRUE},
  {"206.73.118.1/255.255.255.0", "206.73.118.0", TRUE},
  {"206.73.118.1/255.255.255.0", "206.73.119.1", FALSE},
  {"192.168.0.0/255.255.0.0", "192.168.254.1", TRUE},
  {"192.168.0.0/255.255.0.0", "192.169.0.1", FALSE},
  /* IPv4-mapped peers are matched as IPv4 */
  {"10.0.0.0/8", "::ffff:10.1.2.3", TRUE},
  {"10.0.0.0/8", "::ffff:11.1.2.3", FALSE},
  {"10.1.2.3/32", "::ffff:10.1.2.3", TRUE},
  {"10.1.2.3/32", "::FFFF:0a01:0203", TRUE},
  /* IPv4-compatible and NAT64 peers are plain IPv6 */
  {"10.0.0.0/8", "::10.1.2.3", FALSE},
  {"10.0.0.0/8", "64:ff9b::10.1.2.3", FALSE},
  /* IPv4 entries never match IPv6 peers and vice versa */
  {"10.0.0.0/8", "2001:db8::1", FALSE},
  {"127.0.0.1", "::1", FALSE},
  {"::1", "127.0.0.1", FALSE},
  {"::/0", "10.1.2.3", FALSE},
  {"::/0", "::ffff:10.1.2.3", FALSE},
  /* IPv6 prefixes, /128 and /0 */
  {"::/0", "2001:db8::1", TRUE},
  {"::/0", "::", TRUE},
  {"::1", "::1", TRUE},
  {"2001:db8::/32", "2001:db8:ffff::1", TRUE},
  {"2001:db8::/32", "2001:db9::1", FALSE},
  {"2001:db8::7", "2001:db8::7", TRUE},
  {"2001:db8::7", "2001:db8::8", FALSE},
  {"2001:db8::7/128", "2001:db8::6", FALSE},
  {"2001:db8::/127", "2001:db8::1", TRUE},
  {"2001:db8::/127", "2001:db8::2", FALSE},
  {"fe80::/10", "febf::1", TRUE},
  {"fe80::/10", "fec0::1", FALSE},
  /* IPv6 masks */
  {"fe80::/ffff:ffff:ffff:ffff::", "fe80::201:3ff:fee8:5058", TRUE},
  {"fe80::/ffff:ffff:ffff:ffff::", "fe80:0:0:1::1", FALSE},
  /* IPv4-mapped entries are IPv4 entries, as mapped peers are IPv4 peers */
  {"::ffff:10.1.2.3", "::ffff:10.1.2.3", TRUE},
  {"::ffff:10.1.2.3", "10.1.2.3", TRUE},
  {"::ffff:10.1.2.3", "10.1.2.4", FALSE},
  {"::ffff:0:0/96", "10.1.2.3", TRUE},
  {"::ffff:0:0/96", "::ffff:10.1.2.3", TRUE},
  {"::ffff:0:0/96", "2001:db8::1", FALSE},
  {"::ffff:0:0/96", "::1", FALSE},
};

GST_START_TEST (test_match_table)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (match_cases); i++) {
    const MatchCase *c = &match_cases[i];
    WmnetAccessEntry *entry = wmnet_access_entry_parse (c->entry, NULL);
    GInetAddress *peer = g_inet_address_new_from_string (c->peer);

    fail_unless (entry != NULL, "case %u: entry '%s'", i, c->entry);
    fail_unless (peer != NULL, "case %u: peer '%s'", i, c->peer);
    fail_unless (wmnet_access_entry_matches (entry, peer) == c->matches,
        "case %u: '%s' %s '%s'", i, c->entry,
        c->matches ? "should match" : "should not match", c->peer);
    g_object_unref (peer);
    wmnet_access_entry_free (entry);
  }
}

GST_END_TEST;

typedef struct
{
  const gchar *addr;
  const gchar *normalized;
  GSocketFamily family;
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  {"10.1.2.3", "10.1.2.3", G_SOCKET_FAMILY_IPV4},
  {"::ffff:10.1.2.3", "10.1.2.3", G_SOCKET_FAMILY_IPV4},
  {"::ffff:0.0.0.0", "0.0.0.0", G_SOCKET_FAMILY_IPV4},
  {"::ffff:255.255.255.255", "255.255.255.255", G_SOCKET_FAMILY_IPV4},
  {"::ffff:7f00:1", "127.0.0.1", G_SOCKET_FAMILY_IPV4},
  {"::1", "::1", G_SOCKET_FAMILY_IPV6},
  {"::", "::", G_SOCKET_FAMILY_IPV6},
  {"::10.1.2.3", "::10.1.2.3", G_SOCKET_FAMILY_IPV6},
  {"::fffe:10.1.2.3", "::fffe:a01:203", G_SOCKET_FAMILY_IPV6},
  {"::1:ffff:10.1.2.3", "::1:ffff:a01:203", G_SOCKET_FAMILY_IPV6},
  {"64:ff9b::10.1.2.3", "64:ff9b::a01:203", G_SOCKET_FAMILY_IPV6},
  {"2001:db8::1", "2001:db8::1", G_SOCKET_FAMILY_IPV6},
};

GST_START_TEST (test_normalize_table)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (normalize_cases); i++) {
    const NormalizeCase *c = &normalize_cases[i];
    GInetAddress *addr = g_inet_address_new_from_string (c->addr);
    GInetAddress *norm;
    gchar *str;

    fail_unless (addr != NULL, "case %u: '%s'", i, c->addr);
    norm = wmnet_inet_address_normalize (addr);
    str = g_inet_address_to_string (norm);
    fail_unless (g_strcmp0 (str, c->normalized) == 0,
        "case %u '%s': got '%s', expected '%s'", i, c->addr, str,
        c->normalized);
    fail_unless_equals_int (g_inet_address_get_family (norm), c->family);
    /* A new reference either way: the caller always unrefs. */
    if (g_inet_address_get_family (addr) == c->family)
      fail_unless (norm == addr);
    g_free (str);
    g_object_unref (norm);
    g_object_unref (addr);
  }
}

GST_END_TEST;

/* ---- the rule ----------------------------------------------------------- */

typedef struct
{
  const gchar *include[4];
  const gchar *exclude[4];
  const gchar *peer;
  gboolean admitted;
} RuleCase;

static const RuleCase rule_cases[] = {
  /* empty lists admit everybody */
  {{NULL}, {NULL}, "10.1.2.3", TRUE},
  {{NULL}, {NULL}, "2001:db8::1", TRUE},
  {{NULL}, {NULL}, "::ffff:10.1.2.3", TRUE},
  {{NULL}, {NULL}, "::", TRUE},
  /* include only: must match */
  {{"10.0.0.0/8", NULL}, {NULL}, "10.1.2.3", TRUE},
  {{"10.0.0.0/8", NULL}, {NULL}, "11.1.2.3", FALSE},
  {{"10.0.0.0/8", NULL}, {NULL}, "::ffff:10.1.2.3", TRUE},
  {{"10.0.0.0/8", NULL}, {NULL}, "::ffff:11.1.2.3", FALSE},
  /* an IPv4-only include list refuses every IPv6 client */
  {{"10.0.0.0/8", NULL}, {NULL}, "2001:db8::1", FALSE},
  {{"0.0.0.0/0", NULL}, {NULL}, "1.2.3.4", TRUE},
  {{"0.0.0.0/0", NULL}, {NULL}, "::1", FALSE},
  {{"::/0", NULL}, {NULL}, "1.2.3.4", FALSE},
  {{"::/0", NULL}, {NULL}, "::1", TRUE},
  /* include of both families */
  {{"10.0.0.0/8", "2001:db8::/32", NULL}, {NULL}, "2001:db8::1", TRUE},
  {{"10.0.0.0/8", "2001:db8::/32", NULL}, {NULL}, "2001:db9::1", FALSE},
  {{"10.0.0.0/8", "2001:db8::/32", NULL}, {NULL}, "10.9.9.9", TRUE},
  /* exclude only: everybody else is admitted */
  {{NULL}, {"10.0.0.0/8", NULL}, "10.1.2.3", FALSE},
  {{NULL}, {"10.0.0.0/8", NULL}, "::ffff:10.9.9.9", FALSE},
  {{NULL}, {"10.0.0.0/8", NULL}, "11.1.2.3", TRUE},
  {{NULL}, {"10.0.0.0/8", NULL}, "2001:db8::1", TRUE},
  {{NULL}, {"0.0.0.0/0", NULL}, "1.2.3.4", FALSE},
  {{NULL}, {"0.0.0.0/0", NULL}, "::ffff:1.2.3.4", FALSE},
  {{NULL}, {"0.0.0.0/0", NULL}, "2001:db8::1", TRUE},
  {{NULL}, {"::/0", NULL}, "1.2.3.4", TRUE},
  {{NULL}, {"::/0", NULL}, "::ffff:1.2.3.4", TRUE},
  {{NULL}, {"::/0", NULL}, "::1", FALSE},
  /* exclude wins over include */
  {{"10.0.0.0/8", NULL}, {"10.1.0.0/16", NULL}, "10.1.2.3", FALSE},
  {{"10.0.0.0/8", NULL}, {"10.1.0.0/16", NULL}, "10.2.0.1", TRUE},
  {{"10.0.0.0/8", NULL}, {"10.1.0.0/16", NULL}, "11.0.0.1", FALSE},
  {{"10.1.2.3", NULL}, {"10.1.2.3", NULL}, "10.1.2.3", FALSE},
  {{"::/0", "0.0.0.0/0", NULL}, {"::/0", "0.0.0.0/0", NULL}, "10.1.2.3",
      FALSE},
  /* mixed lists, dotted and IPv6 masks */
  {{"192.168.0.0/255.255.0.0", "fe80::/ffff:ffff:ffff:ffff::", NULL},
      {"192.168.13.0/24", "fe80::bad/128", NULL}, "192.168.1.1", TRUE},
  {{"192.168.0.0/255.255.0.0", "fe80::/ffff:ffff:ffff:ffff::", NULL},
      {"192.168.13.0/24", "fe80::bad/128", NULL}, "192.168.13.7", FALSE},
  {{"192.168.0.0/255.255.0.0", "fe80::/ffff:ffff:ffff:ffff::", NULL},
      {"192.168.13.0/24", "fe80::bad/128", NULL}, "fe80::1", TRUE},
  {{"192.168.0.0/255.255.0.0", "fe80::/ffff:ffff:ffff:ffff::", NULL},
      {"192.168.13.0/24", "fe80::bad/128", NULL}, "fe80::bad", FALSE},
  {{"192.168.0.0/255.255.0.0", "fe80::/ffff:ffff:ffff:ffff::", NULL},
      {"192.168.13.0/24", "fe80::bad/128", NULL}, "10.0.0.1", FALSE},
  /* mapped entries act as their IPv4 form */
  {{"::ffff:10.0.0.0/104", NULL}, {NULL}, "10.1.2.3", TRUE},
  {{"::ffff:10.0.0.0/104", NULL}, {NULL}, "::ffff:10.1.2.3", TRUE},
  {{"::ffff:10.0.0.0/104", NULL}, {NULL}, "11.1.2.3", FALSE},
  {{NULL}, {"::ffff:127.0.0.3", NULL}, "127.0.0.3", FALSE},
  {{NULL}, {"::ffff:127.0.0.3", NULL}, "::ffff:127.0.0.3", FALSE},
  {{NULL}, {"::ffff:127.0.0.3", NULL}, "127.0.0.4", TRUE},
};

GST_START_TEST (test_rule_table)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rule_cases); i++) {
    const RuleCase *c = &rule_cases[i];
    WmnetAccessList *list = wmnet_access_list_new ();
    GInetAddress *peer = g_inet_address_new_from_string (c->peer);
    GError *error = NULL;

    fail_unless (peer != NULL);
    fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE,
            c->include, &error), "case %u: %s", i, error ? error->message : "");
    fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
            c->exclude, &error), "case %u: %s", i, error ? error->message : "");
    fail_unless (wmnet_access_list_check (list, peer) == c->admitted,
        "case %u: '%s' should be %s", i, c->peer,
        c->admitted ? "admitted" : "refused");

    g_object_unref (peer);
    wmnet_access_list_free (list);
  }
}

GST_END_TEST;

/* ---- editing the lists -------------------------------------------------- */

static void
assert_list (WmnetAccessList * list, WmnetAccessType type,
    const gchar * const *expected)
{
  gchar **got = wmnet_access_list_get (list, type);
  gchar *got_str = g_strjoinv (", ", got);
  gchar *exp_str = g_strjoinv (", ", (gchar **) expected);

  fail_unless (g_strv_equal ((const gchar * const *) got, expected),
      "list is [%s], expected [%s]", got_str, exp_str);
  g_free (got_str);
  g_free (exp_str);
  g_strfreev (got);
}

static gboolean
check_str (WmnetAccessList * list, const gchar * peer_str)
{
  GInetAddress *peer = g_inet_address_new_from_string (peer_str);
  gboolean ret = wmnet_access_list_check (list, peer);

  g_object_unref (peer);
  return ret;
}

GST_START_TEST (test_enum_and_quark)
{
  GEnumClass *klass;
  GEnumValue *v;

  fail_unless_equals_int (WMNET_ACCESS_TYPE_INCLUDE, 'i');
  fail_unless_equals_int (WMNET_ACCESS_TYPE_EXCLUDE, 'e');
  fail_unless (G_TYPE_IS_ENUM (WMNET_TYPE_ACCESS_TYPE));
  fail_unless_equals_string (g_type_name (WMNET_TYPE_ACCESS_TYPE),
      "GstWmnetAccessType");
  fail_unless (wmnet_access_type_get_type () == WMNET_TYPE_ACCESS_TYPE);

  klass = g_type_class_ref (WMNET_TYPE_ACCESS_TYPE);
  fail_unless_equals_int (klass->n_values, 2);
  v = g_enum_get_value_by_nick (klass, "include");
  fail_unless (v != NULL && v->value == WMNET_ACCESS_TYPE_INCLUDE);
  fail_unless_equals_string (v->value_name, "WM_AETYPE_INCLUDE");
  v = g_enum_get_value_by_nick (klass, "exclude");
  fail_unless (v != NULL && v->value == WMNET_ACCESS_TYPE_EXCLUDE);
  fail_unless_equals_string (v->value_name, "WM_AETYPE_EXCLUDE");
  v = g_enum_get_value (klass, 0x69);
  fail_unless_equals_string (v->value_nick, "include");
  g_type_class_unref (klass);

  fail_unless_equals_string (g_quark_to_string (WMNET_ACCESS_ERROR),
      "wmnet-access-error-quark");
}

GST_END_TEST;

GST_START_TEST (test_set_get)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  const gchar *in[] = { " 10.1.2.3/8", "2001:db8::7", "192.168.0.0/255.255.0.0",
    "fe80::1/ffff:ffff:ffff:ffff::", NULL
  };
  const gchar *in_canon[] = { "10.0.0.0/8", "2001:db8::7/128",
    "192.168.0.0/16", "fe80::/64", NULL
  };
  const gchar *ex[] = { "10.1.2.3", NULL };
  const gchar *ex_canon[] = { "10.1.2.3/32", NULL };
  const gchar *none[] = { NULL };

  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, none);
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);

  /* two entries with host bits, one warning each */
  ASSERT_WARNING (fail_unless (wmnet_access_list_set (list,
              WMNET_ACCESS_TYPE_INCLUDE, in, NULL)));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, in_canon);
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, ex,
          NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, in_canon);
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, ex_canon);
  fail_if (check_str (list, "10.1.2.3"));
  fail_unless (check_str (list, "10.1.2.4"));


  /* An empty array and NULL both clear. */
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, none,
          NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, none);
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, NULL,
          NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);
  fail_unless (check_str (list, "10.1.2.3"));

  wmnet_access_list_free (list);
  wmnet_access_list_free (NULL);
}

GST_END_TEST;

/* Host bits beyond the prefix: accepted as the network they mean, with one
 * warning naming the entry and that network, since "172.17.0.0/12" may be
 * a typo for a /16. A network written as such warns nothing. */
GST_START_TEST (test_host_bits_warn)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter =
      wmnet_test_catch_warnings ("^access entry ", caught);

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE,
          (const gchar *[]) {
            "172.17.0.0/12", "10.0.0.0/8", "127.0.0.1", "2001:db8::/32", NULL
          }, NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "172.16.0.0/12", "10.0.0.0/8", "127.0.0.1/32", "2001:db8::/32", NULL
      });
  fail_unless_equals_int (caught->len, 1);
  fail_unless (strstr (g_ptr_array_index (caught, 0), "'172.17.0.0/12'")
      && strstr (g_ptr_array_index (caught, 0), "172.16.0.0/12 "), "%s",
      (gchar *) g_ptr_array_index (caught, 0));

  /* add too, in mask form and IPv6 */
  fail_unless (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_EXCLUDE,
          "2001:db8::1/ffff:ffff::", NULL));
  fail_unless_equals_int (caught->len, 2);
  fail_unless (strstr (g_ptr_array_index (caught, 1),
          "'2001:db8::1/ffff:ffff::'")
      && strstr (g_ptr_array_index (caught, 1), "2001:db8::/32 "), "%s",
      (gchar *) g_ptr_array_index (caught, 1));

  gst_check_remove_log_filter (filter);
  g_ptr_array_unref (caught);
  wmnet_access_list_free (list);
}

GST_END_TEST;

/* set drops an entry equal to an earlier one, whatever its form; add, an
 * index-based call, appends it. */
GST_START_TEST (test_set_drops_duplicates)
{
  WmnetAccessList *list = wmnet_access_list_new ();

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
          (const gchar *[]) {
            "10.1.2.3", "10.0.0.0/8", "10.1.2.3/32", " 10.1.2.3 ",
            "10.0.0.0/255.0.0.0", "::ffff:10.1.2.3", "2001:db8::/32",
            "2001:db8::/32", NULL
          }, NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, (const gchar *[]) {
        "10.1.2.3/32", "10.0.0.0/8", "2001:db8::/32", NULL
      });
  /* a different prefix is another entry */
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE,
          (const gchar *[]) {
            "10.0.0.0/8", "10.0.0.0/16", NULL
          }, NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "10.0.0.0/16", NULL
      });
  fail_unless (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_INCLUDE,
          "10.0.0.0/8", NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/8", NULL
      });
  wmnet_access_list_free (list);
}

GST_END_TEST;

GST_START_TEST (test_set_all_or_nothing)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  const gchar *good[] = { "10.0.0.0/8", "2001:db8::/32", NULL };
  const gchar *good_canon[] = { "10.0.0.0/8", "2001:db8::/32", NULL };
  const gchar *other[] = { "172.16.0.0/12", NULL };
  const gchar *bad_middle[] = { "1.2.3.4", "1.2.3.4/33", "5.6.7.8", NULL };
  const gchar *bad_last[] = { "1.2.3.4", "5.6.7.8", "", NULL };
  const gchar *bad_first[] = { "nope", "5.6.7.8", NULL };
  GError *error = NULL;

  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, good,
          NULL));
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, other,
          NULL));

  fail_if (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE,
          bad_middle, &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_ENTRY));
  fail_unless (strstr (error->message, "'1.2.3.4/33'") != NULL,
      "message: %s", error->message);
  g_clear_error (&error);
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, good_canon);

  fail_if (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, bad_last,
          &error));
  fail_unless (strstr (error->message, "''") != NULL);
  g_clear_error (&error);
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, good_canon);

  fail_if (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, bad_first,
          &error));
  fail_unless (strstr (error->message, "'nope'") != NULL);
  g_clear_error (&error);
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, (const gchar *[]) {
        "172.16.0.0/12", NULL
      });

  /* what the lists hold is kept (they are closed: test_refused_set_closes) */
  wmnet_access_list_free (list);
}

GST_END_TEST;

/* A refused set leaves the lists closed, never open (docs/design.md, D50):
 * every peer is refused, the ones the old lists admitted and, with an
 * empty old list (the start), everyone, until a set of the refused type
 * succeeds; a bad add or remove closes nothing and reopens nothing. */
GST_START_TEST (test_refused_set_closes)
{
  const gchar *bogus[] = { "127.0.0.2", "bogus-entry", "10.0.0.0/8", NULL };
  const gchar *cidr[] = { "127.0.0.1", "10.0.0.0/33", NULL };
  const gchar *good[] = { "10.0.0.0/8", NULL };
  WmnetAccessType types[] = { WMNET_ACCESS_TYPE_INCLUDE,
    WMNET_ACCESS_TYPE_EXCLUDE
  };
  guint t;

  for (t = 0; t < G_N_ELEMENTS (types); t++) {
    WmnetAccessList *list = wmnet_access_list_new ();
    WmnetAccessType other = types[1 - t];
    GInetAddress *ten = g_inet_address_new_from_string ("10.1.2.3");

    /* at the start: the empty lists admitted everybody */
    fail_unless (check_str (list, "127.0.0.2"));
    fail_if (wmnet_access_list_set (list, types[t], bogus, NULL));
    fail_if (check_str (list, "127.0.0.2"), "type %u: open after a bad set", t);
    fail_if (check_str (list, "10.1.2.3"));
    fail_if (check_str (list, "::1"));
    fail_if (check_str (list, "::ffff:127.0.0.1"));
    /* a closed list matches nobody either (trusted-proxies: trusts none) */
    fail_unless (wmnet_access_list_add (list, types[t], "10.0.0.0/8", NULL));
    fail_if (wmnet_access_list_matches (list, types[t], ten));

    /* adding, removing, setting the other list: still closed */
    fail_if (wmnet_access_list_add (list, types[t], "10.0.0.0/33", NULL));
    fail_unless (wmnet_access_list_remove (list, types[t], 0, NULL));
    fail_unless (wmnet_access_list_set (list, other, NULL, NULL));
    fail_if (check_str (list, "127.0.0.2"));

    /* a valid list of the refused type opens it */
    fail_unless (wmnet_access_list_set (list, types[t], good, NULL));
    fail_unless (check_str (list, "10.1.2.3") ==
        (types[t] == WMNET_ACCESS_TYPE_INCLUDE));
    fail_unless (check_str (list, "127.0.0.2") ==
        (types[t] == WMNET_ACCESS_TYPE_EXCLUDE));
    fail_unless (wmnet_access_list_matches (list, types[t], ten));

    /* one bad CIDR closes a list that was set before */
    fail_if (wmnet_access_list_set (list, types[t], cidr, NULL));
    fail_if (check_str (list, "10.1.2.3"));
    fail_if (check_str (list, "127.0.0.2"));
    /* either list refused keeps it closed: both must be fixed */
    fail_if (wmnet_access_list_set (list, other, cidr, NULL));
    fail_unless (wmnet_access_list_set (list, types[t], NULL, NULL));
    fail_if (check_str (list, "127.0.0.2"));
    fail_unless (wmnet_access_list_set (list, other, NULL, NULL));
    fail_unless (check_str (list, "127.0.0.2"));

    g_object_unref (ten);
    wmnet_access_list_free (list);
  }
}

GST_END_TEST;

/* What the server reports: CLOSED (reason access-config) apart from
 * DENIED (access-denied). */
GST_START_TEST (test_refused_set_verdict)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  GInetAddress *a = g_inet_address_new_from_string ("10.1.2.3");
  GInetAddress *b = g_inet_address_new_from_string ("192.0.2.1");
  const gchar *ten[] = { "10.0.0.0/8", NULL };
  const gchar *bad[] = { "10.0.0.0/33", NULL };
  GValue arr = G_VALUE_INIT, not_string = G_VALUE_INIT;

  fail_if (wmnet_access_list_is_closed (list));
  fail_if (wmnet_access_list_is_closed (NULL));
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_INCLUDE, ten,
          NULL));
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_ADMITTED);
  fail_unless_equals_int (wmnet_access_list_judge (list, b),
      WMNET_ACCESS_DENIED);
  fail_if (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, bad, NULL));
  fail_unless (wmnet_access_list_is_closed (list));
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_CLOSED);
  fail_unless_equals_int (wmnet_access_list_judge (list, b),
      WMNET_ACCESS_CLOSED);
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE, NULL,
          NULL));
  fail_if (wmnet_access_list_is_closed (list));

  /* a property value holding something else than a string closes too */
  g_value_init (&arr, GST_TYPE_ARRAY);
  g_value_init (&not_string, G_TYPE_INT);
  gst_value_array_append_and_take_value (&arr, &not_string);
  fail_if (wmnet_access_list_set_array (list, WMNET_ACCESS_TYPE_INCLUDE, &arr,
          NULL));
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_CLOSED);
  g_value_unset (&arr);

  g_object_unref (a);
  g_object_unref (b);
  wmnet_access_list_free (list);
}

GST_END_TEST;

/* The property values' two forms (docs/design.md D80): a G_TYPE_STRV and
 * a GstValueArray set the same list, read back the same, and a bad entry
 * in either is refused whole and closes the list. */
GST_START_TEST (test_set_value_forms)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  GInetAddress *a = g_inet_address_new_from_string ("10.1.2.3");
  const gchar *ten[] = { " 10.0.0.0/8", "2001:db8::7", NULL };
  const gchar *bad[] = { "10.0.0.0/8", "10.0.0.0/33", NULL };
  GValue strv = G_VALUE_INIT, arr = G_VALUE_INIT;
  gchar **got;

  g_value_init (&strv, G_TYPE_STRV);
  g_value_set_boxed (&strv, ten);
  fail_unless (wmnet_access_list_set_value (list, WMNET_ACCESS_TYPE_INCLUDE,
          &strv, NULL));
  g_value_unset (&strv);
  g_value_init (&arr, GST_TYPE_ARRAY);
  wmnet_access_list_get_value (list, WMNET_ACCESS_TYPE_INCLUDE, &arr);
  fail_unless_equals_int (gst_value_array_get_size (&arr), 2);
  fail_unless_equals_string (g_value_get_string (gst_value_array_get_value
          (&arr, 1)), "2001:db8::7/128");
  /* the array form into the exclude list, read as a string array */
  fail_unless (wmnet_access_list_set_value (list, WMNET_ACCESS_TYPE_EXCLUDE,
          &arr, NULL));
  g_value_unset (&arr);
  g_value_init (&strv, G_TYPE_STRV);
  wmnet_access_list_get_value (list, WMNET_ACCESS_TYPE_EXCLUDE, &strv);
  got = g_value_get_boxed (&strv);
  fail_unless_equals_int (g_strv_length (got), 2);
  fail_unless_equals_string (got[0], "10.0.0.0/8");
  g_value_unset (&strv);
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_DENIED);

  /* NULL clears; a bad entry is refused whole and closes */
  g_value_init (&strv, G_TYPE_STRV);
  fail_unless (wmnet_access_list_set_value (list, WMNET_ACCESS_TYPE_EXCLUDE,
          &strv, NULL));
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_ADMITTED);
  g_value_set_boxed (&strv, bad);
  fail_if (wmnet_access_list_set_value (list, WMNET_ACCESS_TYPE_EXCLUDE,
          &strv, NULL));
  fail_unless_equals_int (wmnet_access_list_judge (list, a),
      WMNET_ACCESS_CLOSED);
  g_value_set_boxed (&strv, NULL);
  wmnet_access_list_get_value (list, WMNET_ACCESS_TYPE_EXCLUDE, &strv);
  fail_unless_equals_int (g_strv_length (g_value_get_boxed (&strv)), 0);
  g_value_unset (&strv);

  g_object_unref (a);
  wmnet_access_list_free (list);
}

GST_END_TEST;

GST_START_TEST (test_add_remove)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  const gchar *none[] = { NULL };
  GError *error = NULL;

  fail_unless (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_INCLUDE,
          "10.0.0.0/8", NULL));
  ASSERT_WARNING (fail_unless (wmnet_access_list_add (list,
              WMNET_ACCESS_TYPE_INCLUDE, "2001:db8::1/ffff:ffff::", NULL)));
  ASSERT_WARNING (fail_unless (wmnet_access_list_add (list,
              WMNET_ACCESS_TYPE_INCLUDE, "192.168.7.7/255.255.255.0", NULL)));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "2001:db8::/32", "192.168.7.0/24", NULL
      });
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);

  /* A bad entry is refused and changes nothing. */
  fail_if (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_INCLUDE,
          "192.168.0.0/255.0.255.0", &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_ENTRY));
  fail_unless (strstr (error->message, "'192.168.0.0/255.0.255.0'") != NULL);
  fail_unless (strstr (error->message, "not contiguous") != NULL);
  g_clear_error (&error);
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "2001:db8::/32", "192.168.7.0/24", NULL
      });

  /* Indices are zero-based; removal shifts the rest down. */
  fail_unless (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_INCLUDE, 1,
          &error));
  fail_unless (error == NULL);
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "192.168.7.0/24", NULL
      });

  /* Past the end: FALSE and INVALID_INDEX, list unchanged. */
  fail_if (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_INCLUDE, 2,
          &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_INDEX));
  fail_unless (strstr (error->message, "include") != NULL);
  g_clear_error (&error);
  fail_if (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_INCLUDE,
          G_MAXUINT, NULL));
  fail_if (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_EXCLUDE, 0,
          &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_INDEX));
  fail_unless (strstr (error->message, "exclude") != NULL);
  g_clear_error (&error);
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, (const gchar *[]) {
        "10.0.0.0/8", "192.168.7.0/24", NULL
      });

  /* The two lists are separate. */
  fail_unless (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_EXCLUDE,
          "10.1.0.0/16", NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, (const gchar *[]) {
        "10.1.0.0/16", NULL
      });
  fail_unless (check_str (list, "10.2.0.1"));
  fail_if (check_str (list, "10.1.0.1"));
  fail_if (check_str (list, "2001:db8::1"));

  /* Remove the last, then the first: the include list is empty again and
   * admits everyone but the excluded. */
  fail_unless (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_INCLUDE, 1,
          NULL));
  fail_unless (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_INCLUDE, 0,
          NULL));
  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, none);
  fail_unless (check_str (list, "2001:db8::1"));
  fail_unless (check_str (list, "8.8.8.8"));
  fail_if (check_str (list, "::ffff:10.1.0.1"));
  fail_unless (wmnet_access_list_remove (list, WMNET_ACCESS_TYPE_EXCLUDE, 0,
          NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);
  fail_unless (check_str (list, "10.1.0.1"));

  wmnet_access_list_free (list);
}

GST_END_TEST;

/* An administrator who excludes "::ffff:127.0.0.3" means 127.0.0.3: the
 * entry excludes it and reads back in its IPv4 form. */
GST_START_TEST (test_mapped_entry_excludes)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  GError *error = NULL;

  fail_unless (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_EXCLUDE,
          "::ffff:127.0.0.3", NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, (const gchar *[]) {
        "127.0.0.3/32", NULL
      });
  fail_if (check_str (list, "127.0.0.3"));
  fail_if (check_str (list, "::ffff:127.0.0.3"));
  fail_unless (check_str (list, "127.0.0.2"));

  fail_if (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_EXCLUDE,
          "::ffff:0:0/64", &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_ENTRY));
  fail_unless (strstr (error->message, "'::ffff:0:0/64'") != NULL, "%s",
      error->message);
  g_clear_error (&error);

  /* ::/0 is IPv6 peers only; 0.0.0.0/0 is every IPv4 peer */
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
          (const gchar *[]) { "::/0", NULL }, NULL));
  fail_unless (check_str (list, "::ffff:127.0.0.3"));
  fail_if (check_str (list, "::1"));
  fail_unless (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
          (const gchar *[]) { "::ffff:0.0.0.0/96", NULL }, NULL));
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, (const gchar *[]) {
        "0.0.0.0/0", NULL
      });
  fail_if (check_str (list, "::ffff:127.0.0.3"));
  fail_unless (check_str (list, "::1"));

  wmnet_access_list_free (list);
}

GST_END_TEST;

/* The type of an action signal is any integer the application passed: a
 * wrong one is a GError naming it, not a critical. */
GST_START_TEST (test_bad_type)
{
  WmnetAccessList *list = wmnet_access_list_new ();
  const gchar *entries[] = { "10.0.0.0/8", NULL };
  const gchar *none[] = { NULL };
  GError *error = NULL;

  fail_if (wmnet_access_list_add (list, 7, "10.0.0.0/8", &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_TYPE));
  fail_unless_equals_string (error->message,
      "7 is not a GstWmnetAccessType (0x69 include, 0x65 exclude)");
  g_clear_error (&error);
  fail_if (wmnet_access_list_add (list, 7, "10.0.0.0/8", NULL));

  fail_if (wmnet_access_list_remove (list, 0, 0, &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_TYPE));
  fail_unless (strstr (error->message,
          "0 is not a GstWmnetAccessType") != NULL);
  g_clear_error (&error);
  fail_if (wmnet_access_list_remove (list, -1, 0, NULL));

  fail_if (wmnet_access_list_set (list, 0x66, entries, &error));
  fail_unless (g_error_matches (error, WMNET_ACCESS_ERROR,
          WMNET_ACCESS_ERROR_INVALID_TYPE));
  fail_unless (strstr (error->message, "102 is not") != NULL);
  g_clear_error (&error);

  assert_list (list, WMNET_ACCESS_TYPE_INCLUDE, none);
  assert_list (list, WMNET_ACCESS_TYPE_EXCLUDE, none);
  wmnet_access_list_free (list);
}

GST_END_TEST;

/* ---- threads ------------------------------------------------------------ */

/* Two include lists and two exclude lists; in every combination P admits
 * and Q refuses. A reader seeing a half-replaced or momentarily empty list
 * would admit some Q (an empty exclude list admits 10.9.9.9 under
 * INCLUDE_A; an empty include list admits 8.8.8.8). */
static const gchar *include_a[] = { "10.0.0.0/8", "2001:db8::/32", NULL };

static const gchar *include_a_canon[] = { "10.0.0.0/8", "2001:db8::/32",
  NULL
};

static const gchar *include_b[] = { "10.1.0.0/16", "192.168.0.0/16",
  "2001:db8:1::/48", NULL
};

static const gchar *include_b_canon[] = { "10.1.0.0/16", "192.168.0.0/16",
  "2001:db8:1::/48", NULL
};
static const gchar *exclude_a[] = { "10.9.0.0/16", "2001:db8:2::/48", NULL };

static const gchar *exclude_b[] = { "10.9.9.0/24", "172.16.0.0/12",
  "2001:db8:2::1", NULL
};

static const gchar *admitted_peers[] = { "10.1.2.3", "::ffff:10.1.2.3",
  "2001:db8:1::5", NULL
};

static const gchar *refused_peers[] = { "10.9.9.9", "::ffff:10.9.9.9",
  "2001:db8:2::1", "8.8.8.8", "2001:db9::1", NULL
};

#define WRITER_ROUNDS 3000

typedef struct
{
  WmnetAccessList *list;
  gint writers_left;
  gint failures;
  gint checks;
} ThreadState;

static gpointer
include_writer (gpointer data)
{
  ThreadState *s = data;
  guint i;

  for (i = 0; i < WRITER_ROUNDS; i++) {
    if (!wmnet_access_list_set (s->list, WMNET_ACCESS_TYPE_INCLUDE,
            i % 2 ? include_a : include_b, NULL))
      g_atomic_int_inc (&s->failures);
  }
  g_atomic_int_add (&s->writers_left, -1);
  return NULL;
}

/* The only exclude writer, so its add/remove indices are its own. */
static gpointer
exclude_writer (gpointer data)
{
  ThreadState *s = data;
  const gchar *const *lists[] = { exclude_a, exclude_b };
  guint i;

  for (i = 0; i < WRITER_ROUNDS; i++) {
    const gchar *const *l = lists[i % 2];

    if (!wmnet_access_list_set (s->list, WMNET_ACCESS_TYPE_EXCLUDE, l, NULL))
      g_atomic_int_inc (&s->failures);
    if (!wmnet_access_list_add (s->list, WMNET_ACCESS_TYPE_EXCLUDE,
            "203.0.113.0/24", NULL))
      g_atomic_int_inc (&s->failures);
    if (!wmnet_access_list_remove (s->list, WMNET_ACCESS_TYPE_EXCLUDE,
            g_strv_length ((gchar **) l), NULL))
      g_atomic_int_inc (&s->failures);
  }
  g_atomic_int_add (&s->writers_left, -1);
  return NULL;
}

static gpointer
reader (gpointer data)
{
  ThreadState *s = data;
  GInetAddress *admitted[G_N_ELEMENTS (admitted_peers)] = { NULL };
  GInetAddress *refused[G_N_ELEMENTS (refused_peers)] = { NULL };
  guint i, rounds = 0;

  /* The GType registration is raced too. */
  if (wmnet_access_type_get_type () == G_TYPE_INVALID)
    g_atomic_int_inc (&s->failures);

  for (i = 0; admitted_peers[i]; i++)
    admitted[i] = g_inet_address_new_from_string (admitted_peers[i]);
  for (i = 0; refused_peers[i]; i++)
    refused[i] = g_inet_address_new_from_string (refused_peers[i]);

  /* Bounded by the writers' rounds; at least a few rounds even if the
   * writers finished before this thread started. */
  while (g_atomic_int_get (&s->writers_left) > 0 || rounds < 10) {
    gchar **got;

    for (i = 0; admitted[i]; i++)
      if (!wmnet_access_list_check (s->list, admitted[i]))
        g_atomic_int_inc (&s->failures);
    for (i = 0; refused[i]; i++)
      if (wmnet_access_list_check (s->list, refused[i]))
        g_atomic_int_inc (&s->failures);

    got = wmnet_access_list_get (s->list, WMNET_ACCESS_TYPE_INCLUDE);
    if (!g_strv_equal ((const gchar * const *) got, include_a_canon) &&
        !g_strv_equal ((const gchar * const *) got, include_b_canon))
      g_atomic_int_inc (&s->failures);
    g_strfreev (got);

    g_atomic_int_inc (&s->checks);
    rounds++;
  }

  for (i = 0; admitted[i]; i++)
    g_object_unref (admitted[i]);
  for (i = 0; refused[i]; i++)
    g_object_unref (refused[i]);
  return NULL;
}

#define N_READERS 4

GST_START_TEST (test_threads)
{
  ThreadState s = { NULL, 2, 0, 0 };
  GThread *readers[N_READERS], *w1, *w2;
  guint i;

  s.list = wmnet_access_list_new ();
  fail_unless (wmnet_access_list_set (s.list, WMNET_ACCESS_TYPE_INCLUDE,
          include_a, NULL));
  fail_unless (wmnet_access_list_set (s.list, WMNET_ACCESS_TYPE_EXCLUDE,
          exclude_a, NULL));

  for (i = 0; i < N_READERS; i++)
    readers[i] = g_thread_new ("reader", reader, &s);
  w1 = g_thread_new ("include-writer", include_writer, &s);
  w2 = g_thread_new ("exclude-writer", exclude_writer, &s);

  g_thread_join (w1);
  g_thread_join (w2);
  for (i = 0; i < N_READERS; i++)
    g_thread_join (readers[i]);

  GST_INFO ("%d reader rounds", s.checks);
  fail_unless (s.checks >= 10 * N_READERS);
  fail_unless_equals_int (s.failures, 0);

  wmnet_access_list_free (s.list);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetaccess, 0,
    WMNET_TEST (test_parse_table),
    WMNET_TEST (test_parse_odd_input),
    WMNET_TEST (test_match_table),
    WMNET_TEST (test_normalize_table),
    WMNET_TEST (test_enum_and_quark),
    WMNET_TEST (test_rule_table),
    WMNET_TEST (test_set_get),
    WMNET_TEST (test_host_bits_warn),
    WMNET_TEST (test_set_drops_duplicates),
    WMNET_TEST (test_set_all_or_nothing),
    WMNET_TEST (test_refused_set_closes),
    WMNET_TEST (test_refused_set_verdict),
    WMNET_TEST (test_set_value_forms),
    WMNET_TEST (test_add_remove),
    WMNET_TEST (test_bad_type),
    WMNET_TEST (test_mapped_entry_excludes), WMNET_TEST (test_threads));
