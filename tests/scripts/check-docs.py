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
"""Checks the hand-written element docs against the built elements.

    check-docs.py DOCS_DIR ELEMENT...

For each ELEMENT, runs `gst-inspect-1.0 ELEMENT` (GST_PLUGIN_PATH_1_0 and a
private GST_REGISTRY_1_0 come from the test environment) and fails when a
property, pad property, signal, action signal or pad template it lists has
no row in the matching table of DOCS_DIR/ELEMENT.md, or when a property's
row (`| name | type | default | ...`) does not show in its default cell the
default gst-inspect-1.0 reports for numbers, booleans and enums. A table's kind comes
from the heading above it ("... properties", "... signals", "Pad
templates"); a row names its item in backquotes in its first cell.
"""

import os
import re
import sys

# no __pycache__ in the source tree
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmnettest import fail, log, require, run  # noqa: E402


def parse_inspect(text):
    """{kind: {name: default or None}} from gst-inspect-1.0's output."""
    items = {"property": {}, "pad-property": {}, "signal": {}, "pad": {}}
    section = None
    current = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            section = line.rstrip(":")
            current = None
            continue
        if section == "Pad Templates":
            m = re.match(r"^  (SINK|SRC) template: '([^']+)'", line)
            if m:
                items["pad"][m.group(2)] = None
            m = re.match(r"^      (\S+)\s*: ", line)
            if m:
                current = ("pad-property", m.group(1))
                items["pad-property"][m.group(1)] = None
        elif section == "Element Properties":
            m = re.match(r"^  (\S+)\s*:", line)
            if m:
                current = ("property", m.group(1))
                items["property"][m.group(1)] = None
        elif section in ("Element Signals", "Element Actions"):
            m = re.match(r'^  "([^"]+)" :', line)
            if m:
                items["signal"][m.group(1)] = None
        if current:
            # "Default: 5", "Boolean. Default: true", 'Enum "X" Default: 0, "nick"'
            m = re.search(r'Default: (-?\d+), "([^"]+)"', line) or \
                re.search(r"Default: (-?\d+|true|false)\b", line)
            if m and items[current[0]][current[1]] is None:
                items[current[0]][current[1]] = m.group(m.lastindex)
    return items


def parse_docs(text):
    """{kind: {name: row text}} from the markdown tables."""
    docs = {"property": {}, "pad-property": {}, "signal": {}, "pad": {}}
    kind = None
    for line in text.splitlines():
        if line.startswith("#"):
            h = line.lower()
            if "`" in h:
                # a message's or structure's own heading, e.g.
                # `wmnetsink-client-properties`: its fields are no properties
                kind = None
            elif "pad propert" in h:
                kind = "pad-property"
            elif "propert" in h:
                kind = "property"
            elif "signal" in h:
                kind = "signal"
            elif "pad template" in h:
                kind = "pad"
            else:
                kind = None
            continue
        m = re.match(r"^\|\s*`([^`]+)`", line)
        if kind and m:
            docs[kind][m.group(1)] = line
    return docs


def default_cell(row):
    """Property tables are `| name | type | default | ...`."""
    cells = row.strip().strip("|").split("|")
    return cells[2] if len(cells) > 2 else ""


def check_element(docs_dir, element):
    md_path = os.path.join(docs_dir, element + ".md")
    if not os.path.exists(md_path):
        fail("%s is missing" % md_path)
    with open(md_path, encoding="utf-8") as f:
        docs = parse_docs(f.read())
    r = run(["gst-inspect-1.0", element], 60)
    if r.returncode != 0:
        fail("gst-inspect-1.0 %s failed (%d):\n%s%s" %
             (element, r.returncode, r.stdout, r.stderr))
    items = parse_inspect(r.stdout)
    if not items["property"] or not items["pad"]:
        fail("could not read properties and pad templates of %s from:\n%s"
             % (element, r.stdout))

    problems = []
    for kind, names in items.items():
        for name, default in sorted(names.items()):
            row = docs[kind].get(name)
            if row is None:
                problems.append("%s %s `%s` has no row in %s" %
                                (element, kind, name, md_path))
            elif default is not None and not re.search(
                    r"(?<![\w.-])%s(?![\w.-])" % re.escape(default),
                    default_cell(row), re.I if default in ("true", "false") else 0):
                problems.append("%s %s `%s`: default %s is not in the row's "
                                "third (default) cell: %s" %
                                (element, kind, name, default, row))
    for p in problems:
        log("FAIL: " + p)
    n = sum(len(v) for v in items.values())
    log("%s: %d items checked against %s, %d problems" %
        (element, n, md_path, len(problems)))
    return not problems


def main():
    if len(sys.argv) < 3:
        fail("usage: check-docs.py DOCS_DIR ELEMENT...")
    require("gst-inspect-1.0", "apt-get install gstreamer1.0-tools")
    ok = True
    for element in sys.argv[2:]:
        ok = check_element(sys.argv[1], element) and ok
    if not ok:
        fail("the docs do not match the elements")
    log("PASS")


if __name__ == "__main__":
    main()
