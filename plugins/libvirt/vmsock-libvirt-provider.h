/* vmsock-libvirt-provider.h: VMs from libvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_LIBVIRT_PROVIDER (vmsock_libvirt_provider_get_type ())
G_DECLARE_FINAL_TYPE (VmsockLibvirtProvider, vmsock_libvirt_provider, VMSOCK, LIBVIRT_PROVIDER, GObject)

void vmsock_libvirt_provider_register (GIOModule *module);

G_END_DECLS
