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
 * SECTION:element-wmnetsink
 * @title: wmnetsink
 * @see_also: wmasfmux, asfdemux
 *
 * wmnetsink turns a pipeline into a live Windows Media broadcast server, as
 * the Windows Media Format SDK's writer network sink object
 * (IWMWriterNetworkSink) does: it muxes the encoded streams into ASF
 * (with an internal wmasfmux, named `mux`) and serves them over HTTP to
 * every client that connects (with an internal wmnetserversink, named
 * `serversink`, which can also be used on its own for ASF that is already
 * muxed). Its properties, action signals and bus messages are those of its
 * two children, forwarded: packet-size, preroll, streamable and
 * script-stream to the muxer, the rest to the server sink; the messages
 * come from wmnetsink itself. Tags (tag events, or GstTagSetter on
 * wmnetsink before PAUSED), the send-script action signal and `text_%u`
 * pads (timed text as CAPTION script commands) go to the muxer.
 * The request pads carry wmasfmux's pad property mutual-exclusion-group
 * (bit-rate alternatives of one content, a Bitrate Mutual Exclusion Object
 * in the header) and are GstChildProxy children next to the elements, so
 * gst-launch can set `s.video_0::mutual-exclusion-group=1`.
 * archive-location adds a second, file-mode wmasfmux and a filesink fed
 * by a tee per pad: the same encoded streams also become an indexed,
 * seekable file. push-location adds a tee after the muxer, a leaky queue
 * and a wmnetpushsink: the broadcast is also pushed to a server's
 * publishing point with [MS-WMHTTP]; a push that fails posts a warning
 * and the clients are served on.
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
 * `403 Forbidden` and not one byte of ASF. Editing a list, or
 * #GstWmnetSink:trusted-proxies, also disconnects connected clients the new
 * lists refuse (reason `access-denied`). A list value with a bad entry is
 * refused whole and closes the element: every request gets 403 and every
 * client is disconnected (reason `access-config`) until a valid value is
 * set, and a `RESOURCE` / `SETTINGS` warning message names the property and
 * the entry (docs/design.md, D50 and D51). Action signals that refuse
 * their arguments return FALSE with a g_warning naming the signal and the
 * argument.
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
 * arrived, or a SelectStream changed the streams it is sent.
 * * #guint64 `id`, #gchararray `address`, #guint `port`,
 *   #gchararray `dns-name`, or #GstValueArray `selected-streams` and
 *   `thinned-streams` (as in a client structure)
 *
 * `wmnetsink-client-disconnected` (WMT_CLIENT_DISCONNECT_EX): a client left;
 * the client fields plus
 * * #gchararray `reason`: `closed` (the connection was closed), `eos` (the
 *   end of the stream was delivered), `kicked` (disconnect-client or
 *   disconnect-all), `slow` (fell behind with slow-client-policy=disconnect,
 *   or took no byte for twice client-buffer-time), `access-denied` (refused
 *   by an edited access list), `access-config` (a refused value of
 *   access-include, access-exclude or trusted-proxies), `error` (a socket
 *   error, or it sent more than 4 KiB after its request)
 * * #guint64 `duration`: how long it was connected, in nanoseconds
 *
 * `wmnetsink-client-refused`: a request was refused.
 * * #gchararray `address`, #guint `port`
 * * #gchararray `reason`: `access-denied` (403), `access-config` (403, a
 *   refused list value), `max-clients` (503), `unauthorized` (401),
 *   `rate-limited`, `max-clients-per-address` or `auth-busy` (503, the
 *   password checks all taken), `log-reports` (429, a player's log report
 *   of no play session over its bound)
 *
 * `wmnetsink-stats`: every stats-interval, the `stats` structure (bytes
 * and packets sent, current and average bit rate, clients now and at peak,
 * connections accepted, refused and disconnected by reason, packets
 * dropped, header changes, uptime; docs/wmnetsink.md, "Statistics").
 *
 * `wmnetsink-log`: one access log line (Windows Media Services format,
 * [MS-WMLOG] 2.2.1 fields) is out, written to log-location if set.
 * * #gchararray `line`: the line, without its newline
 * * #guint64 `id`: the client's, absent for a player report that matched
 *   no session
 *
 * A client structure (name `wmnetsink-client`) has: #guint64 `id` (never
 * reused), #gchararray `address` (textual IP; IPv4 clients of a dual-stack
 * socket shown as IPv4), #guint `port`, #gchararray `dns-name` (empty until
 * resolved), #gchararray `user-agent`, #gchararray `protocol` (`wmsp` or
 * `http`), #gint64 `connected-at` (µs since the Unix epoch),
 * #GstDateTime `connected-at-datetime` (the same instant, UTC),
 * #guint64 `bytes-sent`, #guint64 `packets-sent`, #guint64 `packets-dropped`,
 * #gchararray `user`, #GstValueArray of #guint `selected-streams` (the ASF
 * stream numbers it is sent: what its stream-switch-entry selected, every
 * stream when it takes everything) and `thinned-streams` (those of them sent
 * key frames only).
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
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/pbutils/missing-plugins.h>

