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
/* The one line taken out, and the longest name prefix held back for it. */
#define EXPECT "expect"
#define EXPECT_LEN (sizeof (EXPECT) - 1)
#define CONTENT_LENGTH "content-length"
#define CONTENT_LENGTH_LEN (sizeof (CONTENT_LENGTH) - 1)

/* Where the screen is in the current line of the head. */
typedef enum
{
  LINE_START,
  LINE_NAME,                    /* before the colon of a header line */
  LINE_VALUE,                   /* a Content-Length value */
  LINE_PASS,                    /* nothing more to look at: passed on */
  LINE_DROP,                    /* an Expect line: taken out */
} LineState;

struct _WmnetHeadScreen
{
  GObject parent;

  gboolean done;
  gsize seen;                   /* bytes of the head so far */
  gboolean have_request_line;
  const gchar *problem;
  gchar *content_length;        /* the first Content-Length value */

  /* the current line */
  LineState state;
  gboolean pre_request;         /* a line before the request line */
  gboolean only_cr;             /* nothing but CR so far */
  guint crs;                    /* how many */
  gsize name_len;
  gboolean name_ws;             /* a space or tab before the colon */
  gboolean maybe_expect;        /* the name so far is a start of "Expect" */
  gboolean maybe_length;        /* ... or of "Content-Length" */
  GString *value;               /* a Content-Length line's value, raw */
};

G_DEFINE_TYPE (WmnetHeadScreen, wmnet_head_screen, G_TYPE_OBJECT);

static void
set_problem (WmnetHeadScreen * self, const gchar * problem)
{
  if (self->problem == NULL)
    self->problem = problem;
}

/* A Content-Length value as a whole-line screen would take it: line end
 * stripped, then the spaces and tabs around it. */
static void
end_content_length (WmnetHeadScreen * self)
{
  const gchar *v = self->value->str, *end = v + self->value->len;

  while (end > v && (end[-1] == '\r' || end[-1] == '\n'))
    end--;
  while (v < end && (*v == ' ' || *v == '\t'))
    v++;
  while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  if (self->content_length == NULL) {
    self->content_length = g_strndup (v, end - v);
  } else if (strlen (self->content_length) != (gsize) (end - v)
      || memcmp (self->content_length, v, end - v) != 0) {
    /* RFC 9112 6.3: differing lengths make the message invalid */
    set_problem (self, "conflicting Content-Length headers");
  }
  g_string_free (self->value, TRUE);
  self->value = NULL;
}

/* The end of a line (its LF): what the whole line says. */
static void
end_line (WmnetHeadScreen * self)
{
  if (self->pre_request) {
    /* RFC 9112 2.2: empty lines before the request line are ignored */
    self->have_request_line = !self->only_cr;
  } else if (self->state == LINE_NAME) {
    /* libsoup ends the head at "\r\n" or "\n" only: it drops a line of
     * more CRs, as any line without a colon, and reads on */
    if (self->only_cr && self->crs <= 1)
      self->done = TRUE;
    else
      set_problem (self, "a header line without a colon");
  } else if (self->state == LINE_VALUE) {
    end_content_length (self);
  }
  self->state = LINE_START;
}

/* The colon of a header line: what its name says. */
static void
end_name (WmnetHeadScreen * self)
{
  if (self->name_len == 0 || self->name_ws) {
    /* RFC 9112 5.1: whitespace before the colon MUST be rejected */
    set_problem (self, "whitespace in a header name");
    self->state = LINE_PASS;
  } else if (self->maybe_expect && self->name_len == EXPECT_LEN) {
    self->state = LINE_DROP;
  } else if (self->maybe_length && self->name_len == CONTENT_LENGTH_LEN) {
    self->state = LINE_VALUE;
    self->value = g_string_new (NULL);
  } else {
    self->state = LINE_PASS;
  }
}

/* Screens @len bytes in place: what passes is moved to the front of @buf
 * and its length returned. The start of a header line that may still be
 * an Expect line is held back: it is the last *held bytes of @buf, not
 * passed, and the screen is back at the start of that line, for the caller
 * to give those bytes again in front of the next ones. */
