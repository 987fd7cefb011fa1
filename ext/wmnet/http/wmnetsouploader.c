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

#include <gio/gio.h>
#include <gmodule.h>
#include <string.h>

#include "wmnetsouploader.h"

#define LIBSOUP3_NAME "libsoup-3.0.so.0"
/* only libsoup 2 has it; libsoup 3's constructor looks for the same one */
#define LIBSOUP2_SYMBOL "soup_uri_new"

#define SOUP2_CONFLICT_MESSAGE "libsoup 2 is already loaded in this " \
  "process (e.g. by WebKitGTK 4.0); wmnetsink needs libsoup 3 and cannot " \
  "share a process with libsoup 2"

/* libsoup 3's functions, NULL until wmnet_soup_load() succeeds; typed from
 * soup.h's own prototypes, so that they cannot drift from them */
static struct
{
  __typeof__ (soup_server_get_type) * server_get_type;
  __typeof__ (soup_server_add_early_handler) * server_add_early_handler;
  __typeof__ (soup_server_add_handler) * server_add_handler;
  __typeof__ (soup_server_accept_iostream) * server_accept_iostream;
  __typeof__ (soup_server_disconnect) * server_disconnect;
  __typeof__ (soup_server_message_get_method) * server_message_get_method;
  __typeof__ (soup_server_message_get_request_headers) *
      server_message_get_request_headers;
  __typeof__ (soup_server_message_get_response_headers) *
      server_message_get_response_headers;
  __typeof__ (soup_server_message_get_response_body) *
      server_message_get_response_body;
  __typeof__ (soup_server_message_get_remote_address) *
      server_message_get_remote_address;
  __typeof__ (soup_server_message_get_uri) * server_message_get_uri;
  __typeof__ (soup_server_message_set_http_version) *
      server_message_set_http_version;
  __typeof__ (soup_server_message_set_status) * server_message_set_status;
  __typeof__ (soup_server_message_get_status) * server_message_get_status;
  __typeof__ (soup_server_message_set_response) * server_message_set_response;
  __typeof__ (soup_server_message_pause) * server_message_pause;
  __typeof__ (soup_server_message_unpause) * server_message_unpause;
  __typeof__ (soup_server_message_steal_connection) *
      server_message_steal_connection;
  __typeof__ (soup_message_headers_append) * message_headers_append;
  __typeof__ (soup_message_headers_replace) * message_headers_replace;
  __typeof__ (soup_message_headers_remove) * message_headers_remove;
  __typeof__ (soup_message_headers_get_one) * message_headers_get_one;
  __typeof__ (soup_message_headers_get_list) * message_headers_get_list;
  __typeof__ (soup_message_headers_get_content_length) *
      message_headers_get_content_length;
  __typeof__ (soup_message_headers_get_encoding) * message_headers_get_encoding;
  __typeof__ (soup_message_headers_set_encoding) * message_headers_set_encoding;
  __typeof__ (soup_message_headers_set_content_type) *
      message_headers_set_content_type;
  __typeof__ (soup_message_body_complete) * message_body_complete;
  __typeof__ (soup_message_body_append_bytes) * message_body_append_bytes;
  __typeof__ (soup_status_get_phrase) * status_get_phrase;
  /* server side, players' log reports (LogStats POST bodies) */
  __typeof__ (soup_server_message_get_request_body) *
      server_message_get_request_body;
  __typeof__ (soup_message_body_flatten) * message_body_flatten;
  /* server side, authentication (auth domains) */
  __typeof__ (soup_auth_domain_basic_get_type) * auth_domain_basic_get_type;
  __typeof__ (soup_auth_domain_digest_get_type) * auth_domain_digest_get_type;
  __typeof__ (soup_auth_domain_basic_set_auth_callback) *
      auth_domain_basic_set_auth_callback;
  __typeof__ (soup_auth_domain_digest_set_auth_callback) *
      auth_domain_digest_set_auth_callback;
  __typeof__ (soup_auth_domain_accepts) * auth_domain_accepts;
  __typeof__ (soup_auth_domain_challenge) * auth_domain_challenge;
  __typeof__ (soup_header_parse_param_list) * header_parse_param_list;
  __typeof__ (soup_header_free_param_list) * header_free_param_list;
  __typeof__ (soup_header_g_string_append_param_quoted) *
      header_g_string_append_param_quoted;
} soup;

#define SYMBOL(name) { "soup_" G_STRINGIFY (name), (gpointer *) &soup.name }

