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

/* gstwmnetsinkpads.c: wmnetsink's request pads: GstWmnetSinkPad, the ghost
 * pad that forwards mutual-exclusion-group to the muxer pads it feeds
 * (D37), a pad requested and released, and the archive branch made with
 * the first pad when archive-location is set: a tee per pad, a second
 * wmasfmux in file mode, a filesink (D34). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsinkpriv.h"

#include <gst/wmasf/gstwmasfmuxpads.h>

struct _GstWmnetSinkPad
{
  GstGhostPad parent;

  /* set once when the pad is made */
  GstPad *mux_pad;
  GstPad *archive_pad;          /* NULL without an archive */
};

enum
{
  PROP_PAD_0,
  PROP_PAD_MUTUAL_EXCLUSION_GROUP,
};

G_DEFINE_TYPE (GstWmnetSinkPad, gst_wmnet_sink_pad, GST_TYPE_GHOST_PAD);

static void
gst_wmnet_sink_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetSinkPad *pad = GST_WMNET_SINK_PAD (object);

  if (prop_id != PROP_PAD_MUTUAL_EXCLUSION_GROUP) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    return;
  }
  if (pad->mux_pad)
    g_object_set_property (G_OBJECT (pad->mux_pad), pspec->name, value);
  if (pad->archive_pad)
    g_object_set_property (G_OBJECT (pad->archive_pad), pspec->name, value);
}

static void
gst_wmnet_sink_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmnetSinkPad *pad = GST_WMNET_SINK_PAD (object);

  if (prop_id != PROP_PAD_MUTUAL_EXCLUSION_GROUP) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    return;
  }
  if (pad->mux_pad)
    g_object_get_property (G_OBJECT (pad->mux_pad), pspec->name, value);
}

static void
gst_wmnet_sink_pad_dispose (GObject * object)
{
  GstWmnetSinkPad *pad = GST_WMNET_SINK_PAD (object);

  gst_clear_object (&pad->mux_pad);
  gst_clear_object (&pad->archive_pad);
  G_OBJECT_CLASS (gst_wmnet_sink_pad_parent_class)->dispose (object);
}

static void
gst_wmnet_sink_pad_class_init (GstWmnetSinkPadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->set_property = gst_wmnet_sink_pad_set_property;
  gobject_class->get_property = gst_wmnet_sink_pad_get_property;
  gobject_class->dispose = gst_wmnet_sink_pad_dispose;

  /**
   * GstWmnetSinkPad:mutual-exclusion-group:
   *
   * wmasfmux's pad property of the same name, forwarded to the muxer pad
   * this pad feeds (and to the archive muxer's): pads of one media type
   * sharing a non-zero value are bit-rate alternatives, written as one
   * Bitrate Mutual Exclusion Object (ASF spec 3.8, SDK
   * IWMMutualExclusion). Read when the header is written.
   */
  g_object_class_install_property (gobject_class,
      PROP_PAD_MUTUAL_EXCLUSION_GROUP,
      gst_wmasf_mux_param_spec_mutual_exclusion_group ());
}

static void
gst_wmnet_sink_pad_init (GstWmnetSinkPad * pad)
{
}

/* ------------------------------------------------------------------------ */
/* pads */

/* The archive's second muxer (file mode) and filesink, with the
 * broadcast muxer's settings. */
static gboolean
gst_wmnet_sink_make_archive (GstWmnetSink * self, const gchar * location)
{
  guint packet_size;
  guint64 preroll;
  gboolean script_stream;

  self->archive_mux = gst_element_factory_make ("wmasfmux", "archive-mux");
  self->archive_sink = gst_element_factory_make ("filesink", "archive-sink");
  if (self->archive_mux == NULL || self->archive_sink == NULL) {
    g_clear_object (&self->archive_mux);
    g_clear_object (&self->archive_sink);
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "filesink"), ("archive-location needs filesink"));
    return FALSE;
  }
  g_object_get (self->mux, "packet-size", &packet_size, "preroll", &preroll,
      "script-stream", &script_stream, NULL);
  g_object_set (self->archive_mux, "streamable",
      GST_WMASF_MUX_STREAMABLE_FILE, "packet-size",
      packet_size, "preroll", preroll, "script-stream", script_stream, NULL);
  /* write as packets come; the broadcast paces the pipeline */
  g_object_set (self->archive_sink, "location", location, "sync", FALSE,
      "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (self), self->archive_mux, self->archive_sink,
      NULL);
  gst_element_link (self->archive_mux, self->archive_sink);
  gst_element_sync_state_with_parent (self->archive_mux);
  gst_element_sync_state_with_parent (self->archive_sink);
  return TRUE;
}

/* With an archive: ghost -> tee -> queue -> mux, and -> queue -> the
 * archive muxer, so one encode feeds both (docs/design.md, D34). Returns
 * the tee's sink pad. */
