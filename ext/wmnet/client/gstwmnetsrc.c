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
 * SECTION:element-wmnetsrc
 * @title: wmnetsrc
 * @see_also: wmnetserversink, asfdemux
 *
 * Plays a Windows Media broadcast over MS-WMSP (MMS over HTTP, "mmsh") as
 * Windows Media Player does: a describe request for the ASF header, then a
 * play request (`xPlayStrm=1`) choosing the streams, over libsoup's client
 * side. Output is `video/x-ms-asf` as wmasfmux makes it: the ASF header as
 * `streamheader` and pushed first, flagged HEADER; then one data packet per
 * buffer, padded to the header's packet size, timestamped from the
 * packets' send times, DELTA_UNIT unless the packet starts a video key
 * frame (or there is no video). A header change ($C + $H) gives new caps;
 * $E ends the stream (EOS).
 *
 * Live, it asks for no latency beyond #GstWmnetSrc:latency: a fast-start
 * burst arrives before its timestamps. asfdemux would add the header's
 * preroll, so the header goes on with a Preroll of 0 (unless
 * #GstWmnetSrc:keep-preroll, or a wmnetserversink downstream, which serves
 * players that need it), and `playbin` plays from the first packet
 * (docs/wmnetsrc.md, "Fast start and latency").
 *
 * It handles `mmsh://` and `mms://` (Windows Media's protocol rollover to
 * HTTP: the same requests over HTTP, port 80 by default), with rank secondary, so
 * `playbin uri=mmsh://...` picks it; and `mmshs://` (the same requests over
 * HTTPS, port 443 by default). `http://` and `https://` locations are taken
 * too. The server's certificate is verified (RFC 2818) against the
 * system's CAs, #GstWmnetSrc:ssl-ca-file or #GstWmnetSrc:tls-database; one
 * that does not verify is an error naming what is wrong with it, not
 * retried, unless #GstWmnetSrc:ssl-strict is %FALSE.
 *
 * A lost connection, an error answer other than 401/403/404 or a broken
 * stream is retried `retries` times with a growing delay; each attempt
 * posts an element message `wmnetsrc-reconnect` with
 * * #guint `attempt`: 1 for the first retry
 * * #gint `retries`: the property's value
 * * #guint64 `delay`: ns waited before the attempt
 * * #gchararray `reason`: what went wrong
 *
 * ## Example launch lines
 * |[
 * gst-play-1.0 mmsh://127.0.0.1:8080/
 * gst-launch-1.0 wmnetsrc location=mmsh://origin:8080/ ! wmnetserversink port=8081
 * gst-launch-1.0 wmnetsrc location=https://origin/live ssl-ca-file=ca.pem ! asfdemux ! fakesink
 * ]|
 *
 * Since: gst-wmnet-0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmnetsrcpriv.h"
#include "wmnetsouploader.h"
#include "wmspframing.h"
#include "wmspreader.h"

GST_DEBUG_CATEGORY (gst_wmnet_src_debug);

#define DEFAULT_LOCATION NULL
#define DEFAULT_MAX_BITRATE 0
#define DEFAULT_IS_LIVE TRUE
#define DEFAULT_TIMEOUT 15
#define DEFAULT_RETRIES 5
#define DEFAULT_USER_AGENT "NSPlayer/7.10.0.3059"
#define DEFAULT_PROXY NULL
/* a player's start (plugging and opening its decoders) with the first
 * frame already due: 0.1-0.16 s late in playbin without it (D58) */
#define DEFAULT_LATENCY 500
#define DEFAULT_KEEP_PREROLL FALSE
/* as souphttpsrc: verify, against the system's CAs */
#define DEFAULT_SSL_STRICT TRUE
#define DEFAULT_SSL_USE_SYSTEM_CA_FILE TRUE
/* wmasfmux's bound on the preroll: a buffer no ASF header asks more of */
#define MAX_LATENCY 60000

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_MAX_BITRATE,
  PROP_IS_LIVE,
  PROP_TIMEOUT,
  PROP_RETRIES,
  PROP_USER_AGENT,
  PROP_USER_ID,
  PROP_USER_PW,
  PROP_PROXY,
  PROP_LATENCY,
  PROP_KEEP_PREROLL,
  PROP_SSL_STRICT,
  PROP_SSL_CA_FILE,
  PROP_SSL_USE_SYSTEM_CA_FILE,
  PROP_TLS_DATABASE,
  PROP_TLS_INTERACTION,
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

