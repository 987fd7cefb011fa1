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

#include <crypt.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "wmnetauth.h"

typedef struct
{
  gchar *hash;                  /* htpasswd form, NULL when none */
  GHashTable *ha1;              /* realm -> HA1 (htdigest), NULL when none */
} FileUser;

struct _WmnetAuth
{
  GMutex lock;
  WmnetAuthMode mode;
  gchar *realm;
  GHashTable *file_users;       /* user -> FileUser */
  GHashTable *signal_users;     /* user -> password */
  /* crypt(3) checks: the threads, how many run or wait, and the successes
   * remembered (key_of -> expiry, monotonic µs) since users last changed */
  GThreadPool *pool;
  guint n_checks;
  guint8 cache_key[32];
  GHashTable *cache;
  guint64 generation;
};

struct _WmnetAuthJob
{
  gint ref;
  gchar *user, *password, *hash, *ha1, *realm;
  guint64 generation;
  /* how the verdict gets back to the caller's thread */
  WmnetPostFunc post;
  gpointer target;
  WmnetAuthDone done;
  gpointer user_data;
  GMutex lock;
  gboolean cancelled;
  gboolean ok;
};

GType
wmnet_auth_mode_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {WMNET_AUTH_NONE, "No authentication", "none"},
    {WMNET_AUTH_BASIC, "HTTP Basic (RFC 7617)", "basic"},
    {WMNET_AUTH_DIGEST, "HTTP Digest, MD5 (RFC 7616)", "digest"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType t = g_enum_register_static ("GstWmnetAuth", values);
    g_once_init_leave (&id, t);
  }
  return id;
}

static void
file_user_free (FileUser * u)
{
  g_free (u->hash);
  if (u->ha1)
    g_hash_table_unref (u->ha1);
  g_free (u);
}

static void
password_free (gchar * p)
{
  memset (p, 0, strlen (p));
  g_free (p);
}

/* Under the lock: the users changed, what was checked no longer holds. */
static void
users_changed (WmnetAuth * a)
{
  g_hash_table_remove_all (a->cache);
  a->generation++;
}

static GHashTable *
file_users_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) file_user_free);
}

static void check_job (gpointer data, gpointer user_data);

WmnetAuth *
wmnet_auth_new (void)
{
  WmnetAuth *a = g_new0 (WmnetAuth, 1);

  g_mutex_init (&a->lock);
  a->realm = g_strdup (WMNET_AUTH_DEFAULT_REALM);
  a->file_users = file_users_new ();
  a->signal_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) password_free);
  a->pool = g_thread_pool_new (check_job, a, WMNET_AUTH_MAX_CHECKS, FALSE,
      NULL);
  /* the kernel's CSPRNG: up to 256 bytes always come whole (getrandom(2)) */
  if (getrandom (a->cache_key, sizeof (a->cache_key), 0) !=
      sizeof (a->cache_key))
    g_error ("getrandom failed: %s", g_strerror (errno));
  a->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return a;
}

void
wmnet_auth_free (WmnetAuth * a)
{
  /* the jobs left were cancelled: the one running finishes, the others
   * are skipped */
  g_thread_pool_free (a->pool, FALSE, TRUE);
  g_hash_table_unref (a->cache);
  memset (a->cache_key, 0, sizeof (a->cache_key));
  g_hash_table_unref (a->file_users);
  g_hash_table_unref (a->signal_users);
  g_free (a->realm);
  g_mutex_clear (&a->lock);
  g_free (a);
}

void
wmnet_auth_set_mode (WmnetAuth * a, WmnetAuthMode mode)
{
  g_mutex_lock (&a->lock);
  a->mode = mode;
  g_mutex_unlock (&a->lock);
}

WmnetAuthMode
wmnet_auth_get_mode (WmnetAuth * a)
{
  WmnetAuthMode m;

  g_mutex_lock (&a->lock);
  m = a->mode;
  g_mutex_unlock (&a->lock);
  return m;
}

