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

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "wmnetnonce.h"

#define ID_LEN 16               /* issue time and serial */
#define MAC_LEN 16              /* of HMAC-SHA-256's 32 */
#define NONCE_HEX (2 * (ID_LEN + MAC_LEN))

typedef struct
{
  gint64 issued;
  guint32 nc;                   /* the highest count taken */
} Used;

struct _WmnetNonces
{
  gint64 lifetime;
  guint max_used;
  guint8 secret[32];
  guint64 serial;
  GHashTable *used;             /* nonce -> Used */
  /* nonces issued up to then that are not in @used were dropped from it */
  gint64 forgotten_until;
};

WmnetNonces *
wmnet_nonces_new (gint64 lifetime, guint max_used)
{
  WmnetNonces *self = g_new0 (WmnetNonces, 1);

  self->lifetime = lifetime;
  self->max_used = MAX (max_used, 1);
  /* the kernel's CSPRNG: up to 256 bytes always come whole (getrandom(2)) */
  if (getrandom (self->secret, sizeof (self->secret), 0) !=
      sizeof (self->secret))
    g_error ("getrandom failed: %s", g_strerror (errno));
  self->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->forgotten_until = G_MININT64;
  return self;
}

void
wmnet_nonces_free (WmnetNonces * self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->used);
  memset (self->secret, 0, sizeof (self->secret));
  g_free (self);
}

static void
mac_of (WmnetNonces * self, const guint8 * id, guint8 * mac)
{
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, self->secret,
      sizeof (self->secret));
  guint8 digest[32];
  gsize len = sizeof (digest);

  g_hmac_update (hmac, id, ID_LEN);
  g_hmac_get_digest (hmac, digest, &len);
  g_hmac_unref (hmac);
  memcpy (mac, digest, MAC_LEN);
}

gchar *
wmnet_nonces_issue (WmnetNonces * self, gint64 now)
{
  guint8 raw[ID_LEN + MAC_LEN];
  guint64 be;
  GString *s = g_string_sized_new (NONCE_HEX + 1);
  guint i;

  be = GUINT64_TO_BE ((guint64) now);
  memcpy (raw, &be, 8);
  be = GUINT64_TO_BE (self->serial++);
  memcpy (raw + 8, &be, 8);
  mac_of (self, raw, raw + ID_LEN);
  for (i = 0; i < sizeof (raw); i++)
    g_string_append_printf (s, "%02x", raw[i]);
  return g_string_free (s, FALSE);
}

/* TRUE when @nonce is one we issued; its issue time. */
static gboolean
parse (WmnetNonces * self, const gchar * nonce, gint64 * issued)
{
  guint8 raw[ID_LEN + MAC_LEN], mac[MAC_LEN], diff = 0;
  guint64 be;
  guint i;

  if (nonce == NULL || strlen (nonce) != NONCE_HEX
      || strspn (nonce, "0123456789abcdef") != NONCE_HEX)
    return FALSE;
  for (i = 0; i < sizeof (raw); i++)
    raw[i] = g_ascii_xdigit_value (nonce[2 * i]) << 4
        | g_ascii_xdigit_value (nonce[2 * i + 1]);
  mac_of (self, raw, mac);
  /* no early exit on the first difference */
  for (i = 0; i < MAC_LEN; i++)
    diff |= mac[i] ^ raw[ID_LEN + i];
  if (diff != 0)
    return FALSE;
  memcpy (&be, raw, 8);
  *issued = (gint64) GUINT64_FROM_BE (be);
  return TRUE;
}

WmnetNonceVerdict
wmnet_nonces_check (WmnetNonces * self, const gchar * nonce, gint64 now)
{
  gint64 issued;

  if (!parse (self, nonce, &issued))
    return WMNET_NONCE_INVALID;
  if (now - issued >= self->lifetime)
    return WMNET_NONCE_STALE;
  if (issued <= self->forgotten_until
      && !g_hash_table_contains (self->used, nonce))
    return WMNET_NONCE_STALE;
  return WMNET_NONCE_OK;
}

/* RFC 7616 3.4: nc-value = 8LHEX; taken as 1 to 8 hex digits, not 0. */
static gboolean
parse_nc (const gchar * nc, guint32 * value)
{
  gsize len = nc ? strlen (nc) : 0;

  if (len == 0 || len > 8 || strspn (nc, "0123456789abcdefABCDEF") != len)
    return FALSE;
  *value = (guint32) g_ascii_strtoull (nc, NULL, 16);
  return *value != 0;
}

static gboolean
is_expired (gpointer key, gpointer value, gpointer data)
{
  WmnetNonces *self = ((gpointer *) data)[0];
  gint64 now = *(gint64 *) ((gpointer *) data)[1];

  return now - ((Used *) value)->issued >= self->lifetime;
}

/* Room for one more: the expired go first, then the oldest issued. */
static void
make_room (WmnetNonces * self, gint64 now)
{
  gpointer data[2] = { self, &now };
  GHashTableIter iter;
  gpointer key, value, oldest = NULL;
  gint64 oldest_issued = G_MAXINT64;

  if (g_hash_table_size (self->used) < self->max_used)
    return;
  g_hash_table_foreach_remove (self->used, is_expired, data);
  if (g_hash_table_size (self->used) < self->max_used)
    return;
  g_hash_table_iter_init (&iter, self->used);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    if (((Used *) value)->issued < oldest_issued) {
      oldest_issued = ((Used *) value)->issued;
      oldest = key;
    }
  }
  g_hash_table_remove (self->used, oldest);
  self->forgotten_until = MAX (self->forgotten_until, oldest_issued);
}

WmnetNonceVerdict
wmnet_nonces_use (WmnetNonces * self, const gchar * nonce, const gchar * nc,
    gint64 now)
{
  WmnetNonceVerdict v = wmnet_nonces_check (self, nonce, now);
  guint32 count;
  Used *u;

  if (v != WMNET_NONCE_OK)
    return v;
  if (!parse_nc (nc, &count))
    return WMNET_NONCE_INVALID;
  u = g_hash_table_lookup (self->used, nonce);
  if (u && count <= u->nc)
    return WMNET_NONCE_REPLAY;
  if (u == NULL) {
    gint64 issued;

    make_room (self, now);
    parse (self, nonce, &issued);
    u = g_new0 (Used, 1);
    u->issued = issued;
    g_hash_table_insert (self->used, g_strdup (nonce), u);
  }
  u->nc = count;
  return WMNET_NONCE_OK;
}
