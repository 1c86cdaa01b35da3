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

/* The values are Microsoft's for Msvm_ComputerSystem: the v2 namespace's
 * (its RequestStateChange page lists the values above 32767 that EnabledState
 * takes, "critical" ones being states whose storage cannot be reached), and
 * the old v1 namespace's. */
VmsockVmState
vmsock_hyperv_state_from_enabled_state (gint64 enabled_state)
{
  switch (enabled_state)
    {
    case 2:                         /* Running (Enabled) */
    case 32771:                     /* Snapshotting (v1): still running */
    case 32781:                     /* RunningCritical */
      return VMSOCK_VM_STATE_RUNNING;
    case 3:                         /* Off (Disabled) */
    case 32782:                     /* OffCritical */
      return VMSOCK_VM_STATE_OFF;
    case 4:                         /* Shutting down */
    case 32773:                     /* Saving */
    case 32774:                     /* Stopping (v1) */
    case 32776:                     /* Pausing */
    case 32780:                     /* FastSaving */
    case 32783:                     /* StoppingCritical */
    case 32788:                     /* SavingCritical */
    case 32789:                     /* PausingCritical */
    case 32792:                     /* FastSavingCritical */
      return VMSOCK_VM_STATE_STOPPING;
    case 6:                         /* Saved (Enabled but offline) */
    case 32769:                     /* Suspended (v1) */
    case 32779:                     /* FastSaved */
    case 32784:                     /* SavedCritical */
    case 32791:                     /* FastSavedCritical */
      return VMSOCK_VM_STATE_SAVED;
    case 9:                         /* Paused (Quiesce) */
    case 32768:                     /* Paused (v1) */
    case 32785:                     /* PausedCritical */
      return VMSOCK_VM_STATE_PAUSED;
    case 10:                        /* Starting */
    case 11:                        /* Reset: on its way back to running */
    case 32770:                     /* Starting (v1) */
    case 32777:                     /* Resuming */
    case 32786:                     /* StartingCritical */
    case 32787:                     /* ResetCritical */
    case 32790:                     /* ResumingCritical */
      return VMSOCK_VM_STATE_STARTING;
    default:                        /* Unknown, Other, Not applicable, In test,
                                     * Deferred, and whatever comes next */
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
