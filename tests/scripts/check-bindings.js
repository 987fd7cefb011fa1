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

// gjs (GObject introspection) through the routes that need no
// GstValueArray (docs/design.md D80): reads every list of wmnetsink,
// wmnetserversink and wmnetpushsrc as its G_TYPE_STRV twin, sets the
// access lists, checks that a twin sees the other's value, and reads the
// client table (get-clients, an aa{sv}) while a raw MS-WMSP player plays,
// its selected-streams from the variant and from get-client-info's
// structure (Gst.Structure.get_array). Every wait is bounded; any
// failure exits 1.
//
//   gjs tests/scripts/check-bindings.js   (GST_PLUGIN_PATH_1_0: the build)

imports.gi.versions.Gst = '1.0';
const {Gio, GLib, Gst} = imports.gi;
const System = imports.system;

const WAIT_S = 30;

function fail(text) {
    printerr(`FAIL: ${text}`);
    System.exit(1);
}

function same(got, want, what) {
    const g = JSON.stringify(got), w = JSON.stringify(want);
    if (g !== w)
        fail(`${what}: got ${g}, expected ${w}`);
    print(`ok ${what} = ${g}`);
}

function make(factory) {
    const e = Gst.ElementFactory.make(factory, null);
    if (e === null)
        fail(`no ${factory}: GST_PLUGIN_PATH_1_0 must name the build`);
    return e;
}

// the lists' defaults, each as its twin sees it
function checkDefaults() {
    for (const factory of ['wmnetsink', 'wmnetserversink']) {
        const e = make(factory);
        same(e.access_include_strv, [], `${factory} access-include-strv`);
        same(e.access_exclude_strv, [], `${factory} access-exclude-strv`);
        same(e.trusted_proxies_strv, [], `${factory} trusted-proxies-strv`);
        same(e.metrics_access_strv, ['127.0.0.1/32', '::1/128'],
            `${factory} metrics-access-strv`);
        same(e.emit('get-clients').deepUnpack(), [],
            `${factory} get-clients when not serving`);
    }
    const push = make('wmnetpushsrc');
    same(push.access_include_strv, ['127.0.0.1/32', '::1/128'],
        'wmnetpushsrc access-include-strv');
    same(push.access_exclude_strv, [], 'wmnetpushsrc access-exclude-strv');
    push.access_include_strv = ['192.0.2.0/24'];
    push.access_exclude_strv = ['192.0.2.7'];
    same(push.access_include_strv, ['192.0.2.0/24'],
        'wmnetpushsrc access-include-strv set');
    same(push.access_exclude_strv, ['192.0.2.7/32'],
        'wmnetpushsrc access-exclude-strv set');
}

// Sets each list as a string array, reads it back in canonical form, and
// sets its GstValueArray twin from a string (as gst-launch-1.0 does): the
// string array form sees it, and a notify says so.
function setLists(sink) {
    let notified = 0;
    sink.connect('notify::access-exclude-strv', () => notified++);
    Gst.util_set_object_arg(sink, 'access-exclude', '<"192.0.2.9">');
    same(sink.access_exclude_strv, ['192.0.2.9/32'],
        'access-exclude-strv after access-exclude');
    if (notified !== 1)
        fail(`${notified} notify::access-exclude-strv for one access-exclude`);

    sink.access_include_strv = ['127.0.0.0/8', '10.1.2.3/255.255.0.0'];
    sink.access_exclude_strv = ['127.0.0.2'];
    sink.trusted_proxies_strv = ['192.0.2.1'];
    sink.metrics_access_strv = ['127.0.0.1'];
    same(sink.access_include_strv, ['127.0.0.0/8', '10.1.0.0/16'],
        'access-include-strv set');
    same(sink.access_exclude_strv, ['127.0.0.2/32'], 'access-exclude-strv set');
    same(sink.trusted_proxies_strv, ['192.0.2.1/32'],
        'trusted-proxies-strv set');
    same(sink.metrics_access_strv, ['127.0.0.1/32'], 'metrics-access-strv set');
}

// the first wmnetsink-listening message's port, within WAIT_S
function waitListening(pipeline) {
    const bus = pipeline.get_bus();
    const types = Gst.MessageType.ELEMENT | Gst.MessageType.ERROR;
    for (;;) {
        const msg = bus.timed_pop_filtered(WAIT_S * Gst.SECOND, types);
        if (msg === null)
            fail('no wmnetsink-listening message');
        if (msg.type === Gst.MessageType.ERROR)
            fail(`error: ${msg.parse_error()[0].message}`);
        const s = msg.get_structure();
        if (s.get_name() === 'wmnetsink-listening')
            return s.get_uint('port')[1];
    }
}

