/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What GIO's layers cost on top of the kernel's sockets: AF_VSOCK through
 * vsock_loopback in the test guest, and in the same run TCP on 127.0.0.1,
 * GIO's own baseline.
 *
 *   stream throughput  connections sending buffers of 4 KiB, 64 KiB and
 *                      1 MiB: read(2)/write(2); g_socket_send/receive;
 *                      a GSocketConnection's GInputStream/GOutputStream;
 *                      the same streams' asynchronous calls on a main loop.
 *                      Both peers use the same layer and speak the sink
 *                      operation of the vmsockctl bench protocol.
 *   connection rate    connections one after another, each accepted and
 *                      closed at once by the server, the client waiting for
 *                      that end: socket(2)/connect(2)/accept(2),
 *                      g_socket_connect, a stock GSocketClient and
 *                      VmsockDialer, against a raw server, a stock
 *                      GSocketService and VmsockSocketService.
 *
 * A round gives every path of a workload the same work in slices, the paths
 * taking turns slice by slice in an order that rotates, so that a slow
 * moment of a shared machine falls on every path alike; each ratio to the
 * raw path of the same family is taken within a round, then summarised over
 * the rounds (median, min–max).
 * Every thread runs on the first CPU: under TCG on a shared host, waking a
 * thread on the other vCPU costs milliseconds at random, which hides what
 * the layers cost; on one CPU a run measures the work each layer does.
 * Before anything is timed, `vmsockctl bench run` checks every stream
 * server, and every stream client sends to `vmsockctl bench serve`: each
 * end is checked against another implementation of the protocol.
 *
 * A measurement, not a test: it exits 0 whatever the numbers, and fails if
 * a peer miscounts data or a connection fails.  Run it inside the test
 * guest only (tests/guest/vmsock-guest-run); --help lists its options.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <locale.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libvmsock-glib/vmsock.h>

#include "guest-check.h"
#include "guest-util.h"
#include "vmsockctl-bench-protocol.h"

#define MIB (1024.0 * 1024.0)
/* A measured run that takes longer than this has hung. */
#define RUN_TIMEOUT_SECONDS 600
#define LISTEN_BACKLOG 128

static const gsize buffer_sizes[] = { 4 * 1024, 64 * 1024, 1024 * 1024 };
#define N_SIZES G_N_ELEMENTS (buffer_sizes)

/* A round gives each path its work in this many slices, the paths taking
 * turns slice by slice, so that a busy moment of the machine falls on all
 * of them alike. */
#define SLICES 8

/* Options. */
static int rounds = 9;
static int stream_mib = 32;
static int connections = 480;
static char *only = NULL;
static gboolean skip_checks = FALSE;
static gboolean list_paths = FALSE;
static gboolean all_cpus = FALSE;

/* What one path sends, or how often it connects, in one slice. */
static guint64
slice_bytes (void)
{
  return (guint64) ((stream_mib + SLICES - 1) / SLICES) * 1024 * 1024;
}

static int
slice_connections (void)
{
  return (connections + SLICES - 1) / SLICES;
}

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("gio-benchmark: %s\n", message);
  exit (EXIT_FAILURE);
}

static void G_GNUC_NORETURN
fail_errno (const char *what)
{
  fail ("%s: %s", what, g_strerror (errno));
}

static void
check_no_error (GError     *error,
                const char *what)
{
  if (error != NULL)
    fail ("%s: %s", what, error->message);
}

/* --- The watchdog: a run that hangs ends the program, saying which. --- */

static const char *current_run = "";

static void
on_alarm (int signal_number)
{
  static const char prefix[] = "gio-benchmark: this run took too long and was stopped: ";

  if (write (STDERR_FILENO, prefix, sizeof prefix - 1) < 0 ||
      write (STDERR_FILENO, current_run, strlen (current_run)) < 0 ||
      write (STDERR_FILENO, "\n", 1) < 0)
    _exit (EXIT_FAILURE);
  _exit (EXIT_FAILURE);
}

static void
watch_run (const char *name)
{
  current_run = name;
  alarm (RUN_TIMEOUT_SECONDS);
}

static void
run_done (void)
{
  alarm (0);
}

/* --- Families and addresses. --- */

typedef enum
{
  FAMILY_VSOCK,
  FAMILY_TCP,
} Family;

static const char *
family_name (Family family)
{
  return family == FAMILY_VSOCK ? "vsock" : "TCP";
}

typedef struct
{
  struct sockaddr_storage storage;
  socklen_t length;
} Native;

/* Where clients reach a server: the typed address for GIO, its bytes for
 * the raw clients. */
typedef struct
{
  Family family;
  GSocketAddress *address;
  Native native;
} Target;

static void
native_of (GSocketAddress *address,
           Native         *native)
{
  g_autoptr(GError) error = NULL;

  native->length = g_socket_address_get_native_size (address);
  if (!g_socket_address_to_native (address, &native->storage, sizeof native->storage, &error))
    check_no_error (error, "native address");
}

/* What servers bind to: any port of this machine. */
static GSocketAddress *
any_address (Family family)
{
  g_autoptr(GInetAddress) loopback = NULL;

  if (family == FAMILY_VSOCK)
    return vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  return g_inet_socket_address_new (loopback, 0);
}

/* @bound: where a server listens, as GIO or getsockname(2) gave it. */
static void
target_init (Target         *target,
             Family          family,
             GSocketAddress *bound)
{
  g_autoptr(GError) error = NULL;

  target->family = family;
  if (family == FAMILY_VSOCK)
    {
      g_autoptr(GSocketAddress) typed = vmsock_socket_address_convert (bound, &error);

      check_no_error (error, "listening address");
      target->address = guest_local_address (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (typed)));
    }
  else
    {
      target->address = g_object_ref (bound);
    }
  native_of (target->address, &target->native);
}

static char *
target_to_string (const Target *target)
{
  if (target->family == FAMILY_VSOCK)
    return g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (target->address));
  return g_strdup_printf ("tcp:127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (target->address)));
}

static GSocket *
new_gsocket (Family family)
{
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  if (family == FAMILY_VSOCK)
    socket = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, &error);
  else
    socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  check_no_error (error, "g_socket_new");
  return socket;
}

/* Connections that GIO accepted for a family it does not know say they are
 * not connected until told (vmsock_socket_mark_connected). */
static void
mark_accepted (Family   family,
               GSocket *socket)
{
  g_autoptr(GError) error = NULL;

  if (family == FAMILY_VSOCK && !vmsock_socket_mark_connected (socket, &error))
    check_no_error (error, "accepted connection");
}

