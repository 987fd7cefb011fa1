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

/* wmnetsrc over TLS (docs/design.md D78): nginx terminates TLS with
 * certificates made by openssl for the test, in front of a wmnetsink.
 * https:// and mmshs:// play with ssl-ca-file naming the test CA; without
 * it (unknown issuer) and with a certificate for another host the start
 * fails at once with an error naming the location and the certificate's
 * problem, never retried; ssl-strict=false plays with a warning. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestsuite.h"
#include "wmnettesttls.h"
#include "wmnettestutils.h"

/* seconds for the header and packets, or the error, to come */
#define WAIT_S 30
#define PACKETS 10

/* listeners: a certificate for 127.0.0.1, one for another name */
static const gchar *const names[] = { "good", "wronghost", NULL };
static const gchar *const hosts[] = { "127.0.0.1", "wrong.example", NULL };

static GstElement *origin;
static WmnetTestNginx *nginx;

static void
setup (void)
{
  wmnet_test_tmpdir_setup ();
  wmnet_test_tls_make_certs (wmnet_test_tmpdir, names, hosts);
}

/* The origin and nginx, started and stopped by each test: gstcheck waits
 * for every streaming thread to end before the fixture's teardown. */
static void
start_peers (void)
{
  guint port;

  origin = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("max-clients=0"), &port);
  nginx = wmnet_test_nginx_start (wmnet_test_tmpdir, port, names);
}

static void
stop_peers (void)
{
  wmnet_test_nginx_stop (nginx);
  wmnet_test_stop_pipeline (origin);
}

typedef struct
{
  GMutex lock;
  GCond cond;
  guint headers, packets;
} Counts;

static void
count_buffer (GstElement * sink, GstBuffer * buf, GstPad * pad, Counts * c)
{
  g_mutex_lock (&c->lock);
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER))
    c->headers++;
  else
    c->packets++;
  g_cond_broadcast (&c->cond);
  g_mutex_unlock (&c->lock);
}

/* wmnetsrc location=@scheme://127.0.0.1:PORT/ (PORT: nginx's listener
 * @listener) @props ! fakesink, set to PLAYING. */
static GstElement *
start_client (const gchar * scheme, guint listener, const gchar * props,
    Counts * c)
{
  gchar *desc = g_strdup_printf ("wmnetsrc name=src "
      "location=%s://127.0.0.1:%u/ %s ! fakesink name=k signal-handoffs=true "
      "sync=false", scheme, wmnet_test_nginx_port (nginx, listener), props);
  GError *err = NULL;
  GstElement *p = gst_parse_launch_full (desc, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &err);
  GstElement *k;

  fail_unless (p != NULL, "%s: %s", desc, err ? err->message : "?");
  k = gst_bin_get_by_name (GST_BIN (p), "k");
  g_signal_connect (k, "handoff", G_CALLBACK (count_buffer), c);
  gst_object_unref (k);
  /* a failure is on the bus, for the test to read */
  gst_element_set_state (p, GST_STATE_PLAYING);
  g_free (desc);
  return p;
}

/* The error or warning first on @p's bus, within WAIT_S. */
static void
pop_problem (GstElement * p, GstMessageType type, GError ** e, gchar ** dbg)
{
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, WAIT_S * GST_SECOND,
      type | GST_MESSAGE_ERROR);

  fail_unless (msg != NULL, "no %s within %u s",
      gst_message_type_get_name (type), WAIT_S);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, e, dbg);
  else
    gst_message_parse_warning (msg, e, dbg);
  if (GST_MESSAGE_TYPE (msg) != type)
    fail ("an error instead: %s (%s)", (*e)->message, *dbg);
  gst_message_unref (msg);
  gst_object_unref (bus);
}

/* The header and PACKETS packets reach the sink within WAIT_S, in
 * PLAYING, with no error. */
static void
assert_plays (GstElement * p, Counts * c)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  GstState state;

  g_mutex_lock (&c->lock);
  while ((c->headers == 0 || c->packets < PACKETS)
      && g_cond_wait_until (&c->cond, &c->lock, end));
  fail_unless (c->headers >= 1 && c->packets >= PACKETS,
      "%u headers, %u packets in %u s", c->headers, c->packets, WAIT_S);
  g_mutex_unlock (&c->lock);
  fail_unless (gst_element_get_state (p, &state, NULL, WAIT_S * GST_SECOND)
      != GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (state, GST_STATE_PLAYING);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (msg) {
    GError *e = NULL;

    gst_message_parse_error (msg, &e, NULL);
    fail ("error while playing: %s", e->message);
  }
  gst_object_unref (bus);
}

/* The start fails with a RESOURCE error naming @url and @flag, and
 * wmnetsrc posted no wmnetsrc-reconnect: a certificate is not retried. */
