/* vmsock-vm-provider.c: the interface of VM-discovery providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-async-private.h"
#include "vmsock-vm-provider.h"

/**
 * VmsockVmProvider:
 *
 * Something that knows which VMs exist and how to reach them: libvirt,
 * hcsdiag, Hyper-V's WMI provider, systemd-machined.  Providers are usually
 * loaded from plugins; [class@Vmsock.Discovery] asks all of them at once.
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (VmsockVmProvider, vmsock_vm_provider, G_TYPE_OBJECT)

static void
vmsock_vm_provider_default_init (VmsockVmProviderInterface *iface)
{
}

/**
 * vmsock_vm_provider_get_name:
 * @provider: a #VmsockVmProvider
 *
 * Gets the name of a provider.
 *
 * Returns: the provider's short, stable name, such as `libvirt`
 *
 * Since: 0.1
 */
const char *
vmsock_vm_provider_get_name (VmsockVmProvider *provider)
{
  g_return_val_if_fail (VMSOCK_IS_VM_PROVIDER (provider), NULL);

  return VMSOCK_VM_PROVIDER_GET_IFACE (provider)->get_name (provider);
}

/**
 * vmsock_vm_provider_list_vms_async:
 * @provider: a #VmsockVmProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the listing is done
 * @user_data: data for @callback
 *
 * Starts listing the VMs @provider knows.
 *
 * Since: 0.1
 */
void
vmsock_vm_provider_list_vms_async (VmsockVmProvider    *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VMSOCK_IS_VM_PROVIDER (provider));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  VMSOCK_VM_PROVIDER_GET_IFACE (provider)->list_vms_async (provider, cancellable,
                                                          callback, user_data);
}

/**
 * vmsock_vm_provider_list_vms_finish:
 * @provider: a #VmsockVmProvider
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes a listing that [method@Vmsock.VmProvider.list_vms_async] started.
 *
 * Returns: (transfer full) (nullable): the VMs found, and the sources that
 *   failed, or %NULL when the provider failed as a whole
 *
 * Since: 0.1
 */
VmsockVmListing *
vmsock_vm_provider_list_vms_finish (VmsockVmProvider  *provider,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (VMSOCK_IS_VM_PROVIDER (provider), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return VMSOCK_VM_PROVIDER_GET_IFACE (provider)->list_vms_finish (provider, result, error);
}

/**
 * vmsock_vm_provider_list_vms:
 * @provider: a #VmsockVmProvider
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the VMs @provider knows, waiting for the answer.
 *
 * Returns: (transfer full) (nullable): the VMs found, and the sources that
 *   failed, or %NULL when the provider failed as a whole
 *
 * Since: 0.1
 */
VmsockVmListing *
vmsock_vm_provider_list_vms (VmsockVmProvider  *provider,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (VMSOCK_IS_VM_PROVIDER (provider), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_main_context_push_thread_default (context);
  vmsock_vm_provider_list_vms_async (provider, cancellable, vmsock_async_result_store, &result);
  vmsock_async_result_wait (context, &result);
  g_main_context_pop_thread_default (context);

  return vmsock_vm_provider_list_vms_finish (provider, result, error);
}
