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

/* gstwmnetsinkmirror.c: what wmnetsink mirrors of its children: the
 * server sink's properties (each kept by one owner, the child that reads
 * it) and action signals, wmasfmux's properties and send-script, with
 * the same names, types and meaning as theirs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsinkpriv.h"
#include "gstwmnetserversink.h"
#include "gstwmnetpushsink.h"

static GParamSpec **server_pspecs;      /* the server sink's, by prop id */

/* ------------------------------------------------------------------------ */
/* action signals: the server sink's */

static GstStructure *
gst_wmnet_sink_get_client_info (GstWmnetSink * self, guint index)
{
  GstStructure *s = NULL;

  g_signal_emit_by_name (self->sink, "get-client-info", index, &s);
  return s;
}

static GVariant *
gst_wmnet_sink_get_clients (GstWmnetSink * self)
{
  GVariant *v = NULL;

  g_signal_emit_by_name (self->sink, "get-clients", &v);
  return v;
}

static GstStructure *
gst_wmnet_sink_get_client_info_by_id (GstWmnetSink * self, guint64 id)
{
  GstStructure *s = NULL;

  g_signal_emit_by_name (self->sink, "get-client-info-by-id", id, &s);
  return s;
}

static gboolean
gst_wmnet_sink_disconnect_client (GstWmnetSink * self, guint64 id)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (self->sink, "disconnect-client", id, &ret);
  return ret;
}

static void
gst_wmnet_sink_disconnect_all (GstWmnetSink * self)
{
  g_signal_emit_by_name (self->sink, "disconnect-all");
}

static gboolean
gst_wmnet_sink_add_access_entry (GstWmnetSink * self, gint type,
    const gchar * entry)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (self->sink, "add-access-entry", type, entry, &ret);
  return ret;
}

static gboolean
gst_wmnet_sink_remove_access_entry (GstWmnetSink * self, gint type, guint index)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (self->sink, "remove-access-entry", type, index, &ret);
  return ret;
}

static gboolean
gst_wmnet_sink_add_user (GstWmnetSink * self, const gchar * user,
    const gchar * password)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (self->sink, "add-user", user, password, &ret);
  return ret;
}

static gboolean
gst_wmnet_sink_remove_user (GstWmnetSink * self, const gchar * user)
{
  gboolean ret = FALSE;

  g_signal_emit_by_name (self->sink, "remove-user", user, &ret);
  return ret;
}

/* The same signal on wmnetsink: name, flags, arguments and return. */
static void
mirror_signal (GType type, const gchar * name, GCallback handler)
{
  GSignalQuery q;

  g_signal_query (g_signal_lookup (name, GST_TYPE_WMNET_SERVER_SINK), &q);
  g_signal_newv (name, type, q.signal_flags,
      g_cclosure_new (handler, NULL, NULL), NULL, NULL, NULL, q.return_type,
      q.n_params, (GType *) q.param_types);
}

/* send-script: to the broadcast muxer, and the archive's */
static gboolean
gst_wmnet_sink_send_script (GstWmnetSink * self, const gchar * type,
    const gchar * command)
{
  gboolean ret = FALSE, archived = FALSE;

  if (self->mux)
    g_signal_emit_by_name (self->mux, "send-script", type, command, &ret);
  if (self->archive_mux)
    g_signal_emit_by_name (self->archive_mux, "send-script", type, command,
        &archived);
  if (!ret) {
    /* the muxer says why only in the debug log; the caller gets it here
     * (valid UTF-8 whatever it passed) */
    gchar *t = g_utf8_make_valid (type ? type : "(null)", -1);
    gchar *c = g_utf8_make_valid (command ? command : "(null)", -1);

    g_warning ("%s: send-script refused (type '%s', command '%s'): %s",
        GST_OBJECT_NAME (self), t, c, self->mux == NULL ? "no wmasfmux" :
        "it takes a non-empty UTF-8 type and a UTF-8 command, in PAUSED or "
        "PLAYING");
    g_free (t);
    g_free (c);
  }
  return ret;
}

