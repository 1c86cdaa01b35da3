/* vmsock-plugin-info.c: what a plugin's metadata file says
 *
 * A plugin is a module and a key file beside it.  The key file tells the
 * library everything it needs before a query (the provider's name, where it
 * applies, its settings), so that no plugin code ever runs in the process
 * that asks; only the plugin host loads the module.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-plugin-info-private.h"

#define PLUGIN_GROUP "Plugin"
#define PROPERTY_GROUP_PREFIX "Property "
/* The longest provider name. */
#define MAX_PROVIDER_LENGTH 64

struct _VmsockPluginInfo
{
  GObject parent_instance;

  char *file;
  char *module;
  char *provider;
  char *description;
  GStrv platforms;
  GStrv requires;
  int priority;
  GPtrArray *properties;
};

G_DEFINE_FINAL_TYPE (VmsockPluginInfo, vmsock_plugin_info, G_TYPE_OBJECT)

static const char * const known_platforms[] = { "linux", "wsl", "windows", NULL };
static const char * const known_requirements[] = { "systemd", NULL };

static void
vmsock_plugin_info_finalize (GObject *object)
{
  VmsockPluginInfo *self = VMSOCK_PLUGIN_INFO (object);

  g_free (self->file);
  g_free (self->module);
  g_free (self->provider);
  g_free (self->description);
  g_strfreev (self->platforms);
  g_strfreev (self->requires);
  g_ptr_array_unref (self->properties);

  G_OBJECT_CLASS (vmsock_plugin_info_parent_class)->finalize (object);
}

static void
vmsock_plugin_info_class_init (VmsockPluginInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vmsock_plugin_info_finalize;
}

static void
vmsock_plugin_info_init (VmsockPluginInfo *self)
{
  self->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) g_param_spec_unref);
}

static gboolean
set_invalid (GError     **error,
             const char  *file,
             const char  *message)
{
  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
               _("The plugin metadata %s is not usable: %s"), file, message);
  return FALSE;
}

/* Lowercase letters, digits and dashes, as provider names are. */
static gboolean
is_provider_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_PROVIDER_LENGTH || name[0] == '-')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* A file name in the same folder, of this platform's module kind. */
static gboolean
is_module_name (const char *name)
{
  return *name != '\0' && strchr (name, '/') == NULL && strchr (name, '\\') == NULL &&
         name[0] != '.' && g_str_has_suffix (name, "." G_MODULE_SUFFIX);
}

/* Reads a list key whose every item must be one of @known. */
static gboolean
read_list (GKeyFile            *key_file,
           const char          *key,
           const char * const  *known,
           gboolean             required,
           GStrv               *list,
           const char          *file,
           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) items = g_key_file_get_string_list (key_file, PLUGIN_GROUP, key, NULL, &local_error);
  g_autofree char *known_text = NULL;

  if (items == NULL && !required &&
      g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    {
      *list = g_new0 (char *, 1);
      return TRUE;
    }
  known_text = g_strjoinv (", ", (GStrv) known);
  if (items == NULL || items[0] == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s needs at least one of: %s"), key, known_text);

      return set_invalid (error, file, message);
    }
  for (gsize i = 0; items[i] != NULL; i++)
    if (!g_strv_contains (known, items[i]))
      {
        g_autofree char *message = g_strdup_printf (_("%s names “%s”, which is none of: %s"),
                                                    key, items[i], known_text);

        return set_invalid (error, file, message);
      }
  *list = g_steal_pointer (&items);
  return TRUE;
}

/* The GParamSpec of a setting declared as [Property NAME] with a GVariant
 * type; NULL for a type settings cannot have. */
static GParamSpec *
param_spec_for (const char *name,
                const char *type,
                const char *description)
{
  GParamFlags flags = G_PARAM_READWRITE;

  if (g_str_equal (type, "b"))
    return g_param_spec_boolean (name, NULL, description, FALSE, flags);
  if (g_str_equal (type, "i"))
    return g_param_spec_int (name, NULL, description, G_MININT32, G_MAXINT32, 0, flags);
  if (g_str_equal (type, "u"))
    return g_param_spec_uint (name, NULL, description, 0, G_MAXUINT32, 0, flags);
  if (g_str_equal (type, "x"))
    return g_param_spec_int64 (name, NULL, description, G_MININT64, G_MAXINT64, 0, flags);
  if (g_str_equal (type, "t"))
    return g_param_spec_uint64 (name, NULL, description, 0, G_MAXUINT64, 0, flags);
  if (g_str_equal (type, "d"))
    return g_param_spec_double (name, NULL, description, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  if (g_str_equal (type, "s"))
    return g_param_spec_string (name, NULL, description, NULL, flags);
  if (g_str_equal (type, "as"))
    return g_param_spec_boxed (name, NULL, description, G_TYPE_STRV, flags);
  return NULL;
}

static gboolean
read_properties (VmsockPluginInfo  *self,
                 GKeyFile          *key_file,
                 GError           **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (gsize i = 0; groups[i] != NULL; i++)
    {
      const char *name = groups[i] + strlen (PROPERTY_GROUP_PREFIX);
      g_autofree char *type = NULL;
      g_autofree char *description = NULL;
      GParamSpec *spec;

      if (g_str_equal (groups[i], PLUGIN_GROUP))
        continue;
      if (!g_str_has_prefix (groups[i], PROPERTY_GROUP_PREFIX) || !g_param_spec_is_valid_name (name))
        {
          g_autofree char *message = g_strdup_printf (_("[%s] is neither [Plugin] nor a "
                                                         "[Property NAME] with a valid name"),
                                                       groups[i]);

          return set_invalid (error, self->file, message);
        }
      type = g_key_file_get_string (key_file, groups[i], "Type", NULL);
      description = g_key_file_get_locale_string (key_file, groups[i], "Description", NULL, NULL);
      spec = type != NULL ? param_spec_for (name, type, description) : NULL;
      if (spec == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("the property %s needs a Type of b, i, u, x, t, d, s or as"), name);

          return set_invalid (error, self->file, message);
        }
      g_ptr_array_add (self->properties, g_param_spec_ref_sink (spec));
    }
  return TRUE;
}

