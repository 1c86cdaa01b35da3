/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Many connections of random sizes, 64 at a time, each echoed and checked
 * with SHA-256 by `vmsockctl bench run --mode random`: through
 * VmsockThreadedSocketService, VmsockSocketService, and `vmsockctl forward`
 * in front of a service.  Nothing may be lost or changed, and the servers
 * must end with no more descriptors and threads than they began with.
 *
 * VMSOCK_STRESS_CONNECTIONS sets the number of connections of each run.
 */

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "guest-check.h"
#include "guest-util.h"
#include "vmsockctl-bench-protocol.h"

#define DEFAULT_CONNECTIONS 1000
#define PARALLEL 64
#define MAX_SIZE "64K"
/* How long a server waits for a client that does nothing. */
#define SERVER_TIMEOUT_US (60 * G_USEC_PER_SEC)
/* How long finished connections may take to give back what they used. */
#define SETTLE_SECONDS 30

/* What the servers of this process failed at. */
static gint server_failures;
static GMutex failure_lock;
static char *first_failure;

static void
note_failure (const GError *error)
{
  g_mutex_lock (&failure_lock);
  if (first_failure == NULL)
    first_failure = g_strdup (error->message);
  g_mutex_unlock (&failure_lock);
  g_atomic_int_inc (&server_failures);
}

static void
assert_no_server_failures (void)
{
  if (g_atomic_int_get (&server_failures) > 0)
    g_error ("%d connections failed in the server; the first: %s",
             g_atomic_int_get (&server_failures), first_failure);
}

/* The threaded service: one blocking bench server a connection. */
static gboolean
serve_in_thread (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source_object,
                 gpointer                data)
{
  g_autoptr(GError) error = NULL;

  if (!vmsockctl_bench_serve (g_socket_connection_get_socket (connection), SERVER_TIMEOUT_US,
                              &error))
    note_failure (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* The plain service: the check operation with GIO's asynchronous streams,
 * in the main context. */
typedef struct
{
  GSocketConnection *connection;
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  VmsockctlBenchRequest request;
  GChecksum *checksum;
  guint64 done;
  guint8 digest[VMSOCKCTL_BENCH_DIGEST_SIZE];
  char buffer[64 * 1024];
} Echo;

static void
echo_free (Echo *echo)
{
  g_io_stream_close (G_IO_STREAM (echo->connection), NULL, NULL);
  g_object_unref (echo->connection);
  g_checksum_free (echo->checksum);
  g_free (echo);
}

static void
echo_fail (Echo   *echo,
           GError *error)
{
  note_failure (error);
  g_error_free (error);
  echo_free (echo);
}

static GInputStream *
echo_input (Echo *echo)
{
  return g_io_stream_get_input_stream (G_IO_STREAM (echo->connection));
}

static GOutputStream *
echo_output (Echo *echo)
{
  return g_io_stream_get_output_stream (G_IO_STREAM (echo->connection));
}

static void echo_next (Echo *echo);

static void
on_sent_last (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Echo *echo = data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    echo_fail (echo, error);
  else
    echo_free (echo);
}

static void
on_echoed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Echo *echo = data;
  GError *error = NULL;
  gsize written;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      echo_fail (echo, error);
      return;
    }
  echo->done += written;
  echo_next (echo);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Echo *echo = data;
  GError *error = NULL;
  gssize received = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (received == 0)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "the client ended after %"
                         G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                         echo->done, echo->request.size);
  if (error != NULL)
    {
      echo_fail (echo, error);
      return;
    }
  g_checksum_update (echo->checksum, (const guchar *) echo->buffer, received);
  g_output_stream_write_all_async (echo_output (echo), echo->buffer, received, G_PRIORITY_DEFAULT,
                                   NULL, on_echoed, echo);
}

static void
echo_next (Echo *echo)
{
  gsize size = sizeof echo->digest;

  if (echo->done < echo->request.size)
    {
      g_input_stream_read_async (echo_input (echo), echo->buffer,
                                 MIN (sizeof echo->buffer, echo->request.size - echo->done),
                                 G_PRIORITY_DEFAULT, NULL, on_read, echo);
      return;
    }
  g_checksum_get_digest (echo->checksum, echo->digest, &size);
  g_output_stream_write_all_async (echo_output (echo), echo->digest, size, G_PRIORITY_DEFAULT,
                                   NULL, on_sent_last, echo);
}

