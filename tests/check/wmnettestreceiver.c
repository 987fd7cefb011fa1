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

/* wmnettestreceiver: see the header. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "wmnettestreceiver.h"
#include "wmnettestsocket.h"
#include "wmnettestutils.h"

/* bounds of every wait: the receiver's accepts and reads */
#define WAIT_S 20


static void
packet_free (WmnetTestPacket * p)
{
  g_clear_pointer (&p->payload, g_bytes_unref);
  g_free (p);
}

static void
request_free (WmnetTestRequest * r)
{
  g_free (r->request_line);
  g_hash_table_unref (r->headers);
  g_free (r->body);
  g_free (r);
}

/* @n bytes, within the bound of a wait */
static gboolean
read_exact (GSocket * s, guint8 * buf, gsize n)
{
  GByteArray *got = wmnet_test_recv (s, n, WAIT_S * 1000);
  gboolean all = got->len == n;

  memcpy (buf, got->data, got->len);
  g_byte_array_unref (got);
  return all;
}

static void
send_str (GSocket * s, const gchar * str)
{
  wmnet_test_send_all (s, str, strlen (str));
}

/* A request head (RFC 2616 5), NULL at the end of the connection. */
static WmnetTestRequest *
read_request (GSocket * s)
{
  GString *head = g_string_new (NULL);
  WmnetTestRequest *r;
  gchar **lines;
  guint i;

  while (!g_str_has_suffix (head->str, "\r\n\r\n")) {
    guint8 ch;

    if (head->len > 16384 || !read_exact (s, &ch, 1)) {
      g_string_free (head, TRUE);
      return NULL;
    }
    g_string_append_c (head, ch);
  }
  r = g_new0 (WmnetTestRequest, 1);
  r->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (head->str, "\r\n", -1);
  r->request_line = g_strdup (lines[0]);
  for (i = 1; lines[i] && lines[i][0]; i++) {
    gchar *colon = strchr (lines[i], ':');

    fail_unless (colon != NULL, "header line without colon: %s", lines[i]);
    g_hash_table_insert (r->headers,
        g_ascii_strdown (lines[i], colon - lines[i]),
        g_strdup (g_strstrip (colon + 1)));
  }
  g_strfreev (lines);
  g_string_free (head, TRUE);
  return r;
}

const gchar *
wmnet_test_request_header (WmnetTestRequest * r, const gchar * name)
{
  return g_hash_table_lookup (r->headers, name);
}

static gchar *
md5 (const gchar * s)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, s, -1);
}

/* name=value or name="value" of a Digest Authorization (RFC 2617 3.2.2) */
static gchar *
digest_param (const gchar * auth, const gchar * name)
{
  gchar *key = g_strconcat (name, "=", NULL);
  const gchar *p = auth;
  gchar *value = NULL;

  while ((p = strstr (p, key))) {
    if (p == auth || p[-1] == ' ' || p[-1] == ',') {
      p += strlen (key);
      if (*p == '"')
        value = g_strndup (p + 1, strchr (p + 1, '"') - (p + 1));
      else
        value = g_strndup (p, strcspn (p, ", "));
      break;
    }
    p++;
  }
  g_free (key);
  return value;
}

