#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""vmsockctl connect, listen and forward on a real kernel, with socat and
Python at the other end, and vmsockctl bench over vsock.  Runs only inside
the QEMU test guest."""

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import tap  # noqa: E402
from guestpeer import (CID_LOCAL, Server, connect_when_ready, digest, echo,  # noqa: E402
                       new_port, recv_all, refuse_outside_guest, reply_with_digest,
                       wait_listening)

VMSOCKCTL = os.environ.get("VMSOCKCTL", "vmsockctl")
TIMEOUT = 120


class Connect(unittest.TestCase):
    def test_half_close_to_python(self):
        port = new_port()
        server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, port), reply_with_digest)
        data = os.urandom(4 << 20)
        result = subprocess.run([VMSOCKCTL, "connect", f"vsock:{CID_LOCAL}:{port}"],
                                input=data, capture_output=True, timeout=TIMEOUT)
        server.close()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, digest(data))
        self.assertEqual(server.errors, [])

    def test_echo_through_socat(self):
        port = new_port()
        # socat's PIPE echoes through a pipe to itself, in one thread.  While
        # the way back to vmsockctl lags, the pipe fills, and socat's write of
        # up to 8 KiB (its default buffer) into a pipe with less room blocks
        # for good: only socat itself would empty it.  A write of at most a
        # page (-b 4096) always fits once poll() says the pipe takes data.
        # After vmsockctl's end of data, socat gives up on the way back after
        # -t seconds with nothing moving (0.5 by default), and ends at once
        # when its pipe is empty.
        # With fork, the probe that waits for socat uses up no connection.
        socat = subprocess.Popen(["socat", "-b", "4096", "-t", "60",
                                  f"VSOCK-LISTEN:{port},fork", "PIPE"])
        try:
            wait_listening(socket.AF_VSOCK, (CID_LOCAL, port))
            data = os.urandom(1 << 20)
            result = subprocess.run([VMSOCKCTL, "connect", f"vsock://{CID_LOCAL}:{port}"],
                                    input=data, capture_output=True, timeout=TIMEOUT)
        finally:
            socat.terminate()
            socat.wait(timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, data)

    def test_refused(self):
        result = subprocess.run([VMSOCKCTL, "connect", f"vsock:{CID_LOCAL}:{new_port()}"],
                                input=b"", capture_output=True, timeout=TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"connection refused", result.stderr)
        # The address is said once, not once by each layer.
        self.assertEqual(result.stderr.count(b"Could not connect to"), 1, result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_probe(self):
        port = new_port()
        server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, port), recv_all)
        result = subprocess.run([VMSOCKCTL, "connect", "-z", f"vsock:{CID_LOCAL}:{port}"],
                                input=b"not sent", capture_output=True, timeout=TIMEOUT)
        server.close()
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, b"", b""))
        result = subprocess.run([VMSOCKCTL, "connect", "-z", f"vsock:{CID_LOCAL}:{new_port()}"],
                                capture_output=True, timeout=TIMEOUT)
        self.assertEqual(result.returncode, 1)


class Listen(unittest.TestCase):
    def test_python_client_half_closes(self):
        port = new_port()
        from_listener = os.urandom(1 << 20)
        listener = subprocess.Popen([VMSOCKCTL, "listen", f"vsock:any:{port}"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        client = connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, port))
        writer = threading.Thread(target=lambda: (listener.stdin.write(from_listener),
                                                  listener.stdin.close()))
        writer.start()
        # The listener's stdin ended, so its sending side shuts down: the
        # client sees the end, and may still answer.
        received = recv_all(client)
        client.sendall(digest(received))
        client.close()
        output = listener.stdout.read()
        writer.join()
        self.assertEqual(listener.wait(timeout=TIMEOUT), 0)
        self.assertEqual(received, from_listener)
        self.assertEqual(output, digest(from_listener))

    def test_socat_client(self):
        port = new_port()
        listener = subprocess.Popen([VMSOCKCTL, "listen", "--verbose", f"vsock:any:{port}"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
        # --verbose says when it listens.
        self.assertTrue(listener.stderr.readline().startswith(b"Listening on vsock"))
        listener.stdin.write(b"from vmsockctl\n")
        listener.stdin.close()
        # socat waits at most -t seconds for the other side once its input ends.
        result = subprocess.run(["socat", "-t", "60", "-", f"VSOCK-CONNECT:{CID_LOCAL}:{port}"],
                                input=b"from socat\n", capture_output=True, timeout=TIMEOUT)
        self.assertEqual(listener.stdout.read(), b"from socat\n")
        self.assertEqual(listener.wait(timeout=TIMEOUT), 0)
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, b"from vmsockctl\n")

    def test_verbose_names_the_vsock_peer(self):
        port = new_port()
        listener = subprocess.Popen([VMSOCKCTL, "listen", "--verbose", f"vsock:any:{port}"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
        self.assertTrue(listener.stderr.readline().startswith(b"Listening on vsock"))
        with connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, port)) as client:
            client_port = client.getsockname()[1]
            line = listener.stderr.readline().decode()
        self.assertEqual(listener.wait(timeout=TIMEOUT), 0)
        listener.stderr.close()
        self.assertRegex(line, rf"^Connection from vsock:(//)?{CID_LOCAL}:{client_port}\n$")

    def test_port_taken(self):
        port = new_port()
        server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, port), recv_all)
        result = subprocess.run([VMSOCKCTL, "listen", f"vsock:any:{port}"],
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        server.close()
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stderr.decode(),
                         rf"^vmsockctl: Could not listen on vsock:any:{port}: Address already in use\n$")

    def test_exec_keep_open(self):
        port = new_port()
        listener = subprocess.Popen([VMSOCKCTL, "listen", "-v", "-k", f"vsock:any:{port}",
                                     "--exec", "sh", "-c", "echo $$; exec tr a-z A-Z"],
                                    stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.assertTrue(listener.stderr.readline().startswith(b"Listening on vsock"))
        threading.Thread(target=listener.stderr.read, daemon=True).start()
        clients = [connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, port)) for _ in range(4)]
        pids = [int(client.makefile("rb").readline()) for client in clients]
        self.assertEqual(len(set(pids)), 4)
        for n, client in enumerate(clients):
            client.sendall(b"connection %d" % n)
            client.shutdown(socket.SHUT_WR)
        answers = [recv_all(client) for client in clients]
        self.assertEqual(answers, [b"CONNECTION %d" % n for n in range(4)])
        for client in clients:
            client.close()

        # A peer that goes away takes its program with it.
        with connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, port)) as client:
            pid = int(client.makefile("rb").readline())
        deadline = time.monotonic() + 30
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(os.path.exists(f"/proc/{pid}"))
        listener.send_signal(signal.SIGTERM)
        self.assertEqual(listener.wait(timeout=TIMEOUT), 0)

    def test_sigterm_while_waiting(self):
        listener = subprocess.Popen([VMSOCKCTL, "listen", "--verbose", f"vsock:any:{new_port()}"],
                                    stderr=subprocess.PIPE)
        listener.stderr.readline()
        listener.send_signal(signal.SIGTERM)
        self.assertEqual(listener.wait(timeout=TIMEOUT), 0)


class Forward(unittest.TestCase):
    def start_forward(self, listen, target):
        forward = subprocess.Popen([VMSOCKCTL, "forward", "--verbose", listen, target],
                                   stderr=subprocess.PIPE)
        line = forward.stderr.readline()
        self.assertTrue(line.startswith(b"Listening on"), line)
        forward.messages = []
        threading.Thread(target=lambda: forward.messages.append(forward.stderr.read()),
                         daemon=True).start()
        return forward

    def stop_forward(self, forward, sig=signal.SIGTERM):
        forward.send_signal(sig)
        status = forward.wait(timeout=TIMEOUT)
        time.sleep(0.2)
        self.assertEqual(status, 0, b"".join(forward.messages).decode(errors="replace")[-2000:])

    def test_tcp_to_vsock_100_concurrent(self):
        vsock_port, tcp_port = new_port(), new_port()
        server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, vsock_port), echo)
        forward = self.start_forward(f"tcp:127.0.0.1:{tcp_port}", f"vsock:{CID_LOCAL}:{vsock_port}")
        results = {}

        def send(sock, data):
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # The receiving side reports the connection's fate.

        def client(number):
            data = os.urandom(64 << 10)
            try:
                with connect_when_ready(socket.AF_INET, ("127.0.0.1", tcp_port)) as sock:
                    sender = threading.Thread(target=send, args=(sock, data))
                    sender.start()
                    received = recv_all(sock)
                    sender.join()
                results[number] = ("ok" if received == data
                                   else f"came back changed: {len(received)} of {len(data)} bytes")
            except OSError as error:
                results[number] = repr(error)

        clients = [threading.Thread(target=client, args=(n,)) for n in range(100)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=TIMEOUT)
        self.stop_forward(forward)
        server.close()
        failures = {number: result for number, result in results.items() if result != "ok"}
        self.assertEqual(len(results), 100)
        self.assertEqual(failures, {})
        self.assertEqual(server.errors, [])

    def test_vsock_to_unix_half_close(self):
        vsock_port = new_port()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "server.sock")
            server = Server(socket.AF_UNIX, path, reply_with_digest)
            forward = self.start_forward(f"vsock:any:{vsock_port}", f"unix:{path}")
            data = os.urandom(1 << 20)
            with connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, vsock_port)) as sock:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                answer = recv_all(sock)
            self.stop_forward(forward, signal.SIGINT)
            server.close()
        self.assertEqual(answer, digest(data))

    def test_sigint_ends_open_connections(self):
        vsock_port, tcp_port = new_port(), new_port()
        server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, vsock_port), echo)
        forward = self.start_forward(f"tcp:127.0.0.1:{tcp_port}", f"vsock:{CID_LOCAL}:{vsock_port}")
        sock = connect_when_ready(socket.AF_INET, ("127.0.0.1", tcp_port))
        sock.sendall(b"ping")
        self.assertEqual(sock.recv(4), b"ping")
        # The connection stays open; the signal still ends everything.
        self.stop_forward(forward, signal.SIGINT)
        self.assertEqual(recv_all(sock), b"")
        sock.close()
        server.close()

    def test_unreachable_target_keeps_serving(self):
        tcp_port = new_port()
        forward = self.start_forward(f"tcp:127.0.0.1:{tcp_port}", f"vsock:{CID_LOCAL}:{new_port()}")
        for _ in range(2):
            with connect_when_ready(socket.AF_INET, ("127.0.0.1", tcp_port)) as sock:
                self.assertEqual(recv_all(sock), b"")
        self.assertIsNone(forward.poll())
        self.stop_forward(forward)


class Bench(unittest.TestCase):
    """vmsockctl bench serve and run over vsock; the figures go to the log."""

    def setUp(self):
        self.port = new_port()
        server = subprocess.Popen([VMSOCKCTL, "bench", "serve", "--verbose",
                                   f"vsock:any:{self.port}"],
                                  stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (server.send_signal(signal.SIGTERM),
                                 self.assertEqual(server.wait(timeout=TIMEOUT), 0)))
        line = server.stderr.readline()
        self.assertTrue(line.startswith("Listening on "), line)

    def bench(self, *args):
        command = [VMSOCKCTL, "bench", "run", "--json=short", *args,
                   f"vsock:{CID_LOCAL}:{self.port}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = json.loads(result.stdout)
        for row in rows:
            print(f"# bench run {' '.join(args)}: {json.dumps(row)}", flush=True)
        return rows

    def test_throughput(self):
        for args in (["-d", "1"], ["-d", "1", "-R"], ["-s", "64K", "-d", "1", "-P", "4"]):
            for row in self.bench(*args):
                self.assertGreater(row["bytes"], 0)
                self.assertGreater(row["bytes-per-second"], 0)

    def test_connect(self):
        for parallel in ("1", "8"):
            (row,) = self.bench("-m", "connect", "-d", "1", "-P", parallel)
            self.assertGreater(row["connections"], 0)
            self.assertEqual(row["failed"], 0)

    def test_latency(self):
        for row in self.bench("-m", "latency", "-s", "1,64K", "-n", "500"):
            self.assertEqual(row["round-trips"], 500)
            self.assertLessEqual(row["p50-us"], row["p99-us"])

    def test_random(self):
        (row,) = self.bench("-m", "random", "-n", "500", "-P", "16", "-s", "256K")
        self.assertEqual((row["connections"], row["corrupt"], row["lost"]), (500, 0, 0))


if __name__ == "__main__":
    if not refuse_outside_guest("vmsockctl-relay"):
        tap.bail_out("not inside the vmsock test guest")
    tap.main(Connect, Listen, Forward, Bench)
