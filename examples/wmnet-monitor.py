#!/usr/bin/python3
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
"""Broadcast with wmnetsink and watch who connects.

Uses wmnetsink from Python through GObject introspection (python3-gst-1.0):
broadcasts a live test source, or re-broadcasts a Windows Media file given
on the command line, prints connects, DNS names, refusals and disconnects as
the bus messages arrive, and the client table (the `clients` property)
every few seconds. Access-list entries given with --include/--exclude go
through the `add-access-entry` action signal, as IWMAddressAccess2 calls
would.

    wmnet-monitor.py --port 8080 --max-clients 20 --exclude 10.0.0.0/8
    wmnet-monitor.py talk.wmv --include 192.168.0.0/16 --duration 60

Run it against an uninstalled build with
`meson devenv -C build examples/wmnet-monitor.py` (or set GST_PLUGIN_PATH).
"""

import argparse
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

# GstWmnetAccessType values are the SDK's WM_AETYPE, so ported code keeps them.
WM_AETYPE_INCLUDE = 0x69
WM_AETYPE_EXCLUDE = 0x65

TEST_SOURCE = (
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=25/1 ! "
    "avenc_wmv2 bitrate=400000 gop-size=50 ! queue ! s.video_%u "
    "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! "
    "audioconvert ! avenc_wmav2 ! queue ! s.audio_%u "
    "wmnetsink name=s")

# asfdemux pads are linked when they appear, so a file with only audio or
# only video works too; the sink syncs, so the file goes out at its real rate.
FILE_SOURCE = (
    "filesrc name=file ! asfdemux name=d "
    "d.video_0 ! queue ! s.video_%u d.audio_0 ! queue ! s.audio_%u "
    "wmnetsink name=s")

T0 = time.monotonic()


def say(text):
    print("[%7.2f] %s" % (time.monotonic() - T0, text), flush=True)


def fmt_client(s):
    return "#%d %s:%d" % (s.get_value("id"), s.get_value("address"),
                          s.get_value("port"))


