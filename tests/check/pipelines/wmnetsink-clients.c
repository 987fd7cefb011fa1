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

/* End to end: a live wmnetsink broadcast played by real clients, FFmpeg's
 * mmsh:// and http:// clients and GStreamer's souphttpsrc ! asfdemux, and
 * an existing .wmv re-broadcast without re-encoding. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _GNU_SOURCE             /* memmem */

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"
#include "wmnettestvlc.h"

#define CLIENT_TIMEOUT 40

/* ffmpeg -f framecrc prints one line per decoded frame, "STREAM, DTS, ..." */
static void
count_frames (const gchar * out, guint * video, guint * audio)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  guint i;

  *video = 0;
  *audio = 0;
  for (i = 0; lines[i]; i++) {
    if (g_str_has_prefix (lines[i], "0,"))
      (*video)++;
    else if (g_str_has_prefix (lines[i], "1,"))
      (*audio)++;
  }
  g_strfreev (lines);
}

/* Decodes @seconds of @url with ffmpeg. FALSE when ffmpeg did not finish
 * in CLIENT_TIMEOUT: *@why then says what it got and what the server
 * (@pipeline) was doing. */
static gboolean
try_decode_with_ffmpeg (GstElement * pipeline, const gchar * url,
    guint seconds, guint * video, guint * audio, gdouble * wall_seconds,
    gchar ** why)
{
  gchar *t = g_strdup_printf ("%u", seconds);
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", t, "-f", "framecrc", "-", NULL
  };
  gchar *out = NULL, *err = NULL;
  gint64 start = g_get_monotonic_time ();
  gint status;

  wmnet_test_require_program ("ffmpeg");
  if (!wmnet_test_run (argv, CLIENT_TIMEOUT, &status, &out, &err)) {
    gchar *server = wmnet_test_describe_server (pipeline);

    *why = g_strdup_printf ("ffmpeg on %s did not finish in %u s (%u frames "
        "out; stderr: %s); server: %s", url, CLIENT_TIMEOUT,
        wmnet_test_count_lines (out, "0x"), err, server);
    g_free (server);
    g_free (t);
    g_free (out);
    g_free (err);
    return FALSE;
  }
  if (wall_seconds)
    *wall_seconds = (g_get_monotonic_time () - start) / 1e6;
  fail_unless_equals_int (status, 0);
  /* -v error: a clean decode prints nothing on stderr */
  fail_unless (err[0] == '\0', "ffmpeg printed errors for %s:\n%s", url, err);
  count_frames (out, video, audio);
  GST_INFO ("%s: %u video frames, %u audio frames", url, *video, *audio);
  g_free (t);
  g_free (out);
  g_free (err);
  return TRUE;
}

static void
decode_with_ffmpeg (GstElement * pipeline, const gchar * url, guint seconds,
    guint * video, guint * audio, gdouble * wall_seconds)
{
  gchar *why = NULL;

  if (!try_decode_with_ffmpeg (pipeline, url, seconds, video, audio,
          wall_seconds, &why))
    fail ("%s", why);
}

GST_START_TEST (test_ffprobe_mmsh)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""),
      &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const WmnetTestProbeField want[] = {
    {0, "codec_name", "wmv2"}, {0, "width", "320"}, {0, "height", "240"},
    {1, "codec_name", "wmav2"}, {1, "sample_rate", "44100"},
    {1, "channels", "1"},
  };

  wmnet_test_assert_ffprobe_streams (url, 2, want, G_N_ELEMENTS (want),
      CLIENT_TIMEOUT);
  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static void
check_decode (const gchar * scheme)
{
  guint port, video, audio;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""),
      &port);
  gchar *url = g_strdup_printf ("%s://127.0.0.1:%u/", scheme, port);

  decode_with_ffmpeg (p, url, 5, &video, &audio, NULL);
  /* about 5 s at 25 frames/s; fast start may add the frames since the
   * last key frame */
  fail_unless (video >= 110 && video <= 190, "%s: %u video frames", url, video);
  /* WMA2 at 44.1 kHz: 2048 samples a frame, ~21.5 frames/s */
  fail_unless (audio >= 90, "%s: %u audio frames", url, audio);
  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_START_TEST (test_ffmpeg_mmsh_decode)
{
  check_decode ("mmsh");
}

GST_END_TEST;

GST_START_TEST (test_ffmpeg_http_decode)
{
  check_decode ("http");
}

GST_END_TEST;

