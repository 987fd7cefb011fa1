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


/* wmnetnonce: the Digest nonces the server gives and takes back (RFC 7616
 * 3.3, 3.4; docs/design.md D52). A nonce is 64 hex digits: its issue time
 * (monotonic µs) and a serial, 8 bytes each, then the first 16 bytes of
 * HMAC-SHA-256 of both under a secret drawn from getrandom(2) when the
 * table is made, so telling ours from a forged, garbled or empty one needs
 * no table. A nonce lives WMNET_NONCE_LIFETIME after its issue. The highest
 * nonce-count accepted is kept per nonce for at most WMNET_NONCE_MAX_USED
 * nonces: when full, the expired ones go, then the oldest, and every nonce
 * issued no later than one dropped alive counts as stale (its counts are
 * forgotten, so it is never taken again). Pure: GLib only, no threads (the
 * server thread alone uses it). */

#ifndef __WMNET_NONCE_H__
#define __WMNET_NONCE_H__

#include <glib.h>

G_BEGIN_DECLS

/* how long a nonce is taken, and how many used nonces are remembered */
#define WMNET_NONCE_LIFETIME (5 * 60 * G_USEC_PER_SEC)
#define WMNET_NONCE_MAX_USED 4096

typedef enum
{
  WMNET_NONCE_OK,
  WMNET_NONCE_INVALID,          /* not one of ours: a plain new challenge */
  WMNET_NONCE_STALE,            /* ours, past its lifetime or forgotten */
  WMNET_NONCE_REPLAY,           /* nc not above the highest taken for it */
} WmnetNonceVerdict;

typedef struct _WmnetNonces WmnetNonces;

/* Nonces that live @lifetime µs; at most @max_used (>= 1) remembered. */
WmnetNonces *wmnet_nonces_new (gint64 lifetime, guint max_used);
void wmnet_nonces_free (WmnetNonces * nonces);

/* A new nonce, issued at @now (monotonic µs). */
gchar *wmnet_nonces_issue (WmnetNonces * nonces, gint64 now);
/* Whether @nonce (NULL: INVALID) is ours and alive at @now; records
 * nothing. */
WmnetNonceVerdict wmnet_nonces_check (WmnetNonces * nonces,
    const gchar * nonce, gint64 now);
/* For a request whose response checked out: check as above, then @nc
 * (the nc parameter: 1 to 8 hex digits, not 0) must be above every count
 * taken for @nonce before (REPLAY, or INVALID when it is not a count);
 * OK records it. */
WmnetNonceVerdict wmnet_nonces_use (WmnetNonces * nonces, const gchar * nonce,
    const gchar * nc, gint64 now);

G_END_DECLS

#endif /* __WMNET_NONCE_H__ */
