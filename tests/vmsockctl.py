#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the real vmsockctl: help, exit codes, every bad argument, tables and
JSON, the service registry (concurrent writers, malformed files, .reg), and
forward between TCP and Unix sockets.  VMs come from libvirt's test driver and
a stand-in hcsdiag.exe; nothing here opens a VM socket (relays over vsock are
tested in the guest)."""

import concurrent.futures
import fcntl
import glob
import hashlib
import json
import os
import pathlib
import pty
import queue
import re
import resource
import select
import shlex
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import unicodedata
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tap  # noqa: E402

VMSOCKCTL = os.environ["VMSOCKCTL"]
# How to run it: under memcheck in `meson test --setup valgrind` (tests/memcheck).
VMSOCKCTL_COMMAND = [*shlex.split(os.environ.get("VMSOCKCTL_WRAPPER", "")), VMSOCKCTL]
SOURCE = pathlib.Path(__file__).resolve().parent

NODE = f"test://{SOURCE}/libvirt/node.xml"
OTHER_NODE = f"test://{SOURCE}/libvirt/other-node.xml"

LIBVIRT_TABLE = f"""\
NAME             STATE    CID         PROVIDER  URI{" " * (len(NODE) - 3)}  VM ID  ID
Büro & "Lab" VM  paused   4294967294  libvirt   {NODE}  -      c7a5fdbd-cdaf-9455-926a-d65c16db1809
auto-cid         running  42          libvirt   {NODE}  -      0b3f8e44-6c1e-4a55-8d2f-5a7e9c1d3b22
db               off      -           libvirt   {NODE}  -      4dea22b3-1d52-d8f3-2516-782e98ab3fa0
no-vsock         running  -           libvirt   {NODE}  -      8fbd5b7a-1c87-4d4b-9b4e-2d0f8c2b1a11
web              running  3           libvirt   {NODE}  -      6695eb01-f6a4-8304-79aa-97f2502e193f

5 VMs listed.
"""

VM_KEYS = ["name", "state", "cid", "provider", "uri", "vm-id", "id"]

# The name on the other node: a tab, CSI (a C1 control character) and wide
# characters; and how a table shows it.
ODD_NAME = "tab\tcsi\x9b2J 東京サーバー"
ODD_NAME_SHOWN = "tab\\tcsi\\xC2\\x9B2J 東京サーバー"


def cells(text):
    """How many terminal cells @text takes."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def read_terminal(primary, seconds):
    """What programs wrote to the terminal whose primary side is @primary
    until they all closed theirs, or until @seconds passed; closes
    @primary."""
    output = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 1)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    os.close(primary)
    return output


class VmsockctlTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="vmsockctl-test-")
        # The stand-in hcsdiag.exe is first on PATH (tests/meson.build).
        self.env = dict(os.environ)
        self.env.update({
            "LC_ALL": "C.UTF-8",
            "XDG_CONFIG_HOME": os.path.join(self.folder, "config"),
            "VMSOCK_SYSCONFDIR": os.path.join(self.folder, "etc"),
            "LIBVIRT_DEFAULT_URI": NODE,
            "HCSDIAG_STANDIN": "json",
        })

    def tearDown(self):
        shutil.rmtree(self.folder)

    def run_tool(self, *args, env=None, input=None):
        result = subprocess.run([*VMSOCKCTL_COMMAND, *args], capture_output=True, text=True,
                                input=input, env={**self.env, **(env or {})}, timeout=60)
        # Memcheck's notes on itself (a system call it does not know) are not
        # vmsockctl's output; its reports of errors stay.
        result.stderr = re.sub(r"(?m)^--\d+-- .*\n", "", result.stderr)
        return result

    def assertSucceeds(self, *args, **kwargs):
        result = self.run_tool(*args, **kwargs)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def run_at_terminal(self, *args, columns=80, env=None):
        """Runs vmsockctl with a terminal of @columns columns as its standard
        input, output and error; returns its exit status and what the
        terminal showed, without the spinner."""
        primary, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        environment = {**self.env, **(env or {})}
        environment.pop("COLUMNS", None)
        process = subprocess.Popen([*VMSOCKCTL_COMMAND, *args], stdin=secondary, stdout=secondary,
                                   stderr=secondary, env=environment)
        os.close(secondary)
        output = read_terminal(primary, 60)
        status = process.wait(timeout=30)
        text = output.decode("utf-8", errors="replace").replace("\r\n", "\n")
        # The spinner ends by clearing its line.
        return status, re.sub(r"(?m)^.*\x1b\[K", "", text)

    @property
    def user_registry(self):
        return pathlib.Path(self.env["XDG_CONFIG_HOME"]) / "libvmsock-glib-1" / "services.json"

    @property
    def system_registry(self):
        return pathlib.Path(self.env["VMSOCK_SYSCONFDIR"]) / "libvmsock-glib-1" / "services.json"


class Help(VmsockctlTestCase):
    def test_help_forms_agree(self):
        outputs = [self.assertSucceeds(*args).stdout
                   for args in (["--help"], ["-h"], ["help"], ["help", "help"])]
        self.assertTrue(all(output == outputs[0] for output in outputs))
        for command in ("list-vms", "register-service", "connect", "forward"):
            self.assertIn(command, outputs[0])

    def test_no_arguments_is_a_usage_error(self):
        result = self.run_tool()
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertIn("Usage:", result.stderr)

    def test_version(self):
        self.assertRegex(self.assertSucceeds("--version").stdout, r"^vmsockctl \d+\.\d+\.\d+\n$")

    def test_command_help(self):
        for command in ("list-vms", "show-vm", "resolve", "providers", "register-service",
                        "unregister-service", "list-services", "connect", "listen", "forward",
                        "bench"):
            by_help = self.assertSucceeds("help", command).stdout
            self.assertIn(f"vmsockctl {command}", by_help)
            self.assertEqual(self.assertSucceeds(command, "--help").stdout, by_help)
        for command in ("serve", "run"):
            by_help = self.assertSucceeds("help", "bench", command).stdout
            self.assertIn(f"vmsockctl bench {command} [OPTION…] ADDRESS", by_help)
            self.assertEqual(self.assertSucceeds("bench", command, "--help").stdout, by_help)

    def test_did_you_mean(self):
        result = self.run_tool("lst-vms")
        self.assertEqual(result.returncode, 2)
        self.assertIn("did you mean “list-vms”?", result.stderr)
        result = self.run_tool("frobnicate")
        self.assertEqual(result.returncode, 2)
        self.assertNotIn("did you mean", result.stderr)
        self.assertEqual(self.run_tool("help", "lst-vms").returncode, 2)


