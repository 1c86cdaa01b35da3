/* vmsockctl-platform-linux.c: the OS seam on Linux
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* splice(), pipe2(), F_SETPIPE_SZ and F_GETPIPE_SZ. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmsockctl.h"
#include "vmsockctl-platform.h"

/* How much one system call moves at most; also the size of each direction's
 * pipe, kernel memory that many connections at once add up. */
#define CHUNK_SIZE (256 * 1024)

/* Whether to say that pipes stay smaller than CHUNK_SIZE. */
static gboolean verbose_relay;

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
vmsockctl_platform_prepare_relay (gboolean verbose)
{
  struct rlimit limit;

  verbose_relay = verbose;
  signal (SIGPIPE, SIG_IGN);
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
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

/* Whether @saved_errno means the other side is gone, which ends a copy. */
static gboolean
is_hang_up (int saved_errno)
{
  return saved_errno == EPIPE || saved_errno == ECONNRESET || saved_errno == ENOTCONN ||
         saved_errno == ESHUTDOWN;
}

/* Waits until @fd can take data, for descriptors that do not wait. */
static void
wait_writable (int fd)
{
  struct pollfd pfd = { fd, POLLOUT, 0 };

  poll (&pfd, 1, -1);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           gboolean    *hung_up,
           GError     **error)
{
  while (length > 0)
    {
      ssize_t written = write (fd, data, length);

      if (written < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN)
            {
              wait_writable (fd);
              continue;
            }
          if (is_hang_up (saved_errno))
            return *hung_up = TRUE;
          return vmsockctl_set_errno_error (error, saved_errno, _("Could not send data"));
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

/* Moves @length bytes out of @pipe_fd into @out_fd. */
static gboolean
drain_pipe (int          pipe_fd,
            int          out_fd,
            gsize        length,
            gboolean    *hung_up,
            GError     **error)
{
  while (length > 0)
    {
      ssize_t moved = splice (pipe_fd, NULL, out_fd, NULL, length, SPLICE_F_MOVE);

      if (moved < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          if (saved_errno == EAGAIN)
            {
              wait_writable (out_fd);
              continue;
            }
          if (is_hang_up (saved_errno))
            return *hung_up = TRUE;
          if (saved_errno == EINVAL)
            {
              /* @out_fd takes no splice: copy what the pipe holds. */
              g_autofree char *buffer = g_malloc (length);
              ssize_t n = read (pipe_fd, buffer, length);

              if (n < 0)
                return vmsockctl_set_errno_error (error, errno, _("Could not send data"));
              if (!write_all (out_fd, buffer, n, hung_up, error) || *hung_up)
                return !*hung_up ? FALSE : TRUE;
              length -= n;
              continue;
            }
          return vmsockctl_set_errno_error (error, saved_errno, _("Could not send data"));
        }
      length -= moved;
    }
  return TRUE;
}

/* Asks for a pipe of CHUNK_SIZE and returns the size it has: the kernel
 * refuses more than fs.pipe-max-size to an unprivileged user, and anything
 * larger once the user's pipes hold fs.pipe-user-pages-soft, when new pipes
 * have just two pages.  Said once, when verbose. */
static gsize
grow_pipe (int pipe_fd)
{
  static gsize reported = 0;
  int saved_errno;
  int size;

  size = fcntl (pipe_fd, F_SETPIPE_SZ, CHUNK_SIZE);
  if (size >= 0)
    return MIN (size, CHUNK_SIZE);
  saved_errno = errno;
  size = fcntl (pipe_fd, F_GETPIPE_SZ);
  if (size <= 0)
    size = PIPE_BUF;

  if (verbose_relay && g_once_init_enter (&reported))
    {
      g_autofree char *wanted = g_format_size_full (CHUNK_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *got = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      vmsockctl_print_error (_("Pipes could not grow to %s (%s): data moves %s at a time"),
                             wanted, g_strerror (saved_errno), got);
      g_once_init_leave (&reported, 1);
    }
  return size;
}

gboolean
vmsockctl_platform_copy (VmsockctlEndpoint   in,
                         VmsockctlEndpoint   out,
                         gint               *activity,
                         GError            **error)
{
  /* splice(), read() and write() take sockets and files alike. */
  int in_fd = in.fd;
  int out_fd = out.fd;
  int pipe_fds[2] = { -1, -1 };
  gsize pipe_size = 0;
  gboolean use_splice;
  g_autofree char *buffer = NULL;
  gboolean hung_up = FALSE;
  gboolean ok = TRUE;

  use_splice = pipe2 (pipe_fds, O_CLOEXEC) == 0;
  if (use_splice)
    pipe_size = grow_pipe (pipe_fds[1]);

  while (ok && !hung_up)
    {
      struct pollfd fds[2] = { { in_fd, POLLIN, 0 }, { out_fd, 0, 0 } };
      ssize_t n;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          ok = vmsockctl_set_errno_error (error, errno, "poll");
          break;
        }
      /* The reader of @out_fd went away: nothing more can be sent. */
      if (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL))
        break;
      if (fds[0].revents == 0)
        continue;

      if (use_splice)
        {
          n = splice (in_fd, NULL, pipe_fds[1], NULL, pipe_size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n < 0 && errno == EINVAL)
            {
              /* @in_fd gives no splice (a terminal, say): copy by hand. */
              use_splice = FALSE;
              continue;
            }
        }
      else
        {
          if (buffer == NULL)
            buffer = g_malloc (CHUNK_SIZE);
          n = read (in_fd, buffer, CHUNK_SIZE);
        }

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR || saved_errno == EAGAIN)
            continue;
          if (is_hang_up (saved_errno))
            break;
          ok = vmsockctl_set_errno_error (error, saved_errno, _("Could not receive data"));
          break;
        }
      if (n == 0)
        break;

      g_atomic_int_inc (activity);
      ok = use_splice ? drain_pipe (pipe_fds[0], out_fd, n, &hung_up, error)
                      : write_all (out_fd, buffer, n, &hung_up, error);
    }

  if (pipe_fds[0] >= 0)
    {
      close (pipe_fds[0]);
      close (pipe_fds[1]);
    }
  return ok;
}

void
vmsockctl_platform_end_writing (VmsockctlEndpoint out)
{
  if (out.is_socket)
    shutdown (out.fd, SHUT_WR);
  else
    close (out.fd);
}

void
vmsockctl_platform_shutdown (int fd)
{
  shutdown (fd, SHUT_RDWR);
}
