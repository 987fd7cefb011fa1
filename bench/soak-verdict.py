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
"""The soak's figures and verdict (bench/soak), stdlib only.

  soak-verdict.py RAW MODE ASAN COMMIT

Reads RAW/server.json, RAW/rss.csv, RAW/wmload.json, RAW/server.rc and the
sanitizer logs (RAW/asan.*, RAW/ubsan.*); prints a Markdown summary; exit
status 0 when every pass criterion is met: the server exited 0 (no crash,
no error message, served the whole time), every honest client at full rate,
RSS from 300 s on within 5% of its value at 300 s (not judged under ASan,
whose quarantine and shadow memory grow by design), no sanitizer report.
"""
import csv
import glob
import json
import os
import sys
import time

RSS_FROM_S = 300
RSS_TOLERANCE = 0.05


def main():
    raw, mode, asan, commit = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
    load = {}
    server = {}
    try:
        with open(os.path.join(raw, "wmload.json")) as f:
            load = json.load(f)
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(raw, "server.json")) as f:
            server = json.load(f)
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(raw, "server.rc")) as f:
            rc = int(f.read().strip())
    except (OSError, ValueError):
        rc = -1
    # RSS while loaded: samples with at least 90% of the peak clients
    rows = []
    try:
        with open(os.path.join(raw, "rss.csv")) as f:
            rows = [(float(r["seconds"]), int(r["rss_kb"]), int(r["clients"]))
                    for r in csv.DictReader(f)]
    except (OSError, ValueError, KeyError):
        pass
    peak = max((r[2] for r in rows), default=0)
    loaded = [r for r in rows if r[2] >= 0.9 * peak and peak > 0]
    at5 = next((r for r in rows if r[0] >= RSS_FROM_S - 0.5), None)
    end = loaded[-1] if loaded else None
    after = [r[1] for r in loaded if r[0] >= RSS_FROM_S - 0.5]
    rss_ok = None
    if at5 and end and after:
        rss_ok = (max(after) <= at5[1] * (1 + RSS_TOLERANCE)
                  and min(after) >= at5[1] * (1 - RSS_TOLERANCE))
    reports = []
    for path in glob.glob(os.path.join(raw, "asan.*")) + glob.glob(os.path.join(raw, "ubsan.*")):
        with open(path, errors="replace") as f:
            text = f.read()
        reports += [l for l in text.splitlines()
                    if "ERROR: AddressSanitizer" in l or "ERROR: LeakSanitizer" in l
                    or "runtime error:" in l]
    honest = load.get("honest", 0)
    full = load.get("full_rate", 0)
    crashed = rc != 0
    ok = (not crashed and honest > 0 and full == honest
          and (asan or rss_ok is True) and not reports)
    churn = load.get("churn", {})
    wall = load.get("wall_s") or 0
    p = print
    p("### Soak %s, %s%s" % (time.strftime("%Y-%m-%d", time.gmtime()), mode,
                            " (ASan+UBSan)" if asan else ""))
    p()
    p("| | |")
    p("|---|---|")
    p("| commit | %s |" % commit)
    p("| mode, length | %s, server %s s, clients %.0f s |" % (mode, server.get("seconds"), wall))
    p("| long-lived clients | %s: %s honest, %s pausing, %s kickable |" % (
        load.get("clients"), honest, load.get("pausing", {}).get("clients"),
        load.get("kickable", {}).get("clients")))
    p("| churn | %s/s asked: %s started (%s skipped), status 200 %s, 401 %s, 403 %s, "
      "503 %s, other %s; closed before a status %s, unanswered in 2 s %s, "
      "connect timeouts %s, connect errors %s |" % (
          churn.get("rate"), churn.get("started"), churn.get("skipped"),
          churn.get("status_200"), churn.get("status_401"), churn.get("status_403"),
          churn.get("status_503"), churn.get("status_other"), churn.get("closed_early"),
          churn.get("unanswered"), churn.get("connect_timeouts"),
          churn.get("connect_errors")))
    p("| server thread | %s edit steps (%s refused, %s lists not as set), %s reads of "
      "`clients` + `stats`, %s kicks (%s refused, %s seconds with no one to kick); "
      "peak %s clients |" % (
          server.get("edits"), server.get("edit_refusals"), server.get("edit_mismatches"),
          server.get("reads"), server.get("kicks"), server.get("kicks_refused"),
          server.get("kick_none"), server.get("clients_max")))
    p("| pausing clients | %s pauses, %s reconnects, closed: %s |" % (
        load.get("pausing", {}).get("pauses"), load.get("pausing", {}).get("reconnects"),
        {k: v for k, v in load.get("pausing", {}).get("closed", {}).items() if v}))
    p("| kickable clients | %s reconnects, closed: %s |" % (
        load.get("kickable", {}).get("reconnects"),
        {k: v for k, v in load.get("kickable", {}).get("closed", {}).items() if v}))
    p("| crashes | %s (server exit status %s; bus errors %s, warnings %s%s) |" % (
        1 if crashed else 0, rc, server.get("bus_errors"), server.get("bus_warnings"),
        ": " + server.get("messages") if server.get("messages") else ""))
    p("| honest clients at full rate | %s of %s (outcomes %s; seq gaps %s; framing "
      "errors %s; longest wait between packets: median %s s, max %s s) |" % (
          full, honest, {k: v for k, v in load.get("outcomes", {}).items() if v},
          load.get("seq_gaps"), load.get("framing_errors"),
          _r(load.get("max_gap_s_median")), _r(load.get("max_gap_s_max"))))
    p("| server RSS | at 60 s %s KiB, at %d s %s KiB, at the end (%s s) %s KiB; from "
      "%d s on min %s max %s KiB: %s |" % (
          server.get("rss_kb", {}).get("at_60s"), RSS_FROM_S, at5[1] if at5 else None,
          _r(end[0]) if end else None, end[1] if end else None, RSS_FROM_S,
          min(after) if after else None, max(after) if after else None,
          "not judged (ASan)" if asan else
          ("within 5%" if rss_ok else "NOT within 5%" if rss_ok is False else "no data")))
    p("| sanitizer reports | %s |" % (
        "%d: %s" % (len(reports), "; ".join(reports[:3])) if reports
        else ("0" if asan else "— (plain build)")))
    p("| server stats at the end | %s |" % server.get("stats", "").replace("|", "/"))
    p("| verdict | %s |" % ("pass" if ok else "FAIL"))
    return 0 if ok else 1


def _r(v):
    return None if v is None else round(v, 2)


if __name__ == "__main__":
    sys.exit(main())
