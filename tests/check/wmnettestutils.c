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
#include <gst/app/app.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestutils.h"

void
wmnet_test_require_program (const gchar * prog)
{
  gchar *path = g_find_program_in_path (prog);

  fail_unless (path != NULL, "required peer '%s' is not installed "
      "(install it: .ci/run and scripts/install-deps.sh do)", prog);
  g_free (path);
}

GSubprocess *
wmnet_test_spawn (const gchar * const *argv)
{
  GError *error = NULL;
  GSubprocess *proc;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
      G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDIN_INHERIT,
      &error);
  fail_unless (proc != NULL, "could not start %s: %s", argv[0],
      error ? error->message : "?");
  return proc;
}

typedef struct
{
  GMainLoop *loop;
  gboolean done;
  gboolean timed_out;
  gchar *out, *err;
} WaitCtx;

static void
communicate_done (GObject * src, GAsyncResult * res, gpointer user_data)
{
  WaitCtx *ctx = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (src), res, &ctx->out,
      &ctx->err, NULL);
  ctx->done = TRUE;
  g_main_loop_quit (ctx->loop);
}

static gboolean
wait_timeout (gpointer user_data)
{
  WaitCtx *ctx = user_data;

  ctx->timed_out = TRUE;
  g_main_loop_quit (ctx->loop);
  return G_SOURCE_REMOVE;
}

gboolean
wmnet_test_wait (GSubprocess * proc, guint timeout_s, gint * exit_status,
    gchar ** out, gchar ** err)
{
  GMainContext *context = g_main_context_new ();
  WaitCtx ctx = { 0, };
  GSource *timeout;

  g_main_context_push_thread_default (context);
  ctx.loop = g_main_loop_new (context, FALSE);
  timeout = g_timeout_source_new_seconds (timeout_s);
  g_source_set_callback (timeout, wait_timeout, &ctx, NULL);
  g_source_attach (timeout, context);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_done,
      &ctx);
  g_main_loop_run (ctx.loop);
  if (!ctx.done) {
    g_subprocess_force_exit (proc);
    while (!ctx.done)
      g_main_context_iteration (context, TRUE);
  }
  g_subprocess_wait (proc, NULL, NULL);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_loop_unref (ctx.loop);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);

  if (exit_status)
    *exit_status = g_subprocess_get_if_exited (proc) ?
        g_subprocess_get_exit_status (proc) : -1;
  if (out)
    *out = ctx.out ? ctx.out : g_strdup ("");
  else
    g_free (ctx.out);
  if (err)
    *err = ctx.err ? ctx.err : g_strdup ("");
  else
    g_free (ctx.err);
  return !ctx.timed_out;
}

gboolean
wmnet_test_run (const gchar * const *argv, guint timeout_s,
    gint * exit_status, gchar ** out, gchar ** err)
{
  GSubprocess *proc = wmnet_test_spawn (argv);
  gboolean ret = wmnet_test_wait (proc, timeout_s, exit_status, out, err);

  g_object_unref (proc);
  return ret;
}

gchar *
wmnet_test_run_ok (const gchar * const *argv, guint timeout_s, gchar ** err_out)
{
  gint status = -1;
  gchar *out = NULL, *err = NULL;
  gchar *cmd = g_strjoinv (" ", (gchar **) argv);

  wmnet_test_require_program (argv[0]);
  fail_unless (wmnet_test_run (argv, timeout_s, &status, &out, &err),
      "'%s' did not finish within %u s", cmd, timeout_s);
  fail_unless (status == 0, "'%s' exited with %d: %s", cmd, status, err);
  g_free (cmd);
  if (err_out)
    *err_out = err;
  else
    g_free (err);
  return out;
}

void
wmnet_test_assert_ffmpeg_decodes (const gchar * path)
{
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path,
    "-f", "null", "-", NULL
  };
  gchar *err = NULL;
  gchar *out = wmnet_test_run_ok (argv, 60, &err);

  fail_unless (err[0] == '\0', "ffmpeg complained about %s:\n%s", path, err);
  g_free (out);
  g_free (err);
}

