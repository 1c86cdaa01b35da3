/* vmsock-hvsock-address.c: AF_HYPERV (Hyper-V socket) addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-address-enumerator-private.h"
#include "vmsock-address-private.h"
#include "vmsock-enum-types.h"
#include "vmsock-hvsock-address.h"
#include "vmsock-i18n-private.h"
#include "vmsock-socket-family.h"

/**
 * VmsockHvsockAddress:
 *
 * A Hyper-V socket (AF_HYPERV) address: the GUID of a VM (or a well-known
 * partition such as the parent) and the GUID of a service.
 *
 * A service ID made from the VSock template,
 * `xxxxxxxx-facb-11e6-bd58-64006a7986d3` whose first field is a port, reaches
 * the AF_VSOCK port of that number in a Linux guest
 * ([ctor@Vmsock.HvsockAddress.new_for_vsock_port]).
 *
 * Its text form is `hvsock:VM-ID:SERVICE-ID` (see
 * [func@Vmsock.socket_address_parse]).  Sockets of this family exist only on
 * Windows; elsewhere the addresses can still be built, parsed and converted.
 *
 * Since: 0.1
 */

/* SOCKADDR_HV: u16 family, u16 reserved, GUID VmId, GUID ServiceId. */
#define HV_FAMILY_OFFSET 0
#define HV_VM_ID_OFFSET 4
#define HV_SERVICE_ID_OFFSET 20

struct _VmsockHvsockAddress
{
  GSocketAddress parent_instance;

  VmsockGuid vm_id;
  VmsockGuid service_id;
};

enum
{
  PROP_0,
  PROP_VM_ID,
  PROP_SERVICE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_hvsock_address_connectable_iface_init (GSocketConnectableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VmsockHvsockAddress, vmsock_hvsock_address, G_TYPE_SOCKET_ADDRESS,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SOCKET_CONNECTABLE,
                                                      vmsock_hvsock_address_connectable_iface_init))

