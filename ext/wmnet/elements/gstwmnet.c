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

/**
 * SECTION:plugin-wmnet
 * @title: wmnet
 *
 * Live Windows Media broadcasting over HTTP and MS-WMSP, the way the Windows
 * Media Format SDK's writer network sink does, and the MS-WMSP client that
 * plays and relays such broadcasts (wmnetsrc).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetpushsink.h"
#include "gstwmnetsink.h"
#include "gstwmnetserversink.h"
#include "gstwmnetsrc.h"
#include "gstwmnetpushsrc.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (wmnetserversink, plugin);
  ret |= GST_ELEMENT_REGISTER (wmnetsink, plugin);
  ret |= GST_ELEMENT_REGISTER (wmnetsrc, plugin);
  ret |= GST_ELEMENT_REGISTER (wmnetpushsink, plugin);
  ret |= GST_ELEMENT_REGISTER (wmnetpushsrc, plugin);
  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, wmnet,
    "Windows Media broadcasting over HTTP and MS-WMSP (mmsh): server "
    "sinks, the mmsh:// source, push sink and source",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
