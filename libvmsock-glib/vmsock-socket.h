/* vmsock-socket.h: VM sockets as GSockets
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

VMSOCK_AVAILABLE_IN_0_1
GSocket *vmsock_socket_new (GSocketFamily   family,
                            GSocketType     type,
                            GError        **error);
VMSOCK_AVAILABLE_IN_0_1
GSocket *vmsock_socket_new_from_fd (gint     fd,
                                    GError **error);

VMSOCK_AVAILABLE_IN_0_1
int vmsock_socket_get_family (GSocket *socket);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_mark_connected (GSocket  *socket,
                                       GError  **error);

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_get_local_address (GSocket  *socket,
                                                 GError  **error);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_get_remote_address (GSocket  *socket,
                                                  GError  **error);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_connection_get_local_address (GSocketConnection  *connection,
                                                            GError            **error);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_connection_get_remote_address (GSocketConnection  *connection,
                                                             GError            **error);

G_END_DECLS
