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

/* The access lists (IWMAddressAccess / IWMAddressAccess2) end to end: real
 * connections from distinct loopback source addresses (127.0.0.2, 127.0.0.3,
 * ..., ::1), the rule of docs/design.md, D1, IPv4-mapped peers on the
 * dual-stack socket, run-time edits, bad entries, gst-launch syntax and what
 * FFmpeg's mmsh client makes of a refusal. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestutils.h"

/* WM_AETYPE values, which WmnetAccessType mirrors; the tests use the raw
 * numbers, as code ported from the SDK would. */
#define WM_AETYPE_INCLUDE 0x69
#define WM_AETYPE_EXCLUDE 0x65

/* A small live broadcast: cheap to encode, so many clients fit in a test. */
#define SMALL_BROADCAST(extra) \
  "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=10/1 ! " \
  "avenc_wmv2 ! queue ! wmnetsink name=s port=0 resolve-names=false " extra
#define LOOPBACK_BROADCAST SMALL_BROADCAST ("address=127.0.0.1")
/* address unset: one dual-stack socket, so a 127.0.0.x client arrives as
 * ::ffff:127.0.0.x (the only way to get mapped peers) */
#define DUAL_STACK_BROADCAST SMALL_BROADCAST ("")

static const guint8 asf_header_guid[16] = {
  0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
  0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c
};

typedef enum
{
  REQ_DESCRIBE,
  REQ_PLAY,
  REQ_PLAIN,
  REQ_HEAD,
} RequestKind;

static const gchar *const requests[] = {
  /* MS-WMSP describe: NSPlayer without xPlayStrm, as FFmpeg's first request */
  "GET / HTTP/1.0\r\nAccept: */*\r\nUser-Agent: NSPlayer/4.1.0.3856\r\n"
      "Host: 127.0.0.1\r\n"
      "Pragma: no-cache,rate=1.000000,stream-time=0,stream-offset=0:0,"
      "request-context=1,max-duration=0\r\n"
      "Pragma: xClientGUID={c77e7400-738a-11d2-9add-0020af0a3278}\r\n"
      "Connection: Close\r\n\r\n",
  /* MS-WMSP play */
  "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: */*\r\n"
      "User-Agent: NSPlayer/7.10.0.3059\r\n"
      "Pragma: no-cache,rate=1.000000,request-context=2\r\n"
      "Pragma: xPlayStrm=1\r\n"
      "Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n"
      "Pragma: stream-switch-count=2\r\n"
      "Pragma: stream-switch-entry=ffff:1:0 ffff:2:0 \r\n"
      "Connection: Close\r\n\r\n",
  /* plain HTTP GET */
  "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n"
      "Accept: */*\r\n\r\n",
  "HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n"
      "Accept: */*\r\n\r\n",
};

static const gchar *const kind_names[] = { "describe", "play", "GET", "HEAD" };

/* ------------------------------------------------------------------------ */
/* raw clients from a chosen source address */

typedef struct
{
  GSocket *sock;
  RequestKind kind;
  gchar *address;               /* our source address, as wmnetsink shows it */
  guint port;                   /* our real source port */
} Client;

/* Connects from @from (127.0.0.x reaches 127.0.0.1, ::1 reaches ::1) and
 * sends the request of @kind. */
static Client *
client_open (guint server_port, const gchar * from, RequestKind kind)
{
  const gchar *host = strchr (from, ':') ? "::1" : "127.0.0.1";
  Client *c = g_new0 (Client, 1);
  GError *error = NULL;
  GSocketAddress *local;

  c->sock = wmnet_test_connect (host, server_port, from, &error);
  fail_unless (c->sock != NULL, "connect from %s: %s", from,
      error ? error->message : "?");
  local = g_socket_get_local_address (c->sock, NULL);
  c->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  c->address = g_strdup (from);
  c->kind = kind;
  fail_unless (wmnet_test_send_all (c->sock, requests[kind],
          strlen (requests[kind])));
  return c;
}

static void
client_free (Client * c)
{
  g_object_unref (c->sock);
  g_free (c->address);
  g_free (c);
}

static gboolean
contains (GByteArray * data, const void *needle, gsize len)
{
  gsize i;

  for (i = 0; i + len <= data->len; i++)
    if (memcmp (data->data + i, needle, len) == 0)
      return TRUE;
  return FALSE;
}

