/* vmsockctl-listener.c: listening, as listen and forward do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <libvmsock-glib/vmsock.h>

#include "vmsockctl-address.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-unix-socket.h"

/* The kernel keeps a long queue of connections not yet accepted. */
#define LISTEN_BACKLOG 1024

/* The listening sockets of a listener, kept as its data. */
#define SOCKETS_KEY "vmsockctl-listening-sockets"

static void
remember_socket (GSocketListener *listener,
                 GSocket         *socket)
{
  GPtrArray *sockets = g_object_get_data (G_OBJECT (listener), SOCKETS_KEY);

  if (sockets == NULL)
    {
      sockets = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (listener), SOCKETS_KEY, sockets,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (sockets, g_object_ref (socket));
}

/* The sockets that GIO makes itself, for every interface. */
static void
on_event (GSocketListener      *listener,
          GSocketListenerEvent  event,
          GSocket              *socket,
          gpointer              data)
{
  if (event == G_SOCKET_LISTENER_LISTENED)
    remember_socket (listener, socket);
}

GSocketListener *
vmsockctl_listener_new (const char     *text,
                        gboolean        verbose,
                        GSourceFunc     on_termination,
                        gpointer        data,
                        VmsockctlExit  *status)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_set_backlog (listener, LISTEN_BACKLOG);
  g_signal_connect (listener, "event", G_CALLBACK (on_event), NULL);
  address = vmsockctl_address_listen (listener, text, &error);
  if (address == NULL)
    {
      if (error->domain == G_OPTION_ERROR)
        *status = vmsockctl_usage_error ("%s", error->message);
      else
        {
          vmsockctl_print_error (_("Could not listen on %s: %s"), text, error->message);
          *status = VMSOCKCTL_EXIT_FAILURE;
        }
      return NULL;
    }

  /* Whoever learns that it listens may signal it at once. */
  vmsockctl_platform_on_termination (on_termination, data);
  if (verbose)
    {
      g_autofree char *description = vmsockctl_address_to_string (address);

      vmsockctl_print_note (_("Listening on %s"), description);
    }
  return g_steal_pointer (&listener);
}

gboolean
vmsockctl_listener_add_address (GSocketListener  *listener,
                                GSocketAddress   *address,
                                GSocketAddress  **effective,
                                GError          **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  gboolean vm = vmsock_socket_address_is_vm (address);
  g_autoptr(GSocket) socket = NULL;

  /* Bound here rather than by g_socket_listener_add_address(), whose
   * message names any address it does not know by its type. */
  socket = vm ? vmsock_socket_new (family, G_SOCKET_TYPE_STREAM, error)
              : g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL || !vmsockctl_platform_bind (socket, address, error))
    return FALSE;
  if (G_IS_UNIX_SOCKET_ADDRESS (address))
    vmsockctl_unix_socket_remove_with (listener, address);

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error) ||
      !g_socket_listener_add_socket (listener, socket, NULL, error))
    return FALSE;
  remember_socket (listener, socket);

  *effective = vm ? vmsock_socket_get_local_address (socket, error)
                  : g_socket_get_local_address (socket, error);
  return *effective != NULL;
}

GPtrArray *
vmsockctl_listener_get_sockets (GSocketListener *listener)
{
  return g_object_get_data (G_OBJECT (listener), SOCKETS_KEY);
}

void
vmsockctl_listener_report_peer (GSocketConnection *connection)
{
  /* GIO's getter gives nothing for a VM socket, which GIO never marks
   * connected when accepted; the library's knows only the VM families. */
  g_autoptr(GSocketAddress) peer = vmsock_socket_connection_get_remote_address (connection, NULL);
  g_autofree char *description = NULL;

  if (peer == NULL)
    peer = g_socket_connection_get_remote_address (connection, NULL);

  if (G_IS_UNIX_SOCKET_ADDRESS (peer) &&
      g_unix_socket_address_get_address_type (G_UNIX_SOCKET_ADDRESS (peer)) == G_UNIX_SOCKET_ADDRESS_ANONYMOUS)
    vmsockctl_print_note (_("Connection from an unnamed Unix socket"));
  else if (peer != NULL && (description = vmsockctl_address_to_string (peer)) != NULL)
    vmsockctl_print_note (_("Connection from %s"), description);
  else
    vmsockctl_print_note (_("Connection from an unknown address"));
}
