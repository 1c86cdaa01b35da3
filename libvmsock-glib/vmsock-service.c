/* vmsock-service.c: a named VM socket service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-hvsock-address.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-service.h"
#include "vmsock-services-private.h"

/**
 * VmsockService:
 *
 * A service that VMs reach over VM sockets: a name and a Hyper-V service ID.
 * A service ID made from the VSock template also names an AF_VSOCK port
 * ([method@Vmsock.Service.get_vsock_port]).
 *
 * Services are kept in a [class@Vmsock.ServiceRegistry].  A Windows host
 * accepts guest connections to a service only once it is registered with
 * the host ([method@Vmsock.Service.register_with_host]); a Linux machine can
 * prepare that with a `.reg` file ([func@Vmsock.Service.format_reg_file]).
 *
 * Since: 0.1
 */

/* The longest name, in bytes; Windows keeps ElementName in a REG_SZ. */
#define MAX_NAME_LENGTH 256

struct _VmsockService
{
  GObject parent_instance;

  char *name;
  VmsockGuid service_id;
};

enum
{
  PROP_0,
  PROP_NAME,
  PROP_SERVICE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsockService, vmsock_service, G_TYPE_OBJECT)

static void
vmsock_service_finalize (GObject *object)
{
  VmsockService *self = VMSOCK_SERVICE (object);

  g_free (self->name);

  G_OBJECT_CLASS (vmsock_service_parent_class)->finalize (object);
}

static void
vmsock_service_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VmsockService *self = VMSOCK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SERVICE_ID:
      g_value_set_boxed (value, &self->service_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_service_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VmsockService *self = VMSOCK_SERVICE (object);
  const VmsockGuid *guid;

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_SERVICE_ID:
      guid = g_value_get_boxed (value);
      if (guid != NULL)
        self->service_id = *guid;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_service_class_init (VmsockServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vmsock_service_finalize;
  object_class->get_property = vmsock_service_get_property;
  object_class->set_property = vmsock_service_set_property;

  /**
   * VmsockService:name:
   *
   * The service's name, unique within a registry.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockService:service-id:
   *
   * The Hyper-V service ID.
   *
   * Since: 0.1
   */
  properties[PROP_SERVICE_ID] =
    g_param_spec_boxed ("service-id", NULL, NULL, VMSOCK_TYPE_GUID,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_service_init (VmsockService *self)
{
}

/**
 * vmsock_service_new:
 * @name: the service's name
 * @service_id: its Hyper-V service ID
 *
 * Creates a service with a name and a service ID.
 *
 * Returns: (transfer full): a new #VmsockService
 *
 * Since: 0.1
 */
VmsockService *
vmsock_service_new (const char       *name,
                    const VmsockGuid *service_id)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  return g_object_new (VMSOCK_TYPE_SERVICE, "name", name, "service-id", service_id, NULL);
}

/**
 * vmsock_service_new_for_vsock_port:
 * @name: the service's name
 * @port: an AF_VSOCK port
 *
 * Creates a service whose ID is the VSock template one for @port.
 *
 * Returns: (transfer full): a new #VmsockService
 *
 * Since: 0.1
 */
VmsockService *
vmsock_service_new_for_vsock_port (const char *name,
                                   guint32     port)
{
  VmsockGuid service_id;

  vmsock_hvsock_service_id_for_vsock_port (port, &service_id);
  return vmsock_service_new (name, &service_id);
}

/**
 * vmsock_service_get_name:
 * @service: a #VmsockService
 *
 * Gets the name of a service.
 *
 * Returns: (transfer none): the service's name
 *
 * Since: 0.1
 */
const char *
vmsock_service_get_name (VmsockService *service)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE (service), NULL);

  return service->name;
}

/**
 * vmsock_service_get_service_id:
 * @service: a #VmsockService
 *
 * Gets the Hyper-V service ID of a service.
 *
 * Returns: (transfer none): the service's Hyper-V service ID
 *
 * Since: 0.1
 */
const VmsockGuid *
vmsock_service_get_service_id (VmsockService *service)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE (service), NULL);

  return &service->service_id;
}

/**
 * vmsock_service_get_vsock_port:
 * @service: a #VmsockService
 * @port: (out) (optional): where to store the AF_VSOCK port
 *
 * Tells whether the service ID is a VSock template one, and its port.
 *
 * Returns: %TRUE if the service has an AF_VSOCK port
 *
 * Since: 0.1
 */
gboolean
vmsock_service_get_vsock_port (VmsockService *service,
                               guint32       *port)
{
  g_return_val_if_fail (VMSOCK_IS_SERVICE (service), FALSE);

  return vmsock_hvsock_service_id_get_vsock_port (&service->service_id, port);
}

/**
 * vmsock_service_name_is_valid:
 * @name: a candidate service name
 * @error: return location for a #GError
 *
 * Checks that @name can name a service: non-empty UTF-8 of at most 256
 * bytes, without control characters or surrounding white space.
 *
 * Returns: %TRUE if @name is valid, otherwise %FALSE with
 *   %G_IO_ERROR_INVALID_ARGUMENT set
 *
 * Since: 0.1
 */
