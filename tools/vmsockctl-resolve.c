/* vmsockctl-resolve.c: vmsockctl resolve
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-address.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-output.h"

static const VmsockctlColumn address_columns[] = {
  { "vm", N_("VM"), 0 },
  { "uri", N_("URI"), 0 },
  { "address", N_("Address"), 0 },
  { "family", N_("Family"), 0 },
  { "cid", N_("CID"), 0 },
  { "port", N_("Port"), 0 },
  { "vm-id", N_("VM ID"), 0 },
  { "service-id", N_("Service ID"), 0 },
};

static void
add_guid (VmsockctlTable   *table,
          const VmsockGuid *guid)
{
  g_autofree char *text = guid != NULL ? vmsock_guid_to_string (guid) : NULL;

  vmsockctl_table_add_string (table, text);
}

/* The record of @address, which @vm (or none: a literal address) has. */
static VmsockctlTable *
address_record (VmsockVm       *vm,
                GSocketAddress *address)
{
  VmsockctlTable *table = vmsockctl_table_new (address_columns, G_N_ELEMENTS (address_columns));
  g_autofree char *uri = vmsock_socket_address_to_uri (address);

  vmsockctl_table_add_string (table, vm != NULL ? vmsock_vm_get_name (vm) : NULL);
  vmsockctl_table_add_string (table, vm != NULL ? vmsock_vm_get_uri (vm) : NULL);
  vmsockctl_table_add_string (table, uri);
  if (VMSOCK_IS_VSOCK_ADDRESS (address))
    {
      VmsockVsockAddress *vsock = VMSOCK_VSOCK_ADDRESS (address);

      vmsockctl_table_add_string (table, "vsock");
      vmsockctl_table_add_uint (table, vmsock_vsock_address_get_cid (vsock));
      vmsockctl_table_add_uint (table, vmsock_vsock_address_get_port (vsock));
      vmsockctl_table_add_string (table, NULL);
      vmsockctl_table_add_string (table, NULL);
    }
  else
    {
      VmsockHvsockAddress *hvsock = VMSOCK_HVSOCK_ADDRESS (address);
      guint32 port;

      vmsockctl_table_add_string (table, "hvsock");
      vmsockctl_table_add_string (table, NULL);
      if (vmsock_hvsock_address_get_vsock_port (hvsock, &port))
        vmsockctl_table_add_uint (table, port);
      else
        vmsockctl_table_add_string (table, NULL);
      add_guid (table, vmsock_hvsock_address_get_vm_id (hvsock));
      add_guid (table, vmsock_hvsock_address_get_service_id (hvsock));
    }
  return table;
}

VmsockctlExit
vmsockctl_resolve (int   argc,
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
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GSocketConnectable) target = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  VmsockVm *vm = NULL;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("resolve", _("ADDRESS"),
                                          _("Shows the VM socket address that ADDRESS stands for, "
                                            "as “connect” and “forward” reach it: vsock:VM:PORT or "
                                            "hvsock:VM:PORT, VM being a name, an id, or a name "
                                            "qualified as NAME@HOST, NAME@URI or NAME@PROVIDER."),
                                          entries, &output);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  discovery = vmsockctl_discovery_open (&discovery_options, &status);
  if (discovery == NULL)
    return status;
  target = vmsockctl_address_parse_vm (argv[1], discovery, &error);
  if (target == NULL)
    return vmsockctl_usage_error ("%s", error->message);

  if (VMSOCK_IS_VM_CONNECTABLE (target))
    {
      VmsockVmConnectable *connectable = VMSOCK_VM_CONNECTABLE (target);

      listing = vmsockctl_discovery_ask (&discovery_options, discovery);
      vm = vmsock_vm_listing_lookup (listing, vmsock_vm_connectable_get_vm (connectable), &error);
      if (vm != NULL)
        address = vmsock_vm_connectable_resolve (connectable, listing, &error);
      if (address == NULL)
        return vmsockctl_fail (error);
    }
  else
    address = G_SOCKET_ADDRESS (g_steal_pointer (&target));

  if (output.format == VMSOCKCTL_FORMAT_TABLE)
    {
      g_autofree char *uri = vmsock_socket_address_to_uri (address);

      g_print ("%s\n", uri);
      return VMSOCKCTL_EXIT_SUCCESS;
    }
  table = address_record (vm, address);
  vmsockctl_table_print_record (table, &output, NULL);
  return VMSOCKCTL_EXIT_SUCCESS;
}
