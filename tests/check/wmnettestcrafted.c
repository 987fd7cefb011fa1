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


/* The crafted mmsh server of the wmnetsrc tests: see wmnettestcrafted.h. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestcrafted.h"
#include "wmspframing.h"
#include "libs/wmnetasfbuild.h"


static GByteArray *
packet (guint i)
{
  GByteArray *a = g_byte_array_new ();
  PayloadSpec p[2] = { {A, TRUE, 0, 40, FALSE}, {V, i % 4 == 0, 0, 100,
      FALSE}
  };

  build_packet (a, 512, p, 2, 1000 + 100 * i, TRUE);
  return a;
}

static gboolean
put (GOutputStream * out, const void *data, gsize len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
put_chunk (GOutputStream * out, WmspChunkType type, guint32 loc,
    const guint8 * payload, gsize len)
{
  guint8 f[WMSP_DATA_FRAME_SIZE];

  wmsp_write_data_frame (f, type, loc, 0, len);
  return put (out, f, sizeof (f)) && put (out, payload, len);
}

static gboolean
put_reason (GOutputStream * out, WmspChunkType type, guint32 reason)
{
  guint8 f[WMSP_REASON_FRAME_SIZE];

  wmsp_write_reason_frame (f, type, reason);
  return put (out, f, sizeof (f));
}

static gboolean
put_packets (GOutputStream * out, guint n, guint first)
{
  guint i;

  for (i = first; i < first + n; i++) {
    GByteArray *p = packet (i);
    gboolean ok = put_chunk (out, WMSP_CHUNK_DATA, i, p->data, p->len);

    g_byte_array_unref (p);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

static gchar *
read_head (GIOStream * conn)
{
  GString *head = g_string_new (NULL);
  GInputStream *in = g_io_stream_get_input_stream (conn);
  gchar c;

  while (head->len < 16384 && !g_str_has_suffix (head->str, "\r\n\r\n")
      && g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);
  return g_string_free (head, FALSE);
}

static void
serve (Server * s, GIOStream * conn, guint n)
{
  GOutputStream *out = g_io_stream_get_output_stream (conn);
  gchar *head = read_head (conn);
  gboolean play = strstr (head, "xPlayStrm=1") != NULL;
  const gchar *ok = "HTTP/1.0 200 OK\r\nServer: Cougar 4.1.0.3921\r\n"
      "Pragma: client-id=4242\r\nPragma: features=\"broadcast\"\r\n\r\n";
  GByteArray *h = s->header;
  guint plays;

  g_mutex_lock (&s->lock);
  g_ptr_array_add (s->requests, head);
  plays = 0;
  for (guint i = 0; i < s->requests->len; i++)
    plays += strstr (g_ptr_array_index (s->requests, i), "xPlayStrm=1") != 0;
  g_mutex_unlock (&s->lock);

  switch (s->mode) {
    case SERVE_AUTH:
      /* "user:pw" in base64 */
      if (strstr (head, "\r\nAuthorization: Basic dXNlcjpwdw==\r\n"))
        break;
      put (out, "HTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic "
          "realm=\"wmnet\"\r\nContent-Length: 0\r\n\r\n", 87);
      return;
    case SERVE_PROXY_AUTH:
      if (strstr (head, "\r\nProxy-Authorization: Basic dXNlcjpwdw==\r\n"))
        break;
      put (out, "HTTP/1.0 407 Proxy Authentication Required\r\n"
          "Proxy-Authenticate: Basic realm=\"proxy\"\r\n"
          "Content-Length: 0\r\n\r\n", 106);
      return;
    case SERVE_ASX:
      if (g_str_has_prefix (head, "GET / ")) {
        /* an ASX playlist, or an ASF reference file */
        gchar *asx = s->reference ?
            g_strdup_printf ("[Reference]\r\nRef1=http://127.0.0.1:%u/live"
            "\r\nRef2=http://127.0.0.1:1/other\r\n", s->port) :
            g_strdup_printf ("<ASX version=\"3.0\">\r\n<Entry>"
            "<Ref HREF=\"mms://127.0.0.1:%u/live\" /></Entry>\r\n</ASX>\r\n",
            s->port);
        gchar *answer = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: "
            "video/x-ms-asf\r\nContent-Length: %u\r\n\r\n%s",
            (guint) strlen (asx), asx);

        put (out, answer, strlen (answer));
        g_free (answer);
        g_free (asx);
        return;
      }
      break;
    case SERVE_SILENT:{
      gchar c;

      /* until the client hangs up or the test ends */
      while (g_input_stream_read (g_io_stream_get_input_stream (conn), &c, 1,
              s->cancel, NULL) > 0);
      return;
    }
    case SERVE_STATUS:
      put (out, s->status, strlen (s->status));
      put (out, "\r\nContent-Length: 0\r\n\r\n", 23);
      return;
    case SERVE_BAD_LENGTHS:{
      guint8 f[WMSP_DATA_FRAME_SIZE];

      put (out, ok, strlen (ok));
      wmsp_write_data_frame (f, WMSP_CHUNK_HEADER, 0, 0, h->len);
      GST_WRITE_UINT16_LE (f + 10, h->len + 8 + 100);
      put (out, f, sizeof (f));
      put (out, h->data, h->len);
      return;
    }
    case SERVE_ENDLESS_HEADER:{
      guint8 zeros[4000] = { 0, };
      guint8 start[30];
      guint i;

      memcpy (start, h->data, 30);
      GST_WRITE_UINT64_LE (start + 16, 60000);
      put (out, ok, strlen (ok));
      put_chunk (out, WMSP_CHUNK_HEADER, 0, start, sizeof (start));
      /* 40 MB at most; the client is expected to hang up long before */
      for (i = 1; i < 10000; i++)
        if (!put_chunk (out, WMSP_CHUNK_HEADER, i, zeros, sizeof (zeros)))
          break;
      return;
    }
    case SERVE_ENDLESS_P:{
      guint8 f[WMSP_DATA_FRAME_SIZE], zeros[4000] = { 0, };
      guint i;

      put (out, ok, strlen (ok));
      wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 0, 0, sizeof (zeros));
      f[1] = 'P';
      /* 40 MB at most; the client is expected to hang up long before */
      for (i = 0; i < 10000; i++)
        if (!put (out, f, sizeof (f)) || !put (out, zeros, sizeof (zeros)))
          break;
      return;
    }
    case SERVE_END_ONLY:
      put (out, ok, strlen (ok));
      put_reason (out, WMSP_CHUNK_END, 0);
      return;
    case SERVE_HUGE_HEADER:{
      guint8 *big = g_malloc0 (60000);
      guint i;

      memcpy (big, h->data, h->len);
      GST_WRITE_UINT64_LE (big + 16, 10 * 1024 * 1024);
      put (out, ok, strlen (ok));
      for (i = 0; i < 10 * 1024 * 1024 / 60000 + 1; i++)
        if (!put_chunk (out, WMSP_CHUNK_HEADER, i, big, 60000))
          break;
      g_free (big);
      return;
    }
    default:
      break;
  }

  put (out, ok, strlen (ok));
  if (s->mode == SERVE_CHANGE && plays > 0 && !play)
    h = s->header;
  put_chunk (out, WMSP_CHUNK_HEADER, 0, h->data, h->len);
  if (!play)
    return;

  switch (s->mode) {
    case SERVE_CLOSE_MID_PACKET:{
      GByteArray *p = packet (0);
      guint8 f[WMSP_DATA_FRAME_SIZE];

      put_packets (out, 3, 0);
      wmsp_write_data_frame (f, WMSP_CHUNK_DATA, 3, 0, p->len);
      put (out, f, sizeof (f));
      put (out, p->data, p->len / 2);
      g_byte_array_unref (p);
      return;
    }
    case SERVE_CHANGE:{
      GByteArray *h2 = g_byte_array_new ();

      /* the same streams, another File ID */
      g_byte_array_append (h2, h->data, h->len);
      memset (h2->data + 30 + 24, 0x77, 16);
      put_packets (out, s->n_packets, 0);
      put_reason (out, WMSP_CHUNK_END, 1);
      put_reason (out, WMSP_CHUNK_CHANGE, 0);
      put_chunk (out, WMSP_CHUNK_HEADER, 0, h2->data, h2->len);
      put_packets (out, s->n_packets, s->n_packets);
      put_reason (out, WMSP_CHUNK_END, 0);
      g_byte_array_unref (h2);
      return;
    }
    case SERVE_FLAKY:
      put_packets (out, s->n_packets, 0);
      if (plays == 1)
        return;                 /* closed without $E */
      put_reason (out, WMSP_CHUNK_END, 0);
      return;
    default:
      put_packets (out, s->n_packets, 0);
      put_reason (out, WMSP_CHUNK_END, 0);
      return;
  }
  (void) n;
}

