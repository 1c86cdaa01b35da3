/* fuzz-service-file.c: a service registry file
 *
 * The input is written to a file that the registry's reader reads, as it
 * reads any registry.  What reads is written to another file, which reads
 * back to the same services.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "vmsock-service-file-private.h"

/* A folder of this process's own, and the two registries in it. */
static char *folder;
static char *input_path;
static char *saved_path;

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

static void
make_folder (void)
{
  g_autoptr(GError) error = NULL;

  folder = g_dir_make_tmp ("vmsock-fuzz-registry-XXXXXX", &error);
  if (folder == NULL)
    fuzz_fail ("no folder for the registry files: %s", error->message);
  input_path = g_build_filename (folder, "input.json", NULL);
  saved_path = g_build_filename (folder, "saved.json", NULL);
  atexit (remove_folder);
}

static void
write_input (const guint8 *data,
             size_t        size)
{
  FILE *file = fopen (input_path, "wb");

  if (file == NULL || fwrite (data, 1, size, file) != size || fclose (file) != 0)
    fuzz_fail ("cannot write %s", input_path);
}

static void
check_same_services (GPtrArray *services,
                     GPtrArray *again)
{
  if (services->len != again->len)
    fuzz_fail ("%u services were saved, %u read back", services->len, again->len);
  for (guint i = 0; i < services->len; i++)
    {
      VmsockService *service = g_ptr_array_index (services, i);
      VmsockService *service_again = g_ptr_array_index (again, i);

      if (g_strcmp0 (vmsock_service_get_name (service), vmsock_service_get_name (service_again)) != 0 ||
          !vmsock_guid_equal (vmsock_service_get_service_id (service),
                              vmsock_service_get_service_id (service_again)))
        fuzz_fail ("service %u changed when saved and read back", i);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  if (folder == NULL)
    make_folder ();
  write_input (data, size);

  services = vmsock_service_file_load (input_path, &error);
  if (services == NULL)
    {
      fuzz_check_error (error);
      return 0;
    }

  if (!vmsock_service_file_save (saved_path, services, &error))
    fuzz_fail ("a registry that was read cannot be saved: %s", error->message);
  again = vmsock_service_file_load (saved_path, &error);
  if (again == NULL)
    fuzz_fail ("a saved registry does not read back: %s", error->message);
  check_same_services (services, again);
  return 0;
}
