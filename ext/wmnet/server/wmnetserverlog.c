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

/* The server's access log sessions (wmnetserverpriv.h): one record per
 * play session, started when a client starts streaming, finished when it
 * leaves, merged with its player's log report ([MS-WMSP] 2.2.1.2.5), and
 * handed out as a wmnetsink-log structure (log_line callback) for the
 * dispatcher to write and post: nothing here touches a file. While a
 * client streams, its session keeps only what the client does not (the
 * request's few strings, in one block): the record is built from the
 * client when it leaves, or when its player's report comes first
 * (docs/design.md, D48). Server thread only. docs/design.md, D17 and D18. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetserverpriv.h"

#define GST_CAT_DEFAULT wmnet_server_debug

/* A player sends its report when it stops, on a new connection, so often
 * after the stream's connection closed: an MS-WMSP session's line waits
 * this long for it (docs/design.md, D18). */
#define REPORT_GRACE_MS 3000
/* Closed sessions waiting at once, at most: past it the oldest goes out. */
#define MAX_WAITING 4096

struct _WmnetSession
{
  WmnetServer *server;
  guint64 id;
  /* the streaming client, NULL once it left; its fields are the record's */
  WmnetClient *client;
  /* what the request said, in the block after this structure */
  const gchar *client_id;       /* MS-WMSP client-id, NULL for plain HTTP */
  const gchar *player_guid;
  const gchar *path;
  const gchar *local_address;
  /* NULL while the client streams and no report came */
  WmnetLogRecord *record;
  gboolean reported;            /* a report was merged */
  GSource *grace;
};

static void
session_free (WmnetSession * s)
{
  if (s->grace) {
    g_source_destroy (s->grace);
    g_source_unref (s->grace);
  }
  if (s->record)
    wmnet_log_record_free (s->record);
  g_free (s);
}

/* Copies @src to *@dst, a string of the block after the session. */
static gchar *
block_put (gchar * block, const gchar ** dst, const gchar * src)
{
  gsize len;

  if (src == NULL)
    return block;
  len = strlen (src) + 1;
  memcpy (block, src, len);
  *dst = block;
  return block + len;
}

/* The client's address: the record's once the client left. */
static const gchar *
session_address (WmnetSession * s)
{
  return s->client ? s->client->address : s->record->v[WMNET_LOG_C_IP];
}

/* Hands @record out as one line; s-totalclients is the clients now. @id:
 * the client's, G_MAXUINT64 for a report that matched no session. */
static void
emit (WmnetServer * self, WmnetLogRecord * record, guint64 id)
{
  GstStructure *st;
  gchar *line;
  guint n_clients;

  /* read off the table (wmnetserverpriv.h), not asked of
   * wmnetserverclients.c, which calls into this file (docs/design.md,
   * D66) */
  g_mutex_lock (&self->clients_lock);
  n_clients = self->clients->len;
  g_mutex_unlock (&self->clients_lock);
  wmnet_log_record_take (record, WMNET_LOG_S_TOTALCLIENTS,
      g_strdup_printf ("%u", n_clients));
  line = wmnet_log_record_to_line (record);
  st = gst_structure_new ("wmnetsink-log", "line", G_TYPE_STRING, line, NULL);
  if (id != G_MAXUINT64)
    gst_structure_set (st, "id", G_TYPE_UINT64, id, NULL);
  g_free (line);
  if (self->callbacks.log_line)
    self->callbacks.log_line (self->user_data, st);
  else
    gst_structure_free (st);
}

static void
session_emit (WmnetSession * s)
{
  WmnetServer *self = s->server;

  g_queue_remove (&self->closed_sessions, s);
  emit (self, s->record, s->id);
  session_free (s);
}

static gboolean
grace_over (gpointer data)
{
  session_emit (data);
  return G_SOURCE_REMOVE;
}

