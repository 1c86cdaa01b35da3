/* vmsockctl-providers.c: vmsockctl providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-output.h"

static const VmsockctlColumn provider_columns[] = {
  { "name", N_("NAME"), 0 },
  { "status", N_("STATUS"), 0 },
  { "vms", N_("VMS"), 0 },
  /* The reason is the point: it is never shortened, and ends the line. */
  { "detail", N_("DETAIL"), 0 },
};

static guint
count_vms (VmsockVmListing *listing,
           const char      *provider)
{
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  guint count = 0;

  for (guint i = 0; i < vms->len; i++)
    count += g_str_equal (vmsock_vm_get_provider (vms->pdata[i]), provider);
  return count;
}

/* The provider's state, from its errors: one for the whole provider, or one
 * per part (such as a libvirt connection, "libvirt URI"). */
static void
add_provider (VmsockctlTable  *table,
              VmsockVmListing *listing,
              const char      *provider)
{
  g_auto(GStrv) sources = vmsock_vm_listing_get_failed_sources (listing);
  g_autofree char *part_prefix = g_strconcat (provider, " ", NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  const GError *whole = vmsock_vm_listing_get_source_error (listing, provider);
  const char *status;

  for (gsize i = 0; sources[i] != NULL; i++)
    if (g_str_has_prefix (sources[i], part_prefix))
      g_string_append_printf (detail, "%s%s: %s", detail->len > 0 ? "; " : "",
                              sources[i] + strlen (part_prefix),
                              vmsock_vm_listing_get_source_error (listing, sources[i])->message);

  if (whole != NULL)
    {
      status = g_error_matches (whole, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE)
                 ? "unavailable" : "failed";
      g_string_assign (detail, whole->message);
    }
  else
    status = detail->len > 0 ? "degraded" : "ok";

  vmsockctl_table_add_string (table, provider);
  vmsockctl_table_add_string (table, status);
  if (whole != NULL)
    vmsockctl_table_add_string (table, NULL);
  else
    vmsockctl_table_add_uint (table, count_vms (listing, provider));
  vmsockctl_table_add_string (table, detail->str);
}

VmsockctlExit
vmsockctl_providers (int   argc,
                     char *argv[])
{
  g_auto(VmsockctlOutput) output = { 0 };
  g_auto(VmsockctlDiscoveryOptions) discovery_options = { 0 };
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_INT, &discovery_options.timeout_seconds,
      N_("Give each provider this long to answer (default: 10)"), N_("SECONDS") },
    VMSOCKCTL_JSON_OPTION_ENTRY,
    VMSOCKCTL_TABLE_OPTION_ENTRIES (output),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed_plugins = NULL;
  g_auto(GStrv) inapplicable = NULL;
  g_autofree char *footer = NULL;
  GPtrArray *providers;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("providers", NULL,
                                          _("Lists the VM discovery providers: each one is asked "
                                            "for its VMs, and plugins that could not be loaded are "
                                            "shown with the reason."),
                                          entries, &output);
  g_option_context_set_description (context,
                                    _("Status: “ok”, “degraded” (some of its sources failed), "
                                      "“unavailable” (what it needs is missing), “failed”, "
                                      "“not applicable” (it cannot work on this machine, so it "
                                      "is not asked), or “not loaded”."));
  if (!vmsockctl_parse (context, &argc, &argv, 0, 0, &status))
    return status;

  table = vmsockctl_table_new (provider_columns, G_N_ELEMENTS (provider_columns));
  if (!vmsockctl_table_check_output (table, &output, &error))
    return vmsockctl_usage_error ("%s", error->message);

  /* Every failure is shown here, in the table, rather than on stderr. */
  discovery_options.verbose = FALSE;
  discovery = vmsockctl_discovery_new (&discovery_options, &error);
  if (discovery == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  if (listing == NULL)
    return vmsockctl_fail (error);

  providers = vmsock_discovery_get_providers (discovery);
  for (guint i = 0; i < providers->len; i++)
    add_provider (table, listing, vmsock_vm_provider_get_name (providers->pdata[i]));

  inapplicable = vmsock_discovery_get_inapplicable_providers (discovery);
  for (gsize i = 0; inapplicable[i] != NULL; i++)
    {
      vmsockctl_table_add_string (table, inapplicable[i]);
      vmsockctl_table_add_string (table, "not applicable");
      vmsockctl_table_add_string (table, NULL);
      vmsockctl_table_add_string (table, vmsock_discovery_get_inapplicable_reason (discovery, inapplicable[i]));
    }

  failed_plugins = vmsock_discovery_get_failed_plugins (discovery);
  for (gsize i = 0; failed_plugins[i] != NULL; i++)
    {
      vmsockctl_table_add_string (table, failed_plugins[i]);
      vmsockctl_table_add_string (table, "not loaded");
      vmsockctl_table_add_string (table, NULL);
      vmsockctl_table_add_string (table, vmsock_discovery_get_plugin_error (discovery, failed_plugins[i])->message);
    }

  footer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u provider.", "%u providers.",
                                         vmsockctl_table_get_n_rows (table)),
                            vmsockctl_table_get_n_rows (table));
  vmsockctl_table_print (table, &output, footer);
  return VMSOCKCTL_EXIT_SUCCESS;
}
