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

/* The one way into the server thread (wmnetserverpriv.h, docs/design.md
 * D67): a queue of commands (a header, a packet, the end of stream, a
 * function to run there: a kick, an access re-check, a setting that needs
 * the thread, a password check's verdict; stop) drained by one GSource on
 * the server's context, in the order queued; and the coalesce windows it
 * drives (D28, D49). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wmnetserverpriv.h"

#define GST_CAT_DEFAULT wmnet_server_debug

/* A view's client waits at most this long between writes, and at most a
 * quarter of client-buffer-time (D49). */
#define VIEW_MAX_WAIT (1200 * GST_MSECOND)
/* wmnet_server_run_later(): below libsoup's and the command queue's
 * sources, above the watch's catch-up writes (D29), and this many a
 * dispatch, so that a play that comes meanwhile waits for a few (D83) */
#define LATER_PRIORITY (G_PRIORITY_DEFAULT + 5)
#define LATER_BATCH 8

typedef enum
{
  /* the feed: the packets wait for the end of their window */
  CMD_HEADER,
  CMD_PACKET,
  CMD_EOS,
  /* at once, ahead of the packets still waiting */
  CMD_RUN,
  CMD_STOP,
} CmdKind;

typedef struct
{
  CmdKind kind;
  GstBuffer *buf;               /* HEADER, PACKET */
  WmnetRunFunc run;             /* RUN */
  gpointer data;
  GDestroyNotify free_data;
} Cmd;

#define IS_FEED(cmd) (((Cmd *) (cmd))->kind <= CMD_EOS)

static void
cmd_free (Cmd * cmd)
{
  if (cmd->buf)
    gst_buffer_unref (cmd->buf);
  if (cmd->free_data)
    cmd->free_data (cmd->data);
  g_free (cmd);
}

static void
set_header (WmnetServer * self, GstBuffer * buf)
{
  gsize size = gst_buffer_get_size (buf);
  gboolean had_header = self->stream.header != NULL;

  switch (wmnet_stream_set_header (&self->stream, buf)) {
    case WMNET_STREAM_HEADER_NEW:
      if (had_header)
        wmnet_stats_header_changed (self->stats);
      /* the views are cut against the current header, and get it */
      wmnet_views_set_header (&self->views, &self->stream);
      wmnet_server_clients_header_changed (self);
      wmnet_http_header_ready (self->http);
      break;
    case WMNET_STREAM_HEADER_SAME:
      break;
    case WMNET_STREAM_HEADER_TOO_LARGE:
      GST_ERROR_OBJECT (self, "a header of %" G_GSIZE_FORMAT " bytes does "
          "not fit MS-WMSP framing", size);
      break;
  }
}

/* Whether @c is written at the end of this window. A client of a view
 * (a stream selection) is written every view->every-th window, its turn
 * set by its id, so that its writes are about as large as a main-stream
 * client's: a write costs about the same whatever it carries (D49). Not
 * while it is starting (its header, its first preroll: its player fills
 * its buffer at the live rate) or changing streams, nor at the end. */
static gboolean
window_due (WmnetServer * self, WmnetClient * c, gint64 now)
{
  WmnetView *v = c->view;

  if (v == NULL || v->every <= 1 || c->need_header || c->next_stream
      || c->stream->eos)
    return TRUE;
  if (self->views.have_info && now - c->connected_mono <
      (gint64) self->views.info.preroll_ms * 1000)
    return TRUE;
  return (self->window + c->id) % v->every == 0;
}

/* The source's ready time: at once for a command that does not wait, else
 * the end of the packets' window; cmd_lock held. */
static void
arm_locked (WmnetServer * self)
{
  g_source_set_ready_time (self->cmd_source, self->cmd_now ? 0 :
      self->cmd_window);
}

/* The next command to run: in the order queued once the window is @due;
 * before, the next one that does not wait for it (a kick is applied before
 * the packets queued ahead of it are written). NULL when none. */
static Cmd *
cmd_pop (WmnetServer * self, gboolean due)
{
  Cmd *cmd = NULL;
  GList *l;

  g_mutex_lock (&self->cmd_lock);
  if (due) {
    cmd = g_queue_pop_head (&self->cmds);
  } else {
    for (l = self->cmds.head; l && IS_FEED (l->data); l = l->next);
    if (l) {
      cmd = l->data;
      g_queue_delete_link (&self->cmds, l);
    }
  }
  g_mutex_unlock (&self->cmd_lock);
  return cmd;
}

/* The window's packets are in the ring: every client is checked and
 * written once, so that the work per packet does not grow with the number
 * of clients. */
