/* vmsock-vm-json-private.h: a VM listing as JSON, to cross a process boundary
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vmsock-vm-listing.h"

G_BEGIN_DECLS

/* {"domain", "code", "message"}: a GError, which keeps its domain and code
 * across processes as long as both know the domain's quark by name. */
G_GNUC_INTERNAL
JsonNode *vmsock_error_to_json (const GError *error);
/* The error that @node holds, or NULL if it holds none. */
G_GNUC_INTERNAL
GError *vmsock_error_from_json (JsonNode *node);

/* {"vms": [{"provider", "id", "name", "state", "cid", "vm-id", "extras"}],
 *  "errors": [{"source", "error"}]}, with null for a missing CID or VM ID. */
G_GNUC_INTERNAL
JsonNode *vmsock_vm_listing_to_json (VmsockVmListing *listing);

/* The listing that @root holds, or NULL with a VMSOCK_ERROR_INVALID_DATA
 * error when it is not what vmsock_vm_listing_to_json() writes. */
G_GNUC_INTERNAL
VmsockVmListing *vmsock_vm_listing_from_json (JsonObject  *root,
                                              GError     **error);

/* Sets VMSOCK_ERROR_INVALID_DATA for an answer of the plugin host that is
 * not what it writes, @what saying how; returns FALSE. */
G_GNUC_INTERNAL
gboolean vmsock_vm_json_invalid (GError     **error,
                                 const char  *what);

G_END_DECLS