/* First line of an HTTP response, for assertions and failure messages. */
static gchar *
status_line (GByteArray * data)
{
  gsize n = 0;

  while (n < data->len && data->data[n] != '\r' && data->data[n] != '\n')
    n++;
  return g_strndup ((const gchar *) data->data, n);
}

/* Reads for at most @timeout_ms; stops early at EOF (*eof set) or, with
 * @needle, once the data holds it. A reset or error fails the test: the
 * server must close cleanly. */
static GByteArray *
client_read (Client * c, const void *needle, gsize needle_len,
    guint timeout_ms, gboolean * eof)
{
  GByteArray *arr = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT
      (1000);
  guint8 buf[16384];

  *eof = FALSE;
  for (;;) {
    gint64 left = deadline - g_get_monotonic_time ();
    GError *error = NULL;
    gssize n;

    if (needle && contains (arr, needle, needle_len))
      break;
    if (left <= 0 || !g_socket_condition_timed_wait (c->sock,
            G_IO_IN | G_IO_HUP | G_IO_ERR, left, NULL, NULL))
      break;
    n = g_socket_receive (c->sock, (gchar *) buf, sizeof (buf), NULL, &error);
    fail_if (n < 0, "%s:%u: read error: %s", c->address, c->port,
        error ? error->message : "?");
    if (n == 0) {
      *eof = TRUE;
      break;
    }
    g_byte_array_append (arr, buf, n);
  }
  return arr;
}

/* ------------------------------------------------------------------------ */
/* element messages, kept so a test can look for one, or for its absence,
 * in any order */

typedef struct
{
  GstElement *pipeline;
  GPtrArray *seen;
  guint next;
} Messages;

static Messages *
messages_new (GstElement * pipeline)
{
  Messages *m = g_new0 (Messages, 1);

  m->pipeline = pipeline;
  m->seen = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  return m;
}

static void
messages_free (Messages * m)
{
  g_ptr_array_unref (m->seen);
  g_free (m);
}

static gboolean
message_is_about (const GstStructure * s, const gchar * name, Client * c)
{
  guint port;

  return gst_structure_has_name (s, name)
      && g_strcmp0 (gst_structure_get_string (s, "address"), c->address) == 0
      && gst_structure_get_uint (s, "port", &port) && port == c->port;
}

/* The message @name about @c, waiting up to @timeout_ms for it (0: only
 * what is already posted). Owned by @m. */
static const GstStructure *
messages_find (Messages * m, const gchar * name, Client * c, guint timeout_ms)
{
  GstBus *bus = gst_element_get_bus (m->pipeline);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT
      (1000);
  const GstStructure *found = NULL;
  guint i = 0;

  while (found == NULL) {
    gint64 left;
    GstMessage *msg;

    for (; i < m->seen->len && found == NULL; i++)
      if (message_is_about (g_ptr_array_index (m->seen, i), name, c))
        found = g_ptr_array_index (m->seen, i);
    if (found)
      break;

    left = MAX (deadline - g_get_monotonic_time (), 0);
    msg = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR);
    if (msg == NULL)
      break;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      fail ("pipeline error while waiting for %s: %s", name, err->message);
    }
    g_ptr_array_add (m->seen,
        gst_structure_copy (gst_message_get_structure (msg)));
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return found;
}

/* ------------------------------------------------------------------------ */
/* the element */

static GstElement *
sink_of (GstElement * pipeline)
{
  return gst_bin_get_by_name (GST_BIN (pipeline), "s");
}

static void
set_list (GstElement * s, const gchar * prop, const gchar * const *entries)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, GST_TYPE_ARRAY);
  for (; entries && *entries; entries++) {
    GValue e = G_VALUE_INIT;

    g_value_init (&e, G_TYPE_STRING);
    g_value_set_string (&e, *entries);
    gst_value_array_append_and_take_value (&v, &e);
  }
  g_object_set_property (G_OBJECT (s), prop, &v);
  g_value_unset (&v);
}

#define SET_LIST(s, prop, ...) \
  set_list (s, prop, (const gchar * const[]) { __VA_ARGS__, NULL })

/* The list read back, joined with ", " ("" when empty). */
static gchar *
get_list (GstElement * s, const gchar * prop)
{
  GValue v = G_VALUE_INIT;
  GString *str = g_string_new (NULL);
  guint i;

  g_value_init (&v, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (s), prop, &v);
  for (i = 0; i < gst_value_array_get_size (&v); i++) {
    const GValue *e = gst_value_array_get_value (&v, i);

    fail_unless (G_VALUE_HOLDS_STRING (e));
    if (i > 0)
      g_string_append (str, ", ");
    g_string_append (str, g_value_get_string (e));
  }
  g_value_unset (&v);
  return g_string_free (str, FALSE);
}

