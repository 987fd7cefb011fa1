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


/* A WmnetServer for library tests whose callbacks queue what the server
 * reports, for the test to pop within its own bounds. */

#ifndef __WMNET_TEST_EVENTS_H__
#define __WMNET_TEST_EVENTS_H__

#include "wmnetserver.h"

G_BEGIN_DECLS

/* Loads libsoup (fails the test otherwise) and makes a server whose
 * client-connected, -properties, -disconnected and -refused structures go
 * to *@events (a new queue of GstStructure); with @warnings, each warning
 * too, as a "warning" structure with its "text", else warnings are
 * dropped. */
WmnetServer *wmnet_test_server_new (gboolean warnings, GAsyncQueue ** events);
/* Stops and frees @server, then @events. */
void wmnet_test_server_free (WmnetServer * server, GAsyncQueue * events);

G_END_DECLS

#endif /* __WMNET_TEST_EVENTS_H__ */
