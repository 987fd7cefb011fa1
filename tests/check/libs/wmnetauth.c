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

/* Unit tests of wmnetauth: the auth-file forms (htpasswd bcrypt, SHA-crypt
 * and {SHA}, htdigest) with right and wrong passwords, refused forms named
 * by line, realms, add-user/remove-user, and the HA1 that Digest needs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <crypt.h>
#include <string.h>
#include <glib/gstdio.h>

#include <gst/check/gstcheck.h>

#include "wmnetauth.h"
#include "wmnettestsuite.h"

/* A hash of @password in the crypt(3) method @prefix (cost @count, 0:
 * its default), made here. */
static gchar *
hash_cost (const gchar * prefix, gulong count, const gchar * password)
{
  gchar *setting = crypt_gensalt_ra (prefix, count, NULL, 0);
  struct crypt_data *data = g_new0 (struct crypt_data, 1);
  gchar *out;

  fail_unless (setting != NULL, "%s", prefix);
  out = g_strdup (crypt_rn (password, setting, data, sizeof (*data)));
  free (setting);
  g_free (data);
  return out;
}

static gchar *
hash_of (const gchar * prefix, const gchar * password)
{
  return hash_cost (prefix, 0, password);
}

static gchar *
write_file (const gchar * dir, const gchar * contents)
{
  gchar *path = g_build_filename (dir, "users", NULL);

  fail_unless (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* Basic passwords against the file test_file_forms writes */
static const struct
{
  const gchar *user, *pass;
  gboolean ok;
} basic_checks[] = {
  {"bea", "b-pass", TRUE},
  {"bea", "b-pas", FALSE},
  {"sam", "s-pass", TRUE},
  {"sam", "", FALSE},
  {"tim", "t-pass", TRUE},
  {"yan", "y-pass", TRUE},
  {"yan", "t-pass", FALSE},
  {"pat", "password", TRUE},
  {"pat", "Password", FALSE},
  /* an htdigest user, for Basic: against the HA1 of the current realm */
  {"bob", "pass2", TRUE},
  {"bob", "pass3", FALSE},
  {"nobody", "pass2", FALSE},
  {NULL, NULL, FALSE},
};

GST_START_TEST (test_file_forms)
{
  gchar *dir = g_dir_make_tmp ("wmnetauth-XXXXXX", NULL);
  gchar *bcrypt = hash_of ("$2b$", "b-pass");
  gchar *sha512 = hash_of ("$6$", "s-pass");
  gchar *sha256 = hash_of ("$5$", "t-pass");
  /* htpasswd -B writes $2y$ */
  gchar *bcrypt_y = hash_of ("$2y$", "y-pass");
  gchar *contents = g_strdup_printf ("# users\n\nbea:%s\nsam:%s\r\n"
      "tim:%s\npat:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"
      "bob:wmnetsink:ae84e4bcb2a9c9d69cc062630bf1f589\n"
      "bob:other:00000000000000000000000000000000\nyan:%s\n", bcrypt, sha512,
      sha256, bcrypt_y);
  gchar *path = write_file (dir, contents);
  WmnetAuth *a = wmnet_auth_new ();
  gchar *ha1;
  guint i;

  fail_unless (wmnet_auth_load_file (a, path, NULL));
  for (i = 0; i < G_N_ELEMENTS (basic_checks); i++)
    fail_unless (!wmnet_auth_check_password (a, basic_checks[i].user,
            basic_checks[i].pass) == !basic_checks[i].ok, "%s / %s: not %d",
        GST_STR_NULL (basic_checks[i].user),
        GST_STR_NULL (basic_checks[i].pass), basic_checks[i].ok);
  /* Digest: only htdigest users of the realm give an HA1 */
  ha1 = wmnet_auth_get_ha1 (a, "bob");
  fail_unless_equals_string (ha1, "ae84e4bcb2a9c9d69cc062630bf1f589");
  g_free (ha1);
  fail_unless (wmnet_auth_get_ha1 (a, "bea") == NULL);
  fail_unless_equals_int (wmnet_auth_count_users (a, FALSE), 6);
  fail_unless_equals_int (wmnet_auth_count_users (a, TRUE), 1);
  wmnet_auth_set_realm (a, "other");
  ha1 = wmnet_auth_get_ha1 (a, "bob");
  fail_unless_equals_string (ha1, "00000000000000000000000000000000");
  g_free (ha1);
  fail_if (wmnet_auth_check_password (a, "bob", "pass2"));
  /* NULL: no file users */
  fail_unless (wmnet_auth_load_file (a, NULL, NULL));
  fail_if (wmnet_auth_check_password (a, "sam", "s-pass"));

  wmnet_auth_free (a);
  g_unlink (path);
  g_free (path);
  g_free (contents);
  g_free (bcrypt);
  g_free (sha512);
  g_free (sha256);
  g_free (bcrypt_y);
  g_rmdir (dir);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_file_refused)
{
  const gchar *bad[] = {
    "apr:$apr1$abcdefgh$0123456789012345678901\n",
    "des:abJnggxhB/yWI\n",
    "plain:secret\n",
    "ok:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nshort:realm:abc\n",
    ":{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n",
    "nocolon\n",
    /* a line without ':' may be a bare password: never quoted */
    "hunter2-secret\n",
    /* not UTF-8: the message is all the same */
    "# Latin-1\nJos\xe9:secret\n",
  };
  const guint line[] = { 1, 1, 1, 2, 1, 1, 1, 2 };
  gchar *dir = g_dir_make_tmp ("wmnetauth-XXXXXX", NULL);
  WmnetAuth *a = wmnet_auth_new ();
  gchar *good = write_file (dir, "pat:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
  guint i;

  fail_unless (wmnet_auth_load_file (a, good, NULL));
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *path = write_file (dir, bad[i]);
    gchar *where = g_strdup_printf ("line %u", line[i]);
    GError *error = NULL;

    fail_if (wmnet_auth_load_file (a, path, &error), "%s", bad[i]);
    fail_unless (strstr (error->message, where) != NULL, "%s", error->message);
    fail_unless (strstr (error->message, path) != NULL);
    fail_unless (g_utf8_validate (error->message, -1, NULL), "%s", bad[i]);
    fail_if (strstr (error->message, "hunter2") != NULL, "%s", error->message);
    g_error_free (error);
    g_free (where);
    g_free (path);
    /* the users before stay */
    fail_unless (wmnet_auth_check_password (a, "pat", "password"));
  }
  fail_if (wmnet_auth_load_file (a, "/nonexistent/users", NULL));
  wmnet_auth_free (a);
  g_unlink (good);
  g_free (good);
  g_rmdir (dir);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_signal_users)
{
  WmnetAuth *a = wmnet_auth_new ();
  gchar *ha1, *expect;
  GError *error = NULL;

  fail_unless (wmnet_auth_add_user (a, "ann", "pw", NULL));
  fail_unless (wmnet_auth_check_password (a, "ann", "pw"));
  fail_if (wmnet_auth_check_password (a, "ann", "pw "));
  /* Digest: HA1 of the current realm */
  ha1 = wmnet_auth_get_ha1 (a, "ann");
  expect = wmnet_auth_compute_ha1 ("ann", WMNET_AUTH_DEFAULT_REALM, "pw");
  fail_unless_equals_string (ha1, expect);
  g_free (ha1);
  g_free (expect);
  /* replaced */
  fail_unless (wmnet_auth_add_user (a, "ann", "new", NULL));
  fail_if (wmnet_auth_check_password (a, "ann", "pw"));
  fail_unless (wmnet_auth_remove_user (a, "ann"));
  fail_if (wmnet_auth_remove_user (a, "ann"));
  fail_if (wmnet_auth_check_password (a, "ann", "new"));
  fail_if (wmnet_auth_remove_user (a, NULL));
  /* bad names */
  fail_if (wmnet_auth_add_user (a, "a:b", "x", &error));
  fail_unless (strstr (error->message, "a:b") != NULL);
  g_clear_error (&error);
  fail_if (wmnet_auth_add_user (a, "", "x", NULL));
  fail_if (wmnet_auth_add_user (a, NULL, "x", NULL));
  fail_if (wmnet_auth_add_user (a, "x", NULL, NULL));
  /* the known htdigest vector */
  ha1 = wmnet_auth_compute_ha1 ("bob", "wmnetsink", "pass2");
  fail_unless_equals_string (ha1, "ae84e4bcb2a9c9d69cc062630bf1f589");
  g_free (ha1);
  /* the enum */
  fail_unless_equals_string (g_type_name (WMNET_TYPE_AUTH_MODE),
      "GstWmnetAuth");
  wmnet_auth_free (a);
}

GST_END_TEST;

typedef struct
{
  guint calls;
  gboolean ok;
} Done;

static void
on_done (gboolean ok, gpointer data)
{
  Done *d = data;

  d->calls++;
  d->ok = ok;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @ctx until @d has been called, for at most 30 s. */
static void
wait_done (GMainContext * ctx, Done * d)
{
  gboolean late = FALSE;
  GSource *t = g_timeout_source_new_seconds (30);

  g_source_set_callback (t, set_flag, &late, NULL);
  g_source_attach (t, ctx);
  while (d->calls == 0 && !late)
    g_main_context_iteration (ctx, TRUE);
  g_source_destroy (t);
  g_source_unref (t);
  fail_unless_equals_int (d->calls, 1);
}

/* carl's @password checked by @a is queued, and answered @ok once @ctx
 * runs the verdict posted through @mb. */
static void
check_queued (WmnetAuth * a, WmnetMailbox * mb, GMainContext * ctx,
    const gchar * password, gboolean ok)
{
  WmnetAuthJob *job;
  Done d = { 0 };

  fail_unless_equals_int (wmnet_auth_check_password_async (a, "carl",
          password, wmnet_mailbox_post, mb, on_done, &d, &job),
      WMNET_AUTH_CHECK_QUEUED);
  wait_done (ctx, &d);
  fail_unless_equals_int (d.ok, ok);
}

/* crypt(3) checks leave the caller at once and answer in its context; a
 * success is remembered until the users change; the cheap forms answer at
 * once; a cancelled check never answers; too many waiting is busy. */
GST_START_TEST (test_async)
{
  gchar *dir = g_dir_make_tmp ("wmnetauth-XXXXXX", NULL);
  gchar *hash = hash_cost ("$2b$", 8, "right");
  /* slow: a bcrypt of cost 12, about 0.3 s a check, so that the bound
   * below holds while the checks run, however loaded the machine */
  gchar *text = g_strdup_printf ("carl:%s\nbob:wmnetsink:"
      "ae84e4bcb2a9c9d69cc062630bf1f589\nslow:$2b$12$lB5HqceywLRXV8MU9doG7e"
      "BEUtxjahoCYzmXGfqNhXnjAScpaCEB6\n", hash);
  gchar *path = write_file (dir, text);
  WmnetAuth *a = wmnet_auth_new (), *b = wmnet_auth_new ();
  GMainContext *ctx = g_main_context_new ();
  /* the verdicts come back through a mailbox on @ctx, as to a thread of
   * an element */
  WmnetMailbox *mb = wmnet_mailbox_new (ctx);
  WmnetAuthJob *job, *jobs[WMNET_AUTH_MAX_CHECKS + WMNET_AUTH_MAX_WAITING];
  Done d = { 0 }, cancelled = { 0 }, many = { 0 };
  guint i;

  fail_unless (wmnet_auth_load_file (a, path, NULL));
  g_main_context_push_thread_default (ctx);

  fail_unless_equals_int (wmnet_auth_check_password_async (a, "carl",
          "right", wmnet_mailbox_post, mb, on_done, &d, &job),
      WMNET_AUTH_CHECK_QUEUED);
  fail_unless (job != NULL);
  fail_unless_equals_int (d.calls, 0);
  wait_done (ctx, &d);
  fail_unless (d.ok);
  /* remembered: at once */
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "carl",
          "right", wmnet_mailbox_post, mb, on_done, &d, &job),
      WMNET_AUTH_CHECK_OK);
  fail_unless (job == NULL);
  /* a failure is not */
  check_queued (a, mb, ctx, "wrong", FALSE);
  check_queued (a, mb, ctx, "wrong", FALSE);
  /* a change of users forgets the successes */
  fail_unless (wmnet_auth_add_user (a, "ann", "pw", NULL));
  check_queued (a, mb, ctx, "right", TRUE);
  wmnet_auth_set_realm (a, "wmnetsink");
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "carl",
          "right", wmnet_mailbox_post, mb, on_done, &d, &job),
      WMNET_AUTH_CHECK_QUEUED);
  wmnet_auth_job_cancel (job);

  /* no crypt(3): at once */
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "ann", "pw",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_OK);
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "ann", "no",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_REFUSED);
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "bob", "pass2",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_OK);
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "bob", "no",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_REFUSED);
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "nobody", "x",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_REFUSED);
  fail_unless_equals_int (wmnet_auth_check_password_async (a, NULL, "x",
          wmnet_mailbox_post, mb, on_done, &d, &job), WMNET_AUTH_CHECK_REFUSED);

  /* the check cancelled above may have run all the same and remembered
   * its success (valgrind's threads often do): a change of users forgets
   * it, as it does one that ends later, so carl's next check runs */
  wmnet_auth_set_realm (a, "wmnetsink");
  /* cancelled: never answers, while the next one does */
  fail_unless_equals_int (wmnet_auth_check_password_async (a, "carl",
          "wrong", wmnet_mailbox_post, mb, on_done, &cancelled, &job),
      WMNET_AUTH_CHECK_QUEUED);
  wmnet_auth_job_cancel (job);
  check_queued (a, mb, ctx, "right", TRUE);
  fail_unless_equals_int (cancelled.calls, 0);

  /* the cancelled check may still run in @a */
  wmnet_auth_free (a);

  /* bounded: those running and waiting, then busy; counted from none
   * running (a check is counted out before it answers) */
  fail_unless (wmnet_auth_load_file (b, path, NULL));
  check_queued (b, mb, ctx, "right", TRUE);
  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    fail_unless_equals_int (wmnet_auth_check_password_async (b, "slow",
            "wrong", wmnet_mailbox_post, mb, on_done, &many, &jobs[i]),
        WMNET_AUTH_CHECK_QUEUED);
  fail_unless_equals_int (wmnet_auth_check_password_async (b, "slow", "wrong",
          wmnet_mailbox_post, mb, on_done, &many, &job), WMNET_AUTH_CHECK_BUSY);
  fail_unless (job == NULL);
  /* a remembered success is not held up by them */
  fail_unless_equals_int (wmnet_auth_check_password_async (b, "carl",
          "right", wmnet_mailbox_post, mb, on_done, &d, &job),
      WMNET_AUTH_CHECK_OK);
  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    wmnet_auth_job_cancel (jobs[i]);

  /* freeing waits for the checks running, skips the others */
  wmnet_auth_free (b);
  while (g_main_context_iteration (ctx, FALSE));
  fail_unless_equals_int (many.calls, 0);
  wmnet_mailbox_free (mb);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (text);
  g_free (hash);
  g_free (dir);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetauth, 0,
    WMNET_TEST (test_file_forms),
    WMNET_TEST (test_file_refused),
    WMNET_TEST (test_signal_users), WMNET_TEST (test_async));