/* a function of libsoup and where its address goes */
typedef struct
{
  const gchar *name;
  gpointer *func;
} WmnetSoupSymbol;

static const WmnetSoupSymbol symbols[] = {
  SYMBOL (server_get_type),
  SYMBOL (server_add_early_handler),
  SYMBOL (server_add_handler),
  SYMBOL (server_accept_iostream),
  SYMBOL (server_disconnect),
  SYMBOL (server_message_get_method),
  SYMBOL (server_message_get_request_headers),
  SYMBOL (server_message_get_response_headers),
  SYMBOL (server_message_get_response_body),
  SYMBOL (server_message_get_remote_address),
  SYMBOL (server_message_get_uri),
  SYMBOL (server_message_set_http_version),
  SYMBOL (server_message_set_status),
  SYMBOL (server_message_get_status),
  SYMBOL (server_message_set_response),
  SYMBOL (server_message_pause),
  SYMBOL (server_message_unpause),
  SYMBOL (server_message_steal_connection),
  SYMBOL (message_headers_append),
  SYMBOL (message_headers_replace),
  SYMBOL (message_headers_remove),
  SYMBOL (message_headers_get_one),
  SYMBOL (message_headers_get_list),
  SYMBOL (message_headers_get_content_length),
  SYMBOL (message_headers_get_encoding),
  SYMBOL (message_headers_set_encoding),
  SYMBOL (message_headers_set_content_type),
  SYMBOL (message_body_complete),
  SYMBOL (message_body_append_bytes),
  SYMBOL (status_get_phrase),
  /* server side, players' log reports */
  SYMBOL (server_message_get_request_body),
  SYMBOL (message_body_flatten),
  /* server side, authentication */
  SYMBOL (auth_domain_basic_get_type),
  SYMBOL (auth_domain_digest_get_type),
  SYMBOL (auth_domain_basic_set_auth_callback),
  SYMBOL (auth_domain_digest_set_auth_callback),
  SYMBOL (auth_domain_accepts),
  SYMBOL (auth_domain_challenge),
  /* server side, Digest's nonces (wmnethttpauth) */
  SYMBOL (header_parse_param_list),
  SYMBOL (header_free_param_list),
  SYMBOL (header_g_string_append_param_quoted),
};

static gboolean
soup2_is_loaded (void)
{
  GModule *process = g_module_open (NULL, G_MODULE_BIND_LAZY);
  gpointer func = NULL;

  if (process == NULL)
    return FALSE;
  g_module_symbol (process, LIBSOUP2_SYMBOL, &func);
  g_module_close (process);
  return func != NULL;
}

/* Resolves @n functions of libsoup 3 through a handle of its own; on
 * failure, clears the @table_size bytes of @table (no half-loaded set). */
static gboolean
resolve (const WmnetSoupSymbol * syms, guint n, gpointer table,
    gsize table_size, GError ** error)
{
  GModule *module;
  guint i;

  /* LOCAL: every function is resolved through this handle, none needs to
   * be in the process's global scope */
  module = g_module_open (LIBSOUP3_NAME,
      G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "Could not load libsoup 3: %s", g_module_error ());
    return FALSE;
  }
  /* never closed: libsoup registers GTypes, which cannot be unloaded */
  g_module_make_resident (module);

  for (i = 0; i < n; i++) {
    if (!g_module_symbol (module, syms[i].name, syms[i].func)) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
          "%s has no %s: libsoup >= 3.2 is needed", LIBSOUP3_NAME,
          syms[i].name);
      memset (table, 0, table_size);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
load (GError ** error)
{
  if (soup2_is_loaded ()) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        SOUP2_CONFLICT_MESSAGE);
    return FALSE;
  }
  return resolve (symbols, G_N_ELEMENTS (symbols), &soup, sizeof (soup), error);
}

/* Runs @load_func once per process and gives every caller its answer. */
static gboolean
load_once (gsize * done, GError ** load_error,
    gboolean (*load_func) (GError **), GError ** error)
{
  if (g_once_init_enter (done)) {
    load_func (load_error);
    g_once_init_leave (done, 1);
  }
  if (*load_error) {
    g_propagate_error (error, g_error_copy (*load_error));
    return FALSE;
  }
  return TRUE;
}

gboolean
wmnet_soup_load (GError ** error)
{
  static gsize done = 0;
  static GError *load_error = NULL;

  return load_once (&done, &load_error, load, error);
}

/* ------------------------------------------------------------------------ */
/* libsoup's API, as far as ext/wmnet uses it */

