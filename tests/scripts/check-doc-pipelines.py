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
"""Parses every gst-launch-1.0 line of a page, as gst-launch-1.0 would.

    check-doc-pipelines.py GI_PYTHON PAGE.md...

A line is an indented one that starts with `gst-launch-1.0`, joined with
the lines its trailing `\\` continues; it is split as a shell would
(shlex), gst-launch-1.0's own options (`-e`, `-m`, ...) are dropped and
the rest is handed to gst_parse_launchv with GST_PARSE_FLAG_FATAL_ERRORS
by GI_PYTHON (a python3 with python3-gi; GST_PLUGIN_PATH_1_0 and a
private GST_REGISTRY_1_0 come from the test environment). A line fails on
a parse error (no such element or property, a value that does not
convert, a link that cannot be made) and on a GLib warning or critical
printed meanwhile (a value the element refuses). Nothing is set to
PAUSED: no port is opened and no host is looked up. `auth-file=PATH`
values are replaced with a file of one htdigest line written here.
"""

import os
import re
import shlex
import shutil
import sys
import tempfile

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import check, fail, log, run  # noqa: E402

PARSE = r"""
import sys
import gi
gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst
Gst.init(None)
try:
    pipeline = Gst.parse_launchv_full(sys.argv[1:], None,
                                      Gst.ParseFlags.FATAL_ERRORS)
except GLib.Error as e:
    print("parse error: " + e.message, file=sys.stderr)
    sys.exit(2)
if pipeline is None:
    print("parse error: no pipeline", file=sys.stderr)
    sys.exit(2)
pipeline.set_state(Gst.State.NULL)
print("parsed")
"""

# gst-launch-1.0's options that take no value
LAUNCH_OPTIONS = {"-e", "--eos-on-shutdown", "-m", "--messages", "-v",
                  "--verbose", "-q", "--quiet", "-t", "--tags", "-c",
                  "--toc", "-f", "--no-fault", "--no-position"}


def launch_lines(text):
    """(line number, command) of each indented gst-launch-1.0 line."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if lines[i].startswith("    ") and stripped.startswith("gst-launch-1.0"):
            start = i
            cmd = stripped
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1] + " " + lines[i].strip()
            check(not cmd.endswith("\\"),
                  "line %d: a continuation runs off the page" % (start + 1))
            found.append((start + 1, cmd))
        i += 1
    return found


def launch_args(cmd, users):
    argv = shlex.split(cmd)[1:]
    while argv and (argv[0] in LAUNCH_OPTIONS
                    or argv[0].startswith("--gst-")):
        argv.pop(0)
    return [re.sub(r"^auth-file=.*", "auth-file=" + users, a) for a in argv]


def main():
    if len(sys.argv) < 3:
        fail("usage: check-doc-pipelines.py GI_PYTHON PAGE.md...")
    gi_python = sys.argv[1]
    r = run([gi_python, "-c", "import gi; gi.require_version('Gst', '1.0')"], 60)
    check(r.returncode == 0, "%s has no python3-gi with Gst 1.0 (apt-get "
          "install python3-gi gir1.2-gstreamer-1.0):\n%s" % (gi_python, r.stderr))
    tmp = tempfile.mkdtemp(prefix="wmnet-doc-pipelines-")
    users = os.path.join(tmp, "users.htdigest")
    with open(users, "w") as f:
        # htdigest: user:realm:MD5(user:realm:password), any valid line
        f.write("encoder:wmnetpushsrc:0123456789abcdef0123456789abcdef\n")
    failures = 0
    try:
        for page in sys.argv[2:]:
            with open(page, encoding="utf-8") as f:
                found = launch_lines(f.read())
            check(found, "%s has no gst-launch-1.0 line" % page)
            for lineno, cmd in found:
                argv = launch_args(cmd, users)
                r = run([gi_python, "-c", PARSE] + argv, 60)
                warned = re.findall(r"^.*\b(?:WARNING|CRITICAL) \*\*.*$",
                                    r.stderr, re.M)
                if r.returncode != 0 or warned or "parsed" not in r.stdout:
                    failures += 1
                    log("FAIL: %s:%d: %s\n  exit %d\n%s" % (
                        page, lineno, cmd, r.returncode, r.stderr))
                else:
                    log("ok: %s:%d: %s" % (page, lineno, cmd))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        fail("%d gst-launch-1.0 line(s) do not parse" % failures)
    log("PASS")


if __name__ == "__main__":
    main()
