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
 * SECTION:element-wmnetpushsink
 * @title: wmnetpushsink
 *
 * Pushes a live ASF stream (from wmasfmux or any ASF muxer) to a Windows
 * Media server's publishing point with the HTTP Push Distribution
 * Protocol, [MS-WMHTTP], as IWMWriterPushSink::Connect does: a PushSetup
 * request (with `template` and `auto-destroy`), then one PushStart whose
 * body is the `$H` header and a `$D` per data packet, 2,147,483,647 bytes
 * long: when it is full, `$F` filler ends it and a new PushStart of the
 * session goes on with the next packet on the same connection. A
 * header change sends `$E` (S_FALSE) and a `$C` with the new header; the
 * end of the stream `$E` (S_OK). A lost connection is retried (`retries`)
 * with a wmnetpushsink-reconnect message, each time with a new session
 * and the header again. docs/wmnetpushsink.md has the details.
 *
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! x264enc ! wmasfmux ! \
 *     wmnetpushsink location=http://server:8080/live
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmnetpushsink.h"
#include "wmnetasfstream.h"
#include "wmnetflush.h"
#include "wmnetpushconn.h"
#include "wmnetsouploader.h"
#include "wmhttppush.h"

GST_DEBUG_CATEGORY_STATIC (gst_wmnet_push_sink_debug);
#define GST_CAT_DEFAULT gst_wmnet_push_sink_debug

/* [MS-WMHTTP] 2.2.1.8: WMEncoder/major.minor, then our product token */
#define USER_AGENT "WMEncoder/9.0 gst-wmnet/" VERSION
#define DEFAULT_TIMEOUT 15
#define DEFAULT_RETRIES 5
/* For tests only: each PushStart's Content-Length instead of 2147483647,
 * read at each start, so that a test sees many bodies (D81) */
#define LENGTH_ENV "WMNET_TEST_PUSH_LENGTH"

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_TEMPLATE,
  PROP_AUTO_DESTROY,
  PROP_USER_ID,
  PROP_USER_PW,
  PROP_RETRIES,
  PROP_TIMEOUT,
  PROP_STATS,
  N_PROPS
};

struct _GstWmnetPushSink
{
  GstBaseSink parent;

  /* the properties' values by id (location and template checked when
   * set), and the stats, under the object lock */
  GValue props[N_PROPS];
  guint64 bytes;
  guint64 packets;
  guint64 headers;
  guint64 reconnects;

  WmnetFlush flush;

  /* the streaming thread's */
  WmnetAsfStream *cutter;
  GBytes *header;
  WmnetPushConn *conn;
  guint attempts;
  guint64 length;               /* each PushStart's Content-Length */
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

#define gst_wmnet_push_sink_parent_class parent_class
G_DEFINE_TYPE (GstWmnetPushSink, gst_wmnet_push_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (wmnetpushsink, "wmnetpushsink",
    GST_RANK_NONE, GST_TYPE_WMNET_PUSH_SINK,
    GST_DEBUG_CATEGORY_INIT (gst_wmnet_push_sink_debug, "wmnetpushsink", 0,
        "[MS-WMHTTP] push sink"));

/* An http:// URL with a host, else NULL and @why. */
static GUri *
parse_location (const gchar * location, const gchar ** why)
{
  GUri *uri;

  if (location == NULL) {
    *why = "none given";
    return NULL;
  }
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL) {
    *why = "not a URL";
    return NULL;
  }
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) {
    *why = "not http:// ([MS-WMHTTP] 2.1)";
  } else if (g_uri_get_host (uri) == NULL || !*g_uri_get_host (uri)) {
    *why = "no host";
  } else if (g_uri_get_userinfo (uri) || g_uri_get_fragment (uri)) {
    *why = "user info or a fragment (give user-id and user-pw)";
  } else {
    return uri;
  }
  g_uri_unref (uri);
  return NULL;
}

const gchar *
gst_wmnet_push_sink_location_refusal (const gchar * location)
{
  const gchar *why = NULL;
  GUri *uri = parse_location (location, &why);

  g_clear_pointer (&uri, g_uri_unref);
  return why;
}

