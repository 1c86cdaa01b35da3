/* vmsock-socket-private.h: what the library asks before making a VM socket
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

G_END_DECLS
