/* vmsockctl-unix-socket.c: Unix socket paths that fit, and socket files
 * that go away with the listener that made them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vmsockctl-platform.h"
#include "vmsockctl-unix-socket.h"

GSocketAddress *
vmsockctl_unix_socket_address_new (const char  *text,
                                   const char  *path,
                                   GError     **error)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  gsize kept = g_unix_socket_address_get_path_len (G_UNIX_SOCKET_ADDRESS (address));

  /* GIO keeps what fits of a longer path. */
  if (kept != strlen (path))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the path is %zu bytes long, but a Unix socket address holds at most %zu"),
                   text, strlen (path), kept);
      return NULL;
    }
  return g_steal_pointer (&address);
}

typedef struct
{
  char *path;
  VmsockctlFileId id;
} SocketFile;

static void
socket_file_remove (gpointer data)
{
  SocketFile *file = data;
  VmsockctlFileId now;

  if (vmsockctl_platform_socket_file_id (file->path, &now) &&
      now.volume == file->id.volume && now.file == file->id.file)
    g_unlink (file->path);
  g_free (file->path);
  g_free (file);
}

void
vmsockctl_unix_socket_remove_with (GSocketListener *listener,
                                   GSocketAddress  *address)
{
  GUnixSocketAddress *unix_address = G_UNIX_SOCKET_ADDRESS (address);
  g_autofree char *key = NULL;
  SocketFile *file;

  if (g_unix_socket_address_get_address_type (unix_address) != G_UNIX_SOCKET_ADDRESS_PATH)
    return;

  file = g_new0 (SocketFile, 1);
  file->path = g_strdup (g_unix_socket_address_get_path (unix_address));
  if (!vmsockctl_platform_socket_file_id (file->path, &file->id))
    {
      /* Gone already, or not a file of its own on this system. */
      g_free (file->path);
      g_free (file);
      return;
    }
  key = g_strconcat ("vmsockctl-socket-file:", file->path, NULL);
  g_object_set_data_full (G_OBJECT (listener), key, file, socket_file_remove);
}
