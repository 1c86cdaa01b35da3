/* vmsock-vm-private.h: a VM as messages name it, and as it changes in place
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-vm.h"

G_BEGIN_DECLS

/* Gives @vm the name, state, CID, VM ID and extras of @newer, a later
 * description of the same VM, notifying each property that changed. */
G_GNUC_INTERNAL
void vmsock_vm_update (VmsockVm *vm,
                       VmsockVm *newer);

/* "NAME (PROVIDER ID)", printable whatever the provider named it. */
G_GNUC_INTERNAL
char *vmsock_vm_describe (VmsockVm *vm);

G_END_DECLS