#define gst_wmnet_src_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstWmnetSrc, gst_wmnet_src, GST_TYPE_PUSH_SRC,
    G_IMPLEMENT_INTERFACE (GST_TYPE_URI_HANDLER,
        gst_wmnet_src_uri_handler_init));
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (wmnetsrc, "wmnetsrc",
    GST_RANK_SECONDARY, GST_TYPE_WMNET_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_wmnet_src_debug, "wmnetsrc", 0,
        "MS-WMSP (mmsh) client source"));

/* ------------------------------------------------------------------------ */
/* flushing */

static gboolean
gst_wmnet_src_unlock (GstBaseSrc * src)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);

  wmnet_flush_start (&self->flush);
  return TRUE;
}

static gboolean
gst_wmnet_src_unlock_stop (GstBaseSrc * src)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);

  wmnet_flush_stop (&self->flush);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* output */

/* Whether a downstream element passes the header on to players: a relay's
 * players need the server's Preroll (wmnetserversink answers). */
static gboolean
downstream_wants_preroll (GstWmnetSrc * self)
{
  GstQuery *q = gst_query_new_custom (GST_QUERY_CUSTOM,
      gst_structure_new_empty (GST_WMNET_SRC_QUERY_HEADER_AS_SENT));
  gboolean wants = gst_pad_peer_query (GST_BASE_SRC_PAD (self), q);

  gst_query_unref (q);
  return wants;
}

/* Takes @header as the server sent it (kept to tell a new one) and
 * returns what goes downstream: live, its File Properties Preroll is 0,
 * unless keep-preroll is set or a relay is downstream. asfdemux adds that
 * field to the pipeline's latency; the fast-start burst, which arrives a
 * preroll ahead, is the buffer (docs/design.md D58). */
static GstBuffer *
set_header (GstWmnetSrc * self, GstBuffer * header)
{
  const WmAsfHeaderInfo *info = wmsp_reader_header (self->reader);
  GstCaps *caps;
  gboolean keep;

  GST_OBJECT_LOCK (self);
  keep = self->keep_preroll;
  GST_OBJECT_UNLOCK (self);
  GST_BUFFER_FLAG_SET (header, GST_BUFFER_FLAG_HEADER);
  gst_buffer_replace (&self->header, header);
  if (info->preroll_ms != 0 && !keep
      && gst_base_src_is_live (GST_BASE_SRC (self))
      && !downstream_wants_preroll (self)) {
    static const guint8 zero[8] = { 0, };

    header = gst_buffer_make_writable (header);
    gst_buffer_fill (header, info->preroll_offset, zero, sizeof (zero));
    GST_DEBUG_OBJECT (self, "header preroll %" G_GUINT64_FORMAT " ms, "
        "passed on as 0", info->preroll_ms);
  } else {
    GST_DEBUG_OBJECT (self, "header preroll %" G_GUINT64_FORMAT " ms",
        info->preroll_ms);
  }
  caps = wmsp_header_caps (header);
  gst_base_src_set_caps (GST_BASE_SRC (self), caps);
  gst_caps_unref (caps);
  return header;
}

static GstClockTime
running_time_now (GstWmnetSrc * self)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime now = 0;

  if (clock) {
    GstClockTime base = gst_element_get_base_time (GST_ELEMENT (self));

    now = gst_clock_get_time (clock);
    now = now > base ? now - base : 0;
    gst_object_unref (clock);
  }
  return now;
}

/* Timestamps from the packets' send times: rebased at the first packet of
 * each header (to the running time when live, else where the stream was),
 * unwrapped over the 32-bit millisecond field, never going back. */
