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

/* Fuzzes access entries (wmnetaccess.c): each input line is an entry as
 * an application or a property gives it. Checks that an accepted entry's
 * canonical form parses to itself and matches its own network address,
 * that a refusal's message is valid UTF-8, and that setting a whole list
 * is all or nothing. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetaccess.h"
#include "wmnetfuzz.h"

static void
check_entry (const gchar * text)
{
  GError *error = NULL;
  WmnetAccessEntry *e = wmnet_access_entry_parse (text, &error), *again;
  gchar *canon, *canon2, *slash;
  GInetAddress *net;

  if (e == NULL) {
    FUZZ_CHECK (error != NULL && error->domain == WMNET_ACCESS_ERROR);
    FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    g_error_free (error);
    return;
  }
  FUZZ_CHECK (error == NULL);
  canon = wmnet_access_entry_to_string (e);
  again = wmnet_access_entry_parse (canon, NULL);
  FUZZ_CHECK (again != NULL);
  canon2 = wmnet_access_entry_to_string (again);
  FUZZ_CHECK (g_str_equal (canon, canon2));
  /* "network/prefix": the network is in it */
  slash = strchr (canon, '/');
  FUZZ_CHECK (slash != NULL);
  *slash = '\0';
  net = g_inet_address_new_from_string (canon);
  FUZZ_CHECK (net != NULL);
  FUZZ_CHECK (wmnet_access_entry_matches (e, net));
  g_object_unref (net);
  g_free (canon2);
  g_free (canon);
  wmnet_access_entry_free (again);
  wmnet_access_entry_free (e);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  gchar **lines = wmnet_fuzz_lines (data, size, 16);
  static const gchar *const before[] = { "10.0.0.0/8", NULL };
  WmnetAccessList *list = wmnet_access_list_new ();
  GError *error = NULL;
  gchar **got;
  guint i, n = g_strv_length (lines);
  gboolean ok = TRUE;

  for (i = 0; i < n; i++) {
    GError *err = NULL;
    WmnetAccessEntry *e = wmnet_access_entry_parse (lines[i], &err);

    check_entry (lines[i]);
    ok = ok && e != NULL;
    g_clear_error (&err);
    if (e)
      wmnet_access_entry_free (e);
  }

  FUZZ_CHECK (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
          before, NULL));
  FUZZ_CHECK (wmnet_access_list_set (list, WMNET_ACCESS_TYPE_EXCLUDE,
          (const gchar * const *) lines, &error) == ok);
  got = wmnet_access_list_get (list, WMNET_ACCESS_TYPE_EXCLUDE);
  if (ok) {
    /* each entry's canonical form once, in first-seen order: a repeat
     * is dropped (it changes nothing the rule says) */
    GPtrArray *want = g_ptr_array_new_with_free_func (g_free);

    for (i = 0; i < n; i++) {
      WmnetAccessEntry *e = wmnet_access_entry_parse (lines[i], NULL);
      gchar *canon = wmnet_access_entry_to_string (e);
      guint j;

      for (j = 0; j < want->len; j++)
        if (g_str_equal (canon, g_ptr_array_index (want, j)))
          break;
      if (j == want->len)
        g_ptr_array_add (want, g_steal_pointer (&canon));
      g_free (canon);
      wmnet_access_entry_free (e);
    }
    FUZZ_CHECK (error == NULL && g_strv_length (got) == want->len);
    for (i = 0; i < want->len; i++)
      FUZZ_CHECK (g_str_equal (g_ptr_array_index (want, i), got[i]));
    g_ptr_array_unref (want);
  } else {
    /* unchanged */
    FUZZ_CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL));
    FUZZ_CHECK (g_strv_length (got) == 1 && g_str_equal (got[0], before[0]));
    g_error_free (error);
  }
  /* the one-entry add agrees with the parse */
  if (n > 0) {
    WmnetAccessEntry *e = wmnet_access_entry_parse (lines[0], NULL);

    FUZZ_CHECK (wmnet_access_list_add (list, WMNET_ACCESS_TYPE_INCLUDE,
            lines[0], NULL) == (e != NULL));
    if (e)
      wmnet_access_entry_free (e);
  }

  g_strfreev (got);
  wmnet_access_list_free (list);
  g_strfreev (lines);
  return 0;
}