gboolean
wmnet_test_receiver_credentials_ok (WmnetTestReceiver * rc,
    WmnetTestRequest * r)
{
  const gchar *auth = wmnet_test_request_header (r, "authorization");
  gboolean ok = FALSE;

  if (rc->auth == WMNET_TEST_AUTH_NONE)
    return TRUE;
  if (auth == NULL)
    return FALSE;
  if (rc->auth == WMNET_TEST_AUTH_BASIC) {
    gchar *plain = g_strdup_printf ("%s:%s", WMNET_TEST_RECEIVER_USER,
        WMNET_TEST_RECEIVER_PASSWORD);
    gchar *b64 = g_base64_encode ((const guchar *) plain, strlen (plain));
    gchar *want = g_strconcat ("Basic ", b64, NULL);

    ok = g_strcmp0 (auth, want) == 0;
    g_free (want);
    g_free (b64);
    g_free (plain);
  } else if (g_str_has_prefix (auth, "Digest ")) {
    enum
    { USERNAME, URI, NC, CNONCE, QOP, RESPONSE, N };
    static const gchar *const names[N] = { "username", "uri", "nc",
      "cnonce", "qop", "response"
    };
    gchar *v[N], *ha1, *ha2, *all, *want;
    guint i;

    for (i = 0; i < N; i++)
      v[i] = digest_param (auth, names[i]);
    all =
        g_strdup_printf ("%s:%s:%s", WMNET_TEST_RECEIVER_USER,
        WMNET_TEST_RECEIVER_REALM, WMNET_TEST_RECEIVER_PASSWORD);
    ha1 = md5 (all);
    g_free (all);
    all = g_strdup_printf ("POST:%s", v[URI] ? v[URI] : "");
    ha2 = md5 (all);
    g_free (all);
    all = g_strdup_printf ("%s:%s:%s:%s:%s:%s", ha1, WMNET_TEST_RECEIVER_NONCE,
        v[NC] ? v[NC] : "", v[CNONCE] ? v[CNONCE] : "", v[QOP] ? v[QOP] : "",
        ha2);
    want = md5 (all);
    ok = g_strcmp0 (v[USERNAME], WMNET_TEST_RECEIVER_USER) == 0
        && g_strcmp0 (v[RESPONSE], want) == 0;
    g_free (want);
    g_free (all);
    g_free (ha1);
    g_free (ha2);
    for (i = 0; i < N; i++)
      g_free (v[i]);
  }
  return ok;
}

static void
add_request (WmnetTestReceiver * rc, WmnetTestRequest * r)
{
  g_mutex_lock (&rc->lock);
  g_ptr_array_add (rc->requests, r);
  g_mutex_unlock (&rc->lock);
}

/* A 401 with the receiver's challenge; the connection is closed after. */
static void
send_challenge (WmnetTestReceiver * rc, GSocket * s)
{
  if (rc->auth == WMNET_TEST_AUTH_BASIC)
    send_str (s, "HTTP/1.1 401 Unauthorized\r\n"
        "Server: Cougar/9.01.01.3814\r\n"
        "WWW-Authenticate: Basic realm=\"" WMNET_TEST_RECEIVER_REALM "\"\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n");
  else
    send_str (s, "HTTP/1.1 401 Unauthorized\r\n"
        "Server: Cougar/9.01.01.3814\r\n"
        "WWW-Authenticate: Digest realm=\"" WMNET_TEST_RECEIVER_REALM
        "\", nonce=\"" WMNET_TEST_RECEIVER_NONCE
        "\", qop=\"auth\", algorithm=MD5\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n");
}

/* PushSetup (3.2.5.1): FALSE when the connection is to be closed. */
static gboolean
answer_setup (WmnetTestReceiver * rc, GSocket * s, WmnetTestRequest * r)
{
  const gchar *len = wmnet_test_request_header (r, "content-length");
  gsize n = len ? g_ascii_strtoull (len, NULL, 10) : 0;
  gchar *answer;

  fail_unless (len != NULL, "PushSetup has no Content-Length (2.2.2.1)");
  fail_unless (n < 4096);
  r->body = g_malloc0 (n + 1);
  if (!read_exact (s, (guint8 *) r->body, n))
    return FALSE;
  if (rc->refuse_status) {
    r->status = rc->refuse_status;
    answer = g_strdup_printf ("HTTP/1.1 %u Refused Here\r\n"
        "Server: Cougar/9.01.01.3814\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n", rc->refuse_status);
    send_str (s, answer);
    g_free (answer);
    return FALSE;
  }
  if (!wmnet_test_receiver_credentials_ok (rc, r)) {
    r->status = 401;
    send_challenge (rc, s);
    return FALSE;
  }
  r->status = 204;
  g_mutex_lock (&rc->lock);
  rc->setups++;
  answer = g_strdup_printf ("HTTP/1.1 204 No Content\r\n"
      "Server: Cougar/9.01.01.3814\r\nCache-Control: no-cache\r\n"
      "Pragma: no-cache, timeout=60000\r\nSet-Cookie: push-id=77%u\r\n"
      "Content-Length: 0\r\n\r\n", rc->setups);
  g_mutex_unlock (&rc->lock);
  send_str (s, answer);
  g_free (answer);
  return TRUE;
}