GST_START_TEST (test_gstreamer_souphttpsrc)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""),
      &port);
  gint video, audio;

  wmnet_test_play_souphttpsrc (port, 4, &video, &audio);
  fail_unless (video >= 60, "%d video frames", video);
  fail_unless (audio >= 40, "%d audio buffers", audio);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* filesrc ! asfdemux ! wmnetsink (with @props) of a talk.wmv that ffmpeg
 * makes in @dir: @seconds of 320x240 WMV 2 at 600 kb/s with a key frame a
 * second and mono WMA 2 */
static gchar *
talk_rebroadcast (const gchar * dir, guint seconds, const gchar * props)
{
  gchar *file = g_build_filename (dir, "talk.wmv", NULL);
  gchar *video = g_strdup_printf ("testsrc=s=320x240:r=25:d=%u", seconds);
  gchar *audio = g_strdup_printf ("sine=f=440:r=44100:d=%u", seconds);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
    "-i", video, "-f", "lavfi", "-i", audio, "-c:v", "wmv2", "-b:v", "600k",
    "-g", "25", "-c:a", "wmav2", "-b:a", "64k", "-ac", "1", file, NULL
  };
  gchar *desc;
  gint status;

  wmnet_test_require_program ("ffmpeg");
  fail_unless (wmnet_test_run (make, 60, &status, NULL, NULL));
  fail_unless_equals_int (status, 0);
  g_free (video);
  g_free (audio);
  desc = g_strdup_printf ("filesrc location=%s ! asfdemux name=d "
      "d.video_0 ! queue ! s.video_%%u d.audio_0 ! queue ! s.audio_%%u "
      "wmnetsink name=s port=0 address=127.0.0.1%s", file, props);
  g_free (file);
  return desc;
}

GST_START_TEST (test_rebroadcast_file)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *desc = talk_rebroadcast (dir, 12, ""), *url;
  guint port, video, audio;
  gdouble wall;
  GstElement *p;

  /* one attempt: a player that hangs at the start of a broadcast is a
   * defect, not bad luck (under load the broadcast itself has stalled at
   * its start: the player got the header, then no packet) */
  p = wmnet_test_start_pipeline (desc, &port);
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  decode_with_ffmpeg (p, url, 6, &video, &audio, &wall);
  GST_INFO ("re-broadcast: %u video, %u audio frames in %.2f s", video, audio,
      wall);
  fail_unless (video >= 130 && video <= 170, "%u video frames", video);
  fail_unless (audio > 0);
  /* sent at the file's real rate, not as fast as it can be read */
  fail_unless (wall >= 4.5, "6 s of stream arrived in %.2f s", wall);

  wmnet_test_stop_pipeline (p);
  wmnet_test_remove_dir (dir);
  g_free (url);
  g_free (desc);
  g_free (dir);
}

GST_END_TEST;

#define RUSH_STARTS 8
#define RUSH_PAIRS 30
/* a play answered later than this counts as hung */
#define RUSH_BOUND_MS 8000

typedef struct
{
  guint port;
  gchar *error;                 /* NULL: described, then played */
  gdouble play_ms;
} RushPair;

static gboolean
is_200 (const GByteArray * r)
{
  return r->len >= 12 && (memcmp (r->data, "HTTP/1.1 200", 12) == 0
      || memcmp (r->data, "HTTP/1.0 200", 12) == 0);
}

/* Whether @r holds a response head and, after it, the $H chunk and then a
 * $D chunk (MS-WMSP 2.2.3 framing: '$', type, 16-bit LE length). */
static gboolean
has_data_chunk (const GByteArray * r)
{
  const guint8 *end = memmem (r->data, r->len, "\r\n\r\n", 4);
  gsize pos;

  if (end == NULL)
    return FALSE;
  pos = end - r->data + 4;
  while (pos + 4 <= r->len && r->data[pos] == '$') {
    if (r->data[pos + 1] == 'D')
      return TRUE;
    pos += 4 + (r->data[pos + 2] | (r->data[pos + 3] << 8));
  }
  return FALSE;
}

static gchar *
rush_describe (guint port, guint bound_ms)
{
  GError *error = NULL;
  GSocket *sock = wmnet_test_connect ("127.0.0.1", port, NULL, &error);
  GByteArray *r;
  gchar *why = NULL;

  if (sock == NULL) {
    why = g_strdup_printf ("describe: connect: %s", error->message);
    g_error_free (error);
    return why;
  }
  if (!wmnet_test_send_all (sock, WMNET_TEST_FFMPEG_DESCRIBE,
          strlen (WMNET_TEST_FFMPEG_DESCRIBE))) {
    g_object_unref (sock);
    return g_strdup ("describe: send failed");
  }
  /* the server closes the connection after the header */
  r = wmnet_test_recv (sock, G_MAXSIZE, bound_ms);
  if (!is_200 (r))
    why = g_strdup_printf ("describe answered with %u bytes: %.*s", r->len,
        (int) MIN (r->len, 40), r->data);
  g_byte_array_unref (r);
  g_object_unref (sock);
  return why;
}

