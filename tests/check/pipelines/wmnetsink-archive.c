/* gst-wmnet
 * Copyright (C) 2026 the gst-wmnet developers
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
 */

/* wmnetsink's archive-location, send-script and title changes with real
 * peers: an FFmpeg client connected over mmsh reads the commands and the
 * "now playing" TEXT command in band while the same encoded streams go
 * into an archive file that is indexed and seekable after EOS. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnettestutils.h"
#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"

#define PEER_TIMEOUT_S 60

static gboolean
has_pair (gchar ** s, const gchar * type, const gchar * prefix)
{
  guint i;

  for (i = 0; s[i] && s[i + 1]; i += 2)
    if (g_str_equal (s[i], type) && g_str_has_prefix (s[i + 1], prefix))
      return TRUE;
  return FALSE;
}

/* a bound on the commands: FFmpeg's 4 s take about 20 */
#define MAX_TICKS 200

GST_START_TEST (test_archive_scripts_while_playing)
{
  gchar *archive = g_build_filename (wmnet_test_tmpdir, "archive.wmv", NULL);
  gchar *dump = g_build_filename (wmnet_test_tmpdir, "client.bin", NULL);
  gchar *extra = g_strdup_printf ("script-stream=true "
      "archive-location=\"%s\"", archive);
  gchar *desc = g_strdup_printf (WMNET_TEST_LIVE_BROADCAST ("%s"), extra);
  gchar *url, *out, **strings;
  guint port, i;
  GstElement *p, *sink;
  GSubprocess *client;
  GstTagList *tags;
  gint status = -1;
  gboolean ok = FALSE;
  gdouble d, t;

  wmnet_test_require_program ("ffmpeg");
  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("exiftool");
  p = wmnet_test_start_pipeline (desc, &port);
  sink = gst_bin_get_by_name (GST_BIN (p), "s");
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  {
    const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-y",
      "-i", url, "-map", "0:d", "-c", "copy", "-t", "4", "-f", "data", dump,
      NULL
    };
    client = wmnet_test_spawn (argv);
  }
  fail_unless (wmnet_test_wait_num_clients (p, 1, 20000),
      "the FFmpeg client did not connect");

  /* a command every packet of the stream (a ~170 kbit/s broadcast in
   * 4 KiB packets: about every 200 ms) while it plays, and a title change;
   * FFmpeg stops once the data stream reached 4 s, so the commands go on
   * until it left */
  for (i = 0; i < MAX_TICKS && wmnet_test_num_clients (p) > 0; i++) {
    gchar *cmd = g_strdup_printf ("tick %u", i);

    g_signal_emit_by_name (sink, "send-script", "EVENT", cmd, &ok);
    fail_unless (ok);
    g_free (cmd);
    if (i == 8) {
      tags = gst_tag_list_new (GST_TAG_TITLE, "Now", GST_TAG_ARTIST, "Me",
          NULL);
      fail_unless (gst_element_send_event (p, gst_event_new_tag (tags)));
    }
    fail_unless (wmnet_test_wait_packets (p, 1, 10000), "the stream stalled");
  }
  g_print ("%u commands while FFmpeg played\n", i);
  fail_unless (i > 8 && i < MAX_TICKS, "%u commands while it was connected", i);
  fail_unless (wmnet_test_wait (client, PEER_TIMEOUT_S, &status, NULL,
          &out), "the FFmpeg client did not finish");
  fail_unless_equals_int (status, 0);
  g_free (out);
  g_object_unref (client);

  strings = wmnet_test_utf16_strings (dump);
  fail_unless (has_pair (strings, "EVENT", "tick "),
      "no command reached the client");
  fail_unless (has_pair (strings, "TEXT", "Me - Now"),
      "the title change did not reach the client");
  g_strfreev (strings);

  /* more than 5 s in the archive: three more key packets, 2 s apart, past
   * the first one the stream started with */
  for (i = 0; i < 3; i++)
    fail_unless (wmnet_test_wait_key_packet (p, 10000));
  /* EOS: the archive's header is rewritten */
  fail_unless (gst_element_send_event (p, gst_event_new_eos ()));
  fail_unless (wmnet_test_wait_eos (p, 30), "no EOS after the archive");
  gst_object_unref (sink);
  wmnet_test_stop_pipeline (p);

  {
    const gchar *dur[] = { "ffprobe", "-v", "error", "-show_entries",
      "format=duration", "-of", "default=nw=1:nk=1", archive, NULL
    };
    const gchar *exif[] = { "exiftool", "-n", "-s3", "-Flags", archive,
      NULL
    };
    const gchar *seek[] = { "ffmpeg", "-nostdin", "-v", "error", "-ss", "4",
      "-noaccurate_seek", "-i", archive, "-copyts", "-map", "0:v",
      "-frames:v", "1", "-f", "framemd5", "-", NULL
    };
    gchar **lines, **f;

    out = wmnet_test_run_ok (dur, PEER_TIMEOUT_S, NULL);
    d = g_ascii_strtod (out, NULL);
    g_print ("archive duration %.3f s\n", d);
    fail_unless (d > 5.0, "archive duration %s", out);
    g_free (out);
    out = wmnet_test_run_ok (exif, PEER_TIMEOUT_S, NULL);
    fail_unless_equals_int (atoi (out), 2);     /* Seekable */
    g_free (out);
    /* a 2 s GOP: ffmpeg -ss 4 lands on the key frame at or before 4 s */
    out = wmnet_test_run_ok (seek, PEER_TIMEOUT_S, NULL);
    lines = g_strsplit (out, "\n", -1);
    t = -1;
    for (i = 0; lines[i]; i++) {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", -1);
      t = g_ascii_strtod (f[2], NULL) / 25.0;
      g_strfreev (f);
      break;
    }
    g_strfreev (lines);
    g_free (out);
    g_print ("archive: ffmpeg -ss 4 lands at %.3f s\n", t);
    fail_unless (t > 1.9 && t <= 4.1, "landed at %f", t);
  }

  g_free (url);
  g_free (desc);
  g_free (extra);
  g_free (dump);
  g_free (archive);
}

