/* vmsock-platform-linux.c: the OS seam on Linux
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "vmsock-error-private.h"
#include "vmsock-file-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"

/* Values from the kernel's ABI (include/uapi/linux/vm_sockets.h), spelt out
 * so that the build does not depend on how new the installed headers are. */
#define VSOCK_OPTION_CONNECT_TIMEOUT_OLD 6
#define VSOCK_OPTION_CONNECT_TIMEOUT_NEW 8
#define VSOCK_IOCTL_GET_LOCAL_CID 0x7b9
#define VSOCK_DEVICE "/dev/vsock"

/* SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW takes a 64-bit timeval whatever the ABI. */
struct vsock_timeval64
{
  gint64 tv_sec;
  gint64 tv_usec;
};

/* SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD takes the native `struct timeval`. */
struct vsock_timeval_old
{
  long tv_sec;
  long tv_usec;
};

static gboolean
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *what)
{
  /* The vsock core answers options that the transport lacks with ENOPROTOOPT. */
  GIOErrorEnum code = saved_errno == ENOPROTOOPT ? G_IO_ERROR_NOT_SUPPORTED
                                                 : g_io_error_from_errno (saved_errno);

  g_set_error (error, G_IO_ERROR, code, "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

gboolean
vmsock_platform_has_family (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_VSOCK;
}

gboolean
vmsock_platform_check_family (int      family,
                              GError **error)
{
  /* Never probed: an AF_VSOCK socket is opened only to be used. */
  if (family == VMSOCK_SOCKET_FAMILY_VSOCK)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Hyper-V sockets (AF_HYPERV) exist only on Windows; from Linux, "
                         "reach a Hyper-V host or guest over AF_VSOCK"));
  return FALSE;
}

int
vmsock_platform_socket_protocol (int family)
{
  return 0;
}

gboolean
vmsock_platform_get_fd_family (gint     fd,
                               int     *family,
                               GError **error)
{
  struct sockaddr_storage address = { 0 };
  socklen_t length = sizeof address;

  if (getsockname (fd, (struct sockaddr *) &address, &length) < 0)
    return set_error_from_errno (error, errno, _("Not a usable socket"));
  *family = address.ss_family;
  return TRUE;
}

gboolean
vmsock_platform_getsockopt (GSocket   *socket,
                            int        level,
                            int        name,
                            gpointer   value,
                            gsize     *size,
                            GError   **error)
{
  socklen_t length = *size;

  if (getsockopt (g_socket_get_fd (socket), level, name, value, &length) < 0)
    return set_error_from_errno (error, errno, _("Could not read the socket option"));
  *size = length;
  return TRUE;
}

gboolean
vmsock_platform_setsockopt (GSocket        *socket,
                            int             level,
                            int             name,
                            gconstpointer   value,
                            gsize           size,
                            GError        **error)
{
  if (setsockopt (g_socket_get_fd (socket), level, name, value, size) < 0)
    return set_error_from_errno (error, errno, _("Could not set the socket option"));
  return TRUE;
}

/* Kernels before 5.1 know only the old option; newer ones know both. */
gboolean
vmsock_platform_get_vsock_connect_timeout (GSocket  *socket,
                                           guint64  *usec,
                                           GError  **error)
{
  struct vsock_timeval64 tv64 = { 0 };
  struct vsock_timeval_old tv_old = { 0 };
  socklen_t length = sizeof tv64;

  if (getsockopt (g_socket_get_fd (socket), VMSOCK_SOCKET_FAMILY_VSOCK,
                  VSOCK_OPTION_CONNECT_TIMEOUT_NEW, &tv64, &length) == 0)
    {
      *usec = (guint64) tv64.tv_sec * G_USEC_PER_SEC + (guint64) tv64.tv_usec;
      return TRUE;
    }
  if (errno != ENOPROTOOPT)
    return set_error_from_errno (error, errno, _("Could not read the connect timeout"));

  length = sizeof tv_old;
  if (getsockopt (g_socket_get_fd (socket), VMSOCK_SOCKET_FAMILY_VSOCK,
                  VSOCK_OPTION_CONNECT_TIMEOUT_OLD, &tv_old, &length) < 0)
    return set_error_from_errno (error, errno, _("Could not read the connect timeout"));
  *usec = (guint64) tv_old.tv_sec * G_USEC_PER_SEC + (guint64) tv_old.tv_usec;
  return TRUE;
}

