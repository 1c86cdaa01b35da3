/* vmsock-socket-private.h: what the library asks before making a VM socket,
 * and how it marks the ones it accepted
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether @family is a VM socket family that this system can make sockets
 * of; otherwise G_IO_ERROR_INVALID_ARGUMENT (not a VM socket family) or
 * G_IO_ERROR_NOT_SUPPORTED saying why. */
G_GNUC_INTERNAL
gboolean vmsock_socket_check_family (int       family,
                                     GError  **error);

/* Marks @socket, which accept() returned, connected.  It had a peer then,
 * so unlike vmsock_socket_mark_connected() this does not ask the system for
 * the peer's address (which GIO would then keep until the socket closes):
 * on every accepted connection, one system call and one object fewer. */
G_GNUC_INTERNAL
gboolean vmsock_socket_mark_accepted (GSocket  *socket,
                                      GError  **error);

G_END_DECLS
