/* vmsock-vm-provider.c: the interface of VM-discovery providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-async-private.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-vm-provider.h"

/**
 * VmsockVmProvider:
 *
 * Something that knows which VMs exist and how to reach them: libvirt,
 * hcsdiag, Hyper-V's WMI provider, systemd-machined.  Providers are usually
 * loaded from plugins; [class@Vmsock.Discovery] asks all of them at once.
 *
 * A provider whose source reports changes (libvirt's domain events,
 * systemd-machined's signals) can be watched: after
 * [method@Vmsock.VmProvider.watch] it emits
 * [signal@Vmsock.VmProvider::vms-changed] when its VMs may have changed, so
 * that a [class@Vmsock.VmMonitor] lists it again then rather than at an
 * interval.
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (VmsockVmProvider, vmsock_vm_provider, G_TYPE_OBJECT)

static void
vmsock_vm_provider_default_init (VmsockVmProviderInterface *iface)
{
  /**
   * VmsockVmProvider::vms-changed:
   * @provider: the provider
   *
   * Emitted, while @provider is watched, when it learns that its VMs may
   * have changed: VMs came or went, or changed name, state or CID.  Listing
   * again tells what changed.  Several changes may come as one emission, and
   * losing the source of the changes (such as a closed connection) is
   * reported as one too, so that the next listing reports the error.
   *
   * It is emitted in the thread-default main context that was current when
   * [method@Vmsock.VmProvider.watch] was called.
   *
   * Since: 0.1
   */
  g_signal_new ("vms-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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

/**
 * vmsock_vm_provider_watch:
 * @provider: a #VmsockVmProvider
 * @error: return location for a #GError
 *
 * Starts reporting changes of @provider's VMs through
 * [signal@Vmsock.VmProvider::vms-changed], which is emitted in the
 * thread-default main context of the caller.  Watches are counted: each
 * successful call is matched by one [method@Vmsock.VmProvider.unwatch].
 *
 * A provider that cannot report changes fails with
 * %G_IO_ERROR_NOT_SUPPORTED; its caller asks it again from time to time
 * instead.  Other errors say why the source of the changes could not be
 * reached (such as a libvirt daemon that does not answer).
 *
 * Returns: %TRUE if @provider now reports its changes
 *
 * Since: 0.1
 */
gboolean
vmsock_vm_provider_watch (VmsockVmProvider  *provider,
                          GError           **error)
{
  VmsockVmProviderInterface *iface;

  g_return_val_if_fail (VMSOCK_IS_VM_PROVIDER (provider), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = VMSOCK_VM_PROVIDER_GET_IFACE (provider);
  if (iface->watch == NULL)
    {
      g_autofree char *name = vmsock_printable_text (vmsock_vm_provider_get_name (provider), -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s provider cannot report changes"), name);
      return FALSE;
    }
  return iface->watch (provider, error);
}

/**
 * vmsock_vm_provider_unwatch:
 * @provider: a #VmsockVmProvider
 *
 * Ends what one successful [method@Vmsock.VmProvider.watch] started: after
 * the last one, @provider stops reporting changes and lets go of what it
 * held for it (such as a connection).
 *
 * Since: 0.1
 */
void
vmsock_vm_provider_unwatch (VmsockVmProvider *provider)
{
  VmsockVmProviderInterface *iface;

  g_return_if_fail (VMSOCK_IS_VM_PROVIDER (provider));

  iface = VMSOCK_VM_PROVIDER_GET_IFACE (provider);
  g_return_if_fail (iface->unwatch != NULL);
  iface->unwatch (provider);
}
