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

/* Helpers shared by the tests: running real peers (ffmpeg, ffprobe) with a
 * time bound, and raw loopback clients. */

#ifndef __WMNET_TEST_UTILS_H__
#define __WMNET_TEST_UTILS_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fails the current test loudly when @prog is not on PATH: a test that needs
 * a peer never skips silently. */
void wmnet_test_require_program (const gchar * prog);

/* Runs @argv, killing it after @timeout_s seconds. Captures stdout and
 * stderr into @out and @err (each may be NULL). Returns FALSE when it could
 * not start or was killed for the time bound; @exit_status gets the exit
 * code (or -1). */
gboolean wmnet_test_run (const gchar * const *argv, guint timeout_s,
    gint * exit_status, gchar ** out, gchar ** err);

/* Starts @argv in the background with stdout and stderr piped; the caller
 * waits with wmnet_test_wait(). */
GSubprocess *wmnet_test_spawn (const gchar * const *argv);
gboolean wmnet_test_wait (GSubprocess * proc, guint timeout_s,
    gint * exit_status, gchar ** out, gchar ** err);

/* Runs @argv (its program required) within @timeout_s and fails the test
 * unless it exits 0. Returns its stdout; *@err_out (if not NULL) its
 * stderr. Free both with g_free(). */
gchar *wmnet_test_run_ok (const gchar * const *argv, guint timeout_s,
    gchar ** err_out);
/* `ffmpeg -v error -i @path -f null -` decodes the file without a word on
 * stderr. */
void wmnet_test_assert_ffmpeg_decodes (const gchar * path);
/* Makes a temporary directory for the test; removed by
 * wmnet_test_remove_dir(). */
gchar *wmnet_test_make_tmpdir (void);
void wmnet_test_remove_dir (const gchar * dir);
/* A checked fixture (tcase_add_checked_fixture) that gives each test a
 * fresh wmnet_test_tmpdir and removes it after the test. */
extern gchar *wmnet_test_tmpdir;
void wmnet_test_tmpdir_setup (void);
void wmnet_test_tmpdir_teardown (void);

/* VLC's argv: `vlc -I dummy --no-dbus` and @args (NULL-terminated);
 * under root run as nobody (`env -i PATH=/usr/bin:/bin HOME=@home setpriv
 * --reuid=nobody --regid=nogroup --clear-groups --`), since VLC refuses to
 * run as root. Fails the test when vlc (or, under root, setpriv) is
 * missing. Free with g_strfreev(). */
gchar **wmnet_test_vlc_argv (const gchar * home, const gchar * const *args);
/* The UTF-16LE strings of @path (a command stream dump), each ended by a
 * NUL character, in order, as UTF-8. Free with g_strfreev(). */
gchar **wmnet_test_utf16_strings (const gchar * path);

/* A blocking loopback TCP client with a receive timeout: connects to
 * @host:@port (optionally from @bind_addr, e.g. "127.0.0.2"), sends
 * @request verbatim. */
GSocket *wmnet_test_connect (const gchar * host, guint port,
    const gchar * bind_addr, GError ** error);
gboolean wmnet_test_send_all (GSocket * sock, const gchar * data, gsize len);
/* Reads until @want bytes, EOF or @timeout_ms; returns what arrived. */
GByteArray *wmnet_test_recv (GSocket * sock, gsize want, guint timeout_ms);

/* Waits until @cond (@data) is TRUE or @timeout_ms passed, dispatching
 * what the thread-default main context has meanwhile; returns the last
 * result of @cond. The one polling loop of the tests: a condition that no
 * event announces (a server thread's counter, a descriptor count) is looked
 * at every 2 ms. */
typedef gboolean (*WmnetTestCondition) (gpointer data);
gboolean wmnet_test_wait_until (WmnetTestCondition cond, gpointer data,
    guint timeout_ms);

/* A thread that reads @sock (a reference of its own) and counts the
 * bytes, until stopped or the connection ends: a player that keeps up.
 * wmnet_test_reader_wait() waits, bounded, until it read @bytes in all;
 * wmnet_test_reader_stop() frees it and returns whether the connection
 * had ended. */
typedef struct _WmnetTestReader WmnetTestReader;
WmnetTestReader *wmnet_test_reader_start (GSocket * sock);
gsize wmnet_test_reader_bytes (WmnetTestReader * r);
gboolean wmnet_test_reader_wait (WmnetTestReader * r, gsize bytes,
    guint timeout_ms);
gboolean wmnet_test_reader_stop (WmnetTestReader * r);

/* FFmpeg's mmsh client (libavformat mmsh.c), byte for byte: a describe,
 * then a play on a new connection, the latter with FFmpeg's missing CRLF
 * after stream-time=0 (docs/design.md, "What real clients send and
 * expect"). */
