/* vmsockctl-relay.c: moving data both ways between two endpoints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvmsock-glib/vmsock.h>

#include "libvmsock-glib/vmsock-duration-private.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-relay.h"

/* One way, which the main context drives where the platform can watch
 * both ends, and a thread runs otherwise. */
typedef struct
{
  VmsockctlRelay *relay;
  VmsockctlEndpoint in;
  VmsockctlEndpoint out;
  VmsockctlWatchedCopy *watched;
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

  /* Bumped by each direction whenever it moves data. */
  gint activity;
  guint idle_timeout_ms;
  GSource *idle_source;
  gint activity_seen;
  gint64 last_activity;
};

/* How often an idle timeout is checked: a fraction of it, within bounds. */
#define IDLE_CHECKS_PER_TIMEOUT 8
#define IDLE_CHECK_MIN_MS 10
#define IDLE_CHECK_MAX_MS 1000

static int
connection_fd (GSocketConnection *connection)
{
  return g_socket_get_fd (g_socket_connection_get_socket (connection));
}

static VmsockctlEndpoint
connection_endpoint (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  return (VmsockctlEndpoint) { g_socket_get_fd (socket), TRUE, g_socket_get_family (socket) };
}

static VmsockctlRelay *
relay_new (GSocketConnection  *first,
           GSocketConnection  *second,
           VmsockctlRelayDone  done,
           gpointer            data)
{
  VmsockctlRelay *relay = g_new0 (VmsockctlRelay, 1);

  relay->first = g_object_ref (first);
  relay->second = second != NULL ? g_object_ref (second) : NULL;
  relay->context = g_main_context_ref_thread_default ();
  relay->done = done;
  relay->data = data;
  g_mutex_init (&relay->lock);
  return relay;
}

VmsockctlRelay *
vmsockctl_relay_new (GSocketConnection  *first,
                     GSocketConnection  *second,
                     VmsockctlRelayDone  done,
                     gpointer            data)
{
  VmsockctlRelay *relay = relay_new (first, second, done, data);
  VmsockctlEndpoint first_end = connection_endpoint (first);
  VmsockctlEndpoint second_end = connection_endpoint (second);

  relay->directions[0] = (Direction) { relay, first_end, second_end, NULL, NULL };
  relay->directions[1] = (Direction) { relay, second_end, first_end, NULL, NULL };
  return relay;
}

VmsockctlRelay *
vmsockctl_relay_new_local (GSocketConnection  *connection,
                           VmsockctlEndpoint   input,
                           VmsockctlEndpoint   output,
                           VmsockctlRelayDone  done,
                           gpointer            data)
{
  VmsockctlRelay *relay = relay_new (connection, NULL, done, data);
  VmsockctlEndpoint end = connection_endpoint (connection);

  relay->directions[0] = (Direction) { relay, input, end, NULL, NULL };
  relay->directions[1] = (Direction) { relay, end, output, NULL, NULL };
  return relay;
}

gboolean
vmsockctl_relay_idle_option (double    seconds,
                             guint    *milliseconds,
                             GError  **error)
{
  if (!(seconds >= 0 && seconds <= G_MAXUINT / 1000))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The idle timeout must be a number of seconds between 0 and %u"),
                   G_MAXUINT / 1000);
      return FALSE;
    }
  /* Rounded, as the connection timeout is; a positive time never becomes 0. */
  *milliseconds = (guint) (seconds * 1000 + 0.5);
  if (*milliseconds == 0 && seconds > 0)
    *milliseconds = 1;
  return TRUE;
}

void
vmsockctl_relay_set_idle_timeout (VmsockctlRelay *relay,
                                  guint           milliseconds)
{
  relay->idle_timeout_ms = milliseconds;
}

/* Keeps the first failure of either direction. */
static void
relay_fail (VmsockctlRelay *relay,
            GError         *error)
{
  g_mutex_lock (&relay->lock);
  if (relay->error == NULL)
    relay->error = g_steal_pointer (&error);
  g_mutex_unlock (&relay->lock);
  g_clear_error (&error);
}

