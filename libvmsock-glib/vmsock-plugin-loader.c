/* vmsock-plugin-loader.c: finding provider plugins
 *
 * A plugin is a metadata file (NAME.plugin) and the GIO module it names,
 * which implements the VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME extension
 * point.  The caller learns its providers from the metadata alone; only the
 * plugin host loads a module.  Folders and files that other users could
 * have written are refused, and a provider found twice is taken from the
 * first folder.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-info-private.h"
#include "vmsock-plugin-loader-private.h"
#include "vmsock-plugin-proxy-private.h"
#include "vmsock-vm-provider.h"

typedef struct
{
  GPtrArray *infos;       /* VmsockPluginInfo, one per provider */
  GHashTable *failures;   /* plugin (its metadata file's name) → GError */
} FoundPlugins;

/* NAME of NAME.plugin. */
static char *
plugin_name (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);

  return g_strndup (basename, strlen (basename) - strlen (VMSOCK_PLUGIN_INFO_SUFFIX));
}

static VmsockPluginInfo *
find_provider_info (GPtrArray  *infos,
                    const char *provider)
{
  for (guint i = 0; i < infos->len; i++)
    if (g_str_equal (vmsock_plugin_info_get_provider (g_ptr_array_index (infos, i)), provider))
      return g_ptr_array_index (infos, i);
  return NULL;
}

/* The metadata at @path, if it and its module can be trusted and its
 * provider is not known yet. */
static VmsockPluginInfo *
read_plugin (const char  *path,
             GPtrArray   *infos,
             GError     **error)
{
  g_autoptr(VmsockPluginInfo) info = NULL;
  VmsockPluginInfo *first;

  if (!vmsock_platform_check_plugin_path (path, error))
    return NULL;
  info = vmsock_plugin_info_new_for_file (path, error);
  if (info == NULL || !vmsock_platform_check_plugin_path (vmsock_plugin_info_get_module (info), error))
    return NULL;

  first = find_provider_info (infos, vmsock_plugin_info_get_provider (info));
  if (first != NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                   _("%s offers the %s provider, which %s offers already; it is not used"),
                   path, vmsock_plugin_info_get_provider (info), vmsock_plugin_info_get_file (first));
      return NULL;
    }
  return g_steal_pointer (&info);
}

static void
find_in_directory (const char   *directory,
                   FoundPlugins *found)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *basename;

  if (dir == NULL)
    return;
  if (!vmsock_platform_check_plugin_path (directory, &error))
    {
      g_hash_table_replace (found->failures, g_strdup (directory), g_steal_pointer (&error));
      return;
    }

  while ((basename = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (basename, VMSOCK_PLUGIN_INFO_SUFFIX))
      g_ptr_array_add (files, g_build_filename (directory, basename, NULL));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      VmsockPluginInfo *info = read_plugin (path, found->infos, &error);

      if (info != NULL)
        g_ptr_array_add (found->infos, info);
      else
        g_hash_table_replace (found->failures, plugin_name (path), g_steal_pointer (&error));
    }
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  VmsockPluginInfo *first = *(VmsockPluginInfo **) a;
  VmsockPluginInfo *second = *(VmsockPluginInfo **) b;

  return vmsock_plugin_info_get_priority (second) - vmsock_plugin_info_get_priority (first);
}

static gpointer
find_all (gpointer data)
{
  FoundPlugins *found = g_new0 (FoundPlugins, 1);
  const char *path_variable;

  found->infos = g_ptr_array_new_with_free_func (g_object_unref);
  found->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_error_free);

  /* A setuid or setgid program must not run code the caller names. */
  path_variable = vmsock_platform_is_setuid () ? NULL : g_getenv (VMSOCK_PLUGIN_PATH_VARIABLE);
  if (path_variable != NULL)
    {
      g_auto(GStrv) directories = g_strsplit (path_variable, G_SEARCHPATH_SEPARATOR_S, -1);

      for (gsize i = 0; directories[i] != NULL; i++)
        if (*directories[i] != '\0')
          find_in_directory (directories[i], found);
    }
  find_in_directory (vmsock_platform_get_installed_path (VMSOCK_PLATFORM_PLUGIN_DIR), found);

  /* Higher priority first; the same priority in the order found. */
  g_ptr_array_sort (found->infos, compare_priority);
  return found;
}

GPtrArray *
vmsock_plugins_load_providers (GHashTable **failures)
{
  static GOnce once = G_ONCE_INIT;
  FoundPlugins *found = g_once (&once, find_all, NULL);
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < found->infos->len; i++)
    g_ptr_array_add (providers, vmsock_plugin_proxy_new (g_ptr_array_index (found->infos, i)));
  *failures = g_hash_table_ref (found->failures);
  return providers;
}

/* The plugin host's side: loading one module. */

/* libvmsock-libvirt.so → vmsock_libvirt, as GIO derives it. */
static char *
module_name_from_file (const char *basename)
{
  const char *start = g_str_has_prefix (basename, "lib") ? basename + 3 : basename;
  g_autofree char *name = g_strndup (start, strcspn (start, "."));

  return g_strdelimit (g_steal_pointer (&name), "-", '_');
}

/* Fails unless @path can be opened and exports g_io_NAME_load. */
static gboolean
check_plugin_file (const char  *path,
                   const char  *module_name,
                   GError     **error)
{
  g_autofree char *entry_point = g_strdup_printf ("g_io_%s_load", module_name);
  GModule *module;
  gpointer symbol = NULL;
  gboolean found;

  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                   _("%s is not a loadable module: %s"), path, g_module_error ());
      return FALSE;
    }

  found = g_module_symbol (module, entry_point, &symbol) && symbol != NULL;
  g_module_close (module);
  if (!found)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
                   _("%s is not a provider plugin: it has no %s function"), path, entry_point);
      return FALSE;
    }
  return TRUE;
}

/* Registers the extension point that plugins implement; idempotent. */
static GIOExtensionPoint *
register_extension_point (void)
{
  GIOExtensionPoint *extension_point =
    g_io_extension_point_register (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME);

  g_io_extension_point_set_required_type (extension_point, VMSOCK_TYPE_VM_PROVIDER);
  return extension_point;
}

static gboolean
load_file (const char  *path,
           const char  *module_name,
           GError     **error)
{
  GIOModule *module;

  if (!check_plugin_file (path, module_name, error))
    return FALSE;

  module = g_io_module_new (path);
  if (!g_type_module_use (G_TYPE_MODULE (module)))
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED, _("%s could not be loaded"), path);
      g_object_unref (module);
      return FALSE;
    }
  /* Loaded for the life of the process, as GIO keeps its modules. */
  return TRUE;
}

GPtrArray *
vmsock_plugins_load_module (const char  *path,
                            GError     **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = module_name_from_file (basename);
  GIOExtensionPoint *extension_point = register_extension_point ();
  GPtrArray *providers;

  if (!load_file (path, name, error))
    return NULL;

  providers = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = g_io_extension_point_get_extensions (extension_point); l != NULL; l = l->next)
    g_ptr_array_add (providers, g_object_new (g_io_extension_get_type (l->data), NULL));
  return providers;
}

GPtrArray *
_vmsock_plugins_load_module (const char  *path,
                             GError     **error)
{
  return vmsock_plugins_load_module (path, error);
}
