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

/* The head screen's harness, shared by libs/wmnetheadscreen and the
 * headscreen fuzz target (no GstCheck here: the fuzz target has none):
 * bytes through a WmnetScreenedStream over a memory stream, read as
 * libsoup reads them. */

#ifndef __WMNET_TEST_SCREEN_H__
#define __WMNET_TEST_SCREEN_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GByteArray *out;              /* what came through */
  const gchar *problem;         /* wmnet_head_screen_get_problem () */
  gboolean done;                /* wmnet_head_screen_is_done () */
  gboolean can_poll;            /* the screened input stream can poll */
  gboolean read_failed;         /* a read ended in an error */
} WmnetTestScreened;

/* Feeds @size bytes of @data, @step bytes arriving at a time (0: all at
 * once), through a new screen, read @count bytes at a time to the end.
 * Free @res->out with g_byte_array_unref (). */
void wmnet_test_screen_read (const guint8 * data, gsize size, gsize step,
    gsize count, WmnetTestScreened * res);

G_END_DECLS

#endif /* __WMNET_TEST_SCREEN_H__ */
