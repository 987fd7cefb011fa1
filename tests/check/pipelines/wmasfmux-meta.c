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

/* wmasfmux's metadata and file mode with real peers: tags read back by
 * ffprobe and asfdemux, an indexed 40 s file that ffprobe, exiftool,
 * ffmpeg -ss and a playbin seek handle, script commands read back from
 * the Command Media stream (FFmpeg) and from the header's Script Command
 * Object (a small reader here, from the ASF spec 3.15), and a file whose
 * writer was killed still playing from the start. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "wmnettestsuite.h"
#include "wmnettestutils.h"

#define PEER_TIMEOUT_S 60
#define PIPELINE_TIMEOUT_S 90

/* Runs @pipeline to EOS; fails on an error or the time bound. Tag
 * messages are merged into @tags when given. */
static void
run_to_eos (GstElement * pipeline, GstTagList ** tags)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  gboolean done = FALSE;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  while (!done) {
    msg = gst_bus_timed_pop_filtered (bus, PIPELINE_TIMEOUT_S * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_TAG);
    fail_unless (msg != NULL, "no EOS within %u s", PIPELINE_TIMEOUT_S);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;
      gchar *debug = NULL;

      gst_message_parse_error (msg, &err, &debug);
      fail ("error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg),
          err->message, debug);
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_TAG) {
      GstTagList *t;

      gst_message_parse_tag (msg, &t);
      if (tags) {
        GstTagList *merged = gst_tag_list_merge (*tags, t,
            GST_TAG_MERGE_APPEND);

        if (*tags)
          gst_tag_list_unref (*tags);
        *tags = merged;
      }
      gst_tag_list_unref (t);
    } else {
      done = TRUE;
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
}

static void
run_desc (const gchar * desc, GstTagList ** tags)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &err);

  fail_unless (pipeline != NULL, "cannot build '%s': %s", desc,
      err ? err->message : "?");
  run_to_eos (pipeline, tags);
  gst_object_unref (pipeline);
}

/* value of "key=value" on a line of @text, or NULL */
static gchar *
field (const gchar * text, const gchar * key)
{
  gchar **lines = g_strsplit (text, "\n", -1);
  gchar *prefix = g_strconcat (key, "=", NULL);
  gchar *value = NULL;
  guint i;

  for (i = 0; lines[i] && !value; i++)
    if (g_str_has_prefix (lines[i], prefix))
      value = g_strdup (lines[i] + strlen (prefix));
  g_strfreev (lines);
  g_free (prefix);
  return value;
}

static void
assert_field (const gchar * text, const gchar * key, const gchar * expected)
{
  gchar *value = field (text, key);

  fail_unless (value != NULL, "no %s in:\n%s", key, text);
  fail_unless_equals_string (value, expected);
  g_print ("%s=%s\n", key, value);
  g_free (value);
}

/* 40 s of WMV2 (160x120, a key frame a second) and WMA2, tagged by
 * taginject upstream and by the application (GstTagSetter). */
static gchar *
write_tagged_file (const gchar * extra)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "tagged.wmv", NULL);
  gchar *desc;
  GstElement *pipeline, *mux;

  desc = g_strdup_printf ("videotestsrc num-buffers=1000 ! "
      "video/x-raw,width=160,height=120,framerate=25/1 ! "
      "avenc_wmv2 gop-size=25 ! "
      "taginject tags=\"title=Foo,artist=Bar,album=Alb,genre=Rock\" ! "
      "wmasfmux name=m %s ! filesink location=\"%s\" "
      "audiotestsrc num-buffers=1723 ! audio/x-raw,rate=44100,channels=1 ! "
      "avenc_wmav2 ! m.", extra, path);
  pipeline = gst_parse_launch (desc, NULL);
  fail_unless (pipeline != NULL);
  mux = gst_bin_get_by_name (GST_BIN (pipeline), "m");
  gst_tag_setter_add_tags (GST_TAG_SETTER (mux), GST_TAG_MERGE_REPLACE,
      GST_TAG_COPYRIGHT, "(c) Baz", GST_TAG_TRACK_NUMBER, 3,
      GST_TAG_COMPOSER, "Qux", NULL);
  gst_object_unref (mux);
  run_to_eos (pipeline, NULL);
  gst_object_unref (pipeline);
  g_free (desc);
  return path;
}

