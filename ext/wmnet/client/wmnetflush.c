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

#include "wmnetflush.h"

/* Back-off before retry n (1-based): FIRST_DELAY * 2^(n-1), at most
 * MAX_DELAY. */
#define FIRST_DELAY (500 * G_TIME_SPAN_MILLISECOND)
#define MAX_DELAY (8 * G_TIME_SPAN_SECOND)

void
wmnet_flush_init (WmnetFlush * f)
{
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->flushing = FALSE;
  f->cancellable = g_cancellable_new ();
}

void
wmnet_flush_clear (WmnetFlush * f)
{
  g_clear_object (&f->cancellable);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
}

void
wmnet_flush_start (WmnetFlush * f)
{
  g_mutex_lock (&f->lock);
  f->flushing = TRUE;
  g_cancellable_cancel (f->cancellable);
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
}

void
wmnet_flush_stop (WmnetFlush * f)
{
  g_mutex_lock (&f->lock);
  f->flushing = FALSE;
  if (g_cancellable_is_cancelled (f->cancellable)) {
    g_object_unref (f->cancellable);
    f->cancellable = g_cancellable_new ();
  }
  g_mutex_unlock (&f->lock);
}

GCancellable *
wmnet_flush_get_cancellable (WmnetFlush * f)
{
  GCancellable *c;

  g_mutex_lock (&f->lock);
  c = g_object_ref (f->cancellable);
  g_mutex_unlock (&f->lock);
  return c;
}

gint64
wmnet_flush_backoff (guint attempt)
{
  return MIN (FIRST_DELAY << MIN (MAX (attempt, 1) - 1, 8), MAX_DELAY);
}

gboolean
wmnet_flush_wait (WmnetFlush * f, gint64 delay)
{
  gint64 end = g_get_monotonic_time () + delay;
  gboolean flushing;

  g_mutex_lock (&f->lock);
  while (!f->flushing && g_cond_wait_until (&f->cond, &f->lock, end));
  flushing = f->flushing;
  g_mutex_unlock (&f->lock);
  return !flushing;
}
