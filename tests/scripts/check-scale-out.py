#!/usr/bin/env python3
# gst-wmnet
# Copyright (C) 2026 the gst-wmnet developers
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, see <https://www.gnu.org/licenses/>.
"""docs/scale-out.md, run: a wmnetsink origin behind nginx, played with
FFmpeg through the proxy over HTTP and HTTPS (TLS ending in nginx, a
self-signed certificate), with the origin trusting the proxy's
X-Forwarded-For: an excluded player is refused through it.

    check-scale-out.py docs/scale-out.md

The nginx block is taken from the page itself, so the documented
configuration is the tested one. Everything listens on 127.0.0.1: the origin
on port 0, nginx on a port found free at run time. nginx runs in the
foreground from a temporary prefix, with its pid, logs and temporary files
there.
"""

import getpass
import grp
import os
import re
import shutil
import socket
import sys
import tempfile
import time

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import (Proc, check, fail, free_port, log, recv_until,  # noqa: E402
                       require, run, wait_listening)

ORIGIN = (
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=25/1 ! "
    "avenc_wmv2 bitrate=400000 gop-size=50 ! queue ! "
    "wmnetsink name=s port=0 address=127.0.0.1 max-clients=0 "
    "trusted-proxies=<127.0.0.1> access-exclude=<127.0.0.2> "
    "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! "
    "audioconvert ! avenc_wmav2 ! queue ! s.")

# what the test replaces in the documented block; each must occur once
ORIGIN_LINE = "server 127.0.0.1:8080;"
LISTEN_LINE = "listen 80;"
LOG_LINE = "access_log /var/log/nginx/wmnet-access.log;"
TLS_LINE = "listen 443 ssl;"
CERT_LINE = "ssl_certificate     /etc/ssl/wmnet/fullchain.pem;"
KEY_LINE = "ssl_certificate_key /etc/ssl/wmnet/privkey.pem;"
ANCHORS = (ORIGIN_LINE, LISTEN_LINE, LOG_LINE, TLS_LINE, CERT_LINE, KEY_LINE)


def documented_block(md_path):
    with open(md_path, encoding="utf-8") as f:
        blocks = re.findall(r"^```nginx\n(.*?)^```", f.read(), re.S | re.M)
    check(len(blocks) == 1, "%s: expected one ```nginx block, found %d"
          % (md_path, len(blocks)))
    for anchor in ANCHORS:
        check(blocks[0].count(anchor) == 1,
              "%s: the nginx block must contain %r once" % (md_path, anchor))
    return blocks[0]


def nginx_conf(tmp, block, origin_port, port, tls_port):
    block = (block.replace(ORIGIN_LINE, "server 127.0.0.1:%d;" % origin_port)
             .replace(LISTEN_LINE, "listen 127.0.0.1:%d;" % port)
             .replace(TLS_LINE, "listen 127.0.0.1:%d ssl;" % tls_port)
             .replace(CERT_LINE, "ssl_certificate %s/cert.pem;" % tmp)
             .replace(KEY_LINE, "ssl_certificate_key %s/key.pem;" % tmp)
             .replace(LOG_LINE, "access_log %s/access.log;" % tmp))
    # As root, nginx switches its workers to a user; its built-in default
    # (nobody:nobody) has no group on Debian, so name ourselves.
    user = ""
    if os.geteuid() == 0:
        user = "user %s %s;\n" % (getpass.getuser(), grp.getgrgid(os.getgid()).gr_name)
    temp = "".join("%s_temp_path %s/%s;\n    " % (k, tmp, k)
                   for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return ("%sdaemon off;\nmaster_process on;\nworker_processes 1;\n"
            "pid %s/nginx.pid;\nerror_log %s/error.log info;\n"
            "events { worker_connections 64; }\n"
            "http {\n    %s\n%s\n}\n" % (user, tmp, tmp, temp, block))


def start_nginx(nginx, tmp, block, origin_port):
    """nginx on a free port; retried when another process takes the port
    between our probe and nginx's bind."""
    for attempt in range(3):
        port, tls_port = free_port(), free_port()
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(nginx_conf(tmp, block, origin_port, port, tls_port))
        r = run([nginx, "-t", "-p", tmp, "-c", conf, "-e", tmp + "/error.log"], 30)
        if r.returncode != 0:
            log(open(conf).read())
            fail("nginx -t refused the configuration:\n" + r.stderr)
        proc = Proc([nginx, "-p", tmp, "-c", conf, "-e", tmp + "/error.log"],
                    name="nginx")
        if (wait_listening(port, 10) and wait_listening(tls_port, 10)
                and proc.p.poll() is None):
            return proc, port, tls_port
        proc.stop()
        with open(tmp + "/error.log") as f:
            errors = f.read()
        if "Address already in use" not in errors:
            fail("nginx did not start:\n" + errors + proc.output())
    fail("nginx found no free port in 3 attempts")


def http11_headers(port, source="127.0.0.1", extra=b""):
    with socket.create_connection(("127.0.0.1", port), timeout=10,
                                  source_address=(source, 0)) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: check-scale-out\r\n"
                  + extra + b"\r\n")
        return recv_until(s, b"\r\n\r\n")


