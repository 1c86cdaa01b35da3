/* hyperv-module.c: the entry points of the Hyper-V WMI provider plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "vmsock-plugin-module.h"
#include "vmsock-hyperv-provider.h"

VMSOCK_DEFINE_BUNDLED_PLUGIN (vmsock_hyperv, vmsock_hyperv_provider_register)
