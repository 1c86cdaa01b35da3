#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""How fast `vmsockctl forward` carries TCP connections to a vsock service,
against socat doing the same job and against no forwarder at all, in the same
run.  Runs only inside the QEMU test guest; reports ratios, and fails only if
data arrives wrong."""

import os
import signal
import socket
import statistics
import subprocess
import sys
import time

from guestpeer import (CID_LOCAL, Server, connect_when_ready, digest, new_port,
                       recv_all, refuse_outside_guest, wait_listening)

VMSOCKCTL = os.environ.get("VMSOCKCTL", "vmsockctl")
BULK_BYTES = int(os.environ.get("VMSOCK_BENCH_BULK_MIB", "64")) << 20
CONNECTIONS = int(os.environ.get("VMSOCK_BENCH_CONNECTIONS", "200"))
ROUNDS = 3
# The first byte a client sends picks the answer: the digest of the rest
# (checked once per path, untimed), or only its length (timed).
DIGEST, COUNT = b"D", b"C"


def serve(conn):
    """The vsock service at the end of every path."""
    try:
        mode = conn.recv(1)
        if mode == DIGEST:
            conn.sendall(digest(recv_all(conn)))
        elif mode == COUNT:
            buffer = bytearray(1 << 18)
            total = 0
            while (received := conn.recv_into(buffer)) > 0:
                total += received
            conn.sendall(str(total).encode())
    except (BrokenPipeError, ConnectionResetError):
        pass  # a readiness probe, gone before the answer


def exchange(family, address, mode, data):
    """One connection: send everything, half-close, return the answer."""
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.connect(address)
        sock.sendall(mode + data)
        sock.shutdown(socket.SHUT_WR)
        return recv_all(sock)


def measure(name, family, address):
    """Best bulk throughput in MiB/s and median connections per second."""
    check = os.urandom(4 << 20)
    if exchange(family, address, DIGEST, check) != digest(check):
        raise SystemExit(f"forward-benchmark: {name}: data arrived wrong")
    bulk = bytes(BULK_BYTES)
    small = bytes(1024)
    bulk_rates, connection_rates = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        if exchange(family, address, COUNT, bulk) != str(BULK_BYTES).encode():
            raise SystemExit(f"forward-benchmark: {name}: bytes went missing")
        bulk_rates.append(BULK_BYTES / (1 << 20) / (time.perf_counter() - start))

        start = time.perf_counter()
        for _ in range(CONNECTIONS):
            if exchange(family, address, COUNT, small) != b"1024":
                raise SystemExit(f"forward-benchmark: {name}: bytes of a short connection "
                                 "went missing")
        connection_rates.append(CONNECTIONS / (time.perf_counter() - start))
    return max(bulk_rates), statistics.median(connection_rates)


def through(name, command, tcp_port):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(socket.AF_INET, ("127.0.0.1", tcp_port))
        return measure(name, socket.AF_INET, ("127.0.0.1", tcp_port))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def main():
    if not refuse_outside_guest("forward-benchmark"):
        return 1
    vsock_port = new_port()
    server = Server(socket.AF_VSOCK, (socket.VMADDR_CID_ANY, vsock_port), serve)
    connect_when_ready(socket.AF_VSOCK, (CID_LOCAL, vsock_port)).close()

    results = {"direct vsock": measure("direct vsock", socket.AF_VSOCK, (CID_LOCAL, vsock_port))}
    # socat closes a connection 0.5 s after one side ends unless -t says
    # otherwise, which may be before the service answers.
    port = new_port()
    results["socat"] = through("socat", [
        "socat", "-t", "60", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork",
        f"VSOCK-CONNECT:{CID_LOCAL}:{vsock_port}"], port)
    port = new_port()
    results["vmsockctl forward"] = through("vmsockctl forward", [
        VMSOCKCTL, "forward", f"tcp:127.0.0.1:{port}", f"vsock:{CID_LOCAL}:{vsock_port}"], port)
    server.close()
    if server.errors:
        raise SystemExit(f"forward-benchmark: the vsock service failed: {server.errors}")

    print(f"TCP to vsock: {BULK_BYTES >> 20} MiB in one connection (best of {ROUNDS}), and "
          f"{CONNECTIONS} sequential 1 KiB connections (median of {ROUNDS})")
    print(f"{'':20}{'MiB/s':>10}{'conn/s':>10}")
    for name, (bulk, connections) in results.items():
        print(f"{name:20}{bulk:10.1f}{connections:10.1f}")
    ours, socat, direct = results["vmsockctl forward"], results["socat"], results["direct vsock"]
    print(f"vmsockctl/socat:    throughput {ours[0] / socat[0]:.2f}x, "
          f"connections {ours[1] / socat[1]:.2f}x")
    print(f"vmsockctl/direct:   throughput {ours[0] / direct[0]:.2f}x, "
          f"connections {ours[1] / direct[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
