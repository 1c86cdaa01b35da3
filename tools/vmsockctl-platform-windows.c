/* vmsockctl-platform-windows.c: the OS seam on Windows
 *
 * Sockets are SOCKET handles there (g_socket_get_fd() gives one), and
 * standard input and output are C runtime descriptors: each has its own
 * calls.  Nothing like splice(2) exists, so data goes through a buffer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <winsock2.h>
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <gio/gwin32inputstream.h>
#include <gio/gwin32outputstream.h>
#include <glib/gi18n-lib.h>
#include <io.h>

#include "libvmsock-glib/vmsock-wsa-error-private.h"
#include "vmsockctl.h"
#include "vmsockctl-platform.h"

#define CHUNK_SIZE (256 * 1024)

static GSourceFunc termination_callback;
static gpointer termination_data;

gboolean
vmsockctl_platform_services_belong_to_system (void)
{
  return TRUE;
}

gboolean
vmsockctl_platform_is_terminal (int fd)
{
  return _isatty (fd) != 0;
}

guint
vmsockctl_platform_terminal_width (int fd)
{
  CONSOLE_SCREEN_BUFFER_INFO info;
  HANDLE handle = (HANDLE) _get_osfhandle (fd);

  if (handle == INVALID_HANDLE_VALUE || !GetConsoleScreenBufferInfo (handle, &info))
    return 0;
  return info.srWindow.Right - info.srWindow.Left + 1;
}

void
vmsockctl_platform_prepare_relay (gboolean verbose)
{
  /* Bytes, not text: no CRLF translation, no end at a Ctrl-Z. */
  _setmode (0, _O_BINARY);
  _setmode (1, _O_BINARY);
}

static gboolean
invoke_termination (gpointer data)
{
  return termination_callback (termination_data);
}

/* Runs in a thread of its own that the console starts. */
static BOOL WINAPI
on_console_event (DWORD event)
{
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT)
    return FALSE;
  g_idle_add (invoke_termination, NULL);
  return TRUE;
}

void
vmsockctl_platform_on_termination (GSourceFunc callback,
                                   gpointer    data)
{
  termination_callback = callback;
  termination_data = data;
  SetConsoleCtrlHandler (on_console_event, TRUE);
}

gboolean
vmsockctl_platform_bind (GSocket         *socket,
                         GSocketAddress  *address,
                         GError         **error)
{
  gssize size = g_socket_address_get_native_size (address);
  g_autofree struct sockaddr *native = NULL;

  /* No SO_REUSEADDR: on Windows it would let any program take the port. */
  if (size < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This kind of address cannot be listened on"));
      return FALSE;
    }
  native = g_malloc0 (size);
  if (!g_socket_address_to_native (address, native, size, error))
    return FALSE;
  if (bind ((SOCKET) g_socket_get_fd (socket), native, size) == SOCKET_ERROR)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), NULL);
  return TRUE;
}

gboolean
vmsockctl_platform_socket_file_id (const char      *path,
                                   VmsockctlFileId *id)
{
  g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
  FILE_ATTRIBUTE_TAG_INFO tag;
  BY_HANDLE_FILE_INFORMATION information;
  HANDLE file;
  gboolean is_socket;

  if (wide == NULL)
    return FALSE;
  /* The reparse point itself, which is what a Unix socket file is. */
  file = CreateFileW (wide, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
  if (file == INVALID_HANDLE_VALUE)
    return FALSE;
  is_socket = GetFileInformationByHandleEx (file, FileAttributeTagInfo, &tag, sizeof tag) &&
              (tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
              tag.ReparseTag == IO_REPARSE_TAG_AF_UNIX &&
              GetFileInformationByHandle (file, &information);
  CloseHandle (file);
  if (is_socket)
    *id = (VmsockctlFileId) { information.dwVolumeSerialNumber,
                              ((guint64) information.nFileIndexHigh << 32) | information.nFileIndexLow };
  return is_socket;
}

int
vmsockctl_platform_take_pipe (GObject  *stream,
                              GError  **error)
{
  gboolean input = G_IS_WIN32_INPUT_STREAM (stream);
  HANDLE handle = input ? g_win32_input_stream_get_handle (G_WIN32_INPUT_STREAM (stream))
                        : g_win32_output_stream_get_handle (G_WIN32_OUTPUT_STREAM (stream));
  HANDLE copy;
  int fd;

  /* Not inheritable: programs started later must not hold the pipe open. */
  if (!DuplicateHandle (GetCurrentProcess (), handle, GetCurrentProcess (), &copy, 0, FALSE,
                        DUPLICATE_SAME_ACCESS))
    {
      g_autofree char *message = g_win32_error_message (GetLastError ());

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s",
                   _("Could not set up the program's pipes"), message);
      return -1;
    }
  fd = _open_osfhandle ((intptr_t) copy, (input ? _O_RDONLY : 0) | _O_BINARY);
  if (fd < 0)
    {
      CloseHandle (copy);
      return vmsockctl_set_errno_error (error, errno, _("Could not set up the program's pipes")), -1;
    }
  if (input)
    g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);
  else
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  return fd;
}

