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
#include "wmnettestfixtures.h"
#include "wmnettestsuite.h"

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

/* element messages, kept so a test can look for one (see messages_find) */
typedef struct _Messages Messages;

/* The broadcast under test, one a test: start() starts it, stop() stops
 * it (in the test: GstCheck waits for the pipeline's threads before a
 * checked fixture's teardown). */
static GstElement *p;           /* the pipeline */
static GstElement *s;           /* its wmnetsink */
static Messages *m;             /* its element messages */
static guint port;

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
 * sends @request, a request of @kind. */
static Client *
client_open_request (const gchar * from, RequestKind kind,
    const gchar * request)
{
  const gchar *host = strchr (from, ':') ? "::1" : "127.0.0.1";
  Client *c = g_new0 (Client, 1);
  GError *error = NULL;
  GSocketAddress *local;

  c->sock = wmnet_test_connect (host, port, from, &error);
  fail_unless (c->sock != NULL, "connect from %s: %s", from,
      error ? error->message : "?");
  local = g_socket_get_local_address (c->sock, NULL);
  c->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  c->address = g_strdup (from);
  c->kind = kind;
  fail_unless (wmnet_test_send_all (c->sock, request, strlen (request)));
  return c;
}

static Client *
client_open (const gchar * from, RequestKind kind)
{
  return client_open_request (from, kind, requests[kind]);
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

struct _Messages
{
  GstElement *pipeline;
  GPtrArray *seen;
  guint next;
};

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
messages_free (Messages * msgs)
{
  g_ptr_array_unref (msgs->seen);
  g_free (msgs);
}

static gboolean
message_is_about (const GstStructure * st, const gchar * name, Client * c)
{
  guint from_port;

  return gst_structure_has_name (st, name)
      && g_strcmp0 (gst_structure_get_string (st, "address"), c->address) == 0
      && gst_structure_get_uint (st, "port", &from_port)
      && from_port == c->port;
}

/* Fails the test on an error message, naming what it waited for. */
static void
fail_on_error (GstMessage * msg, const gchar * waiting_for)
{
  GError *err = NULL;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ERROR)
    return;
  gst_message_parse_error (msg, &err, NULL);
  fail ("pipeline error while waiting for %s: %s", waiting_for, err->message);
}

/* The message @name about @c, waiting up to @timeout_ms for it (0: only
 * what is already posted). Owned by @m. */
static const GstStructure *
messages_find (const gchar * name, Client * c, guint timeout_ms)
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
    fail_on_error (msg, name);
    g_ptr_array_add (m->seen,
        gst_structure_copy (gst_message_get_structure (msg)));
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return found;
}

/* ------------------------------------------------------------------------ */
/* the element */

static void
start (const gchar * desc)
{
  p = wmnet_test_start_pipeline (desc, &port);
  s = gst_bin_get_by_name (GST_BIN (p), "s");
  m = messages_new (p);
}

static void
stop (void)
{
  g_clear_pointer (&m, messages_free);
  gst_clear_object (&s);
  if (p)
    wmnet_test_stop_pipeline (p);
  p = NULL;
}

static void
set_list (const gchar * prop, const gchar * const *entries)
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

#define SET_LIST(prop, ...) \
  set_list (prop, (const gchar * const[]) { __VA_ARGS__, NULL })

/* The list read back, joined with ", " ("" when empty). */
static gchar *
get_list (const gchar * prop)
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
assert_list (const gchar * prop, const gchar * expected)
{
  gchar *got = get_list (prop);

  fail_unless_equals_string (got, expected);
  g_free (got);
}

static gboolean
add_entry (gint type, const gchar * entry)
{
  gboolean ok = TRUE;           /* a FALSE must come from the handler */

  g_signal_emit_by_name (s, "add-access-entry", type, entry, &ok);
  return ok;
}

static gboolean
remove_entry (gint type, guint index)
{
  gboolean ok = TRUE;

  g_signal_emit_by_name (s, "remove-access-entry", type, index, &ok);
  return ok;
}

/* bytes-sent of @c in the clients property; -1 when it is not listed */
static gint64
bytes_sent (Client * c)
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
check_admitted (Client * c)
{
  gboolean eof;
  GByteArray *resp = client_read (c, c->kind == REQ_HEAD ? NULL :
      asf_header_guid, sizeof (asf_header_guid), 5000, &eof);
  gchar *status = status_line (resp);
  const GstStructure *st;

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
    st = messages_find ("wmnetsink-client-connected", c, 5000);
    fail_unless (st != NULL, "no connected message for %s:%u", c->address,
        c->port);
    fail_unless_equals_string (gst_structure_get_string (st, "protocol"),
        c->kind == REQ_PLAY ? "wmsp" : "http");
  }
  fail_if (messages_find ("wmnetsink-client-refused", c, 0) != NULL,
      "%s:%u admitted and refused", c->address, c->port);

  g_free (status);
  g_byte_array_unref (resp);
}

/* Refused: 403, not one byte of ASF, a clean close, the refused message
 * with our real source port and @reason, and never listed. */
static void
check_refused_because (Client * c, const gchar * reason)
{
  gboolean eof;
  GByteArray *resp = client_read (c, NULL, 0, 5000, &eof);
  gchar *status = status_line (resp);
  const GstStructure *st;

  fail_unless (eof, "%s from %s: connection left open", kind_names[c->kind],
      c->address);
  fail_unless (g_str_has_prefix (status, "HTTP/1.0 403 "),
      "%s from %s:%u should be refused, got '%s'", kind_names[c->kind],
      c->address, c->port, status);
  fail_if (contains (resp, asf_header_guid, sizeof (asf_header_guid)),
      "ASF header sent to a refused %s", kind_names[c->kind]);
  fail_if (contains (resp, "$H", 2), "$H sent to a refused %s",
      kind_names[c->kind]);

  st = messages_find ("wmnetsink-client-refused", c, 5000);
  fail_unless (st != NULL, "no refused message for %s:%u", c->address, c->port);
  fail_unless_equals_string (gst_structure_get_string (st, "reason"), reason);
  fail_if (messages_find ("wmnetsink-client-connected", c, 0) != NULL,
      "refused %s:%u was listed", c->address, c->port);

  g_free (status);
  g_byte_array_unref (resp);
}