gchar *
wmnet_test_make_tmpdir (void)
{
  GError *error = NULL;
  gchar *dir = g_dir_make_tmp ("wmnet-test-XXXXXX", &error);

  fail_unless (dir != NULL, "no temporary dir: %s",
      error ? error->message : "?");
  return dir;
}

void
wmnet_test_remove_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);
    g_unlink (path);
    g_free (path);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

gchar *wmnet_test_tmpdir;

void
wmnet_test_tmpdir_setup (void)
{
  wmnet_test_tmpdir = wmnet_test_make_tmpdir ();
}

void
wmnet_test_tmpdir_teardown (void)
{
  wmnet_test_remove_dir (wmnet_test_tmpdir);
  g_clear_pointer (&wmnet_test_tmpdir, g_free);
}

gchar **
wmnet_test_vlc_argv (const gchar * home, const gchar * const *args)
{
  GPtrArray *a = g_ptr_array_new ();
  const gchar *vlc[] = { "vlc", "-I", "dummy", "--no-dbus" };
  guint i;

  wmnet_test_require_program ("vlc");
  if (geteuid () == 0) {
    const gchar *as_nobody[] = { "env", "-i", "PATH=/usr/bin:/bin", NULL,
      "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"
    };

    wmnet_test_require_program ("setpriv");
    for (i = 0; i < G_N_ELEMENTS (as_nobody); i++)
      g_ptr_array_add (a, as_nobody[i] ? g_strdup (as_nobody[i]) :
          g_strdup_printf ("HOME=%s", home));
  }
  for (i = 0; i < G_N_ELEMENTS (vlc); i++)
    g_ptr_array_add (a, g_strdup (vlc[i]));
  for (i = 0; args[i]; i++)
    g_ptr_array_add (a, g_strdup (args[i]));
  g_ptr_array_add (a, NULL);
  return (gchar **) g_ptr_array_free (a, FALSE);
}

gchar **
wmnet_test_utf16_strings (const gchar * path)
{
  gchar *data = NULL;
  gsize len = 0, i, start = 0;
  GPtrArray *a = g_ptr_array_new ();

  fail_unless (g_file_get_contents (path, &data, &len, NULL));
  for (i = 0; i + 1 < len; i += 2) {
    if (data[i] == 0 && data[i + 1] == 0) {
      g_ptr_array_add (a, g_utf16_to_utf8 ((const gunichar2 *) (data +
                  start), (i - start) / 2, NULL, NULL, NULL));
      start = i + 2;
    }
  }
  g_ptr_array_add (a, NULL);
  g_free (data);
  return (gchar **) g_ptr_array_free (a, FALSE);
}

