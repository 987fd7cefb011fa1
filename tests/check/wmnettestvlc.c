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

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wmnettestutils.h"
#include "wmnettestvlc.h"

#define VLC_TIMEOUT_S 40

struct _WmnetTestVlc
{
  GSubprocess *proc;
  gchar *dir, *file;
};

WmnetTestVlc *
wmnet_test_vlc_spawn (guint port, guint seconds)
{
  return wmnet_test_vlc_spawn_path (port, "/", seconds);
}

WmnetTestVlc *
wmnet_test_vlc_spawn_path (guint port, const gchar * path, guint seconds)
{
  WmnetTestVlc *v = g_new0 (WmnetTestVlc, 1);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u%s", port, path);
  gchar *sout, **argv, *run_time = g_strdup_printf ("--run-time=%u",
      seconds);
  const gchar *args[] = { "--aout=dummy", "--vout=dummy", run_time,
    "--play-and-exit", url, "--sout", NULL, NULL
  };

  v->dir = wmnet_test_make_tmpdir ();
  v->file = g_build_filename (v->dir, "vlc.asf", NULL);
  g_chmod (v->dir, 0777);
  sout = g_strdup_printf ("#std{access=file,mux=asf,dst=%s}", v->file);
  args[6] = sout;
  argv = wmnet_test_vlc_argv (v->dir, args);
  v->proc = wmnet_test_spawn ((const gchar * const *) argv);
  g_strfreev (argv);
  g_free (sout);
  g_free (url);
  g_free (run_time);
  return v;
}

void
wmnet_test_vlc_finish (WmnetTestVlc * v, guint min_video, guint min_audio)
{
  wmnet_test_vlc_finish_probe (v, min_video, min_audio, NULL, 0);
}

void
wmnet_test_vlc_finish_probe (WmnetTestVlc * v, guint min_video,
    guint min_audio, const WmnetTestProbeField * fields, guint n)
{
  const gchar *check[] = { "ffmpeg", "-nostdin", "-v", "error", "-i",
    v->file, "-f", "framecrc", "-", NULL
  };
  gchar *out = NULL, *err = NULL;
  guint video, audio;
  gint status;

  fail_unless (wmnet_test_wait (v->proc, VLC_TIMEOUT_S, &status, &out,
          &err), "vlc did not finish");
  fail_unless_equals_int (status, 0);
  fail_if (strstr (err, "mmsh") != NULL && strstr (err, "invalid") != NULL,
      "vlc: %s", err);
  g_free (out);
  g_free (err);

  fail_unless (wmnet_test_run (check, VLC_TIMEOUT_S, &status, &out, &err));
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "VLC's copy: %s", err);
  /* -f framecrc: a line a frame, "STREAM, DTS, ..." */
  video = wmnet_test_count_prefix_lines (out, "0,");
  audio = wmnet_test_count_prefix_lines (out, "1,");
  GST_INFO ("VLC received %u video and %u audio frames", video, audio);
  fail_unless (video >= min_video, "VLC got %u video frames", video);
  fail_unless (audio >= min_audio, "VLC got %u audio frames", audio);
  g_free (out);
  g_free (err);
  if (n > 0) {
    const gchar *probe[] = { "ffprobe", "-v", "error", "-select_streams",
      "v", "-show_streams", v->file, NULL
    };

    out = wmnet_test_run_ok (probe, VLC_TIMEOUT_S, NULL);
    wmnet_test_assert_ffprobe_fields (out, fields, n);
    g_free (out);
  }

  g_object_unref (v->proc);
  wmnet_test_remove_dir (v->dir);
  g_free (v->dir);
  g_free (v->file);
  g_free (v);
}
