/* vmsock-platform-private.h: the one seam between the library and the OS
 *
 * Every system call the library makes that differs between Linux and Windows
 * goes through these functions; vmsock-platform-linux.c and
 * vmsock-platform-windows.c implement them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether the OS can create sockets of @family (a VMSOCK_SOCKET_FAMILY_*). */
G_GNUC_INTERNAL
gboolean vmsock_platform_has_family (int family);

/* The socket protocol to create sockets of @family with. */
G_GNUC_INTERNAL
int vmsock_platform_socket_protocol (int family);

/* The family of the socket @fd, from getsockname(). */
G_GNUC_INTERNAL
gboolean vmsock_platform_get_fd_family (gint     fd,
                                        int     *family,
                                        GError **error);

G_GNUC_INTERNAL
gboolean vmsock_platform_getsockopt (GSocket   *socket,
                                     int        level,
                                     int        name,
                                     gpointer   value,
                                     gsize     *size,
                                     GError   **error);
G_GNUC_INTERNAL
gboolean vmsock_platform_setsockopt (GSocket        *socket,
                                     int             level,
                                     int             name,
                                     gconstpointer   value,
                                     gsize           size,
                                     GError        **error);

/* The vsock connect timeout, whose layout follows the C library's time types. */
G_GNUC_INTERNAL
gboolean vmsock_platform_get_vsock_connect_timeout (GSocket  *socket,
                                                    guint64  *usec,
                                                    GError  **error);
G_GNUC_INTERNAL
gboolean vmsock_platform_set_vsock_connect_timeout (GSocket  *socket,
                                                    guint64   usec,
                                                    GError  **error);

/* Whether this process runs with privileges its caller does not have
 * (setuid, setgid, file capabilities): then it must ignore the environment. */
G_GNUC_INTERNAL
gboolean vmsock_platform_is_setuid (void);

G_GNUC_INTERNAL
gboolean vmsock_platform_get_local_cid (guint32  *cid,
                                        GError  **error);

G_END_DECLS
