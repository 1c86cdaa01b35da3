/* vmsock-socket-service.h: A GSocketService for VM sockets
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

#define VMSOCK_TYPE_SOCKET_SERVICE (vmsock_socket_service_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockSocketService, vmsock_socket_service, VMSOCK, SOCKET_SERVICE, GSocketService)

VMSOCK_AVAILABLE_IN_0_1
GSocketService *vmsock_socket_service_new (void);

G_END_DECLS
