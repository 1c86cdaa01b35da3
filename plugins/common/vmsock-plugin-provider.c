/* vmsock-plugin-provider.c: what the providers of the plugins share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-plugin-provider.h"

VmsockVmListing *
vmsock_plugin_listing_new_for_vms (GPtrArray *vms)
{
  VmsockVmListing *listing = vmsock_vm_listing_new ();

  for (guint i = 0; i < vms->len; i++)
    vmsock_vm_listing_add_vm (listing, g_ptr_array_index (vms, i));
  return listing;
}

VmsockVmListing *
vmsock_plugin_list_vms_finish (VmsockVmProvider  *provider,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vmsock_plugin_watch_counted (VmsockVmProvider        *provider,
                             guint                   *watches,
                             VmsockPluginWatchStart   start,
                             GError                 **error)
{
  if (*watches > 0)
    {
      (*watches)++;
      return TRUE;
    }
  if (!start (provider, error))
    return FALSE;
  *watches = 1;
  return TRUE;
}

void
vmsock_plugin_unwatch_counted (VmsockVmProvider      *provider,
                               guint                 *watches,
                               VmsockPluginWatchStop  stop)
{
  g_return_if_fail (*watches > 0);

  if (--*watches == 0)
    stop (provider);
}
