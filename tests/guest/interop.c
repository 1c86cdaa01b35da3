/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Talking to AF_VSOCK peers that nobody here wrote: socat and Python's
 * socket module, both directions, in the test guest.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "guest-check.h"
#include "guest-util.h"

#define PAYLOAD_SIZE (1024 * 1024)

/* Echoes stdin back with a SHA-256 of what it read, then exits. */
static const char python_server[] =
  "import hashlib, socket, sys\n"
  "port = int(sys.argv[1])\n"
  "with socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM) as s:\n"
  "    s.bind((socket.VMADDR_CID_ANY, port))\n"
  "    s.listen(1)\n"
  "    print('listening', flush=True)\n"
  "    conn, (cid, peer_port) = s.accept()\n"
  "    digest = hashlib.sha256()\n"
  "    while True:\n"
  "        data = conn.recv(65536)\n"
  "        if not data:\n"
  "            break\n"
  "        digest.update(data)\n"
  "    conn.sendall(digest.hexdigest().encode())\n"
  "    conn.close()\n"
  "    print('peer', cid, peer_port, flush=True)\n";

/* Sends argv[2], half-closes, prints what comes back. */
static const char python_client[] =
  "import socket, sys\n"
  "with socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM) as s:\n"
  "    s.connect((1, int(sys.argv[1])))\n"
  "    s.sendall(sys.argv[2].encode())\n"
  "    s.shutdown(socket.SHUT_WR)\n"
  "    reply = b''\n"
  "    while True:\n"
  "        data = s.recv(65536)\n"
  "        if not data:\n"
  "            break\n"
  "        reply += data\n"
  "    sys.stdout.write(reply.decode())\n";

static GBytes *
random_payload (gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

typedef struct
{
  GSocketConnection *connection;
  guint pending;
  GError *error;
} Exchange;

static void
on_payload_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Exchange *exchange = user_data;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &exchange->error))
    g_socket_shutdown (g_socket_connection_get_socket (exchange->connection), FALSE, TRUE,
                       &exchange->error);
  exchange->pending--;
}

static void
on_reply_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Exchange *exchange = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
  exchange->pending--;
}

/* Connects with retries (the peer may still be starting), sends @payload and
 * half-closes while reading the reply: an echoing peer needs both at once. */
static GBytes *
send_and_receive (guint32  port,
                  GBytes  *payload)
{
  g_autoptr(VmsockDialer) dialer = vmsock_dialer_new ();
  g_autoptr(GSocketAddress) target = guest_local_address (port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GOutputStream) reply = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  Exchange exchange = { 0 };
  gsize size;
  const guint8 *data = g_bytes_get_data (payload, &size);

  vmsock_dialer_set_retries (dialer, 200);
  vmsock_dialer_set_retry_wait (dialer, 50);
  vmsock_dialer_set_timeout (dialer, 30000);
  connection = vmsock_dialer_connect (dialer, G_SOCKET_CONNECTABLE (target), NULL, &error);
  g_assert_no_error (error);

  exchange.connection = connection;
  exchange.pending = 2;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   data, size, G_PRIORITY_DEFAULT, NULL,
                                   on_payload_written, &exchange);
  g_output_stream_splice_async (reply, g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT, NULL,
                                on_reply_read, &exchange);
  while (exchange.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (exchange.error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (reply));
}

static GSubprocess *
spawn (GSubprocessFlags flags,
       GError         **error,
       const char      *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return g_subprocess_newv ((const char * const *) argv->pdata, flags, error);
}

static void
test_socat_server (void)
{
  guint32 port = guest_unused_port ();
  g_autofree char *listen_spec = g_strdup_printf ("VSOCK-LISTEN:%u", port);
  g_autoptr(GSubprocess) socat = NULL;
  g_autoptr(GBytes) payload = random_payload (PAYLOAD_SIZE);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* socat's PIPE echoes what it reads, through a pipe to itself: writes of
   * at most a page into it never block on it for good, as socat's default
   * 8 KiB can while the way back lags (vmsockctl-relay.py says more). */
  socat = spawn (G_SUBPROCESS_FLAGS_NONE, &error, "socat", "-b", "4096", "-t", "60",
                 listen_spec, "PIPE", NULL);
  g_assert_no_error (error);

  reply = send_and_receive (port, payload);
  g_assert_true (g_bytes_equal (reply, payload));

  g_subprocess_wait_check (socat, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  GMutex lock;
  GBytes *received;
  GSocketAddress *peer;
} Received;

/* Reads until EOF, then answers with "got N bytes". */
static gboolean
on_run_count (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source_object,
              gpointer                user_data)
{
  Received *received = user_data;
  g_autoptr(GOutputStream) collected = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gssize size;

  size = g_output_stream_splice (collected, g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  answer = g_strdup_printf ("got %" G_GSSIZE_FORMAT " bytes", size);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            answer, strlen (answer), NULL, NULL, &error));
  g_assert_no_error (error);

  g_mutex_lock (&received->lock);
  received->received = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (collected));
  received->peer = vmsock_socket_connection_get_remote_address (connection, &error);
  g_mutex_unlock (&received->lock);
  g_assert_no_error (error);
  return TRUE;
}