/* ------------------------------------------------------------------------ */
/* properties: each has one owner, the child that reads and keeps it */

/* A copy of @p (the server sink's) for wmnetsink. */
static GParamSpec *
mirror_pspec (GParamSpec * p)
{
  const gchar *name = g_param_spec_get_name (p);
  const gchar *nick = g_param_spec_get_nick (p);
  const gchar *blurb = g_param_spec_get_blurb (p);
  GParamFlags flags = (p->flags & ~G_PARAM_STATIC_STRINGS) |
      G_PARAM_STATIC_STRINGS;
  GType t = G_PARAM_SPEC_TYPE (p);

  if (t == G_TYPE_PARAM_UINT) {
    GParamSpecUInt *u = G_PARAM_SPEC_UINT (p);
    return g_param_spec_uint (name, nick, blurb, u->minimum, u->maximum,
        u->default_value, flags);
  } else if (t == G_TYPE_PARAM_INT) {
    GParamSpecInt *i = G_PARAM_SPEC_INT (p);
    return g_param_spec_int (name, nick, blurb, i->minimum, i->maximum,
        i->default_value, flags);
  } else if (t == G_TYPE_PARAM_UINT64) {
    GParamSpecUInt64 *u = G_PARAM_SPEC_UINT64 (p);
    return g_param_spec_uint64 (name, nick, blurb, u->minimum, u->maximum,
        u->default_value, flags);
  } else if (t == G_TYPE_PARAM_DOUBLE) {
    GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (p);
    return g_param_spec_double (name, nick, blurb, d->minimum, d->maximum,
        d->default_value, flags);
  } else if (t == G_TYPE_PARAM_BOOLEAN) {
    return g_param_spec_boolean (name, nick, blurb,
        G_PARAM_SPEC_BOOLEAN (p)->default_value, flags);
  } else if (t == G_TYPE_PARAM_STRING) {
    return g_param_spec_string (name, nick, blurb,
        G_PARAM_SPEC_STRING (p)->default_value, flags);
  } else if (t == G_TYPE_PARAM_ENUM) {
    return g_param_spec_enum (name, nick, blurb, p->value_type,
        G_PARAM_SPEC_ENUM (p)->default_value, flags);
  } else if (t == GST_TYPE_PARAM_ARRAY_LIST) {
    return gst_param_spec_array (name, nick, blurb,
        g_param_spec_ref (GST_PARAM_SPEC_ARRAY_LIST (p)->element_spec), flags);
  } else if (t == G_TYPE_PARAM_BOXED) {
    return g_param_spec_boxed (name, nick, blurb, p->value_type, flags);
  }
  g_assert_not_reached ();      /* a new property type: add it here */
  return NULL;
}

static GstElement *
owner_of (GstWmnetSink * self, guint prop_id)
{
  if (prop_id >= PROP_SERVER_FIRST)
    return gst_object_ref (self->sink);
  return self->mux ? gst_object_ref (self->mux) : NULL;
}

void
gst_wmnet_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);
  GstElement *owner;

  if (prop_id == PROP_ARCHIVE_LOCATION) {
    GST_OBJECT_LOCK (self);
    g_free (self->archive_location);
    self->archive_location = g_value_dup_string (value);
    if (self->archive_location && !*self->archive_location)
      g_clear_pointer (&self->archive_location, g_free);
    GST_OBJECT_UNLOCK (self);
    if (self->archive_mux)
      g_warning ("%s: archive-location only takes effect before the first "
          "pad is requested", GST_OBJECT_NAME (self));
    return;
  }
  if (prop_id == PROP_PUSH_LOCATION) {
    const gchar *v = g_value_get_string (value);
    const gchar *why = v && *v ? gst_wmnet_push_sink_location_refusal (v) :
        NULL;

    if (why) {
      g_warning ("%s: push-location \"%s\" refused: %s",
          GST_OBJECT_NAME (self), v, why);
      return;
    }
    GST_OBJECT_LOCK (self);
    g_free (self->push_location);
    self->push_location = v && *v ? g_strdup (v) : NULL;
    GST_OBJECT_UNLOCK (self);
    return;
  }
  owner = owner_of (self, prop_id);

  if (owner) {
    g_object_set_property (G_OBJECT (owner), pspec->name, value);
    gst_object_unref (owner);
  }
}

