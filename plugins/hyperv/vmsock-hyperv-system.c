/* vmsock-hyperv-system.c: Msvm_ComputerSystem objects as VMs
 *
 * What the Hyper-V provider makes of the objects, however it read them:
 * through PowerShell's JSON or straight from WMI.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-hyperv-system.h"

#define PROVIDER_NAME "hyperv"

VmsockVmState
vmsock_hyperv_state_from_enabled_state (gint64 enabled_state)
{
  switch (enabled_state)
    {
    case 2:                         /* Running (v2) */
      return VMSOCK_VM_STATE_RUNNING;
    case 3:                         /* Off */
      return VMSOCK_VM_STATE_OFF;
    case 4:                         /* Shutting down */
    case 32773:                     /* Saving */
    case 32774:                     /* Stopping (v1) */
    case 32776:                     /* Pausing */
    case 32780:                     /* FastSaving */
      return VMSOCK_VM_STATE_STOPPING;
    case 6:                         /* Saved (Enabled but offline) */
    case 32769:                     /* Suspended (v1) */
    case 32779:                     /* FastSaved */
      return VMSOCK_VM_STATE_SAVED;
    case 9:                         /* Paused (quiesce) */
    case 32768:                     /* Paused (v1) */
      return VMSOCK_VM_STATE_PAUSED;
    case 10:                        /* Starting */
    case 32770:                     /* Starting (v1) */
    case 32777:                     /* Resuming */
      return VMSOCK_VM_STATE_STARTING;
    case 32771:                     /* Snapshotting: still running */
      return VMSOCK_VM_STATE_RUNNING;
    default:                        /* Unknown, Other, Not applicable, ... */
      return VMSOCK_VM_STATE_UNKNOWN;
    }
}

VmsockVm *
vmsock_hyperv_vm_new (const char *name,
                      const char *element_name,
                      gint64      enabled_state,
                      gint64      process_id)
{
  g_auto(GVariantDict) extras = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *id = NULL;
  VmsockGuid vm_id;

  g_return_val_if_fail (name != NULL, NULL);

  /* The host's own object is named after the computer; VMs after their
   * GUID.  Captions would tell them apart too, but they are localized. */
  if (!vmsock_guid_parse (name, &vm_id, NULL))
    return NULL;

  if (process_id >= 0)
    g_variant_dict_insert (&extras, "process-id", "x", process_id);

  id = vmsock_guid_to_string (&vm_id);
  return vmsock_vm_new (PROVIDER_NAME, id, element_name,
                        vmsock_hyperv_state_from_enabled_state (enabled_state),
                        VMSOCK_VSOCK_CID_ANY, &vm_id, g_variant_dict_end (&extras));
}
