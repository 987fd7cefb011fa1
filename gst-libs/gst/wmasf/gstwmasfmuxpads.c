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
