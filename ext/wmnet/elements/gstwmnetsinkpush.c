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


/* wmnetsink's push branch (docs/design.md D70): with push-location, the
 * broadcast muxer's output also goes to a wmnetpushsink, through a tee
 * after the muxer (the ASF is muxed once, as the SDK writer feeds its
 * network sink and its push sink the same packets) and a leaky queue, so
 * a slow or lost push never holds up the clients. A push that fails
 * (retries spent, or refused) is told as a warning and dropped: the
 * broadcast goes on. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsinkpriv.h"

/* What waits for a slow push before the oldest packets are dropped (the
 * push loses them, the clients do not). */
#define PUSH_QUEUE_BYTES (4 * 1024 * 1024)

/* Leaky downstream: a full queue drops its oldest buffers. */
#define QUEUE_LEAKY_DOWNSTREAM 2

/* Called at READY→PAUSED, before the children change state. */
gboolean
gst_wmnet_sink_make_push (GstWmnetSink * self)
{
  GstElement *tee, *queue, *push;
  GstPad *src, *sink;
  gchar *location;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->push_location);
  GST_OBJECT_UNLOCK (self);
  if (location == NULL)
    return TRUE;
  tee = gst_element_factory_make ("tee", "push-tee");
  queue = gst_element_factory_make ("queue", "push-queue");
  push = gst_element_factory_make ("wmnetpushsink", "push-sink");
  if (tee == NULL || queue == NULL || push == NULL) {
    gst_clear_object (&tee);
    gst_clear_object (&queue);
    gst_clear_object (&push);
    g_free (location);
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "tee"), ("push-location needs tee and queue"));
    return FALSE;
  }
  g_object_set (queue, "leaky", QUEUE_LEAKY_DOWNSTREAM, "max-size-buffers",
      0, "max-size-time", (guint64) 0, "max-size-bytes", PUSH_QUEUE_BYTES,
      NULL);
  /* pushed as packets come; the broadcast paces the pipeline */
  g_object_set (push, "location", location, "sync", FALSE, "async", FALSE,
      NULL);
  g_free (location);
  gst_element_unlink (self->mux, self->sink);
  gst_bin_add_many (GST_BIN (self), tee, queue, push, NULL);
  gst_element_link_many (self->mux, tee, self->sink, NULL);
  src = gst_element_request_pad_simple (tee, "src_%u");
  sink = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (src, sink);
  gst_object_unref (sink);
  gst_element_link (queue, push);
  self->push_tee = tee;
  self->push_queue = queue;
  self->push_sink = push;
  g_atomic_pointer_set (&self->push_pad, src);
  return TRUE;
}

/* The queue and the push sink out of the bin (the tee stays until the
 * branch is dropped): the bin no longer waits for their EOS. */
static void
remove_push_sink (GstWmnetSink * self)
{
  GstElement *queue = self->push_queue, *push = self->push_sink;

  if (push == NULL)
    return;
  self->push_queue = self->push_sink = NULL;
  gst_element_set_locked_state (queue, TRUE);
  gst_element_set_locked_state (push, TRUE);
  gst_element_set_state (push, GST_STATE_NULL);
  gst_element_set_state (queue, GST_STATE_NULL);
  gst_bin_remove_many (GST_BIN (self), queue, push, NULL);
}

/* Called at PAUSED→READY, once the children are in READY. */
void
gst_wmnet_sink_drop_push (GstWmnetSink * self)
{
  GstPad *pad = g_atomic_pointer_exchange (&self->push_pad, NULL);

  if (self->push_tee == NULL)
    return;
  if (pad) {
    gst_element_release_request_pad (self->push_tee, pad);
    gst_object_unref (pad);
  }
  remove_push_sink (self);
  gst_element_set_state (self->push_tee, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self), self->push_tee);
  self->push_tee = NULL;
  gst_element_link (self->mux, self->sink);
}

/* Off the streaming thread: the failed push sink leaves the bin. The
 * state lock keeps it from racing a state change. */
static void
remove_failed (GstElement * element, gpointer user_data)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);

  GST_STATE_LOCK (self);
  if (self->push_sink == user_data)
    remove_push_sink (self);
  GST_STATE_UNLOCK (self);
}

/* The push sink's error (on its streaming thread, before it returns
 * GST_FLOW_ERROR): the tee's pad to it is released at once, so the error
 * never reaches the muxer (tee takes a released pad's result as OK), the
 * sink leaves the bin, and wmnetsink posts a warning naming push-location
 * instead. Returns the message to post. */
GstMessage *
gst_wmnet_sink_push_error (GstWmnetSink * self, GstMessage * message)
{
  GstPad *pad = g_atomic_pointer_exchange (&self->push_pad, NULL);
  GError *err = NULL;
  gchar *dbg = NULL, *location, *text;
  GstMessage *msg;

  if (pad) {
    gst_element_release_request_pad (self->push_tee, pad);
    gst_object_unref (pad);
    gst_element_call_async (GST_ELEMENT (self), remove_failed,
        gst_object_ref (GST_MESSAGE_SRC (message)), gst_object_unref);
  }
  gst_message_parse_error (message, &err, &dbg);
  gst_message_unref (message);
  GST_OBJECT_LOCK (self);
  location = g_strdup (self->push_location);
  GST_OBJECT_UNLOCK (self);
  text = g_strdup_printf ("The push stopped (push-location \"%s\"): %s; "
      "the broadcast goes on", location ? location : "", err->message);
  g_free (err->message);
  err->message = text;
  GST_WARNING_OBJECT (self, "%s", text);
  msg = gst_message_new_warning (GST_OBJECT (self), err, dbg);
  g_clear_error (&err);
  g_free (dbg);
  g_free (location);
  return msg;
}
