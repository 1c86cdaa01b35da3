/* vmsockctl-list-vms.c: vmsockctl list-vms
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-discovery.h"
#include "vmsockctl-output.h"
#include "vmsockctl-vm-row.h"
#include "vmsockctl-watch.h"

static gboolean
parse_state (const char     *text,
             VmsockVmState  *state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  GEnumValue *value = g_enum_get_value_by_nick (states, text);

  if (value == NULL)
    return FALSE;
  *state = value->value;
  return TRUE;
}

static char *
state_names (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < states->n_values; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", states->values[i].value_nick);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

VmsockctlExit
vmsockctl_list_vms (int   argc,
                    char *argv[])
{
  g_auto(VmsockctlOutput) output = { 0 };
  g_auto(VmsockctlDiscoveryOptions) discovery_options = { 0 };
  g_auto(GStrv) wanted_states = NULL;
  gboolean watch = FALSE;
  int interval_seconds = 5;
  const GOptionEntry entries[] = {
    VMSOCKCTL_DISCOVERY_OPTION_ENTRIES (discovery_options),
    { "state", 's', 0, G_OPTION_ARG_STRING_ARRAY, &wanted_states,
      N_("Only list VMs in this state (repeatable)"), N_("STATE") },
    { "watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
      N_("Go on: print a line for each VM that comes, goes or changes, until interrupted"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval_seconds,
      N_("With --watch, ask the providers this often (default: 5)"), N_("SECONDS") },
    VMSOCKCTL_JSON_OPTION_ENTRY,
    VMSOCKCTL_TABLE_OPTION_ENTRIES (output),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(VmsockctlTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *names = NULL;
  g_autofree char *description = NULL;
  g_autofree gboolean *state_wanted = NULL;
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  GPtrArray *vms;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("list-vms", NULL,
                                          _("Lists the VMs that the discovery providers know, "
                                            "with their vsock CID and Hyper-V VM ID."),
                                          entries, &output);
  names = state_names ();
  description = g_strdup_printf (_("States: %s."), names);
  g_option_context_set_description (context, description);
  if (!vmsockctl_parse (context, &argc, &argv, 0, 0, &status))
    return status;

  state_wanted = g_new0 (gboolean, states->n_values);
  for (gsize i = 0; wanted_states != NULL && wanted_states[i] != NULL; i++)
    {
      VmsockVmState state;

      if (!parse_state (wanted_states[i], &state))
        return vmsockctl_usage_error (_("Unknown state “%s” (states: %s)"), wanted_states[i], names);
      state_wanted[state] = TRUE;
    }

  table = vmsockctl_vm_table_new ();
  if (!vmsockctl_table_check_output (table, &output, &error))
    return vmsockctl_usage_error ("%s", error->message);

  if (interval_seconds < 1 || interval_seconds > G_MAXINT / 1000)
    return vmsockctl_usage_error (_("The interval must be a number of seconds between 1 and %d"),
                                  G_MAXINT / 1000);
  if (watch)
    {
      discovery = vmsockctl_discovery_open (&discovery_options, &status);
      if (discovery == NULL)
        return status;
      return vmsockctl_watch_vms (discovery, interval_seconds,
                                  wanted_states != NULL ? state_wanted : NULL,
                                  &output, discovery_options.quiet);
    }

  listing = vmsockctl_discovery_list (&discovery_options, &discovery, &status);
  if (listing == NULL)
    return status;

  vms = vmsock_vm_listing_get_vms (listing);

  for (guint i = 0; i < vms->len; i++)
    if (wanted_states == NULL || state_wanted[vmsock_vm_get_state (vms->pdata[i])])
      vmsockctl_vm_table_add (table, vms->pdata[i]);

  if (vmsockctl_table_get_n_rows (table) == 0)
    footer = g_strdup (_("No VMs."));
  else
    footer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u VM listed.", "%u VMs listed.",
                                           vmsockctl_table_get_n_rows (table)),
                              vmsockctl_table_get_n_rows (table));
  vmsockctl_table_print (table, &output, footer);

  /* "No VMs" and "nobody could say" are not the same answer. */
  if (!vmsockctl_discovery_answered (&discovery_options, discovery, listing))
    {
      if (!vmsockctl_discovery_options_name_providers (&discovery_options))
        vmsockctl_print_error (_("No provider could list VMs on this machine"));
      return VMSOCKCTL_EXIT_NO_ANSWER;
    }
  return VMSOCKCTL_EXIT_SUCCESS;
}
