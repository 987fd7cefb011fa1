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

/* gstwmnetserversinkprops.c: wmnetserversink's properties: their specs
 * (the manual, gst-inspect-1.0), setting and reading them, the names a
 * bin around it mirrors, and a refused list keeping the element closed
 * until a valid one (D50, D51); each list also as a G_TYPE_STRV twin
 * for bindings, the same list in either form (D80). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetserversinkpriv.h"

const gchar *const gst_wmnet_server_sink_property_names[] = {
  "port", "current-port", "address", "host-url", "max-clients",
  "num-clients", "clients", "access-include", "access-exclude",
  "resolve-names", "fast-start", "client-buffer-time", "slow-client-policy",
  "coalesce-time", "stats", "stats-interval", "log-location",
  "trusted-proxies", "auth", "auth-realm", "auth-file",
  "max-clients-per-address", "max-connection-rate", "publishing-point",
  "metrics-path", "metrics-access", "access-include-strv",
  "access-exclude-strv", "trusted-proxies-strv", "metrics-access-strv", NULL
};

GParamSpec *gst_wmnet_server_sink_pspecs[N_PROPS];
/* notified when the client table changes */
GParamSpec *gst_wmnet_server_sink_client_pspecs[3];

/* A list's value was refused: closed until a valid one (D50). Said as a
 * g_warning, and as a warning message on the bus, now when serving (a
 * message posted before the element is in a pipeline is lost), else when
 * serving starts. */
static void
config_refused (GstWmnetServerSink * self, guint slot, const gchar * prop,
    const gchar * why, const gchar * consequence)
{
  gchar *name = gst_wmnet_server_sink_user_element_name (self);
  gchar *text = g_strdup_printf ("%s: %s; %s until a valid list is set",
      prop, why, consequence);

  g_warning ("%s: %s", name, text);
  g_free (name);
  GST_OBJECT_LOCK (self);
  g_free (self->refused[slot]);
  self->refused[slot] = g_strdup (text);
  GST_OBJECT_UNLOCK (self);
  if (wmnet_server_get_port (self->server) >= 0)
    gst_wmnet_server_sink_post_config_warning (self, text);
  g_free (text);
}

static void
config_accepted (GstWmnetServerSink * self, guint slot)
{
  GST_OBJECT_LOCK (self);
  g_clear_pointer (&self->refused[slot], g_free);
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------------------ */
/* properties */

/* Nobody could log in: said in the debug log (users may still come with
 * add-user). */
static void
check_users (GstWmnetServerSink * self)
{
  WmnetAuthMode mode = wmnet_auth_get_mode (self->auth);
  guint all = wmnet_auth_count_users (self->auth, FALSE);
  guint digest = wmnet_auth_count_users (self->auth, TRUE);

  if (mode == WMNET_AUTH_NONE)
    return;
  if (all == 0)
    GST_WARNING_OBJECT (self, "auth is on and there are no users yet: every "
        "request is refused (401) until add-user or auth-file gives some");
  else if (mode == WMNET_AUTH_DIGEST && digest < all)
    GST_WARNING_OBJECT (self, "auth=digest: %u of %u users have only an "
        "htpasswd hash or another realm's HA1, which Digest cannot check",
        all - digest, all);
}

/* A bad file is refused with a warning naming it; the users loaded before
 * stay. */
static void
set_auth_file (GstWmnetServerSink * self, const gchar * path)
{
  GError *error = NULL;

  if (!wmnet_auth_load_file (self->auth, path, &error)) {
    g_warning ("%s: auth-file: %s; users unchanged", GST_OBJECT_NAME (self),
        error->message);
    g_error_free (error);
    return;
  }
  GST_OBJECT_LOCK (self);
  g_free (self->auth_file);
  self->auth_file = g_strdup (path);
  GST_OBJECT_UNLOCK (self);
  check_users (self);
}

/* Either way every client is judged again: its address may change (D51),
 * and a refused value closes (D50). */
static void
set_trusted_proxies (GstWmnetServerSink * self, const GValue * value,
    const gchar * prop)
{
  GError *error = NULL;

  if (wmnet_access_list_set_value (self->trusted, WMNET_ACCESS_TYPE_INCLUDE,
          value, &error)) {
    config_accepted (self, REFUSED_TRUSTED);
  } else {
    config_refused (self, REFUSED_TRUSTED, prop, error->message,
        "no peer is trusted, and every request with a Forwarded or "
        "X-Forwarded-For header is refused (403, reason access-config)");
    g_error_free (error);
  }
  wmnet_server_recheck_access (self->server);
}

static void
set_access_list (GstWmnetServerSink * self, WmnetAccessType type,
    const GValue * value, const gchar * prop)
{
  guint slot = type == WMNET_ACCESS_TYPE_INCLUDE ? REFUSED_INCLUDE :
      REFUSED_EXCLUDE;
  GError *error = NULL;

  if (wmnet_access_list_set_value (self->access, type, value, &error)) {
    config_accepted (self, slot);
  } else {
    config_refused (self, slot, prop, error->message,
        "every request is refused (403, reason access-config)");
    g_error_free (error);
  }
  wmnet_server_recheck_access (self->server);
}

static void
get_clients (GstWmnetServerSink * self, GValue * value)
{
  GPtrArray *clients = wmnet_server_get_clients (self->server);
  guint i;

  for (i = 0; i < clients->len; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, g_ptr_array_index (clients, i));
    gst_value_array_append_and_take_value (value, &v);
  }
  /* the structures now belong to @value */
  g_ptr_array_set_free_func (clients, NULL);
  g_ptr_array_unref (clients);
}