static void
stamp_packet (GstWmnetSrc * self, GstBuffer * buf)
{
  const WmAsfHeaderInfo *info = wmsp_reader_header (self->reader);
  WmAsfPacketInfo pi;
  GstMapInfo map;
  GstClockTime ts;
  gboolean valid;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  valid = wmasf_packet_parse (info, map.data, map.size, &pi);
  gst_buffer_unmap (buf, &map);
  if (!valid) {
    GST_WARNING_OBJECT (self, "a data packet that does not parse");
    pi.send_time_ms = self->last_send;
    pi.key = FALSE;
  }

  if (self->rebase) {
    if (gst_base_src_is_live (GST_BASE_SRC (self)))
      self->base_ts = running_time_now (self);
    else
      self->base_ts = GST_CLOCK_TIME_IS_VALID (self->last_ts) ?
          self->last_ts : 0;
    self->send_ms = 0;
    self->last_send = pi.send_time_ms;
    self->rebase = FALSE;
  }
  self->send_ms += (gint32) (pi.send_time_ms - self->last_send);
  self->last_send = pi.send_time_ms;
  ts = self->base_ts + MAX (self->send_ms, 0) * GST_MSECOND;
  if (GST_CLOCK_TIME_IS_VALID (self->last_ts) && ts < self->last_ts)
    ts = self->last_ts;
  self->last_ts = ts;
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = ts;
  if (pi.key)
    GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  else
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
  if (self->discont) {
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    self->discont = FALSE;
  }
}

static GstFlowReturn
gst_wmnet_src_create (GstPushSrc * src, GstBuffer ** outbuf)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);
  Failure f = { 0, };
  GstFlowReturn ret;

  for (;;) {
    GstBuffer *buf = NULL;
    GError *err = NULL;
    guint32 loc = 0, reason = 0;
    WmspReadResult res;

    if (self->stream == NULL) {
      if (!gst_wmnet_src_open_stream (self, &f)) {
        ret = gst_wmnet_src_retry_or_fail (self, &f);
        gst_wmnet_src_failure_clear (&f);
        if (ret != GST_FLOW_OK)
          return ret;
        continue;
      }
      self->discont = TRUE;
      self->got_packet = FALSE;
    }

    res = wmsp_reader_pop (self->reader, &buf, &loc, &reason, &err);
    switch (res) {
      case WMSP_READ_NEED_DATA:
        if (self->bytes_idle > MAX_BYTES_BEFORE_HEADER) {
          /* $M, $P, $C... but never a header or a packet */
          gst_wmnet_src_failure_set (&f, GST_RESOURCE_ERROR_READ,
              "The MS-WMSP server sent no media",
              "%s: neither header nor packet in %u bytes", self->url,
              MAX_BYTES_BEFORE_HEADER);
        } else if (gst_wmnet_src_read_more (self, &f)) {
          self->bytes_idle += self->last_read;
          continue;
        } else if (f.code == GST_RESOURCE_ERROR_READ
            && !gst_base_src_is_live (GST_BASE_SRC (self))
            && wmsp_reader_pending (self->reader) == 0 && self->got_packet) {
          /* a finished file, not a broken broadcast */
          gst_wmnet_src_failure_clear (&f);
          gst_wmnet_src_close_stream (self);
          return GST_FLOW_EOS;
        }
        break;
      case WMSP_READ_HEADER:
        self->rebase = TRUE;
        self->bytes_idle = 0;
        if (wmsp_header_same (self->header, buf)) {
          gst_buffer_unref (buf);
          continue;
        }
        GST_INFO_OBJECT (self, "new ASF header, %" G_GSIZE_FORMAT " bytes",
            gst_buffer_get_size (buf));
        buf = set_header (self, buf);
        GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
        self->discont = FALSE;
        *outbuf = buf;
        return GST_FLOW_OK;
      case WMSP_READ_PACKET:
        self->bytes_idle = 0;
        stamp_packet (self, buf);
        self->got_packet = TRUE;
        self->attempts = 0;
        GST_BUFFER_OFFSET (buf) = loc;
        *outbuf = buf;
        return GST_FLOW_OK;
      case WMSP_READ_CHANGE:
        GST_DEBUG_OBJECT (self, "$C (reason 0x%08x): a new header follows",
            reason);
        continue;
      case WMSP_READ_END:
        GST_DEBUG_OBJECT (self, "$E, reason 0x%08x", reason);
        if (reason == 0) {
          gst_wmnet_src_close_stream (self);
          return GST_FLOW_EOS;
        }
        if (reason == 1)        /* a $C and a new $H follow */
          continue;
        gst_wmnet_src_failure_set (&f, GST_RESOURCE_ERROR_READ,
            "The MS-WMSP server ended the stream with an error",
            "%s: $E reason 0x%08x", self->url, reason);
        break;
      case WMSP_READ_ERROR:
        gst_wmnet_src_failure_set (&f, GST_RESOURCE_ERROR_READ,
            "The MS-WMSP server sent a broken stream", "%s: %s", self->url,
            err ? err->message : "?");
        g_clear_error (&err);
        break;
    }
    ret = gst_wmnet_src_retry_or_fail (self, &f);
    gst_wmnet_src_failure_clear (&f);
    if (ret != GST_FLOW_OK)
      return ret;
  }
}

