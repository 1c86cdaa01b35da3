/* vmsock-hyperv-provider.c: Hyper-V VMs from WMI
 *
 * Queries Msvm_ComputerSystem in root\virtualization\v2 through PowerShell's
 * CIM cmdlets with JSON output, which works on Windows and, through Windows
 * interop, from WSL.  The Hyper-V socket VM ID of a VM is its Name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-hyperv-parser.h"
#include "vmsock-hyperv-provider.h"
#include "vmsock-plugin-provider.h"
#include "vmsock-plugin-subprocess.h"

#define PROVIDER_NAME "hyperv"

/* @(...) and -InputObject make one result an array too; the parser still
 * takes the other shapes older PowerShell versions print. */
#define QUERY \
  "ConvertTo-Json -Compress -InputObject @(Get-CimInstance -Namespace root/virtualization/v2 " \
  "-ClassName Msvm_ComputerSystem | Select-Object Name,ElementName,EnabledState,ProcessID)"

struct _VmsockHypervProvider
{
  GObject parent_instance;
};

static void vmsock_hyperv_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockHypervProvider, vmsock_hyperv_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_hyperv_provider_iface_init))

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

static const char *
vmsock_hyperv_provider_get_name (VmsockVmProvider *provider)
{
  return PROVIDER_NAME;
}

static void
vmsock_hyperv_provider_list_vms_async (VmsockVmProvider    *provider,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  g_autofree char *powershell =
    vmsock_plugin_find_windows_program ("powershell.exe",
                                        "System32/WindowsPowerShell/v1.0/powershell.exe");
  const char *argv[] = { powershell, "-NoProfile", "-NonInteractive", "-Command", QUERY, NULL };

  g_task_set_source_tag (task, vmsock_hyperv_provider_list_vms_async);
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

static void
vmsock_hyperv_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_hyperv_provider_get_name;
  iface->list_vms_async = vmsock_hyperv_provider_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_list_vms_finish;
}

static void
vmsock_hyperv_provider_class_init (VmsockHypervProviderClass *klass)
{
}

static void
vmsock_hyperv_provider_class_finalize (VmsockHypervProviderClass *klass)
{
}

static void
vmsock_hyperv_provider_init (VmsockHypervProvider *self)
{
}

void
vmsock_hyperv_provider_register (GIOModule *module)
{
  vmsock_hyperv_provider_register_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  VMSOCK_TYPE_HYPERV_PROVIDER, PROVIDER_NAME, 30);
}
