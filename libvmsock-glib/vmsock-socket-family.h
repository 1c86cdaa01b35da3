/* vmsock-socket-family.h: the VM socket families and GIO's view of them
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
 * VMSOCK_SOCKET_FAMILY_VSOCK:
 *
 * `AF_VSOCK`, the Linux VM socket family, as a #GSocketFamily value.
 * GIO's own enumeration does not list it; bindings use this constant instead.
 *
 * Since: 0.1
 */
#define VMSOCK_SOCKET_FAMILY_VSOCK 40

/**
 * VMSOCK_SOCKET_FAMILY_HYPERV:
 *
 * `AF_HYPERV`, the Windows Hyper-V socket family, as a #GSocketFamily value.
 *
 * Since: 0.1
 */
#define VMSOCK_SOCKET_FAMILY_HYPERV 34

/**
 * VMSOCK_SOCKET_PROTOCOL_HV_RAW:
 *
 * `HV_PROTOCOL_RAW`, the protocol of Hyper-V sockets, as a #GSocketProtocol
 * value.  On Windows the library registers it with GIO beside
 * %VMSOCK_SOCKET_FAMILY_HYPERV, so g_socket_new() takes it.
 *
 * Since: 0.1
 */
#define VMSOCK_SOCKET_PROTOCOL_HV_RAW 1

VMSOCK_AVAILABLE_IN_0_1
void vmsock_socket_family_register (void);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_family_is_available (GSocketFamily family);
VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_socket_family_to_string (GSocketFamily family);

G_END_DECLS