/* NSPlayer/10.0.0.3802 -> 10.0.0.3802 */
static gchar *
player_version (const gchar * ua)
{
  const gchar *slash;
  gsize n;

  if (ua == NULL || !g_str_has_prefix (ua, "NSPlayer/"))
    return NULL;
  slash = ua + strlen ("NSPlayer/");
  n = strspn (slash, "0123456789.");
  return n > 0 ? g_strndup (slash, n) : NULL;
}

/* The record of a session while @c streams: what the server knows when the
 * client starts. */
static WmnetLogRecord *
session_record (WmnetSession * s, WmnetClient * c)
{
  WmnetLogRecord *r = wmnet_log_record_new ();

  wmnet_log_record_set (r, WMNET_LOG_CS_URI_STEM, s->path);
  wmnet_log_record_set (r, WMNET_LOG_C_PLAYERID, s->player_guid);
  wmnet_log_record_set (r, WMNET_LOG_S_IP, s->local_address);
  wmnet_log_record_set (r, WMNET_LOG_C_IP, c->address);
  wmnet_log_record_set_time (r, c->connected_at);
  /* a live broadcast: starts at 0, plays at the real-time rate, and the
   * play request succeeded (WMS's c-status 200) */
  wmnet_log_record_set (r, WMNET_LOG_C_STARTTIME, "0");
  wmnet_log_record_set (r, WMNET_LOG_C_RATE, "1");
  wmnet_log_record_set (r, WMNET_LOG_C_STATUS, "200");
  wmnet_log_record_take (r, WMNET_LOG_C_PLAYERVERSION,
      player_version (c->user_agent));
  wmnet_log_record_set (r, WMNET_LOG_CS_USER_AGENT, c->user_agent);
  wmnet_log_record_set (r, WMNET_LOG_CS_USER_NAME, c->user);
  wmnet_log_record_set (r, WMNET_LOG_PROTOCOL, "http");
  wmnet_log_record_set (r, WMNET_LOG_TRANSPORT, "TCP");
  return r;
}

void
wmnet_server_session_open (WmnetServer * self, WmnetClient * c,
    const WmnetHttpRequestInfo * info)
{
  const gchar *client_id = NULL, *player_guid = NULL, *path = NULL,
      *local_address = NULL;
  gsize size = 0;
  WmnetSession *s;
  gchar *block;

  if (info) {
    client_id = c->wmsp ? info->client_id : NULL;
    player_guid = info->player_guid;
    path = info->path;
    local_address = info->local_address;
  }
  size += client_id ? strlen (client_id) + 1 : 0;
  size += player_guid ? strlen (player_guid) + 1 : 0;
  size += path ? strlen (path) + 1 : 0;
  size += local_address ? strlen (local_address) + 1 : 0;
  s = g_malloc0 (sizeof (WmnetSession) + size);
  s->server = self;
  s->id = c->id;
  s->client = c;
  block = (gchar *) (s + 1);
  block = block_put (block, &s->client_id, client_id);
  block = block_put (block, &s->player_guid, player_guid);
  block = block_put (block, &s->path, path);
  block_put (block, &s->local_address, local_address);
  g_hash_table_insert (self->sessions, &s->id, s);
}

