#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""How fast TCP connections reach a vsock service through `vmsockctl forward`,
beside the other ways to get there, all in one run of the QEMU test guest.

Every path ends at the same `vmsockctl bench serve` on vsock, and every
measurement is a `vmsockctl bench run` (C peers at both ends):

  direct          bench run → vsock, no forwarder: what the peers can do
  splice relay    guest-splice-relay, one epoll loop splicing through pipes:
                  the limit of what any forwarder can do
  forward         vmsockctl forward tcp:… vsock:…
  forward before  the same with VMSOCK_BENCH_BASELINE, another vmsockctl (an
                  earlier build, run with its own library), when set
  socat           socat …,fork with its defaults (8 KiB buffer)
  tuned socat     socat -b 262144 -t 30 …,fork,backlog=1024

Workloads: one connection sending 1 MiB buffers for a few seconds; 500
connections one after another; connections 64 at a time; 64 connections
at once, each sending 4 MiB.  Rounds run the paths interleaved (in an order
that rotates from round to round), so that a slow moment of a shared
machine hits every path alike; each ratio is taken within a round, then
summarised over the rounds: medians, and min–max.  After the rounds, each
forwarder's peak resident memory (VmHWM of its main process, and the
largest sampled proportional set size of it and its children, since socat
forks one process per connection).

