/* vmsock-socket-service.c: a GSocketService for VM sockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-service-private.h"
#include "vmsock-socket.h"
#include "vmsock-socket-family.h"
#include "vmsock-socket-service.h"

/**
 * VmsockSocketService:
 *
 * A #GSocketService whose accepted VM socket connections behave like any
 * other: g_socket_is_connected() is %TRUE and
 * g_socket_connection_get_remote_address() works, which stock GIO does not
 * give for families it does not know.
 *
 * Use it as a #GSocketService: add VM socket addresses with
 * g_socket_listener_add_address() and connect to
 * [signal@Gio.SocketService::incoming].  Its own handler runs first.
 *
 * Since: 0.1
 */

struct _VmsockSocketService
{
  GSocketService parent_instance;
};

G_DEFINE_FINAL_TYPE (VmsockSocketService, vmsock_socket_service, G_TYPE_SOCKET_SERVICE)

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vmsock_socket_mark_connected (g_socket_connection_get_socket (connection), &error))
    g_debug ("Accepted connection has no peer: %s", error->message);

  /* Let the other handlers see it. */
  return FALSE;
}

void
vmsock_service_watch_incoming (GSocketService *service)
{
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
}

static void
vmsock_socket_service_class_init (VmsockSocketServiceClass *klass)
{
  vmsock_socket_family_register ();
}

static void
vmsock_socket_service_init (VmsockSocketService *self)
{
  vmsock_service_watch_incoming (G_SOCKET_SERVICE (self));
}

/**
 * vmsock_socket_service_new:
 *
 * Makes a service that is not listening yet and is active: it starts
 * accepting as soon as an address is added and the main context runs.
 *
 * Returns: (transfer full) (type VmsockSocketService): a new service
 *
 * Since: 0.1
 */
GSocketService *
vmsock_socket_service_new (void)
{
  return g_object_new (VMSOCK_TYPE_SOCKET_SERVICE, NULL);
}