#include "gstwmnetsinkpriv.h"
#include "gstwmnetserversink.h"
#include <gst/wmasf/gstwmasfmuxpads.h>
#include <gst/wmasf/gstwmasfchildproxy.h>

GST_DEBUG_CATEGORY (gst_wmnet_sink_debug);

#define gst_wmnet_sink_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstWmnetSink, gst_wmnet_sink, GST_TYPE_BIN,
    G_IMPLEMENT_INTERFACE (GST_TYPE_TAG_SETTER, NULL);
    G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_wmasf_child_proxy_sink_pads_init));
GST_ELEMENT_REGISTER_DEFINE (wmnetsink, "wmnetsink", GST_RANK_NONE,
    GST_TYPE_WMNET_SINK);

static GstStaticPadTemplate video_template =
GST_STATIC_PAD_TEMPLATE ("video_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_WMASF_MUX_VIDEO_CAPS));

static GstStaticPadTemplate audio_template =
GST_STATIC_PAD_TEMPLATE ("audio_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_WMASF_MUX_AUDIO_CAPS));

static GstStaticPadTemplate text_template =
GST_STATIC_PAD_TEMPLATE ("text_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS ("text/x-raw, format = (string) { utf8, pango-markup }"));

/* ------------------------------------------------------------------------ */
/* the server sink's messages and notifies, as wmnetsink's own */

/* The archive's filesink posts its error (whose debug text gives the
 * system's reason), and then GstBaseSink's fallback for a failed start
 * ("state change failed and some element failed to post a proper error
 * message"): one error of wmnetsink's own goes out instead, naming
 * archive-location, its path and the reason. Returns the message to
 * post, or NULL. */
static GstMessage *
gst_wmnet_sink_archive_error (GstWmnetSink * self, GstMessage * message)
{
  GError *err = NULL, *own;
  gchar *dbg = NULL, *location;
  const gchar *reason = NULL;
  GstMessage *msg;

  if (!g_atomic_int_compare_and_exchange (&self->archive_failed, 0, 1)) {
    GST_DEBUG_OBJECT (self, "dropping the archive's second error");
    gst_message_unref (message);
    return NULL;
  }
  gst_message_parse_error (message, &err, &dbg);
  /* filesink's debug text: "...: system error: <strerror>" */
  if (dbg)
    reason = strstr (dbg, "system error: ");
  reason = reason ? reason + strlen ("system error: ") : err->message;
  g_object_get (self->archive_sink, "location", &location, NULL);
  own = g_error_new (err->domain, err->code,
      "Could not write the archive (archive-location \"%s\"): %s",
      location ? location : "", reason);
  msg = gst_message_new_error (GST_OBJECT (self), own, dbg);
  GST_WARNING_OBJECT (self, "%s", own->message);
  g_error_free (own);
  g_error_free (err);
  g_free (dbg);
  g_free (location);
  gst_message_unref (message);
  return msg;
}

static void
gst_wmnet_sink_handle_message (GstBin * bin, GstMessage * message)
{
  GstWmnetSink *self = GST_WMNET_SINK (bin);
  const GstStructure *s = gst_message_get_structure (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && self->archive_sink
      && GST_MESSAGE_SRC (message) == GST_OBJECT_CAST (self->archive_sink)) {
    message = gst_wmnet_sink_archive_error (self, message);
    if (message == NULL)
      return;
  } else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR
      && self->push_sink
      && GST_MESSAGE_SRC (message) == GST_OBJECT_CAST (self->push_sink)) {
    message = gst_wmnet_sink_push_error (self, message);
  } else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT
      && GST_MESSAGE_SRC (message) == GST_OBJECT_CAST (self->sink)
      && g_str_has_prefix (gst_structure_get_name (s), "wmnetsink-")) {
    /* posted right here, on the posting thread: the order holds */
    GstMessage *own = gst_message_new_element (GST_OBJECT (self),
        gst_structure_copy (s));

    gst_message_unref (message);
    message = own;
  } else if ((GST_MESSAGE_TYPE (message) == GST_MESSAGE_WARNING
          || GST_MESSAGE_TYPE (message) == GST_MESSAGE_INFO)
      && GST_MESSAGE_SRC (message) == GST_OBJECT_CAST (self->sink)) {
    /* about our properties (a refused access list, the access log): the
     * application set them on us, so they name us */
    GError *err = NULL;
    gchar *debug = NULL;
    const GstStructure *details = NULL;
    GstMessage *own;

    if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_WARNING) {
      gst_message_parse_warning (message, &err, &debug);
      gst_message_parse_warning_details (message, &details);
      own = gst_message_new_warning_with_details (GST_OBJECT (self), err,
          debug, details ? gst_structure_copy (details) : NULL);
    } else {
      gst_message_parse_info (message, &err, &debug);
      gst_message_parse_info_details (message, &details);
      own = gst_message_new_info_with_details (GST_OBJECT (self), err,
          debug, details ? gst_structure_copy (details) : NULL);
    }
    g_clear_error (&err);
    g_free (debug);
    gst_message_unref (message);
    message = own;
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, message);
}