GSocket *
wmnet_test_connect (const gchar * host, guint port, const gchar * bind_addr,
    GError ** error)
{
  GInetAddress *addr = g_inet_address_new_from_string (host);
  GSocketAddress *sa;
  GSocket *sock;

  g_return_val_if_fail (addr != NULL, NULL);
  sock = g_socket_new (g_inet_address_get_family (addr),
      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (sock == NULL) {
    g_object_unref (addr);
    return NULL;
  }
  g_socket_set_timeout (sock, 10);
  if (bind_addr) {
    GInetAddress *b = g_inet_address_new_from_string (bind_addr);
    GSocketAddress *bsa = g_inet_socket_address_new (b, 0);
    gboolean ok = g_socket_bind (sock, bsa, FALSE, error);

    g_object_unref (bsa);
    g_object_unref (b);
    if (!ok) {
      g_object_unref (sock);
      g_object_unref (addr);
      return NULL;
    }
  }
  sa = g_inet_socket_address_new (addr, port);
  if (!g_socket_connect (sock, sa, NULL, error))
    g_clear_object (&sock);
  g_object_unref (sa);
  g_object_unref (addr);
  return sock;
}

gboolean
wmnet_test_send_all (GSocket * sock, const gchar * data, gsize len)
{
  while (len > 0) {
    gssize n = g_socket_send (sock, data, len, NULL, NULL);

    if (n <= 0)
      return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}

GByteArray *
wmnet_test_recv (GSocket * sock, gsize want, guint timeout_ms)
{
  GByteArray *arr = g_byte_array_new ();
  gint64 deadline =
      g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT (1000);
  guint8 buf[16384];

  while (arr->len < want) {
    gint64 left = deadline - g_get_monotonic_time ();
    gssize n;

    if (left <= 0)
      break;
    if (!g_socket_condition_timed_wait (sock, G_IO_IN | G_IO_HUP, left, NULL,
            NULL))
      break;
    n = g_socket_receive (sock, (gchar *) buf, MIN (sizeof (buf),
            want - arr->len), NULL, NULL);
    if (n <= 0)
      break;
    g_byte_array_append (arr, buf, n);
  }
  return arr;
}

gboolean
wmnet_test_wait_until (WmnetTestCondition cond, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT (1000);
  GMainContext *context = g_main_context_get_thread_default ();

  while (!cond (data)) {
    if (g_get_monotonic_time () >= end)
      return cond (data);
    while (g_main_context_iteration (context, FALSE));
    g_usleep (2000);
  }
  return TRUE;
}

struct _WmnetTestReader
{
  GSocket *sock;
  GThread *thread;
  gint stop;
  gint ended;
  gsize bytes;                  /* atomic */
};

static gpointer
reader_run (gpointer data)
{
  WmnetTestReader *r = data;
  gchar buf[16384];

  while (!g_atomic_int_get (&r->stop)) {
    gssize n;

    /* woken now and then to see whether it is stopped */
    if (!g_socket_condition_timed_wait (r->sock, G_IO_IN, 200000, NULL, NULL))
      continue;
    n = g_socket_receive (r->sock, buf, sizeof (buf), NULL, NULL);
    if (n <= 0) {
      g_atomic_int_set (&r->ended, 1);
      break;
    }
    g_atomic_pointer_add (&r->bytes, n);
  }
  return NULL;
}

WmnetTestReader *
wmnet_test_reader_start (GSocket * sock)
{
  WmnetTestReader *r = g_new0 (WmnetTestReader, 1);

  r->sock = g_object_ref (sock);
  r->thread = g_thread_new ("test-reader", reader_run, r);
  return r;
}

gsize
wmnet_test_reader_bytes (WmnetTestReader * r)
{
  return g_atomic_pointer_get (&r->bytes);
}

typedef struct
{
  WmnetTestReader *reader;
  gsize bytes;
} ReaderWait;

static gboolean
reader_has_read (gpointer data)
{
  ReaderWait *w = data;

  return wmnet_test_reader_bytes (w->reader) >= w->bytes;
}

gboolean
wmnet_test_reader_wait (WmnetTestReader * r, gsize bytes, guint timeout_ms)
{
  ReaderWait w = { r, bytes };

  return wmnet_test_wait_until (reader_has_read, &w, timeout_ms);
}

gboolean
wmnet_test_reader_stop (WmnetTestReader * r)
{
  gboolean ended;

  g_atomic_int_set (&r->stop, 1);
  g_thread_join (r->thread);
  ended = g_atomic_int_get (&r->ended);
  g_object_unref (r->sock);
  g_free (r);
  return ended;
}

/* Lines of @text that hold @needle (anywhere, or at the start). */
static guint
count_matching_lines (const gchar * text, const gchar * needle,
    gboolean at_start)
{
  gchar **lines = g_strsplit (text ? text : "", "\n", -1);
  guint i, count = 0;

  for (i = 0; lines[i]; i++)
    if (at_start ? g_str_has_prefix (lines[i], needle) :
        strstr (lines[i], needle) != NULL)
      count++;
  g_strfreev (lines);
  return count;
}

guint
wmnet_test_count_lines (const gchar * text, const gchar * needle)
{
  return count_matching_lines (text, needle, FALSE);
}

guint
wmnet_test_count_prefix_lines (const gchar * text, const gchar * prefix)
{
  return count_matching_lines (text, prefix, TRUE);
}

gchar *
wmnet_test_ffprobe_field (const gchar * text, guint n, const gchar * key)
{
  gchar **lines = g_strsplit (text ? text : "", "\n", -1);
  gchar *prefix = g_strdup_printf ("%s=", key);
  gchar *ret = NULL;
  gint block = -1;
  guint i;

  for (i = 0; lines[i] && !ret; i++) {
    g_strstrip (lines[i]);
    if (g_str_equal (lines[i], "[STREAM]"))
      block++;
    else if (block == (gint) n && g_str_has_prefix (lines[i], prefix))
      ret = g_strdup (lines[i] + strlen (prefix));
  }
  g_free (prefix);
  g_strfreev (lines);
  return ret;
}

void
wmnet_test_assert_ffprobe_fields (const gchar * text,
    const WmnetTestProbeField * fields, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    gchar *v = wmnet_test_ffprobe_field (text, fields[i].stream,
        fields[i].key);

    fail_unless (g_strcmp0 (v, fields[i].value) == 0,
        "ffprobe stream %u: %s=%s, not %s", fields[i].stream, fields[i].key,
        GST_STR_NULL (v), fields[i].value);
    g_free (v);
  }
}

void
wmnet_test_assert_ffprobe_streams (const gchar * input, guint n_streams,
    const WmnetTestProbeField * fields, guint n, guint timeout_s)
{
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_streams", input,
    NULL
  };
  gchar *err = NULL;
  gchar *out = wmnet_test_run_ok (argv, timeout_s, &err);

  fail_unless (err[0] == '\0', "ffprobe complained about %s: %s", input, err);
  fail_unless_equals_int (wmnet_test_count_lines (out, "[STREAM]"), n_streams);
  wmnet_test_assert_ffprobe_fields (out, fields, n);
  g_free (out);
  g_free (err);
}

