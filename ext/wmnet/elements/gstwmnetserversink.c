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

/**
 * SECTION:element-wmnetserversink
 * @title: wmnetserversink
 * @see_also: wmnetsink, wmasfmux
 *
 * Serves ASF that is already muxed to every client that connects over HTTP
 * and MS-WMSP (mmsh), as the Windows Media Format SDK's writer network sink
 * (IWMWriterNetworkSink, fed through IWMWriterSink::OnHeader and
 * OnDataUnit) does.
 *
 * The input is `video/x-ms-asf`, either as a header (the `streamheader` of
 * the caps, or a buffer flagged HEADER) followed by one data packet per
 * buffer, as wmasfmux and `asfmux streamable=true` give, or as a plain byte
 * stream that starts with the ASF Header Object, cut anywhere, as
 * `souphttpsrc` gives when it fetches another server's plain-HTTP ASF: the
 * element finds the header, reads the packet size from the File Properties
 * Object (ASF spec 3.2) and cuts the packets itself. A new header later in
 * the input is a header change: MS-WMSP clients get `$E` (reason 1), `$C`
 * and the new `$H`; plain-HTTP clients get the end of their stream. Key
 * packets (where a joining client starts) are the buffers without
 * DELTA_UNIT, or, in a byte stream, the packets whose payloads start a key
 * frame of a video stream (every packet when there is no video).
 *
 * Input that ends before a whole ASF header is an error (STREAM WRONG_TYPE
 * when no Header Object started, DECODE when the input ends inside one); a
 * header and no data packet for 10 s while PLAYING posts one warning, and
 * so does a video stream of the header without a payload in the first 10 s
 * of its packets (gst-plugins-bad asfmux 1.22 with the libav video
 * encoders sends no video: see docs/wmnetserversink.md).
 *
 * Every network property, action signal and bus message is the one
 * wmnetsink documents, with the same names and meaning (the messages keep
 * the `wmnetsink-` prefix); see docs/wmnetserversink.md and
 * docs/wmnetsink.md.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! avenc_wmv2 ! wmasfmux ! \
 *     wmnetserversink port=8080
 * ]| Serves what wmasfmux muxes; the same as `wmnetsink`.
 * |[
 * gst-launch-1.0 souphttpsrc location=http://origin:8080/ is-live=true ! \
 *     wmnetserversink port=8081
 * ]| Relays another broadcast (a wmnetsink's, VLC's plain-HTTP ASF output)
 * with fast start at the edge.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetserversink.h"
#include "gstwmnetsink.h"
#include "gstwmnetsrc.h"
#include "wmnetaccess.h"
#include "wmnetdispatch.h"
#include "wmnetinput.h"
#include "wmnetlog.h"
#include "wmnetserver.h"
#include "wmnetsouploader.h"

GST_DEBUG_CATEGORY_STATIC (gst_wmnet_server_sink_debug);
#define GST_CAT_DEFAULT gst_wmnet_server_sink_debug

#define DEFAULT_PORT 8080
#define DEFAULT_ADDRESS NULL
#define DEFAULT_MAX_CLIENTS 5
#define DEFAULT_RESOLVE_NAMES TRUE
#define DEFAULT_FAST_START TRUE
#define DEFAULT_CLIENT_BUFFER_TIME (10 * GST_SECOND)
#define DEFAULT_SLOW_CLIENT_POLICY WMNET_SLOW_CLIENT_SKIP_TO_KEY
/* ASF players buffer seconds of preroll: 400 ms of gathering (~57 KiB a
 * write at 1.15 Mbit/s) is invisible to them, and halves the fan-out CPU
 * of 100 ms (docs/design.md D28) */
#define DEFAULT_COALESCE_TIME (400 * GST_MSECOND)
/* Until a header says otherwise: wmasfmux's default preroll. */
#define DEFAULT_FAST_START_TIME (3 * GST_SECOND)
/* At EOS the clients get this long to take the end of the stream. */
#define EOS_FLUSH_TIMEOUT (5 * GST_SECOND)
#define EOS_FLUSH_SLICE (20 * GST_MSECOND)
/* A header and no packet this long in PLAYING: warn (docs/design.md, D56).
 * wmasfmux gives up on a pad without caps after 10 s too. */
#define HEADER_ONLY_TIMEOUT (10 * GST_SECOND)
#define DEFAULT_STATS_INTERVAL 0

enum
{
  PROP_0,
  PROP_PORT,
  PROP_CURRENT_PORT,
  PROP_ADDRESS,
  PROP_HOST_URL,
  PROP_MAX_CLIENTS,
  PROP_NUM_CLIENTS,
  PROP_CLIENTS,
  PROP_ACCESS_INCLUDE,
  PROP_ACCESS_EXCLUDE,
  PROP_RESOLVE_NAMES,
  PROP_FAST_START,
  PROP_CLIENT_BUFFER_TIME,
  PROP_SLOW_CLIENT_POLICY,
  PROP_COALESCE_TIME,
  PROP_STATS,
  PROP_STATS_INTERVAL,
  PROP_LOG_LOCATION,
  PROP_TRUSTED_PROXIES,
  PROP_AUTH,
  PROP_AUTH_REALM,
  PROP_AUTH_FILE,
  PROP_MAX_CLIENTS_PER_ADDRESS,
  PROP_MAX_CONNECTION_RATE,
  N_PROPS
};