/* The reason @value cannot be @pspec's, or NULL. */
static const gchar *
refusal (GParamSpec * pspec, const GValue * value)
{
  const gchar *v = G_VALUE_HOLDS_STRING (value) ?
      g_value_get_string (value) : NULL;
  const gchar *why = NULL;

  if (v == NULL)
    return NULL;
  if (pspec->param_id == PROP_LOCATION) {
    why = gst_wmnet_push_sink_location_refusal (v);
  } else if (pspec->param_id == PROP_TEMPLATE && !wmhttp_template_ok (v)) {
    why = "a path starting with / of printable ASCII with no '\"' is "
        "wanted ([MS-WMHTTP] 2.2.2.1.1)";
  }
  return why;
}

static void
gst_wmnet_push_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (object);
  const gchar *why = refusal (pspec, value);

  if (why) {
    g_warning ("wmnetpushsink: %s \"%s\" refused: %s", pspec->name,
        g_value_get_string (value), why);
    return;
  }
  GST_OBJECT_LOCK (self);
  g_value_copy (value, g_value_reset (&self->props[prop_id]));
  GST_OBJECT_UNLOCK (self);
}

static GstStructure *
get_stats (GstWmnetPushSink * self)
{
  return gst_structure_new ("wmnetpushsink-stats",
      "bytes", G_TYPE_UINT64, self->bytes,
      "packets", G_TYPE_UINT64, self->packets,
      "headers", G_TYPE_UINT64, self->headers,
      "reconnects", G_TYPE_UINT64, self->reconnects, NULL);
}

static void
gst_wmnet_push_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (object);

  GST_OBJECT_LOCK (self);
  if (prop_id == PROP_STATS)
    g_value_take_boxed (value, get_stats (self));
  else
    g_value_copy (&self->props[prop_id], value);
  GST_OBJECT_UNLOCK (self);
}

static void
close_conn (GstWmnetPushSink * self)
{
  g_clear_pointer (&self->conn, wmnet_push_conn_free);
}

/* After @err: the element's error (a final answer, or the retries spent),
 * or a reconnect message and the back-off. */
static GstFlowReturn
retry_or_fail (GstWmnetPushSink * self, GError * err)
{
  gboolean final = err->domain == WMNET_PUSH_ERROR
      && (err->code == WMNET_PUSH_ERROR_NOT_AUTHORIZED
      || err->code == WMNET_PUSH_ERROR_NOT_FOUND
      || err->code == WMNET_PUSH_ERROR_NOT_WMS
      || err->code == WMNET_PUSH_ERROR_TOO_BIG);
  gchar *url;
  gint retries;
  gint64 delay;
  guint n;

  close_conn (self);
  if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GST_FLOW_FLUSHING;
  GST_OBJECT_LOCK (self);
  retries = g_value_get_int (&self->props[PROP_RETRIES]);
  url = g_value_dup_string (&self->props[PROP_LOCATION]);
  GST_OBJECT_UNLOCK (self);
  if (final || (retries >= 0 && self->attempts >= (guint) retries)) {
    GstResourceError code = GST_RESOURCE_ERROR_WRITE;

    if (err->domain == WMNET_PUSH_ERROR
        && err->code == WMNET_PUSH_ERROR_NOT_AUTHORIZED)
      code = GST_RESOURCE_ERROR_NOT_AUTHORIZED;
    else if (err->domain == WMNET_PUSH_ERROR
        && err->code == WMNET_PUSH_ERROR_NOT_FOUND)
      code = GST_RESOURCE_ERROR_NOT_FOUND;
    else if (err->domain == G_IO_ERROR)
      code = GST_RESOURCE_ERROR_OPEN_WRITE;
    gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
        GST_RESOURCE_ERROR, code, g_strdup_printf ("Could not push to %s: %s",
            url, err->message), g_strdup_printf ("%s%s", final ? "" :
            "retries spent; last: ", err->message), __FILE__, GST_FUNCTION,
        __LINE__);
    g_free (url);
    return GST_FLOW_ERROR;
  }
  g_free (url);
  n = ++self->attempts;
  delay = wmnet_flush_backoff (n);
  GST_OBJECT_LOCK (self);
  self->reconnects++;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "retry %u of %d in %" G_GINT64_FORMAT " ms: %s", n,
      retries, delay / 1000, err->message);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("wmnetpushsink-reconnect", "attempt",
              G_TYPE_UINT, n, "retries", G_TYPE_INT, retries, "delay",
              G_TYPE_UINT64, (guint64) delay * 1000, "reason", G_TYPE_STRING,
              err->message, NULL)));
  if (!wmnet_flush_wait (&self->flush, delay))
    return GST_FLOW_FLUSHING;
  return GST_FLOW_OK;
}

