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

#include "wmnetsessions.h"

typedef struct
{
  guint32 id;
  gint64 last_use;
  GList link;                   /* in @order, its data the entry */
} Entry;

struct _WmnetSessions
{
  guint max;
  gint64 lifetime;
  GHashTable *ids;              /* GUINT_TO_POINTER (id) -> Entry */
  GQueue order;                 /* least recently used first */
};

WmnetSessions *
wmnet_sessions_new (guint max, gint64 lifetime)
{
  WmnetSessions *self = g_new0 (WmnetSessions, 1);

  self->max = MAX (max, 1);
  self->lifetime = lifetime;
  self->ids = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
      g_free);
  g_queue_init (&self->order);
  return self;
}

void
wmnet_sessions_free (WmnetSessions * self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->ids);
  g_free (self);
}

static void
drop_oldest (WmnetSessions * self)
{
  GList *l = g_queue_pop_head_link (&self->order);
  Entry *e = l->data;

  g_hash_table_remove (self->ids, GUINT_TO_POINTER (e->id));
}

/* Forgets the ids unused for a lifetime: they are at the head. */
static void
expire (WmnetSessions * self, gint64 now)
{
  while (self->order.head) {
    Entry *e = self->order.head->data;

    if (now - e->last_use < self->lifetime)
      break;
    drop_oldest (self);
  }
}

guint32
wmnet_sessions_add (WmnetSessions * self, gint64 now)
{
  Entry *e;
  guint32 id;

  expire (self, now);
  if (g_hash_table_size (self->ids) >= self->max)
    drop_oldest (self);
  do {
    id = g_random_int ();
  } while (id == 0 || g_hash_table_contains (self->ids, GUINT_TO_POINTER (id)));
  e = g_new0 (Entry, 1);
  e->id = id;
  e->last_use = now;
  e->link.data = e;
  g_hash_table_insert (self->ids, GUINT_TO_POINTER (id), e);
  g_queue_push_tail_link (&self->order, &e->link);
  return id;
}

gboolean
wmnet_sessions_touch (WmnetSessions * self, guint32 id, gint64 now)
{
  Entry *e;

  expire (self, now);
  e = g_hash_table_lookup (self->ids, GUINT_TO_POINTER (id));
  if (e == NULL)
    return FALSE;
  e->last_use = now;
  g_queue_unlink (&self->order, &e->link);
  g_queue_push_tail_link (&self->order, &e->link);
  return TRUE;
}

guint
wmnet_sessions_count (WmnetSessions * self, gint64 now)
{
  expire (self, now);
  return g_hash_table_size (self->ids);
}

gboolean
wmnet_sessions_parse_id (const gchar * value, guint32 * id)
{
  gsize len = value ? strlen (value) : 0;
  guint64 v;

  if (len == 0 || len > 10 || strspn (value, "0123456789") != len)
    return FALSE;
  v = g_ascii_strtoull (value, NULL, 10);
  if (v > G_MAXUINT32)
    return FALSE;
  *id = v;
  return TRUE;
}
