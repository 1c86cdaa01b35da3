#!/usr/bin/env -S gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// Serve on a VM socket address and send back what arrives.
//
// Usage: echo-server.js [ADDRESS]   (default: vsock:any:5000)

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Vmsock from 'gi://Vmsock?version=1';
import System from 'system';

function onIncoming(service, connection) {
    const peer = Vmsock.socket_connection_get_remote_address(connection);
    print(`Connection from ${peer.to_string()}`);
    connection.get_output_stream().splice_async(connection.get_input_stream(),
        Gio.OutputStreamSpliceFlags.NONE, GLib.PRIORITY_DEFAULT, null, (output, result) => {
            try {
                output.splice_finish(result);
            } catch (error) {
                printerr(error.message);
            }
            // Everything is back: tell the client that nothing more comes.
            connection.get_socket().shutdown(false, true);
        });
    return true;
}

const service = Vmsock.SocketService.new();
let effective;
try {
    const address = Vmsock.socket_address_parse(ARGV[0] ?? 'vsock:any:5000');
    [, effective] = service.add_address(address, Gio.SocketType.STREAM,
        Gio.SocketProtocol.DEFAULT, null);
} catch (error) {
    printerr(error.message);
    System.exit(1);
}
service.connect('incoming', onIncoming);
// GIO hands back a Gio.NativeSocketAddress for families it does not know.
const listening = Vmsock.socket_address_convert(effective);
print(`Listening on ${listening.to_string()}`);
new GLib.MainLoop(null, false).run();
