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

/* gstwmnetsinkpriv.h: what the files of wmnetsink share and nothing else
 * sees: the bin's structure, its property ids, the request pads' type, the
 * debug category, and each file's functions for the others
 * (gstwmnetsink.c: the bin, its messages, tags, state;
 * gstwmnetsinkpads.c: request pads and the archive branch;
 * gstwmnetsinkpush.c: the push branch;
 * gstwmnetsinkmirror.c: the children's properties and signals). */

#ifndef __GST_WMNET_SINK_PRIV_H__
#define __GST_WMNET_SINK_PRIV_H__

#include "gstwmnetsink.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_wmnet_sink_debug);
#define GST_CAT_DEFAULT gst_wmnet_sink_debug

enum
{
  PROP_0,
  PROP_PACKET_SIZE,
  PROP_PREROLL,
  PROP_STREAMABLE,
  PROP_SCRIPT_STREAM,
  PROP_ARCHIVE_LOCATION,
  PROP_PUSH_LOCATION,
  /* then the server sink's, in gst_wmnet_server_sink_property_names order */
  PROP_SERVER_FIRST
};

struct _GstWmnetSink
{
  GstBin parent;

  GstElement *mux;              /* NULL when wmasfmux is missing */
  GstElement *sink;

  /* object lock */
  gchar *archive_location;
  /* archive branch, made with the first pad when archive-location is set
   * (docs/design.md, D34) */
  GstElement *archive_mux, *archive_sink;
  guint n_tees;
  /* the archive's error was told (atomic): filesink's fallback error that
   * follows it is dropped; cleared at each start */
  gint archive_failed;

  /* object lock */
  gchar *push_location;
  /* push branch (D70), made at READY→PAUSED when push-location is set,
   * dropped at PAUSED→READY: mux -> push-tee -> the server sink, and ->
   * push-queue (leaky) -> push-sink (wmnetpushsink) */
  GstElement *push_tee, *push_queue, *push_sink;
  GstPad *push_pad;             /* the tee's pad to the queue (atomic) */
};

/* The request pads: ghost pads that forward wmasfmux's pad property
 * mutual-exclusion-group to the muxer pad they feed, and the archive
 * muxer's (docs/design.md, D37). */
#define GST_TYPE_WMNET_SINK_PAD (gst_wmnet_sink_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstWmnetSinkPad, gst_wmnet_sink_pad, GST,
    WMNET_SINK_PAD, GstGhostPad);

/* gstwmnetsinkmirror.c */
void gst_wmnet_sink_install_mirrored (GstWmnetSinkClass * klass);
/* client-added and client-removed of the server sink as wmnetsink's own */
void gst_wmnet_sink_forward_signals (GstWmnetSink * self);
void gst_wmnet_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
void gst_wmnet_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);

/* gstwmnetsinkpush.c */
gboolean gst_wmnet_sink_make_push (GstWmnetSink * self);
void gst_wmnet_sink_drop_push (GstWmnetSink * self);
GstMessage *gst_wmnet_sink_push_error (GstWmnetSink * self,
    GstMessage * message);

/* gstwmnetsinkpads.c */
GstPad *gst_wmnet_sink_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * name, const GstCaps * caps);
void gst_wmnet_sink_release_pad (GstElement * element, GstPad * pad);

G_END_DECLS

#endif /* __GST_WMNET_SINK_PRIV_H__ */