/* Indexed by VmsockHvsockVmId. */
static const VmsockGuid well_known_vm_ids[] = {
  [VMSOCK_HVSOCK_VM_ID_WILDCARD] =
    { 0x00000000, 0x0000, 0x0000, { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } },
  [VMSOCK_HVSOCK_VM_ID_BROADCAST] =
    { 0xffffffff, 0xffff, 0xffff, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
  [VMSOCK_HVSOCK_VM_ID_CHILDREN] =
    { 0x90db8b89, 0x0d35, 0x4f79, { 0x8c, 0xe9, 0x49, 0xea, 0x0a, 0xc8, 0xb7, 0xcd } },
  [VMSOCK_HVSOCK_VM_ID_LOOPBACK] =
    { 0xe0e16197, 0xdd56, 0x4a10, { 0x91, 0x95, 0x5e, 0xe7, 0xa1, 0x55, 0xa8, 0x38 } },
  [VMSOCK_HVSOCK_VM_ID_PARENT] =
    { 0xa42e7cda, 0xd03f, 0x480c, { 0x9c, 0xc2, 0xa4, 0xde, 0x20, 0xab, 0xb8, 0x78 } },
  [VMSOCK_HVSOCK_VM_ID_SILOHOST] =
    { 0x36bd0c5c, 0x7276, 0x4223, { 0x88, 0xba, 0x7d, 0x03, 0xb6, 0x54, 0xc5, 0x68 } },
};

/* HV_GUID_VSOCK_TEMPLATE: data1 is the vsock port. */
static const VmsockGuid vsock_template =
  { 0x00000000, 0xfacb, 0x11e6, { 0xbd, 0x58, 0x64, 0x00, 0x6a, 0x79, 0x86, 0xd3 } };

/**
 * vmsock_hvsock_vm_id_get_guid:
 * @vm_id: a well-known VM ID
 *
 * Gets the GUID of a well-known VM ID.
 *
 * Returns: (transfer none): the GUID of @vm_id
 *
 * Since: 0.1
 */
const VmsockGuid *
vmsock_hvsock_vm_id_get_guid (VmsockHvsockVmId vm_id)
{
  g_return_val_if_fail ((guint) vm_id < G_N_ELEMENTS (well_known_vm_ids), NULL);

  return &well_known_vm_ids[vm_id];
}

/**
 * vmsock_hvsock_vm_id_from_guid:
 * @guid: a GUID
 * @vm_id: (out) (optional): where to store which well-known VM ID @guid is
 *
 * Finds the well-known VM ID that a GUID is, if any.
 *
 * Returns: %TRUE if @guid is one of the well-known VM IDs
 *
 * Since: 0.1
 */
gboolean
vmsock_hvsock_vm_id_from_guid (const VmsockGuid *guid,
                               VmsockHvsockVmId *vm_id)
{
  g_return_val_if_fail (guid != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (well_known_vm_ids); i++)
    if (vmsock_guid_equal (guid, &well_known_vm_ids[i]))
      {
        if (vm_id != NULL)
          *vm_id = (VmsockHvsockVmId) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vmsock_hvsock_service_id_for_vsock_port:
 * @port: an AF_VSOCK port
 * @service_id: (out caller-allocates): where to store the service ID
 *
 * Makes the service ID that reaches AF_VSOCK port @port of a Linux guest from
 * the VSock template (`00000000-facb-11e6-bd58-64006a7986d3` with @port as
 * its first field).
 *
 * Since: 0.1
 */
void
vmsock_hvsock_service_id_for_vsock_port (guint32     port,
                                         VmsockGuid *service_id)
{
  g_return_if_fail (service_id != NULL);

  *service_id = vsock_template;
  service_id->data1 = port;
}

/**
 * vmsock_hvsock_service_id_get_vsock_port:
 * @service_id: a service ID
 * @port: (out) (optional): where to store the AF_VSOCK port
 *
 * Tells whether @service_id was made from the VSock template, and if so for
 * which port.
 *
 * Returns: %TRUE if @service_id is a VSock template ID
 *
 * Since: 0.1
 */
gboolean
vmsock_hvsock_service_id_get_vsock_port (const VmsockGuid *service_id,
                                         guint32          *port)
{
  VmsockGuid candidate;

  g_return_val_if_fail (service_id != NULL, FALSE);

  candidate = *service_id;
  candidate.data1 = 0;
  if (!vmsock_guid_equal (&candidate, &vsock_template))
    return FALSE;
  if (port != NULL)
    *port = service_id->data1;
  return TRUE;
}

static GSocketFamily
vmsock_hvsock_address_get_family (GSocketAddress *address)
{
  return (GSocketFamily) VMSOCK_SOCKET_FAMILY_HYPERV;
}

static gssize
vmsock_hvsock_address_get_native_size (GSocketAddress *address)
{
  return VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE;
}

static gboolean
vmsock_hvsock_address_to_native (GSocketAddress  *address,
                                 gpointer         dest,
                                 gsize            destlen,
                                 GError         **error)
{
  VmsockHvsockAddress *self = VMSOCK_HVSOCK_ADDRESS (address);
  guint8 *native = dest;
  guint16 family = VMSOCK_SOCKET_FAMILY_HYPERV;

  if (!vmsock_check_native_space (destlen, VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE, error))
    return FALSE;

  memset (native, 0, VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE);
  memcpy (native + HV_FAMILY_OFFSET, &family, sizeof family);
  vmsock_guid_to_native (&self->vm_id, native + HV_VM_ID_OFFSET);
  vmsock_guid_to_native (&self->service_id, native + HV_SERVICE_ID_OFFSET);
  return TRUE;
}

GSocketAddress *
vmsock_hvsock_address_new_from_native (gconstpointer   native,
                                       gsize           length,
                                       GError        **error)
{
  const guint8 *bytes = native;
  VmsockGuid vm_id, service_id;
  guint16 family;

  memcpy (&family, bytes + HV_FAMILY_OFFSET, sizeof family);
  if (family != VMSOCK_SOCKET_FAMILY_HYPERV || length < VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a Hyper-V socket address: family %u, %u bytes "
                     "(expected family %d, %d bytes)"),
                   family, (guint) length, VMSOCK_SOCKET_FAMILY_HYPERV,
                   VMSOCK_HVSOCK_ADDRESS_NATIVE_SIZE);
      return NULL;
    }

  vmsock_guid_init_from_native (&vm_id, bytes + HV_VM_ID_OFFSET);
  vmsock_guid_init_from_native (&service_id, bytes + HV_SERVICE_ID_OFFSET);
  return vmsock_hvsock_address_new (&vm_id, &service_id);
}

static gboolean
parse_vm_id (const char  *part,
             VmsockGuid  *vm_id)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (VMSOCK_TYPE_HVSOCK_VM_ID);
  g_autofree char *lower = g_ascii_strdown (part, -1);
  GEnumValue *value = g_enum_get_value_by_nick (klass, lower);

  /* The enumeration's values index the table. */
  if (value != NULL && (guint) value->value < G_N_ELEMENTS (well_known_vm_ids))
    {
      *vm_id = well_known_vm_ids[value->value];
      return TRUE;
    }
  return vmsock_guid_parse (part, vm_id, NULL);
}