/* port and address: only while not listening */
static gboolean
endpoint_settable (GstWmnetServerSink * self, const gchar * prop,
    const GValue * value)
{
  gchar *text;

  if (GST_STATE (self) <= GST_STATE_READY)
    return TRUE;
  text = g_strdup_value_contents (value);
  g_warning ("%s: '%s' can only change in NULL or READY; %s ignored",
      GST_OBJECT_NAME (self), prop, text);
  g_free (text);
  return FALSE;
}

/* publishing-point and metrics-path: NULL or a path that can be matched
 * exactly (D69, D76), only while not listening; another is refused with a
 * warning naming it, the value kept. */
static void
set_path (GstWmnetServerSink * self, const gchar * prop, const GValue * value,
    gchar ** field)
{
  const gchar *path = g_value_get_string (value), *why;

  if (!endpoint_settable (self, prop, value))
    return;
  if (!wmnet_point_path_is_valid (path, &why)) {
    g_warning ("%s: %s '%s' refused: %s; it stays %s%s%s",
        GST_OBJECT_NAME (self), prop, path, why, *field ? "'" : "",
        *field ? *field : "NULL", *field ? "'" : "");
    return;
  }
  g_free (*field);
  *field = g_strdup (path);
}

/* A bad metrics-access closes the metrics path: every scrape 403 (D76). */
static void
set_metrics_access (GstWmnetServerSink * self, const GValue * value,
    const gchar * prop)
{
  GError *error = NULL;

  if (wmnet_access_list_set_value (self->metrics_access,
          WMNET_ACCESS_TYPE_INCLUDE, value, &error)) {
    config_accepted (self, REFUSED_METRICS);
  } else {
    config_refused (self, REFUSED_METRICS, prop, error->message,
        "every request of metrics-path is refused (403)");
    g_error_free (error);
  }
}

/* Opens the access log now, so that a bad path is told when it is set or
 * when serving starts, not at the first line. */
void
gst_wmnet_server_sink_open_log (GstWmnetServerSink * self)
{
  GError *error = NULL;

  if (!wmnet_log_file_open (self->log, &error) && error) {
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_WRITE,
        ("Cannot open the access log; serving goes on, its lines are still "
            "posted as wmnetsink-log messages."), ("%s", error->message));
    g_error_free (error);
  }
}

/* Any value, the same path too, closes the file: the next line reopens it
 * (log rotation: rename, then set the same path). */
static void
set_log_location (GstWmnetServerSink * self, const gchar * path)
{
  wmnet_log_file_set_location (self->log, path);
  if (wmnet_server_get_port (self->server) >= 0)
    gst_wmnet_server_sink_open_log (self);
}

/* The server's settings (max-clients, resolve-names, fast-start,
 * client-buffer-time, slow-client-policy, coalesce-time, stats-interval)
 * are its properties of the same names, kept there alone (docs/design.md
 * D67). */
static gboolean
server_keeps (GstWmnetServerSink * self, GParamSpec * pspec)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (self->server),
      pspec->name) != NULL;
}

/* A list and its G_TYPE_STRV twin (D80): the same list, in either form. */
static const guint twins[][2] = {
  {PROP_ACCESS_INCLUDE, PROP_ACCESS_INCLUDE_STRV},
  {PROP_ACCESS_EXCLUDE, PROP_ACCESS_EXCLUDE_STRV},
  {PROP_TRUSTED_PROXIES, PROP_TRUSTED_PROXIES_STRV},
  {PROP_METRICS_ACCESS, PROP_METRICS_ACCESS_STRV},
};