GST_END_TEST;

/* Runs @probe (ffprobe's format tags, one "TAG:key=value" a line; printed
 * after @say unless NULL) and fails unless each of the tag lines after
 * @say (NULL-terminated) is in what it printed. */
static void G_GNUC_NULL_TERMINATED
expect_tags (const gchar * const *probe, const gchar * say, ...)
{
  gchar *out = wmnet_test_run_ok (probe, PEER_TIMEOUT_S, NULL);
  const gchar *tag;
  va_list args;

  if (say)
    g_print ("%s%s", say, out);
  va_start (args, say);
  while ((tag = va_arg (args, const gchar *)))
      fail_unless (strstr (out, tag) != NULL, "%s", out);
  va_end (args);
  g_free (out);
}

/* tag-updates=header: a title change is a new header; a client that joins
 * later reads the new title, and one connected throughout is measured */
GST_START_TEST (test_title_change_as_header)
{
  guint port, frames = 0;
  GstElement *p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("mux::tag-updates=header"), &port);
  gchar *url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  const gchar *play[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-map", "0:v", "-t", "5", "-f", "framecrc", "-", NULL
  };
  const gchar *probe[] = { "ffprobe", "-v", "error", "-show_entries",
    "format_tags=title,artist", "-of", "default=nw=1", url, NULL
  };
  GSubprocess *client;
  gchar *out = NULL, *err = NULL;
  gint status = -1;

  wmnet_test_require_program ("ffmpeg");
  wmnet_test_require_program ("ffprobe");
  client = wmnet_test_spawn (play);
  fail_unless (wmnet_test_wait_num_clients (p, 1, 20000));
  /* it is streaming: the header change comes to a playing client */
  fail_unless (wmnet_test_wait_sent (p, 16384, 10000));
  fail_unless (gst_element_send_event (p, gst_event_new_tag
          (gst_tag_list_new (GST_TAG_TITLE, "Now", GST_TAG_ARTIST, "Me",
                  NULL))));
  fail_unless (wmnet_test_wait (client, PEER_TIMEOUT_S, &status, &out, &err));
  frames = wmnet_test_count_lines (out, "0,");
  /* a measurement: what FFmpeg does at a header change */
  g_print ("FFmpeg connected across the header change: exit %d, %u video "
      "frames in 5 s, stderr: %s\n", status, frames, err);
  g_free (out);
  g_free (err);
  g_object_unref (client);

  expect_tags (probe, "a new client reads: ", "TAG:title=Now",
      "TAG:artist=Me", NULL);
  g_free (url);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* tags set on wmnetsink (GstTagSetter) reach both muxers' headers */
GST_START_TEST (test_tag_setter_forwarded)
{
  gchar *archive = g_build_filename (wmnet_test_tmpdir, "tagged.wmv", NULL);
  gchar *extra = g_strdup_printf ("archive-location=\"%s\"", archive);
  gchar *desc = g_strdup_printf (WMNET_TEST_LIVE_BROADCAST ("%s"), extra);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *sink, *mux;
  gchar *title = NULL;
  const gchar *probe[] = { "ffprobe", "-v", "error", "-show_entries",
    "format_tags=title,artist", "-of", "default=nw=1", archive, NULL
  };

  wmnet_test_require_program ("ffprobe");
  fail_unless (p != NULL);
  sink = gst_bin_get_by_name (GST_BIN (p), "s");
  gst_tag_setter_add_tags (GST_TAG_SETTER (sink), GST_TAG_MERGE_REPLACE,
      GST_TAG_TITLE, "Set", GST_TAG_ARTIST, "On the sink", NULL);
  fail_if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  /* the tags went over at READY to PAUSED; a key packet: the headers were
   * written with them */
  fail_unless (wmnet_test_wait_key_packet (p, 10000));
  mux = gst_bin_get_by_name (GST_BIN (sink), "mux");
  fail_unless (gst_tag_list_get_string (gst_tag_setter_get_tag_list
          (GST_TAG_SETTER (mux)), GST_TAG_TITLE, &title));
  fail_unless_equals_string (title, "Set");
  g_free (title);
  gst_object_unref (mux);

  fail_unless (gst_element_send_event (p, gst_event_new_eos ()));
  fail_unless (wmnet_test_wait_eos (p, 30));
  gst_object_unref (sink);
  wmnet_test_stop_pipeline (p);

  expect_tags (probe, NULL, "TAG:title=Set", "TAG:artist=On the sink", NULL);
  g_free (desc);
  g_free (extra);
  g_free (archive);
}