void
gst_wmnet_sink_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstWmnetSink *self = GST_WMNET_SINK (object);
  GstElement *owner;

  if (prop_id == PROP_ARCHIVE_LOCATION) {
    GST_OBJECT_LOCK (self);
    g_value_set_string (value, self->archive_location);
    GST_OBJECT_UNLOCK (self);
    return;
  }
  if (prop_id == PROP_PUSH_LOCATION) {
    GST_OBJECT_LOCK (self);
    g_value_set_string (value, self->push_location);
    GST_OBJECT_UNLOCK (self);
    return;
  }
  owner = owner_of (self, prop_id);

  if (owner) {
    g_object_get_property (G_OBJECT (owner), pspec->name, value);
    gst_object_unref (owner);
  } else {
    g_param_value_set_default (pspec, value);
  }
}

static void
client_added (GstElement * sink, guint64 id, const gchar * address,
    GstWmnetSink * self)
{
  g_signal_emit_by_name (self, "client-added", id, address);
}

static void
client_removed (GstElement * sink, guint64 id, const gchar * address,
    const gchar * reason, GstWmnetSink * self)
{
  g_signal_emit_by_name (self, "client-removed", id, address, reason);
}

void
gst_wmnet_sink_forward_signals (GstWmnetSink * self)
{
  g_signal_connect (self->sink, "client-added", G_CALLBACK (client_added),
      self);
  g_signal_connect (self->sink, "client-removed",
      G_CALLBACK (client_removed), self);
}

/* the server sink's properties and action signals, and send-script, on
 * wmnetsink's class */
void
gst_wmnet_sink_install_mirrored (GstWmnetSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GObjectClass *server_class = g_type_class_ref (GST_TYPE_WMNET_SERVER_SINK);
  guint i, n;

  n = g_strv_length ((gchar **) gst_wmnet_server_sink_property_names);
  server_pspecs = g_new0 (GParamSpec *, n);
  for (i = 0; i < n; i++) {
    server_pspecs[i] = g_object_class_find_property (server_class,
        gst_wmnet_server_sink_property_names[i]);
    g_object_class_install_property (gobject_class, PROP_SERVER_FIRST + i,
        mirror_pspec (server_pspecs[i]));
  }

  mirror_signal (G_TYPE_FROM_CLASS (klass), "get-client-info",
      G_CALLBACK (gst_wmnet_sink_get_client_info));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "get-clients",
      G_CALLBACK (gst_wmnet_sink_get_clients));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "get-client-info-by-id",
      G_CALLBACK (gst_wmnet_sink_get_client_info_by_id));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "disconnect-client",
      G_CALLBACK (gst_wmnet_sink_disconnect_client));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "disconnect-all",
      G_CALLBACK (gst_wmnet_sink_disconnect_all));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "add-access-entry",
      G_CALLBACK (gst_wmnet_sink_add_access_entry));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "remove-access-entry",
      G_CALLBACK (gst_wmnet_sink_remove_access_entry));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "add-user",
      G_CALLBACK (gst_wmnet_sink_add_user));
  mirror_signal (G_TYPE_FROM_CLASS (klass), "remove-user",
      G_CALLBACK (gst_wmnet_sink_remove_user));
  /* the server sink's signals, re-emitted by gst_wmnet_sink_forward_signals
   * on the same (dispatch) thread */
  g_signal_new ("client-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_STRING);
  g_signal_new ("client-removed", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT64,
      G_TYPE_STRING, G_TYPE_STRING);
  /* wmasfmux's */
  g_signal_new_class_handler ("send-script", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_sink_send_script), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);
}