static void
on_replied (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Echo *echo = data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    echo_fail (echo, error);
  else if (echo->request.op == VMSOCKCTL_BENCH_OP_CONNECT)
    echo_free (echo);
  else
    echo_next (echo);
}

static void
on_header (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Echo *echo = data;
  GError *error = NULL;
  gsize received;
  VmsockctlBenchStatus status;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &received, &error))
    {
      echo_fail (echo, error);
      return;
    }
  if (!vmsockctl_bench_parse_request (echo->header, &echo->request, &status, &error) ||
      (echo->request.op != VMSOCKCTL_BENCH_OP_CHECK && echo->request.op != VMSOCKCTL_BENCH_OP_CONNECT))
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "this server only checks");
      echo_fail (echo, error);
      return;
    }
  vmsockctl_bench_format_reply (status, echo->reply);
  g_output_stream_write_all_async (echo_output (echo), echo->reply, sizeof echo->reply,
                                   G_PRIORITY_DEFAULT, NULL, on_replied, echo);
}

static gboolean
serve_async (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  Echo *echo = g_new0 (Echo, 1);

  echo->connection = g_object_ref (connection);
  echo->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  /* A client that stops answering fails its connection, not the test. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection),
                        SERVER_TIMEOUT_US / G_USEC_PER_SEC);
  g_input_stream_read_all_async (echo_input (echo), echo->header, sizeof echo->header,
                                 G_PRIORITY_DEFAULT, NULL, on_header, echo);
  return TRUE;
}

/* What a process holds: open descriptors and threads. */
typedef struct
{
  guint fds;
  guint threads;
} Usage;

static guint
count_entries (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  guint count = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static Usage
usage_of (const char *proc)
{
  g_autofree char *fd = g_build_filename (proc, "fd", NULL);
  g_autofree char *task = g_build_filename (proc, "task", NULL);

  return (Usage) { count_entries (fd), count_entries (task) };
}

/* Serves for @ms milliseconds. */
static void
serve_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * (gint64) 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

/* What @proc holds once it holds no more than @limit, or after
 * SETTLE_SECONDS, serving meanwhile. */
static Usage
settle (const char  *proc,
        const Usage *limit)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_SECONDS * G_USEC_PER_SEC;
  Usage usage;

  while ((usage = usage_of (proc), usage.fds > limit->fds || usage.threads > limit->threads) &&
         g_get_monotonic_time () < deadline)
    serve_for (100);
  return usage;
}

typedef struct
{
  gboolean done;
  char *output;
  char *errors;
  GError *error;
} Communication;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Communication *communication = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &communication->output,
                                        &communication->errors, &communication->error);
  communication->done = TRUE;
}

static guint
connection_count (void)
{
  const char *text = g_getenv ("VMSOCK_STRESS_CONNECTIONS");
  guint64 count = DEFAULT_CONNECTIONS;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &count, NULL))
    g_error ("VMSOCK_STRESS_CONNECTIONS=%s is not a number of connections", text);
  return count;
}

