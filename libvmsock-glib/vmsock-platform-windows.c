/* vmsock-platform-windows.c: the OS seam on Windows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <winsock2.h>

#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"

/* hvsocket.h: the protocol for AF_HYPERV sockets, also the option level. */
#define HV_PROTOCOL_RAW 1

static gboolean
set_error_from_wsa (GError     **error,
                    int          wsa_error,
                    const char  *what)
{
  g_autofree char *message = g_win32_error_message (wsa_error);

  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (wsa_error),
               "%s: %s", what, message);
  return FALSE;
}

static gboolean
set_not_supported (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("AF_VSOCK sockets do not exist on Windows; use a Hyper-V socket "
                         "address with a VSock template service ID instead"));
  return FALSE;
}

gboolean
vmsock_platform_has_family (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV;
}

int
vmsock_platform_socket_protocol (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV ? HV_PROTOCOL_RAW : 0;
}

gboolean
vmsock_platform_get_fd_family (gint     fd,
                               int     *family,
                               GError **error)
{
  SOCKADDR_STORAGE address = { 0 };
  int length = sizeof address;

  if (getsockname ((SOCKET) fd, (struct sockaddr *) &address, &length) != 0)
    return set_error_from_wsa (error, WSAGetLastError (), _("Not a usable socket"));
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
  int length = (int) *size;

  if (getsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, &length) != 0)
    return set_error_from_wsa (error, WSAGetLastError (), _("Could not read the socket option"));
  *size = (gsize) length;
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
  if (setsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, (int) size) != 0)
    return set_error_from_wsa (error, WSAGetLastError (), _("Could not set the socket option"));
  return TRUE;
}

gboolean
vmsock_platform_get_vsock_connect_timeout (GSocket  *socket,
                                           guint64  *usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_set_vsock_connect_timeout (GSocket  *socket,
                                           guint64   usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_is_setuid (void)
{
  return FALSE;
}

gboolean
vmsock_platform_get_local_cid (guint32  *cid,
                               GError  **error)
{
  return set_not_supported (error);
}
