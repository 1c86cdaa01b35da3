/* vmsock-vm-private.h: what the library's messages say of a VM
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-vm.h"

G_BEGIN_DECLS

/* "NAME (PROVIDER ID)", printable whatever the provider named it. */
G_GNUC_INTERNAL
char *vmsock_vm_describe (VmsockVm *vm);

G_END_DECLS