static void
assert_list (GstElement * s, const gchar * prop, const gchar * expected)
{
  gchar *got = get_list (s, prop);

  fail_unless_equals_string (got, expected);
  g_free (got);
}

static gboolean
add_entry (GstElement * s, gint type, const gchar * entry)
{
  gboolean ok = TRUE;           /* a FALSE must come from the handler */

  g_signal_emit_by_name (s, "add-access-entry", type, entry, &ok);
  return ok;
}

static gboolean
remove_entry (GstElement * s, gint type, guint index)
{
  gboolean ok = TRUE;

  g_signal_emit_by_name (s, "remove-access-entry", type, index, &ok);
  return ok;
}

static guint
num_clients (GstElement * s)
{
  guint n;

  g_object_get (s, "num-clients", &n, NULL);
  return n;
}

typedef struct
{
  GstElement *s;
  guint n;
} NumClients;

static gboolean
has_num_clients (gpointer data)
{
  NumClients *w = data;

  return num_clients (w->s) == w->n;
}

static gboolean
wait_num_clients (GstElement * s, guint n, guint timeout_ms)
{
  NumClients w = { s, n };

  return wmnet_test_wait_until (has_num_clients, &w, timeout_ms);
}

/* bytes-sent of @c in the clients property; -1 when it is not listed */
static gint64
bytes_sent (GstElement * s, Client * c)
{
  GValue v = G_VALUE_INIT;
  gint64 ret = -1;
  guint i;

  g_value_init (&v, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (s), "clients", &v);
  for (i = 0; i < gst_value_array_get_size (&v); i++) {
    const GstStructure *cs =
        gst_value_get_structure (gst_value_array_get_value (&v, i));
    guint64 sent;

    if (message_is_about (cs, "wmnetsink-client", c)) {
      fail_unless (gst_structure_get_uint64 (cs, "bytes-sent", &sent));
      ret = (gint64) sent;
    }
  }
  g_value_unset (&v);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* what a client sees */

/* Admitted: a 200 and the ASF header (framed as $H for MS-WMSP); a play or
 * plain GET is listed as a client, a describe is not. */
static void
check_admitted (Messages * m, Client * c)
{
  gboolean eof;
  GByteArray *resp = client_read (c, c->kind == REQ_HEAD ? NULL :
      asf_header_guid, sizeof (asf_header_guid), 5000, &eof);
  gchar *status = status_line (resp);
  const GstStructure *s;

  fail_unless (g_str_has_prefix (status, "HTTP/1.0 200 "),
      "%s from %s:%u should be admitted, got '%s'", kind_names[c->kind],
      c->address, c->port, status);
  if (c->kind != REQ_HEAD)
    fail_unless (contains (resp, asf_header_guid, sizeof (asf_header_guid)),
        "%s from %s: no ASF header", kind_names[c->kind], c->address);
  if (c->kind == REQ_DESCRIBE || c->kind == REQ_PLAY)
    fail_unless (contains (resp, "$H", 2), "no $H for %s from %s",
        kind_names[c->kind], c->address);

  if (c->kind == REQ_PLAY || c->kind == REQ_PLAIN) {
    s = messages_find (m, "wmnetsink-client-connected", c, 5000);
    fail_unless (s != NULL, "no connected message for %s:%u", c->address,
        c->port);
    fail_unless_equals_string (gst_structure_get_string (s, "protocol"),
        c->kind == REQ_PLAY ? "wmsp" : "http");
  }
  fail_if (messages_find (m, "wmnetsink-client-refused", c, 0) != NULL,
      "%s:%u admitted and refused", c->address, c->port);

  g_free (status);
  g_byte_array_unref (resp);
}

/* Refused: 403, not one byte of ASF, a clean close, the refused message
 * with our real source port, and never listed. */
static void
check_refused (Messages * m, Client * c)
{
  gboolean eof;
  GByteArray *resp = client_read (c, NULL, 0, 5000, &eof);
  gchar *status = status_line (resp);
  const GstStructure *s;

  fail_unless (eof, "%s from %s: connection left open", kind_names[c->kind],
      c->address);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 403 "),
      "%s from %s:%u should be refused, got '%s'", kind_names[c->kind],
      c->address, c->port, status);
  fail_if (contains (resp, asf_header_guid, sizeof (asf_header_guid)),
      "ASF header sent to a refused %s", kind_names[c->kind]);
  fail_if (contains (resp, "$H", 2), "$H sent to a refused %s",
      kind_names[c->kind]);

  s = messages_find (m, "wmnetsink-client-refused", c, 5000);
  fail_unless (s != NULL, "no refused message for %s:%u", c->address, c->port);
  fail_unless_equals_string (gst_structure_get_string (s, "reason"),
      "access-denied");
  fail_if (messages_find (m, "wmnetsink-client-connected", c, 0) != NULL,
      "refused %s:%u was listed", c->address, c->port);

  g_free (status);
  g_byte_array_unref (resp);
}

