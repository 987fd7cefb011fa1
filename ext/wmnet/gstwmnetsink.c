/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-wmnetsink
 * @title: wmnetsink
 * @see_also: wmasfmux, asfdemux
 *
 * wmnetsink turns a pipeline into a live Windows Media broadcast server, as
 * the Windows Media Format SDK's writer network sink object
 * (IWMWriterNetworkSink) does: it muxes the encoded streams into ASF
 * (with an internal wmasfmux) and serves them over HTTP to every client that
 * connects.
 *
 * MS-WMSP clients ("mmsh": Windows Media Player, VLC, FFmpeg/ffplay/mpv;
 * User-Agent NSPlayer/, NSServer/, WMCacheProxy/, Windows-Media-Player/, or
 * a request with an xClientGUID or xPlayStrm pragma) get the framed stream:
 * a describe request (no `xPlayStrm=1`) gets the `$H` header chunk alone
 * with a Content-Length; a play request gets `$H`, then a `$D` chunk per
 * ASF data packet, and `$E` at the end of the stream ([MS-WMSP] 2.2.3).
 * Every other client gets plain ASF over HTTP
 * (`Content-Type: video/x-ms-asf`): the header, then the packets. Responses
 * are HTTP/1.0, never chunked, and a Range request never becomes a 206.
 * HEAD gets the headers only; other methods get 405.
 *
 * A new client starts at the most recent key packet (#GstWmnetSink:fast-start)
 * so that playback begins at once. Every client shares one ring of recent
 * packets; one that falls more than #GstWmnetSink:client-buffer-time behind
 * (counting what its kernel send queue still holds) is handled by
 * #GstWmnetSink:slow-client-policy, so a slow client never holds up the
 * pipeline or the other clients. One whose peer takes no byte for twice
 * client-buffer-time while data waits is disconnected (reason `slow`)
 * under either policy, so that its slot frees.
 *
 * Fixed limits against what clients send: a complete request head within
 * 5 s; heads a proxy could read another way than libsoup (whitespace before
 * a colon, conflicting Content-Length) get 400; `Expect` is ignored (no
 * 100 Continue); a streaming client may send 4 KiB after its request, then
 * is disconnected (reason `error`); a describe request before the first
 * header waits at most 5 s (then 503), at most 64 at once. The server keeps
 * 32 descriptors free below RLIMIT_NOFILE: a connection that would take one
 * gets 503 and the first such posts a RESOURCE warning. The packet ring
 * holds at most 128 MiB; timestamps going backwards (a flushing seek, a
 * looping file) neither stall nor grow it.
 *
 * The port opens at READY→PAUSED (IWMWriterNetworkSink::Open) and is
 * released at PAUSED→READY (IWMWriterNetworkSink::Close). When it cannot be
 * opened (port in use, no permission), the element posts a RESOURCE
 * OPEN_READ_WRITE error naming the address and port and the state change
 * fails.
 *
 * libsoup 3 is loaded at the first NULL→READY, not with the plugin:
 * libsoup 3 aborts a process that already holds libsoup 2 (e.g. one using
 * WebKitGTK 4.0), so there wmnetsink instead posts a LIBRARY INIT error
 * ("libsoup 2 is already loaded in this process …") and NULL→READY fails;
 * the element can still be created and inspected.
 *
 * ## Who may connect
 *
 * #GstWmnetSink:access-include and #GstWmnetSink:access-exclude are the
 * IWMAddressAccess2 lists. The rule, checked on every request (describe,
 * play or plain GET) before anything else: a client whose address matches
 * an exclude entry is refused; else, if the include list is not empty, a
 * client matching no include entry is refused; else it is admitted. An
 * IPv4-mapped IPv6 peer (::ffff:a.b.c.d) is matched as a.b.c.d, and an
 * IPv4-mapped entry is stored as its IPv4 form; an entry of one family never
 * matches a peer of the other (`::/0` is IPv6 peers only, `0.0.0.0/0` every
 * IPv4 peer). A refused client gets
 * `403 Forbidden` and not one byte of ASF. Editing a list also disconnects
 * connected clients the new lists refuse (reason `access-denied`).
 *
 * ## Bus messages
 *
 * wmnetsink posts element messages (never from a thread it blocks):
 *
 * `wmnetsink-listening`: the port is open.
 * * #guint `port`: the port listened on
 * * #gchararray `host-url`: the URL clients use
 *
 * `wmnetsink-client-connected` (WMT_CLIENT_CONNECT_EX): a streaming client
 * connected; the fields of a client structure (below).
 *
 * `wmnetsink-client-properties` (WMT_CLIENT_PROPERTIES): a client's DNS name
 * arrived.
 * * #guint64 `id`, #gchararray `address`, #guint `port`,
 *   #gchararray `dns-name`
 *
 * `wmnetsink-client-disconnected` (WMT_CLIENT_DISCONNECT_EX): a client left;
 * the client fields plus
 * * #gchararray `reason`: `closed` (the connection was closed), `eos` (the
 *   end of the stream was delivered), `kicked` (disconnect-client or
 *   disconnect-all), `slow` (fell behind with slow-client-policy=disconnect,
 *   or took no byte for twice client-buffer-time), `access-denied` (refused
 *   by an edited access list), `error` (a socket error, or it sent more
 *   than 4 KiB after its request)
 * * #guint64 `duration`: how long it was connected, in nanoseconds
 *
 * `wmnetsink-client-refused`: a request was refused.
 * * #gchararray `address`, #guint `port`
 * * #gchararray `reason`: `access-denied` (403) or `max-clients` (503)
 *
 * A client structure (name `wmnetsink-client`) has: #guint64 `id` (never
 * reused), #gchararray `address` (textual IP; IPv4 clients of a dual-stack
 * socket shown as IPv4), #guint `port`, #gchararray `dns-name` (empty until
 * resolved), #gchararray `user-agent`, #gchararray `protocol` (`wmsp` or
 * `http`), #gint64 `connected-at` (µs since the Unix epoch),
 * #guint64 `bytes-sent`, #guint64 `packets-sent`, #guint64 `packets-dropped`.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=25/1 ! \
 *     avenc_wmv2 bitrate=1000000 ! queue ! wmnetsink name=s port=8080 \
 *     audiotestsrc is-live=true ! audioconvert ! audioresample ! avenc_wmav2 ! queue ! s.
 * ]| A live broadcast of a test pattern and a tone; play it with
 * `ffplay mmsh://127.0.0.1:8080/` or `vlc mmsh://127.0.0.1:8080/`.
 * |[
 * gst-launch-1.0 filesrc location=talk.wmv ! asfdemux name=d \
 *     d.video_0 ! queue ! s.video_%u  d.audio_0 ! queue ! s.audio_%u \
 *     wmnetsink name=s port=8080 access-exclude="<\"10.0.0.0/8\">"
 * ]| Re-broadcasts an existing Windows Media file at its real rate, without
 * re-encoding, to everybody but 10.0.0.0/8.
 *
 * Since: gst-wmnet-0.1.0
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/pbutils/missing-plugins.h>

