/* vmsock-service-registry.c: named services, kept in a JSON file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vmsock-error.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-service-registry.h"

/**
 * VmsockServiceRegistry:
 *
 * A registry of named VM socket services ([class@Vmsock.Service]), kept in
 * a JSON file: one per user and one for the machine
 * ([enum@Vmsock.ServiceScope]), or any file the caller names.
 *
 * Names and service IDs are unique within a registry.  Registering a name
 * again with the same service ID changes nothing; registering it with
 * another one, or another name with the same ID, is a
 * %VMSOCK_ERROR_SERVICE_CONFLICT.
 *
 * Changes are safe against crashes and against other processes: a change
 * holds a lock on `services.json.lock` beside the file while it reads,
 * changes and writes, and the new contents replace the old file atomically.
 * A file that is not a registry is reported with its path and the position
 * of the fault, and left as it is.
 *
 * The file is an object with a format `version` (1) and a `services` array
 * of objects with the members `name`, `service-id` and, for VSock template
 * IDs, `port`:
 *
 * |[<!-- language="plain" -->
 * {
 *   "version" : 1,
 *   "services" : [
 *     { "name" : "ssh", "service-id" : "00000016-facb-11e6-bd58-64006a7986d3", "port" : 22 }
 *   ]
 * }
 * ]|
 *
 * The environment variable `VMSOCK_SYSCONFDIR` moves the system registry to
 * another folder, for tests; processes running setuid ignore it.
 *
 * Since: 0.1
 */

#define REGISTRY_FOLDER "libvmsock-glib-1"
#define REGISTRY_FILE "services.json"
#define FORMAT_VERSION 1

struct _VmsockServiceRegistry
{
  GObject parent_instance;

  char *path;
};

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsockServiceRegistry, vmsock_service_registry, G_TYPE_OBJECT)

static void
vmsock_service_registry_finalize (GObject *object)
{
  VmsockServiceRegistry *self = VMSOCK_SERVICE_REGISTRY (object);

  g_free (self->path);

  G_OBJECT_CLASS (vmsock_service_registry_parent_class)->finalize (object);
}

static void
vmsock_service_registry_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VmsockServiceRegistry *self = VMSOCK_SERVICE_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_service_registry_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VmsockServiceRegistry *self = VMSOCK_SERVICE_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_service_registry_class_init (VmsockServiceRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vmsock_service_registry_finalize;
  object_class->get_property = vmsock_service_registry_get_property;
  object_class->set_property = vmsock_service_registry_set_property;

  /**
   * VmsockServiceRegistry:path:
   *
   * The registry's file.  It need not exist: a missing file is an empty
   * registry, and the first registration creates it and its folder.
   *
   * Since: 0.1
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_service_registry_init (VmsockServiceRegistry *self)
{
}

/**
 * vmsock_service_registry_new:
 * @scope: which registry
 *
 * Opens the user's or the machine's service registry.
 *
 * Returns: (transfer full): the user's or the machine's registry
 *
 * Since: 0.1
 */
VmsockServiceRegistry *
vmsock_service_registry_new (VmsockServiceScope scope)
{
  g_autofree char *path = NULL;
  const char *system_dir;

  if (scope == VMSOCK_SERVICE_SCOPE_SYSTEM)
    {
      system_dir = vmsock_platform_is_setuid () ? NULL : g_getenv ("VMSOCK_SYSCONFDIR");
      if (system_dir == NULL || *system_dir == '\0')
        system_dir = vmsock_platform_get_system_config_dir ();
      path = g_build_filename (system_dir, REGISTRY_FOLDER, REGISTRY_FILE, NULL);
    }
  else
    {
      path = g_build_filename (g_get_user_config_dir (), REGISTRY_FOLDER, REGISTRY_FILE, NULL);
    }

  return vmsock_service_registry_new_for_path (path);
}

/**
 * vmsock_service_registry_new_for_path:
 * @path: (type filename): a registry file
 *
 * Opens a service registry kept in a file of the caller's choice.
 *
 * Returns: (transfer full): the registry kept in @path
 *
 * Since: 0.1
 */
VmsockServiceRegistry *
vmsock_service_registry_new_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (VMSOCK_TYPE_SERVICE_REGISTRY, "path", path, NULL);
}

