/* vmsockctl-acceptor.c: accepting connection after connection, as listen,
 * forward and bench serve do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-acceptor.h"
#include "vmsockctl-listener.h"

/* A failed accept, such as with no descriptor left, would fail again at
 * once: the connection stays queued.  Wait this long before trying again. */
#define ACCEPT_RETRY_DELAY_MS 250

struct _VmsockctlAcceptor
{
  GSocketListener *listener;
  GCancellable *cancellable;
  gboolean verbose;
  VmsockctlAccepted accepted;
  gpointer data;

  gboolean accepting;
  gboolean stopped;
  /* Set while accepting fails; the source that tries again. */
  gboolean failing;
  guint retry_source;
};

VmsockctlAcceptor *
vmsockctl_acceptor_new (GSocketListener   *listener,
                        gboolean           verbose,
                        VmsockctlAccepted  accepted,
                        gpointer           data)
{
  VmsockctlAcceptor *acceptor = g_new0 (VmsockctlAcceptor, 1);

  acceptor->listener = g_object_ref (listener);
  acceptor->cancellable = g_cancellable_new ();
  acceptor->verbose = verbose;
  acceptor->accepted = accepted;
  acceptor->data = data;
  return acceptor;
}

static gboolean
accept_again (gpointer data)
{
  VmsockctlAcceptor *acceptor = data;

  acceptor->retry_source = 0;
  vmsockctl_acceptor_next (acceptor);
  return G_SOURCE_REMOVE;
}

static void
on_accepted (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  VmsockctlAcceptor *acceptor = data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  acceptor->accepting = FALSE;
  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, &error);
  if (connection == NULL)
    {
      if (acceptor->stopped)
        return;
      /* Said once until accepting works again, not once per attempt. */
      if (!acceptor->failing)
        vmsockctl_print_error (_("Could not accept a connection: %s"), error->message);
      acceptor->failing = TRUE;
      acceptor->retry_source = g_timeout_add (ACCEPT_RETRY_DELAY_MS, accept_again, acceptor);
      return;
    }
  acceptor->failing = FALSE;

  if (acceptor->stopped)
    {
      g_object_unref (connection);
      return;
    }
  if (acceptor->verbose)
    vmsockctl_listener_report_peer (connection);
  acceptor->accepted (connection, acceptor->data);
}

void
vmsockctl_acceptor_next (VmsockctlAcceptor *acceptor)
{
  if (acceptor->accepting || acceptor->retry_source != 0 || acceptor->stopped)
    return;
  acceptor->accepting = TRUE;
  g_socket_listener_accept_async (acceptor->listener, acceptor->cancellable, on_accepted, acceptor);
}

void
vmsockctl_acceptor_stop (VmsockctlAcceptor *acceptor)
{
  acceptor->stopped = TRUE;
  g_clear_handle_id (&acceptor->retry_source, g_source_remove);
  g_cancellable_cancel (acceptor->cancellable);
  g_socket_listener_close (acceptor->listener);
}

gboolean
vmsockctl_acceptor_is_busy (VmsockctlAcceptor *acceptor)
{
  return acceptor->accepting;
}

void
vmsockctl_acceptor_free (VmsockctlAcceptor *acceptor)
{
  g_return_if_fail (!acceptor->accepting);

  g_clear_handle_id (&acceptor->retry_source, g_source_remove);
  g_object_unref (acceptor->cancellable);
  g_object_unref (acceptor->listener);
  g_free (acceptor);
}