void
wmnet_server_session_close (WmnetServer * self, WmnetClient * c)
{
  WmnetSession *s = g_hash_table_lookup (self->sessions, &c->id);
  WmnetLogRecord *r;
  gint64 duration;

  if (s == NULL)
    return;
  g_hash_table_steal (self->sessions, &c->id);
  if (s->record == NULL)
    s->record = session_record (s, c);
  s->client = NULL;
  r = s->record;
  duration = g_get_monotonic_time () - c->connected_mono;
  /* x-duration in whole seconds, rounded ([MS-WMLOG] 2.1) */
  wmnet_log_record_take (r, WMNET_LOG_X_DURATION,
      g_strdup_printf ("%" G_GINT64_FORMAT,
          (MAX (duration, 0) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC));
  wmnet_log_record_take (r, WMNET_LOG_SC_BYTES,
      g_strdup_printf ("%" G_GUINT64_FORMAT, c->bytes_sent));
  wmnet_log_record_take (r, WMNET_LOG_S_PKTS_SENT,
      g_strdup_printf ("%" G_GUINT64_FORMAT, c->packets_sent));
  g_mutex_lock (&self->clients_lock);
  if (c->dns_name && *c->dns_name)
    wmnet_log_record_set (r, WMNET_LOG_C_DNS, c->dns_name);
  g_mutex_unlock (&self->clients_lock);

  if (s->reported || s->client_id == NULL) {
    emit (self, r, s->id);
    session_free (s);
    return;
  }
  /* an MS-WMSP player may still send its report */
  if (self->closed_sessions.length >= MAX_WAITING)
    session_emit (g_queue_peek_head (&self->closed_sessions));
  g_queue_push_tail (&self->closed_sessions, s);
  s->grace = g_timeout_source_new (REPORT_GRACE_MS);
  g_source_set_callback (s->grace, grace_over, s, NULL);
  g_source_attach (s->grace, self->context);
}

/* The session @client_id names from @address: the streaming one, else the
 * latest waiting one. Without a client-id, the one of the same player
 * (c-playerid = its xClientGUID) from @address. A report never lands on
 * another address's session. */
static WmnetSession *
find_session (WmnetServer * self, const gchar * address,
    const gchar * client_id, const gchar * player_guid)
{
  GHashTableIter iter;
  gpointer value;
  WmnetSession *best = NULL;
  GList *l;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    WmnetSession *s = value;

    if (g_strcmp0 (session_address (s), address) != 0 || s->reported)
      continue;
    if (client_id ? g_strcmp0 (s->client_id, client_id) == 0 :
        (player_guid && g_strcmp0 (s->player_guid, player_guid) == 0))
      if (best == NULL || s->id > best->id)
        best = s;
  }
  if (best)
    return best;
  for (l = self->closed_sessions.tail; l; l = l->prev) {
    WmnetSession *s = l->data;

    if (g_strcmp0 (session_address (s), address) != 0 || s->reported)
      continue;
    if (client_id ? g_strcmp0 (s->client_id, client_id) == 0 :
        (player_guid && g_strcmp0 (s->player_guid, player_guid) == 0))
      return s;
  }
  return NULL;
}

gboolean
wmnet_server_session_report (gpointer user_data, const gchar * address,
    const gchar * client_id, GHashTable * report, gboolean alone)
{
  WmnetServer *self = user_data;
  const gchar *guid = g_hash_table_lookup (report, "c-playerid");
  WmnetSession *s;
  WmnetLogRecord *r;

  if (address == NULL)
    return FALSE;
  s = find_session (self, address, client_id, guid);
  if (s) {
    GST_DEBUG_OBJECT (self, "log report for client %" G_GUINT64_FORMAT, s->id);
    if (s->record == NULL)
      s->record = session_record (s, s->client);
    wmnet_log_record_merge_player (s->record, report);
    s->reported = TRUE;
    if (s->client == NULL)
      session_emit (s);
    return TRUE;
  }
  GST_DEBUG_OBJECT (self, "log report from %s matches no session", address);
  if (!alone)
    return FALSE;
  /* a session we do not know (it ended long ago, or streamed elsewhere),
   * let in (D54): the player's line alone, with what the server knows of
   * the request */
  r = wmnet_log_record_new ();
  wmnet_log_record_merge_player (r, report);
  wmnet_log_record_set (r, WMNET_LOG_C_IP, address);
  wmnet_log_record_set_time (r, g_get_real_time ());
  emit (self, r, G_MAXUINT64);
  wmnet_log_record_free (r);
  return TRUE;
}

void
wmnet_server_sessions_flush (WmnetServer * self)
{
  WmnetSession *s;

  while ((s = g_queue_peek_head (&self->closed_sessions)))
    session_emit (s);
}