/**
 * vmsock_service_registry_get_path:
 * @registry: a #VmsockServiceRegistry
 *
 * Gets the file that keeps the registry.
 *
 * Returns: (transfer none) (type filename): the registry's file
 *
 * Since: 0.1
 */
const char *
vmsock_service_registry_get_path (VmsockServiceRegistry *registry)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);

  return registry->path;
}

static gboolean
set_invalid (GError     **error,
             const char  *path,
             const char  *where,
             const char  *message)
{
  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
               _("%s: %s: %s; the file was left unchanged"), path, where, message);
  return FALSE;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  VmsockService *first = *(VmsockService **) a;
  VmsockService *second = *(VmsockService **) b;

  return strcmp (vmsock_service_get_name (first), vmsock_service_get_name (second));
}

static VmsockService *
find_by_name (GPtrArray  *services,
              const char *name)
{
  for (guint i = 0; i < services->len; i++)
    {
      if (g_str_equal (vmsock_service_get_name (services->pdata[i]), name))
        return services->pdata[i];
    }
  return NULL;
}

/* Like find_by_name(), with %VMSOCK_ERROR_SERVICE_NOT_FOUND when absent. */
static VmsockService *
find_registered (VmsockServiceRegistry  *self,
                 GPtrArray              *services,
                 const char             *name,
                 GError                **error)
{
  VmsockService *service = find_by_name (services, name);

  if (service == NULL)
    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND,
                 _("No service called “%s” is registered in %s"), name, self->path);
  return service;
}

static VmsockService *
find_by_id (GPtrArray        *services,
            const VmsockGuid *service_id)
{
  for (guint i = 0; i < services->len; i++)
    {
      if (vmsock_guid_equal (vmsock_service_get_service_id (services->pdata[i]), service_id))
        return services->pdata[i];
    }
  return NULL;
}

static VmsockService *
service_from_node (JsonNode    *node,
                   const char  *path,
                   guint        index,
                   GError     **error)
{
  g_autofree char *where = g_strdup_printf ("services[%u]", index);
  g_autoptr(VmsockService) service = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *name;
  VmsockGuid service_id;
  guint32 template_port;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, path, where, _("not an object")), NULL;
  object = json_node_get_object (node);

  member = json_object_get_member (object, "name");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return set_invalid (error, path, where, _("“name” is missing or not a string")), NULL;
  name = json_node_get_string (member);
  if (!vmsock_service_name_is_valid (name, &local_error))
    return set_invalid (error, path, where, local_error->message), NULL;

  member = json_object_get_member (object, "service-id");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return set_invalid (error, path, where, _("“service-id” is missing or not a string")), NULL;
  if (!vmsock_guid_parse (json_node_get_string (member), &service_id, &local_error))
    return set_invalid (error, path, where, local_error->message), NULL;

  service = vmsock_service_new (name, &service_id);

  /* The port is there for readers; the service ID is what counts, so the
   * two have to agree. */
  member = json_object_get_member (object, "port");
  if (member != NULL &&
      (json_node_get_value_type (member) != G_TYPE_INT64 ||
       !vmsock_service_get_vsock_port (service, &template_port) ||
       json_node_get_int (member) != template_port))
    return set_invalid (error, path, where,
                        _("“port” does not match the VSock template service ID")), NULL;

  return g_steal_pointer (&service);
}

