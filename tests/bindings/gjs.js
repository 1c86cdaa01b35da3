// SPDX-License-Identifier: LGPL-2.1-or-later
// gjs against the built Vmsock typelib: addresses of both families, GUIDs,
// errors, discovery through the libvirt and hcsdiag plugins, the live list of
// VMs and vms-changed driving it, and the service registry.  Opens no socket.
// Prints TAP.  The environment (tests/meson.build) sets up libvirt's test
// driver and the hcsdiag stand-in.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Vmsock from 'gi://Vmsock?version=1';
import System from 'system';

const PARENT = 'a42e7cda-d03f-480c-9cc2-a4de20abb878';
// libvirt's test driver has five, hcsdiag's stand-in two VMs (and a container).
const N_VMS = 7;

function assertEqual(actual, expected, what = '') {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e)
        throw new Error(`${what}: expected ${e}, got ${a}`);
}

function assertThrows(fn, domain, code, fragment = '') {
    try {
        fn();
    } catch (error) {
        if (!(error instanceof GLib.Error) || !error.matches(domain, code))
            throw new Error(`unexpected error: ${error}`);
        if (!error.message.includes(fragment))
            throw new Error(`“${fragment}” not in “${error.message}”`);
        return error;
    }
    throw new Error('no error');
}

const tests = {
    vsockAddress() {
        const address = Vmsock.VsockAddress.new(3, 5000);
        if (!(address instanceof Gio.SocketAddress))
            throw new Error('not a Gio.SocketAddress');
        assertEqual([address.get_cid(), address.get_port()], [3, 5000], 'cid and port');
        assertEqual(Vmsock.socket_address_get_family(address), Vmsock.SOCKET_FAMILY_VSOCK, 'family');
        assertEqual(address.get_native_size(), Vmsock.VSOCK_ADDRESS_NATIVE_SIZE, 'size');
        assertEqual(address.to_string(), 'vsock:3:5000', 'text');
        assertEqual(Vmsock.socket_address_to_uri(address), 'vsock://3:5000', 'URI');
        const parsed = Vmsock.socket_address_parse('vsock://3:5000');
        assertEqual(Vmsock.socket_address_equal(address, parsed), true, 'equal');
        assertEqual(Vmsock.socket_address_hash(address), Vmsock.socket_address_hash(parsed), 'hash');
    },

    hvsockAddress() {
        const address = Vmsock.socket_address_parse('hvsock:parent:5000');
        if (!(address instanceof Vmsock.HvsockAddress))
            throw new Error('not a Vmsock.HvsockAddress');
        assertEqual(Vmsock.socket_address_get_family(address), Vmsock.SOCKET_FAMILY_HYPERV, 'family');
        assertEqual(address.get_vm_id().to_string(), PARENT, 'VM ID');
        assertEqual(address.get_service_id().to_string(), '00001388-facb-11e6-bd58-64006a7986d3',
            'service ID');
        assertEqual(address.get_vsock_port(), [true, 5000], 'vsock port');
        assertEqual(Vmsock.HvsockVmId.get_guid(Vmsock.HvsockVmId.PARENT).to_string(), PARENT,
            'well-known VM ID');
        const again = Vmsock.socket_address_parse(Vmsock.socket_address_to_uri(address));
        assertEqual(address.equal(again), true, 'URI round trip');
    },

    badAddresses() {
        for (const [text, part] of [['vsock:3', 'vsock:CID:PORT'], ['vsock:-1:22', 'CID'],
            ['vsock:3:4294967296', 'port'], ['hvsock:nope:1', 'VM ID']]) {
            assertThrows(() => Vmsock.socket_address_parse(text),
                Gio.IOErrorEnum, Gio.IOErrorEnum.INVALID_ARGUMENT, part);
        }
    },

    guids() {
        const guid = Vmsock.Guid.new_from_string('{EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82}');
        assertEqual(guid.to_string(), 'eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82', 'text');
        assertEqual(guid.is_zero(), false, 'zero');
        assertEqual(Vmsock.hvsock_service_id_get_vsock_port(
            Vmsock.hvsock_service_id_for_vsock_port(22)), [true, 22], 'template');
        assertThrows(() => Vmsock.Guid.new_from_string('eed44daf'),
            Gio.IOErrorEnum, Gio.IOErrorEnum.INVALID_ARGUMENT, 'GUID');
    },

    discovery() {
        const discovery = Vmsock.Discovery.new();
        assertEqual(discovery.get_providers().map(p => p.get_name()).sort(),
            ['hcsdiag', 'libvirt'], 'providers');
        const listing = discovery.list_vms(null);
        const vms = listing.get_vms();
        assertEqual(vms.length, N_VMS, 'VM count');
        const web = listing.lookup('web');
        assertEqual([web.get_provider(), Vmsock.VmState.to_string(web.get_state())],
            ['libvirt', 'running'], 'web');
        assertEqual(web.get_cid(), [true, 3], 'CID');
        const wsl = listing.lookup('eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82');
        assertEqual(wsl.get_vm_id().to_string(), 'eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82', 'VM ID');
        assertEqual(listing.get_failed_sources(), [], 'failures');
        assertThrows(() => listing.lookup('nowhere'), Vmsock.Error, Vmsock.Error.VM_NOT_FOUND);
    },

    discoveryAsync() {
        const loop = new GLib.MainLoop(null, false);
        let listing = null;
        Vmsock.Discovery.new().list_vms_async(null, (discovery, result) => {
            listing = discovery.list_vms_finish(result);
            loop.quit();
        });
        loop.run();
        assertEqual(listing.get_vms().length, N_VMS, 'VM count');
    },

    monitor() {
        const monitor = Vmsock.VmMonitor.new(Vmsock.Discovery.new());
        const changes = [];
        const loop = new GLib.MainLoop(null, false);
        monitor.set_interval(0);
        monitor.connect('items-changed', (model, position, removed, added) => {
            changes.push([position, removed, added]);
        });
        const loading = monitor.connect('notify::loading', () => loop.quit());
        while (monitor.get_loading())
            loop.run();
        monitor.disconnect(loading);
        assertEqual(monitor.get_n_items(), N_VMS, 'items');
        assertEqual(changes.reduce((sum, change) => sum + change[2], 0), N_VMS, 'added');
        const names = [];
        for (let i = 0; i < monitor.get_n_items(); i++)
            names.push(monitor.get_item(i).get_name());
        assertEqual(names, [...names].sort(), 'sorted');
    },

    vmsChanged() {
        // gjs cannot implement a provider (its list_vms_async takes a
        // callback), so JavaScript emits vms-changed on the libvirt plugin's.
        const discovery = Vmsock.Discovery.new();
        const libvirt = discovery.get_providers().find(p => p.get_name() === 'libvirt');
        const monitor = Vmsock.VmMonitor.new(discovery);
        const changes = [];
        const loop = new GLib.MainLoop(null, false);
        // Far longer than the test: only vms-changed makes it list again.
        monitor.set_interval(GLib.MAXUINT32);
        const loading = monitor.connect('notify::loading', () => loop.quit());
        while (monitor.get_loading())
            loop.run();
        monitor.disconnect(loading);
        const before = monitor.get_n_items();
        monitor.connect('items-changed', (model, position, removed, added) => {
            changes.push([position, removed, added]);
            loop.quit();
        });

        // libvirt's built-in test connection has one domain, not five.
        const saved = GLib.getenv('LIBVIRT_DEFAULT_URI');
        GLib.setenv('LIBVIRT_DEFAULT_URI', 'test:///default', true);
        try {
            libvirt.emit('vms-changed');
            const timeout = GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 60, () => {
                loop.quit();
                return GLib.SOURCE_REMOVE;
            });
            loop.run();
            GLib.source_remove(timeout);
            while (monitor.get_loading())
                GLib.MainContext.default().iteration(true);
        } finally {
            GLib.setenv('LIBVIRT_DEFAULT_URI', saved, true);
        }
        assertEqual(changes.reduce((sum, change) => sum + change[1] - change[2], 0), 4, 'removed');
        assertEqual(monitor.get_n_items(), before - 4, 'items');
    },

    connectable() {
        const connectable = Vmsock.VmConnectable.parse('vsock://web:22', Vmsock.Discovery.new());
        assertEqual([connectable.get_vm(), connectable.get_port()], ['web', 22], 'parts');
        assertEqual(connectable.enumerate().next(null).to_string(), 'vsock:3:22', 'resolved');
    },

    registry() {
        const folder = GLib.dir_make_tmp('vmsock-gjs-XXXXXX');
        const path = GLib.build_filenamev([folder, 'services.json']);
        try {
            const registry = Vmsock.ServiceRegistry.new_for_path(path);
            const [ssh, added] = registry.register('ssh', Vmsock.hvsock_service_id_for_vsock_port(22));
            assertEqual(added, true, 'added');
            assertEqual(ssh.get_vsock_port(), [true, 22], 'port');
            assertEqual(registry.register('ssh', Vmsock.hvsock_service_id_for_vsock_port(22))[1],
                false, 'added again');
            registry.register('agent', null);
            assertEqual(registry.list().map(s => s.get_name()), ['agent', 'ssh'], 'list');
            assertThrows(() => registry.register('other', Vmsock.hvsock_service_id_for_vsock_port(22)),
                Vmsock.Error, Vmsock.Error.SERVICE_CONFLICT, 'ssh');
            assertEqual(registry.unregister('ssh').get_name(), 'ssh', 'unregistered');
            assertThrows(() => registry.lookup('ssh'), Vmsock.Error, Vmsock.Error.SERVICE_NOT_FOUND);

            GLib.file_set_contents(path, '{"version": 1, "services": [');
            assertThrows(() => registry.register('late', null), Vmsock.Error,
                Vmsock.Error.INVALID_DATA, path);
            assertEqual(new TextDecoder().decode(GLib.file_get_contents(path)[1]),
                '{"version": 1, "services": [', 'malformed file untouched');
        } finally {
            for (const name of [path, `${path}.lock`])
                GLib.unlink(name);
            GLib.rmdir(folder);
        }
    },
};

const names = Object.keys(tests).filter(name => ARGV.length === 0 || ARGV.some(w => name.includes(w)));
print(`1..${names.length}`);
let failed = 0;
names.forEach((name, index) => {
    try {
        tests[name]();
        print(`ok ${index + 1} ${name}`);
    } catch (error) {
        failed++;
        for (const line of `${error}\n${error.stack ?? ''}`.trim().split('\n'))
            print(`# ${line}`);
        print(`not ok ${index + 1} ${name}`);
    }
});
System.exit(failed > 0 ? 1 : 0);