/* SOUP_METHOD_GET/HEAD cache g_intern_static_string() in these libsoup
 * variables; any copy holds the same interned string, so we keep our own */
gpointer _SOUP_METHOD_GET;
gpointer _SOUP_METHOD_HEAD;

GType
soup_server_get_type (void)
{
  return soup.server_get_type ();
}

/* variadic: build it with the properties as libsoup does */
SoupServer *
soup_server_new (const char *optname1, ...)
{
  SoupServer *server;
  va_list args;

  va_start (args, optname1);
  server = (SoupServer *) g_object_new_valist (soup.server_get_type (),
      optname1, args);
  va_end (args);
  return server;
}

void
soup_server_add_early_handler (SoupServer * server, const char *path,
    SoupServerCallback callback, gpointer user_data, GDestroyNotify destroy)
{
  soup.server_add_early_handler (server, path, callback, user_data, destroy);
}

void
soup_server_add_handler (SoupServer * server, const char *path,
    SoupServerCallback callback, gpointer user_data, GDestroyNotify destroy)
{
  soup.server_add_handler (server, path, callback, user_data, destroy);
}

gboolean
soup_server_accept_iostream (SoupServer * server, GIOStream * stream,
    GSocketAddress * local_addr, GSocketAddress * remote_addr, GError ** error)
{
  return soup.server_accept_iostream (server, stream, local_addr,
      remote_addr, error);
}

void
soup_server_disconnect (SoupServer * server)
{
  soup.server_disconnect (server);
}

const char *
soup_server_message_get_method (SoupServerMessage * msg)
{
  return soup.server_message_get_method (msg);
}

SoupMessageHeaders *
soup_server_message_get_request_headers (SoupServerMessage * msg)
{
  return soup.server_message_get_request_headers (msg);
}

SoupMessageHeaders *
soup_server_message_get_response_headers (SoupServerMessage * msg)
{
  return soup.server_message_get_response_headers (msg);
}

SoupMessageBody *
soup_server_message_get_response_body (SoupServerMessage * msg)
{
  return soup.server_message_get_response_body (msg);
}

GSocketAddress *
soup_server_message_get_remote_address (SoupServerMessage * msg)
{
  return soup.server_message_get_remote_address (msg);
}

GUri *
soup_server_message_get_uri (SoupServerMessage * msg)
{
  return soup.server_message_get_uri (msg);
}

void
soup_server_message_set_http_version (SoupServerMessage * msg,
    SoupHTTPVersion version)
{
  soup.server_message_set_http_version (msg, version);
}

void
soup_server_message_set_status (SoupServerMessage * msg, guint status_code,
    const char *reason_phrase)
{
  soup.server_message_set_status (msg, status_code, reason_phrase);
}

void
soup_server_message_set_response (SoupServerMessage * msg,
    const char *content_type, SoupMemoryUse resp_use, const char *resp_body,
    gsize resp_length)
{
  soup.server_message_set_response (msg, content_type, resp_use, resp_body,
      resp_length);
}

void
soup_server_message_pause (SoupServerMessage * msg)
{
  soup.server_message_pause (msg);
}

void
soup_server_message_unpause (SoupServerMessage * msg)
{
  soup.server_message_unpause (msg);
}

guint
soup_server_message_get_status (SoupServerMessage * msg)
{
  return soup.server_message_get_status (msg);
}

GIOStream *
soup_server_message_steal_connection (SoupServerMessage * msg)
{
  return soup.server_message_steal_connection (msg);
}

void
soup_message_headers_append (SoupMessageHeaders * hdrs, const char *name,
    const char *value)
{
  soup.message_headers_append (hdrs, name, value);
}

void
soup_message_headers_replace (SoupMessageHeaders * hdrs, const char *name,
    const char *value)
{
  soup.message_headers_replace (hdrs, name, value);
}

void
soup_message_headers_remove (SoupMessageHeaders * hdrs, const char *name)
{
  soup.message_headers_remove (hdrs, name);
}

const char *
soup_message_headers_get_one (SoupMessageHeaders * hdrs, const char *name)
{
  return soup.message_headers_get_one (hdrs, name);
}

const char *
soup_message_headers_get_list (SoupMessageHeaders * hdrs, const char *name)
{
  return soup.message_headers_get_list (hdrs, name);
}

goffset
soup_message_headers_get_content_length (SoupMessageHeaders * hdrs)
{
  return soup.message_headers_get_content_length (hdrs);
}

SoupEncoding
soup_message_headers_get_encoding (SoupMessageHeaders * hdrs)
{
  return soup.message_headers_get_encoding (hdrs);
}