static void
forward_notify (GObject * child, GParamSpec * pspec, GstWmnetSink * self)
{
  g_object_notify (G_OBJECT (self), pspec->name);
}

/* ------------------------------------------------------------------------ */

/* The application's tags on wmnetsink (GstTagSetter) go to the muxers
 * before the header is written. */
static void
gst_wmnet_sink_forward_tags (GstWmnetSink * self)
{
  GstTagSetter *setter = GST_TAG_SETTER (self);
  const GstTagList *tags = gst_tag_setter_get_tag_list (setter);
  GstTagMergeMode mode = gst_tag_setter_get_tag_merge_mode (setter);

  if (tags == NULL)
    return;
  if (self->mux)
    gst_tag_setter_merge_tags (GST_TAG_SETTER (self->mux), tags, mode);
  if (self->archive_mux)
    gst_tag_setter_merge_tags (GST_TAG_SETTER (self->archive_mux), tags, mode);
}

static GstStateChangeReturn
gst_wmnet_sink_change_state (GstElement * element, GstStateChange transition)
{
  GstWmnetSink *self = GST_WMNET_SINK (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    gst_wmnet_sink_forward_tags (self);
    g_atomic_int_set (&self->archive_failed, 0);
    if (!gst_wmnet_sink_make_push (self))
      return GST_STATE_CHANGE_FAILURE;
  }

  if (transition == GST_STATE_CHANGE_NULL_TO_READY && self->mux == NULL) {
    gst_element_post_message (element,
        gst_missing_element_message_new (element, "wmasfmux"));
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("Missing element '%s' - check your GStreamer installation.",
            "wmasfmux"), ("wmnetsink muxes with wmasfmux (plugin wmasf)"));
    return GST_STATE_CHANGE_FAILURE;
  }
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY
      || (transition == GST_STATE_CHANGE_READY_TO_PAUSED
          && ret == GST_STATE_CHANGE_FAILURE))
    gst_wmnet_sink_drop_push (self);
  return ret;
}

static void
gst_wmnet_sink_finalize (GObject * object)
{
  g_free (GST_WMNET_SINK (object)->archive_location);
  g_free (GST_WMNET_SINK (object)->push_location);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_sink_init (GstWmnetSink * self)
{
  guint i;

  self->sink = g_object_new (GST_TYPE_WMNET_SERVER_SINK, "name",
      "serversink", NULL);
  gst_wmnet_server_sink_set_user_element (GST_WMNET_SERVER_SINK (self->sink),
      GST_ELEMENT (self));
  gst_bin_add (GST_BIN (self), self->sink);
  gst_wmnet_sink_forward_signals (self);
  for (i = 0; gst_wmnet_server_sink_property_names[i]; i++) {
    gchar *detail = g_strconcat ("notify::",
        gst_wmnet_server_sink_property_names[i], NULL);

    g_signal_connect (self->sink, detail, G_CALLBACK (forward_notify), self);
    g_free (detail);
  }

  /* a missing wmasfmux fails the element at READY, not here */
  self->mux = gst_element_factory_make ("wmasfmux", "mux");
  if (self->mux) {
    gst_bin_add (GST_BIN (self), self->mux);
    gst_element_link (self->mux, self->sink);
  }
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SINK);
}

