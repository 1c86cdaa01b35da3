/* vmsock-service-registry.c: named services, kept in a JSON file or by Hyper-V
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-service-file-private.h"
#include "vmsock-service-registry.h"
#include "vmsock-services-private.h"

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
 * changes and writes `services.json.new`, which then replaces the file
 * atomically and with the old file's mode.  A writer that dies mid-write
 * leaves only that file behind, which the next change replaces.  A file
 * that is not a registry is reported with its path and the position of the
 * fault, and left as it is.
 *
 * Only regular files are read and written: a FIFO or a device in the
 * registry's place is refused before it is opened, as is a file larger than
 * 1 MiB or with more than 4096 `[` and `{` (json-glib would need too much
 * stack to nest that deep); so is more JSON after the registry's object,
 * and a string holding `\u0000`.  A registry file that is a symbolic link
 * is read through the link, but changing it is refused, since replacing the
 * file would replace the link; open the registry at the path the link
 * points to instead.  The lock file is never followed through a symbolic
 * link either.
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
 * On Windows the machine's registry is Hyper-V's own list of the services
 * its VMs may connect to: the subkeys of
 * `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices`,
 * each named by a service ID and holding the service's name as its
 * `ElementName`.  Listing it shows services that other tools registered
 * too (one without a usable name goes by its service ID); changing it needs
 * administrator rights.  Registry files need JSON support: a build without
 * json-glib answers %G_IO_ERROR_NOT_SUPPORTED for them.
 *
 * The environment variable `VMSOCK_SYSCONFDIR` moves the system registry
 * file to another folder, for tests; processes running setuid ignore it.
 *
 * Since: 0.1
 */

#define REGISTRY_FOLDER "libvmsock-glib-1"
#define REGISTRY_FILE "services.json"
#define HOST_LOCK_FILE "guest-services.lock"

struct _VmsockServiceRegistry
{
  GObject parent_instance;

  char *path;
  /* Kept in Hyper-V's own list of guest services, not in a file. */
  gboolean in_host;
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
 * On Windows the machine's registry is the list of guest services that
 * Hyper-V reads (see [class@Vmsock.ServiceRegistry]).
 *
 * Returns: (transfer full): the user's or the machine's registry
 *
 * Since: 0.1
 */
VmsockServiceRegistry *
vmsock_service_registry_new (VmsockServiceScope scope)
{
  g_autofree char *path = NULL;
  VmsockServiceRegistry *registry;
  const char *system_dir;

  if (scope == VMSOCK_SERVICE_SCOPE_SYSTEM && vmsock_platform_has_guest_services ())
    {
      registry = vmsock_service_registry_new_for_path (VMSOCK_PLATFORM_GUEST_SERVICES_KEY);
      registry->in_host = TRUE;
      return registry;
    }

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
 * Gets the file that keeps the registry; for the machine's registry on
 * Windows, the registry key of Hyper-V's guest services.
 *
 * Returns: (transfer none) (type filename): the registry's file or key
 *
 * Since: 0.1
 */
const char *
vmsock_service_registry_get_path (VmsockServiceRegistry *registry)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE_REGISTRY (registry), NULL);

  return registry->path;
}

/* The service called @name, or NULL with %VMSOCK_ERROR_SERVICE_NOT_FOUND when absent. */
static VmsockService *
find_registered (VmsockServiceRegistry  *self,
                 GPtrArray              *services,
                 const char             *name,
                 GError                **error)
{
  VmsockService *service = vmsock_services_find_by_name (services, name);

  if (service == NULL)
    {
      g_autofree char *quoted_name = vmsock_printable_quote (name, -1);
      g_autofree char *quoted_path = vmsock_printable_quote (self->path, -1);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_NOT_FOUND,
                   _("No service called “%s” is registered in %s"), quoted_name, quoted_path);
    }
  return service;
}

/* Reads the registry: the file, or Hyper-V's own list. */
static GPtrArray *
load_services (VmsockServiceRegistry  *self,
               GError                **error)
{
  if (self->in_host)
    return vmsock_platform_list_guest_services (error);
  return vmsock_service_file_load (self->path, error);
}

/* Records that @service was added to or removed from @services, which holds
 * the registry's services after the change. */
static gboolean
store_change (VmsockServiceRegistry  *self,
              GPtrArray              *services,
              VmsockService          *service,
              gboolean                added,
              GError                **error)
{
  g_autofree char *guid = NULL;

  if (!self->in_host)
    return vmsock_service_file_save (self->path, services, error);

  guid = vmsock_guid_to_string (vmsock_service_get_service_id (service));
  return vmsock_platform_set_guest_service (guid, added ? vmsock_service_get_name (service) : NULL,
                                            error);
}

/* Takes the registry's lock, creating its folder first. */
static VmsockPlatformLock *
lock_registry (VmsockServiceRegistry  *self,
               GError                **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *lock_path = NULL;
  int saved_errno;

  /* Hyper-V's list is no file: its lock lives with the machine's files. */
  if (self->in_host)
    lock_path = g_build_filename (vmsock_platform_get_system_config_dir (), REGISTRY_FOLDER,
                                  HOST_LOCK_FILE, NULL);
  else
    lock_path = g_strconcat (self->path, ".lock", NULL);
  folder = g_path_get_dirname (lock_path);

  if (g_mkdir_with_parents (folder, 0755) < 0)
    {
      g_autofree char *quoted = NULL;

      saved_errno = errno;
      quoted = vmsock_printable_quote (folder, -1);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder of the service registry %s: %s"),
                   quoted, g_strerror (saved_errno));
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

  existing = vmsock_services_find_by_name (services, name);
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
      existing = vmsock_services_find_by_id (services, service_id);
      if (existing != NULL)
        {
          g_autofree char *text = vmsock_guid_to_string (service_id);
          g_autofree char *existing_name = vmsock_printable_quote (vmsock_service_get_name (existing), -1);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_SERVICE_CONFLICT,
                       _("The service ID %s is already registered as “%s”"),
                       text, existing_name);
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
      while (vmsock_services_find_by_id (services, &new_id) != NULL);
    }

  service = vmsock_service_new (name, &new_id);
  g_ptr_array_add (services, g_object_ref (service));
  vmsock_services_sort (services);
  if (!store_change (registry, services, service, TRUE, error))
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
  if (!store_change (registry, services, service, FALSE, error))
    return NULL;
  return g_steal_pointer (&service);
}
