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

#include <gst/check/gstcheck.h>

#include "wmnetsouploader.h"
#include "wmnettestevents.h"

static void
on_structure (gpointer user_data, GstStructure * s)
{
  g_async_queue_push (user_data, s);
}

static void
on_changed (gpointer user_data)
{
}

static void
on_warning_drop (gpointer user_data, const gchar * text)
{
}

static void
on_warning_queue (gpointer user_data, const gchar * text)
{
  g_async_queue_push (user_data, gst_structure_new ("warning", "text",
          G_TYPE_STRING, text, NULL));
}

static const WmnetServerCallbacks drop_warnings = {
  on_structure, on_structure, on_structure, on_structure, on_changed,
  on_warning_drop,
};

static const WmnetServerCallbacks queue_warnings = {
  on_structure, on_structure, on_structure, on_structure, on_changed,
  on_warning_queue,
};

WmnetServer *
wmnet_test_server_new (gboolean warnings, GAsyncQueue ** events)
{
  GError *error = NULL;
  WmnetServer *server;

  fail_unless (wmnet_soup_load (&error), "%s", error ? error->message : "");
  *events = g_async_queue_new_full ((GDestroyNotify) gst_structure_free);
  server = wmnet_server_new (warnings ? &queue_warnings : &drop_warnings,
      *events, NULL);
  /* the unit tests were written against a server that writes each packet
   * at once and bursts no preroll unless told */
  g_object_set (server, "coalesce-time", (guint64) 0, "fast-start-time",
      (guint64) 0, NULL);
  return server;
}

void
wmnet_test_server_free (WmnetServer * server, GAsyncQueue * events)
{
  wmnet_server_stop (server);
  g_object_unref (server);
  g_async_queue_unref (events);
}
