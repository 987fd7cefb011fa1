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

/* Stream selection and thinning end to end (docs/wmnetsink.md "Stream
 * selection, thinning and multiple bit rates"): requests as Windows Media
 * Player sends them ([MS-WMSP] section 4: a describe, then a play echoing
 * its client-id with stream-switch entries in hex) get only the payloads
 * of the streams they select, key frames only for a thinned stream, in
 * packets that parse as ASF of the header's packet size once padded back
 * (MS-WMSP $D packets without their padding); an audio-only listener's
 * byte rate is about the audio bit rate; the clients structures show the
 * selections. */

#define _GNU_SOURCE             /* memmem */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <string.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnetasfcut.h"
#include "wmspreader.h"
#include "wmnetselect.h"
#include <glib/gstdio.h>
#include <unistd.h>

#define NSPLAYER_UA "User-Agent: NSPlayer/9.0.0.2980\r\n"
#define GUID "Pragma: xClientGUID={3300AD50-2C39-46C0-AE0A-C4D98694D7B4}\r\n"

/* [MS-WMSP] 4.x: what Windows Media Player's describe sends */
#define DESCRIBE_REQUEST \
  "GET / HTTP/1.0\r\nAccept: */*\r\n" NSPLAYER_UA "Host: 127.0.0.1\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0," \
  "packet-num=4294967295,max-duration=0\r\n" GUID \
  "Connection: Close\r\n\r\n"

/* Seconds each listener reads. */
#define LISTEN_S 6

/* One play connection and what came over it. */
typedef struct
{
  GSocket *sock;
  WmspReader *reader;
  gboolean headed, ended;
  GByteArray *head;             /* the response head, until its end */
  guint64 body_bytes;
  guint packets, bad_packets;
  guint payloads[WMNET_ASF_MAX_STREAM + 1];
  guint key_payloads[WMNET_ASF_MAX_STREAM + 1];
  /* the first packet: the stream of its first payload and key-ness */
  gboolean first_seen, first_key;
  /* the video stream: whether a payload of it came, and whether the
   * first one started a key frame */
  guint video;
  gboolean video_seen, video_first_key;
} Listener;

/* A describe: the client-id it was answered, the header's facts and
 * (when @header) its bytes. */
static gchar *
describe_header (guint port, WmAsfHeaderInfo * info, GBytes ** header)
{
  GSocket *s = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *a;
  WmspReader *r = wmsp_reader_new ();
  GstBuffer *buf = NULL;
  gchar *head, *id, *p;
  guint8 *end;
  guint32 loc, reason;

  fail_unless (s != NULL);
  fail_unless (wmnet_test_send_all (s, DESCRIBE_REQUEST,
          strlen (DESCRIBE_REQUEST)));
  a = wmnet_test_recv (s, G_MAXSIZE, 10000);
  end = memmem (a->data, a->len, "\r\n\r\n", 4);
  fail_unless (end != NULL, "no describe answer");
  head = g_strndup ((gchar *) a->data, end - a->data);
  fail_unless (g_str_has_prefix (head, "HTTP/1.0 200"), "%s", head);
  p = strstr (head, "client-id=");
  fail_unless (p != NULL, "no client-id in\n%s", head);
  id = g_strndup (p + 10, strspn (p + 10, "0123456789"));
  wmsp_reader_push (r, end + 4, a->len - (end + 4 - a->data));
  fail_unless_equals_int (wmsp_reader_pop (r, &buf, &loc, &reason, NULL),
      WMSP_READ_HEADER);
  *info = *wmsp_reader_header (r);
  if (header) {
    GstMapInfo map;

    gst_buffer_map (buf, &map, GST_MAP_READ);
    *header = g_bytes_new (map.data, map.size);
    gst_buffer_unmap (buf, &map);
  }
  gst_buffer_unref (buf);
  wmsp_reader_free (r);
  g_byte_array_unref (a);
  g_free (head);
  g_object_unref (s);
  return id;
}

static gchar *
describe (guint port, WmAsfHeaderInfo * info)
{
  return describe_header (port, info, NULL);
}

/* A play as Windows Media Player sends it, with the describe's client-id
 * and @entries (the stream-switch-entry value), @count of them. */