static gsize
screen_bytes (WmnetHeadScreen * self, gchar * buf, gsize len, gsize * held)
{
  gsize i, o = 0, line_start = 0;

  *held = 0;
  for (i = 0; i < len && !self->done; i++) {
    gchar c = buf[i];
    gboolean pass = TRUE;

    if (self->seen++ >= MAX_HEAD) {
      /* over-long: libsoup answers that itself */
      if (self->state == LINE_NAME && self->maybe_expect) {
        memmove (buf + o, buf + line_start, i - line_start);
        o += i - line_start;
      }
      self->done = TRUE;
      break;
    }
    if (self->state == LINE_START) {
      line_start = i;
      self->pre_request = !self->have_request_line;
      self->only_cr = TRUE;
      self->crs = 0;
      self->name_len = 0;
      self->name_ws = FALSE;
      self->maybe_expect = !self->pre_request;
      self->maybe_length = TRUE;
      if (!self->pre_request && (c == ' ' || c == '\t'))
        self->state = LINE_PASS;        /* obs-fold: libsoup joins it to the line above */
      else
        self->state = LINE_NAME;
    }
    if (c == '\n') {
      if (self->state == LINE_NAME && self->maybe_expect) {
        /* "Expect" without a colon: flagged, passed as it is */
        memmove (buf + o, buf + line_start, i - line_start);
        o += i - line_start;
      }
      pass = self->state != LINE_DROP;
      end_line (self);
    } else if (c != '\r') {
      self->only_cr = FALSE;
    } else {
      self->crs++;
    }

    switch (self->state) {
      case LINE_NAME:
        if (self->pre_request)
          break;
        if (c == ':') {
          end_name (self);
          if (self->state == LINE_DROP)
            pass = FALSE;
          else if (self->maybe_expect) {
            memmove (buf + o, buf + line_start, i - line_start);
            o += i - line_start;
          }
          break;
        }
        self->name_len++;
        if (c == ' ' || c == '\t')
          self->name_ws = TRUE;
        self->maybe_length = self->maybe_length
            && self->name_len <= CONTENT_LENGTH_LEN
            && g_ascii_tolower (c) == CONTENT_LENGTH[self->name_len - 1];
        if (self->maybe_expect) {
          if (self->name_len <= EXPECT_LEN
              && g_ascii_tolower (c) == EXPECT[self->name_len - 1]) {
            pass = FALSE;       /* held */
          } else {
            self->maybe_expect = FALSE;
            memmove (buf + o, buf + line_start, i - line_start);
            o += i - line_start;
          }
        }
        break;
      case LINE_VALUE:
        g_string_append_c (self->value, c);
        break;
      case LINE_DROP:
        pass = FALSE;
        break;
      default:
        break;
    }
    if (pass)
      buf[o++] = c;
  }
  if (i < len) {
    /* the head is over: the rest goes through untouched */
    memmove (buf + o, buf + i, len - i);
    o += len - i;
  } else if (self->state == LINE_NAME && self->maybe_expect) {
    *held = len - line_start;
    self->seen -= *held;
    self->state = LINE_START;
  }
  return o;
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
  WmnetHeadScreen *self = WMNET_HEAD_SCREEN (object);

  g_free (self->content_length);
  if (self->value)
    g_string_free (self->value, TRUE);
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
/* The connection's input as libsoup reads it: the head screened in the
 * reader's own buffer, then every read straight from the connection. No
 * buffer of its own but a few bytes: at most the start of a line that may
 * be an Expect line, and what a reader asking for fewer bytes than that
 * did not take. */

/* more than EXPECT_LEN */
#define SMALL 16

#define WMNET_TYPE_SCREENED_INPUT (wmnet_screened_input_get_type ())
G_DECLARE_FINAL_TYPE (WmnetScreenedInput, wmnet_screened_input, WMNET,
    SCREENED_INPUT, GInputStream);

struct _WmnetScreenedInput
{
  GInputStream parent;

  GInputStream *base;           /* pollable */
  WmnetHeadScreen *screen;
  gchar held[SMALL];            /* a line start the screen has not passed yet */
  guint8 held_len;
  gchar out[SMALL];             /* screened bytes a small read left */
  guint8 out_len;
};

static void wmnet_screened_input_pollable_init (GPollableInputStreamInterface *
    iface);

G_DEFINE_TYPE_WITH_CODE (WmnetScreenedInput, wmnet_screened_input,
    G_TYPE_INPUT_STREAM,
    G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
        wmnet_screened_input_pollable_init));