GST_START_TEST (test_tags)
{
  gchar *path, *out, *desc, *s = NULL;
  GstTagList *tags = NULL;
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_format",
    "-of", "flat=s=_", NULL, NULL
  };
  guint u = 0;

  wmnet_test_require_program ("ffprobe");
  path = write_tagged_file ("");
  argv[6] = path;
  out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  assert_field (out, "format_tags_title", "\"Foo\"");
  assert_field (out, "format_tags_artist", "\"Bar\"");
  assert_field (out, "format_tags_copyright", "\"(c) Baz\"");
  assert_field (out, "format_tags_album", "\"Alb\"");
  assert_field (out, "format_tags_genre", "\"Rock\"");
  assert_field (out, "format_tags_track", "\"3\"");
  assert_field (out, "format_tags_composer", "\"Qux\"");
  g_free (out);

  /* GStreamer's asfdemux posts them as tags */
  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! fakesink sync=false d.audio_0 ! queue ! "
      "fakesink sync=false", path);
  run_desc (desc, &tags);
  g_free (desc);
  fail_unless (tags != NULL);
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_TITLE, &s));
  fail_unless_equals_string (s, "Foo");
  g_free (s);
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_ARTIST, &s));
  fail_unless_equals_string (s, "Bar");
  g_free (s);
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_ALBUM, &s));
  fail_unless_equals_string (s, "Alb");
  g_free (s);
  /* asfdemux 1.22 reads WM/Genre but posts no genre (ffprobe does) */
  fail_unless (gst_tag_list_get_uint (tags, GST_TAG_TRACK_NUMBER, &u));
  fail_unless_equals_int (u, 3);
  gst_tag_list_unref (tags);
  g_free (path);
}

GST_END_TEST;

static gdouble
ffprobe_double (const gchar * const *argv)
{
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  gdouble d = g_ascii_strtod (out, NULL);

  fail_unless (out[0] != '\0', "no value from %s", argv[0]);
  g_free (out);
  return d;
}

/* The first video frame ffmpeg -ss 30 gives, in seconds (-noaccurate_seek
 * -copyts: where the seek landed, not where decoding was cut). */
static gdouble
ffmpeg_seek_lands (const gchar * path)
{
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-ss", "30",
    "-noaccurate_seek", "-i", path, "-copyts", "-map", "0:v",
    "-frames:v", "1", "-f", "framemd5", "-", NULL
  };
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  gchar **lines = g_strsplit (out, "\n", -1);
  gdouble t = -1;
  guint i;

  for (i = 0; lines[i]; i++) {
    gchar **f;

    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    /* stream, dts, pts, ... in the 1/25 time base of the video */
    f = g_strsplit (lines[i], ",", -1);
    if (f[0] && f[1] && f[2])
      t = g_ascii_strtod (f[2], NULL) / 25.0;
    g_strfreev (f);
    break;
  }
  g_strfreev (lines);
  g_free (out);
  return t;
}