static void
listener_start (Listener * l, guint port, const gchar * client_id,
    guint count, const gchar * entries)
{
  gchar *req = g_strdup_printf ("GET / HTTP/1.0\r\nAccept: */*\r\n"
      NSPLAYER_UA "Host: 127.0.0.1\r\n"
      "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset="
      "4294967295:4294967295,packet-num=4294967295,max-duration=0\r\n" GUID
      "Pragma: xPlayStrm=1\r\nPragma: client-id=%s\r\n"
      "Pragma: stream-switch-count=%u\r\n"
      "Pragma: stream-switch-entry=%s\r\nConnection: Close\r\n\r\n",
      client_id, count, entries);

  memset (l, 0, sizeof (*l));
  l->sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (l->sock != NULL);
  fail_unless (wmnet_test_send_all (l->sock, req, strlen (req)));
  g_socket_set_blocking (l->sock, FALSE);
  l->reader = wmsp_reader_new ();
  l->head = g_byte_array_new ();
  g_free (req);
}

/* Looks at one packet: it parses at the header's packet size (the reader
 * padded it back), and its payloads are counted per stream. */
static void
listener_packet (Listener * l, GstBuffer * buf)
{
  const WmAsfHeaderInfo *info = wmsp_reader_header (l->reader);
  WmAsfPacketLayout layout;
  GstMapInfo map;
  guint i;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  l->packets++;
  if (map.size != info->packet_size
      || !wmasf_packet_walk (info, map.data, map.size, &layout)) {
    l->bad_packets++;
  } else {
    for (i = 0; i < layout.n_payloads; i++) {
      WmAsfPayload *p = &layout.payloads[i];

      l->payloads[p->stream]++;
      if (p->key)
        l->key_payloads[p->stream]++;
      if (p->stream == l->video && !l->video_seen) {
        l->video_seen = TRUE;
        l->video_first_key = p->key && (p->offset == 0 || p->compressed);
      }
    }
    if (!l->first_seen && layout.n_payloads > 0) {
      l->first_seen = TRUE;
      l->first_key = wmasf_packet_is_key (info, map.data, map.size);
    }
  }
  gst_buffer_unmap (buf, &map);
}

/* Reads what has come; FALSE once the connection is over. */
static gboolean
listener_read (Listener * l)
{
  guint8 buf[16384];
  gssize n;

  if (l->ended)
    return FALSE;
  while ((n = g_socket_receive (l->sock, (gchar *) buf, sizeof (buf), NULL,
              NULL)) > 0) {
    const guint8 *body = buf;
    gsize len = n;

    if (!l->headed) {
      guint8 *end;

      g_byte_array_append (l->head, buf, n);
      end = memmem (l->head->data, l->head->len, "\r\n\r\n", 4);
      if (end == NULL)
        continue;
      fail_unless (memcmp (l->head->data, "HTTP/1.0 200", 12) == 0,
          "play refused: %.*s", (int) l->head->len, l->head->data);
      l->headed = TRUE;
      body = end + 4;
      len = l->head->data + l->head->len - body;
    }
    l->body_bytes += len;
    wmsp_reader_push (l->reader, body, len);
    for (;;) {
      GstBuffer *b = NULL;
      guint32 loc, reason;
      GError *error = NULL;
      WmspReadResult res = wmsp_reader_pop (l->reader, &b, &loc, &reason,
          &error);

      if (res == WMSP_READ_NEED_DATA)
        break;
      fail_if (res == WMSP_READ_ERROR, "framing error: %s", error->message);
      if (res == WMSP_READ_PACKET)
        listener_packet (l, b);
      if (b)
        gst_buffer_unref (b);
      if (res == WMSP_READ_END) {
        l->ended = TRUE;
        break;
      }
    }
  }
  if (n == 0)
    l->ended = TRUE;
  return !l->ended;
}

static void
listener_clear (Listener * l)
{
  g_object_unref (l->sock);
  wmsp_reader_free (l->reader);
  g_byte_array_unref (l->head);
}

