/* vmsock-vsock-address.c: AF_VSOCK socket addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#ifdef HAVE_LINUX_VM_SOCKETS_H
#include <sys/socket.h>
#include <linux/vm_sockets.h>
#endif

#include "vmsock-address-enumerator-private.h"
#include "vmsock-address-private.h"
#include "vmsock-enum-types.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"
#include "vmsock-vsock-address.h"

/**
 * VmsockVsockAddress:
 *
 * An AF_VSOCK socket address: a context ID (CID) naming a machine, a port, and
 * flags.  Both numbers are unsigned 32-bit values.
 *
 * It is a #GSocketAddress that stock GIO accepts: pass it to
 * g_socket_client_connect(), g_socket_listener_add_address() or
 * g_socket_bind() as you would pass a #GInetSocketAddress.  Its text form is
 * `vsock:CID:PORT` (see [func@Vmsock.socket_address_parse]).
 *
 * Since: 0.1
 */

/* struct sockaddr_vm, byte by byte: the layout is part of the kernel's ABI. */
#define SVM_FAMILY_OFFSET 0
#define SVM_PORT_OFFSET 4
#define SVM_CID_OFFSET 8
#define SVM_FLAGS_OFFSET 12

#ifdef HAVE_LINUX_VM_SOCKETS_H
G_STATIC_ASSERT (sizeof (struct sockaddr_vm) == VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (struct sockaddr_vm, svm_port) == SVM_PORT_OFFSET);
G_STATIC_ASSERT (G_STRUCT_OFFSET (struct sockaddr_vm, svm_cid) == SVM_CID_OFFSET);
G_STATIC_ASSERT (AF_VSOCK == VMSOCK_SOCKET_FAMILY_VSOCK);
G_STATIC_ASSERT (VMADDR_CID_ANY == VMSOCK_VSOCK_CID_ANY);
G_STATIC_ASSERT (VMADDR_PORT_ANY == VMSOCK_VSOCK_PORT_ANY);
G_STATIC_ASSERT (VMADDR_CID_HOST == VMSOCK_VSOCK_CID_HOST);
#endif

struct _VmsockVsockAddress
{
  GSocketAddress parent_instance;

  guint32 cid;
  guint32 port;
  VmsockVsockFlags flags;
};

enum
{
  PROP_0,
  PROP_CID,
  PROP_PORT,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_vsock_address_connectable_iface_init (GSocketConnectableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VmsockVsockAddress, vmsock_vsock_address, G_TYPE_SOCKET_ADDRESS,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SOCKET_CONNECTABLE,
                                                      vmsock_vsock_address_connectable_iface_init))

/* Named CIDs the grammar accepts; the wildcard is also how it formats. */
static const struct
{
  const char *name;
  guint32 cid;
} named_cids[] = {
  { "any", VMSOCK_VSOCK_CID_ANY },
  { "hypervisor", VMSOCK_VSOCK_CID_HYPERVISOR },
  { "local", VMSOCK_VSOCK_CID_LOCAL },
  { "host", VMSOCK_VSOCK_CID_HOST },
};

static GSocketFamily
vmsock_vsock_address_get_family (GSocketAddress *address)
{
  return (GSocketFamily) VMSOCK_SOCKET_FAMILY_VSOCK;
}

static gssize
vmsock_vsock_address_get_native_size (GSocketAddress *address)
{
  return VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE;
}

static gboolean
vmsock_vsock_address_to_native (GSocketAddress  *address,
                                gpointer         dest,
                                gsize            destlen,
                                GError         **error)
{
  VmsockVsockAddress *self = VMSOCK_VSOCK_ADDRESS (address);
  guint8 *native = dest;
  guint16 family = VMSOCK_SOCKET_FAMILY_VSOCK;

  if (!vmsock_check_native_space (destlen, VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE, error))
    return FALSE;

  memset (native, 0, VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE);
  memcpy (native + SVM_FAMILY_OFFSET, &family, sizeof family);
  memcpy (native + SVM_PORT_OFFSET, &self->port, sizeof self->port);
  memcpy (native + SVM_CID_OFFSET, &self->cid, sizeof self->cid);
  native[SVM_FLAGS_OFFSET] = (guint8) self->flags;
  return TRUE;
}

GSocketAddress *
vmsock_vsock_address_new_from_native (gconstpointer   native,
                                      gsize           length,
                                      GError        **error)
{
  const guint8 *bytes = native;
  guint16 family;
  guint32 cid, port;

  memcpy (&family, bytes + SVM_FAMILY_OFFSET, sizeof family);
  if (family != VMSOCK_SOCKET_FAMILY_VSOCK || length < VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a vsock address: family %u, %u bytes "
                     "(expected family %d, %d bytes)"),
                   family, (guint) length, VMSOCK_SOCKET_FAMILY_VSOCK,
                   VMSOCK_VSOCK_ADDRESS_NATIVE_SIZE);
      return NULL;
    }

  memcpy (&port, bytes + SVM_PORT_OFFSET, sizeof port);
  memcpy (&cid, bytes + SVM_CID_OFFSET, sizeof cid);
  /* Only the bits this library knows; older kernels left the byte as padding. */
  return vmsock_vsock_address_new_with_flags (cid, port,
                                              bytes[SVM_FLAGS_OFFSET] & VMSOCK_VSOCK_FLAGS_TO_HOST);
}