def print_table(sink):
    clients = sink.get_property("clients")
    now = GLib.get_real_time()
    say("clients: %d" % sink.get_property("num-clients"))
    if len(clients) == 0:
        return
    rows = [("id", "address", "port", "protocol", "dns-name", "for (s)",
             "bytes-sent", "packets", "dropped", "user-agent")]
    for c in clients:
        rows.append((
            str(c.get_value("id")), c.get_value("address"),
            str(c.get_value("port")), c.get_value("protocol"),
            c.get_value("dns-name") or "-",
            "%.1f" % ((now - c.get_value("connected-at")) / 1e6),
            str(c.get_value("bytes-sent")), str(c.get_value("packets-sent")),
            str(c.get_value("packets-dropped")),
            c.get_value("user-agent") or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("    " + "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip(),
              flush=True)


class Monitor:
    def __init__(self, args):
        self.args = args
        self.loop = GLib.MainLoop()
        self.stopping = False
        self.status = 0

        self.pipeline = Gst.parse_launch(FILE_SOURCE if args.file else TEST_SOURCE)
        if args.file:
            # set, not parsed: any file name works
            self.pipeline.get_by_name("file").set_property("location", args.file)
        self.sink = self.pipeline.get_by_name("s")
        self.sink.set_property("port", args.port)
        if args.address:
            self.sink.set_property("address", args.address)
        self.sink.set_property("max-clients", args.max_clients)
        self.sink.set_property("resolve-names", not args.no_resolve)

        for kind, entries in ((WM_AETYPE_INCLUDE, args.include),
                              (WM_AETYPE_EXCLUDE, args.exclude)):
            for entry in entries:
                # FALSE (and a GStreamer warning) for a malformed entry
                if not self.sink.emit("add-access-entry", kind, entry):
                    raise SystemExit("bad access entry: %r" % entry)
        say("access-include: %s" % list(self.sink.get_property("access-include")))
        say("access-exclude: %s" % list(self.sink.get_property("access-exclude")))

        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self.on_message)

    def on_message(self, bus, msg):
        if msg.type == Gst.MessageType.ELEMENT and msg.src == self.sink:
            self.on_sink_message(msg.get_structure())
        elif msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            say("error from %s: %s (%s)" % (msg.src.get_name(), err.message, dbg))
            self.status = 1
            self.loop.quit()
        elif msg.type == Gst.MessageType.WARNING:
            err, _ = msg.parse_warning()
            say("warning from %s: %s" % (msg.src.get_name(), err.message))
        elif msg.type == Gst.MessageType.EOS:
            say("end of stream")
            # the clients' disconnect messages follow the EOS; wait for them
            self.eos_deadline = time.monotonic() + 2
            GLib.timeout_add(100, self.quit_when_empty)

    def quit_when_empty(self):
        if (self.sink.get_property("num-clients") == 0
                or time.monotonic() > self.eos_deadline):
            self.loop.quit()
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    def on_sink_message(self, s):
        name = s.get_name()
        if name == "wmnetsink-listening":
            say("listening on %s (port %d)" % (s.get_value("host-url"),
                                              s.get_value("port")))
        elif name == "wmnetsink-client-connected":
            say("connect    %s %s %r" % (fmt_client(s), s.get_value("protocol"),
                                          s.get_value("user-agent")))
        elif name == "wmnetsink-client-properties":
            say("dns-name   %s %s" % (fmt_client(s), s.get_value("dns-name")))
        elif name == "wmnetsink-client-disconnected":
            say("disconnect %s reason=%s after %.1f s, %d bytes, "
                "%d packets, %d dropped" % (
                    fmt_client(s), s.get_value("reason"),
                    s.get_value("duration") / Gst.SECOND,
                    s.get_value("bytes-sent"), s.get_value("packets-sent"),
                    s.get_value("packets-dropped")))
        elif name == "wmnetsink-client-refused":
            say("refused    %s:%d reason=%s" % (s.get_value("address"),
                                               s.get_value("port"),
                                               s.get_value("reason")))

    def on_tick(self):
        print_table(self.sink)
        return GLib.SOURCE_CONTINUE

    def stop(self, why):
        # EOS first, so every client gets the end of stream ($E) and a clean
        # close, and its disconnect message is printed before we exit.
        if self.stopping:
            self.loop.quit()
            return GLib.SOURCE_REMOVE
        self.stopping = True
        say("stopping (%s)" % why)
        self.pipeline.send_event(Gst.Event.new_eos())
        GLib.timeout_add_seconds(3, self.loop.quit)
        return GLib.SOURCE_REMOVE

    def run(self):
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            say("could not start the broadcast")
            self.status = 1
            self.pipeline.set_state(Gst.State.NULL)
            return self.status
        GLib.timeout_add(int(self.args.interval * 1000), self.on_tick)
        if self.args.duration > 0:
            GLib.timeout_add(int(self.args.duration * 1000), self.stop, "duration")
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, self.stop, "SIGINT")
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, self.stop, "SIGTERM")
        self.loop.run()
        self.pipeline.set_state(Gst.State.NULL)
        # print what the shutdown itself posted (clients closed at NULL)
        bus = self.pipeline.get_bus()
        while (msg := bus.pop()) is not None:
            if msg.type == Gst.MessageType.ELEMENT and msg.src == self.sink:
                self.on_sink_message(msg.get_structure())
        return self.status


def main():
    p = argparse.ArgumentParser(
        description="Broadcast with wmnetsink and print its clients live.")
    p.add_argument("file", nargs="?",
                   help="Windows Media file to re-broadcast (default: a live test source)")
    p.add_argument("--port", type=int, default=8080, help="TCP port, 0 = any free (default 8080)")
    p.add_argument("--address", help="local address to listen on (default: every interface)")
    p.add_argument("--max-clients", type=int, default=5, help="0 = no limit (default 5)")
    p.add_argument("--include", action="append", default=[], metavar="ENTRY",
                   help="admit only matching clients, e.g. 192.168.0.0/16 (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="ENTRY",
                   help="refuse matching clients, e.g. 10.0.0.0/8 (repeatable)")
    p.add_argument("--interval", type=float, default=5.0,
                   help="seconds between client tables (default 5)")
    p.add_argument("--duration", type=float, default=0,
                   help="stop after this many seconds (default: run until Ctrl+C)")
    p.add_argument("--no-resolve", action="store_true", help="do not look up DNS names")
    args = p.parse_args()

    Gst.init(None)
    if Gst.ElementFactory.find("wmnetsink") is None:
        sys.exit("wmnetsink not found: install gst-wmnet or set GST_PLUGIN_PATH")
    return Monitor(args).run()


if __name__ == "__main__":
    sys.exit(main())
