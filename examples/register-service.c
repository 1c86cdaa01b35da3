/* register-service.c: give a vsock port a name in the user's service registry
 *
 * Usage: register-service NAME PORT [REGISTRY-FILE]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>

#include <libvmsock-glib/vmsock.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VmsockServiceRegistry) registry = NULL;
  g_autoptr(VmsockService) service = NULL;
  g_autofree char *service_id_text = NULL;
  VmsockGuid service_id;
  guint64 port;

  /* Messages and names in the user's language and character set. */
  setlocale (LC_ALL, "");

  if (argc < 3 || argc > 4 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT32, &port, &error))
    {
      g_printerr ("Usage: register-service NAME PORT [REGISTRY-FILE]\n");
      return 2;
    }

  registry = argc == 4 ? vmsock_service_registry_new_for_path (argv[3])
                       : vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_USER);
  /* The service ID that both AF_VSOCK and AF_HYPERV peers know the port by. */
  vmsock_hvsock_service_id_for_vsock_port (port, &service_id);
  service = vmsock_service_registry_register (registry, argv[1], &service_id, NULL, &error);
  if (service == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  service_id_text = vmsock_guid_to_string (vmsock_service_get_service_id (service));
  g_print ("%s\t%s\n", vmsock_service_get_name (service), service_id_text);
  return 0;
}