const gchar *const gst_wmnet_server_sink_property_names[] = {
  "port", "current-port", "address", "host-url", "max-clients",
  "num-clients", "clients", "access-include", "access-exclude",
  "resolve-names", "fast-start", "client-buffer-time", "slow-client-policy",
  "coalesce-time", "stats", "stats-interval", "log-location",
  "trusted-proxies", "auth", "auth-realm", "auth-file",
  "max-clients-per-address", "max-connection-rate", NULL
};

enum
{
  SIGNAL_GET_CLIENT_INFO,
  SIGNAL_DISCONNECT_CLIENT,
  SIGNAL_DISCONNECT_ALL,
  SIGNAL_ADD_ACCESS_ENTRY,
  SIGNAL_REMOVE_ACCESS_ENTRY,
  SIGNAL_ADD_USER,
  SIGNAL_REMOVE_USER,
  N_SIGNALS
};

/* the lists whose value was refused (D50, D51) */
enum
{
  REFUSED_INCLUDE,
  REFUSED_EXCLUDE,
  REFUSED_TRUSTED,
  N_REFUSED
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
/* notified when the client table changes */
static GParamSpec *client_pspecs[3];

struct _GstWmnetServerSink
{
  GstBaseSink parent;

  WmnetServer *server;
  WmnetAccessList *access;
  /* admission: trusted proxies (include list), users, per-address limits;
   * each thread-safe on its own */
  WmnetAccessList *trusted;
  WmnetAuth *auth;
  WmnetLimits *limits;
  /* messages and notifies, off the server thread */
  WmnetDispatch *dispatch;

  WmnetInput *input;            /* streaming thread */
  WmnetLogFile *log;            /* the access log: any thread, its own lock */
  gint unlocked;

  /* object lock: the warning for a header without packets */
  GstClockID header_only_id;
  gboolean playing;
  gboolean header_only_warned;

  /* properties, under the object lock */
  guint port;
  gchar *address;
  guint max_clients;
  gboolean resolve_names;
  gboolean fast_start;
  GstClockTime client_buffer_time;
  WmnetSlowClientPolicy slow_client_policy;
  GstClockTime coalesce_time;
  GstClockTime stats_interval;
  gchar *auth_file;
  /* why each list keeps the element closed, NULL when it does not: the
   * warning, posted again when serving starts (D50) */
  gchar *refused[N_REFUSED];
};

#define gst_wmnet_server_sink_parent_class parent_class
G_DEFINE_TYPE (GstWmnetServerSink, gst_wmnet_server_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE (wmnetserversink, "wmnetserversink",
    GST_RANK_NONE, GST_TYPE_WMNET_SERVER_SINK);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

/* ------------------------------------------------------------------------ */
/* telling the application */

/* The element the application made: wmnetsink when we are its
 * `serversink` (it reposts our messages as its own), else us. */
static gchar *
user_element_name (GstWmnetServerSink * self)
{
  GstObject *parent = gst_object_get_parent (GST_OBJECT (self));
  gchar *name;

  if (parent && GST_IS_WMNET_SINK (parent))
    name = gst_object_get_name (parent);
  else
    name = gst_object_get_name (GST_OBJECT (self));
  gst_clear_object (&parent);
  return name;
}

/* An action signal refused its arguments: FALSE goes back to the caller,
 * and this says why (a programming error of the caller, GLib's
 * convention; never an abort). */
static void
signal_refused (GstWmnetServerSink * self, const gchar * signal,
    const gchar * why)
{
  gchar *name = user_element_name (self);

  g_warning ("%s: %s refused: %s", name, signal, why);
  g_free (name);
}

static void
post_config_warning (GstWmnetServerSink * self, const gchar * text)
{
  GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS, ("%s", text),
      ("a list given as configuration was refused: the element stays "
          "closed (docs/design.md, D50)"));
}

/* A list's value was refused: closed until a valid one (D50). Said as a
 * g_warning, and as a warning message on the bus, now when serving (a
 * message posted before the element is in a pipeline is lost), else when
 * serving starts. */
static void
config_refused (GstWmnetServerSink * self, guint slot, const gchar * prop,
    const gchar * why, const gchar * consequence)
{
  gchar *name = user_element_name (self);
  gchar *text = g_strdup_printf ("%s: %s; %s until a valid list is set",
      prop, why, consequence);

  g_warning ("%s: %s", name, text);
  g_free (name);
  GST_OBJECT_LOCK (self);
  g_free (self->refused[slot]);
  self->refused[slot] = g_strdup (text);
  GST_OBJECT_UNLOCK (self);
  if (wmnet_server_get_port (self->server) >= 0)
    post_config_warning (self, text);
  g_free (text);
}

static void
config_accepted (GstWmnetServerSink * self, guint slot)
{
  GST_OBJECT_LOCK (self);
  g_clear_pointer (&self->refused[slot], g_free);
  GST_OBJECT_UNLOCK (self);
}

/* Serving starts: each refusal still standing is told on the bus. */
static void
post_standing_refusals (GstWmnetServerSink * self)
{
  gchar *texts[N_REFUSED];
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < N_REFUSED; i++)
    texts[i] = g_strdup (self->refused[i]);
  GST_OBJECT_UNLOCK (self);
  for (i = 0; i < N_REFUSED; i++) {
    if (texts[i])
      post_config_warning (self, texts[i]);
    g_free (texts[i]);
  }
}

/* ------------------------------------------------------------------------ */
/* action signals */

static GstStructure *
gst_wmnet_server_sink_get_client_info (GstWmnetServerSink * self, guint index)
{
  return wmnet_server_get_client_info (self->server, index);
}

