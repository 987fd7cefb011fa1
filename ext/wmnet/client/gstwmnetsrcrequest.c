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

/* gstwmnetsrcrequest: the requests wmnetsrc sends. Owns the location's
 * http:// or https:// URL (mms:// and mmsh:// rolled over to HTTP,
 * mmshs:// to HTTPS), the describe and
 * play requests with the pragmas Windows Media Player sends, the
 * stream-switch choice for max-bitrate, the answers to 401 and 407, and
 * the location: the property's check and the GstURIHandler interface. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsrcpriv.h"
#include "wmnetselect.h"

/* The http:// or https:// URL for @location: mmsh:// and mms:// (MS-WMSP's
 * HTTP rollover) become http:// on the same host, port 80 unless given
 * (docs/design.md, D23); mmshs:// becomes https://, port 443 unless given
 * (D78). NULL for anything else. */
gchar *
gst_wmnet_src_http_url (const gchar * location, GError ** error)
{
  GUri *uri = g_uri_parse (location, G_URI_FLAGS_ENCODED, error);
  const gchar *scheme, *path;
  gboolean tls;
  gchar *url;

  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  tls = g_ascii_strcasecmp (scheme, "mmshs") == 0
      || g_ascii_strcasecmp (scheme, "https") == 0;
  if (!tls && g_ascii_strcasecmp (scheme, "mmsh") != 0
      && g_ascii_strcasecmp (scheme, "mms") != 0
      && g_ascii_strcasecmp (scheme, "http") != 0) {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_UNSUPPORTED_PROTOCOL,
        "%s: not an mmsh://, mms://, mmshs://, http:// or https:// URI "
        "(the schemes wmnetsrc takes)", location);
    g_uri_unref (uri);
    return NULL;
  }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0') {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
        "%s: no host", location);
    g_uri_unref (uri);
    return NULL;
  }
  path = g_uri_get_path (uri);
  url = g_uri_join (G_URI_FLAGS_ENCODED, tls ? "https" : "http",
      g_uri_get_userinfo (uri), g_uri_get_host (uri),
      g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : tls ? 443 : 80,
      path[0] ? path : "/", g_uri_get_query (uri), NULL);
  g_uri_unref (uri);
  return url;
}

static gboolean
on_authenticate (SoupMessage * msg, SoupAuth * auth, gboolean retrying,
    GstWmnetSrc * self)
{
  gboolean done = FALSE;

  if (retrying)
    return FALSE;
  if (soup_auth_is_for_proxy (auth)) {
    GUri *uri = NULL;

    /* the credentials of the proxy URI's user info (407) */
    GST_OBJECT_LOCK (self);
    if (self->proxy)
      uri = g_uri_parse (self->proxy, G_URI_FLAGS_HAS_PASSWORD, NULL);
    GST_OBJECT_UNLOCK (self);
    if (uri && g_uri_get_user (uri)) {
      soup_auth_authenticate (auth, g_uri_get_user (uri),
          g_uri_get_password (uri) ? g_uri_get_password (uri) : "");
      done = TRUE;
    }
    g_clear_pointer (&uri, g_uri_unref);
    return done;
  }
  GST_OBJECT_LOCK (self);
  if (self->user_id) {
    soup_auth_authenticate (auth, self->user_id,
        self->user_pw ? self->user_pw : "");
    done = TRUE;
  }
  GST_OBJECT_UNLOCK (self);
  return done;
}

/* The play request's stream-switch pragma values for the streams of
 * @info that wmnet_select_streams() picks ([MS-WMSP] 2.2.1.4.26-27): every
 * stream listed, thinning 0 when chosen, 2 (none of it) when not. */
static void
add_stream_switch (GstWmnetSrc * self, SoupMessageHeaders * h,
    const guint8 * header, gsize size)
{
  guint32 chosen[4], described[4];
  GString *entry = g_string_new ("stream-switch-entry=");
  gchar *count;
  guint n = 0, s, max_bitrate;

  GST_OBJECT_LOCK (self);
  max_bitrate = self->max_bitrate;
  GST_OBJECT_UNLOCK (self);
  wmnet_select_streams (header, size, max_bitrate, described, chosen);
  for (s = 1; s < 128; s++) {
    if (!(described[s / 32] & (1u << (s % 32))))
      continue;
    g_string_append_printf (entry, "ffff:%x:%u ", s,
        (chosen[s / 32] & (1u << (s % 32))) ? 0 : 2);
    n++;
  }
  if (n > 0) {
    count = g_strdup_printf ("stream-switch-count=%u", n);
    soup_message_headers_append (h, "Pragma", count);
    soup_message_headers_append (h, "Pragma", entry->str);
    g_free (count);
  }
  g_string_free (entry, TRUE);
}

