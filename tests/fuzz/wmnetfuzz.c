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

#include <string.h>

#include "wmnetfuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* the parsers need GstBuffer and GError types, not plugins */
  g_setenv ("GST_REGISTRY_DISABLE", "yes", FALSE);
  gst_init (NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  return 0;
}

gchar *
wmnet_fuzz_strndup (const guint8 * data, size_t size)
{
  return g_strndup ((const gchar *) data, size);
}

gchar **
wmnet_fuzz_lines (const guint8 * data, size_t size, gint max)
{
  gchar *text = wmnet_fuzz_strndup (data, size);
  gchar **lines = g_strsplit (text, "\n", max);

  g_free (text);
  return lines;
}

gboolean
wmnet_fuzz_take_step (const guint8 ** data, size_t *size, gsize * step)
{
  if (*size < 1)
    return FALSE;
  *step = (*data)[0] + 1;
  (*data)++;
  (*size)--;
  return TRUE;
}

void
wmnet_fuzz_check_same (const GByteArray * a, const GByteArray * b)
{
  FUZZ_CHECK (a->len == b->len);
  FUZZ_CHECK (a->len == 0 || memcmp (a->data, b->data, a->len) == 0);
}
