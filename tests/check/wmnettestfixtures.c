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

/* Fixtures of the wmnetsink pipeline tests (see wmnettestfixtures.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/check/gstcheck.h>

#include "wmnettestfixtures.h"
#include "wmnettestutils.h"

gchar **
wmnet_test_unwritable_paths (const gchar * name)
{
  gchar *file = g_build_filename (wmnet_test_tmpdir, "plain", NULL);
  gchar **paths = g_new0 (gchar *, 3);

  fail_unless (g_file_set_contents (file, "x", 1, NULL));
  paths[0] = g_build_filename (wmnet_test_tmpdir, "missing", name, NULL);
  paths[1] = g_build_filename (file, name, NULL);
  g_free (file);
  return paths;
}

GSocket *
wmnet_test_open_get (guint port, const gchar * from, const gchar * request,
    gsize want, GByteArray ** got)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, from, NULL);

  fail_unless (sock != NULL, "no connection from %s", from ? from : "any");
  fail_unless (wmnet_test_send_all (sock, request, strlen (request)));
  *got = wmnet_test_recv (sock, want, 5000);
  fail_unless ((*got)->len >= want, "%u bytes of %" G_GSIZE_FORMAT,
      (*got)->len, want);
  return sock;
}

void
wmnet_test_assert_refused (GstElement * pipeline, const gchar * address,
    const gchar * reason)
{
  GstStructure *msg = wmnet_test_pop_element_message (pipeline,
      "wmnetsink-client-refused", 5000);

  fail_unless (msg != NULL, "no refusal (%s) in 5 s", reason);
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"), reason);
  if (address)
    fail_unless_equals_string (gst_structure_get_string (msg, "address"),
        address);
  gst_structure_free (msg);
}