/* A body of known length read whole: the Nth answer (3.2.5.2.1); FALSE
 * when the connection is to be closed after it. */
static gboolean
answer_body (WmnetTestReceiver * rc, GSocket * s)
{
  const gchar *answer;
  guint n = 0;

  g_mutex_lock (&rc->lock);
  while (rc->body_answers[n + 1] && n < rc->bodies)
    n++;
  answer = rc->body_answers[n];
  rc->bodies++;
  g_cond_broadcast (&rc->cond);
  g_mutex_unlock (&rc->lock);
  send_str (s, answer);
  return !strstr (answer, "Connection: close")
      && g_str_has_prefix (answer, "HTTP/1.1 2");
}

/* PushStart @r's body (2.2.2.2, 2.2.3): packets until $E(S_OK) or the
 * end, or with body_answers until its Content-Length, answered; TRUE when
 * the connection goes on with the next request. */
static gboolean
read_body (WmnetTestReceiver * rc, GSocket * s, gboolean first,
    WmnetTestRequest * r)
{
  GPtrArray *packets = g_ptr_array_new_with_free_func ((GDestroyNotify)
      packet_free);
  gint data = 0;
  const gchar *length = wmnet_test_request_header (r, "content-length");
  guint64 left = length ? g_ascii_strtoull (length, NULL, 10) : 0;

  g_mutex_lock (&rc->lock);
  g_ptr_array_add (rc->sessions, packets);
  g_mutex_unlock (&rc->lock);
  for (;;) {
    guint8 frame[4];
    guint16 len;
    guint8 *payload;
    WmnetTestPacket *p;

    if (first && rc->close_after >= 0 && data == rc->close_after) {
      g_mutex_lock (&rc->lock);
      rc->closed_first = TRUE;
      g_cond_broadcast (&rc->cond);
      g_mutex_unlock (&rc->lock);
      return FALSE;
    }
    if (rc->body_answers && left == 0)
      return answer_body (rc, s);
    if (!read_exact (s, frame, 4))
      return FALSE;
    /* Framing header: B 0 and '$' (2.2.3.1.1) */
    fail_unless_equals_int (frame[0], '$');
    len = frame[2] | frame[3] << 8;
    /* a packet inside the body's Content-Length (2.2.3.5) */
    fail_unless (rc->body_answers == NULL || 4 + (guint64) len <= left,
        "a $%c of %u bytes where %" G_GUINT64_FORMAT " are left", frame[1],
        len, left);
    left -= 4 + len;
    payload = g_malloc (len);
    fail_unless (read_exact (s, payload, len), "packet cut");
    p = g_new0 (WmnetTestPacket, 1);
    p->type = frame[1];
    switch (p->type) {
      case 'H':
      case 'D':
        p->payload = g_bytes_new_take (payload, len);
        data += p->type == 'D';
        break;
      case 'C':
        fail_unless (len > 4);
        p->reason = GUINT32_FROM_LE (*(guint32 *) payload);
        p->payload = g_bytes_new (payload + 4, len - 4);
        g_free (payload);
        break;
      case 'E':
        fail_unless_equals_int (len, 4);
        p->reason = GUINT32_FROM_LE (*(guint32 *) payload);
        g_free (payload);
        break;
      case 'F':
        fail_unless (rc->body_answers != NULL, "$F in an endless body");
        g_free (payload);
        break;
      default:
        fail ("packet type %c (0x%02x) is none of 2.2.3", p->type, p->type);
    }
    g_mutex_lock (&rc->lock);
    g_ptr_array_add (packets, p);
    if (p->type == 'E' && p->reason == 0)
      rc->done = TRUE;
    g_cond_broadcast (&rc->cond);
    g_mutex_unlock (&rc->lock);
    if (p->type == 'E' && p->reason == 0)
      return FALSE;
  }
}

