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
 * SECTION:element-wmnetpushsrc
 * @title: wmnetpushsrc
 *
 * Receives a Windows Media broadcast pushed to it with the Windows Media
 * HTTP Push Distribution Protocol, [MS-WMHTTP]: an encoder (Windows Media
 * Encoder, Expression Encoder, an application's IWMWriterPushSink) sends
 * a PushSetup then a PushStart POST to `http://host:port/publishing-point`
 * and streams the ASF header and packets in the PushStart's body. The
 * output is `video/x-ms-asf` as wmasfmux makes it: the ASF header as
 * `streamheader` and pushed first, flagged HEADER; then one data packet
 * per buffer, padded to the header's packet size, DELTA_UNIT unless it
 * starts a video key frame. A new header (a `$C`, or a pusher that comes
 * back with a different one) gives new caps.
 *
 * Live: buffers are timestamped with the running time at which they
 * arrive (do-timestamp), not from the packets' send times, which start
 * again at 0 when an encoder restarts while the broadcast goes on
 * (docs/design.md D71). A pusher that leaves, or ends its session with
 * `$E`, ends nothing downstream: the source waits for the next one.
 *
 * Only addresses of #GstWmnetPushSrc:access-include may push (by default
 * loopback alone: an open push endpoint lets anyone replace the
 * broadcast); one pusher at a time (a second is answered 409).
 *
 * The port is shared with the other publishing points of the process
 * (docs/design.md D69): a wmnetserversink with the same `port` and
 * `publishing-point` serves the broadcast to players at the URL the
 * encoder pushes to, as Windows Media Services does; the pushes (POSTs
 * of type application/x-wms-pushsetup or -pushstart) come here, every
 * other request goes to the server sink (D71).
 *
 * |[
 * gst-launch-1.0 wmnetpushsrc port=8080 publishing-point=/live ! \
 *     wmnetserversink port=8080 publishing-point=/live
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwmnetpushsrcpriv.h"
#include "wmspreader.h"

GST_DEBUG_CATEGORY (gst_wmnet_push_src_debug);

#define DEFAULT_PORT 8080
#define DEFAULT_POINT "/"
#define DEFAULT_REALM "wmnetpushsrc"

enum
{
  PROP_0,
  PROP_PORT,
  PROP_CURRENT_PORT,
  PROP_ADDRESS,
  PROP_PUBLISHING_POINT,
  PROP_ACCESS_INCLUDE,
  PROP_ACCESS_EXCLUDE,
  PROP_AUTH,
  PROP_AUTH_REALM,
  PROP_AUTH_FILE,
  PROP_STATS,
  /* the lists as G_TYPE_STRV, for bindings (docs/design.md D80) */
  PROP_ACCESS_INCLUDE_STRV,
  PROP_ACCESS_EXCLUDE_STRV,
  N_PROPS
};

static GParamSpec *pspecs[N_PROPS];

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-ms-asf"));

#define gst_wmnet_push_src_parent_class parent_class
G_DEFINE_TYPE (GstWmnetPushSrc, gst_wmnet_push_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (wmnetpushsrc, "wmnetpushsrc",
    GST_RANK_NONE, GST_TYPE_WMNET_PUSH_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_wmnet_push_src_debug, "wmnetpushsrc", 0,
        "Windows Media push receiver"));

gboolean
gst_wmnet_push_src_enqueue (GstWmnetPushSrc * self, GstBuffer * buf)
{
  gboolean full;

  g_mutex_lock (&self->qlock);
  g_queue_push_tail (&self->queue, buf);
  full = self->queue.length > WMNET_PUSH_QUEUE_HIGH;
  if (full && !self->read_paused)
    GST_DEBUG_OBJECT (self, "%u packets queued: reading paused",
        self->queue.length);
  if (full)
    self->read_paused = TRUE;
  g_cond_signal (&self->qcond);
  g_mutex_unlock (&self->qlock);
  return full;
}

/* New caps with @header as streamheader; FALSE when it is the one there
 * already (a pusher that came back with the same encoder settings). */
static gboolean
set_header (GstWmnetPushSrc * self, GstBuffer * header)
{
  GstCaps *caps;
  GstMapInfo map;

  if (wmsp_header_same (self->header, header))
    return FALSE;
  gst_buffer_map (header, &map, GST_MAP_READ);
  /* wmhttpreader parsed it already */
  wmasf_header_parse (map.data, map.size, &self->info, NULL);
  gst_buffer_unmap (header, &map);
  GST_OBJECT_LOCK (self);
  if (self->header)
    self->st_changes++;
  GST_OBJECT_UNLOCK (self);
  gst_buffer_replace (&self->header, header);
  caps = wmsp_header_caps (header);
  GST_INFO_OBJECT (self, "header of %" G_GSIZE_FORMAT " bytes, packets of "
      "%u", gst_buffer_get_size (header), self->info.packet_size);
  gst_base_src_set_caps (GST_BASE_SRC (self), caps);
  gst_caps_unref (caps);
  return TRUE;
}

static void
resume_reading (gpointer data)
{
  gst_wmnet_push_src_resume (data);
}

static GstFlowReturn
gst_wmnet_push_src_create (GstPushSrc * psrc, GstBuffer ** out)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (psrc);

  for (;;) {
    GstBuffer *buf;
    GstMapInfo map;
    gboolean resume = FALSE;

    g_mutex_lock (&self->qlock);
    while (self->queue.length == 0 && !self->flushing)
      g_cond_wait (&self->qcond, &self->qlock);
    if (self->flushing) {
      g_mutex_unlock (&self->qlock);
      return GST_FLOW_FLUSHING;
    }
    buf = g_queue_pop_head (&self->queue);
    if (self->read_paused && self->queue.length <= WMNET_PUSH_QUEUE_LOW) {
      self->read_paused = FALSE;
      resume = TRUE;
    }
    g_mutex_unlock (&self->qlock);
    if (resume) {
      GST_DEBUG_OBJECT (self, "reading goes on");
      wmnet_mailbox_run (self->mailbox, resume_reading, self, NULL);
    }

    if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER)) {
      if (!set_header (self, buf)) {
        gst_buffer_unref (buf);
        continue;
      }
      *out = buf;
      return GST_FLOW_OK;
    }
    gst_buffer_map (buf, &map, GST_MAP_READ);
    if (wmasf_packet_is_key (&self->info, map.data, map.size))
      GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    else
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT);
    gst_buffer_unmap (buf, &map);
    GST_OBJECT_LOCK (self);
    self->st_packets++;
    GST_OBJECT_UNLOCK (self);
    *out = buf;
    return GST_FLOW_OK;
  }
}