static gboolean
parse_named_or_number (const char *text,
                       guint32    *value,
                       gboolean    cid)
{
  for (gsize i = 0; i < G_N_ELEMENTS (named_cids); i++)
    {
      /* "any" is the only name a port has. */
      if (!cid && named_cids[i].cid != VMSOCK_VSOCK_PORT_ANY)
        continue;
      if (g_ascii_strcasecmp (text, named_cids[i].name) == 0)
        {
          *value = named_cids[i].cid;
          return TRUE;
        }
    }
  return vmsock_parse_uint32 (text, value);
}

static gboolean
parse_flags (const char       *text,
             const char       *query,
             VmsockVsockFlags *flags,
             GError          **error)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (VMSOCK_TYPE_VSOCK_FLAGS);
  g_auto(GStrv) names = NULL;

  *flags = VMSOCK_VSOCK_FLAGS_NONE;
  if (query == NULL)
    return TRUE;

  if (!g_str_has_prefix (query, "flags="))
    {
      vmsock_set_address_error (error, text, _("vsock parameter"), query,
                                _("the only parameter is “flags=to-host”"));
      return FALSE;
    }

  names = g_strsplit (query + strlen ("flags="), ",", -1);
  for (gsize i = 0; names[i] != NULL; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (klass, names[i]);

      if (value == NULL || value->value == 0)
        {
          vmsock_set_address_error (error, text, _("vsock flag"), names[i],
                                    _("the only flag is “to-host”"));
          return FALSE;
        }
      *flags |= value->value;
    }
  return TRUE;
}

GSocketAddress *
vmsock_vsock_address_new_from_parts (const char  *text,
                                     const char  *cid_part,
                                     const char  *port_part,
                                     const char  *query,
                                     GError     **error)
{
  guint32 cid, port;
  VmsockVsockFlags flags;

  if (!parse_named_or_number (cid_part, &cid, TRUE))
    {
      vmsock_set_address_error (error, text, _("vsock CID"), cid_part,
                                _("a number from 0 to 4294967295, or one of "
                                  "“any”, “hypervisor”, “local”, “host”"));
      return NULL;
    }
  if (!parse_named_or_number (port_part, &port, FALSE))
    {
      vmsock_set_address_error (error, text, _("vsock port"), port_part,
                                _("a number from 0 to 4294967295, or “any”"));
      return NULL;
    }
  if (!parse_flags (text, query, &flags, error))
    return NULL;

  return vmsock_vsock_address_new_with_flags (cid, port, flags);
}

static void
append_number_or_any (GString *out,
                      guint32  value)
{
  if (value == VMSOCK_VSOCK_CID_ANY)
    g_string_append (out, "any");
  else
    g_string_append_printf (out, "%" G_GUINT32_FORMAT, value);
}

char *
vmsock_vsock_address_format (VmsockVsockAddress *self,
                             gboolean            uri)
{
  GString *out = g_string_new (uri ? "vsock://" : "vsock:");

  append_number_or_any (out, self->cid);
  g_string_append_c (out, ':');
  append_number_or_any (out, self->port);

  if (self->flags != VMSOCK_VSOCK_FLAGS_NONE)
    {
      g_autoptr(GFlagsClass) klass = g_type_class_ref (VMSOCK_TYPE_VSOCK_FLAGS);
      const char *separator = "?flags=";

      for (guint i = 0; i < klass->n_values; i++)
        if (klass->values[i].value != 0 &&
            (self->flags & klass->values[i].value) == klass->values[i].value)
          {
            g_string_append_printf (out, "%s%s", separator, klass->values[i].value_nick);
            separator = ",";
          }
    }

  return g_string_free (out, FALSE);
}

static gchar *
vmsock_vsock_address_connectable_to_string (GSocketConnectable *connectable)
{
  return vmsock_vsock_address_format (VMSOCK_VSOCK_ADDRESS (connectable), FALSE);
}

static void
vmsock_vsock_address_connectable_iface_init (GSocketConnectableIface *iface)
{
  iface->enumerate = vmsock_address_enumerator_new;
  iface->proxy_enumerate = vmsock_address_enumerator_new;
  iface->to_string = vmsock_vsock_address_connectable_to_string;
}

