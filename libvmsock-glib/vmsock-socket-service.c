/* vmsock-socket-service.c: a GSocketService for VM sockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-service-private.h"
#include "vmsock-socket-family.h"
#include "vmsock-socket-private.h"
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
 * Its sockets listen with a backlog of 128 connections, not GIO's 10
 * ([property@Vmsock.SocketService:listen-backlog]).
 *
 * Since: 0.1
 */

struct _VmsockSocketService
{
  GSocketService parent_instance;
};

enum
{
  PROP_0,
  PROP_LISTEN_BACKLOG,
};

G_DEFINE_FINAL_TYPE (VmsockSocketService, vmsock_socket_service, G_TYPE_SOCKET_SERVICE)

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vmsock_socket_mark_accepted (g_socket_connection_get_socket (connection), &error))
    g_debug ("Accepted connection has no peer: %s", error->message);

  /* Let the other handlers see it. */
  return FALSE;
}

void
vmsock_service_watch_incoming (GSocketService *service)
{
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
}

static GParamSpec *
listener_backlog_param_spec (void)
{
  GObjectClass *listener_class = g_type_class_peek (G_TYPE_SOCKET_LISTENER);

  return g_object_class_find_property (listener_class, "listen-backlog");
}

static void
vmsock_service_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_LISTEN_BACKLOG:
      g_socket_listener_set_backlog (G_SOCKET_LISTENER (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_service_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LISTEN_BACKLOG:
      {
        GParamSpec *inherited = listener_backlog_param_spec ();

        /* GSocketListener has no getter: ask it as GObject would. */
        G_OBJECT_CLASS (g_type_class_peek (G_TYPE_SOCKET_LISTENER))->get_property (object,
                                                                                   inherited->param_id,
                                                                                   value, inherited);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
vmsock_service_class_install_listen_backlog (GObjectClass *object_class)
{
  GParamSpecInt *inherited = G_PARAM_SPEC_INT (listener_backlog_param_spec ());

  object_class->get_property = vmsock_service_get_property;
  object_class->set_property = vmsock_service_set_property;
  g_object_class_install_property (object_class, PROP_LISTEN_BACKLOG,
                                   g_param_spec_int ("listen-backlog", NULL, NULL,
                                                     inherited->minimum, inherited->maximum,
                                                     VMSOCK_SERVICE_LISTEN_BACKLOG,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                                                     G_PARAM_STATIC_STRINGS));
}

static void
vmsock_socket_service_class_init (VmsockSocketServiceClass *klass)
{
  /**
   * VmsockSocketService:listen-backlog:
   *
   * How many connections the kernel queues for each socket before the
   * service accepts them; further ones are refused.  It is
   * [property@Gio.SocketListener:listen-backlog] with a default of 128
   * rather than 10, so that a burst of clients is not refused.  Change it
   * before adding addresses: sockets already listening keep theirs.
   *
   * Since: 0.1
   */
  vmsock_service_class_install_listen_backlog (G_OBJECT_CLASS (klass));

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
