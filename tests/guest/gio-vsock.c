/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Stock GIO over real AF_VSOCK sockets, in the test guest's kernel
 * (vsock_loopback: CID 1 reaches this machine).
 */

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libvmsock-glib/vmsock.h>

#include "guest-check.h"
#include "guest-util.h"
#include "test-provider.h"
#include "test-proxy-resolver.h"

#define LARGE_TRANSFER_SIZE (16 * 1024 * 1024)

/* Sends @message, half-closes, and returns everything read back until EOF. */
static GBytes *
exchange (GSocketConnection *connection,
          const char        *message)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GOutputStream) collected = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (out, message, strlen (message), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error));
  g_assert_no_error (error);

  g_output_stream_splice (collected, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (collected));
}

static void
assert_bytes_equal_string (GBytes     *bytes,
                           const char *expected)
{
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));
}

/* --- An echo service: the main context accepts, a thread echoes. --- */

static void
echo_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GIOStream *connection = source_object;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (g_io_stream_get_output_stream (connection),
                          g_io_stream_get_input_stream (connection),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  g_task_return_boolean (task, TRUE);
}

static gboolean
on_incoming_echo (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, NULL, NULL, NULL);

  g_task_run_in_thread (task, echo_in_thread);
  return TRUE;
}

typedef struct
{
  guint32 port;
  char *message;
  GBytes *reply;
} ClientJob;

static void
client_job_free (ClientJob *job)
{
  g_free (job->message);
  g_clear_pointer (&job->reply, g_bytes_unref);
  g_free (job);
}

static void
run_sync_client (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ClientJob *job = task_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = guest_local_address (job->port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_is_connected (g_socket_connection_get_socket (connection)));

  job->reply = exchange (connection, job->message);
  g_task_return_boolean (task, TRUE);
}

static void
on_task_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint *pending = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  (*pending)--;
  g_main_context_wakeup (NULL);
}

static GTask *
start_sync_client (guint32     port,
                   const char *message,
                   guint      *pending)
{
  GTask *task = g_task_new (NULL, NULL, on_task_done, pending);
  ClientJob *job = g_new0 (ClientJob, 1);

  job->port = port;
  job->message = g_strdup (message);
  g_task_set_task_data (task, job, (GDestroyNotify) client_job_free);
  (*pending)++;
  g_task_run_in_thread (task, run_sync_client);
  return task;
}

static void
wait_for (guint *pending)
{
  while (*pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_stock_client_sync (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GTask) task = NULL;
  guint pending = 0;
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_echo), NULL);

  task = start_sync_client (port, "hello over vsock", &pending);
  wait_for (&pending);
  assert_bytes_equal_string (((ClientJob *) g_task_get_task_data (task))->reply, "hello over vsock");

  g_socket_service_stop (service);
}

static void
on_client_event (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  GSList **events = user_data;

  *events = g_slist_append (*events, GINT_TO_POINTER (event));
}

/* Keeps the result of an asynchronous call for wait_for_result(). */
static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
run_exchange_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ClientJob *job = task_data;
  GSocketConnection *connection = source_object;

  job->reply = exchange (connection, job->message);
  g_task_return_boolean (task, TRUE);
}

static void
test_stock_client_async (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GSList *events = NULL;
  ClientJob *job;
  guint pending = 0;

  address = guest_local_address (guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM));
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_echo), NULL);
  g_signal_connect (client, "event", G_CALLBACK (on_client_event), &events);

  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), NULL, on_async_done, &result);
  connection = g_socket_client_connect_finish (client, wait_for_result (&result), &error);
  g_assert_no_error (error);

  g_assert_nonnull (g_slist_find (events, GINT_TO_POINTER (G_SOCKET_CLIENT_CONNECTING)));
  g_assert_nonnull (g_slist_find (events, GINT_TO_POINTER (G_SOCKET_CLIENT_CONNECTED)));
  g_assert_cmpint (GPOINTER_TO_INT (g_slist_last (events)->data), ==, G_SOCKET_CLIENT_COMPLETE);

  /* The service runs in this thread's main context: talk from another. */
  task = g_task_new (connection, NULL, on_task_done, &pending);
  job = g_new0 (ClientJob, 1);
  job->message = g_strdup ("asynchronously connected");
  g_task_set_task_data (task, job, (GDestroyNotify) client_job_free);
  pending++;
  g_task_run_in_thread (task, run_exchange_in_thread);
  wait_for (&pending);
  assert_bytes_equal_string (job->reply, "asynchronously connected");

  g_slist_free (events);
  g_socket_service_stop (service);
}

