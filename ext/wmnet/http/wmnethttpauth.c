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

#include "wmnethttpauth.h"
#include "wmnetnonce.h"

struct _WmnetHttpAuth
{
  /* how a verdict gets back to the server thread */
  WmnetPostFunc post;
  gpointer target;
  WmnetHttpAuthAnswered answered;
  gpointer user_data;
  /* the domain of the current mode and realm, NULL until needed */
  SoupAuthDomain *domain;
  WmnetAuthMode mode;
  gchar *realm;
  WmnetAuth *auth;              /* the last checked with, for basic_check */
  WmnetNonces *nonces;
  GList *pending;               /* Pending*, paused for a crypt(3) check */
};

/* A request paused while its password is checked. */
typedef struct
{
  WmnetHttpAuth *gate;
  SoupServerMessage *msg;
  WmnetAuthJob *job;
  gchar *user;
} Pending;

static void
pending_free (Pending * p)
{
  g_object_unref (p->msg);
  g_free (p->user);
  g_free (p);
}

/* Digest's challenge, with a nonce of ours; @stale: the credentials were
 * right but the nonce is past its use (RFC 7616 3.3). */
static void
digest_challenge (WmnetHttpAuth * self, SoupServerMessage * msg, gboolean stale)
{
  GString *s = g_string_new ("Digest ");
  gchar *nonce = wmnet_nonces_issue (self->nonces, g_get_monotonic_time ());

  soup_header_g_string_append_param_quoted (s, "realm", self->realm);
  g_string_append_printf (s, ", nonce=\"%s\", qop=\"auth\", algorithm=MD5%s",
      nonce, stale ? ", stale=true" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg),
      "WWW-Authenticate", s->str);
  g_string_free (s, TRUE);
  g_free (nonce);
}

static void
challenge (WmnetHttpAuth * self, SoupServerMessage * msg, gboolean stale)
{
  if (self->mode == WMNET_AUTH_DIGEST)
    digest_challenge (self, msg, stale);
  else
    soup_auth_domain_challenge (self->domain, msg);
}

/* A crypt(3) check answered: the request goes on. */
static void
basic_done (gboolean ok, gpointer data)
{
  Pending *p = data;
  WmnetHttpAuth *self = p->gate;

  self->pending = g_list_remove (self->pending, p);
  if (ok)
    g_object_set_data_full (G_OBJECT (p->msg), "wmnet-user",
        g_steal_pointer (&p->user), g_free);
  else
    challenge (self, p->msg, FALSE);
  self->answered (p->msg, ok, self->user_data);
  soup_server_message_unpause (p->msg);
  pending_free (p);
}

/* Called by libsoup's Basic domain; what the check said is left on @msg
 * for wmnet_http_auth_check. */
static gboolean
basic_check (SoupAuthDomain * domain, SoupServerMessage * msg,
    const char *username, const char *password, gpointer user_data)
{
  WmnetHttpAuth *self = user_data;
  Pending *p = g_new0 (Pending, 1);
  WmnetAuthCheck check;

  check = wmnet_auth_check_password_async (self->auth, username, password,
      self->post, self->target, basic_done, p, &p->job);
  if (check == WMNET_AUTH_CHECK_QUEUED) {
    p->gate = self;
    p->msg = g_object_ref (msg);
    p->user = g_strdup (username);
    self->pending = g_list_prepend (self->pending, p);
  } else {
    g_free (p);
  }
  g_object_set_data (G_OBJECT (msg), "wmnet-auth-check",
      GINT_TO_POINTER (check));
  return check == WMNET_AUTH_CHECK_OK;
}

static char *
digest_ha1 (SoupAuthDomain * domain, SoupServerMessage * msg,
    const char *username, gpointer user_data)
{
  WmnetHttpAuth *self = user_data;

  return wmnet_auth_get_ha1 (self->auth, username);
}

/* The domain of @mode and @realm, made anew when either changed. */
static void
update_domain (WmnetHttpAuth * self, WmnetAuthMode mode, const gchar * realm)
{
  if (self->domain && self->mode == mode && g_strcmp0 (self->realm, realm) == 0)
    return;
  g_clear_object (&self->domain);
  g_free (self->realm);
  self->realm = g_strdup (realm);
  self->mode = mode;
  if (mode == WMNET_AUTH_BASIC) {
    self->domain = g_object_new (soup_auth_domain_basic_get_type (),
        "realm", realm, NULL);
    soup_auth_domain_basic_set_auth_callback (self->domain, basic_check,
        self, NULL);
  } else {
    self->domain = g_object_new (soup_auth_domain_digest_get_type (),
        "realm", realm, NULL);
    soup_auth_domain_digest_set_auth_callback (self->domain, digest_ha1,
        self, NULL);
  }
}

