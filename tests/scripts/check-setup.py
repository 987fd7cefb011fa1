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
"""Checks the README's two set-up one-liners for root and sudo users.

    check-setup.py SOURCE_DIR

The README gives exactly two set-up commands, each starting with
scripts/install-deps.sh and without `sudo` (a root shell without sudo could
not run it). install-deps.sh is run with id, sudo and apt-get replaced by
stand-ins on PATH that record their calls (nothing is installed): as root
it calls apt-get itself; as another user it runs itself again through
sudo; as another user without sudo it stops with a message saying so.
"""

import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import check, fail, log  # noqa: E402


def stand_in(bindir, name, body):
    path = os.path.join(bindir, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)


def run_as(src, uid, with_sudo):
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        calls = os.path.join(tmp, "calls")
        os.mkdir(bindir)
        stand_in(bindir, "id", 'echo %d' % uid)
        # apt-get stops the script: nothing further is needed
        stand_in(bindir, "apt-get", 'echo "apt-get $*" >> %s; exit 3' % calls)
        if with_sudo:
            stand_in(bindir, "sudo", 'echo "sudo $*" >> %s; exit 0' % calls)
        # /bin/sh itself and the utilities the script needs, without sudo
        for tool in ("sh", "dirname", "cat", "echo"):
            real = "/bin/" + tool if os.path.exists("/bin/" + tool) else \
                "/usr/bin/" + tool
            os.symlink(real, os.path.join(bindir, tool))
        r = subprocess.run(["/bin/sh", os.path.join(src, "scripts",
                                                     "install-deps.sh")],
                           env={"PATH": bindir}, capture_output=True,
                           text=True, timeout=30, check=False)
        text = open(calls).read() if os.path.exists(calls) else ""
        return r, text


def main():
    if len(sys.argv) != 2:
        fail("usage: check-setup.py SOURCE_DIR")
    src = sys.argv[1]
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    commands = re.findall(r"^    (\S.*install-deps\.sh.*)$", readme, re.M)
    check(len(commands) == 2, "README: %d set-up commands, want 2: %s"
          % (len(commands), commands))
    for c in commands:
        check(c.startswith("scripts/install-deps.sh && "),
              "README: a set-up command not starting with "
              "scripts/install-deps.sh (no sudo): %s" % c)

    r, calls = run_as(src, 0, True)
    check(calls.startswith("apt-get update") and "sudo" not in calls,
          "as root: want apt-get run directly, got %r (%s)" % (calls, r.stderr))
    r, calls = run_as(src, 1000, True)
    check(calls.startswith("sudo ") and "install-deps.sh" in calls
          and "apt-get" not in calls,
          "as a sudo user: want the script again through sudo, got %r (%s)"
          % (calls, r.stderr))
    r, calls = run_as(src, 1000, False)
    check(r.returncode != 0 and calls == "" and "root" in r.stderr,
          "as a user without sudo: want a refusal naming root, got %d %r %r"
          % (r.returncode, calls, r.stderr))
    log("PASS")


if __name__ == "__main__":
    main()
