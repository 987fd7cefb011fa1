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

/* gstwmnetsrctls: wmnetsrc's TLS, for https:// and mmshs:// (HTTP over
 * TLS, RFC 2818; libsoup and GIO do the TLS). Owns the anchors the
 * server's certificate is verified against (tls-database, else
 * ssl-ca-file, else the system's, else none), the verdict on a certificate
 * that does not verify (refused unless ssl-strict is FALSE, then taken with
 * one warning per start) and the words of the error that names what is
 * wrong with it (docs/design.md D78). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetsrcpriv.h"

/* GTlsCertificateFlags, spelled out (GIO's GTlsCertificateFlags). */
static const struct
{
  GTlsCertificateFlags flag;
  const gchar *text;
} tls_flag_texts[] = {
  {G_TLS_CERTIFICATE_UNKNOWN_CA, "UNKNOWN_CA: its issuer is not trusted "
        "(set ssl-ca-file or tls-database to the CA that signed it)"},
  {G_TLS_CERTIFICATE_BAD_IDENTITY, "BAD_IDENTITY: it is not for the "
        "location's host name"},
  {G_TLS_CERTIFICATE_NOT_ACTIVATED, "NOT_ACTIVATED: not valid yet"},
  {G_TLS_CERTIFICATE_EXPIRED, "EXPIRED: no longer valid"},
  {G_TLS_CERTIFICATE_REVOKED, "REVOKED: revoked by its issuer"},
  {G_TLS_CERTIFICATE_INSECURE, "INSECURE: signed with an insecure "
        "algorithm"},
  {G_TLS_CERTIFICATE_GENERIC_ERROR, "GENERIC_ERROR: it did not verify"},
};

static gchar *
flags_text (GTlsCertificateFlags flags)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (tls_flag_texts); i++) {
    if (!(flags & tls_flag_texts[i].flag))
      continue;
    if (s->len)
      g_string_append (s, "; ");
    g_string_append (s, tls_flag_texts[i].text);
  }
  if (s->len == 0)
    g_string_append (s, "it did not verify");
  return g_string_free (s, FALSE);
}

/* At start, with the session made: its anchors and interaction. */
gboolean
gst_wmnet_src_tls_setup (GstWmnetSrc * self, GError ** error)
{
  GTlsDatabase *db = NULL;
  GTlsInteraction *interaction = NULL;
  gchar *ca_file;
  gboolean system, given;

  GST_OBJECT_LOCK (self);
  if (self->tls_database)
    db = g_object_ref (self->tls_database);
  if (self->tls_interaction)
    interaction = g_object_ref (self->tls_interaction);
  ca_file = g_strdup (self->ssl_ca_file);
  system = self->ssl_use_system_ca_file;
  GST_OBJECT_UNLOCK (self);
  given = db != NULL;

  if (db == NULL && ca_file && ca_file[0]) {
    GError *err = NULL;

    db = g_tls_file_database_new (ca_file, &err);
    if (db == NULL) {
      g_set_error (error, err->domain, err->code, "ssl-ca-file %s: %s",
          ca_file, err->message);
      g_error_free (err);
      g_free (ca_file);
      g_clear_object (&interaction);
      return FALSE;
    }
  }
  /* libsoup's default database is the system's; a NULL one verifies no
   * certificate, so without anchors every server is refused */
  if (db || !system)
    g_object_set (self->session, "tls-database", db, NULL);
  if (interaction)
    g_object_set (self->session, "tls-interaction", interaction, NULL);
  GST_DEBUG_OBJECT (self, "TLS anchors: %s", given ? "tls-database" :
      db ? ca_file : system ? "the system's" : "none");
  g_clear_object (&db);
  g_clear_object (&interaction);
  g_free (ca_file);
  self->tls_warned = FALSE;
  return TRUE;
}

/* SoupMessage::accept-certificate, run while the streaming thread waits
 * for the handshake: only for a certificate that did not verify. */
static gboolean
on_accept_certificate (SoupMessage * msg, GTlsCertificate * cert,
    GTlsCertificateFlags errors, GstWmnetSrc * self)
{
  gboolean strict;
  gchar *text;

  GST_OBJECT_LOCK (self);
  strict = self->ssl_strict;
  GST_OBJECT_UNLOCK (self);
  self->tls_errors = errors;
  if (strict)
    return FALSE;
  if (!self->tls_warned) {
    text = flags_text (errors);
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_READ,
        ("TLS certificate of %s taken although %s (ssl-strict is false)",
            self->url, text), (NULL));
    g_free (text);
    self->tls_warned = TRUE;
  }
  return TRUE;
}

void
gst_wmnet_src_tls_watch (GstWmnetSrc * self, SoupMessage * msg)
{
  self->tls_errors = 0;
  g_signal_connect (msg, "accept-certificate",
      G_CALLBACK (on_accept_certificate), self);
}

/* A refused certificate is final: no retry makes it verify. Other TLS
 * errors (a handshake that fails, a server that speaks no TLS) are the
 * caller's connection failures. */
gboolean
gst_wmnet_src_tls_failure (GstWmnetSrc * self, const GError * err, Failure * f)
{
  gchar *why, *text;

  if (!g_error_matches (err, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return FALSE;
  why = flags_text (self->tls_errors);
  text = g_strdup_printf ("TLS certificate of %s refused: %s", self->url, why);
  gst_wmnet_src_failure_set (f, GST_RESOURCE_ERROR_OPEN_READ, text,
      "%s: %s (certificate flags 0x%x, ssl-strict is true)", self->url,
      err->message, (guint) self->tls_errors);
  f->final = TRUE;
  g_free (text);
  g_free (why);
  return TRUE;
}
