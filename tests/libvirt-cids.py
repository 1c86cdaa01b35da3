#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a script would do without vmsockctl: list a libvirt connection's
domains and read each one's vsock CID from its XML.  Prints "UUID CID" per
domain ("-" without a CID).  With --xml-only it fetches each XML and parses
nothing: what libvirt itself costs such a script."""

import sys
import xml.etree.ElementTree as ElementTree

import libvirt

connection = libvirt.openReadOnly(sys.argv[1])
lines = []
for domain in connection.listAllDomains():
    xml = domain.XMLDesc()
    if "--xml-only" not in sys.argv:
        cid = ElementTree.fromstring(xml).find("./devices/vsock/cid")
        address = cid.get("address") if cid is not None else None
        lines.append(f"{domain.UUIDString()} {address or '-'}\n")
sys.stdout.write("".join(lines))
connection.close()
