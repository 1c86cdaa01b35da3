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
#include <libvmsock-glib/vmsock-vm.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_VM_LISTING (vmsock_vm_listing_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVmListing, vmsock_vm_listing, VMSOCK, VM_LISTING, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockVmListing *vmsock_vm_listing_new (void);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_listing_add_vm (VmsockVmListing *listing,
                               VmsockVm        *vm);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_listing_add_error (VmsockVmListing *listing,
                                  const char      *source,
                                  const GError    *error);

VMSOCK_AVAILABLE_IN_0_1
GPtrArray *vmsock_vm_listing_get_vms (VmsockVmListing *listing);
VMSOCK_AVAILABLE_IN_0_1
GStrv vmsock_vm_listing_get_failed_sources (VmsockVmListing *listing);
VMSOCK_AVAILABLE_IN_0_1
const GError *vmsock_vm_listing_get_source_error (VmsockVmListing *listing,
                                                  const char      *source);

VMSOCK_AVAILABLE_IN_0_1
VmsockVm *vmsock_vm_listing_lookup (VmsockVmListing  *listing,
                                    const char       *vm,
                                    GError          **error);

G_END_DECLS
