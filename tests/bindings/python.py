#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""PyGObject against the built Vmsock typelib: addresses of both families,
GUIDs, errors, discovery through the libvirt and hcsdiag plugins, the live
list of VMs, a provider written in Python whose vms-changed drives it, and
the service registry.  Opens no socket."""

import os
import pathlib
import shutil
import struct
import sys
import tempfile
import unittest

import gi
gi.require_version("Vmsock", "1")
from gi.repository import Gio, GLib, GObject, Vmsock  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import tap  # noqa: E402

PARENT = "a42e7cda-d03f-480c-9cc2-a4de20abb878"
# hcsdiag's stand-in lists two VMs (and a container, which is none), libvirt's
# test driver five.
N_HCSDIAG_VMS = 2
N_VMS = 5 + N_HCSDIAG_VMS


class Addresses(unittest.TestCase):
    def test_vsock_address(self):
        address = Vmsock.VsockAddress.new(3, 5000)
        self.assertIsInstance(address, Gio.SocketAddress)
        self.assertEqual((address.get_cid(), address.get_port()), (3, 5000))
        self.assertEqual(Vmsock.socket_address_get_family(address), Vmsock.SOCKET_FAMILY_VSOCK)
        self.assertEqual(address.get_native_size(), Vmsock.VSOCK_ADDRESS_NATIVE_SIZE)
        self.assertEqual(address.to_string(), "vsock:3:5000")
        self.assertEqual(Vmsock.socket_address_to_uri(address), "vsock://3:5000")
        flagged = Vmsock.VsockAddress.new_with_flags(Vmsock.VSOCK_CID_HOST, 22,
                                                     Vmsock.VsockFlags.TO_HOST)
        self.assertEqual(flagged.to_string(), "vsock:2:22?flags=to-host")
        self.assertEqual(flagged.get_flags(), Vmsock.VsockFlags.TO_HOST)

    def test_parse_and_format_are_inverses(self):
        for text in ("vsock:any:any", "vsock:3:5000", "vsock:host:22?flags=to-host",
                     "hvsock:parent:5000", f"hvsock:wildcard:{PARENT}"):
            with self.subTest(text=text):
                address = Vmsock.socket_address_parse(text)
                again = Vmsock.socket_address_parse(address.to_string())
                self.assertTrue(Vmsock.socket_address_equal(address, again))
                self.assertEqual(Vmsock.socket_address_hash(address),
                                 Vmsock.socket_address_hash(again))
                self.assertTrue(Vmsock.socket_address_equal(
                    address, Vmsock.socket_address_parse(Vmsock.socket_address_to_uri(address))))

    def test_hvsock_address(self):
        address = Vmsock.socket_address_parse("hvsock:parent:5000")
        self.assertIsInstance(address, Vmsock.HvsockAddress)
        self.assertEqual(Vmsock.socket_address_get_family(address), Vmsock.SOCKET_FAMILY_HYPERV)
        self.assertEqual(address.get_vm_id().to_string(), PARENT)
        self.assertEqual(address.get_service_id().to_string(),
                         "00001388-facb-11e6-bd58-64006a7986d3")
        self.assertEqual(address.get_vsock_port(), (True, 5000))
        self.assertEqual(address.get_native_size(), Vmsock.HVSOCK_ADDRESS_NATIVE_SIZE)
        self.assertEqual(Vmsock.HvsockVmId.get_guid(Vmsock.HvsockVmId.PARENT).to_string(), PARENT)
        built = Vmsock.HvsockAddress.new_for_vsock_port(
            Vmsock.HvsockVmId.get_guid(Vmsock.HvsockVmId.PARENT), 5000)
        self.assertTrue(address.equal(built))

    def test_from_native_bytes(self):
        # struct sockaddr_vm: family, reserved, port, cid, flags, zeros.
        self.assertEqual(Vmsock.socket_address_get_family(Gio.InetSocketAddress.new_from_string(
            "127.0.0.1", 80)), int(Gio.SocketFamily.IPV4))
        native = struct.pack("<HHIIB3x", Vmsock.SOCKET_FAMILY_VSOCK, 0, 22, 7, 1)
        address = Vmsock.socket_address_new_from_native(native)
        self.assertEqual(address.to_string(), "vsock:7:22?flags=to-host")
        with self.assertRaises(GLib.Error) as caught:
            Vmsock.socket_address_new_from_native(native[:6])
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(),
                                                 Gio.IOErrorEnum.INVALID_ARGUMENT))

    def test_bad_addresses(self):
        for text, part in (("vsock:3", "vsock:CID:PORT"), ("vsock:-1:22", "CID"),
                           ("vsock:3:4294967296", "port"), ("hvsock:nope:1", "VM ID"),
                           ("hvsock:parent:{0000}", "service ID")):
            with self.subTest(text=text):
                with self.assertRaises(GLib.Error) as caught:
                    Vmsock.socket_address_parse(text)
                self.assertTrue(caught.exception.matches(Gio.io_error_quark(),
                                                         Gio.IOErrorEnum.INVALID_ARGUMENT))
                self.assertIn(part, caught.exception.message)

    def test_guids(self):
        ok, guid = Vmsock.guid_parse("{EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82}")
        self.assertTrue(ok)
        self.assertEqual(guid.to_string(), "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82")
        self.assertTrue(guid.equal(Vmsock.Guid.new_from_string(guid.to_string())))
        self.assertFalse(guid.is_zero())
        self.assertNotEqual(Vmsock.Guid.new_random().to_string(),
                            Vmsock.Guid.new_random().to_string())
        with self.assertRaises(GLib.Error):
            Vmsock.guid_parse("eed44daf-4f7e-4cf5-82fd")

    def test_bad_guid_messages_are_printable(self):
        # A character that is not ASCII, or a control character, where a
        # digit belongs: the message quotes it whole or escaped, so that it
        # arrives as a GLib.Error and not as a RuntimeError.
        for text, part in (("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db" + "é", "“é” at position 35"),
                           ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db8" + "\x01",
                            "“\\x01” at position 36")):
            with self.subTest(text=text):
                with self.assertRaises(GLib.Error) as caught:
                    Vmsock.guid_parse(text)
                self.assertTrue(caught.exception.matches(Gio.io_error_quark(),
                                                         Gio.IOErrorEnum.INVALID_ARGUMENT))
                self.assertIn(part, caught.exception.message)
        self.assertEqual(Vmsock.hvsock_service_id_get_vsock_port(
            Vmsock.hvsock_service_id_for_vsock_port(22)), (True, 22))


class Discovery(unittest.TestCase):
    """The environment (tests/meson.build) sets up libvirt's test driver and
    the hcsdiag stand-in."""

    def check_listing(self, listing):
        vms = {vm.get_name(): vm for vm in listing.get_vms()}
        self.assertEqual(len(vms), N_VMS)
        web = vms["web"]
        self.assertEqual(web.get_provider(), "libvirt")
        self.assertEqual(web.get_state(), Vmsock.VmState.RUNNING)
        self.assertEqual(web.get_cid(), (True, 3))
        self.assertIsNone(web.get_vm_id())
        wsl = listing.lookup("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82")
        self.assertEqual(wsl.get_provider(), "hcsdiag")
        self.assertEqual(wsl.get_vm_id().to_string(), "eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82")
        self.assertEqual(wsl.get_cid(), (False, 0))
        self.assertEqual(listing.get_failed_sources(), [])

    def test_sync(self):
        discovery = Vmsock.Discovery.new()
        self.assertEqual(sorted(p.get_name() for p in discovery.get_providers()),
                         ["hcsdiag", "libvirt"])
        self.check_listing(discovery.list_vms(None))

    def test_async(self):
        loop = GLib.MainLoop()
        results = []

        def done(discovery, result):
            results.append(discovery.list_vms_finish(result))
            loop.quit()

        Vmsock.Discovery.new().list_vms_async(None, done)
        loop.run()
        self.check_listing(results[0])

    def test_hcsdiag_containers_when_asked(self):
        discovery = Vmsock.Discovery.new_for_names(["hcsdiag"])
        hcsdiag = discovery.get_providers()[0]
        self.assertFalse(hcsdiag.props.include_containers)
        hcsdiag.props.include_containers = True
        kinds = sorted(vm.get_extras()["kind"] for vm in discovery.list_vms(None).get_vms())
        self.assertEqual(kinds, ["container", "vm", "vm"])

    def test_failing_provider_is_reported_beside_the_others(self):
        os.environ["HCSDIAG_STANDIN"] = "denied"
        try:
            listing = Vmsock.Discovery.new().list_vms(None)
        finally:
            os.environ["HCSDIAG_STANDIN"] = "json"
        self.assertEqual({vm.get_provider() for vm in listing.get_vms()}, {"libvirt"})
        self.assertEqual(listing.get_failed_sources(), ["hcsdiag"])
        self.assertIn("administrator rights", listing.get_source_error("hcsdiag").message)
        with self.assertRaises(GLib.Error) as caught:
            listing.lookup("nowhere")
        self.assertTrue(caught.exception.matches(Vmsock.error_quark(), Vmsock.Error.VM_NOT_FOUND))

    def test_connectable_resolves_a_name(self):
        discovery = Vmsock.Discovery.new()
        connectable = Vmsock.VmConnectable.parse("vsock://web:22", discovery)
        self.assertEqual((connectable.get_vm(), connectable.get_port()), ("web", 22))
        address = connectable.enumerate().next(None)
        self.assertEqual(address.to_string(), "vsock:3:22")


class Monitor(unittest.TestCase):
    """A live list of the same VMs, as a GTK application would use it."""

    @staticmethod
    def wait_loaded(monitor):
        loop = GLib.MainLoop()
        handler = monitor.connect("notify::loading", lambda *args: loop.quit())
        timeout = GLib.timeout_add_seconds(60, loop.quit)
        while monitor.get_loading():
            loop.run()
        GLib.source_remove(timeout)
        monitor.disconnect(handler)

    def test_items_changed(self):
        changes = []
        monitor = Vmsock.VmMonitor.new(Vmsock.Discovery.new())
        monitor.set_interval(0)
        monitor.connect("items-changed", lambda model, position, removed, added:
                        changes.append((position, removed, added)))
        self.wait_loaded(monitor)
        self.assertEqual(monitor.get_item_type(), Vmsock.Vm.__gtype__)
        self.assertEqual(monitor.get_n_items(), N_VMS)
        self.assertEqual(sum(added for _, _, added in changes), N_VMS)
        names = [monitor.get_item(i).get_name() for i in range(monitor.get_n_items())]
        self.assertEqual(names, sorted(names))
        web = next(monitor.get_item(i) for i in range(N_VMS) if monitor.get_item(i).get_name() == "web")

        # libvirt's built-in test connection: one domain instead of five, and
        # that one has web's UUID, so it is web renamed, not a new VM.
        web.connect("notify::name", lambda vm, pspec: changes.append("renamed"))
        changes.clear()
        saved = os.environ["LIBVIRT_DEFAULT_URI"]
        os.environ["LIBVIRT_DEFAULT_URI"] = "test:///default"
        try:
            monitor.refresh()
            self.wait_loaded(monitor)
        finally:
            os.environ["LIBVIRT_DEFAULT_URI"] = saved
        self.assertIn("renamed", changes)
        changes.remove("renamed")
        self.assertEqual(monitor.get_n_items(), 1 + N_HCSDIAG_VMS)
        self.assertEqual(sum(removed - added for _, removed, added in changes), 4)
        self.assertEqual(web.get_name(), "test")
        self.assertIn(web, [monitor.get_item(i) for i in range(1 + N_HCSDIAG_VMS)])
        self.assertEqual(monitor.get_failed_sources(), [])


class WatchedProvider(GObject.Object, Vmsock.VmProvider):
    """A provider written in Python that reports its changes."""

    def __init__(self):
        super().__init__()
        self.names = []
        self.watches = 0

    def do_get_name(self):
        return "python"

    def do_list_vms_async(self, cancellable, callback, user_data):
        # PyGObject hands over the callback with its data bound.
        task = Gio.Task.new(self, cancellable, lambda source, result, *_: callback(source, result))
        listing = Vmsock.VmListing.new()
        for name in self.names:
            listing.add_vm(Vmsock.Vm.new("python", name, name, Vmsock.VmState.RUNNING,
                                         Vmsock.VSOCK_CID_ANY, None, None))
        value = GObject.Value(Vmsock.VmListing, listing)
        task.return_value(value)

    def do_list_vms_finish(self, result):
        return result.propagate_value().value

    def do_watch(self):
        self.watches += 1
        return True

    def do_unwatch(self):
        self.watches -= 1


class Watch(unittest.TestCase):
    """vms-changed drives the live list's items-changed."""

    def test_vms_changed(self):
        provider = WatchedProvider()
        provider.names = ["web"]
        monitor = Vmsock.VmMonitor.new(Vmsock.Discovery.new_for_providers([provider]))
        # Far longer than the test: only vms-changed makes it list again.
        monitor.set_interval(GLib.MAXUINT32)
        changes = []
        loop = GLib.MainLoop()

        def on_items_changed(model, position, removed, added):
            changes.append((position, removed, added))
            loop.quit()

        monitor.connect("items-changed", on_items_changed)
        Monitor.wait_loaded(monitor)
        self.assertEqual(provider.watches, 1)
        self.assertEqual([monitor.get_item(i).get_name() for i in range(monitor.get_n_items())],
                         ["web"])

        changes.clear()
        provider.names = ["db", "web"]
        provider.emit("vms-changed")
        timeout = GLib.timeout_add_seconds(30, loop.quit)
        loop.run()
        GLib.source_remove(timeout)
        self.assertEqual(changes, [(0, 0, 1)])
        self.assertEqual(monitor.get_item(0).get_name(), "db")

        del monitor
        self.assertEqual(provider.watches, 0)

    def test_not_supported(self):
        class Unwatchable(GObject.Object, Vmsock.VmProvider):
            def do_get_name(self):
                return "unwatchable"

        with self.assertRaises(GLib.Error) as caught:
            Unwatchable().watch()
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_SUPPORTED))
        self.assertIn("unwatchable", caught.exception.message)


