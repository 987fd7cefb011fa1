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
"""Helpers for the script tests (docs, install, examples, scale-out).

Every wait is bounded, every peer is on loopback, and a missing program is
a failure, never a skip: a test that cannot run must say so loudly.
"""

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def log(msg):
    print(msg, flush=True)


def require(prog, hint=""):
    """Path of @prog (PATH, then /usr/sbin for nginx), or fail loudly."""
    path = shutil.which(prog) or shutil.which(prog, path="/usr/sbin:/sbin")
    if path is None:
        fail("%s is missing%s" % (prog, "; " + hint if hint else ""))
    return path


def free_port():
    """A TCP port free on 127.0.0.1 right now, for peers (nginx) that
    cannot listen on port 0 and report it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def run(argv, timeout, env=None):
    """Runs @argv to completion within @timeout seconds (else fails);
    returns the CompletedProcess with text stdout and stderr."""
    try:
        return subprocess.run(argv, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        fail("%s did not finish within %s s" % (" ".join(argv), timeout))


class Proc:
    """A background process whose stdout (and stderr, merged) is read line
    by line on a thread, so that tests can wait for a line with a bound."""

    def __init__(self, argv, env=None, name=None):
        self.name = name or os.path.basename(argv[0])
        self.lines = []
        self._queue = queue.Queue()
        self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  env=env, start_new_session=True)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        for line in self.p.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def wait_line(self, pattern, timeout):
        """First new line matching @pattern (a regex) within @timeout s, as
        a match object; fails the test otherwise."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                self._queue.put(None)
                break
            m = rx.search(line)
            if m:
                return m
        self.dump()
        fail("%s: no line matching %r within %s s" % (self.name, pattern, timeout))

    def wait(self, timeout):
        """Exit status within @timeout s; fails (after killing it) otherwise."""
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.dump()
            fail("%s did not exit within %s s" % (self.name, timeout))
        self._thread.join(timeout=5)
        return rc

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._thread.join(timeout=5)

    def kill(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait(timeout=10)

    def output(self):
        return "\n".join(self.lines)

    def dump(self):
        log("---- output of %s ----\n%s\n----" % (self.name, self.output()))


def refused_request(port, bind_addr):
    """Sends a plain GET from @bind_addr (e.g. 127.0.0.2, which Linux routes
    on lo) and returns the status line of the answer."""
    with socket.socket() as s:
        s.settimeout(10)
        s.bind((bind_addr, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        return recv_until(s, b"\r\n")


def recv_until(sock, end):
    """Reads from @sock until @end or the end of the stream; what came
    before @end, as text."""
    data = b""
    while end not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(end, 1)[0].decode("latin-1")