static void
expect_admitted (const gchar * from, RequestKind kind)
{
  Client *c = client_open (from, kind);

  check_admitted (c);
  client_free (c);
}

static void
expect_refused_because (const gchar * from, RequestKind kind,
    const gchar * reason)
{
  Client *c = client_open (from, kind);

  check_refused_because (c, reason);
  client_free (c);
}

static void
expect_refused (const gchar * from, RequestKind kind)
{
  expect_refused_because (from, kind, "access-denied");
}

/* Still connected and still fed: data keeps arriving and bytes-sent grows. */
static void
check_streaming (Client * c)
{
  gint64 before = bytes_sent (c), after;
  gboolean eof;
  GByteArray *more;

  fail_unless (before >= 0, "%s:%u is not listed", c->address, c->port);
  more = client_read (c, NULL, 0, 1000, &eof);
  fail_if (eof, "%s:%u was disconnected", c->address, c->port);
  fail_unless (more->len > 0, "%s:%u gets no more data", c->address, c->port);
  after = bytes_sent (c);
  fail_unless (after > before, "%s:%u: bytes-sent stuck at %" G_GINT64_FORMAT,
      c->address, c->port, before);
  g_byte_array_unref (more);
}

/* Each of the clients (NULL-terminated) still streams, and they are all
 * the server lists. */
static void G_GNUC_NULL_TERMINATED
check_only_streaming (Client * c, ...)
{
  guint n = 0;
  va_list args;

  va_start (args, c);
  for (; c; c = va_arg (args, Client *), n++)
    check_streaming (c);
  va_end (args);
  fail_unless_equals_int (wmnet_test_num_clients (p), n);
}

/* Disconnected by an edit of the lists: the disconnected message with
 * @reason, then EOF on the socket. */
static void
check_kicked_because (Client * c, const gchar * reason)
{
  const GstStructure *msg;
  gboolean eof;
  GByteArray *rest;

  msg = messages_find ("wmnetsink-client-disconnected", c, 5000);
  fail_unless (msg != NULL, "%s:%u not disconnected", c->address, c->port);
  fail_unless_equals_string (gst_structure_get_string (msg, "reason"), reason);
  /* what was on its way may still arrive, then the end */
  rest = client_read (c, NULL, 0, 5000, &eof);
  fail_unless (eof, "%s:%u: socket still open", c->address, c->port);
  fail_unless (bytes_sent (c) < 0, "%s:%u still listed", c->address, c->port);
  g_byte_array_unref (rest);
}

static void
check_kicked (Client * c)
{
  check_kicked_because (c, "access-denied");
}

/* ------------------------------------------------------------------------ */
/* the rule */

/* The loopback broadcast including only 127.0.0.2 and @second (127.0.0.3,
 * as a test writes it), with a play from the one and a plain GET from the
 * other admitted. */
static void
start_included (const gchar * second, Client ** a, Client ** b)
{
  start (LOOPBACK_BROADCAST);
  SET_LIST ("access-include", "127.0.0.2", second);
  *a = client_open ("127.0.0.2", REQ_PLAY);
  check_admitted (*a);
  *b = client_open ("127.0.0.3", REQ_PLAIN);
  check_admitted (*b);
}

GST_START_TEST (test_include_only)
{
  Client *a, *b;

  start_included ("127.0.0.3/32", &a, &b);
  expect_admitted ("127.0.0.2", REQ_DESCRIBE);

  /* everyone else, 127.0.0.1 included */
  expect_refused ("127.0.0.4", REQ_PLAY);
  expect_refused ("127.0.0.4", REQ_PLAIN);
  expect_refused ("127.0.0.1", REQ_DESCRIBE);
  fail_unless_equals_int (wmnet_test_num_clients (p), 2);

  /* an empty include list admits everybody again; nobody is kicked */
  set_list ("access-include", NULL);
  assert_list ("access-include", "");
  expect_admitted ("127.0.0.4", REQ_DESCRIBE);
  check_streaming (a);
  check_streaming (b);

  client_free (a);
  client_free (b);
  stop ();
}

GST_END_TEST;

GST_START_TEST (test_exclude_wins)
{
  Client *a;

  start (LOOPBACK_BROADCAST);
  /* exclude only: everyone but the excluded */
  SET_LIST ("access-exclude", "127.0.0.3");
  expect_refused ("127.0.0.3", REQ_PLAY);
  a = client_open ("127.0.0.2", REQ_PLAY);
  check_admitted (a);
  expect_admitted ("127.0.0.4", REQ_DESCRIBE);

  /* 127.0.0.3 is in the include list too: exclude wins */
  SET_LIST ("access-include", "127.0.0.0/29", "127.0.0.3");
  expect_refused ("127.0.0.3", REQ_PLAY);
  expect_refused ("127.0.0.3", REQ_DESCRIBE);
  expect_admitted ("127.0.0.4", REQ_PLAY);
  /* outside the include list */
  expect_refused ("127.0.0.9", REQ_PLAY);
  /* the include edit kept 127.0.0.2, which it matches */
  check_streaming (a);

  client_free (a);
  stop ();
}

GST_END_TEST;

