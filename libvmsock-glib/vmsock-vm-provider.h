/* vmsock-vm-provider.h: the interface of VM-discovery providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-version-macros.h>
#include <libvmsock-glib/vmsock-vm-listing.h>

G_BEGIN_DECLS

/**
 * VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME:
 *
 * The name of the GIO extension point that provider plugins implement.
 *
 * Since: 0.1
 */
#define VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME "vmsock-vm-provider"

#define VMSOCK_TYPE_VM_PROVIDER (vmsock_vm_provider_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_INTERFACE (VmsockVmProvider, vmsock_vm_provider, VMSOCK, VM_PROVIDER, GObject)

/**
 * VmsockVmProviderInterface:
 * @g_iface: the parent interface
 * @get_name: returns the provider's short, stable name, such as `libvirt`
 * @list_vms_async: starts listing the VMs the provider knows
 * @list_vms_finish: finishes it, returning a #VmsockVmListing
 * @watch: starts reporting changes of the VMs through
 *   [signal@Vmsock.VmProvider::vms-changed]; counted. Optional: a provider
 *   without it cannot be watched, and is asked again from time to time
 *   instead. Since: 0.1
 * @unwatch: ends what one successful @watch started. Since: 0.1
 *
 * The interface that VM-discovery providers implement.  A provider that
 * fails as a whole returns an error: %VMSOCK_ERROR_PROVIDER_UNAVAILABLE when
 * it cannot work on this machine, %VMSOCK_ERROR_INVALID_DATA when its source
 * answered something malformed.  A provider that asks several sources (such
 * as several libvirt connections) and hears from only some returns a listing
 * with the VMs it found and an error for each source that failed.
 *
 * Since: 0.1
 */
struct _VmsockVmProviderInterface
{
  GTypeInterface g_iface;

  const char * (*get_name)        (VmsockVmProvider     *provider);
  void         (*list_vms_async)  (VmsockVmProvider     *provider,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
  VmsockVmListing * (*list_vms_finish) (VmsockVmProvider *provider,
                                   GAsyncResult         *result,
                                   GError              **error);
  gboolean     (*watch)           (VmsockVmProvider     *provider,
                                   GError              **error);
  void         (*unwatch)         (VmsockVmProvider     *provider);

  /*< private >*/
  gpointer padding[6];
};

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_provider_get_name (VmsockVmProvider *provider);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_provider_list_vms_async (VmsockVmProvider    *provider,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
VMSOCK_AVAILABLE_IN_0_1
VmsockVmListing *vmsock_vm_provider_list_vms_finish (VmsockVmProvider  *provider,
                                                     GAsyncResult      *result,
                                                     GError           **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockVmListing *vmsock_vm_provider_list_vms (VmsockVmProvider  *provider,
                                              GCancellable      *cancellable,
                                              GError           **error);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_vm_provider_watch (VmsockVmProvider  *provider,
                                   GError           **error);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_provider_unwatch (VmsockVmProvider *provider);

G_END_DECLS
