#!/usr/bin/env -S gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// Give a vsock port a name in the user's service registry.
//
// Usage: register-service.js NAME PORT [REGISTRY-FILE]

import Vmsock from 'gi://Vmsock?version=1';
import System from 'system';

const [name, portText, path] = ARGV;
if (ARGV.length < 2 || ARGV.length > 3 || !/^[0-9]+$/.test(portText) ||
    Number(portText) > 0xFFFFFFFF) {
    printerr('Usage: register-service.js NAME PORT [REGISTRY-FILE]');
    System.exit(2);
}

const registry = path !== undefined
    ? Vmsock.ServiceRegistry.new_for_path(path)
    : Vmsock.ServiceRegistry.new(Vmsock.ServiceScope.USER);
// The service ID that both AF_VSOCK and AF_HYPERV peers know the port by.
const serviceId = Vmsock.hvsock_service_id_for_vsock_port(Number(portText));
try {
    const [service] = registry.register(name, serviceId);
    print(`${service.get_name()}\t${service.get_service_id().to_string()}`);
} catch (error) {
    printerr(error.message);
    System.exit(1);
}