static gpointer
run_server (gpointer data)
{
  GstWmnetPushSrc *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* WmnetPointServeFunc, on the listener's thread: to ours, through the
 * mailbox (D67). */
static void
take_socket (gpointer user_data, GSocket * socket)
{
  GstWmnetPushSrc *self = user_data;

  g_object_set_data (G_OBJECT (socket), "wmnet-push-src", self);
  wmnet_mailbox_run (self->mailbox, gst_wmnet_push_src_serve,
      g_object_ref (socket), g_object_unref);
}

static GstStructure *get_stats (GstWmnetPushSrc * self);

/* WmnetPointReportFunc: our figures in the port's metrics (D76) */
static GstStructure *
report_stats (gpointer user_data)
{
  return get_stats (user_data);
}

static void
warn (gpointer user_data, const gchar * text)
{
  GST_ELEMENT_WARNING (GST_ELEMENT (user_data), RESOURCE, OPEN_READ_WRITE,
      ("%s", text), (NULL));
}

/* A timer's default @ms, or the test-only variable @env's value (D82). */
static guint
timer_ms (GstWmnetPushSrc * self, const gchar * env, guint ms)
{
  const gchar *v = g_getenv (env);
  guint64 n = 0;

  if (v == NULL)
    return ms;
  if (!g_ascii_string_to_unsigned (v, 10, 1, G_MAXUINT, &n, NULL)) {
    GST_WARNING_OBJECT (self, "%s \"%s\" ignored: not 1 to %u", env, v,
        G_MAXUINT);
    return ms;
  }
  GST_INFO_OBJECT (self, "%s: %" G_GUINT64_FORMAT " ms, for tests", env, n);
  return n;
}

static gboolean
gst_wmnet_push_src_start (GstBaseSrc * bsrc)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (bsrc);
  GError *error = NULL;
  gchar *address, *point;
  guint port;

  if (!wmnet_soup_load (&error)) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("%s", error->message), (NULL));
    g_error_free (error);
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  address = g_strdup (self->address);
  port = self->port;
  point = g_strdup (self->point);
  GST_OBJECT_UNLOCK (self);
  self->idle_ms = timer_ms (self, WMNET_PUSH_IDLE_ENV,
      WMNET_PUSH_IDLE_TIMEOUT_MS);
  self->inactivity_ms = timer_ms (self, WMNET_PUSH_INACTIVITY_ENV,
      WMNET_PUSH_INACTIVITY_TIMEOUT_MS);
  self->context = g_main_context_new ();
  /* the connections handed over wait in it until the thread runs */
  self->mailbox = wmnet_mailbox_new (self->context);
  /* shared with a wmnetserversink of the same port and path (D69, D71) */
  self->claim = wmnet_point_claim (address, port, point, WMNET_POINT_PUSH,
      take_socket, warn, self, &error);
  if (self->claim == NULL) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
      GST_ELEMENT_ERROR (self, RESOURCE, BUSY,
          ("Port %u already has a wmnetpushsrc for the publishing point %s "
              "in this process.", port, point), ("%s", error->message));
    else
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ_WRITE,
          ("Could not listen on address %s, port %u.",
              address ? address : "(any)", port), ("%s", error->message));
    g_error_free (error);
    g_clear_pointer (&self->mailbox, wmnet_mailbox_free);
    g_clear_pointer (&self->context, g_main_context_unref);
    g_free (address);
    g_free (point);
    return FALSE;
  }
  g_free (address);
  g_free (point);
  wmnet_point_set_report (self->claim, report_stats);
  self->reader = wmhttp_reader_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->soup = soup_server_new (NULL, NULL);
  self->gate = wmnet_http_auth_new (wmnet_mailbox_post, self->mailbox,
      gst_wmnet_push_src_auth_answered, self);
  gst_wmnet_push_src_add_handlers (self);
  self->flushing = FALSE;
  self->read_paused = FALSE;
  GST_OBJECT_LOCK (self);
  self->current_port = wmnet_point_get_port (self->claim);
  GST_OBJECT_UNLOCK (self);
  self->thread = g_thread_new ("wmnetpushsrc", run_server, self);
  GST_INFO_OBJECT (self, "receiving pushes on port %d", self->current_port);
  return TRUE;
}