static gpointer
server_thread (gpointer data)
{
  Server *s = data;
  GSocketConnection *conn;
  guint n = 0;

  while ((conn = g_socket_listener_accept (s->listener, NULL, s->cancel, NULL))) {
    serve (s, G_IO_STREAM (conn), n++);
    g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    g_object_unref (conn);
  }
  return NULL;
}

Server *
server_start (ServeMode mode, GByteArray * header)
{
  Server *s = g_new0 (Server, 1);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *addr = g_inet_socket_address_new (lo, 0), *bound = NULL;
  HeaderSpec spec = default_spec ();

  s->listener = g_socket_listener_new ();
  fail_unless (g_socket_listener_add_address (s->listener, addr,
          G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
          (GSocketAddress **) & bound, NULL));
  s->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  s->cancel = g_cancellable_new ();
  s->mode = mode;
  s->n_packets = 20;
  s->header = header ? g_byte_array_ref (header) : build_header (&spec);
  s->requests = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&s->lock);
  s->thread = g_thread_new ("crafted-server", server_thread, s);
  g_object_unref (bound);
  g_object_unref (addr);
  g_object_unref (lo);
  return s;
}

void
server_stop (Server * s)
{
  g_cancellable_cancel (s->cancel);
  g_socket_listener_close (s->listener);
  g_thread_join (s->thread);
  g_object_unref (s->listener);
  g_object_unref (s->cancel);
  g_byte_array_unref (s->header);
  g_ptr_array_unref (s->requests);
  g_mutex_clear (&s->lock);
  g_free (s);
}

gchar *
server_uri (Server * s)
{
  return g_strdup_printf ("mmsh://127.0.0.1:%u/", s->port);
}
