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

/**
 * SECTION:element-wmnetserversink
 * @title: wmnetserversink
 * @see_also: wmnetsink, wmasfmux
 *
 * Serves ASF that is already muxed to every client that connects over HTTP
 * and MS-WMSP (mmsh), as the Windows Media Format SDK's writer network sink
 * (IWMWriterNetworkSink, fed through IWMWriterSink::OnHeader and
 * OnDataUnit) does.
 *
 * The input is `video/x-ms-asf`, either as a header (the `streamheader` of
 * the caps, or a buffer flagged HEADER) followed by one data packet per
 * buffer, as wmasfmux and `asfmux streamable=true` give, or as a plain byte
 * stream that starts with the ASF Header Object, cut anywhere, as
 * `souphttpsrc` gives when it fetches another server's plain-HTTP ASF: the
 * element finds the header, reads the packet size from the File Properties
 * Object (ASF spec 3.2) and cuts the packets itself. A new header later in
 * the input is a header change: MS-WMSP clients get `$E` (reason 1), `$C`
 * and the new `$H`; plain-HTTP clients get the end of their stream. Key
 * packets (where a joining client starts) are the buffers without
 * DELTA_UNIT, or, in a byte stream, the packets whose payloads start a key
 * frame of a video stream (every packet when there is no video).
 *
 * Input that ends before a whole ASF header is an error (STREAM WRONG_TYPE
 * when no Header Object started, DECODE when the input ends inside one); a
 * header and no data packet for 10 s while PLAYING posts one warning, and
 * so does a video stream of the header without a payload in the first 10 s
 * of its packets (gst-plugins-bad asfmux 1.22 with the libav video
 * encoders sends no video: see docs/wmnetserversink.md).
 *
 * Every network property, action signal and bus message is the one
 * wmnetsink documents, with the same names and meaning (the messages keep
 * the `wmnetsink-` prefix); see docs/wmnetserversink.md and
 * docs/wmnetsink.md.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! avenc_wmv2 ! wmasfmux ! \
 *     wmnetserversink port=8080
 * ]| Serves what wmasfmux muxes; the same as `wmnetsink`.
 * |[
 * gst-launch-1.0 souphttpsrc location=http://origin:8080/ is-live=true ! \
 *     wmnetserversink port=8081
 * ]| Relays another broadcast (a wmnetsink's, VLC's plain-HTTP ASF output)
 * with fast start at the edge.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetserversinkpriv.h"
#include "gstwmnetsrc.h"
#include "wmnetaccess.h"
#include "wmnetdispatch.h"
#include "wmnetinput.h"
#include "wmnetlog.h"
#include "wmnetserver.h"
#include "wmnetsouploader.h"

GST_DEBUG_CATEGORY (gst_wmnet_server_sink_debug);

#define gst_wmnet_server_sink_parent_class parent_class
G_DEFINE_TYPE (GstWmnetServerSink, gst_wmnet_server_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE (wmnetserversink, "wmnetserversink",
    GST_RANK_NONE, GST_TYPE_WMNET_SERVER_SINK);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

/* ------------------------------------------------------------------------ */
/* telling the application */

void
gst_wmnet_server_sink_set_user_element (GstWmnetServerSink * self,
    GstElement * bin)
{
  self->user_element = bin;
}

/* The element the application made: wmnetsink when we are its
 * `serversink` (it reposts our messages as its own), else us. */
gchar *
gst_wmnet_server_sink_user_element_name (GstWmnetServerSink * self)
{
  GstObject *parent = gst_object_get_parent (GST_OBJECT (self));
  gchar *name;

  if (parent && parent == GST_OBJECT_CAST (self->user_element))
    name = gst_object_get_name (parent);
  else
    name = gst_object_get_name (GST_OBJECT (self));
  gst_clear_object (&parent);
  return name;
}

void
gst_wmnet_server_sink_post_config_warning (GstWmnetServerSink * self,
    const gchar * text)
{
  GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS, ("%s", text),
      ("a list given as configuration was refused: the element stays "
          "closed (docs/design.md, D50)"));
}

/* Serving starts: each refusal still standing is told on the bus. */
static void
post_standing_refusals (GstWmnetServerSink * self)
{
  gchar *texts[N_REFUSED];
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < N_REFUSED; i++)
    texts[i] = g_strdup (self->refused[i]);
  GST_OBJECT_UNLOCK (self);
  for (i = 0; i < N_REFUSED; i++) {
    if (texts[i])
      gst_wmnet_server_sink_post_config_warning (self, texts[i]);
    g_free (texts[i]);
  }
}