class BadArguments(VmsockctlTestCase):
    CASES = [
        (["list-vms", "extra"], "Unexpected argument “extra”"),
        (["list-vms", "--state", "sleepy"], "Unknown state “sleepy”"),
        (["list-vms", "--timeout", "-1"], "timeout"),
        (["list-vms", "--timeout", "soon"], "soon"),
        (["list-vms", "--json=loud"], "Unknown JSON format “loud”"),
        (["list-vms", "--frobnicate"], "--frobnicate"),
        (["show-vm"], "Too few arguments"),
        (["show-vm", "a", "b"], "Unexpected argument “b”"),
        (["resolve", "web:22"], "“web:22” is not a VM socket address; did you mean “vsock:web:22”?"),
        (["resolve", "web"], "did you mean “vsock:web:PORT”?"),
        (["resolve", "vsock:web:http"], "Invalid vsock port “http” in “vsock:web:http”"),
        (["resolve", "vsock::22"], "Invalid vsock CID “”"),
        (["resolve", "tcp:localhost:22"], "“tcp:localhost:22” is not a VM socket address"),
        (["resolve", "vsock:w\x1b]0;x\x07:22"], "CID “w\\x1B]0;x\\x07”"),
        (["list-vms", "-o", "name,bogus"],
         "Unknown column “bogus” (columns: name, state, cid, provider, uri, vm-id, id)"),
        (["list-vms", "--output", ""], "Unknown column “”"),
        (["list-services", "-o", "port,vm"], "Unknown column “vm” (columns: name, service-id, port, scope)"),
        (["providers", "--output", "status,x\x1b[2J"], "Unknown column “x\\x1B[2J”"),
        (["register-service"], "Too few arguments"),
        (["register-service", "ssh", "--port", "22x"], "“22x” is not a port"),
        (["register-service", "ssh", "--port", "4294967295"], "is not a port"),
        (["register-service", "ssh", "--port", "22", "--guid",
          "00000016-facb-11e6-bd58-64006a7986d3"], "not both"),
        (["register-service", "ssh", "--guid", "not-a-guid"], "not-a-guid"),
        (["register-service", " ssh"], "white space"),
        (["register-service", "ssh", "--user", "--system"], "Choose one of"),
        (["unregister-service"], "Too few arguments"),
        (["list-services", "--user", "--registry", "x.json"], "Choose one of"),
        (["connect"], "Too few arguments"),
        (["connect", "example.org:80"], "is not an address"),
        (["connect", "tcp:example.org"], "is not a TCP address"),
        (["connect", "vsock:1:99999999999"], "99999999999"),
        (["connect", "vsock:1:22", "--timeout", "-3"], "timeout"),
        (["connect", "vsock:1:22", "--retries", "-1"], "retries"),
        (["listen", "tcp:127.0.0.1:70000"], "a TCP port is a number"),
        (["listen", "tcp:localhost:8080"], "needs an IP address"),
        (["listen", "unix:"], "is not an address"),
        (["listen", "unix://"], "is not an address"),
        (["listen", "tcp://127.0.0.1:99999"], "a TCP port is a number"),
        # Refused while parsing, before any socket exists.
        (["listen", "vsock:any:x"], "Invalid vsock port “x”"),
        (["listen", "hvsock:parent:nope"], "Invalid Hyper-V service ID “nope”"),
        (["forward", "vsock:any:x", "tcp:127.0.0.1:1"], "Invalid vsock port “x”"),
        (["forward", "tcp::8080"], "Too few arguments"),
        (["forward", "tcp::8080", "nowhere"], "is not an address"),
        # Characters, not the bytes of their UTF-8.
        (["register-service", "ssh", "--guid", "äöü"], "it has 3 characters"),
        # Longer than a sockaddr_un holds: refused, not cut short.
        (["connect", "unix:/" + "a" * 107], "the path is 108 bytes long, but a Unix socket "
                                            "address holds at most 107"),
        (["listen", "unix:/" + "a" * 107], "at most 107"),
        (["forward", "tcp:127.0.0.1:0", "unix:/" + "a" * 200], "at most 107"),
        (["forward", "unix:/" + "a" * 200, "tcp:127.0.0.1:1"], "at most 107"),
        (["bench", "frob"], "Unknown command “frob”"),
        (["bench", "run"], "Too few arguments"),
        (["bench", "serve", "nowhere"], "is not an address"),
        (["bench", "serve", "tcp:127.0.0.1:0", "--timeout", "-1"], "timeout"),
        (["bench", "run", "--mode", "speed", "tcp:127.0.0.1:1"], "Unknown mode “speed”"),
        (["bench", "run", "--size", "4X", "tcp:127.0.0.1:1"], "“4X” is not a size"),
        (["bench", "run", "--size", "0", "tcp:127.0.0.1:1"], "is not between 1 and"),
        (["bench", "run", "--size", "32M", "tcp:127.0.0.1:1"], "is not between 1 and"),
        (["bench", "run", "--size", "4K,", "tcp:127.0.0.1:1"], "is not a size"),
        (["bench", "run", "-m", "random", "-s", "4K,8K", "tcp:127.0.0.1:1"], "takes one size"),
        (["bench", "run", "-m", "connect", "-s", "4K", "tcp:127.0.0.1:1"], "takes no size"),
        (["bench", "run", "-d", "1", "-n", "5", "tcp:127.0.0.1:1"], "not both"),
        (["bench", "run", "-d", "-1", "tcp:127.0.0.1:1"], "duration"),
        (["bench", "run", "-n", "-1", "tcp:127.0.0.1:1"], "count"),
        (["bench", "run", "-P", "0", "tcp:127.0.0.1:1"], "parallel"),
        (["bench", "run", "-P", "5000", "tcp:127.0.0.1:1"], "parallel"),
        (["bench", "run", "-m", "latency", "-R", "tcp:127.0.0.1:1"], "--reverse"),
        (["bench", "run", "--seed", "5", "tcp:127.0.0.1:1"], "--seed"),
        (["bench", "run", "-m", "random", "--seed", "4294967296", "tcp:127.0.0.1:1"], "seed"),
        (["bench", "run", "nowhere"], "is not an address"),
    ]

    def test_every_bad_argument(self):
        for args, message in self.CASES:
            with self.subTest(args=args):
                result = self.run_tool(*args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(message, result.stderr)
                self.assertIn("Try “vmsockctl", result.stderr)
                self.assertNotRegex(result.stderr, "[\x00-\x09\x0b-\x1f\x7f]")
                self.assertEqual(result.stdout, "")
        # Nothing was written by any of them.
        self.assertFalse(self.user_registry.exists())


class ListVms(VmsockctlTestCase):
    def test_golden_table(self):
        # Piped: every cell whole, however long.
        self.assertEqual(self.assertSucceeds("list-vms", "--provider", "libvirt").stdout,
                         LIBVIRT_TABLE)

    def test_no_legend(self):
        lines = LIBVIRT_TABLE.splitlines()[1:6]
        output = self.assertSucceeds("list-vms", "-p", "libvirt", "--no-legend").stdout
        self.assertEqual([line.split() for line in output.splitlines()],
                         [line.split() for line in lines])

    def test_output_columns(self):
        output = self.assertSucceeds("list-vms", "-p", "libvirt", "-o", "id,NAME, cid").stdout
        self.assertEqual(output.splitlines()[:3], [
            "ID                                    NAME             CID",
            "c7a5fdbd-cdaf-9455-926a-d65c16db1809  Büro & \"Lab\" VM  4294967294",
            "0b3f8e44-6c1e-4a55-8d2f-5a7e9c1d3b22  auto-cid         42",
        ])
        # JSON has the same columns, in that order.
        vms = json.loads(self.assertSucceeds("list-vms", "-p", "libvirt", "--json", "-o", "cid,name").stdout)
        self.assertEqual([list(vm) for vm in vms], [["cid", "name"]] * 5)
        services = self.assertSucceeds("list-services", "-o", "scope,name", "--no-legend").stdout
        self.assertEqual(services, "")
        providers = json.loads(self.assertSucceeds("providers", "-j", "--output=name").stdout)
        self.assertEqual(sorted(row["name"] for row in providers), ["hcsdiag", "libvirt"])
        self.assertEqual({len(row) for row in providers}, {1})

    def test_json_keys_stable_under_german(self):
        outputs = []
        for locale in ("C.UTF-8", "de_DE.UTF-8"):
            result = self.assertSucceeds("list-vms", "--json", env={"LC_ALL": locale})
            outputs.append(json.loads(result.stdout))
        self.assertEqual(outputs[0], outputs[1])
        vms = outputs[0]
        # libvirt's five, and hcsdiag's VMs without its container.
        self.assertEqual(len(vms), 7)
        for vm in vms:
            self.assertEqual(list(vm), VM_KEYS)
        web = next(vm for vm in vms if vm["name"] == "web")
        self.assertEqual(web["cid"], 3)
        self.assertIsNone(web["vm-id"])
        wsl = next(vm for vm in vms if vm["provider"] == "hcsdiag" and vm["state"] == "running")
        self.assertEqual(wsl["vm-id"], "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82")
        self.assertIsNone(wsl["cid"])

    def test_short_json_is_one_line(self):
        output = self.assertSucceeds("list-vms", "--json=short", "-p", "libvirt").stdout
        self.assertEqual(output.count("\n"), 1)
        self.assertEqual(len(json.loads(output)), 5)

    def test_filters_and_empty_results(self):
        running = json.loads(self.assertSucceeds("list-vms", "-j", "-s", "running",
                                                 "-s", "paused").stdout)
        self.assertEqual(sorted({vm["state"] for vm in running}), ["paused", "running"])
        self.assertEqual(self.assertSucceeds("list-vms", "--json", "-s", "crashed").stdout, "[]\n")
        table = self.assertSucceeds("list-vms", "-s", "crashed").stdout
        self.assertTrue(table.endswith("\nNo VMs.\n"))

    def test_failing_provider_hides_nothing(self):
        result = self.run_tool("list-vms", "--json", env={"HCSDIAG_STANDIN": "denied"})
        self.assertEqual(result.returncode, 0)
        self.assertIn("vmsockctl: hcsdiag: ", result.stderr)
        self.assertEqual({vm["provider"] for vm in json.loads(result.stdout)}, {"libvirt"})

    def test_nobody_answering_is_not_no_vms(self):
        # Every provider failed: not "No VMs." with success.
        everyone_fails = {"HCSDIAG_STANDIN": "denied", "LIBVIRT_DEFAULT_URI": "test:///nonexistent.xml"}
        result = self.run_tool("list-vms", env=everyone_fails)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("vmsockctl: No provider could list VMs on this machine", result.stderr)
        # A provider asked by name that fails, or does not exist.
        result = self.run_tool("list-vms", "-p", "hcsdiag", "-p", "libvirt",
                               env={"HCSDIAG_STANDIN": "denied"})
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertEqual(len(json.loads(self.run_tool("list-vms", "--json", "-p", "libvirt").stdout)), 5)
        result = self.run_tool("list-vms", "--provider", "nope")
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stdout, "")
        self.assertIn("No provider is called “nope” (there are: ", result.stderr)

    def test_quiet_and_verbose(self):
        result = self.run_tool("list-vms", "-q", env={"HCSDIAG_STANDIN": "denied"})
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stderr, "")
        # On plain Linux, hcsdiag is not asked, and says so only when asked to.
        linux = {"VMSOCK_PLATFORM": "linux"}
        result = self.run_tool("list-vms", "--json", env=linux)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertEqual({vm["provider"] for vm in json.loads(result.stdout)}, {"libvirt"})
        result = self.run_tool("list-vms", "-v", env=linux)
        self.assertIn("vmsockctl: hcsdiag: not asked, as it works on windows, wsl, and this is linux",
                      result.stderr)
        # Asked by name, it answers all the same.
        result = self.run_tool("list-vms", "--json", "-p", "hcsdiag", env=linux)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual({vm["provider"] for vm in json.loads(result.stdout)}, {"hcsdiag"})

    def test_watch(self):
        node = pathlib.Path(self.folder) / "node.xml"
        node.write_text((SOURCE / "libvirt" / "node.xml").read_text(encoding="utf-8"), encoding="utf-8")
        process = subprocess.Popen([VMSOCKCTL, "list-vms", "--watch", "--json", "--interval", "1",
                                    "-p", "libvirt"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env={**self.env, "LIBVIRT_DEFAULT_URI": f"test://{node}"})
        pending = b""
        try:
            def next_event():
                nonlocal pending
                while b"\n" not in pending:
                    ready, _, _ = select.select([process.stdout], [], [], 30)
                    self.assertTrue(ready, "no line within 30 s")
                    chunk = os.read(process.stdout.fileno(), 65536)
                    self.assertTrue(chunk, "vmsockctl ended")
                    pending += chunk
                line, pending = pending.split(b"\n", 1)
                return json.loads(line)

            added = [next_event() for _ in range(5)]
            self.assertEqual({event["event"] for event in added}, {"added"})
            self.assertEqual(sorted(event["vm"]["name"] for event in added),
                             sorted(["web", "db", "no-vsock", "auto-cid", "Büro & \"Lab\" VM"]))
            self.assertEqual(set(added[0]["vm"]), set(VM_KEYS))

            # db's domain goes away from the node file.
            text = node.read_text(encoding="utf-8")
            start = text.rindex("<domain ", 0, text.index("<name>db</name>"))
            end = text.index("</domain>", start) + len("</domain>")
            node.write_text(text[:start] + text[end:], encoding="utf-8")
            removed = next_event()
            self.assertEqual((removed["event"], removed["vm"]["name"]), ("removed", "db"))

            process.send_signal(signal.SIGINT)
            self.assertEqual(process.wait(timeout=30), 0)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_no_spinner_when_piped(self):
        # Time enough for libvirt's answer in a sanitized build on a busy
        # machine; hcsdiag's never comes.
        result = self.run_tool("list-vms", "--timeout", "3", env={"HCSDIAG_STANDIN": "hang"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("\r", result.stderr)
        self.assertNotIn("Asking", result.stderr)
        # The time limit as --timeout takes it, in seconds.
        self.assertIn("hcsdiag: The provider did not answer within 3 seconds\n", result.stderr)

    def test_spinner_on_a_terminal(self):
        primary, secondary = pty.openpty()
        # Long enough for libvirt's answer on a busy machine; hcsdiag hangs.
        process = subprocess.Popen([*VMSOCKCTL_COMMAND, "list-vms", "--timeout", "5"],
                                   stdout=secondary, stderr=secondary,
                                   env={**self.env, "HCSDIAG_STANDIN": "hang"})
        os.close(secondary)
        output = read_terminal(primary, 30)
        self.assertEqual(process.wait(timeout=30), 0)
        text = output.decode()
        self.assertIn("Asking the providers…", text)
        self.assertIn("5 VMs listed.", text)


class ShowAndResolve(VmsockctlTestCase):
    def test_show_vm(self):
        output = self.assertSucceeds("show-vm", "web").stdout
        self.assertIn("     NAME: web\n", output)
        self.assertIn("      CID: 3\n", output)
        by_id = self.assertSucceeds("show-vm", "--json", "6695EB01-F6A4-8304-79AA-97F2502E193F")
        record = json.loads(by_id.stdout)
        self.assertEqual(record["name"], "web")
        self.assertEqual(record["extras"]["domain-id"], 1)

    def test_show_hcsdiag_vm_kind(self):
        record = json.loads(self.assertSucceeds(
            "show-vm", "--json", "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82").stdout)
        self.assertEqual(record["extras"]["kind"], "vm")
        self.assertEqual(record["extras"]["type"], "VirtualMachine")
        # Never started: hcsdiag gives no state.
        never_started = json.loads(self.assertSucceeds(
            "show-vm", "--json", "c0ffee00-0000-4000-8000-000000000001").stdout)
        self.assertEqual(never_started["state"], "unknown")
        # hcsdiag's containers are not VMs.
        result = self.run_tool("show-vm", "3f5e7d0a8c1b4e2f9a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f")
        self.assertEqual(result.returncode, 1)

    def test_show_missing_vm(self):
        result = self.run_tool("show-vm", "nonexistent")
        self.assertEqual(result.returncode, 1)
        self.assertIn("No VM is named “nonexistent”", result.stderr)

    def test_resolve(self):
        # What connect takes, and the library parses: every form of it.
        for address in ("vsock:web:22", "vsock://web:22", "VSOCK://web:22",
                        "vsock:6695eb01-f6a4-8304-79aa-97f2502e193f:22", "vsock:web@libvirt:22",
                        f"vsock://web@{NODE}:22", "vsock:3:22", "vsock://3:22"):
            with self.subTest(address=address):
                self.assertEqual(self.assertSucceeds("resolve", address).stdout, "vsock://3:22\n")
        record = json.loads(self.assertSucceeds("resolve", "--json", "vsock://auto-cid:5000").stdout)
        self.assertEqual(record, {"vm": "auto-cid", "uri": NODE, "address": "vsock://42:5000",
                                  "family": "vsock", "cid": 42, "port": 5000, "vm-id": None,
                                  "service-id": None})
        literal = json.loads(self.assertSucceeds("resolve", "--json", "hvsock://parent/22").stdout)
        self.assertEqual((literal["vm"], literal["address"], literal["port"]),
                         (None, "hvsock://parent/22", 22))
        # The port wildcard is an address, and prints as one.
        self.assertEqual(self.assertSucceeds("resolve", "vsock:host:any").stdout, "vsock://2:any\n")
        result = self.run_tool("resolve", "vsock:db:22")
        self.assertEqual(result.returncode, 1)
        self.assertIn("has no VM socket address", result.stderr)

    def test_providers(self):
        rows = json.loads(self.assertSucceeds("providers", "--json").stdout)
        by_name = {row["name"]: row for row in rows}
        self.assertEqual(by_name["libvirt"]["status"], "ok")
        self.assertEqual(by_name["libvirt"]["vms"], 5)
        denied = json.loads(self.assertSucceeds("providers", "--json",
                                                env={"HCSDIAG_STANDIN": "denied"}).stdout)
        hcsdiag = next(row for row in denied if row["name"] == "hcsdiag")
        self.assertEqual(hcsdiag["status"], "failed")
        self.assertIsNone(hcsdiag["vms"])
        self.assertTrue(hcsdiag["detail"])
        linux = json.loads(self.assertSucceeds("providers", "--json",
                                               env={"VMSOCK_PLATFORM": "linux"}).stdout)
        hcsdiag = next(row for row in linux if row["name"] == "hcsdiag")
        self.assertEqual(hcsdiag["status"], "not applicable")
        self.assertEqual(hcsdiag["detail"], "it works on windows, wsl, and this is linux")


class Connections(VmsockctlTestCase):
    """-c URI, LIBVIRT_DEFAULT_URI and providers.conf; two hosts that each
    have a VM called "web"."""

    BOTH = ["-c", NODE, "-c", OTHER_NODE]

    def test_each_vm_says_its_connection(self):
        vms = json.loads(self.assertSucceeds("list-vms", "--json", *self.BOTH).stdout)
        self.assertEqual(len(vms), 7)
        self.assertEqual({vm["provider"] for vm in vms}, {"libvirt"})
        webs = sorted((vm["uri"], vm["cid"]) for vm in vms if vm["name"] == "web")
        self.assertEqual(webs, sorted([(NODE, 3), (OTHER_NODE, 7)]))
        odd = next(vm for vm in vms if vm["uri"] == OTHER_NODE and vm["name"] != "web")
        # JSON keeps the value as it is.
        self.assertEqual(odd["name"], ODD_NAME)
        table = self.assertSucceeds("list-vms", *self.BOTH, "-o", "name,uri").stdout
        self.assertRegex(table, f"(?m)^web +{re.escape(OTHER_NODE)}$")

    def test_connect_option_scopes(self):
        # Only libvirt is asked, and only there: hcsdiag's VMs are not listed.
        vms = json.loads(self.assertSucceeds("list-vms", "-j", "-c", OTHER_NODE).stdout)
        self.assertEqual(sorted(vm["name"] for vm in vms), sorted(["web", ODD_NAME]))
        # Unless named too.
        vms = json.loads(self.assertSucceeds("list-vms", "-j", "-c", OTHER_NODE, "-p", "hcsdiag").stdout)
        self.assertEqual({vm["provider"] for vm in vms}, {"libvirt", "hcsdiag"})
        self.assertEqual(json.loads(self.assertSucceeds("show-vm", "-j", "-c", OTHER_NODE, "web").stdout)["cid"], 7)
        self.assertEqual(self.assertSucceeds("resolve", "-c", OTHER_NODE, "vsock:web:22").stdout, "vsock://7:22\n")
        self.assertEqual(self.assertSucceeds("resolve", "--connect", NODE, "vsock:web:22").stdout, "vsock://3:22\n")
        # A connection that fails: no answer, and said why.
        result = self.run_tool("list-vms", "-c", "test:///nonexistent.xml")
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("vmsockctl: libvirt: Could not connect to libvirt at test:///nonexistent.xml",
                      result.stderr)
        self.assertNotIn("No provider could list VMs", result.stderr)

    def test_ambiguous_name_offers_names_that_work(self):
        for args in (["show-vm", "web"], ["resolve", "vsock:web:22"]):
            with self.subTest(args=args):
                result = self.run_tool(*args, *self.BOTH)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stdout, "")
                self.assertIn("“web” could be 2 VMs; name one of them: ", result.stderr)
                offered = re.findall(r"(web@\S+) \(libvirt ([0-9a-f-]+)\)", result.stderr)
                self.assertEqual(sorted(offered), sorted([
                    (f"web@{NODE}", "6695eb01-f6a4-8304-79aa-97f2502e193f"),
                    (f"web@{OTHER_NODE}", "2f1c9a6e-3b7d-4e21-9a0c-5d8e7f6a4b13"),
                ]))
        # Each name offered works, in show-vm and in an address alike.
        for name, cid in ((f"web@{NODE}", 3), (f"web@{OTHER_NODE}", 7)):
            record = json.loads(self.assertSucceeds("show-vm", "--json", *self.BOTH, name).stdout)
            self.assertEqual(record["cid"], cid)
            self.assertEqual(self.assertSucceeds("resolve", *self.BOTH, f"vsock:{name}:22").stdout,
                             f"vsock://{cid}:22\n")
            self.assertEqual(self.assertSucceeds("resolve", *self.BOTH, f"vsock://{name}:22").stdout,
                             f"vsock://{cid}:22\n")
        # Scoped by -c, a qualified name from elsewhere is nowhere.  (Only
        # names that resolve to nothing: connect never opens a VM socket here.)
        result = self.run_tool("connect", "-c", NODE, f"vsock:web@{OTHER_NODE}:22")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"No VM is named “web@{OTHER_NODE}”", result.stderr)
        self.assertIn(f"vsock:web@{OTHER_NODE}:22", result.stderr)

    def write_providers_conf(self, uri):
        conf = pathlib.Path(self.env["XDG_CONFIG_HOME"]) / "libvmsock-glib-1" / "providers.conf"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(f"[libvirt]\nuris={uri}\n")

    def test_precedence(self):
        """-c > LIBVIRT_DEFAULT_URI > providers.conf > libvirt's default."""
        def uris(*args, env=None):
            vms = json.loads(self.assertSucceeds("list-vms", "-j", "-p", "libvirt", *args, env=env).stdout)
            return {vm["uri"] for vm in vms}

        self.write_providers_conf(OTHER_NODE)
        self.assertEqual(uris(), {NODE})
        self.assertEqual(uris(env={"LIBVIRT_DEFAULT_URI": ""}), {OTHER_NODE})
        self.assertEqual(uris("-c", OTHER_NODE, "-c", NODE), {NODE, OTHER_NODE})
        self.assertEqual(uris("-c", OTHER_NODE, env={"LIBVIRT_DEFAULT_URI": NODE}), {OTHER_NODE})


class Terminal(VmsockctlTestCase):
    """Tables at an 80-column terminal, and piped."""

    BOTH = ["-c", NODE, "-c", OTHER_NODE]

    def test_table_fits_80_columns(self):
        status, text = self.run_at_terminal("list-vms", *self.BOTH)
        self.assertEqual(status, 0, text)
        lines = text.splitlines()
        self.assertTrue(lines[0].startswith("NAME "), text)
        self.assertEqual(lines[-1], "7 VMs listed.")
        rows = lines[:-2]
        self.assertEqual(len(rows), 8, text)
        for line in rows:
            self.assertLessEqual(cells(line), 80, line)
        # The ids lost their end to an ellipsis; what is left tells them apart.
        web = [line for line in rows if line.startswith("web ")]
        self.assertEqual(len(web), 2)
        self.assertTrue(any(re.search(r"\s6695eb0\S*…$", line) for line in web), web)
        self.assertTrue(any(re.search(r"\s2f1c9a6\S*…$", line) for line in web), web)
        # Columns line up by cells, wide characters and escapes included.
        starts = {cells(line[:re.search(r" (running|paused|off) ", line).start()]) for line in rows[1:]}
        self.assertEqual(len(starts), 1, rows)
        odd = next(line for line in rows if line.startswith("tab"))
        self.assertNotIn("\t", odd)
        self.assertNotIn("\x9b", odd)
        self.assertTrue(odd.startswith("tab\\tcsi\\x"), odd)

    def test_full_and_narrow(self):
        status, text = self.run_at_terminal("list-vms", "-l", *self.BOTH)
        self.assertEqual(status, 0, text)
        self.assertIn("6695eb01-f6a4-8304-79aa-97f2502e193f", text)
        self.assertIn(ODD_NAME_SHOWN, text)
        self.assertNotIn("…", text)
        self.assertGreater(max(cells(line) for line in text.splitlines()), 80)
        # Whatever can be shortened is, down to a few characters each.
        status, text = self.run_at_terminal("list-vms", "-o", "name,id", *self.BOTH, columns=24)
        self.assertEqual(status, 0, text)
        for line in text.splitlines():
            self.assertLessEqual(cells(line), 24, line)

    def test_ellipsis_without_utf8(self):
        status, text = self.run_at_terminal("list-vms", "-p", "libvirt", "-o", "name,id",
                                            columns=30, env={"LC_ALL": "C"})
        self.assertEqual(status, 0, text)
        self.assertRegex(text, r"(?m) 6695eb01-\S*\.\.\.$")
        self.assertNotIn("…", text)
        for line in text.splitlines():
            self.assertLessEqual(len(line), 30, line)

    def test_piped_tables_are_whole(self):
        output = self.assertSucceeds("list-vms", *self.BOTH, env={"COLUMNS": "80"}).stdout
        self.assertIn("6695eb01-f6a4-8304-79aa-97f2502e193f", output)
        self.assertIn(ODD_NAME_SHOWN, output)
        self.assertNotIn("…", output)
        self.assertNotRegex(output, "[\x00-\x09\x0b-\x1f\x7f-\x9f]")

    def test_record_and_messages_are_printable(self):
        record = self.assertSucceeds("show-vm", "-c", OTHER_NODE, "9d4e2b71-8c3a-4f5e-b6d1-0a2c4e6f8b35").stdout
        self.assertIn(f"NAME: {ODD_NAME_SHOWN}\n", record)
        raw = json.loads(self.assertSucceeds("show-vm", "-j", "-c", OTHER_NODE,
                                             "9d4e2b71-8c3a-4f5e-b6d1-0a2c4e6f8b35").stdout)
        self.assertEqual(raw["name"], ODD_NAME)
        result = self.run_tool("show-vm", "\x1b]0;owned\x07\nforged row")
        self.assertEqual(result.returncode, 1)
        self.assertIn("No VM is named “\\x1B]0;owned\\x07\\nforged row”", result.stderr)
        self.assertNotRegex(result.stderr, "[\x00-\x09\x0b-\x1f\x7f]")


CLONE = re.compile(r"(?:clone3?|fork|vfork)\(.*\) = (\d+)$")
EXECVE = re.compile(r'execve\("([^"]+)".* = 0$')
OPEN = re.compile(r'open(?:at2?)?\((?:[^,]+, )?"([^"]+)".* = \d+')


def opened_files(prefix):
    """The files that the threads traced by `strace -ff -o PREFIX` opened, as
    (program the thread was running, path)."""
    traces = {}
    for name in glob.glob(f"{prefix}.*"):
        with open(name, encoding="utf-8", errors="replace") as trace:
            traces[int(name.rsplit(".", 1)[1])] = trace.read().splitlines()
    created = {int(match[1]) for lines in traces.values() for line in lines
               if (match := CLONE.match(line))}
    opened = []

    def follow(tid, program):
        for line in traces.get(tid, []):
            if match := EXECVE.match(line):
                program = match[1]
            elif match := OPEN.match(line):
                opened.append((program, match[1]))
            elif match := CLONE.match(line):
                # A thread or child runs what its creator ran, until it execs.
                follow(int(match[1]), program)

    for root in set(traces) - created:
        follow(root, None)
    return opened


class PluginIsolation(VmsockctlTestCase):
    def test_providers_loads_no_plugin_module(self):
        """vmsockctl reads the plugins' metadata; only the plugin hosts it
        starts load their modules, and with them libvirt."""
        strace = shutil.which("strace")
        if strace is None:
            self.skipTest("strace is not installed")
        prefix = os.path.join(self.folder, "trace")
        # LeakSanitizer cannot work in a traced process; other tests check
        # the leaks of `providers`.
        env = {**self.env, "ASAN_OPTIONS": self.env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"}
        result = subprocess.run([strace, "-ff", "-qq", "-s", "4096", "-o", prefix,
                                 "-e", "trace=/^(open|openat|openat2|execve|clone|clone3|fork|vfork)$",
                                 VMSOCKCTL, "providers", "--json"],
                                capture_output=True, text=True, env=env, timeout=120)
        if result.returncode != 0 and "ptrace" in result.stderr:
            self.skipTest(f"strace cannot trace here: {result.stderr.splitlines()[0]}")
        self.assertEqual(result.returncode, 0, result.stderr)
        statuses = {row["name"]: row["status"] for row in json.loads(result.stdout)}
        self.assertEqual(statuses, {"libvirt": "ok", "hcsdiag": "ok"})

        plugin_dirs = {os.path.realpath(folder)
                       for folder in self.env["VMSOCK_PLUGIN_PATH"].split(os.pathsep)}
        host = os.path.realpath(self.env["VMSOCK_PLUGIN_HOST"])
        loaders = {}
        for program, path in opened_files(prefix):
            name = os.path.basename(path)
            if (os.path.dirname(os.path.realpath(path)) in plugin_dirs and name.endswith(".so")) \
                    or name.startswith("libvirt.so"):
                loaders.setdefault(name, set()).add(os.path.realpath(program))
        self.assertEqual(loaders, {"libvmsock-libvirt.so": {host},
                                   "libvmsock-hcsdiag.so": {host},
                                   "libvirt.so.0": {host}})


class Devenv(VmsockctlTestCase):
    """`meson devenv -C BUILDDIR vmsockctl …` runs the build's vmsockctl with
    the build's plugins, plugin host, message catalogs and typelib, set by
    nothing but the devenv."""

    def devenv(self, *command, env=None):
        meson = os.environ.get("MESON")
        if not meson:
            self.skipTest("meson was not found when the build was set up, so it cannot run meson devenv")
        # What the tests set for themselves goes: only the platform stays,
        # so that hcsdiag works, and hcsdiag's stand-in on PATH.
        clean = {name: value for name, value in self.env.items()
                 if not name.startswith("VMSOCK_") and name not in ("GI_TYPELIB_PATH", "LD_LIBRARY_PATH")}
        clean["VMSOCK_PLATFORM"] = "wsl"
        clean.update(env or {})
        return subprocess.run([meson, "devenv", "-C", os.environ["MESON_BUILD_ROOT"], *command],
                              capture_output=True, text=True, env=clean, timeout=120)

    def test_vmsockctl_finds_the_build(self):
        result = self.devenv("vmsockctl", "providers", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        statuses = {row["name"]: row["status"] for row in json.loads(result.stdout)}
        self.assertEqual(statuses["libvirt"], "ok")
        self.assertEqual(statuses["hcsdiag"], "ok")
        # The plugin host answers, for every provider that works here.
        vms = json.loads(self.devenv("vmsockctl", "list-vms", "--json").stdout)
        self.assertEqual({vm["provider"] for vm in vms}, {"libvirt", "hcsdiag"})
        # The vmsockctl is this build's.
        which = self.devenv(sys.executable, "-c", "import shutil; print(shutil.which('vmsockctl'))")
        self.assertEqual(which.returncode, 0, which.stderr)
        self.assertEqual(os.path.realpath(which.stdout.strip()), os.path.realpath(VMSOCKCTL))

    def test_catalogs(self):
        if not os.path.isdir(os.path.join(os.environ["MESON_BUILD_ROOT"], "po", "de")):
            self.skipTest("this build has no message catalogs (nls disabled)")
        result = self.devenv("vmsockctl", "providers", env={"LC_ALL": "de_DE.UTF-8"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Anbieter.", result.stdout)

    def test_typelib(self):
        if not os.path.exists(os.path.join(os.environ["MESON_BUILD_ROOT"], "introspection", "Vmsock-1.typelib")):
            self.skipTest("this build has no typelib (introspection disabled)")
        script = ("import gi; gi.require_version('Vmsock', '1'); from gi.repository import Vmsock; "
                  "print(' '.join(p.get_name() for p in Vmsock.Discovery.new().get_providers()))")
        sanitized = {}
        if "VMSOCK_TEST_ASAN_RUNTIME" in os.environ:
            sanitized = {"LD_PRELOAD": os.environ["VMSOCK_TEST_ASAN_RUNTIME"],
                         "ASAN_OPTIONS": os.environ["VMSOCK_TEST_INTERPRETER_ASAN_OPTIONS"]}
        result = self.devenv(sys.executable, "-c", script, env=sanitized)
        if "No module named 'gi'" in result.stderr:
            self.skipTest(f"{sys.executable} has no PyGObject")
        self.assertEqual(result.returncode, 0, result.stderr)
        # Those that work on WSL; machined too where systemd runs.
        self.assertLessEqual({"hcsdiag", "hyperv", "libvirt"}, set(result.stdout.split()))


REG_HEADER = "Windows Registry Editor Version 5.00\r\n\r\n"
REG_KEY = ("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
           "Virtualization\\GuestCommunicationServices\\{}]\r\n\"ElementName\"=\"{}\"\r\n\r\n")


class Services(VmsockctlTestCase):
    def test_register_list_unregister(self):
        self.assertIn("Registered “ssh” with the service ID 00000016-facb-11e6-bd58-64006a7986d3 "
                      "(vsock port 22)", self.assertSucceeds("register-service", "ssh", "--port", "22").stdout)
        self.assertIn("already registered",
                      self.assertSucceeds("register-service", "ssh", "--port", "22").stdout)
        self.assertSucceeds("register-service", "web")
        self.assertSucceeds("register-service", "backup", "--system", "--guid",
                            "{C7E8A9B2-0000-4000-8000-000000000001}")

        services = json.loads(self.assertSucceeds("list-services", "--json").stdout)
        self.assertEqual([(s["name"], s["scope"]) for s in services],
                         [("ssh", "user"), ("web", "user"), ("backup", "system")])
        self.assertEqual(services[0]["port"], 22)
        self.assertIsNone(services[1]["port"])
        self.assertEqual(services[2]["service-id"], "c7e8a9b2-0000-4000-8000-000000000001")
        self.assertEqual(list(services[0]), ["name", "service-id", "port", "scope"])
        only_system = json.loads(self.assertSucceeds("list-services", "--system", "-j").stdout)
        self.assertEqual([s["name"] for s in only_system], ["backup"])

        self.assertEqual(self.assertSucceeds("unregister-service", "web").stdout, "Removed “web”\n")
        result = self.run_tool("unregister-service", "web")
        self.assertEqual(result.returncode, 1)
        self.assertIn("No service called “web”", result.stderr)
        self.assertTrue(self.assertSucceeds("list-services", "--user").stdout.endswith(
            "\n1 service listed.\n"))

    def test_conflicts(self):
        self.assertSucceeds("register-service", "ssh", "--port", "22")
        before = self.user_registry.read_bytes()
        for args, message in [(["ssh", "--port", "23"], "already registered with the service ID"),
                              (["shell", "--port", "22"], "already registered as “ssh”")]:
            result = self.run_tool("register-service", *args)
            self.assertEqual(result.returncode, 1)
            self.assertIn(message, result.stderr)
        self.assertEqual(self.user_registry.read_bytes(), before)

    def test_concurrent_writers_lose_nothing(self):
        names = [f"service-{n}" for n in range(24)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(lambda name: self.run_tool("register-service", name), names))
        self.assertEqual([r.returncode for r in results], [0] * len(names))
        listed = json.loads(self.assertSucceeds("list-services", "--user", "--json").stdout)
        self.assertEqual(sorted(s["name"] for s in listed), sorted(names))
        self.assertEqual(len({s["service-id"] for s in listed}), len(names))

    def test_malformed_registry_is_left_alone(self):
        self.user_registry.parent.mkdir(parents=True)
        contents = b'{ "version": 1, "services": [\n  { "name": "a" ]\n}\n'
        self.user_registry.write_bytes(contents)
        for args in (["register-service", "b"], ["unregister-service", "a"], ["list-services"]):
            result = self.run_tool(*args)
            self.assertEqual(result.returncode, 1, args)
            self.assertIn(f"{self.user_registry}:2:", result.stderr)
            self.assertIn("left unchanged", result.stderr)
        self.assertEqual(self.user_registry.read_bytes(), contents)

    def test_fifo_registry_is_refused_at_once(self):
        self.user_registry.parent.mkdir(parents=True)
        os.mkfifo(self.user_registry)
        for args in (["list-services", "--user"], ["register-service", "b"]):
            result = self.run_tool(*args)
            self.assertEqual(result.returncode, 1, args)
            self.assertIn(f"{self.user_registry}: it is not a regular file", result.stderr)

    def test_symlinked_registry_is_read_but_not_replaced(self):
        target = pathlib.Path(self.folder) / "elsewhere.json"
        target.write_text('{ "services": [ { "name": "a", '
                          '"service-id": "c7e8a9b2-0000-4000-8000-000000000001" } ] }')
        before = target.read_bytes()
        self.user_registry.parent.mkdir(parents=True)
        self.user_registry.symlink_to(target)
        listed = json.loads(self.assertSucceeds("list-services", "--user", "--json").stdout)
        self.assertEqual([s["name"] for s in listed], ["a"])
        result = self.run_tool("register-service", "b")
        self.assertEqual(result.returncode, 1)
        self.assertIn("is a symbolic link", result.stderr)
        self.assertTrue(self.user_registry.is_symlink())
        self.assertEqual(target.read_bytes(), before)

    def test_registry_keeps_its_mode(self):
        self.assertSucceeds("register-service", "a")
        self.user_registry.chmod(0o600)
        self.assertSucceeds("register-service", "b")
        self.assertEqual(self.user_registry.stat().st_mode & 0o7777, 0o600)

    def test_broken_system_registry_does_not_hide_the_user_one(self):
        self.assertSucceeds("register-service", "ssh", "--port", "22")
        self.system_registry.parent.mkdir(parents=True)
        self.system_registry.write_text('{ "services": 7 }')
        result = self.run_tool("list-services", "--json")
        self.assertEqual(result.returncode, 1)
        self.assertIn("services: not an array", result.stderr)
        self.assertEqual([s["name"] for s in json.loads(result.stdout)], ["ssh"])

    def test_system_registry_permissions(self):
        self.system_registry.parent.mkdir(parents=True)
        self.system_registry.parent.chmod(0o555)
        command = [*VMSOCKCTL_COMMAND, "register-service", "web", "--system"]
        if os.geteuid() == 0:
            # Root passes permission checks unless it gives up the capability.
            command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", *command]
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=60)
        finally:
            self.system_registry.parent.chmod(0o755)
        self.assertEqual(result.returncode, 1)
        self.assertIn("Permission denied", result.stderr)
        self.assertIn("run as root, or use --user", result.stderr)
        self.assertFalse(self.system_registry.exists())

    def test_reg_export(self):
        reg_path = os.path.join(self.folder, "ssh.reg")
        self.assertSucceeds("register-service", "ssh", "--port", "22", "--export-reg", reg_path)
        self.assertSucceeds("register-service", 'Say "hi" \\ ünï', "--guid",
                            "c7e8a9b2-0000-4000-8000-000000000001")
        data = pathlib.Path(reg_path).read_bytes()
        self.assertEqual(data[:2], b"\xff\xfe")
        self.assertEqual(data[2:].decode("utf-16-le"),
                         REG_HEADER + REG_KEY.format("00000016-facb-11e6-bd58-64006a7986d3", "ssh"))

        everything = subprocess.run([*VMSOCKCTL_COMMAND, "list-services", "--export-reg", "-"],
                                    capture_output=True, env=self.env, timeout=60)
        self.assertEqual(everything.returncode, 0)
        self.assertEqual(everything.stdout.decode("utf-16"),
                         REG_HEADER
                         + REG_KEY.format("c7e8a9b2-0000-4000-8000-000000000001",
                                          'Say \\"hi\\" \\\\ ünï')
                         + REG_KEY.format("00000016-facb-11e6-bd58-64006a7986d3", "ssh"))

    def run_at_terminal(self, *args):
        """Runs with standard output at a pseudo-terminal: status, what
        reached the terminal, standard error."""
        primary, secondary = pty.openpty()
        try:
            result = subprocess.run([*VMSOCKCTL_COMMAND, *args], stdout=secondary,
                                    stderr=subprocess.PIPE, env=self.env, timeout=60)
            os.close(secondary)
            secondary = -1
            # The program ended: the terminal says so once it is drained.
            output = read_terminal(primary, 60)
            primary = -1
        finally:
            if secondary >= 0:
                os.close(secondary)
            if primary >= 0:
                os.close(primary)
        return result.returncode, output, result.stderr.decode()

    def test_reg_export_refuses_a_terminal(self):
        status, output, errors = self.run_at_terminal("register-service", "ssh", "--port", "22",
                                                      "--export-reg", "-")
        self.assertEqual(status, 2)
        self.assertEqual(output, b"")
        self.assertIn("A .reg file is UTF-16, which a terminal shows garbled", errors)
        # Refused before anything changed.
        self.assertFalse(self.user_registry.exists())

        self.assertSucceeds("register-service", "ssh", "--port", "22")
        status, output, errors = self.run_at_terminal("list-services", "--export-reg", "-")
        self.assertEqual((status, output), (2, b""))
        self.assertIn("or give --force", errors)
        status, output, errors = self.run_at_terminal("list-services", "--export-reg", "-", "--force")
        self.assertEqual(status, 0, errors)
        self.assertIn("ssh".encode("utf-16-le"), output)


@unittest.skipUnless(os.environ.get("VMSOCK_LOCALEDIR"), "built without message catalogs")
class Translations(VmsockctlTestCase):
    """The tool's, the library's and a plugin's messages, singular and plural."""

    def translated(self, locale, *args):
        result = self.run_tool(*args, env={"LC_ALL": locale, "HCSDIAG_STANDIN": "denied"})
        return result.stdout + result.stderr

    def test_german(self):
        self.assertIn("Unbekannter Befehl „lsit-vms“; meinten Sie „list-vms“?",
                      self.translated("de_DE.UTF-8", "lsit-vms"))
        self.assertIn("Ungültiger Wert für vsock-Port, „x“, in „vsock:1:x“",
                      self.translated("de_DE.UTF-8", "connect", "vsock:1:x"))
        output = self.translated("de_DE.UTF-8", "list-vms")
        self.assertTrue(output.startswith("NAME  "), output)
        self.assertIn("ANBIETER", output.splitlines()[0])
        self.assertIn("\n5 VMs aufgelistet.\n", output)
        self.assertIn("Um Hyper-V-VMs aufzulisten, sind Administratorrechte", output)
        self.assertIn("\n1 VM aufgelistet.\n", self.translated("de_DE.UTF-8", "list-vms", "-s", "paused"))

    def test_french(self):
        self.assertIn("Commande inconnue «\u00a0lsit-vms\u00a0»\u00a0; vouliez-vous dire «\u00a0list-vms\u00a0»\u00a0?",
                      self.translated("fr_FR.UTF-8", "lsit-vms"))
        self.assertIn("Valeur de port vsock non valide, «\u00a0x\u00a0», dans «\u00a0vsock:1:x\u00a0»",
                      self.translated("fr_FR.UTF-8", "connect", "vsock:1:x"))
        output = self.translated("fr_FR.UTF-8", "list-vms")
        self.assertIn("FOURNISSEUR", output.splitlines()[0])
        self.assertIn("\n5 VM listées.\n", output)
        self.assertIn("Lister les VM Hyper-V nécessite les droits d’administrateur", output)
        self.assertIn("\n1 VM listée.\n", self.translated("fr_FR.UTF-8", "list-vms", "-s", "paused"))

    def test_untranslated_locale_stays_english(self):
        self.assertIn("Unknown command “lsit-vms”", self.translated("it_IT.UTF-8", "lsit-vms"))


def serve_each(server, serve):
    """Runs @serve(connection) in a thread of its own for each connection a
    listening socket accepts, until the socket is closed."""
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def serve_echo(server):
    """Echoes every connection of a listening socket back to its end."""
    def echo(conn):
        with conn:
            while chunk := conn.recv(1 << 16):
                conn.sendall(chunk)

    serve_each(server, echo)


def echoed(sock, data):
    """Whether @data comes back whole through @sock, which it then closes."""
    with sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(1 << 16):
            received += chunk
    return received == data


# Run as an unprivileged user: fills the user's pipe allowance
# (fs.pipe-user-pages-soft) with pipes of argv[1] bytes, prints whether a new
# pipe can still grow to argv[2] bytes, and holds the pipes until its
# standard input ends.
PIPE_FILLER = """
import fcntl, os, resource, sys

size, wanted, most = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

def grown(size):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, size)
        return write_end
    except PermissionError:
        os.close(write_end)
        return None

held = []
while len(held) < most and (end := grown(size)) is not None:
    held.append(end)
end = grown(wanted)
print("room" if end is not None else "full", flush=True)
sys.stdin.read()
"""

# What forward asks of each pipe (CHUNK_SIZE in tools/vmsockctl-platform-linux.c).
FORWARD_PIPE_SIZE = 256 * 1024


class Forward(VmsockctlTestCase):
    def start_forward(self, target, descriptors=None, listen="tcp:127.0.0.1:0", **popen_arguments):
        def limit_descriptors():
            if descriptors is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

        # Not under memcheck, which takes descriptors of its own.
        forward = subprocess.Popen([VMSOCKCTL, "forward", "--verbose", listen, target],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=self.env, preexec_fn=limit_descriptors, **popen_arguments)
        self.addCleanup(lambda: forward.poll() is None and (forward.kill(), forward.wait()))
        listening = forward.stderr.readline()
        self.assertTrue(listening.startswith("Listening on tcp:"), listening)
        forward.port = int(listening.rsplit(":", 1)[1])
        forward.lines = []
        forward.reader = threading.Thread(target=lambda: forward.lines.extend(forward.stderr),
                                          daemon=True)
        forward.reader.start()
        return forward

    def connect(self, forward):
        return socket.create_connection(("127.0.0.1", forward.port), timeout=60)

    def stop_forward(self, forward):
        forward.send_signal(signal.SIGTERM)
        self.assertEqual(forward.wait(timeout=60), 0)
        forward.reader.join(timeout=60)

    def unix_server(self, serve, name="server.sock"):
        """A Unix socket server that runs @serve(connection) in a thread for
        each connection; its address for forward."""
        path = os.path.join(self.folder, name)
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        server.listen(128)
        self.addCleanup(server.close)
        threading.Thread(target=serve_each, args=(server, serve), daemon=True).start()
        return f"unix:{path}"

    def test_many_at_once_both_ways(self):
        """Connections at once, each sending while it receives, come back
        whole: data that waits for a slow side holds its place."""
        def echo(conn):
            with conn:
                while chunk := conn.recv(1 << 16):
                    conn.sendall(chunk)

        forward = self.start_forward(self.unix_server(echo))

        def client(number):
            data = os.urandom(number * 37_000)
            with self.connect(forward) as sock:
                def send():
                    sock.sendall(data)
                    sock.shutdown(socket.SHUT_WR)

                sender = threading.Thread(target=send)
                sender.start()
                # Some read only once everything was sent.
                if number % 4 == 0:
                    sender.join()
                received = recv_all(sock)
                sender.join()
            return received == data

        with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
            results = list(pool.map(client, range(64)))
        self.assertEqual(results, [True] * 64)
        self.stop_forward(forward)
        self.assertEqual([line for line in forward.lines if line.startswith("vmsockctl:")], [])

    def test_half_close_either_way(self):
        """Each side can end its data and still receive the other's."""
        received = queue.Queue()

        def greet_then_listen(conn):
            with conn:
                conn.sendall(b"hello")
                conn.shutdown(socket.SHUT_WR)
                received.put(recv_all(conn))

        forward = self.start_forward(self.unix_server(greet_then_listen))
        data = os.urandom(1 << 20)
        with self.connect(forward) as sock:
            self.assertEqual(recv_all(sock), b"hello")
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        self.assertTrue(received.get(timeout=60) == data)

        def digest_at_end(conn):
            with conn:
                conn.sendall(hashlib.sha256(recv_all(conn)).digest())

        other = self.start_forward(self.unix_server(digest_at_end, "digest.sock"))
        with self.connect(other) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(sock), hashlib.sha256(data).digest())
        self.stop_forward(forward)
        self.stop_forward(other)

    def test_reset_in_the_middle(self):
        """A side that resets the connection while data is on its way ends
        that connection only."""
        def reset_or_echo(conn):
            with conn:
                first = conn.recv(1 << 16)
                if first.startswith(b"R"):
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                conn.sendall(first)
                while chunk := conn.recv(1 << 16):
                    conn.sendall(chunk)

        forward = self.start_forward(self.unix_server(reset_or_echo))
        for _ in range(3):
            with self.connect(forward) as sock:
                def send():
                    try:
                        sock.sendall(b"R" + os.urandom(8 << 20))
                    except OSError:
                        pass  # what the reset is for

                sender = threading.Thread(target=send)
                sender.start()
                try:
                    self.assertEqual(recv_all(sock), b"")
                except ConnectionResetError:
                    pass
                sender.join(timeout=60)
                self.assertFalse(sender.is_alive())
            self.assertTrue(echoed(self.connect(forward), b"E" + os.urandom(1 << 20)))
        self.assertIsNone(forward.poll())
        self.stop_forward(forward)

    def test_every_interface(self):
        """tcp::0 listens on every interface, on the sockets GIO makes for
        it: connections come over IPv4 and IPv6 alike."""
        def echo(conn):
            with conn:
                while chunk := conn.recv(1 << 16):
                    conn.sendall(chunk)

        forward = self.start_forward(self.unix_server(echo), listen="tcp::0")
        hosts = ["127.0.0.1"]
        try:
            with socket.socket(socket.AF_INET6) as probe:
                probe.bind(("::1", 0))
            hosts.append("::1")
        except OSError:
            pass  # no IPv6 loopback here
        for host in hosts:
            with self.subTest(host=host):
                self.assertTrue(echoed(socket.create_connection((host, forward.port), timeout=60),
                                       os.urandom(1 << 16)))
        self.stop_forward(forward)
        self.assertEqual(len([line for line in forward.lines if line.startswith("Connection from")]),
                         len(hosts), "".join(forward.lines))

    def test_out_of_descriptors(self):
        path = os.path.join(self.folder, "echo.sock")
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        server.listen(64)
        self.addCleanup(server.close)
        threading.Thread(target=serve_echo, args=(server,), daemon=True).start()
        forward = self.start_forward(f"unix:{path}", descriptors=32)

        def errors():
            return [line for line in list(forward.lines) if line.startswith("vmsockctl:")]

        # A relayed connection takes at least two descriptors: twenty are
        # more than 32 allow, and the rest wait in the listening queue.
        held = [self.connect(forward) for _ in range(20)]
        deadline = time.monotonic() + 30
        while not errors() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)
        # Each failure is said once: a connection that could not be relayed
        # once, and failing to accept once per streak, which only an accepted
        # connection ends.  Trying again at once would say it endlessly.
        self.assertIn(len(errors()), range(1, 2 * len(held) + 2), "".join(errors()[-3:]))
        self.assertIsNone(forward.poll())

        for sock in held:
            sock.close()
        # With descriptors free again, it serves as before.
        data = os.urandom(1 << 16)
        while not echoed(self.connect(forward), data):
            self.assertLess(time.monotonic(), deadline + 30, "forward did not recover")
            time.sleep(0.1)

        forward.send_signal(signal.SIGTERM)
        self.assertEqual(forward.wait(timeout=60), 0)

    def test_small_pipes(self):
        """Past fs.pipe-user-pages-soft an unprivileged user's pipes cannot
        grow: forward relays all the same, in smaller steps, and says so once
        when verbose.  A forward keeps its pipes for the next connections,
        so the one that meets the limit starts after it is reached."""
        def read_limit(name):
            with open(f"/proc/sys/fs/{name}") as limit:
                return int(limit.read())

        soft_pages = read_limit("pipe-user-pages-soft")
        if soft_pages == 0:
            self.skipTest("fs.pipe-user-pages-soft is 0: pipes have no allowance to use up")
        size = min(read_limit("pipe-max-size"), 1 << 20)
        most = soft_pages * resource.getpagesize() // size + 2
        if most > 50000:
            self.skipTest(f"filling fs.pipe-user-pages-soft would take {most} pipes")
        # Root may grow pipes past any limit: the test takes nobody's part.
        unprivileged = {}
        if os.geteuid() == 0:
            import pwd
            try:
                nobody = pwd.getpwnam("nobody")
            except KeyError:
                self.skipTest("running as root, and there is no user nobody to run as")
            unprivileged = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

        server = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(server.close)
        threading.Thread(target=serve_echo, args=(server,), daemon=True).start()
        target = f"tcp:127.0.0.1:{server.getsockname()[1]}"
        data = os.urandom(1 << 20)

        def warnings(forward):
            return [line for line in list(forward.lines) if "Pipes could not grow" in line]

        # Within the allowance, pipes grow as asked.
        early = self.start_forward(target, **unprivileged)
        self.assertTrue(echoed(self.connect(early), data))
        self.stop_forward(early)
        self.assertEqual(warnings(early), [])

        filler = subprocess.Popen([sys.executable, "-c", PIPE_FILLER, str(size),
                                   str(FORWARD_PIPE_SIZE), str(most)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  **unprivileged)
        self.addCleanup(lambda: filler.poll() is None and (filler.kill(), filler.wait()))
        state = filler.stdout.readline().strip()
        if state != "full":
            filler.stdin.close()
            filler.wait(timeout=60)
            self.skipTest(f"{most} pipes of {size} bytes did not use up fs.pipe-user-pages-soft")

        late = self.start_forward(target, **unprivileged)
        for _ in range(2):
            self.assertTrue(echoed(self.connect(late), data))
        filler.stdin.close()
        self.assertEqual(filler.wait(timeout=60), 0)

        self.stop_forward(late)
        self.assertEqual(len(warnings(late)), 1, "".join(late.lines))
        self.assertRegex(warnings(late)[0], r"^vmsockctl: Pipes could not grow to 256\.0\s+KiB "
                                            r"\(Operation not permitted\): data moves \S+\s+\S+ at a time$")


def closed_port(family, host):
    """A port on @host that nothing listens on, or None without @family."""
    try:
        with socket.socket(family) as probe:
            probe.bind((host, 0))
            return probe.getsockname()[1]
    except OSError:
        return None


class Messages(VmsockctlTestCase):
    """What the socket commands say: printable, in the grammar's forms, each
    prefix once."""

    def test_ipv6_in_brackets(self):
        port = closed_port(socket.AF_INET6, "::1")
        if port is None:
            self.skipTest("this machine has no IPv6 loopback")
        result = self.run_tool("connect", f"tcp:[::1]:{port}", input="")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr,
                         f"vmsockctl: Could not connect to [::1]:{port}: Connection refused\n")

    def test_refused_says_the_address_once(self):
        port = closed_port(socket.AF_INET, "127.0.0.1")
        result = self.run_tool("connect", f"tcp:127.0.0.1:{port}", "--retries", "2", input="")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.count("Could not connect"), 1, result.stderr)

    def test_timeout_in_seconds(self):
        # A listening socket whose queue is full drops further connection
        # requests: connecting neither succeeds nor fails until the deadline.
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        self.addCleanup(server.close)
        queued = []
        while True:
            client = socket.socket()
            client.setblocking(False)
            queued.append(client)
            self.addCleanup(client.close)
            if client.connect_ex(server.getsockname()) != 0:
                _, writable, _ = select.select([], [client], [], 0.5)
                if not writable:
                    break
            self.assertLess(len(queued), 16, "the listening queue never filled")
        port = server.getsockname()[1]
        for timeout, said in (("1.5", "1.5 seconds"), ("1", "1 second")):
            result = self.run_tool("connect", "-t", timeout, f"tcp:127.0.0.1:{port}", input="")
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr,
                             f"vmsockctl: Could not connect to 127.0.0.1:{port} within {said}\n")

    def test_bind_failure_names_no_type(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            address = "tcp:127.0.0.1:%d" % taken.getsockname()[1]
            result = self.run_tool("listen", address)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr,
                         f"vmsockctl: Could not listen on {address}: Address already in use\n")

    def test_no_raw_bytes_reach_the_terminal(self):
        for args, escaped in (([b"connect", b"tcp:\xff\x1b]0;title\x07:1"], "\\xFF\\x1B]0;title\\x07"),
                              ([b"connect", b"unix:/nonexistent/\xfe\n"], "/nonexistent/\\xfe\\x0a"),
                              ([b"\xff\x1b[31m"], "\\xFF\\x1B[31m"),
                              ([b"list-vms", b"--state", b"\xc3"], None)):
            with self.subTest(args=args):
                result = subprocess.run([*VMSOCKCTL_COMMAND, *args], capture_output=True,
                                        input=b"", env=self.env, timeout=60)
                self.assertNotEqual(result.returncode, 0)
                text = result.stderr.decode("utf-8")  # Fails on bytes that are not UTF-8.
                for line in text.splitlines():
                    self.assertNotRegex(line, r"[\x00-\x1f\x7f]")
                if escaped is not None:
                    self.assertIn(escaped, text)

    def test_connection_from(self):
        listener = subprocess.Popen([*VMSOCKCTL_COMMAND, "listen", "-v", "tcp:127.0.0.1:0"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=self.env)
        self.addCleanup(lambda: listener.poll() is None and (listener.kill(), listener.wait()))
        port = int(listener.stderr.readline().rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=60) as client:
            self.assertEqual(listener.stderr.readline(),
                             "Connection from tcp:127.0.0.1:%d\n" % client.getsockname()[1])
        self.assertEqual(listener.wait(timeout=60), 0)
        listener.stdout.close()
        listener.stderr.close()


class UnixSockets(VmsockctlTestCase):
    def start_listen(self, path, *options):
        listener = subprocess.Popen([*VMSOCKCTL_COMMAND, "listen", "-v", *options, f"unix:{path}"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=self.env)
        self.addCleanup(lambda: listener.poll() is None and (listener.kill(), listener.wait()))
        self.assertEqual(listener.stderr.readline(), f"Listening on unix:{path}\n".encode())
        listener.stdout.close()
        listener.stderr.close()
        return listener

    def test_socket_file_goes_at_the_end(self):
        path = os.path.join(self.folder, "listen.sock")
        for sig in (signal.SIGINT, signal.SIGTERM):
            listener = self.start_listen(path)
            self.assertTrue(stat.S_ISSOCK(os.lstat(path).st_mode))
            listener.send_signal(sig)
            self.assertEqual(listener.wait(timeout=60), 0)
            self.assertFalse(os.path.lexists(path), sig)
        # After a connection, the same.
        listener = self.start_listen(path)
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
        self.assertEqual(listener.wait(timeout=60), 0)
        self.assertFalse(os.path.lexists(path))

    def test_only_its_own_socket_goes(self):
        path = os.path.join(self.folder, "listen.sock")
        # Replaced by a file of another kind while it listens.
        listener = self.start_listen(path)
        os.unlink(path)
        pathlib.Path(path).write_text("not a socket")
        listener.send_signal(signal.SIGTERM)
        self.assertEqual(listener.wait(timeout=60), 0)
        self.assertEqual(pathlib.Path(path).read_text(), "not a socket")
        os.unlink(path)
        # Replaced by another program's socket.
        listener = self.start_listen(path)
        os.unlink(path)
        with socket.socket(socket.AF_UNIX) as other:
            other.bind(path)
            listener.send_signal(signal.SIGTERM)
            self.assertEqual(listener.wait(timeout=60), 0)
            self.assertTrue(stat.S_ISSOCK(os.lstat(path).st_mode))

    def test_an_existing_file_is_left_alone(self):
        path = os.path.join(self.folder, "data")
        pathlib.Path(path).write_text("keep me")
        result = self.run_tool("listen", f"unix:{path}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("Address already in use", result.stderr)
        self.assertEqual(pathlib.Path(path).read_text(), "keep me")

    def test_forward_removes_its_socket_file(self):
        path = os.path.join(self.folder, "forward.sock")
        forward = subprocess.Popen([*VMSOCKCTL_COMMAND, "forward", "-v", f"unix:{path}",
                                    "tcp:127.0.0.1:1"], stderr=subprocess.PIPE, env=self.env)
        self.assertTrue(forward.stderr.readline().startswith(b"Listening on unix:"))
        self.assertTrue(os.path.lexists(path))
        forward.send_signal(signal.SIGINT)
        self.assertEqual(forward.wait(timeout=60), 0)
        forward.stderr.close()
        self.assertFalse(os.path.lexists(path))


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has not looked yet.  Its parent
    # may reap it meanwhile, which ends it too.
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def recv_all(sock):
    data = b""
    while chunk := sock.recv(1 << 16):
        data += chunk
    return data


BENCH_REQUEST = struct.Struct(">4sBBHQQ")
BENCH_OP_CONNECT, BENCH_OP_CHECK = 1, 5


def recv_exact(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("ended early")
        data += chunk
    return data


class SocatHabits(VmsockctlTestCase):
    """connect -z and -i, listen --exec, -k and -i, forward -i."""

    def start(self, *args):
        process = subprocess.Popen([*VMSOCKCTL_COMMAND, *args], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        self.addCleanup(lambda: process.poll() is None and (process.kill(), process.wait()))
        line = process.stderr.readline().decode()
        self.assertTrue(line.startswith("Listening on "), line)
        process.address = line.split()[-1]
        return process

    def tcp_port(self, process):
        return int(process.address.rsplit(":", 1)[1])

    def finish(self, process, status=0):
        stdout, stderr = process.communicate(timeout=60)
        self.assertEqual(process.returncode, status, stderr)
        return stdout, stderr.decode()

    def test_connect_probe(self):
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            result = self.run_tool("connect", "-z", "tcp:127.0.0.1:%d" % server.getsockname()[1],
                                   input="not sent")
            self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "", ""))
            conn, _ = server.accept()
            with conn:
                conn.settimeout(60)
                self.assertEqual(recv_all(conn), b"")
        port = closed_port(socket.AF_INET, "127.0.0.1")
        result = self.run_tool("connect", "-z", f"tcp:127.0.0.1:{port}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("Connection refused", result.stderr)

    def test_connect_idle_timeout(self):
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            address = "tcp:127.0.0.1:%d" % server.getsockname()[1]
            started = time.monotonic()
            client = subprocess.Popen([*VMSOCKCTL_COMMAND, "connect", "-i", "0.5", address],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=self.env)
            conn, _ = server.accept()
            with conn:
                # Data every 0.2 s keeps it open well past 0.5 s.
                for _ in range(8):
                    conn.sendall(b".")
                    time.sleep(0.2)
                stdout, stderr = client.communicate(timeout=60)
        self.assertGreater(time.monotonic() - started, 1.5)
        self.assertEqual(stdout, b"........")
        self.assertEqual(client.returncode, 1)
        self.assertEqual(stderr, "vmsockctl: Nothing was sent either way for 0.5 seconds\n".encode())

    def test_exec_serves_one_connection(self):
        listener = self.start("listen", "-v", "tcp:127.0.0.1:0", "--exec", "tr", "a-z", "A-Z")
        with socket.create_connection(("127.0.0.1", self.tcp_port(listener)), timeout=60) as sock:
            sock.sendall(b"hello, world\n")
            # The end of what it sends, and the program's answer still comes.
            sock.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(sock), b"HELLO, WORLD\n")
        self.finish(listener)

    def test_exec_takes_arguments_as_they_are(self):
        listener = self.start("listen", "-v", "tcp:127.0.0.1:0", "--exec", "printf",
                              "%s|", "-v", "$HOME", "a b; echo x")
        with socket.create_connection(("127.0.0.1", self.tcp_port(listener)), timeout=60) as sock:
            self.assertEqual(recv_all(sock), b"-v|$HOME|a b; echo x|")
        self.finish(listener)

    def test_exec_that_cannot_start(self):
        listener = self.start("listen", "-v", "tcp:127.0.0.1:0", "--exec",
                              os.path.join(self.folder, "nonexistent"))
        socket.create_connection(("127.0.0.1", self.tcp_port(listener)), timeout=60).close()
        _, stderr = self.finish(listener, 1)
        self.assertIn("Could not start the program: ", stderr)

    def test_keep_open_runs_a_program_per_connection(self):
        listener = self.start("listen", "-v", "-k", "tcp:127.0.0.1:0", "--exec", "sh", "-c",
                              'echo $$; exec cat')
        port = self.tcp_port(listener)
        socks = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(5)]
        pids = []
        for sock in socks:
            line = b""
            while not line.endswith(b"\n"):
                line += sock.recv(1)
            pids.append(int(line))
        self.assertEqual(len(set(pids)), 5)
        # Served at once: each echoes while the others stay open.
        for n, sock in enumerate(socks):
            sock.sendall(b"%d\n" % n)
            self.assertEqual(sock.recv(16), b"%d\n" % n)
        socks[0].shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(socks[0]), b"")
        self.assertTrue(wait_until(lambda: not process_exists(pids[0])))
        # On SIGTERM, the programs still running are killed.
        listener.send_signal(signal.SIGTERM)
        self.finish(listener)
        self.assertEqual([pid for pid in pids if process_exists(pid)], [])
        for sock in socks:
            sock.close()

    def test_keep_open_bounds_connections_at_once(self):
        listener = self.start("listen", "-v", "-k", "-m", "2", "tcp:127.0.0.1:0", "--exec", "cat")
        port = self.tcp_port(listener)
        first, second, third = (socket.create_connection(("127.0.0.1", port), timeout=60)
                                for _ in range(3))
        for sock in (first, second, third):
            sock.sendall(b"ping")
        self.assertEqual(first.recv(4), b"ping")
        self.assertEqual(second.recv(4), b"ping")
        # The third waits in the queue until one of two ends.
        third.settimeout(1)
        with self.assertRaises(socket.timeout):
            third.recv(4)
        first.close()
        third.settimeout(60)
        self.assertEqual(third.recv(4), b"ping")
        listener.send_signal(signal.SIGINT)
        self.finish(listener)
        second.close()
        third.close()

    def test_program_is_killed_when_the_peer_goes(self):
        path = os.path.join(self.folder, "exec.sock")
        listener = self.start("listen", "-v", "-k", f"unix:{path}", "--exec", "sh", "-c",
                              "echo $$; exec sleep 600")
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(60)
            sock.connect(path)
            pid = int(sock.makefile("rb").readline())
            self.assertTrue(process_exists(pid))
        self.assertTrue(wait_until(lambda: not process_exists(pid)))
        listener.send_signal(signal.SIGTERM)
        self.finish(listener)

    def test_idle_program_is_killed(self):
        listener = self.start("listen", "-v", "-i", "0.5", "tcp:127.0.0.1:0", "--exec", "sh", "-c",
                              "echo $$; exec sleep 600")
        with socket.create_connection(("127.0.0.1", self.tcp_port(listener)), timeout=60) as sock:
            pid = int(sock.makefile("rb").readline())
            self.assertEqual(recv_all(sock), b"")
        _, stderr = self.finish(listener, 1)
        self.assertIn("Nothing was sent either way for 0.5 seconds", stderr)
        self.assertTrue(wait_until(lambda: not process_exists(pid)))

    def test_keep_open_needs_exec(self):
        result = self.run_tool("listen", "-k", "tcp:127.0.0.1:0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--keep-open needs --exec", result.stderr)
        result = self.run_tool("listen", "--exec", "cat", "tcp:127.0.0.1:0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("Too few arguments", result.stderr)
        result = self.run_tool("listen", "tcp:127.0.0.1:0", "--exec")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--exec needs the program to run", result.stderr)

    def test_forward_idle_timeout(self):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        self.addCleanup(server.close)
        forward = self.start("forward", "-v", "-i", "0.5", "tcp:127.0.0.1:0",
                             "tcp:127.0.0.1:%d" % server.getsockname()[1])
        with socket.create_connection(("127.0.0.1", self.tcp_port(forward)), timeout=60) as sock:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(60)
                started = time.monotonic()
                self.assertEqual(recv_all(sock), b"")
                self.assertEqual(recv_all(conn), b"")
                self.assertGreater(time.monotonic() - started, 0.4)
        forward.send_signal(signal.SIGTERM)
        _, stderr = self.finish(forward)
        self.assertIn("Nothing was sent either way for 0.5 seconds", stderr)


def fake_bench_server(server, fault):
    """A bench server, written from the protocol in vmsockctl(1), that
    answers the check operation with @fault: "digest" sends a wrong digest,
    "hang-up" closes before any echo, "stall" answers nothing more."""
    def serve(conn):
        with conn:
            magic, version, op, _, size, _ = BENCH_REQUEST.unpack(recv_exact(conn, 24))
            assert (magic, version) == (b"VMSB", 1)
            conn.sendall(b"VMSR" + bytes([1, 0, 0, 0]))
            if op != BENCH_OP_CHECK or fault == "hang-up":
                return
            if fault == "stall":
                time.sleep(30)
                return
            digest = hashlib.sha256()
            while size > 0:
                chunk = conn.recv(min(size, 1 << 16))
                if not chunk:
                    return
                digest.update(chunk)
                conn.sendall(chunk)
                size -= len(chunk)
            conn.sendall(bytes([digest.digest()[0] ^ 1]) + digest.digest()[1:])

    serve_each(server, serve)


class Bench(VmsockctlTestCase):
    def serve(self, address="tcp:127.0.0.1:0", descriptors=None):
        """A bench server; returns the address it listens on."""
        def limit_descriptors():
            if descriptors is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

        # Not under memcheck, whose notes would come first on stderr.
        server = subprocess.Popen([VMSOCKCTL, "bench", "serve", "--verbose", address],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  env=self.env, preexec_fn=limit_descriptors)
        self.addCleanup(lambda: server.poll() is None and (server.kill(), server.wait()))
        listening = server.stderr.readline()
        self.assertTrue(listening.startswith("Listening on "), listening)
        self.server = server
        return listening.split()[-1]

    def bench(self, *args, status=0):
        result = self.run_tool("bench", "run", "--json=short", *args)
        self.assertEqual(result.returncode, status, result.stderr)
        return json.loads(result.stdout), result.stderr

    def fake_server(self, fault):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        self.addCleanup(server.close)
        threading.Thread(target=fake_bench_server, args=(server, fault), daemon=True).start()
        return f"tcp:127.0.0.1:{server.getsockname()[1]}"

    def test_without_command(self):
        result = self.run_tool("bench")
        self.assertEqual(result.returncode, 2)
        self.assertIn("vmsockctl bench COMMAND", result.stderr)
        self.assertEqual(self.assertSucceeds("help", "bench").stdout, result.stderr)

    def test_every_mode_over_tcp(self):
        address = self.serve()
        rows, _ = self.bench("-s", "4K,64K", "-n", "50", "-P", "2", address)
        self.assertEqual([row["size"] for row in rows], [4096, 65536])
        for row in rows:
            self.assertEqual(list(row), ["size", "streams", "direction", "microseconds", "bytes",
                                         "bytes-per-second"])
            self.assertEqual((row["streams"], row["direction"]), (2, "send"))
            self.assertEqual(row["bytes"], 2 * 50 * row["size"])
            self.assertGreater(row["bytes-per-second"], 0)

        rows, _ = self.bench("-R", "-s", "1M", "-n", "20", address)
        self.assertEqual((rows[0]["direction"], rows[0]["bytes"]), ("receive", 20 << 20))

        (row,), _ = self.bench("-m", "connect", "-n", "40", "-P", "4", address)
        self.assertEqual((row["connections"], row["failed"], row["streams"]), (40, 0, 4))
        self.assertGreater(row["connections-per-second"], 0)

        rows, _ = self.bench("-m", "latency", "-s", "1,4K", "-n", "200", address)
        self.assertEqual([row["size"] for row in rows], [1, 4096])
        for row in rows:
            self.assertEqual(row["round-trips"], 200)
            times = [row[key] for key in ("min-us", "p50-us", "p90-us", "p99-us", "max-us")]
            self.assertEqual(times, sorted(times))
            self.assertGreater(times[-1], 0)

        (row,), _ = self.bench("-m", "random", "-n", "300", "-P", "16", "-s", "200K",
                               "--seed", "42", address)
        self.assertEqual((row["connections"], row["corrupt"], row["lost"], row["seed"]),
                         (300, 0, 0, 42))
        # The seed makes the sizes: the same seed, the same bytes.
        (again,), _ = self.bench("-m", "random", "-n", "300", "-s", "200K", "--seed", "42", address)
        self.assertEqual(again["bytes"], row["bytes"])
        self.assertGreater(row["bytes"], 300 * 50_000)

    def test_duration_and_unix(self):
        address = self.serve(f"unix:{self.folder}/bench.sock")
        start = time.monotonic()
        (row,), _ = self.bench("-s", "64K", "-d", "0.5", address)
        self.assertLess(time.monotonic() - start, 20)
        self.assertGreater(row["bytes"], 0)
        self.assertTrue(400_000 < row["microseconds"] < 5_000_000, row)
        (row,), _ = self.bench("-m", "random", "-n", "100", "-P", "4", address)
        self.assertEqual((row["connections"], row["corrupt"], row["lost"]), (100, 0, 0))
        # Its socket file goes with it.
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(timeout=30), 0)
        self.assertFalse(os.path.lexists(f"{self.folder}/bench.sock"))

    def test_tables_fit_80_columns(self):
        address = self.serve()
        for args in (["-n", "5"], ["-R", "-n", "5"], ["-m", "connect", "-n", "5"],
                     ["-m", "latency", "-n", "5", "-s", "1,16M"],
                     ["-m", "random", "-n", "5", "--seed", "4294967295"]):
            with self.subTest(args=args):
                result = self.run_tool("bench", "run", *args, address)
                self.assertEqual(result.returncode, 0, result.stderr)
                lines = result.stdout.splitlines()
                self.assertTrue(lines[0].startswith(("SIZE", "STREAMS", "CONNECTIONS")), lines)
                self.assertLessEqual(max(len(line) for line in lines), 80, result.stdout)

    def test_corrupt_peer(self):
        (row,), errors = self.bench("-m", "random", "-n", "20", "-P", "4",
                                    self.fake_server("digest"), status=1)
        self.assertEqual((row["connections"], row["corrupt"], row["lost"]), (20, 20, 0))
        self.assertIn("20 connections brought back other data than they sent", errors)

    def test_peer_that_hangs_up(self):
        (row,), errors = self.bench("-m", "random", "-n", "10", "-s", "1M", "--seed", "7",
                                    self.fake_server("hang-up"), status=1)
        self.assertEqual((row["connections"], row["lost"]), (0, 10))
        self.assertIn("10 connections failed; the first: ", errors)

    def test_peer_that_stalls(self):
        start = time.monotonic()
        (row,), errors = self.bench("-m", "random", "-n", "2", "-s", "1M", "--timeout", "1",
                                    self.fake_server("stall"), status=1)
        self.assertEqual(row["lost"], 2)
        self.assertIn("Nothing came from the other side for 1 seconds", errors)
        self.assertLess(time.monotonic() - start, 20)

    def test_not_a_bench_server(self):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        self.addCleanup(server.close)

        def echo_request():
            """Sends the request back, as an echo service would."""
            conn, _ = server.accept()
            with conn:
                conn.sendall(recv_exact(conn, BENCH_REQUEST.size))
                try:
                    conn.recv(1)
                except ConnectionResetError:
                    pass  # vmsockctl left what it did not want unread

        threading.Thread(target=echo_request, daemon=True).start()
        address = f"tcp:127.0.0.1:{server.getsockname()[1]}"
        result = self.run_tool("bench", "run", address)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "")
        self.assertIn(f"vmsockctl: {address}: The other side does not speak the vmsockctl "
                      "bench protocol", result.stderr)

    def test_server_refuses_and_survives_bad_clients(self):
        address = self.serve()
        port = int(address.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(BENCH_REQUEST.pack(b"VMSB", 2, BENCH_OP_CHECK, 0, 10, 0))
            self.assertEqual(recv_exact(sock, 8), b"VMSR" + bytes([1, 1, 0, 0]))
            self.assertEqual(sock.recv(1), b"")
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(BENCH_REQUEST.pack(b"VMSB", 1, 99, 0, 10, 0))
            self.assertEqual(recv_exact(sock, 8), b"VMSR" + bytes([1, 2, 0, 0]))
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n".ljust(BENCH_REQUEST.size))
            self.assertEqual(sock.recv(1), b"")
        # A client that stays and says nothing does not keep it from ending.
        idle = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.addCleanup(idle.close)
        (row,), _ = self.bench("-m", "random", "-n", "10", address)
        self.assertEqual(row["lost"], 0)
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(timeout=30), 0)
        messages = self.server.stderr.read()
        self.assertIn("speaks version 2 of the bench protocol, not 1", messages)
        self.assertIn("unknown operation 99", messages)
        self.assertIn("does not speak the vmsockctl bench protocol", messages)

    def test_out_of_descriptors(self):
        address = self.serve(descriptors=16)
        port = int(address.rsplit(":", 1)[1])
        lines = []
        threading.Thread(target=lambda: lines.extend(self.server.stderr), daemon=True).start()

        def accept_failures():
            return [line for line in list(lines) if "Could not accept a connection" in line]

        # Clients that say nothing hold a descriptor each until --timeout:
        # twenty are more than 16 allow, and the rest wait in the queue.
        held = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(20)]
        deadline = time.monotonic() + 20
        while not accept_failures() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2)
        # Said once per streak, while accepting is tried again every quarter
        # of a second: saying it at each try would give eight lines or more.
        # A streak ends only when a connection is accepted, for which a
        # descriptor that the server gave back can make room.
        self.assertIn(len(accept_failures()), range(1, 4), "".join(lines[-3:]))
        self.assertIsNone(self.server.poll())

        for sock in held:
            sock.close()
        # With descriptors free again, it serves as before.
        (row,), _ = self.bench("-m", "random", "-n", "10", address)
        self.assertEqual((row["connections"], row["lost"]), (10, 0))
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(timeout=30), 0)


