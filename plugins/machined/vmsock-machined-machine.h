/* vmsock-machined-machine.h: what systemd-machined says about one machine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* The provider's name, which its VMs carry. */
#define VMSOCK_MACHINED_PROVIDER_NAME "machined"

/* Reads the properties of an org.freedesktop.machine1.Machine, the a{sv} of
 * its GetAll reply, into @vm: a new VmsockVm for a machine of class "vm",
 * NULL for any other machine (a container).  A machine without a Name is
 * VMSOCK_ERROR_INVALID_DATA. */
gboolean vmsock_machined_machine_read (GVariant   *properties,
                                       VmsockVm  **vm,
                                       GError    **error);

G_END_DECLS
