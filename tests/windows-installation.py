#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Windows build, installed into a prefix and moved elsewhere, run under wine.

An installation finds its plugins, its plugin host and its catalogs from
where its DLL is: the moved copy must list providers, run a plugin's query
in its plugin host, speak German, and keep services in Hyper-V's registry
key, with no environment variable pointing anywhere.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tap  # noqa: E402

BUILD_ROOT = os.environ["MESON_BUILD_ROOT"]
HCSDIAG_STANDIN_DIR = os.environ["HCSDIAG_STANDIN_DIR"]
WINE = os.environ.get("WINE", "wine")
PREFIX = os.environ["VMSOCK_PREFIX"]
GUEST_SERVICES = (r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
                  r"\Virtualization\GuestCommunicationServices")
# Variables that would point the library at the build tree instead.
BUILD_TREE_VARIABLES = ("VMSOCK_PLUGIN_PATH", "VMSOCK_PLUGIN_HOST", "VMSOCK_LOCALEDIR")


def windows_path(path):
    """The wine (drive Z:) form of a path of this machine."""
    return "Z:" + path.replace("/", "\\")


class MovedInstallation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="vmsock-installation-")
        staging = os.path.join(cls.scratch, "staging")
        subprocess.run(["meson", "install", "-C", BUILD_ROOT, "--no-rebuild", "--quiet",
                        "--destdir", staging],
                       check=True, stdout=subprocess.DEVNULL)
        cls.root = os.path.join(cls.scratch, "moved", "elsewhere")
        shutil.move(staging + PREFIX, cls.root)
        shutil.rmtree(staging)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def run_tool(self, *args, env=None, check=True):
        environment = {key: value for key, value in os.environ.items()
                       if key not in BUILD_TREE_VARIABLES}
        # GLib's DLLs come from their own prefix; the stand-in hcsdiag.exe
        # from its build folder, through the Windows PATH wine makes.
        environment["WINEPATH"] = ";".join(
            [windows_path(HCSDIAG_STANDIN_DIR), environment.get("WINEPATH", "")])
        environment.update(env or {})
        result = subprocess.run([WINE, os.path.join(self.root, "bin", "vmsockctl.exe"), *args],
                                env=environment, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            self.fail(f"vmsockctl {' '.join(args)} exited {result.returncode}:\n"
                      f"{result.stdout}{result.stderr}")
        return result

    def registry_value(self, guid):
        result = subprocess.run([WINE, "reg", "query", GUEST_SERVICES + "\\" + guid,
                                 "/v", "ElementName"],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            return None
        for line in result.stdout.splitlines():
            fields = line.split(None, 2)
            if len(fields) == 3 and fields[0] == "ElementName":
                return fields[2].strip()
        return None

    def test_layout(self):
        bin_dir = os.path.join(self.root, "bin")
        # The plugin host sits beside the library's DLL, which it needs.
        self.assertTrue(os.path.exists(os.path.join(bin_dir, "vmsock-plugin-host.exe")))
        self.assertTrue(os.path.exists(os.path.join(bin_dir, "libvmsock-glib-1-0.dll")))
        plugins = os.listdir(os.path.join(self.root, "lib", "libvmsock-glib-1", "plugins"))
        self.assertIn("libvmsock-hcsdiag.dll", plugins)
        self.assertNotIn("libvmsock-machined.dll", plugins)

    def test_providers_found_beside_the_dll(self):
        output = self.run_tool("providers").stdout
        for provider in ("hcsdiag", "hyperv"):
            self.assertRegex(output, rf"(?m)^{provider}\s")

    def test_query_runs_in_the_moved_plugin_host(self):
        result = self.run_tool("list-vms", "--provider", "hcsdiag", "--no-legend",
                               env={"HCSDIAG_STANDIN": "text"})
        self.assertIn("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", result.stdout.lower())

    def test_catalogs_found_beside_the_dll(self):
        result = self.run_tool("unregister-service", "no-such-service", check=False,
                               env={"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"})
        self.assertEqual(result.returncode, 1)
        self.assertIn("kein Dienst namens", result.stderr)

    def test_services_in_hyper_v_key(self):
        guid = "00001389-facb-11e6-bd58-64006a7986d3"
        other = "6c4eb1be-40e8-4c8b-a4d6-5b0f67d7a40f"
        subprocess.run([WINE, "reg", "add", GUEST_SERVICES + "\\" + other, "/v", "ElementName",
                        "/d", "Registered elsewhere", "/f"],
                       check=True, capture_output=True, timeout=60)
        try:
            result = self.run_tool("register-service", "vmsock-installation-test", "--port", "5001")
            self.assertIn(guid, result.stdout)
            self.assertEqual(self.registry_value(guid), "vmsock-installation-test")

            listing = self.run_tool("list-services").stdout
            self.assertIn("vmsock-installation-test", listing)
            self.assertIn("Registered elsewhere", listing)
            self.assertIn(other, listing)

            self.run_tool("unregister-service", "vmsock-installation-test")
            self.assertIsNone(self.registry_value(guid))
        finally:
            subprocess.run([WINE, "reg", "delete", GUEST_SERVICES + "\\" + other, "/f"],
                           capture_output=True, timeout=60)


if __name__ == "__main__":
    tap.main(MovedInstallation)