/* playbin: PAUSED, a key-unit seek to 30 s, then the position */
static gdouble
playbin_seek_lands (const gchar * path)
{
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);
  gchar *uri = gst_filename_to_uri (path, NULL);
  GstBus *bus;
  GstMessage *msg;
  gint64 pos = -1;

  fail_unless (playbin != NULL);
  g_object_set (playbin, "uri", uri, "video-sink",
      gst_element_factory_make ("fakesink", NULL), "audio-sink",
      gst_element_factory_make ("fakesink", NULL), NULL);
  g_free (uri);
  bus = gst_element_get_bus (playbin);
  gst_element_set_state (playbin, GST_STATE_PAUSED);
  fail_unless (gst_element_get_state (playbin, NULL, NULL,
          PIPELINE_TIMEOUT_S * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  /* the ASYNC_DONE of the preroll is not the seek's */
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);
  fail_unless (gst_element_seek_simple (playbin, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 30 * GST_SECOND),
      "playbin refused to seek");
  msg = gst_bus_timed_pop_filtered (bus, PIPELINE_TIMEOUT_S * GST_SECOND,
      GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_DONE,
      "the seek did not complete");
  gst_message_unref (msg);
  fail_unless (gst_element_query_position (playbin, GST_FORMAT_TIME, &pos));
  gst_element_set_state (playbin, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (playbin);
  return (gdouble) pos / GST_SECOND;
}

/* exiftool's "Duration" (the File Properties' Play Duration, preroll
 * included) and "Data Packets" */
static void
exiftool_check (const gchar * path, gdouble * duration, gint * packets,
    gint * flags)
{
  const gchar *argv[] = { "exiftool", "-n", "-s", "-Duration",
    "-DataPackets", "-Flags", path, NULL
  };
  gchar *out = wmnet_test_run_ok (argv, PEER_TIMEOUT_S, NULL);
  gchar **lines = g_strsplit (out, "\n", -1);
  guint i;

  *duration = -1;
  *packets = *flags = -1;
  for (i = 0; lines[i]; i++) {
    gchar *colon = strchr (lines[i], ':');

    if (colon == NULL)
      continue;
    if (g_str_has_prefix (lines[i], "Duration"))
      *duration = g_ascii_strtod (colon + 1, NULL);
    else if (g_str_has_prefix (lines[i], "DataPackets"))
      *packets = atoi (colon + 1);
    else if (g_str_has_prefix (lines[i], "Flags"))
      *flags = atoi (colon + 1);
  }
  g_print ("exiftool: %s", out);
  g_strfreev (lines);
  g_free (out);
}

/* streamable=false into filesink: file mode */
GST_START_TEST (test_seekable_file)
{
  gchar *path;
  const gchar *dur_argv[] = { "ffprobe", "-v", "error", "-show_entries",
    "format=duration", "-of", "default=nw=1:nk=1", NULL, NULL
  };
  gdouble d, t;
  gint packets, flags;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");
  wmnet_test_require_program ("exiftool");
  path = write_tagged_file ("streamable=false");

  dur_argv[7] = path;
  d = ffprobe_double (dur_argv);
  g_print ("ffprobe duration %.3f s\n", d);
  fail_unless (d > 39.5 && d < 40.5, "ffprobe duration %f", d);

  exiftool_check (path, &d, &packets, &flags);
  /* Play Duration includes the 3 s preroll (ASF spec 3.2) */
  fail_unless (d > 42.5 && d < 43.5, "exiftool duration %f", d);
  fail_unless (packets > 0);
  fail_unless_equals_int (flags, 2);    /* Seekable, not Broadcast */

  t = ffmpeg_seek_lands (path);
  g_print ("ffmpeg -ss 30 lands at %.3f s\n", t);
  fail_unless (t > 29.0 && t <= 31.0, "ffmpeg -ss 30 landed at %f", t);

  t = playbin_seek_lands (path);
  g_print ("playbin seek to 30 s lands at %.3f s\n", t);
  fail_unless (t > 29.0 && t <= 31.0, "playbin landed at %f", t);
  g_free (path);
}

GST_END_TEST;

/* streamable left unset, nothing live, into filesink: file mode by itself
 * (a user's plain `wmasfmux ! filesink` gets a duration and an index);
 * streamable=true keeps the broadcast layout */
GST_START_TEST (test_layout_by_itself)
{
  const gchar *dur_argv[] = { "ffprobe", "-v", "error", "-show_entries",
    "format=duration", "-of", "default=nw=1:nk=1", NULL, NULL
  };
  gchar *path;
  gdouble d;
  gint packets, flags;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("exiftool");
  path = write_tagged_file ("");
  exiftool_check (path, &d, &packets, &flags);
  fail_unless_equals_int (flags, 2);    /* Seekable */
  dur_argv[7] = path;
  d = ffprobe_double (dur_argv);
  fail_unless (d > 39.5 && d < 40.5, "ffprobe duration %f", d);
  g_free (path);

  path = write_tagged_file ("streamable=true");
  exiftool_check (path, &d, &packets, &flags);
  fail_unless_equals_int (flags, 1);    /* Broadcast */
  g_free (path);
}

GST_END_TEST;

/* ---- script commands ---------------------------------------------------- */

typedef struct
{
  guint32 time_ms;
  gchar *type;
  gchar *command;
} Script;

static void
script_free (gpointer p)
{
  Script *s = p;

  g_free (s->type);
  g_free (s->command);
  g_free (s);
}

/* The header's Script Command Object (ASF spec 3.15), read from the file:
 * Header Object children until its GUID. */
static GPtrArray *
read_header_scripts (const gchar * path)
{
  static const guint8 script_guid[16] = { 0x30, 0x1A, 0xFB, 0x1E, 0x62, 0x0B,
    0xD0, 0x11, 0xA3, 0x9B, 0x00, 0xA0, 0xC9, 0x03, 0x48, 0xF6
  };
  GPtrArray *scripts = g_ptr_array_new_with_free_func (script_free);
  gchar *data = NULL;
  gsize len = 0, pos = 30, end;
  GPtrArray *types = g_ptr_array_new_with_free_func (g_free);

  fail_unless (g_file_get_contents (path, &data, &len, NULL));
  fail_unless (len > 30);
  end = MIN (len, GST_READ_UINT64_LE (data + 16));
  while (pos + 24 <= end) {
    guint64 size = GST_READ_UINT64_LE (data + pos + 16);
    const guint8 *p = (const guint8 *) data + pos + 24 + 16;
    guint n_commands, n_types, i, n;

    fail_unless (size >= 24 && pos + size <= end, "bad object size");
    if (memcmp (data + pos, script_guid, 16) != 0) {
      pos += size;
      continue;
    }
    n_commands = GST_READ_UINT16_LE (p);
    n_types = GST_READ_UINT16_LE (p + 2);
    p += 4;
    for (i = 0; i < n_types; i++) {
      n = GST_READ_UINT16_LE (p);
      g_ptr_array_add (types, g_utf16_to_utf8 ((const gunichar2 *) (p + 2),
              n, NULL, NULL, NULL));
      p += 2 + 2 * n;
    }
    for (i = 0; i < n_commands; i++) {
      Script *s = g_new0 (Script, 1);
      guint type = GST_READ_UINT16_LE (p + 4);

      s->time_ms = GST_READ_UINT32_LE (p);
      fail_unless (type < types->len);
      s->type = g_strdup (g_ptr_array_index (types, type));
      n = GST_READ_UINT16_LE (p + 6);
      s->command = g_utf16_to_utf8 ((const gunichar2 *) (p + 8), n, NULL,
          NULL, NULL);
      p += 8 + 2 * n;
      g_ptr_array_add (scripts, s);
    }
    break;
  }
  g_ptr_array_unref (types);
  g_free (data);
  return scripts;
}

/* The Command Media stream as FFmpeg reads it: each packet's time, and
 * the payloads' UTF-16 strings (type, command) in order. */
static gchar *
ffmpeg_command_stream (const gchar * url, gchar *** strings)
{
  const gchar *probe[] = { "ffprobe", "-v", "error", "-select_streams", "d",
    "-show_entries", "packet=pts_time", "-of", "csv=p=0", url, NULL
  };
  gchar *bin = g_build_filename (wmnet_test_tmpdir, "commands.bin", NULL);
  const gchar *dump[] = { "ffmpeg", "-nostdin", "-v", "error", "-y", "-i",
    url, "-map", "0:d", "-c", "copy", "-f", "data", bin, NULL
  };
  gchar *times = wmnet_test_run_ok (probe, PEER_TIMEOUT_S, NULL), *out;

  out = wmnet_test_run_ok (dump, PEER_TIMEOUT_S, NULL);
  g_free (out);
  *strings = wmnet_test_utf16_strings (bin);
  g_free (bin);
  return times;
}

/* Both copies of the two commands @type1 @command1 and @type2 @command2
 * in @path: the command stream's (ffmpeg_command_stream, its times in
 * seconds to *@times) and the header's Script Command Object (its times
 * in ms, with the preroll, to @header_ms). */
static void
assert_scripts (const gchar * path, const gchar * type1,
    const gchar * command1, const gchar * type2, const gchar * command2,
    gchar ** times, guint32 header_ms[2])
{
  const gchar *want[] = { type1, command1, type2, command2 };
  GPtrArray *scripts;
  gchar **strings;
  guint i;

  *times = ffmpeg_command_stream (path, &strings);
  g_print ("command stream times:\n%s", *times);
  fail_unless_equals_int (g_strv_length (strings), 4);
  for (i = 0; i < 4; i++)
    fail_unless_equals_string (strings[i], want[i]);
  g_strfreev (strings);

  scripts = read_header_scripts (path);
  fail_unless_equals_int (scripts->len, 2);
  for (i = 0; i < 2; i++) {
    Script *s = g_ptr_array_index (scripts, i);

    fail_unless_equals_string (s->type, want[2 * i]);
    fail_unless_equals_string (s->command, want[2 * i + 1]);
    header_ms[i] = s->time_ms;
  }
  g_ptr_array_unref (scripts);
}

/* subparse's captions through text_0: CAPTION commands at their times, in
 * the stream and in the file header */
GST_START_TEST (test_text_pad_captions)
{
  gchar *srt = g_build_filename (wmnet_test_tmpdir, "c.srt", NULL);
  gchar *path = g_build_filename (wmnet_test_tmpdir, "captions.wmv", NULL);
  gchar *desc, *times;
  guint32 ms[2];

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");
  fail_unless (g_file_set_contents (srt, "1\n00:00:02,000 --> 00:00:03,000\n"
          "Hello <i>there</i>\n\n2\n00:00:05,500 --> 00:00:06,000\n"
          "Caf\xc3\xa9 & co\n\n", -1, NULL));
  desc = g_strdup_printf ("videotestsrc num-buffers=250 ! "
      "video/x-raw,width=160,height=120,framerate=25/1 ! avenc_wmv2 ! "
      "m. filesrc location=\"%s\" ! subparse ! m.text_0 "
      "wmasfmux name=m streamable=false ! filesink location=\"%s\"", srt, path);
  run_desc (desc, NULL);
  g_free (desc);
  g_free (srt);

  assert_scripts (path, "CAPTION", "Hello there", "CAPTION",
      "Caf\xc3\xa9 & co", &times, ms);
  fail_unless_equals_string (times, "2.000000\n5.500000\n");
  g_free (times);
  /* the header's copy: presentation times with the 3 s preroll */
  fail_unless_equals_int (ms[0], 5000);
  fail_unless_equals_int (ms[1], 8500);
  g_free (path);
}

GST_END_TEST;

/* the 50th and 100th frames: 2 s and 4 s of running time (the encoder's
 * own timestamps start anywhere) */
static GstPadProbeReturn
send_scripts_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  gint n = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "n")) + 1;
  GstElement *mux = user_data;
  gboolean ok = FALSE;

  g_object_set_data (G_OBJECT (pad), "n", GINT_TO_POINTER (n));
  if (n == 50) {
    g_signal_emit_by_name (mux, "send-script", "URL", "http://example.com/",
        &ok);
    fail_unless (ok);
  } else if (n == 100) {
    g_signal_emit_by_name (mux, "send-script", "TEXT", "h\xc3\xa9llo", &ok);
    fail_unless (ok);
  }
  return GST_PAD_PROBE_OK;
}