/* --- Raw sockets. --- */

static int
raw_connect (const Target *target)
{
  int fd = socket (target->native.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    fail_errno ("socket");
  if (connect (fd, (struct sockaddr *) &target->native.storage, target->native.length) < 0)
    fail_errno ("connect");
  return fd;
}

static int
raw_listen (Family  family,
            Target *target)
{
  g_autoptr(GSocketAddress) any = any_address (family);
  g_autoptr(GSocketAddress) bound = NULL;
  Native native;
  int fd;

  native_of (any, &native);
  fd = socket (native.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    fail_errno ("socket");
  if (bind (fd, (struct sockaddr *) &native.storage, native.length) < 0)
    fail_errno ("bind");
  if (listen (fd, LISTEN_BACKLOG) < 0)
    fail_errno ("listen");
  native.length = sizeof native.storage;
  if (getsockname (fd, (struct sockaddr *) &native.storage, &native.length) < 0)
    fail_errno ("getsockname");
  bound = g_socket_address_new_from_native (&native.storage, native.length);
  target_init (target, family, bound);
  return fd;
}

static gsize
raw_read (int    fd,
          void  *buffer,
          gsize  size)
{
  for (;;)
    {
      ssize_t received = read (fd, buffer, size);

      if (received >= 0)
        return received;
      if (errno != EINTR)
        fail_errno ("read");
    }
}

static void
raw_write_all (int         fd,
               const void *data,
               gsize       size)
{
  const char *next = data;

  while (size > 0)
    {
      ssize_t sent = write (fd, next, size);

      if (sent < 0)
        {
          if (errno == EINTR)
            continue;
          fail_errno ("write");
        }
      next += sent;
      size -= sent;
    }
}

/* --- The synchronous layers, each able to carry the sink operation. --- */

typedef struct Layer Layer;

/* One connection, through one layer. */
typedef struct
{
  const Layer *layer;
  Family family;
  int fd;
  GSocket *socket;
  GIOStream *stream;
} Conn;

struct Layer
{
  const char *name;
  /* Connects to @target; accepts a connection on a listening @conn. */
  void (*connect) (Conn *conn, const Target *target);
  /* Up to @size bytes, 0 at the end. */
  gsize (*receive) (Conn *conn, void *buffer, gsize size);
  void (*send_all) (Conn *conn, const void *data, gsize size);
  void (*shutdown_write) (Conn *conn);
  void (*close) (Conn *conn);
};

static void
raw_layer_connect (Conn         *conn,
                   const Target *target)
{
  conn->fd = raw_connect (target);
}

static gsize
raw_layer_receive (Conn  *conn,
                   void  *buffer,
                   gsize  size)
{
  return raw_read (conn->fd, buffer, size);
}

static void
raw_layer_send_all (Conn       *conn,
                    const void *data,
                    gsize       size)
{
  raw_write_all (conn->fd, data, size);
}

static void
raw_layer_shutdown_write (Conn *conn)
{
  if (shutdown (conn->fd, SHUT_WR) < 0)
    fail_errno ("shutdown");
}

static void
raw_layer_close (Conn *conn)
{
  close (conn->fd);
}

#define RAW_LAYER "read/write"

static const Layer raw_layer = {
  RAW_LAYER, raw_layer_connect, raw_layer_receive, raw_layer_send_all,
  raw_layer_shutdown_write, raw_layer_close,
};

static void
gsocket_layer_connect (Conn         *conn,
                       const Target *target)
{
  g_autoptr(GError) error = NULL;

  conn->socket = new_gsocket (target->family);
  if (!g_socket_connect (conn->socket, target->address, NULL, &error))
    check_no_error (error, "g_socket_connect");
}

static gsize
gsocket_layer_receive (Conn  *conn,
                       void  *buffer,
                       gsize  size)
{
  g_autoptr(GError) error = NULL;
  gssize received = g_socket_receive (conn->socket, buffer, size, NULL, &error);

  check_no_error (error, "g_socket_receive");
  return received;
}

static void
gsocket_layer_send_all (Conn       *conn,
                        const void *data,
                        gsize       size)
{
  const char *next = data;

  while (size > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize sent = g_socket_send (conn->socket, next, size, NULL, &error);

      check_no_error (error, "g_socket_send");
      next += sent;
      size -= sent;
    }
}

static void
gsocket_layer_shutdown_write (Conn *conn)
{
  g_autoptr(GError) error = NULL;

  if (!g_socket_shutdown (conn->socket, FALSE, TRUE, &error))
    check_no_error (error, "g_socket_shutdown");
}

static void
gsocket_layer_close (Conn *conn)
{
  g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->socket);
}

static const Layer gsocket_layer = {
  "GSocket", gsocket_layer_connect, gsocket_layer_receive, gsocket_layer_send_all,
  gsocket_layer_shutdown_write, gsocket_layer_close,
};

static void
streams_layer_connect (Conn         *conn,
                       const Target *target)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;

  conn->stream = G_IO_STREAM (g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target->address),
                                                       NULL, &error));
  check_no_error (error, "g_socket_client_connect");
}

static gsize
streams_layer_receive (Conn  *conn,
                       void  *buffer,
                       gsize  size)
{
  g_autoptr(GError) error = NULL;
  gssize received = g_input_stream_read (g_io_stream_get_input_stream (conn->stream), buffer, size,
                                         NULL, &error);

  check_no_error (error, "g_input_stream_read");
  return received;
}

static void
streams_layer_send_all (Conn       *conn,
                        const void *data,
                        gsize       size)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (conn->stream), data, size, NULL, NULL,
                             &error);
  check_no_error (error, "g_output_stream_write_all");
}

static void
streams_layer_shutdown_write (Conn *conn)
{
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (conn->stream));

  if (!g_socket_shutdown (socket, FALSE, TRUE, &error))
    check_no_error (error, "g_socket_shutdown");
}

static void
streams_layer_close (Conn *conn)
{
  g_io_stream_close (conn->stream, NULL, NULL);
  g_clear_object (&conn->stream);
}

static const Layer streams_layer = {
  "GIOStream", streams_layer_connect, streams_layer_receive, streams_layer_send_all,
  streams_layer_shutdown_write, streams_layer_close,
};

static void
receive_exact (Conn  *conn,
               void  *buffer,
               gsize  size)
{
  gsize done = 0;

  while (done < size)
    {
      gsize received = conn->layer->receive (conn, (char *) buffer + done, size - done);

      if (received == 0)
        fail ("%s: the connection ended after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
              conn->layer->name, done, size);
      done += received;
    }
}

