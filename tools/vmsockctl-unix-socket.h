/* vmsockctl-unix-socket.h: Unix socket paths that fit, and socket files
 * that go away with the listener that made them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Unix socket address of @path, the part of the address @text after
 * "unix:".  G_OPTION_ERROR when @path does not fit in a socket address,
 * which would otherwise cut it short and use another path. */
GSocketAddress *vmsockctl_unix_socket_address_new (const char  *text,
                                                   const char  *path,
                                                   GError     **error);

/* Removes the socket file that a socket of @listener was just bound to at
 * @address once @listener is freed, if the file at that path is then still
 * that socket: never another file, nor a socket that another program made
 * there since. */
void vmsockctl_unix_socket_remove_with (GSocketListener *listener,
                                        GSocketAddress  *address);

G_END_DECLS
