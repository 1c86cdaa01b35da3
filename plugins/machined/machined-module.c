/* machined-module.c: the entry points of the machined provider plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "vmsock-plugin-module.h"
#include "vmsock-machined-provider.h"

VMSOCK_DEFINE_BUNDLED_PLUGIN (vmsock_machined, vmsock_machined_provider_register)