static gboolean
send_bytes (GstWmnetPushSink * self, const guint8 * data, gsize len,
    GError ** error)
{
  GCancellable *c = wmnet_flush_get_cancellable (&self->flush);
  guint64 sent = 0;
  gboolean ok = wmnet_push_conn_send (self->conn, data, len, &sent, c, error);

  g_object_unref (c);
  GST_OBJECT_LOCK (self);
  self->bytes += sent;
  GST_OBJECT_UNLOCK (self);
  return ok;
}

/* A new session: PushSetup, PushStart and the current header as $H
 * (3.1.4.2). */
static gboolean
open_session (GstWmnetPushSink * self, GError ** error)
{
  WmnetPushParams p = { 0 };
  const gchar *why;
  GCancellable *c = wmnet_flush_get_cancellable (&self->flush);
  GByteArray *h = g_byte_array_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (self->header, &size);
  gboolean ok;

  GST_OBJECT_LOCK (self);
  p.uri = parse_location (g_value_get_string (&self->props[PROP_LOCATION]),
      &why);
  p.template_path = g_value_dup_string (&self->props[PROP_TEMPLATE]);
  p.auto_destroy = g_value_get_boolean (&self->props[PROP_AUTO_DESTROY]);
  p.user_id = g_value_dup_string (&self->props[PROP_USER_ID]);
  p.user_pw = g_value_dup_string (&self->props[PROP_USER_PW]);
  p.timeout = g_value_get_uint (&self->props[PROP_TIMEOUT]);
  GST_OBJECT_UNLOCK (self);
  p.user_agent = USER_AGENT;
  p.length = self->length;
  if (p.uri)
    self->conn = wmnet_push_conn_open (&p, c, error);
  else
    g_set_error (error, WMNET_PUSH_ERROR, WMNET_PUSH_ERROR_NOT_FOUND,
        "location: %s", why);
  g_object_unref (c);
  g_clear_pointer (&p.uri, g_uri_unref);
  g_free ((gchar *) p.template_path);
  g_free ((gchar *) p.user_id);
  g_free ((gchar *) p.user_pw);
  if (self->conn == NULL)
    ok = FALSE;
  else {
    GST_INFO_OBJECT (self, "pushing, push-id %s",
        wmnet_push_conn_get_push_id (self->conn));
    wmhttp_append_header (h, data, size, FALSE);
    ok = send_bytes (self, h->data, h->len, error);
  }
  g_byte_array_unref (h);
  return ok;
}

/* Sends @bytes (a $D, or $E and $C) on the session, opening one first when
 * there is none; after a failure retries with a new session, whose $H
 * carries the current header, so a $C (@header_change) is then left out. */
static GstFlowReturn
push_bytes (GstWmnetPushSink * self, GByteArray * bytes, gboolean header_change)
{
  for (;;) {
    GError *err = NULL;
    GstFlowReturn ret;
    gboolean fresh = self->conn == NULL;

    if ((self->conn || open_session (self, &err)) && ((fresh && header_change)
            || send_bytes (self, bytes->data, bytes->len, &err)))
      return GST_FLOW_OK;
    ret = retry_or_fail (self, err);
    g_error_free (err);
    if (ret != GST_FLOW_OK)
      return ret;
  }
}

static GstFlowReturn
handle_header (GstWmnetPushSink * self, GstBuffer * buf)
{
  GBytes *header;
  GByteArray *b;
  GstFlowReturn ret;
  gsize size = gst_buffer_get_size (buf);

  if (size > WMHTTP_MAX_HEADER) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("ASF header too big to push"),
        ("%" G_GSIZE_FORMAT " bytes, more than %d ([MS-WMHTTP] 2.2.3.2)",
            size, WMHTTP_MAX_HEADER));
    return GST_FLOW_ERROR;
  }
  header = g_bytes_new_take (g_malloc (size), size);
  gst_buffer_extract (buf, 0, (gpointer) g_bytes_get_data (header, NULL), size);
  if (self->header && g_bytes_equal (header, self->header)) {
    g_bytes_unref (header);
    return GST_FLOW_OK;
  }
  g_clear_pointer (&self->header, g_bytes_unref);
  self->header = header;
  GST_OBJECT_LOCK (self);
  self->headers++;
  GST_OBJECT_UNLOCK (self);
  if (self->conn == NULL)
    return GST_FLOW_OK;
  /* a new playlist entry: $E(S_FALSE), then $C (2.2.2.2, 3.1.4.5) */
  b = g_byte_array_new ();
  wmhttp_append_end (b, WMHTTP_REASON_ENTRY);
  wmhttp_append_header (b, g_bytes_get_data (header, NULL), size, TRUE);
  ret = push_bytes (self, b, TRUE);
  g_byte_array_unref (b);
  return ret;
}

