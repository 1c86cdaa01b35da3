/* hcsdiag-module.c: the entry points of the hcsdiag provider plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "vmsock-plugin-module.h"
#include "vmsock-hcsdiag-provider.h"

VMSOCK_DEFINE_BUNDLED_PLUGIN (vmsock_hcsdiag, vmsock_hcsdiag_provider_register)
