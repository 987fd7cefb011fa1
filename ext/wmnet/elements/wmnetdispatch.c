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

#include "wmnetdispatch.h"

struct _WmnetDispatch
{
  GstElement *element;
  GParamSpec *const *notify;
  WmnetLogFile *log;
  GThreadPool *pool;            /* one thread: delivery in order */
  GMutex lock;
  GCond cond;
  guint pending;
};

typedef enum
{
  ITEM_MESSAGE,
  ITEM_CLIENT_ADDED,            /* the message, then client-added */
  ITEM_CLIENT_REMOVED,          /* the message, then client-removed */
  ITEM_CLIENTS_CHANGED,
  ITEM_WARNING,
  ITEM_LOG,
} ItemKind;

typedef struct
{
  ItemKind kind;
  GstStructure *s;
  gchar *text;
} Item;

/* The file first, then the message: an application that reads the file on
 * the message finds the line there. A file that cannot be written is told
 * once (until log-location is set again); the message still goes. */
static void
write_log (WmnetDispatch * d, const GstStructure * s)
{
  const gchar *line = gst_structure_get_string (s, "line");
  GError *error = NULL;

  if (d->log == NULL || line == NULL)
    return;
  if (!wmnet_log_file_write (d->log, line, &error) && error) {
    GST_ELEMENT_WARNING (d->element, RESOURCE, OPEN_WRITE,
        ("Cannot write the access log; serving goes on, its lines are "
            "still posted as wmnetsink-log messages."), ("%s", error->message));
    g_error_free (error);
  }
}

/* The message takes the structure: the signal's arguments are read
 * before it is posted. */
static void
emit_client_signal (WmnetDispatch * d, Item * it)
{
  guint64 id = 0;
  gchar *address = g_strdup (gst_structure_get_string (it->s, "address"));
  gchar *reason = g_strdup (gst_structure_get_string (it->s, "reason"));

  gst_structure_get_uint64 (it->s, "id", &id);
  gst_element_post_message (d->element,
      gst_message_new_element (GST_OBJECT (d->element), it->s));
  if (it->kind == ITEM_CLIENT_ADDED)
    g_signal_emit_by_name (d->element, "client-added", id,
        address ? address : "");
  else
    g_signal_emit_by_name (d->element, "client-removed", id,
        address ? address : "", reason ? reason : "");
  g_free (address);
  g_free (reason);
}

static void
deliver (gpointer data, gpointer user_data)
{
  Item *it = data;
  WmnetDispatch *d = user_data;
  guint i;

  switch (it->kind) {
    case ITEM_MESSAGE:
      gst_element_post_message (d->element,
          gst_message_new_element (GST_OBJECT (d->element), it->s));
      break;
    case ITEM_CLIENT_ADDED:
    case ITEM_CLIENT_REMOVED:
      emit_client_signal (d, it);
      break;
    case ITEM_WARNING:
      GST_ELEMENT_WARNING (d->element, RESOURCE, FAILED, ("%s", it->text),
          (NULL));
      break;
    case ITEM_LOG:
      write_log (d, it->s);
      gst_element_post_message (d->element,
          gst_message_new_element (GST_OBJECT (d->element), it->s));
      break;
    case ITEM_CLIENTS_CHANGED:
      for (i = 0; d->notify[i]; i++)
        g_object_notify_by_pspec (G_OBJECT (d->element), d->notify[i]);
      break;
  }
  g_free (it->text);
  g_free (it);

  g_mutex_lock (&d->lock);
  d->pending--;
  g_cond_broadcast (&d->cond);
  g_mutex_unlock (&d->lock);
}

static void
queue (WmnetDispatch * d, ItemKind kind, GstStructure * s, const gchar * text)
{
  Item *it = g_new0 (Item, 1);

  it->kind = kind;
  it->s = s;
  it->text = g_strdup (text);
  g_mutex_lock (&d->lock);
  d->pending++;
  g_mutex_unlock (&d->lock);
  g_thread_pool_push (d->pool, it, NULL);
}

static void
on_message (gpointer user_data, GstStructure * s)
{
  queue (user_data, ITEM_MESSAGE, s, NULL);
}

static void
on_client_connected (gpointer user_data, GstStructure * s)
{
  queue (user_data, ITEM_CLIENT_ADDED, s, NULL);
}

static void
on_client_disconnected (gpointer user_data, GstStructure * s)
{
  queue (user_data, ITEM_CLIENT_REMOVED, s, NULL);
}

static void
on_clients_changed (gpointer user_data)
{
  queue (user_data, ITEM_CLIENTS_CHANGED, NULL, NULL);
}

static void
on_warning (gpointer user_data, const gchar * text)
{
  queue (user_data, ITEM_WARNING, NULL, text);
}

static void
on_log_line (gpointer user_data, GstStructure * s)
{
  queue (user_data, ITEM_LOG, s, NULL);
}

static const WmnetServerCallbacks callbacks = {
  on_client_connected, on_message, on_client_disconnected, on_message,
  on_clients_changed,
  on_warning, on_log_line, on_message,
};

void
wmnet_dispatch_set_log_file (WmnetDispatch * d, WmnetLogFile * file)
{
  d->log = file;
}

const WmnetServerCallbacks *
wmnet_dispatch_callbacks (void)
{
  return &callbacks;
}

WmnetDispatch *
wmnet_dispatch_new (GstElement * element, GParamSpec * const *notify)
{
  WmnetDispatch *d = g_new0 (WmnetDispatch, 1);

  d->element = element;
  d->notify = notify;
  g_mutex_init (&d->lock);
  g_cond_init (&d->cond);
  d->pool = g_thread_pool_new (deliver, d, 1, FALSE, NULL);
  return d;
}

void
wmnet_dispatch_wait (WmnetDispatch * d, GstClockTime timeout)
{
  gint64 end = g_get_monotonic_time () + timeout / GST_USECOND;

  g_mutex_lock (&d->lock);
  while (d->pending > 0)
    if (!g_cond_wait_until (&d->cond, &d->lock, end))
      break;
  g_mutex_unlock (&d->lock);
}

void
wmnet_dispatch_free (WmnetDispatch * d)
{
  if (d == NULL)
    return;
  g_thread_pool_free (d->pool, FALSE, TRUE);
  g_mutex_clear (&d->lock);
  g_cond_clear (&d->cond);
  g_free (d);
}
