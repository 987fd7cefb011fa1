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

/* Fuzzes the forwarding headers (wmnetforwarded.c): the input's first
 * line is a Forwarded value, the second an X-Forwarded-For value. Checks
 * that every entry read is written back (as the other header too) and
 * read again the same, and that the client found behind a proxy is the
 * peer or one of the addresses the headers name, the peer itself when it
 * is not trusted. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetforwarded.h"
#include "wmnetfuzz.h"

/* trusted: addresses whose last byte is even */
static gboolean
even_trusted (gpointer user_data, GInetAddress * addr)
{
  gsize n = g_inet_address_get_native_size (addr);

  return (g_inet_address_to_bytes (addr)[n - 1] & 1) == 0;
}

static void
addr_free (gpointer a)
{
  if (a)
    g_object_unref (a);
}

static void
check_addr (GInetAddress * a)
{
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (a == NULL)
    return;
  /* IPv4-mapped is made IPv4 */
  FUZZ_CHECK (g_inet_address_get_family (a) != G_SOCKET_FAMILY_IPV6
      || memcmp (g_inet_address_to_bytes (a), mapped, 12) != 0);
}

/* @addrs and @ports written back as X-Forwarded-For (@xff) or Forwarded */
static gchar *
write_back (GPtrArray * addrs, GArray * ports, gboolean xff)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < addrs->len; i++) {
    GInetAddress *a = g_ptr_array_index (addrs, i);
    guint port = g_array_index (ports, guint, i);
    gchar *ip = a ? g_inet_address_to_string (a) : g_strdup ("unknown");
    gboolean v6 = a && g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV6;

    g_string_append (s, i ? ", " : "");
    if (!xff)
      g_string_append (s, "for=\"");
    g_string_append_printf (s, v6 ? "[%s]" : "%s", ip);
    if (port)
      g_string_append_printf (s, ":%u", port);
    if (!xff)
      g_string_append_c (s, '"');
    g_free (ip);
  }
  return g_string_free (s, FALSE);
}

static void
check_same (GPtrArray * a, GArray * ap, GPtrArray * b, GArray * bp)
{
  guint i;

  FUZZ_CHECK (a->len == b->len && ap->len == bp->len);
  for (i = 0; i < a->len; i++) {
    GInetAddress *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

    FUZZ_CHECK ((x == NULL) == (y == NULL));
    FUZZ_CHECK (x == NULL || g_inet_address_equal (x, y));
    FUZZ_CHECK (g_array_index (ap, guint, i) == g_array_index (bp, guint, i));
  }
}

static void
check_parse (const gchar * value, gboolean xff, GPtrArray * all)
{
  GPtrArray *addrs = g_ptr_array_new_with_free_func (addr_free);
  GArray *ports = g_array_new (FALSE, TRUE, sizeof (guint));
  guint n = xff ? wmnet_forwarded_parse_xff (value, addrs, ports) :
      wmnet_forwarded_parse_forwarded (value, addrs, ports);
  guint i, as;

  FUZZ_CHECK (n == addrs->len && n == ports->len);
  for (i = 0; i < n; i++) {
    GInetAddress *a = g_ptr_array_index (addrs, i);

    check_addr (a);
    FUZZ_CHECK (g_array_index (ports, guint, i) <= 65535);
    FUZZ_CHECK (a != NULL || g_array_index (ports, guint, i) == 0);
    if (a)
      g_ptr_array_add (all, g_object_ref (a));
  }
  /* written back either way, read the same */
  for (as = 0; as < 2; as++) {
    gchar *text = write_back (addrs, ports, as);
    GPtrArray *again = g_ptr_array_new_with_free_func (addr_free);
    GArray *again_ports = g_array_new (FALSE, TRUE, sizeof (guint));

    if (as)
      wmnet_forwarded_parse_xff (text, again, again_ports);
    else
      wmnet_forwarded_parse_forwarded (text, again, again_ports);
    check_same (addrs, ports, again, again_ports);
    g_array_unref (again_ports);
    g_ptr_array_unref (again);
    g_free (text);
  }
  g_array_unref (ports);
  g_ptr_array_unref (addrs);
}

static void
check_client (const gchar * fwd, const gchar * xff, GPtrArray * all,
    const gchar * peer_s)
{
  GInetAddress *peer = g_inet_address_new_from_string (peer_s), *client;
  guint port = 4711, i;
  gboolean found;

  client = wmnet_forwarded_client (peer, &port, fwd, xff, even_trusted, NULL);
  FUZZ_CHECK (client != NULL);
  if (!even_trusted (NULL, peer)) {
    FUZZ_CHECK (client == peer && port == 4711);
  } else {
    found = g_inet_address_equal (client, peer);
    for (i = 0; i < all->len && !found; i++)
      found = g_inet_address_equal (client, g_ptr_array_index (all, i));
    FUZZ_CHECK (found);
    FUZZ_CHECK (port <= 65535);
  }
  g_object_unref (client);
  g_object_unref (peer);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  gchar **lines = wmnet_fuzz_lines (data, size, 2);
  const gchar *fwd = lines[0], *xff = fwd ? lines[1] : NULL;
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);

  check_parse (fwd, FALSE, all);
  check_parse (xff, TRUE, all);
  check_client (fwd, xff, all, "192.0.2.2");
  check_client (fwd, xff, all, "192.0.2.1");
  check_client (fwd, xff, all, "2001:db8::2");

  g_ptr_array_unref (all);
  g_strfreev (lines);
  return 0;
}