#define WMNET_TEST_FFMPEG_DESCRIBE \
  "GET / HTTP/1.1\r\n" \
  "Range: bytes=0-\r\n" \
  "Icy-MetaData: 1\r\n" \
  "Accept: */*\r\n" \
  "User-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Host: 127.0.0.1\r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,request-context=1,max-duration=0\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Connection: Close\r\n\r\n"
#define WMNET_TEST_FFMPEG_PLAY \
  "GET / HTTP/1.1\r\n" \
  "Range: bytes=0-\r\n" \
  "Connection: close\r\n" \
  "Icy-MetaData: 1\r\n" \
  "Accept: */*\r\n" \
  "User-Agent: NSPlayer/4.1.0.3856\r\n" \
  "Host: 127.0.0.1\r\n" \
  WMNET_TEST_FFMPEG_PLAY_PRAGMAS
/* the play's lines after its Host line */
#define WMNET_TEST_FFMPEG_PLAY_PRAGMAS \
  "Pragma: no-cache,rate=1.000000,request-context=2\r\n" \
  "Pragma: xPlayStrm=1\r\n" \
  "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n" \
  "Pragma: stream-switch-count=2\r\n" \
  "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 \r\n" \
  "Pragma: no-cache,rate=1.000000,stream-time=0Connection: Close\r\n\r\n"

/* VLC 3.0's mmsh play request to 127.0.0.1 (docs/design.md, "What real
 * clients send and expect"), with @extra (more Pragma lines, e.g. a
 * stream selection) before its end. */
#define WMNET_TEST_VLC_PLAY(extra) \
  "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: */*\r\n" \
  "User-Agent: NSPlayer/7.10.0.3059\r\n" \
  "Pragma: no-cache,rate=1.000000,request-context=2\r\n" \
  "Pragma: xPlayStrm=1\r\n" \
  "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n" \
  extra "Connection: Close\r\n\r\n"

/* Counts lines of @text that contain @needle. */
guint wmnet_test_count_lines (const gchar * text, const gchar * needle);
/* Counts lines of @text (NULL: none) that start with @prefix. */
guint wmnet_test_count_prefix_lines (const gchar * text,
    const gchar * prefix);
/* Value of "key=value" in ffprobe's default/flat key=value output for the
 * @n-th stream block (0-based), or NULL. */
gchar *wmnet_test_ffprobe_field (const gchar * text, guint n,
    const gchar * key);
/* An expectation table for ffprobe's output: stream block @stream
 * (0-based) has "@key=@value". */
typedef struct
{
  guint stream;
  const gchar *key;
  const gchar *value;
} WmnetTestProbeField;
/* Fails the test at the first of the @n @fields that @text does not have
 * with its value (a field that is missing fails too). */
void wmnet_test_assert_ffprobe_fields (const gchar * text,
    const WmnetTestProbeField * fields, guint n);
/* ffprobe -show_streams of @input (a path or URL) within @timeout_s: no
 * complaint, @n_streams streams and the @n @fields. */
void wmnet_test_assert_ffprobe_streams (const gchar * input, guint n_streams,
    const WmnetTestProbeField * fields, guint n, guint timeout_s);
/* FFmpeg (ffprobe) plays @scheme://127.0.0.1:@port@path within
 * @timeout_s: WMV2 of @width x @height (decimal strings) and WMA2. */
void wmnet_test_assert_plays_wmv (const gchar * scheme, guint port,
    const gchar * path, const gchar * width, const gchar * height,
    guint timeout_s);

G_END_DECLS

#include <gst/gst.h>
#include <gst/check/gstcheck.h>

G_BEGIN_DECLS

/* A live WMV2 (320x240@25) + WMA2 (44.1 kHz mono) test broadcast into
 * wmnetsink name=s on 127.0.0.1, port 0; @extra is appended to the
 * wmnetsink description (properties). */
#define WMNET_TEST_LIVE_BROADCAST(extra) \
  "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 ! " \
  "avenc_wmv2 bitrate=400000 gop-size=50 ! queue ! wmnetsink name=s port=0 address=127.0.0.1 " extra " " \
  "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! audioconvert ! " \
  "avenc_wmav2 ! queue ! s."

/* TRUE under the valgrind test setup (WMNET_TEST_NO_LIBAV=1): nothing in
 * the process may load libav, whose libavcodec pulls in libhwy, and
 * valgrind 3.19 stops with SIGILL at libhwy's RDTSCP on AMD CPUs. Element
 * tests then feed wmnet_test_start_recorded() only. */
gboolean wmnet_test_no_libav (void);
/* How many times longer a wall-clock bound of a test may be: 10 under the
 * valgrind setup (WMNET_TEST_TIME_FACTOR), whose slowdown overran fixed
 * bounds; 1 otherwise. */