GST_START_TEST (test_masks)
{
  const gchar *admitted[] = { "127.0.0.1", "127.0.0.3", "127.0.0.8",
    "127.0.0.13", NULL
  };
  const gchar *refused[] = { "127.0.0.4", "127.0.0.7", "127.0.0.14",
    "127.0.0.15", "127.0.0.16", NULL
  };
  guint i;

  start (LOOPBACK_BROADCAST);
  /* a WMF dotted mask and a prefix with host bits (the SDK's own example
   * has them, and warn): 127.0.0.0-3 and 127.0.0.8-15, less
   * 127.0.0.14-15 */
  ASSERT_WARNING (SET_LIST ("access-include", "127.0.0.0/255.255.255.252",
          "127.0.0.9/29"));
  SET_LIST ("access-exclude", "127.0.0.14/255.255.255.254");
  assert_list ("access-include", "127.0.0.0/30, 127.0.0.8/29");
  assert_list ("access-exclude", "127.0.0.14/31");

  for (i = 0; admitted[i]; i++)
    expect_admitted (admitted[i], REQ_PLAY);
  for (i = 0; refused[i]; i++)
    expect_refused (refused[i], REQ_PLAY);
  stop ();
}

GST_END_TEST;

/* Every kind of request is checked before anything else, max-clients
 * included: a refused client reads 403, never 503, and no media byte. */
GST_START_TEST (test_refused_request_kinds)
{
  RequestKind kind;
  Client *a;

  start (SMALL_BROADCAST ("address=127.0.0.1 max-clients=1"));
  SET_LIST ("access-exclude", "127.0.0.5");
  for (kind = REQ_DESCRIBE; kind <= REQ_HEAD; kind++) {
    expect_refused ("127.0.0.5", kind);
    /* the same request from next door goes through */
    expect_admitted ("127.0.0.6", kind);
    /* gone before the next one, or max-clients would answer */
    fail_unless (wmnet_test_wait_num_clients (p, 0, 5000));
  }

  /* full: the list still speaks first */
  a = client_open ("127.0.0.6", REQ_PLAY);
  check_admitted (a);
  expect_refused ("127.0.0.5", REQ_PLAY);
  expect_refused ("127.0.0.5", REQ_DESCRIBE);
  fail_unless_equals_int (wmnet_test_num_clients (p), 1);

  client_free (a);
  stop ();
}

GST_END_TEST;

/* IPv6 entries with an IPv6 client, and IPv4 clients of the dual-stack
 * socket (::ffff:127.0.0.x) matched as IPv4: an entry of one family never
 * matches a peer of the other, and an IPv4-mapped entry is an IPv4 one. */
GST_START_TEST (test_ipv6_and_mapped_peers)
{
  Client *v6, *v4a, *v4b;

  start (DUAL_STACK_BROADCAST);
  SET_LIST ("access-include", "::1/128");
  v6 = client_open ("::1", REQ_PLAY);
  check_admitted (v6);
  /* shown and matched as 127.0.0.1, never ::ffff:127.0.0.1 */
  expect_refused ("127.0.0.1", REQ_PLAY);
  expect_refused ("127.0.0.2", REQ_DESCRIBE);

  /* IPv4 include: the ::1 client is dropped, IPv4 clients come in */
  SET_LIST ("access-include", "127.0.0.0/8");
  check_kicked (v6);
  client_free (v6);
  expect_refused ("::1", REQ_PLAY);
  v4a = client_open ("127.0.0.2", REQ_PLAY);
  check_admitted (v4a);

  /* ::/0 is every IPv6 peer but no mapped one: 127.0.0.2 stays */
  set_list ("access-include", NULL);
  SET_LIST ("access-exclude", "::/0");
  expect_refused ("::1", REQ_PLAY);
  expect_refused ("::1", REQ_DESCRIBE);
  v4b = client_open ("127.0.0.3", REQ_PLAY);
  check_admitted (v4b);
  check_streaming (v4a);

  /* 0.0.0.0/0 is every IPv4 peer, mapped ones included, and no IPv6 one */
  SET_LIST ("access-exclude", "0.0.0.0/0");
  check_kicked (v4a);
  check_kicked (v4b);
  expect_refused ("127.0.0.4", REQ_PLAY);
  v6 = client_open ("::1", REQ_PLAY);
  check_admitted (v6);

  /* an IPv4-mapped entry is the IPv4 entry it means, and reads back so */
  set_list ("access-exclude", NULL);
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "::ffff:127.0.0.5"));
  assert_list ("access-exclude", "127.0.0.5/32");
  expect_refused ("127.0.0.5", REQ_PLAY);
  expect_admitted ("127.0.0.6", REQ_PLAY);
  SET_LIST ("access-exclude", "::ffff:127.0.0.0/104");
  assert_list ("access-exclude", "127.0.0.0/8");
  expect_refused ("127.0.0.6", REQ_PLAY);
  check_streaming (v6);

  client_free (v6);
  client_free (v4a);
  client_free (v4b);
  stop ();
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* run-time edits */

/* The loopback broadcast with clients from 127.0.0.2 and .3 (plays) and .4
 * (a request of @kind4), opened at once, then each admitted. */
static void
start_three (Client ** c2, Client ** c3, Client ** c4, RequestKind kind4)
{
  start (LOOPBACK_BROADCAST);
  *c2 = client_open ("127.0.0.2", REQ_PLAY);
  *c3 = client_open ("127.0.0.3", REQ_PLAY);
  *c4 = client_open ("127.0.0.4", kind4);
  check_admitted (*c2);
  check_admitted (*c3);
  check_admitted (*c4);
}

GST_START_TEST (test_runtime_edit_property)
{
  Client *c2, *c3, *c4;

  start_three (&c2, &c3, &c4, REQ_PLAIN);

  SET_LIST ("access-exclude", "127.0.0.3");
  check_kicked (c3);
  check_only_streaming (c2, c4, NULL);
  expect_refused ("127.0.0.3", REQ_PLAY);

  SET_LIST ("access-include", "127.0.0.2");
  check_kicked (c4);
  check_only_streaming (c2, NULL);

  client_free (c2);
  client_free (c3);
  client_free (c4);
  stop ();
}

GST_END_TEST;