gboolean
vmsock_service_name_is_valid (const char  *name,
                              GError     **error)
{
  const char *p;

  g_return_val_if_fail (name != NULL, FALSE);

  if (*name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A service name cannot be empty"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A service name must be valid UTF-8"));
      return FALSE;
    }
  if (strlen (name) > MAX_NAME_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A service name can have at most %d bytes"), MAX_NAME_LENGTH);
      return FALSE;
    }
  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A service name cannot contain control characters"));
          return FALSE;
        }
    }
  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The service name “%s” starts or ends with white space"), name);
      return FALSE;
    }

  return TRUE;
}

static void
append_reg_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (; *text != '\0'; text++)
    {
      if (*text == '\\' || *text == '"')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *text);
    }
  g_string_append_c (out, '"');
}

/**
 * vmsock_service_format_reg_file:
 * @services: (array length=n_services): the services to register
 * @n_services: the length of @services
 *
 * Writes what a Windows host's registry needs for @services as a
 * registration file that `regedit` and `reg import` accept: format 5.00,
 * UTF-16LE with a byte-order mark and CRLF line ends, one key per service
 * under `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices`
 * with the service's name as its `ElementName`.
 *
 * Returns: (transfer full): the file's contents
 *
 * Since: 0.1
 */
GBytes *
vmsock_service_format_reg_file (VmsockService * const *services,
                                guint                  n_services)
{
  g_autoptr(GString) text = g_string_new ("Windows Registry Editor Version 5.00\r\n\r\n");
  g_autoptr(GError) error = NULL;
  gunichar2 *utf16;
  glong n_units;
  GByteArray *bytes;
  static const guint8 bom[] = { 0xff, 0xfe };

  g_return_val_if_fail (services != NULL || n_services == 0, NULL);

  for (guint i = 0; i < n_services; i++)
    {
      g_autofree char *guid = vmsock_guid_to_string (&services[i]->service_id);

      g_string_append_printf (text, "[%s\\%s]\r\n", VMSOCK_PLATFORM_GUEST_SERVICES_KEY, guid);
      append_reg_string (text, "ElementName");
      g_string_append_c (text, '=');
      append_reg_string (text, services[i]->name);
      g_string_append (text, "\r\n\r\n");
    }

  /* Every name was validated as UTF-8 when the service was registered. */
  utf16 = g_utf8_to_utf16 (text->str, text->len, NULL, &n_units, &error);
  g_return_val_if_fail (utf16 != NULL, NULL);

  bytes = g_byte_array_sized_new (sizeof bom + n_units * 2);
  g_byte_array_append (bytes, bom, sizeof bom);
  for (glong i = 0; i < n_units; i++)
    {
      guint16 unit = GUINT16_TO_LE (utf16[i]);

      g_byte_array_append (bytes, (const guint8 *) &unit, 2);
    }
  g_free (utf16);

  return g_byte_array_free_to_bytes (bytes);
}

/**
 * vmsock_service_register_with_host:
 * @service: a #VmsockService
 * @error: return location for a #GError
 *
 * Registers @service in the registry of this Windows machine, under
 * `GuestCommunicationServices`, so that Hyper-V lets its VMs connect to it.
 * This needs administrator rights (%G_IO_ERROR_PERMISSION_DENIED without
 * them) and fails with %G_IO_ERROR_NOT_SUPPORTED on other systems.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vmsock_service_register_with_host (VmsockService  *service,
                                   GError        **error)
{
  g_autofree char *guid = NULL;

  g_return_val_if_fail (VMSOCK_IS_SERVICE (service), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  guid = vmsock_guid_to_string (&service->service_id);
  return vmsock_platform_set_guest_service (guid, service->name, error);
}

/**
 * vmsock_service_unregister_from_host:
 * @service: a #VmsockService
 * @error: return location for a #GError
 *
 * Removes what [method@Vmsock.Service.register_with_host] wrote.  Removing
 * a service that is not registered succeeds.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vmsock_service_unregister_from_host (VmsockService  *service,
                                     GError        **error)
{
  g_autofree char *guid = NULL;

  g_return_val_if_fail (VMSOCK_IS_SERVICE (service), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  guid = vmsock_guid_to_string (&service->service_id);
  return vmsock_platform_set_guest_service (guid, NULL, error);
}

VmsockService *
vmsock_services_find_by_name (GPtrArray  *services,
                              const char *name)
{
  for (guint i = 0; i < services->len; i++)
    {
      VmsockService *service = g_ptr_array_index (services, i);

      if (g_str_equal (service->name, name))
        return service;
    }
  return NULL;
}

VmsockService *
vmsock_services_find_by_id (GPtrArray        *services,
                            const VmsockGuid *service_id)
{
  for (guint i = 0; i < services->len; i++)
    {
      VmsockService *service = g_ptr_array_index (services, i);

      if (vmsock_guid_equal (&service->service_id, service_id))
        return service;
    }
  return NULL;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const VmsockService *first = *(VmsockService * const *) a;
  const VmsockService *second = *(VmsockService * const *) b;

  return strcmp (first->name, second->name);
}

void
vmsock_services_sort (GPtrArray *services)
{
  g_ptr_array_sort (services, compare_by_name);
}
