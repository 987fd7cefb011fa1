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

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestutils.h"

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
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_streams",
    "-of", "default", url, NULL
  };
  gchar *out = NULL, *err = NULL, *v;
  gint status;

  wmnet_test_require_program ("ffprobe");
  fail_unless (wmnet_test_run (argv, CLIENT_TIMEOUT, &status, &out, &err));
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "ffprobe printed: %s", err);

  fail_unless_equals_int (wmnet_test_count_lines (out, "[STREAM]"), 2);
  v = wmnet_test_ffprobe_field (out, 0, "codec_name");
  fail_unless_equals_string (v, "wmv2");
  g_free (v);
  v = wmnet_test_ffprobe_field (out, 0, "width");
  fail_unless_equals_string (v, "320");
  g_free (v);
  v = wmnet_test_ffprobe_field (out, 0, "height");
  fail_unless_equals_string (v, "240");
  g_free (v);
  v = wmnet_test_ffprobe_field (out, 1, "codec_name");
  fail_unless_equals_string (v, "wmav2");
  g_free (v);
  v = wmnet_test_ffprobe_field (out, 1, "sample_rate");
  fail_unless_equals_string (v, "44100");
  g_free (v);
  v = wmnet_test_ffprobe_field (out, 1, "channels");
  fail_unless_equals_string (v, "1");
  g_free (v);

  g_free (out);
  g_free (err);
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

GST_START_TEST (test_rebroadcast_file)
{
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "talk.wmv", NULL);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
    "-i", "testsrc=s=320x240:r=25:d=12", "-f", "lavfi",
    "-i", "sine=f=440:r=44100:d=12", "-c:v", "wmv2", "-b:v", "600k", "-g",
    "25", "-c:a", "wmav2", "-b:a", "64k", "-ac", "1", file, NULL
  };
  gchar *desc, *url;
  guint port, video, audio;
  gint status;
  gdouble wall;
  GstElement *p;

  wmnet_test_require_program ("ffmpeg");
  fail_unless (wmnet_test_run (make, 60, &status, NULL, NULL));
  fail_unless_equals_int (status, 0);

  desc = g_strdup_printf ("filesrc location=%s ! asfdemux name=d "
      "d.video_0 ! queue ! s.video_%%u d.audio_0 ! queue ! s.audio_%%u "
      "wmnetsink name=s port=0 address=127.0.0.1", file);
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
  g_free (file);
  g_free (dir);
}

GST_END_TEST;

/* VLC's own mmsh client: it plays our stream and remuxes what it got into
 * a file, which FFmpeg then decodes. VLC refuses to run as root, so as root
 * it runs as nobody. */
GST_START_TEST (test_vlc_mmsh)
{
  guint port, video, audio;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST (""),
      &port);
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *file = g_build_filename (dir, "vlc.asf", NULL);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  gchar *sout = g_strdup_printf ("#std{access=file,mux=asf,dst=%s}", file);
  gchar *home = g_strdup_printf ("HOME=%s", dir);
  const gchar *as_root[] = { "env", "-i", "PATH=/usr/bin:/bin", home,
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
    "vlc", "-I", "dummy", "--no-dbus", "--aout=dummy", "--vout=dummy",
    "--run-time=5", "--play-and-exit", url, "--sout", sout, NULL
  };
  const gchar *const *argv = as_root;
  gchar *out = NULL, *err = NULL;
  gint status;

  wmnet_test_require_program ("vlc");
  if (geteuid () == 0)
    wmnet_test_require_program ("setpriv");
  else
    argv = as_root + 9;
  g_chmod (dir, 0777);

  fail_unless (wmnet_test_run (argv, 40, &status, &out, &err),
      "vlc did not finish");
  fail_unless_equals_int (status, 0);
  /* its only complaint is about reading the describe response to its end */
  fail_if (strstr (err, "mmsh") != NULL && strstr (err, "invalid") != NULL,
      "vlc: %s", err);
  g_free (out);
  g_free (err);

  {
    const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", file,
      "-f", "framecrc", "-", NULL
    };

    fail_unless (wmnet_test_run (check, 40, &status, &out, &err));
    fail_unless_equals_int (status, 0);
    fail_unless (err[0] == '\0', "VLC's copy: %s", err);
    count_frames (out, &video, &audio);
    GST_INFO ("VLC received %u video and %u audio frames", video, audio);
    fail_unless (video >= 50, "VLC got %u video frames", video);
    fail_unless (audio >= 40, "VLC got %u audio frames", audio);
  }

  g_free (out);
  g_free (err);
  g_free (home);
  g_free (sout);
  g_free (url);
  wmnet_test_remove_dir (dir);
  g_free (file);
  g_free (dir);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static Suite *
wmnetsink_clients_suite (void)
{
  Suite *s = suite_create ("wmnetsink-clients");
  TCase *tc = tcase_create ("real clients");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_ffprobe_mmsh);
  tcase_add_test (tc, test_ffmpeg_mmsh_decode);
  tcase_add_test (tc, test_ffmpeg_http_decode);
  tcase_add_test (tc, test_gstreamer_souphttpsrc);
  tcase_add_test (tc, test_rebroadcast_file);
  tcase_add_test (tc, test_vlc_mmsh);
  return s;
}

GST_CHECK_MAIN (wmnetsink_clients);
