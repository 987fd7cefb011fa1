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

/* A hash of @password in the crypt(3) method @prefix, made here. */
static gchar *
hash_of (const gchar * prefix, const gchar * password)
{
  gchar *setting = crypt_gensalt_ra (prefix, 0, NULL, 0);
  struct crypt_data *data = g_new0 (struct crypt_data, 1);
  gchar *out;

  fail_unless (setting != NULL, "%s", prefix);
  out = g_strdup (crypt_rn (password, setting, data, sizeof (*data)));
  free (setting);
  g_free (data);
  return out;
}

static gchar *
write_file (const gchar * dir, const gchar * contents)
{
  gchar *path = g_build_filename (dir, "users", NULL);

  fail_unless (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

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

  fail_unless (wmnet_auth_load_file (a, path, NULL));
  fail_unless (wmnet_auth_check_password (a, "bea", "b-pass"));
  fail_if (wmnet_auth_check_password (a, "bea", "b-pas"));
  fail_unless (wmnet_auth_check_password (a, "sam", "s-pass"));
  fail_if (wmnet_auth_check_password (a, "sam", ""));
  fail_unless (wmnet_auth_check_password (a, "tim", "t-pass"));
  fail_unless (wmnet_auth_check_password (a, "yan", "y-pass"));
  fail_if (wmnet_auth_check_password (a, "yan", "t-pass"));
  fail_unless (wmnet_auth_check_password (a, "pat", "password"));
  fail_if (wmnet_auth_check_password (a, "pat", "Password"));
  /* an htdigest user, for Basic: against the HA1 of the current realm */
  fail_unless (wmnet_auth_check_password (a, "bob", "pass2"));
  fail_if (wmnet_auth_check_password (a, "bob", "pass3"));
  fail_if (wmnet_auth_check_password (a, "nobody", "pass2"));
  fail_if (wmnet_auth_check_password (a, NULL, NULL));
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
    /* not UTF-8: the message is all the same */
    "# Latin-1\nJos\xe9:secret\n",
  };
  const guint line[] = { 1, 1, 1, 2, 1, 1, 2 };
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

static Suite *
wmnetauth_suite (void)
{
  Suite *s = suite_create ("wmnetauth");
  TCase *tc = tcase_create ("auth");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_file_forms);
  tcase_add_test (tc, test_file_refused);
  tcase_add_test (tc, test_signal_users);
  return s;
}

GST_CHECK_MAIN (wmnetauth);