void
wmnet_test_assert_plays_wmv (const gchar * scheme, guint port,
    const gchar * path, const gchar * width, const gchar * height,
    guint timeout_s)
{
  gchar *url = g_strdup_printf ("%s://127.0.0.1:%u%s", scheme, port, path);
  const WmnetTestProbeField want[] = {
    {0, "codec_name", "wmv2"}, {0, "width", width}, {0, "height", height},
    {1, "codec_name", "wmav2"},
  };

  wmnet_test_assert_ffprobe_streams (url, 2, want, G_N_ELEMENTS (want),
      timeout_s);
  g_free (url);
}

GstStructure *
wmnet_test_get_stats (GstElement * pipeline)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GstStructure *st = NULL;

  g_object_get (s, "stats", &st, NULL);
  gst_object_unref (s);
  fail_unless (st != NULL);
  fail_unless (gst_structure_has_name (st, "wmnetsink-stats"));
  return st;
}

guint64
wmnet_test_get_stat (GstElement * pipeline, const gchar * field)
{
  GstStructure *st = wmnet_test_get_stats (pipeline);
  guint64 n = 0;

  fail_unless (gst_structure_get_uint64 (st, field, &n), "no %s", field);
  gst_structure_free (st);
  return n;
}

GstStructure *
wmnet_test_pop_element_message (GstElement * pipeline, const gchar * name,
    guint timeout_ms)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  gint64 deadline =
      g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT (1000);
  GstStructure *ret = NULL;

  while (ret == NULL) {
    gint64 left = deadline - g_get_monotonic_time ();
    GstMessage *msg;

    if (left <= 0)
      break;
    msg = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR);
    if (msg == NULL)
      break;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;
      gchar *dbg = NULL;

      gst_message_parse_error (msg, &err, &dbg);
      fail ("error while waiting for %s: %s (%s)", name, err->message,
          dbg ? dbg : "");
    }
    if (gst_structure_has_name (gst_message_get_structure (msg), name)
        || (g_str_has_suffix (name, "-")
            && g_str_has_prefix (gst_structure_get_name
                (gst_message_get_structure (msg)), name)))
      ret = gst_structure_copy (gst_message_get_structure (msg));
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return ret;
}