def self_signed(tmp):
    openssl = require("openssl", "apt-get install openssl (scripts/install-deps.sh)")
    r = run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
             "-days", "1", "-subj", "/CN=127.0.0.1",
             "-keyout", tmp + "/key.pem", "-out", tmp + "/cert.pem"], 60)
    check(r.returncode == 0, "openssl req failed:\n" + r.stderr)


def play(ffmpeg, url):
    """ffmpeg -i @url for 4 s: the frames decoded per stream."""
    r = run([ffmpeg, "-nostdin", "-v", "error", "-i", url, "-t", "4",
             "-f", "framecrc", "-"], 60)
    frames = {}
    for line in r.stdout.splitlines():
        if line and not line.startswith("#"):
            idx = line.split(",", 1)[0].strip()
            frames[idx] = frames.get(idx, 0) + 1
    log("ffmpeg %s: exit %d, frames per stream %s" % (url, r.returncode, frames))
    check(r.returncode == 0, "ffmpeg %s exited with %d:\n%s"
          % (url, r.returncode, r.stderr))
    check(r.stderr.strip() == "", "ffmpeg %s printed errors:\n%s" % (url, r.stderr))
    check(frames.get("0", 0) >= 50 and frames.get("1", 0) >= 50,
          "too few frames decoded from %s: %s" % (url, frames))


def main():
    if len(sys.argv) != 2:
        fail("usage: check-scale-out.py docs/scale-out.md")
    nginx = require("nginx", "apt-get install nginx (scripts/install-deps.sh)")
    ffmpeg = require("ffmpeg", "apt-get install ffmpeg")
    gst_launch = require("gst-launch-1.0", "apt-get install gstreamer1.0-tools")
    block = documented_block(sys.argv[1])

    tmp = tempfile.mkdtemp(prefix="wmnet-scale-out-")
    os.chmod(tmp, 0o755)
    origin = nginx_proc = None
    try:
        origin = Proc([gst_launch, "-m"] + ORIGIN.split(), name="origin")
        origin_port = int(origin.wait_line(
            r"wmnetsink-listening, port=\(uint\)(\d+)", 30).group(1))
        log("origin on port %d" % origin_port)

        self_signed(tmp)
        nginx_proc, port, tls_port = start_nginx(nginx, tmp, block, origin_port)
        log("nginx on ports %d (http) and %d (https)" % (port, tls_port))
        # join mid-stream, past the first key frame, as real audiences do
        time.sleep(3)

        play(ffmpeg, "http://127.0.0.1:%d/" % port)
        # TLS ends in nginx; FFmpeg does not verify certificates by default
        play(ffmpeg, "https://127.0.0.1:%d/" % tls_port)

        headers = http11_headers(port)
        log(headers)
        check(headers.startswith("HTTP/1.1 200"), "no 200 through nginx")
        check("video/x-ms-asf" in headers, "no ASF content type through nginx")
        check("chunked" not in headers.lower(),
              "nginx chunked the stream despite chunked_transfer_encoding off")

        # the origin's client was the player (FFmpeg, from 127.0.0.1 too)
        origin.wait_line(r"wmnetsink-client-connected, .*address=\(string\)127\.0\.0\.1, "
                         r".*user-agent=\(string\)\"?Lavf", 10)

        # the player's address, not nginx's, is what the origin judges: an
        # excluded one is refused through the proxy, a forged header too
        for extra in (b"", b"X-Forwarded-For: 192.0.2.1\r\n",
                      b"Forwarded: for=127.0.0.3\r\n"):
            headers = http11_headers(port, "127.0.0.2", extra)
            log(headers)
            check(headers.startswith("HTTP/1.1 403"),
                  "an excluded player got through nginx (%r): %s"
                  % (extra, headers.splitlines()[0]))
        origin.wait_line(r"wmnetsink-client-refused, address=\(string\)127\.0\.0\.2, "
                         r".*reason=\(string\)access-denied", 10)
        headers = http11_headers(port, "127.0.0.3")
        check(headers.startswith("HTTP/1.1 200"), "no 200 for 127.0.0.3")
        origin.wait_line(r"wmnetsink-client-connected, .*address=\(string\)127\.0\.0\.3, "
                         r".*user-agent=\(string\)check-scale-out", 10)
        with open(tmp + "/access.log") as f:
            access = f.read()
        log(access)
        check(re.search(r'"GET / HTTP/1\.1" 200 \d+ .*Lavf', access),
              "nginx's access log has no 200 for ffmpeg")
    finally:
        if nginx_proc:
            nginx_proc.stop()
        if origin:
            origin.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log("PASS")


if __name__ == "__main__":
    main()
