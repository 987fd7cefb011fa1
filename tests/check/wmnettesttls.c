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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "wmnettestsocket.h"
#include "wmnettesttls.h"
#include "wmnettestutils.h"

#define OPENSSL_TIMEOUT 60
#define NGINX_TIMEOUT 20
#define MAX_LISTENERS 4

static void
openssl (const gchar * const *argv)
{
  gchar *out = wmnet_test_run_ok (argv, OPENSSL_TIMEOUT, NULL);

  g_free (out);
}

void
wmnet_test_tls_make_certs (const gchar * dir, const gchar * const *names,
    const gchar * const *hosts)
{
  gchar *ca_key = g_build_filename (dir, "ca.key", NULL);
  gchar *ca = g_build_filename (dir, "ca.pem", NULL);
  const gchar *ca_argv[] = { "openssl", "req", "-x509", "-newkey", "ec",
    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=wmnet test CA", "-addext",
    "basicConstraints=critical,CA:TRUE", "-addext",
    "keyUsage=critical,keyCertSign,cRLSign", "-keyout", ca_key, "-out", ca,
    NULL
  };
  guint i;

  openssl (ca_argv);
  for (i = 0; names[i]; i++) {
    GInetAddress *ip = g_inet_address_new_from_string (hosts[i]);
    gchar *key = g_strdup_printf ("%s/%s.key", dir, names[i]);
    gchar *csr = g_strdup_printf ("%s/%s.csr", dir, names[i]);
    gchar *pem = g_strdup_printf ("%s/%s.pem", dir, names[i]);
    gchar *ext = g_strdup_printf ("%s/%s.ext", dir, names[i]);
    gchar *subj = g_strdup_printf ("/CN=%s", hosts[i]);
    gchar *serial = g_strdup_printf ("%u", i + 2);
    gchar *ext_text = g_strdup_printf ("subjectAltName=%s:%s\n"
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        ip ? "IP" : "DNS", hosts[i]);
    const gchar *req_argv[] = { "openssl", "req", "-new", "-newkey", "ec",
      "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subj,
      "-keyout", key, "-out", csr, NULL
    };
    const gchar *sign_argv[] = { "openssl", "x509", "-req", "-in", csr,
      "-CA", ca, "-CAkey", ca_key, "-set_serial", serial, "-days", "1",
      "-extfile", ext, "-out", pem, NULL
    };

    fail_unless (g_file_set_contents (ext, ext_text, -1, NULL));
    openssl (req_argv);
    openssl (sign_argv);
    g_clear_object (&ip);
    g_free (key);
    g_free (csr);
    g_free (pem);
    g_free (ext);
    g_free (subj);
    g_free (serial);
    g_free (ext_text);
  }
  g_free (ca_key);
  g_free (ca);
}

/* ---- nginx -------------------------------------------------------------- */

struct _WmnetTestNginx
{
  GSubprocess *proc;
  gchar *error_log;
  guint ports[MAX_LISTENERS];
  guint n_ports;
};

static guint
free_port (void)
{
  guint port;
  GSocket *s = wmnet_test_listen_loopback (&port);

  g_object_unref (s);
  return port;
}

/* The configuration: the proxy settings of docs/scale-out.md that a
 * never-ending answer needs (no buffering, HTTP/1.0 upstream, no
 * chunking, long timeouts). */
static gchar *
nginx_conf (const gchar * dir, guint upstream, const gchar * const *names,
    const guint * ports)
{
  GString *c = g_string_new (NULL);
  guint i;

  /* as root, nginx switches its workers to a user: stay root */
  if (geteuid () == 0)
    g_string_append (c, "user root root;\n");
  g_string_append_printf (c, "daemon off;\nmaster_process on;\n"
      "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log info;\n"
      "events { worker_connections 64; }\nhttp {\n"
      "  client_body_temp_path %s/client_body;\n"
      "  proxy_temp_path %s/proxy;\n  fastcgi_temp_path %s/fastcgi;\n"
      "  uwsgi_temp_path %s/uwsgi;\n  scgi_temp_path %s/scgi;\n"
      "  access_log %s/access.log;\n", dir, dir, dir, dir, dir, dir, dir, dir);
  for (i = 0; names[i]; i++)
    g_string_append_printf (c, "  server {\n"
        "    listen 127.0.0.1:%u ssl;\n"
        "    ssl_certificate %s/%s.pem;\n"
        "    ssl_certificate_key %s/%s.key;\n"
        "    location / {\n"
        "      proxy_pass http://127.0.0.1:%u;\n"
        "      proxy_buffering off;\n      proxy_request_buffering off;\n"
        "      proxy_http_version 1.0;\n      chunked_transfer_encoding off;\n"
        "      proxy_read_timeout 1h;\n      send_timeout 1h;\n"
        "    }\n  }\n", ports[i], dir, names[i], dir, names[i], upstream);
  g_string_append (c, "}\n");
  return g_string_free (c, FALSE);
}

