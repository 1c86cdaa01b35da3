# SPDX-License-Identifier: LGPL-2.1-or-later
"""Peers for the Python programs that run inside the QEMU test guest: the
guard that keeps them out of any other machine, and sockets to talk to."""

import hashlib
import pathlib
import socket
import sys
import threading
import time

GUEST_MARKER = "vmsock_test_guest=1"
CID_LOCAL = 1

_next_port = [40000]


def inside_guest():
    return (pathlib.Path("/sys/module/vsock_loopback").is_dir()
            and GUEST_MARKER in pathlib.Path("/proc/cmdline").read_text().split())


def refuse_outside_guest(program):
    """Ends the process unless it runs inside the test guest; True if it does."""
    if inside_guest():
        return True
    print(f"{program}: refusing to run: it opens AF_VSOCK sockets and runs only inside "
          "the project's QEMU test guest (tests/guest/vmsock-guest-run).", file=sys.stderr)
    return False


def new_port():
    _next_port[0] += 1
    return _next_port[0]


def recv_all(sock):
    chunks = []
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def digest(data):
    return hashlib.sha256(data).hexdigest().encode()


class Server:
    """A listening socket whose connections each get handler(conn) in a thread."""

    def __init__(self, family, address, handler):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        if family != socket.AF_UNIX:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(address)
        self.sock.listen(256)
        self.handler = handler
        self.errors = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            with conn:
                self.handler(conn)
        except OSError as error:
            self.errors.append(error)

    def close(self):
        self.sock.close()


def reply_with_digest(conn):
    """Reads to the end, then answers: the client must half-close."""
    conn.sendall(digest(recv_all(conn)))


def echo(conn):
    while True:
        chunk = conn.recv(1 << 16)
        if not chunk:
            conn.shutdown(socket.SHUT_WR)
            return
        conn.sendall(chunk)


def connect_when_ready(family, address):
    deadline = time.monotonic() + 30
    while True:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.connect(address)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wait_listening(family, address):
    connect_when_ready(family, address).close()
