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

/* wmnsconfig: wmnet-server's configuration, a GKeyFile of [broadcast NAME]
 * groups, made into one stopped pipeline per broadcast (docs/wmnet-server.md
 * lists the keys). Owns the key names and their checks; running the
 * pipelines is wmnet-server.c's. */

#ifndef __WMNS_CONFIG_H__
#define __WMNS_CONFIG_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum
{
  WMNS_KIND_PIPELINE,           /* pipeline=: encoders ! wmnetsink */
  WMNS_KIND_RELAY,              /* relay=: wmnetsrc ! wmnetserversink */
  WMNS_KIND_PUSH                /* push=true: wmnetpushsrc ! wmnetserversink */
} WmnsKind;

typedef struct
{
  gchar *name;                  /* NAME of [broadcast NAME] */
  WmnsKind kind;
  GstElement *pipeline;         /* owned, in NULL state when loaded */
  GstElement *sink;             /* borrowed: wmnetsink or wmnetserversink */
  GstElement *source;           /* borrowed: wmnetsrc, wmnetpushsrc or NULL */
  gboolean done;                /* EOS or ERROR seen (wmnet-server.c) */
} WmnsBroadcast;

/* Every problem of @path in @error, one line each, naming the file, the
 * group and the key; NULL then. Else an array of WmnsBroadcast (at least
 * one), freed with g_ptr_array_unref. */
GPtrArray *wmns_config_load (const gchar * path, GError ** error);

/* Installs the log writer that lets wmns_config_load take the elements'
 * warnings about refused values as errors of their keys; call once,
 * before anything logs. */
void wmns_config_init_logging (void);

G_END_DECLS
#endif /* __WMNS_CONFIG_H__ */