static GstPad *
gst_wmnet_sink_tee_pad (GstWmnetSink * self, GstPad * target,
    const gchar * templ_name, GstPad ** archive_pad)
{
  GstElement *tee, *q1, *q2;
  GstPad *apad, *src, *sink;
  gchar *name;

  apad = gst_element_request_pad_simple (self->archive_mux, templ_name);
  if (apad == NULL)
    return NULL;
  name = g_strdup_printf ("archive-tee-%u", self->n_tees++);
  tee = gst_element_factory_make ("tee", name);
  g_free (name);
  q1 = gst_element_factory_make ("queue", NULL);
  q2 = gst_element_factory_make ("queue", NULL);
  gst_bin_add_many (GST_BIN (self), tee, q1, q2, NULL);
  gst_element_link_many (tee, q1, NULL);
  gst_element_link_many (tee, q2, NULL);
  src = gst_element_get_static_pad (q1, "src");
  gst_pad_link (src, target);
  gst_object_unref (src);
  src = gst_element_get_static_pad (q2, "src");
  gst_pad_link (src, apad);
  gst_object_unref (src);
  *archive_pad = apad;
  gst_element_sync_state_with_parent (tee);
  gst_element_sync_state_with_parent (q1);
  gst_element_sync_state_with_parent (q2);
  sink = gst_element_get_static_pad (tee, "sink");
  return sink;
}

/* A request pad named after the muxer pad (the stream numbers follow it),
 * ghosting @target; added, and announced to GstChildProxy. */
static GstPad *
gst_wmnet_sink_add_ghost (GstWmnetSink * self, GstPadTemplate * templ,
    GstPad * mux_pad, GstPad * archive_pad, GstPad * target)
{
  GstWmnetSinkPad *ghost;

  ghost = g_object_new (GST_TYPE_WMNET_SINK_PAD, "name",
      GST_PAD_NAME (mux_pad), "direction", GST_PAD_SINK, "template", templ,
      NULL);
  ghost->mux_pad = gst_object_ref (mux_pad);
  ghost->archive_pad = archive_pad ? gst_object_ref (archive_pad) : NULL;
  gst_ghost_pad_set_target (GST_GHOST_PAD (ghost), target);
  gst_pad_set_active (GST_PAD (ghost), TRUE);
  gst_element_add_pad (GST_ELEMENT (self), GST_PAD (ghost));
  gst_child_proxy_child_added (GST_CHILD_PROXY (self), G_OBJECT (ghost),
      GST_OBJECT_NAME (ghost));
  return GST_PAD (ghost);
}

GstPad *
gst_wmnet_sink_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstPad *target, *ghost, *tee_sink, *archive_pad = NULL;
  gchar *location;

  if (self->mux == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "wmasfmux"), (NULL));
    return NULL;
  }
  target = gst_element_request_pad_simple (self->mux,
      GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
  if (target == NULL) {
    GST_WARNING_OBJECT (self, "wmasfmux refused a new %s pad",
        GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
    return NULL;
  }
  GST_OBJECT_LOCK (self);
  location = g_strdup (self->archive_location);
  GST_OBJECT_UNLOCK (self);
  if (location && self->archive_mux == NULL
      && !gst_wmnet_sink_make_archive (self, location)) {
    g_free (location);
    gst_element_release_request_pad (self->mux, target);
    gst_object_unref (target);
    return NULL;
  }
  g_free (location);
  if (self->archive_mux == NULL) {
    ghost = gst_wmnet_sink_add_ghost (self, templ, target, NULL, target);
    gst_object_unref (target);
    return ghost;
  }
  tee_sink = gst_wmnet_sink_tee_pad (self, target,
      GST_PAD_TEMPLATE_NAME_TEMPLATE (templ), &archive_pad);
  if (tee_sink == NULL) {
    GST_WARNING_OBJECT (self, "the archive muxer refused a new %s pad",
        GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
    gst_element_release_request_pad (self->mux, target);
    gst_object_unref (target);
    return NULL;
  }
  ghost = gst_wmnet_sink_add_ghost (self, templ, target, archive_pad, tee_sink);
  gst_object_unref (tee_sink);
  gst_object_unref (archive_pad);
  gst_object_unref (target);
  return ghost;
}

void
gst_wmnet_sink_release_pad (GstElement * element, GstPad * pad)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstPad *target = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));

  if (target) {
    /* an archive's tee stays: the header holds its stream anyway */
    if (GST_PAD_PARENT (target) == GST_ELEMENT_CAST (self->mux))
      gst_element_release_request_pad (self->mux, target);
    gst_object_unref (target);
  }
  gst_object_ref (pad);
  gst_element_remove_pad (element, pad);
  gst_pad_set_active (pad, FALSE);
  gst_child_proxy_child_removed (GST_CHILD_PROXY (self), G_OBJECT (pad),
      GST_OBJECT_NAME (pad));
  gst_object_unref (pad);
}
