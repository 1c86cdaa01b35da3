/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The project's demonstration: a stock GSocketClient talks to a
 * threaded GSocketService over AF_VSOCK, inside the test guest.
 */

#include <locale.h>
#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "guest-check.h"

#define MESSAGE "hello from a GSocketClient"

typedef struct
{
  GMainLoop *loop;
  GSocketConnection *connection;
  char reply[256];
  GError *error;
} Demo;

/* Runs in a worker thread of the service: blocking is fine here. */
static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  g_autoptr(GSocketAddress) peer = vmsock_socket_connection_get_remote_address (connection, NULL);
  g_autofree char *peer_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (peer));
  char buffer[256] = { 0 };
  g_autofree char *reply = NULL;

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                       buffer, sizeof buffer - 1, NULL, NULL);
  g_print ("service: %s says “%s”\n", peer_text, buffer);
  reply = g_ascii_strup (buffer, -1);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             reply, strlen (reply), NULL, NULL, NULL);
  return TRUE;
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Demo *demo = user_data;

  g_input_stream_read_finish (G_INPUT_STREAM (source), result, &demo->error);
  g_main_loop_quit (demo->loop);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Demo *demo = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &demo->error))
    {
      g_main_loop_quit (demo->loop);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (demo->connection)),
                             demo->reply, sizeof demo->reply - 1, G_PRIORITY_DEFAULT,
                             NULL, on_reply, demo);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Demo *demo = user_data;

  demo->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &demo->error);
  if (demo->connection == NULL)
    {
      g_main_loop_quit (demo->loop);
      return;
    }
  g_print ("client: connected, sending “%s”\n", MESSAGE);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (demo->connection)),
                                   MESSAGE, strlen (MESSAGE), G_PRIORITY_DEFAULT,
                                   NULL, on_sent, demo);
}

int
main (int argc, char **argv)
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) listen_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autofree char *bound_text = NULL;
  g_autofree char *target_text = NULL;
  Demo demo = { 0 };
  guint32 cid = 0;

  setlocale (LC_ALL, "");
  vmsock_test_require_guest (argv[0]);

  if (vmsock_vsock_get_local_cid (&cid, &demo.error))
    g_print ("local CID: %u\n", cid);
  g_clear_error (&demo.error);

  /* A threaded GSocketService that marks accepted VM sockets connected. */
  service = vmsock_threaded_socket_service_new (-1);
  listen_address = vmsock_socket_address_parse ("vsock:any:any", &demo.error);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), listen_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, &effective, &demo.error))
    goto out;
  bound = vmsock_socket_address_convert (effective, &demo.error);
  bound_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (bound));
  g_print ("service: listening on %s\n", bound_text);
  g_signal_connect (service, "run", G_CALLBACK (on_run), NULL);

  /* A stock GSocketClient, connecting to this machine's loopback CID. */
  target = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_LOCAL,
                                     vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (bound)));
  target_text = vmsock_socket_address_to_uri (target);
  g_print ("client: connecting to %s\n", target_text);
  client = g_socket_client_new ();
  demo.loop = g_main_loop_new (NULL, FALSE);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (target), NULL, on_connected, &demo);
  g_main_loop_run (demo.loop);

out:
  g_clear_pointer (&demo.loop, g_main_loop_unref);
  g_clear_object (&demo.connection);
  if (demo.error != NULL)
    {
      g_printerr ("vsock-demo: %s\n", demo.error->message);
      g_error_free (demo.error);
      return 1;
    }
  g_print ("client: got “%s”\n", demo.reply);
  return strcmp (demo.reply, "HELLO FROM A GSOCKETCLIENT") == 0 ? 0 : 1;
}