class Registry(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="vmsock-python-")
        self.path = os.path.join(self.folder, "services.json")

    def tearDown(self):
        shutil.rmtree(self.folder)

    def test_register_list_lookup_unregister(self):
        registry = Vmsock.ServiceRegistry.new_for_path(self.path)
        self.assertEqual(registry.get_path(), self.path)
        service, added = registry.register("ssh", Vmsock.hvsock_service_id_for_vsock_port(22))
        self.assertTrue(added)
        self.assertEqual(service.get_vsock_port(), (True, 22))
        _, added = registry.register("ssh", Vmsock.hvsock_service_id_for_vsock_port(22))
        self.assertFalse(added)
        fresh, _ = registry.register("agent", None)
        self.assertEqual(fresh.get_vsock_port()[0], False)
        self.assertEqual([s.get_name() for s in registry.list()], ["agent", "ssh"])
        self.assertEqual(registry.lookup("agent").get_service_id().to_string(),
                         fresh.get_service_id().to_string())
        with self.assertRaises(GLib.Error) as caught:
            registry.register("other", Vmsock.hvsock_service_id_for_vsock_port(22))
        self.assertTrue(caught.exception.matches(Vmsock.error_quark(),
                                                 Vmsock.Error.SERVICE_CONFLICT))
        self.assertEqual(registry.unregister("ssh").get_name(), "ssh")
        with self.assertRaises(GLib.Error) as caught:
            registry.lookup("ssh")
        self.assertTrue(caught.exception.matches(Vmsock.error_quark(),
                                                 Vmsock.Error.SERVICE_NOT_FOUND))

    def test_malformed_file_is_left_alone(self):
        pathlib.Path(self.path).write_text('{"version": 1, "services": [')
        registry = Vmsock.ServiceRegistry.new_for_path(self.path)
        with self.assertRaises(GLib.Error) as caught:
            registry.register("ssh", None)
        self.assertIn(self.path, caught.exception.message)
        self.assertEqual(pathlib.Path(self.path).read_text(), '{"version": 1, "services": [')

    def test_reg_file(self):
        service = Vmsock.Service.new_for_vsock_port("ssh", 22)
        data = Vmsock.Service.format_reg_file([service]).get_data()
        self.assertTrue(data.startswith(b"\xff\xfe"))
        text = data[2:].decode("utf-16-le")
        self.assertTrue(text.startswith("Windows Registry Editor Version 5.00\r\n"))
        self.assertIn("00000016-facb-11e6-bd58-64006a7986d3]\r\n\"ElementName\"=\"ssh\"", text)


if __name__ == "__main__":
    tap.main(Addresses, Discovery, Monitor, Watch, Registry)
