/* vmsock-hyperv-system.h: Msvm_ComputerSystem objects as VMs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* Maps an EnabledState of root\virtualization\v2, or of the old v1
 * namespace, to a VM state. */
VmsockVmState vmsock_hyperv_state_from_enabled_state (gint64 enabled_state);

/* The VM that a Msvm_ComputerSystem object with these properties describes,
 * or NULL for the host's own object, whose Name is not a GUID.  The VM's
 * Hyper-V socket VM ID is its Name.  @element_name may be NULL;
 * @enabled_state and @process_id are -1 where the object has none. */
VmsockVm *vmsock_hyperv_vm_new (const char *name,
                                const char *element_name,
                                gint64      enabled_state,
                                gint64      process_id);

G_END_DECLS