/* ------------------------------------------------------------------------ */
/* the input */

static gboolean
header_only_timeout (GstClock * clock, GstClockTime time, GstClockID id,
    gpointer user_data)
{
  GstWmnetServerSink *self = user_data;
  gboolean warn;

  GST_OBJECT_LOCK (self);
  warn = id == self->header_only_id && !self->header_only_warned;
  self->header_only_warned |= warn;
  GST_OBJECT_UNLOCK (self);
  if (warn)
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        ("No ASF data packet %u s after the header: clients get the header "
            "and nothing else.", (guint) (HEADER_ONLY_TIMEOUT / GST_SECOND)),
        ("Upstream stopped after the header: a muxer waiting for a stream "
            "whose timestamps are far from the others', a source or encoder "
            "that gives no data, or a stalled network source"));
  return TRUE;
}

/* Arms the header-only timer while PLAYING with a header and no packet;
 * disarms it otherwise. Any thread. */
static void
header_only_update (GstWmnetServerSink * self, gboolean waiting)
{
  GstClockID old = NULL;
  GstClock *clock = NULL;

  GST_OBJECT_LOCK (self);
  if (waiting && self->playing && !self->header_only_warned) {
    if (self->header_only_id == NULL) {
      clock = gst_system_clock_obtain ();
      self->header_only_id = gst_clock_new_single_shot_id (clock,
          gst_clock_get_time (clock) + HEADER_ONLY_TIMEOUT);
      gst_clock_id_wait_async (self->header_only_id, header_only_timeout,
          gst_object_ref (self), gst_object_unref);
    }
  } else {
    old = self->header_only_id;
    self->header_only_id = NULL;
  }
  GST_OBJECT_UNLOCK (self);
  if (old) {
    gst_clock_id_unschedule (old);
    gst_clock_id_unref (old);
  }
  if (clock)
    gst_object_unref (clock);
}

static gboolean
gst_wmnet_server_sink_set_caps (GstBaseSink * bsink, GstCaps * caps)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);

  wmnet_input_set_caps (self->input, caps);
  header_only_update (self, wmnet_input_waits_for_packet (self->input));
  return TRUE;
}

/* A relay (wmnetsrc upstream) serves players that buffer the server's
 * preroll and bursts that much itself (D57): it asks for the header as
 * the server sent it (docs/design.md D58). */
static gboolean
gst_wmnet_server_sink_query (GstBaseSink * bsink, GstQuery * query)
{
  const GstStructure *s = gst_query_get_structure (query);

  if (GST_QUERY_TYPE (query) == GST_QUERY_CUSTOM && s != NULL
      && gst_structure_has_name (s, GST_WMNET_SRC_QUERY_HEADER_AS_SENT))
    return TRUE;
  return GST_BASE_SINK_CLASS (parent_class)->query (bsink, query);
}

static GstFlowReturn
gst_wmnet_server_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);
  GError *error = NULL;
  guint stream;
  guint32 after_ms;

  if (!wmnet_input_push (self->input, buf, &error)) {
    GST_ELEMENT_ERROR (self, STREAM, DEMUX, ("The input is not ASF."),
        ("%s", error->message));
    g_error_free (error);
    return GST_FLOW_ERROR;
  }
  header_only_update (self, wmnet_input_waits_for_packet (self->input));
  if (wmnet_input_take_silent_video (self->input, &stream, &after_ms))
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("Video stream %u of the ASF header has no payload in %u.%03u s of "
            "packets: players show no video.", stream, after_ms / 1000,
            after_ms % 1000),
        ("The muxer upstream holds that stream back or never got its data: "
            "a video branch that stalled, or gst-plugins-bad asfmux with "
            "the libav video encoders (their timestamps start at 1000 h and "
            "asfmux interleaves raw timestamps; use wmasfmux)"));
  return GST_FLOW_OK;
}

/* Waits until the clients have the end of the stream, the timeout passes
 * or unlock() is called (a flush or a state change down to READY). */
static void
drain (GstWmnetServerSink * self)
{
  switch (wmnet_server_wait_flushed (self->server, EOS_FLUSH_TIMEOUT)) {
    case WMNET_SERVER_WAIT_FLUSHED:
      break;
    case WMNET_SERVER_WAIT_CANCELLED:
      GST_DEBUG_OBJECT (self, "flushing, clients no longer drained");
      break;
    case WMNET_SERVER_WAIT_TIMEOUT:
      GST_WARNING_OBJECT (self, "clients still reading %" GST_TIME_FORMAT
          " after end of stream", GST_TIME_ARGS (EOS_FLUSH_TIMEOUT));
      break;
  }
}

