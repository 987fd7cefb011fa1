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

/* gstwmnetsrcconnect: wmnetsrc's connection to the server. Owns the
 * describe-then-play exchange (open_stream), the reads, the redirects an
 * ASX playlist or ASF reference answer makes, the failures (Failure) and
 * what they lead to: a retry after a growing back-off with its
 * wmnetsrc-reconnect message, or the element's error. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmnetsrcpriv.h"
#include "wmspframing.h"

/* ASX bodies, redirects followed. */
#define MAX_ASX_SIZE (64 * 1024)
#define MAX_REDIRECTS 5

void
gst_wmnet_src_close_stream (GstWmnetSrc * self)
{
  if (self->stream) {
    g_input_stream_close (self->stream, NULL, NULL);
    g_clear_object (&self->stream);
  }
  g_clear_object (&self->msg);
}

void
gst_wmnet_src_failure_clear (Failure * f)
{
  g_clear_pointer (&f->text, g_free);
  g_clear_pointer (&f->debug, g_free);
  f->flushing = f->final = FALSE;
  f->code = 0;
}

void
gst_wmnet_src_failure_set (Failure * f, gint code, const gchar * text,
    const gchar * format, ...)
{
  va_list args;

  gst_wmnet_src_failure_clear (f);
  f->code = code;
  f->text = g_strdup (text);
  va_start (args, format);
  f->debug = g_strdup_vprintf (format, args);
  va_end (args);
}

static void
failure_from_error (Failure * f, GError * err, gint code, const gchar * what)
{
  if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    gst_wmnet_src_failure_clear (f);
    f->flushing = TRUE;
    return;
  }
  gst_wmnet_src_failure_set (f, code, what, "%s", err->message);
}

/* Sends @msg; on success self->msg / self->stream hold the answer. */
static gboolean
send_request (GstWmnetSrc * self, SoupMessage * msg, Failure * f)
{
  GCancellable *c = wmnet_flush_get_cancellable (&self->flush);
  GError *err = NULL;
  guint status;
  const gchar *pragma;
  gchar *id = NULL;

  gst_wmnet_src_close_stream (self);
  self->msg = msg;
  self->stream = soup_session_send (self->session, msg, c, &err);
  g_object_unref (c);
  if (self->stream == NULL) {
    if (!gst_wmnet_src_tls_failure (self, err, f))
      failure_from_error (f, err, GST_RESOURCE_ERROR_OPEN_READ,
          "Could not connect to the MS-WMSP server");
    g_error_free (err);
    gst_wmnet_src_close_stream (self);
    return FALSE;
  }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status)) {
    gint code = GST_RESOURCE_ERROR_OPEN_READ;

    if (status == SOUP_STATUS_NOT_FOUND)
      code = GST_RESOURCE_ERROR_NOT_FOUND;
    else if (status == SOUP_STATUS_UNAUTHORIZED
        || status == SOUP_STATUS_FORBIDDEN)
      code = GST_RESOURCE_ERROR_NOT_AUTHORIZED;
    gst_wmnet_src_failure_set (f, code,
        "The MS-WMSP server refused the request", "%s: %u %s", self->url,
        status, GST_STR_NULL (soup_message_get_reason_phrase (msg)));
    f->final = code != GST_RESOURCE_ERROR_OPEN_READ;
    gst_wmnet_src_close_stream (self);
    return FALSE;
  }
  pragma = soup_message_headers_get_list (soup_message_get_response_headers
      (msg), "Pragma");
  if (pragma && wmsp_pragma_get (pragma, "client-id", &id)) {
    if (id[0] && strspn (id, "0123456789") == strlen (id) && strlen (id) <= 10) {
      g_free (self->client_id);
      self->client_id = id;
      id = NULL;
    }
    g_free (id);
  }
  return TRUE;
}

