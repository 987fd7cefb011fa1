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
both plugins there, and only there; and that the rest is installed: every
docs/*.md in the doc dir, the wmnet-server launcher (which runs and
--check's its installed sample configuration), its man page, sample
configuration, logrotate snippet and systemd unit (`systemd-analyze
verify` clean).

    check-install.py MESON BUILD_DIR PLUGINS_INSTALL_DIR SYSTEM_PLUGIN_DIR
        DOCS_SRC_DIR BINDIR DOCDIR MANDIR UNITDIR

PLUGINS_INSTALL_DIR is meson's prefix/libdir/gstreamer-1.0 (absolute);
SYSTEM_PLUGIN_DIR is GStreamer's own plugin directory (pkg-config's
pluginsdir). gst-inspect-1.0 then runs with GST_PLUGIN_SYSTEM_PATH_1_0 set
to the system directory and GST_PLUGIN_PATH_1_0 to the DESTDIR copy alone,
so a plugin found in the build tree would be a failure. BINDIR, DOCDIR,
MANDIR and UNITDIR are absolute install paths (UNITDIR empty when the unit
is not installed); DOCS_SRC_DIR is the source tree's docs/.
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


def check_server(destdir, env, docs_src, bindir, docdir, mandir, unitdir):
    """The launcher, its files and the docs, installed under @destdir."""
    docs = sorted(n for n in os.listdir(docs_src) if n.endswith(".md"))
    installed_docs = os.listdir(destdir + docdir)
    missing = [n for n in docs if n not in installed_docs]
    check(not missing, "docs not installed to %s: %s" % (docdir, missing))
    log("%s: %s" % (docdir, " ".join(docs)))
    files = [bindir + "/wmnet-server", mandir + "/man1/wmnet-server.1",
             docdir + "/examples/wmnet-server.conf",
             docdir + "/examples/wmnet-server.logrotate"]
    if unitdir:
        files.append(unitdir + "/wmnet-server.service")
    for path in files:
        check(os.path.isfile(destdir + path), "%s was not installed" % path)
        log("installed: %s" % path)
    server = destdir + bindir + "/wmnet-server"
    r = run([server, "--version"], 60, env=env)
    check(r.returncode == 0 and r.stdout.startswith("wmnet-server "),
          "wmnet-server --version: %d %s%s" % (r.returncode, r.stdout, r.stderr))
    # the sample runs on the installed plugins (and GStreamer's own)
    r = run([server, "--check", "--config",
             destdir + docdir + "/examples/wmnet-server.conf"], 60, env=env)
    check(r.returncode == 0, "--check of the installed sample configuration "
          "failed:\n%s%s" % (r.stdout, r.stderr))
    r = run(["man", "--warnings", "-l", destdir + mandir + "/man1/wmnet-server.1"],
            60, env=dict(env, MANWIDTH="80", MAN_KEEP_STDERR="1"))
    check(r.returncode == 0 and "--check" in r.stdout and not r.stderr.strip(),
          "man wmnet-server.1: %d\n%s" % (r.returncode, r.stderr))
    if unitdir:
        verify_unit(destdir, destdir + unitdir + "/wmnet-server.service",
                    bindir)


def verify_unit(destdir, unit, bindir):
    """systemd-analyze verify of the installed unit, its ExecStart moved to
    the DESTDIR copy of the launcher (verify checks that it exists); any
    word printed (an unknown option, a bad value) is a failure."""
    analyze = require("systemd-analyze", "apt-get install systemd "
                      "(scripts/install-deps.sh)")
    with open(unit, encoding="utf-8") as f:
        text = f.read()
    exe = bindir + "/wmnet-server"
    check("ExecStart=%s " % exe in text, "the unit does not run %s" % exe)
    # a broadcast that ends by itself exits 0: a live service comes back
    # then too (docs/design.md D77)
    check("\nRestart=always\n" in text, "the unit does not say Restart=always")
    tmp = tempfile.mkdtemp(prefix="wmnet-unit-")
    try:
        copy = os.path.join(tmp, "wmnet-server.service")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text.replace("ExecStart=" + exe, "ExecStart=" + destdir + exe))
        r = run([analyze, "verify", "--man=no", copy], 60)
        if r.returncode != 0 or (r.stdout + r.stderr).strip():
            fail("systemd-analyze verify %s: exit %d\n%s%s"
                 % (unit, r.returncode, r.stdout, r.stderr))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log("systemd-analyze verify: clean")


def main():
    if len(sys.argv) != 10:
        fail("usage: check-install.py MESON BUILD_DIR PLUGINS_INSTALL_DIR "
             "SYSTEM_PLUGIN_DIR DOCS_SRC_DIR BINDIR DOCDIR MANDIR UNITDIR")
    meson, build_dir, install_dir, system_dir = sys.argv[1:5]
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
        check_server(destdir, env, *sys.argv[5:])
    finally:
        shutil.rmtree(destdir, ignore_errors=True)
    log("PASS")


if __name__ == "__main__":
    main()
