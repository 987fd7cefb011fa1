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

#include "wmnetmailbox.h"

/* The mailbox is its GSource: the context's reference keeps it alive
 * while it dispatches, whichever thread stops it meanwhile. */
struct _WmnetMailbox
{
  GSource source;
  GMutex lock;
  GQueue posts;                 /* of Post, under lock */
  gboolean stopped;             /* under lock */
  guint batch;                  /* posts a dispatch, 0: all */
};

typedef struct
{
  WmnetRunFunc run;
  gpointer data;
  GDestroyNotify free_data;
} Post;

static void
post_free (gpointer data)
{
  Post *p = data;

  if (p->free_data)
    p->free_data (p->data);
  g_free (p);
}

/* Runs the first @n posts queued, in order, fewer when it is stopped
 * meanwhile. */
static void
run_posts (WmnetMailbox * mb, guint n)
{
  Post *p;

  while (n-- > 0) {
    g_mutex_lock (&mb->lock);
    p = mb->stopped ? NULL : g_queue_pop_head (&mb->posts);
    g_mutex_unlock (&mb->lock);
    if (p == NULL)
      break;
    p->run (p->data);
    post_free (p);
  }
}

/* Runs what was queued when it became ready, in order; what is posted
 * meanwhile arms it again for the next turn, so a function that posts
 * does not hold the context. */
static gboolean
mailbox_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetMailbox *mb = (WmnetMailbox *) source;
  guint n;

  g_mutex_lock (&mb->lock);
  n = mb->posts.length;
  if (mb->batch > 0 && n > mb->batch)
    n = mb->batch;              /* ready again at once for the rest */
  else
    g_source_set_ready_time (source, -1);
  g_mutex_unlock (&mb->lock);

  run_posts (mb, n);
  return G_SOURCE_CONTINUE;
}

void
wmnet_mailbox_run_batch (WmnetMailbox * mb)
{
  guint n;

  g_mutex_lock (&mb->lock);
  n = mb->posts.length;
  if (mb->batch > 0 && n > mb->batch)
    n = mb->batch;
  g_mutex_unlock (&mb->lock);
  /* the source stays armed: once empty, its next dispatch runs none */
  run_posts (mb, n);
}

static void
mailbox_finalize (GSource * source)
{
  WmnetMailbox *mb = (WmnetMailbox *) source;

  g_queue_clear_full (&mb->posts, post_free);
  g_mutex_clear (&mb->lock);
}

static GSourceFuncs mailbox_funcs = {
  NULL, NULL, mailbox_dispatch, mailbox_finalize,
};

WmnetMailbox *
wmnet_mailbox_new_full (GMainContext * context, gint priority, guint batch)
{
  GSource *source = g_source_new (&mailbox_funcs, sizeof (WmnetMailbox));
  WmnetMailbox *mb = (WmnetMailbox *) source;

  g_mutex_init (&mb->lock);
  g_queue_init (&mb->posts);
  mb->batch = batch;
  g_source_set_name (source, "wmnet-mailbox");
  g_source_set_priority (source, priority);
  g_source_attach (source, context);
  return mb;
}

WmnetMailbox *
wmnet_mailbox_new (GMainContext * context)
{
  return wmnet_mailbox_new_full (context, G_PRIORITY_DEFAULT, 0);
}

gboolean
wmnet_mailbox_run (WmnetMailbox * mb, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data)
{
  Post post = {.run = run,.data = data,.free_data = free_data };
  Post *p = g_memdup2 (&post, sizeof (post));

  g_mutex_lock (&mb->lock);
  if (mb->stopped) {
    g_mutex_unlock (&mb->lock);
    post_free (p);
    return FALSE;
  }
  g_queue_push_tail (&mb->posts, p);
  /* thread-safe, and wakes the context */
  g_source_set_ready_time (&mb->source, 0);
  g_mutex_unlock (&mb->lock);
  return TRUE;
}

void
wmnet_mailbox_post (gpointer target, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data)
{
  wmnet_mailbox_run (target, run, data, free_data);
}

void
wmnet_mailbox_stop (WmnetMailbox * mb)
{
  GQueue rest;

  g_mutex_lock (&mb->lock);
  mb->stopped = TRUE;
  rest = mb->posts;
  g_queue_init (&mb->posts);
  g_mutex_unlock (&mb->lock);
  g_source_destroy (&mb->source);
  /* outside the lock: a free function may post (and be freed at once) */
  g_queue_clear_full (&rest, post_free);
}

void
wmnet_mailbox_free (WmnetMailbox * mb)
{
  wmnet_mailbox_stop (mb);
  g_source_unref (&mb->source);
}