static gpointer
receiver_thread (gpointer data)
{
  WmnetTestReceiver *rc = data;
  gboolean first = TRUE;

  while (!rc->done) {
    GSocket *s = g_socket_accept (rc->listener, NULL, NULL);
    WmnetTestRequest *r;

    if (s == NULL)
      break;
    g_socket_set_timeout (s, WAIT_S);
    while ((r = read_request (s))) {
      const gchar *type = wmnet_test_request_header (r, "content-type");

      add_request (rc, r);
      if (g_strcmp0 (type, "application/x-wms-pushsetup") == 0) {
        if (!answer_setup (rc, s, r))
          break;
      } else if (first && rc->close_after == WMNET_TEST_RECEIVER_START_401
          && g_strcmp0 (type, "application/x-wms-pushstart") == 0) {
        /* at once, on the head (3.2.5.2), with a new challenge */
        r->status = 401;
        send_challenge (rc, s);
        g_mutex_lock (&rc->lock);
        rc->closed_first = TRUE;
        g_cond_broadcast (&rc->cond);
        g_mutex_unlock (&rc->lock);
        first = FALSE;
        break;
      } else if (g_strcmp0 (type, "application/x-wms-pushstart") == 0) {
        gboolean more = read_body (rc, s, first, r);

        first = FALSE;
        if (!more)
          break;
      } else {
        fail ("a request of type %s", type);
      }
    }
    g_socket_close (s, NULL);
    g_object_unref (s);
  }
  return NULL;
}

static WmnetTestReceiver *
receiver_init (WmnetTestReceiver * rc, WmnetTestAuth auth,
    guint refuse_status, gint close_after)
{
  rc->auth = auth;
  rc->refuse_status = refuse_status;
  rc->close_after = close_after;
  g_mutex_init (&rc->lock);
  g_cond_init (&rc->cond);
  rc->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)
      request_free);
  rc->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_ptr_array_unref);
  rc->listener = wmnet_test_listen_loopback (&rc->port);
  g_socket_set_timeout (rc->listener, WAIT_S);
  rc->thread = g_thread_new ("receiver", receiver_thread, rc);
  return rc;
}

WmnetTestReceiver *
wmnet_test_receiver_start (WmnetTestAuth auth, guint refuse_status,
    gint close_after)
{
  return receiver_init (g_new0 (WmnetTestReceiver, 1), auth, refuse_status,
      close_after);
}

WmnetTestReceiver *
wmnet_test_receiver_start_bodies (const gchar * const *answers)
{
  WmnetTestReceiver *rc = g_new0 (WmnetTestReceiver, 1);

  /* set before the thread reads it */
  rc->body_answers = answers;
  return receiver_init (rc, WMNET_TEST_AUTH_NONE, 0, -1);
}

void
wmnet_test_receiver_free (WmnetTestReceiver * rc)
{
  g_socket_shutdown (rc->listener, TRUE, TRUE, NULL);
  g_socket_close (rc->listener, NULL);
  g_thread_join (rc->thread);
  g_object_unref (rc->listener);
  g_ptr_array_unref (rc->requests);
  g_ptr_array_unref (rc->sessions);
  g_mutex_clear (&rc->lock);
  g_cond_clear (&rc->cond);
  g_free (rc);
}

/* Waits, bounded, for @flag of the receiver (closed_first, done); returns
 * with the receiver's lock held. */
void
wmnet_test_receiver_wait_locked (WmnetTestReceiver * rc, gboolean * flag,
    const gchar * what)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;

  g_mutex_lock (&rc->lock);
  while (!*flag && g_cond_wait_until (&rc->cond, &rc->lock, end));
  fail_unless (*flag, "the receiver never %s", what);
}


/* Waits, bounded, until the last session has its $H and @n $D. */
void
wmnet_test_receiver_wait_data (WmnetTestReceiver * rc, guint n)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;
  guint got = 0;
  gboolean header = FALSE;

  g_mutex_lock (&rc->lock);
  do {
    GPtrArray *packets;
    guint i;

    if (rc->sessions->len == 0)
      continue;
    packets = g_ptr_array_index (rc->sessions, rc->sessions->len - 1);
    header = packets->len > 0
        && ((WmnetTestPacket *) g_ptr_array_index (packets, 0))->type == 'H';
    for (got = 0, i = 0; i < packets->len; i++)
      got += ((WmnetTestPacket *) g_ptr_array_index (packets, i))->type == 'D';
  } while ((!header || got < n)
      && g_cond_wait_until (&rc->cond, &rc->lock, end));
  g_mutex_unlock (&rc->lock);
  fail_unless (header, "the receiver got no $H first");
  fail_unless (got >= n, "the receiver got %u $D of %u", got, n);
}
