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


/* Issue 26: an encoder that crashes and is started again. The pusher (a
 * gst-launch-1.0 of wmnetpushsink in a process of its own) is killed with
 * SIGKILL: the kernel closes its connection, wmnetpushsrc reads the end at
 * once ("closed"), and the next pusher's new session (PushSetup push-id=0)
 * is taken, not refused until the Idle-Timeout. A player connected to the
 * wmnetserversink downstream all along gets the header change ($C, the
 * new encoder's $H: [MS-WMSP] 2.2.3) and data packets again without
 * reconnecting. Every wait is on the bus or the player's socket. A pusher
 * whose connection dies without a close is detected by TCP keepalive
 * (D72): the source's end of the connection has the keepalive timer
 * armed, at most 10 s ahead. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestfixtures.h"
#include "wmnettestpush.h"
#include "wmnettestsuite.h"
#include "wmnettestutils.h"

/* Windows Media Player's play request, the whole broadcast */
#define PLAY "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n" \
  "User-Agent: NSPlayer/7.10.0.3059\r\nPragma: xPlayStrm=1\r\n" \
  "Connection: Close\r\n\r\n"

/* A pusher process: gst-launch-1.0 of WMNET_TEST_PUSH_ENCODER to
 * http://127.0.0.1:@port/ */
static GSubprocess *
spawn_encoder (guint port, guint width)
{
  gchar *desc = g_strdup_printf (WMNET_TEST_PUSH_ENCODER, width,
      width * 9 / 11, port, "/");
  gchar **args = g_strsplit (desc, " ", -1);
  GPtrArray *argv = g_ptr_array_new ();
  GSubprocess *proc;
  guint i;

  wmnet_test_require_program ("gst-launch-1.0");
  g_ptr_array_add (argv, (gpointer) "gst-launch-1.0");
  g_ptr_array_add (argv, (gpointer) "-q");
  for (i = 0; args[i]; i++)
    g_ptr_array_add (argv, args[i]);
  g_ptr_array_add (argv, NULL);
  proc = wmnet_test_spawn ((const gchar * const *) argv->pdata);
  g_ptr_array_unref (argv);
  g_strfreev (args);
  g_free (desc);
  return proc;
}

/* The player's side of MS-WMSP: the answer's head, then framed packets
 * ($, the type, a 16-bit little-endian length, [MS-WMSP] 2.2.3.1) */
typedef struct
{
  GSocket *sock;
  GByteArray *buf;
  gboolean in_body;
} Player;

/* The type of the player's next packet ('H', 'D', 'C', 'E', ...), read
 * within the deadline @until (monotonic µs); 0 when none came or the
 * framing broke. */
static gchar
next_packet (Player * pl, gint64 until)
{
  for (;;) {
    gchar chunk[16384];
    gssize n;

    if (!pl->in_body) {
      gssize end = -1;
      guint i;

      for (i = 0; i + 4 <= pl->buf->len && end < 0; i++)
        if (memcmp (pl->buf->data + i, "\r\n\r\n", 4) == 0)
          end = i + 4;
      if (end >= 0) {
        fail_unless (g_str_has_prefix ((gchar *) pl->buf->data,
                "HTTP/1.0 200") || g_str_has_prefix ((gchar *) pl->buf->data,
                "HTTP/1.1 200"));
        g_byte_array_remove_range (pl->buf, 0, end);
        pl->in_body = TRUE;
      }
    }
    if (pl->in_body && pl->buf->len >= 4) {
      guint len = GST_READ_UINT16_LE (pl->buf->data + 2);
      gchar type = pl->buf->data[1];

      if (pl->buf->data[0] != '$')
        return 0;
      if (pl->buf->len >= 4 + len) {
        g_byte_array_remove_range (pl->buf, 0, 4 + len);
        return type;
      }
    }
    if (g_get_monotonic_time () >= until)
      return 0;
    if (!g_socket_condition_timed_wait (pl->sock, G_IO_IN, until
            - g_get_monotonic_time (), NULL, NULL))
      return 0;
    n = g_socket_receive (pl->sock, chunk, sizeof (chunk), NULL, NULL);
    if (n <= 0)
      return 0;
    g_byte_array_append (pl->buf, (guint8 *) chunk, n);
  }
}

/* Reads, within @timeout_s, up to a packet of @type; FALSE if none came. */
static gboolean
read_to (Player * pl, gchar type, guint timeout_s)
{
  gint64 until = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  gchar got;

  do {
    got = next_packet (pl, until);
  } while (got != 0 && got != type);
  return got == type;
}

