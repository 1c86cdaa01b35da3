/* echo-client.c: send a message to a VM socket address and print the answer
 *
 * Usage: echo-client ADDRESS MESSAGE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include <libvmsock-glib/vmsock.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GOutputStream) answer = g_memory_output_stream_new_resizable ();
  GIOStream *stream;

  /* Messages and names in the user's language and character set. */
  setlocale (LC_ALL, "");

  if (argc != 3)
    {
      g_printerr ("Usage: echo-client ADDRESS MESSAGE\n");
      return 2;
    }

  address = vmsock_socket_address_parse (argv[1], &error);
  if (address != NULL)
    connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  stream = G_IO_STREAM (connection);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                                  argv[2], strlen (argv[2]), NULL, NULL, &error) ||
      /* The end of the message: the server answers once it sees it. */
      !g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error) ||
      g_output_stream_splice (answer, g_io_stream_get_input_stream (stream),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("%.*s\n",
           (int) g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (answer)),
           (const char *) g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (answer)));
  return 0;
}