/* --- A threaded service: each connection served in its own thread. --- */

static gboolean
on_run_echo (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             gpointer                user_data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                          g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
test_stock_threaded_service (void)
{
  /* More threads than clients: a GThreadedSocketService that reaches its
   * limit restarts accepting from a worker thread, which races with the main
   * context in GLib's GSocketListener (the accept source can fire before its
   * task data is set). */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (8);
  GTask *tasks[6];
  guint pending = 0;
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "run", G_CALLBACK (on_run_echo), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *message = g_strdup_printf ("client %u says hello", i);

      tasks[i] = start_sync_client (port, message, &pending);
    }
  wait_for (&pending);

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *expected = g_strdup_printf ("client %u says hello", i);

      assert_bytes_equal_string (((ClientJob *) g_task_get_task_data (tasks[i]))->reply, expected);
      g_object_unref (tasks[i]);
    }
  g_socket_service_stop (service);
}

/* --- 16 MiB with a checksum. --- */

static gboolean
on_run_checksum (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source_object,
                 gpointer                user_data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  guint64 total = 0;
  gssize n;

  while ((n = g_input_stream_read (in, buffer, 256 * 1024, NULL, &error)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      total += n;
    }
  g_assert_no_error (error);

  reply = g_strdup_printf ("%" G_GUINT64_FORMAT " %s", total, g_checksum_get_string (checksum));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            reply, strlen (reply), NULL, NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
run_large_client (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ClientJob *job = task_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = guest_local_address (job->port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autofree guint32 *chunk = g_new (guint32, 64 * 1024);
  GOutputStream *out;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) collected = g_memory_output_stream_new_resizable ();
  g_autofree char *expected = NULL;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  for (gsize sent = 0; sent < LARGE_TRANSFER_SIZE; sent += 64 * 1024 * sizeof (guint32))
    {
      for (gsize i = 0; i < 64 * 1024; i++)
        chunk[i] = g_rand_int (rand);
      g_checksum_update (checksum, (const guint8 *) chunk, 64 * 1024 * sizeof (guint32));
      g_assert_true (g_output_stream_write_all (out, chunk, 64 * 1024 * sizeof (guint32), NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error));

  g_output_stream_splice (collected, g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  job->reply = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (collected));

  expected = g_strdup_printf ("%d %s", LARGE_TRANSFER_SIZE, g_checksum_get_string (checksum));
  assert_bytes_equal_string (job->reply, expected);
  g_task_return_boolean (task, TRUE);
}

static void
test_large_transfer (void)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GTask) task = NULL;
  ClientJob *job = g_new0 (ClientJob, 1);
  guint pending = 1;

  job->port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "run", G_CALLBACK (on_run_checksum), NULL);

  task = g_task_new (NULL, NULL, on_task_done, &pending);
  g_task_set_task_data (task, job, (GDestroyNotify) client_job_free);
  g_task_run_in_thread (task, run_large_client);
  wait_for (&pending);
  g_socket_service_stop (service);
}

/* --- SOCK_SEQPACKET keeps message boundaries. --- */

static void
test_seqpacket_boundaries (void)
{
  static const gsize sizes[] = { 1, 100, 3000, 65000, 7 };
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GSocketAddress) any = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (128 * 1024);
  GSocket *client;

  server = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_SEQPACKET, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_get_socket_type (server), ==, G_SOCKET_TYPE_SEQPACKET);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (server, &error));
  bound = vmsock_socket_get_local_address (server, &error);
  g_assert_no_error (error);
  target = guest_local_address (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (bound)));

  vmsock_dialer_set_socket_type (dialer, G_SOCKET_TYPE_SEQPACKET);
  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  g_assert_no_error (error);
  client = g_socket_connection_get_socket (connection);

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *message = g_malloc (sizes[i]);

      memset (message, 'a' + i, sizes[i]);
      g_assert_cmpint (g_socket_send (client, (const char *) message, sizes[i], NULL, &error), ==, sizes[i]);
      g_assert_no_error (error);
    }
  g_socket_close (client, NULL);

  accepted = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gssize received = g_socket_receive (accepted, (char *) buffer, 128 * 1024, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (received, ==, sizes[i]);
      g_assert_cmpint (buffer[0], ==, 'a' + i);
      g_assert_cmpint (buffer[received - 1], ==, 'a' + i);
    }
  g_assert_cmpint (g_socket_receive (accepted, (char *) buffer, 128 * 1024, NULL, &error), ==, 0);
}

