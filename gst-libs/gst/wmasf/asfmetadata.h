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

/* asfmetadata: the header objects that carry metadata. Owns the Content
 * Description and Extended Content Description Objects written from a
 * GstTagList (ASF spec 3.10, 3.11), script commands (WmAsfScript) and the
 * Script Command Object (3.15), and a Command Media payload
 * (docs/design.md, D31, D32). Pure: no pads, no threads. */

#ifndef __WMASF_METADATA_H__
#define __WMASF_METADATA_H__

#include <gst/gst.h>
#include <gst/base/gstbytewriter.h>

G_BEGIN_DECLS

/* One script command (ASF spec 3.15; the SDK's IWMHeaderInfo::AddScript) */
typedef struct _WmAsfScript
{
  guint32 time_ms;              /* presentation time, preroll included */
  gchar *type;                  /* "TEXT", "CAPTION", "URL", ... */
  gchar *command;
} WmAsfScript;

void wmasf_script_clear (WmAsfScript * script);

gboolean wmasf_write_content_description (GstByteWriter * bw,
    const GstTagList * tags);
gboolean wmasf_write_extended_content_description (GstByteWriter * bw,
    const GstTagList * tags);
gboolean wmasf_write_script_commands (GstByteWriter * bw,
    const WmAsfScript * scripts, guint n_scripts);

GstBuffer *wmasf_script_payload (const gchar * type, const gchar * command);

G_END_DECLS

#endif /* __WMASF_METADATA_H__ */
