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

/* End to end: wmnetserversink serving ASF muxed elsewhere (wmasfmux,
 * gst-plugins-bad asfmux streamable=true, a tee with a filesink) and
 * relaying another server's plain-HTTP ASF (souphttpsrc), played by real
 * clients: FFmpeg (mmsh:// and http://), VLC, souphttpsrc ! asfdemux, and a
 * raw MS-WMSP client that looks at the chunks. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem */

#include <gst/check/gstcheck.h>
#include <gst/app/app.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestvlc.h"
#include "wmnetasfstream.h"
#include "wmspframing.h"

#define CLIENT_TIMEOUT 40

#define PLAY_REQUEST WMNET_TEST_VLC_PLAY ("")

/* A live WMV2 (320x240@25, a key frame every 2 s) + WMA2 (44.1 kHz mono)
 * broadcast: @mux (named m) ! wmnetserversink name=s on 127.0.0.1, port
 * 0; @sink_extra goes between the muxer and the server sink. */
#define LIVE_AV(mux, sink_extra) \
  "videotestsrc is-live=true pattern=ball ! " \
  "video/x-raw,width=320,height=240,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=400000 gop-size=50 ! queue ! " mux " name=m ! " \
  sink_extra "wmnetserversink name=s port=0 address=127.0.0.1 " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! " \
  "audioconvert ! avenc_wmav2 ! queue ! m."

/* ------------------------------------------------------------------------ */
/* peers */

/* ffmpeg -f framecrc prints one line per decoded frame, "STREAM, DTS, ..."
 * after a "#tb STREAM: NUM/DEN" line per stream. Frames of stream 0 whose
 * DTS is at least @video_from_ms count into @video_late. */
static void
count_frames (const gchar * out, guint * video, guint * audio,
    gint64 video_from_ms, guint * video_late)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  gint tb_num = 1, tb_den = 1000;
  guint i;

  *video = 0;
  *audio = 0;
  if (video_late)
    *video_late = 0;
  for (i = 0; lines[i]; i++) {
    if (g_str_has_prefix (lines[i], "#tb 0: ")) {
      sscanf (lines[i] + 7, "%d/%d", &tb_num, &tb_den);
    } else if (g_str_has_prefix (lines[i], "0,")) {
      gint64 dts = g_ascii_strtoll (lines[i] + 2, NULL, 10);

      (*video)++;
      if (video_late && dts * tb_num * 1000 / tb_den >= video_from_ms)
        (*video_late)++;
    } else if (g_str_has_prefix (lines[i], "1,")) {
      (*audio)++;
    }
  }
  g_strfreev (lines);
}

static GSubprocess *
spawn_ffmpeg (const gchar * url, guint seconds)
{
  gchar *t = g_strdup_printf ("%u", seconds);
  const gchar *with_t[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", t, "-f", "framecrc", "-", NULL
  };
  const gchar *to_end[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-f", "framecrc", "-", NULL
  };
  GSubprocess *proc;

  wmnet_test_require_program ("ffmpeg");
  proc = wmnet_test_spawn (seconds ? with_t : to_end);
  g_free (t);
  return proc;
}

/* Waits for an FFmpeg of spawn_ffmpeg(): it must end well and print
 * nothing on stderr (-v error: a clean decode is silent), unless @err_out
 * takes what it printed for the caller to judge. */
static void
finish_ffmpeg (GSubprocess * proc, const gchar * url, guint * video,
    guint * audio, gint64 video_from_ms, guint * video_late, gchar ** err_out)
{
  gchar *out = NULL, *err = NULL;
  gint status;

  fail_unless (wmnet_test_wait (proc, CLIENT_TIMEOUT, &status, &out, &err),
      "ffmpeg on %s did not finish in %u s", url, CLIENT_TIMEOUT);
  fail_unless_equals_int (status, 0);
  if (err_out)
    *err_out = g_strdup (err);
  else
    fail_unless (err[0] == '\0', "ffmpeg printed errors for %s:\n%s", url, err);
  count_frames (out, video, audio, video_from_ms, video_late);
  GST_INFO ("%s: %u video frames, %u audio frames", url, *video, *audio);
  g_object_unref (proc);
  g_free (out);
  g_free (err);
}

/* About @seconds of the live test broadcast, both streams decoded. */
static void
check_ffmpeg_frames (const gchar * url, guint seconds, guint video, guint audio)
{
  /* 25 frames/s; fast start may add up to a GOP (2 s) */
  fail_unless (video >= seconds * 25 - 15 && video <= seconds * 25 + 60,
      "%s: %u video frames in %u s", url, video, seconds);
  /* WMA2 at 44.1 kHz: 2048 samples a frame, ~21.5 frames/s */
  fail_unless (audio >= seconds * 18, "%s: %u audio frames in %u s", url,
      audio, seconds);
}