static void
walk_window (WmnetServer * self, gboolean changed, gboolean urgent,
    guint n_packets)
{
  GstClockTime buffer_time, coalesce, max_wait;
  WmnetSlowClientPolicy policy;
  gboolean held = FALSE;
  GPtrArray *snapshot;
  gint64 now;
  guint i, n_held = 0;

  g_mutex_lock (&self->settings_lock);
  buffer_time = g_value_get_uint64 (WMNET_SETTING (self, CLIENT_BUFFER_TIME));
  policy = g_value_get_enum (WMNET_SETTING (self, SLOW_CLIENT_POLICY));
  coalesce = g_value_get_uint64 (WMNET_SETTING (self, COALESCE_TIME));
  g_mutex_unlock (&self->settings_lock);

  self->held_back = FALSE;
  if (changed) {
    wmnet_stream_evict (&self->stream, buffer_time);
    wmnet_views_evict (&self->views, buffer_time);
  }
  self->window++;
  /* a held client's wait stays well inside what the slow-client check
   * allows and the ring keeps */
  max_wait = MIN (VIEW_MAX_WAIT, buffer_time / 4);
  wmnet_views_set_cadence (&self->views, &self->stream, coalesce > 0 ?
      max_wait / coalesce : 1);

  /* one writev per client for the whole window (docs/design.md D28):
   * fan-out costs per write, not per byte */
  now = g_get_monotonic_time ();
  snapshot = wmnet_server_clients_snapshot (self);
  for (i = 0; i < snapshot->len; i++) {
    WmnetClient *c = g_ptr_array_index (snapshot, i);

    if (!wmnet_server_client_check_slow (self, c, buffer_time, policy, FALSE))
      continue;
    if (!urgent && !window_due (self, c, now)) {
      held = TRUE;
      if (c->has_cur || c->next_seq < c->stream->ring.next_seq)
        n_held++;
      continue;
    }
    wmnet_server_client_flush (self, c, WMNET_CLIENT_WINDOW_BYTES);
  }
  g_ptr_array_unref (snapshot);

  g_mutex_lock (&self->cmd_lock);
  if (held) {
    /* its wait stays bounded when the input pauses */
    self->held_back = TRUE;
    if (self->cmd_window < 0) {
      self->cmd_window = now + coalesce / GST_USECOND;
      arm_locked (self);
    }
  }
  self->window_stats.windows++;
  self->window_stats.packets += n_packets;
  self->window_stats.held = n_held;
  g_mutex_unlock (&self->cmd_lock);
}

/* Ready at once for a command that does not wait, or at the end of a
 * window of packets (at once for a header, the end, or coalesce-time 0),
 * or a window after clients were held back. */
