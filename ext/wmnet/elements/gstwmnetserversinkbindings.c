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

/* gstwmnetserversinkbindings.c: the client table for bindings that can
 * neither read nor build a GstValueArray, gjs among them (docs/design.md
 * D80): the get-clients action signal, the `clients` structures as a
 * GVariant aa{sv}. The lists' G_TYPE_STRV twins are properties
 * (gstwmnetserversinkprops.c). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetserversinkpriv.h"

/* One field as a GVariant: strings s, guint u, guint64 t, gint64 x,
 * gboolean b, gdouble d, a GstDateTime its ISO 8601 string (s), a
 * GstValueArray of guint au; anything else its serialised form (s), so
 * that a field added later is never lost. */
static GVariant *
field_to_variant (const GValue * v)
{
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_STRING) {
    const gchar *str = g_value_get_string (v);

    return g_variant_new_string (str ? str : "");
  } else if (t == G_TYPE_UINT) {
    return g_variant_new_uint32 (g_value_get_uint (v));
  } else if (t == G_TYPE_UINT64) {
    return g_variant_new_uint64 (g_value_get_uint64 (v));
  } else if (t == G_TYPE_INT64) {
    return g_variant_new_int64 (g_value_get_int64 (v));
  } else if (t == G_TYPE_BOOLEAN) {
    return g_variant_new_boolean (g_value_get_boolean (v));
  } else if (t == G_TYPE_DOUBLE) {
    return g_variant_new_double (g_value_get_double (v));
  } else if (t == GST_TYPE_DATE_TIME) {
    gchar *iso = gst_date_time_to_iso8601_string (g_value_get_boxed (v));
    GVariant *r = g_variant_new_string (iso ? iso : "");

    g_free (iso);
    return r;
  } else if (t == GST_TYPE_ARRAY) {
    GVariantBuilder b;
    guint i, n = gst_value_array_get_size (v);

    g_variant_builder_init (&b, G_VARIANT_TYPE ("au"));
    for (i = 0; i < n; i++) {
      const GValue *e = gst_value_array_get_value (v, i);

      if (G_VALUE_HOLDS_UINT (e))
        g_variant_builder_add (&b, "u", g_value_get_uint (e));
    }
    return g_variant_builder_end (&b);
  } else {
    gchar *text = gst_value_serialize (v);
    GVariant *r = g_variant_new_string (text ? text : "");

    g_free (text);
    return r;
  }
}

static gboolean
add_field (GQuark field, const GValue * value, gpointer builder)
{
  g_variant_builder_add (builder, "{sv}", g_quark_to_string (field),
      field_to_variant (value));
  return TRUE;
}

/* The client table now, in connect order: one a{sv} per client, the keys
 * and order of its `clients` structure. */
static GVariant *
gst_wmnet_server_sink_get_clients (GstWmnetServerSink * self)
{
  GPtrArray *clients = wmnet_server_get_clients (self->server);
  GVariantBuilder b;
  guint i;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
  for (i = 0; i < clients->len; i++) {
    g_variant_builder_open (&b, G_VARIANT_TYPE_VARDICT);
    gst_structure_foreach (g_ptr_array_index (clients, i), add_field, &b);
    g_variant_builder_close (&b);
  }
  g_ptr_array_unref (clients);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

void
gst_wmnet_server_sink_install_bindings (GstWmnetServerSinkClass * klass)
{
  /**
   * GstWmnetServerSink::get-clients:
   * @sink: the element
   *
   * The `clients` property for bindings (gjs cannot read its
   * GstValueArray): one a{sv} per client, in connect order, with the keys
   * of its structure, in its order, as GVariant types: id t, address s,
   * port u, dns-name s, user-agent s, protocol s, connected-at x,
   * bytes-sent, packets-sent, packets-dropped t, user s, selected-streams
   * and thinned-streams au, connected-at-datetime s (ISO 8601, UTC).
   *
   * Returns: (transfer full): an aa{sv}, empty when no client is
   * connected.
   */
  g_signal_new_class_handler ("get-clients", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_get_clients), NULL, NULL, NULL,
      G_TYPE_VARIANT, 0);
}
