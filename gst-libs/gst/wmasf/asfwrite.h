/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* asfwrite: the primitives every ASF object writer here is built on: a
 * GUID in its stored byte order and an object header (GUID, QWORD size;
 * ASF spec 3.1) into a GstByteWriter whose room the caller has ensured. */

#ifndef __WMASF_WRITE_H__
#define __WMASF_WRITE_H__

#include <gst/gst.h>
#include <gst/base/gstbytewriter.h>

#include "asfguids.h"

G_BEGIN_DECLS

/* no bound checks: the caller grew @bw for the whole object */
void wmasf_put_guid (GstByteWriter * bw, const WmAsfGuid * guid);
void wmasf_put_object_header (GstByteWriter * bw, const WmAsfGuid * guid,
    guint64 size);

G_END_DECLS

#endif /* __WMASF_WRITE_H__ */
