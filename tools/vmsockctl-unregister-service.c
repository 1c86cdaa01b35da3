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
  g_auto(VmsockctlRegistryOptions) registry_options = { 0 };
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
                                          _("Removes a registered service."),
                                          entries, NULL);
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  registries = vmsockctl_registry_open (&registry_options, FALSE, &error);
  if (registries == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  registry = registries->pdata[0];

  service = vmsock_service_registry_unregister (registry, argv[1], &error);
  if (service == NULL)
    return vmsockctl_registry_fail (registry, error);

  g_print (_("Removed “%s”\n"), vmsock_service_get_name (service));
  return VMSOCKCTL_EXIT_SUCCESS;
}
