/* vmsock-vm-listing.h: what asking every provider found
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <glib-object.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_VM_LISTING (vmsock_vm_listing_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVmListing, vmsock_vm_listing, VMSOCK, VM_LISTING, GObject)

VMSOCK_AVAILABLE_IN_0_1
GPtrArray *vmsock_vm_listing_get_vms (VmsockVmListing *listing);
VMSOCK_AVAILABLE_IN_0_1
GStrv vmsock_vm_listing_get_failed_providers (VmsockVmListing *listing);
VMSOCK_AVAILABLE_IN_0_1
const GError *vmsock_vm_listing_get_provider_error (VmsockVmListing *listing,
                                                    const char      *provider);

G_END_DECLS