static GstElement *
parse (const gchar * desc)
{
  GError *error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);

  fail_unless (pipeline != NULL, "cannot build '%s': %s", desc,
      error ? error->message : "?");
  return pipeline;
}

static GstElement *
start (GstElement * pipeline, guint * port)
{
  GstStructure *s;

  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE, "pipeline does not start");
  s = wmnet_test_pop_element_message (pipeline, "wmnetsink-listening", 10000);
  fail_unless (s != NULL, "no wmnetsink-listening message");
  fail_unless (gst_structure_get_uint (s, "port", port));
  fail_unless (*port > 0);
  gst_structure_free (s);
  return pipeline;
}

GstElement *
wmnet_test_start_pipeline (const gchar * desc, guint * port)
{
  return start (parse (desc), port);
}

/* ---- a recorded broadcast, without libav in the process ----------------- */

gboolean
wmnet_test_no_libav (void)
{
  const gchar *env = g_getenv ("WMNET_TEST_NO_LIBAV");

  return env != NULL && *env != '\0' && strcmp (env, "0") != 0;
}

guint
wmnet_test_time_factor (void)
{
  guint64 f = g_ascii_strtoull (g_getenv ("WMNET_TEST_TIME_FACTOR") ?
      g_getenv ("WMNET_TEST_TIME_FACTOR") : "1", NULL, 10);

  return (guint) CLAMP (f, 1, 100);
}

void
wmnet_test_assert_no_libav (void)
{
  static const gchar *const libs[] = { "libgstlibav", "libavcodec",
    "libhwy", "libx264"
  };
  gchar *maps = NULL;
  guint i;

  fail_unless (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  for (i = 0; i < G_N_ELEMENTS (libs); i++)
    fail_if (strstr (maps, libs[i]) != NULL, "%s is loaded in this process",
        libs[i]);
  g_free (maps);
}

typedef struct
{
  GstCaps *caps;
  GPtrArray *buffers;
} Track;

/* video, audio; loaded once, kept for the life of the process */
static Track recorded[2];
static GstClockTime recorded_start, recorded_period;

static void
load_track (GstElement * pipeline, const gchar * name, Track * track)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), name);
  GstSample *sample;

  track->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    if (track->caps == NULL)
      track->caps = gst_caps_ref (gst_sample_get_caps (sample));
    g_ptr_array_add (track->buffers,
        gst_buffer_ref (gst_sample_get_buffer (sample)));
    gst_sample_unref (sample);
  }
  fail_unless (gst_app_sink_is_eos (GST_APP_SINK (sink)),
      "recorded %s track not read within 10 s", name);
  fail_unless (track->buffers->len >= 2, "recorded %s track is empty", name);
  gst_object_unref (sink);
}

static void
load_recorded (void)
{
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error",
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25,noise=alls=30:allf=t",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "4",
    "-c:v", "wmv2", "-g", "10", "-b:v", "1000k", "-c:a", "wmav2", "-ac", "1",
    "-b:a", "64k", "-f", "asf", NULL, NULL
  };
  gchar *dir = wmnet_test_make_tmpdir ();
  gchar *path = g_build_filename (dir, "recorded.wmv", NULL);
  gchar *desc, *err = NULL;
  GstElement *pipeline;
  gint status;
  guint i;

  wmnet_test_require_program ("ffmpeg");
  argv[G_N_ELEMENTS (argv) - 2] = path;
  fail_unless (wmnet_test_run (argv, 60, &status, NULL, &err),
      "ffmpeg did not finish");
  fail_unless (status == 0, "ffmpeg failed: %s", err);
  g_free (err);

  desc = g_strdup_printf ("filesrc location=\"%s\" ! asfdemux name=d "
      "d.video_0 ! queue ! appsink name=video sync=false "
      "d.audio_0 ! queue ! appsink name=audio sync=false", path);
  pipeline = parse (desc);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  load_track (pipeline, "video", &recorded[0]);
  load_track (pipeline, "audio", &recorded[1]);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pipeline);

  /* both tracks loop together, with the period of the longer one: its last
   * PTS plus its last frame interval (asfdemux sets no durations) */
  recorded_start = MIN (GST_BUFFER_PTS (recorded[0].buffers->pdata[0]),
      GST_BUFFER_PTS (recorded[1].buffers->pdata[0]));
  for (i = 0; i < 2; i++) {
    GPtrArray *b = recorded[i].buffers;
    GstClockTime last = GST_BUFFER_PTS (b->pdata[b->len - 1]);
    GstClockTime prev = GST_BUFFER_PTS (b->pdata[b->len - 2]);

    recorded_period = MAX (recorded_period,
        last + (last - prev) - recorded_start);
  }

  wmnet_test_remove_dir (dir);
  g_free (desc);
  g_free (path);
  g_free (dir);
}