#include "gstwmnetsink.h"
#include "wmnetaccess.h"
#include "wmnetpacketsink.h"
#include "wmnetserver.h"
#include "wmnetsouploader.h"

GST_DEBUG_CATEGORY_STATIC (gst_wmnet_sink_debug);
#define GST_CAT_DEFAULT gst_wmnet_sink_debug

#define DEFAULT_PORT 8080
#define DEFAULT_ADDRESS NULL
#define DEFAULT_MAX_CLIENTS 5
#define DEFAULT_RESOLVE_NAMES TRUE
#define DEFAULT_FAST_START TRUE
#define DEFAULT_CLIENT_BUFFER_TIME (10 * GST_SECOND)
#define DEFAULT_SLOW_CLIENT_POLICY WMNET_SLOW_CLIENT_SKIP_TO_KEY
/* ASF players buffer seconds of preroll: 100 ms of gathering is invisible
 * to them and cuts the writes of a 1 Mbit/s stream by about four. */
#define DEFAULT_COALESCE_TIME (100 * GST_MSECOND)
/* mirrored from wmasfmux, whose properties these forward to */
#define DEFAULT_PACKET_SIZE 4096
#define DEFAULT_PREROLL 3000

enum
{
  PROP_0,
  PROP_PORT,
  PROP_CURRENT_PORT,
  PROP_ADDRESS,
  PROP_HOST_URL,
  PROP_MAX_CLIENTS,
  PROP_NUM_CLIENTS,
  PROP_CLIENTS,
  PROP_ACCESS_INCLUDE,
  PROP_ACCESS_EXCLUDE,
  PROP_RESOLVE_NAMES,
  PROP_FAST_START,
  PROP_CLIENT_BUFFER_TIME,
  PROP_SLOW_CLIENT_POLICY,
  PROP_COALESCE_TIME,
  PROP_PACKET_SIZE,
  PROP_PREROLL,
  N_PROPS
};

enum
{
  SIGNAL_GET_CLIENT_INFO,
  SIGNAL_DISCONNECT_CLIENT,
  SIGNAL_DISCONNECT_ALL,
  SIGNAL_ADD_ACCESS_ENTRY,
  SIGNAL_REMOVE_ACCESS_ENTRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _GstWmnetSink
{
  GstBin parent;

  GstElement *mux;              /* NULL when wmasfmux is missing */
  GstElement *sink;
  WmnetServer *server;
  WmnetAccessList *access;
  /* posts messages and notifies off the server thread, in order */
  GThreadPool *dispatcher;
  GMutex dispatch_lock;
  GCond dispatch_cond;
  guint dispatch_pending;

  /* properties, under the object lock */
  guint port;
  gchar *address;
  guint max_clients;
  gboolean resolve_names;
  gboolean fast_start;
  GstClockTime client_buffer_time;
  WmnetSlowClientPolicy slow_client_policy;
  GstClockTime coalesce_time;
};

#define gst_wmnet_sink_parent_class parent_class
G_DEFINE_TYPE (GstWmnetSink, gst_wmnet_sink, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE (wmnetsink, "wmnetsink", GST_RANK_NONE,
    GST_TYPE_WMNET_SINK);

static GstStaticPadTemplate video_template =
GST_STATIC_PAD_TEMPLATE ("video_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS ("video/x-wmv, wmvversion = (int) [ 1, 3 ], "
        "width = (int) [ 1, MAX ], height = (int) [ 1, MAX ]"));

static GstStaticPadTemplate audio_template =
GST_STATIC_PAD_TEMPLATE ("audio_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS ("audio/x-wma, wmaversion = (int) [ 1, 2 ]; "
        "audio/mpeg, mpegversion = (int) 1, layer = (int) 3"));