/* The keepalive timer of the IPv4 loopback connection from @remote to
 * @local (/proc/net/tcp: its "tr" 2, "tm->when" in clock ticks): TRUE when
 * it is armed to fire within @within_s. */
static gboolean
keepalive_armed (guint local, guint remote, guint within_s)
{
  gchar *text = NULL, **lines;
  gboolean ret = FALSE, found = FALSE;
  guint i;

  fail_unless (g_file_get_contents ("/proc/net/tcp", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (i = 1; lines[i]; i++) {
    guint lport, rport, state, timer;
    gulong when;

    if (sscanf (lines[i], " %*u: %*x:%x %*x:%x %x %*x:%*x %x:%lx", &lport,
            &rport, &state, &timer, &when) == 5 && lport == local
        && rport == remote) {
      found = TRUE;
      ret = timer == 2 && when <= within_s * (gulong) sysconf (_SC_CLK_TCK);
      GST_INFO ("%u <- %u: timer %u in %lu ticks", local, remote, timer, when);
    }
  }
  fail_unless (found, "no connection from %u to %u", remote, local);
  g_strfreev (lines);
  g_free (text);
  return ret;
}

GST_START_TEST (test_killed_encoder)
{
  GstElement *origin, *src;
  GstBus *bus;
  GSubprocess *encoder;
  GstStructure *st;
  Player pl = { NULL, NULL, FALSE };
  guint port = 0, pusher_port = 0, wait_s = 4 * WMNET_TEST_PUSH_WAIT_S;
  gint push_port = -1;
  guint i;
  gchar *reason;

  origin = wmnet_test_start_pipeline ("wmnetpushsrc name=src "
      "address=127.0.0.1 port=0 ! wmnetserversink name=s port=0 "
      "address=127.0.0.1", &port);
  src = gst_bin_get_by_name (GST_BIN (origin), "src");
  g_object_get (src, "current-port", &push_port, NULL);
  bus = gst_element_get_bus (origin);
  encoder = spawn_encoder (push_port, 176);
  st = wmnet_test_push_wait_message (bus, "wmnetpushsrc-pusher-connected");
  fail_unless (gst_structure_get_uint (st, "port", &pusher_port));
  gst_structure_free (st);
  fail_unless (keepalive_armed (push_port, pusher_port, 10),
      "no TCP keepalive on the pusher's connection");

  pl.sock = wmnet_test_connect ("127.0.0.1", port, NULL, NULL);
  fail_unless (pl.sock != NULL);
  fail_unless (wmnet_test_send_all (pl.sock, PLAY, strlen (PLAY)));
  pl.buf = g_byte_array_new ();
  fail_unless (read_to (&pl, 'H', wait_s), "no header");
  fail_unless (read_to (&pl, 'D', wait_s), "no data");

  /* twice: the second restart's pusher comes from a session the first
   * restart made */
  for (i = 0; i < 2; i++) {
    g_subprocess_force_exit (encoder);
    fail_unless (g_subprocess_wait (encoder, NULL, NULL));
    g_object_unref (encoder);
    st = wmnet_test_push_wait_message (bus, "wmnetpushsrc-pusher-disconnected");
    reason = g_strdup (gst_structure_get_string (st, "reason"));
    gst_structure_free (st);
    fail_unless_equals_string (reason, "closed");
    g_free (reason);

    encoder = spawn_encoder (push_port, i == 0 ? 320 : 176);
    wmnet_test_push_expect_message (bus, "wmnetpushsrc-pusher-connected", NULL);
    fail_unless (read_to (&pl, 'C', wait_s), "no header change");
    fail_unless (read_to (&pl, 'H', wait_s), "no new header");
    fail_unless (read_to (&pl, 'D', wait_s), "no data after the restart");
  }
  fail_unless_equals_int (wmnet_test_get_stat (origin, "header-changes"), 2);

  g_subprocess_force_exit (encoder);
  fail_unless (g_subprocess_wait (encoder, NULL, NULL));
  g_object_unref (encoder);
  g_byte_array_unref (pl.buf);
  g_object_unref (pl.sock);
  gst_object_unref (bus);
  gst_object_unref (src);
  wmnet_test_stop_pipeline (origin);
}

GST_END_TEST;

WMNET_TEST_MAIN (wmnetpushsrc_restart, 120, WMNET_TEST (test_killed_encoder));