void
wmnet_auth_set_realm (WmnetAuth * a, const gchar * realm)
{
  g_mutex_lock (&a->lock);
  g_free (a->realm);
  a->realm = g_strdup (realm && *realm ? realm : WMNET_AUTH_DEFAULT_REALM);
  users_changed (a);
  g_mutex_unlock (&a->lock);
}

gchar *
wmnet_auth_get_realm (WmnetAuth * a)
{
  gchar *r;

  g_mutex_lock (&a->lock);
  r = g_strdup (a->realm);
  g_mutex_unlock (&a->lock);
  return r;
}

gchar *
wmnet_auth_compute_ha1 (const gchar * user, const gchar * realm,
    const gchar * password)
{
  GChecksum *md5 = g_checksum_new (G_CHECKSUM_MD5);
  gchar *hex;

  g_checksum_update (md5, (const guchar *) user, -1);
  g_checksum_update (md5, (const guchar *) ":", 1);
  g_checksum_update (md5, (const guchar *) realm, -1);
  g_checksum_update (md5, (const guchar *) ":", 1);
  g_checksum_update (md5, (const guchar *) password, -1);
  hex = g_strdup (g_checksum_get_string (md5));
  g_checksum_free (md5);
  return hex;
}

/* No early exit on the first difference. */
static gboolean
equal_const_time (const gchar * a, const gchar * b)
{
  gsize la = strlen (a), lb = strlen (b), i;
  guint8 diff = la != lb;

  for (i = 0; i < MIN (la, lb); i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

/* Apache's {SHA}: base64 of the SHA-1 of the password. */
static gboolean
check_sha (const gchar * hash, const gchar * password)
{
  GChecksum *sha = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof (digest);
  gchar *b64;
  gboolean ok;

  g_checksum_update (sha, (const guchar *) password, -1);
  g_checksum_get_digest (sha, digest, &len);
  g_checksum_free (sha);
  b64 = g_base64_encode (digest, len);
  ok = equal_const_time (b64, hash + 5);
  g_free (b64);
  return ok;
}

static gboolean
check_hash (const gchar * hash, const gchar * password)
{
  struct crypt_data *data;
  const gchar *out;
  gboolean ok;

  if (g_str_has_prefix (hash, "{SHA}"))
    return check_sha (hash, password);
  /* crypt_data is 32 KiB: not on the server thread's stack */
  data = g_new0 (struct crypt_data, 1);
  out = crypt_rn (password, hash, data, sizeof (*data));
  ok = out != NULL && out[0] != '*' && equal_const_time (out, hash);
  g_free (data);
  return ok;
}

/* A form crypt(3) here verifies, or {SHA}. */
static gboolean
hash_is_supported (const gchar * hash)
{
  gint r;

  if (g_str_has_prefix (hash, "{SHA}"))
    return strlen (hash) == 5 + 28;
  if (hash[0] != '$')
    return FALSE;               /* DES crypt, plain text */
  r = crypt_checksalt (hash);
  return r == CRYPT_SALT_OK || r == CRYPT_SALT_METHOD_LEGACY;
}

static gboolean
is_ha1 (const gchar * s)
{
  return strlen (s) == 32 && strspn (s, "0123456789abcdefABCDEF") == 32;
}

gboolean
wmnet_auth_load_file (WmnetAuth * a, const gchar * path, GError ** error)
{
  gchar *contents = NULL;
  gchar **lines;
  GHashTable *users;
  guint i;

  if (path == NULL || *path == '\0') {
    users = file_users_new ();
    goto swap;
  }
  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  users = file_users_new ();
  lines = g_strsplit (contents, "\n", -1);
  g_free (contents);
  for (i = 0; lines[i]; i++) {
    gchar *line = g_strstrip (lines[i]);
    gchar **f;
    FileUser *u;
    guint n;

    if (*line == '\0' || *line == '#')
      continue;
    f = g_strsplit (line, ":", 3);
    n = g_strv_length (f);
    if (n < 2 || *f[0] == '\0' || (n == 2 && !hash_is_supported (f[1]))
        || (n == 3 && !is_ha1 (f[2]))) {
      /* the message is UTF-8 whatever the file's bytes and name */
      gchar *name = g_filename_display_name (path);
      /* a line without ':' may be a bare password: it is not quoted */
      gchar *user = g_utf8_make_valid (n >= 2 ? f[0] : "", -1);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
          "%s line %u (user '%s'): not an htpasswd line (bcrypt $2y$, "
          "SHA-crypt $5$/$6$, $y$, $1$ or {SHA}) nor an htdigest line "
          "(user:realm:32 hex digits)", name, i + 1, user);
      g_free (user);
      g_free (name);
      g_strfreev (f);
      g_strfreev (lines);
      g_hash_table_unref (users);
      return FALSE;
    }
    u = g_hash_table_lookup (users, f[0]);
    if (u == NULL) {
      u = g_new0 (FileUser, 1);
      g_hash_table_insert (users, g_strdup (f[0]), u);
    }
    if (n == 2) {
      g_free (u->hash);
      u->hash = g_strdup (f[1]);
    } else {
      if (u->ha1 == NULL)
        u->ha1 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
            g_free);
      g_hash_table_insert (u->ha1, g_strdup (f[1]), g_ascii_strdown (f[2], -1));
    }
    g_strfreev (f);
  }
  g_strfreev (lines);
swap:
  g_mutex_lock (&a->lock);
  g_hash_table_unref (a->file_users);
  a->file_users = users;
  users_changed (a);
  g_mutex_unlock (&a->lock);
  return TRUE;
}