static GstFlowReturn
handle_packet (GstWmnetPushSink * self, GstBuffer * buf)
{
  GByteArray *b = g_byte_array_sized_new (gst_buffer_get_size (buf) + 4);
  GstMapInfo map;
  GstFlowReturn ret;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  /* padding is sent as it is (D70) */
  if (!wmhttp_append_data (b, map.data, map.size)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("ASF packet too big to push"),
        ("%" G_GSIZE_FORMAT " bytes, more than %d ([MS-WMHTTP] 2.2.3.1.1)",
            map.size, WMHTTP_MAX_PACKET));
    gst_buffer_unmap (buf, &map);
    g_byte_array_unref (b);
    return GST_FLOW_ERROR;
  }
  gst_buffer_unmap (buf, &map);
  ret = push_bytes (self, b, FALSE);
  g_byte_array_unref (b);
  if (ret == GST_FLOW_OK) {
    self->attempts = 0;
    GST_OBJECT_LOCK (self);
    self->packets++;
    GST_OBJECT_UNLOCK (self);
  }
  return ret;
}

static GstFlowReturn
gst_wmnet_push_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (bsink);
  GError *err = NULL;
  WmnetAsfItem kind;
  GstBuffer *item;
  GstFlowReturn ret = GST_FLOW_OK;

  if (!wmnet_asf_stream_push (self->cutter, gst_buffer_ref (buf), &err)) {
    GST_ELEMENT_ERROR (self, STREAM, WRONG_TYPE, ("Input is not usable ASF"),
        ("%s", err->message));
    g_error_free (err);
    return GST_FLOW_ERROR;
  }
  while (ret == GST_FLOW_OK && wmnet_asf_stream_pop (self->cutter, &kind,
          &item)) {
    if (kind == WMNET_ASF_HEADER)
      ret = handle_header (self, item);
    else
      ret = handle_packet (self, item);
    gst_buffer_unref (item);
  }
  return ret;
}

static gboolean
gst_wmnet_push_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (bsink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    GError *err = NULL;

    if (!wmnet_asf_stream_check_end (self->cutter, &err)) {
      GST_ELEMENT_ERROR (self, STREAM, WRONG_TYPE,
          ("No ASF header before the end of the stream"), ("%s", err->message));
      g_error_free (err);
    } else if (self->conn) {
      GByteArray *b = g_byte_array_new ();

      /* the last entry: $E(S_OK), then close (3.1.4.4) */
      wmhttp_append_end (b, WMHTTP_REASON_DONE);
      if (!send_bytes (self, b->data, b->len, &err)) {
        GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
            ("Could not send the end of the stream"), ("%s", err->message));
        g_error_free (err);
      }
      g_byte_array_unref (b);
      close_conn (self);
    }
  } else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP) {
    wmnet_asf_stream_reset (self->cutter);
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

/* WMHTTP_UNKNOWN_LENGTH (3.1.4.2.1), or LENGTH_ENV's value for a test. */
static guint64
test_length (GstWmnetPushSink * self)
{
  const gchar *v = g_getenv (LENGTH_ENV);
  guint64 length = 0;

  if (v == NULL)
    return WMHTTP_UNKNOWN_LENGTH;
  if (!g_ascii_string_to_unsigned (v, 10, 64, WMHTTP_UNKNOWN_LENGTH, &length,
          NULL)) {
    GST_WARNING_OBJECT (self, "%s \"%s\" ignored: not 64 to %u",
        LENGTH_ENV, v, WMHTTP_UNKNOWN_LENGTH);
    return WMHTTP_UNKNOWN_LENGTH;
  }
  GST_INFO_OBJECT (self, "PushStart bodies of %" G_GUINT64_FORMAT " bytes "
      "(%s, for tests)", length, LENGTH_ENV);
  return length;
}

static gboolean
gst_wmnet_push_sink_start (GstBaseSink * bsink)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (bsink);
  GError *err = NULL;
  gboolean has_location;

  GST_OBJECT_LOCK (self);
  has_location = g_value_get_string (&self->props[PROP_LOCATION]) != NULL;
  GST_OBJECT_UNLOCK (self);
  if (!has_location) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("No location"),
        ("location must be http://server[:port]/publishing-point"));
    return FALSE;
  }
  if (!wmnet_soup_client_load (&err)) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("Could not load libsoup 3"),
        ("%s", err->message));
    g_error_free (err);
    return FALSE;
  }
  self->cutter = wmnet_asf_stream_new ();
  self->attempts = 0;
  self->length = test_length (self);
  GST_OBJECT_LOCK (self);
  self->bytes = self->packets = self->headers = self->reconnects = 0;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_wmnet_push_sink_stop (GstBaseSink * bsink)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (bsink);

  close_conn (self);
  g_clear_pointer (&self->header, g_bytes_unref);
  g_clear_pointer (&self->cutter, wmnet_asf_stream_free);
  return TRUE;
}