gboolean
vmsock_platform_set_vsock_connect_timeout (GSocket  *socket,
                                           guint64   usec,
                                           GError  **error)
{
  struct vsock_timeval64 tv64 = {
    .tv_sec = usec / G_USEC_PER_SEC,
    .tv_usec = usec % G_USEC_PER_SEC,
  };
  struct vsock_timeval_old tv_old = {
    .tv_sec = MIN (usec / G_USEC_PER_SEC, (guint64) G_MAXLONG),
    .tv_usec = usec % G_USEC_PER_SEC,
  };

  if (setsockopt (g_socket_get_fd (socket), VMSOCK_SOCKET_FAMILY_VSOCK,
                  VSOCK_OPTION_CONNECT_TIMEOUT_NEW, &tv64, sizeof tv64) == 0)
    return TRUE;
  if (errno != ENOPROTOOPT)
    return set_error_from_errno (error, errno, _("Could not set the connect timeout"));

  if (setsockopt (g_socket_get_fd (socket), VMSOCK_SOCKET_FAMILY_VSOCK,
                  VSOCK_OPTION_CONNECT_TIMEOUT_OLD, &tv_old, sizeof tv_old) < 0)
    return set_error_from_errno (error, errno, _("Could not set the connect timeout"));
  return TRUE;
}

gboolean
vmsock_platform_is_setuid (void)
{
  /* AT_SECURE covers setuid, setgid and file capabilities alike. */
  return getauxval (AT_SECURE) != 0 || getuid () != geteuid () || getgid () != getegid ();
}

gboolean
vmsock_platform_get_local_cid (guint32  *cid,
                               GError  **error)
{
  unsigned int value = 0;
  int saved_errno;
  int fd;

  fd = open (VSOCK_DEVICE, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ENOENT || saved_errno == ENODEV || saved_errno == ENXIO)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No vsock device (%s): the vsock kernel module is not loaded"),
                       VSOCK_DEVICE);
          return FALSE;
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open %s: %s"), VSOCK_DEVICE, g_strerror (saved_errno));
      return FALSE;
    }

  if (ioctl (fd, VSOCK_IOCTL_GET_LOCAL_CID, &value) < 0)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the local CID from %s: %s"),
                   VSOCK_DEVICE, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  *cid = value;
  return TRUE;
}

static void
set_no_guest_services (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Only a Windows host keeps a registry of guest services; "
                         "export a .reg file and import it there"));
}

gboolean
vmsock_platform_has_guest_services (void)
{
  return FALSE;
}

GPtrArray *
vmsock_platform_list_guest_services (GError **error)
{
  set_no_guest_services (error);
  return NULL;
}

gboolean
vmsock_platform_set_guest_service (const char  *guid,
                                   const char  *name,
                                   GError     **error)
{
  set_no_guest_services (error);
  return FALSE;
}

struct _VmsockPlatformLock
{
  int fd;
};

int
vmsock_platform_open_regular_file (const char  *path,
                                   GError     **error)
{
  struct stat status;
  int fd;

  /* Opening a device can do something of itself: look first. */
  if (stat (path, &status) < 0)
    return vmsock_file_error_from_errno (error, errno);
  if (!S_ISREG (status.st_mode))
    return vmsock_file_error_not_regular (error);

  /* What is there now may not be what stat() saw. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return vmsock_file_error_from_errno (error, errno);
  if (fstat (fd, &status) < 0 || !S_ISREG (status.st_mode))
    {
      close (fd);
      return vmsock_file_error_not_regular (error);
    }
  return fd;
}

gssize
vmsock_platform_read (int      fd,
                      void    *buffer,
                      gsize    size,
                      GError **error)
{
  gssize n;

  do
    n = read (fd, buffer, size);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return vmsock_file_error_from_errno (error, errno);
  return n;
}

VmsockPlatformLock *
vmsock_platform_lock_file (const char  *path,
                           GError     **error)
{
  g_autofree char *quoted = vmsock_printable_quote (path, -1);
  VmsockPlatformLock *lock;
  struct stat status;
  int saved_errno;
  int fd;

  /* Not through a symbolic link, which would create its target, and without
   * blocking on a FIFO. */
  fd = open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ELOOP)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                     _("Could not open the lock file %s: it is a symbolic link"), quoted);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not open the lock file %s: %s"), quoted, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &status) < 0 || !S_ISREG (status.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Could not open the lock file %s: it is not a regular file"), quoted);
      return NULL;
    }

  while (flock (fd, LOCK_EX) < 0)
    {
      saved_errno = errno;
      if (saved_errno == EINTR)
        continue;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not lock %s: %s"), quoted, g_strerror (saved_errno));
      return NULL;
    }

  lock = g_new (VmsockPlatformLock, 1);
  lock->fd = fd;
  return lock;
}

void
vmsock_platform_unlock_file (VmsockPlatformLock *lock)
{
  /* Closing the only descriptor releases the lock. */
  close (lock->fd);
  g_free (lock);
}

