/* vmsock-hvsock-address.h: AF_HYPERV (Hyper-V socket) addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-guid.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE:
 *
 * The size of `SOCKADDR_HV`.
 *
 * Since: 0.1
 */
#define VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE 36

/**
 * VmsockHvsockVmId:
 * @VMSOCK_HVSOCK_VM_ID_WILDCARD: `HV_GUID_ZERO`: listen for connections from
 *   any partition
 * @VMSOCK_HVSOCK_VM_ID_BROADCAST: `HV_GUID_BROADCAST`
 * @VMSOCK_HVSOCK_VM_ID_CHILDREN: `HV_GUID_CHILDREN`: listen for connections
 *   from any child partition
 * @VMSOCK_HVSOCK_VM_ID_LOOPBACK: `HV_GUID_LOOPBACK`: the same partition
 * @VMSOCK_HVSOCK_VM_ID_PARENT: `HV_GUID_PARENT`: the parent partition, i.e.
 *   the host, as seen from a guest
 * @VMSOCK_HVSOCK_VM_ID_SILOHOST: `HV_GUID_SILOHOST`: the host of a silo
 *   (Windows Server container)
 *
 * The well-known VM IDs of Hyper-V sockets.  Their nicks (`parent`,
 * `loopback`, …) are the names the address grammar accepts.
 *
 * Since: 0.1
 */
typedef enum
{
  VMSOCK_HVSOCK_VM_ID_WILDCARD,
  VMSOCK_HVSOCK_VM_ID_BROADCAST,
  VMSOCK_HVSOCK_VM_ID_CHILDREN,
  VMSOCK_HVSOCK_VM_ID_LOOPBACK,
  VMSOCK_HVSOCK_VM_ID_PARENT,
  VMSOCK_HVSOCK_VM_ID_SILOHOST,
} VmsockHvsockVmId;

VMSOCK_AVAILABLE_IN_0_1
const VmsockGuid *vmsock_hvsock_vm_id_get_guid (VmsockHvsockVmId vm_id);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_hvsock_vm_id_from_guid (const VmsockGuid *guid,
                                        VmsockHvsockVmId *vm_id);

VMSOCK_AVAILABLE_IN_0_1
void vmsock_hvsock_service_id_for_vsock_port (guint32     port,
                                              VmsockGuid *service_id);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_hvsock_service_id_get_vsock_port (const VmsockGuid *service_id,
                                                  guint32          *port);

#define VMSOCK_TYPE_HVSOCK_ADDRESS (vmsock_hvsock_address_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockHvsockAddress, vmsock_hvsock_address,
                      VMSOCK, HVSOCK_ADDRESS, GSocketAddress)

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_hvsock_address_new (const VmsockGuid *vm_id,
                                           const VmsockGuid *service_id);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_hvsock_address_new_for_vsock_port (const VmsockGuid *vm_id,
                                                          guint32           port);

VMSOCK_AVAILABLE_IN_0_1
const VmsockGuid *vmsock_hvsock_address_get_vm_id (VmsockHvsockAddress *address);
VMSOCK_AVAILABLE_IN_0_1
const VmsockGuid *vmsock_hvsock_address_get_service_id (VmsockHvsockAddress *address);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_hvsock_address_get_vsock_port (VmsockHvsockAddress *address,
                                               guint32             *port);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_hvsock_address_equal (VmsockHvsockAddress *a,
                                      VmsockHvsockAddress *b);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_hvsock_address_hash (VmsockHvsockAddress *address);

G_END_DECLS
