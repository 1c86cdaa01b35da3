/* vmsockctl-show-vm.c: vmsockctl show-vm
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-output.h"
#include "vmsockctl-vm-row.h"

VmsockctlExit
vmsockctl_show_vm (int   argc,
                   char *argv[])
{
  VmsockctlOutput output = { 0 };
  g_auto(VmsockctlDiscoveryOptions) discovery_options = { 0 };
  const GOptionEntry entries[] = {
    VMSOCKCTL_DISCOVERY_OPTION_ENTRIES (discovery_options),
    VMSOCKCTL_JSON_OPTION_ENTRY,
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVm *vm;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("show-vm", _("NAME|ID"),
                                          _("Shows what the providers know about one VM, "
                                            "found by its id or its name."),
                                          entries, &output);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  listing = vmsockctl_discovery_list (&discovery_options, NULL, &status);
  if (listing == NULL)
    return status;

  vm = vmsock_vm_listing_lookup (listing, argv[1], &error);
  if (vm == NULL)
    return vmsockctl_fail (error);

  table = vmsockctl_vm_table_new ();
  vmsockctl_vm_table_add (table, vm);
  vmsockctl_table_print_record (table, &output, vmsock_vm_get_extras (vm));
  return VMSOCKCTL_EXIT_SUCCESS;
}
