/* vmsockctl-vm-row.h: a VM as a table row, shared by list-vms and show-vm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsockctl-output.h"

G_BEGIN_DECLS

/* A table with the columns name, state, cid, provider, uri, vm-id and id. */
VmsockctlTable *vmsockctl_vm_table_new (void);
void vmsockctl_vm_table_add (VmsockctlTable *table,
                             VmsockVm       *vm);

G_END_DECLS