static void
assert_refused (GstElement * p, const gchar * url, const gchar * flag)
{
  GError *e = NULL;
  gchar *dbg = NULL;
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;

  pop_problem (p, GST_MESSAGE_ERROR, &e, &dbg);
  GST_INFO ("refused: %s (%s)", e->message, dbg);
  fail_unless (e->domain == GST_RESOURCE_ERROR, "%s", e->message);
  fail_unless (strstr (e->message, url) != NULL, "'%s' does not name %s",
      e->message, url);
  fail_unless (strstr (e->message, flag) != NULL, "'%s' does not say %s",
      e->message, flag);
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    fail_if (gst_message_has_name (msg, "wmnetsrc-reconnect"),
        "a certificate failure was retried");
    gst_message_unref (msg);
  }
  g_error_free (e);
  g_free (dbg);
  gst_object_unref (bus);
}

static void
counts_init (Counts * c)
{
  memset (c, 0, sizeof (*c));
  g_mutex_init (&c->lock);
  g_cond_init (&c->cond);
}

static void
counts_clear (Counts * c)
{
  g_mutex_clear (&c->lock);
  g_cond_clear (&c->cond);
}

typedef enum
{
  PLAYS,                        /* header and packets, no error */
  WARNS,                        /* a warning naming @word, then PLAYS */
  REFUSED,                      /* assert_refused (@word) */
  BAD_SETTINGS,                 /* a SETTINGS error at start naming @word */
} Outcome;

/* wmnetsrc on nginx's listener @listener over @scheme, with ssl-ca-file
 * @ca ("ca.pem": the test CA; NULL: none) and @more properties, against
 * the peers started for it: @expect happens. */
static void
check_client (const gchar * scheme, guint listener, const gchar * ca,
    const gchar * more, Outcome expect, const gchar * word)
{
  gchar *props = g_strdup_printf ("%s%s%s%s", ca ? "ssl-ca-file=" : "",
      ca ? wmnet_test_tmpdir : "", ca ? "/" : "", ca ? ca : "");
  gchar *all = g_strconcat (props, " ", more, NULL);
  gchar *url, *dbg = NULL;
  GError *e = NULL;
  GstElement *p;
  Counts c;

  start_peers ();
  url = g_strdup_printf ("https://127.0.0.1:%u/",
      wmnet_test_nginx_port (nginx, listener));
  counts_init (&c);
  p = start_client (scheme, listener, all, &c);
  switch (expect) {
    case WARNS:
      pop_problem (p, GST_MESSAGE_WARNING, &e, &dbg);
      fail_unless (strstr (e->message, word) != NULL, "%s", e->message);
      /* fall through */
    case PLAYS:
      assert_plays (p, &c);
      break;
    case REFUSED:
      assert_refused (p, url, word);
      fail_unless_equals_int (c.packets + c.headers, 0);
      break;
    case BAD_SETTINGS:
      pop_problem (p, GST_MESSAGE_ERROR, &e, &dbg);
      fail_unless (g_error_matches (e, GST_RESOURCE_ERROR,
              GST_RESOURCE_ERROR_SETTINGS), "%s", e->message);
      fail_unless (strstr (e->message, word) != NULL, "%s", e->message);
      break;
  }
  wmnet_test_stop_pipeline (p);
  counts_clear (&c);
  g_clear_error (&e);
  g_free (dbg);
  g_free (url);
  g_free (all);
  g_free (props);
  stop_peers ();
}

/* plain https://: MS-WMSP's requests over HTTPS */
GST_START_TEST (test_https_plays)
{
  check_client ("https", 0, "ca.pem", "", PLAYS, NULL);
}

GST_END_TEST;

/* mmshs://, the URI handler's TLS scheme */
GST_START_TEST (test_mmshs_plays)
{
  check_client ("mmshs", 0, "ca.pem", "", PLAYS, NULL);
}

GST_END_TEST;

/* the system's CAs do not know the test CA */
GST_START_TEST (test_unknown_issuer_refused)
{
  check_client ("https", 0, NULL, "", REFUSED, "UNKNOWN_CA");
}

GST_END_TEST;

/* signed by the trusted CA, but for wrong.example */
GST_START_TEST (test_wrong_host_refused)
{
  check_client ("https", 1, "ca.pem", "", REFUSED, "BAD_IDENTITY");
}

GST_END_TEST;

/* ssl-strict=false takes the wrong host's certificate, with a warning */
GST_START_TEST (test_not_strict_warns)
{
  check_client ("mmshs", 1, "ca.pem", "ssl-strict=false", WARNS,
      "BAD_IDENTITY");
}

GST_END_TEST;

/* an ssl-ca-file that cannot be read: the start fails, naming it */
GST_START_TEST (test_bad_ca_file)
{
  check_client ("https", 0, "missing.pem", "", BAD_SETTINGS, "missing.pem");
}

GST_END_TEST;

static Suite *
wmnetsrc_https_suite (void)
{
  static const WmnetTestEntry tests[] = {
    WMNET_TEST (test_https_plays),
    WMNET_TEST (test_mmshs_plays),
    WMNET_TEST (test_unknown_issuer_refused),
    WMNET_TEST (test_wrong_host_refused),
    WMNET_TEST (test_not_strict_warns),
    WMNET_TEST (test_bad_ca_file),
  };

  /* every server is on the loopback: no system proxy settings */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return wmnet_test_suite_new ("wmnetsrc-https", 120, setup,
      wmnet_test_tmpdir_teardown, tests, G_N_ELEMENTS (tests));
}

GST_CHECK_MAIN (wmnetsrc_https);