static gboolean
check_idle (gpointer data)
{
  VmsockctlRelay *relay = data;
  gint activity = g_atomic_int_get (&relay->activity);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *duration = NULL;

  if (activity != relay->activity_seen)
    {
      relay->activity_seen = activity;
      relay->last_activity = now;
      return G_SOURCE_CONTINUE;
    }
  if (now - relay->last_activity < relay->idle_timeout_ms * (gint64) 1000)
    return G_SOURCE_CONTINUE;

  duration = _vmsock_duration_to_string (relay->idle_timeout_ms);
  /* TRANSLATORS: %s is a time limit, such as “10 seconds”. */
  relay_fail (relay, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                  _("Nothing was sent either way for %s"), duration));
  vmsockctl_relay_abort (relay);
  g_clear_pointer (&relay->idle_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
start_idle_timeout (VmsockctlRelay *relay)
{
  guint interval = CLAMP (relay->idle_timeout_ms / IDLE_CHECKS_PER_TIMEOUT,
                          IDLE_CHECK_MIN_MS, IDLE_CHECK_MAX_MS);

  relay->last_activity = g_get_monotonic_time ();
  relay->idle_source = g_timeout_source_new (interval);
  g_source_set_callback (relay->idle_source, check_idle, relay, NULL);
  g_source_set_static_name (relay->idle_source, "[vmsockctl] idle timeout");
  g_source_attach (relay->idle_source, relay->context);
}

static void
stop_idle_timeout (VmsockctlRelay *relay)
{
  if (relay->idle_source != NULL)
    {
      g_source_destroy (relay->idle_source);
      g_clear_pointer (&relay->idle_source, g_source_unref);
    }
}

static gboolean
report_done (gpointer data)
{
  VmsockctlRelay *relay = data;

  stop_idle_timeout (relay);
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

/* Counts a direction out; done follows the last, right away when called in
 * the main context (from a watched copy, which allows freeing the relay),
 * through a source otherwise. */
static void
direction_ended (VmsockctlRelay *relay,
                 gboolean        in_context)
{
  if (!g_atomic_int_dec_and_test (&relay->running))
    return;
  if (in_context)
    report_done (relay);
  else
    report_done_in_context (relay);
}

static gpointer
run_direction (gpointer data)
{
  Direction *direction = data;
  VmsockctlRelay *relay = direction->relay;
  g_autoptr(GError) error = NULL;

  if (!vmsockctl_platform_copy (direction->in, direction->out, &relay->activity, &error))
    relay_fail (relay, g_steal_pointer (&error));
  vmsockctl_platform_end_writing (direction->out);
  direction_ended (relay, FALSE);
  return NULL;
}

static void
watched_direction_ended (const GError *error,
                         gpointer      data)
{
  Direction *direction = data;

  if (error != NULL)
    relay_fail (direction->relay, g_error_copy (error));
  direction_ended (direction->relay, TRUE);
}

static gboolean
can_watch (VmsockctlRelay *relay)
{
  for (guint i = 0; i < 2; i++)
    if (!vmsockctl_platform_can_watch (relay->directions[i].in) ||
        !vmsockctl_platform_can_watch (relay->directions[i].out))
      return FALSE;
  return TRUE;
}

/* This connection ends, the others go on. */
static void
direction_failed (VmsockctlRelay *relay,
                  GError         *error)
{
  relay_fail (relay, error);
  vmsockctl_relay_abort (relay);
  direction_ended (relay, FALSE);
}

void
vmsockctl_relay_start (VmsockctlRelay *relay)
{
  gboolean watched = can_watch (relay);

  g_atomic_int_set (&relay->running, 2);
  if (relay->idle_timeout_ms > 0)
    start_idle_timeout (relay);

  /* The threads wait in the kernel rather than in GSocket. */
  if (!watched)
    {
      vmsockctl_platform_set_blocking (connection_fd (relay->first));
      if (relay->second != NULL)
        vmsockctl_platform_set_blocking (connection_fd (relay->second));
    }

  for (guint i = 0; i < 2; i++)
    {
      Direction *direction = &relay->directions[i];
      GError *error = NULL;

      if (watched)
        direction->watched = vmsockctl_platform_watch_copy (direction->in, direction->out,
                                                            &relay->activity,
                                                            watched_direction_ended, direction,
                                                            &error);
      else
        direction->thread = g_thread_try_new ("vmsockctl-relay", run_direction, direction, &error);
      if (direction->watched == NULL && direction->thread == NULL)
        direction_failed (relay, error);
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
    {
      if (relay->directions[i].thread != NULL)
        g_thread_join (relay->directions[i].thread);
      g_clear_pointer (&relay->directions[i].watched, vmsockctl_platform_watched_copy_free);
    }

  stop_idle_timeout (relay);
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
                       guint               idle_timeout_ms,
                       GError            **error)
{
  StdioSession session = { FALSE, NULL };
  gboolean ok;

  session.relay = vmsockctl_relay_new_local (connection, (VmsockctlEndpoint) { .fd = 0 },
                                             (VmsockctlEndpoint) { .fd = 1 }, stdio_done, &session);
  vmsockctl_relay_set_idle_timeout (session.relay, idle_timeout_ms);
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
