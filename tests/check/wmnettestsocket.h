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

/* Sockets for unit tests that drive a module over real TCP. */

#ifndef __WMNET_TEST_SOCKET_H__
#define __WMNET_TEST_SOCKET_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP socket listening on 127.0.0.1, port 0 (the port it got in
 * @port); fails the test when it cannot. */
GSocket *wmnet_test_listen_loopback (guint * port);

G_END_DECLS

#endif /* __WMNET_TEST_SOCKET_H__ */