/* Reads every listener for @seconds, as its data comes. */
static void
listen_all (Listener * ls, guint n, guint seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC, left;
  GPollFD fds[8];
  guint i;

  fail_unless (n <= G_N_ELEMENTS (fds));
  while ((left = end - g_get_monotonic_time ()) > 0) {
    for (i = 0; i < n; i++) {
      /* poll() skips a negative descriptor: an ended listener */
      fds[i].fd = ls[i].ended ? -1 : g_socket_get_fd (ls[i].sock);
      fds[i].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
      fds[i].revents = 0;
    }
    g_poll (fds, n, (left + 999) / 1000);
    for (i = 0; i < n; i++)
      if (fds[i].revents)
        listener_read (&ls[i]);
  }
  for (i = 0; i < n; i++)
    fail_if (ls[i].ended, "listener %u was cut off", i);
}

static guint
first_stream (const guint32 * mask)
{
  guint i;

  for (i = 1; i <= WMNET_ASF_MAX_STREAM; i++)
    if (mask[i / 32] & (1u << (i % 32)))
      return i;
  return 0;
}

/* The stream numbers in @s's field @name, as a bit mask. */
static guint32
field_streams (const GstStructure * s, const gchar * name)
{
  const GValue *v = gst_structure_get_value (s, name);
  guint32 mask = 0;
  guint i;

  fail_unless (v != NULL && GST_VALUE_HOLDS_ARRAY (v), "no %s in %"
      GST_PTR_FORMAT, name, s);
  for (i = 0; i < gst_value_array_get_size (v); i++)
    mask |= 1u << g_value_get_uint (gst_value_array_get_value (v, i));
  return mask;
}

/* A whole-broadcast listener, an audio-only one (video thinning 2) and a
 * key-frames-only video one (audio thinning 2), at once. */
GST_START_TEST (test_selection_and_thinning)
{
  GstElement *pipeline;
  WmAsfHeaderInfo info;
  guint port, v, a, i;
  gchar *id[3], *entries;
  Listener ls[3];
  GPtrArray *clients;
  guint32 video_mask[4];
  guint seen;

  pipeline = wmnet_test_start_recorded ("max-clients=10", &port);
  /* each session its own describe, as players do */
  for (i = 0; i < 3; i++)
    id[i] = describe (port, &info);
  memcpy (video_mask, info.video_mask, sizeof (video_mask));
  v = first_stream (video_mask);
  for (i = 0; i < 4; i++)
    video_mask[i] = info.stream_mask[i] & ~info.video_mask[i];
  a = first_stream (video_mask);
  fail_unless (v != 0 && a != 0, "no video and audio stream in the header");

  entries = g_strdup_printf ("ffff:%x:0 ffff:%x:0", v, a);
  listener_start (&ls[0], port, id[0], 2, entries);
  g_free (entries);
  entries = g_strdup_printf ("ffff:%x:2 ffff:%x:0", v, a);
  listener_start (&ls[1], port, id[1], 2, entries);
  g_free (entries);
  entries = g_strdup_printf ("ffff:%x:1 ffff:%x:2", v, a);
  listener_start (&ls[2], port, id[2], 2, entries);
  g_free (entries);
  fail_unless (wmnet_test_wait_num_clients (pipeline, 3, 10000));

  /* the clients structures say what each is sent (in whatever order the
   * server took them) */
  clients = wmnet_test_get_clients (pipeline);
  fail_unless_equals_int (clients->len, 3);
  seen = 0;
  for (i = 0; i < clients->len; i++) {
    const GstStructure *s = g_ptr_array_index (clients, i);
    guint32 sel = field_streams (s, "selected-streams");
    guint32 thin = field_streams (s, "thinned-streams");

    GST_INFO ("client %" GST_PTR_FORMAT, s);
    if (sel == ((1u << v) | (1u << a)) && thin == 0)
      seen |= 1;
    else if (sel == 1u << a && thin == 0)
      seen |= 2;
    else if (sel == 1u << v && thin == 1u << v)
      seen |= 4;
    else
      fail ("unexpected selection in %" GST_PTR_FORMAT, s);
  }
  fail_unless_equals_int (seen, 7);
  g_ptr_array_unref (clients);

  listen_all (ls, 3, LISTEN_S);

  for (i = 0; i < 3; i++) {
    GST_INFO ("listener %u: %" G_GUINT64_FORMAT " bytes, %u packets, video "
        "%u payloads (%u key), audio %u", i, ls[i].body_bytes, ls[i].packets,
        ls[i].payloads[v], ls[i].key_payloads[v], ls[i].payloads[a]);
    fail_unless (ls[i].packets > 0, "listener %u got no packet", i);
    fail_unless_equals_int (ls[i].bad_packets, 0);
    /* a listener of video starts at a key frame of it */
    if (i != 1)
      fail_unless (ls[i].first_key, "listener %u did not start at a key "
          "packet", i);
  }
  /* everything */
  fail_unless (ls[0].payloads[v] > 0 && ls[0].payloads[a] > 0);
  /* audio only, at about the audio bit rate (64 kbit/s recorded: 8,000
   * bytes a second, and a fast start of up to client-buffer-time) while
   * the whole broadcast is over 1 Mbit/s */
  fail_unless_equals_int (ls[1].payloads[v], 0);
  fail_unless (ls[1].payloads[a] > 0);
  fail_unless (ls[1].body_bytes * 4 < ls[0].body_bytes,
      "audio only: %" G_GUINT64_FORMAT " bytes, everything %" G_GUINT64_FORMAT,
      ls[1].body_bytes, ls[0].body_bytes);
  fail_unless (ls[1].body_bytes < 8000 * (LISTEN_S + 10) * 3 / 2);
  /* video key frames only: every payload of a key-frame media object */
  fail_unless_equals_int (ls[2].payloads[a], 0);
  fail_unless (ls[2].payloads[v] > 0);
  fail_unless_equals_int (ls[2].key_payloads[v], ls[2].payloads[v]);
  fail_unless (ls[2].body_bytes < ls[0].body_bytes);

  for (i = 0; i < 3; i++) {
    listener_clear (&ls[i]);
    g_free (id[i]);
  }
  wmnet_test_stop_pipeline (pipeline);
}

