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

/* soak-server: the server side of the soak (bench/soak). A live broadcast
 * of a pre-encoded file (filesrc ! asfdemux ! queue ! wmnetsink, no
 * re-encoding: the CPU goes to serving) with auth=basic against a bcrypt
 * auth file it writes, and one more OS thread that, every 100 ms, edits the
 * access lists, reads `clients` and `stats`, and once a second kicks a
 * client of 127.0.0.3 (`disconnect-client`) and samples the process's
 * VmRSS. Every edit keeps 127.0.0.1 admitted: the entries are 10.x
 * networks that match no one, or 127.0.0.2 (wmload's churn), excluded for
 * 100 ms of every 800; the include list, when set, holds 127.0.0.0/8. After
 * each cycle of edits the thread reads both lists back and counts any
 * difference from what it set.
 *
 *   soak-server --port PORT --media FILE --seconds S --auth-file PATH
 *               --json FILE [--rss-log FILE] [--bcrypt-cost C]
 *
 * Writes PATH (users soak0..soak9, password "pw-" + the user name, bcrypt
 * `$2b$` of cost C, 4 by default), serves for S seconds (at most 4000), then
 * stops and writes the JSON summary (RSS samples, what the thread did, the
 * final `stats`, bus warnings and errors). Exit status 0 when the pipeline
 * ran the whole time without an error message, 1 otherwise; killed by
 * SIGALRM when still there 120 s after the end. Listens on 127.0.0.1 only.
 */

#include <crypt.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TICK_US 100000          /* edits and reads: every 100 ms */
#define MAX_SECONDS 4000
#define N_USERS 10
#define WM_AETYPE_INCLUDE 0x69
#define WM_AETYPE_EXCLUDE 0x65

typedef struct
{
  gint64 t_us;                  /* since the start */
  glong rss_kb;
  guint clients;
} Sample;

typedef struct
{
  GstElement *pipeline, *sink;
  GMainLoop *loop;
  gint stop;                    /* atomic: the thread ends */
  gint64 t0;
  guint seconds;

  /* the thread's counts (read after it joined) */
  guint64 ticks, edits, edit_refusals, edit_mismatches, reads, kicks,
      kicks_refused, kick_none;
  guint clients_max;
  GArray *samples;              /* Sample, one a second */

  /* the bus (main thread) */
  guint warnings, errors;
  gboolean eos;
  GString *messages;            /* the first warnings and errors */
} Soak;

static glong
self_rss_kb (void)
{
  gchar *text = NULL, *p;
  glong kb = -1;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  p = strstr (text, "\nVmRSS:");
  if (p)
    kb = strtol (p + 7, NULL, 10);
  g_free (text);
  return kb;
}

/* users soak0..soak9, bcrypt hashes (htpasswd form) */
static gboolean
write_auth_file (const gchar * path, gulong cost, GError ** err)
{
  GString *s = g_string_new (NULL);
  gboolean ok;
  int i;

  for (i = 0; i < N_USERS; i++) {
    gchar user[16], pass[32];
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data cd;
    const char *hash;

    g_snprintf (user, sizeof (user), "soak%d", i);
    g_snprintf (pass, sizeof (pass), "pw-%s", user);
    if (!crypt_gensalt_rn ("$2b$", cost, NULL, 0, salt, sizeof (salt))) {
      g_set_error (err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
          "crypt_gensalt_rn($2b$, %lu) failed", cost);
      g_string_free (s, TRUE);
      return FALSE;
    }
    memset (&cd, 0, sizeof (cd));
    hash = crypt_r (pass, salt, &cd);
    if (!hash || hash[0] != '$') {
      g_set_error (err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "crypt_r failed");
      g_string_free (s, TRUE);
      return FALSE;
    }
    g_string_append_printf (s, "%s:%s\n", user, hash);
  }
  ok = g_file_set_contents (path, s->str, s->len, err);
  g_string_free (s, TRUE);
  return ok;
}

