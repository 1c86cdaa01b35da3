/* vmsockctl-register-service.c: vmsockctl register-service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-registry.h"

static void
describe (VmsockService *service,
          gboolean       added)
{
  g_autofree char *service_id = vmsock_guid_to_string (vmsock_service_get_service_id (service));
  const char *name = vmsock_service_get_name (service);
  guint32 port;

  if (added)
    g_print (_("Registered “%s” with the service ID %s"), name, service_id);
  else
    g_print (_("“%s” was already registered with the service ID %s"), name, service_id);
  if (vmsock_service_get_vsock_port (service, &port))
    g_print (_(" (vsock port %u)"), port);
  g_print ("\n");
}

VmsockctlExit
vmsockctl_register_service (int   argc,
                            char *argv[])
{
  g_auto(VmsockctlRegistryOptions) registry_options = { 0 };
  g_autofree char *port_text = NULL;
  g_autofree char *guid_text = NULL;
  g_autofree char *export_path = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &port_text,
      N_("The service's AF_VSOCK port; its service ID is the VSock template one"), N_("PORT") },
    { "guid", 0, 0, G_OPTION_ARG_STRING, &guid_text,
      N_("The service's Hyper-V service ID"), N_("GUID") },
    VMSOCKCTL_EXPORT_OPTION_ENTRIES (export_path, force,
                                     N_("Also write a .reg file that registers the service on a "
                                        "Windows host (“-”: standard output)")),
    VMSOCKCTL_REGISTRY_OPTION_ENTRIES (registry_options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) registries = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exported = NULL;
  VmsockServiceRegistry *registry;
  VmsockGuid service_id;
  gboolean has_id = FALSE;
  gboolean added = FALSE;
  guint64 port;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("register-service", _("NAME"),
                                          _("Registers a service under a unique name with its "
                                            "Hyper-V service ID: the VSock template ID of a port, "
                                            "the ID given, or a new random one.  Registering a "
                                            "name again with the same ID changes nothing.  On "
                                            "Windows the machine's registry is Hyper-V's own, "
                                            "which needs administrator rights to change."),
                                          entries, NULL);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (port_text != NULL && guid_text != NULL)
    return vmsockctl_usage_error (_("Give either --port or --guid, not both"));
  if (port_text != NULL)
    {
      /* VMADDR_PORT_ANY names no port. */
      if (!g_ascii_string_to_unsigned (port_text, 10, 0, G_MAXUINT32 - 1, &port, NULL))
        return vmsockctl_usage_error (_("“%s” is not a port: a port is a number from 0 to %u"),
                                      port_text, G_MAXUINT32 - 1);
      vmsock_hvsock_service_id_for_vsock_port (port, &service_id);
      has_id = TRUE;
    }
  if (guid_text != NULL)
    {
      if (!vmsock_guid_parse (guid_text, &service_id, &error))
        return vmsockctl_usage_error ("%s", error->message);
      has_id = TRUE;
    }
  if (!vmsock_service_name_is_valid (argv[1], &error) ||
      !vmsockctl_registry_check_export (export_path, force, &error))
    return vmsockctl_usage_error ("%s", error->message);

  registries = vmsockctl_registry_open (&registry_options, FALSE, &error);
  if (registries == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  registry = registries->pdata[0];

  service = vmsock_service_registry_register (registry, argv[1], has_id ? &service_id : NULL,
                                              &added, &error);
  if (service == NULL)
    return vmsockctl_registry_fail (registry, error);

  describe (service, added);

  if (export_path != NULL)
    {
      exported = g_ptr_array_new ();
      g_ptr_array_add (exported, service);
      if (!vmsockctl_registry_export_reg (exported, export_path, &error))
        return vmsockctl_fail (error);
    }
  return VMSOCKCTL_EXIT_SUCCESS;
}