GST_END_TEST;

/* Forgets the counts (not the connection nor the reader). */
static void
listener_reset_counts (Listener * l)
{
  l->packets = 0;
  memset (l->payloads, 0, sizeof (l->payloads));
  memset (l->key_payloads, 0, sizeof (l->key_payloads));
  l->video_seen = FALSE;
}

/* [MS-WMSP] 2.2.2.8's non-pipelined SelectStream: a POST with no body on
 * a connection of its own. Returns the status code. */
static guint
select_stream (guint port, const gchar * client_id, guint count,
    const gchar * entries)
{
  gchar *req = g_strdup_printf ("POST / HTTP/1.0\r\nHost: 127.0.0.1\r\n"
      NSPLAYER_UA "Pragma: no-cache,rate=1.000000,request-context=3\r\n"
      "Pragma: client-id=%s\r\n" GUID "Pragma: stream-switch-count=%u\r\n"
      "Pragma: stream-switch-entry=%s\r\nContent-Length: 0\r\n\r\n",
      client_id, count, entries);
  GSocket *s = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  GByteArray *a;
  guint status = 0;

  fail_unless (s != NULL);
  fail_unless (wmnet_test_send_all (s, req, strlen (req)));
  a = wmnet_test_recv (s, G_MAXSIZE, 10000);
  g_byte_array_append (a, (const guint8 *) "", 1);
  sscanf ((const gchar *) a->data, "HTTP/1.%*d %u", &status);
  g_byte_array_unref (a);
  g_object_unref (s);
  g_free (req);
  return status;
}

/* The next wmnetsink-client-properties message that carries a selection
 * (one that carries a reverse DNS name may come first). */
static GstStructure *
pop_selection_message (GstElement * pipeline)
{
  GstStructure *s;

  while ((s = wmnet_test_pop_element_message (pipeline,
              "wmnetsink-client-properties", 10000))) {
    if (gst_structure_has_field (s, "selected-streams"))
      return s;
    gst_structure_free (s);
  }
  fail ("no wmnetsink-client-properties message with selected-streams");
  return NULL;
}

/* SelectStream mid-session: audio only, then everything from the next
 * video key frame on (the audio going on until then, without a framing
 * error), then audio only again. */