/* --- Accepted connections: connected, with typed addresses. --- */

typedef struct
{
  gboolean connected;
  GSocketAddress *stock_remote;
  GSocketAddress *typed_remote;
  GSocketAddress *typed_local;
  GSocketFamily family;
} Accepted;

static gboolean
on_incoming_record (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source_object,
                    gpointer           user_data)
{
  Accepted *accepted = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GError) error = NULL;

  accepted->connected = g_socket_is_connected (socket);
  accepted->stock_remote = g_socket_connection_get_remote_address (connection, &error);
  g_assert_no_error (error);
  accepted->typed_remote = vmsock_socket_connection_get_remote_address (connection, &error);
  g_assert_no_error (error);
  accepted->typed_local = vmsock_socket_connection_get_local_address (connection, &error);
  g_assert_no_error (error);
  accepted->family = vmsock_socket_get_family (socket);
  g_main_context_wakeup (NULL);
  return TRUE;
}

static void
test_accepted_connection_state (void)
{
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) client_local = NULL;
  g_autoptr(GSocketAddress) client_remote = NULL;
  g_autoptr(GError) error = NULL;
  Accepted accepted = { 0 };
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_record), &accepted);
  target = guest_local_address (port);

  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  g_assert_no_error (error);
  while (accepted.typed_remote == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (accepted.connected);
  g_assert_cmpint (accepted.family, ==, VMSOCK_SOCKET_FAMILY_VSOCK);
  g_assert_nonnull (accepted.stock_remote);
  g_assert_true (VMSOCK_IS_VSOCK_ADDRESS (accepted.typed_remote));

  /* Each side sees the other's address. */
  client_local = vmsock_socket_connection_get_local_address (connection, &error);
  g_assert_no_error (error);
  client_remote = vmsock_socket_connection_get_remote_address (connection, &error);
  g_assert_no_error (error);
  /* The client's socket keeps the wildcard CID it was bound to; the server
   * sees the loopback CID it came from. */
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (accepted.typed_remote)), ==,
                    vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (client_local)));
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (accepted.typed_remote)), ==,
                    VMSOCK_VSOCK_CID_LOCAL);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (accepted.typed_local)), ==, port);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (client_remote)), ==, port);
  g_assert_true (vmsock_socket_address_equal (client_remote, target));

  g_clear_object (&accepted.stock_remote);
  g_clear_object (&accepted.typed_remote);
  g_clear_object (&accepted.typed_local);
  g_socket_service_stop (service);
}

static void
test_accept_with_helper (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketConnection) client = NULL;
  g_autoptr(GSocketConnection) accepted = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  target = guest_local_address (guest_listen_on_any_port (listener, G_SOCKET_TYPE_STREAM));
  client = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  g_assert_no_error (error);

  accepted = g_socket_listener_accept (listener, NULL, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (accepted);
  /* What stock GIO makes of an accepted VM socket... */
  g_assert_false (g_socket_is_connected (socket));
  /* ...and the one call that mends it. */
  g_assert_true (vmsock_socket_mark_connected (socket, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_is_connected (socket));
  remote = g_socket_connection_get_remote_address (accepted, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
}

/* --- A burst of clients before the service accepts any. --- */

#define BURST_SIZE 64

static gboolean
on_incoming_count (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  guint *accepted = user_data;

  (*accepted)++;
  return FALSE;
}

static void
test_connection_burst (void)
{
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketAddress) target = NULL;
  guint accepted = 0;

  target = guest_local_address (guest_listen_on_any_port (G_SOCKET_LISTENER (service),
                                                          G_SOCKET_TYPE_STREAM));
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_count), &accepted);

  /* The main context does not run yet, so nothing is accepted: the kernel
   * queues connections up to the listen backlog and resets the rest. */
  for (guint i = 0; i < BURST_SIZE; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocketConnection *connection =
        g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target), NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (connections, connection);
    }

  while (accepted < BURST_SIZE)
    g_main_context_iteration (NULL, TRUE);
  g_socket_service_stop (service);
}