/* Digest: libsoup checks the response; its nonce must be ours, alive, and
 * its nonce-count above those taken before (RFC 7616 3.3, 3.4). *@stale
 * when the response was right but the nonce or its count not: a nonce we
 * never issued too (another server's, one from before a restart). */
static gchar *
digest_accepts (WmnetHttpAuth * self, SoupServerMessage * msg, gboolean * stale)
{
  const gchar *header =
      soup_message_headers_get_one (soup_server_message_get_request_headers
      (msg), "Authorization");
  GHashTable *params = NULL;
  WmnetNonceVerdict v = WMNET_NONCE_INVALID;
  gint64 now = g_get_monotonic_time ();
  gchar *user = NULL;

  /* libsoup's digest domain takes only this spelling too */
  if (header && g_str_has_prefix (header, "Digest "))
    params = soup_header_parse_param_list (header + 7);
  if (params)
    v = wmnet_nonces_check (self->nonces, g_hash_table_lookup (params,
            "nonce"), now);
  user = soup_auth_domain_accepts (self->domain, msg);
  if (user && v == WMNET_NONCE_OK)
    v = wmnet_nonces_use (self->nonces, g_hash_table_lookup (params, "nonce"),
        g_hash_table_lookup (params, "nc"), now);
  if (user && v != WMNET_NONCE_OK) {
    /* the password was right, the nonce not (RFC 7616 3.3) */
    *stale = TRUE;
    g_clear_pointer (&user, g_free);
  }
  if (params)
    soup_header_free_param_list (params);
  return user;
}

WmnetAdmissionAuth
wmnet_http_auth_check (WmnetHttpAuth * self, WmnetAuth * auth,
    SoupServerMessage * msg)
{
  WmnetAuthMode mode = auth ? wmnet_auth_get_mode (auth) : WMNET_AUTH_NONE;
  gboolean stale = FALSE;
  gchar *realm, *user;

  if (mode == WMNET_AUTH_NONE)
    return WMNET_ADMISSION_AUTH_OK;
  self->auth = auth;
  realm = wmnet_auth_get_realm (auth);
  update_domain (self, mode, realm);
  g_free (realm);
  if (mode == WMNET_AUTH_DIGEST)
    user = digest_accepts (self, msg, &stale);
  else
    user = soup_auth_domain_accepts (self->domain, msg);
  if (user) {
    g_object_set_data_full (G_OBJECT (msg), "wmnet-user", user, g_free);
    return WMNET_ADMISSION_AUTH_OK;
  }
  switch (GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (msg),
              "wmnet-auth-check"))) {
    case WMNET_AUTH_CHECK_QUEUED:
      soup_server_message_pause (msg);
      return WMNET_ADMISSION_AUTH_PENDING;
    case WMNET_AUTH_CHECK_BUSY:
      return WMNET_ADMISSION_AUTH_BUSY;
    default:
      challenge (self, msg, stale);
      return WMNET_ADMISSION_AUTH_REFUSED;
  }
}

void
wmnet_http_auth_cancel (WmnetHttpAuth * self, gboolean answer)
{
  while (self->pending) {
    Pending *p = self->pending->data;

    self->pending = g_list_delete_link (self->pending, self->pending);
    wmnet_auth_job_cancel (p->job);
    if (answer) {
      soup_server_message_set_status (p->msg,
          SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (p->msg);
    }
    pending_free (p);
  }
}

WmnetHttpAuth *
wmnet_http_auth_new (WmnetPostFunc post, gpointer target,
    WmnetHttpAuthAnswered answered, gpointer user_data)
{
  WmnetHttpAuth *self = g_new0 (WmnetHttpAuth, 1);

  self->post = post;
  self->target = target;
  self->answered = answered;
  self->user_data = user_data;
  self->nonces = wmnet_nonces_new (WMNET_NONCE_LIFETIME, WMNET_NONCE_MAX_USED);
  return self;
}

void
wmnet_http_auth_free (WmnetHttpAuth * self)
{
  wmnet_http_auth_cancel (self, FALSE);
  g_clear_object (&self->domain);
  g_free (self->realm);
  wmnet_nonces_free (self->nonces);
  g_free (self);
}