/* Reads into the reader; FALSE with @f at the end or on an error. */
gboolean
gst_wmnet_src_read_more (GstWmnetSrc * self, Failure * f)
{
  GCancellable *c = wmnet_flush_get_cancellable (&self->flush);
  GError *err = NULL;
  gssize n = g_input_stream_read (self->stream, self->readbuf, READ_SIZE, c,
      &err);

  g_object_unref (c);
  self->last_read = MAX (n, 0);
  if (n > 0) {
    wmsp_reader_push (self->reader, self->readbuf, n);
    return TRUE;
  }
  if (n == 0)
    gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_READ,
        "The MS-WMSP server closed the connection",
        "%s: end of the answer%s", self->url,
        wmsp_reader_pending (self->reader) ? " inside a chunk" : "");
  else
    failure_from_error (f, err, GST_RESOURCE_ERROR_READ,
        "Could not read from the MS-WMSP server");
  g_clear_error (&err);
  return FALSE;
}

/* An ASX playlist or an ASF reference ("[Reference]" / "Ref1=") where a
 * header was expected: the first URL it names, else NULL (docs/design.md,
 * D23). */
static gchar *
find_redirect (const gchar * text)
{
  GRegex *re = g_regex_new ("(?:href\\s*=\\s*\"([^\"]+)\")|"
      "(?:^Ref\\d+=(\\S+))", G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
  GMatchInfo *m = NULL;
  gchar *url = NULL;

  if (g_regex_match (re, text, 0, &m)) {
    url = g_match_info_fetch (m, 1);
    if (url == NULL || url[0] == '\0') {
      g_free (url);
      url = g_match_info_fetch (m, 2);
    }
  }
  g_match_info_free (m);
  g_regex_unref (re);
  return url;
}

/* The rest of a body whose first read is in readbuf, bounded, searched
 * for a redirect. */
static gchar *
read_redirect (GstWmnetSrc * self)
{
  GByteArray *body = g_byte_array_new ();
  gchar *target;
  gssize n = self->last_read;

  while (n > 0) {
    GCancellable *c;

    g_byte_array_append (body, self->readbuf, n);
    if (body->len >= MAX_ASX_SIZE)
      break;
    c = wmnet_flush_get_cancellable (&self->flush);
    n = g_input_stream_read (self->stream, self->readbuf, READ_SIZE, c, NULL);
    g_object_unref (c);
  }
  g_byte_array_append (body, (const guint8 *) "", 1);
  target = find_redirect ((const gchar *) body->data);
  g_byte_array_unref (body);
  return target;
}

/* Describe, then play: on success the play answer is open, its header
 * still to be read. */
gboolean
gst_wmnet_src_open_stream (GstWmnetSrc * self, Failure * f)
{
  GstBuffer *header = NULL;
  GstMapInfo map;
  guint redirects = 0;
  gchar *location;
  GError *err = NULL;
  SoupMessage *msg;
  gboolean ok;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  if (location == NULL && self->refused)
    gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_NOT_FOUND, self->refused,
        "the location was refused when set, and there is no other");
  GST_OBJECT_UNLOCK (self);
  if (location == NULL) {
    if (f->text == NULL)
      gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_NOT_FOUND,
          "No location set",
          "set location to an mmsh://, mms://, mmshs://, http:// or "
          "https:// URI");
    f->final = TRUE;
    return FALSE;
  }
  g_free (self->url);
  self->url = gst_wmnet_src_http_url (location, &err);
  g_free (location);
  if (self->url == NULL) {
    gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_NOT_FOUND, "Bad location",
        "%s", err->message);
    g_error_free (err);
    f->final = TRUE;
    return FALSE;
  }

  for (;;) {
    WmspReadResult res = WMSP_READ_NEED_DATA;
    gboolean redirected = FALSE;
    gsize got = 0, total = 0;

    GST_DEBUG_OBJECT (self, "describe %s", self->url);
    if ((msg = gst_wmnet_src_make_request (self, NULL, 0)) == NULL) {
      gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_NOT_FOUND,
          "Bad location", "libsoup refused %s", self->url);
      f->final = TRUE;
      return FALSE;
    }
    if (!send_request (self, msg, f))
      return FALSE;
    wmsp_reader_reset (self->reader);
    while (res == WMSP_READ_NEED_DATA) {
      guint32 loc, reason;

      if (!gst_wmnet_src_read_more (self, f))
        break;
      got = wmsp_reader_pending (self->reader);
      total += self->last_read;
      if (total > MAX_BYTES_BEFORE_HEADER) {
        gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ,
            "The MS-WMSP server sent no ASF header",
            "%s: no header in the first %u bytes", self->url,
            MAX_BYTES_BEFORE_HEADER);
        break;
      }
      res = wmsp_reader_pop (self->reader, &header, &loc, &reason, &err);
      if (res == WMSP_READ_ERROR && got == self->last_read
          && self->readbuf[0] != '$' && self->readbuf[0] != ('$' | 0x80)
          && redirects < MAX_REDIRECTS) {
        /* no framing from the first byte: an ASX or reference file? */
        gchar *target = read_redirect (self);

        g_clear_error (&err);
        if (target) {
          gchar *url = gst_wmnet_src_http_url (target, NULL);

          GST_INFO_OBJECT (self, "redirected to %s", target);
          g_free (target);
          if (url) {
            g_free (self->url);
            self->url = url;
            redirects++;
            redirected = TRUE;
            break;
          }
        }
        gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ,
            "The server sent no MS-WMSP stream",
            "%s: neither framing nor a playlist", self->url);
        break;
      }
      if (res == WMSP_READ_ERROR) {
        gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ,
            "The MS-WMSP server sent a broken header", "%s: %s", self->url,
            err ? err->message : "?");
        g_clear_error (&err);
      } else if (res != WMSP_READ_HEADER && res != WMSP_READ_NEED_DATA) {
        gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ,
            "The MS-WMSP server sent no ASF header", "%s: answer without $H",
            self->url);
        res = WMSP_READ_ERROR;
      }
    }
    /* a redirect restarts, anything else ends the describe */
    if (!redirected)
      break;
  }
  gst_wmnet_src_close_stream (self);
  if (header == NULL) {
    if (f->text == NULL && !f->flushing)
      gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ,
          "The MS-WMSP server sent no ASF header", "%s", self->url);
    return FALSE;
  }

  GST_DEBUG_OBJECT (self, "play %s", self->url);
  gst_buffer_map (header, &map, GST_MAP_READ);
  msg = gst_wmnet_src_make_request (self, map.data, map.size);
  gst_buffer_unmap (header, &map);
  gst_buffer_unref (header);
  ok = send_request (self, msg, f);
  wmsp_reader_reset (self->reader);
  self->bytes_idle = 0;
  return ok;
}

