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
"""Checks the source tree's form.

    check-style.py SOURCE_ROOT

Fails when a .c file is not gst-indent clean (scripts/gst-indent --check:
GNU indent with GStreamer's flags, twice), or when a source file (C,
Python, shell) lacks the license header: the SPDX identifier
LGPL-2.1-or-later and the LGPL-2.1-or-later notice, in its first comment.
"""

import os
import subprocess
import sys

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import fail, log, require  # noqa: E402

SPDX = "SPDX-License-Identifier: LGPL-2.1-or-later"
NOTICE = ("version 2.1 of the License, or (at your option) any later "
          "version.")


def sources(root):
    out = subprocess.run(["git", "-C", root, "ls-files"], check=True,
                         capture_output=True, text=True).stdout.split()
    for path in out:
        full = os.path.join(root, path)
        if path.endswith((".c", ".h", ".py")):
            yield path, full
        elif os.access(full, os.X_OK) and not os.path.isdir(full):
            with open(full, "rb") as f:
                if f.read(2) == b"#!":
                    yield path, full


def main():
    root = sys.argv[1]
    require("indent", "apt-get install indent (scripts/install-deps.sh)")
    require("git")
    bad = []
    for path, full in sources(root):
        with open(full, encoding="utf-8", errors="replace") as f:
            head = " ".join(line.strip(" /*#\n") for line in f.readlines()[:25])
        if SPDX not in head or NOTICE not in head:
            bad.append(path)
    for path in bad:
        log("no LGPL-2.1-or-later header (SPDX line and notice): " + path)
    r = subprocess.run([os.path.join(root, "scripts", "gst-indent"),
                        "--check"], cwd=root, capture_output=True, text=True)
    if r.stdout:
        log(r.stdout.rstrip())
    if r.returncode not in (0, 1):
        fail("scripts/gst-indent --check failed: " + r.stderr)
    if bad or r.returncode != 0:
        fail("the source tree's form is off (see above)")
    log("every source file has the license header; every .c file is "
        "gst-indent clean")


if __name__ == "__main__":
    main()
