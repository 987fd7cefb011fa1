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

/* The keys of a [broadcast NAME] group: pipeline=, relay= or push= says
 * what is served; source.KEY sets the source element's property KEY;
 * every other key is a property of the serving element (wmnetsink or
 * wmnetserversink) by its name, so a property added to the elements needs
 * no change here (D77). A value is read as gst-launch-1.0 reads one
 * (gst_value_deserialize_with_pspec), a list property (GstValueArray, the
 * access lists) as a ';'-separated key file list. A value the element
 * refuses with a warning is an error of its key. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wmnsconfig.h"

#define GROUP_PREFIX "broadcast "
#define SOURCE_PREFIX "source."

/* the keys of a push broadcast that the pushers' side shares with the
 * players' side: one port and path for both (docs/design.md D69, D71) */
static const gchar *const push_shared[] = { "port", "address",
  "publishing-point", NULL
};

/* set by wmns_config_load around a property set: the warnings of this
 * thread go here instead of stderr */
static GString *captured;
static GThread *capture_thread;

static GLogWriterOutput
writer (GLogLevelFlags level, const GLogField * fields, gsize n_fields,
    gpointer user_data)
{
  gsize i;

  if (captured && g_thread_self () == capture_thread &&
      (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))) {
    for (i = 0; i < n_fields; i++) {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0) {
        if (captured->len)
          g_string_append (captured, "; ");
        g_string_append (captured, fields[i].value);
      }
    }
    return G_LOG_WRITER_HANDLED;
  }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
wmns_config_init_logging (void)
{
  g_log_set_writer_func (writer, NULL, NULL);
}

static void
broadcast_free (gpointer data)
{
  WmnsBroadcast *b = data;

  if (b->pipeline) {
    gst_element_set_state (b->pipeline, GST_STATE_NULL);
    gst_object_unref (b->pipeline);
  }
  g_free (b->name);
  g_free (b);
}

typedef struct
{
  const gchar *path;
  const gchar *group;
  GString *errors;
} Where;

static void
problem (Where * w, const gchar * key, const gchar * format, ...)
G_GNUC_PRINTF (3, 4);

     static void
         problem (Where * w, const gchar * key, const gchar * format, ...)
{
  va_list args;

  g_string_append_printf (w->errors, "%s: [%s]", w->path, w->group);
  if (key)
    g_string_append_printf (w->errors, " %s", key);
  g_string_append (w->errors, ": ");
  va_start (args, format);
  g_string_append_vprintf (w->errors, format, args);
  va_end (args);
  g_string_append_c (w->errors, '\n');
}

/* a list property from a ';'-separated list, or from GStreamer's own
 * <"a", "b"> form */
static gboolean
read_array (GKeyFile * kf, Where * w, const gchar * key, const gchar * raw,
    GParamSpec * pspec, GValue * v)
{
  gchar **items;
  guint i;

  if (raw[0] == '<')
    return gst_value_deserialize_with_pspec (v, raw, pspec);
  items = g_key_file_get_string_list (kf, w->group, key, NULL, NULL);
  for (i = 0; items && items[i]; i++) {
    GValue item = G_VALUE_INIT;
    gchar *entry = g_strstrip (items[i]);

    if (*entry == '\0')
      continue;
    g_value_init (&item, G_TYPE_STRING);
    g_value_set_string (&item, entry);
    gst_value_array_append_and_take_value (v, &item);
  }
  g_strfreev (items);
  return TRUE;
}

