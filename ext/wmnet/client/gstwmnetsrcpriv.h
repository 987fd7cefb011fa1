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

/* gstwmnetsrcpriv: wmnetsrc's insides, shared by its files and no one
 * else. Owns the instance structure (which fields which lock guards) and
 * the functions one file of the element calls in another:
 * gstwmnetsrc.c (the element: properties, states, caps, timestamps,
 * create), gstwmnetsrcrequest.c (location, URLs and requests),
 * gstwmnetsrcconnect.c (describe and play, redirects, failures, retries),
 * gstwmnetsrctls.c (https:// and mmshs://: certificate checks). */

#ifndef __GST_WMNET_SRC_PRIV_H__
#define __GST_WMNET_SRC_PRIV_H__

#include "gstwmnetsrc.h"
#include "wmnetflush.h"
#include "wmnetsouploader.h"
#include "wmspreader.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (gst_wmnet_src_debug);
#define GST_CAT_DEFAULT gst_wmnet_src_debug

/* Bytes read before a header came; the size of one read. */
#define MAX_BYTES_BEFORE_HEADER (1024 * 1024)
#define READ_SIZE (64 * 1024)

struct _GstWmnetSrc
{
  GstPushSrc parent;

  /* properties, under the object lock */
  gchar *location;
  guint max_bitrate;
  guint timeout;
  gint retries;
  gchar *user_agent;
  gchar *user_id;
  gchar *user_pw;
  gchar *proxy;
  /* why the last location set was refused, for the start error; NULL
   * when it was taken; object lock */
  gchar *refused;
  guint latency_ms;
  gboolean keep_preroll;
  /* TLS (gstwmnetsrctls.c) */
  gboolean ssl_strict;
  gchar *ssl_ca_file;
  gboolean ssl_use_system_ca_file;
  GTlsDatabase *tls_database;
  GTlsInteraction *tls_interaction;

  /* streaming thread only (and start/stop) */
  SoupSession *session;
  SoupMessage *msg;
  GInputStream *stream;
  WmspReader *reader;
  guint8 *readbuf;
  gsize last_read;              /* bytes the last read put in readbuf */
  gchar *client_guid;
  gchar *client_id;             /* the server's, echoed in the play request */
  gchar *url;                   /* http:// of the current request */
  GstBuffer *header;            /* last header pushed */
  guint attempts;               /* retries since the last packet */
  gboolean got_packet;
  gsize bytes_idle;             /* read since the last header or packet */
  gboolean rebase;
  GstClockTime base_ts, last_ts;
  guint32 last_send;
  gint64 send_ms;               /* since the rebase, unwrapped */
  gboolean discont;
  /* the problems of the last certificate that did not verify, 0 = none
   * since the last request; whether ssl-strict=false's warning went */
  GTlsCertificateFlags tls_errors;
  gboolean tls_warned;

  /* unlock: the flushing flag, the cancellable, the back-off wait */
  WmnetFlush flush;
};

/* gstwmnetsrcrequest.c */
gchar *gst_wmnet_src_http_url (const gchar * location, GError ** error);
SoupMessage *gst_wmnet_src_make_request (GstWmnetSrc * self,
    const guint8 * header, gsize size);
gboolean gst_wmnet_src_set_location (GstWmnetSrc * self,
    const gchar * location, GError ** error);
void gst_wmnet_src_uri_handler_init (gpointer g_iface, gpointer iface_data);

/* A failure: a GstResourceError code, the message, the debug text. */
typedef struct
{
  gint code;
  gchar *text;
  gchar *debug;
  gboolean flushing;
  gboolean final;               /* no retry helps: 401, 403, 404, bad URL */
} Failure;

/* gstwmnetsrcconnect.c */
void gst_wmnet_src_close_stream (GstWmnetSrc * self);
void gst_wmnet_src_failure_clear (Failure * f);
void gst_wmnet_src_failure_set (Failure * f, gint code, const gchar * text,
    const gchar * format, ...) G_GNUC_PRINTF (4, 5);
gboolean gst_wmnet_src_read_more (GstWmnetSrc * self, Failure * f);
gboolean gst_wmnet_src_open_stream (GstWmnetSrc * self, Failure * f);
GstFlowReturn gst_wmnet_src_retry_or_fail (GstWmnetSrc * self, Failure * f);

/* gstwmnetsrctls.c */
gboolean gst_wmnet_src_tls_setup (GstWmnetSrc * self, GError ** error);
void gst_wmnet_src_tls_watch (GstWmnetSrc * self, SoupMessage * msg);
gboolean gst_wmnet_src_tls_failure (GstWmnetSrc * self, const GError * err,
    Failure * f);

G_END_DECLS

#endif /* __GST_WMNET_SRC_PRIV_H__ */