static void
vmsock_vsock_address_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VmsockVsockAddress *self = VMSOCK_VSOCK_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_CID:
      g_value_set_uint (value, self->cid);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vsock_address_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VmsockVsockAddress *self = VMSOCK_VSOCK_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_CID:
      self->cid = g_value_get_uint (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_FLAGS:
      self->flags = g_value_get_flags (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vsock_address_class_init (VmsockVsockAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketAddressClass *address_class = G_SOCKET_ADDRESS_CLASS (klass);

  vmsock_socket_family_register ();

  object_class->get_property = vmsock_vsock_address_get_property;
  object_class->set_property = vmsock_vsock_address_set_property;

  address_class->get_family = vmsock_vsock_address_get_family;
  address_class->get_native_size = vmsock_vsock_address_get_native_size;
  address_class->to_native = vmsock_vsock_address_to_native;

  /**
   * VmsockVsockAddress:cid:
   *
   * The context ID: which machine.
   *
   * Since: 0.1
   */
  properties[PROP_CID] =
    g_param_spec_uint ("cid", NULL, NULL,
                       0, G_MAXUINT32, VMSOCK_VSOCK_CID_ANY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVsockAddress:port:
   *
   * The port: which service on that machine.
   *
   * Since: 0.1
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT32, VMSOCK_VSOCK_PORT_ANY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VmsockVsockAddress:flags:
   *
   * The address flags.
   *
   * Since: 0.1
   */
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL,
                        VMSOCK_TYPE_VSOCK_FLAGS, VMSOCK_VSOCK_FLAGS_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_vsock_address_init (VmsockVsockAddress *self)
{
}

/**
 * vmsock_vsock_address_new:
 * @cid: a context ID, such as %VMSOCK_VSOCK_CID_HOST
 * @port: a port, or %VMSOCK_VSOCK_PORT_ANY
 *
 * Creates a vsock address.
 *
 * Returns: (transfer full) (type VmsockVsockAddress): a new vsock address
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_vsock_address_new (guint32 cid,
                          guint32 port)
{
  return vmsock_vsock_address_new_with_flags (cid, port, VMSOCK_VSOCK_FLAGS_NONE);
}

/**
 * vmsock_vsock_address_new_with_flags:
 * @cid: a context ID
 * @port: a port
 * @flags: address flags
 *
 * Creates a vsock address with flags.
 *
 * Returns: (transfer full) (type VmsockVsockAddress): a new vsock address
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_vsock_address_new_with_flags (guint32          cid,
                                     guint32          port,
                                     VmsockVsockFlags flags)
{
  return g_object_new (VMSOCK_TYPE_VSOCK_ADDRESS,
                       "cid", cid,
                       "port", port,
                       "flags", flags,
                       NULL);
}

/**
 * vmsock_vsock_address_get_cid:
 * @address: a #VmsockVsockAddress
 *
 * Gets the context ID of a vsock address.
 *
 * Returns: the context ID of @address
 *
 * Since: 0.1
 */
guint32
vmsock_vsock_address_get_cid (VmsockVsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (address), 0);

  return address->cid;
}

/**
 * vmsock_vsock_address_get_port:
 * @address: a #VmsockVsockAddress
 *
 * Gets the port of a vsock address.
 *
 * Returns: the port of @address
 *
 * Since: 0.1
 */
guint32
vmsock_vsock_address_get_port (VmsockVsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (address), 0);

  return address->port;
}

/**
 * vmsock_vsock_address_get_flags:
 * @address: a #VmsockVsockAddress
 *
 * Gets the flags of a vsock address.
 *
 * Returns: the flags of @address
 *
 * Since: 0.1
 */
VmsockVsockFlags
vmsock_vsock_address_get_flags (VmsockVsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (address), 0);

  return address->flags;
}

/**
 * vmsock_vsock_address_equal:
 * @a: a #VmsockVsockAddress
 * @b: another #VmsockVsockAddress
 *
 * Compares two vsock addresses.
 *
 * Returns: %TRUE if @a and @b have the same CID, port and flags
 *
 * Since: 0.1
 */
gboolean
vmsock_vsock_address_equal (VmsockVsockAddress *a,
                            VmsockVsockAddress *b)
{
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (a), FALSE);
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (b), FALSE);

  return a->cid == b->cid && a->port == b->port && a->flags == b->flags;
}

/**
 * vmsock_vsock_address_hash:
 * @address: a #VmsockVsockAddress
 *
 * Hashes a vsock address.
 *
 * Returns: a hash value consistent with [method@Vmsock.VsockAddress.equal]
 *
 * Since: 0.1
 */
guint
vmsock_vsock_address_hash (VmsockVsockAddress *address)
{
  g_return_val_if_fail (VMSOCK_IS_VSOCK_ADDRESS (address), 0);

  return address->cid * 2654435761u ^ address->port ^ (guint) address->flags << 31;
}

/**
 * vmsock_vsock_get_local_cid:
 * @cid: (out): where to store the local context ID
 * @error: return location for a #GError
 *
 * Asks the kernel for this machine's context ID (the
 * `IOCTL_VM_SOCKETS_GET_LOCAL_CID` ioctl on `/dev/vsock`).  Without a vsock
 * device this fails with %G_IO_ERROR_NOT_FOUND; where the device may not be
 * opened, with %G_IO_ERROR_PERMISSION_DENIED; on Windows, with
 * %G_IO_ERROR_NOT_SUPPORTED.
 *
 * The value can be %VMSOCK_VSOCK_CID_ANY right after the module loads, and
 * can change when a VM migrates: listeners should bind %VMSOCK_VSOCK_CID_ANY.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vmsock_vsock_get_local_cid (guint32  *cid,
                            GError  **error)
{
  g_return_val_if_fail (cid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return vmsock_platform_get_local_cid (cid, error);
}