static gboolean
gst_wmnet_server_sink_disconnect_client (GstWmnetServerSink * self, guint64 id)
{
  return wmnet_server_disconnect_client (self->server, id);
}

static void
gst_wmnet_server_sink_disconnect_all (GstWmnetServerSink * self)
{
  wmnet_server_disconnect_all (self->server);
}

static void
access_changed (GstWmnetServerSink * self, WmnetAccessType type)
{
  wmnet_server_recheck_access (self->server);
  g_object_notify_by_pspec (G_OBJECT (self),
      properties[type == WMNET_ACCESS_TYPE_INCLUDE ? PROP_ACCESS_INCLUDE :
          PROP_ACCESS_EXCLUDE]);
}

static gboolean
gst_wmnet_server_sink_add_access_entry (GstWmnetServerSink * self,
    WmnetAccessType type, const gchar * entry)
{
  GError *error = NULL;

  if (!wmnet_access_list_add (self->access, type, entry, &error)) {
    signal_refused (self, "add-access-entry", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_remove_access_entry (GstWmnetServerSink * self,
    WmnetAccessType type, guint index)
{
  GError *error = NULL;

  if (!wmnet_access_list_remove (self->access, type, index, &error)) {
    signal_refused (self, "remove-access-entry", error->message);
    g_error_free (error);
    return FALSE;
  }
  access_changed (self, type);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_add_user (GstWmnetServerSink * self, const gchar * user,
    const gchar * password)
{
  GError *error = NULL;

  if (!wmnet_auth_add_user (self->auth, user, password, &error)) {
    signal_refused (self, "add-user", error->message);
    g_error_free (error);
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_remove_user (GstWmnetServerSink * self,
    const gchar * user)
{
  gchar *why;

  if (wmnet_auth_remove_user (self->auth, user))
    return TRUE;
  why = g_strdup_printf ("no user '%s' was added with add-user (auth-file "
      "users are changed with auth-file)", user ? user : "(null)");
  signal_refused (self, "remove-user", why);
  g_free (why);
  return FALSE;
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
set_trusted_proxies (GstWmnetServerSink * self, const GValue * value)
{
  GError *error = NULL;

  if (wmnet_access_list_set_array (self->trusted, WMNET_ACCESS_TYPE_INCLUDE,
          value, &error)) {
    config_accepted (self, REFUSED_TRUSTED);
  } else {
    config_refused (self, REFUSED_TRUSTED, "trusted-proxies", error->message,
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

  if (wmnet_access_list_set_array (self->access, type, value, &error)) {
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

/* Opens the access log now, so that a bad path is told when it is set or
 * when serving starts, not at the first line. */
static void
open_log (GstWmnetServerSink * self)
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
    open_log (self);
}

static void
gst_wmnet_server_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

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
    case PROP_MAX_CLIENTS:
      self->max_clients = g_value_get_uint (value);
      wmnet_server_set_max_clients (self->server, self->max_clients);
      break;
    case PROP_ACCESS_INCLUDE:
    case PROP_ACCESS_EXCLUDE:
      GST_OBJECT_UNLOCK (self);
      set_access_list (self, prop_id == PROP_ACCESS_INCLUDE ?
          WMNET_ACCESS_TYPE_INCLUDE : WMNET_ACCESS_TYPE_EXCLUDE, value,
          pspec->name);
      return;
    case PROP_RESOLVE_NAMES:
      self->resolve_names = g_value_get_boolean (value);
      wmnet_server_set_resolve_names (self->server, self->resolve_names);
      break;
    case PROP_FAST_START:
      self->fast_start = g_value_get_boolean (value);
      wmnet_server_set_fast_start (self->server, self->fast_start);
      break;
    case PROP_CLIENT_BUFFER_TIME:
      self->client_buffer_time = g_value_get_uint64 (value);
      wmnet_server_set_client_buffer_time (self->server,
          self->client_buffer_time);
      break;
    case PROP_SLOW_CLIENT_POLICY:
      self->slow_client_policy = g_value_get_enum (value);
      wmnet_server_set_slow_client_policy (self->server,
          self->slow_client_policy);
      break;
    case PROP_COALESCE_TIME:
      self->coalesce_time = g_value_get_uint64 (value);
      wmnet_server_set_coalesce_time (self->server, self->coalesce_time);
      break;
    case PROP_STATS_INTERVAL:
      self->stats_interval = g_value_get_uint64 (value);
      wmnet_server_set_stats_interval (self->server, self->stats_interval);
      break;
    case PROP_LOG_LOCATION:
      GST_OBJECT_UNLOCK (self);
      set_log_location (self, g_value_get_string (value));
      return;
    case PROP_TRUSTED_PROXIES:
      GST_OBJECT_UNLOCK (self);
      set_trusted_proxies (self, value);
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

static void
gst_wmnet_server_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

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
    case PROP_ACCESS_INCLUDE:
    case PROP_ACCESS_EXCLUDE:
      wmnet_access_list_get_array (self->access, prop_id ==
          PROP_ACCESS_INCLUDE ? WMNET_ACCESS_TYPE_INCLUDE :
          WMNET_ACCESS_TYPE_EXCLUDE, value);
      return;
    case PROP_TRUSTED_PROXIES:
      wmnet_access_list_get_array (self->trusted, WMNET_ACCESS_TYPE_INCLUDE,
          value);
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
    case PROP_MAX_CLIENTS:
      g_value_set_uint (value, self->max_clients);
      break;
    case PROP_RESOLVE_NAMES:
      g_value_set_boolean (value, self->resolve_names);
      break;
    case PROP_FAST_START:
      g_value_set_boolean (value, self->fast_start);
      break;
    case PROP_CLIENT_BUFFER_TIME:
      g_value_set_uint64 (value, self->client_buffer_time);
      break;
    case PROP_SLOW_CLIENT_POLICY:
      g_value_set_enum (value, self->slow_client_policy);
      break;
    case PROP_COALESCE_TIME:
      g_value_set_uint64 (value, self->coalesce_time);
      break;
    case PROP_STATS_INTERVAL:
      g_value_set_uint64 (value, self->stats_interval);
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

/* ------------------------------------------------------------------------ */
/* the input */

static gboolean
header_only_timeout (GstClock * clock, GstClockTime time, GstClockID id,
    gpointer user_data)
{
  GstWmnetServerSink *self = user_data;
  gboolean warn;

  GST_OBJECT_LOCK (self);
  warn = id == self->header_only_id && !self->header_only_warned;
  self->header_only_warned |= warn;
  GST_OBJECT_UNLOCK (self);
  if (warn)
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        ("No ASF data packet %u s after the header: clients get the header "
            "and nothing else.", (guint) (HEADER_ONLY_TIMEOUT / GST_SECOND)),
        ("Upstream stopped after the header: a muxer waiting for a stream "
            "whose timestamps are far from the others', a source or encoder "
            "that gives no data, or a stalled network source"));
  return TRUE;
}

/* Arms the header-only timer while PLAYING with a header and no packet;
 * disarms it otherwise. Any thread. */
static void
header_only_update (GstWmnetServerSink * self, gboolean waiting)
{
  GstClockID old = NULL;
  GstClock *clock = NULL;

  GST_OBJECT_LOCK (self);
  if (waiting && self->playing && !self->header_only_warned) {
    if (self->header_only_id == NULL) {
      clock = gst_system_clock_obtain ();
      self->header_only_id = gst_clock_new_single_shot_id (clock,
          gst_clock_get_time (clock) + HEADER_ONLY_TIMEOUT);
      gst_clock_id_wait_async (self->header_only_id, header_only_timeout,
          gst_object_ref (self), gst_object_unref);
    }
  } else {
    old = self->header_only_id;
    self->header_only_id = NULL;
  }
  GST_OBJECT_UNLOCK (self);
  if (old) {
    gst_clock_id_unschedule (old);
    gst_clock_id_unref (old);
  }
  if (clock)
    gst_object_unref (clock);
}

static gboolean
gst_wmnet_server_sink_set_caps (GstBaseSink * bsink, GstCaps * caps)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);

  wmnet_input_set_caps (self->input, caps);
  header_only_update (self, wmnet_input_waits_for_packet (self->input));
  return TRUE;
}

/* A relay (wmnetsrc upstream) serves players that buffer the server's
 * preroll and bursts that much itself (D57): it asks for the header as
 * the server sent it (docs/design.md D58). */
static gboolean
gst_wmnet_server_sink_query (GstBaseSink * bsink, GstQuery * query)
{
  const GstStructure *s = gst_query_get_structure (query);

  if (GST_QUERY_TYPE (query) == GST_QUERY_CUSTOM && s != NULL
      && gst_structure_has_name (s, GST_WMNET_SRC_QUERY_HEADER_AS_SENT))
    return TRUE;
  return GST_BASE_SINK_CLASS (parent_class)->query (bsink, query);
}

static GstFlowReturn
gst_wmnet_server_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);
  GError *error = NULL;
  guint stream;
  guint32 after_ms;

  if (!wmnet_input_push (self->input, buf, &error)) {
    GST_ELEMENT_ERROR (self, STREAM, DEMUX, ("The input is not ASF."),
        ("%s", error->message));
    g_error_free (error);
    return GST_FLOW_ERROR;
  }
  header_only_update (self, wmnet_input_waits_for_packet (self->input));
  if (wmnet_input_take_silent_video (self->input, &stream, &after_ms))
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("Video stream %u of the ASF header has no payload in %u.%03u s of "
            "packets: players show no video.", stream, after_ms / 1000,
            after_ms % 1000),
        ("The muxer upstream holds that stream back or never got its data: "
            "a video branch that stalled, or gst-plugins-bad asfmux with "
            "the libav video encoders (their timestamps start at 1000 h and "
            "asfmux interleaves raw timestamps; use wmasfmux)"));
  return GST_FLOW_OK;
}

/* Waits until the clients have the end of the stream, the timeout passes
 * or unlock() is called (a flush or a state change down to READY). */
static void
drain (GstWmnetServerSink * self)
{
  gint64 end = g_get_monotonic_time () + EOS_FLUSH_TIMEOUT / GST_USECOND;

  while (!wmnet_server_wait_flushed (self->server, EOS_FLUSH_SLICE)) {
    if (g_atomic_int_get (&self->unlocked)) {
      GST_DEBUG_OBJECT (self, "flushing, clients no longer drained");
      return;
    }
    if (g_get_monotonic_time () >= end) {
      GST_WARNING_OBJECT (self, "clients still reading %" GST_TIME_FORMAT
          " after end of stream", GST_TIME_ARGS (EOS_FLUSH_TIMEOUT));
      return;
    }
  }
}

static gboolean
gst_wmnet_server_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (bsink);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:{
      GError *error = NULL;

      header_only_update (self, FALSE);
      if (!wmnet_input_eos (self->input, &error)) {
        if (g_error_matches (error, WMASF_ERROR, WMASF_ERROR_NOT_ASF))
          GST_ELEMENT_ERROR (self, STREAM, WRONG_TYPE,
              ("The input is not ASF."), ("%s", error->message));
        else
          GST_ELEMENT_ERROR (self, STREAM, DECODE,
              ("The input ended before a whole ASF header."), ("%s",
                  error->message));
        g_error_free (error);
        gst_event_unref (event);
        return FALSE;
      }
    }
      wmnet_server_eos (self->server);
      drain (self);
      /* the application hears of every disconnection before the EOS */
      wmnet_dispatch_wait (self->dispatch, GST_SECOND);
      break;
    case GST_EVENT_FLUSH_STOP:
      wmnet_input_flush (self->input);
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

static gboolean
gst_wmnet_server_sink_unlock (GstBaseSink * bsink)
{
  g_atomic_int_set (&GST_WMNET_SERVER_SINK (bsink)->unlocked, TRUE);
  return TRUE;
}

static gboolean
gst_wmnet_server_sink_unlock_stop (GstBaseSink * bsink)
{
  g_atomic_int_set (&GST_WMNET_SERVER_SINK (bsink)->unlocked, FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* state: libsoup at NULL→READY, the port at READY→PAUSED (Open), released at
 * PAUSED→READY (Close) */

static gboolean
open_port (GstWmnetServerSink * self)
{
  GError *error = NULL;
  gchar *address, *url;
  guint port;
  gint current;

  GST_OBJECT_LOCK (self);
  address = g_strdup (self->address);
  port = self->port;
  GST_OBJECT_UNLOCK (self);

  if (!wmnet_server_start (self->server, address, port, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ_WRITE,
        ("Could not listen on address %s, port %u.",
            address ? address : "(any)", port), ("%s", error->message));
    g_error_free (error);
    g_free (address);
    return FALSE;
  }
  g_free (address);

  current = wmnet_server_get_port (self->server);
  url = wmnet_server_get_url (self->server);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("wmnetsink-listening", "port", G_TYPE_UINT,
              (guint) current, "host-url", G_TYPE_STRING, url, NULL)));
  g_free (url);
  /* after the listening message: serving has started either way */
  open_log (self);
  post_standing_refusals (self);
  return TRUE;
}

static GstStateChangeReturn
gst_wmnet_server_sink_change_state (GstElement * element,
    GstStateChange transition)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (element);
  GstStateChangeReturn ret;
  GError *error = NULL;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      /* here rather than at plugin load, so that a process where libsoup 3
       * cannot go (libsoup 2 is there) can still inspect and create us */
      if (!wmnet_soup_load (&error)) {
        GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("%s", error->message),
            ("%s loads libsoup 3 when it goes to READY",
                GST_OBJECT_NAME (self)));
        g_error_free (error);
        return GST_STATE_CHANGE_FAILURE;
      }
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      self->header_only_warned = FALSE;
      GST_OBJECT_UNLOCK (self);
      wmnet_input_start (self->input);
      if (!open_port (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      self->playing = FALSE;
      GST_OBJECT_UNLOCK (self);
      header_only_update (self, FALSE);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_PLAYING
      && ret != GST_STATE_CHANGE_FAILURE) {
    GST_OBJECT_LOCK (self);
    self->playing = TRUE;
    GST_OBJECT_UNLOCK (self);
    /* the streaming thread may be rendering: it re-arms or disarms */
    header_only_update (self, wmnet_input_waits_for_packet (self->input));
  }

  if ((ret == GST_STATE_CHANGE_FAILURE
          && transition == GST_STATE_CHANGE_READY_TO_PAUSED)
      || transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    wmnet_server_stop (self->server);
    /* the last disconnections and access log lines are on the bus when
     * READY is reached */
    wmnet_dispatch_wait (self->dispatch, GST_SECOND);
  }
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED
      || transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PORT]);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_URL]);
  }
  return ret;
}