static void
gst_wmnet_sink_class_init (GstWmnetSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_wmnet_sink_set_property;
  gobject_class->get_property = gst_wmnet_sink_get_property;
  gobject_class->finalize = gst_wmnet_sink_finalize;

  /* wmasfmux's, with its range and default (gstwmasfmuxpads.h) */
  g_object_class_install_property (gobject_class, PROP_PACKET_SIZE,
      g_param_spec_uint ("packet-size", "Packet size",
          "ASF data packet size in bytes (wmasfmux packet-size; IWMPacketSize)",
          GST_WMASF_MUX_MIN_PACKET_SIZE, GST_WMASF_MUX_MAX_PACKET_SIZE,
          GST_WMASF_MUX_DEFAULT_PACKET_SIZE, rw));
  g_object_class_install_property (gobject_class, PROP_PREROLL,
      g_param_spec_uint64 ("preroll", "Preroll",
          "ASF preroll in milliseconds (wmasfmux preroll)", 0,
          GST_WMASF_MUX_MAX_PREROLL, GST_WMASF_MUX_DEFAULT_PREROLL, rw));
  g_object_class_install_property (gobject_class, PROP_STREAMABLE,
      g_param_spec_enum ("streamable", "Streamable",
          "wmasfmux streamable: auto or broadcast, the layout clients need",
          GST_TYPE_WMASF_MUX_STREAMABLE, GST_WMASF_MUX_DEFAULT_STREAMABLE, rw));
  g_object_class_install_property (gobject_class, PROP_SCRIPT_STREAM,
      g_param_spec_boolean ("script-stream", "Script stream",
          "Declare a Command Media stream: send-script reaches clients in "
          "band (ASF spec 3.3)", FALSE, rw));
  /**
   * GstWmnetSink:archive-location:
   *
   * Path of a file that gets the same encoded streams as the broadcast,
   * as an indexed, seekable ASF file (a second wmasfmux with
   * streamable=false and a filesink inside the bin, fed by a tee per
   * pad: no second encode). Windows Media Encoder's "archive a copy".
   * Set it before requesting pads; NULL = no archive.
   */
  g_object_class_install_property (gobject_class, PROP_ARCHIVE_LOCATION,
      g_param_spec_string ("archive-location", "Archive location",
          "Also write an indexed, seekable ASF file here (set before "
          "requesting pads; NULL = off)",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstWmnetSink:push-location:
   *
   * http://server[:port]/publishing-point the broadcast is also pushed
   * to with [MS-WMHTTP], by a wmnetpushsink (named `push-sink`) fed by a
   * tee after the muxer: one encode and one mux serve the clients and the
   * push (IWMWriterPushSink beside IWMWriterNetworkSink). A push that
   * fails posts a warning and stops; the broadcast goes on. NULL = no push.
   */
  g_object_class_install_property (gobject_class, PROP_PUSH_LOCATION,
      g_param_spec_string ("push-location", "Push location",
          "Also push to this http://server[:port]/point with [MS-WMHTTP] "
          "(NULL = off)",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_wmnet_sink_install_mirrored (klass);


  GST_BIN_CLASS (klass)->handle_message =
      GST_DEBUG_FUNCPTR (gst_wmnet_sink_handle_message);
  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_wmnet_sink_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_wmnet_sink_release_pad);
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_wmnet_sink_change_state);

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_WMNET_SINK_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &audio_template, GST_TYPE_WMNET_SINK_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &text_template, GST_TYPE_WMNET_SINK_PAD);
  gst_type_mark_as_plugin_api (GST_TYPE_WMNET_SINK_PAD, 0);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media network sink", "Sink/Network",
      "Muxes encoded audio and video into ASF and serves it live over HTTP "
      "and MS-WMSP (mmsh) to every client that connects "
      "(IWMWriterNetworkSink)", "the gst-wmnet developers");

  GST_DEBUG_CATEGORY_INIT (gst_wmnet_sink_debug, "wmnetsink", 0,
      "Windows Media network sink");
}
