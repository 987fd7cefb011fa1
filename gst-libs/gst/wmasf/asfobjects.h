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

/* asfobjects: the writer of an ASF header (Header Object with its
 * children, then the 50-byte Data Object header) from a plain description
 * of the file and its streams, live broadcast or file. Owns the byte
 * layout of ASF spec sections 3, 4.1, 4.7 and 5.1 as written; the GUIDs
 * are asfguids', the metadata objects asfmetadata's, the stream formats
 * asfcodecs'. Knows nothing of pads, caps or GstAggregator. */

#ifndef __WMASF_OBJECTS_H__
#define __WMASF_OBJECTS_H__

#include <gst/gst.h>

#include "asfguids.h"
#include "asfcodecs.h"
#include "asfmetadata.h"

G_BEGIN_DECLS

/* What the writer is to describe: the file and its streams. (What a
 * header read back says is asfreader's WmAsfHeaderInfo.) */
typedef struct
{
  WmAsfGuid file_id;            /* File Properties and Data Object */
  guint32 packet_size;          /* Min = Max Data Packet Size */
  guint64 preroll_ms;
  guint n_streams;
  const WmAsfStreamInfo *streams;

  /* metadata, may be NULL / 0 */
  const GstTagList *tags;
  guint n_scripts;
  const WmAsfScript *scripts;

  /* file mode's final header; all 0 for the broadcast layout */
  gboolean seekable;            /* Seekable flag instead of Broadcast */
  guint64 file_size;            /* bytes */
  guint64 creation_date;        /* FILETIME: 100 ns since 1601 */
  guint64 data_packets;
  guint64 play_duration;        /* 100 ns, preroll included */
  guint64 send_duration;        /* 100 ns */
  guint32 max_bitrate;          /* 0: the sum of the streams' bitrates */

  /* a Padding Object makes the header (with the Data Object header) this
   * many bytes; 0 = no padding */
  gsize pad_to;
} WmAsfHeaderDesc;

guint32 wmasf_header_max_bitrate (const WmAsfHeaderDesc * info);

GstBuffer *wmasf_header_build (const WmAsfHeaderDesc * info);

G_END_DECLS

#endif /* __WMASF_OBJECTS_H__ */