typedef struct
{
  const Track *track;
  guint next;
  GstClockTime offset;
} Feeder;

/* appsrc's streaming thread asks whenever its queue runs empty; the sink
 * syncs, so this runs in real time */
static void
feed (GstAppSrc * src, guint length, gpointer user_data)
{
  Feeder *f = user_data;
  GstBuffer *buf;

  if (f->next == f->track->buffers->len) {
    f->next = 0;
    f->offset += recorded_period;
  }
  buf = gst_buffer_copy (f->track->buffers->pdata[f->next++]);
  GST_BUFFER_PTS (buf) += f->offset - recorded_start;
  GST_BUFFER_DTS (buf) = GST_BUFFER_PTS (buf);
  GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_DISCONT);
  gst_app_src_push_buffer (src, buf);
}

GstElement *
wmnet_test_start_recorded (const gchar * extra, guint * port)
{
  static const gchar *const names[] = { "video", "audio" };
  GstAppSrcCallbacks callbacks = { feed, NULL, NULL };
  gchar *desc;
  GstElement *pipeline;
  guint i;

  if (recorded[0].buffers == NULL)
    load_recorded ();

  desc = g_strdup_printf ("wmnetsink name=s port=0 address=127.0.0.1 %s "
      "appsrc name=video is-live=true format=time ! queue ! s.video_0 "
      "appsrc name=audio is-live=true format=time ! queue ! s.audio_0", extra);
  pipeline = parse (desc);
  g_free (desc);
  for (i = 0; i < 2; i++) {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), names[i]);
    Feeder *f = g_new0 (Feeder, 1);

    f->track = &recorded[i];
    gst_app_src_set_caps (GST_APP_SRC (src), recorded[i].caps);
    gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, f, g_free);
    gst_object_unref (src);
  }
  return start (pipeline, port);
}

void
wmnet_test_stop_pipeline (GstElement * pipeline)
{
  fail_unless (gst_element_set_state (pipeline, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pipeline);
}

void
wmnet_test_run_to_eos (const gchar * desc, guint timeout_s)
{
  GError *error = NULL;
  GstElement *p = gst_parse_launch (desc, &error);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (p != NULL, "cannot build %s: %s", desc,
      error ? error->message : "?");
  g_clear_error (&error);
  bus = gst_element_get_bus (p);
  fail_if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, timeout_s * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s did not finish", desc);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *e = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &e, &dbg);
    fail ("%s: %s (%s)", desc, e->message, dbg);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
}

gboolean
wmnet_test_wait_eos (GstElement * pipeline, guint timeout_s)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout_s * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gboolean eos = msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;

  if (msg)
    gst_message_unref (msg);
  gst_object_unref (bus);
  return eos;
}

guint
wmnet_test_num_clients (GstElement * pipeline)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  guint n;

  fail_unless (s != NULL, "no element named s");
  g_object_get (s, "num-clients", &n, NULL);
  gst_object_unref (s);
  return n;
}

GPtrArray *
wmnet_test_get_clients (GstElement * pipeline)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GValue v = G_VALUE_INIT;
  GPtrArray *arr = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  guint i;

  fail_unless (s != NULL, "no element named s");
  g_value_init (&v, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (s), "clients", &v);
  for (i = 0; i < gst_value_array_get_size (&v); i++)
    g_ptr_array_add (arr, gst_structure_copy (gst_value_get_structure
            (gst_value_array_get_value (&v, i))));
  g_value_unset (&v);
  gst_object_unref (s);
  return arr;
}