/* On the server thread, through the mailbox: a pusher in the middle of
 * its body answered and dropped, the session deleted (an administrative
 * disconnect, [MS-WMHTTP] 3.2.4.1); the password checks are cancelled, so
 * that none posts after the mailbox goes. */
static void
shut_down (gpointer data)
{
  GstWmnetPushSrc *self = data;

  gst_wmnet_push_src_drop_pusher (self, "stopped");
  gst_wmnet_push_src_stop_session_timer (self);
  wmnet_http_auth_cancel (self->gate, TRUE);
  soup_server_disconnect (self->soup);
  g_main_loop_quit (self->loop);
}

static gboolean
gst_wmnet_push_src_stop (GstBaseSrc * bsrc)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (bsrc);

  /* no connection comes any more; those handed over are served first */
  g_clear_pointer (&self->claim, wmnet_point_release);
  if (self->thread) {
    wmnet_mailbox_run (self->mailbox, shut_down, self, NULL);
    g_thread_join (self->thread);
    self->thread = NULL;
    wmnet_mailbox_stop (self->mailbox);
    /* what the last turn left: a cancelled read's callback */
    while (g_main_context_iteration (self->context, FALSE));
  }
  g_clear_pointer (&self->gate, wmnet_http_auth_free);
  g_clear_pointer (&self->mailbox, wmnet_mailbox_free);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->reader, wmhttp_reader_free);
  g_clear_pointer (&self->push_id, g_free);
  g_mutex_lock (&self->qlock);
  g_queue_clear_full (&self->queue, (GDestroyNotify) gst_buffer_unref);
  g_mutex_unlock (&self->qlock);
  gst_buffer_replace (&self->header, NULL);
  GST_OBJECT_LOCK (self);
  self->current_port = -1;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

