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

#include <string.h>

#include "wmnetheadscreen.h"

/* libsoup refuses a longer head itself; past it we only pass bytes on. */
#define MAX_HEAD (64 * 1024)

struct _WmnetHeadScreen
{
  GObject parent;

  gboolean done;
  gsize seen;                   /* bytes of the head so far */
  gboolean have_request_line;
  const gchar *problem;
  gchar *content_length;        /* the first Content-Length value */
};

static void wmnet_head_screen_converter_init (GConverterIface * iface);

G_DEFINE_TYPE_WITH_CODE (WmnetHeadScreen, wmnet_head_screen, G_TYPE_OBJECT,
    G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER, wmnet_head_screen_converter_init));

static gboolean
name_is (const gchar * name, gsize len, const gchar * want)
{
  return len == strlen (want) && g_ascii_strncasecmp (name, want, len) == 0;
}

/* Looks at one line of the head (with its line end). Returns FALSE when the
 * line is to be taken out. */
static gboolean
screen_line (WmnetHeadScreen * self, const gchar * line, gsize len)
{
  const gchar *colon, *value, *end;
  gsize name_len;

  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;
  if (!self->have_request_line) {
    /* RFC 9112 2.2: empty lines before the request line are ignored */
    self->have_request_line = len > 0;
    return TRUE;
  }
  if (len == 0) {
    self->done = TRUE;
    return TRUE;
  }
  if (line[0] == ' ' || line[0] == '\t')
    return TRUE;                /* obs-fold: libsoup joins it to the line above */

  colon = memchr (line, ':', len);
  if (colon == NULL) {
    self->problem = self->problem ? self->problem :
        "a header line without a colon";
    return TRUE;
  }
  name_len = colon - line;
  if (name_len == 0 || memchr (line, ' ', name_len)
      || memchr (line, '\t', name_len)) {
    /* RFC 9112 5.1: whitespace before the colon MUST be rejected */
    self->problem = self->problem ? self->problem :
        "whitespace in a header name";
    return TRUE;
  }
  if (name_is (line, name_len, "Expect"))
    return FALSE;
  if (name_is (line, name_len, "Content-Length")) {
    gchar *v;

    value = colon + 1;
    end = line + len;
    while (value < end && (*value == ' ' || *value == '\t'))
      value++;
    while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
      end--;
    v = g_strndup (value, end - value);
    if (self->content_length == NULL) {
      self->content_length = v;
    } else {
      /* RFC 9112 6.3: differing lengths make the message invalid */
      if (strcmp (v, self->content_length) != 0 && self->problem == NULL)
        self->problem = "conflicting Content-Length headers";
      g_free (v);
    }
  }
  return TRUE;
}

static GConverterResult
wmnet_head_screen_convert (GConverter * converter, const void *inbuf,
    gsize inbuf_size, void *outbuf, gsize outbuf_size, GConverterFlags flags,
    gsize * bytes_read, gsize * bytes_written, GError ** error)
{
  WmnetHeadScreen *self = WMNET_HEAD_SCREEN (converter);
  const gchar *in = inbuf;
  gchar *out = outbuf;
  gsize i = 0, o = 0, n;

  while (!self->done && i < inbuf_size) {
    const gchar *nl = memchr (in + i, '\n', inbuf_size - i);
    gsize len;

    if (nl == NULL) {
      gboolean more = !(flags & (G_CONVERTER_INPUT_AT_END | G_CONVERTER_FLUSH));

      if (more && self->seen + inbuf_size - i < MAX_HEAD) {
        if (i > 0)
          break;
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
            "the request head goes on");
        return G_CONVERTER_ERROR;
      }
      /* over-long or cut short: libsoup answers that itself */
      self->done = TRUE;
      break;
    }
    len = nl + 1 - (in + i);
    if (outbuf_size - o < len) {
      if (i > 0)
        break;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
          "a line of the request head does not fit");
      return G_CONVERTER_ERROR;
    }
    self->seen += len;
    if (screen_line (self, in + i, len)) {
      memcpy (out + o, in + i, len);
      o += len;
    }
    i += len;
  }

  if (self->done) {
    n = MIN (inbuf_size - i, outbuf_size - o);
    memcpy (out + o, in + i, n);
    i += n;
    o += n;
  }
  *bytes_read = i;
  *bytes_written = o;
  if (i == inbuf_size && (flags & G_CONVERTER_INPUT_AT_END))
    return G_CONVERTER_FINISHED;
  if (i == inbuf_size && (flags & G_CONVERTER_FLUSH))
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
wmnet_head_screen_reset (GConverter * converter)
{
  WmnetHeadScreen *self = WMNET_HEAD_SCREEN (converter);

  self->done = FALSE;
  self->seen = 0;
  self->have_request_line = FALSE;
  self->problem = NULL;
  g_clear_pointer (&self->content_length, g_free);
}

