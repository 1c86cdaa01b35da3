#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A provider plugin of another project, built against an installation.

The build is installed into a temporary folder; examples/plugin is built
there as a project of its own, against the installed headers and pkg-config
file alone, installed into the folder that the pkg-config file names, and
its provider is asked by the installed vmsockctl through the installed
plugin host.  The guide, docs/plugins.md, shows the example's files as they
are.
"""

import atexit
import functools
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tap  # noqa: E402

BUILD_ROOT = os.environ["MESON_BUILD_ROOT"]
SOURCE_ROOT = pathlib.Path(os.environ["MESON_SOURCE_ROOT"])
PREFIX = os.environ["VMSOCK_PREFIX"]
LIBDIR = os.environ["VMSOCK_LIBDIR"]
BINDIR = os.environ["VMSOCK_BINDIR"]
INCLUDEDIR = os.environ["VMSOCK_INCLUDEDIR"]
PLUGIN_HOST = os.environ["VMSOCK_PLUGIN_HOST_IN_PREFIX"]
HOST_SYSTEM = os.environ["VMSOCK_HOST_SYSTEM"]
EXAMPLE = SOURCE_ROOT / "examples" / "plugin"
GUIDE = SOURCE_ROOT / "docs" / "plugins.md"
API_NAME = "libvmsock-glib-1"
# Variables that would point the library at the build tree instead.
BUILD_TREE_VARIABLES = ("VMSOCK_PLUGIN_PATH", "VMSOCK_PLUGIN_HOST", "VMSOCK_LOCALEDIR",
                        "VMSOCK_PLATFORM")


def run(args, env=None, **kwargs):
    """Runs @args, failing with what they printed unless they succeed."""
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}{result.stderr}")
    return result


@functools.cache
def scratch():
    folder = tempfile.mkdtemp(prefix="vmsock-third-party-plugin-")
    atexit.register(shutil.rmtree, folder)
    return pathlib.Path(folder)


@functools.cache
def installation():
    """The build installed below a temporary folder, once: where its prefix is."""
    staging = scratch() / "staging"
    run(["meson", "install", "-C", BUILD_ROOT, "--no-rebuild", "--quiet", "--destdir", staging])
    return pathlib.Path(str(staging) + PREFIX)


@functools.cache
def pkg_config_dir():
    """A folder with the installed pkg-config file, its prefix where the
    installation is.

    pkg-config's --define-prefix guesses the prefix from the file's folder,
    which a multiarch libdir (lib/x86_64-linux-gnu) defeats, and
    PKG_CONFIG_SYSROOT_DIR would move GLib's paths as well; so the copy says
    where the prefix is, as --define-prefix would."""
    text = (installation() / LIBDIR / "pkgconfig" / f"{API_NAME}.pc").read_text()
    match = re.match(r"prefix=(.*)\n", text)
    if match is None or match.group(1) != PREFIX:
        raise AssertionError(f"The installed {API_NAME}.pc does not start with prefix={PREFIX}")
    if PREFIX + "/" in text:
        raise AssertionError(f"The installed {API_NAME}.pc has paths that do not follow its prefix")
    folder = scratch() / "pkgconfig"
    folder.mkdir()
    (folder / f"{API_NAME}.pc").write_text(f"prefix={installation()}\n{text[match.end():]}")
    return folder


@functools.cache
def example_build():
    """examples/plugin configured, built and installed against the installation."""
    build = scratch() / "example-build"
    env = dict(os.environ, PKG_CONFIG_PATH=str(pkg_config_dir()))
    # Warnings that a third party may well turn on, as errors.
    run(["meson", "setup", build, EXAMPLE, "--werror", "-Dwarning_level=2",
         "-Dc_args=-Wno-unused-parameter -Wmissing-prototypes -Wmissing-declarations "
         "-Wstrict-prototypes"], env=env)
    run(["meson", "compile", "-C", build], env=env)
    run(["meson", "install", "-C", build, "--quiet"], env=env)
    return build


def installed_plugins_dir():
    return installation() / LIBDIR / API_NAME / "plugins"


@functools.cache
def plugin_folder():
    """A fresh folder, mode 0755, with the example's module and metadata."""
    folder = scratch() / "plugins"
    folder.mkdir()
    folder.chmod(0o755)
    for name, mode in (("libvmsock-example.so", 0o755), ("example.plugin", 0o644)):
        shutil.copy(installed_plugins_dir() / name, folder / name)
        (folder / name).chmod(mode)
    return folder


@unittest.skipIf(HOST_SYSTEM == "windows",
                 "the Windows build is cross-compiled: a plugin built against its installation "
                 "would need the MinGW toolchain and a cross file, and its vmsockctl wine "
                 "(windows-installation tests the installed Windows layout)")
class ThirdPartyPlugin(unittest.TestCase):
    def run_vmsockctl(self, *args):
        root = installation()
        env = {key: value for key, value in os.environ.items() if key not in BUILD_TREE_VARIABLES}
        env.update({
            "VMSOCK_PLUGIN_PATH": str(plugin_folder()),
            "VMSOCK_PLUGIN_HOST": str(root / PLUGIN_HOST),
            # The installed library, not the build tree's that meson test names.
            "LD_LIBRARY_PATH": str(root / LIBDIR),
            "LC_ALL": "C.UTF-8",
        })
        return run([root / BINDIR / "vmsockctl", *args], env=env)

    def test_installed_headers_are_public(self):
        headers = {path.name for path in (installation() / INCLUDEDIR / API_NAME
                                          / "libvmsock-glib").iterdir()}
        self.assertIn("vmsock-plugin.h", headers)
        self.assertIn("vmsock.h", headers)
        self.assertEqual([name for name in headers if name.endswith("-private.h")], [])

    def test_builds_against_the_installation_alone(self):
        commands = json.loads((example_build() / "compile_commands.json").read_text())
        self.assertEqual(len(commands), 1)
        command = commands[0]["command"]
        self.assertIn(f"-I{installation() / INCLUDEDIR / API_NAME}", command)
        self.assertNotIn(BUILD_ROOT, command)
        self.assertNotIn(str(SOURCE_ROOT / "libvmsock-glib"), command)

    def test_installs_into_the_plugins_dir(self):
        example_build()
        self.assertTrue((installed_plugins_dir() / "libvmsock-example.so").is_file())
        metadata = (installed_plugins_dir() / "example.plugin").read_text()
        self.assertIn("Module=libvmsock-example.so\n", metadata)

    def test_providers_shows_it(self):
        example_build()
        output = self.run_vmsockctl("providers").stdout
        self.assertRegex(output, r"(?m)^example\s+ok\s+1\s")

    def test_list_vms(self):
        example_build()
        vms = json.loads(self.run_vmsockctl("list-vms", "-p", "example", "--json").stdout)
        self.assertEqual(vms, [{
            "name": "example-vm",
            "state": "running",
            "cid": 3,
            "provider": "example",
            "uri": None,
            "vm-id": None,
            "id": "example-1",
        }])


class Guide(unittest.TestCase):
    def test_shows_the_example_files(self):
        guide = GUIDE.read_text()
        for name, language in (("example-plugin.c", "c"), ("example.plugin.in", "ini"),
                               ("meson.build", "meson")):
            with self.subTest(name):
                text = (EXAMPLE / name).read_text()
                self.assertIn(f"```{language}\n{text}```\n", guide)


if __name__ == "__main__":
    tap.main(ThirdPartyPlugin, Guide)