gboolean
wmnet_auth_add_user (WmnetAuth * a, const gchar * user, const gchar * password,
    GError ** error)
{
  if (user == NULL || *user == '\0' || strchr (user, ':') || password == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "Invalid user '%s': a user name is not empty and has no ':', and "
        "the password is not NULL", user ? user : "(null)");
    return FALSE;
  }
  g_mutex_lock (&a->lock);
  g_hash_table_insert (a->signal_users, g_strdup (user), g_strdup (password));
  users_changed (a);
  g_mutex_unlock (&a->lock);
  return TRUE;
}

gboolean
wmnet_auth_remove_user (WmnetAuth * a, const gchar * user)
{
  gboolean found;

  if (user == NULL)
    return FALSE;
  g_mutex_lock (&a->lock);
  found = g_hash_table_remove (a->signal_users, user);
  users_changed (a);
  g_mutex_unlock (&a->lock);
  return found;
}

/* A file user's password against its htpasswd @hash and/or its HA1 for
 * @realm (either may be NULL); crypt(3) takes its time. */
static gboolean
check_file_user (const gchar * hash, const gchar * ha1, const gchar * user,
    const gchar * realm, const gchar * password)
{
  gboolean ok = FALSE;

  if (hash)
    ok = check_hash (hash, password);
  if (!ok && ha1) {
    gchar *mine = wmnet_auth_compute_ha1 (user, realm, password);

    ok = equal_const_time (mine, ha1);
    g_free (mine);
  }
  return ok;
}

/* Under the lock: what @user's password is checked against. TRUE when
 * the answer is known already (*ok): an add-user user or no such user. */
static gboolean
look_up (WmnetAuth * a, const gchar * user, const gchar * password,
    gboolean * ok, gchar ** hash, gchar ** ha1)
{
  const gchar *given = g_hash_table_lookup (a->signal_users, user);
  FileUser *u;

  *hash = *ha1 = NULL;
  if (given) {
    *ok = equal_const_time (given, password);
    return TRUE;
  }
  u = g_hash_table_lookup (a->file_users, user);
  if (u == NULL) {
    *ok = FALSE;
    return TRUE;
  }
  *hash = g_strdup (u->hash);
  *ha1 = u->ha1 ? g_strdup (g_hash_table_lookup (u->ha1, a->realm)) : NULL;
  return FALSE;
}

