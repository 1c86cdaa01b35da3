/* vmsock-machined-provider.h: VMs registered with systemd-machined
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_MACHINED_PROVIDER (vmsock_machined_provider_get_type ())
G_DECLARE_FINAL_TYPE (VmsockMachinedProvider, vmsock_machined_provider, VMSOCK, MACHINED_PROVIDER, GObject)

void vmsock_machined_provider_register (GIOModule *module);

G_END_DECLS