guint wmnet_test_time_factor (void);
/* Fails the test when libav (libgstlibav, libavcodec, libhwy, libx264) is
 * mapped in this process. */
void wmnet_test_assert_no_libav (void);

/* A recorded live broadcast into wmnetsink name=s on 127.0.0.1, port 0:
 * WMV2 (320x240@25, a key frame every 0.4 s) + WMA2 (44.1 kHz mono),
 * encoded once per process by the ffmpeg program (a child: valgrind does
 * not trace it), demuxed with asfdemux, and replayed in a loop by live
 * appsrcs, so the process never loads libav. @extra is appended to the
 * wmnetsink description. Returns the started pipeline, as
 * wmnet_test_start_pipeline(). */
GstElement *wmnet_test_start_recorded (const gchar * extra, guint * port);

/* Parses @desc, brings it to PLAYING and waits (bounded) for the
 * wmnetsink-listening message of the element named "s". Returns the
 * pipeline; the port is in @port. */
GstElement *wmnet_test_start_pipeline (const gchar * desc, guint * port);
/* The wmnetsink named "s" in @pipeline: its num-clients, its clients (a
 * copy of each structure), and a bounded wait for num-clients to be @n. */
guint wmnet_test_num_clients (GstElement * pipeline);
GPtrArray *wmnet_test_get_clients (GstElement * pipeline);
gboolean wmnet_test_wait_num_clients (GstElement * pipeline, guint n,
    guint timeout_ms);
/* A bounded wait until the server "s" in @pipeline lists a client and each
 * client it lists was sent @bytes or more (its bytes-sent). */
gboolean wmnet_test_wait_sent (GstElement * pipeline, guint64 bytes,
    guint timeout_ms);
/* What a failure message should say of @pipeline's server: the pipeline's
 * state and position, an EOS or error on its bus, and each client's
 * structure from "clients". Free with g_free(). */
gchar *wmnet_test_describe_server (GstElement * pipeline);
/* Plays http://127.0.0.1:@port/ in this process with souphttpsrc !
 * asfdemux ! decodebin for @seconds; fails the test when the client stops
 * early. @video and @audio get the buffers decoded. */
void wmnet_test_play_souphttpsrc (guint port, guint seconds, gint * video,
    gint * audio);
/* Plays @client (a player pipeline that does not end by itself) for
 * @seconds, then sets it to NULL; fails the test, naming it @what, when it
 * cannot start or posts an error or EOS before. */
void wmnet_test_play_for (GstElement * client, guint seconds,
    const gchar * what);
/* Waits (bounded) until a key packet (neither a header nor a delta unit)
 * reaches the packet sink of the wmnetsink named "s" in @pipeline, from
 * now on: then the server has a header and a key packet to start a client
 * with (a packet is in its ring one coalesce window later). */
gboolean wmnet_test_wait_key_packet (GstElement * pipeline, guint timeout_ms);
/* Waits (bounded) until @n data packets (not headers) more reach that
 * packet sink: pacing by the stream rather than by the wall clock. */
gboolean wmnet_test_wait_packets (GstElement * pipeline, guint n,
    guint timeout_ms);
/* Runs @desc (a pipeline that ends by itself) to EOS within @timeout_s;
 * fails the test when it cannot be built or played, on an error or at the
 * time bound. */
void wmnet_test_run_to_eos (const gchar * desc, guint timeout_s);
/* Waits up to @timeout_s for an EOS or an error on @pipeline's bus: TRUE
 * when EOS came first. */
gboolean wmnet_test_wait_eos (GstElement * pipeline, guint timeout_s);
/* Sets @pipeline to NULL and unrefs it. */
void wmnet_test_stop_pipeline (GstElement * pipeline);
/* The stats structure (wmnetsink-stats) of the wmnetsink named "s" in
 * @pipeline; and one guint64 @field of it, failing when it is missing. */
GstStructure *wmnet_test_get_stats (GstElement * pipeline);
guint64 wmnet_test_get_stat (GstElement * pipeline, const gchar * field);
/* Pops the next element message named @name (or, when @name ends with '-',
 * whose name starts with @name) within @timeout_ms. */
GstStructure *wmnet_test_pop_element_message (GstElement * pipeline,
    const gchar * name, guint timeout_ms);
/* The bytes of the one streamheader buffer of @pad's current caps (an ASF
 * header); fails the test when there are no caps or not one buffer. */
GBytes *wmnet_test_pad_streamheader (GstPad * pad);

/* Until gst_check_remove_log_filter() on what it returns: each g_warning
 * whose message matches @pattern (a GRegex) is appended to @into (a
 * GPtrArray of gchar*, g_free) instead of failing the test. Any thread. */
GstCheckLogFilter *wmnet_test_catch_warnings (const gchar * pattern,
    GPtrArray * into);

G_END_DECLS

#endif /* __WMNET_TEST_UTILS_H__ */
