/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