A measurement, not a test: it exits 0 whatever the numbers, but fails if
data arrives changed, or if direct, the splice relay or forward loses a
connection.  socat may lose some (plain socat gives up connecting to vsock
after the kernel's two seconds, which a loaded guest can exceed; either
may end a connection before all came back); the output says how often.  The environment can change what it measures:
VMSOCK_BENCH_ROUNDS (default 5), VMSOCK_BENCH_SECONDS (one bulk
connection, default 2), VMSOCK_BENCH_SEQUENTIAL (default 500),
VMSOCK_BENCH_PARALLEL_CONNECTIONS (connections made 64 at a time,
default 640)."""

import json
import os
import pathlib
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from guestpeer import CID_LOCAL, new_port, refuse_outside_guest, wait_listening

VMSOCKCTL = os.environ.get("VMSOCKCTL", "vmsockctl")
BASELINE = os.environ.get("VMSOCK_BENCH_BASELINE")
SPLICE_RELAY = os.environ.get("VMSOCK_SPLICE_RELAY", "guest-splice-relay")
ROUNDS = int(os.environ.get("VMSOCK_BENCH_ROUNDS", "5"))
BULK_SECONDS = float(os.environ.get("VMSOCK_BENCH_SECONDS", "2"))
SEQUENTIAL = int(os.environ.get("VMSOCK_BENCH_SEQUENTIAL", "500"))
PARALLEL_CONNECTIONS = int(os.environ.get("VMSOCK_BENCH_PARALLEL_CONNECTIONS", "640"))
PARALLEL = 64
TIMEOUT = 600


def fail(message):
    raise SystemExit(f"forward-benchmark: {message}")


class Workload:
    def __init__(self, title, unit, arguments, key, scale=1.0):
        self.title, self.unit, self.arguments, self.key, self.scale = title, unit, arguments, key, scale


WORKLOADS = [
    Workload(f"one connection, 1 MiB buffers for {BULK_SECONDS:g} s", "MiB/s",
             ["--mode", "throughput", "-s", "1M", "-d", str(BULK_SECONDS)],
             "bytes-per-second", 1 / (1 << 20)),
    Workload(f"{SEQUENTIAL} connections one after another", "conn/s",
             ["--mode", "connect", "-P", "1", "-n", str(SEQUENTIAL)], "connections-per-second"),
    Workload(f"{PARALLEL_CONNECTIONS} connections, {PARALLEL} at a time", "conn/s",
             ["--mode", "connect", "-P", str(PARALLEL), "-n", str(PARALLEL_CONNECTIONS)],
             "connections-per-second"),
    Workload(f"{PARALLEL} connections at once, 4 MiB each", "MiB/s",
             ["--mode", "throughput", "-s", "1M", "-n", "4", "-P", str(PARALLEL)],
             "bytes-per-second", 1 / (1 << 20)),
]


class Path:
    """A way from a bench client to the vsock service: a forwarder listening
    on TCP, or none."""

    def __init__(self, name, address, command=None, may_lose=False, env=None):
        self.name, self.address, self.command, self.may_lose = name, address, command, may_lose
        self.env = env
        self.process = None
        self.errors = None
        self.vmhwm = None
        self.peak_pss_kib = 0
        # What bench run said each time it lost connections or streams.
        self.failed_runs = []

    def start(self):
        if self.command is None:
            return
        # A file, not a pipe: a forwarder that complains a lot must not block.
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                        stderr=self.errors, env=self.env)
        host, port = self.address.split(":")[1:]
        wait_listening(socket.AF_INET, (host, int(port)))

    def vmhwm_kib(self):
        if self.process is None:
            return None
        for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    def sample_memory(self):
        """The proportional set size of the forwarder and its children now."""
        if self.process is None:
            return
        total = 0
        for pid in [self.process.pid] + children(self.process.pid):
            try:
                for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            except OSError:
                pass  # ended meanwhile
        self.peak_pss_kib = max(self.peak_pss_kib, total)

    def stop(self):
        if self.process is None:
            return ""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.seek(0)
        # The last lines say enough; socat may have complained of every lost connection.
        return b"\n".join(self.errors.read().splitlines()[-10:]).decode(errors="replace")


def children(pid):
    found = []
    try:
        for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


class Sampler:
    """Samples the memory of the path being measured, four times a second."""

    def __init__(self):
        self.path = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.wait(0.25):
            path = self.path
            if path is not None:
                path.sample_memory()

    def stop(self):
        self.stopping.set()
        self.thread.join()


def bench_run(path, arguments):
    """One vmsockctl bench run through @path; its JSON row."""
    command = [VMSOCKCTL, "bench", "run", path.address, "--json", "-t", "60"] + arguments
    result = subprocess.run(command, capture_output=True, timeout=TIMEOUT)
    try:
        rows = json.loads(result.stdout)
    except json.JSONDecodeError:
        rows = None
    if not rows:
        fail(f"{path.name}: {' '.join(command[2:])} exited with {result.returncode}:\n"
             f"{result.stderr.decode(errors='replace')}")
    row = rows[0]
    said = result.stderr.decode(errors="replace").strip()
    if row.get("corrupt", 0) > 0:
        fail(f"{path.name}: data arrived changed:\n{said}")
    # Throughput rows count no failed streams; the exit status tells.
    if result.returncode != 0:
        if not path.may_lose:
            fail(f"{path.name}: {' '.join(command[2:])} exited with {result.returncode}:\n{said}")
        path.failed_runs.append(said.splitlines()[0] if said else f"exit status {result.returncode}")
    return row


def spread(values, digits):
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}"


def ratio_cell(ours, theirs):
    ratios = [a / b for a, b in zip(ours, theirs) if b > 0]
    if not ratios:
        return "–"
    return f"{statistics.median(ratios):.2f}× ({spread(ratios, 2)})"


def print_tables(paths, results, elapsed):
    print(f"TCP → vsock through each path, {ROUNDS} paired rounds in the test guest "
          f"(TCG, 2 vCPUs, vsock_loopback); {elapsed / 60:.1f} min.  Medians with min–max; "
          "each ratio paired round by round.")
    references = ["direct", "splice relay", "socat", "tuned socat"]
    if BASELINE:
        references.append("forward before")
    for workload in WORKLOADS:
        print()
        print(f"**{workload.title}** ({workload.unit})")
        print()
        print("| path | median | min–max | " + " | ".join(f"÷ {name}" for name in references) + " |")
        print("|---|--:|--:|" + "--:|" * len(references))
        for path in paths:
            values = results[workload.title][path.name]
            digits = 1 if workload.unit == "MiB/s" else 0
            ratios = [ratio_cell(values, results[workload.title][name]) for name in references]
            print(f"| {path.name} | {statistics.median(values):.{digits}f} | {spread(values, digits)} | "
                  + " | ".join(ratios) + " |")
    print()
    print("**Peak memory of each forwarder** (KiB, over all rounds)")
    print()
    print("| forwarder | VmHWM, main process | largest sampled PSS, with children |")
    print("|---|--:|--:|")
    for path in paths:
        if path.process is not None:
            print(f"| {path.name} | {path.vmhwm:,} | {path.peak_pss_kib:,} |")
    for path in paths:
        if path.failed_runs:
            print(f"\n{path.name} lost connections in {len(path.failed_runs)} of "
                  f"{ROUNDS * len(WORKLOADS) + 1} runs, the data check included (the rates count only what arrived); "
                  f"the first: {path.failed_runs[0]}")


def main():
    if not refuse_outside_guest("forward-benchmark"):
        return 1
    started = time.monotonic()
    service_port = new_port()
    service = f"vsock:{CID_LOCAL}:{service_port}"
    server = subprocess.Popen([VMSOCKCTL, "bench", "serve", f"vsock:any:{service_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    ports = [new_port() for _ in range(5)]
    paths = [
        Path("direct", service),
        Path("splice relay", f"tcp:127.0.0.1:{ports[0]}",
             [SPLICE_RELAY, str(ports[0]), str(CID_LOCAL), str(service_port)]),
        Path("forward", f"tcp:127.0.0.1:{ports[1]}",
             [VMSOCKCTL, "forward", f"tcp:127.0.0.1:{ports[1]}", service]),
    ]
    if BASELINE:
        # Its own library, not the one the environment names for this build.
        env = {name: value for name, value in os.environ.items() if name != "LD_LIBRARY_PATH"}
        paths.append(Path("forward before", f"tcp:127.0.0.1:{ports[4]}",
                          [BASELINE, "forward", f"tcp:127.0.0.1:{ports[4]}", service], env=env))
    paths += [
        Path("socat", f"tcp:127.0.0.1:{ports[2]}",
             ["socat", f"TCP-LISTEN:{ports[2]},bind=127.0.0.1,reuseaddr,fork",
              f"VSOCK-CONNECT:{CID_LOCAL}:{service_port}"], may_lose=True),
        Path("tuned socat", f"tcp:127.0.0.1:{ports[3]}",
             ["socat", "-b", "262144", "-t", "30",
              f"TCP-LISTEN:{ports[3]},bind=127.0.0.1,reuseaddr,fork,backlog=1024",
              f"VSOCK-CONNECT:{CID_LOCAL}:{service_port}"], may_lose=True),
    ]
    sampler = Sampler()
    try:
        for path in paths:
            path.start()
        # Data arrives whole through every path, before anything is timed.
        for path in paths:
            bench_run(path, ["--mode", "random", "-n", "32", "-P", "8", "-s", "1M"])

        results = {w.title: {p.name: [] for p in paths} for w in WORKLOADS}
        for round_number in range(ROUNDS):
            order = paths[round_number % len(paths):] + paths[:round_number % len(paths)]
            for workload in WORKLOADS:
                for path in order:
                    sampler.path = path
                    row = bench_run(path, workload.arguments)
                    sampler.path = None
                    results[workload.title][path.name].append(row[workload.key] * workload.scale)
            print(f"forward-benchmark: round {round_number + 1} of {ROUNDS} done after "
                  f"{(time.monotonic() - started) / 60:.1f} min", file=sys.stderr, flush=True)
        for path in paths:
            path.vmhwm = path.vmhwm_kib()
    finally:
        sampler.stop()
        for path in paths:
            errors = path.stop()
            if errors:
                print(f"{path.name} said:\n{errors}", file=sys.stderr)
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)

    print_tables(paths, results, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