static void
set_list (GstElement * sink, const gchar * prop, const gchar * const *entries)
{
  GValue arr = G_VALUE_INIT, v = G_VALUE_INIT;

  g_value_init (&arr, GST_TYPE_ARRAY);
  for (; *entries; entries++) {
    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, *entries);
    gst_value_array_append_and_take_value (&arr, &v);
    memset (&v, 0, sizeof (v));
  }
  g_object_set_property (G_OBJECT (sink), prop, &arr);
  g_value_unset (&arr);
}

/* the list as "a,b,c" */
static gchar *
get_list (GstElement * sink, const gchar * prop)
{
  GValue arr = G_VALUE_INIT;
  GString *s = g_string_new (NULL);
  guint i;

  g_value_init (&arr, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (sink), prop, &arr);
  for (i = 0; i < gst_value_array_get_size (&arr); i++) {
    const GValue *e = gst_value_array_get_value (&arr, i);

    g_string_append_printf (s, "%s%s", i ? "," : "", g_value_get_string (e));
  }
  g_value_unset (&arr);
  return g_string_free (s, FALSE);
}

static gboolean
add_entry (GstElement * sink, gint type, const gchar * entry)
{
  gboolean ok = FALSE;

  g_signal_emit_by_name (sink, "add-access-entry", type, entry, &ok);
  return ok;
}

static gboolean
remove_entry (GstElement * sink, gint type, guint index)
{
  gboolean ok = FALSE;

  g_signal_emit_by_name (sink, "remove-access-entry", type, index, &ok);
  return ok;
}

/* One step of the edit cycle (8 steps, 800 ms). Returns FALSE when an
 * action signal refused. */
static gboolean
edit_step (Soak * s, guint step)
{
  static const gchar *const churn_out[] = { "127.0.0.2", "10.77.0.0/16",
    NULL
  };
  static const gchar *const loopback[] = { "127.0.0.0/8", NULL };
  static const gchar *const none[] = { NULL };

  switch (step) {
    case 0:                    /* exclude: [10.66.0.0/16] */
      return add_entry (s->sink, WM_AETYPE_EXCLUDE, "10.66.0.0/16");
    case 1:                    /* exclude: [127.0.0.2, 10.77.0.0/16] */
      set_list (s->sink, "access-exclude", churn_out);
      return TRUE;
    case 2:                    /* exclude: [10.77.0.0/16] */
      return remove_entry (s->sink, WM_AETYPE_EXCLUDE, 0);
    case 3:                    /* include: [127.0.0.0/8] */
      set_list (s->sink, "access-include", loopback);
      return TRUE;
    case 4:                    /* include: [127.0.0.0/8, 10.0.0.0/8] */
      return add_entry (s->sink, WM_AETYPE_INCLUDE, "10.0.0.0/8");
    case 5:                    /* include: [127.0.0.0/8], then empty (never
                                 * [10.0.0.0/8] alone: that refuses all) */
      return remove_entry (s->sink, WM_AETYPE_INCLUDE, 1)
          && remove_entry (s->sink, WM_AETYPE_INCLUDE, 0);
    case 6:                    /* exclude: [] */
      return remove_entry (s->sink, WM_AETYPE_EXCLUDE, 0);
    default:                   /* both empty again: check */
      set_list (s->sink, "access-include", none);
      return TRUE;
  }
}

/* what the lists hold after step 2 (exclude) and 7 (both empty) */
static void
check_lists (Soak * s, guint step)
{
  gchar *ex = get_list (s->sink, "access-exclude");
  gchar *in = get_list (s->sink, "access-include");
  const gchar *want_ex = step == 2 ? "10.77.0.0/16" : "";

  if (strcmp (ex, want_ex) != 0 || strcmp (in, "") != 0) {
    if (s->edit_mismatches++ < 5)
      g_printerr ("soak-server: after edit step %u: exclude <%s> include "
          "<%s>\n", step, ex, in);
  }
  g_free (ex);
  g_free (in);
}

