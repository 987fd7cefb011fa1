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

/* Fuzzes the players' LogStats reports (wmnetlogstats.c): the input is a
 * POST body. Checks that a report read gives known field names only, with
 * values of valid UTF-8 and no whitespace around them, that a refusal has
 * a message, and that the fields written back as a report read the same. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetfuzz.h"
#include "wmnetlog.h"
#include "wmnetlogstats.h"

static void
check_fields (GHashTable * fields)
{
  GHashTableIter it;
  gpointer key, value;

  FUZZ_CHECK (g_hash_table_size (fields) > 0);
  g_hash_table_iter_init (&it, fields);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    gint f = wmnet_log_field_from_name (key);
    gsize len = strlen (value);

    FUZZ_CHECK (f >= 0 && g_str_equal (wmnet_log_field_name (f), key));
    FUZZ_CHECK (g_utf8_validate (value, -1, NULL));
    FUZZ_CHECK (len == 0 || (!g_ascii_isspace (((gchar *) value)[0])
            && !g_ascii_isspace (((gchar *) value)[len - 1])));
  }
}

/* @value as XML text: a CDATA section keeps a CR that text would make a
 * line end (XML 1.0 2.11), so CRs go as character references */
static gchar *
escape (const gchar * value)
{
  gchar *esc = g_markup_escape_text (value, -1);
  gchar **parts = g_strsplit (esc, "\r", -1);
  gchar *out = g_strjoinv ("&#13;", parts);

  g_strfreev (parts);
  g_free (esc);
  return out;
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  GError *error = NULL;
  GHashTable *fields = wmnet_log_stats_parse ((const gchar *) data, size,
      &error), *again;
  GHashTableIter it;
  gpointer key, value;
  GString *xml;

  if (fields == NULL) {
    FUZZ_CHECK (error != NULL && error->message != NULL);
    g_error_free (error);
    return 0;
  }
  FUZZ_CHECK (error == NULL);
  check_fields (fields);

  /* each field as its own tag */
  xml = g_string_new ("<XML>");
  g_hash_table_iter_init (&it, fields);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    gchar *esc = escape (value);
    /* the tag of "cs(User-Agent)" is "cs-User-Agent" ([MS-WMLOG] 2.4) */
    gchar **parts = g_strsplit_set (key, "()", -1);
    gchar *tag = g_strjoinv ("-", parts);

    if (g_str_has_suffix (tag, "-"))
      tag[strlen (tag) - 1] = '\0';
    g_string_append_printf (xml, "<%s>%s</%s>", tag, esc, tag);
    g_free (tag);
    g_strfreev (parts);
    g_free (esc);
  }
  g_string_append (xml, "</XML>");
  again = wmnet_log_stats_parse (xml->str, xml->len, &error);
  FUZZ_CHECK (again != NULL);
  FUZZ_CHECK (g_hash_table_size (again) == g_hash_table_size (fields));
  g_hash_table_iter_init (&it, fields);
  while (g_hash_table_iter_next (&it, &key, &value))
    FUZZ_CHECK (g_strcmp0 (g_hash_table_lookup (again, key), value) == 0);

  g_hash_table_unref (again);
  g_string_free (xml, TRUE);
  g_hash_table_unref (fields);
  return 0;
}