static gboolean
gst_wmnet_push_sink_unlock (GstBaseSink * bsink)
{
  wmnet_flush_start (&GST_WMNET_PUSH_SINK (bsink)->flush);
  return TRUE;
}

static gboolean
gst_wmnet_push_sink_unlock_stop (GstBaseSink * bsink)
{
  wmnet_flush_stop (&GST_WMNET_PUSH_SINK (bsink)->flush);
  return TRUE;
}

static void
gst_wmnet_push_sink_finalize (GObject * object)
{
  GstWmnetPushSink *self = GST_WMNET_PUSH_SINK (object);
  guint i;

  for (i = 1; i < PROP_STATS; i++)
    g_value_unset (&self->props[i]);
  wmnet_flush_clear (&self->flush);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_push_sink_init (GstWmnetPushSink * self)
{
  GParamSpec **specs;
  guint i, n;

  /* each property at its pspec's default */
  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n);
  for (i = 0; i < n; i++) {
    guint id = specs[i]->param_id;

    if (specs[i]->owner_type == GST_TYPE_WMNET_PUSH_SINK && id != PROP_STATS) {
      g_value_init (&self->props[id], specs[i]->value_type);
      g_param_value_set_default (specs[i], &self->props[id]);
    }
  }
  g_free (specs);
  wmnet_flush_init (&self->flush);
  gst_base_sink_set_sync (GST_BASE_SINK (self), TRUE);
}

static void
gst_wmnet_push_sink_class_init (GstWmnetPushSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_wmnet_push_sink_set_property;
  gobject_class->get_property = gst_wmnet_push_sink_get_property;
  gobject_class->finalize = gst_wmnet_push_sink_finalize;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "http://server[:port]/publishing-point to push to ([MS-WMHTTP]); "
          "NULL until set", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_TEMPLATE,
      g_param_spec_string ("template", "Template",
          "Existing publishing point the server copies for location "
          "(Template-URL); NULL = none", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_AUTO_DESTROY,
      g_param_spec_boolean ("auto-destroy", "Auto destroy",
          "Ask the server to remove the publishing point when the push ends "
          "(AutoDestroy)", FALSE, rw));
  g_object_class_install_property (gobject_class, PROP_USER_ID,
      g_param_spec_string ("user-id", "User ID",
          "User name for the server's Basic or Digest authentication (NULL = "
          "none)", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_USER_PW,
      g_param_spec_string ("user-pw", "User password", "Password for user-id",
          NULL, rw));
  g_object_class_install_property (gobject_class, PROP_RETRIES,
      g_param_spec_int ("retries", "Retries",
          "New sessions after a failure, backing off up to 8 s apart (-1 = "
          "forever)", -1, G_MAXINT, DEFAULT_RETRIES, rw));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT,
      g_param_spec_uint ("timeout", "Timeout",
          "Seconds a connect, an answer or a write may wait for the server "
          "(0 = no limit)", 0, 3600, DEFAULT_TIMEOUT, rw));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "wmnetpushsink-stats: bytes, packets, headers, reconnects (from 0 "
          "at each start)",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media push sink ([MS-WMHTTP])", "Sink/Network",
      "Pushes live ASF to a Windows Media server's publishing point "
      "(PushSetup, PushStart, $H/$D/$C/$E) as IWMWriterPushSink does",
      "the gst-wmnet developers");

  bsink_class->render = GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_render);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_event);
  bsink_class->start = GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_start);
  bsink_class->stop = GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_stop);
  bsink_class->unlock = GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_unlock);
  bsink_class->unlock_stop =
      GST_DEBUG_FUNCPTR (gst_wmnet_push_sink_unlock_stop);
}
