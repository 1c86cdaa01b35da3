/* vmsock-threaded-socket-service.h: A GThreadedSocketService for VM sockets
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

#define VMSOCK_TYPE_THREADED_SOCKET_SERVICE (vmsock_threaded_socket_service_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockThreadedSocketService, vmsock_threaded_socket_service, VMSOCK, THREADED_SOCKET_SERVICE, GThreadedSocketService)

VMSOCK_AVAILABLE_IN_0_1
GSocketService *vmsock_threaded_socket_service_new (int max_threads);

G_END_DECLS
