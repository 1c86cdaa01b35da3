#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the real vmsockctl: help, exit codes, every bad argument, tables and
JSON, the service registry (concurrent writers, malformed files, .reg), and
forward between TCP and Unix sockets.  VMs come from libvirt's test driver and
a stand-in hcsdiag.exe; nothing here opens a VM socket (relays over vsock are
tested in the guest)."""

import concurrent.futures
import glob
import json
import os
import pathlib
import pty
import re
import resource
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tap  # noqa: E402

VMSOCKCTL = os.environ["VMSOCKCTL"]
# How to run it: under memcheck in `meson test --setup valgrind` (tests/memcheck).
VMSOCKCTL_COMMAND = [*shlex.split(os.environ.get("VMSOCKCTL_WRAPPER", "")), VMSOCKCTL]
SOURCE = pathlib.Path(__file__).resolve().parent

LIBVIRT_TABLE = """\
ID                                    NAME             STATE    PROVIDER  CID         VM ID
c7a5fdbd-cdaf-9455-926a-d65c16db1809  Büro & "Lab" VM  paused   libvirt   4294967294  -
0b3f8e44-6c1e-4a55-8d2f-5a7e9c1d3b22  auto-cid         running  libvirt   42          -
4dea22b3-1d52-d8f3-2516-782e98ab3fa0  db               off      libvirt   -           -
8fbd5b7a-1c87-4d4b-9b4e-2d0f8c2b1a11  no-vsock         running  libvirt   -           -
6695eb01-f6a4-8304-79aa-97f2502e193f  web              running  libvirt   3           -

5 VMs listed.
"""

VM_KEYS = ["id", "name", "state", "provider", "cid", "vm-id"]


class VmsockctlTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="vmsockctl-test-")
        # The stand-in hcsdiag.exe is first on PATH (tests/meson.build).
        self.env = dict(os.environ)
        self.env.update({
            "LC_ALL": "C.UTF-8",
            "XDG_CONFIG_HOME": os.path.join(self.folder, "config"),
            "VMSOCK_SYSCONFDIR": os.path.join(self.folder, "etc"),
            "LIBVIRT_DEFAULT_URI": f"test://{SOURCE}/libvirt/node.xml",
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
                        "unregister-service", "list-services", "connect", "listen", "forward"):
            by_help = self.assertSucceeds("help", command).stdout
            self.assertIn(f"vmsockctl {command}", by_help)
            self.assertEqual(self.assertSucceeds(command, "--help").stdout, by_help)

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
        (["resolve", "web:http"], "“http” is not a port"),
        (["resolve", ":22"], "The VM name is empty"),
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
    ]

    def test_every_bad_argument(self):
        for args, message in self.CASES:
            with self.subTest(args=args):
                result = self.run_tool(*args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(message, result.stderr)
                self.assertIn("Try “vmsockctl", result.stderr)
                self.assertEqual(result.stdout, "")
        # Nothing was written by any of them.
        self.assertFalse(self.user_registry.exists())


class ListVms(VmsockctlTestCase):
    def test_golden_table(self):
        self.assertEqual(self.assertSucceeds("list-vms", "--provider", "libvirt").stdout,
                         LIBVIRT_TABLE)

    def test_no_legend(self):
        lines = LIBVIRT_TABLE.splitlines()[1:6]
        output = self.assertSucceeds("list-vms", "-p", "libvirt", "--no-legend").stdout
        self.assertEqual([line.split() for line in output.splitlines()],
                         [line.split() for line in lines])

    def test_json_keys_stable_under_german(self):
        outputs = []
        for locale in ("C.UTF-8", "de_DE.UTF-8"):
            result = self.assertSucceeds("list-vms", "--json", env={"LC_ALL": locale})
            outputs.append(json.loads(result.stdout))
        self.assertEqual(outputs[0], outputs[1])
        vms = outputs[0]
        self.assertEqual(len(vms), 8)
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
        self.assertIn("hcsdiag", result.stderr)

    def test_spinner_on_a_terminal(self):
        primary, secondary = pty.openpty()
        # Long enough for libvirt's answer on a busy machine; hcsdiag hangs.
        process = subprocess.Popen([*VMSOCKCTL_COMMAND, "list-vms", "--timeout", "5"],
                                   stdout=secondary, stderr=secondary,
                                   env={**self.env, "HCSDIAG_STANDIN": "hang"})
        os.close(secondary)
        output = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 1)
            if ready:
                try:
                    chunk = os.read(primary, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
        os.close(primary)
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

    def test_show_missing_vm(self):
        result = self.run_tool("show-vm", "nonexistent")
        self.assertEqual(result.returncode, 1)
        self.assertIn("No VM is named “nonexistent”", result.stderr)

    def test_resolve(self):
        self.assertEqual(self.assertSucceeds("resolve", "web:22").stdout, "vsock://3:22\n")
        record = json.loads(self.assertSucceeds("resolve", "--json", "auto-cid:5000").stdout)
        self.assertEqual((record["family"], record["cid"], record["port"]), ("vsock", 42, 5000))
        result = self.run_tool("resolve", "db:22")
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
        self.assertTrue(output.startswith("ID  "), output)
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


def serve_echo(server):
    """Echoes every connection of a listening socket back to its end."""
    def echo(conn):
        with conn:
            while chunk := conn.recv(1 << 16):
                conn.sendall(chunk)

    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        threading.Thread(target=echo, args=(conn,), daemon=True).start()


def echoed(sock, data):
    """Whether @data comes back whole through @sock, which it then closes."""
    with sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(1 << 16):
            received += chunk
    return received == data


class Forward(VmsockctlTestCase):
    def start_forward(self, target, descriptors):
        def limit_descriptors():
            resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

        # Not under memcheck, which takes descriptors of its own.
        forward = subprocess.Popen([VMSOCKCTL, "forward", "--verbose", "tcp:127.0.0.1:0", target],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=self.env, preexec_fn=limit_descriptors)
        self.addCleanup(lambda: forward.poll() is None and (forward.kill(), forward.wait()))
        listening = forward.stderr.readline()
        self.assertTrue(listening.startswith("Listening on tcp:127.0.0.1:"), listening)
        forward.port = int(listening.rsplit(":", 1)[1])
        forward.lines = []
        threading.Thread(target=lambda: forward.lines.extend(forward.stderr),
                         daemon=True).start()
        return forward

    def connect(self, forward):
        return socket.create_connection(("127.0.0.1", forward.port), timeout=60)

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
            _vmsockctl
            printf '%s\\n' "${{COMPREPLY[@]}}"
        """
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                                env=self.env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return sorted(result.stdout.split())

    def test_commands_options_and_names(self):
        self.assertEqual(self.complete("vmsockctl list-"), ["list-services", "list-vms"])
        self.assertIn("--no-legend", self.complete("vmsockctl list-vms --no"))
        self.assertEqual(self.complete("vmsockctl list-vms --state r"), ["running"])
        self.assertIn("auto-cid", self.complete("vmsockctl show-vm a"))


if __name__ == "__main__":
    tap.main(Help, BadArguments, ListVms, ShowAndResolve, PluginIsolation, Services, Forward,
             Translations, Completion)