static void
play_with_ffmpeg (const gchar * scheme, guint port, guint seconds)
{
  gchar *url = g_strdup_printf ("%s://127.0.0.1:%u/", scheme, port);
  guint video, audio;

  finish_ffmpeg (spawn_ffmpeg (url, seconds), url, &video, &audio, 0, NULL,
      NULL);
  check_ffmpeg_frames (url, seconds, video, audio);
  g_free (url);
}

/* souphttpsrc ! asfdemux in this process for @seconds: decoded video and
 * audio buffers arrive. */
static void
play_with_souphttpsrc (guint port, guint seconds)
{
  gint video, audio;

  wmnet_test_play_souphttpsrc (port, seconds, &video, &audio);
  fail_unless (video >= (gint) seconds * 15, "%d video frames", video);
  fail_unless (audio >= (gint) seconds * 10, "%d audio buffers", audio);
}

/* ------------------------------------------------------------------------ */
/* a raw MS-WMSP play client */

typedef struct
{
  WmspChunkType type;
  guint32 reason;               /* $E, $C */
  const guint8 *payload;        /* $H, $D: into the received bytes */
  gsize len;
} Chunk;

/* Splits a play response (status line and headers included) into its
 * complete chunks; a chunk cut by the end of @all is left out. */
static GArray *
parse_chunks (GByteArray * all)
{
  GArray *chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));
  guint8 *body = memmem (all->data, all->len, "\r\n\r\n", 4);
  gsize off;

  fail_unless (body != NULL, "no response head in %u bytes", all->len);
  fail_unless (memmem (all->data, body - all->data, " 200 ", 5) != NULL,
      "not a 200: %.*s", (int) (body - all->data), all->data);
  off = body + 4 - all->data;
  while (off < all->len) {
    WmspChunk c;
    gssize fl = wmsp_parse_chunk (all->data + off, all->len - off, &c);
    Chunk k = { 0, };

    fail_unless (fl >= 0, "bad chunk at %" G_GSIZE_FORMAT, off);
    if (fl == 0 || off + fl + c.payload_len > all->len)
      break;
    k.type = c.type;
    k.reason = c.reason;
    k.payload = all->data + off + fl;
    k.len = c.payload_len;
    g_array_append_val (chunks, k);
    off += fl + c.payload_len;
  }
  return chunks;
}

static GSocket *
wmsp_play (guint port)
{
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);

  fail_unless (sock != NULL
      && wmnet_test_send_all (sock, PLAY_REQUEST, strlen (PLAY_REQUEST)));
  return sock;
}

/* ------------------------------------------------------------------------ */
/* 1. wmasfmux ! wmnetserversink: FFmpeg (mmsh, http), VLC and souphttpsrc
 * play it, all at once */

GST_START_TEST (test_wmasfmux_all_clients)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LIVE_AV ("wmasfmux", ""),
      &port);
  gchar *mmsh = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gchar *http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  GSubprocess *ff_mmsh = spawn_ffmpeg (mmsh, 4);
  GSubprocess *ff_http = spawn_ffmpeg (http, 4);
  WmnetTestVlc *vlc = wmnet_test_vlc_spawn (port, 5);
  guint video, audio;

  play_with_souphttpsrc (port, 4);
  finish_ffmpeg (ff_mmsh, mmsh, &video, &audio, 0, NULL, NULL);
  check_ffmpeg_frames (mmsh, 4, video, audio);
  finish_ffmpeg (ff_http, http, &video, &audio, 0, NULL, NULL);
  check_ffmpeg_frames (http, 4, video, audio);
  wmnet_test_vlc_finish (vlc, 50, 40);

  g_free (mmsh);
  g_free (http);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* 2. gst-plugins-bad asfmux streamable=true ! wmnetserversink */

/* asfmux (1.22) interleaves and writes buffer timestamps as they come, not
 * running times; the libav video encoders put theirs 1000 hours into a
 * segment that starts there (GstVideoEncoder min-pts), so live it holds the
 * video back while the audio flows and no player shows video: the docs no
 * longer offer that pipeline (docs/wmnetserversink.md, design D56). What
 * they still take is asfmux's packet form, with inputs whose timestamps
 * are running times: on the encoder's output, timestamps become running
 * times and the segment starts at 0. */