/* Reads the registry; a missing file is an empty one. */
static GPtrArray *
load_services (VmsockServiceRegistry  *self,
               GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  JsonObject *object;
  JsonNode *member;
  JsonArray *array;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&services);
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the service registry %s: %s"),
                   self->path, local_error->message);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      /* json-glib names the data "<data>", then gives the line and column. */
      const char *position = local_error->message;

      if (g_str_has_prefix (position, "<data>:"))
        position += strlen ("<data>:");
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("%s:%s; the file was left unchanged"), self->path, position);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_invalid (error, self->path, "$", _("not a JSON object")), NULL;
  object = json_node_get_object (root);

  member = json_object_get_member (object, "version");
  if (member != NULL && (json_node_get_value_type (member) != G_TYPE_INT64 ||
                         json_node_get_int (member) < 1))
    return set_invalid (error, self->path, "version", _("not a format version")), NULL;
  if (member != NULL && json_node_get_int (member) > FORMAT_VERSION)
    return set_invalid (error, self->path, "version",
                        _("written by a newer version of libvmsock-glib")), NULL;

  member = json_object_get_member (object, "services");
  if (member == NULL)
    return g_steal_pointer (&services);
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return set_invalid (error, self->path, "services", _("not an array")), NULL;
  array = json_node_get_array (member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      VmsockService *service = service_from_node (json_array_get_element (array, i),
                                                   self->path, i, error);
      g_autofree char *where = g_strdup_printf ("services[%u]", i);

      if (service == NULL)
        return NULL;
      if (find_by_name (services, vmsock_service_get_name (service)) != NULL)
        {
          g_object_unref (service);
          return set_invalid (error, self->path, where, _("the name is used twice")), NULL;
        }
      if (find_by_id (services, vmsock_service_get_service_id (service)) != NULL)
        {
          g_object_unref (service);
          return set_invalid (error, self->path, where, _("the service ID is used twice")), NULL;
        }
      g_ptr_array_add (services, service);
    }

  g_ptr_array_sort (services, compare_by_name);
  return g_steal_pointer (&services);
}

