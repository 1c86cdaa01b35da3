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

/* The machine's configuration folder (/etc on Linux). */
G_GNUC_INTERNAL
const char *vmsock_platform_get_system_config_dir (void);

/* Where a Windows host keeps the services its VMs may connect to. */
#define VMSOCK_PLATFORM_GUEST_SERVICES_KEY \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices"

/* Writes the guest service @guid with ElementName @name, or removes it when
 * @name is NULL; G_IO_ERROR_NOT_SUPPORTED where there is no such registry. */
G_GNUC_INTERNAL
gboolean vmsock_platform_set_guest_service (const char  *guid,
                                            const char  *name,
                                            GError     **error);

/* An exclusive lock on a file, held until it is released; it serialises
 * processes, not the threads of one. */
typedef struct _VmsockPlatformLock VmsockPlatformLock;

/* Creates @path if needed and waits until this process holds its lock. */
G_GNUC_INTERNAL
VmsockPlatformLock *vmsock_platform_lock_file (const char  *path,
                                               GError     **error);
G_GNUC_INTERNAL
void vmsock_platform_unlock_file (VmsockPlatformLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockPlatformLock, vmsock_platform_unlock_file)

/* Makes the processes that @launcher starts lead a process group of their
 * own, so that vmsock_platform_kill_process_tree() reaches what they start. */
G_GNUC_INTERNAL
void vmsock_platform_isolate_process (GSubprocessLauncher *launcher);

/* Kills @process and whatever it started, at once. */
G_GNUC_INTERNAL
void vmsock_platform_kill_process_tree (GSubprocess *process);

/* Makes standard output carry bytes as they are, with no newline
 * translation (Windows' text mode). */
G_GNUC_INTERNAL
void vmsock_platform_set_stdout_binary (void);

G_END_DECLS