static GstPadProbeReturn
to_running_time (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstSegment *segment = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
    GstSegment zero;

    if (GST_EVENT_TYPE (event) != GST_EVENT_SEGMENT)
      return GST_PAD_PROBE_OK;
    gst_event_copy_segment (event, segment);
    gst_segment_init (&zero, GST_FORMAT_TIME);
    gst_event_unref (event);
    GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_segment (&zero);
  } else {
    GstBuffer *buf = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER
        (info));

    GST_BUFFER_PTS (buf) = gst_segment_to_running_time (segment,
        GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
    GST_BUFFER_DTS (buf) = gst_segment_to_running_time (segment,
        GST_FORMAT_TIME, GST_BUFFER_DTS (buf));
    GST_PAD_PROBE_INFO_DATA (info) = buf;
  }
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_asfmux_streamable_ffmpeg)
{
  GstSegment segment;
  GstElement *p, *venc;
  GstPad *pad;
  GstStructure *s;
  guint port;

  fail_unless (gst_registry_check_feature_version (gst_registry_get (),
          "asfmux", 1, 0, 0), "gst-plugins-bad asfmux is not installed");
  p = gst_parse_launch (LIVE_AV ("asfmux streamable=true", ""), NULL);
  fail_unless (p != NULL);
  {
    GstIterator *it = gst_bin_iterate_all_by_element_factory_name (GST_BIN
        (p), "avenc_wmv2");
    GValue v = G_VALUE_INIT;

    fail_unless_equals_int (gst_iterator_next (it, &v), GST_ITERATOR_OK);
    venc = g_value_dup_object (&v);
    g_value_unset (&v);
    gst_iterator_free (it);
  }
  gst_segment_init (&segment, GST_FORMAT_TIME);
  pad = gst_element_get_static_pad (venc, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, to_running_time, &segment, NULL);
  gst_object_unref (pad);
  gst_object_unref (venc);

  fail_if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  s = wmnet_test_pop_element_message (p, "wmnetsink-listening", 10000);
  fail_unless (s != NULL && gst_structure_get_uint (s, "port", &port));
  gst_structure_free (s);

  play_with_ffmpeg ("mmsh", port, 3);
  play_with_ffmpeg ("http", port, 3);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* The pipeline the docs no longer offer, as a user would run it: asfmux
 * sends no video while the audio flows. The sink says so, once, naming
 * the video stream, after 10 s of packets; the broadcast goes on. */
GST_START_TEST (test_asfmux_libav_video_missing)
{
  GstElement *p;
  GstBus *bus;
  GstMessage *msg;
  GError *error = NULL;
  gchar *dbg = NULL;
  guint port;

  fail_unless (gst_registry_check_feature_version (gst_registry_get (),
          "asfmux", 1, 0, 0), "gst-plugins-bad asfmux is not installed");
  p = wmnet_test_start_pipeline (LIVE_AV ("asfmux streamable=true", ""), &port);
  bus = gst_element_get_bus (p);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL, "no warning in 30 s");
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_WARNING);
  fail_unless_equals_string (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "s");
  gst_message_parse_warning (msg, &error, &dbg);
  GST_INFO ("%s (%s)", error->message, dbg);
  fail_unless (g_str_has_prefix (error->message, "Video stream 1 of the ASF "
          "header has no payload in 10."), "%s", error->message);
  fail_unless (strstr (dbg, "asfmux") != NULL, "%s", dbg);
  g_error_free (error);
  g_free (dbg);
  gst_message_unref (msg);
  fail_unless (wmnet_test_num_clients (p) == 0);
  gst_object_unref (bus);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* 3. relay: souphttpsrc of a wmnetsink broadcast ! wmnetserversink */

static GstElement *
start_relay (guint origin_port, guint * port)
{
  gchar *desc = g_strdup_printf ("souphttpsrc "
      "location=http://127.0.0.1:%u/ is-live=true ! "
      "wmnetserversink name=s port=0 address=127.0.0.1", origin_port);
  GstElement *relay = wmnet_test_start_pipeline (desc, port);

  g_free (desc);
  return relay;
}

