/* vmsock-plugin-loader.c: loading provider plugins
 *
 * Plugins are GIO modules that implement the
 * VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME extension point.  Each file is
 * checked before GIO loads it, so that one that is not a plugin is reported
 * by name instead of only printed, and the others load all the same.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-loader-private.h"
#include "vmsock-vm-provider.h"

typedef struct
{
  GHashTable *failures;   /* plugin name → GError */
  GHashTable *files;      /* provider GType → path of its plugin */
} LoadedPlugins;

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

/* The provider types that @extension_point holds, as a set. */
static GHashTable *
extension_types (GIOExtensionPoint *extension_point)
{
  GHashTable *types = g_hash_table_new (NULL, NULL);

  for (GList *l = g_io_extension_point_get_extensions (extension_point); l != NULL; l = l->next)
    g_hash_table_add (types, GSIZE_TO_POINTER (g_io_extension_get_type (l->data)));
  return types;
}

/* Records @path as the plugin of every provider type in @extension_point
 * that @before did not hold. */
static void
record_new_types (GIOExtensionPoint *extension_point,
                  GHashTable        *before,
                  const char        *path,
                  GHashTable        *files)
{
  for (GList *l = g_io_extension_point_get_extensions (extension_point); l != NULL; l = l->next)
    {
      gpointer type = GSIZE_TO_POINTER (g_io_extension_get_type (l->data));

      if (!g_hash_table_contains (before, type))
        g_hash_table_insert (files, type, g_strdup (path));
    }
}

static void
load_directory (const char    *directory,
                GHashTable    *seen,
                LoadedPlugins *loaded)
{
  GIOExtensionPoint *extension_point = register_extension_point ();
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *basename;

  if (dir == NULL)
    return;

  while ((basename = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (basename, "." G_MODULE_SUFFIX))
      g_ptr_array_add (files, g_strdup (basename));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (directory, file, NULL);
      g_autofree char *name = module_name_from_file (file);
      g_autoptr(GHashTable) before = extension_types (extension_point);
      GError *error = NULL;

      /* The first folder that has a plugin wins. */
      if (!g_hash_table_add (seen, g_strdup (name)))
        continue;

      if (load_file (path, name, &error))
        record_new_types (extension_point, before, path, loaded->files);
      else
        g_hash_table_replace (loaded->failures, g_strdup (name), error);
    }
}

static gpointer
load_all (gpointer data)
{
  LoadedPlugins *loaded = g_new0 (LoadedPlugins, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *path_variable;

  loaded->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_error_free);
  loaded->files = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* A setuid or setgid program must not load code the caller names. */
  path_variable = vmsock_platform_is_setuid () ? NULL : g_getenv (VMSOCK_PLUGIN_PATH_VARIABLE);
  if (path_variable != NULL)
    {
      g_auto(GStrv) directories = g_strsplit (path_variable, G_SEARCHPATH_SEPARATOR_S, -1);

      for (gsize i = 0; directories[i] != NULL; i++)
        if (*directories[i] != '\0')
          load_directory (directories[i], seen, loaded);
    }
  load_directory (vmsock_platform_get_installed_path (VMSOCK_PLATFORM_PLUGIN_DIR), seen, loaded);

  return loaded;
}

static GOnce once = G_ONCE_INIT;

static LoadedPlugins *
loaded_plugins (void)
{
  return g_once (&once, load_all, NULL);
}

GPtrArray *
vmsock_plugins_load_providers (GHashTable **failures)
{
  LoadedPlugins *loaded = loaded_plugins ();
  GIOExtensionPoint *extension_point =
    g_io_extension_point_lookup (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME);
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_object_unref);

  /* GIO keeps the extensions in priority order. */
  for (GList *l = g_io_extension_point_get_extensions (extension_point); l != NULL; l = l->next)
    g_ptr_array_add (providers, g_object_new (g_io_extension_get_type (l->data), NULL));

  *failures = g_hash_table_ref (loaded->failures);
  return providers;
}

const char *
vmsock_plugins_get_file (GType provider_type)
{
  /* No plugin loaded yet, so no provider came from one; a discovery of the
   * caller's own providers never loads them. */
  if (g_atomic_int_get (&once.status) != G_ONCE_STATUS_READY)
    return NULL;
  return g_hash_table_lookup (loaded_plugins ()->files, GSIZE_TO_POINTER (provider_type));
}

GPtrArray *
vmsock_plugins_load_file (const char  *path,
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
