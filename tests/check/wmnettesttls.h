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

/* TLS peers for the tests: a CA and server certificates made with the
 * openssl program, and nginx terminating TLS with them in front of a
 * plain-HTTP server on the loopback (as docs/scale-out.md deploys it).
 * Both programs are required: a missing one fails the test. */

#ifndef __WMNET_TEST_TLS_H__
#define __WMNET_TEST_TLS_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes @dir/ca.pem (a CA) and, signed by it, @dir/NAME.pem with
 * @dir/NAME.key for each @names[i] whose subject and subjectAltName is
 * @hosts[i] (an IP address, or else a DNS name). Valid for a day. */
void wmnet_test_tls_make_certs (const gchar * dir, const gchar * const *names,
    const gchar * const *hosts);

typedef struct _WmnetTestNginx WmnetTestNginx;

/* nginx with its files in @dir: for each @names[i], a TLS listener on
 * 127.0.0.1 with @dir/NAME.pem, proxying to 127.0.0.1:@upstream. nginx
 * cannot listen on port 0, so each port is one found free just before
 * (another process may take it in between: then again, 3 times at most).
 * Returns once every listener accepts (bounded). */
WmnetTestNginx *wmnet_test_nginx_start (const gchar * dir, guint upstream,
    const gchar * const *names);
/* The port of the listener of @names[i]. */
guint wmnet_test_nginx_port (WmnetTestNginx * n, guint i);
/* SIGTERM, then a bounded wait; SIGKILL if it does not exit. */
void wmnet_test_nginx_stop (WmnetTestNginx * n);

G_END_DECLS

#endif /* __WMNET_TEST_TLS_H__ */