static void
wmnet_head_screen_converter_init (GConverterIface * iface)
{
  iface->convert = wmnet_head_screen_convert;
  iface->reset = wmnet_head_screen_reset;
}

WmnetHeadScreen *
wmnet_head_screen_new (void)
{
  return g_object_new (WMNET_TYPE_HEAD_SCREEN, NULL);
}

const gchar *
wmnet_head_screen_get_problem (WmnetHeadScreen * self)
{
  return self->problem;
}

gboolean
wmnet_head_screen_is_done (WmnetHeadScreen * self)
{
  return self->done;
}

static void
wmnet_head_screen_finalize (GObject * object)
{
  g_free (WMNET_HEAD_SCREEN (object)->content_length);
  G_OBJECT_CLASS (wmnet_head_screen_parent_class)->finalize (object);
}

static void
wmnet_head_screen_init (WmnetHeadScreen * self)
{
}

static void
wmnet_head_screen_class_init (WmnetHeadScreenClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wmnet_head_screen_finalize;
}

/* ------------------------------------------------------------------------ */

#define WMNET_TYPE_SCREENED_STREAM (wmnet_screened_stream_get_type ())
G_DECLARE_FINAL_TYPE (WmnetScreenedStream, wmnet_screened_stream, WMNET,
    SCREENED_STREAM, GIOStream);

struct _WmnetScreenedStream
{
  GIOStream parent;

  GIOStream *base;
  GInputStream *in;
  gboolean detached;            /* closing leaves the connection open */
};

G_DEFINE_TYPE (WmnetScreenedStream, wmnet_screened_stream, G_TYPE_IO_STREAM);

static GInputStream *
wmnet_screened_stream_get_input_stream (GIOStream * stream)
{
  return WMNET_SCREENED_STREAM (stream)->in;
}

static GOutputStream *
wmnet_screened_stream_get_output_stream (GIOStream * stream)
{
  return g_io_stream_get_output_stream (WMNET_SCREENED_STREAM (stream)->base);
}

static gboolean
wmnet_screened_stream_close (GIOStream * stream, GCancellable * cancellable,
    GError ** error)
{
  WmnetScreenedStream *self = WMNET_SCREENED_STREAM (stream);

  g_input_stream_close (self->in, NULL, NULL);
  if (self->detached)
    return TRUE;
  return g_io_stream_close (self->base, cancellable, error);
}

void
wmnet_screened_stream_detach (GIOStream * stream)
{
  WMNET_SCREENED_STREAM (stream)->detached = TRUE;
}

static void
wmnet_screened_stream_finalize (GObject * object)
{
  WmnetScreenedStream *self = WMNET_SCREENED_STREAM (object);

  g_object_unref (self->in);
  g_object_unref (self->base);
  G_OBJECT_CLASS (wmnet_screened_stream_parent_class)->finalize (object);
}

static void
wmnet_screened_stream_init (WmnetScreenedStream * self)
{
}

static void
wmnet_screened_stream_class_init (WmnetScreenedStreamClass * klass)
{
  GIOStreamClass *io_class = G_IO_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = wmnet_screened_stream_finalize;
  io_class->get_input_stream = wmnet_screened_stream_get_input_stream;
  io_class->get_output_stream = wmnet_screened_stream_get_output_stream;
  io_class->close_fn = wmnet_screened_stream_close;
}

GIOStream *
wmnet_screened_stream_new (GIOStream * connection, WmnetHeadScreen * screen)
{
  WmnetScreenedStream *self = g_object_new (WMNET_TYPE_SCREENED_STREAM, NULL);

  self->base = g_object_ref (connection);
  self->in =
      g_converter_input_stream_new (g_io_stream_get_input_stream (connection),
      G_CONVERTER (screen));
  /* the connection closes its own input */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM
      (self->in), FALSE);
  return G_IO_STREAM (self);
}