GST_START_TEST (test_relay)
{
  guint origin_port, port, i, n_data = 0;
  GstElement *origin = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      (""), &origin_port);
  GstElement *relay = start_relay (origin_port, &port);
  GPtrArray *clients;
  GSocket *sock;
  GByteArray *got;
  GArray *chunks;
  WmAsfHeaderInfo info;
  guint32 first_ms = G_MAXUINT32, last_ms = 0;
  gint64 start;
  const gchar *ua;

  /* the relay is the origin's one client, a plain-HTTP one */
  fail_unless (wmnet_test_wait_num_clients (origin, 1, 5000));
  clients = wmnet_test_get_clients (origin);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (clients, 0), "protocol"), "http");
  g_ptr_array_unref (clients);

  /* FFmpeg plays the relay over MS-WMSP */
  play_with_ffmpeg ("mmsh", port, 4);

  /* fast start at the edge: a player joining the relay gets the header
   * and a burst of seconds of stream at once, not at the live rate */
  fail_unless (wmnet_test_wait_num_clients (relay, 0, 5000));
  start = g_get_monotonic_time ();
  sock = wmsp_play (port);
  got = wmnet_test_recv (sock, G_MAXSIZE, 1500);
  chunks = parse_chunks (got);
  fail_unless (chunks->len > 0);
  fail_unless_equals_int (g_array_index (chunks, Chunk, 0).type,
      WMSP_CHUNK_HEADER);
  fail_unless (wmasf_header_parse (g_array_index (chunks, Chunk,
              0).payload, g_array_index (chunks, Chunk, 0).len, &info, NULL));
  for (i = 1; i < chunks->len; i++) {
    Chunk *c = &g_array_index (chunks, Chunk, i);
    WmAsfPacketInfo pi;

    fail_unless_equals_int (c->type, WMSP_CHUNK_DATA);
    fail_unless (wmasf_packet_parse (&info, c->payload, c->len, &pi),
        "packet %u does not parse", i);
    if (n_data++ == 0)
      fail_unless (wmasf_packet_is_key (&info, c->payload, c->len),
          "the burst does not start at a key packet");
    first_ms = MIN (first_ms, pi.send_time_ms);
    last_ms = MAX (last_ms, pi.send_time_ms);
  }
  GST_INFO ("relay burst: %u packets, %u ms of stream within %.0f ms",
      n_data, last_ms - first_ms, (g_get_monotonic_time () - start) / 1e3);
  /* the header's preroll (3 s) back: more than the 1.5 s of waiting could
   * bring at the live rate */
  fail_unless (n_data > 0 && last_ms - first_ms >= 2000,
      "%u packets, %u ms of stream in 1.5 s", n_data, last_ms - first_ms);

  /* and the relay lists it */
  clients = wmnet_test_get_clients (relay);
  fail_unless_equals_int (clients->len, 1);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (clients, 0), "protocol"), "wmsp");
  ua = gst_structure_get_string (g_ptr_array_index (clients, 0), "user-agent");
  fail_unless (g_str_has_prefix (ua, "NSPlayer/"), "user-agent %s", ua);
  g_ptr_array_unref (clients);

  g_array_unref (chunks);
  g_byte_array_unref (got);
  g_object_unref (sock);
  fail_unless (wmnet_test_wait_num_clients (relay, 0, 5000));
  wmnet_test_stop_pipeline (relay);
  wmnet_test_stop_pipeline (origin);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* 4. a header change in a byte stream */

/* @seconds of the test streams muxed by wmasfmux into @file, not live,
 * their times starting at @offset_s; in the broadcast layout (a byte stream
 * of packets to its end, as a live recording is), not as an indexed file */
static void
record_asf (const gchar * file, guint seconds, guint offset_s)
{
  gint64 offset = offset_s * GST_SECOND;
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=%u "
      "timestamp-offset=%" G_GINT64_FORMAT " pattern=ball ! "
      "video/x-raw,width=320,height=240,framerate=25/1 ! "
      "avenc_wmv2 bitrate=400000 gop-size=25 ! queue ! "
      "wmasfmux name=m streamable=true ! filesink location=%s "
      "audiotestsrc num-buffers=%u "
      "timestamp-offset=%" G_GINT64_FORMAT " ! "
      "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! "
      "queue ! m.", seconds * 25, offset, file, seconds * 44100 / 1024,
      offset);

  wmnet_test_run_to_eos (desc, 30);
  g_free (desc);
}

/* Pushes @data in pieces of an odd size, so that they cut headers and
 * packets anywhere. */
static void
push_bytes (GstAppSrc * src, const gchar * data, gsize len)
{
  gsize off;

  for (off = 0; off < len; off += 1777) {
    gsize n = MIN (1777, len - off);

    fail_unless_equals_int (gst_app_src_push_buffer (src,
            gst_buffer_new_memdup (data + off, n)), GST_FLOW_OK);
  }
}

/* appsrc (ASF bytes) ! wmnetserversink name=s on 127.0.0.1, port 0, with
 * @extra properties: the started pipeline, its port and its appsrc (a
 * reference). */
static GstElement *
start_bytes_sink (const gchar * extra, guint * port, GstElement ** src)
{
  gchar *desc = g_strdup_printf ("appsrc name=src caps=video/x-ms-asf "
      "format=bytes ! wmnetserversink name=s port=0 address=127.0.0.1 %s",
      extra);
  GstElement *p = wmnet_test_start_pipeline (desc, port);

  *src = gst_bin_get_by_name (GST_BIN (p), "src");
  fail_unless (*src != NULL);
  g_free (desc);
  return p;
}

/* FFmpeg read on through a header change: its mmsh client logs "Stream
 * ended!" at every $E, reason 1 too, and returns EIO for it
 * (libavformat/mmsh.c, handle_chunk_type), then reads the $C and the new
 * $H; its ASF demuxer then resyncs at the next packet. Those lines are all
 * it may print, and it decoded frames on both sides of the change. */
static void
check_ffmpeg_across_change (const gchar * ff_err, guint video, guint video_late)
{
  gchar **lines = g_strsplit (ff_err, "\n", -1);
  guint i, ended = 0;

  for (i = 0; lines[i]; i++) {
    if (!strcmp (lines[i], "Stream ended!"))
      ended++;
    else
      fail_unless (lines[i][0] == '\0' || g_str_has_prefix (lines[i],
              "[asf @ "), "ffmpeg: %s", ff_err);
  }
  fail_unless_equals_int (ended, 1);
  g_strfreev (lines);
  fail_unless (video_late >= 25, "%u video frames after the change",
      video_late);
  fail_unless (video - video_late >= 25, "%u video frames before it",
      video - video_late);
}