/* ------------------------------------------------------------------------ */

static void
gst_wmnet_server_sink_init (GstWmnetServerSink * self)
{
  self->port = DEFAULT_PORT;
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->max_clients = DEFAULT_MAX_CLIENTS;
  self->resolve_names = DEFAULT_RESOLVE_NAMES;
  self->fast_start = DEFAULT_FAST_START;
  self->client_buffer_time = DEFAULT_CLIENT_BUFFER_TIME;
  self->slow_client_policy = DEFAULT_SLOW_CLIENT_POLICY;
  self->coalesce_time = DEFAULT_COALESCE_TIME;

  self->stats_interval = DEFAULT_STATS_INTERVAL;
  self->log = wmnet_log_file_new ();

  self->dispatch = wmnet_dispatch_new (GST_ELEMENT (self), client_pspecs);
  wmnet_dispatch_set_log_file (self->dispatch, self->log);
  self->access = wmnet_access_list_new ();
  /* the server defaults are the element's; set those that differ */
  self->server = wmnet_server_new (wmnet_dispatch_callbacks (),
      self->dispatch, self->access);
  self->trusted = wmnet_access_list_new ();
  self->auth = wmnet_auth_new ();
  self->limits = wmnet_limits_new ();
  wmnet_server_set_admission (self->server, self->trusted, self->auth,
      self->limits);
  self->input = wmnet_input_new (self->server);
  wmnet_server_set_max_clients (self->server, self->max_clients);
  wmnet_server_set_coalesce_time (self->server, self->coalesce_time);
  wmnet_server_set_fast_start_time (self->server, DEFAULT_FAST_START_TIME);

  /* broadcast in real time, as the SDK's network sink; handing a packet to
   * the server takes no time worth a deadline */
  gst_base_sink_set_sync (GST_BASE_SINK (self), TRUE);
  gst_base_sink_set_processing_deadline (GST_BASE_SINK (self), 0);
}

