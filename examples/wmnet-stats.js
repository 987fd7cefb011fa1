#!/usr/bin/env gjs
// gst-wmnet
// Copyright (C) 2026 the gst-wmnet developers
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// This library is free software; you can redistribute it and/or
// modify it under the terms of the GNU Lesser General Public
// License as published by the Free Software Foundation; either
// version 2.1 of the License, or (at your option) any later version.
//
// This library is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
// Lesser General Public License for more details.
//
// You should have received a copy of the GNU Lesser General Public
// License along with this library; if not, see <https://www.gnu.org/licenses/>.

// wmnetsink from JavaScript (gjs, GObject introspection): broadcasts a test
// source, sets and reads the access list through access-exclude-strv (gjs
// can neither build nor read a GstValueArray: each list has a string-array
// twin), watches num-clients with add_property_notify_watch (the notify
// comes from another thread; the watch turns it into a bus message on the
// main loop), reads the client table with get-clients (a GVariant aa{sv}:
// `clients` is a GstValueArray too), the `stats` structure, and prints
// each access log line (wmnetsink-log).
//
//   gjs examples/wmnet-stats.js --port 8080 --exclude 10.0.0.0/8 --log access.log

imports.gi.versions.Gst = '1.0';
const {GLib, Gst} = imports.gi;
const System = imports.system;

function parseArgs(argv) {
    const args = {port: 8080, address: null, duration: 0, exclude: [],
        log: null, interval: 2};
    for (let i = 0; i < argv.length; i++) {
        const v = argv[i + 1];
        switch (argv[i]) {
        case '--port': args.port = parseInt(v); i++; break;
        case '--address': args.address = v; i++; break;
        case '--duration': args.duration = parseFloat(v); i++; break;
        case '--interval': args.interval = parseFloat(v); i++; break;
        case '--exclude': args.exclude.push(v); i++; break;
        case '--log': args.log = v; i++; break;
        default:
            printerr(`unknown argument ${argv[i]}`);
            System.exit(2);
        }
    }
    return args;
}

function say(text) {
    print(text);
}

const args = parseArgs(ARGV);
Gst.init(null);

const pipeline = Gst.parse_launch(
    'audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! ' +
    'audioconvert ! avenc_wmav2 ! queue ! s.audio_%u wmnetsink name=s');
const sink = pipeline.get_by_name('s');
sink.port = args.port;
if (args.address)
    sink.address = args.address;
if (args.log)
    sink.log_location = args.log;
// access-exclude as a string array: the same list, read back canonical
if (args.exclude.length > 0) {
    sink.access_exclude_strv = args.exclude;
    say(`access-exclude: ${sink.access_exclude_strv.join(', ')}`);
}

// notify::num-clients comes from the element's message thread; the watch
// posts it on the bus, read here on the main loop
sink.add_property_notify_watch('num-clients', true);

function u64(s, field) {
    const [ok, v] = s.get_uint64(field);
    return ok ? v : -1;
}

function printClients() {
    // one {key: GLib.Variant} per client; selected-streams is an au
    for (const c of sink.emit('get-clients').deepUnpack()) {
        const v = key => c[key].deepUnpack();
        say(`client ${v('id')} ${v('address')} ${v('protocol')} ` +
            `since ${v('connected-at-datetime')} bytes=${v('bytes-sent')} ` +
            `streams=${v('selected-streams').join(',')}`);
    }
    const st = sink.stats;
    say(`stats clients=${st.get_uint('clients')[1]} ` +
        `accepted=${u64(st, 'connections-accepted')} ` +
        `refused=${u64(st, 'connections-refused')} ` +
        `bytes=${u64(st, 'bytes-sent')} ` +
        `bitrate=${u64(st, 'current-bitrate')}`);
    return GLib.SOURCE_CONTINUE;
}

const loop = new GLib.MainLoop(null, false);
const bus = pipeline.get_bus();
bus.add_signal_watch();
bus.connect('message', (_bus, msg) => {
    switch (msg.type) {
    case Gst.MessageType.ELEMENT: {
        const s = msg.get_structure();
        const name = s.get_name();
        if (name === 'wmnetsink-listening')
            say(`listening on ${s.get_string('host-url')} (port ${s.get_uint('port')[1]})`);
        else if (name === 'wmnetsink-client-refused')
            say(`refused ${s.get_string('address')} reason=${s.get_string('reason')}`);
        else if (name === 'wmnetsink-log')
            say(`log ${s.get_string('line')}`);
        break;
    }
    case Gst.MessageType.PROPERTY_NOTIFY: {
        const [, pname, value] = msg.parse_property_notify();
        // gjs hands the GValue over as a plain number
        say(`notify ${pname}=${value}`);
        break;
    }
    case Gst.MessageType.ERROR: {
        const [err] = msg.parse_error();
        printerr(`error: ${err.message}`);
        loop.quit();
        break;
    }
    }
});

GLib.timeout_add(GLib.PRIORITY_DEFAULT, args.interval * 1000, printClients);
if (args.duration > 0) {
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, args.duration * 1000, () => {
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
}
pipeline.set_state(Gst.State.PLAYING);
loop.run();
printClients();
// at READY the last sessions' log lines are on the bus (a bus is flushed
// at NULL): read them first
pipeline.set_state(Gst.State.READY);
for (let msg; (msg = bus.pop_filtered(Gst.MessageType.ELEMENT)) !== null;) {
    const s = msg.get_structure();
    if (s.get_name() === 'wmnetsink-log')
        say(`log ${s.get_string('line')}`);
}
pipeline.set_state(Gst.State.NULL);
say('done');