/* The client's side of the sink operation: @total bytes, a multiple of
 * @size, in buffers of @size.  Returns the microseconds from the first
 * buffer to the server's count. */
static gint64
sink_client (Conn    *conn,
             gsize    size,
             guint64  total)
{
  VmsockctlBenchRequest request = { VMSOCKCTL_BENCH_OP_SINK, size, 0 };
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  g_autofree char *buffer = g_malloc0 (size);
  g_autoptr(GError) error = NULL;
  guint64 counted_be;
  guint64 sent;
  gint64 start, elapsed;

  vmsockctl_bench_format_request (&request, header);
  conn->layer->send_all (conn, header, sizeof header);
  receive_exact (conn, reply, sizeof reply);
  if (!vmsockctl_bench_check_reply (reply, &request, &error))
    check_no_error (error, conn->layer->name);

  start = g_get_monotonic_time ();
  for (sent = 0; sent < total; sent += size)
    conn->layer->send_all (conn, buffer, size);
  conn->layer->shutdown_write (conn);
  receive_exact (conn, &counted_be, sizeof counted_be);
  elapsed = g_get_monotonic_time () - start;

  if (GUINT64_FROM_BE (counted_be) != sent)
    fail ("%s: the server counted %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
          conn->layer->name, GUINT64_FROM_BE (counted_be), sent);
  return elapsed;
}

/* A request the servers answer: the sink operation, or the connect
 * operation (answered, then closed) with which `vmsockctl bench run` first
 * checks that a bench server listens. */
static gboolean
request_is_served (const VmsockctlBenchRequest *request)
{
  return request->op == VMSOCKCTL_BENCH_OP_CONNECT ||
         (request->op == VMSOCKCTL_BENCH_OP_SINK && request->size > 0);
}

/* The server's side of the sink operation. */
static void
sink_server (Conn *conn)
{
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  VmsockctlBenchRequest request;
  VmsockctlBenchStatus status;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  guint64 total = 0;
  guint64 total_be;
  gsize received;

  receive_exact (conn, header, sizeof header);
  if (!vmsockctl_bench_parse_request (header, &request, &status, &error))
    check_no_error (error, conn->layer->name);
  if (!request_is_served (&request))
    fail ("%s: a client asked for %s of %" G_GUINT64_FORMAT " bytes",
          conn->layer->name, vmsockctl_bench_op_to_string (request.op), request.size);
  vmsockctl_bench_format_reply (VMSOCKCTL_BENCH_STATUS_OK, reply);
  conn->layer->send_all (conn, reply, sizeof reply);
  if (request.op == VMSOCKCTL_BENCH_OP_CONNECT)
    return;

  buffer = g_malloc (request.size);
  while ((received = conn->layer->receive (conn, buffer, request.size)) > 0)
    total += received;
  total_be = GUINT64_TO_BE (total);
  conn->layer->send_all (conn, &total_be, sizeof total_be);
}

/* --- The asynchronous streams. --- */

typedef struct
{
  GIOStream *stream;
  char *buffer;
  gsize size;
  guint64 total;
  guint64 sent;
  gsize in_buffer;
  guint64 counted_be;
  gboolean done;
} AsyncSend;

static void
on_count_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncSend *send = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, NULL, &error))
    check_no_error (error, "g_input_stream_read_all_async");
  send->done = TRUE;
}

static void async_send_next (AsyncSend *send);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncSend *send = user_data;
  g_autoptr(GError) error = NULL;
  gssize written = g_output_stream_write_finish (G_OUTPUT_STREAM (source), result, &error);

  check_no_error (error, "g_output_stream_write_async");
  send->sent += written;
  send->in_buffer = (send->in_buffer + written) % send->size;
  async_send_next (send);
}

static void
async_send_next (AsyncSend *send)
{
  g_autoptr(GError) error = NULL;

  if (send->sent < send->total)
    {
      g_output_stream_write_async (g_io_stream_get_output_stream (send->stream),
                                   send->buffer + send->in_buffer, send->size - send->in_buffer,
                                   G_PRIORITY_DEFAULT, NULL, on_written, send);
      return;
    }
  if (!g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (send->stream)),
                          FALSE, TRUE, &error))
    check_no_error (error, "g_socket_shutdown");
  g_input_stream_read_all_async (g_io_stream_get_input_stream (send->stream), &send->counted_be,
                                 sizeof send->counted_be, G_PRIORITY_DEFAULT, NULL, on_count_read,
                                 send);
}

/* The client's side of the sink operation with asynchronous writes, on a
 * main context of its own; as sink_client(). */
static gint64
async_sink_client (const Target *target,
                   gsize         size,
                   guint64       total)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  VmsockctlBenchRequest request = { VMSOCKCTL_BENCH_OP_SINK, size, 0 };
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  g_autoptr(GError) error = NULL;
  Conn conn = { &streams_layer, target->family };
  AsyncSend send = { 0 };
  gint64 start, elapsed;

  g_main_context_push_thread_default (context);
  streams_layer_connect (&conn, target);
  vmsockctl_bench_format_request (&request, header);
  streams_layer_send_all (&conn, header, sizeof header);
  receive_exact (&conn, reply, sizeof reply);
  if (!vmsockctl_bench_check_reply (reply, &request, &error))
    check_no_error (error, "asynchronous streams");

  send.stream = conn.stream;
  send.buffer = g_malloc0 (size);
  send.size = size;
  send.total = total;
  start = g_get_monotonic_time ();
  async_send_next (&send);
  while (!send.done)
    g_main_context_iteration (context, TRUE);
  elapsed = g_get_monotonic_time () - start;

  if (GUINT64_FROM_BE (send.counted_be) != send.sent)
    fail ("asynchronous streams: the server counted %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
          GUINT64_FROM_BE (send.counted_be), send.sent);
  g_free (send.buffer);
  streams_layer_close (&conn);
  g_main_context_pop_thread_default (context);
  return elapsed;
}

/* The server's side, in a service's main context. */
typedef struct
{
  GIOStream *stream;
  guint8 header[VMSOCKCTL_BENCH_REQUEST_SIZE];
  guint8 reply[VMSOCKCTL_BENCH_REPLY_SIZE];
  VmsockctlBenchRequest request;
  char *buffer;
  guint64 total;
  guint64 total_be;
} AsyncSink;

