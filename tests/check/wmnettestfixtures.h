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

/* Fixtures the wmnetsink pipeline tests share: paths that cannot be
 * written, a raw client's first bytes, a refusal as the bus tells it. */

#ifndef __WMNET_TEST_FIXTURES_H__
#define __WMNET_TEST_FIXTURES_H__

#include <gst/gst.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Two paths ending in @name below wmnet_test_tmpdir (the checked fixture
 * of wmnettestutils.h) that open() cannot create: one in a directory that
 * does not exist ("No such file or directory"), one in a "directory" that
 * is a plain file ("Not a directory"); NULL-terminated. Free with
 * g_strfreev(). */
gchar **wmnet_test_unwritable_paths (const gchar * name);

/* Connects to 127.0.0.1:@port (from the address @from; NULL: any), sends
 * @request and reads until @want bytes came, failing the test when fewer
 * came within 5 s; those are in *@got. */
GSocket *wmnet_test_open_get (guint port, const gchar * from,
    const gchar * request, gsize want, GByteArray ** got);

/* Fails the test unless a wmnetsink-client-refused message comes on
 * @pipeline's bus within 5 s with @reason and (unless NULL) @address. */
void wmnet_test_assert_refused (GstElement * pipeline, const gchar * address,
    const gchar * reason);

G_END_DECLS

#endif /* __WMNET_TEST_FIXTURES_H__ */
