/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "guest-util.h"

guint32
guest_listen_on_any_port (GSocketListener *listener,
                          GSocketType      type)
{
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketAddress) typed = NULL;
  g_autoptr(GError) error = NULL;
  guint32 port;

  g_assert_true (g_socket_listener_add_address (listener, address, type, G_SOCKET_PROTOCOL_DEFAULT,
                                                NULL, &effective, &error));
  g_assert_no_error (error);

  /* GIO hands the effective address back as a GNativeSocketAddress. */
  typed = vmsock_socket_address_convert (effective, &error);
  g_assert_no_error (error);
  port = vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (typed));
  g_assert_cmpuint (port, !=, VMSOCK_VSOCK_PORT_ANY);
  return port;
}

guint32
guest_unused_port (void)
{
  g_autoptr(GSocket) socket = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, NULL);
  g_autoptr(GSocketAddress) any = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_no_error (error);
  local = vmsock_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (local));
}

GSocketAddress *
guest_local_address (guint32 port)
{
  return vmsock_vsock_address_new (VMSOCK_VSOCK_CID_LOCAL, port);
}
