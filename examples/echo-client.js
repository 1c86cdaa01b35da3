#!/usr/bin/env -S gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// Send a message to a VM socket address and print the answer.
//
// Usage: echo-client.js ADDRESS MESSAGE

import Gio from 'gi://Gio';
import Vmsock from 'gi://Vmsock?version=1';
import System from 'system';

if (ARGV.length !== 2) {
    printerr('Usage: echo-client.js ADDRESS MESSAGE');
    System.exit(2);
}

try {
    const address = Vmsock.socket_address_parse(ARGV[0]);
    const connection = new Gio.SocketClient().connect(address, null);
    connection.get_output_stream().write_all(new TextEncoder().encode(ARGV[1]), null);
    // The end of the message: the server answers once it sees it.
    connection.get_socket().shutdown(false, true);
    const answer = Gio.MemoryOutputStream.new_resizable();
    answer.splice(connection.get_input_stream(), Gio.OutputStreamSpliceFlags.CLOSE_TARGET, null);
    print(new TextDecoder().decode(answer.steal_as_bytes().toArray()));
} catch (error) {
    printerr(error.message);
    System.exit(1);
}