static gboolean
gst_wmnet_server_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:{
      GError *error = NULL;

      header_only_update (self, FALSE);
      if (!wmnet_input_eos (self->input, &error)) {
        if (g_error_matches (error, WMASF_ERROR, WMASF_ERROR_NOT_ASF))
          GST_ELEMENT_ERROR (self, STREAM, WRONG_TYPE,
              ("The input is not ASF."), ("%s", error->message));
        else
          GST_ELEMENT_ERROR (self, STREAM, DECODE,
              ("The input ended before a whole ASF header."), ("%s",
                  error->message));
        g_error_free (error);
        gst_event_unref (event);
        return FALSE;
      }
    }
      wmnet_server_eos (self->server);
      drain (self);
      /* the application hears of every disconnection before the EOS */
      wmnet_dispatch_wait (self->dispatch, GST_SECOND);
      break;
    case GST_EVENT_FLUSH_STOP:
      wmnet_input_flush (self->input);
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

static gboolean
gst_wmnet_server_sink_unlock (GstBaseSink * bsink)
{
  /* wakes the EOS drain at once */
  wmnet_server_cancel_wait (GST_WMNET_SERVER_SINK (bsink)->server, TRUE);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_unlock_stop (GstBaseSink * bsink)
{
  wmnet_server_cancel_wait (GST_WMNET_SERVER_SINK (bsink)->server, FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* state: libsoup at NULL→READY, the port at READY→PAUSED (Open), released at
 * PAUSED→READY (Close) */

static gboolean
open_port (GstWmnetServerSink * self)
{
  GError *error = NULL;
  gchar *address, *path, *url;
  guint port;
  gint current;

  GST_OBJECT_LOCK (self);
  address = g_strdup (self->address);
  path = g_strdup (self->publishing_point);
  port = self->port;
  wmnet_server_set_metrics (self->server, self->metrics_path,
      self->metrics_access);
  GST_OBJECT_UNLOCK (self);

  if (!wmnet_server_start_point (self->server, address, port, path, &error)) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
      GST_ELEMENT_ERROR (self, RESOURCE, BUSY,
          ("Port %u already has the publishing point %s in this process.",
              port, path ? path : "of every path (publishing-point NULL)"),
          ("%s", error->message));
    else
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ_WRITE,
          ("Could not listen on address %s, port %u.",
              address ? address : "(any)", port), ("%s", error->message));
    g_error_free (error);
    g_free (address);
    g_free (path);
    return FALSE;
  }
  g_free (address);
  g_free (path);

  current = wmnet_server_get_port (self->server);
  url = wmnet_server_get_url (self->server);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("wmnetsink-listening", "port", G_TYPE_UINT,
              (guint) current, "host-url", G_TYPE_STRING, url, NULL)));
  g_free (url);
  /* after the listening message: serving has started either way */
  gst_wmnet_server_sink_open_log (self);
  post_standing_refusals (self);
  return TRUE;
}

static GstStateChangeReturn
gst_wmnet_server_sink_change_state (GstElement * element,
    GstStateChange transition)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (element);
  GstStateChangeReturn ret;
  GError *error = NULL;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      /* here rather than at plugin load, so that a process where libsoup 3
       * cannot go (libsoup 2 is there) can still inspect and create us */
      if (!wmnet_soup_load (&error)) {
        GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("%s", error->message),
            ("%s loads libsoup 3 when it goes to READY",
                GST_OBJECT_NAME (self)));
        g_error_free (error);
        return GST_STATE_CHANGE_FAILURE;
      }
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      self->header_only_warned = FALSE;
      GST_OBJECT_UNLOCK (self);
      wmnet_input_start (self->input);
      if (!open_port (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      self->playing = FALSE;
      GST_OBJECT_UNLOCK (self);
      header_only_update (self, FALSE);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_PLAYING
      && ret != GST_STATE_CHANGE_FAILURE) {
    GST_OBJECT_LOCK (self);
    self->playing = TRUE;
    GST_OBJECT_UNLOCK (self);
    /* the streaming thread may be rendering: it re-arms or disarms */
    header_only_update (self, wmnet_input_waits_for_packet (self->input));
  }

  if ((ret == GST_STATE_CHANGE_FAILURE
          && transition == GST_STATE_CHANGE_READY_TO_PAUSED)
      || transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    wmnet_server_stop (self->server);
    /* the last disconnections and access log lines are on the bus when
     * READY is reached */
    wmnet_dispatch_wait (self->dispatch, GST_SECOND);
  }
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED
      || transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    g_object_notify_by_pspec (G_OBJECT (self),
        gst_wmnet_server_sink_pspecs[PROP_CURRENT_PORT]);
    g_object_notify_by_pspec (G_OBJECT (self),
        gst_wmnet_server_sink_pspecs[PROP_HOST_URL]);
  }
  return ret;
}

