/* vmsock-hcsdiag-provider.h: Hyper-V compute systems from hcsdiag
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_HCSDIAG_PROVIDER (vmsock_hcsdiag_provider_get_type ())
G_DECLARE_FINAL_TYPE (VmsockHcsdiagProvider, vmsock_hcsdiag_provider, VMSOCK, HCSDIAG_PROVIDER, GObject)

void vmsock_hcsdiag_provider_register (GIOModule *module);

G_END_DECLS