/* ------------------------------------------------------------------------ */
/* GstBaseSrc */

static gboolean
gst_wmnet_src_start (GstBaseSrc * src)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);
  GError *err = NULL;
  GProxyResolver *resolver = NULL;
  gchar *uuid;

  if (!wmnet_soup_client_load (&err)) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("Could not load libsoup 3"),
        ("%s", err->message));
    g_error_free (err);
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  if (self->proxy && self->proxy[0])
    resolver = g_simple_proxy_resolver_new (self->proxy, NULL);
  self->session = g_object_new (SOUP_TYPE_SESSION, "timeout", self->timeout,
      "idle-timeout", self->timeout, "user-agent", self->user_agent,
      resolver ? "proxy-resolver" : NULL, resolver, NULL);
  GST_OBJECT_UNLOCK (self);
  g_clear_object (&resolver);
  if (!gst_wmnet_src_tls_setup (self, &err)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("Could not read the TLS anchors: %s", err->message), (NULL));
    g_error_free (err);
    g_clear_object (&self->session);
    return FALSE;
  }

  self->reader = wmsp_reader_new ();
  self->readbuf = g_malloc (READ_SIZE);
  uuid = g_uuid_string_random ();
  self->client_guid = uuid;
  self->attempts = 0;
  self->rebase = TRUE;
  self->last_ts = GST_CLOCK_TIME_NONE;
  return TRUE;
}

static gboolean
gst_wmnet_src_stop (GstBaseSrc * src)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);

  gst_wmnet_src_close_stream (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->reader, wmsp_reader_free);
  g_clear_pointer (&self->readbuf, g_free);
  g_clear_pointer (&self->client_guid, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->url, g_free);
  gst_buffer_replace (&self->header, NULL);
  return TRUE;
}

