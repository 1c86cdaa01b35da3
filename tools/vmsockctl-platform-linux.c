/* vmsockctl-platform-linux.c: the OS seam on Linux
 *
 * Moving a relay's data is in vmsockctl-copy-linux.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmsockctl.h"
#include "vmsockctl-platform.h"

gboolean
vmsockctl_platform_services_belong_to_system (void)
{
  return FALSE;
}

gboolean
vmsockctl_platform_is_terminal (int fd)
{
  return isatty (fd) == 1;
}

guint
vmsockctl_platform_terminal_width (int fd)
{
  struct winsize size = { 0 };

  if (ioctl (fd, TIOCGWINSZ, &size) < 0)
    return 0;
  return size.ws_col;
}

void
vmsockctl_platform_on_termination (GSourceFunc callback,
                                   gpointer    data)
{
  g_unix_signal_add (SIGINT, callback, data);
  g_unix_signal_add (SIGTERM, callback, data);
}

gboolean
vmsockctl_platform_bind (GSocket         *socket,
                         GSocketAddress  *address,
                         GError         **error)
{
  gssize size = g_socket_address_get_native_size (address);
  g_autofree struct sockaddr *native = NULL;
  int fd = g_socket_get_fd (socket);

  if (size < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This kind of address cannot be listened on"));
      return FALSE;
    }
  native = g_malloc0 (size);
  if (!g_socket_address_to_native (address, native, size, error))
    return FALSE;

  /* As GIO does: on Linux only the same user may then take the port. */
  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      int on = 1;

      setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    }

  if (bind (fd, native, size) < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
vmsockctl_platform_socket_file_id (const char      *path,
                                   VmsockctlFileId *id)
{
  struct stat status;

  if (lstat (path, &status) != 0 || !S_ISSOCK (status.st_mode))
    return FALSE;
  *id = (VmsockctlFileId) { status.st_dev, status.st_ino };
  return TRUE;
}

int
vmsockctl_platform_take_pipe (GObject  *stream,
                              GError  **error)
{
  gboolean input = G_IS_UNIX_INPUT_STREAM (stream);
  int fd = input ? g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stream))
                 : g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stream));
  int copy = fcntl (fd, F_DUPFD_CLOEXEC, 3);

  if (copy < 0)
    return vmsockctl_set_errno_error (error, errno, _("Could not set up the program's pipes")), -1;
  if (input)
    g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);
  else
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  return copy;
}

void
vmsockctl_platform_set_blocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags >= 0 && (flags & O_NONBLOCK))
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
}
