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

/* Whether sockets of @family can be made on this system, and if not, why
 * (G_IO_ERROR_NOT_SUPPORTED).  AF_VSOCK is never probed. */
G_GNUC_INTERNAL
gboolean vmsock_platform_check_family (int      family,
                                       GError **error);

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

/* What the installation keeps where. */
typedef enum
{
  VMSOCK_PLATFORM_PLUGIN_DIR,
  VMSOCK_PLATFORM_PLUGIN_HOST,
  VMSOCK_PLATFORM_LOCALE_DIR,
} VmsockPlatformInstalledPath;

/* The path of @what in this installation: the one fixed at build time on
 * Linux; on Windows the same path below the folder the library's DLL was
 * installed to, so that an installation can move. */
G_GNUC_INTERNAL
const char *vmsock_platform_get_installed_path (VmsockPlatformInstalledPath what);

/* What this system is, as plugin metadata names platforms: "linux",
 * "wsl" (Linux under Windows, which can run Windows programs) or
 * "windows". */
G_GNUC_INTERNAL
const char *vmsock_platform_get_kind (void);

/* Whether systemd manages this machine. */
G_GNUC_INTERNAL
gboolean vmsock_platform_runs_systemd (void);

/* Fails unless @path, a plugin's file or folder, can be trusted to hold only
 * what its owner put there: not writable by other users, owned by root or
 * by the user running the process, as ssh's StrictModes demands. */
G_GNUC_INTERNAL
gboolean vmsock_platform_check_plugin_path (const char  *path,
                                            GError     **error);

/* The machine's configuration folder (/etc on Linux). */
G_GNUC_INTERNAL
const char *vmsock_platform_get_system_config_dir (void);

/* Where a Windows host keeps the services its VMs may connect to. */
#define VMSOCK_PLATFORM_GUEST_SERVICES_KEY \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices"

/* Whether this machine has Hyper-V's list of guest services (Windows). */
G_GNUC_INTERNAL
gboolean vmsock_platform_has_guest_services (void);

/* The guest services in that list, as VmsockService sorted by name;
 * G_IO_ERROR_NOT_SUPPORTED where there is no such list. */
G_GNUC_INTERNAL
GPtrArray *vmsock_platform_list_guest_services (GError **error);

/* Writes the guest service @guid with ElementName @name, or removes it when
 * @name is NULL; G_IO_ERROR_NOT_SUPPORTED where there is no such registry. */
G_GNUC_INTERNAL
gboolean vmsock_platform_set_guest_service (const char  *guid,
                                            const char  *name,
                                            GError     **error);

/* Opens the regular file @path to read it: a file descriptor to read with
 * vmsock_platform_read() and close with g_close(), or -1.  Anything else is
 * refused before it is opened, and again on what was opened without
 * blocking: a FIFO or a device in its place fails at once with
 * G_IO_ERROR_NOT_REGULAR_FILE instead of stalling or flooding the caller.  A
 * missing file fails with G_IO_ERROR_NOT_FOUND.  Messages leave out @path. */
G_GNUC_INTERNAL
int vmsock_platform_open_regular_file (const char  *path,
                                       GError     **error);

/* Reads at most @size bytes from @fd into @buffer: how many it read, 0 at
 * the end of the file, or -1 with @error set (its message leaves out what
 * was read). */
G_GNUC_INTERNAL
gssize vmsock_platform_read (int      fd,
                             void    *buffer,
                             gsize    size,
                             GError **error);

/* An exclusive lock on a file, held until it is released; it serialises
 * processes, not the threads of one. */
typedef struct _VmsockPlatformLock VmsockPlatformLock;

/* Creates @path if needed and waits until this process holds its lock.  It
 * never follows a symbolic link there nor creates one's target, and refuses
 * anything but a regular file. */
G_GNUC_INTERNAL
VmsockPlatformLock *vmsock_platform_lock_file (const char  *path,
                                               GError     **error);
G_GNUC_INTERNAL
void vmsock_platform_unlock_file (VmsockPlatformLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockPlatformLock, vmsock_platform_unlock_file)

/* Starts @argv with @launcher (whose child setup function it replaces) as a
 * process that vmsock_platform_kill_process_tree() can kill together with
 * whatever it starts, and that dies with this process.
 *
 * On Linux the process leads a process group of its own and gets SIGTERM
 * when the thread that started it ends (the kernel ties that signal to the
 * thread, so start it from a thread that waits for it); a program that
 * calls vmsock_platform_end_tree_with_caller() then kills its whole group.
 * On Windows the process is put in a job object, held with @process and
 * not inherited, that kills every process in the job when it is closed:
 * when this process ends, or when @process is finalized, which kills what
 * the process left behind. */
G_GNUC_INTERNAL
GSubprocess *vmsock_platform_spawn_isolated (GSubprocessLauncher  *launcher,
                                             const char * const   *argv,
                                             GError              **error);

/* For a program that vmsock_platform_spawn_isolated() started (the plugin
 * host): when its caller ends, whatever the program started ends with it,
 * not only the program itself.  On Windows the job object does this. */
G_GNUC_INTERNAL
void vmsock_platform_end_tree_with_caller (void);

/* For that program: ends whatever it started, and itself, now: on Linux
 * its process group, when it leads one; on Windows nothing, as its caller
 * closing the job object does it. */
G_GNUC_INTERNAL
void vmsock_platform_end_tree (void);

/* Kills @process, started by vmsock_platform_spawn_isolated(), and whatever
 * it started, at once: its process group on Linux, its job on Windows. */
G_GNUC_INTERNAL
void vmsock_platform_kill_process_tree (GSubprocess *process);

/* For the plugin host: its standard input and output as one stream, which
 * processes it starts do not inherit; from then on standard output leads to
 * standard error and standard input reads nothing, in this process and in
 * those it starts, so that what a plugin prints cannot mix with the
 * stream. */
G_GNUC_INTERNAL
GIOStream *vmsock_platform_take_standard_streams (GError **error);

G_END_DECLS