GST_START_TEST (test_runtime_edit_signals)
{
  Client *c2, *c3, *c4;

  start_three (&c2, &c3, &c4, REQ_PLAY);

  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "127.0.0.3"));
  check_kicked (c3);
  check_streaming (c2);
  check_streaming (c4);
  client_free (c3);
  expect_refused ("127.0.0.3", REQ_PLAY);

  /* removing the entry lets it back in */
  fail_unless (remove_entry (WM_AETYPE_EXCLUDE, 0));
  assert_list ("access-exclude", "");
  c3 = client_open ("127.0.0.3", REQ_PLAY);
  check_admitted (c3);

  /* a first include entry shuts out everyone it does not match */
  fail_unless (add_entry (WM_AETYPE_INCLUDE, "127.0.0.2/31"));
  assert_list ("access-include", "127.0.0.2/31");
  check_kicked (c4);
  check_only_streaming (c2, c3, NULL);

  client_free (c2);
  client_free (c3);
  client_free (c4);
  stop ();
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* bad entries, canonical form, the enum, gst-launch syntax */

/* A list, or its G_TYPE_STRV twin (NAME-strv, docs/design.md D80). */
static void
set_any (const gchar * prop, const gchar * const *entries)
{
  if (g_str_has_suffix (prop, "-strv"))
    g_object_set (s, prop, entries, NULL);
  else
    set_list (prop, entries);
}

/* Sets @entries, which hold the bad entry @bad, and checks that exactly one
 * g_warning naming @bad was emitted (GstCheck fails a test on any other). */
static void
set_list_expect_warning (const gchar * prop,
    const gchar * const *entries, const gchar * bad)
{
  gchar *escaped = g_regex_escape_string (bad, -1);
  gchar *pattern = g_strdup_printf ("%s: Invalid access entry '%s'", prop,
      escaped);
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter = wmnet_test_catch_warnings (pattern, caught);

  set_any (prop, entries);
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  g_ptr_array_unref (caught);
  g_free (pattern);
  g_free (escaped);
}

/* Catches into @caught (emptied first) the g_warnings saying that
 * @signal refused its arguments, until the filter is removed. */
static GstCheckLogFilter *
expect_signal_warnings (const gchar * signal, GPtrArray * caught)
{
  gchar *pattern = g_strdup_printf ("^s: %s refused: ", signal);
  GstCheckLogFilter *filter;

  g_ptr_array_set_size (caught, 0);
  filter = wmnet_test_catch_warnings (pattern, caught);
  g_free (pattern);
  return filter;
}

/* A value with a bad entry is refused whole and leaves the element closed
 * (docs/design.md, D50): the clients are disconnected and every request is
 * refused, reason access-config, until a valid list is set; what the lists
 * held reads back unchanged. The signals refuse a bad entry or index with
 * FALSE and change nothing. */
GST_START_TEST (test_bad_entries_close)
{
  const gchar *bad[] = { "bogus", "10.0.0.0/33", "127.0.0.0/255.0.255.0",
    "fe80::1%lo", "127.0.0.3/ffff::", "", "127.0.0.300", NULL
  };
  GstCheckLogFilter *filter;
  GstStructure *stats;
  guint64 n;
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  Client *c2, *c3;
  guint i;

  start_included ("127.0.0.3", &c2, &c3);

  /* one bad entry among good ones: refused whole, and closed */
  for (i = 0; bad[i]; i++) {
    const gchar *entries[] = { "127.0.0.2", bad[i], "10.0.0.0/8", NULL };

    set_list_expect_warning ("access-include", entries, bad[i]);
    assert_list ("access-include", "127.0.0.2/32, 127.0.0.3/32");
    if (i == 0) {
      check_kicked_because (c2, "access-config");
      check_kicked_because (c3, "access-config");
      fail_unless_equals_int (wmnet_test_num_clients (p), 0);
    }
    set_list_expect_warning ("access-exclude", entries, bad[i]);
    assert_list ("access-exclude", "");
  }
  client_free (c2);
  client_free (c3);
  /* included, not included, every kind of request */
  for (i = REQ_DESCRIBE; i <= REQ_HEAD; i++)
    expect_refused_because ("127.0.0.2", i, "access-config");
  expect_refused_because ("127.0.0.4", REQ_PLAIN, "access-config");
  g_object_get (s, "stats", &stats, NULL);
  fail_unless (gst_structure_get_uint64 (stats, "refused-access-config", &n));
  fail_unless_equals_uint64 (n, 5);
  fail_unless (gst_structure_get_uint64 (stats, "disconnected-access-config",
          &n));
  fail_unless_equals_uint64 (n, 2);
  gst_structure_free (stats);

  /* the signals: FALSE with a warning, nothing changed, nothing reopened */
  filter = expect_signal_warnings ("add-access-entry", caught);
  for (i = 0; bad[i]; i++) {
    fail_if (add_entry (WM_AETYPE_INCLUDE, bad[i]), "'%s' added", bad[i]);
    fail_if (add_entry (WM_AETYPE_EXCLUDE, bad[i]), "'%s' added", bad[i]);
  }
  fail_if (add_entry (WM_AETYPE_EXCLUDE, "2001:db8::/129"));
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 2 * i + 1);
  filter = expect_signal_warnings ("remove-access-entry", caught);
  fail_if (remove_entry (WM_AETYPE_INCLUDE, 2));
  fail_if (remove_entry (WM_AETYPE_EXCLUDE, 0));
  fail_if (remove_entry (WM_AETYPE_EXCLUDE, G_MAXUINT));
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 3);
  assert_list ("access-include", "127.0.0.2/32, 127.0.0.3/32");
  assert_list ("access-exclude", "");
  fail_unless (add_entry (WM_AETYPE_INCLUDE, "127.0.0.4"));
  fail_unless (remove_entry (WM_AETYPE_INCLUDE, 2));
  expect_refused_because ("127.0.0.2", REQ_PLAY, "access-config");

  /* a valid include list: the exclude list is still refused */
  SET_LIST ("access-include", "127.0.0.2");
  expect_refused_because ("127.0.0.2", REQ_PLAY, "access-config");
  /* both valid: open, by the rule */
  set_list ("access-exclude", NULL);
  c2 = client_open ("127.0.0.2", REQ_PLAY);
  check_admitted (c2);
  expect_refused ("127.0.0.3", REQ_DESCRIBE);
  check_streaming (c2);

  /* entries read back in canonical form, in order */
  /* host bits are read as the network, with a warning */
  ASSERT_WARNING (fail_unless (add_entry (WM_AETYPE_EXCLUDE,
              "192.168.1.2/255.255.0.0")));
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "10.1.2.3"));
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "2001:DB8:0:0::7"));
  ASSERT_WARNING (fail_unless (add_entry (WM_AETYPE_EXCLUDE,
              " 2001:db8::1/32 ")));
  ASSERT_WARNING (fail_unless (add_entry (WM_AETYPE_EXCLUDE,
              "fe80::1/ffff:ffff:ffff:ffff::")));
  assert_list ("access-exclude", "192.168.0.0/16, 10.1.2.3/32, "
      "2001:db8::7/128, 2001:db8::/32, fe80::/64");
  fail_unless (remove_entry (WM_AETYPE_EXCLUDE, 1));
  assert_list ("access-exclude", "192.168.0.0/16, 2001:db8::7/128, "
      "2001:db8::/32, fe80::/64");
  filter = expect_signal_warnings ("remove-access-entry", caught);
  fail_if (remove_entry (WM_AETYPE_EXCLUDE, 4));
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  check_streaming (c2);

  g_ptr_array_unref (caught);
  client_free (c2);
  stop ();
}

