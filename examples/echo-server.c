/* echo-server.c: serve on a VM socket address and send back what arrives
 *
 * Usage: echo-server [ADDRESS]   (default: vsock:any:5000)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>

#include <libvmsock-glib/vmsock.h>

static void
echoed (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GSocketConnection) connection = data;
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) < 0)
    g_printerr ("%s\n", error->message);
  /* Everything is back: tell the client that nothing more comes. */
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  g_autoptr(GSocketAddress) peer = vmsock_socket_connection_get_remote_address (connection, NULL);
  g_autofree char *peer_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (peer));

  g_print ("Connection from %s\n", peer_text);
  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL,
                                echoed, g_object_ref (connection));
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketAddress) listening = NULL;
  g_autoptr(GSocketService) service = vmsock_socket_service_new ();
  g_autofree char *effective_text = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  /* Messages and names in the user's language and character set. */
  setlocale (LC_ALL, "");

  address = vmsock_socket_address_parse (argc > 1 ? argv[1] : "vsock:any:5000", &error);
  if (address == NULL ||
      !g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, &effective, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
  /* GIO hands back a GNativeSocketAddress for families it does not know. */
  listening = vmsock_socket_address_convert (effective, NULL);
  effective_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (listening));
  g_print ("Listening on %s\n", effective_text);
  g_main_loop_run (loop);
  return 0;
}