void
soup_message_headers_set_encoding (SoupMessageHeaders * hdrs,
    SoupEncoding encoding)
{
  soup.message_headers_set_encoding (hdrs, encoding);
}

void
soup_message_headers_set_content_type (SoupMessageHeaders * hdrs,
    const char *content_type, GHashTable * params)
{
  soup.message_headers_set_content_type (hdrs, content_type, params);
}

void
soup_message_body_complete (SoupMessageBody * body)
{
  soup.message_body_complete (body);
}

void
soup_message_body_append_bytes (SoupMessageBody * body, GBytes * buffer)
{
  soup.message_body_append_bytes (body, buffer);
}

const char *
soup_status_get_phrase (guint status_code)
{
  return soup.status_get_phrase (status_code);
}

/* ------------------------------------------------------------------------ */
/* server side: the body of a player's log report (LogStats POST) */

SoupMessageBody *
soup_server_message_get_request_body (SoupServerMessage * msg)
{
  return soup.server_message_get_request_body (msg);
}

GBytes *
soup_message_body_flatten (SoupMessageBody * body)
{
  return soup.message_body_flatten (body);
}

/* ------------------------------------------------------------------------ */
/* server side: authentication (auth domains, checked by wmnethttp) */

GType
soup_auth_domain_basic_get_type (void)
{
  return soup.auth_domain_basic_get_type ();
}

GType
soup_auth_domain_digest_get_type (void)
{
  return soup.auth_domain_digest_get_type ();
}

void
soup_auth_domain_basic_set_auth_callback (SoupAuthDomain * domain,
    SoupAuthDomainBasicAuthCallback callback, gpointer user_data,
    GDestroyNotify dnotify)
{
  soup.auth_domain_basic_set_auth_callback (domain, callback, user_data,
      dnotify);
}

void
soup_auth_domain_digest_set_auth_callback (SoupAuthDomain * domain,
    SoupAuthDomainDigestAuthCallback callback, gpointer user_data,
    GDestroyNotify dnotify)
{
  soup.auth_domain_digest_set_auth_callback (domain, callback, user_data,
      dnotify);
}

char *
soup_auth_domain_accepts (SoupAuthDomain * domain, SoupServerMessage * msg)
{
  return soup.auth_domain_accepts (domain, msg);
}

void
soup_auth_domain_challenge (SoupAuthDomain * domain, SoupServerMessage * msg)
{
  soup.auth_domain_challenge (domain, msg);
}

GHashTable *
soup_header_parse_param_list (const char *header)
{
  return soup.header_parse_param_list (header);
}

void
soup_header_free_param_list (GHashTable * param_list)
{
  soup.header_free_param_list (param_list);
}

void
soup_header_g_string_append_param_quoted (GString * string, const char *name,
    const char *value)
{
  soup.header_g_string_append_param_quoted (string, name, value);
}

/* ------------------------------------------------------------------------ */
/* The client side (wmnetsrc): SoupSession and SoupMessage. Resolved apart
 * from the server side, by wmnet_soup_client_load(), through a second
 * handle on the same library. */

static struct
{
  __typeof__ (soup_session_get_type) * session_get_type;
  __typeof__ (soup_session_send) * session_send;
  __typeof__ (soup_message_new) * message_new;
  __typeof__ (soup_message_get_status) * message_get_status;
  __typeof__ (soup_message_get_reason_phrase) * message_get_reason_phrase;
  __typeof__ (soup_message_get_request_headers) * message_get_request_headers;
  __typeof__ (soup_message_get_response_headers) * message_get_response_headers;
  __typeof__ (soup_auth_authenticate) * auth_authenticate;
  __typeof__ (soup_auth_is_for_proxy) * auth_is_for_proxy;
  /* wmnetpushsink: its own HTTP/1.1 over GIO, libsoup's auth and head
   * parsing (docs/design.md, D70) */
  __typeof__ (soup_auth_new) * auth_new;
  __typeof__ (soup_auth_basic_get_type) * auth_basic_get_type;
  __typeof__ (soup_auth_digest_get_type) * auth_digest_get_type;
  __typeof__ (soup_auth_get_authorization) * auth_get_authorization;
  __typeof__ (soup_headers_parse_response) * headers_parse_response;
  __typeof__ (soup_message_headers_new) * message_headers_new;
  __typeof__ (soup_message_headers_unref) * message_headers_unref;
  __typeof__ (soup_message_headers_iter_init) * message_headers_iter_init;
  __typeof__ (soup_message_headers_iter_next) * message_headers_iter_next;
} soup_client;