static gint64
json_member (JsonObject *object,
             const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

/* `vmsockctl bench run --mode random` with @connections to vsock:local:@port,
 * serving meanwhile; asserts that none was lost or changed. */
static void
run_bench (guint32 port,
           guint   connections)
{
  const char *vmsockctl = g_getenv ("VMSOCKCTL");
  g_autofree char *count = g_strdup_printf ("--count=%u", connections);
  g_autofree char *parallel = g_strdup_printf ("--parallel=%u", MIN (connections, PARALLEL));
  g_autofree char *address = g_strdup_printf ("vsock:local:%u", port);
  const char *argv[] = { vmsockctl != NULL ? vmsockctl : "vmsockctl", "bench", "run",
                         "--mode=random", count, parallel, "--size=" MAX_SIZE, "--json=short",
                         "--timeout=60", "--retries=100", address, NULL };
  g_autoptr(GSubprocess) bench = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Communication communication = { 0 };
  JsonObject *row;

  bench = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (bench, NULL, NULL, on_communicated, &communication);
  while (!communication.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (communication.error);
  if (!g_subprocess_get_if_exited (bench) || g_subprocess_get_exit_status (bench) != 0)
    g_error ("vmsockctl bench run failed: %s%s", communication.errors, communication.output);

  json_parser_load_from_data (parser, communication.output, -1, &error);
  g_assert_no_error (error);
  row = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_member (row, "connections"), ==, connections);
  g_assert_cmpint (json_member (row, "corrupt"), ==, 0);
  g_assert_cmpint (json_member (row, "lost"), ==, 0);
  g_test_message ("%u connections, %" G_GINT64_FORMAT " bytes, in %.1f s",
                  connections, json_member (row, "bytes"),
                  json_member (row, "microseconds") / (double) G_USEC_PER_SEC);
  g_free (communication.output);
  g_free (communication.errors);
}

/* A full run against @port, after a first one that starts what the
 * servers keep (threads of pools); @procs (the servers' /proc folders)
 * must hold no more afterwards than before. */
static void
stress (guint32             port,
        const char * const *procs)
{
  Usage before[2], after;
  gint64 start;
  guint n_procs = g_strv_length ((char **) procs);

  g_assert_cmpuint (n_procs, <=, G_N_ELEMENTS (before));
  run_bench (port, PARALLEL);
  /* Pool threads idle for half a second before they leave. */
  serve_for (1000);
  for (guint i = 0; i < n_procs; i++)
    before[i] = usage_of (procs[i]);

  start = g_get_monotonic_time ();
  run_bench (port, connection_count ());
  g_test_message ("wall time of the run: %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < n_procs; i++)
    {
      after = settle (procs[i], &before[i]);
      g_test_message ("%s: %u descriptors and %u threads before, %u and %u after", procs[i],
                      before[i].fds, before[i].threads, after.fds, after.threads);
      g_assert_cmpuint (after.fds, <=, before[i].fds);
      g_assert_cmpuint (after.threads, <=, before[i].threads);
    }
  assert_no_server_failures ();
}

static GSocketService *
start_threaded_service (guint32 *port)
{
  GSocketService *service = vmsock_threaded_socket_service_new (PARALLEL);

  *port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "run", G_CALLBACK (serve_in_thread), NULL);
  g_socket_service_start (service);
  return service;
}

static void
stop_service (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_threaded_socket_service (void)
{
  const char * const procs[] = { "/proc/self", NULL };
  g_autoptr(GSocketService) service = NULL;
  guint32 port;

  service = start_threaded_service (&port);
  stress (port, procs);
  stop_service (service);
}

static void
test_socket_service (void)
{
  const char * const procs[] = { "/proc/self", NULL };
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "incoming", G_CALLBACK (serve_async), NULL);
  g_socket_service_start (service);
  stress (port, procs);
  stop_service (service);
}

static void
test_forward (void)
{
  const char *vmsockctl = g_getenv ("VMSOCKCTL");
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSubprocess) forward = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *target = NULL;
  g_autofree char *forward_proc = NULL;
  guint32 service_port, forward_port = guest_unused_port ();

  service = start_threaded_service (&service_port);
  listen = g_strdup_printf ("vsock:any:%u", forward_port);
  target = g_strdup_printf ("vsock:local:%u", service_port);
  forward = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                              vmsockctl != NULL ? vmsockctl : "vmsockctl", "forward", listen, target,
                              NULL);
  g_assert_no_error (error);
  forward_proc = g_strdup_printf ("/proc/%s", g_subprocess_get_identifier (forward));

  /* bench run tries again until forward listens. */
  stress (forward_port, (const char * const[]) { forward_proc, "/proc/self", NULL });

  g_subprocess_send_signal (forward, SIGTERM);
  g_assert_true (g_subprocess_wait (forward, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (forward));
  g_assert_cmpint (g_subprocess_get_exit_status (forward), ==, 0);
  stop_service (service);
}

int
main (int argc, char **argv)
{
  vmsock_test_require_guest (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stress/threaded-socket-service", test_threaded_socket_service);
  g_test_add_func ("/stress/socket-service", test_socket_service);
  g_test_add_func ("/stress/forward", test_forward);

  return g_test_run ();
}