static void
async_sink_free (AsyncSink *sink)
{
  g_io_stream_close (sink->stream, NULL, NULL);
  g_object_unref (sink->stream);
  g_free (sink->buffer);
  g_free (sink);
}

static void
on_count_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    check_no_error (error, "asynchronous sink");
  async_sink_free (user_data);
}

static void
on_sink_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncSink *sink = user_data;
  g_autoptr(GError) error = NULL;
  gssize received = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  check_no_error (error, "g_input_stream_read_async");
  if (received > 0)
    {
      sink->total += received;
      g_input_stream_read_async (G_INPUT_STREAM (source), sink->buffer, sink->request.size,
                                 G_PRIORITY_DEFAULT, NULL, on_sink_read, sink);
      return;
    }
  sink->total_be = GUINT64_TO_BE (sink->total);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (sink->stream), &sink->total_be,
                                   sizeof sink->total_be, G_PRIORITY_DEFAULT, NULL, on_count_sent,
                                   sink);
}

static void
on_sink_replied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncSink *sink = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    check_no_error (error, "asynchronous sink");
  if (sink->request.op == VMSOCKCTL_BENCH_OP_CONNECT)
    {
      async_sink_free (sink);
      return;
    }
  sink->buffer = g_malloc (sink->request.size);
  g_input_stream_read_async (g_io_stream_get_input_stream (sink->stream), sink->buffer,
                             sink->request.size, G_PRIORITY_DEFAULT, NULL, on_sink_read, sink);
}

static void
on_sink_header (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncSink *sink = user_data;
  g_autoptr(GError) error = NULL;
  VmsockctlBenchStatus status;
  gsize size;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &size, &error))
    check_no_error (error, "asynchronous sink");
  if (size < sizeof sink->header)
    fail ("asynchronous sink: the connection ended within the request");
  if (!vmsockctl_bench_parse_request (sink->header, &sink->request, &status, &error))
    check_no_error (error, "asynchronous sink");
  if (!request_is_served (&sink->request))
    fail ("asynchronous sink: a client asked for %s of %" G_GUINT64_FORMAT " bytes",
          vmsockctl_bench_op_to_string (sink->request.op), sink->request.size);
  vmsockctl_bench_format_reply (VMSOCKCTL_BENCH_STATUS_OK, sink->reply);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (sink->stream), sink->reply,
                                   sizeof sink->reply, G_PRIORITY_DEFAULT, NULL, on_sink_replied,
                                   sink);
}

static gboolean
on_incoming_sink (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  AsyncSink *sink = g_new0 (AsyncSink, 1);

  sink->stream = g_object_ref (G_IO_STREAM (connection));
  g_input_stream_read_all_async (g_io_stream_get_input_stream (sink->stream), sink->header,
                                 sizeof sink->header, G_PRIORITY_DEFAULT, NULL, on_sink_header, sink);
  return TRUE;
}

/* Connections of the connection-rate services end as soon as they come:
 * the service drops the last reference after this handler. */
static gboolean
on_incoming_close (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  return TRUE;
}

/* --- Servers, each in a thread of its own. --- */

typedef enum
{
  /* accept(2); the job on the file descriptor. */
  SERVER_RAW,
  /* g_socket_accept(); the job through g_socket_receive/send. */
  SERVER_GSOCKET,
  /* g_socket_listener_accept(); the job through the connection's streams. */
  SERVER_STREAMS,
  /* VmsockSocketService for vsock, GSocketService for TCP, in a main loop. */
  SERVER_SERVICE,
  /* A stock GSocketService, for vsock too. */
  SERVER_STOCK_SERVICE,
} ServerKind;

typedef enum
{
  /* Accept and close. */
  JOB_CLOSE,
  /* The sink operation. */
  JOB_SINK,
} Job;

typedef struct
{
  ServerKind kind;
  Job job;
  Family family;
  Target target;
  GThread *thread;
  gint stopping;
  /* What listens, by kind. */
  int fd;
  GSocket *socket;
  GSocketListener *listener;
  GMainContext *context;
  GMainLoop *loop;
  /* Until the service listens. */
  GMutex lock;
  GCond started_cond;
  gboolean started;
} Server;

static gpointer
run_blocking_server (gpointer data)
{
  Server *server = data;
  const Layer *layers[] = { &raw_layer, &gsocket_layer, &streams_layer };

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      Conn conn = { layers[server->kind], server->family };

      switch (server->kind)
        {
        case SERVER_RAW:
          conn.fd = accept4 (server->fd, NULL, NULL, SOCK_CLOEXEC);
          if (conn.fd < 0)
            fail_errno ("accept");
          break;
        case SERVER_GSOCKET:
          conn.socket = g_socket_accept (server->socket, NULL, &error);
          check_no_error (error, "g_socket_accept");
          mark_accepted (server->family, conn.socket);
          break;
        case SERVER_STREAMS:
          conn.stream = G_IO_STREAM (g_socket_listener_accept (server->listener, NULL, NULL, &error));
          check_no_error (error, "g_socket_listener_accept");
          mark_accepted (server->family, g_socket_connection_get_socket (G_SOCKET_CONNECTION (conn.stream)));
          break;
        default:
          g_assert_not_reached ();
        }

      if (!g_atomic_int_get (&server->stopping) && server->job == JOB_SINK)
        sink_server (&conn);
      conn.layer->close (&conn);
      if (g_atomic_int_get (&server->stopping))
        return NULL;
    }
}