static gssize
screened_read (WmnetScreenedInput * self, gchar * buffer, gsize count,
    gboolean blocking, GCancellable * cancellable, GError ** error)
{
  if (count == 0)
    return 0;
  for (;;) {
    gchar small[SMALL];
    gchar *work;
    gsize room, k = self->held_len, len, o, held;
    gssize n;

    if (self->out_len > 0) {
      o = MIN (count, self->out_len);
      memcpy (buffer, self->out, o);
      self->out_len -= o;
      memmove (self->out, self->out + o, self->out_len);
      return o;
    }
    if (self->screen->done && k == 0)
      return g_pollable_stream_read (self->base, buffer, count, blocking,
          cancellable, error);

    /* the held bytes go first, then what the connection has */
    if (count > SMALL) {
      work = buffer;
      room = count;
    } else {
      work = small;
      room = SMALL;
    }
    memcpy (work, self->held, k);
    n = g_pollable_stream_read (self->base, work + k, room - k, blocking,
        cancellable, error);
    if (n < 0)
      return -1;
    self->held_len = 0;
    if (n == 0) {
      /* a head cut short in a line: passed on as it is, for libsoup to
       * answer */
      if (k > 0 || self->screen->state != LINE_START)
        self->screen->done = TRUE;
      o = k;
    } else {
      len = k + n;
      o = screen_bytes (self->screen, work, len, &held);
      memcpy (self->held, work + len - held, held);
      self->held_len = held;
    }
    if (o == 0 && n > 0)
      continue;                 /* all taken out or held: read on */
    if (work == small) {
      memcpy (buffer, small, MIN (o, count));
      if (o > count) {
        memcpy (self->out, small + count, o - count);
        self->out_len = o - count;
        o = count;
      }
    }
    return o;
  }
}

static gssize
wmnet_screened_input_read (GInputStream * stream, void *buffer, gsize count,
    GCancellable * cancellable, GError ** error)
{
  return screened_read (WMNET_SCREENED_INPUT (stream), buffer, count, TRUE,
      cancellable, error);
}

static gboolean
wmnet_screened_input_close (GInputStream * stream, GCancellable * cancellable,
    GError ** error)
{
  /* the connection closes its own input */
  return TRUE;
}

static gboolean
wmnet_screened_input_can_poll (GPollableInputStream * stream)
{
  WmnetScreenedInput *self = WMNET_SCREENED_INPUT (stream);

  return G_IS_POLLABLE_INPUT_STREAM (self->base) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->base));
}

static gboolean
wmnet_screened_input_is_readable (GPollableInputStream * stream)
{
  WmnetScreenedInput *self = WMNET_SCREENED_INPUT (stream);

  return self->out_len > 0 ||
      g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM
      (self->base));
}

static gssize
wmnet_screened_input_read_nonblocking (GPollableInputStream * stream,
    void *buffer, gsize count, GError ** error)
{
  return screened_read (WMNET_SCREENED_INPUT (stream), buffer, count, FALSE,
      NULL, error);
}

static GSource *
wmnet_screened_input_create_source (GPollableInputStream * stream,
    GCancellable * cancellable)
{
  WmnetScreenedInput *self = WMNET_SCREENED_INPUT (stream);
  GSource *base, *source;

  /* bytes a small read left are readable now */
  if (self->out_len > 0)
    base = g_timeout_source_new (0);
  else
    base = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM
        (self->base), NULL);
  source = g_pollable_source_new_full (stream, base, cancellable);
  g_source_unref (base);
  return source;
}

static void
wmnet_screened_input_pollable_init (GPollableInputStreamInterface * iface)
{
  iface->can_poll = wmnet_screened_input_can_poll;
  iface->is_readable = wmnet_screened_input_is_readable;
  iface->read_nonblocking = wmnet_screened_input_read_nonblocking;
  iface->create_source = wmnet_screened_input_create_source;
}

static void
wmnet_screened_input_finalize (GObject * object)
{
  WmnetScreenedInput *self = WMNET_SCREENED_INPUT (object);

  g_object_unref (self->base);
  g_object_unref (self->screen);
  G_OBJECT_CLASS (wmnet_screened_input_parent_class)->finalize (object);
}

static void
wmnet_screened_input_init (WmnetScreenedInput * self)
{
}

static void
wmnet_screened_input_class_init (WmnetScreenedInputClass * klass)
{
  GInputStreamClass *in_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = wmnet_screened_input_finalize;
  in_class->read_fn = wmnet_screened_input_read;
  in_class->close_fn = wmnet_screened_input_close;
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
  WmnetScreenedInput *in = g_object_new (WMNET_TYPE_SCREENED_INPUT, NULL);

  in->base = g_object_ref (g_io_stream_get_input_stream (connection));
  in->screen = g_object_ref (screen);
  self->base = g_object_ref (connection);
  self->in = G_INPUT_STREAM (in);
  return G_IO_STREAM (self);
}
