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


/* wmnethttpauth: the `auth` gate of wmnethttp (docs/design.md D26, D52,
 * D53). Owns libsoup's Basic or Digest auth domain of the current mode and
 * realm; Digest's nonces and their counts (wmnetnonce: libsoup checks a
 * response, never its nonce); and the requests paused while a Basic
 * password's crypt(3) check runs off the server thread (wmnetauth).
 * Server thread only. */

#ifndef __WMNET_HTTP_AUTH_H__
#define __WMNET_HTTP_AUTH_H__

#include "wmnetsouploader.h"
#include "wmnetauth.h"
#include "wmnetadmission.h"

G_BEGIN_DECLS

/* A paused request's check answered: @ok (its user kept), or not (the
 * challenge set); @msg is unpaused when this returns. */
typedef void (*WmnetHttpAuthAnswered) (SoupServerMessage * msg, gboolean ok,
    gpointer user_data);

typedef struct _WmnetHttpAuth WmnetHttpAuth;

/* @post (@target) runs a password check's verdict on the server thread,
 * where @answered runs. */
WmnetHttpAuth *wmnet_http_auth_new (WmnetPostFunc post, gpointer target,
    WmnetHttpAuthAnswered answered, gpointer user_data);
void wmnet_http_auth_free (WmnetHttpAuth * gate);

/* @msg under @auth's mode and realm (anyone under auth=none): OK (its user
 * kept as "wmnet-user"), REFUSED (the challenge is set, not the status),
 * PENDING (paused: @answered follows) or BUSY; the admission judges it
 * (wmnet_admission_check_credentials). */
WmnetAdmissionAuth wmnet_http_auth_check (WmnetHttpAuth * gate,
    WmnetAuth * auth, SoupServerMessage * msg);
/* The paused requests dropped; with @answer each gets a 503 and is
 * unpaused (before the server disconnects). */
void wmnet_http_auth_cancel (WmnetHttpAuth * gate, gboolean answer);

G_END_DECLS

#endif /* __WMNET_HTTP_AUTH_H__ */