/* A recording (record_asf) read whole, its header parsed */
typedef struct
{
  gchar *data;
  gsize len;
  WmAsfHeaderInfo info;
  gsize head_len;               /* the header and the Data Object's */
} Recording;

static void
recording_make (Recording * r, guint seconds, guint offset_s)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "rec.asf", NULL);

  record_asf (file, seconds, offset_s);
  fail_unless (g_file_get_contents (file, &r->data, &r->len, NULL));
  fail_unless (wmasf_header_parse ((guint8 *) r->data, r->len, &r->info, NULL));
  r->head_len = r->info.header_size + WMASF_DATA_OBJECT_HEADER_SIZE;
  wmnet_test_remove_dir (dir);
  g_free (file);
  g_free (dir);
}

/* Two recordings of 4 s: the same streams under another header (a new
 * File ID), the second one's times following the first's. */
static void
header_change_make (Recording rec[2])
{
  recording_make (&rec[0], 4, 0);
  recording_make (&rec[1], 4, 4);
}

static void
header_change_clear (Recording rec[2])
{
  g_free (rec[0].data);
  g_free (rec[1].data);
}

/* What the raw player @sock of the two recordings gets to its close: $H,
 * $D..., $E(1), $C, the second header, its $D..., $E(0). With @whole, the
 * first $H is the first header and every later $D a whole packet of the
 * second recording. Counts the $D before and after the change. */
static void
check_change_chunks (GSocket * sock, const Recording rec[2],
    gboolean whole, guint * n_before, guint * n_after)
{
  GByteArray *got = wmnet_test_recv (sock, G_MAXSIZE, 15000);
  GArray *chunks = parse_chunks (got);
  guint i, state = 0;

  *n_before = *n_after = 0;
  /* states: 0 and 3 a header, 1 and 4 its packets until $E, 2 the $C */
  for (i = 0; i < chunks->len; i++) {
    Chunk *c = &g_array_index (chunks, Chunk, i);
    const Recording *r = &rec[state / 3];

    if (state == 0 || state == 3) {
      fail_unless_equals_int (c->type, WMSP_CHUNK_HEADER);
      fail_unless ((state == 0 && !whole) || (c->len == r->head_len
              && memcmp (c->payload, r->data, c->len) == 0),
          "$H %u is not header %u", state / 3 + 1, state / 3 + 1);
      state++;
    } else if ((state == 1 || state == 4) && c->type == WMSP_CHUNK_DATA) {
      if (state == 4 && whole)
        fail_unless_equals_int (c->len, r->info.packet_size);
      (*(state == 1 ? n_before : n_after))++;
    } else if (state == 1 || state == 4) {
      /* the first stream's end is a change, the second's the end */
      fail_unless_equals_int (c->type, WMSP_CHUNK_END);
      fail_unless_equals_int (c->reason, state == 1 ? WMSP_REASON_CHANGE :
          WMSP_REASON_EOS);
      state++;
    } else if (state == 2) {
      fail_unless_equals_int (c->type, WMSP_CHUNK_CHANGE);
      state++;
    } else {
      fail ("chunk '%c' after the end of the stream", c->type);
    }
  }
  fail_unless_equals_int (state, 5);
  g_array_unref (chunks);
  g_byte_array_unref (got);
}

