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

/* gstwmasfchildproxy: an element's sink pads as GstChildProxy children,
 * after its parent class's (see gstwmasfchildproxy.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmasfchildproxy.h"

/* The parent class's implementation (GstBin's), NULL when it has none. */
static GstChildProxyInterface *
parent_iface (GstChildProxy * proxy)
{
  return g_type_interface_peek_parent (GST_CHILD_PROXY_GET_INTERFACE (proxy));
}

static GObject *
gst_wmasf_child_proxy_get_child_by_name (GstChildProxy * proxy,
    const gchar * name)
{
  GstChildProxyInterface *parent = parent_iface (proxy);
  GstPad *pad = gst_element_get_static_pad (GST_ELEMENT (proxy), name);

  if (pad && GST_PAD_IS_SINK (pad))
    return G_OBJECT (pad);
  gst_clear_object (&pad);
  return parent ? parent->get_child_by_name (proxy, name) : NULL;
}

static guint
gst_wmasf_child_proxy_get_children_count (GstChildProxy * proxy)
{
  GstChildProxyInterface *parent = parent_iface (proxy);
  GstElement *element = GST_ELEMENT_CAST (proxy);
  guint count = parent ? parent->get_children_count (proxy) : 0;

  GST_OBJECT_LOCK (element);
  count += element->numsinkpads;
  GST_OBJECT_UNLOCK (element);
  return count;
}

static GObject *
gst_wmasf_child_proxy_get_child_by_index (GstChildProxy * proxy, guint index)
{
  GstChildProxyInterface *parent = parent_iface (proxy);
  GstElement *element = GST_ELEMENT_CAST (proxy);
  guint n_parent = parent ? parent->get_children_count (proxy) : 0;
  GObject *child;

  if (index < n_parent)
    return parent->get_child_by_index (proxy, index);
  GST_OBJECT_LOCK (element);
  child = g_list_nth_data (element->sinkpads, index - n_parent);
  if (child)
    gst_object_ref (child);
  GST_OBJECT_UNLOCK (element);
  return child;
}

void
gst_wmasf_child_proxy_sink_pads_init (gpointer g_iface, gpointer iface_data)
{
  GstChildProxyInterface *iface = g_iface;

  iface->get_child_by_name = gst_wmasf_child_proxy_get_child_by_name;
  iface->get_children_count = gst_wmasf_child_proxy_get_children_count;
  iface->get_child_by_index = gst_wmasf_child_proxy_get_child_by_index;
}