static void
expect_admitted (Messages * m, guint port, const gchar * from, RequestKind kind)
{
  Client *c = client_open (port, from, kind);

  check_admitted (m, c);
  client_free (c);
}

static void
expect_refused (Messages * m, guint port, const gchar * from, RequestKind kind)
{
  Client *c = client_open (port, from, kind);

  check_refused (m, c);
  client_free (c);
}

/* Still connected and still fed: data keeps arriving and bytes-sent grows. */
static void
check_streaming (GstElement * s, Client * c)
{
  gint64 before = bytes_sent (s, c), after;
  gboolean eof;
  GByteArray *more;

  fail_unless (before >= 0, "%s:%u is not listed", c->address, c->port);
  more = client_read (c, NULL, 0, 1000, &eof);
  fail_if (eof, "%s:%u was disconnected", c->address, c->port);
  fail_unless (more->len > 0, "%s:%u gets no more data", c->address, c->port);
  after = bytes_sent (s, c);
  fail_unless (after > before, "%s:%u: bytes-sent stuck at %" G_GINT64_FORMAT,
      c->address, c->port, before);
  g_byte_array_unref (more);
}

/* Disconnected by an edit of the lists: the disconnected message with reason
 * access-denied, then EOF on the socket. */
static void
check_kicked (Messages * m, GstElement * s, Client * c)
{
  const GstStructure *msg;
  gboolean eof;
  GByteArray *rest;

  msg = messages_find (m, "wmnetsink-client-disconnected", c, 5000);
  fail_unless (msg != NULL, "%s:%u not disconnected", c->address, c->port);
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
      "access-denied");
  /* what was on its way may still arrive, then the end */
  rest = client_read (c, NULL, 0, 5000, &eof);
  fail_unless (eof, "%s:%u: socket still open", c->address, c->port);
  fail_unless (bytes_sent (s, c) < 0, "%s:%u still listed", c->address,
      c->port);
  g_byte_array_unref (rest);
}

/* ------------------------------------------------------------------------ */
/* the rule */