typedef struct
{
  GstElement *pipeline;
  guint n;
} NumClients;

static gboolean
has_num_clients (gpointer data)
{
  NumClients *w = data;

  return wmnet_test_num_clients (w->pipeline) == w->n;
}

gboolean
wmnet_test_wait_num_clients (GstElement * pipeline, guint n, guint timeout_ms)
{
  NumClients w = { pipeline, n };

  return wmnet_test_wait_until (has_num_clients, &w, timeout_ms);
}

typedef struct
{
  GstElement *pipeline;
  guint64 bytes;
} SentWait;

static gboolean
clients_sent (gpointer data)
{
  SentWait *w = data;
  GPtrArray *clients = wmnet_test_get_clients (w->pipeline);
  guint i, done = 0, n_clients = clients->len;

  for (i = 0; i < n_clients; i++) {
    guint64 n = 0;

    gst_structure_get_uint64 (g_ptr_array_index (clients, i), "bytes-sent", &n);
    if (n >= w->bytes)
      done++;
  }
  g_ptr_array_unref (clients);
  return n_clients > 0 && done == n_clients;
}

gboolean
wmnet_test_wait_sent (GstElement * pipeline, guint64 bytes, guint timeout_ms)
{
  SentWait w = { pipeline, bytes };

  return wmnet_test_wait_until (clients_sent, &w, timeout_ms);
}

typedef struct
{
  gboolean key_only;            /* key packets only; the probe then leaves */
  guint n;
  gint count;                   /* atomic */
} PacketsWait;

static GstPadProbeReturn
count_packet (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  PacketsWait *w = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)
      || (w->key_only && GST_BUFFER_FLAG_IS_SET (buf,
              GST_BUFFER_FLAG_DELTA_UNIT)))
    return GST_PAD_PROBE_OK;
  if (g_atomic_int_add (&w->count, 1) + 1 >= (gint) w->n && w->key_only)
    return GST_PAD_PROBE_REMOVE;
  return GST_PAD_PROBE_OK;
}

static gboolean
enough_packets (gpointer data)
{
  PacketsWait *w = data;

  return (guint) g_atomic_int_get (&w->count) >= w->n;
}

/* Waits for @n packets (not the header) into the serversink inside the
 * wmnetsink named "s", or with @key_only for @n key packets. */
static gboolean
wait_packets_counted (GstElement * pipeline, guint n, gboolean key_only,
    guint timeout_ms)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (s), "serversink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  /* the probe's and ours: it may still run once after its removal */
  PacketsWait *w = g_atomic_rc_box_new0 (PacketsWait);
  gulong id;
  gboolean ok;

  w->key_only = key_only;
  w->n = n;
  id = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_packet,
      g_atomic_rc_box_acquire (w), g_atomic_rc_box_release);
  ok = wmnet_test_wait_until (enough_packets, w, timeout_ms);
  /* a key packet's probe has removed itself once it saw its packets */
  if (!ok || !key_only)
    gst_pad_remove_probe (pad, id);
  g_atomic_rc_box_release (w);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (s);
  return ok;
}

gboolean
wmnet_test_wait_key_packet (GstElement * pipeline, guint timeout_ms)
{
  return wait_packets_counted (pipeline, 1, TRUE, timeout_ms);
}

gboolean
wmnet_test_wait_packets (GstElement * pipeline, guint n, guint timeout_ms)
{
  return wait_packets_counted (pipeline, n, FALSE, timeout_ms);
}

GBytes *
wmnet_test_pad_streamheader (GstPad * pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  const GValue *array;
  GstBuffer *buf;
  GstMapInfo map;
  GBytes *bytes;

  fail_unless (caps != NULL, "%s:%s has no caps", GST_DEBUG_PAD_NAME (pad));
  array = gst_structure_get_value (gst_caps_get_structure (caps, 0),
      "streamheader");
  fail_unless (array != NULL && gst_value_array_get_size (array) == 1,
      "%" GST_PTR_FORMAT, caps);
  buf = gst_value_get_buffer (gst_value_array_get_value (array, 0));
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buf, &map);
  gst_caps_unref (caps);
  return bytes;
}

