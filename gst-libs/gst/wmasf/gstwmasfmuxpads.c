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

#include "gstwmasfmuxpads.h"

GType
gst_wmasf_mux_streamable_get_type (void)
{
  static GType type = 0;
  /* file and broadcast first: g_enum_get_value() finds them, not the
   * aliases of the same values */
  static const GEnumValue values[] = {
    {GST_WMASF_MUX_STREAMABLE_FILE, "An indexed, seekable file, header "
          "rewritten at EOS (needs a seekable sink)", "file"},
    {GST_WMASF_MUX_STREAMABLE_BROADCAST, "The broadcast layout (Broadcast "
          "flag, no index)", "broadcast"},
    {GST_WMASF_MUX_STREAMABLE_AUTO, "A file when nothing upstream is live "
          "and downstream can seek, else the broadcast layout", "auto"},
    {GST_WMASF_MUX_STREAMABLE_FILE, "file (the former boolean FALSE)",
        "false"},
    {GST_WMASF_MUX_STREAMABLE_BROADCAST, "broadcast (the former boolean "
          "TRUE)", "true"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_type_from_name ("GstWmAsfMuxStreamable");

    if (t == 0)
      t = g_enum_register_static ("GstWmAsfMuxStreamable", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

GParamSpec *
gst_wmasf_mux_param_spec_mutual_exclusion_group (void)
{
  return g_param_spec_uint ("mutual-exclusion-group", "Mutual exclusion group",
      "0 = none; audio or video pads sharing a non-zero value are "
      "bit-rate alternatives, written as one Bitrate Mutual Exclusion "
      "Object (ASF spec 3.8, SDK IWMMutualExclusion); read when the "
      "header is written; a pad of another media type than its group's "
      "first, or alone in its group, is written on its own with a "
      "warning; refused on text pads", 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT);
}