static void
test_typed_service_threaded (void)
{
  g_autoptr(GSocketService) service = vmsock_threaded_socket_service_new (2);
  g_autoptr(GTask) task = NULL;
  guint pending = 0;
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "run", G_CALLBACK (on_run_echo), NULL);

  task = start_sync_client (port, "through the threaded service", &pending);
  wait_for (&pending);
  assert_bytes_equal_string (((ClientJob *) g_task_get_task_data (task))->reply,
                             "through the threaded service");
  g_socket_service_stop (service);
}

/* --- Binding a given port and a free one. --- */

static void
test_bind_ports (void)
{
  g_autoptr(GSocket) fixed = NULL;
  g_autoptr(GSocket) any = NULL;
  g_autoptr(GSocketAddress) fixed_address = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, 40123);
  g_autoptr(GSocketAddress) any_address = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  g_autoptr(GSocketAddress) fixed_local = NULL;
  g_autoptr(GSocketAddress) any_local = NULL;
  g_autoptr(GError) error = NULL;

  fixed = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_get_family (fixed), ==, VMSOCK_SOCKET_FAMILY_VSOCK);
  g_assert_true (g_socket_bind (fixed, fixed_address, TRUE, &error));
  g_assert_no_error (error);
  fixed_local = vmsock_socket_get_local_address (fixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (fixed_local)), ==, 40123);

  any = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, &error);
  g_assert_true (g_socket_bind (any, any_address, TRUE, &error));
  g_assert_no_error (error);
  any_local = vmsock_socket_get_local_address (any, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (any_local)), !=, VMSOCK_VSOCK_PORT_ANY);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (any_local)), !=, 40123);

  /* The port is taken now. */
  {
    g_autoptr(GSocket) again = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, NULL);

    g_assert_false (g_socket_bind (again, fixed_address, TRUE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  }
}

/* --- Failing to connect: refused, cancelled, timed out, and retried. --- */