static gboolean
save_services (VmsockServiceRegistry  *self,
               GPtrArray              *services,
               GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < services->len; i++)
    {
      VmsockService *service = services->pdata[i];
      g_autofree char *service_id = vmsock_guid_to_string (vmsock_service_get_service_id (service));
      guint32 port;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, vmsock_service_get_name (service));
      json_builder_set_member_name (builder, "service-id");
      json_builder_add_string_value (builder, service_id);
      if (vmsock_service_get_vsock_port (service, &port))
        {
          json_builder_set_member_name (builder, "port");
          json_builder_add_int_value (builder, port);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (text, '\n');

  if (!g_file_set_contents_full (self->path, text->str, text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not write the service registry: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Takes the registry's lock, creating its folder first. */
static VmsockPlatformLock *
lock_registry (VmsockServiceRegistry  *self,
               GError                **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  int saved_errno;

  if (g_mkdir_with_parents (folder, 0755) < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder of the service registry %s: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  return vmsock_platform_lock_file (lock_path, error);
}

/**
 * vmsock_service_registry_list:
 * @registry: a #VmsockServiceRegistry
 * @error: return location for a #GError
 *
 * Reads the registry.
 *
 * Returns: (transfer container) (element-type VmsockService): the services,
 *   sorted by name, or %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
vmsock_service_registry_list (VmsockServiceRegistry  *registry,
                              GError                **error)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_services (registry, error);
}

/**
 * vmsock_service_registry_lookup:
 * @registry: a #VmsockServiceRegistry
 * @name: a service name
 * @error: return location for a #GError
 *
 * Finds a registered service by its name.
 *
 * Returns: (transfer full): the service called @name, or %NULL with @error
 *   set (%VMSOCK_ERROR_SERVICE_NOT_FOUND when there is none)
 *
 * Since: 0.1
 */
VmsockService *
vmsock_service_registry_lookup (VmsockServiceRegistry  *registry,
                                const char             *name,
                                GError                **error)
{
  g_autoptr(GPtrArray) services = NULL;
  VmsockService *service;

  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  services = load_services (registry, error);
  if (services == NULL)
    return NULL;

  service = find_registered (registry, services, name, error);
  return service != NULL ? g_object_ref (service) : NULL;
}

/**
 * vmsock_service_registry_register:
 * @registry: a #VmsockServiceRegistry
 * @name: the service's name
 * @service_id: (nullable): its service ID, or %NULL for the one @name
 *   already has, or else a new random one
 * @added: (out) (optional): whether the registry changed
 * @error: return location for a #GError
 *
 * Registers a service.  Registering a name again with its own service ID,
 * or without one, changes nothing and sets @added to %FALSE.
 *
 * Returns: (transfer full): the registered service, or %NULL with @error set
 *
 * Since: 0.1
 */
VmsockService *
vmsock_service_registry_register (VmsockServiceRegistry  *registry,
                                  const char             *name,
                                  const VmsockGuid       *service_id,
                                  gboolean               *added,
                                  GError                **error)
{
  g_autoptr(VmsockPlatformLock) lock = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) service = NULL;
  VmsockService *existing;
  VmsockGuid new_id;

  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (added != NULL)
    *added = FALSE;
  if (!vmsock_service_name_is_valid (name, error))
    return NULL;
  if (service_id != NULL && vmsock_guid_is_zero (service_id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The all-zero GUID cannot identify a service"));
      return NULL;
    }

  lock = lock_registry (registry, error);
  if (lock == NULL)
    return NULL;
  services = load_services (registry, error);
  if (services == NULL)
    return NULL;

  existing = find_by_name (services, name);
  if (existing != NULL)
    {
      g_autofree char *existing_id = vmsock_guid_to_string (vmsock_service_get_service_id (existing));

      if (service_id == NULL || vmsock_guid_equal (service_id, vmsock_service_get_service_id (existing)))
        return g_object_ref (existing);
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT,
                   _("The service “%s” is already registered with the service ID %s"),
                   name, existing_id);
      return NULL;
    }

  if (service_id != NULL)
    {
      existing = find_by_id (services, service_id);
      if (existing != NULL)
        {
          g_autofree char *text = vmsock_guid_to_string (service_id);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT,
                       _("The service ID %s is already registered as “%s”"),
                       text, vmsock_service_get_name (existing));
          return NULL;
        }
      new_id = *service_id;
    }
  else
    {
      do
        {
          g_autoptr(VmsockGuid) random = vmsock_guid_new_random ();

          new_id = *random;
        }
      while (find_by_id (services, &new_id) != NULL);
    }

  service = vmsock_service_new (name, &new_id);
  g_ptr_array_add (services, g_object_ref (service));
  g_ptr_array_sort (services, compare_by_name);
  if (!save_services (registry, services, error))
    return NULL;

  if (added != NULL)
    *added = TRUE;
  return g_steal_pointer (&service);
}

/**
 * vmsock_service_registry_unregister:
 * @registry: a #VmsockServiceRegistry
 * @name: a service name
 * @error: return location for a #GError
 *
 * Removes the service called @name.
 *
 * Returns: (transfer full): the service removed, or %NULL with @error set
 *   (%VMSOCK_ERROR_SERVICE_NOT_FOUND when there is none)
 *
 * Since: 0.1
 */
VmsockService *
vmsock_service_registry_unregister (VmsockServiceRegistry  *registry,
                                    const char             *name,
                                    GError                **error)
{
  g_autoptr(VmsockPlatformLock) lock = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(VmsockService) service = NULL;
  VmsockService *existing;

  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lock = lock_registry (registry, error);
  if (lock == NULL)
    return NULL;
  services = load_services (registry, error);
  if (services == NULL)
    return NULL;

  existing = find_registered (registry, services, name, error);
  if (existing == NULL)
    return NULL;

  service = g_object_ref (existing);
  g_ptr_array_remove (services, existing);
  if (!save_services (registry, services, error))
    return NULL;
  return g_steal_pointer (&service);
}
