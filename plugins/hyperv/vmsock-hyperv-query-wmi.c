/* vmsock-hyperv-query-wmi.c: Msvm_ComputerSystem straight from WMI
 *
 * On Windows the provider asks WMI itself, through COM, in a thread of its
 * own since COM calls block.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsock-hyperv-query.h"
#include "vmsock-hyperv-system.h"
#include "vmsock-plugin-provider.h"
#include "vmsock-plugin-subprocess.h"
#include "vmsock-wmi.h"

#define QUERY "SELECT Name, ElementName, EnabledState, ProcessID FROM Msvm_ComputerSystem"

/* The discovery usually gives up sooner; this bounds a query it lets run. */
#define QUERY_TIMEOUT_MS 30000

static const char * const properties[] = { "Name", "ElementName", "EnabledState", "ProcessID", NULL };

/* Says what the two errors users can mend mean for Hyper-V. */
static void
explain_error (GError **error)
{
  if (g_error_matches (*error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE))
    g_prefix_error (error, _("Hyper-V is not installed: "));
  else if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      g_autoptr(GError) denied = vmsock_plugin_hyperv_access_denied ();

      g_prefix_error (error, "%s: ", denied->message);
    }
}

static gint64
int_property (GVariant   *row,
              const char *name)
{
  gint64 value;

  return g_variant_lookup (row, name, "x", &value) ? value : -1;
}

static void
query_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  rows = vmsock_wmi_query (VMSOCK_HYPERV_WMI_NAMESPACE, QUERY, properties, QUERY_TIMEOUT_MS,
                           cancellable, &error);
  if (rows == NULL)
    {
      explain_error (&error);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      GVariant *row = g_ptr_array_index (rows, i);
      const char *name = NULL;
      const char *element_name = NULL;
      VmsockVm *vm;

      if (!g_variant_lookup (row, "Name", "&s", &name))
        {
          g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                                   _("WMI returned a Hyper-V entry without a Name (entry %u)"), i + 1);
          return;
        }
      g_variant_lookup (row, "ElementName", "&s", &element_name);

      vm = vmsock_hyperv_vm_new (name, element_name, int_property (row, "EnabledState"),
                                 int_property (row, "ProcessID"));
      if (vm != NULL)
        g_ptr_array_add (vms, vm);
    }

  g_task_return_pointer (task, vmsock_plugin_listing_new_for_vms (vms), g_object_unref);
}

void
vmsock_hyperv_query_async (VmsockVmProvider    *provider,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, vmsock_hyperv_query_async);
  g_task_run_in_thread (task, query_in_thread);
}