/* @key's value as @obj's property @prop; FALSE after telling why */
static gboolean
set_property (GKeyFile * kf, Where * w, const gchar * key, GObject * obj,
    const gchar * prop)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (obj),
      prop);
  GValue v = G_VALUE_INIT;
  gchar *raw, *str;
  gboolean ok;

  if (pspec == NULL || g_str_equal (prop, "name") ||
      g_str_equal (prop, "parent")) {
    problem (w, key, "unknown key (%s has no property '%s'; "
        "docs/wmnet-server.md lists the keys)", G_OBJECT_TYPE_NAME (obj), prop);
    return FALSE;
  }
  if (!(pspec->flags & G_PARAM_WRITABLE) ||
      (pspec->flags & G_PARAM_CONSTRUCT_ONLY)) {
    problem (w, key, "%s's property '%s' is read-only",
        G_OBJECT_TYPE_NAME (obj), prop);
    return FALSE;
  }
  raw = g_key_file_get_value (kf, w->group, key, NULL);
  str = g_key_file_get_string (kf, w->group, key, NULL);
  g_value_init (&v, pspec->value_type);
  if (pspec->value_type == GST_TYPE_ARRAY)
    ok = read_array (kf, w, key, raw, pspec, &v);
  else if (pspec->value_type == G_TYPE_STRING) {
    g_value_set_string (&v, str);
    ok = str != NULL;
  } else
    ok = str && gst_value_deserialize_with_pspec (&v, str, pspec);
  if (!ok) {
    problem (w, key, "'%s' is not a %s", raw ? raw : "",
        g_type_name (pspec->value_type));
  } else {
    captured = g_string_new (NULL);
    capture_thread = g_thread_self ();
    g_object_set_property (obj, prop, &v);
    if (captured->len) {
      problem (w, key, "'%s' refused: %s", raw, captured->str);
      ok = FALSE;
    }
    g_string_free (captured, TRUE);
    captured = NULL;
  }
  g_value_unset (&v);
  g_free (raw);
  g_free (str);
  return ok;
}

static GstElement *
make (Where * w, const gchar * key, const gchar * factory, const gchar * name)
{
  GstElement *e = gst_element_factory_make (factory, name);

  if (e == NULL)
    problem (w, key, "no element %s (is the wmnet plugin installed? "
        "gst-inspect-1.0 %s)", factory, factory);
  return e;
}

/* encoders ! wmnetsink name=sink: the description's last element links
 * to the sink, other branches end in `sink.` */
static gboolean
build_pipeline (WmnsBroadcast * b, GKeyFile * kf, Where * w)
{
  gchar *value = g_key_file_get_string (kf, w->group, "pipeline", NULL);
  gchar *desc = g_strdup_printf ("%s ! wmnetsink name=sink", value);
  GstParseContext *ctx = gst_parse_context_new ();
  GError *error = NULL;
  GstElement *e;

  e = gst_parse_launch_full (desc, ctx, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (e == NULL) {
    gchar **missing = gst_parse_context_get_missing_elements (ctx);
    gchar *names = missing ? g_strjoinv (", ", missing) : NULL;

    problem (w, "pipeline", "%s%s%s", error ? error->message : "not built",
        names ? "; missing elements: " : "", names ? names : "");
    g_strfreev (missing);
    g_free (names);
  } else if (!GST_IS_PIPELINE (e)) {
    b->pipeline = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (b->pipeline), e);
  } else {
    b->pipeline = e;
  }
  g_clear_error (&error);
  gst_parse_context_free (ctx);
  g_free (desc);
  g_free (value);
  if (b->pipeline)
    b->sink = gst_bin_get_by_name (GST_BIN (b->pipeline), "sink");
  if (b->sink)
    gst_object_unref (b->sink); /* the pipeline holds it */
  return b->sink != NULL;
}

/* wmnetsrc ! wmnetserversink, or wmnetpushsrc ! wmnetserversink */
static gboolean
build_source (WmnsBroadcast * b, GKeyFile * kf, Where * w)
{
  const gchar *key = b->kind == WMNS_KIND_RELAY ? "relay" : "push";
  GError *error = NULL;
  gboolean ok = TRUE;

  if (b->kind == WMNS_KIND_PUSH) {
    ok = g_key_file_get_boolean (kf, w->group, key, &error);
    if (error)
      problem (w, key, "%s", error->message);
    else if (!ok)
      problem (w, key, "false serves nothing: set push=true or drop the "
          "group");
    g_clear_error (&error);
    if (!ok)
      return FALSE;
  }
  b->source = make (w, key, b->kind == WMNS_KIND_RELAY ? "wmnetsrc" :
      "wmnetpushsrc", "source");
  b->sink = make (w, key, "wmnetserversink", "sink");
  if (b->source == NULL || b->sink == NULL) {
    if (b->source)
      gst_object_unref (b->source);
    if (b->sink)
      gst_object_unref (b->sink);
    b->source = b->sink = NULL;
    return FALSE;
  }
  b->pipeline = gst_pipeline_new (NULL);
  gst_bin_add_many (GST_BIN (b->pipeline), b->source, b->sink, NULL);
  if (!gst_element_link (b->source, b->sink)) {
    problem (w, key, "cannot link %s to wmnetserversink",
        GST_OBJECT_NAME (gst_element_get_factory (b->source)));
    return FALSE;
  }
  return TRUE;
}