GST_START_TEST (test_byte_stream_header_change)
{
  Recording rec[2];
  gsize n_packets2;
  guint port, n_before, n_after;
  guint video, audio, video_late;
  gchar *ff_err = NULL, *url;
  GstElement *p, *src;
  GSubprocess *ffmpeg;
  GSocket *sock;

  header_change_make (rec);
  fail_if (rec[0].head_len == rec[1].head_len
      && memcmp (rec[0].data, rec[1].data, rec[0].head_len) == 0);
  n_packets2 = (rec[1].len - rec[1].head_len) / rec[1].info.packet_size;
  fail_unless_equals_int ((rec[1].len - rec[1].head_len)
      % rec[1].info.packet_size, 0);

  p = start_bytes_sink ("max-clients=0", &port, &src);

  /* the first stream, then a raw MS-WMSP client and FFmpeg join */
  push_bytes (GST_APP_SRC (src), rec[0].data, rec[0].len);
  sock = wmsp_play (port);
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  ffmpeg = spawn_ffmpeg (url, 6);
  fail_unless (wmnet_test_wait_num_clients (p, 2, 10000));
  /* both have the header and a few packets of the first stream */
  fail_unless (wmnet_test_wait_sent (p,
          rec[0].head_len + 4 * rec[0].info.packet_size, 10000));

  /* the second header and its packets, then the end */
  push_bytes (GST_APP_SRC (src), rec[1].data, rec[1].len);
  fail_unless_equals_int (gst_app_src_end_of_stream (GST_APP_SRC (src)),
      GST_FLOW_OK);

  /* the raw client: $H, $D..., $E(1), $C, the new $H, all of its $D,
   * $E(0), then the close */
  check_change_chunks (sock, rec, TRUE, &n_before, &n_after);
  GST_INFO ("raw client: %u packets, header change, %u packets of %"
      G_GSIZE_FORMAT, n_before, n_after, n_packets2);
  fail_unless (n_before > 0);
  /* every packet after the change, none lost */
  fail_unless_equals_int (n_after, n_packets2);

  /* FFmpeg reads on through the change: frames of the second stream
   * (times from 4 s) */
  finish_ffmpeg (ffmpeg, url, &video, &audio, 4000, &video_late, &ff_err);
  GST_INFO ("ffmpeg: %u video frames, %u from the second header, %u audio "
      "frames; stderr:\n%s", video, video_late, audio, ff_err);
  /* -t 6 stops it before the end of the second stream */
  check_ffmpeg_across_change (ff_err, video, video_late);
  fail_unless (audio >= 100, "%u audio frames", audio);

  g_object_unref (sock);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (p);
  header_change_clear (rec);
  g_free (url);
  g_free (ff_err);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* 5. wmasfmux ! tee: a wmnetserversink and a filesink at once */

static gint64
file_size (const gchar * file)
{
  GStatBuf st;

  return g_stat (file, &st) == 0 ? st.st_size : -1;
}

typedef struct
{
  const gchar *file;
  gint64 size;
} FileGrowth;

static gboolean
file_grew (gpointer data)
{
  FileGrowth *g = data;

  return file_size (g->file) > g->size;
}

GST_START_TEST (test_tee_server_and_file)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "saved.asf", NULL);
  /* 6 s of live stream, then EOS */
  gchar *desc = g_strdup_printf ("videotestsrc is-live=true num-buffers=150 "
      "pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 ! "
      "avenc_wmv2 bitrate=400000 gop-size=25 ! queue ! wmasfmux name=m ! "
      "tee name=t ! queue ! wmnetserversink name=s port=0 "
      "address=127.0.0.1 t. ! queue ! filesink buffer-mode=unbuffered location=%s "
      "audiotestsrc is-live=true num-buffers=258 ! "
      "audio/x-raw,rate=44100,channels=1 ! audioconvert ! avenc_wmav2 ! "
      "queue ! m.", file);
  guint port, video, audio;
  GstElement *p = wmnet_test_start_pipeline (desc, &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  GSubprocess *ffmpeg = spawn_ffmpeg (url, 3);
  const gchar *decode[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
    "-f", "framecrc", "-", NULL
  };
  gint64 size1, size2;
  FileGrowth grow;
  const WmnetTestProbeField want[] = {
    {0, "codec_name", "wmv2"}, {1, "codec_name", "wmav2"},
  };
  gchar *out = NULL, *err = NULL;
  GstBus *bus;
  GstMessage *msg;
  gint status;

  /* the file grows while the broadcast plays: it has the header, then
   * 10 kB more before the end of the stream */
  grow.file = file;
  grow.size = 0;
  fail_unless (wmnet_test_wait_until (file_grew, &grow, 10000),
      "nothing written to the file");
  size1 = file_size (file);
  grow.size = size1 + 10000;
  fail_unless (wmnet_test_wait_until (file_grew, &grow, 10000),
      "the file stayed at %" G_GINT64_FORMAT " bytes", size1);
  size2 = file_size (file);
  bus = gst_element_get_bus (p);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS);
  fail_unless (msg == NULL, "the file grew only at the end of the stream");
  gst_object_unref (bus);
  GST_INFO ("file: %" G_GINT64_FORMAT " then %" G_GINT64_FORMAT " bytes",
      size1, size2);

  finish_ffmpeg (ffmpeg, url, &video, &audio, 0, NULL, NULL);
  check_ffmpeg_frames (url, 3, video, audio);

  /* the end of the stream reaches the bus */
  fail_unless (wmnet_test_wait_eos (p, 20), "no EOS");
  wmnet_test_stop_pipeline (p);

  /* the file is ASF with both streams, and decodes whole without error */
  wmnet_test_assert_ffprobe_streams (file, 2, want, G_N_ELEMENTS (want),
      CLIENT_TIMEOUT);

  fail_unless (wmnet_test_run (decode, CLIENT_TIMEOUT, &status, &out, &err));
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "decoding the file: %s", err);
  count_frames (out, &video, &audio, 0, NULL);
  GST_INFO ("file: %u video, %u audio frames", video, audio);
  /* all 150 frames (6 s), the audio of 6 s */
  fail_unless (video >= 145 && video <= 150, "%u video frames", video);
  fail_unless (audio >= 120, "%u audio frames", audio);
  g_free (out);
  g_free (err);

  wmnet_test_remove_dir (dir);
  g_free (url);
  g_free (desc);
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* 6. input that is not ASF, or not a whole header */

/* The first of the messages @types on @bus within @timeout_s: a @want
 * (error or warning) from the sink "s"; returns its GError, its debug text
 * in *@dbg. */