/* ------------------------------------------------------------------------ */
/* messages: posted from the dispatcher thread, so that no application
 * handler (bus sync handler, notify) ever runs on the server thread */

typedef enum
{
  DISPATCH_MESSAGE,
  DISPATCH_CLIENTS_CHANGED,
  DISPATCH_WARNING,
} DispatchKind;

typedef struct
{
  DispatchKind kind;
  GstStructure *s;
  gchar *text;
} Dispatch;

static void
dispatch (gpointer data, gpointer user_data)
{
  Dispatch *d = data;
  GstWmnetSink *self = user_data;

  if (d->kind == DISPATCH_MESSAGE) {
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self), d->s));
  } else if (d->kind == DISPATCH_WARNING) {
    GST_ELEMENT_WARNING (self, RESOURCE, FAILED, ("%s", d->text), (NULL));
  } else {
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUM_CLIENTS]);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENTS]);
  }
  g_free (d->text);
  g_free (d);

  g_mutex_lock (&self->dispatch_lock);
  self->dispatch_pending--;
  g_cond_broadcast (&self->dispatch_cond);
  g_mutex_unlock (&self->dispatch_lock);
}

static void
queue_dispatch (GstWmnetSink * self, DispatchKind kind, GstStructure * s,
    const gchar * text)
{
  Dispatch *d = g_new0 (Dispatch, 1);

  d->kind = kind;
  d->s = s;
  d->text = g_strdup (text);
  g_mutex_lock (&self->dispatch_lock);
  self->dispatch_pending++;
  g_mutex_unlock (&self->dispatch_lock);
  g_thread_pool_push (self->dispatcher, d, NULL);
}

static void
on_message (gpointer user_data, GstStructure * s)
{
  queue_dispatch (user_data, DISPATCH_MESSAGE, s, NULL);
}

static void
on_clients_changed (gpointer user_data)
{
  queue_dispatch (user_data, DISPATCH_CLIENTS_CHANGED, NULL, NULL);
}

static void
on_warning (gpointer user_data, const gchar * text)
{
  queue_dispatch (user_data, DISPATCH_WARNING, NULL, text);
}

static const WmnetServerCallbacks server_callbacks = {
  on_message, on_message, on_message, on_message, on_clients_changed,
  on_warning,
};

/* The packet sink's EOS comes once the clients have the end of the
 * stream; the application hears of their disconnections before it. */
static void
gst_wmnet_sink_handle_message (GstBin * bin, GstMessage * message)
{
  GstWmnetSink *self = GST_WMNET_SINK (bin);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS) {
    gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

    g_mutex_lock (&self->dispatch_lock);
    while (self->dispatch_pending > 0)
      if (!g_cond_wait_until (&self->dispatch_cond, &self->dispatch_lock, end))
        break;
    g_mutex_unlock (&self->dispatch_lock);
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, message);
}

/* ------------------------------------------------------------------------ */
/* pads */

static GstPad *
gst_wmnet_sink_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstPad *target, *ghost;

  if (self->mux == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "wmasfmux"), (NULL));
    return NULL;
  }
  target = gst_element_request_pad_simple (self->mux,
      GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
  if (target == NULL) {
    GST_WARNING_OBJECT (self, "wmasfmux refused a new %s pad",
        GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
    return NULL;
  }
  /* name the ghost after the muxer pad: the stream numbers follow it */
  ghost = gst_ghost_pad_new_from_template (GST_PAD_NAME (target), target,
      templ);
  gst_object_unref (target);
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (element, ghost);
  return ghost;
}

static void
gst_wmnet_sink_release_pad (GstElement * element, GstPad * pad)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstPad *target = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));

  if (target) {
    gst_element_release_request_pad (self->mux, target);
    gst_object_unref (target);
  }
  gst_object_ref (pad);
  gst_element_remove_pad (element, pad);
  gst_pad_set_active (pad, FALSE);
  gst_object_unref (pad);
}

/* ------------------------------------------------------------------------ */
/* action signals */

static GstStructure *
gst_wmnet_sink_get_client_info (GstWmnetSink * self, guint index)
{
  return wmnet_server_get_client_info (self->server, index);
}

static gboolean
gst_wmnet_sink_disconnect_client (GstWmnetSink * self, guint64 id)
{
  return wmnet_server_disconnect_client (self->server, id);
}

static void
gst_wmnet_sink_disconnect_all (GstWmnetSink * self)
{
  wmnet_server_disconnect_all (self->server);
}

static void
access_changed (GstWmnetSink * self, WmnetAccessType type)
{
  wmnet_server_recheck_access (self->server);
  g_object_notify_by_pspec (G_OBJECT (self),
      properties[type == WMNET_ACCESS_TYPE_INCLUDE ? PROP_ACCESS_INCLUDE :
          PROP_ACCESS_EXCLUDE]);
}

