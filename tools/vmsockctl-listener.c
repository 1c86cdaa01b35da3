/* vmsockctl-listener.c: listening, as listen and forward do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl-address.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"

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

  /* The kernel keeps a long queue of connections not yet accepted. */
  g_socket_listener_set_backlog (listener, 1024);
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

      g_printerr (_("Listening on %s\n"), description);
    }
  return g_steal_pointer (&listener);
}

void
vmsockctl_listener_report_peer (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) peer = g_socket_connection_get_remote_address (connection, NULL);
  g_autofree char *description = peer != NULL ? vmsockctl_address_to_string (peer) : g_strdup ("?");

  g_printerr (_("Connection from %s\n"), description);
}
