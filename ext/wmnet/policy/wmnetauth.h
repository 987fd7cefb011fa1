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

/* wmnetauth: who may watch. Owns the `auth` mode and realm, the users of
 * the auth-file (htpasswd and htdigest lines) and those added with the
 * add-user action signal, and the password checks libsoup's auth domains
 * call back into (wmnethttpauth owns the domains; docs/design.md, D26).
 * Passwords in the file are verified with crypt(3) (libxcrypt) or
 * GChecksum, never stored in clear; add-user's are kept as given.
 * crypt(3) checks run on its own threads, never the caller's (D53).
 * Thread-safe (its own lock); knows nothing of HTTP or GStreamer. */

#ifndef __WMNET_AUTH_H__
#define __WMNET_AUTH_H__

#include <gio/gio.h>
#include "wmnetmailbox.h"

G_BEGIN_DECLS

/**
 * WmnetAuthMode:
 * @WMNET_AUTH_NONE: anyone may watch
 * @WMNET_AUTH_BASIC: HTTP Basic (RFC 7617)
 * @WMNET_AUTH_DIGEST: HTTP Digest, MD5 (RFC 7616, RFC 2617)
 *
 * The registered GEnum is GstWmnetAuth, nicks "none", "basic", "digest".
 */
typedef enum
{
  WMNET_AUTH_NONE,
  WMNET_AUTH_BASIC,
  WMNET_AUTH_DIGEST,
} WmnetAuthMode;

GType wmnet_auth_mode_get_type (void);
#define WMNET_TYPE_AUTH_MODE (wmnet_auth_mode_get_type ())

#define WMNET_AUTH_DEFAULT_REALM "wmnetsink"

typedef struct _WmnetAuth WmnetAuth;

WmnetAuth *wmnet_auth_new (void);
void wmnet_auth_free (WmnetAuth * auth);

void wmnet_auth_set_mode (WmnetAuth * auth, WmnetAuthMode mode);
WmnetAuthMode wmnet_auth_get_mode (WmnetAuth * auth);
/* NULL or empty: WMNET_AUTH_DEFAULT_REALM. */
void wmnet_auth_set_realm (WmnetAuth * auth, const gchar * realm);
gchar *wmnet_auth_get_realm (WmnetAuth * auth);

/* Loads @path (NULL or empty: no file users). Lines: "user:hash"
 * (htpasswd: bcrypt $2y$/$2b$/$2a$, SHA-crypt $5$/$6$, yescrypt $y$, MD5
 * crypt $1$, and Apache's {SHA}) and "user:realm:HA1" (htdigest, 32 hex);
 * empty lines and lines starting with '#' are skipped. All or nothing: a
 * line of another form (Apache's $apr1$, DES crypt, plain text) fails with
 * an error naming the file, the line number and the user, and the users
 * loaded before stay. */
gboolean wmnet_auth_load_file (WmnetAuth * auth, const gchar * path,
    GError ** error);
/* Adds or replaces @user (not empty, no ':'); works for both modes.
 * Signal users come before file users of the same name. */
gboolean wmnet_auth_add_user (WmnetAuth * auth, const gchar * user,
    const gchar * password, GError ** error);
/* FALSE when @user was not added with add_user. */
gboolean wmnet_auth_remove_user (WmnetAuth * auth, const gchar * user);

/* Basic: TRUE when @password is @user's. An htdigest user checks against
 * its HA1 for the current realm. Blocks for a crypt(3) hash (bcrypt: up to
 * seconds): the server uses wmnet_auth_check_password_async(). */
gboolean wmnet_auth_check_password (WmnetAuth * auth, const gchar * user,
    const gchar * password);

/* crypt(3) checks run on at most WMNET_AUTH_MAX_CHECKS threads at once;
 * WMNET_AUTH_MAX_WAITING more wait their turn, and beyond that a check is
 * refused as busy. A success is remembered for WMNET_AUTH_CACHE_TIME µs
 * (at most WMNET_AUTH_CACHE_MAX of them), keyed by HMAC-SHA-256 of the
 * user and password under a key drawn at random per WmnetAuth, never the
 * password; any change of users, file or realm forgets them all. */
#define WMNET_AUTH_MAX_CHECKS 2
#define WMNET_AUTH_MAX_WAITING 16
#define WMNET_AUTH_CACHE_TIME (30 * G_USEC_PER_SEC)
#define WMNET_AUTH_CACHE_MAX 1024

typedef enum
{
  WMNET_AUTH_CHECK_REFUSED,     /* known at once: wrong or unknown */
  WMNET_AUTH_CHECK_OK,          /* known at once: right (or remembered) */
  WMNET_AUTH_CHECK_QUEUED,      /* a crypt(3) check runs: see @done */
  WMNET_AUTH_CHECK_BUSY,        /* too many checks running and waiting */
} WmnetAuthCheck;

typedef struct _WmnetAuthJob WmnetAuthJob;
/* @ok: the password is @user's. */
typedef void (*WmnetAuthDone) (gboolean ok, gpointer user_data);

/* Basic without blocking the caller: the answer at once when it is cheap
 * (add-user's users, {SHA}, htdigest, unknown users, a remembered
 * success); else QUEUED with *@job set, and @done runs later on the
 * caller's thread, posted there by @post (@target) (called once, unless
 * wmnet_auth_job_cancel() came first). */
WmnetAuthCheck wmnet_auth_check_password_async (WmnetAuth * auth,
    const gchar * user, const gchar * password, WmnetPostFunc post,
    gpointer target, WmnetAuthDone done, gpointer user_data,
    WmnetAuthJob ** job);
/* From the caller's thread, before @done ran: @done will not run. */
void wmnet_auth_job_cancel (WmnetAuthJob * job);
/* Digest: @user's HA1 for the current realm (32 lowercase hex), NULL when
 * unknown or only an htpasswd hash is known (it cannot give an HA1). */
gchar *wmnet_auth_get_ha1 (WmnetAuth * auth, const gchar * user);
/* MD5(user ":" realm ":" password) in hex (RFC 2617 3.2.2.2), what
 * htdigest writes. */
gchar *wmnet_auth_compute_ha1 (const gchar * user, const gchar * realm,
    const gchar * password);
/* Users known (file and signals), for warnings and tests. */
guint wmnet_auth_count_users (WmnetAuth * auth, gboolean digest_capable);

G_END_DECLS

#endif /* __WMNET_AUTH_H__ */