static gpointer
worker (gpointer data)
{
  Soak *s = data;
  guint64 max_ticks = (guint64) s->seconds * 10 + 10;
  gint64 next = g_get_monotonic_time ();

  while (!g_atomic_int_get (&s->stop) && s->ticks < max_ticks) {
    GValue clients = G_VALUE_INIT;
    GstStructure *stats = NULL;
    guint i, n, stats_clients = 0;
    guint64 kick_id = 0;
    gboolean have_kick = FALSE;
    guint step = s->ticks % 8;

    /* an access-list edit */
    if (!edit_step (s, step))
      s->edit_refusals++;
    s->edits++;
    if (step == 2 || step == 7)
      check_lists (s, step);

    /* `clients` and `stats` */
    g_value_init (&clients, GST_TYPE_ARRAY);
    g_object_get_property (G_OBJECT (s->sink), "clients", &clients);
    n = gst_value_array_get_size (&clients);
    for (i = 0; i < n; i++) {
      const GstStructure *c =
          gst_value_get_structure (gst_value_array_get_value (&clients, i));
      const gchar *addr = gst_structure_get_string (c, "address");
      guint64 id;

      /* the oldest kickable client */
      if (!have_kick && addr && strcmp (addr, "127.0.0.3") == 0
          && gst_structure_get_uint64 (c, "id", &id)) {
        kick_id = id;
        have_kick = TRUE;
      }
    }
    g_value_unset (&clients);
    g_object_get (s->sink, "stats", &stats, NULL);
    if (stats) {
      gst_structure_get_uint (stats, "clients", &stats_clients);
      gst_structure_free (stats);
    }
    s->reads++;
    if (n > s->clients_max)
      s->clients_max = n;

    /* a kick and an RSS sample, every second */
    if (s->ticks % 10 == 9) {
      Sample smp;

      if (have_kick) {
        gboolean ok = FALSE;

        g_signal_emit_by_name (s->sink, "disconnect-client", kick_id, &ok);
        if (ok)
          s->kicks++;
        else
          s->kicks_refused++;
      } else {
        s->kick_none++;
      }
      smp.t_us = g_get_monotonic_time () - s->t0;
      smp.rss_kb = self_rss_kb ();
      smp.clients = stats_clients;
      g_array_append_val (s->samples, smp);
    }
    s->ticks++;
    next += TICK_US;
    {
      gint64 wait = next - g_get_monotonic_time ();

      if (wait > 0)
        g_usleep (wait);
      else
        next = g_get_monotonic_time (); /* late: no catching up */
    }
  }
  return NULL;
}

