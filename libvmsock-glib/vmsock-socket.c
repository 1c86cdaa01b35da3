/* vmsock-socket.c: VM sockets as GSockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket.h"
#include "vmsock-socket-address.h"
#include "vmsock-socket-family.h"
#include "vmsock-socket-private.h"

gboolean
vmsock_socket_check_family (int       family,
                            GError  **error)
{
  if (family != VMSOCK_SOCKET_FAMILY_VSOCK && family != VMSOCK_SOCKET_FAMILY_HYPERV)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a VM socket: family %d is neither AF_VSOCK (%d) nor AF_HYPERV (%d)"),
                   family, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_HYPERV);
      return FALSE;
    }
  return vmsock_platform_check_family (family, error);
}

/**
 * vmsock_socket_new:
 * @family: %VMSOCK_SOCKET_FAMILY_VSOCK or %VMSOCK_SOCKET_FAMILY_HYPERV
 * @type: %G_SOCKET_TYPE_STREAM, or %G_SOCKET_TYPE_SEQPACKET (AF_VSOCK, Linux
 *   5.14 and later)
 * @error: return location for a #GError
 *
 * Creates a VM socket, as g_socket_new() does for GIO's own families.
 * A family that this platform lacks is %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full) (nullable): a new #GSocket, or %NULL on error
 *
 * Since: 0.1
 */
GSocket *
vmsock_socket_new (GSocketFamily   family,
                   GSocketType     type,
                   GError        **error)
{
  GSocket *socket;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vmsock_socket_check_family (family, error))
    return NULL;

  vmsock_socket_family_register ();
  socket = g_socket_new (family, type, vmsock_platform_socket_protocol (family), error);
  if (socket == NULL)
    {
      g_autoptr(GEnumClass) types = g_type_class_ref (G_TYPE_SOCKET_TYPE);
      GEnumValue *type_value = g_enum_get_value (types, type);

      g_prefix_error (error, _("Could not create a %s %s socket: "),
                      vmsock_socket_family_to_string (family),
                      type_value != NULL ? type_value->value_nick : "?");
    }
  return socket;
}

/**
 * vmsock_socket_new_from_fd:
 * @fd: a VM socket's file descriptor (a `SOCKET` on Windows)
 * @error: return location for a #GError
 *
 * Wraps an existing VM socket, such as one passed by socket activation, after
 * checking its family.  A socket that is already connected is marked so
 * (see [func@Vmsock.socket_mark_connected]).
 *
 * On success the #GSocket owns @fd.  On failure @fd is left open and the
 * caller keeps it; a socket of another family fails with
 * %G_IO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full) (nullable): a new #GSocket, or %NULL on error
 *
 * Since: 0.1
 */
GSocket *
vmsock_socket_new_from_fd (gint     fd,
                           GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  int family;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vmsock_platform_get_fd_family (fd, &family, error) || !vmsock_socket_check_family (family, error))
    return NULL;

  vmsock_socket_family_register ();
  socket = g_socket_new_from_fd (fd, error);
  if (socket == NULL)
    return NULL;

  vmsock_socket_mark_connected (socket, NULL);
  return g_steal_pointer (&socket);
}

/**
 * vmsock_socket_get_family:
 * @socket: a #GSocket
 *
 * The family of @socket as the OS sees it.  g_socket_get_family() answers
 * %G_SOCKET_FAMILY_INVALID for VM sockets that GIO did not create itself,
 * such as accepted ones.
 *
 * The family is a plain number, to compare with %VMSOCK_SOCKET_FAMILY_VSOCK,
 * %VMSOCK_SOCKET_FAMILY_HYPERV or a #GSocketFamily: bindings read
 * `Gio.SocketFamily` from GIO's typelib, which has no VM families.
 *
 * Returns: the family of @socket, or %G_SOCKET_FAMILY_INVALID if it cannot be
 *   read
 *
 * Since: 0.1
 */