/* The GstValueArray property of @prop_id's pair (itself when it is one);
 * 0 when it is no list. */
static guint
list_of (guint prop_id)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (twins); i++)
    if (twins[i][0] == prop_id || twins[i][1] == prop_id)
      return twins[i][0];
  return 0;
}

/* Either of a pair was set: the other changed too. */
static void
notify_twin (GstWmnetServerSink * self, guint prop_id)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (twins); i++) {
    if (twins[i][0] == prop_id)
      g_object_notify_by_pspec (G_OBJECT (self),
          gst_wmnet_server_sink_pspecs[twins[i][1]]);
    else if (twins[i][1] == prop_id)
      g_object_notify_by_pspec (G_OBJECT (self),
          gst_wmnet_server_sink_pspecs[twins[i][0]]);
  }
}

/* The lists, from either form (D50, D51, D76, D80). */
static void
set_list (GstWmnetServerSink * self, guint prop_id, const GValue * value,
    const gchar * prop)
{
  switch (list_of (prop_id)) {
    case PROP_ACCESS_INCLUDE:
      set_access_list (self, WMNET_ACCESS_TYPE_INCLUDE, value, prop);
      break;
    case PROP_ACCESS_EXCLUDE:
      set_access_list (self, WMNET_ACCESS_TYPE_EXCLUDE, value, prop);
      break;
    case PROP_TRUSTED_PROXIES:
      set_trusted_proxies (self, value, prop);
      break;
    default:
      set_metrics_access (self, value, prop);
      break;
  }
  notify_twin (self, prop_id);
}

static void
get_list (GstWmnetServerSink * self, guint prop_id, GValue * value)
{
  switch (list_of (prop_id)) {
    case PROP_ACCESS_INCLUDE:
      wmnet_access_list_get_value (self->access, WMNET_ACCESS_TYPE_INCLUDE,
          value);
      break;
    case PROP_ACCESS_EXCLUDE:
      wmnet_access_list_get_value (self->access, WMNET_ACCESS_TYPE_EXCLUDE,
          value);
      break;
    case PROP_TRUSTED_PROXIES:
      wmnet_access_list_get_value (self->trusted, WMNET_ACCESS_TYPE_INCLUDE,
          value);
      break;
    default:
      wmnet_access_list_get_value (self->metrics_access,
          WMNET_ACCESS_TYPE_INCLUDE, value);
      break;
  }
}

