/* vmsockctl-resolve.c: vmsockctl resolve
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-output.h"

static const VmsockctlColumn address_columns[] = {
  { "vm", N_("VM") },
  { "address", N_("Address") },
  { "family", N_("Family") },
  { "cid", N_("CID") },
  { "port", N_("Port") },
  { "vm-id", N_("VM ID") },
  { "service-id", N_("Service ID") },
};

/* Splits "NAME[:PORT]"; without a port, the address has VMADDR_PORT_ANY. */
static gboolean
split_name (const char  *text,
            char       **name,
            guint32     *port,
            GError     **error)
{
  const char *colon = strrchr (text, ':');
  guint64 value;

  if (colon == NULL)
    {
      *name = g_strdup (text);
      *port = VMSOCK_VSOCK_PORT_ANY;
    }
  else
    {
      if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT32, &value, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a port: a port is a number from 0 to %u"), colon + 1, G_MAXUINT32);
          return FALSE;
        }
      *name = g_strndup (text, colon - text);
      *port = value;
    }

  if (**name == '\0')
    {
      g_clear_pointer (name, g_free);
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("The VM name is empty"));
      return FALSE;
    }
  return TRUE;
}

static void
add_guid (VmsockctlTable   *table,
          const VmsockGuid *guid)
{
  g_autofree char *text = guid != NULL ? vmsock_guid_to_string (guid) : NULL;

  vmsockctl_table_add_string (table, text);
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
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  guint32 port;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("resolve", _("NAME[:PORT]"),
                                          _("Shows the VM socket address that a VM name or id "
                                            "resolves to, as “connect” and “forward” use it."),
                                          entries, &output);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (!split_name (argv[1], &name, &port, &error))
    return vmsockctl_usage_error ("%s", error->message);

  listing = vmsockctl_discovery_list (&discovery_options, &discovery, &status);
  if (listing == NULL)
    return status;

  connectable = vmsock_vm_connectable_new (discovery, name, port);
  address = vmsock_vm_connectable_resolve (VMSOCK_VM_CONNECTABLE (connectable), listing, &error);
  if (address == NULL)
    return vmsockctl_fail (error);

  if (output.format == VMSOCKCTL_FORMAT_TABLE)
    {
      uri = vmsock_socket_address_to_uri (address);
      g_print ("%s\n", uri);
      return VMSOCKCTL_EXIT_SUCCESS;
    }

  table = vmsockctl_table_new (address_columns, G_N_ELEMENTS (address_columns));
  uri = vmsock_socket_address_to_uri (address);
  vmsockctl_table_add_string (table, name);
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

      vmsockctl_table_add_string (table, "hvsock");
      vmsockctl_table_add_string (table, NULL);
      vmsockctl_table_add_uint (table, port);
      add_guid (table, vmsock_hvsock_address_get_vm_id (hvsock));
      add_guid (table, vmsock_hvsock_address_get_service_id (hvsock));
    }
  vmsockctl_table_print_record (table, &output, NULL);
  return VMSOCKCTL_EXIT_SUCCESS;
}