static gboolean
parse_service_id (const char *part,
                  VmsockGuid *service_id)
{
  guint32 port;

  if (vmsock_parse_uint32 (part, &port))
    {
      vmsock_hvsock_service_id_for_vsock_port (port, service_id);
      return TRUE;
    }
  return vmsock_guid_parse (part, service_id, NULL);
}

GSocketAddress *
vmsock_hvsock_address_new_from_parts (const char  *text,
                                      const char  *vm_id_part,
                                      const char  *service_id_part,
                                      const char  *query,
                                      GError     **error)
{
  VmsockGuid vm_id, service_id;

  if (!parse_vm_id (vm_id_part, &vm_id))
    {
      vmsock_set_address_error (error, text, _("Hyper-V VM ID"), vm_id_part,
                                _("a GUID, or one of “wildcard”, “broadcast”, "
                                  "“children”, “loopback”, “parent”, “silohost”"));
      return NULL;
    }
  if (!parse_service_id (service_id_part, &service_id))
    {
      vmsock_set_address_error (error, text, _("Hyper-V service ID"), service_id_part,
                                _("a GUID, or a vsock port number from 0 to 4294967295"));
      return NULL;
    }
  if (query != NULL)
    {
      vmsock_set_address_error (error, text, _("Hyper-V address parameter"), query,
                                _("Hyper-V addresses take no parameters"));
      return NULL;
    }

  return vmsock_hvsock_address_new (&vm_id, &service_id);
}

char *
vmsock_hvsock_address_format (VmsockHvsockAddress *self,
                              gboolean             uri)
{
  GString *out = g_string_new (uri ? "hvsock://" : "hvsock:");
  VmsockHvsockVmId well_known;
  guint32 port;

  if (vmsock_hvsock_vm_id_from_guid (&self->vm_id, &well_known))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (VMSOCK_TYPE_HVSOCK_VM_ID);

      g_string_append (out, g_enum_get_value (klass, well_known)->value_nick);
    }
  else
    {
      g_autofree char *vm_id = vmsock_guid_to_string (&self->vm_id);

      g_string_append (out, vm_id);
    }

  g_string_append_c (out, uri ? '/' : ':');

  if (vmsock_hvsock_service_id_get_vsock_port (&self->service_id, &port))
    {
      g_string_append_printf (out, "%" G_GUINT32_FORMAT, port);
    }
  else
    {
      g_autofree char *service_id = vmsock_guid_to_string (&self->service_id);

      g_string_append (out, service_id);
    }

  return g_string_free (out, FALSE);
}

static gchar *
vmsock_hvsock_address_connectable_to_string (GSocketConnectable *connectable)
{
  return vmsock_hvsock_address_format (VMSOCK_HVSOCK_ADDRESS (connectable), FALSE);
}

static void
vmsock_hvsock_address_connectable_iface_init (GSocketConnectableIface *iface)
{
  iface->enumerate = vmsock_address_enumerator_new;
  iface->proxy_enumerate = vmsock_address_enumerator_new;
  iface->to_string = vmsock_hvsock_address_connectable_to_string;
}

