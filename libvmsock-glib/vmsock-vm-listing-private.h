/* vmsock-vm-listing-private.h: making a listing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-vm-listing.h"

G_BEGIN_DECLS

/* Takes @vms (of VmsockVm, sorted here) and @errors (provider name → GError). */
G_GNUC_INTERNAL
VmsockVmListing *vmsock_vm_listing_new (GPtrArray  *vms,
                                        GHashTable *errors);

G_END_DECLS
