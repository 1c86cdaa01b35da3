/* vmsock-threaded-socket-service.c: a GThreadedSocketService for VM sockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-service-private.h"
#include "vmsock-socket-family.h"
#include "vmsock-threaded-socket-service.h"

/**
 * VmsockThreadedSocketService:
 *
 * A #GThreadedSocketService whose accepted VM socket connections are marked
 * connected, as [class@Vmsock.SocketService] does, before
 * [signal@Gio.ThreadedSocketService::run] sees them.
 *
 * A #GThreadedSocketService that has as many connections as
 * [property@Gio.ThreadedSocketService:max-threads] stops accepting, and starts
 * again from the worker thread that finished one.  GLib's #GSocketListener
 * attaches its accept sources before it is ready for them to fire, so that
 * restart can crash a main loop running in another thread; prefer -1 (no
 * limit), or a limit the number of clients never reaches.
 *
 * Its sockets listen with a backlog of 128 connections, not GIO's 10
 * ([property@Vmsock.ThreadedSocketService:listen-backlog]).
 *
 * Since: 0.1
 */

struct _VmsockThreadedSocketService
{
  GThreadedSocketService parent_instance;
};

G_DEFINE_FINAL_TYPE (VmsockThreadedSocketService, vmsock_threaded_socket_service,
                     G_TYPE_THREADED_SOCKET_SERVICE)

static void
vmsock_threaded_socket_service_class_init (VmsockThreadedSocketServiceClass *klass)
{
  /**
   * VmsockThreadedSocketService:listen-backlog:
   *
   * How many connections the kernel queues for each socket before the
   * service accepts them, as for [property@Vmsock.SocketService:listen-backlog]:
   * 128 unless set otherwise.
   *
   * Since: 0.1
   */
  vmsock_service_class_install_listen_backlog (G_OBJECT_CLASS (klass));

  vmsock_socket_family_register ();
}

static void
vmsock_threaded_socket_service_init (VmsockThreadedSocketService *self)
{
  vmsock_service_watch_incoming (G_SOCKET_SERVICE (self));
}

/**
 * vmsock_threaded_socket_service_new:
 * @max_threads: the most connections served at once, or -1 for no limit
 *
 * Creates a threaded socket service for VM sockets.
 *
 * Returns: (transfer full) (type VmsockThreadedSocketService): a new service
 *
 * Since: 0.1
 */
GSocketService *
vmsock_threaded_socket_service_new (int max_threads)
{
  return g_object_new (VMSOCK_TYPE_THREADED_SOCKET_SERVICE,
                       "max-threads", max_threads,
                       NULL);
}