GST_END_TEST;

GST_START_TEST (test_access_type_enum)
{
  GType type;
  GEnumClass *klass;
  GEnumValue *v;
  GSignalQuery query;

  /* an element alone, no pipeline */
  s = gst_element_factory_make ("wmnetsink", NULL);
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
  fail_unless (add_entry (WM_AETYPE_INCLUDE, "10.0.0.0/8"));
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "10.1.0.0/16"));
  assert_list ("access-include", "10.0.0.0/8");
  assert_list ("access-exclude", "10.1.0.0/16");
  fail_unless (remove_entry (WM_AETYPE_INCLUDE, 0));
  assert_list ("access-include", "");
  assert_list ("access-exclude", "10.1.0.0/16");
  stop ();
}

GST_END_TEST;

GST_START_TEST (test_parse_launch_syntax)
{
  start (SMALL_BROADCAST ("address=127.0.0.1 "
          "access-exclude=\"<\\\"10.0.0.0/8\\\", \\\"2001:db8::/32\\\">\" "
          "access-include=\"<\\\"127.0.0.2\\\", "
          "\\\"127.0.0.4/255.255.255.254\\\">\""));
  assert_list ("access-exclude", "10.0.0.0/8, 2001:db8::/32");
  assert_list ("access-include", "127.0.0.2/32, 127.0.0.4/31");
  expect_admitted ("127.0.0.2", REQ_PLAY);
  expect_admitted ("127.0.0.5", REQ_PLAY);
  expect_refused ("127.0.0.3", REQ_PLAY);
  stop ();
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
  gchar *mmsh, *http, *err;
  gint status;

  wmnet_test_require_program ("ffmpeg");
  start (WMNET_TEST_LIVE_BROADCAST ("resolve-names=false"));
  mmsh = g_strdup_printf ("mmsh://127.0.0.1:%u/", port);
  http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "127.0.0.1"));

  /* FFmpeg prints "mmsh://...: Server returned 403 Forbidden (access
   * denied)" and exits 1 */
  run_ffmpeg (mmsh, &status, &err);
  fail_unless (status != 0, "ffmpeg succeeded while refused");
  fail_unless (strstr (err, "403 Forbidden") != NULL, "ffmpeg said: %s", err);
  g_free (err);
  wmnet_test_assert_refused (p, "127.0.0.1", "access-denied");

  run_ffmpeg (http, &status, &err);
  fail_unless (status != 0, "ffmpeg (http) succeeded while refused");
  fail_unless (strstr (err, "403 Forbidden") != NULL, "ffmpeg said: %s", err);
  g_free (err);

  /* the refusal was the list's: without the entry the same player plays */
  fail_unless (remove_entry (WM_AETYPE_EXCLUDE, 0));
  run_ffmpeg (mmsh, &status, &err);
  fail_unless_equals_int (status, 0);
  fail_unless (err[0] == '\0', "ffmpeg: %s", err);
  g_free (err);

  g_free (mmsh);
  g_free (http);
  stop ();
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* a refused value at start, trusted proxies */

/* The case: a bad entry in the gst-launch line. Before, the empty
 * list stayed and FFmpeg played; now it gets 403 (reason access-config),
 * and the bus has a warning from `s`, naming the property and the entry. */
