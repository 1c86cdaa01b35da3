/* vmsockctl-forward.c: vmsockctl forward
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsockctl.h"
#include "vmsockctl-address.h"
#include "vmsockctl-dial.h"
#include "vmsockctl-listener.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

typedef struct
{
  GSocketListener *listener;
  GSocketConnectable *target;
  VmsockDialer *dialer;
  GCancellable *cancellable;
  /* The relays running, and the connections still being dialled. */
  GHashTable *relays;
  guint dialling;
  /* Set while accepting fails; the source that tries again. */
  gboolean accept_failing;
  guint accept_retry_source;
  gboolean verbose;
  gboolean stopping;
} Forward;

/* A failed accept, such as with no descriptor left, would fail again at
 * once: the connection stays queued.  Wait this long before trying again. */
#define ACCEPT_RETRY_DELAY_MS 250

typedef struct
{
  Forward *forward;
  GSocketConnection *incoming;
} Dial;

static void accept_next (Forward *forward);

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
      g_hash_table_add (forward->relays, relay);
      vmsockctl_relay_start (relay);
    }

  g_object_unref (dial->incoming);
  g_free (dial);
}

static gboolean
accept_again (gpointer data)
{
  Forward *forward = data;

  forward->accept_retry_source = 0;
  accept_next (forward);
  return G_SOURCE_REMOVE;
}

static void
accepted (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Forward *forward = data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *incoming;
  Dial *dial;

  incoming = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, &error);
  if (incoming == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Said once until accepting works again, not once per attempt. */
      if (!forward->accept_failing)
        vmsockctl_print_error (_("Could not accept a connection: %s"), error->message);
      forward->accept_failing = TRUE;
      forward->accept_retry_source = g_timeout_add (ACCEPT_RETRY_DELAY_MS, accept_again, forward);
      return;
    }
  forward->accept_failing = FALSE;

  if (forward->verbose)
    vmsockctl_listener_report_peer (incoming);

  dial = g_new0 (Dial, 1);
  dial->forward = forward;
  dial->incoming = incoming;
  forward->dialling++;
  vmsock_dialer_connect_async (forward->dialer, forward->target, forward->cancellable, dialled, dial);
  accept_next (forward);
}

static void
accept_next (Forward *forward)
{
  g_socket_listener_accept_async (forward->listener, forward->cancellable, accepted, forward);
}

static gboolean
stop (gpointer data)
{
  Forward *forward = data;
  GHashTableIter iter;
  gpointer relay;

  forward->stopping = TRUE;
  g_clear_handle_id (&forward->accept_retry_source, g_source_remove);
  g_cancellable_cancel (forward->cancellable);
  g_socket_listener_close (forward->listener);
  g_hash_table_iter_init (&iter, forward->relays);
  while (g_hash_table_iter_next (&iter, &relay, NULL))
    vmsockctl_relay_abort (relay);
  return G_SOURCE_CONTINUE;
}

VmsockctlExit
vmsockctl_forward (int   argc,
                   char *argv[])
{
  VmsockctlDialOptions dial_options = VMSOCKCTL_DIAL_OPTIONS_INIT;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    VMSOCKCTL_DIAL_OPTION_ENTRIES (dial_options),
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
  g_autoptr(GError) error = NULL;
  Forward forward = { 0 };
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
  if (dialer == NULL)
    return vmsockctl_usage_error ("%s", error->message);
  target = vmsockctl_address_parse_target (argv[2], &error);
  if (target == NULL)
    return vmsockctl_usage_error ("%s", error->message);

  vmsockctl_platform_prepare_relay (verbose);
  listener = vmsockctl_listener_new (argv[1], verbose, stop, &forward, &status);
  if (listener == NULL)
    return status;

  relays = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) vmsockctl_relay_free, NULL);
  forward = (Forward) {
    .listener = listener,
    .target = target,
    .dialer = dialer,
    .cancellable = cancellable,
    .relays = relays,
    .verbose = verbose,
  };
  accept_next (&forward);

  while (!forward.stopping || g_hash_table_size (relays) > 0 || forward.dialling > 0)
    g_main_context_iteration (NULL, TRUE);
  return VMSOCKCTL_EXIT_SUCCESS;
}
