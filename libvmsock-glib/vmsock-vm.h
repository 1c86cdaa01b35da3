/* vmsock-vm.h: a virtual machine, as discovery found it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <glib-object.h>
#include <libvmsock-glib/vmsock-guid.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VmsockVmState:
 * @VMSOCK_VM_STATE_UNKNOWN: the provider does not know, or said something
 *   this library does not know
 * @VMSOCK_VM_STATE_RUNNING: running
 * @VMSOCK_VM_STATE_OFF: shut off
 * @VMSOCK_VM_STATE_PAUSED: paused, in memory
 * @VMSOCK_VM_STATE_SAVED: saved to disk, hibernated or suspended
 * @VMSOCK_VM_STATE_STARTING: starting or resuming
 * @VMSOCK_VM_STATE_STOPPING: shutting down, pausing or saving
 * @VMSOCK_VM_STATE_CRASHED: stopped by a crash
 *
 * The state of a VM, mapped from each provider's own states.
 *
 * Since: 0.1
 */
typedef enum
{
  VMSOCK_VM_STATE_UNKNOWN,
  VMSOCK_VM_STATE_RUNNING,
  VMSOCK_VM_STATE_OFF,
  VMSOCK_VM_STATE_PAUSED,
  VMSOCK_VM_STATE_SAVED,
  VMSOCK_VM_STATE_STARTING,
  VMSOCK_VM_STATE_STOPPING,
  VMSOCK_VM_STATE_CRASHED,
} VmsockVmState;

#define VMSOCK_TYPE_VM (vmsock_vm_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVm, vmsock_vm, VMSOCK, VM, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockVm *vmsock_vm_new (const char       *provider,
                         const char       *id,
                         const char       *name,
                         VmsockVmState     state,
                         guint32           cid,
                         const VmsockGuid *vm_id,
                         GVariant         *extras);

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_get_provider (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_get_id (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_get_name (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
VmsockVmState vmsock_vm_get_state (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_vm_get_cid (VmsockVm *vm,
                            guint32  *cid);
VMSOCK_AVAILABLE_IN_0_1
const VmsockGuid *vmsock_vm_get_vm_id (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
GVariant *vmsock_vm_get_extras (VmsockVm *vm);
VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_get_uri (VmsockVm *vm);

VMSOCK_AVAILABLE_IN_0_1
int vmsock_vm_compare (VmsockVm *a,
                       VmsockVm *b);

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_state_to_string (VmsockVmState state);

G_END_DECLS