/* send-script in a live pipeline with streamable=false: commands stamped
 * at the running time, in the stream and in the header */
GST_START_TEST (test_send_script_live)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "scripts.wmv", NULL);
  gchar *desc, *times, **t;
  GstElement *pipeline, *mux, *enc;
  GstPad *pad;
  guint32 ms[2];
  gboolean ok = TRUE;

  wmnet_test_require_program ("ffprobe");
  wmnet_test_require_program ("ffmpeg");
  desc = g_strdup_printf ("videotestsrc is-live=true num-buffers=150 ! "
      "video/x-raw,width=160,height=120,framerate=25/1 ! "
      "avenc_wmv2 name=enc ! wmasfmux name=m streamable=false "
      "script-stream=true ! filesink location=\"%s\"", path);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  mux = gst_bin_get_by_name (GST_BIN (pipeline), "m");
  /* refused: no type */
  g_signal_emit_by_name (mux, "send-script", "", "x", &ok);
  fail_if (ok);
  enc = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  pad = gst_element_get_static_pad (enc, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, send_scripts_probe, mux,
      NULL);
  gst_object_unref (pad);
  gst_object_unref (enc);
  run_to_eos (pipeline, NULL);
  gst_object_unref (mux);
  gst_object_unref (pipeline);

  assert_scripts (path, "URL", "http://example.com/", "TEXT",
      "h\xc3\xa9llo", &times, ms);
  t = g_strsplit (times, "\n", -1);
  fail_unless (g_strv_length (t) >= 2);
  fail_unless (fabs (g_ascii_strtod (t[0], NULL) - 2.0) < 0.5, "%s", t[0]);
  fail_unless (fabs (g_ascii_strtod (t[1], NULL) - 4.0) < 0.5, "%s", t[1]);
  g_strfreev (t);
  g_free (times);
  fail_unless (ms[0] > 4500 && ms[0] < 5500, "%u", ms[0]);
  g_free (path);
}

