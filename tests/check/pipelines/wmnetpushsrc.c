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


/* End to end: what wmasfmux muxed (WMV and WMA from libav's encoders),
 * pushed to wmnetpushsrc by the raw-socket pusher of wmnettestpush (its
 * header as $H, each packet as a $D, then $E), comes out byte for byte,
 * and FFmpeg decodes what came out. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/wmasf/asfreader.h>
#include <string.h>

#include "wmnettestpush.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

static guint64
packets_out (GstElement * src)
{
  GstStructure *st;
  guint64 n = 0;

  g_object_get (src, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "packets", &n);
  gst_structure_free (st);
  return n;
}

/* how many packets the test pushed */
static guint64 pushed;

static gboolean
all_packets_out (gpointer src)
{
  return packets_out (src) >= pushed;
}

GST_START_TEST (test_wmasfmux_pushed)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *in = g_build_filename (dir, "in.asf", NULL);
  gchar *out = g_build_filename (dir, "out.asf", NULL);
  gchar *desc, *data, *copy, *id;
  gsize len, copy_len, hlen, off;
  WmAsfHeaderInfo info;
  GError *error = NULL;
  GstElement *pipeline, *src;
  GstBus *bus;
  GByteArray *body = g_byte_array_new ();
  GSocket *sock;
  gint port = -1;

  desc = g_strdup_printf ("videotestsrc num-buffers=50 pattern=ball ! "
      "video/x-raw,width=176,height=144,framerate=25/1 ! avenc_wmv2 ! "
      "queue ! wmasfmux name=m streamable=true ! filesink location=%s "
      "audiotestsrc num-buffers=86 ! audio/x-raw,rate=44100,channels=1 ! "
      "audioconvert ! avenc_wmav2 ! queue ! m.", in);
  wmnet_test_run_to_eos (desc, 60);
  g_free (desc);
  fail_unless (g_file_get_contents (in, &data, &len, NULL));
  fail_unless (wmasf_header_parse ((const guint8 *) data, len, &info,
          &error), "%s", error ? error->message : "");
  hlen = info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;

  desc = g_strdup_printf ("wmnetpushsrc name=src port=0 ! filesink "
      "location=%s", out);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  g_object_get (src, "current-port", &port, NULL);
  fail_unless (port > 0);

  sock = wmnet_test_push_connect (port, NULL);
  id = wmnet_test_push_setup (sock, "/");
  wmnet_test_push_put (body, 'H', (const guint8 *) data, hlen);
  pushed = 0;
  for (off = hlen; off + info.packet_size <= len; off += info.packet_size) {
    wmnet_test_push_put (body, 'D', (const guint8 *) data + off,
        info.packet_size);
    pushed++;
  }
  fail_unless (pushed > 10);
  wmnet_test_push_put_end (body, 0);
  wmnet_test_push_request (sock, "/", "pushstart", id, G_MAXINT32,
      body->data, body->len);
  wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-disconnected",
      "end");
  fail_unless (wmnet_test_wait_until (all_packets_out, src,
          WMNET_TEST_PUSH_WAIT_S * 1000), "%" G_GUINT64_FORMAT " of %"
      G_GUINT64_FORMAT " packets out", packets_out (src), pushed);
  /* the source never ends a broadcast itself: the application does */
  gst_element_send_event (pipeline, gst_event_new_eos ());
  fail_unless (wmnet_test_wait_eos (pipeline, WMNET_TEST_PUSH_WAIT_S));
  wmnet_test_stop_pipeline (pipeline);

  fail_unless (g_file_get_contents (out, &copy, &copy_len, NULL));
  fail_unless_equals_int (copy_len, hlen + pushed * info.packet_size);
  fail_unless (memcmp (copy, data, copy_len) == 0);
  wmnet_test_assert_ffmpeg_decodes (out);

  g_object_unref (sock);
  gst_object_unref (bus);
  gst_object_unref (src);
  g_byte_array_unref (body);
  wmnet_test_remove_dir (dir);
  g_free (id);
  g_free (data);
  g_free (copy);
  g_free (in);
  g_free (out);
  g_free (dir);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsrc_pipelines, 120,
    WMNET_TEST (test_wmasfmux_pushed));
