/* vmsockctl-registry.c: which service registry a command works on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "vmsockctl.h"
#include "vmsockctl-platform.h"
#include "vmsockctl-registry.h"

#define SCOPE_KEY "vmsockctl-scope"

static VmsockServiceRegistry *
open_registry (VmsockServiceRegistry *registry,
               const char            *scope)
{
  g_object_set_data (G_OBJECT (registry), SCOPE_KEY, (gpointer) scope);
  return registry;
}

void
vmsockctl_registry_options_clear (VmsockctlRegistryOptions *options)
{
  g_clear_pointer (&options->path, g_free);
}

GPtrArray *
vmsockctl_registry_open (const VmsockctlRegistryOptions  *options,
                         gboolean                         default_both,
                         GError                         **error)
{
  GPtrArray *registries = g_ptr_array_new_with_free_func (g_object_unref);

  if ((options->user ? 1 : 0) + (options->system ? 1 : 0) + (options->path != NULL ? 1 : 0) > 1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Choose one of --user, --system and --registry"));
      g_ptr_array_unref (registries);
      return NULL;
    }

  if (options->path != NULL)
    g_ptr_array_add (registries, open_registry (vmsock_service_registry_new_for_path (options->path), "file"));
  else if (options->user || options->system)
    {
      if (options->user)
        g_ptr_array_add (registries, open_registry (vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_USER), "user"));
      if (options->system)
        g_ptr_array_add (registries, open_registry (vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_SYSTEM), "system"));
    }
  else if (vmsockctl_platform_services_belong_to_system ())
    {
      /* Hyper-V reads only the machine's registry. */
      g_ptr_array_add (registries, open_registry (vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_SYSTEM), "system"));
    }
  else
    {
      g_ptr_array_add (registries, open_registry (vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_USER), "user"));
      if (default_both)
        g_ptr_array_add (registries, open_registry (vmsock_service_registry_new (VMSOCK_SERVICE_SCOPE_SYSTEM), "system"));
    }
  return registries;
}

const char *
vmsockctl_registry_scope (VmsockServiceRegistry *registry)
{
  return g_object_get_data (G_OBJECT (registry), SCOPE_KEY);
}

VmsockctlExit
vmsockctl_registry_fail (VmsockServiceRegistry *registry,
                         const GError          *error)
{
  vmsockctl_print_error ("%s", error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) &&
      g_str_equal (vmsockctl_registry_scope (registry), "system"))
    g_printerr (_("The system registry needs administrator rights to change; "
                  "run as root, or use --user.\n"));
  return VMSOCKCTL_EXIT_FAILURE;
}

gboolean
vmsockctl_registry_check_export (const char  *path,
                                 gboolean     force,
                                 GError     **error)
{
  if (path != NULL && g_str_equal (path, "-") && !force && vmsockctl_platform_is_terminal (1))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("A .reg file is UTF-16, which a terminal shows garbled: redirect "
                             "standard output to a file, or give --force"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vmsockctl_registry_export_reg (GPtrArray   *services,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(GBytes) contents =
    vmsock_service_format_reg_file ((VmsockService * const *) services->pdata, services->len);
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  if (g_str_equal (path, "-"))
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not write the .reg file to standard output"));
          return FALSE;
        }
      return TRUE;
    }

  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not write the .reg file: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
