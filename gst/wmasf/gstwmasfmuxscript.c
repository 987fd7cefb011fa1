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

/* gstwmasfmuxscript: wmasfmux's script commands (ASF spec 3.15, the
 * SDK's IWMHeaderInfo::AddScript): the send-script action signal, text
 * pads' buffers as CAPTION commands, a title change after the header as a
 * TEXT command or a new header (tag-updates, docs/design.md D32). Owns the
 * Command Media stream's objects and what a file header's Script Command
 * Object keeps. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwmasfmuxpriv.h"

GType
gst_wmasf_mux_tag_updates_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_WMASF_MUX_TAG_UPDATES_SCRIPT,
          "A TEXT script command \"Artist - Title\" on the command stream",
        "script"},
    {GST_WMASF_MUX_TAG_UPDATES_HEADER,
          "A new ASF header with the new tags (clients get a header change)",
        "header"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstWmAsfMuxTagUpdates", values);

    g_once_init_leave (&type, t);
  }
  return type;
}

void
gst_wmasf_mux_script_free (gpointer data)
{
  wmasf_script_clear (data);
  g_free (data);
}

/* "Artist - Title", or the title; NULL without one */
gchar *
gst_wmasf_mux_now_playing (const GstTagList * tags)
{
  gchar *title = NULL, *artist = NULL, *text = NULL;

  if (tags == NULL || !gst_tag_list_get_string (tags, GST_TAG_TITLE, &title))
    return NULL;
  if (gst_tag_list_get_string (tags, GST_TAG_ARTIST, &artist))
    text = g_strdup_printf ("%s - %s", artist, title);
  else
    text = g_strdup (title);
  g_free (title);
  g_free (artist);
  return text;
}

/* One command, stamped @time (running time): on the Command Media stream
 * when there is one, and kept for the file header's Script Command
 * Object. Takes @script. */
static GstFlowReturn
gst_wmasf_mux_mux_script (GstWmAsfMux * mux, WmAsfScript * script,
    GstClockTime time)
{
  GQueue packets = G_QUEUE_INIT;
  WmAsfObject obj;
  GstBuffer *payload;

  GST_DEBUG_OBJECT (mux, "script %s '%s' at %" GST_TIME_FORMAT, script->type,
      script->command, GST_TIME_ARGS (time));
  script->time_ms = MIN (time / GST_MSECOND + mux->preroll, G_MAXUINT32);
  payload = wmasf_script_payload (script->type, script->command);
  /* kept for the file header only, and only what can fit in it: a long
   * broadcast must not grow without bound */
  if (mux->file_mode && mux->scripts_bytes < FILE_HEADER_RESERVE) {
    mux->scripts_bytes += gst_buffer_get_size (payload) + 8;
    g_array_append_val (mux->scripts, *script);
  } else {
    /* once: the SDK's AddScript has the same bound (the header) */
    if (mux->file_mode && mux->scripts_bytes != G_MAXSIZE) {
      mux->scripts_bytes = G_MAXSIZE;
      GST_ELEMENT_WARNING (mux, STREAM, MUX, ("Further script commands do "
              "not fit in the file header; they are only in the command "
              "stream."), ("%u bytes reserved", FILE_HEADER_RESERVE));
    }
    wmasf_script_clear (script);
  }
  if (mux->command_stream == 0 || mux->packetizer == NULL) {
    gst_buffer_unref (payload);
    return GST_FLOW_OK;
  }

  if (gst_buffer_get_size (payload) > WMASF_MAX_OBJECT_SIZE) {
    gst_buffer_unref (payload);
    GST_WARNING_OBJECT (mux, "script command too long, not sent in band");
    return GST_FLOW_OK;
  }
  obj.stream_number = mux->command_stream;
  obj.object_number = mux->next_command_object++;
  obj.key = TRUE;
  obj.sync = FALSE;
  obj.send_time = obj.pres_time = time;
  wmasf_packetizer_add (mux->packetizer, &obj, payload, &packets);
  gst_buffer_unref (payload);
  return gst_wmasf_mux_push_packets (mux, &packets);
}

/* pango-markup captions lose their tags and entities: ASF captions are
 * plain text (an HTML-ish subset players do not agree on). */
static gchar *
gst_wmasf_mux_plain_text (const gchar * markup)
{
  static const struct
  {
    const gchar *entity, *text;
  } entities[] = { {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
  {"&quot;", "\""}, {"&apos;", "'"}
  };
  GString *out = g_string_new (NULL);
  const gchar *p = markup;
  guint i;

  while (*p) {
    if (*p == '<') {
      const gchar *end = strchr (p, '>');

      if (end) {
        p = end + 1;
        continue;
      }
    } else if (*p == '&') {
      for (i = 0; i < G_N_ELEMENTS (entities); i++)
        if (g_str_has_prefix (p, entities[i].entity))
          break;
      if (i < G_N_ELEMENTS (entities)) {
        g_string_append (out, entities[i].text);
        p += strlen (entities[i].entity);
        continue;
      }
    }
    g_string_append_c (out, *p++);
  }
  return g_string_free (out, FALSE);
}

/* A text buffer becomes a CAPTION command at its presentation time. */
GstFlowReturn
gst_wmasf_mux_mux_text (GstWmAsfMux * mux, GstWmAsfMuxPad * pad,
    GstBuffer * buf)
{
  WmAsfScript script = { 0, };
  GstMapInfo map;
  gchar *text;
  GstClockTime t = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) :
      mux->last_time;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  text = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (buf, &map);
  if (!g_utf8_validate (text, -1, NULL)) {
    GST_WARNING_OBJECT (pad, "dropping text that is not UTF-8");
    g_free (text);
    return GST_FLOW_OK;
  }
  script.type = g_strdup ("CAPTION");
  script.command = pad->markup ? gst_wmasf_mux_plain_text (text) :
      g_strdup (text);
  g_free (text);
  return gst_wmasf_mux_mux_script (mux, &script, t);
}

