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

/* Fuzzes the auth file (wmnetauth.c, the auth-file property): the input
 * is the file. Checks that a file is loaded all or nothing (a refused one
 * leaves the users loaded before, and its message is valid UTF-8), that
 * every user of a loaded file is known, and that an htdigest user's HA1
 * for the realm is the file's last line for it, which its password is
 * checked against. crypt(3) hashes are not checked here: their cost is
 * the hash's own (bcrypt's cost field). */

/* memfd_create */
#define _GNU_SOURCE

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wmnetauth.h"
#include "wmnetfuzz.h"

#define BEFORE "before:" WMNET_AUTH_DEFAULT_REALM \
  ":0123456789abcdef0123456789abcdef\n"

typedef struct
{
  gboolean hash;
  gchar *ha1;                   /* for the default realm */
} Expected;

static void
expected_free (Expected * e)
{
  g_free (e->ha1);
  g_free (e);
}

static gboolean
load (WmnetAuth * auth, const guint8 * data, gsize size, GError ** error)
{
  gint fd = memfd_create ("auth-file", 0);
  gchar *path;
  gboolean ok;

  FUZZ_CHECK (fd >= 0);
  FUZZ_CHECK (size == 0 || write (fd, data, size) == (gssize) size);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  ok = wmnet_auth_load_file (auth, path, error);
  g_free (path);
  close (fd);
  return ok;
}

/* The users the loaded file must give, as the file's form says */
static GHashTable *
expect_users (const gchar * contents)
{
  GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) expected_free);
  gchar **lines = g_strsplit (contents, "\n", -1);
  guint i;

  for (i = 0; lines[i]; i++) {
    gchar *line = g_strstrip (lines[i]);
    gchar **f;
    Expected *e;

    if (*line == '\0' || *line == '#')
      continue;
    f = g_strsplit (line, ":", 3);
    e = g_hash_table_lookup (users, f[0]);
    if (e == NULL) {
      e = g_new0 (Expected, 1);
      g_hash_table_insert (users, g_strdup (f[0]), e);
    }
    if (g_strv_length (f) == 2) {
      e->hash = TRUE;
    } else if (g_str_equal (f[1], WMNET_AUTH_DEFAULT_REALM)) {
      g_free (e->ha1);
      e->ha1 = g_ascii_strdown (f[2], -1);
    }
    g_strfreev (f);
  }
  g_strfreev (lines);
  return users;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  WmnetAuth *auth = wmnet_auth_new ();
  GError *error = NULL;
  gchar *contents = wmnet_fuzz_strndup (data, size), *ha1;

  FUZZ_CHECK (load (auth, (const guint8 *) BEFORE, strlen (BEFORE), NULL));
  if (!load (auth, data, size, &error)) {
    FUZZ_CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL));
    FUZZ_CHECK (wmnet_auth_count_users (auth, FALSE) == 1);
    ha1 = wmnet_auth_get_ha1 (auth, "before");
    FUZZ_CHECK (g_strcmp0 (ha1, "0123456789abcdef0123456789abcdef") == 0);
    g_free (ha1);
    g_error_free (error);
  } else {
    GHashTable *users = expect_users (contents);
    GHashTableIter it;
    gpointer user, value;

    FUZZ_CHECK (error == NULL);
    FUZZ_CHECK (wmnet_auth_count_users (auth, FALSE) ==
        g_hash_table_size (users));
    g_hash_table_iter_init (&it, users);
    while (g_hash_table_iter_next (&it, &user, &value)) {
      Expected *e = value;
      gchar *right;

      ha1 = wmnet_auth_get_ha1 (auth, user);
      FUZZ_CHECK (g_strcmp0 (ha1, e->ha1) == 0);
      g_free (ha1);
      if (e->hash || e->ha1 == NULL)
        continue;
      right = wmnet_auth_compute_ha1 (user, WMNET_AUTH_DEFAULT_REALM, "not it");
      FUZZ_CHECK (wmnet_auth_check_password (auth, user, "not it") ==
          g_str_equal (right, e->ha1));
      g_free (right);
    }
    g_hash_table_unref (users);
  }
  g_free (contents);
  wmnet_auth_free (auth);
  return 0;
}
