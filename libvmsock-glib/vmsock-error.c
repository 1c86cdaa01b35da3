/* vmsock-error.c: the library's own error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-error.h"

G_DEFINE_QUARK (vmsock-error-quark, vmsock_error)