GST_START_TEST (test_bad_list_at_start)
{
  GPtrArray *caught = g_ptr_array_new_with_free_func (g_free);
  GstCheckLogFilter *filter = wmnet_test_catch_warnings ("^s: "
      "access-exclude: Invalid access entry '10.0.0.0/33'", caught);
  GstBus *bus;
  GstMessage *warning;
  GError *err = NULL;
  gchar *http, *errs;
  gint status;

  wmnet_test_require_program ("ffmpeg");
  start (WMNET_TEST_LIVE_BROADCAST
      ("resolve-names=false access-exclude=\"<\\\"127.0.0.1\\\", "
          "\\\"10.0.0.0/33\\\">\""));
  gst_check_remove_log_filter (filter);
  fail_unless_equals_int (caught->len, 1);
  g_ptr_array_unref (caught);
  bus = gst_element_get_bus (p);
  warning = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
      GST_MESSAGE_WARNING);
  fail_unless (warning != NULL, "no warning on the bus");
  fail_unless (GST_MESSAGE_SRC (warning) == GST_OBJECT (s), "from %s",
      GST_MESSAGE_SRC_NAME (warning));
  gst_message_parse_warning (warning, &err, NULL);
  fail_unless (strstr (err->message, "access-exclude") != NULL
      && strstr (err->message, "'10.0.0.0/33'") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (warning);
  gst_object_unref (bus);

  http = g_strdup_printf ("http://127.0.0.1:%u/", port);
  run_ffmpeg (http, &status, &errs);
  fail_unless (status != 0, "ffmpeg played a closed server");
  fail_unless (strstr (errs, "403 Forbidden") != NULL, "ffmpeg said: %s", errs);
  g_free (errs);
  wmnet_test_assert_refused (p, NULL, "access-config");

  /* a plain HTTP client from an address no entry named */
  expect_refused_because ("127.0.0.2", REQ_PLAIN, "access-config");
  /* the value meant: 127.0.0.1 out, the others in */
  SET_LIST ("access-exclude", "127.0.0.1");
  expect_admitted ("127.0.0.2", REQ_PLAIN);
  expect_refused ("127.0.0.1", REQ_PLAIN);
  g_free (http);
  stop ();
}

GST_END_TEST;

#define FORWARDED_GET(xff) \
  "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n" \
  "Accept: */*\r\nX-Forwarded-For: " xff "\r\n\r\n"

/* A plain GET @request through the proxy @from: admitted, and connected
 * as @listed. */
static Client *
open_forwarded (const gchar * from, const gchar * request, const gchar * listed)
{
  Client *c = client_open_request (from, REQ_PLAIN, request);
  gboolean eof;
  GByteArray *resp = client_read (c, asf_header_guid,
      sizeof (asf_header_guid), 5000, &eof);
  gchar *status = status_line (resp);
  /* forwarded without a port: port 0 */
  Client listed_as = { NULL, REQ_PLAIN, (gchar *) listed, 0 };

  fail_unless (g_str_has_prefix (status, "HTTP/1.0 200 "), "%s", status);
  fail_unless (messages_find ("wmnetsink-client-connected", &listed_as,
          5000) != NULL, "%s not connected as %s", from, listed);
  g_free (status);
  g_byte_array_unref (resp);
  return c;
}

/* Revoking a trusted proxy gives its clients their TCP peer's address back
 * at once, and the access lists judge that (docs/design.md, D51): the
 * issue's case, trusted-proxies emptied and the proxy excluded, disconnects
 * the proxy's clients. */
GST_START_TEST (test_proxy_revoked)
{
  Client *a, *b;
  const GstStructure *props;

  start (LOOPBACK_BROADCAST);
  SET_LIST ("trusted-proxies", "127.0.0.2", "127.0.0.3");
  a = open_forwarded ("127.0.0.2", FORWARDED_GET ("192.0.2.66"), "192.0.2.66");
  b = open_forwarded ("127.0.0.3", FORWARDED_GET ("192.0.2.77"), "192.0.2.77");

  /* 127.0.0.2 no longer trusted: its client is 127.0.0.2 again (a's own
   * address and port), and says so */
  SET_LIST ("trusted-proxies", "127.0.0.3");
  props = messages_find ("wmnetsink-client-properties", a, 5000);
  fail_unless (props != NULL, "no new address posted for %s:%u", a->address,
      a->port);
  check_streaming (a);
  fail_unless_equals_int (wmnet_test_num_clients (p), 2);

  /* the steps: emptied, and the proxy excluded */
  set_list ("trusted-proxies", NULL);
  SET_LIST ("access-exclude", "127.0.0.2");
  check_kicked (a);
  /* b is 127.0.0.3 now, which nothing excludes */
  check_only_streaming (b, NULL);
  expect_refused ("127.0.0.2", REQ_PLAIN);

  client_free (a);
  client_free (b);
  stop ();
}

GST_END_TEST;

/* A refused trusted-proxies value (D51): no peer is trusted, and a request
 * with forwarding headers is refused (access-config), connected ones too,
 * as who it is for cannot be told; other requests are served as always. */
GST_START_TEST (test_bad_trusted_proxies)
{
  const gchar *bad[] = { "127.0.0.2", "bogus-entry", NULL };
  Client *a, *direct, *fwd;
  gboolean eof;
  GByteArray *resp;

  start (LOOPBACK_BROADCAST);
  SET_LIST ("trusted-proxies", "127.0.0.2");
  a = open_forwarded ("127.0.0.2", FORWARDED_GET ("192.0.2.66"), "192.0.2.66");
  direct = client_open ("127.0.0.4", REQ_PLAY);
  check_admitted (direct);

  set_list_expect_warning ("trusted-proxies", bad, "bogus-entry");
  g_free (a->address);
  a->address = g_strdup ("127.0.0.2");  /* its peer, as it leaves */
  check_kicked_because (a, "access-config");
  check_streaming (direct);

  /* forwarded from the old proxy, or from anybody: refused */
  fwd = client_open_request ("127.0.0.2", REQ_PLAIN,
      FORWARDED_GET ("192.0.2.66"));
  check_refused_because (fwd, "access-config");
  client_free (fwd);
  fwd = client_open_request ("127.0.0.5", REQ_PLAIN,
      "GET / HTTP/1.0\r\nForwarded: for=192.0.2.1\r\n\r\n");
  check_refused_because (fwd, "access-config");
  client_free (fwd);
  /* without: served, as its peer */
  expect_admitted ("127.0.0.2", REQ_PLAIN);

  /* a valid value: trusted again */
  SET_LIST ("trusted-proxies", "127.0.0.2");
  fwd = open_forwarded ("127.0.0.2", FORWARDED_GET ("192.0.2.67"),
      "192.0.2.67");
  resp = client_read (fwd, NULL, 0, 500, &eof);
  fail_if (eof);
  g_byte_array_unref (resp);

  client_free (fwd);
  client_free (direct);
  client_free (a);
  stop ();
}