static gboolean
on_bus (GstBus * bus, GstMessage * m, gpointer data)
{
  Soak *s = data;
  GError *err = NULL;
  gchar *dbg = NULL;

  switch (GST_MESSAGE_TYPE (m)) {
    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_WARNING:
      if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR) {
        gst_message_parse_error (m, &err, &dbg);
        s->errors++;
      } else {
        gst_message_parse_warning (m, &err, &dbg);
        s->warnings++;
      }
      if (s->warnings + s->errors <= 20)
        g_string_append_printf (s->messages, "%s%s from %s: %s",
            s->messages->len ? "; " : "",
            GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR ? "error" : "warning",
            GST_OBJECT_NAME (GST_MESSAGE_SRC (m)), err->message);
      g_printerr ("soak-server: %s: %s (%s)\n",
          GST_MESSAGE_TYPE_NAME (m), err->message, dbg ? dbg : "");
      g_clear_error (&err);
      g_free (dbg);
      if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR)
        g_main_loop_quit (s->loop);
      break;
    case GST_MESSAGE_EOS:
      s->eos = TRUE;
      g_printerr ("soak-server: end of the media before the end of the soak\n");
      g_main_loop_quit (s->loop);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer data)
{
  g_main_loop_quit (((Soak *) data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  g_printerr ("soak-server: interrupted\n");
  g_main_loop_quit (((Soak *) data)->loop);
  return G_SOURCE_CONTINUE;
}

/* RSS: at 60 s, 300 s and the end; min and max from 300 s on */
static void
write_json (Soak * s, const gchar * path, const gchar * rss_log,
    GstStructure * stats, gdouble wall)
{
  GString *j = g_string_new ("{");
  glong at60 = -1, at300 = -1, end = -1, min300 = -1, max300 = -1;
  gchar *st = stats ? gst_structure_to_string (stats) : g_strdup ("");
  gchar *msgs = g_strescape (s->messages->str, NULL);
  gchar *stesc = g_strescape (st, NULL);
  FILE *f = NULL;
  guint i;

  if (rss_log)
    f = fopen (rss_log, "w");
  if (f)
    fprintf (f, "seconds,rss_kb,clients\n");
  for (i = 0; i < s->samples->len; i++) {
    Sample *m = &g_array_index (s->samples, Sample, i);
    gdouble t = m->t_us / 1e6;

    if (f)
      fprintf (f, "%.1f,%ld,%u\n", t, m->rss_kb, m->clients);
    if (t <= 60.5 || at60 < 0)
      at60 = m->rss_kb;
    if (t <= 300.5 || at300 < 0)
      at300 = m->rss_kb;
    if (t >= 299.5) {
      if (min300 < 0 || m->rss_kb < min300)
        min300 = m->rss_kb;
      if (m->rss_kb > max300)
        max300 = m->rss_kb;
    }
    end = m->rss_kb;
  }
  if (f)
    fclose (f);
  g_string_append_printf (j, "\"seconds\": %u, \"wall_s\": %.1f, "
      "\"ticks\": %" G_GUINT64_FORMAT ", \"edits\": %" G_GUINT64_FORMAT
      ", \"edit_refusals\": %" G_GUINT64_FORMAT ", \"edit_mismatches\": %"
      G_GUINT64_FORMAT ", \"reads\": %" G_GUINT64_FORMAT ", \"kicks\": %"
      G_GUINT64_FORMAT ", \"kicks_refused\": %" G_GUINT64_FORMAT
      ", \"kick_none\": %" G_GUINT64_FORMAT ", \"clients_max\": %u, ",
      s->seconds, wall, s->ticks, s->edits, s->edit_refusals,
      s->edit_mismatches, s->reads, s->kicks, s->kicks_refused, s->kick_none,
      s->clients_max);
  g_string_append_printf (j, "\"rss_kb\": {\"at_60s\": %ld, \"at_300s\": %ld, "
      "\"end\": %ld, \"min_from_300s\": %ld, \"max_from_300s\": %ld, "
      "\"samples\": %u}, ", at60, at300, end, min300, max300, s->samples->len);
  g_string_append_printf (j, "\"bus_errors\": %u, \"bus_warnings\": %u, "
      "\"eos\": %s, \"messages\": \"%s\", \"stats\": \"%s\"}\n", s->errors,
      s->warnings, s->eos ? "true" : "false", msgs, stesc);
  if (!g_file_set_contents (path, j->str, j->len, NULL))
    g_printerr ("soak-server: cannot write %s\n", path);
  g_print ("%s", j->str);
  g_string_free (j, TRUE);
  g_free (st);
  g_free (msgs);
  g_free (stesc);
}

int
main (int argc, char **argv)
{
  gint port = 0, seconds = 0, cost = 4;
  gchar *media = NULL, *auth_file = NULL, *json = NULL, *rss_log = NULL;
  GOptionEntry entries[] = {
    {"port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1", "PORT"},
    {"media", 0, 0, G_OPTION_ARG_FILENAME, &media, "ASF file to broadcast",
        "FILE"},
    {"seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "how long to serve", "S"},
    {"auth-file", 0, 0, G_OPTION_ARG_FILENAME, &auth_file,
        "auth file to write and serve with", "PATH"},
    {"json", 0, 0, G_OPTION_ARG_FILENAME, &json, "summary", "FILE"},
    {"rss-log", 0, 0, G_OPTION_ARG_FILENAME, &rss_log,
        "RSS every second (CSV)", "FILE"},
    {"bcrypt-cost", 0, 0, G_OPTION_ARG_INT, &cost, "bcrypt cost (4-12)", "C"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- wmnetsink soak server");
  GError *err = NULL;
  Soak s = { 0 };
  GThread *thread;
  GstBus *bus;
  GstStructure *stats = NULL;
  gchar *desc, *q_media, *q_auth;
  gdouble wall;
  int ret;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("soak-server: %s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);
  if (port <= 0 || port > 65535 || seconds <= 0 || seconds > MAX_SECONDS
      || !media || !auth_file || !json || cost < 4 || cost > 12) {
    g_printerr ("soak-server: need --port 1..65535, --seconds 1..%d, --media, "
        "--auth-file, --json, --bcrypt-cost 4..12\n", MAX_SECONDS);
    return 2;
  }
  if (!write_auth_file (auth_file, cost, &err)) {
    g_printerr ("soak-server: %s\n", err->message);
    return 2;
  }

  /* gst_parse_launch's quoting: double quotes, no escapes needed */
  if (strpbrk (media, "\"\\") || strpbrk (auth_file, "\"\\")) {
    g_printerr ("soak-server: no quote or backslash in the paths, please\n");
    return 2;
  }
  q_media = g_strdup_printf ("\"%s\"", media);
  q_auth = g_strdup_printf ("\"%s\"", auth_file);
  desc = g_strdup_printf ("filesrc location=%s ! asfdemux name=d "
      "d.video_0 ! queue ! s.video_%%u d.audio_0 ! queue ! s.audio_%%u "
      "wmnetsink name=s port=%d address=127.0.0.1 max-clients=0 "
      "resolve-names=false auth=basic auth-file=%s", q_media, port, q_auth);
  s.pipeline = gst_parse_launch (desc, &err);
  g_free (desc);
  g_free (q_media);
  g_free (q_auth);
  if (!s.pipeline) {
    g_printerr ("soak-server: %s\n", err->message);
    return 2;
  }
  s.sink = gst_bin_get_by_name (GST_BIN (s.pipeline), "s");
  s.loop = g_main_loop_new (NULL, FALSE);
  s.seconds = seconds;
  s.samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  s.messages = g_string_new (NULL);
  bus = gst_element_get_bus (s.pipeline);
  gst_bus_add_watch (bus, on_bus, &s);
  g_unix_signal_add (SIGINT, on_signal, &s);
  g_unix_signal_add (SIGTERM, on_signal, &s);
  g_timeout_add_seconds (seconds, on_timeout, &s);

  if (gst_element_set_state (s.pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_printerr ("soak-server: the pipeline does not start\n");
    return 2;
  }
  s.t0 = g_get_monotonic_time ();
  /* bounded whatever happens: a shutdown that hangs ends the process
   * (SIGALRM, exit status 142) two minutes after the soak's end */
  alarm ((guint) seconds + 120);
  thread = g_thread_new ("soak-edits", worker, &s);
  g_print ("soak-server: serving on 127.0.0.1:%d for %d s (pid %d)\n", port,
      seconds, (int) getpid ());
  g_main_loop_run (s.loop);

  g_atomic_int_set (&s.stop, 1);
  g_thread_join (thread);
  wall = (g_get_monotonic_time () - s.t0) / 1e6;
  g_object_get (s.sink, "stats", &stats, NULL);
  gst_element_set_state (s.pipeline, GST_STATE_NULL);
  write_json (&s, json, rss_log, stats, wall);
  ret = s.errors == 0 && !s.eos && wall >= seconds - 1 ? 0 : 1;

  if (stats)
    gst_structure_free (stats);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (s.sink);
  gst_object_unref (s.pipeline);
  g_main_loop_unref (s.loop);
  g_array_free (s.samples, TRUE);
  g_string_free (s.messages, TRUE);
  g_free (media);
  g_free (auth_file);
  g_free (json);
  g_free (rss_log);
  gst_deinit ();
  return ret;
}
