/* vmsock-hyperv-provider.h: Hyper-V VMs from WMI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_HYPERV_PROVIDER (vmsock_hyperv_provider_get_type ())
G_DECLARE_FINAL_TYPE (VmsockHypervProvider, vmsock_hyperv_provider, VMSOCK, HYPERV_PROVIDER, GObject)

void vmsock_hyperv_provider_register (GIOModule *module);

G_END_DECLS
