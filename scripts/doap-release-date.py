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
"""Prints the release date (YYYY-MM-DD) of VERSION from a DOAP file.

    doap-release-date.py VERSION gst-plugin.doap

meson.build runs it at configure time to set GST_PACKAGE_RELEASE_DATETIME,
as GStreamer modules do. Exits 1, with the reason on stderr, when the file
has no <Version> with that <revision>: a release must be listed there.
"""

import sys
import xml.etree.ElementTree as ET

DOAP = "{http://usefulinc.com/ns/doap#}"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: doap-release-date.py VERSION DOAP-FILE")
    version, path = sys.argv[1], sys.argv[2]
    root = ET.parse(path).getroot()
    for v in root.iter(DOAP + "Version"):
        if (v.findtext(DOAP + "revision") or "").strip() == version:
            created = (v.findtext(DOAP + "created") or "").strip()
            if not created:
                sys.exit("%s: release %s has no <created> date" % (path, version))
            print(created)
            return
    sys.exit("%s: no <Version> with <revision>%s</revision>; add the release"
             % (path, version))


if __name__ == "__main__":
    main()
