/* vmsock-vm-json-private.h: a VM listing as JSON, to cross a process boundary
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vmsock-vm-listing.h"

G_BEGIN_DECLS

/* {"vms": [{"provider", "id", "name", "state", "cid", "vm-id", "extras"}],
 *  "errors": [{"source", "domain", "code", "message"}]}, with null for a
 * missing CID or VM ID. */
G_GNUC_INTERNAL
JsonNode *vmsock_vm_listing_to_json (VmsockVmListing *listing);

/* The listing that @text holds, or NULL with a VMSOCK_ERROR_INVALID_DATA
 * error when it is not what vmsock_vm_listing_to_json() writes. */
G_GNUC_INTERNAL
VmsockVmListing *vmsock_vm_listing_from_json (const char  *text,
                                              GError     **error);

G_END_DECLS
