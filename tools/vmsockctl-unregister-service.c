/* vmsockctl-unregister-service.c: vmsockctl unregister-service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-registry.h"

VmsockctlExit
vmsockctl_unregister_service (int   argc,
                              char *argv[])
{
  VmsockctlRegistryOptions registry_options = { 0 };
  const GOptionEntry entries[] = {
    VMSOCKCTL_REGISTRY_OPTION_ENTRIES (registry_options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) registries = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) error = NULL;
  VmsockServiceRegistry *registry;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("unregister-service", _("NAME"),
                                          _("Removes a registered service, and on Windows its "
                                            "registration with Hyper-V."),
                                          entries, NULL);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  registries = vmsockctl_registry_open (&registry_options, FALSE, &error);
  if (registries == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  registry = registries->pdata[0];

  /* Hyper-V first: without the rights for it, nothing changes. */
  service = vmsock_service_registry_lookup (registry, argv[1], &error);
  if (service == NULL)
    return vmsockctl_registry_fail (registry, error);
  if (!vmsock_service_unregister_from_host (service, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return vmsockctl_fail (error);
  g_clear_error (&error);
  g_clear_object (&service);

  service = vmsock_service_registry_unregister (registry, argv[1], &error);
  if (service == NULL)
    return vmsockctl_registry_fail (registry, error);

  g_print (_("Removed “%s”\n"), vmsock_service_get_name (service));
  return VMSOCKCTL_EXIT_SUCCESS;
}
