/* vmsockctl-relay.c: moving data both ways between two endpoints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

typedef struct
{
  VmsockctlRelay *relay;
  VmsockctlEndpoint in;
  VmsockctlEndpoint out;
  GThread *thread;
} Direction;

struct _VmsockctlRelay
{
  GSocketConnection *first;
  GSocketConnection *second;
  Direction directions[2];
  GMainContext *context;
  VmsockctlRelayDone done;
  gpointer data;

  gint running;
  GMutex lock;
  GError *error;
};

static int
connection_fd (GSocketConnection *connection)
{
  return g_socket_get_fd (g_socket_connection_get_socket (connection));
}

VmsockctlRelay *
vmsockctl_relay_new (GSocketConnection  *first,
                     GSocketConnection  *second,
                     VmsockctlRelayDone  done,
                     gpointer            data)
{
  VmsockctlRelay *relay = g_new0 (VmsockctlRelay, 1);
  int first_fd = connection_fd (first);

  relay->first = g_object_ref (first);
  relay->second = second != NULL ? g_object_ref (second) : NULL;
  relay->context = g_main_context_ref_thread_default ();
  relay->done = done;
  relay->data = data;
  g_mutex_init (&relay->lock);

  /* The threads wait in the kernel rather than in GSocket. */
  vmsockctl_platform_set_blocking (first_fd);
  if (second != NULL)
    {
      int second_fd = connection_fd (second);

      vmsockctl_platform_set_blocking (second_fd);
      relay->directions[0] = (Direction) { relay, { first_fd, TRUE }, { second_fd, TRUE }, NULL };
      relay->directions[1] = (Direction) { relay, { second_fd, TRUE }, { first_fd, TRUE }, NULL };
    }
  else
    {
      relay->directions[0] = (Direction) { relay, { 0, FALSE }, { first_fd, TRUE }, NULL };
      relay->directions[1] = (Direction) { relay, { first_fd, TRUE }, { 1, FALSE }, NULL };
    }
  return relay;
}

static gboolean
report_done (gpointer data)
{
  VmsockctlRelay *relay = data;

  relay->done (relay, relay->data);
  return G_SOURCE_REMOVE;
}

/* Always through a source: g_main_context_invoke() would run done in a relay
 * thread whenever that thread could acquire the context, and the thread would
 * then join itself when done frees the relay. */
static void
report_done_in_context (VmsockctlRelay *relay)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, report_done, relay, NULL);
  g_source_set_static_name (source, "[vmsockctl] relay done");
  g_source_attach (source, relay->context);
}

static gpointer
run_direction (gpointer data)
{
  Direction *direction = data;
  VmsockctlRelay *relay = direction->relay;
  g_autoptr(GError) error = NULL;

  if (!vmsockctl_platform_copy (direction->in, direction->out, &error))
    {
      g_mutex_lock (&relay->lock);
      if (relay->error == NULL)
        relay->error = g_steal_pointer (&error);
      g_mutex_unlock (&relay->lock);
    }
  vmsockctl_platform_end_writing (direction->out);

  if (g_atomic_int_dec_and_test (&relay->running))
    report_done_in_context (relay);
  return NULL;
}

void
vmsockctl_relay_start (VmsockctlRelay *relay)
{
  g_atomic_int_set (&relay->running, 2);
  for (guint i = 0; i < 2; i++)
    {
      GError *error = NULL;

      relay->directions[i].thread = g_thread_try_new ("vmsockctl-relay", run_direction,
                                                      &relay->directions[i], &error);
      if (relay->directions[i].thread != NULL)
        continue;

      /* Out of threads: this connection ends, the others go on. */
      g_mutex_lock (&relay->lock);
      if (relay->error == NULL)
        relay->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&relay->lock);
      vmsockctl_relay_abort (relay);
      if (g_atomic_int_dec_and_test (&relay->running))
        report_done_in_context (relay);
    }
}

void
vmsockctl_relay_abort (VmsockctlRelay *relay)
{
  vmsockctl_platform_shutdown (connection_fd (relay->first));
  if (relay->second != NULL)
    vmsockctl_platform_shutdown (connection_fd (relay->second));
}

const GError *
vmsockctl_relay_get_error (VmsockctlRelay *relay)
{
  return relay->error;
}

void
vmsockctl_relay_free (VmsockctlRelay *relay)
{
  for (guint i = 0; i < 2; i++)
    if (relay->directions[i].thread != NULL)
      g_thread_join (relay->directions[i].thread);

  g_clear_object (&relay->first);
  g_clear_object (&relay->second);
  g_main_context_unref (relay->context);
  g_clear_error (&relay->error);
  g_mutex_clear (&relay->lock);
  g_free (relay);
}

typedef struct
{
  gboolean done;
  VmsockctlRelay *relay;
} StdioSession;

static void
stdio_done (VmsockctlRelay *relay,
            gpointer        data)
{
  StdioSession *session = data;

  session->done = TRUE;
}

static gboolean
stdio_terminate (gpointer data)
{
  StdioSession *session = data;

  vmsockctl_relay_abort (session->relay);
  /* Standard input may not end by itself. */
  session->done = TRUE;
  return G_SOURCE_CONTINUE;
}

gboolean
vmsockctl_relay_stdio (GSocketConnection  *connection,
                       GError            **error)
{
  StdioSession session = { FALSE, NULL };
  gboolean ok;

  session.relay = vmsockctl_relay_new (connection, NULL, stdio_done, &session);
  vmsockctl_platform_on_termination (stdio_terminate, &session);
  vmsockctl_relay_start (session.relay);
  while (!session.done)
    g_main_context_iteration (NULL, TRUE);

  ok = vmsockctl_relay_get_error (session.relay) == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (vmsockctl_relay_get_error (session.relay)));
  /* A thread still reading a terminal is left to the end of the process. */
  if (g_atomic_int_get (&session.relay->running) == 0)
    vmsockctl_relay_free (session.relay);
  return ok;
}