static void
vmsock_hvsock_address_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VmsockHvsockAddress *self = VMSOCK_HVSOCK_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_VM_ID:
      g_value_set_boxed (value, &self->vm_id);
      break;
    case PROP_SERVICE_ID:
      g_value_set_boxed (value, &self->service_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_guid (VmsockGuid   *field,
          const GValue *value)
{
  const VmsockGuid *guid = g_value_get_boxed (value);

  if (guid != NULL)
    *field = *guid;
  else
    memset (field, 0, sizeof *field);
}

static void
vmsock_hvsock_address_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VmsockHvsockAddress *self = VMSOCK_HVSOCK_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_VM_ID:
      set_guid (&self->vm_id, value);
      break;
    case PROP_SERVICE_ID:
      set_guid (&self->service_id, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_hvsock_address_class_init (VmsockHvsockAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketAddressClass *address_class = G_SOCKET_ADDRESS_CLASS (klass);

  vmsock_socket_family_register ();

  object_class->get_property = vmsock_hvsock_address_get_property;
  object_class->set_property = vmsock_hvsock_address_set_property;

  address_class->get_family = vmsock_hvsock_address_get_family;
  address_class->get_native_size = vmsock_hvsock_address_get_native_size;
  address_class->to_native = vmsock_hvsock_address_to_native;

  /**
   * VmsockHvsockAddress:vm-id:
   *
   * The GUID of the VM or partition; all zeros (the wildcard) when unset.
   *
   * Since: 0.1
   */
  properties[PROP_VM_ID] =
    g_param_spec_boxed ("vm-id", NULL, NULL, VMSOCK_TYPE_GUID,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockHvsockAddress:service-id:
   *
   * The GUID of the service; all zeros when unset.
   *
   * Since: 0.1
   */
  properties[PROP_SERVICE_ID] =
    g_param_spec_boxed ("service-id", NULL, NULL, VMSOCK_TYPE_GUID,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_hvsock_address_init (VmsockHvsockAddress *self)
{
}

/**
 * vmsock_hvsock_address_new:
 * @vm_id: the GUID of a VM, or a well-known one from
 *   [func@Vmsock.HvsockVmId.get_guid]
 * @service_id: the GUID of a service
 *
 * Creates a Hyper-V socket address.
 *
 * Returns: (transfer full) (type VmsockHvsockAddress): a new Hyper-V socket address
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_hvsock_address_new (const VmsockGuid *vm_id,
                           const VmsockGuid *service_id)
{
  g_return_val_if_fail (vm_id != NULL, NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  return g_object_new (VMSOCK_TYPE_HVSOCK_ADDRESS,
                       "vm-id", vm_id,
                       "service-id", service_id,
                       NULL);
}

/**
 * vmsock_hvsock_address_new_for_vsock_port:
 * @vm_id: the GUID of a VM
 * @port: the AF_VSOCK port of a service in a Linux guest
 *
 * Makes the address a Windows host uses to reach AF_VSOCK port @port of a
 * Linux guest: its service ID comes from the VSock template.
 *
 * Returns: (transfer full) (type VmsockHvsockAddress): a new Hyper-V socket address
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_hvsock_address_new_for_vsock_port (const VmsockGuid *vm_id,
                                          guint32           port)
{
  VmsockGuid service_id;

  vmsock_hvsock_service_id_for_vsock_port (port, &service_id);
  return vmsock_hvsock_address_new (vm_id, &service_id);
}

/**
 * vmsock_hvsock_address_get_vm_id:
 * @address: a #VmsockHvsockAddress
 *
 * Gets the VM ID of a Hyper-V socket address.
 *
 * Returns: (transfer none): the VM ID of @address
 *
 * Since: 0.1
 */
const VmsockGuid *
vmsock_hvsock_address_get_vm_id (VmsockHvsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (address), NULL);

  return &address->vm_id;
}

/**
 * vmsock_hvsock_address_get_service_id:
 * @address: a #VmsockHvsockAddress
 *
 * Gets the service ID of a Hyper-V socket address.
 *
 * Returns: (transfer none): the service ID of @address
 *
 * Since: 0.1
 */
const VmsockGuid *
vmsock_hvsock_address_get_service_id (VmsockHvsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (address), NULL);

  return &address->service_id;
}

/**
 * vmsock_hvsock_address_get_vsock_port:
 * @address: a #VmsockHvsockAddress
 * @port: (out) (optional): where to store the AF_VSOCK port
 *
 * Gets the vsock port that the service ID of a Hyper-V socket address stands
 * for, if it comes from the VSock template.
 *
 * Returns: %TRUE if the service ID of @address comes from the VSock template
 *
 * Since: 0.1
 */
gboolean
vmsock_hvsock_address_get_vsock_port (VmsockHvsockAddress *address,
                                      guint32             *port)
{
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (address), FALSE);

  return vmsock_hvsock_service_id_get_vsock_port (&address->service_id, port);
}

/**
 * vmsock_hvsock_address_equal:
 * @a: a #VmsockHvsockAddress
 * @b: another #VmsockHvsockAddress
 *
 * Compares two Hyper-V socket addresses.
 *
 * Returns: %TRUE if @a and @b have the same VM ID and service ID
 *
 * Since: 0.1
 */
gboolean
vmsock_hvsock_address_equal (VmsockHvsockAddress *a,
                             VmsockHvsockAddress *b)
{
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (a), FALSE);
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (b), FALSE);

  return vmsock_guid_equal (&a->vm_id, &b->vm_id) &&
         vmsock_guid_equal (&a->service_id, &b->service_id);
}

/**
 * vmsock_hvsock_address_hash:
 * @address: a #VmsockHvsockAddress
 *
 * Hashes a Hyper-V socket address.
 *
 * Returns: a hash value consistent with [method@Vmsock.HvsockAddress.equal]
 *
 * Since: 0.1
 */
guint
vmsock_hvsock_address_hash (VmsockHvsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_HVSOCK_ADDRESS (address), 0);

  return vmsock_guid_hash (&address->vm_id) * 31 + vmsock_guid_hash (&address->service_id);
}