void
vmsockctl_platform_set_blocking (int fd)
{
  u_long non_blocking = 0;

  /* GSocket selects events on its sockets, which forbids blocking mode
   * until the selection is cleared. */
  WSAEventSelect ((SOCKET) fd, NULL, 0);
  ioctlsocket ((SOCKET) fd, FIONBIO, &non_blocking);
}

/* Whether the socket error means the other side is gone, which ends a copy. */
static gboolean
is_hang_up (int wsa_error)
{
  return wsa_error == WSAECONNRESET || wsa_error == WSAECONNABORTED ||
         wsa_error == WSAESHUTDOWN || wsa_error == WSAENOTCONN;
}

/* Waits until @socket is ready for @events (POLLRDNORM, POLLWRNORM).  The
 * relay makes its sockets blocking, but GIO selects events on a socket
 * again, which makes it non-blocking, when it lets go of a source on it,
 * as the dialer's does just after handing over its connection. */
static void
wait_ready (SOCKET socket,
            SHORT  events)
{
  WSAPOLLFD ready = { socket, events, 0 };

  WSAPoll (&ready, 1, -1);
}

/* Reads at most @length bytes: the count, 0 at the end (or when the other
 * side went away), -1 with @error set. */
static int
receive (VmsockctlEndpoint   in,
         char               *buffer,
         int                 length,
         GError            **error)
{
  int n;

  if (!in.is_socket)
    {
      /* A pipe whose writer went away is at its end. */
      n = _read (in.fd, buffer, length);
      if (n < 0 && errno != EPIPE)
        return vmsockctl_set_errno_error (error, errno, _("Could not receive data")), -1;
      return MAX (n, 0);
    }

  while ((n = recv ((SOCKET) in.fd, buffer, length, 0)) == SOCKET_ERROR)
    {
      int wsa_error = WSAGetLastError ();

      if (wsa_error == WSAEWOULDBLOCK)
        {
          wait_ready ((SOCKET) in.fd, POLLRDNORM);
          continue;
        }
      if (is_hang_up (wsa_error))
        return 0;
      return _vmsock_set_wsa_error (error, wsa_error, _("Could not receive data")), -1;
    }
  return n;
}

/* Writes all of @buffer; FALSE with @hung_up set when the reader went away,
 * FALSE with @error set on any other failure. */
static gboolean
send_all (VmsockctlEndpoint   out,
          const char         *buffer,
          int                 length,
          gboolean           *hung_up,
          GError            **error)
{
  while (length > 0)
    {
      int n;

      if (!out.is_socket)
        {
          n = _write (out.fd, buffer, length);
          if (n < 0)
            {
              if (errno == EPIPE || errno == EINVAL)
                {
                  *hung_up = TRUE;
                  return FALSE;
                }
              return vmsockctl_set_errno_error (error, errno, _("Could not send data"));
            }
        }
      else
        {
          n = send ((SOCKET) out.fd, buffer, length, 0);
          if (n == SOCKET_ERROR)
            {
              int wsa_error = WSAGetLastError ();

              if (wsa_error == WSAEWOULDBLOCK)
                {
                  wait_ready ((SOCKET) out.fd, POLLWRNORM);
                  continue;
                }
              if (is_hang_up (wsa_error))
                {
                  *hung_up = TRUE;
                  return FALSE;
                }
              return _vmsock_set_wsa_error (error, wsa_error, _("Could not send data"));
            }
        }
      buffer += n;
      length -= n;
    }
  return TRUE;
}

gboolean
vmsockctl_platform_copy (VmsockctlEndpoint   in,
                         VmsockctlEndpoint   out,
                         gint               *activity,
                         GError            **error)
{
  g_autofree char *buffer = g_malloc (CHUNK_SIZE);
  gboolean hung_up = FALSE;

  for (;;)
    {
      int n = receive (in, buffer, CHUNK_SIZE, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      g_atomic_int_inc (activity);
      if (!send_all (out, buffer, n, &hung_up, error))
        return hung_up;
    }
}

/* Every copy runs in a thread of its own here: vmsockctl_platform_copy()
 * above. */
gboolean
vmsockctl_platform_can_watch (VmsockctlEndpoint endpoint)
{
  return FALSE;
}

VmsockctlWatchedCopy *
vmsockctl_platform_watch_copy (VmsockctlEndpoint    in,
                               VmsockctlEndpoint    out,
                               gint                *activity,
                               VmsockctlCopyDone    done,
                               gpointer             data,
                               GError             **error)
{
  g_return_val_if_reached (NULL);
}

void
vmsockctl_platform_watched_copy_free (VmsockctlWatchedCopy *copy)
{
  g_return_if_reached ();
}

void
vmsockctl_platform_end_writing (VmsockctlEndpoint out)
{
  if (out.is_socket)
    shutdown ((SOCKET) out.fd, SD_SEND);
  else
    _close (out.fd);
}

void
vmsockctl_platform_shutdown (int fd)
{
  shutdown ((SOCKET) fd, SD_BOTH);
}