const char *
vmsock_platform_get_installed_path (VmsockPlatformInstalledPath what)
{
  switch (what)
    {
    case VMSOCK_PLATFORM_PLUGIN_DIR:
      return VMSOCK_PLUGIN_DIR;
    case VMSOCK_PLATFORM_PLUGIN_HOST:
      return VMSOCK_PLUGIN_HOST_PATH;
    case VMSOCK_PLATFORM_LOCALE_DIR:
      return LOCALEDIR;
    }
  g_return_val_if_reached (NULL);
}

const char *
vmsock_platform_get_kind (void)
{
  static gsize kind = 0;

  if (g_once_init_enter (&kind))
    {
      struct utsname system;
      g_autofree char *release = NULL;

      /* WSL's kernels call themselves "…-microsoft-standard-WSL2". */
      if (uname (&system) == 0)
        release = g_ascii_strdown (system.release, -1);
      g_once_init_leave (&kind, (gsize) (release != NULL && strstr (release, "microsoft") != NULL
                                         ? "wsl" : "linux"));
    }
  return (const char *) kind;
}

gboolean
vmsock_platform_runs_systemd (void)
{
  /* As sd_booted() decides. */
  return g_file_test ("/run/systemd/system", G_FILE_TEST_IS_DIR);
}

gboolean
vmsock_platform_check_plugin_path (const char  *path,
                                   GError     **error)
{
  struct stat status;
  int saved_errno;

  if (stat (path, &status) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not check %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s is writable by other users (mode %04o), so no plugin is taken from it"),
                   path, (guint) (status.st_mode & 07777));
      return FALSE;
    }
  if (status.st_uid != 0 && status.st_uid != geteuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s belongs to another user (uid %u), so no plugin is taken from it"),
                   path, (guint) status.st_uid);
      return FALSE;
    }
  return TRUE;
}

const char *
vmsock_platform_get_system_config_dir (void)
{
  return SYSCONFDIR;
}

/* What a process started by vmsock_platform_spawn_isolated() gets when its
 * caller ends: it ends a program, and the plugin host turns it into the end
 * of its whole process group. */
#define CALLER_ENDED_SIGNAL SIGTERM

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
set_up_isolated_child (gpointer data)
{
  pid_t caller = (pid_t) GPOINTER_TO_INT (data);

  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, CALLER_ENDED_SIGNAL);
  /* The caller may have ended before the line above. */
  if (getppid () != caller)
    raise (SIGKILL);
}

GSubprocess *
vmsock_platform_spawn_isolated (GSubprocessLauncher  *launcher,
                                const char * const   *argv,
                                GError              **error)
{
  g_subprocess_launcher_set_child_setup (launcher, set_up_isolated_child,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static void
kill_own_process_group (int signal_number)
{
  kill (0, SIGKILL);
}

void
vmsock_platform_end_tree_with_caller (void)
{
  struct sigaction action = { .sa_handler = kill_own_process_group };

  /* Only a group of its own, as vmsock_platform_spawn_isolated() makes it:
   * killing a group shared with others would kill them too. */
  if (getpgrp () != getpid ())
    return;
  sigemptyset (&action.sa_mask);
  sigaction (CALLER_ENDED_SIGNAL, &action, NULL);
}

void
vmsock_platform_end_tree (void)
{
  if (getpgrp () == getpid ())
    kill (0, SIGKILL);
}

void
vmsock_platform_kill_process_tree (GSubprocess *process)
{
  const char *identifier = g_subprocess_get_identifier (process);

  /* NULL once the process was reaped: nothing is left to kill. */
  if (identifier != NULL)
    kill (-(pid_t) g_ascii_strtoll (identifier, NULL, 10), SIGKILL);
}

static GIOStream *
fail_taking_streams (GError **error)
{
  int saved_errno = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not take over standard input and output: %s"), g_strerror (saved_errno));
  return NULL;
}

GIOStream *
vmsock_platform_take_standard_streams (GError **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  int input_fd, output_fd, null_fd;

  input_fd = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  if (input_fd < 0)
    return fail_taking_streams (error);
  input = g_unix_input_stream_new (input_fd, TRUE);
  output_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (output_fd < 0)
    return fail_taking_streams (error);
  output = g_unix_output_stream_new (output_fd, TRUE);

  fflush (stdout);
  null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0)
    return fail_taking_streams (error);
  if (dup2 (null_fd, STDIN_FILENO) < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      GIOStream *failed = fail_taking_streams (error);

      close (null_fd);
      return failed;
    }
  close (null_fd);
  return g_simple_io_stream_new (input, output);
}