static void
test_refused (void)
{
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) target = guest_local_address (guest_unused_port ());
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnection) stock_connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) stock_error = NULL;

  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, "vsock:1:"));

  /* Stock GSocketClient passes on the kernel's word for it: the vsock
   * transports reset a connection request to a port nobody listens on. */
  stock_connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target), NULL, &stock_error);
  g_assert_null (stock_connection);
  g_assert_error (stock_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_from_thread (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel_mid_connect (void)
{
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketAddress) target = guest_local_address (guest_unused_port ());
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  GThread *canceller;
  gint64 start, elapsed;

  /* Keeps trying until cancelled. */
  vmsock_dialer_set_retries (dialer, G_MAXUINT);
  vmsock_dialer_set_retry_wait (dialer, 50);

  canceller = g_thread_new ("cancel", cancel_from_thread, cancellable);
  start = g_get_monotonic_time ();
  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (canceller);

  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static void
test_cancel_async (void)
{
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketAddress) target = guest_local_address (guest_unused_port ());
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  vmsock_dialer_set_retries (dialer, G_MAXUINT);
  vmsock_dialer_set_retry_wait (dialer, 1000);
  vmsock_dialer_connect_async (dialer, G_SOCKET_CONNECTABLE (target), cancellable, on_async_done, &result);
  g_timeout_add (200, cancel_later, cancellable);

  connection = vmsock_dialer_connect_finish (dialer, wait_for_result (&result), &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_timeout_mid_connect (void)
{
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketAddress) target = guest_local_address (guest_unused_port ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  gint64 start, elapsed;

  vmsock_dialer_set_timeout (dialer, 400);
  vmsock_dialer_set_retries (dialer, G_MAXUINT);
  vmsock_dialer_set_retry_wait (dialer, 30);

  start = g_get_monotonic_time ();
  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (elapsed, >=, 390 * 1000);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

typedef struct
{
  GSocketListener *listener;
  guint32 port;
} LateListener;

static gboolean
start_listening (gpointer data)
{
  LateListener *late = data;
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, late->port);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (late->listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
test_retry_until_listening (void)
{
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  LateListener late = { G_SOCKET_LISTENER (service), guest_unused_port () };
  g_autoptr(GSocketAddress) target = guest_local_address (late.port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_echo), NULL);
  vmsock_dialer_set_retries (dialer, 100);
  vmsock_dialer_set_retry_wait (dialer, 50);
  vmsock_dialer_set_timeout (dialer, 20000);

  start = g_get_monotonic_time ();
  vmsock_dialer_connect_async (dialer, G_SOCKET_CONNECTABLE (target), NULL, on_async_done, &result);
  g_timeout_add (500, start_listening, &late);
  connection = vmsock_dialer_connect_finish (dialer, wait_for_result (&result), &error);

  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 490 * 1000);
  g_socket_service_stop (service);
}

/* --- Connecting to a VM by its name. --- */

static void
test_connect_by_name (void)
{
  g_autoptr(GSocketService) service = vmsock_threaded_socket_service_new (-1);
  g_autoptr(TestProvider) provider = test_provider_new ("test", ANSWER, 0, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ClientJob *job = g_new0 (ClientJob, 1);
  guint pending = 1;
  guint32 port;

  port = guest_listen_on_any_port (G_SOCKET_LISTENER (service), G_SOCKET_TYPE_STREAM);
  g_signal_connect (service, "run", G_CALLBACK (on_run_echo), NULL);

  /* A provider that knows this machine as "guest-vm". */
  test_provider_add_vm (provider, "guest-vm", VMSOCK_VSOCK_CID_LOCAL);
  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  text = g_strdup_printf ("vsock://guest-vm:%u", port);
  connectable = vmsock_vm_connectable_parse (text, discovery, &error);
  g_assert_no_error (error);
  g_assert_true (VMSOCK_IS_VM_CONNECTABLE (connectable));

  g_socket_client_connect_async (client, connectable, NULL, on_async_done, &result);
  connection = g_socket_client_connect_finish (client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  remote = vmsock_socket_connection_get_remote_address (connection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (remote)), ==, VMSOCK_VSOCK_CID_LOCAL);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (remote)), ==, port);

  task = g_task_new (connection, NULL, on_task_done, &pending);
  job->message = g_strdup ("reached by name");
  g_task_set_task_data (task, job, (GDestroyNotify) client_job_free);
  g_task_run_in_thread (task, run_exchange_in_thread);
  wait_for (&pending);
  assert_bytes_equal_string (job->reply, "reached by name");
  g_socket_service_stop (service);
}

/* A stock GSocketClient reaches a vsock address, and a VM by its name,
 * without asking its proxy resolver: no proxy can carry AF_VSOCK. */
static void
test_no_proxy_resolver (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(TestProxyResolver) resolver = test_proxy_resolver_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(TestProvider) provider = test_provider_new ("test", ANSWER, 0, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnectable) by_name = NULL;
  g_autofree char *text = NULL;
  guint32 port;

  port = guest_listen_on_any_port (listener, G_SOCKET_TYPE_STREAM);
  address = guest_local_address (port);
  test_provider_add_vm (provider, "guest-vm", VMSOCK_VSOCK_CID_LOCAL);
  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  text = g_strdup_printf ("vsock://guest-vm:%u", port);
  by_name = vmsock_vm_connectable_parse (text, discovery, NULL);
  g_assert_nonnull (by_name);
  g_socket_client_set_proxy_resolver (client, G_PROXY_RESOLVER (resolver));

  for (int i = 0; i < 2; i++)
    {
      GSocketConnectable *connectable = i == 0 ? G_SOCKET_CONNECTABLE (address) : by_name;
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GSocketConnection) async_connection = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      connection = g_socket_client_connect (client, connectable, NULL, &error);
      g_assert_no_error (error);
      g_socket_client_connect_async (client, connectable, NULL, on_async_done, &result);
      async_connection = g_socket_client_connect_finish (client, wait_for_result (&result), &error);
      g_assert_no_error (error);
      g_assert_true (g_socket_is_connected (g_socket_connection_get_socket (async_connection)));
    }
  g_assert_cmpuint (test_proxy_resolver_get_lookups (resolver), ==, 0);
  g_socket_listener_close (listener);
}

/* --- Socket helpers. --- */

static void
test_local_cid (void)
{
  g_autoptr(GError) error = NULL;
  guint32 cid = 12345;

  g_assert_true (vmsock_vsock_get_local_cid (&cid, &error));
  g_assert_no_error (error);
  /* The guest has only the loopback transport. */
  g_assert_cmpuint (cid, ==, VMSOCK_VSOCK_CID_LOCAL);
}

static void
test_options (void)
{
  g_autoptr(GSocket) socket = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_STREAM, NULL);
  g_autoptr(GError) error = NULL;
  guint64 value = 0, max_size = 0;

  g_assert_true (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_BUFFER_MAX_SIZE, &max_size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (max_size, >, 0);

  g_assert_true (vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_BUFFER_SIZE, 128 * 1024, &error));
  g_assert_no_error (error);
  g_assert_true (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_BUFFER_SIZE, &value, &error));
  g_assert_cmpuint (value, ==, 128 * 1024);

  /* A multiple of the kernel's tick survives unchanged. */
  g_assert_true (vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, 1500, &error));
  g_assert_no_error (error);
  g_assert_true (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (value, ==, 1500);

  /* VMCI-only options are refused by the other transports. */
  g_assert_false (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_PEER_HOST_VM_ID, &value, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_TRUSTED, &value, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Hyper-V options are not vsock options. */
  g_assert_false (vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_CONNECTED_SUSPEND, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Out of range: refused, nothing changed. */
  g_assert_false (vmsock_socket_set_option (socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, G_MAXUINT64, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (vmsock_socket_get_option (socket, VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, &value, NULL));
  g_assert_cmpuint (value, ==, 1500);
}

static void
test_adopt_fd (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GSocket) adopted = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  guint8 native[VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE];
  int fd;

  target = guest_local_address (guest_listen_on_any_port (listener, G_SOCKET_TYPE_STREAM));
  g_assert_true (g_socket_address_to_native (target, native, sizeof native, NULL));

  /* A descriptor connected by someone else, as socket activation passes one. */
  fd = socket (VMSOCK_SOCKET_FAMILY_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) native, sizeof native), ==, 0);

  adopted = vmsock_socket_new_from_fd (fd, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vmsock_socket_get_family (adopted), ==, VMSOCK_SOCKET_FAMILY_VSOCK);
  g_assert_true (g_socket_is_connected (adopted));
  remote = vmsock_socket_get_remote_address (adopted, &error);
  g_assert_no_error (error);
  g_assert_true (vmsock_socket_address_equal (remote, target));
}

static void
test_datagram_unsupported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = vmsock_socket_new (VMSOCK_SOCKET_FAMILY_VSOCK, G_SOCKET_TYPE_DATAGRAM, &error);

  /* No datagram transport in this guest: a clear error, not a crash. */
  g_assert_null (socket);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not create a vsock datagram socket: "));
}

