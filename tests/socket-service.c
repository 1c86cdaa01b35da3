/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The socket services' listen backlog.  The sockets here are IPv4 loopback
 * ones: the backlog is the listener's, whatever the family.  Nothing here
 * creates an AF_VSOCK socket.
 */

#include <libvmsock-glib/vmsock.h>

static int
get_backlog (GSocketService *service)
{
  int backlog = -1;

  g_object_get (service, "listen-backlog", &backlog, NULL);
  return backlog;
}

static void
remember_listening_socket (GSocketListener      *listener,
                           GSocketListenerEvent  event,
                           GSocket              *socket,
                           gpointer              data)
{
  GSocket **listening = data;

  if (event == G_SOCKET_LISTENER_LISTENING)
    g_set_object (listening, socket);
}

/* The backlog a socket added to @service listens with. */
static int
listening_backlog (GSocketService *service)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) listening = NULL;
  g_autoptr(GError) error = NULL;
  gulong handler;

  handler = g_signal_connect (service, "event", G_CALLBACK (remember_listening_socket), &listening);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                                NULL, NULL, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (service, handler);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));

  g_assert_nonnull (listening);
  return g_socket_get_listen_backlog (listening);
}

/* Both services queue a burst of connections: 128, not GIO's 10. */
static void
test_default_backlog (void)
{
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  g_autoptr(GSocketService) threaded = vmsock_threaded_socket_service_new (-1);
  g_autoptr(GSocketService) stock = g_socket_service_new ();

  g_assert_cmpint (get_backlog (service), ==, 128);
  g_assert_cmpint (get_backlog (threaded), ==, 128);
  g_assert_cmpint (listening_backlog (service), ==, 128);
  g_assert_cmpint (listening_backlog (threaded), ==, 128);

  /* GIO's own default is untouched. */
  g_assert_cmpint (get_backlog (stock), ==, 10);
}

/* A value given at construction or later wins over the default. */
static void
test_backlog_overridable (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  g_autoptr(GSocketService) service = g_object_new (type, "listen-backlog", 5, NULL);
  g_autoptr(GSocketService) later = g_object_new (type, NULL);

  g_assert_cmpint (get_backlog (service), ==, 5);
  g_assert_cmpint (listening_backlog (service), ==, 5);

  g_socket_listener_set_backlog (G_SOCKET_LISTENER (later), 7);
  g_assert_cmpint (get_backlog (later), ==, 7);
  g_object_set (later, "listen-backlog", 9, NULL);
  g_assert_cmpint (get_backlog (later), ==, 9);
  g_assert_cmpint (listening_backlog (later), ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/socket-service/default-backlog", test_default_backlog);
  g_test_add_data_func ("/socket-service/backlog-overridable",
                        GSIZE_TO_POINTER (VMSOCK_TYPE_SOCKET_SERVICE), test_backlog_overridable);
  g_test_add_data_func ("/socket-service/threaded-backlog-overridable",
                        GSIZE_TO_POINTER (VMSOCK_TYPE_THREADED_SOCKET_SERVICE),
                        test_backlog_overridable);

  return g_test_run ();
}
