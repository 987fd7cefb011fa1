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

/* wmnetsouploader: owns libsoup 3 for the plugin, which does not link it.
 * libsoup 3's library constructor aborts a process that already holds
 * libsoup 2 (any WebKitGTK 4.0 application), so wmnet_soup_load() looks for
 * libsoup 2 first and only then opens libsoup 3 and resolves what ext/wmnet
 * calls. <libsoup/soup.h> still gives the types, enums and macros; the
 * functions it declares that ext/wmnet uses are defined in
 * wmnetsouploader.c and forward to the resolved ones. The plugin's symbols
 * are hidden, so these definitions never interpose on the real libsoup.
 *
 * Include this header instead of <libsoup/soup.h>. No libsoup function may
 * be called before wmnet_soup_load() has returned TRUE. */

#ifndef __WMNET_SOUP_LOADER_H__
#define __WMNET_SOUP_LOADER_H__

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Loads libsoup 3 once per process; thread-safe. Returns FALSE, with the
 * same @error on every call, when libsoup 2 is already in the process
 * (G_IO_ERROR_NOT_SUPPORTED) or libsoup >= 3.2 cannot be loaded
 * (G_IO_ERROR_NOT_FOUND). */
gboolean wmnet_soup_load (GError ** error);

/* The client side (wmnetsrc): loads libsoup 3 as wmnet_soup_load() does,
 * then resolves the SoupSession / SoupMessage / SoupAuth functions
 * wmnetsrc calls. No such function may be called before it has returned
 * TRUE. */
gboolean wmnet_soup_client_load (GError ** error);

G_END_DECLS

#endif /* __WMNET_SOUP_LOADER_H__ */