static gpointer
rush_pair (gpointer data)
{
  RushPair *pair = data;
  guint bound_ms = RUSH_BOUND_MS * wmnet_test_time_factor ();
  GError *error = NULL;
  GSocket *sock;
  GByteArray *r;
  gint64 start, deadline;

  if ((pair->error = rush_describe (pair->port, bound_ms)))
    return NULL;
  sock = wmnet_test_connect ("127.0.0.1", pair->port, NULL, &error);
  if (sock == NULL) {
    pair->error = g_strdup_printf ("play: connect: %s", error->message);
    g_error_free (error);
    return NULL;
  }
  start = g_get_monotonic_time ();
  deadline = start + bound_ms * G_GINT64_CONSTANT (1000);
  if (!wmnet_test_send_all (sock, WMNET_TEST_FFMPEG_PLAY,
          strlen (WMNET_TEST_FFMPEG_PLAY))) {
    pair->error = g_strdup ("play: send failed");
    g_object_unref (sock);
    return NULL;
  }
  r = g_byte_array_new ();
  while (!has_data_chunk (r)) {
    gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
    GByteArray *more;

    if (left <= 0)
      break;
    more = wmnet_test_recv (sock, 4096, left);
    if (more->len == 0) {
      g_byte_array_unref (more);
      break;
    }
    g_byte_array_append (r, more->data, more->len);
    g_byte_array_unref (more);
  }
  pair->play_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (!is_200 (r) || !has_data_chunk (r))
    pair->error = g_strdup_printf ("play: %u bytes in %.0f ms%s%.*s", r->len,
        pair->play_ms, r->len ? ": " : " (no status line)",
        (int) MIN (r->len, 40), r->data);
  g_byte_array_unref (r);
  g_object_unref (sock);
  return NULL;
}

/* The start of a re-broadcast of a file met by many players at once, as
 * FFmpeg's mmsh client plays: a describe, then a play on a new connection.
 * Every play is answered with 200 and a data packet in a bounded time;
 * a play left without an answer is what FFmpeg hung on when the muxer
 * stalled after the header (docs/design.md, D55). */
GST_START_TEST (test_rebroadcast_start_rush)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *desc = talk_rebroadcast (dir, 8, " max-clients=0");
  guint start;

  for (start = 0; start < RUSH_STARTS; start++) {
    RushPair pairs[RUSH_PAIRS];
    GThread *threads[RUSH_PAIRS];
    GString *errors = g_string_new (NULL);
    gdouble slowest = 0;
    guint port, i;
    GstElement *p = wmnet_test_start_pipeline (desc, &port);

    for (i = 0; i < RUSH_PAIRS; i++) {
      pairs[i].port = port;
      pairs[i].error = NULL;
      pairs[i].play_ms = 0;
      threads[i] = g_thread_new ("rush", rush_pair, &pairs[i]);
    }
    for (i = 0; i < RUSH_PAIRS; i++) {
      g_thread_join (threads[i]);
      slowest = MAX (slowest, pairs[i].play_ms);
      if (pairs[i].error)
        g_string_append_printf (errors, "\n  pair %u: %s", i, pairs[i].error);
      g_free (pairs[i].error);
    }
    GST_INFO ("start %u: %u pairs, slowest play answered in %.0f ms", start,
        RUSH_PAIRS, slowest);
    if (errors->len > 0) {
      gchar *server = wmnet_test_describe_server (p);

      fail ("start %u of %u:%s\nserver: %s", start + 1, RUSH_STARTS,
          errors->str, server);
    }
    g_string_free (errors, TRUE);
    wmnet_test_stop_pipeline (p);
  }

  wmnet_test_remove_dir (dir);
  g_free (desc);
  g_free (dir);
}

GST_END_TEST;

/* VLC's own mmsh client: it plays our stream and remuxes what it got into
 * a file, which FFmpeg then decodes. VLC refuses to run as root, so as root
 * it runs as nobody. */
GST_START_TEST (test_vlc_mmsh)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""),
      &port);

  wmnet_test_vlc_finish (wmnet_test_vlc_spawn (port, 5), 50, 40);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_clients, 120,
    WMNET_TEST (test_ffprobe_mmsh),
    WMNET_TEST (test_ffmpeg_mmsh_decode),
    WMNET_TEST (test_ffmpeg_http_decode),
    WMNET_TEST (test_gstreamer_souphttpsrc),
    WMNET_TEST (test_rebroadcast_file),
    WMNET_TEST (test_rebroadcast_start_rush), WMNET_TEST (test_vlc_mmsh));
