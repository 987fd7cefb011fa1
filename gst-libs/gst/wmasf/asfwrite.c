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

/* asfwrite: GUIDs and object headers into a GstByteWriter. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "asfwrite.h"

void
wmasf_put_guid (GstByteWriter * bw, const WmAsfGuid * guid)
{
  gst_byte_writer_put_uint32_le_unchecked (bw, guid->data1);
  gst_byte_writer_put_uint16_le_unchecked (bw, guid->data2);
  gst_byte_writer_put_uint16_le_unchecked (bw, guid->data3);
  gst_byte_writer_put_data_unchecked (bw, guid->data4, 8);
}

void
wmasf_put_object_header (GstByteWriter * bw, const WmAsfGuid * guid,
    guint64 size)
{
  wmasf_put_guid (bw, guid);
  gst_byte_writer_put_uint64_le_unchecked (bw, size);
}