/* Every listener accepts, or nginx has exited. */
static gboolean
nginx_ready (gpointer data)
{
  WmnetTestNginx *n = data;
  guint i;

  /* no identifier: it has exited */
  if (g_subprocess_get_identifier (n->proc) == NULL)
    return TRUE;
  for (i = 0; i < n->n_ports; i++) {
    GSocketClient *client = g_socket_client_new ();
    GSocketConnection *conn = g_socket_client_connect_to_host (client,
        "127.0.0.1", n->ports[i], NULL, NULL);

    g_object_unref (client);
    if (conn == NULL)
      return FALSE;
    g_object_unref (conn);
  }
  return TRUE;
}

static const gchar *
nginx_program (void)
{
  static gchar *path;

  if (path == NULL)
    path = g_find_program_in_path ("nginx");
  if (path == NULL
      && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/nginx");
  fail_unless (path != NULL, "nginx is missing: apt-get install nginx "
      "(scripts/install-deps.sh)");
  return path;
}

WmnetTestNginx *
wmnet_test_nginx_start (const gchar * dir, guint upstream,
    const gchar * const *names)
{
  WmnetTestNginx *n = g_new0 (WmnetTestNginx, 1);
  gchar *conf_path = g_build_filename (dir, "nginx.conf", NULL);
  guint attempt, i;

  n->error_log = g_build_filename (dir, "error.log", NULL);
  n->n_ports = g_strv_length ((gchar **) names);
  fail_unless (n->n_ports > 0 && n->n_ports <= MAX_LISTENERS);
  for (attempt = 0; attempt < 3; attempt++) {
    const gchar *argv[] = { nginx_program (), "-p", dir, "-c", conf_path,
      "-e", n->error_log, NULL
    };
    gchar *conf, *log = NULL;

    for (i = 0; i < n->n_ports; i++)
      n->ports[i] = free_port ();
    conf = nginx_conf (dir, upstream, names, n->ports);
    fail_unless (g_file_set_contents (conf_path, conf, -1, NULL));
    g_free (conf);
    n->proc = wmnet_test_spawn (argv);
    fail_unless (wmnet_test_wait_until (nginx_ready, n, NGINX_TIMEOUT * 1000),
        "nginx does not listen after %u s", NGINX_TIMEOUT);
    if (g_subprocess_get_identifier (n->proc) != NULL)
      break;
    g_file_get_contents (n->error_log, &log, NULL, NULL);
    fail_unless (log && strstr (log, "Address already in use"),
        "nginx did not start: %s", GST_STR_NULL (log));
    g_free (log);
    g_clear_object (&n->proc);
  }
  fail_unless (n->proc != NULL, "nginx found no free port in 3 attempts");
  g_free (conf_path);
  return n;
}

guint
wmnet_test_nginx_port (WmnetTestNginx * n, guint i)
{
  fail_unless (i < n->n_ports);
  return n->ports[i];
}

void
wmnet_test_nginx_stop (WmnetTestNginx * n)
{
  g_subprocess_send_signal (n->proc, SIGTERM);
  if (!wmnet_test_wait (n->proc, NGINX_TIMEOUT, NULL, NULL, NULL)) {
    g_subprocess_force_exit (n->proc);
    fail ("nginx did not stop within %u s", NGINX_TIMEOUT);
  }
  g_object_unref (n->proc);
  g_free (n->error_log);
  g_free (n);
}
