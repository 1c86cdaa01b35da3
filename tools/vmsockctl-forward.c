/* vmsockctl-forward.c: vmsockctl forward
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-acceptor.h"
#include "vmsockctl-address.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

typedef struct
{
  VmsockctlAcceptor *acceptor;
  GSocketConnectable *target;
  VmsockDialer *dialer;
  GCancellable *cancellable;
  /* The relays running, and the connections still being dialled. */
  GHashTable *relays;
  guint dialling;
  guint idle_timeout_ms;
  gboolean verbose;
  gboolean stopping;
} Forward;

typedef struct
{
  Forward *forward;
  GSocketConnection *incoming;
} Dial;

static void
relay_done (VmsockctlRelay *relay,
            gpointer        data)
{
  Forward *forward = data;
  const GError *error = vmsockctl_relay_get_error (relay);

  if (error != NULL && forward->verbose)
    vmsockctl_print_error ("%s", error->message);
  g_hash_table_remove (forward->relays, relay);
}

static void
dialled (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Dial *dial = data;
  Forward *forward = dial->forward;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) outgoing = NULL;
  VmsockctlRelay *relay;

  forward->dialling--;
  outgoing = vmsock_dialer_connect_finish (VMSOCK_DIALER (source), result, &error);
  if (outgoing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vmsockctl_print_error ("%s", error->message);
    }
  else if (!forward->stopping)
    {
      relay = vmsockctl_relay_new (dial->incoming, outgoing, relay_done, forward);
      vmsockctl_relay_set_idle_timeout (relay, forward->idle_timeout_ms);
      g_hash_table_add (forward->relays, relay);
      vmsockctl_relay_start (relay);
    }

  g_object_unref (dial->incoming);
  g_free (dial);
}

static void
accepted (GSocketConnection *incoming,
          gpointer           data)
{
  Forward *forward = data;
  Dial *dial = g_new0 (Dial, 1);

  dial->forward = forward;
  dial->incoming = incoming;
  forward->dialling++;
  vmsock_dialer_connect_async (forward->dialer, forward->target, forward->cancellable, dialled, dial);
  vmsockctl_acceptor_next (forward->acceptor);
}

static gboolean
stop (gpointer data)
{
  Forward *forward = data;
  GHashTableIter iter;
  gpointer relay;

  forward->stopping = TRUE;
  g_cancellable_cancel (forward->cancellable);
  vmsockctl_acceptor_stop (forward->acceptor);
  g_hash_table_iter_init (&iter, forward->relays);
  while (g_hash_table_iter_next (&iter, &relay, NULL))
    vmsockctl_relay_abort (relay);
  return G_SOURCE_CONTINUE;
}

VmsockctlExit
vmsockctl_forward (int   argc,
                   char *argv[])
{
  g_auto(VmsockctlDialOptions) dial_options = VMSOCKCTL_DIAL_OPTIONS_INIT;
  double idle_seconds = 0;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    VMSOCKCTL_DIAL_OPTION_ENTRIES (dial_options),
    VMSOCKCTL_IDLE_OPTION_ENTRY (idle_seconds),
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say on standard error where it listens, who connected and what failed"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(GSocketConnectable) target = NULL;
  g_autoptr(VmsockDialer) dialer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GHashTable) relays = NULL;
  g_autoptr(VmsockctlAcceptor) acceptor = NULL;
  g_autoptr(GError) error = NULL;
  Forward forward = { 0 };
  guint idle_timeout_ms;
  VmsockctlExit status;

  context = vmsockctl_option_context_new ("forward", _("LISTEN-ADDRESS TARGET-ADDRESS"),
                                          _("Accepts connections on LISTEN-ADDRESS and connects "
                                            "each to TARGET-ADDRESS, relaying both ways, until "
                                            "SIGINT or SIGTERM."),
                                          entries, NULL);
  g_option_context_set_description (context, vmsockctl_dial_address_help ());
  if (!vmsockctl_parse (context, &argc, &argv, 2, 2, &status))
    return status;

  dialer = vmsockctl_dialer_new (&dial_options, &error);
  if (dialer == NULL || !vmsockctl_relay_idle_option (idle_seconds, &idle_timeout_ms, &error))
    return vmsockctl_usage_error ("%s", error->message);
  target = vmsockctl_address_parse_target (argv[2], dial_options.connections, &error);
  if (target == NULL)
    return vmsockctl_usage_error ("%s", error->message);

  vmsockctl_platform_prepare_relay (verbose);
  listener = vmsockctl_listener_new (argv[1], verbose, stop, &forward, &status);
  if (listener == NULL)
    return status;

  relays = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) vmsockctl_relay_free, NULL);
  acceptor = vmsockctl_acceptor_new (listener, verbose, accepted, &forward);
  forward = (Forward) {
    .acceptor = acceptor,
    .target = target,
    .dialer = dialer,
    .cancellable = cancellable,
    .relays = relays,
    .idle_timeout_ms = idle_timeout_ms,
    .verbose = verbose,
  };
  vmsockctl_acceptor_next (acceptor);

  /* The listener's end then removes a Unix socket file. */
  while (!forward.stopping || g_hash_table_size (relays) > 0 || forward.dialling > 0)
    g_main_context_iteration (NULL, TRUE);
  return VMSOCKCTL_EXIT_SUCCESS;
}