int
vmsock_socket_get_family (GSocket *socket)
{
  int family;

  g_return_val_if_fail (G_IS_SOCKET (socket), G_SOCKET_FAMILY_INVALID);

  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_INVALID)
    return g_socket_get_family (socket);
  if (!vmsock_platform_get_fd_family (g_socket_get_fd (socket), &family, NULL))
    return G_SOCKET_FAMILY_INVALID;
  return family;
}

/**
 * vmsock_socket_mark_connected:
 * @socket: a VM socket that has a peer, such as an accepted one
 * @error: return location for a #GError
 *
 * GIO does not know the VM socket families, so a VM socket that it did not
 * connect itself, notably every accepted one, says it is not connected:
 * g_socket_is_connected() returns %FALSE and
 * g_socket_connection_get_remote_address() fails.  This checks that @socket
 * has a peer and marks it connected.
 *
 * [class@Vmsock.SocketService] and [class@Vmsock.ThreadedSocketService] do it
 * for every connection they accept; call this after
 * g_socket_listener_accept() and g_socket_accept().
 *
 * Returns: %TRUE if @socket has a peer and is now marked connected
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_mark_connected (GSocket  *socket,
                              GError  **error)
{
  g_autoptr(GSocketAddress) peer = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_socket_is_connected (socket))
    return TRUE;

  peer = g_socket_get_remote_address (socket, error);
  if (peer == NULL)
    return FALSE;
  return vmsock_socket_mark_accepted (socket, error);
}

gboolean
vmsock_socket_mark_accepted (GSocket  *socket,
                             GError  **error)
{
  if (g_socket_is_connected (socket))
    return TRUE;

  /* Public API that reads the (empty) pending error and flags the socket
   * connected in both directions. */
  return g_socket_check_connect_result (socket, error);
}

/**
 * vmsock_socket_get_local_address:
 * @socket: a VM socket
 * @error: return location for a #GError
 *
 * Like g_socket_get_local_address(), but returns a typed address: with the
 * port a %VMSOCK_VSOCK_PORT_ANY bind got, for example.
 *
 * Returns: (transfer full) (nullable): a #VmsockVsockAddress or
 *   #VmsockHvsockAddress, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_get_local_address (GSocket  *socket,
                                 GError  **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  address = g_socket_get_local_address (socket, error);
  if (address == NULL)
    return NULL;
  return vmsock_socket_address_convert (address, error);
}

/**
 * vmsock_socket_get_remote_address:
 * @socket: a connected VM socket
 * @error: return location for a #GError
 *
 * Like g_socket_get_remote_address(), but returns a typed address.
 *
 * Returns: (transfer full) (nullable): a #VmsockVsockAddress or
 *   #VmsockHvsockAddress, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_get_remote_address (GSocket  *socket,
                                  GError  **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  address = g_socket_get_remote_address (socket, error);
  if (address == NULL)
    return NULL;
  return vmsock_socket_address_convert (address, error);
}

/**
 * vmsock_socket_connection_get_local_address:
 * @connection: a #GSocketConnection over a VM socket
 * @error: return location for a #GError
 *
 * Gets the local address of a connection as a typed address.
 *
 * Returns: (transfer full) (nullable): the typed local address of
 *   @connection, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_connection_get_local_address (GSocketConnection  *connection,
                                            GError            **error)
{
  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  return vmsock_socket_get_local_address (g_socket_connection_get_socket (connection), error);
}

/**
 * vmsock_socket_connection_get_remote_address:
 * @connection: a #GSocketConnection over a VM socket
 * @error: return location for a #GError
 *
 * Gets the remote address of a connection as a typed address.
 *
 * Returns: (transfer full) (nullable): the typed remote address of
 *   @connection, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_connection_get_remote_address (GSocketConnection  *connection,
                                             GError            **error)
{
  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  return vmsock_socket_get_remote_address (g_socket_connection_get_socket (connection), error);
}