GST_START_TEST (test_include_only)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  Client *a, *b;

  SET_LIST (s, "access-include", "127.0.0.2", "127.0.0.3/32");

  a = client_open (port, "127.0.0.2", REQ_PLAY);
  check_admitted (m, a);
  b = client_open (port, "127.0.0.3", REQ_PLAIN);
  check_admitted (m, b);
  expect_admitted (m, port, "127.0.0.2", REQ_DESCRIBE);

  /* everyone else, 127.0.0.1 included */
  expect_refused (m, port, "127.0.0.4", REQ_PLAY);
  expect_refused (m, port, "127.0.0.4", REQ_PLAIN);
  expect_refused (m, port, "127.0.0.1", REQ_DESCRIBE);
  fail_unless_equals_int (num_clients (s), 2);

  /* an empty include list admits everybody again; nobody is kicked */
  set_list (s, "access-include", NULL);
  assert_list (s, "access-include", "");
  expect_admitted (m, port, "127.0.0.4", REQ_DESCRIBE);
  check_streaming (s, a);
  check_streaming (s, b);

  client_free (a);
  client_free (b);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_exclude_wins)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  Client *a;

  /* exclude only: everyone but the excluded */
  SET_LIST (s, "access-exclude", "127.0.0.3");
  expect_refused (m, port, "127.0.0.3", REQ_PLAY);
  a = client_open (port, "127.0.0.2", REQ_PLAY);
  check_admitted (m, a);
  expect_admitted (m, port, "127.0.0.4", REQ_DESCRIBE);

  /* 127.0.0.3 is in the include list too: exclude wins */
  SET_LIST (s, "access-include", "127.0.0.0/29", "127.0.0.3");
  expect_refused (m, port, "127.0.0.3", REQ_PLAY);
  expect_refused (m, port, "127.0.0.3", REQ_DESCRIBE);
  expect_admitted (m, port, "127.0.0.4", REQ_PLAY);
  /* outside the include list */
  expect_refused (m, port, "127.0.0.9", REQ_PLAY);
  /* the include edit kept 127.0.0.2, which it matches */
  check_streaming (s, a);

  client_free (a);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_masks)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  const gchar *admitted[] = { "127.0.0.1", "127.0.0.3", "127.0.0.8",
    "127.0.0.13", NULL
  };
  const gchar *refused[] = { "127.0.0.4", "127.0.0.7", "127.0.0.14",
    "127.0.0.15", "127.0.0.16", NULL
  };
  guint i;

  /* a WMF dotted mask and a prefix with host bits (the SDK's own example
   * has them): 127.0.0.0-3 and 127.0.0.8-15, less 127.0.0.14-15 */
  SET_LIST (s, "access-include", "127.0.0.0/255.255.255.252", "127.0.0.9/29");
  SET_LIST (s, "access-exclude", "127.0.0.14/255.255.255.254");
  assert_list (s, "access-include", "127.0.0.0/30, 127.0.0.8/29");
  assert_list (s, "access-exclude", "127.0.0.14/31");

  for (i = 0; admitted[i]; i++)
    expect_admitted (m, port, admitted[i], REQ_PLAY);
  for (i = 0; refused[i]; i++)
    expect_refused (m, port, refused[i], REQ_PLAY);

  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* Every kind of request is checked before anything else, max-clients
 * included: a refused client reads 403, never 503, and no media byte. */
GST_START_TEST (test_refused_request_kinds)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (SMALL_BROADCAST
      ("address=127.0.0.1 max-clients=1"), &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  RequestKind kind;
  Client *a;

  SET_LIST (s, "access-exclude", "127.0.0.5");
  for (kind = REQ_DESCRIBE; kind <= REQ_HEAD; kind++) {
    expect_refused (m, port, "127.0.0.5", kind);
    /* the same request from next door goes through */
    expect_admitted (m, port, "127.0.0.6", kind);
    /* gone before the next one, or max-clients would answer */
    fail_unless (wait_num_clients (s, 0, 5000));
  }

  /* full: the list still speaks first */
  a = client_open (port, "127.0.0.6", REQ_PLAY);
  check_admitted (m, a);
  expect_refused (m, port, "127.0.0.5", REQ_PLAY);
  expect_refused (m, port, "127.0.0.5", REQ_DESCRIBE);
  fail_unless_equals_int (num_clients (s), 1);

  client_free (a);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* IPv6 entries with an IPv6 client, and IPv4 clients of the dual-stack
 * socket (::ffff:127.0.0.x) matched as IPv4: an entry of one family never
 * matches a peer of the other, and an IPv4-mapped entry is an IPv4 one. */
GST_START_TEST (test_ipv6_and_mapped_peers)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (DUAL_STACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  Client *v6, *v4a, *v4b;

  SET_LIST (s, "access-include", "::1/128");
  v6 = client_open (port, "::1", REQ_PLAY);
  check_admitted (m, v6);
  /* shown and matched as 127.0.0.1, never ::ffff:127.0.0.1 */
  expect_refused (m, port, "127.0.0.1", REQ_PLAY);
  expect_refused (m, port, "127.0.0.2", REQ_DESCRIBE);

  /* IPv4 include: the ::1 client is dropped, IPv4 clients come in */
  SET_LIST (s, "access-include", "127.0.0.0/8");
  check_kicked (m, s, v6);
  client_free (v6);
  expect_refused (m, port, "::1", REQ_PLAY);
  v4a = client_open (port, "127.0.0.2", REQ_PLAY);
  check_admitted (m, v4a);

  /* ::/0 is every IPv6 peer but no mapped one: 127.0.0.2 stays */
  set_list (s, "access-include", NULL);
  SET_LIST (s, "access-exclude", "::/0");
  expect_refused (m, port, "::1", REQ_PLAY);
  expect_refused (m, port, "::1", REQ_DESCRIBE);
  v4b = client_open (port, "127.0.0.3", REQ_PLAY);
  check_admitted (m, v4b);
  check_streaming (s, v4a);

  /* 0.0.0.0/0 is every IPv4 peer, mapped ones included, and no IPv6 one */
  SET_LIST (s, "access-exclude", "0.0.0.0/0");
  check_kicked (m, s, v4a);
  check_kicked (m, s, v4b);
  expect_refused (m, port, "127.0.0.4", REQ_PLAY);
  v6 = client_open (port, "::1", REQ_PLAY);
  check_admitted (m, v6);

  /* an IPv4-mapped entry is the IPv4 entry it means, and reads back so */
  set_list (s, "access-exclude", NULL);
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "::ffff:127.0.0.5"));
  assert_list (s, "access-exclude", "127.0.0.5/32");
  expect_refused (m, port, "127.0.0.5", REQ_PLAY);
  expect_admitted (m, port, "127.0.0.6", REQ_PLAY);
  SET_LIST (s, "access-exclude", "::ffff:127.0.0.0/104");
  assert_list (s, "access-exclude", "127.0.0.0/8");
  expect_refused (m, port, "127.0.0.6", REQ_PLAY);
  check_streaming (s, v6);

  client_free (v6);
  client_free (v4a);
  client_free (v4b);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* run-time edits */

