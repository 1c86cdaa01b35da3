/* SPDX-License-Identifier: LGPL-2.1-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exits with a loud message unless this process runs inside the project's
 * QEMU test guest: AF_VSOCK on any other machine reaches a hypervisor that is
 * not ours. */
void vmsock_test_require_guest (const char *argv0);

G_END_DECLS