void
gst_wmnet_server_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

  if (server_keeps (self, pspec)) {
    g_object_set_property (G_OBJECT (self->server), pspec->name, value);
    return;
  }
  if (list_of (prop_id)) {
    set_list (self, prop_id, value, pspec->name);
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PORT:
      if (endpoint_settable (self, pspec->name, value))
        self->port = g_value_get_uint (value);
      break;
    case PROP_ADDRESS:
      if (endpoint_settable (self, pspec->name, value)) {
        g_free (self->address);
        self->address = g_value_dup_string (value);
      }
      break;
    case PROP_PUBLISHING_POINT:
      set_path (self, pspec->name, value, &self->publishing_point);
      break;
    case PROP_METRICS_PATH:
      set_path (self, pspec->name, value, &self->metrics_path);
      break;
    case PROP_LOG_LOCATION:
      GST_OBJECT_UNLOCK (self);
      set_log_location (self, g_value_get_string (value));
      return;
    case PROP_AUTH:
      wmnet_auth_set_mode (self->auth, g_value_get_enum (value));
      GST_OBJECT_UNLOCK (self);
      check_users (self);
      return;
    case PROP_AUTH_REALM:
      wmnet_auth_set_realm (self->auth, g_value_get_string (value));
      break;
    case PROP_AUTH_FILE:
      GST_OBJECT_UNLOCK (self);
      set_auth_file (self, g_value_get_string (value));
      return;
    case PROP_MAX_CLIENTS_PER_ADDRESS:
      wmnet_limits_set_max_per_address (self->limits, g_value_get_uint (value));
      break;
    case PROP_MAX_CONNECTION_RATE:
      wmnet_limits_set_rate (self->limits, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_wmnet_server_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

  if (server_keeps (self, pspec)) {
    g_object_get_property (G_OBJECT (self->server), pspec->name, value);
    return;
  }
  if (list_of (prop_id)) {
    get_list (self, prop_id, value);
    return;
  }
  switch (prop_id) {
    case PROP_CURRENT_PORT:
      g_value_set_int (value, wmnet_server_get_port (self->server));
      return;
    case PROP_HOST_URL:
      g_value_take_string (value, wmnet_server_get_url (self->server));
      return;
    case PROP_NUM_CLIENTS:
      g_value_set_uint (value, wmnet_server_get_num_clients (self->server));
      return;
    case PROP_CLIENTS:
      get_clients (self, value);
      return;
    case PROP_STATS:
      g_value_take_boxed (value, wmnet_server_get_stats (self->server));
      return;
    case PROP_LOG_LOCATION:
      g_value_take_string (value, wmnet_log_file_dup_location (self->log));
      return;
    case PROP_AUTH:
      g_value_set_enum (value, wmnet_auth_get_mode (self->auth));
      return;
    case PROP_AUTH_REALM:
      g_value_take_string (value, wmnet_auth_get_realm (self->auth));
      return;
    case PROP_MAX_CLIENTS_PER_ADDRESS:
      g_value_set_uint (value, wmnet_limits_get_max_per_address (self->limits));
      return;
    case PROP_MAX_CONNECTION_RATE:
      g_value_set_double (value, wmnet_limits_get_rate (self->limits));
      return;
    default:
      break;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PUBLISHING_POINT:
      g_value_set_string (value, self->publishing_point);
      break;
    case PROP_METRICS_PATH:
      g_value_set_string (value, self->metrics_path);
      break;
    case PROP_AUTH_FILE:
      g_value_set_string (value, self->auth_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_wmnet_server_sink_install_properties (GObjectClass * gobject_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  guint i;

  /* The blurbs fit a line or two of gst-inspect-1.0 (what, unit, what
   * the default or 0 means, the SDK method); the rows of
   * docs/wmnetserversink.md hold the full text. */
  gst_wmnet_server_sink_pspecs[PROP_PORT] = g_param_spec_uint ("port", "Port",
      "TCP port to listen on (0 = any free port, see current-port)",
      0, 65535, DEFAULT_PORT, rw | GST_PARAM_MUTABLE_READY);
  gst_wmnet_server_sink_pspecs[PROP_CURRENT_PORT] =
      g_param_spec_int ("current-port", "Current port",
      "The port listened on (-1 when not listening)", -1, 65535, -1, ro);
  gst_wmnet_server_sink_pspecs[PROP_ADDRESS] =
      g_param_spec_string ("address", "Address",
      "Local address to listen on, IP or host name (NULL = every interface)",
      DEFAULT_ADDRESS, rw | GST_PARAM_MUTABLE_READY);
  gst_wmnet_server_sink_pspecs[PROP_HOST_URL] =
      g_param_spec_string ("host-url", "Host URL",
      "The broadcast's URL (NULL when not listening); GetHostURL", NULL, ro);
  gst_wmnet_server_sink_pspecs[PROP_PUBLISHING_POINT] =
      g_param_spec_string ("publishing-point", "Publishing point",
      "URL path served, e.g. /news (NULL = every path the port does not "
      "serve otherwise)",
      DEFAULT_PUBLISHING_POINT, rw | GST_PARAM_MUTABLE_READY);
  gst_wmnet_server_sink_pspecs[PROP_METRICS_PATH] =
      g_param_spec_string ("metrics-path", "Metrics path",
      "URL path answering Prometheus text for the port, e.g. /metrics (NULL "
      "= none)", NULL, rw | GST_PARAM_MUTABLE_READY);
  gst_wmnet_server_sink_pspecs[PROP_METRICS_ACCESS] =
      gst_param_spec_array ("metrics-access", "Metrics access list",
      "Addresses that may read metrics-path, as access-include (others get "
      "403)",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_MAX_CLIENTS] =
      wmnet_server_setting_pspec ("max-clients", "Maximum clients",
      "Most streaming clients at once (0 = no limit); SetMaximumClients",
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_NUM_CLIENTS] =
      g_param_spec_uint ("num-clients", "Number of clients",
      "Streaming clients connected now; IWMClientConnections::GetClientCount",
      0, G_MAXUINT, 0, ro);
  gst_wmnet_server_sink_pspecs[PROP_CLIENTS] =
      gst_param_spec_array ("clients", "Clients",
      "Connected clients, oldest first, as wmnetsink-client structures",
      g_param_spec_boxed ("client", "Client", "A wmnetsink-client structure",
          GST_TYPE_STRUCTURE, ro), ro);
  gst_wmnet_server_sink_pspecs[PROP_ACCESS_INCLUDE] =
      gst_param_spec_array ("access-include", "Access include list",
      "Addresses that may connect, e.g. \"10.0.0.0/8\" (empty = any; bad "
      "entry: all 403)",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_ACCESS_EXCLUDE] =
      gst_param_spec_array ("access-exclude", "Access exclude list",
      "Addresses refused (403), over access-include; a bad entry: all refused",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_RESOLVE_NAMES] =
      wmnet_server_setting_pspec ("resolve-names", "Resolve names",
      "Look up clients' DNS names, asynchronously (IWMClientConnections2)",
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_FAST_START] =
      wmnet_server_setting_pspec ("fast-start", "Fast start",
      "Start new clients with a burst from a key packet a preroll back",
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_CLIENT_BUFFER_TIME] =
      wmnet_server_setting_pspec ("client-buffer-time", "Client buffer time",
      "How far (ns) a client may fall behind before slow-client-policy applies",
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_SLOW_CLIENT_POLICY] =
      wmnet_server_setting_pspec ("slow-client-policy", "Slow client policy",
      "What to do with a client more than client-buffer-time behind",
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_COALESCE_TIME] =
      wmnet_server_setting_pspec ("coalesce-time", "Coalesce time",
      "Gather packets this long (ns) into one write per client (0 = each at "
      "once)", rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_STATS] =
      g_param_spec_boxed ("stats", "Statistics",
      "Totals since serving started, wmnetsink-stats; "
      "IWMWriterAdvanced::GetStatistics", GST_TYPE_STRUCTURE, ro);
  gst_wmnet_server_sink_pspecs[PROP_STATS_INTERVAL] =
      wmnet_server_setting_pspec ("stats-interval", "Statistics interval",
      "Post stats as a wmnetsink-stats message this often (ns; 0 = never, "
      "else >= 1 ms)", rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_LOG_LOCATION] =
      g_param_spec_string ("log-location", "Access log location",
      "Access log file, a W3C line per play session (NULL = none; set again "
      "to reopen)", NULL, rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_TRUSTED_PROXIES] =
      gst_param_spec_array ("trusted-proxies", "Trusted proxies",
      "Peers whose X-Forwarded-For or Forwarded header names the client "
      "(empty = none)",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_AUTH] =
      g_param_spec_enum ("auth", "Authentication",
      "Who may watch: none, basic or digest (RFC 7617, 7616) against "
      "auth-file and add-user",
      WMNET_TYPE_AUTH_MODE, WMNET_AUTH_NONE, rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_AUTH_REALM] =
      g_param_spec_string ("auth-realm", "Authentication realm",
      "Challenge realm, also of htdigest lines (NULL or empty = \""
      WMNET_AUTH_DEFAULT_REALM "\")",
      WMNET_AUTH_DEFAULT_REALM, rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_AUTH_FILE] =
      g_param_spec_string ("auth-file", "Password file",
      "htpasswd or htdigest file of users, read when set; NULL = none",
      NULL, rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_MAX_CLIENTS_PER_ADDRESS] =
      g_param_spec_uint ("max-clients-per-address",
      "Maximum clients per address",
      "Most streaming clients from one address (IPv6: its /64); 0 = no limit",
      0, G_MAXINT, 0, rw | GST_PARAM_MUTABLE_PLAYING);
  gst_wmnet_server_sink_pspecs[PROP_MAX_CONNECTION_RATE] =
      g_param_spec_double ("max-connection-rate", "Maximum connection rate",
      "Requests per second from one address, burst max(5, rate); 0 = no limit",
      0, G_MAXDOUBLE, 0, rw | GST_PARAM_MUTABLE_PLAYING);
  for (i = 0; i < G_N_ELEMENTS (twins); i++)
    gst_wmnet_server_sink_pspecs[twins[i][1]] =
        wmnet_access_list_twin_pspec (gst_wmnet_server_sink_pspecs[twins[i]
            [0]]);
  g_object_class_install_properties (gobject_class, N_PROPS,
      gst_wmnet_server_sink_pspecs);
  gst_wmnet_server_sink_client_pspecs[0] =
      gst_wmnet_server_sink_pspecs[PROP_NUM_CLIENTS];
  gst_wmnet_server_sink_client_pspecs[1] =
      gst_wmnet_server_sink_pspecs[PROP_CLIENTS];
}