#define CLIENT_SYMBOL(name) \
  { "soup_" G_STRINGIFY (name), (gpointer *) &soup_client.name }

static const WmnetSoupSymbol client_symbols[] = {
  CLIENT_SYMBOL (session_get_type),
  CLIENT_SYMBOL (session_send),
  CLIENT_SYMBOL (message_new),
  CLIENT_SYMBOL (message_get_status),
  CLIENT_SYMBOL (message_get_reason_phrase),
  CLIENT_SYMBOL (message_get_request_headers),
  CLIENT_SYMBOL (message_get_response_headers),
  CLIENT_SYMBOL (auth_authenticate),
  CLIENT_SYMBOL (auth_is_for_proxy),
  CLIENT_SYMBOL (auth_new),
  CLIENT_SYMBOL (auth_basic_get_type),
  CLIENT_SYMBOL (auth_digest_get_type),
  CLIENT_SYMBOL (auth_get_authorization),
  CLIENT_SYMBOL (headers_parse_response),
  CLIENT_SYMBOL (message_headers_new),
  CLIENT_SYMBOL (message_headers_unref),
  CLIENT_SYMBOL (message_headers_iter_init),
  CLIENT_SYMBOL (message_headers_iter_next),
};

static gboolean
client_load (GError ** error)
{
  if (!wmnet_soup_load (error))
    return FALSE;
  return resolve (client_symbols, G_N_ELEMENTS (client_symbols),
      &soup_client, sizeof (soup_client), error);
}

gboolean
wmnet_soup_client_load (GError ** error)
{
  static gsize done = 0;
  static GError *load_error = NULL;

  return load_once (&done, &load_error, client_load, error);
}

GType
soup_session_get_type (void)
{
  return soup_client.session_get_type ();
}

GInputStream *
soup_session_send (SoupSession * session, SoupMessage * msg,
    GCancellable * cancellable, GError ** error)
{
  return soup_client.session_send (session, msg, cancellable, error);
}

SoupMessage *
soup_message_new (const char *method, const char *uri_string)
{
  return soup_client.message_new (method, uri_string);
}

SoupStatus
soup_message_get_status (SoupMessage * msg)
{
  return soup_client.message_get_status (msg);
}

const char *
soup_message_get_reason_phrase (SoupMessage * msg)
{
  return soup_client.message_get_reason_phrase (msg);
}

SoupMessageHeaders *
soup_message_get_request_headers (SoupMessage * msg)
{
  return soup_client.message_get_request_headers (msg);
}

SoupMessageHeaders *
soup_message_get_response_headers (SoupMessage * msg)
{
  return soup_client.message_get_response_headers (msg);
}

void
soup_auth_authenticate (SoupAuth * auth, const char *username,
    const char *password)
{
  soup_client.auth_authenticate (auth, username, password);
}

gboolean
soup_auth_is_for_proxy (SoupAuth * auth)
{
  return soup_client.auth_is_for_proxy (auth);
}

SoupAuth *
soup_auth_new (GType type, SoupMessage * msg, const char *auth_header)
{
  return soup_client.auth_new (type, msg, auth_header);
}

GType
soup_auth_basic_get_type (void)
{
  return soup_client.auth_basic_get_type ();
}

GType
soup_auth_digest_get_type (void)
{
  return soup_client.auth_digest_get_type ();
}

char *
soup_auth_get_authorization (SoupAuth * auth, SoupMessage * msg)
{
  return soup_client.auth_get_authorization (auth, msg);
}

gboolean
soup_headers_parse_response (const char *str, int len,
    SoupMessageHeaders * headers, SoupHTTPVersion * ver, guint * status_code,
    char **reason_phrase)
{
  return soup_client.headers_parse_response (str, len, headers, ver,
      status_code, reason_phrase);
}

SoupMessageHeaders *
soup_message_headers_new (SoupMessageHeadersType type)
{
  return soup_client.message_headers_new (type);
}

void
soup_message_headers_unref (SoupMessageHeaders * hdrs)
{
  soup_client.message_headers_unref (hdrs);
}

void
soup_message_headers_iter_init (SoupMessageHeadersIter * iter,
    SoupMessageHeaders * hdrs)
{
  soup_client.message_headers_iter_init (iter, hdrs);
}

gboolean
soup_message_headers_iter_next (SoupMessageHeadersIter * iter,
    const char **name, const char **value)
{
  return soup_client.message_headers_iter_next (iter, name, value);
}