static gboolean
gst_wmnet_sink_add_access_entry (GstWmnetSink * self, WmnetAccessType type,
    const gchar * entry)
{
  GError *error = NULL;

  if (!wmnet_access_list_add (self->access, type, entry, &error)) {
    GST_WARNING_OBJECT (self, "add-access-entry: %s", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

static gboolean
gst_wmnet_sink_remove_access_entry (GstWmnetSink * self,
    WmnetAccessType type, guint index)
{
  GError *error = NULL;

  if (!wmnet_access_list_remove (self->access, type, index, &error)) {
    GST_WARNING_OBJECT (self, "remove-access-entry: %s", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* properties */

static void
set_access_list (GstWmnetSink * self, WmnetAccessType type,
    const GValue * value, const gchar * prop)
{
  guint i, n = gst_value_array_get_size (value);
  const gchar **entries = g_new0 (const gchar *, n + 1);
  GError *error = NULL;

  for (i = 0; i < n; i++) {
    const GValue *v = gst_value_array_get_value (value, i);

    entries[i] = G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;
    if (entries[i] == NULL) {
      g_warning ("wmnetsink: %s: entry %u is not a string; list unchanged",
          prop, i);
      g_free (entries);
      return;
    }
  }
  if (!wmnet_access_list_set (self->access, type, entries, &error)) {
    g_warning ("wmnetsink: %s: %s; list unchanged", prop, error->message);
    g_error_free (error);
  } else {
    wmnet_server_recheck_access (self->server);
  }
  g_free (entries);
}

static void
get_access_list (GstWmnetSink * self, WmnetAccessType type, GValue * value)
{
  gchar **entries = wmnet_access_list_get (self->access, type);
  guint i;

  for (i = 0; entries[i]; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_take_string (&v, entries[i]);
    gst_value_array_append_and_take_value (value, &v);
  }
  g_free (entries);
}

static void
get_clients (GstWmnetSink * self, GValue * value)
{
  GPtrArray *clients = wmnet_server_get_clients (self->server);
  guint i;

  for (i = 0; i < clients->len; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, g_ptr_array_index (clients, i));
    gst_value_array_append_and_take_value (value, &v);
  }
  /* the structures now belong to @value */
  g_ptr_array_set_free_func (clients, NULL);
  g_ptr_array_unref (clients);
}

/* A joining player gets a burst of at least the preroll it buffers before
 * it starts: the value the muxer really took (it may refuse a change). */
static void
sync_fast_start_time (GstWmnetSink * self, GstElement * mux)
{
  guint64 preroll_ms = DEFAULT_PREROLL;

  g_object_get (mux, "preroll", &preroll_ms, NULL);
  wmnet_server_set_fast_start_time (self->server, preroll_ms * GST_MSECOND);
}

static GstElement *
mux_of (GstWmnetSink * self)
{
  return self->mux ? gst_object_ref (self->mux) : NULL;
}

static void
gst_wmnet_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);
  GstElement *mux;

  switch (prop_id) {
    case PROP_PORT:
      GST_OBJECT_LOCK (self);
      if (GST_STATE (self) > GST_STATE_READY) {
        GST_OBJECT_UNLOCK (self);
        g_warning ("wmnetsink: 'port' can only change in NULL or READY; "
            "%u ignored", g_value_get_uint (value));
        break;
      }
      self->port = g_value_get_uint (value);
      wmnet_packet_sink_set_endpoint (WMNET_PACKET_SINK (self->sink),
          self->address, self->port);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ADDRESS:
      GST_OBJECT_LOCK (self);
      if (GST_STATE (self) > GST_STATE_READY) {
        GST_OBJECT_UNLOCK (self);
        g_warning ("wmnetsink: 'address' can only change in NULL or READY; "
            "\"%s\" ignored", g_value_get_string (value));
        break;
      }
      g_free (self->address);
      self->address = g_value_dup_string (value);
      wmnet_packet_sink_set_endpoint (WMNET_PACKET_SINK (self->sink),
          self->address, self->port);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_CLIENTS:
      GST_OBJECT_LOCK (self);
      self->max_clients = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_max_clients (self->server, g_value_get_uint (value));
      break;
    case PROP_ACCESS_INCLUDE:
      set_access_list (self, WMNET_ACCESS_TYPE_INCLUDE, value,
          "access-include");
      break;
    case PROP_ACCESS_EXCLUDE:
      set_access_list (self, WMNET_ACCESS_TYPE_EXCLUDE, value,
          "access-exclude");
      break;
    case PROP_RESOLVE_NAMES:
      GST_OBJECT_LOCK (self);
      self->resolve_names = g_value_get_boolean (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_resolve_names (self->server,
          g_value_get_boolean (value));
      break;
    case PROP_FAST_START:
      GST_OBJECT_LOCK (self);
      self->fast_start = g_value_get_boolean (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_fast_start (self->server, g_value_get_boolean (value));
      break;
    case PROP_CLIENT_BUFFER_TIME:
      GST_OBJECT_LOCK (self);
      self->client_buffer_time = g_value_get_uint64 (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_client_buffer_time (self->server,
          g_value_get_uint64 (value));
      break;
    case PROP_SLOW_CLIENT_POLICY:
      GST_OBJECT_LOCK (self);
      self->slow_client_policy = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_slow_client_policy (self->server,
          g_value_get_enum (value));
      break;
    case PROP_COALESCE_TIME:
      GST_OBJECT_LOCK (self);
      self->coalesce_time = g_value_get_uint64 (value);
      GST_OBJECT_UNLOCK (self);
      wmnet_server_set_coalesce_time (self->server,
          g_value_get_uint64 (value));
      break;
    case PROP_PACKET_SIZE:
    case PROP_PREROLL:
      if ((mux = mux_of (self))) {
        g_object_set_property (G_OBJECT (mux), pspec->name, value);
        sync_fast_start_time (self, mux);
        gst_object_unref (mux);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_wmnet_sink_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);
  GstElement *mux;

  switch (prop_id) {
    case PROP_PORT:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->port);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CURRENT_PORT:
      g_value_set_int (value, wmnet_server_get_port (self->server));
      break;
    case PROP_ADDRESS:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->address);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_HOST_URL:
      g_value_take_string (value, wmnet_server_get_url (self->server));
      break;
    case PROP_MAX_CLIENTS:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->max_clients);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_NUM_CLIENTS:
      g_value_set_uint (value, wmnet_server_get_num_clients (self->server));
      break;
    case PROP_CLIENTS:
      get_clients (self, value);
      break;
    case PROP_ACCESS_INCLUDE:
      get_access_list (self, WMNET_ACCESS_TYPE_INCLUDE, value);
      break;
    case PROP_ACCESS_EXCLUDE:
      get_access_list (self, WMNET_ACCESS_TYPE_EXCLUDE, value);
      break;
    case PROP_RESOLVE_NAMES:
      GST_OBJECT_LOCK (self);
      g_value_set_boolean (value, self->resolve_names);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_FAST_START:
      GST_OBJECT_LOCK (self);
      g_value_set_boolean (value, self->fast_start);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CLIENT_BUFFER_TIME:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->client_buffer_time);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SLOW_CLIENT_POLICY:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->slow_client_policy);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_COALESCE_TIME:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->coalesce_time);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PACKET_SIZE:
    case PROP_PREROLL:
      if ((mux = mux_of (self))) {
        g_object_get_property (G_OBJECT (mux), pspec->name, value);
        gst_object_unref (mux);
      } else {
        g_param_value_set_default (pspec, value);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* ------------------------------------------------------------------------ */
/* state */

static GstStateChangeReturn
gst_wmnet_sink_change_state (GstElement * element, GstStateChange transition)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY && self->mux == NULL) {
    gst_element_post_message (element,
        gst_missing_element_message_new (element, "wmasfmux"));
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "wmasfmux"), ("wmnetsink muxes with wmasfmux (plugin wmasf)"));
    return GST_STATE_CHANGE_FAILURE;
  }

  /* here rather than at plugin load, so that a process where libsoup 3
   * cannot go (libsoup 2 is there) can still inspect and create us */
  if (transition == GST_STATE_CHANGE_NULL_TO_READY) {
    GError *err = NULL;

    if (!wmnet_soup_load (&err)) {
      GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("%s", err->message),
          ("wmnetsink loads libsoup 3 when it goes to READY"));
      g_error_free (err);
      return GST_STATE_CHANGE_FAILURE;
    }
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:{
      gint port = wmnet_server_get_port (self->server);
      gchar *url = wmnet_server_get_url (self->server);

      if (port >= 0) {
        gst_element_post_message (element,
            gst_message_new_element (GST_OBJECT (self),
                gst_structure_new ("wmnetsink-listening",
                    "port", G_TYPE_UINT, (guint) port,
                    "host-url", G_TYPE_STRING, url, NULL)));
      }
      g_free (url);
      g_object_notify_by_pspec (G_OBJECT (self),
          properties[PROP_CURRENT_PORT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_URL]);
      break;
    }
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      g_object_notify_by_pspec (G_OBJECT (self),
          properties[PROP_CURRENT_PORT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_URL]);
      break;
    default:
      break;
  }
  return ret;
}