static gpointer
run_service (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) any = any_address (server->family);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  if (server->kind == SERVER_SERVICE && server->family == FAMILY_VSOCK)
    service = vmsock_socket_service_new ();
  else
    service = g_socket_service_new ();
  g_signal_connect (service, "incoming",
                    G_CALLBACK (server->job == JOB_SINK ? on_incoming_sink : on_incoming_close), NULL);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, &bound, &error);
  check_no_error (error, "g_socket_listener_add_address");
  target_init (&server->target, server->family, bound);

  g_mutex_lock (&server->lock);
  server->started = TRUE;
  g_cond_signal (&server->started_cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static Server *
server_start (ServerKind kind,
              Job        job,
              Family     family)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GSocketAddress) any = any_address (family);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->kind = kind;
  server->fd = -1;
  server->job = job;
  server->family = family;
  g_mutex_init (&server->lock);
  g_cond_init (&server->started_cond);

  switch (kind)
    {
    case SERVER_RAW:
      server->fd = raw_listen (family, &server->target);
      break;
    case SERVER_GSOCKET:
      server->socket = new_gsocket (family);
      g_socket_set_listen_backlog (server->socket, LISTEN_BACKLOG);
      if (!g_socket_bind (server->socket, any, TRUE, &error) || !g_socket_listen (server->socket, &error))
        check_no_error (error, "listening GSocket");
      bound = g_socket_get_local_address (server->socket, &error);
      check_no_error (error, "g_socket_get_local_address");
      target_init (&server->target, family, bound);
      break;
    case SERVER_STREAMS:
      server->listener = g_socket_listener_new ();
      g_socket_listener_set_backlog (server->listener, LISTEN_BACKLOG);
      g_socket_listener_add_address (server->listener, any, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_DEFAULT, NULL, &bound, &error);
      check_no_error (error, "g_socket_listener_add_address");
      target_init (&server->target, family, bound);
      break;
    case SERVER_SERVICE:
    case SERVER_STOCK_SERVICE:
      server->context = g_main_context_new ();
      server->loop = g_main_loop_new (server->context, FALSE);
      server->thread = g_thread_new ("gio-benchmark-service", run_service, server);
      g_mutex_lock (&server->lock);
      while (!server->started)
        g_cond_wait (&server->started_cond, &server->lock);
      g_mutex_unlock (&server->lock);
      return server;
    }

  server->thread = g_thread_new ("gio-benchmark-server", run_blocking_server, server);
  return server;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
server_stop (Server *server)
{
  if (server->loop != NULL)
    {
      g_main_context_invoke (server->context, quit_loop, server->loop);
    }
  else
    {
      /* The server sees the flag once one more connection comes. */
      g_atomic_int_set (&server->stopping, TRUE);
      close (raw_connect (&server->target));
    }
  g_thread_join (server->thread);

  if (server->fd >= 0)
    close (server->fd);
  g_clear_object (&server->socket);
  g_clear_object (&server->listener);
  g_clear_pointer (&server->loop, g_main_loop_unref);
  g_clear_pointer (&server->context, g_main_context_unref);
  g_clear_object (&server->target.address);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->started_cond);
  g_free (server);
}

/* --- What is measured. --- */

/* What stream and connection paths alike begin with. */
typedef struct
{
  const char *name;
  Family family;
  Server *server;
} Path;

typedef struct StreamPath StreamPath;
struct StreamPath
{
  Path base;
  /* NULL: the asynchronous streams. */
  const Layer *layer;
  /* MiB/s, one a round, for each buffer size. */
  GArray *values[N_SIZES];
};

/* One connection sending @total bytes; the microseconds that took. */
static gint64
stream_measure (const Layer  *layer,
                const Target *target,
                gsize         size,
                guint64       total)
{
  Conn conn = { layer, target->family };
  gint64 elapsed;

  if (layer == NULL)
    return async_sink_client (target, size, total);
  layer->connect (&conn, target);
  elapsed = sink_client (&conn, size, total);
  layer->close (&conn);
  return elapsed;
}

typedef struct ConnectPath ConnectPath;
struct ConnectPath
{
  Path base;
  void (*connect_once) (ConnectPath *path);
  GSocketClient *client;
  VmsockDialer *dialer;
  /* Connections per second, one a round. */
  GArray *values;
};

/* The server accepts and closes; anything but that end is a failure. */
static void
expect_end (gsize       received,
            const char *what)
{
  if (received != 0)
    fail ("%s: the server sent data instead of closing", what);
}

static void
connect_raw (ConnectPath *path)
{
  int fd = raw_connect (&path->base.server->target);
  char byte;

  expect_end (raw_read (fd, &byte, 1), path->base.name);
  close (fd);
}

static void
connect_gsocket (ConnectPath *path)
{
  g_autoptr(GSocket) socket = new_gsocket (path->base.family);
  g_autoptr(GError) error = NULL;
  gssize received;
  char byte;

  if (!g_socket_connect (socket, path->base.server->target.address, NULL, &error))
    check_no_error (error, path->base.name);
  received = g_socket_receive (socket, &byte, 1, NULL, &error);
  check_no_error (error, path->base.name);
  expect_end (received, path->base.name);
  g_socket_close (socket, NULL);
}

static void
expect_stream_end (ConnectPath       *path,
                   GSocketConnection *connection,
                   GError            *error)
{
  gssize received;
  char byte;

  check_no_error (error, path->base.name);
  received = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), &byte, 1,
                                  NULL, &error);
  check_no_error (error, path->base.name);
  expect_end (received, path->base.name);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_object_unref (connection);
}

static void
connect_socket_client (ConnectPath *path)
{
  GError *error = NULL;
  GSocketConnection *connection = g_socket_client_connect (path->client,
                                                           G_SOCKET_CONNECTABLE (path->base.server->target.address),
                                                           NULL, &error);

  expect_stream_end (path, connection, error);
}

static void
connect_dialer (ConnectPath *path)
{
  GError *error = NULL;
  GSocketConnection *connection = vmsock_dialer_connect (path->dialer,
                                                         G_SOCKET_CONNECTABLE (path->base.server->target.address),
                                                         NULL, &error);

  expect_stream_end (path, connection, error);
}

/* @count connections; the microseconds they took. */
static gint64
connect_measure (ConnectPath *path,
                 int          count)
{
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < count; i++)
    path->connect_once (path);
  return g_get_monotonic_time () - start;
}

/* --- Workloads: how a round measures a kind of path, and how its table reads. --- */

typedef struct
{
  /* The microseconds one slice of @path's work in @column took. */
  gint64 (*measure_slice) (Path *path, gsize column);
  /* @path's figures in @column, one a round. */
  GArray *(*values) (Path *path, gsize column);
  /* What one slice does, in the unit of the figures. */
  double (*per_slice) (void);
  /* Decimals of a figure. */
  int digits;
  /* The title of the column of path names; the path of each family that
   * every ratio is to, and the title of the ratios' column. */
  const char *path_title;
  const char *raw_name;
  const char *raw_title;
} Workload;

static gint64
stream_measure_slice (Path  *path,
                      gsize  column)
{
  return stream_measure (((StreamPath *) path)->layer, &path->server->target, buffer_sizes[column],
                         slice_bytes ());
}

static GArray *
stream_values (Path  *path,
               gsize  column)
{
  return ((StreamPath *) path)->values[column];
}

static double
stream_per_slice (void)
{
  return slice_bytes () / MIB;
}