static gboolean
gst_wmnet_src_query (GstBaseSrc * src, GstQuery * query)
{
  GstWmnetSrc *self = GST_WMNET_SRC (src);

  /* A packet is stamped from the first one's arrival and its send time, so
   * a fast-start burst comes before its time and the live packets after it
   * as early as the burst was long: only what the user asks for is added
   * (docs/design.md D58). asfdemux adds the Preroll of the header it
   * gets, 0 unless the header is kept as sent (set_header). */
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    gboolean live = gst_base_src_is_live (src);
    GstClockTime min;

    GST_OBJECT_LOCK (self);
    min = live ? self->latency_ms * GST_MSECOND : 0;
    GST_OBJECT_UNLOCK (self);
    gst_query_set_latency (query, live, min, GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (src, query);
}

/* No caps before the header: create() sets them, streamheader and all,
 * when the first $H arrives, so downstream never sees bare caps. */
static gboolean
gst_wmnet_src_negotiate (GstBaseSrc * src)
{
  return TRUE;
}

static gboolean
gst_wmnet_src_is_seekable (GstBaseSrc * src)
{
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
gst_wmnet_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetSrc *self = GST_WMNET_SRC (object);

  switch (prop_id) {
    case PROP_LOCATION:{
      GError *err = NULL;

      /* a bad value is the application's mistake: said where it looks */
      if (!gst_wmnet_src_set_location (self, g_value_get_string (value), &err)) {
        g_warning ("%s: location not changed: %s", GST_OBJECT_NAME (self),
            err->message);
        g_error_free (err);
      }
      break;
    }
    case PROP_IS_LIVE:
      gst_base_src_set_live (GST_BASE_SRC (self), g_value_get_boolean (value));
      break;
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      self->latency_ms = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      gst_element_post_message (GST_ELEMENT (self),
          gst_message_new_latency (GST_OBJECT (self)));
      break;
    default:
      GST_OBJECT_LOCK (self);
      switch (prop_id) {
        case PROP_MAX_BITRATE:
          self->max_bitrate = g_value_get_uint (value);
          break;
        case PROP_TIMEOUT:
          self->timeout = g_value_get_uint (value);
          break;
        case PROP_RETRIES:
          self->retries = g_value_get_int (value);
          break;
        case PROP_USER_AGENT:
          g_free (self->user_agent);
          self->user_agent = g_value_dup_string (value);
          break;
        case PROP_USER_ID:
          g_free (self->user_id);
          self->user_id = g_value_dup_string (value);
          break;
        case PROP_USER_PW:
          g_free (self->user_pw);
          self->user_pw = g_value_dup_string (value);
          break;
        case PROP_PROXY:
          g_free (self->proxy);
          self->proxy = g_value_dup_string (value);
          break;
        case PROP_KEEP_PREROLL:
          self->keep_preroll = g_value_get_boolean (value);
          break;
        case PROP_SSL_STRICT:
          self->ssl_strict = g_value_get_boolean (value);
          break;
        case PROP_SSL_CA_FILE:
          g_free (self->ssl_ca_file);
          self->ssl_ca_file = g_value_dup_string (value);
          break;
        case PROP_SSL_USE_SYSTEM_CA_FILE:
          self->ssl_use_system_ca_file = g_value_get_boolean (value);
          break;
        case PROP_TLS_DATABASE:
          g_clear_object (&self->tls_database);
          self->tls_database = g_value_dup_object (value);
          break;
        case PROP_TLS_INTERACTION:
          g_clear_object (&self->tls_interaction);
          self->tls_interaction = g_value_dup_object (value);
          break;
        default:
          G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
          break;
      }
      GST_OBJECT_UNLOCK (self);
      break;
  }
}

static void
gst_wmnet_src_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstWmnetSrc *self = GST_WMNET_SRC (object);

  if (prop_id == PROP_IS_LIVE) {
    g_value_set_boolean (value, gst_base_src_is_live (GST_BASE_SRC (self)));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_MAX_BITRATE:
      g_value_set_uint (value, self->max_bitrate);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_RETRIES:
      g_value_set_int (value, self->retries);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    case PROP_USER_PW:
      g_value_set_string (value, self->user_pw);
      break;
    case PROP_PROXY:
      g_value_set_string (value, self->proxy);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency_ms);
      break;
    case PROP_KEEP_PREROLL:
      g_value_set_boolean (value, self->keep_preroll);
      break;
    case PROP_SSL_STRICT:
      g_value_set_boolean (value, self->ssl_strict);
      break;
    case PROP_SSL_CA_FILE:
      g_value_set_string (value, self->ssl_ca_file);
      break;
    case PROP_SSL_USE_SYSTEM_CA_FILE:
      g_value_set_boolean (value, self->ssl_use_system_ca_file);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    case PROP_TLS_INTERACTION:
      g_value_set_object (value, self->tls_interaction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wmnet_src_finalize (GObject * object)
{
  GstWmnetSrc *self = GST_WMNET_SRC (object);

  g_free (self->location);
  g_free (self->user_agent);
  g_free (self->user_id);
  g_free (self->user_pw);
  g_free (self->proxy);
  g_free (self->refused);
  g_free (self->ssl_ca_file);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->tls_interaction);
  wmnet_flush_clear (&self->flush);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_src_init (GstWmnetSrc * self)
{
  self->max_bitrate = DEFAULT_MAX_BITRATE;
  self->timeout = DEFAULT_TIMEOUT;
  self->retries = DEFAULT_RETRIES;
  self->user_agent = g_strdup (DEFAULT_USER_AGENT);
  self->proxy = g_strdup (DEFAULT_PROXY);
  self->latency_ms = DEFAULT_LATENCY;
  self->keep_preroll = DEFAULT_KEEP_PREROLL;
  self->ssl_strict = DEFAULT_SSL_STRICT;
  self->ssl_use_system_ca_file = DEFAULT_SSL_USE_SYSTEM_CA_FILE;
  self->last_ts = GST_CLOCK_TIME_NONE;
  wmnet_flush_init (&self->flush);
  gst_base_src_set_live (GST_BASE_SRC (self), DEFAULT_IS_LIVE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_automatic_eos (GST_BASE_SRC (self), FALSE);
}

static void
gst_wmnet_src_class_init (GstWmnetSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);

  gobject_class->set_property = gst_wmnet_src_set_property;
  gobject_class->get_property = gst_wmnet_src_get_property;
  gobject_class->finalize = gst_wmnet_src_finalize;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "mmsh://, mms://, http:// (port 80) or mmshs://, https:// (TLS, "
          "443): host[:port]/path",
          DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_BITRATE,
      g_param_spec_uint ("max-bitrate", "Maximum bit rate",
          "Bit/s the chosen streams may take: per MBR group the fastest that "
          "fits (0 = all)",
          0, G_MAXUINT, DEFAULT_MAX_BITRATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Live: timestamps at arrival, reconnects (FALSE: timestamps from "
          "0, a close is EOS)",
          DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT,
      g_param_spec_uint ("timeout", "Timeout",
          "Seconds a connect or a read may wait for the server (0 = no limit)",
          0, 3600, DEFAULT_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_RETRIES,
      g_param_spec_int ("retries", "Retries",
          "Reconnections after a failure, backing off up to 8 s apart (-1 = "
          "forever)",
          -1, G_MAXINT, DEFAULT_RETRIES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_USER_AGENT,
      g_param_spec_string ("user-agent", "User-Agent",
          "User-Agent of every request; MS-WMSP servers want NSPlayer/... "
          "([MS-WMSP] 2.2.1.8)", DEFAULT_USER_AGENT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_USER_ID,
      g_param_spec_string ("user-id", "User ID",
          "User name for HTTP Basic or Digest authentication (401); NULL = "
          "none", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_USER_PW,
      g_param_spec_string ("user-pw", "User password", "Password for user-id",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_PROXY,
      g_param_spec_string ("proxy", "Proxy",
          "HTTP proxy, http://[user:pw@]host:port/ (NULL = the system's)",
          DEFAULT_PROXY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint ("latency", "Latency",
          "Buffering (ms) this live source asks the pipeline for, as "
          "rtspsrc's latency",
          0, MAX_LATENCY, DEFAULT_LATENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_KEEP_PREROLL,
      g_param_spec_boolean ("keep-preroll", "Keep preroll",
          "Pass the header's preroll on when live (FALSE: 0, so asfdemux "
          "adds no latency)",
          DEFAULT_KEEP_PREROLL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (gobject_class, PROP_SSL_STRICT,
      g_param_spec_boolean ("ssl-strict", "SSL strict",
          "Refuse a server certificate that does not verify (RFC 2818): an "
          "error, not retried; FALSE = take it with a warning",
          DEFAULT_SSL_STRICT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SSL_CA_FILE,
      g_param_spec_string ("ssl-ca-file", "SSL CA file",
          "PEM file of the CA certificates to trust instead of the system's; "
          "NULL = not used", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SSL_USE_SYSTEM_CA_FILE,
      g_param_spec_boolean ("ssl-use-system-ca-file", "Use system CA file",
          "Trust the system's CAs when neither ssl-ca-file nor tls-database "
          "is set; FALSE = trust none", DEFAULT_SSL_USE_SYSTEM_CA_FILE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TLS_DATABASE,
      g_param_spec_object ("tls-database", "TLS database",
          "The CAs to trust, before ssl-ca-file and the system's; NULL = "
          "not used", G_TYPE_TLS_DATABASE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TLS_INTERACTION,
      g_param_spec_object ("tls-interaction", "TLS interaction",
          "Asks for a client certificate or a password when the server or "
          "the database needs one; NULL = none", G_TYPE_TLS_INTERACTION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media (MS-WMSP) network source", "Source/Network",
      "Plays mmsh://, mms:// and mmshs:// (HTTPS) broadcasts as Windows "
      "Media Player does (describe, play, $H/$D framing), giving ASF",
      "the gst-wmnet developers");

  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_wmnet_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_wmnet_src_stop);
  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_wmnet_src_unlock);
  basesrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_wmnet_src_unlock_stop);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_wmnet_src_query);
  basesrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_wmnet_src_is_seekable);
  basesrc_class->negotiate = GST_DEBUG_FUNCPTR (gst_wmnet_src_negotiate);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_wmnet_src_create);
}