static GError *
pop_sink_message (GstBus * bus, GstMessageType types, GstMessageType want,
    guint timeout_s, gchar ** dbg)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout_s * GST_SECOND,
      types);
  GError *error = NULL;

  fail_unless (msg != NULL, "no %s in %u s", gst_message_type_get_name (want),
      timeout_s);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), want);
  fail_unless_equals_string (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "s");
  if (want == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &error, dbg);
  else
    gst_message_parse_warning (msg, &error, dbg);
  gst_message_unref (msg);
  return error;
}

/* @len bytes of @data, then EOS, into a wmnetserversink: an error from it
 * in the STREAM domain with @code and @needle in its debug text, never an
 * EOS. */
static void
expect_input_error (const gchar * data, gsize len, gint code,
    const gchar * needle)
{
  guint port;
  GstElement *src;
  GstElement *p = start_bytes_sink ("", &port, &src);
  GstBus *bus = gst_element_get_bus (p);
  GError *error;
  gchar *dbg = NULL;

  push_bytes (GST_APP_SRC (src), data, len);
  fail_unless_equals_int (gst_app_src_end_of_stream (GST_APP_SRC (src)),
      GST_FLOW_OK);
  error = pop_sink_message (bus, GST_MESSAGE_ERROR | GST_MESSAGE_EOS,
      GST_MESSAGE_ERROR, 10, &dbg);
  GST_INFO ("error: %s (%s)", error->message, dbg);
  fail_unless (error->domain == GST_STREAM_ERROR, "%s",
      g_quark_to_string (error->domain));
  fail_unless_equals_int (error->code, code);
  fail_unless (strstr (dbg, needle) != NULL, "'%s' does not say '%s'", dbg,
      needle);
  g_error_free (error);
  g_free (dbg);
  gst_object_unref (bus);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (p);
}

GST_START_TEST (test_not_asf)
{
  /* 256 KiB of random bytes: more than the 64 KiB of junk looked through
   * for a Header Object */
  gchar *junk = g_malloc (256 * 1024);
  GRand *rand = g_rand_new_with_seed (24);
  guint i;

  for (i = 0; i < 256 * 1024; i++)
    junk[i] = g_rand_int_range (rand, 0, 256);
  expect_input_error (junk, 256 * 1024, GST_STREAM_ERROR_DEMUX,
      "no ASF Header Object in the first");
  g_rand_free (rand);
  g_free (junk);
}

GST_END_TEST;

/* Less than the 64 KiB looked through, then EOS: an error too. */
GST_START_TEST (test_short_text_input)
{
  GString *text = g_string_new (NULL);

  while (text->len < 12 * 1024)
    g_string_append (text, "This is a text file, not Advanced Systems "
        "Format.\n");
  expect_input_error (text->str, text->len, GST_STREAM_ERROR_WRONG_TYPE,
      "without an ASF Header Object");
  g_string_free (text, TRUE);
}

GST_END_TEST;

/* A recording cut inside its Header Object. */
GST_START_TEST (test_truncated_header)
{
  Recording r;

  recording_make (&r, 1, 0);
  expect_input_error (r.data, r.info.header_size / 2, GST_STREAM_ERROR_DECODE,
      "ends inside its ASF header");
  g_free (r.data);
}

GST_END_TEST;

/* A header and then nothing (a muxer upstream waiting for ever): one
 * warning from the sink, 10 s after the header, naming the cause. */
GST_START_TEST (test_header_without_packets)
{
  Recording r;
  GstElement *p, *src;
  GstBus *bus;
  GstMessage *msg;
  GError *error;
  gchar *dbg = NULL;
  gint64 start;
  guint port;

  recording_make (&r, 12, 0);
  p = start_bytes_sink ("", &port, &src);
  bus = gst_element_get_bus (p);
  start = g_get_monotonic_time ();
  push_bytes (GST_APP_SRC (src), r.data, r.head_len);

  error = pop_sink_message (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR,
      GST_MESSAGE_WARNING, 20, &dbg);
  GST_INFO ("after %.1f s: %s (%s)", (g_get_monotonic_time () - start) / 1e6,
      error->message, dbg);
  fail_unless (g_get_monotonic_time () - start >= 10 * G_USEC_PER_SEC);
  fail_unless (strstr (error->message, "No ASF data packet 10 s after the "
          "header") != NULL, "%s", error->message);
  fail_unless (strstr (dbg, "muxer") != NULL, "%s", dbg);
  g_error_free (error);
  g_free (dbg);

  /* once: the packets that follow (12 s of them) play, with no second
   * warning, nor one of a missing video stream */
  push_bytes (GST_APP_SRC (src), r.data + r.head_len, r.len - r.head_len);
  fail_unless_equals_int (gst_app_src_end_of_stream (GST_APP_SRC (src)),
      GST_FLOW_OK);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);

  gst_object_unref (bus);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (p);
  g_free (r.data);
}

