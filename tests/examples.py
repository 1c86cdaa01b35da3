#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The examples in C, Python and JavaScript that need no VM socket: listing
VMs (libvirt's test driver and the hcsdiag stand-in) and registering
services.  All three languages must behave alike."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tap  # noqa: E402
from examplecommands import LANGUAGES, command  # noqa: E402


LISTING = """\
Büro & "Lab" VM\tpaused\tlibvirt\tvsock:4294967294
EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82\trunning\thcsdiag\thvsock:eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82
auto-cid\trunning\tlibvirt\tvsock:42
c0ffee00-0000-4000-8000-000000000001\tunknown\thcsdiag\thvsock:c0ffee00-0000-4000-8000-000000000001
db\toff\tlibvirt\t-
no-vsock\trunning\tlibvirt\t-
web\trunning\tlibvirt\tvsock:3
"""


class Examples(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="vmsock-examples-")
        self.env = dict(os.environ)
        # libvirt's test driver and the hcsdiag stand-in come from the
        # environment that tests/meson.build sets.
        self.env.update({
            "LC_ALL": "C.UTF-8",
            "XDG_CONFIG_HOME": os.path.join(self.folder, "config"),
        })

    def tearDown(self):
        shutil.rmtree(self.folder)

    def run_example(self, language, name, *args, env=None):
        return subprocess.run(command(language, name) + list(args), capture_output=True,
                              text=True, env={**self.env, **(env or {})}, timeout=120)

    def test_list_vms(self):
        for language in LANGUAGES:
            with self.subTest(language=language):
                result = self.run_example(language, "list-vms")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, LISTING)
                self.assertEqual(result.stderr, "")

    def test_list_vms_with_a_failing_provider(self):
        for language in LANGUAGES:
            with self.subTest(language=language):
                result = self.run_example(language, "list-vms", env={"HCSDIAG_STANDIN": "denied"})
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, "".join(
                    line + "\n" for line in LISTING.splitlines() if "\tlibvirt\t" in line))
                self.assertTrue(result.stderr.startswith("hcsdiag: "), result.stderr)
                self.assertIn("administrator rights", result.stderr)

    def test_register_service(self):
        registry = os.path.join(self.folder, "services.json")
        ports = {"c": 22, "python": 80, "javascript": 5000}
        for language, port in ports.items():
            with self.subTest(language=language):
                result = self.run_example(language, "register-service", language, str(port),
                                          registry)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout,
                                 f"{language}\t{port:08x}-facb-11e6-bd58-64006a7986d3\n")
        services = json.loads(pathlib.Path(registry).read_text())["services"]
        self.assertEqual({service["name"]: service["port"] for service in services}, ports)

    def test_register_service_in_the_user_registry(self):
        for port, language in enumerate(LANGUAGES, 7):
            with self.subTest(language=language):
                result = self.run_example(language, "register-service", language, str(port))
                self.assertEqual(result.returncode, 0, result.stderr)
        user_registry = pathlib.Path(self.env["XDG_CONFIG_HOME"], "libvmsock-glib-1",
                                     "services.json")
        services = json.loads(user_registry.read_text())["services"]
        self.assertEqual(sorted(service["name"] for service in services), sorted(LANGUAGES))

    def test_register_service_conflict_and_bad_arguments(self):
        registry = os.path.join(self.folder, "services.json")
        self.assertEqual(self.run_example("c", "register-service", "ssh", "22",
                                          registry).returncode, 0)
        before = pathlib.Path(registry).read_bytes()
        for language in LANGUAGES:
            with self.subTest(language=language):
                result = self.run_example(language, "register-service", "ssh", "23", registry)
                self.assertEqual(result.returncode, 1)
                self.assertIn("already registered", result.stderr)
                for args in (["ssh"], ["ssh", "port"], ["ssh", "4294967296"]):
                    self.assertEqual(self.run_example(language, "register-service",
                                                      *args).returncode, 2, args)
        self.assertEqual(pathlib.Path(registry).read_bytes(), before)


if __name__ == "__main__":
    tap.main(Examples)