gchar *
wmnet_test_describe_server (GstElement * pipeline)
{
  GString *s = g_string_new (NULL);
  GstState state = GST_STATE_VOID_PENDING;
  gint64 pos = -1;
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *m;
  GPtrArray *clients;
  guint i;

  gst_element_get_state (pipeline, &state, NULL, 0);
  gst_element_query_position (pipeline, GST_FORMAT_TIME, &pos);
  g_string_append_printf (s, "pipeline %s at %" GST_TIME_FORMAT,
      gst_element_state_get_name (state), GST_TIME_ARGS (pos));
  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR))) {
    GError *error = NULL;

    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
      g_string_append (s, "; EOS posted");
    } else {
      gst_message_parse_error (m, &error, NULL);
      g_string_append_printf (s, "; error: %s", error->message);
      g_error_free (error);
    }
    gst_message_unref (m);
  }
  gst_object_unref (bus);
  clients = wmnet_test_get_clients (pipeline);
  g_string_append_printf (s, "; %u client(s)", clients->len);
  for (i = 0; i < clients->len; i++) {
    gchar *c = gst_structure_to_string (g_ptr_array_index (clients, i));

    g_string_append_printf (s, "\n  %s", c);
    g_free (c);
  }
  g_ptr_array_unref (clients);
  return g_string_free (s, FALSE);
}

static void
count_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad,
    gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

void
wmnet_test_play_for (GstElement * client, guint seconds, const gchar * what)
{
  GstBus *bus = gst_element_get_bus (client);
  GstMessage *msg;

  fail_if (gst_element_set_state (client, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, seconds * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  if (msg) {
    GError *e = NULL;
    gchar *debug = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      gst_message_parse_error (msg, &e, &debug);
    fail ("%s stopped: %s (%s)", what, e ? e->message : "EOS",
        GST_STR_NULL (debug));
  }
  gst_element_set_state (client, GST_STATE_NULL);
  gst_object_unref (bus);
}

void
wmnet_test_play_souphttpsrc (guint port, guint seconds, gint * video,
    gint * audio)
{
  gchar *desc = g_strdup_printf ("souphttpsrc location=http://127.0.0.1:%u/ "
      "! asfdemux name=d d.video_0 ! queue ! decodebin ! fakesink name=v "
      "signal-handoffs=true d.audio_0 ! queue ! decodebin ! "
      "fakesink name=a signal-handoffs=true", port);
  GstElement *client = gst_parse_launch (desc, NULL);
  GstElement *vsink, *asink;

  *video = *audio = 0;
  fail_unless (client != NULL);
  vsink = gst_bin_get_by_name (GST_BIN (client), "v");
  asink = gst_bin_get_by_name (GST_BIN (client), "a");
  g_signal_connect (vsink, "handoff", G_CALLBACK (count_handoff), video);
  g_signal_connect (asink, "handoff", G_CALLBACK (count_handoff), audio);
  wmnet_test_play_for (client, seconds, "souphttpsrc client");
  GST_INFO ("GStreamer client decoded %d video and %d audio buffers",
      g_atomic_int_get (video), g_atomic_int_get (audio));

  gst_object_unref (vsink);
  gst_object_unref (asink);
  gst_object_unref (client);
  g_free (desc);
}

static GMutex caught_lock;

static gboolean
keep_warning (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer into)
{
  g_mutex_lock (&caught_lock);
  g_ptr_array_add (into, g_strdup (message));
  g_mutex_unlock (&caught_lock);
  /* expected: GstCheck must not fail the test for it */
  return TRUE;
}

GstCheckLogFilter *
wmnet_test_catch_warnings (const gchar * pattern, GPtrArray * into)
{
  return gst_check_add_log_filter (NULL, G_LOG_LEVEL_WARNING,
      g_regex_new (pattern, 0, 0, NULL), keep_warning, into, NULL);
}