class Completion(VmsockctlTestCase):
    def complete(self, line):
        """What bash offers for @line, with the installed completion script."""
        script = f"""
            source /usr/share/bash-completion/bash_completion
            source {SOURCE.parent}/tools/vmsockctl.bash-completion
            vmsockctl () {{ {VMSOCKCTL} "$@"; }}
            COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
            _vmsockctl 2>/dev/null
            printf '%s\\n' "${{COMPREPLY[@]}}"
        """
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                                env=self.env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return sorted(line for line in result.stdout.splitlines() if line)

    def test_commands_options_and_names(self):
        self.assertEqual(self.complete("vmsockctl list-"), ["list-services", "list-vms"])
        self.assertIn("--no-legend", self.complete("vmsockctl list-vms --no"))
        self.assertEqual(self.complete("vmsockctl list-vms --state r"), ["running"])
        self.assertIn("auto-cid", self.complete("vmsockctl show-vm a"))
        self.assertEqual(self.complete("vmsockctl show-vm B"), ['Büro & "Lab" VM'])

    def test_every_command_and_option(self):
        commands = self.complete("vmsockctl ")
        for command in ("list-vms", "show-vm", "resolve", "providers", "register-service",
                        "unregister-service", "list-services", "connect", "listen", "forward", "bench",
                        "help", "--help", "--version"):
            self.assertIn(command, commands)
        self.assertEqual(self.complete("vmsockctl help con"), ["connect"])
        options = {
            "list-vms": ["--provider=", "--timeout=", "--state=", "--watch", "--interval=",
                         "--json=", "--no-legend", "--quiet", "--verbose"],
            "register-service": ["--port=", "--guid=", "--export-reg=", "--force", "--user",
                                 "--system", "--registry="],
            "list-services": ["--export-reg=", "--force", "--json="],
            "connect": ["--timeout=", "--retries=", "--idle-timeout=", "--zero-io"],
            "listen": ["--verbose", "--keep-open", "--max-connections=", "--idle-timeout=",
                       "--exec"],
            "forward": ["--timeout=", "--retries=", "--idle-timeout=", "--verbose"],
        }
        for command, expected in options.items():
            offered = self.complete(f"vmsockctl {command} --")
            for option in expected:
                self.assertIn(option, offered, command)

    def test_option_values(self):
        self.assertEqual(self.complete("vmsockctl list-vms --json="), ["pretty", "short"])
        self.assertEqual(self.complete("vmsockctl providers --json=s"), ["short"])
        self.assertEqual(self.complete("vmsockctl list-vms --provider "), ["hcsdiag", "libvirt"])
        self.assertEqual(self.complete("vmsockctl list-vms -p l"), ["libvirt"])
        self.assertEqual(self.complete("vmsockctl connect --timeout "), [])
        self.assertIn("-", self.complete("vmsockctl list-services --export-reg "))

    def test_resolve_and_addresses(self):
        self.assertEqual(self.complete("vmsockctl resolve "), ["hvsock:", "vsock:", "vsock://"])
        self.assertEqual(self.complete("vmsockctl resolve vsock:w"), ["web:"])
        self.assertEqual(self.complete("vmsockctl resolve vsock:web:"), [])
        self.assertEqual(self.complete("vmsockctl listen vsock:a"), ["any:"])
        self.assertEqual(self.complete("vmsockctl connect "),
                         ["hvsock:", "tcp:", "unix:", "vsock:", "vsock://"])
        # Readline puts in what follows the last colon.
        self.assertEqual(self.complete("vmsockctl connect vsock://w"), ["//web:"])
        self.assertEqual(self.complete("vmsockctl forward tcp::8080 vsock://a"), ["//auto-cid:"])
        self.assertEqual(self.complete("vmsockctl connect hvsock:d"), ["db:"])
        self.assertNotIn("vsock://", self.complete("vmsockctl listen "))
        self.assertEqual(set(self.complete("vmsockctl listen --exec ech")), {"echo"})

    def test_service_names(self):
        self.assertSucceeds("register-service", "ssh", "--port", "22")
        self.assertSucceeds("register-service", "web proxy")
        self.assertEqual(self.complete("vmsockctl unregister-service "), ["ssh", "web proxy"])

    def run_typed(self, typed):
        """What vmsockctl gets as arguments when @typed, TAB keys and all, is
        typed at an interactive bash."""
        primary, secondary = pty.openpty()
        bash = subprocess.Popen(["bash", "--norc", "--noprofile", "-i"], stdin=secondary,
                                stdout=secondary, stderr=secondary, start_new_session=True,
                                env={**self.env, "TERM": "dumb", "INPUTRC": "/dev/null",
                                     "PS1": "$ ", "HISTFILE": "/dev/null"})
        os.close(secondary)
        setup = (f"source /usr/share/bash-completion/bash_completion\n"
                 f"source {SOURCE.parent}/tools/vmsockctl.bash-completion\n"
                 # During completion the real tool; then what it was given.
                 f"vmsockctl () {{ if [[ -v COMP_LINE ]]; then {VMSOCKCTL} \"$@\"; "
                 f"else printf 'ARG<%s>' \"$@\"; echo END; fi; }}\n")
        output = b""
        try:
            os.write(primary, setup.encode())
            for part in typed.encode().split(b"\t"):
                os.write(primary, part + b"\t")
                time.sleep(1)
            os.write(primary, b"\n")
            deadline = time.monotonic() + 30
            while b"END\r\n" not in output and time.monotonic() < deadline:
                if select.select([primary], [], [], 1)[0]:
                    output += os.read(primary, 65536)
        finally:
            bash.kill()
            bash.wait()
            os.close(primary)
        line = next((line for line in output.decode(errors="replace").splitlines()
                     if line.startswith("ARG<")), None)
        self.assertIsNotNone(line, output[-2000:])
        return re.findall(r"ARG<(.*?)>(?=ARG<|END)", line)

    def test_names_complete_whole_and_quoted(self):
        name = 'Büro & "Lab" VM'
        self.assertEqual(self.run_typed("vmsockctl show-vm Bü\t"), ["show-vm", name])
        # Inside a quote the user opened.
        self.assertEqual(self.run_typed('vmsockctl show-vm "Bü\t'), ["show-vm", name])
        self.assertEqual(self.run_typed("vmsockctl connect vsock://Bü\t22"),
                         ["connect", f"vsock://{name}:22"])
        self.assertEqual(self.run_typed("vmsockctl resolve vsock:Bü\t22"),
                         ["resolve", f"vsock:{name}:22"])

    def test_bench(self):
        self.assertEqual(self.complete("vmsockctl b"), ["bench"])
        self.assertEqual(self.complete("vmsockctl bench "), ["--help", "run", "serve"])
        self.assertEqual(self.complete("vmsockctl help bench "), ["run", "serve"])
        self.assertEqual(self.complete("vmsockctl bench run --mode l"), ["latency"])
        self.assertEqual(self.complete("vmsockctl bench run -s "), [])
        self.assertEqual(self.complete("vmsockctl bench run --par"), ["--parallel="])
        self.assertIn("--verbose", self.complete("vmsockctl bench serve --"))
        self.assertIn("vsock:", self.complete("vmsockctl bench serve "))
        self.assertEqual(self.complete("vmsockctl list-vms -s r"), ["running"])



if __name__ == "__main__":
    tap.main(Help, BadArguments, ListVms, ShowAndResolve, Connections, Terminal, PluginIsolation,
             Devenv, Services, Forward, Messages, UnixSockets, SocatHabits, Bench, Translations,
             Completion)
