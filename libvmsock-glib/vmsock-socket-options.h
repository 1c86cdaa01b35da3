/* vmsock-socket-options.h: options of VM sockets
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
 * VmsockSocketOption:
 * @VMSOCK_SOCKET_OPTION_BUFFER_SIZE: AF_VSOCK: the stream buffer size in
 *   bytes (`SO_VM_SOCKETS_BUFFER_SIZE`)
 * @VMSOCK_SOCKET_OPTION_BUFFER_MIN_SIZE: AF_VSOCK: its lower bound
 *   (`SO_VM_SOCKETS_BUFFER_MIN_SIZE`)
 * @VMSOCK_SOCKET_OPTION_BUFFER_MAX_SIZE: AF_VSOCK: its upper bound
 *   (`SO_VM_SOCKETS_BUFFER_MAX_SIZE`)
 * @VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT: both families: how long the kernel
 *   waits for a connection to be accepted, in milliseconds
 *   (`SO_VM_SOCKETS_CONNECT_TIMEOUT`, `HVSOCKET_CONNECT_TIMEOUT`); Linux
 *   rounds it to its clock tick
 * @VMSOCK_SOCKET_OPTION_PEER_HOST_VM_ID: AF_VSOCK: the host-specific VM ID of
 *   the peer (`SO_VM_SOCKETS_PEER_HOST_VM_ID`; VMware's VMCI transport only)
 * @VMSOCK_SOCKET_OPTION_TRUSTED: AF_VSOCK: whether the socket is trusted
 *   (`SO_VM_SOCKETS_TRUSTED`; VMware's VMCI transport only)
 * @VMSOCK_SOCKET_OPTION_CONTAINER_PASSTHRU: AF_HYPERV: pass connections
 *   through a container (`HVSOCKET_CONTAINER_PASSTHRU`, 0 or 1)
 * @VMSOCK_SOCKET_OPTION_CONNECTED_SUSPEND: AF_HYPERV: keep the connection
 *   while the VM is paused (`HVSOCKET_CONNECTED_SUSPEND`, 0 or 1)
 * @VMSOCK_SOCKET_OPTION_HIGH_VTL: AF_HYPERV: connect to the guest's
 *   management VTL (`HVSOCKET_HIGH_VTL`, 0 or 1)
 *
 * The options of VM sockets, read and written as unsigned 64-bit numbers with
 * [func@Vmsock.socket_get_option] and [func@Vmsock.socket_set_option].
 *
 * Since: 0.1
 */
typedef enum
{
  VMSOCK_SOCKET_OPTION_BUFFER_SIZE,
  VMSOCK_SOCKET_OPTION_BUFFER_MIN_SIZE,
  VMSOCK_SOCKET_OPTION_BUFFER_MAX_SIZE,
  VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT,
  VMSOCK_SOCKET_OPTION_PEER_HOST_VM_ID,
  VMSOCK_SOCKET_OPTION_TRUSTED,
  VMSOCK_SOCKET_OPTION_CONTAINER_PASSTHRU,
  VMSOCK_SOCKET_OPTION_CONNECTED_SUSPEND,
  VMSOCK_SOCKET_OPTION_HIGH_VTL,
} VmsockSocketOption;

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_get_option (GSocket             *socket,
                                   VmsockSocketOption   option,
                                   guint64             *value,
                                   GError             **error);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_set_option (GSocket             *socket,
                                   VmsockSocketOption   option,
                                   guint64              value,
                                   GError             **error);

G_END_DECLS
