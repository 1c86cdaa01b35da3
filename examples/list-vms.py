#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The VMs that the discovery providers know, and how to reach them."""

import sys

import gi
gi.require_version("Vmsock", "1")
from gi.repository import GLib, Vmsock  # noqa: E402


def main():
    try:
        listing = Vmsock.Discovery.new().list_vms(None)
    except GLib.Error as error:
        print(error.message, file=sys.stderr)
        return 1

    for vm in listing.get_vms():
        has_cid, cid = vm.get_cid()
        vm_id = vm.get_vm_id()
        if has_cid:
            reach = f"vsock:{cid}"
        elif vm_id is not None:
            reach = f"hvsock:{vm_id.to_string()}"
        else:
            reach = "-"
        print(vm.get_name(), Vmsock.VmState.to_string(vm.get_state()), vm.get_provider(), reach,
              sep="\t")

    # One provider failing does not fail the listing.
    for source in listing.get_failed_sources():
        print(f"{source}: {listing.get_source_error(source).message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
