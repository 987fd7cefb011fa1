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

#include <math.h>
#include <string.h>

#include "wmnetlimits.h"
#include "wmnetaccess.h"

/* The table is swept of idle groups when it reaches this size, then at
 * twice what the sweep left (amortized O(1) per connection); at its bound,
 * at most once a second. */
#define SWEEP_MIN 1024

typedef struct
{
  guint count;                  /* streaming slots held */
  gdouble tokens;               /* at @stamp */
  gint64 stamp;
} Group;

struct _WmnetLimits
{
  GMutex lock;
  guint max_per_address;
  gdouble rate;
  gboolean strict;
  GHashTable *groups;           /* group string -> Group */
  guint sweep_at;
  gint64 last_sweep;
};

WmnetLimits *
wmnet_limits_new (void)
{
  WmnetLimits *l = g_new0 (WmnetLimits, 1);

  g_mutex_init (&l->lock);
  l->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l->sweep_at = SWEEP_MIN;
  return l;
}

void
wmnet_limits_free (WmnetLimits * l)
{
  g_hash_table_unref (l->groups);
  g_mutex_clear (&l->lock);
  g_free (l);
}

guint
wmnet_limits_burst (gdouble rate)
{
  return MAX (WMNET_LIMITS_MIN_BURST, (guint) MIN (ceil (rate), 1e6));
}

void
wmnet_limits_set_max_per_address (WmnetLimits * l, guint max)
{
  g_mutex_lock (&l->lock);
  l->max_per_address = max;
  g_mutex_unlock (&l->lock);
}

guint
wmnet_limits_get_max_per_address (WmnetLimits * l)
{
  guint v;

  g_mutex_lock (&l->lock);
  v = l->max_per_address;
  g_mutex_unlock (&l->lock);
  return v;
}

void
wmnet_limits_set_rate (WmnetLimits * l, gdouble rate)
{
  g_mutex_lock (&l->lock);
  l->rate = isfinite (rate) && rate > 0 ? rate : 0;
  g_mutex_unlock (&l->lock);
}

void
wmnet_limits_set_strict (WmnetLimits * l, gboolean strict)
{
  g_mutex_lock (&l->lock);
  l->strict = strict;
  g_mutex_unlock (&l->lock);
}

gdouble
wmnet_limits_get_rate (WmnetLimits * l)
{
  gdouble v;

  g_mutex_lock (&l->lock);
  v = l->rate;
  g_mutex_unlock (&l->lock);
  return v;
}

gchar *
wmnet_limits_group (GInetAddress * addr)
{
  GInetAddress *norm = wmnet_inet_address_normalize (addr);
  gchar *s;

  if (g_inet_address_get_family (norm) == G_SOCKET_FAMILY_IPV6) {
    /* one subscriber usually holds a whole /64 (RFC 6177): it is one
     * address for the limits */
    guint8 bytes[16] = { 0 };
    GInetAddress *net;
    gchar *a;

    memcpy (bytes, g_inet_address_to_bytes (norm), 8);
    net = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
    a = g_inet_address_to_string (net);
    s = g_strconcat (a, "/64", NULL);
    g_free (a);
    g_object_unref (net);
  } else {
    s = g_inet_address_to_string (norm);
  }
  g_object_unref (norm);
  return s;
}

/* The bucket brought to @now. */
static void
refill (WmnetLimits * l, Group * g, gint64 now)
{
  gdouble burst = wmnet_limits_burst (l->rate);

  if (now > g->stamp)
    g->tokens += (now - g->stamp) / (gdouble) G_USEC_PER_SEC *l->rate;
  if (g->tokens > burst || l->rate == 0)
    g->tokens = burst;
  g->stamp = MAX (now, g->stamp);
}

/* A group holding no slot whose bucket is full again tells nothing. */
static gboolean
is_idle (gpointer key, gpointer value, gpointer user_data)
{
  gpointer *args = user_data;
  WmnetLimits *l = args[0];
  gint64 now = *(gint64 *) args[1];
  Group *g = value;

  if (g->count > 0)
    return FALSE;
  refill (l, g, now);
  return g->tokens >= wmnet_limits_burst (l->rate);
}

