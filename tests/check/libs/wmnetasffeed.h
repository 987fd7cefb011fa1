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

/* Feeding bytes to a WmnetAsfStream in chunks of chosen or random sizes
 * and collecting what it cuts, for the tests of the ASF cutter. */

#ifndef __WMNET_ASF_FEED_H__
#define __WMNET_ASF_FEED_H__

#include <gst/gst.h>

#include "wmnetasfstream.h"

G_BEGIN_DECLS

typedef struct
{
  WmnetAsfItem kind;
  GBytes *bytes;
  gboolean key;
} Out;

void out_free (gpointer data);

/* Pops every item of @s into @outs (of Out). */
void collect (WmnetAsfStream * s, GPtrArray * outs);

/* Feeds @data in chunks: @chunk bytes each, or random sizes up to -@chunk
 * when negative, or all at once when 0. Returns the items; *@ok is what
 * the last push returned. */
GPtrArray *feed (WmnetAsfStream * s, const guint8 * data, gsize size,
    gint chunk, GRand * rand, gboolean * ok);

/* feed() to a new stream, which must accept everything; its stats and
 * pending bytes (each may be NULL) before it is freed. */
GPtrArray *feed_new_pending (const guint8 * data, gsize size, gint chunk,
    GRand * rand, WmnetAsfStreamStats * stats, gsize * pending);
GPtrArray *feed_new (const guint8 * data, gsize size, gint chunk,
    GRand * rand, WmnetAsfStreamStats * stats);

/* Fails the test unless @a and @b hold the same items. */
void assert_same_outs (GPtrArray * a, GPtrArray * b);

/* Whether @o is a @kind item of exactly these bytes. */
gboolean out_is (Out * o, WmnetAsfItem kind, const guint8 * data,
    gsize size);

G_END_DECLS

#endif /* __WMNET_ASF_FEED_H__ */
