#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The echo server and client examples in C, Python and JavaScript, every
client against every server, over AF_VSOCK on a real kernel: a stock
Gio.SocketClient talking to a Gio.SocketService in each language.  Runs only
inside the QEMU test guest."""

import pathlib
import queue
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import tap  # noqa: E402
from examplecommands import LANGUAGES, command  # noqa: E402
from guestpeer import CID_LOCAL, new_port, refuse_outside_guest  # noqa: E402

TIMEOUT = 120


class Server:
    """An echo server example, whose output lines are read with a time limit."""

    def __init__(self, language, port):
        self.process = subprocess.Popen(command(language, "echo-server") + [f"vsock:any:{port}"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.errors = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.errors.extend(self.process.stderr),
                         daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def next_line(self):
        try:
            return self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            return f"(nothing within {TIMEOUT} s; on standard error: {''.join(self.errors)!r})"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)


class EchoExamples(unittest.TestCase):
    def serve_and_ask(self, server_language):
        port = new_port()
        server = Server(server_language, port)
        try:
            line = server.next_line()
            self.assertEqual(line, f"Listening on vsock:any:{port}\n")
            for client_language in LANGUAGES:
                message = f"hello from {client_language} to {server_language}, grüße"
                result = subprocess.run(command(client_language, "echo-client") +
                                        [f"vsock:{CID_LOCAL}:{port}", message],
                                        capture_output=True, text=True, timeout=TIMEOUT)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, message + "\n")
                # The service knows which machine called: this one.
                self.assertRegex(server.next_line(),
                                 rf"^Connection from vsock:{CID_LOCAL}:\d+\n$")
        finally:
            server.stop()

    def test_c_server(self):
        self.serve_and_ask("c")

    def test_python_server(self):
        self.serve_and_ask("python")

    def test_javascript_server(self):
        self.serve_and_ask("javascript")

    def test_refused(self):
        for language in LANGUAGES:
            with self.subTest(language=language):
                result = subprocess.run(command(language, "echo-client") +
                                        [f"vsock:{CID_LOCAL}:{new_port()}", "anyone?"],
                                        capture_output=True, text=True, timeout=TIMEOUT)
                # Stock GIO reports what the kernel says: vsock refuses with a reset.
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stderr, "Could not connect: Connection reset by peer\n")
                self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    if not refuse_outside_guest("examples"):
        tap.bail_out("not inside the vmsock test guest")
    tap.main(EchoExamples)
