/* vmsockctl-acceptor.c: accepting connection after connection, as listen,
 * forward and bench serve do
 *
 * The listening sockets are watched only while a connection is wanted, and
 * each time they are ready, every connection waiting is taken that is still
 * wanted: a busy forward accepts many connections for one wakeup.
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
  GPtrArray *sockets;
  /* One for each socket, while a connection is wanted. */
  GPtrArray *sources;
  gboolean verbose;
  VmsockctlAccepted accepted;
  gpointer data;

  gboolean wanted;
  gboolean stopped;
  /* Set while accepting fails; the source that tries again. */
  gboolean failing;
  guint retry_source;
};

static gboolean on_incoming (GSocket      *socket,
                             GIOCondition  condition,
                             gpointer      data);

VmsockctlAcceptor *
vmsockctl_acceptor_new (GSocketListener   *listener,
                        gboolean           verbose,
                        VmsockctlAccepted  accepted,
                        gpointer           data)
{
  VmsockctlAcceptor *acceptor = g_new0 (VmsockctlAcceptor, 1);

  acceptor->listener = g_object_ref (listener);
  acceptor->sockets = g_ptr_array_ref (vmsockctl_listener_get_sockets (listener));
  acceptor->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  acceptor->verbose = verbose;
  acceptor->accepted = accepted;
  acceptor->data = data;

  /* Accepting takes what is queued, and then says so rather than waiting. */
  for (guint i = 0; i < acceptor->sockets->len; i++)
    g_socket_set_blocking (acceptor->sockets->pdata[i], FALSE);
  return acceptor;
}

static void
watch (VmsockctlAcceptor *acceptor)
{
  if (acceptor->sources->len > 0)
    return;
  for (guint i = 0; i < acceptor->sockets->len; i++)
    {
      GSource *source = g_socket_create_source (acceptor->sockets->pdata[i], G_IO_IN, NULL);

      g_source_set_callback (source, G_SOURCE_FUNC (on_incoming), acceptor, NULL);
      g_source_set_static_name (source, "[vmsockctl] incoming connection");
      /* on_incoming() runs no main context, and a source that may not
       * recurse has its socket taken out of the context and put back
       * around each dispatch, waking the context up each time. */
      g_source_set_can_recurse (source, TRUE);
      g_source_attach (source, NULL);
      g_ptr_array_add (acceptor->sources, source);
    }
}

static void
unwatch (VmsockctlAcceptor *acceptor)
{
  for (guint i = 0; i < acceptor->sources->len; i++)
    g_source_destroy (acceptor->sources->pdata[i]);
  g_ptr_array_set_size (acceptor->sources, 0);
}

static gboolean
accept_again (gpointer data)
{
  VmsockctlAcceptor *acceptor = data;

  acceptor->retry_source = 0;
  if (acceptor->wanted)
    watch (acceptor);
  return G_SOURCE_REMOVE;
}

static void
accept_failed (VmsockctlAcceptor *acceptor,
               const GError      *error)
{
  /* Said once until accepting works again, not once per attempt. */
  if (!acceptor->failing)
    vmsockctl_print_error (_("Could not accept a connection: %s"), error->message);
  acceptor->failing = TRUE;
  unwatch (acceptor);
  acceptor->retry_source = g_timeout_add (ACCEPT_RETRY_DELAY_MS, accept_again, acceptor);
}

static gboolean
on_incoming (GSocket      *listening,
             GIOCondition  condition,
             gpointer      data)
{
  VmsockctlAcceptor *acceptor = data;

  /* accepted() may want another, or stop the acceptor. */
  while (acceptor->wanted && !acceptor->stopped)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listening, NULL, &error);
      GSocketConnection *connection;

      if (socket == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            accept_failed (acceptor, error);
          return G_SOURCE_CONTINUE;
        }

      acceptor->failing = FALSE;
      acceptor->wanted = FALSE;
      connection = g_socket_connection_factory_create_connection (socket);
      if (acceptor->verbose)
        vmsockctl_listener_report_peer (connection);
      acceptor->accepted (connection, acceptor->data);
    }

  if (!acceptor->wanted)
    unwatch (acceptor);
  return G_SOURCE_CONTINUE;
}

void
vmsockctl_acceptor_next (VmsockctlAcceptor *acceptor)
{
  if (acceptor->stopped)
    return;
  acceptor->wanted = TRUE;
  if (acceptor->retry_source == 0)
    watch (acceptor);
}

void
vmsockctl_acceptor_stop (VmsockctlAcceptor *acceptor)
{
  acceptor->stopped = TRUE;
  acceptor->wanted = FALSE;
  g_clear_handle_id (&acceptor->retry_source, g_source_remove);
  unwatch (acceptor);
  g_socket_listener_close (acceptor->listener);
}

void
vmsockctl_acceptor_free (VmsockctlAcceptor *acceptor)
{
  g_clear_handle_id (&acceptor->retry_source, g_source_remove);
  unwatch (acceptor);
  g_ptr_array_unref (acceptor->sources);
  g_ptr_array_unref (acceptor->sockets);
  g_object_unref (acceptor->listener);
  g_free (acceptor);
}
