/* vmsock-vm-connectable.h: reaching a VM by its name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-discovery.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_VM_CONNECTABLE (vmsock_vm_connectable_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVmConnectable, vmsock_vm_connectable, VMSOCK, VM_CONNECTABLE, GObject)

VMSOCK_AVAILABLE_IN_0_1
GSocketConnectable *vmsock_vm_connectable_new (VmsockDiscovery *discovery,
                                               const char      *vm,
                                               guint32          port);

VMSOCK_AVAILABLE_IN_0_1
GSocketConnectable *vmsock_vm_connectable_parse (const char       *text,
                                                 VmsockDiscovery  *discovery,
                                                 GError          **error);

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_vm_connectable_get_vm (VmsockVmConnectable *connectable);
VMSOCK_AVAILABLE_IN_0_1
guint32 vmsock_vm_connectable_get_port (VmsockVmConnectable *connectable);

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_vm_connectable_resolve (VmsockVmConnectable  *connectable,
                                               VmsockVmListing      *listing,
                                               GError              **error);

G_END_DECLS