GST_START_TEST (test_select_stream)
{
  GstElement *pipeline;
  WmAsfHeaderInfo info;
  guint port, v, a, i;
  guint32 audio_mask[4];
  gchar *id, *entries;
  Listener l;
  GstStructure *msg;

  pipeline = wmnet_test_start_recorded ("", &port);
  id = describe (port, &info);
  v = first_stream (info.video_mask);
  for (i = 0; i < 4; i++)
    audio_mask[i] = info.stream_mask[i] & ~info.video_mask[i];
  a = first_stream (audio_mask);

  entries = g_strdup_printf ("ffff:%x:2 ffff:%x:0", v, a);
  listener_start (&l, port, id, 2, entries);
  l.video = v;
  g_free (entries);
  fail_unless (wmnet_test_wait_num_clients (pipeline, 1, 10000));
  listen_all (&l, 1, 2);
  fail_unless (l.payloads[a] > 0);
  fail_unless_equals_int (l.payloads[v], 0);

  /* everything: video from its next key frame */
  listener_reset_counts (&l);
  entries = g_strdup_printf ("ffff:%x:0 ffff:%x:0", v, a);
  fail_unless_equals_int (select_stream (port, id, 2, entries), 200);
  g_free (entries);
  msg = pop_selection_message (pipeline);
  GST_INFO ("%" GST_PTR_FORMAT, msg);
  fail_unless_equals_int (field_streams (msg, "selected-streams"),
      (1u << v) | (1u << a));
  gst_structure_free (msg);
  listen_all (&l, 1, 3);
  fail_unless (l.video_seen, "no video after SelectStream");
  fail_unless (l.video_first_key, "the first video payload after "
      "SelectStream does not start a key frame");
  fail_unless (l.payloads[a] > 0);
  fail_unless_equals_int (l.bad_packets, 0);

  /* audio only again: at once (every audio packet is a key packet); what
   * was in flight is read first */
  entries = g_strdup_printf ("ffff:%x:2 ffff:%x:0", v, a);
  fail_unless_equals_int (select_stream (port, id, 2, entries), 200);
  g_free (entries);
  msg = pop_selection_message (pipeline);
  fail_unless_equals_int (field_streams (msg, "selected-streams"), 1u << a);
  gst_structure_free (msg);
  listen_all (&l, 1, 1);
  listener_reset_counts (&l);
  listen_all (&l, 1, 2);
  fail_unless_equals_int (l.payloads[v], 0);
  fail_unless (l.payloads[a] > 0);
  fail_unless_equals_int (l.bad_packets, 0);

  /* a session that is not there: 404 */
  fail_unless_equals_int (select_stream (port, "12345", 1, "ffff:1:0"), 404);

  listener_clear (&l);
  g_free (id);
  wmnet_test_stop_pipeline (pipeline);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* a multiple-bit-rate broadcast and the players that choose in it */

/* Three WMV2 bit rates of one moving picture in mutual exclusion group 1
 * (the docs' example, smaller: the encoders' real rates follow the
 * picture sizes, about 0.1, 0.35 and 1.2 Mbit/s) and WMA2 at 64 kbit/s.
 * No fast start: a client's bytes are its streams' rate times its time. */
#define MBR_BROADCAST \
  "videotestsrc is-live=true pattern=smpte horizontal-speed=5 ! " \
  "video/x-raw,width=640,height=480,framerate=25/1 ! tee name=t " \
  "t. ! queue ! videoscale ! video/x-raw,width=160,height=120 ! " \
  "avenc_wmv2 bitrate=300000 gop-size=25 ! queue ! s.video_0 " \
  "t. ! queue ! videoscale ! video/x-raw,width=320,height=240 ! " \
  "avenc_wmv2 bitrate=800000 gop-size=25 ! queue ! s.video_1 " \
  "t. ! queue ! avenc_wmv2 bitrate=2000000 gop-size=25 ! queue ! s.video_2 " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! " \
  "audioconvert ! avenc_wmav2 bitrate=64000 ! queue ! s.audio_0 " \
  "wmnetsink name=s port=0 address=127.0.0.1 max-clients=10 " \
  "fast-start=false video_0::mutual-exclusion-group=1 " \
  "video_1::mutual-exclusion-group=1 video_2::mutual-exclusion-group=1"

#define PEER_S 6
#define PEER_TIMEOUT_S 60
#define LOW_BITRATE 500000
#define HIGH_BITRATE 10000000

/* VLC's mmsh client choosing under --mms-maxbitrate=@bitrate, its stream
 * remuxed into @dir/vlc-@bitrate.asf; as nobody when we are root (VLC
 * refuses root). */
static GSubprocess *
spawn_vlc (const gchar * url, const gchar * dir, guint bitrate, gchar ** file)
{
  gchar *max = g_strdup_printf ("--mms-maxbitrate=%u", bitrate);
  gchar *run_time = g_strdup_printf ("--run-time=%u", PEER_S);
  gchar *sout, **argv;
  const gchar *args[] = { "--aout=dummy", "--vout=dummy", run_time,
    "--play-and-exit", max, url, "--sout", NULL, NULL
  };
  GSubprocess *p;

  /* required here even when not root */
  wmnet_test_require_program ("setpriv");
  *file = g_strdup_printf ("%s/vlc-%u.asf", dir, bitrate);
  sout = g_strdup_printf ("#std{access=file,mux=asf,dst=%s}", *file);
  args[7] = sout;
  argv = wmnet_test_vlc_argv (dir, args);
  p = wmnet_test_spawn ((const gchar * const *) argv);
  g_strfreev (argv);
  g_free (max);
  g_free (run_time);
  g_free (sout);
  return p;
}

static void
wait_peer (GSubprocess * p, const gchar * what, gchar ** out)
{
  gchar *err = NULL;
  gint status = -1;

  fail_unless (wmnet_test_wait (p, PEER_TIMEOUT_S, &status, out, &err),
      "%s did not finish in %u s", what, PEER_TIMEOUT_S);
  fail_unless (status == 0, "%s exited with %d: %s", what, status, err);
  g_free (err);
  g_object_unref (p);
}

/* Video frames of stream 0 in ffmpeg's framecrc output. */
static guint
video_frames (const gchar * framecrc)
{
  gchar **lines = g_strsplit (framecrc, "\n", -1);
  guint i, n = 0;

  for (i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "0,"))
      n++;
  g_strfreev (lines);
  return n;
}