gboolean
wmnet_auth_check_password (WmnetAuth * a, const gchar * user,
    const gchar * password)
{
  gchar *hash, *ha1, *realm;
  gboolean ok;

  if (user == NULL || password == NULL)
    return FALSE;
  g_mutex_lock (&a->lock);
  realm = g_strdup (a->realm);
  if (look_up (a, user, password, &ok, &hash, &ha1)) {
    g_mutex_unlock (&a->lock);
    g_free (realm);
    return ok;
  }
  g_mutex_unlock (&a->lock);

  /* crypt(3) takes its time (bcrypt: tens of ms): not under the lock */
  ok = check_file_user (hash, ha1, user, realm, password);
  g_free (hash);
  g_free (ha1);
  g_free (realm);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* checks off the caller's thread */

/* The cache's key of @user and @password: HMAC-SHA-256 under the random
 * key, so that the table holds no password. */
static gchar *
key_of (WmnetAuth * a, const gchar * user, const gchar * password)
{
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, a->cache_key,
      sizeof (a->cache_key));
  gchar *key;

  /* the NUL keeps "a" + "b:c" apart from "a:b" + "c" */
  g_hmac_update (hmac, (const guchar *) user, strlen (user) + 1);
  g_hmac_update (hmac, (const guchar *) password, -1);
  key = g_strdup (g_hmac_get_string (hmac));
  g_hmac_unref (hmac);
  return key;
}

static gboolean
cache_expired (gpointer key, gpointer value, gpointer now)
{
  return *(gint64 *) value <= *(gint64 *) now;
}

/* Under the lock: TRUE when @key was checked and is still remembered. */
static gboolean
cache_holds (WmnetAuth * a, const gchar * key, gint64 now)
{
  gint64 *expiry = g_hash_table_lookup (a->cache, key);

  return expiry && *expiry > now;
}

/* Under the lock; a full cache drops the expired, then takes no more
 * until they expire. */
static void
cache_add (WmnetAuth * a, const gchar * key, gint64 now)
{
  gint64 *expiry;

  if (g_hash_table_size (a->cache) >= WMNET_AUTH_CACHE_MAX)
    g_hash_table_foreach_remove (a->cache, cache_expired, &now);
  if (g_hash_table_size (a->cache) >= WMNET_AUTH_CACHE_MAX)
    return;
  expiry = g_new (gint64, 1);
  *expiry = now + WMNET_AUTH_CACHE_TIME;
  g_hash_table_insert (a->cache, g_strdup (key), expiry);
}

static WmnetAuthJob *
job_ref (WmnetAuthJob * job)
{
  g_atomic_int_inc (&job->ref);
  return job;
}

