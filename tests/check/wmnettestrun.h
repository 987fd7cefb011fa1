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

/* A pipeline run to its end where any error or warning fails the test. */

#ifndef __WMNET_TEST_RUN_H__
#define __WMNET_TEST_RUN_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* Plays @pipeline to EOS and sets it to NULL; fails on an error or a
 * warning (naming its source and @what) or when no EOS came within
 * @timeout_s. */
void wmnet_test_run_clean (GstElement * pipeline, guint timeout_s,
    const gchar * what);

G_END_DECLS

#endif /* __WMNET_TEST_RUN_H__ */
