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

/* wmnetserverpriv: private to the server's own files (wmnetserver.c,
 * wmnetservercmd.c, wmnetserverclients.c, wmnetserveridentity.c,
 * wmnetserverkick.c, wmnetserverlog.c, wmnetservermetrics.c); nothing else includes it, the
 * element uses wmnetserver.h. Owns the WmnetServer structure, so that the
 * client table can live in files of its own, and declares what the files
 * call of each other: wmnetserver.c has the object, settings, life cycle,
 * thread and timers; wmnetservercmd.c the one command queue into the
 * thread (the feed, kicks, stop) and the coalesce windows;
 * wmnetserverclients.c the client table (starting the clients wmnethttp
 * hands over through the admission's start point, driving the writers,
 * closing); wmnetserveridentity.c who a client is (its address again with
 * the trusted proxies, what the admission's points need of it, its DNS
 * name); wmnetserverkick.c kicks and access re-checks (the admission's
 * recheck point); wmnetserverlog.c the
 * access log's sessions; wmnetservermetrics.c the metrics path's body. All of it logs under the `wmnetserver` debug
 * category. */

#ifndef __WMNET_SERVER_PRIV_H__
#define __WMNET_SERVER_PRIV_H__

#include "wmnetserver.h"
#include "wmnetclient.h"
#include "wmnethttp.h"
#include "wmnetlisten.h"
#include "wmnetlog.h"
#include "wmnetpoints.h"
#include "wmnetstats.h"
#include "wmnetstream.h"
#include "wmnetview.h"
#include "wmnetwatch.h"

G_BEGIN_DECLS

/* WmnetServer's properties (wmnetserver.h), by property id */
typedef enum
{
  WMNET_SETTING_0,
  /* admission */
  WMNET_SETTING_MAX_CLIENTS,
  WMNET_SETTING_RESOLVE_NAMES,
  /* a client's start */
  WMNET_SETTING_FAST_START,
  WMNET_SETTING_FAST_START_TIME,
  /* how far behind it may fall */
  WMNET_SETTING_CLIENT_BUFFER_TIME,
  WMNET_SETTING_SLOW_CLIENT_POLICY,
  /* the writes, the reports */
  WMNET_SETTING_COALESCE_TIME,
  WMNET_SETTING_STATS_INTERVAL,
  WMNET_N_SETTINGS
} WmnetSetting;

/* The GValue of setting WMNET_SETTING_@id; settings_lock held. */
#define WMNET_SETTING(self, id) (&(self)->settings[WMNET_SETTING_##id])

/* defined in wmnetserver.c: one category for all the server's lines */
GST_DEBUG_CATEGORY_EXTERN (wmnet_server_debug);

struct _WmnetServer
{
  GObject parent;

  WmnetServerCallbacks callbacks;
  gpointer user_data;
  /* who is let in (D68): the access lists (wmnet_server_new), the trusted
   * proxies, who may watch, the per-address limits
   * (wmnet_server_set_admission), owned by the element; max-clients */
  WmnetAdmission *admission;

  /* the settings, the server's properties (kept nowhere else, D67), under
   * settings_lock: read them with WMNET_SETTING */
  GMutex settings_lock;
  GValue settings[WMNET_N_SETTINGS];

  /* the totals, any thread (their own lock) */
  WmnetStats *stats;

  /* life cycle, under state_lock; the app thread starts and stops */
  GMutex state_lock;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  WmnetHttp *http;
  gint port;
  gchar *url;
  gchar *path;                  /* the publishing point, NULL = every path */
  gchar *address;               /* as the point was claimed */
  WmnetPoint *point;            /* its claim on the port's listener (D69) */
  /* the metrics path, NULL: none, and who may read it (the element's;
   * wmnet_server_set_metrics, D76) */
  gchar *metrics_path;
  WmnetAccessList *metrics_access;

  /* the command queue, any thread -> server thread (wmnetservercmd.c) */
  GMutex cmd_lock;
  GQueue cmds;                  /* in the order queued */
  GSource *cmd_source;          /* NULL when the thread does not run */
  gint64 cmd_window;            /* when the packets queued are due
                                 * (monotonic us); 0: at once; -1: none */
  gboolean cmd_now;             /* a command that does not wait is queued */
  /* connections that start no stream (a describe...), handed to libsoup
   * only while nothing at the default priority waits (D83) */
  WmnetMailbox *later;          /* NULL when the thread does not run */
  guint later_turn;             /* command dispatches since its last
                                 * batch forced (server thread) */
  /* what the last window did (wmnet_server_get_window_stats) */
  WmnetServerWindowStats window_stats;

  /* server thread only */
  WmnetStream stream;           /* the ring and headers clients are sent */
  WmnetViews views;             /* the same, cut per stream selection */
  guint64 window;               /* coalesce windows walked */
  gboolean held_back;           /* a view's client waits for its window */
  GSource *slow_timer;
  WmnetWatch *watch;            /* every client socket */
  GResolver *resolver;
  GSource *stats_timer;         /* every stats-interval, or NULL */
  GHashTable *sessions;         /* client id -> WmnetSession, the streaming */
  GQueue closed_sessions;       /* WmnetSession waiting for the report */
  /* heap_settle() in wmnetserver.c: connections and clients in a second */
  guint heap_accepted;
  guint heap_clients;
  gboolean heap_burst;

  /* the client table, read from any thread */
  GMutex clients_lock;
  GPtrArray *clients;           /* WmnetClient*, connect order */
  /* the streams the current header describes (WmnetClient.stream_mask) */
  guint32 stream_mask[4];
  guint64 next_id;
  /* signalled when a client leaves, or the wait is cancelled */
  GCond flushed_cond;
  gboolean wait_cancelled;      /* wmnet_server_cancel_wait() */
};


