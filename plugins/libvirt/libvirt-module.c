/* libvirt-module.c: the entry points of the libvirt provider plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "vmsock-plugin-module.h"
#include "vmsock-libvirt-provider.h"

VMSOCK_DEFINE_BUNDLED_PLUGIN (vmsock_libvirt, vmsock_libvirt_provider_register)