static void
gst_wmnet_server_sink_dispose (GObject * object)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);

  if (self->server)
    wmnet_server_stop (self->server);
  /* deliver what is queued, then let the thread go */
  g_clear_pointer (&self->dispatch, wmnet_dispatch_free);
  G_OBJECT_CLASS (parent_class)->dispose (object);
}

static void
gst_wmnet_server_sink_finalize (GObject * object)
{
  GstWmnetServerSink *self = GST_WMNET_SERVER_SINK (object);
  guint i;

  g_clear_object (&self->server);
  wmnet_access_list_free (self->access);
  wmnet_access_list_free (self->trusted);
  wmnet_auth_free (self->auth);
  wmnet_limits_free (self->limits);
  g_free (self->auth_file);
  for (i = 0; i < N_REFUSED; i++)
    g_free (self->refused[i]);
  wmnet_input_free (self->input);
  wmnet_log_file_free (self->log);
  g_free (self->address);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_server_sink_class_init (GstWmnetServerSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  gobject_class->set_property = gst_wmnet_server_sink_set_property;
  gobject_class->get_property = gst_wmnet_server_sink_get_property;
  gobject_class->dispose = gst_wmnet_server_sink_dispose;
  gobject_class->finalize = gst_wmnet_server_sink_finalize;

  /* The blurbs are the manual (gst-inspect-1.0): shape, unit, default,
   * range and the SDK method each mirrors. */
  properties[PROP_PORT] = g_param_spec_uint ("port", "Port",
      "TCP port to listen on from READY->PAUSED (0 = any free port; see "
      "current-port); IWMWriterNetworkSink::Open", 0, 65535, DEFAULT_PORT,
      rw | GST_PARAM_MUTABLE_READY);
  properties[PROP_CURRENT_PORT] = g_param_spec_int ("current-port",
      "Current port", "The port listened on (-1 when not listening)",
      -1, 65535, -1, ro);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", "Address",
      "Local address to listen on (IP literal or host name; NULL = every "
      "interface, IPv6 and IPv4)", DEFAULT_ADDRESS,
      rw | GST_PARAM_MUTABLE_READY);
  properties[PROP_HOST_URL] = g_param_spec_string ("host-url", "Host URL",
      "URL of the broadcast, http://HOST:PORT/ (NULL when not listening); "
      "IWMWriterNetworkSink::GetHostURL", NULL, ro);
  properties[PROP_MAX_CLIENTS] = g_param_spec_uint ("max-clients",
      "Maximum clients",
      "Most streaming clients at once, 0 = no limit (the next gets 503); "
      "IWMWriterNetworkSink::SetMaximumClients", 0, G_MAXINT,
      DEFAULT_MAX_CLIENTS, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_NUM_CLIENTS] = g_param_spec_uint ("num-clients",
      "Number of clients",
      "Streaming clients connected now; IWMClientConnections::GetClientCount",
      0, G_MAXUINT, 0, ro);
  properties[PROP_CLIENTS] = gst_param_spec_array ("clients", "Clients",
      "Connected clients, zero-based in connect order: wmnetsink-client "
      "structures with id (guint64, never reused), address (string, textual "
      "IP), port (guint), dns-name (string, empty until resolved), "
      "user-agent (string), protocol (string: wmsp or http), connected-at "
      "(gint64, microseconds since the Unix epoch), connected-at-datetime "
      "(GstDateTime, the same instant, UTC), bytes-sent, packets-sent, "
      "packets-dropped (guint64), user (string, the authenticated user, "
      "empty when none), selected-streams (GstValueArray of guint: the ASF "
      "stream numbers it is sent, [MS-WMSP] 2.2.1.4.27 stream-switch-entry; "
      "every described stream when it takes everything), thinned-streams "
      "(GstValueArray of guint: those sent key frames only); "
      "IWMClientConnections2::GetClientInfo",
      g_param_spec_boxed ("client", "Client", "A wmnetsink-client structure",
          GST_TYPE_STRUCTURE, ro), ro);
  properties[PROP_ACCESS_INCLUDE] = gst_param_spec_array ("access-include",
      "Access include list",
      "Addresses allowed to connect: \"10.1.2.3\", \"10.0.0.0/8\", "
      "\"192.168.0.0/255.255.0.0\", \"2001:db8::/32\". Rule, on every "
      "request: an exclude match is refused (403); else a non-empty include "
      "list must match; else admitted. ::ffff:a.b.c.d peers match as IPv4. "
      "A value with a bad entry is refused whole and closes the element: "
      "every request 403 and every client disconnected (reason "
      "access-config), with a warning message naming the entry, until a "
      "valid value is set; IWMAddressAccess2 WM_AETYPE_INCLUDE",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_ACCESS_EXCLUDE] = gst_param_spec_array ("access-exclude",
      "Access exclude list",
      "Addresses refused (403), winning over the include list; same forms "
      "as access-include; a value with a bad entry closes the element, as "
      "there; IWMAddressAccess2 WM_AETYPE_EXCLUDE",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_RESOLVE_NAMES] = g_param_spec_boolean ("resolve-names",
      "Resolve names",
      "Look up clients' DNS names asynchronously (IWMClientConnections2 "
      "DNS name; WMT_CLIENT_PROPERTIES)", DEFAULT_RESOLVE_NAMES,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_FAST_START] = g_param_spec_boolean ("fast-start",
      "Fast start",
      "Start new clients with a burst from the latest key packet at least "
      "preroll old (when none is, the oldest one held), filling the "
      "player's buffer at once (FALSE: at the next key packet, live rate)",
      DEFAULT_FAST_START, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_CLIENT_BUFFER_TIME] = g_param_spec_uint64
      ("client-buffer-time", "Client buffer time",
      "How far (ns) a client may fall behind, kernel send queue included, "
      "before slow-client-policy applies; also what the shared packet ring "
      "keeps (at most 128 MiB). A client that takes no byte for twice this "
      "is disconnected (reason slow) under either policy", GST_MSECOND,
      G_MAXUINT64, DEFAULT_CLIENT_BUFFER_TIME, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_SLOW_CLIENT_POLICY] = g_param_spec_enum
      ("slow-client-policy", "Slow client policy",
      "What to do with a client more than client-buffer-time behind",
      WMNET_TYPE_SLOW_CLIENT_POLICY, DEFAULT_SLOW_CLIENT_POLICY,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_COALESCE_TIME] = g_param_spec_uint64 ("coalesce-time",
      "Coalesce time",
      "Gather packets this long (ns) into one write per client; 0 = send "
      "each packet at once (fast-start bursts and EOS are never delayed). A "
      "client of a stream selection is written every few windows, as many "
      "as its share of the broadcast's bytes, at most 1.2 s apart",
      0, 10 * GST_SECOND, DEFAULT_COALESCE_TIME,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_STATS] = g_param_spec_boxed ("stats", "Statistics",
      "Totals since serving started (the last run's when stopped), a "
      "wmnetsink-stats structure: bytes-sent, packets-sent (guint64, "
      "framing included), current-bitrate (guint64 bit/s over the last "
      "second), average-bitrate (guint64 bit/s since start), clients, "
      "peak-clients, clients-backlogged (guint: clients whose socket is "
      "full now), connections-accepted, connections-refused, "
      "disconnections, packets-dropped, header-changes (guint64), uptime "
      "(guint64 ns), refused-REASON and disconnected-REASON (guint64 each, "
      "the reasons of the client messages); IWMWriterAdvanced::GetStatistics",
      GST_TYPE_STRUCTURE, ro);
  properties[PROP_STATS_INTERVAL] = g_param_spec_uint64 ("stats-interval",
      "Statistics interval",
      "Post the stats structure as a wmnetsink-stats element message this "
      "often (ns, at least 1 ms); 0 = never", 0, G_MAXUINT64,
      DEFAULT_STATS_INTERVAL, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_LOG_LOCATION] = g_param_spec_string ("log-location",
      "Access log location",
      "File that gets one line per play session in the Windows Media "
      "Services format (W3C Extended Log File Format, [MS-WMLOG] 2.2.1 "
      "fields), appended; NULL = no file. Setting it again, the same path "
      "too, reopens it (rotation). Each line is also posted as a "
      "wmnetsink-log element message; a file that cannot be written gives "
      "a warning message and serving goes on", NULL,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_TRUSTED_PROXIES] = gst_param_spec_array ("trusted-proxies",
      "Trusted proxies",
      "Peers whose forwarding headers are believed, same forms as "
      "access-include (\"127.0.0.1\", \"10.0.0.0/8\", \"2001:db8::/32\"); "
      "empty (default) = none. For such a peer the client is the right-most "
      "address of X-Forwarded-For (else RFC 7239 Forwarded: for=) that is "
      "not itself trusted; that address is what the access lists, limits, "
      "clients, DNS names, messages and the log see. Other peers' headers "
      "are ignored. A change re-checks every connected client (a revoked "
      "proxy's clients become the proxy). A value with a bad entry is "
      "refused whole: no peer trusted and every request with a forwarding "
      "header refused (403, reason access-config), with a warning message, "
      "until a valid value is set",
      g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_AUTH] = g_param_spec_enum ("auth", "Authentication",
      "Who may watch: none; basic (RFC 7617) or digest (RFC 7616, MD5) "
      "against auth-file and add-user's users. Refused requests get 401 "
      "with a challenge (wmnetsink-client-refused reason unauthorized); "
      "a player's log report only when it belongs to no play session. "
      "crypt(3) checks run off the server thread, 2 at once and 16 "
      "waiting, beyond that 503 (reason auth-busy); a success is "
      "remembered 30 s. Digest nonces live 5 min and take each "
      "nonce-count once: a right response past that gets 401 stale=true "
      "(RFC 7616 3.3, 3.4)",
      WMNET_TYPE_AUTH_MODE, WMNET_AUTH_NONE, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_AUTH_REALM] = g_param_spec_string ("auth-realm",
      "Authentication realm",
      "The realm of the challenge; an htdigest line counts only for this "
      "realm; NULL or empty = \"" WMNET_AUTH_DEFAULT_REALM "\"",
      WMNET_AUTH_DEFAULT_REALM, rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_AUTH_FILE] = g_param_spec_string ("auth-file",
      "Password file",
      "Users, read when set: htpasswd lines user:hash (bcrypt $2y$/$2b$, "
      "SHA-crypt $5$/$6$, yescrypt $y$, MD5-crypt $1$, {SHA}; basic only) "
      "and htdigest lines user:realm:HA1 (basic and digest). Another form "
      "(Apache $apr1$, DES crypt, plain) refuses the whole file with a "
      "warning naming the line; NULL = none", NULL,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_MAX_CLIENTS_PER_ADDRESS] = g_param_spec_uint
      ("max-clients-per-address", "Maximum clients per address",
      "Most streaming clients from one address (an IPv6 client's /64) at "
      "once, 0 = no limit; the next gets 503 with Retry-After (reason "
      "max-clients-per-address)", 0, G_MAXINT, 0,
      rw | GST_PARAM_MUTABLE_PLAYING);
  properties[PROP_MAX_CONNECTION_RATE] = g_param_spec_double
      ("max-connection-rate", "Maximum connection rate",
      "Requests per second from one address (an IPv6 client's /64), a "
      "token bucket whose burst is max(5, rate x 1 s) requests; over it: "
      "503 with Retry-After (reason rate-limited). 0 = no limit", 0,
      G_MAXDOUBLE, 0, rw | GST_PARAM_MUTABLE_PLAYING);
  g_object_class_install_properties (gobject_class, N_PROPS, properties);
  client_pspecs[0] = properties[PROP_NUM_CLIENTS];
  client_pspecs[1] = properties[PROP_CLIENTS];

  /**
   * GstWmnetServerSink::get-client-info:
   * @sink: the element
   * @index: zero-based index in connect order
   *
   * IWMClientConnections::GetClientProperties, IWMClientConnections2::GetClientInfo.
   *
   * Returns: (transfer full) (nullable): a `wmnetsink-client` structure,
   * NULL when @index is past the end.
   */
  signals[SIGNAL_GET_CLIENT_INFO] = g_signal_new_class_handler
      ("get-client-info", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_get_client_info), NULL, NULL, NULL,
      GST_TYPE_STRUCTURE, 1, G_TYPE_UINT);
  /**
   * GstWmnetServerSink::disconnect-client:
   * @sink: the element
   * @id: the client's `id`
   *
   * Disconnects one client (reason `kicked`).
   *
   * Returns: TRUE if such a client was connected (no warning otherwise:
   * a client may leave at any moment).
   */
  signals[SIGNAL_DISCONNECT_CLIENT] = g_signal_new_class_handler
      ("disconnect-client", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_disconnect_client), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 1, G_TYPE_UINT64);
  /**
   * GstWmnetServerSink::disconnect-all:
   * @sink: the element
   *
   * Disconnects every client (reason `kicked`); the port stays open.
   * IWMWriterNetworkSink::Disconnect.
   */
  signals[SIGNAL_DISCONNECT_ALL] = g_signal_new_class_handler
      ("disconnect-all", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_disconnect_all), NULL, NULL, NULL,
      G_TYPE_NONE, 0);
  /**
   * GstWmnetServerSink::add-access-entry:
   * @sink: the element
   * @type: the list: #GstWmnetAccessType include (0x69) or exclude (0x65)
   * @entry: "10.0.0.0/8", "192.168.0.0/255.255.0.0", "2001:db8::7", ...
   *
   * Appends an entry; connected clients the new lists refuse are
   * disconnected (reason `access-denied`). IWMAddressAccess2::AddAccessEntryEx.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * the bad @entry or @type, when one is not valid; the list is as it was.
   */
  signals[SIGNAL_ADD_ACCESS_ENTRY] = g_signal_new_class_handler
      ("add-access-entry", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_add_access_entry), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::remove-access-entry:
   * @sink: the element
   * @type: the list, #GstWmnetAccessType
   * @index: zero-based index in that list
   *
   * IWMAddressAccess::RemoveAccessEntry.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * the bad @index or @type, when @index is past the end or @type is not
   * valid.
   */
  signals[SIGNAL_REMOVE_ACCESS_ENTRY] = g_signal_new_class_handler
      ("remove-access-entry", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_remove_access_entry), NULL, NULL,
      NULL, G_TYPE_BOOLEAN, 2, WMNET_TYPE_ACCESS_TYPE, G_TYPE_UINT);

  /**
   * GstWmnetServerSink::add-user:
   * @sink: the element
   * @user: the user name (not empty, no ':')
   * @password: the password
   *
   * Adds or replaces a user for #GstWmnetServerSink:auth basic and digest;
   * it comes before an auth-file user of the same name.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * @user, when @user is not valid.
   */
  signals[SIGNAL_ADD_USER] = g_signal_new_class_handler ("add-user",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_add_user), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstWmnetServerSink::remove-user:
   * @sink: the element
   * @user: a user added with add-user
   *
   * Connected clients stay; the user's next request is refused.
   *
   * Returns: FALSE, with a g_warning naming the element, the signal and
   * @user, when @user was not added with add-user.
   */
  signals[SIGNAL_REMOVE_USER] = g_signal_new_class_handler ("remove-user",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_wmnet_server_sink_remove_user), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_change_state);
  bsink_class->set_caps = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_set_caps);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_render);
  bsink_class->query = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_query);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_event);
  bsink_class->unlock = GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_unlock);
  bsink_class->unlock_stop =
      GST_DEBUG_FUNCPTR (gst_wmnet_server_sink_unlock_stop);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media network server sink", "Sink/Network",
      "Serves muxed ASF live over HTTP and MS-WMSP (mmsh) to every client "
      "that connects (IWMWriterNetworkSink)", "the gst-wmnet developers");

  gst_type_mark_as_plugin_api (WMNET_TYPE_ACCESS_TYPE, 0);
  gst_type_mark_as_plugin_api (WMNET_TYPE_SLOW_CLIENT_POLICY, 0);
  gst_type_mark_as_plugin_api (WMNET_TYPE_AUTH_MODE, 0);
  GST_DEBUG_CATEGORY_INIT (gst_wmnet_server_sink_debug, "wmnetserversink", 0,
      "Windows Media network server sink");
}