static gboolean
cmd_dispatch (GSource * source, GSourceFunc callback, gpointer user_data)
{
  WmnetServer *self = user_data;
  gboolean changed = FALSE, urgent = FALSE, due;
  guint n_packets = 0;
  Cmd *cmd;

  g_mutex_lock (&self->cmd_lock);
  due = self->cmd_window >= 0 && self->cmd_window <= g_get_monotonic_time ();
  if (due)
    self->cmd_window = -1;
  self->cmd_now = FALSE;
  arm_locked (self);
  g_mutex_unlock (&self->cmd_lock);

  while ((cmd = cmd_pop (self, due))) {
    switch (cmd->kind) {
      case CMD_HEADER:
        /* the stream takes the buffer, as it does a packet's */
        set_header (self, g_steal_pointer (&cmd->buf));
        urgent = TRUE;
        break;
      case CMD_PACKET:
        /* cut once per view, whatever the number of clients (D43) */
        if (wmnet_stream_push (&self->stream, g_steal_pointer (&cmd->buf)))
          wmnet_views_push (&self->views, wmnet_ring_get (&self->stream.ring,
                  self->stream.ring.next_seq - 1));
        else
          GST_ERROR_OBJECT (self, "a packet does not fit MS-WMSP framing");
        n_packets++;
        break;
      case CMD_EOS:
        wmnet_stream_end (&self->stream);
        wmnet_views_end (&self->views);
        urgent = TRUE;
        break;
      case CMD_RUN:
        cmd->run (cmd->data);
        break;
      case CMD_STOP:
        /* what is still queued is freed after the join */
        cmd_free (cmd);
        wmnet_server_close_all_and_quit (self);
        return G_SOURCE_CONTINUE;
    }
    if (IS_FEED (cmd))
      changed = TRUE;
    cmd_free (cmd);
  }
  /* also a window later for clients held back when no packet came */
  if (due && (changed || self->held_back))
    walk_window (self, changed, urgent, n_packets);
  /* a command queue that is never idle (packets without a window, a flood
   * of plays) does not starve the later queue: a batch of it every few
   * dispatches (D83) */
  if (++self->later_turn >= WMNET_SERVER_LATER_EVERY) {
    self->later_turn = 0;
    wmnet_mailbox_run_batch (self->later);
  }
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs cmd_funcs = {
  NULL, NULL, cmd_dispatch, NULL,
};

/* Any thread: queues @cmd, or frees it when the server thread does not
 * run. FALSE then. */
static gboolean
cmd_push (WmnetServer * self, Cmd * cmd)
{
  GstClockTime coalesce;

  g_mutex_lock (&self->settings_lock);
  coalesce = g_value_get_uint64 (WMNET_SETTING (self, COALESCE_TIME));
  g_mutex_unlock (&self->settings_lock);

  g_mutex_lock (&self->cmd_lock);
  if (self->cmd_source == NULL) {
    g_mutex_unlock (&self->cmd_lock);
    cmd_free (cmd);
    return FALSE;
  }
  g_queue_push_tail (&self->cmds, cmd);
  /* thread-safe, and wakes the server's context: a packet waits for the
   * end of its window (the first packet of a window arms it), a header or
   * the end takes the window through at once */
  if (!IS_FEED (cmd))
    self->cmd_now = TRUE;
  else if (cmd->kind != CMD_PACKET || coalesce == 0)
    self->cmd_window = 0;
  else if (self->cmd_window < 0)
    self->cmd_window = g_get_monotonic_time () + coalesce / GST_USECOND;
  arm_locked (self);
  g_mutex_unlock (&self->cmd_lock);
  return TRUE;
}

static void
queue_kind (WmnetServer * self, CmdKind kind, GstBuffer * buf)
{
  Cmd cmd = {.kind = kind,.buf = buf };

  cmd_push (self, g_memdup2 (&cmd, sizeof (cmd)));
}

void
wmnet_server_set_header (WmnetServer * server, GstBuffer * header)
{
  queue_kind (server, CMD_HEADER, gst_buffer_ref (header));
}

void
wmnet_server_push (WmnetServer * server, GstBuffer * packet)
{
  queue_kind (server, CMD_PACKET, gst_buffer_ref (packet));
}

void
wmnet_server_eos (WmnetServer * server)
{
  queue_kind (server, CMD_EOS, NULL);
}

gboolean
wmnet_server_run (WmnetServer * self, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data)
{
  Cmd cmd = {.kind = CMD_RUN,.run = run,.data = data,.free_data = free_data };

  return cmd_push (self, g_memdup2 (&cmd, sizeof (cmd)));
}

gboolean
wmnet_server_run_later (WmnetServer * self, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data)
{
  WmnetMailbox *later;

  g_mutex_lock (&self->cmd_lock);
  later = self->later;
  if (later == NULL) {
    g_mutex_unlock (&self->cmd_lock);
    if (free_data)
      free_data (data);
    return FALSE;
  }
  /* under the lock: cmd_clear does not free it meanwhile */
  wmnet_mailbox_run (later, run, data, free_data);
  g_mutex_unlock (&self->cmd_lock);
  return TRUE;
}

void
wmnet_server_post (gpointer server, WmnetRunFunc run, gpointer data,
    GDestroyNotify free_data)
{
  wmnet_server_run (server, run, data, free_data);
}

void
wmnet_server_get_window_stats (WmnetServer * server,
    WmnetServerWindowStats * stats)
{
  g_mutex_lock (&server->cmd_lock);
  *stats = server->window_stats;
  g_mutex_unlock (&server->cmd_lock);
}

void
wmnet_server_cmd_start (WmnetServer * self)
{
  GSource *src = g_source_new (&cmd_funcs, sizeof (GSource));
  WmnetMailbox *later;

  g_source_set_callback (src, NULL, self, NULL);
  g_source_set_priority (src, G_PRIORITY_DEFAULT);
  g_source_attach (src, self->context);
  later = wmnet_mailbox_new_full (self->context, LATER_PRIORITY, LATER_BATCH);
  g_mutex_lock (&self->cmd_lock);
  self->cmd_source = src;
  self->later = later;
  self->later_turn = 0;
  self->cmd_window = -1;
  self->cmd_now = FALSE;
  memset (&self->window_stats, 0, sizeof (self->window_stats));
  g_mutex_unlock (&self->cmd_lock);
}

void
wmnet_server_cmd_stop (WmnetServer * self)
{
  queue_kind (self, CMD_STOP, NULL);
}

void
wmnet_server_cmd_clear (WmnetServer * self)
{
  WmnetMailbox *later;
  Cmd *cmd;

  g_mutex_lock (&self->cmd_lock);
  if (self->cmd_source) {
    g_source_destroy (self->cmd_source);
    g_clear_pointer (&self->cmd_source, g_source_unref);
  }
  later = g_steal_pointer (&self->later);
  g_mutex_unlock (&self->cmd_lock);
  /* no one queues any more; what still waits is freed */
  if (later)
    wmnet_mailbox_free (later);
  while ((cmd = g_queue_pop_head (&self->cmds)))
    cmd_free (cmd);
}