/* wmnetservercmd.c: the one way into the server thread (D67) */

/* Queues @run (@data) for the server thread, where it runs ahead of the
 * packets still waiting for their window, then @free_data (@data); any
 * thread. FALSE, and only @free_data (@data), when the thread does not
 * run. */
gboolean wmnet_server_run (WmnetServer * self, WmnetRunFunc run,
    gpointer data, GDestroyNotify free_data);
/* Any thread: like wmnet_server_run(), but @run goes after every command,
 * and runs when no source of the default priority is ready, at most a few
 * per dispatch, or in the batch forced every WMNET_SERVER_LATER_EVERY
 * dispatches of the command queue however busy it is: a connection that
 * starts no stream (a describe) waits while plays are served, for a
 * bounded number of them (docs/design.md D83). */
gboolean wmnet_server_run_later (WmnetServer * self, WmnetRunFunc run,
    gpointer data, GDestroyNotify free_data);
#define WMNET_SERVER_LATER_EVERY 8
/* WmnetHttpCallbacks.post: wmnet_server_run() (user_data: the server). */
void wmnet_server_post (gpointer server, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data);
/* start: the queue's source on the server's context */
void wmnet_server_cmd_start (WmnetServer * self);
/* stop: queues the stop (wmnet_server_close_all_and_quit() on the server
 * thread); the caller joins the thread, then calls
 * wmnet_server_cmd_clear(), which frees what is left. */
void wmnet_server_cmd_stop (WmnetServer * self);
void wmnet_server_cmd_clear (WmnetServer * self);

/* wmnetserver.c, on the server thread: closes every client and quits the
 * loop (the stop command). */
void wmnet_server_close_all_and_quit (WmnetServer * self);

/* One play session's access log line in the making (wmnetserverlog.c). */
typedef struct _WmnetSession WmnetSession;

/* wmnetserverclients.c, on the server thread unless said otherwise */

/* Closes @c and takes it out of the table: the only place a client is
 * closed. Posts the disconnection; frees @c. */
void wmnet_server_client_close (WmnetServer * self, WmnetClient * c,
    WmnetDisconnectReason reason);
/* Writes what @c has pending, about @turn_bytes at most; FALSE when @c was
 * closed (and freed). */
gboolean wmnet_server_client_flush (WmnetServer * self, WmnetClient * c,
    gsize turn_bytes);
/* wmnet_client_check_slow() with the policy; FALSE when @c was closed. */
gboolean wmnet_server_client_check_slow (WmnetServer * self, WmnetClient * c,
    GstClockTime buffer_time, WmnetSlowClientPolicy policy, gboolean deep);
/* The WmnetWatchFunc of the client sockets (user_data: the server). */
void wmnet_server_watch_ready (gpointer user_data, GIOCondition cond,
    gpointer entry_data);
/* A copy of the table, to walk while clients may be closed; any thread. */
GPtrArray *wmnet_server_clients_snapshot (WmnetServer * self);
/* What wmnethttp needs of the server (user_data: the server). */
extern const WmnetHttpCallbacks wmnet_server_http_callbacks;
/* The structure of @c the application sees, with connected-at-datetime;
 * call it with clients_lock held. */
GstStructure *wmnet_server_client_structure (WmnetClient * c,
    const gchar * name);

/* A new header: the stream mask the client structures show follows it. */
void wmnet_server_clients_header_changed (WmnetServer * self);

/* wmnetserverclients.c: max-clients is reached (the admission's
 * WmnetAdmissionFullFunc, user_data the server); any thread */
gboolean wmnet_server_is_full (gpointer user_data);

/* wmnetservermetrics.c: the metrics path (D76) */

/* WmnetPointReportFunc (user_data: the server): its `stats`; any thread */
GstStructure *wmnet_server_report (gpointer user_data);
/* WmnetHttpCallbacks.metrics: the port's Prometheus text for @peer, NULL
 * when metrics-access does not admit it */
gchar *wmnet_server_metrics (gpointer user_data, GInetAddress * peer);

/* wmnetserveridentity.c: who a client is, on the server thread unless
 * said otherwise */

/* What the admission's start and recheck points need of @c, as it is
 * now. */
void wmnet_server_describe_client (WmnetClient * c,
    WmnetAdmissionClient * out);
/* Works @c's address out again with the trusted proxies as they are now;
 * clients_lock held (or @c not in the table yet). TRUE when it changed. */
gboolean wmnet_server_reidentify_locked (WmnetServer * self, WmnetClient * c);
/* The client of the table with @id, or NULL; clients_lock held. */
WmnetClient *wmnet_server_find_client_locked (WmnetServer * self,
    guint64 id);
/* Looks @c's address up; its name comes as a wmnetsink-client-properties
 * message. */
void wmnet_server_resolve_client (WmnetServer * self, WmnetClient * c);

/* wmnetserverlog.c: the access log's sessions, on the server thread */

/* @c starts streaming (its id is set): its line starts from @info. */
void wmnet_server_session_open (WmnetServer * self, WmnetClient * c,
    const WmnetHttpRequestInfo * info);
/* @c leaves: its line is finished, and goes out now, or once its player's
 * report came or a short grace passed (an MS-WMSP session). */
void wmnet_server_session_close (WmnetServer * self, WmnetClient * c);
/* A player's log report (WmnetHttpCallbacks.log_stats). */
gboolean wmnet_server_session_report (gpointer user_data,
    const gchar * address, const gchar * client_id, GHashTable * report,
    gboolean alone);
/* Every line still waiting goes out (stop). */
void wmnet_server_sessions_flush (WmnetServer * self);

G_END_DECLS

#endif /* __WMNET_SERVER_PRIV_H__ */