VmsockPluginInfo *
vmsock_plugin_info_new_for_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(VmsockPluginInfo) self = g_object_new (VMSOCK_TYPE_PLUGIN_INFO, NULL);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *module = NULL;
  g_autofree char *folder = NULL;

  self->file = g_strdup (path);
  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &local_error))
    return set_invalid (error, path, local_error->message), NULL;
  if (!g_key_file_has_group (key_file, PLUGIN_GROUP))
    return set_invalid (error, path, _("it has no [Plugin] group")), NULL;

  module = g_key_file_get_string (key_file, PLUGIN_GROUP, "Module", NULL);
  if (module == NULL || !is_module_name (module))
    return set_invalid (error, path, _("Module must name a module file in the same folder")), NULL;
  folder = g_path_get_dirname (path);
  self->module = g_build_filename (folder, module, NULL);

  self->provider = g_key_file_get_string (key_file, PLUGIN_GROUP, "Provider", NULL);
  if (self->provider == NULL || !is_provider_name (self->provider))
    return set_invalid (error, path, _("Provider must be a name of lowercase letters, digits "
                                       "and dashes")), NULL;

  self->description = g_key_file_get_locale_string (key_file, PLUGIN_GROUP, "Description", NULL, NULL);
  if (self->description == NULL)
    self->description = g_strdup ("");

  if (!read_list (key_file, "Platforms", known_platforms, TRUE, &self->platforms, path, error) ||
      !read_list (key_file, "Requires", known_requirements, FALSE, &self->requires, path, error))
    return NULL;

  self->priority = g_key_file_get_integer (key_file, PLUGIN_GROUP, "Priority", &local_error);
  if (local_error != NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return set_invalid (error, path, _("Priority must be a whole number")), NULL;

  if (!read_properties (self, key_file, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vmsock_plugin_info_get_file (VmsockPluginInfo *info)
{
  return info->file;
}

const char *
vmsock_plugin_info_get_module (VmsockPluginInfo *info)
{
  return info->module;
}

const char *
vmsock_plugin_info_get_provider (VmsockPluginInfo *info)
{
  return info->provider;
}

const char *
vmsock_plugin_info_get_description (VmsockPluginInfo *info)
{
  return info->description;
}

int
vmsock_plugin_info_get_priority (VmsockPluginInfo *info)
{
  return info->priority;
}

GPtrArray *
vmsock_plugin_info_get_properties (VmsockPluginInfo *info)
{
  return info->properties;
}

/* The platform that metadata is matched against: this one, or for tests
 * the one VMSOCK_PLATFORM names. */
static const char *
platform_kind (void)
{
  const char *platform = vmsock_platform_is_setuid () ? NULL : g_getenv ("VMSOCK_PLATFORM");

  return platform != NULL && g_strv_contains (known_platforms, platform) ? platform
                                                                          : vmsock_platform_get_kind ();
}

gboolean
vmsock_plugin_info_applies (VmsockPluginInfo  *info,
                            char             **reason)
{
  const char *platform = platform_kind ();

  if (!g_strv_contains ((const char * const *) info->platforms, platform))
    {
      if (reason != NULL)
        {
          g_autofree char *platforms = g_strjoinv (", ", info->platforms);

          *reason = g_strdup_printf (_("it works on %s, and this is %s"), platforms, platform);
        }
      return FALSE;
    }
  if (g_strv_contains ((const char * const *) info->requires, "systemd") &&
      !vmsock_platform_runs_systemd ())
    {
      if (reason != NULL)
        *reason = g_strdup (_("it needs systemd, which does not run this machine"));
      return FALSE;
    }
  return TRUE;
}