static gboolean
is_kind_key (const gchar * key)
{
  return g_str_equal (key, "pipeline") || g_str_equal (key, "relay") ||
      g_str_equal (key, "push");
}

static WmnsBroadcast *
load_broadcast (GKeyFile * kf, Where * w)
{
  WmnsBroadcast *b = g_new0 (WmnsBroadcast, 1);
  gchar **keys = g_key_file_get_keys (kf, w->group, NULL, NULL);
  guint i, kinds = 0;
  gboolean ok;

  b->name = g_strdup (w->group + strlen (GROUP_PREFIX));
  for (i = 0; keys[i]; i++) {
    if (g_str_equal (keys[i], "pipeline"))
      b->kind = WMNS_KIND_PIPELINE;
    else if (g_str_equal (keys[i], "relay"))
      b->kind = WMNS_KIND_RELAY;
    else if (g_str_equal (keys[i], "push"))
      b->kind = WMNS_KIND_PUSH;
    else
      continue;
    kinds++;
  }
  if (kinds != 1) {
    problem (w, NULL, "needs exactly one of pipeline=, relay= and push= "
        "(has %u)", kinds);
    ok = FALSE;
  } else if (b->kind == WMNS_KIND_PIPELINE) {
    ok = build_pipeline (b, kf, w);
  } else {
    ok = build_source (b, kf, w);
  }
  if (ok) {
    gst_object_set_name (GST_OBJECT (b->pipeline), b->name);
    if (b->kind == WMNS_KIND_RELAY)
      ok = set_property (kf, w, "relay", G_OBJECT (b->source), "location");
    for (i = 0; keys[i]; i++) {
      const gchar *key = keys[i];

      if (is_kind_key (key))
        continue;
      if (g_str_has_prefix (key, SOURCE_PREFIX)) {
        if (b->source == NULL) {
          problem (w, key, "unknown key (source.* keys are for relay= "
              "and push= broadcasts)");
          ok = FALSE;
        } else {
          ok = set_property (kf, w, key, G_OBJECT (b->source),
              key + strlen (SOURCE_PREFIX)) && ok;
        }
        continue;
      }
      ok = set_property (kf, w, key, G_OBJECT (b->sink), key) && ok;
      if (b->kind == WMNS_KIND_PUSH &&
          g_strv_contains ((const gchar **) push_shared, key))
        ok = set_property (kf, w, key, G_OBJECT (b->source), key) && ok;
    }
  }
  g_strfreev (keys);
  if (!ok) {
    broadcast_free (b);
    return NULL;
  }
  return b;
}

GPtrArray *
wmns_config_load (const gchar * path, GError ** error)
{
  GKeyFile *kf = g_key_file_new ();
  GPtrArray *out = g_ptr_array_new_with_free_func (broadcast_free);
  GString *errors = g_string_new (NULL);
  gchar **groups;
  guint i;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error)) {
    g_prefix_error (error, "%s: ", path);
    g_key_file_free (kf);
    g_ptr_array_unref (out);
    g_string_free (errors, TRUE);
    return NULL;
  }
  groups = g_key_file_get_groups (kf, NULL);
  for (i = 0; groups[i]; i++) {
    Where w = { path, groups[i], errors };
    WmnsBroadcast *b;

    if (!g_str_has_prefix (groups[i], GROUP_PREFIX) ||
        groups[i][strlen (GROUP_PREFIX)] == '\0') {
      problem (&w, NULL, "unknown group (a broadcast is [broadcast NAME])");
      continue;
    }
    b = load_broadcast (kf, &w);
    if (b)
      g_ptr_array_add (out, b);
  }
  if (groups[0] == NULL)
    g_string_append_printf (errors, "%s: no [broadcast NAME] group\n", path);
  g_strfreev (groups);
  g_key_file_free (kf);
  if (errors->len) {
    g_string_truncate (errors, errors->len - 1);
    g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
        errors->str);
    g_ptr_array_unref (out);
    out = NULL;
  }
  g_string_free (errors, TRUE);
  return out;
}