// VLC 3.0's MS-WMSP play request, the audio stream (1) selected
const PLAY = 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: */*\r\n' +
    'User-Agent: NSPlayer/7.10.0.3059\r\n' +
    'Pragma: no-cache,rate=1.000000,request-context=2\r\n' +
    'Pragma: xPlayStrm=1\r\n' +
    'Pragma: xClientGUID={0xbabac001-0x9438-0xf408-0x28dd997cfabc3d83}\r\n' +
    'Pragma: stream-switch-count=1\r\n' +
    'Pragma: stream-switch-entry=ffff:1:0 \r\n' +
    'Connection: Close\r\n\r\n';

// A play request from @from; returns the connection once @want bytes of
// the answer came (its socket I/O times out after WAIT_S), and the text.
function play(port, from, want) {
    const client = new Gio.SocketClient({timeout: WAIT_S});
    client.local_address = Gio.InetSocketAddress.new_from_string(from, 0);
    const conn = client.connect_to_host(`127.0.0.1:${port}`, 0, null);
    conn.output_stream.write_all(new TextEncoder().encode(PLAY), null);
    let got = new Uint8Array(0);
    while (got.length < want) {
        const bytes = conn.input_stream.read_bytes(4096, null).toArray();
        if (bytes.length === 0)
            break;
        const more = new Uint8Array(got.length + bytes.length);
        more.set(got);
        more.set(bytes, got.length);
        got = more;
    }
    const text = new TextDecoder('latin1').decode(got);
    return [conn, text];
}

function checkClients(sink, port) {
    // excluded: refused
    const [refused, status] = play(port, '127.0.0.2', 1 << 20);
    refused.close(null);
    if (!status.startsWith('HTTP/1.0 403') && !status.startsWith('HTTP/1.1 403'))
        fail(`127.0.0.2 (excluded) got ${status.split('\r\n')[0]}`);
    print('ok 127.0.0.2 refused (403)');

    // the header ($H) and packets ($D) flowing
    const [conn, text] = play(port, '127.0.0.1', 8192);
    if (!text.startsWith('HTTP/1.0 200') || !text.includes('$D'))
        fail(`the player got ${JSON.stringify(text.slice(0, 200))}`);

    const clients = sink.emit('get-clients');
    same(clients.get_type_string(), 'aa{sv}', 'get-clients type');
    const list = clients.deepUnpack();
    same(list.length, 1, 'clients');
    const c = list[0];
    const keys = Object.keys(c);
    // the keys of a `clients` structure, in its order
    same(keys, ['id', 'address', 'port', 'dns-name', 'user-agent', 'protocol',
        'connected-at', 'bytes-sent', 'packets-sent', 'packets-dropped',
        'user', 'selected-streams', 'thinned-streams',
        'connected-at-datetime'], 'client keys');
    const types = keys.map(k => c[k].get_type_string()).join(' ');
    same(types, 't s u s s s x t t t s au au s', 'client key types');
    const v = k => c[k].deepUnpack();
    same(v('address'), '127.0.0.1', 'address');
    same(v('protocol'), 'wmsp', 'protocol');
    same(v('user-agent'), 'NSPlayer/7.10.0.3059', 'user-agent');
    same(v('selected-streams'), [1], 'selected-streams');
    same(v('thinned-streams'), [], 'thinned-streams');
    // the counters trail the socket: numbers, not yet a given value
    for (const k of ['id', 'connected-at', 'bytes-sent', 'packets-sent'])
        if (!Number.isInteger(v(k)) || v(k) < 0)
            fail(`${k} ${v(k)}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v('connected-at-datetime')))
        fail(`connected-at-datetime ${v('connected-at-datetime')}`);
    const local = conn.get_local_address().get_port();
    same(v('port'), local, 'port');

    // the same client's structure: its GstValueArray field through
    // Gst.Structure.get_array (a GObject.ValueArray gjs can read)
    const s = sink.emit('get-client-info', 0);
    same(s.get_uint64('id')[1], v('id'), 'get-client-info id');
    const [ok, arr] = s.get_array('selected-streams');
    if (!ok)
        fail('get-client-info has no selected-streams array');
    const streams = [];
    for (let i = 0; i < arr.n_values; i++)
        streams.push(arr.get_nth(i));
    same(streams, [1], 'get-client-info selected-streams (get_array)');
    conn.close(null);
}

Gst.init(null);
checkDefaults();
const pipeline = Gst.parse_launch(
    'audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! ' +
    'audioconvert ! avenc_wmav2 ! queue ! ' +
    's.audio_%u wmnetsink name=s port=0 address=127.0.0.1');
const sink = pipeline.get_by_name('s');
setLists(sink);
pipeline.set_state(Gst.State.PLAYING);
const port = waitListening(pipeline);
checkClients(sink, port);
pipeline.set_state(Gst.State.NULL);
print('PASS');