/* ------------------------------------------------------------------------ */

/* metrics-access's default: loopback only (D76) */
static const gchar *const default_metrics_access[] = { "127.0.0.1", "::1",
  NULL
};

static void
gst_wmnet_server_sink_init (GstWmnetServerSink * self)
{
  self->port = DEFAULT_PORT;
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->log = wmnet_log_file_new ();

  self->dispatch =
      wmnet_dispatch_new (GST_ELEMENT (self),
      gst_wmnet_server_sink_client_pspecs);
  wmnet_dispatch_set_log_file (self->dispatch, self->log);
  self->access = wmnet_access_list_new ();
  /* it keeps the settings, and their defaults are the properties' */
  self->server = wmnet_server_new (wmnet_dispatch_callbacks (),
      self->dispatch, self->access);
  self->trusted = wmnet_access_list_new ();
  self->metrics_access = wmnet_access_list_new ();
  wmnet_access_list_set (self->metrics_access, WMNET_ACCESS_TYPE_INCLUDE,
      default_metrics_access, NULL);
  self->auth = wmnet_auth_new ();
  self->limits = wmnet_limits_new ();
  wmnet_server_set_admission (self->server, self->trusted, self->auth,
      self->limits);
  self->input = wmnet_input_new (self->server);

  /* broadcast in real time, as the SDK's network sink; handing a packet to
   * the server takes no time worth a deadline */
  gst_base_sink_set_sync (GST_BASE_SINK (self), TRUE);
  gst_base_sink_set_processing_deadline (GST_BASE_SINK (self), 0);
}

static void
gst_wmnet_server_sink_dispose (GObject * object)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

  if (self->server)
    wmnet_server_stop (self->server);
  /* deliver what is queued, then let the thread go */
  g_clear_pointer (&self->dispatch, wmnet_dispatch_free);
  G_OBJECT_CLASS (parent_class)->dispose (object);
}

static void
gst_wmnet_server_sink_finalize (GObject * object)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);
  guint i;

  g_clear_object (&self->server);
  wmnet_access_list_free (self->access);
  wmnet_access_list_free (self->trusted);
  wmnet_access_list_free (self->metrics_access);
  wmnet_auth_free (self->auth);
  wmnet_limits_free (self->limits);
  g_free (self->auth_file);
  for (i = 0; i < N_REFUSED; i++)
    g_free (self->refused[i]);
  wmnet_input_free (self->input);
  wmnet_log_file_free (self->log);
  g_free (self->address);
  g_free (self->publishing_point);
  g_free (self->metrics_path);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_server_sink_class_init (GstWmnetServerSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->set_property = gst_wmnet_server_sink_set_property;
  gobject_class->get_property = gst_wmnet_server_sink_get_property;
  gobject_class->dispose = gst_wmnet_server_sink_dispose;
  gobject_class->finalize = gst_wmnet_server_sink_finalize;

  gst_wmnet_server_sink_install_properties (gobject_class);
  gst_wmnet_server_sink_install_signals (klass);
  gst_wmnet_server_sink_install_bindings (klass);

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_change_state);
  bsink_class->set_caps = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_set_caps);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_render);
  bsink_class->query = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_query);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_event);
  bsink_class->unlock = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_unlock);
  bsink_class->unlock_stop =
      GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_unlock_stop);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media network server sink", "Sink/Network",
      "Serves muxed ASF live over HTTP and MS-WMSP (mmsh) to every client "
      "that connects (IWMWriterNetworkSink)", "the gst-wmnet developers");

  gst_type_mark_as_plugin_api (WMNET_TYPE_ACCESS_TYPE, 0);
  gst_type_mark_as_plugin_api (WMNET_TYPE_SLOW_CLIENT_POLICY, 0);
  gst_type_mark_as_plugin_api (WMNET_TYPE_AUTH_MODE, 0);
  GST_DEBUG_CATEGORY_INIT (gst_wmnet_server_sink_debug, "wmnetserversink", 0,
      "Windows Media network server sink");
}
