/* vmsock-hyperv-query-powershell.c: Msvm_ComputerSystem through PowerShell
 *
 * Runs powershell.exe with the CIM cmdlets and JSON output, which works
 * from WSL through Windows interop.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsock-hyperv-parser.h"
#include "vmsock-hyperv-query.h"
#include "vmsock-plugin-provider.h"
#include "vmsock-plugin-subprocess.h"

/* @(...) and -InputObject make one result an array too; the parser still
 * takes the other shapes older PowerShell versions print. */
#define QUERY \
  "ConvertTo-Json -Compress -InputObject @(Get-CimInstance -Namespace root/virtualization/v2 " \
  "-ClassName Msvm_ComputerSystem | Select-Object Name,ElementName,EnabledState,ProcessID)"

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) vms = NULL;
  GError *error = NULL;
  int exit_status = 0;

  output = vmsock_plugin_run_finish (result, &exit_status, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (vmsock_hyperv_output_is_access_denied (output))
    {
      g_task_return_error (task, vmsock_plugin_hyperv_access_denied ());
      return;
    }
  if (exit_status != 0)
    {
      g_task_return_error (task, vmsock_plugin_tool_failed ("powershell.exe", output));
      return;
    }

  vms = vmsock_hyperv_parse_json (output, &error);
  if (vms == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, vmsock_plugin_listing_new_for_vms (vms), g_object_unref);
}

void
vmsock_hyperv_query_async (VmsockVmProvider    *provider,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  g_autofree char *powershell =
    vmsock_plugin_find_windows_program ("powershell.exe",
                                        "System32/WindowsPowerShell/v1.0/powershell.exe");
  const char *argv[] = { powershell, "-NoProfile", "-NonInteractive", "-Command", QUERY, NULL };

  g_task_set_source_tag (task, vmsock_hyperv_query_async);
  if (powershell == NULL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                               _("powershell.exe was not found on PATH, in the Windows system "
                                 "folder, or under the WSL mount of Windows"));
      g_object_unref (task);
      return;
    }
  vmsock_plugin_run_async (argv, cancellable, on_queried, task);
}
