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
"""Runs an example for a few seconds on 127.0.0.1, port 0, while real
FFmpeg players connect, and checks what it printed.

    check-examples.py monitor PYTHON examples/wmnet-monitor.py
    check-examples.py broadcast build/examples/wmnet-broadcast
    check-examples.py gjs GJS examples/wmnet-stats.js
"""

import os
import re
import sys

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import Proc, check, fail, log, refused_request, require  # noqa: E402

LISTENING = r"listening on http://127\.0\.0\.1:(\d+)/"


def player(ffmpeg, url, seconds):
    # -re: read at the live rate, so the player stays connected for about
    # @seconds instead of draining the fast-start burst at once
    return Proc([ffmpeg, "-nostdin", "-v", "error", "-re", "-i", url,
                 "-t", str(seconds), "-f", "null", "-"], name="ffmpeg " + url)


def check_player(p):
    rc = p.wait(40)
    if rc != 0 or p.output().strip():
        p.dump()
        fail("%s: exit %d, or errors printed" % (p.name, rc))


def count(out, pattern):
    return len(re.findall(pattern, out, re.M))


# the monitoring examples' arguments: 6 s on port 0, 127.0.0.2 excluded
MONITOR_ARGS = ["--port", "0", "--address", "127.0.0.1", "--duration", "6",
                "--interval", "0.5", "--exclude", "127.0.0.2"]


def start_app(argv, name):
    """Starts an example, waits until it listens and checks that it refuses
    the excluded 127.0.0.2 (403); returns the process and its port."""
    app = Proc(argv, name=name)
    port = int(app.wait_line(LISTENING, 30).group(1))
    log("%s listening on port %d" % (name, port))
    status = refused_request(port, "127.0.0.2")
    check(" 403 " in status, "127.0.0.2 (excluded) got %r" % status)
    return app, port


def app_output(app):
    """Waits for the example to end; its output, after checking exit 0."""
    rc = app.wait(40)
    out = app.output()
    log(out)
    check(rc == 0, "%s exited with %d" % (app.name, rc))
    return out


def check_monitor(python, script):
    ffmpeg = require("ffmpeg", "apt-get install ffmpeg")
    mon, port = start_app([python, script] + MONITOR_ARGS, "wmnet-monitor.py")

    players = [player(ffmpeg, "mmsh://127.0.0.1:%d/" % port, 3),
               player(ffmpeg, "http://127.0.0.1:%d/" % port, 3)]
    for p in players:
        check_player(p)
    out = app_output(mon)

    check("access-exclude: ['127.0.0.2/32']" in out,
          "the --exclude entry is not in access-exclude")
    check(count(out, r"refused\s+127\.0\.0\.2:\d+ reason=access-denied$") == 1,
          "no refused line for 127.0.0.2")
    for proto in ("wmsp", "http"):
        check(count(out, r"connect\s+#\d+ 127\.0\.0\.1:\d+ %s " % proto) == 1,
              "no connect line for the %s player" % proto)
        # a row of the client table: id, address, port, protocol, ...
        check(count(out, r"^\s+\d+\s+127\.0\.0\.1\s+\d+\s+%s\s" % proto) >= 1,
              "no client table row for the %s player" % proto)
    check(count(out, r"^\s+id\s+address\s+port\s+protocol\s+dns-name") >= 1,
          "no client table header")
    check(count(out, r"disconnect #\d+ 127\.0\.0\.1:\d+ reason=(closed|eos) ") == 2,
          "not two disconnect lines")
    check(count(out, r"clients: 0$") >= 1, "the table never showed 0 clients")


def check_broadcast(exe):
    ffmpeg = require("ffmpeg", "apt-get install ffmpeg")
    app, port = start_app([exe, "--test-source", "--port", "0",
                           "--address", "127.0.0.1", "--max-clients", "1",
                           "--exclude", "127.0.0.2", "--duration", "6"],
                          "wmnet-broadcast")

    p = player(ffmpeg, "mmsh://127.0.0.1:%d/" % port, 3)
    app.wait_line(r"^connect\s+#\d+ 127\.0\.0\.1:\d+ wmsp ", 20)
    # --max-clients 1: a second client is refused while the player plays
    status = refused_request(port, "127.0.0.1")
    check(" 503 " in status, "a second client got %r, not 503" % status)
    check_player(p)

    out = app_output(app)
    check("excluding 127.0.0.2" in out, "the --exclude entry was not applied")
    check(count(out, r"^refused\s+127\.0\.0\.2:\d+ reason=access-denied$") == 1,
          "no refused line for 127.0.0.2")
    check(count(out, r"^refused\s+127\.0\.0\.1:\d+ reason=max-clients$") == 1,
          "no refused line for the client over max-clients")
    check(count(out, r"^disconnect\s+#\d+ 127\.0\.0\.1:\d+ reason=(closed|eos) ") == 1,
          "no disconnect line for the player")


def check_gjs(gjs, script):
    ffmpeg = require("ffmpeg", "apt-get install ffmpeg")
    app, port = start_app([gjs, script] + MONITOR_ARGS, "wmnet-stats.js")
    check_player(player(ffmpeg, "mmsh://127.0.0.1:%d/" % port, 3))

    out = app_output(app)
    check("JS ERROR" not in out, "gjs reported an error")
    check(count(out, r"^refused 127\.0\.0\.2 reason=access-denied$") == 1,
          "no refused line for 127.0.0.2")
    # access-exclude-strv, read back canonical
    check(count(out, r"^access-exclude: 127\.0\.0\.2/32$") == 1,
          "no access-exclude line")
    # get-clients: connected-at-datetime, selected-streams (the audio, 1)
    check(count(out, r"^client \d+ 127\.0\.0\.1 wmsp since "
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ bytes=\d+ "
                r"streams=1$") >= 1, "no client line")
    # the property notify watch
    check(count(out, r"^notify num-clients=1$") >= 1, "no num-clients=1 notify")
    check(count(out, r"^notify num-clients=0$") >= 1, "no num-clients=0 notify")
    # the stats structure and the access log line
    check(count(out, r"^stats clients=0 accepted=1 refused=1 bytes=[1-9]") >= 1,
          "no stats line with the player and the refusal")
    check(count(out, r"^log 127\.0\.0\.1 \S+ \S+ \S+ / .* NSPlayer/") == 1,
          "no access log line for the player")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "monitor":
        check_monitor(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "broadcast":
        check_broadcast(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "gjs":
        check_gjs(sys.argv[2], sys.argv[3])
    else:
        fail("usage: %s monitor PYTHON SCRIPT | broadcast EXE | "
             "gjs GJS SCRIPT" % sys.argv[0])
    log("PASS")


if __name__ == "__main__":
    main()
