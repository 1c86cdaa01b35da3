#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Send a message to a VM socket address and print the answer.

Usage: echo-client.py ADDRESS MESSAGE
"""

import sys

import gi
gi.require_version("Vmsock", "1")
from gi.repository import Gio, GLib, Vmsock  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print("Usage: echo-client.py ADDRESS MESSAGE", file=sys.stderr)
        return 2
    try:
        address = Vmsock.socket_address_parse(sys.argv[1])
        connection = Gio.SocketClient().connect(address, None)
        connection.get_output_stream().write_all(sys.argv[2].encode(), None)
        # The end of the message: the server answers once it sees it.
        connection.get_socket().shutdown(False, True)
        answer = Gio.MemoryOutputStream.new_resizable()
        answer.splice(connection.get_input_stream(), Gio.OutputStreamSpliceFlags.CLOSE_TARGET, None)
    except GLib.Error as error:
        print(error.message, file=sys.stderr)
        return 1
    print(answer.steal_as_bytes().get_data().decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
