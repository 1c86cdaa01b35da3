/* vmsockctl-listen.c: vmsockctl listen
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

typedef struct
{
  GCancellable *cancellable;
  GSocketConnection *connection;
  GError *error;
  gboolean done;
} Accept;

static void
accepted (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Accept *accept = data;

  accept->connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL,
                                                        &accept->error);
  accept->done = TRUE;
}

static gboolean
cancel_accept (gpointer data)
{
  Accept *accept = data;

  g_cancellable_cancel (accept->cancellable);
  return G_SOURCE_REMOVE;
}

VmsockctlExit
vmsockctl_listen (int   argc,
                  char *argv[])
{
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say on standard error where it listens and who connected"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Accept accept = { cancellable, NULL, NULL, FALSE };
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("listen", _("ADDRESS"),
                                          _("Waits for one connection on ADDRESS and relays "
                                            "standard input to it and what it sends to standard "
                                            "output, like “connect”."),
                                          entries, NULL);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  if (!vmsockctl_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  vmsockctl_platform_prepare_relay (verbose);
  listener = vmsockctl_listener_new (argv[1], verbose, cancel_accept, &accept, &status);
  if (listener == NULL)
    return status;

  g_socket_listener_accept_async (listener, cancellable, accepted, &accept);
  while (!accept.done)
    g_main_context_iteration (NULL, TRUE);
  g_socket_listener_close (listener);

  if (accept.connection == NULL)
    {
      gboolean cancelled = g_error_matches (accept.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      if (!cancelled)
        vmsockctl_print_error (_("Could not accept a connection: %s"), accept.error->message);
      g_clear_error (&accept.error);
      return cancelled ? VMSOCKCTL_EXIT_SUCCESS : VMSOCKCTL_EXIT_FAILURE;
    }
  if (verbose)
    vmsockctl_listener_report_peer (accept.connection);

  status = vmsockctl_relay_stdio (accept.connection, &error) ? VMSOCKCTL_EXIT_SUCCESS
                                                              : vmsockctl_fail (error);
  g_object_unref (accept.connection);
  return status;
}