GST_START_TEST (test_runtime_edit_property)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  Client *c2 = client_open (port, "127.0.0.2", REQ_PLAY);
  Client *c3 = client_open (port, "127.0.0.3", REQ_PLAY);
  Client *c4 = client_open (port, "127.0.0.4", REQ_PLAIN);

  check_admitted (m, c2);
  check_admitted (m, c3);
  check_admitted (m, c4);

  SET_LIST (s, "access-exclude", "127.0.0.3");
  check_kicked (m, s, c3);
  check_streaming (s, c2);
  check_streaming (s, c4);
  fail_unless_equals_int (num_clients (s), 2);
  expect_refused (m, port, "127.0.0.3", REQ_PLAY);

  SET_LIST (s, "access-include", "127.0.0.2");
  check_kicked (m, s, c4);
  check_streaming (s, c2);
  fail_unless_equals_int (num_clients (s), 1);

  client_free (c2);
  client_free (c3);
  client_free (c4);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_runtime_edit_signals)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  Client *c2 = client_open (port, "127.0.0.2", REQ_PLAY);
  Client *c3 = client_open (port, "127.0.0.3", REQ_PLAY);
  Client *c4 = client_open (port, "127.0.0.4", REQ_PLAY);

  check_admitted (m, c2);
  check_admitted (m, c3);
  check_admitted (m, c4);

  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "127.0.0.3"));
  check_kicked (m, s, c3);
  check_streaming (s, c2);
  check_streaming (s, c4);
  client_free (c3);
  expect_refused (m, port, "127.0.0.3", REQ_PLAY);

  /* removing the entry lets it back in */
  fail_unless (remove_entry (s, WM_AETYPE_EXCLUDE, 0));
  assert_list (s, "access-exclude", "");
  c3 = client_open (port, "127.0.0.3", REQ_PLAY);
  check_admitted (m, c3);

  /* a first include entry shuts out everyone it does not match */
  fail_unless (add_entry (s, WM_AETYPE_INCLUDE, "127.0.0.2/31"));
  assert_list (s, "access-include", "127.0.0.2/31");
  check_kicked (m, s, c4);
  check_streaming (s, c2);
  check_streaming (s, c3);
  fail_unless_equals_int (num_clients (s), 2);

  client_free (c2);
  client_free (c3);
  client_free (c4);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* bad entries, canonical form, the enum, gst-launch syntax */

static gboolean
count_warning (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  /* expected: GstCheck must not fail the test for it */
  return TRUE;
}

/* Sets @entries, which hold the bad entry @bad, and checks that exactly one
 * g_warning naming @bad was emitted (GstCheck fails a test on any other). */
static void
set_list_expect_warning (GstElement * s, const gchar * prop,
    const gchar * const *entries, const gchar * bad)
{
  gchar *escaped = g_regex_escape_string (bad, -1);
  gchar *pattern = g_strdup_printf ("%s: Invalid access entry '%s'", prop,
      escaped);
  gint count = 0;
  GstCheckLogFilter *filter = gst_check_add_log_filter (NULL,
      G_LOG_LEVEL_WARNING, g_regex_new (pattern, 0, 0, NULL), count_warning,
      &count, NULL);

  set_list (s, prop, entries);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (count, 1);
  g_free (pattern);
  g_free (escaped);
}

