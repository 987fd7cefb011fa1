/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:plugin-wmnet
 * @title: wmnet
 *
 * Live Windows Media broadcasting over HTTP and MS-WMSP, the way the Windows
 * Media Format SDK's writer network sink does.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsink.h"
#include "gstwmnetserversink.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (wmnetserversink, plugin);
  ret |= GST_ELEMENT_REGISTER (wmnetsink, plugin);
  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, wmnet,
    "Windows Media network sink: live ASF over HTTP and MS-WMSP",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
