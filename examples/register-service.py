#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Give a vsock port a name in the user's service registry.

Usage: register-service.py NAME PORT [REGISTRY-FILE]
"""

import sys

import gi
gi.require_version("Vmsock", "1")
from gi.repository import GLib, Vmsock  # noqa: E402


def main():
    if len(sys.argv) not in (3, 4) or not sys.argv[2].isdigit() or int(sys.argv[2]) > 0xFFFFFFFF:
        print("Usage: register-service.py NAME PORT [REGISTRY-FILE]", file=sys.stderr)
        return 2
    if len(sys.argv) == 4:
        registry = Vmsock.ServiceRegistry.new_for_path(sys.argv[3])
    else:
        registry = Vmsock.ServiceRegistry.new(Vmsock.ServiceScope.USER)
    # The service ID that both AF_VSOCK and AF_HYPERV peers know the port by.
    service_id = Vmsock.hvsock_service_id_for_vsock_port(int(sys.argv[2]))
    try:
        service, _added = registry.register(sys.argv[1], service_id)
    except GLib.Error as error:
        print(error.message, file=sys.stderr)
        return 1
    print(service.get_name(), service.get_service_id().to_string(), sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
