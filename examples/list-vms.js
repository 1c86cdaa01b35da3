#!/usr/bin/env -S gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// The VMs that the discovery providers know, and how to reach them.

import Vmsock from 'gi://Vmsock?version=1';
import System from 'system';

let listing;
try {
    listing = Vmsock.Discovery.new().list_vms(null);
} catch (error) {
    printerr(error.message);
    System.exit(1);
}

for (const vm of listing.get_vms()) {
    const [hasCid, cid] = vm.get_cid();
    const vmId = vm.get_vm_id();
    let reach = '-';
    if (hasCid)
        reach = `vsock:${cid}`;
    else if (vmId !== null)
        reach = `hvsock:${vmId.to_string()}`;
    print([vm.get_name(), Vmsock.VmState.to_string(vm.get_state()), vm.get_provider(), reach]
        .join('\t'));
}

// One provider failing does not fail the listing.
for (const source of listing.get_failed_sources())
    printerr(`${source}: ${listing.get_source_error(source).message}`);