GST_END_TEST;

/* 4b. an origin's header change through a souphttpsrc relay. The origin
 * ends its plain-HTTP clients' stream at a header change (unframed ASF
 * cannot announce one), so the relay's souphttpsrc gets EOS; left alone
 * the relay ends too and its players get $E(0). A relay that reconnects
 * (here: an EOS probe that restarts souphttpsrc, once) reads the new
 * header first, and its MS-WMSP players get $E(1) $C $H and play on. The
 * origin is a wmnetserversink fed the byte stream of two recordings: the
 * server code that ends plain clients at a header change is the one
 * wmnetsink uses. */

static gpointer
restart_source (gpointer user_data)
{
  GstElement *src = user_data;

  gst_element_set_state (src, GST_STATE_NULL);
  gst_element_sync_state_with_parent (src);
  gst_object_unref (src);
  return NULL;
}

static gboolean
reconnected (gpointer data)
{
  return g_atomic_int_get ((gint *) data) != 0;
}

static GstPadProbeReturn
reconnect_on_eos (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  gint *reconnects = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS
      || !g_atomic_int_compare_and_exchange (reconnects, 0, 1))
    return GST_PAD_PROBE_OK;
  g_thread_unref (g_thread_new ("reconnect", restart_source,
          gst_pad_get_parent_element (pad)));
  return GST_PAD_PROBE_DROP;
}

GST_START_TEST (test_relay_origin_header_change)
{
  Recording rec[2];
  gchar *url, *ff_err = NULL;
  guint oport, port, n_before, n_after;
  guint video, audio, video_late;
  gint reconnects = 0;
  GstElement *origin, *osrc, *relay, *rsrc;
  GSubprocess *ffmpeg;
  GstPad *pad;
  GSocket *sock;

  header_change_make (rec);
  origin = start_bytes_sink ("", &oport, &osrc);
  push_bytes (GST_APP_SRC (osrc), rec[0].data, rec[0].len);

  relay = start_relay (oport, &port);
  rsrc = gst_bin_get_by_name (GST_BIN (relay), "souphttpsrc0");
  fail_unless (rsrc != NULL);
  pad = gst_element_get_static_pad (rsrc, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      reconnect_on_eos, &reconnects, NULL);
  gst_object_unref (pad);
  fail_unless (wmnet_test_wait_num_clients (origin, 1, 5000));

  /* a raw MS-WMSP player and FFmpeg join the relay */
  sock = wmsp_play (port);
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  ffmpeg = spawn_ffmpeg (url, 6);
  fail_unless (wmnet_test_wait_num_clients (relay, 2, 10000));
  /* both are streaming: 16 KiB each */
  fail_unless (wmnet_test_wait_sent (relay, 16384, 10000));

  /* the origin's header changes: the relay loses its stream, reconnects */
  push_bytes (GST_APP_SRC (osrc), rec[1].data, rec[1].len);
  wmnet_test_wait_until (reconnected, &reconnects, 5000);
  fail_unless_equals_int (g_atomic_int_get (&reconnects), 1);
  fail_unless (wmnet_test_wait_num_clients (origin, 1, 5000));

  /* FFmpeg played on through the change on the relay */
  finish_ffmpeg (ffmpeg, url, &video, &audio, 4000, &video_late, &ff_err);
  GST_INFO ("ffmpeg on the relay: %u video frames, %u from the second "
      "header, %u audio frames; stderr:\n%s", video, video_late, audio, ff_err);
  check_ffmpeg_across_change (ff_err, video, video_late);

  /* the origin ends; the relay passes that on */
  fail_unless_equals_int (gst_app_src_end_of_stream (GST_APP_SRC (osrc)),
      GST_FLOW_OK);

  /* the raw player: $H, $D..., $E(1), $C, the origin's new header, its
   * packets, $E(0) */
  check_change_chunks (sock, rec, FALSE, &n_before, &n_after);
  GST_INFO ("relay's raw player: %u packets, header change, %u packets",
      n_before, n_after);
  fail_unless (n_before > 0 && n_after > 0);

  g_object_unref (sock);
  gst_object_unref (rsrc);
  gst_object_unref (osrc);
  wmnet_test_stop_pipeline (relay);
  wmnet_test_stop_pipeline (origin);
  header_change_clear (rec);
  g_free (url);
  g_free (ff_err);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetserversink, 90,
    WMNET_TEST (test_wmasfmux_all_clients),
    WMNET_TEST (test_asfmux_streamable_ffmpeg),
    WMNET_TEST (test_asfmux_libav_video_missing),
    WMNET_TEST (test_relay),
    WMNET_TEST (test_byte_stream_header_change),
    WMNET_TEST (test_relay_origin_header_change),
    WMNET_TEST (test_tee_server_and_file),
    WMNET_TEST (test_not_asf),
    WMNET_TEST (test_short_text_input),
    WMNET_TEST (test_truncated_header),
    WMNET_TEST (test_header_without_packets));