GST_START_TEST (test_bad_entries_change_nothing)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (LOOPBACK_BROADCAST, &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);
  const gchar *bad[] = { "bogus", "10.0.0.0/33", "127.0.0.0/255.0.255.0",
    "fe80::1%lo", "127.0.0.3/ffff::", "", "127.0.0.300", NULL
  };
  Client *c2;
  guint i;

  SET_LIST (s, "access-include", "127.0.0.2");
  c2 = client_open (port, "127.0.0.2", REQ_PLAY);
  check_admitted (m, c2);

  /* one bad entry among good ones: the old list stays, so 127.0.0.2 (not in
   * the new one) is not kicked */
  for (i = 0; bad[i]; i++) {
    const gchar *entries[] = { "127.0.0.3", bad[i], "10.0.0.0/8", NULL };

    set_list_expect_warning (s, "access-include", entries, bad[i]);
    assert_list (s, "access-include", "127.0.0.2/32");
    set_list_expect_warning (s, "access-exclude", entries, bad[i]);
    assert_list (s, "access-exclude", "");
  }
  check_streaming (s, c2);
  expect_refused (m, port, "127.0.0.3", REQ_DESCRIBE);

  /* the signals: FALSE, nothing changed */
  for (i = 0; bad[i]; i++) {
    fail_if (add_entry (s, WM_AETYPE_INCLUDE, bad[i]), "'%s' added", bad[i]);
    fail_if (add_entry (s, WM_AETYPE_EXCLUDE, bad[i]), "'%s' added", bad[i]);
  }
  fail_if (add_entry (s, WM_AETYPE_EXCLUDE, "2001:db8::/129"));
  fail_if (remove_entry (s, WM_AETYPE_INCLUDE, 1));
  fail_if (remove_entry (s, WM_AETYPE_EXCLUDE, 0));
  fail_if (remove_entry (s, WM_AETYPE_EXCLUDE, G_MAXUINT));
  assert_list (s, "access-include", "127.0.0.2/32");
  assert_list (s, "access-exclude", "");

  /* entries read back in canonical form, in order */
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "192.168.1.2/255.255.0.0"));
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "10.1.2.3"));
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "2001:DB8:0:0::7"));
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, " 2001:db8::1/32 "));
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE,
          "fe80::1/ffff:ffff:ffff:ffff::"));
  assert_list (s, "access-exclude", "192.168.0.0/16, 10.1.2.3/32, "
      "2001:db8::7/128, 2001:db8::/32, fe80::/64");
  fail_unless (remove_entry (s, WM_AETYPE_EXCLUDE, 1));
  assert_list (s, "access-exclude", "192.168.0.0/16, 2001:db8::7/128, "
      "2001:db8::/32, fe80::/64");
  fail_if (remove_entry (s, WM_AETYPE_EXCLUDE, 4));
  check_streaming (s, c2);

  client_free (c2);
  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

GST_START_TEST (test_access_type_enum)
{
  GstElement *s = gst_element_factory_make ("wmnetsink", NULL);
  GType type;
  GEnumClass *klass;
  GEnumValue *v;
  GSignalQuery query;

  fail_unless (s != NULL);
  /* the signals take the registered enum, whose values are WM_AETYPE's */
  g_signal_query (g_signal_lookup ("add-access-entry", G_OBJECT_TYPE (s)),
      &query);
  fail_unless_equals_int (query.n_params, 2);
  type = query.param_types[0];
  fail_unless_equals_string (g_type_name (type), "GstWmnetAccessType");
  fail_unless (G_TYPE_IS_ENUM (type));
  klass = g_type_class_ref (type);
  v = g_enum_get_value (klass, WM_AETYPE_INCLUDE);
  fail_unless (v != NULL);
  fail_unless_equals_string (v->value_nick, "include");
  v = g_enum_get_value (klass, WM_AETYPE_EXCLUDE);
  fail_unless (v != NULL);
  fail_unless_equals_string (v->value_nick, "exclude");
  g_type_class_unref (klass);

  /* the two lists are separate */
  fail_unless (add_entry (s, WM_AETYPE_INCLUDE, "10.0.0.0/8"));
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "10.1.0.0/16"));
  assert_list (s, "access-include", "10.0.0.0/8");
  assert_list (s, "access-exclude", "10.1.0.0/16");
  fail_unless (remove_entry (s, WM_AETYPE_INCLUDE, 0));
  assert_list (s, "access-include", "");
  assert_list (s, "access-exclude", "10.1.0.0/16");

  gst_object_unref (s);
}