GST_END_TEST;

/* a re-broadcast of a tagged file (asfdemux's tags) keeps its tags */
GST_START_TEST (test_rebroadcast_keeps_tags)
{
  gchar *file = g_build_filename (wmnet_test_tmpdir, "tagged.wmv", NULL);
  const gchar *make[] = { "ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
    "lavfi", "-i", "testsrc=s=160x120:r=25:d=20", "-f", "lavfi", "-i",
    "sine=d=20", "-c:v", "wmv2", "-c:a", "wmav2", "-metadata",
    "title=Source title", "-metadata", "artist=Source artist", "-metadata",
    "album=Source album", file, NULL
  };
  gchar *desc, *url, *out;
  guint port;
  GstElement *p;

  wmnet_test_require_program ("ffmpeg");
  wmnet_test_require_program ("ffprobe");
  out = wmnet_test_run_ok (make, PEER_TIMEOUT_S, NULL);
  g_free (out);
  /* paced at the file's rate, as a re-broadcast is */
  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! identity sync=true ! s.video_%%u "
      "d.audio_0 ! queue ! identity sync=true ! s.audio_%%u "
      "wmnetsink name=s port=0 address=127.0.0.1", file);
  p = wmnet_test_start_pipeline (desc, &port);
  url = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  {
    const gchar *probe[] = { "ffprobe", "-v", "error", "-show_entries",
      "format_tags=title,artist,album", "-of", "default=nw=1", url, NULL
    };

    expect_tags (probe, "re-broadcast tags: ", "TAG:title=Source title",
        "TAG:artist=Source artist", "TAG:album=Source album", NULL);
  }
  wmnet_test_stop_pipeline (p);
  g_free (url);
  g_free (desc);
  g_free (file);
}

GST_END_TEST;

/* An archive-location that cannot be written (a directory that does not
 * exist, a "directory" that is a file): one error, from wmnetsink, naming
 * the property, the path and the reason; not filesink's and then
 * GstBaseSink's "state change failed and some element failed to post a
 * proper error message". (A read-only directory is the same failure of
 * open(); as root, which writes anyway, it cannot be shown.) */
GST_START_TEST (test_archive_unwritable)
{
  gchar **bad = wmnet_test_unwritable_paths ("archive.asf");
  const gchar *reasons[2] = { "No such file or directory", "Not a directory" };
  guint i;

  for (i = 0; bad[i]; i++) {
    gchar *desc = g_strdup_printf ("audiotestsrc num-buffers=20 ! "
        "avenc_wmav2 ! wmnetsink name=s port=0 address=127.0.0.1 "
        "archive-location=%s", bad[i]);
    GstElement *p = gst_parse_launch (desc, NULL);
    GstBus *bus;
    GstMessage *msg;
    GError *err = NULL;
    gchar *dbg = NULL;

    fail_unless (p != NULL);
    bus = gst_element_get_bus (p);
    /* the sink fails in the calling thread: its errors are on the bus when
     * set_state returns */
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PLAYING),
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "no error for %s", bad[i]);
    fail_unless_equals_string (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "s");
    gst_message_parse_error (msg, &err, &dbg);
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_OPEN_WRITE), "%s", err->message);
    fail_unless (strstr (err->message, "archive-location") != NULL, "%s",
        err->message);
    fail_unless (strstr (err->message, bad[i]) != NULL, "%s", err->message);
    fail_unless (strstr (err->message, reasons[i]) != NULL, "%s", err->message);
    g_error_free (err);
    g_free (dbg);
    gst_message_unref (msg);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg == NULL, "a second error: %" GST_PTR_FORMAT, msg);
    fail_if (g_file_test (bad[i], G_FILE_TEST_EXISTS));
    gst_object_unref (bus);
    gst_object_unref (p);
    g_free (desc);
  }
  g_strfreev (bad);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmnetsink_archive, 150, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_archive_scripts_while_playing),
    WMNET_TEST (test_title_change_as_header),
    WMNET_TEST (test_tag_setter_forwarded),
    WMNET_TEST (test_rebroadcast_keeps_tags),
    WMNET_TEST (test_archive_unwritable));