typedef struct
{
  char *stdout_text;
  GError *error;
  gboolean done;
} Communicated;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicated *state = user_data;

  if (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                            &state->stdout_text, NULL, &state->error))
    g_subprocess_wait_check (G_SUBPROCESS (source), NULL, &state->error);
  state->done = TRUE;
  g_main_context_wakeup (NULL);
}

/* Runs a peer that connects to our service while the main loop serves. */
static char *
run_client_peer (GSubprocess *peer,
                 const char  *input)
{
  Communicated state = { 0 };

  g_subprocess_communicate_utf8_async (peer, input, NULL, on_communicated, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  return state.stdout_text;
}

static void
assert_received (Received   *received,
                 const char *expected)
{
  g_mutex_lock (&received->lock);
  g_assert_nonnull (received->received);
  g_assert_cmpmem (g_bytes_get_data (received->received, NULL), g_bytes_get_size (received->received),
                   expected, strlen (expected));
  g_assert_true (VMSOCK_IS_VSOCK_ADDRESS (received->peer));
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (received->peer)), ==,
                    VMSOCK_VSOCK_CID_LOCAL);
  g_clear_pointer (&received->received, g_bytes_unref);
  g_clear_object (&received->peer);
  g_mutex_unlock (&received->lock);
}

/* Serves one connection from the peer that @argv starts, after replacing
 * "@PORT@" in it with the port of the service, and feeding it @input.  The
 * service must receive @sent and the peer print the service's answer. */
static void
check_client_peer (const char * const *argv,
                   const char         *input,
                   const char         *sent)
{
  g_autoptr(GSocketService) service = vmsock_threaded_socket_service_new (-1);
  g_autoptr(GPtrArray) peer_argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) peer = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expected_output = NULL;
  g_autoptr(GError) error = NULL;
  Received received = { 0 };

  g_mutex_init (&received.lock);
  port_text = g_strdup_printf ("%u", guest_listen_on_any_port (G_SOCKET_LISTENER (service),
                                                               G_SOCKET_TYPE_STREAM));
  g_signal_connect (service, "run", G_CALLBACK (on_run_count), &received);

  for (gsize i = 0; argv[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = g_strsplit (argv[i], "@PORT@", -1);

      g_ptr_array_add (peer_argv, g_strjoinv (port_text, pieces));
    }
  g_ptr_array_add (peer_argv, NULL);

  peer = g_subprocess_newv ((const char * const *) peer_argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  output = run_client_peer (peer, input);

  expected_output = g_strdup_printf ("got %u bytes", (guint) strlen (sent));
  g_assert_cmpstr (output, ==, expected_output);
  assert_received (&received, sent);
  g_socket_service_stop (service);
  g_mutex_clear (&received.lock);
}

static void
test_socat_client (void)
{
  const char *argv[] = { "socat", "-", "VSOCK-CONNECT:1:@PORT@", NULL };

  check_client_peer (argv, "hello from socat\n", "hello from socat\n");
}

static void
test_python_server (void)
{
  guint32 port = guest_unused_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GBytes) payload = random_payload (PAYLOAD_SIZE);
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *python_output = NULL;
  g_autoptr(GError) error = NULL;

  python = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", "-c", python_server, port_text, NULL);
  g_assert_no_error (error);

  reply = send_and_receive (port, payload);
  expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, payload);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), expected, strlen (expected));

  g_assert_true (g_subprocess_communicate_utf8 (python, NULL, NULL, &python_output, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (python));
  /* Python saw us come from the loopback CID. */
  g_assert_true (g_str_has_prefix (python_output, "listening\npeer 1 "));
}

static void
test_python_client (void)
{
  const char *argv[] = { "python3", "-c", python_client, "@PORT@", "hello from python", NULL };

  check_client_peer (argv, NULL, "hello from python");
}

int
main (int argc, char **argv)
{
  vmsock_test_require_guest (argv[0]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interop/socat-server", test_socat_server);
  g_test_add_func ("/interop/socat-client", test_socat_client);
  g_test_add_func ("/interop/python-server", test_python_server);
  g_test_add_func ("/interop/python-client", test_python_client);

  return g_test_run ();
}