GST_END_TEST;

GST_START_TEST (test_parse_launch_syntax)
{
  guint port;
  GstElement *p = wmnet_test_start_pipeline (SMALL_BROADCAST
      ("address=127.0.0.1 "
          "access-exclude=\"<\\\"10.0.0.0/8\\\", \\\"2001:db8::/32\\\">\" "
          "access-include=\"<\\\"127.0.0.2\\\", "
          "\\\"127.0.0.4/255.255.255.254\\\">\""), &port);
  GstElement *s = sink_of (p);
  Messages *m = messages_new (p);

  assert_list (s, "access-exclude", "10.0.0.0/8, 2001:db8::/32");
  assert_list (s, "access-include", "127.0.0.2/32, 127.0.0.4/31");
  expect_admitted (m, port, "127.0.0.2", REQ_PLAY);
  expect_admitted (m, port, "127.0.0.5", REQ_PLAY);
  expect_refused (m, port, "127.0.0.3", REQ_PLAY);

  messages_free (m);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* a real player */

static void
run_ffmpeg (const gchar * url, gint * status, gchar ** err)
{
  const gchar *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", url,
    "-t", "2", "-f", "null", "-", NULL
  };

  fail_unless (wmnet_test_run (argv, 40, status, NULL, err),
      "ffmpeg did not finish");
}

GST_START_TEST (test_ffmpeg_refused)
{
  guint port;
  GstElement *p, *s;
  gchar *mmsh, *http, *err;
  gint status;
  GstStructure *msg;

  wmnet_test_require_program ("ffmpeg");
  p = wmnet_test_start_pipeline (WMNET_TEST_LIVE_BROADCAST
      ("resolve-names=false"), &port);
  s = sink_of (p);
  mmsh = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  fail_unless (add_entry (s, WM_AETYPE_EXCLUDE, "127.0.0.1"));

  /* FFmpeg prints "mmsh://...: Server returned 403 Forbidden (access
   * denied)" and exits 1 */
  run_ffmpeg (mmsh, &status, &err);
  fail_unless (status != 0, "ffmpeg succeeded while refused");
  fail_unless (strstr (err, "403 Forbidden") != NULL, "ffmpeg said: %s", err);
  g_free (err);
  msg = wmnet_test_pop_element_message (p, "wmnetsink-client-refused", 5000);
  fail_unless (msg != NULL);
  fail_unless_equals_string (gst_structure_get_string (msg, "address"),
      "127.0.0.1");
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"),
      "access-denied");
  gst_structure_free (msg);

  run_ffmpeg (http, &status, &err);
  fail_unless (status != 0, "ffmpeg (http) succeeded while refused");
  fail_unless (strstr (err, "403 Forbidden") != NULL, "ffmpeg said: %s", err);
  g_free (err);

  /* the refusal was the list's: without the entry the same player plays */
  fail_unless (remove_entry (s, WM_AETYPE_EXCLUDE, 0));
  run_ffmpeg (mmsh, &status, &err);
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "ffmpeg: %s", err);
  g_free (err);

  g_free (mmsh);
  g_free (http);
  gst_object_unref (s);
  wmnet_test_stop_pipeline (p);
}

GST_END_TEST;

static Suite *
wmnetsink_access_suite (void)
{
  Suite *s = suite_create ("wmnetsink-access");
  TCase *tc = tcase_create ("access");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_include_only);
  tcase_add_test (tc, test_exclude_wins);
  tcase_add_test (tc, test_masks);
  tcase_add_test (tc, test_refused_request_kinds);
  tcase_add_test (tc, test_ipv6_and_mapped_peers);
  tcase_add_test (tc, test_runtime_edit_property);
  tcase_add_test (tc, test_runtime_edit_signals);
  tcase_add_test (tc, test_bad_entries_change_nothing);
  tcase_add_test (tc, test_access_type_enum);
  tcase_add_test (tc, test_parse_launch_syntax);
  tcase_add_test (tc, test_ffmpeg_refused);
  return s;
}

GST_CHECK_MAIN (wmnetsink_access);
