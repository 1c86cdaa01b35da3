/* vmsockctl-bench-serve.c: vmsockctl bench serve
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-acceptor.h"
#include "vmsockctl-address.h"
#include "vmsockctl-bench.h"
#include "vmsockctl-bench-protocol.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"

typedef struct
{
  VmsockctlAcceptor *acceptor;
  GThreadPool *pool;
  gint64 timeout_us;
  gboolean verbose;
  gboolean stopping;
  /* The connections being served, to end them on SIGINT or SIGTERM. */
  GMutex lock;
  GHashTable *connections;
} Server;

static void
serve_connection (gpointer data,
                  gpointer user_data)
{
  GSocketConnection *connection = data;
  Server *server = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GError) error = NULL;

  /* GIO knows no peer of a VM socket accepted by a plain listener. */
  if (vmsock_socket_mark_connected (socket, &error))
    vmsockctl_bench_serve (socket, server->timeout_us, &error);

  if (error != NULL && server->verbose && !g_atomic_int_get (&server->stopping))
    {
      g_autoptr(GSocketAddress) peer = g_socket_get_remote_address (socket, NULL);
      g_autofree char *description = peer != NULL ? vmsockctl_address_to_string (peer) : NULL;

      vmsockctl_print_error ("%s: %s", description != NULL ? description : "?", error->message);
    }

  g_socket_close (socket, NULL);
  g_mutex_lock (&server->lock);
  g_hash_table_remove (server->connections, connection);
  g_mutex_unlock (&server->lock);
}

static void
accepted (GSocketConnection *connection,
          gpointer           data)
{
  Server *server = data;

  g_mutex_lock (&server->lock);
  g_hash_table_add (server->connections, connection);
  g_mutex_unlock (&server->lock);
  g_thread_pool_push (server->pool, connection, NULL);
  vmsockctl_acceptor_next (server->acceptor);
}

static gboolean
stop (gpointer data)
{
  Server *server = data;
  GHashTableIter iter;
  gpointer connection;

  g_atomic_int_set (&server->stopping, TRUE);
  vmsockctl_acceptor_stop (server->acceptor);

  /* Waits in the serving threads end at once. */
  g_mutex_lock (&server->lock);
  g_hash_table_iter_init (&iter, server->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    g_socket_shutdown (g_socket_connection_get_socket (connection), TRUE, TRUE, NULL);
  g_mutex_unlock (&server->lock);
  return G_SOURCE_CONTINUE;
}

VmsockctlExit
vmsockctl_bench_serve_command (int   argc,
                               char *argv[])
{
  gboolean verbose = FALSE;
  double timeout_seconds = 30;
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout_seconds,
      N_("Drop a client that sends or takes nothing for this long (default: 30; 0: never)"),
      N_("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say on standard error where it listens and which connections failed"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(VmsockctlAcceptor) acceptor = NULL;
  g_autoptr(GHashTable) connections = NULL;
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("bench serve", _("ADDRESS"),
                                          _("Serves “vmsockctl bench run” on ADDRESS, any number "
                                            "of connections at once, until SIGINT or SIGTERM."),
                                          entries, NULL);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;
  if (!(timeout_seconds >= 0 && timeout_seconds <= G_MAXINT32))
    return vmsockctl_usage_error (_("The timeout must be a number of seconds between 0 and %d"),
                                  G_MAXINT32);

  vmsockctl_platform_prepare_relay (verbose);
  listener = vmsockctl_listener_new (argv[1], verbose, stop, &server, &status);
  if (listener == NULL)
    return status;

  connections = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  /* --verbose says which connections failed, not who connected. */
  acceptor = vmsockctl_acceptor_new (listener, FALSE, accepted, &server);
  server.acceptor = acceptor;
  server.timeout_us = vmsockctl_bench_timeout_from_seconds (timeout_seconds);
  server.verbose = verbose;
  server.connections = connections;
  g_mutex_init (&server.lock);
  server.pool = g_thread_pool_new (serve_connection, &server, -1, FALSE, &error);
  g_assert_no_error (error);

  vmsockctl_acceptor_next (acceptor);
  while (!g_atomic_int_get (&server.stopping))
    g_main_context_iteration (NULL, TRUE);

  g_thread_pool_free (server.pool, FALSE, TRUE);
  g_mutex_clear (&server.lock);
  return VMSOCKCTL_EXIT_SUCCESS;
}