/* VLC (low and high --mms-maxbitrate) and MPlayer (-bandwidth low) each
 * decode the video stream they chose, and the server sent each only its
 * choice (its selected-streams, and bytes at its rate), as it does to
 * wmnetsrc (max-bitrate low); FFmpeg, which asks for every stream, is sent
 * them all. */
GST_START_TEST (test_mbr_players)
{
  GstElement *pipeline;
  WmAsfHeaderInfo info;
  guint port, i, frames;
  gchar *id, *url, *dir, *vlc_file[2], *out, *md5, *vo;
  GSubprocess *vlc[2], *mplayer, *ffmpeg, *wmnetsrc;
  guint32 described[4], low[4], high[4];
  GBytes *header;
  gdouble rate_low = 0, rate_high = 0, rate_all = 0;
  guint n_low = 0, n_high = 0, n_all = 0;

  pipeline = wmnet_test_start_pipeline (MBR_BROADCAST, &port);
  /* what the players will choose, by wmnetselect's reading of the
   * header: the audio stream and one video stream each */
  id = describe_header (port, &info, &header);
  wmnet_select_streams (g_bytes_get_data (header, NULL),
      g_bytes_get_size (header), LOW_BITRATE, described, low);
  wmnet_select_streams (g_bytes_get_data (header, NULL),
      g_bytes_get_size (header), HIGH_BITRATE, described, high);
  fail_unless_equals_int (g_bytes_get_size (header) > 0, TRUE);
  fail_unless (low[0] != high[0] && low[0] != described[0],
      "one choice for both budgets: %x %x of %x", low[0], high[0],
      described[0]);

  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  dir = wmnet_test_make_tmpdir ();
  g_chmod (dir, 0777);
  vlc[0] = spawn_vlc (url, dir, LOW_BITRATE, &vlc_file[0]);
  vlc[1] = spawn_vlc (url, dir, HIGH_BITRATE, &vlc_file[1]);
  md5 = g_strdup_printf ("%s/mplayer.md5", dir);
  vo = g_strdup_printf ("md5sum:outfile=%s", md5);
  {
    gchar *bw = g_strdup_printf ("%u", LOW_BITRATE);
    gchar *t = g_strdup_printf ("%u", PEER_S);
    const gchar *mp[] = { "mplayer", "-noconfig", "all", "-really-quiet",
      "-nolirc", "-bandwidth", bw, "-endpos", t, "-vo", vo, "-ao", "null",
      url, NULL
    };
    const gchar *ff[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
      "-t", t, "-f", "framecrc", "-", NULL
    };

    /* our own client, choosing as Windows Media Player does */
    gchar *loc = g_strdup_printf ("location=%s", url);
    gchar *mb = g_strdup_printf ("max-bitrate=%u", LOW_BITRATE);
    const gchar *src[] = { "gst-launch-1.0", "-q", "wmnetsrc", loc, mb,
      "num-buffers=100", "!", "fakesink", NULL
    };

    wmnet_test_require_program ("mplayer");
    wmnet_test_require_program ("ffmpeg");
    wmnet_test_require_program ("gst-launch-1.0");
    mplayer = wmnet_test_spawn (mp);
    ffmpeg = wmnet_test_spawn (ff);
    wmnetsrc = wmnet_test_spawn (src);
    g_free (loc);
    g_free (mb);
    g_free (bw);
    g_free (t);
  }

  /* each decodes video */
  for (i = 0; i < 2; i++) {
    const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i",
      vlc_file[i], "-f", "framecrc", "-", NULL
    };
    gint status;
    gchar *err = NULL;

    wait_peer (vlc[i], "vlc", NULL);
    out = NULL;
    fail_unless (wmnet_test_run (check, PEER_TIMEOUT_S, &status, &out, &err));
    frames = video_frames (out);
    GST_INFO ("VLC at %u bit/s: %u video frames", i ? HIGH_BITRATE :
        LOW_BITRATE, frames);
    fail_unless (frames >= 25, "VLC's copy has %u video frames: %s", frames,
        err);
    g_free (out);
    g_free (err);
  }
  wait_peer (mplayer, "mplayer", NULL);
  fail_unless (g_file_get_contents (md5, &out, NULL, NULL),
      "MPlayer decoded no video");
  frames = wmnet_test_count_lines (out, "");
  GST_INFO ("MPlayer: %u video frames", frames);
  fail_unless (frames >= 25, "MPlayer decoded %u video frames", frames);
  g_free (out);
  wait_peer (ffmpeg, "ffmpeg", &out);
  frames = video_frames (out);
  fail_unless (frames >= 25, "FFmpeg decoded %u video frames", frames);
  g_free (out);
  wait_peer (wmnetsrc, "wmnetsrc", NULL);

  /* what the server sent each: its choice, at its rate */
  for (i = 0; i < 5; i++) {
    GstStructure *s = wmnet_test_pop_element_message (pipeline,
        "wmnetsink-client-disconnected", 20000);
    guint32 sel;
    guint64 bytes, duration;
    gdouble rate;

    fail_unless (s != NULL, "%u of 5 players left", i);
    sel = field_streams (s, "selected-streams");
    fail_unless (gst_structure_get_uint64 (s, "bytes-sent", &bytes));
    fail_unless (gst_structure_get_uint64 (s, "duration", &duration));
    rate = bytes * 8.0 / (duration / (gdouble) GST_SECOND);
    GST_INFO ("%" GST_PTR_FORMAT ": %.0f bit/s", s, rate);
    if (sel == low[0]) {
      rate_low = MAX (rate_low, rate);
      n_low++;
    } else if (sel == high[0]) {
      rate_high = rate;
      n_high++;
    } else if (sel == described[0]) {
      rate_all = rate;
      n_all++;
    } else {
      fail ("a player was sent streams %x: %" GST_PTR_FORMAT, sel, s);
    }
    gst_structure_free (s);
  }
  /* VLC, MPlayer and wmnetsrc low, VLC high, FFmpeg everything */
  fail_unless_equals_int (n_low, 3);
  fail_unless_equals_int (n_high, 1);
  fail_unless_equals_int (n_all, 1);
  /* the encoders' real rates are about 1:3.5:12: a low player's bytes are
   * well below a high one's, which are below everything's */
  fail_unless (rate_low * 3 < rate_high, "low %.0f, high %.0f bit/s",
      rate_low, rate_high);
  fail_unless (rate_high < rate_all, "high %.0f, all %.0f bit/s", rate_high,
      rate_all);

  wmnet_test_stop_pipeline (pipeline);
  for (i = 0; i < 2; i++)
    g_free (vlc_file[i]);
  wmnet_test_remove_dir (dir);
  g_free (dir);
  g_free (md5);
  g_free (vo);
  g_free (url);
  g_free (id);
  g_bytes_unref (header);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_select, 240,
    WMNET_TEST (test_selection_and_thinning),
    WMNET_TEST (test_select_stream), WMNET_TEST (test_mbr_players));