/* Columns: the buffer sizes. */
static const Workload stream_workload = {
  stream_measure_slice, stream_values, stream_per_slice, 1, "layer", RAW_LAYER, RAW_LAYER,
};

static gint64
connect_measure_slice (Path  *path,
                       gsize  column G_GNUC_UNUSED)
{
  return connect_measure ((ConnectPath *) path, slice_connections ());
}

static GArray *
connect_values (Path  *path,
                gsize  column G_GNUC_UNUSED)
{
  return ((ConnectPath *) path)->values;
}

static double
connect_per_slice (void)
{
  return slice_connections ();
}

#define RAW_CONNECT "socket/connect → accept"
#define GIO_CONNECT "GSocketClient → service"

/* One column. */
static const Workload connect_workload = {
  connect_measure_slice, connect_values, connect_per_slice, 0, "client → server", RAW_CONNECT, "raw",
};

/* --- Checks against vmsockctl bench, before anything is timed. --- */

static const char *
vmsockctl_program (void)
{
  const char *program = g_getenv ("VMSOCKCTL");

  return program != NULL ? program : "vmsockctl";
}

static void
run_checked (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  check_no_error (error, command);
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &said, &error))
    check_no_error (error, command);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    fail ("%s failed:\n%s", command, said);
}

/* `vmsockctl bench run` against one of the stream servers. */
static void
check_server (StreamPath *path)
{
  g_autofree char *address = target_to_string (&path->base.server->target);
  const char *argv[] = { vmsockctl_program (), "bench", "run", address, "--mode", "throughput",
                         "-s", "4K,64K,1M", "-n", "16", "-t", "60", NULL };

  watch_run (path->base.name);
  run_checked (argv);
  run_done ();
}

/* Waits until something listens at @target. */
static void
wait_listening (const Target *target)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      int fd = socket (target->native.storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

      if (fd < 0)
        fail_errno ("socket");
      if (connect (fd, (struct sockaddr *) &target->native.storage, target->native.length) == 0)
        {
          close (fd);
          return;
        }
      close (fd);
      if (g_get_monotonic_time () > deadline)
        fail ("vmsockctl bench serve did not listen within 30 seconds");
      g_usleep (50 * 1000);
    }
}

/* Each stream client sends to `vmsockctl bench serve`, which counts. */
static void
check_clients (GPtrArray *paths,
               Family     family)
{
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  Target target = { 0 };

  if (family == FAMILY_VSOCK)
    {
      g_autoptr(GSocketAddress) local = guest_local_address (guest_unused_port ());

      target_init (&target, family, local);
    }
  else
    {
      /* A port the kernel gave and took back. */
      int fd = raw_listen (family, &target);

      close (fd);
    }
  if (family == FAMILY_VSOCK)
    address = g_strdup_printf ("vsock:any:%u",
                               vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (target.address)));
  else
    address = target_to_string (&target);
  serve = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, vmsockctl_program (), "bench", "serve",
                            address, NULL);
  check_no_error (error, "vmsockctl bench serve");
  wait_listening (&target);

  for (guint i = 0; i < paths->len; i++)
    {
      StreamPath *path = g_ptr_array_index (paths, i);

      if (path->base.family != family)
        continue;
      watch_run (path->base.name);
      for (gsize s = 0; s < N_SIZES; s++)
        stream_measure (path->layer, &target, buffer_sizes[s], 16 * buffer_sizes[s]);
      run_done ();
    }

  g_subprocess_send_signal (serve, SIGTERM);
  if (!g_subprocess_wait_check (serve, NULL, &error))
    check_no_error (error, "vmsockctl bench serve");
  g_object_unref (target.address);
}

/* --- Tables. --- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof *values);

  qsort (sorted, n, sizeof *sorted, compare_doubles);
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static char *
summary_cell (const double *values,
              guint         n,
              int           digits,
              const char   *unit)
{
  double low = values[0], high = values[0];

  for (guint i = 1; i < n; i++)
    {
      low = MIN (low, values[i]);
      high = MAX (high, values[i]);
    }
  return g_strdup_printf ("%.*f%s (%.*f–%.*f)", digits, median (values, n), unit, digits, low,
                          digits, high);
}

/* @ours ÷ @theirs, round by round. */
static char *
ratio_cell (GArray *ours,
            GArray *theirs)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  if (ours == NULL || theirs == NULL)
    return g_strdup ("–");
  for (guint i = 0; i < MIN (ours->len, theirs->len); i++)
    {
      double ratio = g_array_index (ours, double, i) / g_array_index (theirs, double, i);

      g_array_append_val (ratios, ratio);
    }
  if (ratios->len == 0)
    return g_strdup ("–");
  return summary_cell ((double *) ratios->data, ratios->len, 2, "×");
}

static char *
value_cell (GArray *values,
            int     digits)
{
  if (values->len == 0)
    return g_strdup ("–");
  return summary_cell ((double *) values->data, values->len, digits, "");
}

static char *
size_name (gsize size)
{
  return size >= 1024 * 1024 ? g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", size / (1024 * 1024))
                             : g_strdup_printf ("%" G_GSIZE_FORMAT " KiB", size / 1024);
}

/* The path of @family called @name in @paths (of StreamPath or ConnectPath). */
static gpointer
find_path (GPtrArray  *paths,
           Family      family,
           const char *name)
{
  for (guint i = 0; i < paths->len; i++)
    {
      Path *path = g_ptr_array_index (paths, i);

      if (path->family == family && g_str_equal (path->name, name))
        return path;
    }
  return NULL;
}

/* One table: each path's figures in @column, and their ratio round by round
 * to those of @workload's raw path of the same family. */
static void
print_table (GPtrArray      *paths,
             const Workload *workload,
             gsize           column)
{
  g_print ("| family | %s | median (min–max) | ÷ %s |\n", workload->path_title, workload->raw_title);
  g_print ("|---|---|--:|--:|\n");
  for (guint i = 0; i < paths->len; i++)
    {
      Path *path = g_ptr_array_index (paths, i);
      Path *raw = find_path (paths, path->family, workload->raw_name);
      GArray *values = workload->values (path, column);
      g_autofree char *value = value_cell (values, workload->digits);
      g_autofree char *ratio = ratio_cell (values, raw != NULL ? workload->values (raw, column) : NULL);

      g_print ("| %s | %s | %s | %s |\n", family_name (path->family), path->name, value, ratio);
    }
}

