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

/* VLC's own mmsh client as a test peer: it plays a broadcast and remuxes
 * what it got into an ASF file, which FFmpeg then decodes. VLC refuses to
 * run as root, so as root it runs as nobody (wmnet_test_vlc_argv). */

#ifndef __WMNET_TEST_VLC_H__
#define __WMNET_TEST_VLC_H__

#include <glib.h>

#include "wmnettestutils.h"

G_BEGIN_DECLS

typedef struct _WmnetTestVlc WmnetTestVlc;

/* Starts VLC on mmsh://127.0.0.1:@port/ for @seconds, its copy in a new
 * tmpdir. */
WmnetTestVlc *wmnet_test_vlc_spawn (guint port, guint seconds);
/* The same on mmsh://127.0.0.1:@port@path (@path: "/news"). */
WmnetTestVlc *wmnet_test_vlc_spawn_path (guint port, const gchar * path,
    guint seconds);
/* Waits for it (40 s at most): it exits 0 with no complaint but the one
 * about reading the describe response to its end, and FFmpeg decodes its
 * copy without an error into @min_video video and @min_audio audio frames
 * at least. Frees @vlc and its tmpdir. */
void wmnet_test_vlc_finish (WmnetTestVlc * vlc, guint min_video,
    guint min_audio);
/* The same, and ffprobe finds the @n @fields (stream 0: e.g. the
 * picture's size) in its copy's video stream (VLC's muxer orders the
 * streams as they came). */
void wmnet_test_vlc_finish_probe (WmnetTestVlc * vlc, guint min_video,
    guint min_audio, const WmnetTestProbeField * fields, guint n);

G_END_DECLS

#endif /* __WMNET_TEST_VLC_H__ */