/* create() waits on qcond: a flush wakes it */
static gboolean
set_flushing (GstBaseSrc * bsrc, gboolean flushing)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (bsrc);

  g_mutex_lock (&self->qlock);
  self->flushing = flushing;
  g_cond_broadcast (&self->qcond);
  g_mutex_unlock (&self->qlock);
  return TRUE;
}

static gboolean
gst_wmnet_push_src_unlock (GstBaseSrc * bsrc)
{
  return set_flushing (bsrc, TRUE);
}

static gboolean
gst_wmnet_push_src_unlock_stop (GstBaseSrc * bsrc)
{
  return set_flushing (bsrc, FALSE);
}

/* No caps before the first header: create() sets them, streamheader and
 * all. */
static gboolean
gst_wmnet_push_src_negotiate (GstBaseSrc * bsrc)
{
  return TRUE;
}

static gboolean
gst_wmnet_push_src_is_seekable (GstBaseSrc * bsrc)
{
  return FALSE;
}

static GstStructure *
get_stats (GstWmnetPushSrc * self)
{
  GstStructure *s;

  GST_OBJECT_LOCK (self);
  s = gst_structure_new ("wmnetpushsrc-stats",
      "pushes", G_TYPE_UINT64, self->st_pushes,
      "refused", G_TYPE_UINT64, self->st_refused,
      "header-changes", G_TYPE_UINT64, self->st_changes,
      "packets", G_TYPE_UINT64, self->st_packets,
      "bytes", G_TYPE_UINT64, self->st_bytes, NULL);
  GST_OBJECT_UNLOCK (self);
  return s;
}

/* the access list a property is, in either form */
static WmnetAccessType
list_type (guint prop_id)
{
  return prop_id == PROP_ACCESS_INCLUDE || prop_id == PROP_ACCESS_INCLUDE_STRV
      ? WMNET_ACCESS_TYPE_INCLUDE : WMNET_ACCESS_TYPE_EXCLUDE;
}

static guint
twin_of (guint prop_id)
{
  switch (prop_id) {
    case PROP_ACCESS_INCLUDE:
      return PROP_ACCESS_INCLUDE_STRV;
    case PROP_ACCESS_INCLUDE_STRV:
      return PROP_ACCESS_INCLUDE;
    case PROP_ACCESS_EXCLUDE:
      return PROP_ACCESS_EXCLUDE_STRV;
    default:
      return PROP_ACCESS_EXCLUDE;
  }
}