GST_END_TEST;

/* A G_TYPE_STRV twin read back, joined with ", " as get_list(). */
static void
assert_strv (const gchar * prop, const gchar * expected)
{
  gchar **strv = NULL, *got;

  g_object_get (s, prop, &strv, NULL);
  fail_unless (strv != NULL, "%s read as NULL", prop);
  got = g_strjoinv (", ", strv);
  fail_unless_equals_string (got, expected);
  g_free (got);
  g_strfreev (strv);
}

static void
note_notify (GObject * obj, GParamSpec * pspec, GPtrArray * names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static gboolean
notified (GPtrArray * names, const gchar * prop)
{
  guint i;

  for (i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), prop))
      return TRUE;
  return FALSE;
}

/* the metrics path's status for 127.0.0.1 */
static gboolean
metrics_forbidden (void)
{
  GByteArray *got = NULL;
  GSocket *sock = wmnet_test_open_get (port, "127.0.0.1",
      "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 12, &got);
  gchar *status = status_line (got);
  gboolean forbidden = strstr (status, " 403") != NULL;

  fail_unless (forbidden || strstr (status, " 200") != NULL, "%s", status);
  g_free (status);
  g_byte_array_unref (got);
  g_object_unref (sock);
  return forbidden;
}

/* Each list's G_TYPE_STRV twin (docs/design.md D80) is the same list: a
 * value set in either form reads back in both and notifies both; a bad
 * entry set as a string array is refused whole, with the warning naming
 * the twin, and closes as the GstValueArray form does (D50, D51, D76):
 * the clients disconnected and requests refused, reason access-config,
 * until a valid list is set in either form. */
GST_START_TEST (test_strv_twins)
{
  /* per list: a value as GstValueArray, its canonical form, a value as a
   * string array, its canonical form; each keeps 127.0.0.2-3 admitted */
  static const gchar *const cases[][5] = {
    {"access-include", "127.0.0.2/31", "127.0.0.2/31", "127.0.0.0/29",
        "127.0.0.0/29"},
    {"access-exclude", "192.0.2.1", "192.0.2.1/32",
        "198.51.100.0/255.255.255.0", "198.51.100.0/24"},
    {"trusted-proxies", "192.0.2.2", "192.0.2.2/32", "2001:db8::/32",
        "2001:db8::/32"},
    {"metrics-access", "::1", "::1/128", "127.0.0.1", "127.0.0.1/32"},
  };
  const gchar *bad[] = { "127.0.0.2", "bogus", NULL };
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  Client *c2, *c3, *fwd;
  guint i;

  start (SMALL_BROADCAST ("address=127.0.0.1 metrics-path=/metrics"));
  SET_LIST ("access-include", "127.0.0.2", "127.0.0.3");
  c2 = client_open ("127.0.0.2", REQ_PLAY);
  check_admitted (c2);
  c3 = client_open ("127.0.0.3", REQ_PLAIN);
  check_admitted (c3);
  g_signal_connect (s, "notify", G_CALLBACK (note_notify), names);

  /* in step, either way */
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *twin = g_strconcat (cases[i][0], "-strv", NULL);
    const gchar *one[] = { cases[i][1], NULL }, *other[] = { cases[i][3],
      NULL
    };

    g_ptr_array_set_size (names, 0);
    set_list (cases[i][0], one);
    assert_strv (twin, cases[i][2]);
    fail_unless (notified (names, twin), "no notify::%s", twin);
    g_ptr_array_set_size (names, 0);
    g_object_set (s, twin, other, NULL);
    assert_list (cases[i][0], cases[i][4]);
    assert_strv (twin, cases[i][4]);
    fail_unless (notified (names, cases[i][0]), "no notify::%s", cases[i][0]);
    g_free (twin);
  }
  /* the signals' edits too */
  g_ptr_array_set_size (names, 0);
  fail_unless (add_entry (WM_AETYPE_EXCLUDE, "203.0.113.0/24"));
  assert_strv ("access-exclude-strv", "198.51.100.0/24, 203.0.113.0/24");
  fail_unless (notified (names, "access-exclude-strv"));
  g_signal_handlers_disconnect_by_func (s, note_notify, names);
  check_streaming (c2);
  check_streaming (c3);
  fail_if (metrics_forbidden ());

  /* a bad include list as a string array: refused whole, and closed */
  set_list_expect_warning ("access-include-strv", bad, "bogus");
  assert_list ("access-include", "127.0.0.0/29");
  assert_strv ("access-include-strv", "127.0.0.0/29");
  check_kicked_because (c2, "access-config");
  check_kicked_because (c3, "access-config");
  client_free (c2);
  client_free (c3);
  expect_refused_because ("127.0.0.2", REQ_PLAY, "access-config");
  /* a valid list in the other form reopens it */
  SET_LIST ("access-include", "127.0.0.2");
  expect_admitted ("127.0.0.2", REQ_PLAIN);
  /* and the other way round */
  set_list_expect_warning ("access-exclude", bad, "bogus");
  expect_refused_because ("127.0.0.2", REQ_PLAIN, "access-config");
  g_object_set (s, "access-exclude-strv", NULL, NULL);
  assert_list ("access-exclude", "");
  expect_admitted ("127.0.0.2", REQ_PLAIN);

  /* trusted-proxies-strv: no peer trusted, forwarded requests refused */
  set_list_expect_warning ("trusted-proxies-strv", bad, "bogus");
  fwd = client_open_request ("127.0.0.2", REQ_PLAIN,
      FORWARDED_GET ("192.0.2.66"));
  check_refused_because (fwd, "access-config");
  client_free (fwd);
  expect_admitted ("127.0.0.2", REQ_PLAIN);

  /* metrics-access-strv: every scrape 403 until a valid list */
  set_list_expect_warning ("metrics-access-strv", bad, "bogus");
  fail_unless (metrics_forbidden ());
  g_object_set (s, "metrics-access-strv", (const gchar *[]) {
        "127.0.0.1", NULL
      }, NULL);
  fail_if (metrics_forbidden ());

  g_ptr_array_unref (names);
  stop ();
}

