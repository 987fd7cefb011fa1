/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnetpacketsink.h"

GST_DEBUG_CATEGORY_STATIC (wmnet_packet_sink_debug);
#define GST_CAT_DEFAULT wmnet_packet_sink_debug

/* How long EOS waits for the clients to receive the end of the stream. */
#define EOS_FLUSH_TIMEOUT (5 * GST_SECOND)
/* The server's wait cannot be interrupted: the drain waits in slices this
 * long and checks for unlock() between them. */
#define EOS_FLUSH_SLICE (20 * GST_MSECOND)

struct _WmnetPacketSink
{
  GstBaseSink parent;

  WmnetServer *server;
  gchar *address;
  guint port;

  /* set from unlock() to unlock_stop(): the EOS drain returns at once */
  gint unlocked;
};

G_DEFINE_TYPE (WmnetPacketSink, wmnet_packet_sink, GST_TYPE_BASE_SINK);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

GstElement *
wmnet_packet_sink_new (WmnetServer * server)
{
  WmnetPacketSink *sink = g_object_new (WMNET_TYPE_PACKET_SINK,
      "name", "packetsink", NULL);

  sink->server = g_object_ref (server);
  return GST_ELEMENT (sink);
}

void
wmnet_packet_sink_set_endpoint (WmnetPacketSink * sink, const gchar * address,
    guint port)
{
  GST_OBJECT_LOCK (sink);
  g_free (sink->address);
  sink->address = g_strdup (address);
  sink->port = port;
  GST_OBJECT_UNLOCK (sink);
}

/* GstBaseSink's start()/stop() run at NULL<->READY; the port follows
 * READY<->PAUSED instead, as IWMWriterNetworkSink Open/Close. */
static gboolean
wmnet_packet_sink_open (WmnetPacketSink * sink)
{
  GError *error = NULL;
  gchar *address;
  guint port;
  gboolean ok;

  GST_OBJECT_LOCK (sink);
  address = g_strdup (sink->address);
  port = sink->port;
  GST_OBJECT_UNLOCK (sink);

  ok = wmnet_server_start (sink->server, address, port, &error);
  if (!ok) {
    GST_ELEMENT_ERROR (sink, RESOURCE, OPEN_READ_WRITE,
        ("Could not listen on address %s, port %u.",
            address ? address : "(any)", port), ("%s", error->message));
    g_error_free (error);
  }
  g_free (address);
  return ok;
}

static GstStateChangeReturn
wmnet_packet_sink_change_state (GstElement * element,
    GstStateChange transition)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED
      && !wmnet_packet_sink_open (sink))
    return GST_STATE_CHANGE_FAILURE;

  ret = GST_ELEMENT_CLASS (wmnet_packet_sink_parent_class)->change_state
      (element, transition);

  if (ret == GST_STATE_CHANGE_FAILURE
      && transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    wmnet_server_stop (sink->server);
  else if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    wmnet_server_stop (sink->server);
  return ret;
}

static gboolean
wmnet_packet_sink_set_caps (GstBaseSink * bsink, GstCaps * caps)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (bsink);
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  const GValue *headers = gst_structure_get_value (s, "streamheader");
  guint i;

  if (headers == NULL || !GST_VALUE_HOLDS_ARRAY (headers))
    return TRUE;                /* the header comes as a HEADER buffer */
  for (i = 0; i < gst_value_array_get_size (headers); i++) {
    const GValue *v = gst_value_array_get_value (headers, i);

    if (G_VALUE_HOLDS (v, GST_TYPE_BUFFER))
      wmnet_server_set_header (sink->server, gst_value_get_buffer (v));
  }
  return TRUE;
}

static GstFlowReturn
wmnet_packet_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (bsink);

  /* the server ignores a header identical to the one it has */
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER))
    wmnet_server_set_header (sink->server, buf);
  else
    wmnet_server_push (sink->server, buf);
  return GST_FLOW_OK;
}

/* Waits until the clients have the end of the stream, the timeout passes
 * or unlock() is called (a flush or a state change down to READY). */
static void
wmnet_packet_sink_drain (WmnetPacketSink * sink)
{
  gint64 end = g_get_monotonic_time () + EOS_FLUSH_TIMEOUT / GST_USECOND;

  while (!wmnet_server_wait_flushed (sink->server, EOS_FLUSH_SLICE)) {
    if (g_atomic_int_get (&sink->unlocked)) {
      GST_DEBUG_OBJECT (sink, "flushing, clients no longer drained");
      return;
    }
    if (g_get_monotonic_time () >= end) {
      GST_WARNING_OBJECT (sink, "clients still reading %" GST_TIME_FORMAT
          " after end of stream", GST_TIME_ARGS (EOS_FLUSH_TIMEOUT));
      return;
    }
  }
}

static gboolean
wmnet_packet_sink_unlock (GstBaseSink * bsink)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (bsink);

  g_atomic_int_set (&sink->unlocked, TRUE);
  return TRUE;
}

static gboolean
wmnet_packet_sink_unlock_stop (GstBaseSink * bsink)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (bsink);

  g_atomic_int_set (&sink->unlocked, FALSE);
  return TRUE;
}

static gboolean
wmnet_packet_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (bsink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    wmnet_server_eos (sink->server);
    wmnet_packet_sink_drain (sink);
  }
  return GST_BASE_SINK_CLASS (wmnet_packet_sink_parent_class)->event (bsink,
      event);
}

static void
wmnet_packet_sink_finalize (GObject * object)
{
  WmnetPacketSink *sink = WMNET_PACKET_SINK (object);

  g_clear_object (&sink->server);
  g_free (sink->address);
  G_OBJECT_CLASS (wmnet_packet_sink_parent_class)->finalize (object);
}

static void
wmnet_packet_sink_init (WmnetPacketSink * sink)
{
  /* broadcast in real time, as the SDK's network sink */
  gst_base_sink_set_sync (GST_BASE_SINK (sink), TRUE);
}

static void
wmnet_packet_sink_class_init (WmnetPacketSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->finalize = wmnet_packet_sink_finalize;
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "wmnetsink packet sink", "Sink/Network",
      "Internal sink of wmnetsink: feeds ASF packets to its HTTP server",
      "the gst-wmnet developers");
  element_class->change_state =
      GST_DEBUG_FUNCPTR (wmnet_packet_sink_change_state);
  bsink_class->set_caps = GST_DEBUG_FUNCPTR (wmnet_packet_sink_set_caps);
  bsink_class->render = GST_DEBUG_FUNCPTR (wmnet_packet_sink_render);
  bsink_class->event = GST_DEBUG_FUNCPTR (wmnet_packet_sink_event);
  bsink_class->unlock = GST_DEBUG_FUNCPTR (wmnet_packet_sink_unlock);
  bsink_class->unlock_stop = GST_DEBUG_FUNCPTR (wmnet_packet_sink_unlock_stop);

  GST_DEBUG_CATEGORY_INIT (wmnet_packet_sink_debug, "wmnetpacketsink", 0,
      "wmnetsink packet sink");
}