static void
gst_wmnet_push_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (object);
  GError *error = NULL;
  const gchar *point, *why;

  switch (prop_id) {
    case PROP_PORT:
      GST_OBJECT_LOCK (self);
      self->port = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ADDRESS:
      GST_OBJECT_LOCK (self);
      g_free (self->address);
      self->address = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PUBLISHING_POINT:
      point = g_value_get_string (value);
      /* as wmnetserversink's, but a push has one path: not NULL */
      if (point == NULL || !wmnet_point_path_is_valid (point, &why)) {
        g_warning ("%s: publishing-point \"%s\" refused: %s; keeping the "
            "old one", GST_OBJECT_NAME (self), point ? point : "(NULL)",
            point ? why : "a path is needed");
        break;
      }
      GST_OBJECT_LOCK (self);
      g_free (self->point);
      self->point = g_strdup (point);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ACCESS_INCLUDE:
    case PROP_ACCESS_EXCLUDE:
    case PROP_ACCESS_INCLUDE_STRV:
    case PROP_ACCESS_EXCLUDE_STRV:
      /* a refused list closes the element (every push 403) until a good
       * one is set: security settings fail closed */
      if (!wmnet_access_list_set_value (self->access, list_type (prop_id),
              value, &error)) {
        g_warning ("%s: %s refused: %s; every push is refused until a good "
            "list is set", GST_OBJECT_NAME (self), pspec->name, error->message);
        g_error_free (error);
      }
      /* its twin, the same list (D80) */
      g_object_notify_by_pspec (object, pspecs[twin_of (prop_id)]);
      break;
    case PROP_AUTH:
      wmnet_auth_set_mode (self->auth, g_value_get_enum (value));
      if (g_value_get_enum (value) != WMNET_AUTH_NONE
          && wmnet_auth_count_users (self->auth, FALSE) == 0)
        GST_WARNING_OBJECT (self, "auth is on and there are no users: every "
            "push is refused (401) until auth-file gives some");
      break;
    case PROP_AUTH_REALM:
      point = g_value_get_string (value);
      wmnet_auth_set_realm (self->auth, point && *point ? point
          : DEFAULT_REALM);
      break;
    case PROP_AUTH_FILE:
      /* a bad file is refused, naming it; the users loaded before stay */
      if (!wmnet_auth_load_file (self->auth, g_value_get_string (value),
              &error)) {
        g_warning ("%s: auth-file: %s; users unchanged",
            GST_OBJECT_NAME (self), error->message);
        g_error_free (error);
        break;
      }
      GST_OBJECT_LOCK (self);
      g_free (self->auth_file);
      self->auth_file = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_wmnet_push_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (object);

  switch (prop_id) {
    case PROP_PORT:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->port);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CURRENT_PORT:
      GST_OBJECT_LOCK (self);
      g_value_set_int (value, self->current_port);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ADDRESS:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->address);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PUBLISHING_POINT:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->point);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ACCESS_INCLUDE:
    case PROP_ACCESS_EXCLUDE:
    case PROP_ACCESS_INCLUDE_STRV:
    case PROP_ACCESS_EXCLUDE_STRV:
      wmnet_access_list_get_value (self->access, list_type (prop_id), value);
      break;
    case PROP_AUTH:
      g_value_set_enum (value, wmnet_auth_get_mode (self->auth));
      break;
    case PROP_AUTH_REALM:
      g_value_take_string (value, wmnet_auth_get_realm (self->auth));
      break;
    case PROP_AUTH_FILE:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->auth_file);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, get_stats (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_wmnet_push_src_finalize (GObject * object)
{
  GstWmnetPushSrc *self = GST_WMNET_PUSH_SRC (object);

  g_free (self->address);
  g_free (self->point);
  wmnet_access_list_free (self->access);
  wmnet_auth_free (self->auth);
  g_free (self->auth_file);
  g_mutex_clear (&self->qlock);
  g_cond_clear (&self->qcond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wmnet_push_src_init (GstWmnetPushSrc * self)
{
  static const gchar *const loopback[] = { "127.0.0.1", "::1", NULL };

  self->port = DEFAULT_PORT;
  self->point = g_strdup (DEFAULT_POINT);
  self->current_port = -1;
  self->access = wmnet_access_list_new ();
  wmnet_access_list_set (self->access, WMNET_ACCESS_TYPE_INCLUDE, loopback,
      NULL);
  self->auth = wmnet_auth_new ();
  wmnet_auth_set_realm (self->auth, DEFAULT_REALM);
  g_mutex_init (&self->qlock);
  g_cond_init (&self->qcond);
  g_queue_init (&self->queue);
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_do_timestamp (GST_BASE_SRC (self), TRUE);
}

static void
gst_wmnet_push_src_class_init (GstWmnetPushSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  guint i;

  gobject_class->set_property = gst_wmnet_push_src_set_property;
  gobject_class->get_property = gst_wmnet_push_src_get_property;
  gobject_class->finalize = gst_wmnet_push_src_finalize;

  g_object_class_install_property (gobject_class, PROP_PORT,
      g_param_spec_uint ("port", "Port",
          "TCP port pushers connect to (0 = any free port, see current-port)",
          0, 65535, DEFAULT_PORT, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_CURRENT_PORT,
      g_param_spec_int ("current-port", "Current port",
          "The port listened on (-1 when not listening)", -1, 65535, -1, ro));
  g_object_class_install_property (gobject_class, PROP_ADDRESS,
      g_param_spec_string ("address", "Address",
          "Local address to listen on, IP or host name (NULL = every "
          "interface)", NULL, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_PUBLISHING_POINT,
      g_param_spec_string ("publishing-point", "Publishing point",
          "URL path pushers push to (\"/\" or /name[/name...]); see "
          "wmnetserversink", DEFAULT_POINT, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_ACCESS_INCLUDE,
      gst_param_spec_array ("access-include", "Access include list",
          "Addresses that may push (default loopback only; a bad entry: all "
          "refused)",
          g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ACCESS_EXCLUDE,
      gst_param_spec_array ("access-exclude", "Access exclude list",
          "Addresses refused (403) whatever access-include says",
          g_param_spec_string ("entry", "Entry", "An access entry", NULL, rw),
          rw | GST_PARAM_MUTABLE_PLAYING));
  /* their G_TYPE_STRV twins, for bindings (D80) */
  pspecs[PROP_ACCESS_INCLUDE] = g_object_class_find_property (gobject_class,
      "access-include");
  pspecs[PROP_ACCESS_EXCLUDE] = g_object_class_find_property (gobject_class,
      "access-exclude");
  for (i = PROP_ACCESS_INCLUDE; i <= PROP_ACCESS_EXCLUDE; i++) {
    pspecs[twin_of (i)] = wmnet_access_list_twin_pspec (pspecs[i]);
    g_object_class_install_property (gobject_class, twin_of (i),
        pspecs[twin_of (i)]);
  }
  g_object_class_install_property (gobject_class, PROP_AUTH,
      g_param_spec_enum ("auth", "Authentication",
          "Who may push: none, basic (RFC 7617) or digest (RFC 7616) against "
          "auth-file",
          WMNET_TYPE_AUTH_MODE, WMNET_AUTH_NONE,
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_AUTH_REALM,
      g_param_spec_string ("auth-realm", "Authentication realm",
          "Challenge realm, also of htdigest lines (NULL or empty = the "
          "default)", DEFAULT_REALM, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_AUTH_FILE,
      g_param_spec_string ("auth-file", "Authentication file",
          "htpasswd or htdigest file of the users who may push, read when "
          "set; NULL = none", NULL, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "wmnetpushsrc-stats: pushes, refused, header-changes, packets, "
          "bytes (guint64)", GST_TYPE_STRUCTURE, ro));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Windows Media push receiver", "Source/Network",
      "Receives an ASF broadcast pushed with [MS-WMHTTP] (PushSetup, "
      "PushStart) to a publishing point", "the gst-wmnet developers");

  basesrc_class->start = gst_wmnet_push_src_start;
  basesrc_class->stop = gst_wmnet_push_src_stop;
  basesrc_class->unlock = gst_wmnet_push_src_unlock;
  basesrc_class->unlock_stop = gst_wmnet_push_src_unlock_stop;
  basesrc_class->negotiate = gst_wmnet_push_src_negotiate;
  basesrc_class->is_seekable = gst_wmnet_push_src_is_seekable;
  pushsrc_class->create = gst_wmnet_push_src_create;
}
