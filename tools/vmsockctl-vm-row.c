/* vmsockctl-vm-row.c: a VM as a table row, shared by list-vms and show-vm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl-discovery.h"
#include "vmsockctl-vm-row.h"

static const VmsockctlColumn vm_columns[] = {
  { "id", N_("ID") },
  { "name", N_("NAME") },
  { "state", N_("STATE") },
  { "provider", N_("PROVIDER") },
  { "cid", N_("CID") },
  { "vm-id", N_("VM ID") },
};

VmsockctlTable *
vmsockctl_vm_table_new (void)
{
  return vmsockctl_table_new (vm_columns, G_N_ELEMENTS (vm_columns));
}

void
vmsockctl_vm_table_add (VmsockctlTable *table,
                        VmsockVm       *vm)
{
  g_autofree char *vm_id = NULL;
  guint32 cid;

  if (vmsock_vm_get_vm_id (vm) != NULL)
    vm_id = vmsock_guid_to_string (vmsock_vm_get_vm_id (vm));

  vmsockctl_table_add_string (table, vmsock_vm_get_id (vm));
  vmsockctl_table_add_string (table, vmsock_vm_get_name (vm));
  vmsockctl_table_add_string (table, vmsock_vm_state_to_string (vmsock_vm_get_state (vm)));
  vmsockctl_table_add_string (table, vmsock_vm_get_provider (vm));
  if (vmsock_vm_get_cid (vm, &cid))
    vmsockctl_table_add_uint (table, cid);
  else
    vmsockctl_table_add_string (table, NULL);
  vmsockctl_table_add_string (table, vm_id);
}