static void
post_error (GstWmnetSrc * self, Failure * f)
{
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
      GST_RESOURCE_ERROR, f->code, g_strdup (f->text), g_strdup (f->debug),
      __FILE__, GST_FUNCTION, __LINE__);
}

/* After @f: waits and lets the caller reconnect (TRUE), or gives up. */
GstFlowReturn
gst_wmnet_src_retry_or_fail (GstWmnetSrc * self, Failure * f)
{
  gint retries;
  gint64 delay;
  guint n;

  gst_wmnet_src_close_stream (self);
  if (f->flushing)
    return GST_FLOW_FLUSHING;
  GST_OBJECT_LOCK (self);
  retries = self->retries;
  GST_OBJECT_UNLOCK (self);
  if (f->final || (retries >= 0 && self->attempts >= (guint) retries)) {
    post_error (self, f);
    return GST_FLOW_ERROR;
  }
  n = ++self->attempts;
  delay = wmnet_flush_backoff (n);
  GST_INFO_OBJECT (self, "retry %u of %d in %" G_GINT64_FORMAT " ms: %s", n,
      retries, delay / 1000, f->debug);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("wmnetsrc-reconnect", "attempt", G_TYPE_UINT, n,
              "retries", G_TYPE_INT, retries, "delay", G_TYPE_UINT64,
              (guint64) delay * 1000, "reason", G_TYPE_STRING,
              f->debug ? f->debug : f->text, NULL)));
  if (!wmnet_flush_wait (&self->flush, delay))
    return GST_FLOW_FLUSHING;
  return GST_FLOW_OK;
}