static void
print_stream_tables (GPtrArray *paths)
{
  if (paths->len == 0)
    return;
  for (gsize s = 0; s < N_SIZES; s++)
    {
      g_autofree char *size = size_name (buffer_sizes[s]);

      g_print ("\n**%s buffers, %d connections of %d MiB a round** (MiB/s)\n\n", size, SLICES,
               (int) (slice_bytes () / (1024 * 1024)));
      print_table (paths, &stream_workload, s);
    }
}

static void
print_connect_table (GPtrArray *paths)
{
  ConnectPath *vsock_raw = find_path (paths, FAMILY_VSOCK, RAW_CONNECT);
  ConnectPath *tcp_raw = find_path (paths, FAMILY_TCP, RAW_CONNECT);
  ConnectPath *vsock_gio = find_path (paths, FAMILY_VSOCK, GIO_CONNECT);
  ConnectPath *tcp_gio = find_path (paths, FAMILY_TCP, GIO_CONNECT);

  if (paths->len == 0)
    return;
  g_print ("\n**%d connections a round, one after another** (connections/s; the service is "
           "VmsockSocketService for vsock, GSocketService for TCP)\n\n", SLICES * slice_connections ());
  print_table (paths, &connect_workload, 0);

  if (vsock_raw != NULL && tcp_raw != NULL && vsock_gio != NULL && tcp_gio != NULL)
    {
      g_autoptr(GArray) vsock_ratios = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) tcp_ratios = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) vsock_added = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) tcp_added = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *shares = NULL;
      g_autofree char *vsock_cell = NULL;
      g_autofree char *tcp_cell = NULL;

      for (guint i = 0; i < vsock_raw->values->len; i++)
        {
          double vsock = g_array_index (vsock_gio->values, double, i);
          double vsock_base = g_array_index (vsock_raw->values, double, i);
          double tcp = g_array_index (tcp_gio->values, double, i);
          double tcp_base = g_array_index (tcp_raw->values, double, i);
          double ratio, added;

          ratio = vsock / vsock_base;
          g_array_append_val (vsock_ratios, ratio);
          ratio = tcp / tcp_base;
          g_array_append_val (tcp_ratios, ratio);
          added = G_USEC_PER_SEC / vsock - G_USEC_PER_SEC / vsock_base;
          g_array_append_val (vsock_added, added);
          added = G_USEC_PER_SEC / tcp - G_USEC_PER_SEC / tcp_base;
          g_array_append_val (tcp_added, added);
        }
      shares = ratio_cell (vsock_ratios, tcp_ratios);
      vsock_cell = value_cell (vsock_added, 0);
      tcp_cell = value_cell (tcp_added, 0);
      g_print ("\nStock GSocketClient → service: its rate as a share of the raw rate of its family, "
               "vsock's share ÷ TCP's share, round by round: %s.  What it adds to each raw "
               "connection, in µs: vsock %s, TCP %s.\n", shares, vsock_cell, tcp_cell);
    }
}

/* --- The run. --- */

static gboolean
wanted (Family      family,
        const char *name)
{
  g_autofree char *full = g_strdup_printf ("%s %s", family_name (family), name);

  return only == NULL || strstr (full, only) != NULL;
}

static void
add_stream_paths (GPtrArray *paths,
                  GPtrArray *servers,
                  Family     family)
{
  static const struct { const Layer *layer; const char *name; ServerKind kind; } layers[] = {
    { &raw_layer, "read/write", SERVER_RAW },
    { &gsocket_layer, "GSocket", SERVER_GSOCKET },
    { &streams_layer, "GIOStream", SERVER_STREAMS },
    { NULL, "GIOStream async", SERVER_SERVICE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      StreamPath *path;

      if (!wanted (family, layers[i].name))
        continue;
      path = g_new0 (StreamPath, 1);
      path->base.name = layers[i].name;
      path->base.family = family;
      path->layer = layers[i].layer;
      path->base.server = server_start (layers[i].kind, JOB_SINK, family);
      for (gsize s = 0; s < N_SIZES; s++)
        path->values[s] = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (paths, path);
      g_ptr_array_add (servers, path->base.server);
    }
}

static void
add_connect_paths (GPtrArray *paths,
                   GPtrArray *servers,
                   Family     family)
{
  enum { CLIENT_RAW, CLIENT_GSOCKET, CLIENT_SOCKET_CLIENT, CLIENT_NO_PROXY, CLIENT_DIALER };
  static const struct { const char *name; int client; ServerKind server; gboolean vsock_only; } kinds[] = {
    { RAW_CONNECT, CLIENT_RAW, SERVER_RAW, FALSE },
    { "socket/connect → service", CLIENT_RAW, SERVER_SERVICE, FALSE },
    { "socket/connect → stock GSocketService", CLIENT_RAW, SERVER_STOCK_SERVICE, TRUE },
    { "g_socket_connect → accept", CLIENT_GSOCKET, SERVER_RAW, FALSE },
    { "GSocketClient → accept", CLIENT_SOCKET_CLIENT, SERVER_RAW, FALSE },
    { GIO_CONNECT, CLIENT_SOCKET_CLIENT, SERVER_SERVICE, FALSE },
    { "GSocketClient → stock GSocketService", CLIENT_SOCKET_CLIENT, SERVER_STOCK_SERVICE, TRUE },
    { "GSocketClient, no proxy → service", CLIENT_NO_PROXY, SERVER_SERVICE, FALSE },
    { "VmsockDialer → service", CLIENT_DIALER, SERVER_SERVICE, TRUE },
  };
  /* Paths that share a kind of server share the server. */
  Server *shared[SERVER_STOCK_SERVICE + 1] = { NULL };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      ConnectPath *path;

      if ((kinds[i].vsock_only && family != FAMILY_VSOCK) || !wanted (family, kinds[i].name))
        continue;
      path = g_new0 (ConnectPath, 1);
      path->base.name = kinds[i].name;
      path->base.family = family;
      path->values = g_array_new (FALSE, FALSE, sizeof (double));
      if (shared[kinds[i].server] == NULL)
        {
          shared[kinds[i].server] = server_start (kinds[i].server, JOB_CLOSE, family);
          g_ptr_array_add (servers, shared[kinds[i].server]);
        }
      path->base.server = shared[kinds[i].server];
      switch (kinds[i].client)
        {
        case CLIENT_RAW:
          path->connect_once = connect_raw;
          break;
        case CLIENT_GSOCKET:
          path->connect_once = connect_gsocket;
          break;
        case CLIENT_SOCKET_CLIENT:
        case CLIENT_NO_PROXY:
          path->connect_once = connect_socket_client;
          path->client = g_socket_client_new ();
          g_socket_client_set_enable_proxy (path->client, kinds[i].client == CLIENT_SOCKET_CLIENT);
          break;
        case CLIENT_DIALER:
          path->connect_once = connect_dialer;
          path->dialer = vmsock_dialer_new ();
          break;
        }
      g_ptr_array_add (paths, path);
    }
}

