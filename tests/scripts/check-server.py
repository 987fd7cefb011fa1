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
"""Runs the built wmnet-server from configurations written here.

    check-server.py CASE WMNET_SERVER

CASE is one of:
  check   --check: a good configuration exits 0; an unknown key, a bad
          value and a bad group exit 1 naming file, group and key
  serve   a pipeline= broadcast on port 0: FFmpeg's ffprobe reads it;
          SIGHUP after the access log is renamed makes a new file at the
          path; SIGTERM gives a raw MS-WMSP reader `$E` and exits 0
  relay   a second wmnet-server relays the first's broadcast (relay=) and
          serves an encoder's push (push=, port 0 shared by both sides);
          ffprobe reads both
  error   a relay whose source refuses the connection: its ERROR is
          printed with the broadcast's name, the other broadcast is ended
          (its EOS), the exit status is 1
Every wait is bounded and waits on a line the server prints or on the
peer's own end; every port is 0.
"""

import os
import shutil
import signal
import socket
import struct
import sys
import tempfile
import time

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import Proc, check, fail, log, require, run  # noqa: E402

# a live test broadcast that FFmpeg can decode (WMA 2, WMV 2)
LIVE = ("audiotestsrc is-live=true ! audioconvert ! avenc_wmav2 ! queue ! "
        "sink. videotestsrc is-live=true ! "
        "video/x-raw,width=160,height=120,framerate=10/1 ! avenc_wmv2 ! queue")
LISTENING = r"^broadcast %s: listening on (http://127\.0\.0\.1:(\d+)/\S*)$"


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def start(server, conf, name):
    return Proc([server, "--config", conf], name=name)


def probe(url):
    """The codec names ffprobe finds at @url (an mmsh:// URL)."""
    ffprobe = require("ffprobe", "apt-get install ffmpeg")
    r = run([ffprobe, "-v", "error", "-show_entries", "stream=codec_name",
             "-of", "csv=p=0", url], 60)
    if r.returncode != 0:
        fail("ffprobe %s failed:\n%s%s" % (url, r.stdout, r.stderr))
    return sorted(r.stdout.split())


def check_check(server, tmp):
    good = write(tmp, "good.conf", "[broadcast live]\npipeline=%s\nport=0\n"
                 "access-include=127.0.0.1;::1\nmax-clients=3\n" % LIVE)
    r = run([server, "--check", "--config", good], 60)
    check(r.returncode == 0, "--check of a good configuration: exit %d\n%s%s"
          % (r.returncode, r.stdout, r.stderr))
    bad = write(tmp, "bad.conf",
                "[broadcast live]\npipeline=%s\nport=0\nmetrics-pth=/m\n"
                "max-clients=many\n\n[broadcast studio]\npush=true\n"
                "source.no-such=1\n\n[server]\nx=1\n" % LIVE)
    r = run([server, "--check", "--config", bad], 60)
    log(r.stderr)
    check(r.returncode == 1, "--check of a bad configuration: exit %d"
          % r.returncode)
    for want in ("%s: [broadcast live] metrics-pth: unknown key" % bad,
                 "%s: [broadcast live] max-clients: 'many' is not" % bad,
                 "%s: [broadcast studio] source.no-such: unknown key" % bad,
                 "%s: [server]: unknown group" % bad):
        check(want in r.stderr, "no line %r" % want)
    # nothing started, nothing served
    check("listening" not in r.stdout, "--check started a broadcast")


