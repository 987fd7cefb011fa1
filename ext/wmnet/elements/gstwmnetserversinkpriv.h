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

/* gstwmnetserversinkpriv.h: what the files of wmnetserversink share and
 * nothing else sees: the element's structure, its defaults and limits,
 * the property and signal ids, the debug category, and each file's
 * functions for the others (gstwmnetserversink.c: the element, telling the
 * application, the input, state; gstwmnetserversinkprops.c: properties;
 * gstwmnetserversinksignals.c: action signals;
 * gstwmnetserversinkbindings.c: what bindings read instead of a
 * GstValueArray). */

#ifndef __GST_WMNET_SERVER_SINK_PRIV_H__
#define __GST_WMNET_SERVER_SINK_PRIV_H__

#include "gstwmnetserversink.h"
#include "wmnetaccess.h"
#include "wmnetdispatch.h"
#include "wmnetinput.h"
#include "wmnetlog.h"
#include "wmnetpoints.h"
#include "wmnetserver.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_wmnet_server_sink_debug);
#define GST_CAT_DEFAULT gst_wmnet_server_sink_debug

#define DEFAULT_PORT 8080
#define DEFAULT_ADDRESS NULL
#define DEFAULT_PUBLISHING_POINT NULL
/* At EOS the clients get this long to take the end of the stream. */
#define EOS_FLUSH_TIMEOUT (5 * GST_SECOND)
/* A header and no packet this long in PLAYING: warn (docs/design.md, D56).
 * wmasfmux gives up on a pad without caps after 10 s too. */
#define HEADER_ONLY_TIMEOUT (10 * GST_SECOND)

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
  PROP_PUBLISHING_POINT,
  PROP_METRICS_PATH,
  PROP_METRICS_ACCESS,
  /* the G_TYPE_STRV twins of the lists above, for bindings (D80) */
  PROP_ACCESS_INCLUDE_STRV,
  PROP_ACCESS_EXCLUDE_STRV,
  PROP_TRUSTED_PROXIES_STRV,
  PROP_METRICS_ACCESS_STRV,
  N_PROPS
};

enum
{
  SIGNAL_GET_CLIENT_INFO,
  SIGNAL_GET_CLIENT_INFO_BY_ID,
  SIGNAL_CLIENT_ADDED,
  SIGNAL_CLIENT_REMOVED,
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
  REFUSED_METRICS,
  N_REFUSED
};

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
  /* who may read metrics-path (D76): its include list; its own lock */
  WmnetAccessList *metrics_access;
  /* messages and notifies, off the server thread */
  WmnetDispatch *dispatch;
  /* set once, before any thread: the wmnetsink that made us as its child
   * (not reffed: it owns us); only compared with our parent */
  GstElement *user_element;

  WmnetInput *input;            /* streaming thread */
  WmnetLogFile *log;            /* the access log: any thread, its own lock */

  /* object lock: the warning for a header without packets */
  GstClockID header_only_id;
  gboolean playing;
  gboolean header_only_warned;

  /* properties, under the object lock; the server's settings (max-clients,
   * resolve-names, fast-start, client-buffer-time, slow-client-policy,
   * coalesce-time, stats-interval) are kept by the server alone */
  guint port;
  gchar *address;
  gchar *publishing_point;      /* NULL = every path (D69) */
  gchar *metrics_path;          /* NULL = no metrics (D76) */
  gchar *auth_file;
  /* why each list keeps the element closed, NULL when it does not: the
   * warning, posted again when serving starts (D50) */
  gchar *refused[N_REFUSED];
};

/* gstwmnetserversinkprops.c: the pspecs by PROP_ id; those notified when
 * the client table changes (NULL-terminated) */
extern GParamSpec *gst_wmnet_server_sink_pspecs[N_PROPS];
extern GParamSpec *gst_wmnet_server_sink_client_pspecs[3];
void gst_wmnet_server_sink_install_properties (GObjectClass * gobject_class);
void gst_wmnet_server_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
void gst_wmnet_server_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
void gst_wmnet_server_sink_open_log (GstWmnetServerSink * self);

/* gstwmnetserversinksignals.c */
void gst_wmnet_server_sink_install_signals (GstWmnetServerSinkClass * klass);

/* gstwmnetserversinkbindings.c: get-clients (D80) */
void gst_wmnet_server_sink_install_bindings (GstWmnetServerSinkClass * klass);

/* gstwmnetserversink.c */
gchar *gst_wmnet_server_sink_user_element_name (GstWmnetServerSink * self);
void gst_wmnet_server_sink_post_config_warning (GstWmnetServerSink * self,
    const gchar * text);

G_END_DECLS

#endif /* __GST_WMNET_SERVER_SINK_PRIV_H__ */
