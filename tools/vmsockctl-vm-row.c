/* vmsockctl-vm-row.c: a VM as a table row, shared by list-vms and show-vm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl-discovery.h"
#include "vmsockctl-vm-row.h"

/* The name first, the ids last: they are long, and shortened first, as
 * their beginning tells them apart. */
static const VmsockctlColumn vm_columns[] = {
  { "name", N_("NAME"), 2 },
  { "state", N_("STATE"), 0 },
  { "cid", N_("CID"), 0 },
  { "provider", N_("PROVIDER"), 0 },
  { "uri", N_("URI"), 2 },
  { "vm-id", N_("VM ID"), 1 },
  { "id", N_("ID"), 1 },
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

  vmsockctl_table_add_string (table, vmsock_vm_get_name (vm));
  vmsockctl_table_add_string (table, vmsock_vm_state_to_string (vmsock_vm_get_state (vm)));
  if (vmsock_vm_get_cid (vm, &cid))
    vmsockctl_table_add_uint (table, cid);
  else
    vmsockctl_table_add_string (table, NULL);
  vmsockctl_table_add_string (table, vmsock_vm_get_provider (vm));
  vmsockctl_table_add_string (table, vmsock_vm_get_uri (vm));
  vmsockctl_table_add_string (table, vm_id);
  vmsockctl_table_add_string (table, vmsock_vm_get_id (vm));
}
