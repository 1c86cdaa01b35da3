/* vmsock-vsock-address.h: AF_VSOCK socket addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VMSOCK_VSOCK_CID_HYPERVISOR:
 *
 * The context ID of the hypervisor (`VMADDR_CID_HYPERVISOR`).
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_CID_HYPERVISOR ((guint32) 0)

/**
 * VMSOCK_VSOCK_CID_LOCAL:
 *
 * The context ID that loops back to the local machine (`VMADDR_CID_LOCAL`,
 * Linux 5.6 and later, needs the `vsock_loopback` transport).
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_CID_LOCAL ((guint32) 1)

/**
 * VMSOCK_VSOCK_CID_HOST:
 *
 * The context ID of the host, as seen from a guest (`VMADDR_CID_HOST`).
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_CID_HOST ((guint32) 2)

/**
 * VMSOCK_VSOCK_CID_ANY:
 *
 * The wildcard context ID (`VMADDR_CID_ANY`): bind to it to accept
 * connections whatever the local CID is.
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_CID_ANY ((guint32) 0xFFFFFFFF)

/**
 * VMSOCK_VSOCK_PORT_ANY:
 *
 * The wildcard port (`VMADDR_PORT_ANY`): bind to it to get a free port.
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_PORT_ANY ((guint32) 0xFFFFFFFF)

/**
 * VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE:
 *
 * The size of `struct sockaddr_vm`.
 *
 * Since: 0.1
 */
#define VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE 16

/**
 * VmsockVsockFlags:
 * @VMSOCK_VSOCK_FLAGS_NONE: no flags
 * @VMSOCK_VSOCK_FLAGS_TO_HOST: send to the host even when the destination CID
 *   is above %VMSOCK_VSOCK_CID_HOST (`VMADDR_FLAG_TO_HOST`, Linux 5.11 and
 *   later), for nested virtualization
 *
 * Flags of a vsock address (the `svm_flags` field).
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/
{
  VMSOCK_VSOCK_FLAGS_NONE = 0,
  VMSOCK_VSOCK_FLAGS_TO_HOST = 1 << 0,
} VmsockVsockFlags;

#define VMSOCK_TYPE_VSOCK_ADDRESS (vmsock_vsock_address_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVsockAddress, vmsock_vsock_address,
                      VMSOCK, VSOCK_ADDRESS, GSocketAddress)

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_vsock_address_new (guint32 cid,
                                          guint32 port);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_vsock_address_new_with_flags (guint32          cid,
                                                     guint32          port,
                                                     VmsockVsockFlags flags);

VMSOCK_AVAILABLE_IN_0_1
guint32 vmsock_vsock_address_get_cid (VmsockVsockAddress *address);
VMSOCK_AVAILABLE_IN_0_1
guint32 vmsock_vsock_address_get_port (VmsockVsockAddress *address);
VMSOCK_AVAILABLE_IN_0_1
VmsockVsockFlags vmsock_vsock_address_get_flags (VmsockVsockAddress *address);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_vsock_address_equal (VmsockVsockAddress *a,
                                     VmsockVsockAddress *b);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_vsock_address_hash (VmsockVsockAddress *address);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_vsock_get_local_cid (guint32  *cid,
                                     GError  **error);

G_END_DECLS
