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

/* wmnetfuzz: what every libFuzzer target of tests/fuzz shares: GStreamer
 * set up once (no registry), GLib criticals fatal (an input that reaches a
 * g_return_if_fail is a bug: bad input must get a clear error), and
 * FUZZ_CHECK for the invariants each target checks. */

#ifndef __WMNET_FUZZ_H__
#define __WMNET_FUZZ_H__

#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 * data, size_t size);

/* An invariant that failed is a crash for libFuzzer (it keeps the input). */
#define FUZZ_CHECK(cond) G_STMT_START {                                 \
  if (G_UNLIKELY (!(cond))) {                                           \
    fprintf (stderr, "%s:%d: invariant failed: %s\n", __FILE__,         \
        __LINE__, #cond);                                               \
    abort ();                                                           \
  }                                                                     \
} G_STMT_END

/* The input as a NUL-terminated string (NULs inside cut it short). */
gchar *wmnet_fuzz_strndup (const guint8 * data, size_t size);

/* The input as lines, at most @max (g_strsplit (): < 1 for all). */
gchar **wmnet_fuzz_lines (const guint8 * data, size_t size, gint max);

/* The input's first byte as a piece size, 1 to 256, for feeding the rest
 * in pieces; moves @data and @size past it. FALSE for an empty input. */
gboolean wmnet_fuzz_take_step (const guint8 ** data, size_t * size,
    gsize * step);

/* FUZZ_CHECK that @a and @b hold the same bytes. */
void wmnet_fuzz_check_same (const GByteArray * a, const GByteArray * b);

G_END_DECLS

#endif /* __WMNET_FUZZ_H__ */