GST_END_TEST;

/* A resolver whose reverse lookups wait until the test answers them, so
 * that an answer can come after the client's address changed. */
typedef struct
{
  GResolver parent;
} HeldResolver;

typedef struct
{
  GResolverClass parent_class;
} HeldResolverClass;

static GType held_resolver_get_type (void);
G_DEFINE_TYPE (HeldResolver, held_resolver, G_TYPE_RESOLVER);

static GMutex held_lock;
static GCond held_cond;
static GPtrArray *held_lookups; /* GTask*, their address as task data */

static void
held_lookup_by_address_async (GResolver * resolver, GInetAddress * address,
    GCancellable * cancellable, GAsyncReadyCallback callback,
    gpointer user_data)
{
  GTask *task = g_task_new (resolver, NULL, callback, user_data);

  g_task_set_task_data (task, g_object_ref (address), g_object_unref);
  g_mutex_lock (&held_lock);
  g_ptr_array_add (held_lookups, task);
  g_cond_broadcast (&held_cond);
  g_mutex_unlock (&held_lock);
}

static gchar *
held_lookup_by_address_finish (GResolver * resolver, GAsyncResult * result,
    GError ** error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
held_resolver_class_init (HeldResolverClass * klass)
{
  GResolverClass *rc = G_RESOLVER_CLASS (klass);

  rc->lookup_by_address_async = held_lookup_by_address_async;
  rc->lookup_by_address_finish = held_lookup_by_address_finish;
}

static void
held_resolver_init (HeldResolver * self)
{
}

/* The lookup of @address, waited for up to 5 s, answered @name. */
static void
answer_lookup (const gchar * address, const gchar * name)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GTask *task = NULL;
  guint i;

  g_mutex_lock (&held_lock);
  while (task == NULL) {
    for (i = 0; i < held_lookups->len && task == NULL; i++) {
      GTask *t = g_ptr_array_index (held_lookups, i);
      gchar *a = g_inet_address_to_string (g_task_get_task_data (t));

      if (g_str_equal (a, address))
        task = g_ptr_array_steal_index (held_lookups, i);
      g_free (a);
    }
    if (task == NULL && !g_cond_wait_until (&held_cond, &held_lock, deadline))
      break;
  }
  g_mutex_unlock (&held_lock);
  fail_unless (task != NULL, "no lookup of %s in 5 s", address);
  g_task_return_pointer (task, g_strdup (name), g_free);
  g_object_unref (task);
}

/* A name looked up for a client's forwarded address that comes after a
 * trusted-proxies change gave it another address is not its (D51): the
 * client gets the name of its new address instead. */
GST_START_TEST (test_proxy_revoked_dns_name)
{
  GResolver *old = g_resolver_get_default ();
  GResolver *held = g_object_new (held_resolver_get_type (), NULL);
  Client *a;
  GstBus *bus;
  GPtrArray *clients;
  gboolean named = FALSE;

  held_lookups = g_ptr_array_new ();
  g_resolver_set_default (held);
  start (LOOPBACK_BROADCAST " resolve-names=true");
  bus = gst_element_get_bus (p);

  SET_LIST ("trusted-proxies", "127.0.0.2");
  a = open_forwarded ("127.0.0.2", FORWARDED_GET ("192.0.2.66"), "192.0.2.66");
  /* the proxy revoked while 192.0.2.66 is being looked up */
  set_list ("trusted-proxies", NULL);
  fail_unless (messages_find ("wmnetsink-client-properties", a, 5000)
      != NULL, "no new address posted for %s:%u", a->address, a->port);
  answer_lookup ("192.0.2.66", "old.example");
  answer_lookup ("127.0.0.2", "proxy.example");

  /* the names posted, in order, up to the new one: never the old */
  while (!named) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
        GST_MESSAGE_ELEMENT);
    const GstStructure *st;
    const gchar *name;

    fail_unless (msg != NULL, "no name posted for the client in 5 s");
    st = gst_message_get_structure (msg);
    name = gst_structure_get_string (st, "dns-name");
    if (gst_structure_has_name (st, "wmnetsink-client-properties") && name) {
      fail_if (g_str_equal (name, "old.example"), "the old address's name "
          "was given to %s", gst_structure_get_string (st, "address"));
      named = g_str_equal (name, "proxy.example");
    }
    gst_message_unref (msg);
  }
  clients = wmnet_test_get_clients (p);
  fail_unless_equals_int (clients->len, 1);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (clients, 0), "dns-name"), "proxy.example");
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (clients, 0), "address"), "127.0.0.2");
  g_ptr_array_unref (clients);

  client_free (a);
  gst_object_unref (bus);
  /* stopped before the resolver is put back */
  stop ();
  g_resolver_set_default (old);
  g_object_unref (old);
  g_object_unref (held);
  fail_unless_equals_int (held_lookups->len, 0);
  g_ptr_array_unref (held_lookups);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetsink_access, 120,
    WMNET_TEST (test_include_only),
    WMNET_TEST (test_exclude_wins),
    WMNET_TEST (test_masks),
    WMNET_TEST (test_refused_request_kinds),
    WMNET_TEST (test_ipv6_and_mapped_peers),
    WMNET_TEST (test_runtime_edit_property),
    WMNET_TEST (test_runtime_edit_signals),
    WMNET_TEST (test_bad_entries_close),
    WMNET_TEST (test_access_type_enum),
    WMNET_TEST (test_parse_launch_syntax),
    WMNET_TEST (test_ffmpeg_refused),
    WMNET_TEST (test_bad_list_at_start),
    WMNET_TEST (test_proxy_revoked),
    WMNET_TEST (test_bad_trusted_proxies),
    WMNET_TEST (test_strv_twins), WMNET_TEST (test_proxy_revoked_dns_name));