/* ------------------------------------------------------------------------ */

static void
gst_wmnet_sink_init (GstWmnetSink * self)
{
  self->port = DEFAULT_PORT;
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->max_clients = DEFAULT_MAX_CLIENTS;
  self->resolve_names = DEFAULT_RESOLVE_NAMES;
  self->fast_start = DEFAULT_FAST_START;
  self->client_buffer_time = DEFAULT_CLIENT_BUFFER_TIME;
  self->slow_client_policy = DEFAULT_SLOW_CLIENT_POLICY;
  self->coalesce_time = DEFAULT_COALESCE_TIME;

  g_mutex_init (&self->dispatch_lock);
  g_cond_init (&self->dispatch_cond);
  self->access = wmnet_access_list_new ();
  self->server = wmnet_server_new (&server_callbacks, self, self->access);
  wmnet_server_set_max_clients (self->server, self->max_clients);
  wmnet_server_set_coalesce_time (self->server, self->coalesce_time);
  self->dispatcher = g_thread_pool_new (dispatch, self, 1, FALSE, NULL);

  self->sink = wmnet_packet_sink_new (self->server);
  wmnet_packet_sink_set_endpoint (WMNET_PACKET_SINK (self->sink),
      self->address, self->port);
  gst_bin_add (GST_BIN (self), self->sink);

  /* a missing wmasfmux fails the element at READY, not here */
  self->mux = gst_element_factory_make ("wmasfmux", "mux");
  if (self->mux) {
    gst_bin_add (GST_BIN (self), self->mux);
    gst_element_link (self->mux, self->sink);
    sync_fast_start_time (self, self->mux);
  }
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SINK);
}