/* A describe (@header NULL) or play request as Windows Media Player makes
 * them (docs/design.md, "What real clients send"). */
SoupMessage *
gst_wmnet_src_make_request (GstWmnetSrc * self, const guint8 * header,
    gsize size)
{
  SoupMessage *msg = soup_message_new ("GET", self->url);
  SoupMessageHeaders *h;
  gchar *guid;

  if (msg == NULL)
    return NULL;
  h = soup_message_get_request_headers (msg);
  soup_message_headers_append (h, "Accept", "*/*");
  guid = g_strdup_printf ("xClientGUID={%s}", self->client_guid);
  if (header == NULL) {
    soup_message_headers_append (h, "Pragma", "no-cache,rate=1.000000,"
        "stream-time=0,stream-offset=0:0,request-context=1,max-duration=0");
    soup_message_headers_append (h, "Pragma", guid);
  } else {
    soup_message_headers_append (h, "Pragma", "no-cache,rate=1.000000,"
        "stream-time=0,stream-offset=4294967295:4294967295,"
        "request-context=2,max-duration=0");
    soup_message_headers_append (h, "Pragma", "xPlayStrm=1");
    if (self->client_id) {
      gchar *id = g_strdup_printf ("client-id=%s", self->client_id);

      soup_message_headers_append (h, "Pragma", id);
      g_free (id);
    }
    soup_message_headers_append (h, "Pragma", guid);
    add_stream_switch (self, h, header, size);
  }
  soup_message_headers_append (h, "Connection", "Close");
  g_free (guid);
  g_signal_connect (msg, "authenticate", G_CALLBACK (on_authenticate), self);
  gst_wmnet_src_tls_watch (self, msg);
  return msg;
}

/* ------------------------------------------------------------------------ */
/* locations */

gboolean
gst_wmnet_src_set_location (GstWmnetSrc * self, const gchar * location,
    GError ** error)
{
  gchar *url = NULL;
  GError *err = NULL;

  if (location && (url = gst_wmnet_src_http_url (location, &err)) == NULL) {
    GST_OBJECT_LOCK (self);
    g_free (self->refused);
    self->refused = g_strdup (err->message);
    GST_OBJECT_UNLOCK (self);
    g_propagate_error (error, err);
    return FALSE;
  }
  g_free (url);
  GST_OBJECT_LOCK (self);
  g_free (self->location);
  self->location = g_strdup (location);
  g_clear_pointer (&self->refused, g_free);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* GstURIHandler */

static GstURIType
gst_wmnet_src_uri_get_type (GType type)
{
  return GST_URI_SRC;
}

static const gchar *const *
gst_wmnet_src_uri_get_protocols (GType type)
{
  static const gchar *const protocols[] = { "mmsh", "mms", "mmshs", NULL };

  return protocols;
}

static gchar *
gst_wmnet_src_uri_get_uri (GstURIHandler * handler)
{
  GstWmnetSrc *self = GST_WMNET_SRC (handler);
  gchar *uri;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->location);
  GST_OBJECT_UNLOCK (self);
  return uri;
}

static gboolean
gst_wmnet_src_uri_set_uri (GstURIHandler * handler, const gchar * uri,
    GError ** error)
{
  GstWmnetSrc *self = GST_WMNET_SRC (handler);

  if (GST_STATE (self) > GST_STATE_READY) {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_STATE,
        "Changing the location of a playing wmnetsrc is not supported");
    return FALSE;
  }
  return gst_wmnet_src_set_location (self, uri, error);
}

void
gst_wmnet_src_uri_handler_init (gpointer g_iface, gpointer iface_data)
{
  GstURIHandlerInterface *iface = (GstURIHandlerInterface *) g_iface;

  iface->get_type = gst_wmnet_src_uri_get_type;
  iface->get_protocols = gst_wmnet_src_uri_get_protocols;
  iface->get_uri = gst_wmnet_src_uri_get_uri;
  iface->set_uri = gst_wmnet_src_uri_set_uri;
}