GST_END_TEST;

static gboolean
file_over_40k (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 40000;
}

/* a writer killed mid-way leaves a file that plays from the start: the
 * first header is a valid broadcast header */
GST_START_TEST (test_killed_writer)
{
  gchar *path = g_build_filename (wmnet_test_tmpdir, "killed.wmv", NULL);
  gchar *location = g_strdup_printf ("location=%s", path);
  const gchar *argv[] = { "gst-launch-1.0", "-q", "videotestsrc",
    "is-live=true", "!", "video/x-raw,width=160,height=120,framerate=25/1",
    "!", "avenc_wmv2", "!", "wmasfmux", "streamable=false", "!", "filesink",
    location, NULL
  };
  const gchar *count[] = { "ffprobe", "-v", "error", "-count_frames",
    "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
    "-of", "default=nw=1:nk=1", path, NULL
  };
  GSubprocess *proc;
  GStatBuf st;
  gchar *out;

  wmnet_test_require_program ("ffprobe");
  proc = wmnet_test_spawn (argv);
  fail_unless (proc != NULL);
  /* until 2 s of data are on disk (bounded) */
  wmnet_test_wait_until (file_over_40k, (gpointer) path, 30000);
  g_subprocess_send_signal (proc, SIGKILL);
  wmnet_test_wait (proc, 10, NULL, NULL, NULL);
  g_object_unref (proc);
  fail_unless (g_stat (path, &st) == 0 && st.st_size > 40000,
      "the writer wrote too little");

  out = wmnet_test_run_ok (count, PEER_TIMEOUT_S, NULL);
  g_print ("killed writer's file: %d frames\n", atoi (out));
  fail_unless (atoi (out) >= 25, "only %s frames", out);
  g_free (out);
  g_free (location);
  g_free (path);
}

GST_END_TEST;

WMNET_TEST_MAIN_FIXTURE (wmasfmux_meta, 0, wmnet_test_tmpdir_setup,
    wmnet_test_tmpdir_teardown,
    WMNET_TEST (test_tags),
    WMNET_TEST (test_seekable_file),
    WMNET_TEST (test_layout_by_itself),
    WMNET_TEST (test_text_pad_captions),
    WMNET_TEST (test_send_script_live), WMNET_TEST (test_killed_writer));
