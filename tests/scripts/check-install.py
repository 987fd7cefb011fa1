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
"""Installs the build into a temporary DESTDIR and checks GStreamer finds
both plugins there, and only there.

    check-install.py MESON BUILD_DIR PLUGINS_INSTALL_DIR SYSTEM_PLUGIN_DIR

PLUGINS_INSTALL_DIR is meson's prefix/libdir/gstreamer-1.0 (absolute);
SYSTEM_PLUGIN_DIR is GStreamer's own plugin directory (pkg-config's
pluginsdir). gst-inspect-1.0 then runs with GST_PLUGIN_SYSTEM_PATH_1_0 set
to the system directory and GST_PLUGIN_PATH_1_0 to the DESTDIR copy alone,
so a plugin found in the build tree would be a failure.
"""

import os
import re
import shutil
import sys
import tempfile

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import check, fail, log, require, run  # noqa: E402

PLUGINS = {"wmnet": ("libgstwmnet.so", "wmnetsink"),
           "wmasf": ("libgstwmasf.so", "wmasfmux")}


def main():
    if len(sys.argv) != 5:
        fail("usage: check-install.py MESON BUILD_DIR PLUGINS_INSTALL_DIR SYSTEM_PLUGIN_DIR")
    meson, build_dir, install_dir, system_dir = sys.argv[1:]
    check(os.path.isabs(install_dir), "%s is not absolute" % install_dir)
    require("gst-inspect-1.0", "apt-get install gstreamer1.0-tools")

    destdir = tempfile.mkdtemp(prefix="wmnet-install-")
    try:
        # --no-rebuild: the test run already built everything, and a
        # rebuild from inside a test would race the test runner
        r = run([meson, "install", "-C", build_dir, "--no-rebuild",
                 "--destdir", destdir], 300)
        if r.returncode != 0:
            fail("meson install failed:\n" + r.stdout + r.stderr)
        plugin_dir = destdir + install_dir
        log("installed into %s: %s" % (plugin_dir, sorted(os.listdir(plugin_dir))))

        env = {k: v for k, v in os.environ.items() if not k.startswith("GST_PLUGIN")}
        env["GST_PLUGIN_SYSTEM_PATH_1_0"] = system_dir
        env["GST_PLUGIN_PATH_1_0"] = plugin_dir
        env["GST_REGISTRY_1_0"] = os.path.join(destdir, "registry.bin")

        for plugin, (lib, element) in PLUGINS.items():
            path = os.path.join(plugin_dir, lib)
            check(os.path.isfile(path), "%s was not installed" % path)
            r = run(["gst-inspect-1.0", element], 60, env=env)
            if r.returncode != 0:
                fail("gst-inspect-1.0 %s with only the installed plugins "
                     "failed:\n%s%s" % (element, r.stdout, r.stderr))
            m = re.search(r"^\s+Filename\s+(\S+)$", r.stdout, re.M)
            check(m and m.group(1) == path,
                  "%s was loaded from %s, not %s" % (element, m and m.group(1), path))
            check(re.search(r"^\s+Source release date\s+\d{4}-\d\d-\d\d$", r.stdout, re.M),
                  "%s: no release date in the plugin details" % plugin)
            log("%s: loaded from %s" % (element, path))

        # The installed wmnetsink builds its wmasfmux from the installed
        # wmasf plugin: a short broadcast proves the pair works together.
        r = run(["gst-launch-1.0", "audiotestsrc", "num-buffers=50", "!",
                 "avenc_wmav2", "!", "wmnetsink", "port=0", "address=127.0.0.1"],
                60, env=env)
        if r.returncode != 0:
            fail("a broadcast with the installed plugins failed:\n%s%s"
                 % (r.stdout, r.stderr))
    finally:
        shutil.rmtree(destdir, ignore_errors=True)
    log("PASS")


if __name__ == "__main__":
    main()
