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

/* The way into a thread that runs a GMainContext of its own
 * (docs/design.md D67): a queue of functions to run there, posted from
 * any thread, run on that thread in the order posted by one GSource
 * attached to its context; and the WmnetPostFunc type through which lower
 * modules (wmnetauth's password checks) hand their results back without
 * knowing whose thread it is. The server's thread has a queue of its own
 * with the same shape (wmnetservercmd.c); wmnetpushsrc's thread has a
 * mailbox. */

#ifndef __WMNET_MAILBOX_H__
#define __WMNET_MAILBOX_H__

#include <glib.h>

G_BEGIN_DECLS

/* How work gets to a thread that runs a loop of its own: @post queues
 * @run (@data) to run on it later, then @free_data (@data), from any
 * thread; once that thread stopped, only @free_data (@data). The server
 * implements it with its command queue, a WmnetMailbox with
 * wmnet_mailbox_post(). */
typedef void (*WmnetRunFunc) (gpointer data);
typedef void (*WmnetPostFunc) (gpointer target, WmnetRunFunc run,
    gpointer data, GDestroyNotify free_data);

typedef struct _WmnetMailbox WmnetMailbox;

/* A mailbox whose posts run on the thread that runs @context (its source
 * attached there, at G_PRIORITY_DEFAULT). */
WmnetMailbox *wmnet_mailbox_new (GMainContext * context);
/* The same at @priority, running at most @batch posts a dispatch (0: all
 * those queued when it became ready): a source of higher priority that
 * becomes ready meanwhile runs before the rest (docs/design.md D83). */
WmnetMailbox *wmnet_mailbox_new_full (GMainContext * context, gint priority,
    guint batch);
/* On the thread that runs its context, outside its own dispatch: runs a
 * batch of what is queued now, in order, as its dispatch would (all of it
 * for a batch of 0); for an owner that keeps sources of higher priority
 * ready without a pause, so that the posts still run (D83). */
void wmnet_mailbox_run_batch (WmnetMailbox * mailbox);
/* Any thread, also a posted function: nothing more runs (the one running
 * finishes); what is still queued is freed (its @free_data), and so is
 * what is posted later. */
void wmnet_mailbox_stop (WmnetMailbox * mailbox);
/* Stops the mailbox and drops it; the source's memory goes once its
 * context no longer dispatches it. */
void wmnet_mailbox_free (WmnetMailbox * mailbox);

/* Any thread: queues @run (@data), then @free_data (@data), on the
 * mailbox's context; FALSE, and only @free_data (@data) at once, when the
 * mailbox is stopped. */
gboolean wmnet_mailbox_run (WmnetMailbox * mailbox, WmnetRunFunc run,
    gpointer data, GDestroyNotify free_data);
/* wmnet_mailbox_run() as a WmnetPostFunc (@target: the mailbox). */
void wmnet_mailbox_post (gpointer target, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data);

G_END_DECLS

#endif /* __WMNET_MAILBOX_H__ */
