#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""How fast `vmsockctl list-vms --json` lists libvirt's domains, beside
`virsh list --all` and a python3-libvirt script that reads each domain's CID
from its XML (libvirt-cids.py), at 100, 1000 and 5000 domains of libvirt's
in-process test driver.  The commands run interleaved, round after round;
the table gives medians, min–max, and each ratio paired round by round.

Two more commands split the time: the plugin host alone (libvirt, the
plugin's XML reading and the listing, printed by `vmsock-plugin-host
--print` without vmsockctl), and the
python3-libvirt script fetching every XML without parsing it (what libvirt
costs any such script).  VMSOCK_BENCH_BASELINE=BUILD-DIR adds the
vmsockctl and plugin host of another build (say, before a change) to the
same rounds.

A measurement, not a test: it exits 0 whatever the numbers, but fails if a
command fails or the commands disagree on the domains or their CIDs.
VMSOCK_BENCH_SIZES (e.g. "100,1000") and VMSOCK_BENCH_ROUNDS (e.g. "9,9,7")
change what it measures."""

import json
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SOURCE = pathlib.Path(__file__).resolve().parent
SIZES = [int(size) for size in os.environ.get("VMSOCK_BENCH_SIZES", "100,1000,5000").split(",")]
ROUNDS = [int(rounds) for rounds in os.environ.get("VMSOCK_BENCH_ROUNDS", "9,9,7").split(",")]
TIMEOUT = 600


def fail(message):
    raise SystemExit(f"discovery-benchmark: {message}")


def write_node(path, count):
    """A node file of @count domains for libvirt's test driver, every other
    one shut off, each with a fixed vsock CID; returns UUID → CID."""
    cids = {}
    with open(path, "w", encoding="utf-8") as node:
        node.write("<node>\n")
        for i in range(count):
            uuid = f"00000000-0000-4000-8000-{i:012d}"
            cids[uuid] = i + 3
            runstate = "<test:runstate>5</test:runstate>" if i % 2 else ""
            node.write("<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
                       f"<name>vm-{i:05d}</name><uuid>{uuid}</uuid><memory>131072</memory>"
                       "<os><type>hvm</type></os>"
                       f"<devices><vsock model='virtio'><cid auto='no' address='{i + 3}'/>"
                       f"</vsock></devices>{runstate}</domain>\n")
        node.write("</node>\n")
    return cids


def vmsockctl_cids(output):
    rows = json.loads(output)
    if any(row["provider"] != "libvirt" for row in rows):
        fail("vmsockctl listed VMs of another provider")
    cids = {row["id"]: row["cid"] for row in rows}
    if len(cids) != len(rows):
        fail("vmsockctl listed a domain twice")
    return cids


def virsh_count(output):
    # A heading, a rule, then one line per domain.
    lines = output.splitlines()
    rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule is None:
        fail(f"virsh printed no table:\n{output}")
    return sum(1 for line in lines[rule + 1:] if line.strip())


def script_cids(output):
    lines = output.splitlines()
    cids = {}
    for line in lines:
        uuid, cid = line.split()
        cids[uuid] = None if cid == "-" else int(cid)
    if len(cids) != len(lines):
        fail("the python3-libvirt script listed a domain twice")
    return cids


class Command:
    def __init__(self, name, argv, check, env=None):
        self.name, self.argv, self.check, self.env = name, argv, check, env or {}

    def run(self, count, env, expected):
        """The seconds it took, and the CPU seconds it and its children used."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(self.argv, env={**env, **self.env}, capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if result.returncode != 0:
            fail(f"{self.name} at {count} domains exited with {result.returncode}:\n"
                 f"{result.stderr.decode(errors='replace')}")
        self.check(self.name, result.stdout, count, expected)
        return elapsed, cpu


def check_vmsockctl(name, stdout, count, expected):
    if vmsockctl_cids(stdout) != expected:
        fail(f"{name} does not list the {count} domains with their CIDs")


def check_virsh(name, stdout, count, expected):
    if virsh_count(stdout.decode()) != count:
        fail(f"{name} does not list {count} domains")


def check_script(name, stdout, count, expected):
    if script_cids(stdout.decode()) != expected:
        fail(f"{name} does not list the {count} domains with their CIDs")


def host_alone(host):
    """The plugin host's arguments to list once and print: --print, or none
    for a build from before it spoke D-Bus, which wrote its answer."""
    usage = subprocess.run([host, "--print"], capture_output=True, stdin=subprocess.DEVNULL)
    return [host, "--print"] if usage.returncode == 2 else [host]


def check_answered(name, stdout, count, expected):
    # The listing; its content is what vmsockctl checks above.
    if not stdout:
        fail(f"{name} answered nothing")


def check_silent(name, stdout, count, expected):
    if stdout:
        fail(f"{name} printed something")


def spread(values, digits=3):
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}"


def main():
    vmsockctl = os.environ["VMSOCKCTL"]
    plugin_host = os.environ["VMSOCK_PLUGIN_HOST"]
    plugin_dir = os.environ["VMSOCK_PLUGIN_PATH"]
    virsh = shutil.which("virsh")
    if virsh is None:
        print("discovery-benchmark: skipped: virsh is not installed (libvirt-clients; "
              "build-aux/setup-debian installs it)")
        return 77
    if subprocess.run([sys.executable, "-c", "import libvirt"], capture_output=True).returncode != 0:
        print(f"discovery-benchmark: skipped: {sys.executable} has no libvirt module (python3-libvirt; "
              "build-aux/setup-debian installs it)")
        return 77
    if len(ROUNDS) < len(SIZES):
        ROUNDS.extend([ROUNDS[-1]] * (len(SIZES) - len(ROUNDS)))

    folder = tempfile.mkdtemp(prefix="vmsock-discovery-benchmark-")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MALLOC_", "G_DEBUG", "G_SLICE", "LIBVIRT_"))}
    env.update({
        "LC_ALL": "C.UTF-8",
        # No providers.conf: the plugin lists LIBVIRT_DEFAULT_URI.
        "XDG_CONFIG_HOME": os.path.join(folder, "config"),
        "XDG_CONFIG_DIRS": os.path.join(folder, "etc-xdg"),
        "VMSOCK_PLUGIN_PATH": plugin_dir,
        "VMSOCK_PLUGIN_HOST": plugin_host,
    })
    lister = str(SOURCE / "libvirt-cids.py")
    baseline = os.environ.get("VMSOCK_BENCH_BASELINE")
    results = []
    try:
        for count, rounds in zip(SIZES, ROUNDS):
            node = os.path.join(folder, f"node-{count}.xml")
            expected = write_node(node, count)
            uri = f"test://{node}"
            size_env = {**env, "LIBVIRT_DEFAULT_URI": uri}
            commands = [
                Command("vmsockctl list-vms --json", [vmsockctl, "list-vms", "--json", "-p", "libvirt"],
                        check_vmsockctl),
                Command("virsh list --all", [virsh, "-c", uri, "list", "--all"], check_virsh),
                Command("python3-libvirt, CIDs", [sys.executable, lister, uri], check_script),
                Command("plugin host alone",
                        host_alone(plugin_host) + [os.path.join(plugin_dir, "libvirt.plugin")],
                        check_answered),
                Command("python3-libvirt, XML only", [sys.executable, lister, uri, "--xml-only"],
                        check_silent),
            ]
            if baseline:
                commands += baseline_commands(baseline)
            # One round untimed, for the page cache.
            for command in commands:
                command.run(count, size_env, expected)
            times = {command.name: [] for command in commands}
            cpu_times = {command.name: [] for command in commands}
            for _ in range(rounds):
                for command in commands:
                    elapsed, cpu = command.run(count, size_env, expected)
                    times[command.name].append(elapsed)
                    cpu_times[command.name].append(cpu)
            results.append((count, rounds, times, cpu_times))
            print(f"# {count} domains: {rounds} rounds done", flush=True)
    finally:
        shutil.rmtree(folder)

    report(results)
    return 0


def baseline_commands(build):
    host = os.path.join(build, "libvmsock-glib", "vmsock-plugin-host")
    plugin_dir = os.path.join(build, "plugins", "libvirt")
    # Its own library too, whatever meson put on the library path.
    env = {"VMSOCK_PLUGIN_HOST": host, "VMSOCK_PLUGIN_PATH": plugin_dir,
           "LD_LIBRARY_PATH": os.path.join(build, "libvmsock-glib")}
    return [
        Command("vmsockctl, baseline build",
                [os.path.join(build, "tools", "vmsockctl"), "list-vms", "--json", "-p", "libvirt"],
                check_vmsockctl, env),
        Command("plugin host, baseline build",
                host_alone(host) + [os.path.join(plugin_dir, "libvirt.plugin")],
                check_answered, env),
    ]


BASELINE_RATIOS = [
    ("vmsockctl / its baseline", "vmsockctl list-vms --json", "vmsockctl, baseline build"),
    ("plugin host / its baseline", "plugin host alone", "plugin host, baseline build"),
    ("baseline vmsockctl / python3-libvirt", "vmsockctl, baseline build", "python3-libvirt, CIDs"),
]

RATIOS = [
    ("vmsockctl / virsh", "vmsockctl list-vms --json", "virsh list --all"),
    ("vmsockctl / python3-libvirt", "vmsockctl list-vms --json", "python3-libvirt, CIDs"),
    ("plugin host / vmsockctl", "plugin host alone", "vmsockctl list-vms --json"),
    ("libvirt alone / python3-libvirt", "python3-libvirt, XML only", "python3-libvirt, CIDs"),
]


def report(results):
    load = os.getloadavg()[0]
    print("\nDiscovery through libvirt's test driver, in seconds per run: wall-clock time "
          "(median, min–max)\nand CPU time of the command and its children (median) "
          f"— {os.cpu_count()} CPUs, load average {load:.2f}")
    print(f"{'domains':>8}  {'command':28}{'wall':>7}  {'min–max':13}{'CPU':>7}{'rounds':>8}")
    for count, rounds, times, cpu_times in results:
        for i, name in enumerate(times):
            print(f"{count if i == 0 else '':>8}  {name:28}{statistics.median(times[name]):7.3f}  "
                  f"{spread(times[name]):13}{statistics.median(cpu_times[name]):7.3f}{rounds:8}")

    print("\nRatios of wall-clock times paired round by round (median, min–max), and of "
          "CPU times (median)")
    print(f"{'domains':>8}  {'ratio':38}{'wall':>6}  {'min–max':11}{'CPU':>6}")
    for count, rounds, times, cpu_times in results:
        ratios = RATIOS + (BASELINE_RATIOS if "vmsockctl, baseline build" in times else [])
        for i, (label, numerator, denominator) in enumerate(ratios):
            walls = [a / b for a, b in zip(times[numerator], times[denominator])]
            cpus = [a / b for a, b in zip(cpu_times[numerator], cpu_times[denominator])]
            print(f"{count if i == 0 else '':>8}  {label:38}{statistics.median(walls):6.2f}  "
                  f"{spread(walls, 2):11}{statistics.median(cpus):6.2f}")

    if len(results) > 1:
        print("\nWhat 100 more domains cost, in ms of wall-clock time between sizes (from medians)")
        pairs = list(zip(results, results[1:]))
        heading = "".join(f"{f'{a[0]}→{b[0]}':>14}" for a, b in pairs)
        print(f"{'command':28}{heading}")
        for name in results[0][2]:
            slopes = []
            for (count_a, _, times_a, _), (count_b, _, times_b, _) in pairs:
                step = statistics.median(times_b[name]) - statistics.median(times_a[name])
                slopes.append(step / (count_b - count_a) * 100 * 1000)
            print(f"{name:28}" + "".join(f"{slope:14.1f}" for slope in slopes))


if __name__ == "__main__":
    sys.exit(main())
