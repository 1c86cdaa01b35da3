#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Serve on a VM socket address and send back what arrives.

Usage: echo-server.py [ADDRESS]   (default: vsock:any:5000)
"""

import sys

import gi
gi.require_version("Vmsock", "1")
from gi.repository import Gio, GLib, Vmsock  # noqa: E402


def echoed(output, result, connection):
    try:
        output.splice_finish(result)
    except GLib.Error as error:
        print(error.message, file=sys.stderr)
    # Everything is back: tell the client that nothing more comes.
    connection.get_socket().shutdown(False, True)


def on_incoming(service, connection, source_object):
    peer = Vmsock.socket_connection_get_remote_address(connection)
    print(f"Connection from {peer.to_string()}", flush=True)
    output = connection.get_output_stream()
    output.splice_async(connection.get_input_stream(), Gio.OutputStreamSpliceFlags.NONE,
                        GLib.PRIORITY_DEFAULT, None, echoed, connection)
    return True


def main():
    service = Vmsock.SocketService.new()
    try:
        address = Vmsock.socket_address_parse(sys.argv[1] if len(sys.argv) > 1 else "vsock:any:5000")
        _, effective = service.add_address(address, Gio.SocketType.STREAM,
                                           Gio.SocketProtocol.DEFAULT, None)
    except GLib.Error as error:
        print(error.message, file=sys.stderr)
        return 1
    service.connect("incoming", on_incoming)
    # GIO hands back a Gio.NativeSocketAddress for families it does not know.
    listening = Vmsock.socket_address_convert(effective)
    print(f"Listening on {listening.to_string()}", flush=True)
    GLib.MainLoop().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