static void
gst_wmnet_sink_dispose (GObject * object)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);

  if (self->server)
    wmnet_server_stop (self->server);
  /* deliver what is queued, then let the thread go */
  if (self->dispatcher) {
    g_thread_pool_free (self->dispatcher, FALSE, TRUE);
    self->dispatcher = NULL;
  }
  G_OBJECT_CLASS (parent_class)->dispose (object);
}

static void
gst_wmnet_sink_finalize (GObject * object)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);

  g_clear_object (&self->server);
  wmnet_access_list_free (self->access);
  g_free (self->address);
  g_mutex_clear (&self->dispatch_lock);
  g_cond_clear (&self->dispatch_cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_sink_class_init (GstWmnetSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_wmnet_sink_set_property;
  gobject_class->get_property = gst_wmnet_sink_get_property;
  gobject_class->dispose = gst_wmnet_sink_dispose;
  gobject_class->finalize = gst_wmnet_sink_finalize;

  /**
   * GstWmnetSink:port:
   *
   * TCP port to listen on, 0 for any free port (the port used is then in
   * #GstWmnetSink:current-port). IWMWriterNetworkSink::Open. Takes effect
   * at the next READY→PAUSED.
   */
  properties[PROP_PORT] = g_param_spec_uint ("port", "Port",
      "TCP port to listen on (0 = any free port; see current-port); "
      "IWMWriterNetworkSink::Open", 0, 65535, DEFAULT_PORT,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstWmnetSink:current-port:
   *
   * The port listened on, -1 when not listening (before PAUSED).
   */
  properties[PROP_CURRENT_PORT] = g_param_spec_int ("current-port",
      "Current port", "The port listened on (-1 when not listening)",
      -1, 65535, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstWmnetSink:address:
   *
   * Local address to listen on: an IPv4 or IPv6 literal or a host name.
   * NULL listens on every interface, IPv6 and IPv4 on one socket.
   */
  properties[PROP_ADDRESS] = g_param_spec_string ("address", "Address",
      "Local address to listen on (IP literal or host name; NULL = every "
      "interface, IPv6 and IPv4)", DEFAULT_ADDRESS,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstWmnetSink:host-url:
   *
   * `http://HOST:PORT/`, the URL clients play (also as `mmsh://HOST:PORT/`);
   * HOST is the bound address or, when listening on every interface, this
   * machine's host name. NULL when not listening.
   * IWMWriterNetworkSink::GetHostURL.
   */
  properties[PROP_HOST_URL] = g_param_spec_string ("host-url", "Host URL",
      "URL of the broadcast, http://HOST:PORT/ (NULL when not listening); "
      "IWMWriterNetworkSink::GetHostURL", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstWmnetSink:max-clients:
   *
   * Most streaming clients at once; the next one gets `503 Service
   * Unavailable` and a `wmnetsink-client-refused` message. 0 means no limit.
   * Describe requests do not count. IWMWriterNetworkSink::SetMaximumClients
   * (default 5 as the SDK's, without its cap of 50).
   */
  properties[PROP_MAX_CLIENTS] = g_param_spec_uint ("max-clients",
      "Maximum clients",
      "Most streaming clients at once, 0 = no limit (the next gets 503); "
      "IWMWriterNetworkSink::SetMaximumClients", 0, G_MAXINT,
      DEFAULT_MAX_CLIENTS,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:num-clients:
   *
   * Streaming clients connected now. IWMClientConnections::GetClientCount.
   */
  properties[PROP_NUM_CLIENTS] = g_param_spec_uint ("num-clients",
      "Number of clients",
      "Streaming clients connected now; IWMClientConnections::GetClientCount",
      0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstWmnetSink:clients:
   *
   * The connected clients, zero-based in connect order, as
   * `wmnetsink-client` structures (fields in the element description).
   * IWMClientConnections::GetClientProperties,
   * IWMClientConnections2::GetClientInfo.
   */
  properties[PROP_CLIENTS] = gst_param_spec_array ("clients", "Clients",
      "Connected clients, zero-based in connect order: wmnetsink-client "
      "structures with id (guint64, never reused), address (string, textual "
      "IP), port (guint), dns-name (string, empty until resolved), "
      "user-agent (string), protocol (string: wmsp or http), connected-at "
      "(gint64, microseconds since the Unix epoch), bytes-sent, packets-sent, "
      "packets-dropped (guint64); IWMClientConnections2::GetClientInfo",
      g_param_spec_boxed ("client", "Client", "A wmnetsink-client structure",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS),
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstWmnetSink:access-include:
   *
   * Include list of IWMAddressAccess2: entries such as "10.1.2.3",
   * "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::/32". When not
   * empty, only matching clients are admitted. A value with any bad entry
   * is refused whole with a warning and the old list stays. Read back in
   * canonical form (network/prefix).
   */
  properties[PROP_ACCESS_INCLUDE] = gst_param_spec_array ("access-include",
      "Access include list",
      "Addresses allowed to connect: \"10.1.2.3\", \"10.0.0.0/8\", "
      "\"192.168.0.0/255.255.0.0\", \"2001:db8::/32\". Rule, on every "
      "request: an exclude match is refused (403); else a non-empty include "
      "list must match; else admitted. ::ffff:a.b.c.d peers match as IPv4. "
      "A value with a bad entry is refused whole; IWMAddressAccess2 "
      "WM_AETYPE_INCLUDE",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:access-exclude:
   *
   * Exclude list of IWMAddressAccess2: a matching client is refused (403)
   * whatever the include list says. Same entry forms as
   * #GstWmnetSink:access-include.
   */
  properties[PROP_ACCESS_EXCLUDE] = gst_param_spec_array ("access-exclude",
      "Access exclude list",
      "Addresses refused (403), winning over the include list; same forms "
      "as access-include; IWMAddressAccess2 WM_AETYPE_EXCLUDE",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:resolve-names:
   *
   * Look up each client's DNS name (reverse DNS, asynchronous: it never
   * delays streaming); when it arrives the client's `dns-name` is set and a
   * `wmnetsink-client-properties` message is posted.
   */
  properties[PROP_RESOLVE_NAMES] = g_param_spec_boolean ("resolve-names",
      "Resolve names",
      "Look up clients' DNS names asynchronously (IWMClientConnections2 "
      "DNS name; WMT_CLIENT_PROPERTIES)", DEFAULT_RESOLVE_NAMES,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:fast-start:
   *
   * TRUE: a new client gets the header, then the packets from the latest
   * key packet at least #GstWmnetSink:preroll old (or, when the key frames
   * are further apart than half of #GstWmnetSink:client-buffer-time, the
   * latest one), as fast as its socket takes them: the player's buffer
   * fills at once and playback starts at once. FALSE: it waits for the
   * next key packet and gets the live rate.
   */
  properties[PROP_FAST_START] = g_param_spec_boolean ("fast-start",
      "Fast start",
      "Start new clients with a burst from the latest key packet at least "
      "preroll old, filling the player's buffer at once (FALSE: at the next "
      "key packet, live rate)", DEFAULT_FAST_START,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:client-buffer-time:
   *
   * How far, in nanoseconds of stream time, a client may fall behind the
   * live stream before #GstWmnetSink:slow-client-policy applies; what its
   * kernel send queue holds counts. Also how much the shared packet ring
   * keeps (at most 128 MiB). A client whose peer takes no byte for twice
   * this long while data waits is disconnected (reason `slow`) under either
   * policy.
   */
  properties[PROP_CLIENT_BUFFER_TIME] = g_param_spec_uint64
      ("client-buffer-time", "Client buffer time",
      "How far (ns) a client may fall behind, kernel send queue included, "
      "before slow-client-policy applies; also what the shared packet ring "
      "keeps (at most 128 MiB). A client that takes no byte for twice this "
      "is disconnected (reason slow) under either policy", GST_MSECOND,
      G_MAXUINT64, DEFAULT_CLIENT_BUFFER_TIME,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:slow-client-policy:
   *
   * What to do with a client more than #GstWmnetSink:client-buffer-time
   * behind.
   */
  properties[PROP_SLOW_CLIENT_POLICY] = g_param_spec_enum
      ("slow-client-policy", "Slow client policy",
      "What to do with a client more than client-buffer-time behind",
      WMNET_TYPE_SLOW_CLIENT_POLICY, DEFAULT_SLOW_CLIENT_POLICY,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:coalesce-time:
   *
   * How long, in nanoseconds, steady-state packets are gathered before they
   * go out to a client in one write (writev). Fan-out costs per write, not
   * per byte, and players buffer seconds of preroll, so the default 100 ms
   * cuts CPU with no visible effect. 0 sends each packet at once. A new
   * client's fast-start burst and the end of the stream are never delayed.
   */
  properties[PROP_COALESCE_TIME] = g_param_spec_uint64 ("coalesce-time",
      "Coalesce time",
      "Gather packets this long (ns) into one write per client; 0 = send "
      "each packet at once (fast-start bursts and EOS are never delayed)",
      0, 10 * GST_SECOND, DEFAULT_COALESCE_TIME,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstWmnetSink:packet-size:
   *
   * ASF data packet size in bytes (wmasfmux packet-size; IWMPacketSize).
   */
  properties[PROP_PACKET_SIZE] = g_param_spec_uint ("packet-size",
      "Packet size",
      "ASF data packet size in bytes (wmasfmux packet-size; IWMPacketSize)",
      512, 65527, DEFAULT_PACKET_SIZE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstWmnetSink:preroll:
   *
   * ASF preroll in milliseconds (wmasfmux preroll; File Properties Object
   * Preroll, ASF spec 3.2).
   */
  properties[PROP_PREROLL] = g_param_spec_uint64 ("preroll", "Preroll",
      "ASF preroll in milliseconds (wmasfmux preroll; File Properties "
      "Preroll)", 0, 60000, DEFAULT_PREROLL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  /**
   * GstWmnetSink::get-client-info:
   * @sink: the #GstWmnetSink
   * @index: zero-based index in connect order
   *
   * IWMClientConnections::GetClientProperties / IWMClientConnections2::GetClientInfo.
   *
   * Returns: (transfer full) (nullable): a `wmnetsink-client` structure,
   * NULL when @index is past the end.
   */
  signals[SIGNAL_GET_CLIENT_INFO] = g_signal_new ("get-client-info",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
      NULL, NULL, NULL, GST_TYPE_STRUCTURE, 1, G_TYPE_UINT);
  /**
   * GstWmnetSink::disconnect-client:
   * @sink: the #GstWmnetSink
   * @id: the client's `id`
   *
   * Disconnects one client (reason `kicked`).
   *
   * Returns: TRUE if such a client was connected.
   */
  signals[SIGNAL_DISCONNECT_CLIENT] = g_signal_new ("disconnect-client",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
      NULL, NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_UINT64);
  /**
   * GstWmnetSink::disconnect-all:
   * @sink: the #GstWmnetSink
   *
   * Disconnects every client (reason `kicked`); the port stays open.
   * IWMWriterNetworkSink::Disconnect.
   */
  signals[SIGNAL_DISCONNECT_ALL] = g_signal_new ("disconnect-all",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
      NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GstWmnetSink::add-access-entry:
   * @sink: the #GstWmnetSink
   * @type: the list, #WmnetAccessType (include 0x69, exclude 0x65)
   * @entry: "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::7", ...
   *
   * Appends an entry; connected clients the new lists refuse are
   * disconnected. IWMAddressAccess2::AddAccessEntryEx.
   *
   * Returns: FALSE (with a warning naming it) when @entry or @type is not
   * valid.
   */
  signals[SIGNAL_ADD_ACCESS_ENTRY] = g_signal_new ("add-access-entry",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
      NULL, NULL, NULL, G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE,
      G_TYPE_STRING);
  /**
   * GstWmnetSink::remove-access-entry:
   * @sink: the #GstWmnetSink
   * @type: the list, #WmnetAccessType
   * @index: zero-based index in that list
   *
   * IWMAddressAccess::RemoveAccessEntry.
   *
   * Returns: FALSE (with a warning) when @index is past the end or @type
   * is not valid.
   */
  signals[SIGNAL_REMOVE_ACCESS_ENTRY] = g_signal_new ("remove-access-entry",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
      NULL, NULL, NULL, G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE,
      G_TYPE_UINT);

  g_signal_override_class_handler ("get-client-info", GST_TYPE_WMNET_SINK,
      G_CALLBACK (gst_wmnet_sink_get_client_info));
  g_signal_override_class_handler ("disconnect-client", GST_TYPE_WMNET_SINK,
      G_CALLBACK (gst_wmnet_sink_disconnect_client));
  g_signal_override_class_handler ("disconnect-all", GST_TYPE_WMNET_SINK,
      G_CALLBACK (gst_wmnet_sink_disconnect_all));
  g_signal_override_class_handler ("add-access-entry", GST_TYPE_WMNET_SINK,
      G_CALLBACK (gst_wmnet_sink_add_access_entry));
  g_signal_override_class_handler ("remove-access-entry", GST_TYPE_WMNET_SINK,
      G_CALLBACK (gst_wmnet_sink_remove_access_entry));

  GST_BIN_CLASS (klass)->handle_message =
      GST_DEBUG_FUNCPTR (gst_wmnet_sink_handle_message);
  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_wmnet_sink_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_wmnet_sink_release_pad);
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_wmnet_sink_change_state);

  gst_element_class_add_static_pad_template (element_class, &video_template);
  gst_element_class_add_static_pad_template (element_class, &audio_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media network sink", "Sink/Network",
      "Live Windows Media broadcast server (IWMWriterNetworkSink): muxes "
      "into ASF and serves it over HTTP and MS-WMSP (mmsh) to every client "
      "that connects. Posts element messages wmnetsink-listening (port, "
      "host-url), wmnetsink-client-connected, wmnetsink-client-properties "
      "(DNS name arrived), wmnetsink-client-disconnected (+ reason: closed, "
      "eos, kicked, slow, access-denied, error; duration in ns) and "
      "wmnetsink-client-refused (address, port, reason: access-denied or "
      "max-clients); see docs/wmnetsink.md", "the gst-wmnet developers");

  gst_type_mark_as_plugin_api (WMNET_TYPE_ACCESS_TYPE, 0);
  gst_type_mark_as_plugin_api (WMNET_TYPE_SLOW_CLIENT_POLICY, 0);
  GST_DEBUG_CATEGORY_INIT (gst_wmnet_sink_debug, "wmnetsink", 0,
      "Windows Media network sink");
}
