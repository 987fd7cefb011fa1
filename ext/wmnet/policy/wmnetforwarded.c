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

#include <string.h>

#include "wmnetforwarded.h"
#include "wmnetaccess.h"

#define OWS " \t"

/* One node (RFC 7239 6: IPv4, "[IPv6]", either with ":port"; X-Forwarded-For
 * also carries a bare IPv6): the address, or NULL. */
static GInetAddress *
parse_node (const gchar * node, gsize len, guint * port)
{
  gchar *s = g_strndup (node, len), *host = s, *port_s = NULL, *end;
  GInetAddress *addr = NULL, *norm;

  *port = 0;
  if (*s == '[') {
    end = strchr (s, ']');
    if (end == NULL)
      goto out;
    *end = '\0';
    host = s + 1;
    if (end[1] == ':')
      port_s = end + 2;
    else if (end[1] != '\0')
      goto out;
  } else if ((end = strchr (s, ':')) && strchr (end + 1, ':') == NULL) {
    /* exactly one colon: IPv4 with a port */
    *end = '\0';
    port_s = end + 1;
  }
  if (strchr (host, '%'))
    goto out;                   /* no scope ids: no peer has one here */
  addr = g_inet_address_new_from_string (host);
  if (addr && port_s && *port_s && strspn (port_s, "0123456789") ==
      strlen (port_s) && strlen (port_s) <= 5) {
    guint64 p = g_ascii_strtoull (port_s, NULL, 10);

    if (p <= 65535)
      *port = p;
  }
out:
  g_free (s);
  if (addr == NULL)
    return NULL;
  norm = wmnet_inet_address_normalize (addr);
  g_object_unref (addr);
  return norm;
}

static void
addr_free (gpointer addr)
{
  if (addr)
    g_object_unref (addr);
}

static void
add_entry (GPtrArray * addrs, GArray * ports, GInetAddress * addr, guint port)
{
  g_ptr_array_add (addrs, addr);
  if (ports)
    g_array_append_val (ports, port);
}

guint
wmnet_forwarded_parse_xff (const gchar * value, GPtrArray * addrs,
    GArray * ports)
{
  gchar **items;
  guint i, n = 0;

  if (value == NULL)
    return 0;
  items = g_strsplit (value, ",", -1);
  for (i = 0; items[i]; i++) {
    gchar *it = g_strstrip (items[i]);
    gsize len = strlen (it);
    guint port = 0;
    GInetAddress *addr;

    if (len == 0)
      continue;                 /* an empty list element (RFC 9110 5.6.1) */
    if (len >= 2 && it[0] == '"' && it[len - 1] == '"') {
      it++;
      len -= 2;
    }
    addr = parse_node (it, len, &port);
    add_entry (addrs, ports, addr, addr ? port : 0);
    n++;
  }
  g_strfreev (items);
  return n;
}

/* RFC 9110 5.6.4 quoted-string at *@p (on the opening quote): its
 * unescaped content, *@p past the closing quote; NULL when unterminated. */
static gchar *
read_quoted (const gchar ** p)
{
  GString *out = g_string_new (NULL);
  const gchar *s = *p + 1;

  while (*s && *s != '"') {
    if (*s == '\\' && s[1])
      s++;
    g_string_append_c (out, *s++);
  }
  if (*s != '"') {
    g_string_free (out, TRUE);
    return NULL;
  }
  *p = s + 1;
  return g_string_free (out, FALSE);
}

guint
wmnet_forwarded_parse_forwarded (const gchar * value, GPtrArray * addrs,
    GArray * ports)
{
  const gchar *p = value;
  guint n = 0;

  if (value == NULL)
    return 0;
  while (*p) {
    GInetAddress *addr = NULL;
    guint port = 0;
    gboolean bad = FALSE, any = FALSE;

    /* one forwarded-element: pairs separated by ';' up to ',' */
    while (*p && *p != ',') {
      const gchar *name;
      gsize name_len;
      gchar *val = NULL;

      p += strspn (p, OWS ";");
      if (*p == '\0' || *p == ',')
        break;
      any = TRUE;
      name = p;
      name_len = strcspn (p, "=;," OWS);
      p += name_len;
      p += strspn (p, OWS);
      if (*p != '=') {
        bad = TRUE;
        p += strcspn (p, ";,");
        continue;
      }
      p++;
      p += strspn (p, OWS);
      if (*p == '"') {
        val = read_quoted (&p);
        if (val == NULL) {
          bad = TRUE;
          p += strlen (p);
          break;
        }
      } else {
        gsize len = strcspn (p, ";," OWS);

        val = g_strndup (p, len);
        p += len;
      }
      p += strspn (p, OWS);
      if (name_len == 3 && g_ascii_strncasecmp (name, "for", 3) == 0) {
        g_clear_object (&addr);
        addr = parse_node (val, strlen (val), &port);
      }
      g_free (val);
    }
    if (*p == ',')
      p++;
    if (!any && !bad)
      continue;                 /* an empty list element */
    if (bad)
      g_clear_object (&addr);
    add_entry (addrs, ports, addr, addr ? port : 0);
    n++;
  }
  return n;
}

GInetAddress *
wmnet_forwarded_client (GInetAddress * peer, guint * port,
    const gchar * forwarded, const gchar * x_forwarded_for,
    WmnetTrustFunc is_trusted, gpointer user_data)
{
  GPtrArray *addrs;
  GArray *ports;
  GInetAddress *answer = peer;
  guint answer_port = *port;
  guint n;
  gint i;

  if (!is_trusted (user_data, peer))
    return g_object_ref (peer);
  addrs = g_ptr_array_new_with_free_func (addr_free);
  ports = g_array_new (FALSE, TRUE, sizeof (guint));
  /* X-Forwarded-For first: the proxies that append to it (nginx, HAProxy,
   * Apache) pass a client's own Forwarded through untouched */
  n = wmnet_forwarded_parse_xff (x_forwarded_for, addrs, ports);
  if (n == 0) {
    g_ptr_array_set_size (addrs, 0);
    g_array_set_size (ports, 0);
    n = wmnet_forwarded_parse_forwarded (forwarded, addrs, ports);
  }
  /* right to left: the first one not trusted is the client; a hop that
   * names no address ends what can be traced */
  for (i = (gint) n - 1; i >= 0; i--) {
    GInetAddress *a = g_ptr_array_index (addrs, i);

    if (a == NULL)
      break;
    answer = a;
    answer_port = g_array_index (ports, guint, i);
    if (!is_trusted (user_data, a))
      break;
  }
  answer = g_object_ref (answer);
  *port = answer_port;
  g_ptr_array_unref (addrs);
  g_array_unref (ports);
  return answer;
}