/* After the header: commands from send-script, and a title change as a
 * TEXT command (docs/design.md, D32). */
GstFlowReturn
gst_wmasf_mux_send_pending (GstWmAsfMux * mux)
{
  GstFlowReturn ret = GST_FLOW_OK;
  GQueue scripts = G_QUEUE_INIT;
  gboolean tags_changed;
  WmAsfScript *script;

  GST_OBJECT_LOCK (mux);
  if (!mux->header_written) {
    GST_OBJECT_UNLOCK (mux);
    return GST_FLOW_OK;
  }
  scripts = mux->pending_scripts;
  g_queue_init (&mux->pending_scripts);
  tags_changed = mux->tags_changed;
  mux->tags_changed = FALSE;
  GST_OBJECT_UNLOCK (mux);

  while ((script = g_queue_pop_head (&scripts))) {
    GstClockTime t = script->time_ms;   /* holds the running time in ms */

    if (ret == GST_FLOW_OK)
      ret = gst_wmasf_mux_mux_script (mux, script, t * GST_MSECOND);
    else
      wmasf_script_clear (script);
    g_free (script);
  }

  if (tags_changed && ret == GST_FLOW_OK) {
    GstTagList *tags = gst_wmasf_mux_get_tags (mux);
    gchar *text = gst_wmasf_mux_now_playing (tags);
    GstWmAsfMuxTagUpdates mode;

    if (tags)
      gst_tag_list_unref (tags);
    GST_OBJECT_LOCK (mux);
    mode = mux->tag_updates;
    GST_OBJECT_UNLOCK (mux);
    if (text && g_strcmp0 (text, mux->last_now_playing) != 0) {
      WmAsfScript now = { 0, g_strdup ("TEXT"), g_strdup (text) };

      g_free (mux->last_now_playing);
      mux->last_now_playing = g_strdup (text);
      if (mode == GST_WMASF_MUX_TAG_UPDATES_HEADER && !mux->file_mode) {
        wmasf_script_clear (&now);
        ret = gst_wmasf_mux_new_header (mux);
      } else {
        ret = gst_wmasf_mux_mux_script (mux, &now, mux->last_time);
      }
    }
    g_free (text);
  }
  return ret;
}

/* send-script: any thread. Stamped now: the clock's running time in a
 * live pipeline, else the latest time muxed; sent from the aggregate
 * thread with the next data. */
gboolean
gst_wmasf_mux_send_script (GstWmAsfMux * mux, const gchar * type,
    const gchar * command)
{
  WmAsfScript *script;
  GstClock *clock;
  GstClockTime now = GST_CLOCK_TIME_NONE;
  GstState state;

  if (type == NULL || *type == '\0' || command == NULL
      || !g_utf8_validate (type, -1, NULL)
      || !g_utf8_validate (command, -1, NULL)) {
    GST_WARNING_OBJECT (mux, "send-script needs a non-empty type and a "
        "command, both UTF-8");
    return FALSE;
  }
  GST_OBJECT_LOCK (mux);
  state = GST_STATE (mux);
  GST_OBJECT_UNLOCK (mux);
  if (state < GST_STATE_PAUSED) {
    GST_WARNING_OBJECT (mux, "send-script: not running");
    return FALSE;
  }

  if (mux->live && (clock = gst_element_get_clock (GST_ELEMENT (mux)))) {
    GstClockTime base = gst_element_get_base_time (GST_ELEMENT (mux));
    GstClockTime t = gst_clock_get_time (clock);

    if (state == GST_STATE_PLAYING && t >= base)
      now = t - base;
    gst_object_unref (clock);
  }
  GST_OBJECT_LOCK (mux);
  if (!GST_CLOCK_TIME_IS_VALID (now)) {
    now = GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (mux))->segment.position;
    if (!GST_CLOCK_TIME_IS_VALID (now))
      now = 0;
  }
  script = g_new0 (WmAsfScript, 1);
  script->type = g_strdup (type);
  script->command = g_strdup (command);
  script->time_ms = MIN (now / GST_MSECOND, G_MAXUINT32);
  g_queue_push_tail (&mux->pending_scripts, script);
  GST_OBJECT_UNLOCK (mux);
  GST_DEBUG_OBJECT (mux, "queued script %s '%s' at %" GST_TIME_FORMAT, type,
      command, GST_TIME_ARGS (now));
  return TRUE;
}
