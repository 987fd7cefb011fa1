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

/* wmnetdispatch: hands what the server reports on its own thread to the
 * application: element messages, the client-added and client-removed
 * signals (by name, on the element), the notifies of the client properties,
 * warnings, the access log lines (written to the log file here, then
 * posted) and the statistics. Owns the one thread they are delivered from,
 * in order, so that no application handler (a bus sync handler, a notify
 * callback) ever runs on the server thread and may call back into the
 * element, and no file write ever holds up a client; and lets the end of
 * the stream wait until all of it is out. */

#ifndef __WMNET_DISPATCH_H__
#define __WMNET_DISPATCH_H__

#include <gst/gst.h>

#include "wmnetlog.h"
#include "wmnetserver.h"

G_BEGIN_DECLS

typedef struct _WmnetDispatch WmnetDispatch;

/* Messages and warnings are posted by @element; a change of the client
 * table notifies @notify (NULL-terminated, @element's own pspecs). Holds no
 * reference to @element: free the dispatch before the element goes. */
WmnetDispatch *wmnet_dispatch_new (GstElement * element,
    GParamSpec * const *notify);
/* The file the access log lines go to before they are posted (NULL:
 * none); owned by the caller, it must outlive the dispatch. */
void wmnet_dispatch_set_log_file (WmnetDispatch * dispatch,
    WmnetLogFile * file);
/* Delivers what is queued, then stops the thread. */
void wmnet_dispatch_free (WmnetDispatch * dispatch);
/* The server callbacks that queue to @dispatch (their user_data). */
const WmnetServerCallbacks *wmnet_dispatch_callbacks (void);
/* Waits until everything queued so far is delivered, at most @timeout. */
void wmnet_dispatch_wait (WmnetDispatch * dispatch, GstClockTime timeout);

G_END_DECLS

#endif /* __WMNET_DISPATCH_H__ */