def read_frames(sock, frames):
    """Appends the MS-WMSP chunk types read from @sock (after the answer's
    head) to @frames until the server closes; True when it did."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(4096)
        if not chunk:
            return False
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    check(head.startswith(b"HTTP/1.0 200 "), "the play answer: %r" % head)
    while True:
        while len(buf) < 4 or len(buf) < 4 + struct.unpack("<H", buf[2:4])[0]:
            chunk = sock.recv(65536)
            if not chunk:
                return True
            buf += chunk
        n = struct.unpack("<H", buf[2:4])[0]
        frames.append(chr(buf[1]))
        buf = buf[4 + n:]
        yield


def check_serve(server, tmp):
    logpath = os.path.join(tmp, "live.log")
    conf = write(tmp, "live.conf",
                 "[broadcast live]\npipeline=%s\nport=0\naddress=127.0.0.1\n"
                 "publishing-point=/live\nlog-location=%s\n" % (LIVE, logpath))
    app = start(server, conf, "wmnet-server")
    try:
        m = app.wait_line(LISTENING % "live", 30)
        url, port = m.group(1), int(m.group(2))
        codecs = probe(url.replace("http://", "mmsh://"))
        check(codecs == ["wmav2", "wmv2"], "ffprobe found %s" % codecs)
        log("ffprobe read %s: %s" % (url, codecs))

        # logrotate: rename, then SIGHUP; the new file is made when
        # log-location is set again, before the server prints the line
        check(os.path.exists(logpath), "no access log at %s" % logpath)
        os.rename(logpath, logpath + ".1")
        os.kill(app.p.pid, signal.SIGHUP)
        app.wait_line(r"^broadcast live: reopened %s$" % logpath, 10)
        check(os.path.exists(logpath), "SIGHUP made no new %s" % logpath)
        with open(logpath, encoding="utf-8") as f:
            check(f.read().startswith("#"), "the new log has no directives")
        log("SIGHUP: a new %s" % logpath)

        # a raw MS-WMSP reader playing when SIGTERM comes gets $E
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        sock.sendall(b"GET /live HTTP/1.0\r\nUser-Agent: NSPlayer/12.00.19041.1"
                     b"\r\nPragma: xPlayStrm=1\r\nConnection: Close\r\n\r\n")
        frames = []
        reader = read_frames(sock, frames)
        # until the header and a few data packets are in
        while len(frames) < 5:
            check(next(reader, "closed") != "closed",
                  "the play stream closed early: %s" % frames)
        t0 = time.monotonic()
        os.kill(app.p.pid, signal.SIGTERM)
        for _ in reader:
            pass
        sock.close()
        rc = app.wait(10)
        took = time.monotonic() - t0
        check(frames[0] == "H" and frames[-1] == "E",
              "the reader got %s ... %s, not $H ... $E" % (frames[:2], frames[-3:]))
        check(rc == 0, "exit %d after SIGTERM" % rc)
        log("SIGTERM: $E after %d chunks, exit 0 in %.2f s" % (len(frames), took))
    finally:
        app.kill()
        app.dump()


def check_relay(server, tmp):
    gst_launch = require("gst-launch-1.0", "apt-get install gstreamer1.0-tools")
    origin_conf = write(tmp, "origin.conf",
                        "[broadcast live]\npipeline=%s\nport=0\n"
                        "address=127.0.0.1\n" % LIVE)
    origin = start(server, origin_conf, "origin wmnet-server")
    edge = pusher = None
    try:
        src = origin.wait_line(LISTENING % "live", 30).group(1)
        edge_conf = write(tmp, "edge.conf",
                          "[broadcast relay]\nrelay=%s\nport=0\n"
                          "address=127.0.0.1\npublishing-point=/relay\n"
                          "source.retries=0\n\n"
                          "[broadcast studio]\npush=true\nport=0\n"
                          "address=127.0.0.1\npublishing-point=/studio\n"
                          % src.replace("http://", "mmsh://"))
        edge = start(server, edge_conf, "edge wmnet-server")
        relay = edge.wait_line(LISTENING % "relay", 30).group(1)
        studio = edge.wait_line(LISTENING % "studio", 30).group(1)
        codecs = probe(relay.replace("http://", "mmsh://"))
        check(codecs == ["wmav2", "wmv2"], "relay: ffprobe found %s" % codecs)
        log("relay %s: %s" % (relay, codecs))

        pusher = Proc([gst_launch, "-q", "audiotestsrc", "is-live=true", "!",
                       "audioconvert", "!", "avenc_wmav2", "!", "wmasfmux", "!",
                       "wmnetpushsink", "location=" + studio], name="pusher")
        codecs = probe(studio.replace("http://", "mmsh://"))
        check(codecs == ["wmav2"], "push: ffprobe found %s" % codecs)
        log("push %s: %s" % (studio, codecs))
        pusher.stop()
        os.kill(edge.p.pid, signal.SIGTERM)
        check(edge.wait(10) == 0, "the edge did not exit 0")
        os.kill(origin.p.pid, signal.SIGTERM)
        check(origin.wait(10) == 0, "the origin did not exit 0")
    finally:
        for p in (pusher, edge, origin):
            if p:
                p.kill()
                p.dump()


def check_error(server, tmp):
    # a port bound but not listening: the relay's connect is refused
    with socket.socket() as dead:
        dead.bind(("127.0.0.1", 0))
        conf = write(tmp, "error.conf",
                     "[broadcast live]\npipeline=%s\nport=0\n"
                     "address=127.0.0.1\npublishing-point=/live\n\n"
                     "[broadcast gone]\nrelay=mmsh://127.0.0.1:%d/\nport=0\n"
                     "address=127.0.0.1\npublishing-point=/gone\n"
                     "source.retries=0\n"
                     % (LIVE, dead.getsockname()[1]))
        app = start(server, conf, "wmnet-server")
        try:
            app.wait_line(r"^broadcast gone: error from source: ", 30)
            rc = app.wait(20)
        finally:
            app.kill()
            app.dump()
    check(rc == 1, "exit %d after a broadcast's error, not 1" % rc)
    check(any(line == "broadcast live: end of stream" for line in app.lines),
          "the other broadcast was not ended with an EOS")


def main():
    cases = {"check": check_check, "serve": check_serve, "relay": check_relay,
             "error": check_error}
    if len(sys.argv) != 3 or sys.argv[1] not in cases:
        fail("usage: check-server.py check|serve|relay|error WMNET_SERVER")
    tmp = tempfile.mkdtemp(prefix="wmnet-server-")
    try:
        cases[sys.argv[1]](sys.argv[2], tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log("PASS")


if __name__ == "__main__":
    main()