static void
job_unref (gpointer data)
{
  WmnetAuthJob *job = data;

  if (!g_atomic_int_dec_and_test (&job->ref))
    return;
  g_free (job->user);
  password_free (job->password);
  g_free (job->hash);
  g_free (job->ha1);
  g_free (job->realm);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* On the caller's thread: the verdict, unless cancelled. */
static void
job_dispatch (gpointer data)
{
  WmnetAuthJob *job = data;
  gboolean cancelled;

  g_mutex_lock (&job->lock);
  cancelled = job->cancelled;
  g_mutex_unlock (&job->lock);
  if (!cancelled) {
    job->done (job->ok, job->user_data);
    job_unref (job);            /* the caller's */
  }
}

/* On a pool thread. */
static void
check_job (gpointer data, gpointer user_data)
{
  WmnetAuthJob *job = data;
  WmnetAuth *a = user_data;
  gboolean cancelled;

  g_mutex_lock (&job->lock);
  cancelled = job->cancelled;
  g_mutex_unlock (&job->lock);
  if (!cancelled)
    job->ok = check_file_user (job->hash, job->ha1, job->user, job->realm,
        job->password);

  g_mutex_lock (&a->lock);
  a->n_checks--;
  /* a success for users that have changed since proves nothing */
  if (job->ok && job->generation == a->generation) {
    gchar *key = key_of (a, job->user, job->password);

    cache_add (a, key, g_get_monotonic_time ());
    g_free (key);
  }
  g_mutex_unlock (&a->lock);

  /* under the job's lock: once cancelled, nothing more is posted (the
   * caller may be about to stop its thread) */
  g_mutex_lock (&job->lock);
  if (!job->cancelled)
    job->post (job->target, job_dispatch, job_ref (job), job_unref);
  g_mutex_unlock (&job->lock);
  job_unref (job);              /* the pool's */
}

WmnetAuthCheck
wmnet_auth_check_password_async (WmnetAuth * a, const gchar * user,
    const gchar * password, WmnetPostFunc post, gpointer target,
    WmnetAuthDone done, gpointer user_data, WmnetAuthJob ** out)
{
  gchar *hash, *ha1, *key;
  gboolean ok;
  WmnetAuthJob *job;

  *out = NULL;
  if (user == NULL || password == NULL)
    return WMNET_AUTH_CHECK_REFUSED;
  g_mutex_lock (&a->lock);
  if (look_up (a, user, password, &ok, &hash, &ha1)) {
    g_mutex_unlock (&a->lock);
    return ok ? WMNET_AUTH_CHECK_OK : WMNET_AUTH_CHECK_REFUSED;
  }
  if (hash == NULL || g_str_has_prefix (hash, "{SHA}")) {
    /* a hash or two, no crypt(3): at once */
    gchar *realm = g_strdup (a->realm);

    g_mutex_unlock (&a->lock);
    ok = check_file_user (hash, ha1, user, realm, password);
    g_free (realm);
    g_free (hash);
    g_free (ha1);
    return ok ? WMNET_AUTH_CHECK_OK : WMNET_AUTH_CHECK_REFUSED;
  }
  key = key_of (a, user, password);
  ok = cache_holds (a, key, g_get_monotonic_time ());
  g_free (key);
  if (ok || a->n_checks >= WMNET_AUTH_MAX_CHECKS + WMNET_AUTH_MAX_WAITING) {
    g_mutex_unlock (&a->lock);
    g_free (hash);
    g_free (ha1);
    return ok ? WMNET_AUTH_CHECK_OK : WMNET_AUTH_CHECK_BUSY;
  }
  job = g_new0 (WmnetAuthJob, 1);
  job->ref = 2;                 /* the pool's and the caller's */
  job->user = g_strdup (user);
  job->password = g_strdup (password);
  job->hash = hash;
  job->ha1 = ha1;
  job->realm = g_strdup (a->realm);
  job->generation = a->generation;
  job->post = post;
  job->target = target;
  job->done = done;
  job->user_data = user_data;
  g_mutex_init (&job->lock);
  a->n_checks++;
  g_mutex_unlock (&a->lock);
  g_thread_pool_push (a->pool, job, NULL);
  *out = job;
  return WMNET_AUTH_CHECK_QUEUED;
}

void
wmnet_auth_job_cancel (WmnetAuthJob * job)
{
  g_mutex_lock (&job->lock);
  job->cancelled = TRUE;
  g_mutex_unlock (&job->lock);
  job_unref (job);              /* the caller's */
}

gchar *
wmnet_auth_get_ha1 (WmnetAuth * a, const gchar * user)
{
  const gchar *given;
  FileUser *u;
  gchar *ha1 = NULL;

  if (user == NULL)
    return NULL;
  g_mutex_lock (&a->lock);
  given = g_hash_table_lookup (a->signal_users, user);
  if (given)
    ha1 = wmnet_auth_compute_ha1 (user, a->realm, given);
  else if ((u = g_hash_table_lookup (a->file_users, user)) && u->ha1)
    ha1 = g_strdup (g_hash_table_lookup (u->ha1, a->realm));
  g_mutex_unlock (&a->lock);
  return ha1;
}

static void
count_user (gpointer key, gpointer value, gpointer data)
{
  gpointer *args = data;
  WmnetAuth *a = args[0];
  guint *n = args[1];
  FileUser *u = value;

  if (args[2] == NULL || (u->ha1 && g_hash_table_lookup (u->ha1, a->realm)))
    if (!g_hash_table_contains (a->signal_users, key))
      (*n)++;
}

guint
wmnet_auth_count_users (WmnetAuth * a, gboolean digest_capable)
{
  guint n;
  gpointer args[3] = { a, &n, digest_capable ? a : NULL };

  g_mutex_lock (&a->lock);
  n = g_hash_table_size (a->signal_users);
  g_hash_table_foreach (a->file_users, count_user, args);
  g_mutex_unlock (&a->lock);
  return n;
}