static void
stream_path_free (StreamPath *path)
{
  for (gsize s = 0; s < N_SIZES; s++)
    g_array_unref (path->values[s]);
  g_free (path);
}

static void
connect_path_free (ConnectPath *path)
{
  g_clear_object (&path->client);
  g_clear_object (&path->dialer);
  g_array_unref (path->values);
  g_free (path);
}

static void
print_path_names (GPtrArray *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      Path *path = g_ptr_array_index (paths, i);

      g_print ("%s %s\n", family_name (path->family), path->name);
    }
}

/* Round @round of @workload's column @column: the paths take turns slice by
 * slice, in an order that rotates with the round and the slice; each path's
 * rate over its slices joins its figures. */
static void
measure_round (GPtrArray      *paths,
               const Workload *workload,
               gsize           column,
               int             round)
{
  g_autofree gint64 *elapsed = g_new0 (gint64, paths->len);

  for (int slice = 0; slice < SLICES; slice++)
    for (guint i = 0; i < paths->len; i++)
      {
        guint k = (i + round + slice) % paths->len;
        Path *path = g_ptr_array_index (paths, k);

        watch_run (path->name);
        elapsed[k] += workload->measure_slice (path, column);
        run_done ();
      }
  for (guint k = 0; k < paths->len; k++)
    {
      Path *path = g_ptr_array_index (paths, k);
      double rate = SLICES * workload->per_slice () / (MAX (elapsed[k], 1) / (double) G_USEC_PER_SEC);

      g_array_append_val (workload->values (path, column), rate);
    }
}

static void
run_rounds (GPtrArray *stream_paths,
            GPtrArray *connect_paths)
{
  gint64 started = g_get_monotonic_time ();

  for (int round = 0; round < rounds; round++)
    {
      for (gsize s = 0; s < N_SIZES; s++)
        measure_round (stream_paths, &stream_workload, s, round);
      measure_round (connect_paths, &connect_workload, 0, round);
      g_printerr ("gio-benchmark: round %d of %d done after %.1f min\n", round + 1, rounds,
                  (g_get_monotonic_time () - started) / (60.0 * G_USEC_PER_SEC));
    }
}

static gboolean
parse_options (int    *argc,
               char ***argv)
{
  const GOptionEntry entries[] = {
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds (default 9, or VMSOCK_BENCH_ROUNDS)", "N" },
    { "mib", 'm', 0, G_OPTION_ARG_INT, &stream_mib,
      "MiB each stream path sends in a round (default 32, or VMSOCK_BENCH_MIB)", "N" },
    { "connections", 'n', 0, G_OPTION_ARG_INT, &connections,
      "Connections each connection path makes in a round (default 480, or VMSOCK_BENCH_CONNECTIONS)", "N" },
    { "only", 'o', 0, G_OPTION_ARG_STRING, &only, "Only the paths whose name holds TEXT", "TEXT" },
    { "all-cpus", 0, 0, G_OPTION_ARG_NONE, &all_cpus,
      "Let the threads run on every CPU, not only on the first", NULL },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list_paths, "List the paths and stop", NULL },
    { "skip-checks", 0, 0, G_OPTION_ARG_NONE, &skip_checks,
      "Do not check the peers against vmsockctl bench first (for profiling)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- what GIO's layers cost over vsock and TCP");
  g_autoptr(GError) error = NULL;
  const char *env;

  if ((env = g_getenv ("VMSOCK_BENCH_ROUNDS")) != NULL)
    rounds = atoi (env);
  if ((env = g_getenv ("VMSOCK_BENCH_MIB")) != NULL)
    stream_mib = atoi (env);
  if ((env = g_getenv ("VMSOCK_BENCH_CONNECTIONS")) != NULL)
    connections = atoi (env);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("gio-benchmark: %s\n", error->message);
      return FALSE;
    }
  if (rounds < 1 || connections < 1 || stream_mib < 1)
    {
      g_printerr ("gio-benchmark: rounds, connections and MiB must be at least 1\n");
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) stream_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_path_free);
  g_autoptr(GPtrArray) connect_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) connect_path_free);
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) server_stop);
  gint64 started;

  vmsock_test_require_guest (argv[0]);
  setlocale (LC_ALL, "");
  if (!parse_options (&argc, &argv))
    return EXIT_FAILURE;
  if (!all_cpus)
    {
      /* Children (vmsockctl bench) inherit it too. */
      cpu_set_t set;

      CPU_ZERO (&set);
      CPU_SET (0, &set);
      if (sched_setaffinity (0, sizeof set, &set) < 0)
        fail_errno ("sched_setaffinity");
    }
  signal (SIGALRM, on_alarm);
  /* A peer that goes away mid-write is reported, not a silent death. */
  signal (SIGPIPE, SIG_IGN);
  started = g_get_monotonic_time ();

  add_stream_paths (stream_paths, servers, FAMILY_VSOCK);
  add_stream_paths (stream_paths, servers, FAMILY_TCP);
  add_connect_paths (connect_paths, servers, FAMILY_VSOCK);
  add_connect_paths (connect_paths, servers, FAMILY_TCP);
  if (list_paths)
    {
      print_path_names (stream_paths);
      print_path_names (connect_paths);
      return EXIT_SUCCESS;
    }

  if (!skip_checks)
    {
      for (guint i = 0; i < stream_paths->len; i++)
        check_server (g_ptr_array_index (stream_paths, i));
      check_clients (stream_paths, FAMILY_VSOCK);
      check_clients (stream_paths, FAMILY_TCP);
    }

  run_rounds (stream_paths, connect_paths);

  g_print ("What GIO's layers cost over vsock (vsock_loopback) and over TCP (127.0.0.1), "
           "%d paired rounds in the test guest (TCG), %s; %.1f min.  Medians with "
           "min–max; each ratio paired round by round with the raw path of its family.\n",
           rounds, all_cpus ? "threads on both vCPUs" : "every thread on one vCPU",
           (g_get_monotonic_time () - started) / (60.0 * G_USEC_PER_SEC));
  print_stream_tables (stream_paths);
  print_connect_table (connect_paths);
  return EXIT_SUCCESS;
}
