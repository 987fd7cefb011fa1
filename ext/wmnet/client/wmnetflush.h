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

/* wmnetflush: what wakes a network element's streaming thread when it is
 * flushed (GstBaseSrc / GstBaseSink unlock): the flushing flag, the
 * GCancellable its blocking network calls take, and the retries' back-off
 * (0.5 s, 1 s, 2 s ... at most 8 s) as a wait that a flush ends. Shared
 * by wmnetsrc and wmnetpushsink. */

#ifndef __WMNET_FLUSH_H__
#define __WMNET_FLUSH_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GMutex lock;                  /* guards the two fields below */
  GCond cond;
  gboolean flushing;
  GCancellable *cancellable;
} WmnetFlush;

void wmnet_flush_init (WmnetFlush * f);
void wmnet_flush_clear (WmnetFlush * f);
/* unlock: flushing, the cancellable cancelled, a wait woken */
void wmnet_flush_start (WmnetFlush * f);
/* unlock_stop: not flushing, a new cancellable if the old one fired */
void wmnet_flush_stop (WmnetFlush * f);
/* (transfer full) the cancellable of the next network call */
GCancellable *wmnet_flush_get_cancellable (WmnetFlush * f);
/* The back-off before retry @attempt (1-based), in microseconds. */
gint64 wmnet_flush_backoff (guint attempt);
/* Waits @delay microseconds unless flushed; FALSE when flushed. */
gboolean wmnet_flush_wait (WmnetFlush * f, gint64 delay);

G_END_DECLS

#endif /* __WMNET_FLUSH_H__ */