int
main (int argc, char **argv)
{
  vmsock_test_require_guest (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gio-vsock/stock-client-sync", test_stock_client_sync);
  g_test_add_func ("/gio-vsock/stock-client-async", test_stock_client_async);
  g_test_add_func ("/gio-vsock/stock-threaded-service", test_stock_threaded_service);
  g_test_add_func ("/gio-vsock/large-transfer", test_large_transfer);
  g_test_add_func ("/gio-vsock/seqpacket-boundaries", test_seqpacket_boundaries);
  g_test_add_func ("/gio-vsock/accepted-connection-state", test_accepted_connection_state);
  g_test_add_func ("/gio-vsock/accept-with-helper", test_accept_with_helper);
  g_test_add_func ("/gio-vsock/typed-threaded-service", test_typed_service_threaded);
  g_test_add_func ("/gio-vsock/connection-burst", test_connection_burst);
  g_test_add_func ("/gio-vsock/bind-ports", test_bind_ports);
  g_test_add_func ("/gio-vsock/refused", test_refused);
  g_test_add_func ("/gio-vsock/cancel-mid-connect", test_cancel_mid_connect);
  g_test_add_func ("/gio-vsock/cancel-async", test_cancel_async);
  g_test_add_func ("/gio-vsock/timeout-mid-connect", test_timeout_mid_connect);
  g_test_add_func ("/gio-vsock/retry-until-listening", test_retry_until_listening);
  g_test_add_func ("/gio-vsock/connect-by-name", test_connect_by_name);
  g_test_add_func ("/gio-vsock/no-proxy-resolver", test_no_proxy_resolver);
  g_test_add_func ("/gio-vsock/local-cid", test_local_cid);
  g_test_add_func ("/gio-vsock/options", test_options);
  g_test_add_func ("/gio-vsock/adopt-fd", test_adopt_fd);
  g_test_add_func ("/gio-vsock/datagram-unsupported", test_datagram_unsupported);

  return g_test_run ();
}