/* The group of @key, made when there is room; NULL when the table is full
 * of groups that are not idle. */
static Group *
lookup (WmnetLimits * l, const gchar * key, gint64 now, gboolean force)
{
  Group *g = g_hash_table_lookup (l->groups, key);
  gpointer args[2] = { l, &now };
  guint size;

  if (g) {
    refill (l, g, now);
    return g;
  }
  size = g_hash_table_size (l->groups);
  if (size >= l->sweep_at || (size >= WMNET_LIMITS_MAX_GROUPS
          && now - l->last_sweep >= G_USEC_PER_SEC)) {
    g_hash_table_foreach_remove (l->groups, is_idle, args);
    l->sweep_at = MAX (SWEEP_MIN, 2 * g_hash_table_size (l->groups));
    l->last_sweep = now;
  }
  if (!force && g_hash_table_size (l->groups) >= WMNET_LIMITS_MAX_GROUPS)
    return NULL;
  g = g_new0 (Group, 1);
  g->tokens = wmnet_limits_burst (l->rate);
  g->stamp = now;
  g_hash_table_insert (l->groups, g_strdup (key), g);
  return g;
}

gboolean
wmnet_limits_take_token (WmnetLimits * l, GInetAddress * addr, gint64 now,
    guint * retry_after)
{
  gchar *key;
  Group *g;
  gboolean ok = TRUE;

  *retry_after = 0;
  g_mutex_lock (&l->lock);
  if (l->rate > 0) {
    key = wmnet_limits_group (addr);
    g = lookup (l, key, now, FALSE);
    if (g && g->tokens >= 1) {
      g->tokens -= 1;
    } else if (g) {
      ok = FALSE;
      *retry_after = MAX (1, (guint) ceil ((1 - g->tokens) / l->rate));
    } else if (l->strict) {
      ok = FALSE;
      *retry_after = 1;
    }
    g_free (key);
  }
  g_mutex_unlock (&l->lock);
  return ok;
}

gboolean
wmnet_limits_acquire (WmnetLimits * l, GInetAddress * addr, gint64 now)
{
  gchar *key = wmnet_limits_group (addr);
  Group *g;
  gboolean ok = TRUE;

  g_mutex_lock (&l->lock);
  /* every slot is counted (a limit set later sees the clients there are);
   * slots are bounded by the clients, so the table may pass its bound */
  g = lookup (l, key, now, TRUE);
  if (l->max_per_address != 0 && g->count >= l->max_per_address)
    ok = FALSE;
  else
    g->count++;
  g_mutex_unlock (&l->lock);
  g_free (key);
  return ok;
}

void
wmnet_limits_release (WmnetLimits * l, GInetAddress * addr, gint64 now)
{
  gchar *key = wmnet_limits_group (addr);
  Group *g;

  g_mutex_lock (&l->lock);
  g = g_hash_table_lookup (l->groups, key);
  if (g && g->count > 0) {
    g->count--;
    refill (l, g, now);
    if (g->count == 0 && g->tokens >= wmnet_limits_burst (l->rate))
      g_hash_table_remove (l->groups, key);
  }
  g_mutex_unlock (&l->lock);
  g_free (key);
}

guint
wmnet_limits_count (WmnetLimits * l, GInetAddress * addr)
{
  gchar *key = wmnet_limits_group (addr);
  Group *g;
  guint n;

  g_mutex_lock (&l->lock);
  g = g_hash_table_lookup (l->groups, key);
  n = g ? g->count : 0;
  g_mutex_unlock (&l->lock);
  g_free (key);
  return n;
}

guint
wmnet_limits_size (WmnetLimits * l)
{
  guint n;

  g_mutex_lock (&l->lock);
  n = g_hash_table_size (l->groups);
  g_mutex_unlock (&l->lock);
  return n;
}
