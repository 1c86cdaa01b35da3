/* vmsock-hyperv-provider.c: Hyper-V VMs from WMI
 *
 * Lists the Msvm_ComputerSystem objects of root\virtualization\v2: on
 * Windows straight from WMI, from WSL through PowerShell (see
 * vmsock-hyperv-query.h).  The Hyper-V socket VM ID of a VM is its Name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libvmsock-glib/vmsock.h>

#include "vmsock-hyperv-provider.h"
#include "vmsock-hyperv-query.h"
#include "vmsock-plugin-provider.h"

#define PROVIDER_NAME "hyperv"

struct _VmsockHypervProvider
{
  GObject parent_instance;
};

static void vmsock_hyperv_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockHypervProvider, vmsock_hyperv_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_hyperv_provider_iface_init))

static const char *
vmsock_hyperv_provider_get_name (VmsockVmProvider *provider)
{
  return PROVIDER_NAME;
}

static void
vmsock_hyperv_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_hyperv_provider_get_name;
  iface->list_vms_async = vmsock_hyperv_query_async;
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
