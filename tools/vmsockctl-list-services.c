/* vmsockctl-list-services.c: vmsockctl list-services
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-output.h"
#include "vmsockctl-registry.h"

static const VmsockctlColumn service_columns[] = {
  { "name", N_("NAME"), 2 },
  { "service-id", N_("SERVICE ID"), 1 },
  { "port", N_("PORT"), 0 },
  { "scope", N_("SCOPE"), 0 },
};

VmsockctlExit
vmsockctl_list_services (int   argc,
                         char *argv[])
{
  g_auto(VmsockctlOutput) output = { 0 };
  g_auto(VmsockctlRegistryOptions) registry_options = { 0 };
  g_autofree char *export_path = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    VMSOCKCTL_REGISTRY_OPTION_ENTRIES (registry_options),
    VMSOCKCTL_EXPORT_OPTION_ENTRIES (export_path, force,
                                     N_("Write a .reg file that registers the services listed on "
                                        "a Windows host (“-”: standard output)")),
    VMSOCKCTL_JSON_OPTION_ENTRY,
    VMSOCKCTL_TABLE_OPTION_ENTRIES (output),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) registries = NULL;
  g_autoptr(GPtrArray) all_services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *footer = NULL;
  VmsockctlExit status = VMSOCKCTL_EXIT_SUCCESS;

  context = vmsockctl_option_context_new ("list-services", NULL,
                                          _("Lists the registered services: the user's and the "
                                            "machine's, unless an option chooses one registry."),
                                          entries, &output);
  if (!vmsockctl_parse (context, &argc, &argv, 0, 0, &status))
    return status;

  table = vmsockctl_table_new (service_columns, G_N_ELEMENTS (service_columns));
  if (!vmsockctl_table_check_output (table, &output, &error))
    return vmsockctl_usage_error ("%s", error->message);

  registries = vmsockctl_registry_open (&registry_options, TRUE, &error);
  if (registries == NULL || !vmsockctl_registry_check_export (export_path, force, &error))
    return vmsockctl_usage_error ("%s", error->message);

  for (guint i = 0; i < registries->len; i++)
    {
      VmsockServiceRegistry *registry = registries->pdata[i];
      g_autoptr(GPtrArray) services = vmsock_service_registry_list (registry, &error);

      /* One broken registry does not hide the other. */
      if (services == NULL)
        {
          status = vmsockctl_registry_fail (registry, error);
          g_clear_error (&error);
          continue;
        }

      for (guint j = 0; j < services->len; j++)
        {
          VmsockService *service = services->pdata[j];
          g_autofree char *service_id = vmsock_guid_to_string (vmsock_service_get_service_id (service));
          guint32 port;

          vmsockctl_table_add_string (table, vmsock_service_get_name (service));
          vmsockctl_table_add_string (table, service_id);
          if (vmsock_service_get_vsock_port (service, &port))
            vmsockctl_table_add_uint (table, port);
          else
            vmsockctl_table_add_string (table, NULL);
          vmsockctl_table_add_string (table, vmsockctl_registry_scope (registry));
          g_ptr_array_add (all_services, g_object_ref (service));
        }
    }

  if (vmsockctl_table_get_n_rows (table) == 0)
    footer = g_strdup (_("No services."));
  else
    footer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service listed.",
                                           "%u services listed.", vmsockctl_table_get_n_rows (table)),
                              vmsockctl_table_get_n_rows (table));

  if (export_path != NULL)
    {
      if (!vmsockctl_registry_export_reg (all_services, export_path, &error))
        return vmsockctl_fail (error);
      if (g_str_equal (export_path, "-"))
        return status;
    }

  vmsockctl_table_print (table, &output, footer);
  return status;
}
