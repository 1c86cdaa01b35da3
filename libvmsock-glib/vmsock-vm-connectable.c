/* vmsock-vm-connectable.c: reaching a VM by its name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-address-private.h"
#include "vmsock-enum-types.h"
#include "vmsock-error.h"
#include "vmsock-hvsock-address.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"
#include "vmsock-vm.h"
#include "vmsock-vm-private.h"
#include "vmsock-vm-connectable.h"
#include "vmsock-vsock-address.h"

/**
 * VmsockVmConnectable:
 *
 * A #GSocketConnectable for a port of a VM known by its name (or its id):
 * enumerating it asks [class@Vmsock.Discovery] which VMs there are and gives
 * the VM's vsock address, so a stock #GSocketClient connects to
 * `my-vm` port 22 as it would to a host name.
 *
 * A name that no VM has is %VMSOCK_ERROR_VM_NOT_FOUND, one that several VMs
 * have is %VMSOCK_ERROR_VM_AMBIGUOUS (the message lists them), and a VM
 * without a VM socket address (no CID, for example because it is off) is
 * %VMSOCK_ERROR_VM_UNREACHABLE.
 *
 * Since: 0.1
 */

struct _VmsockVmConnectable
{
  GObject parent_instance;

  VmsockDiscovery *discovery;
  char *vm;
  guint32 port;
  /* Written as hvsock:NAME:PORT, and so shown that way. */
  gboolean hvsock_form;
};

enum
{
  PROP_0,
  PROP_DISCOVERY,
  PROP_VM,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vmsock_vm_connectable_connectable_iface_init (GSocketConnectableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VmsockVmConnectable, vmsock_vm_connectable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SOCKET_CONNECTABLE,
                                                      vmsock_vm_connectable_connectable_iface_init))

/* --- The enumerator: one listing, one address. --- */

#define VMSOCK_TYPE_VM_ADDRESS_ENUMERATOR (vmsock_vm_address_enumerator_get_type ())
G_DECLARE_FINAL_TYPE (VmsockVmAddressEnumerator, vmsock_vm_address_enumerator,
                      VMSOCK, VM_ADDRESS_ENUMERATOR, GSocketAddressEnumerator)

struct _VmsockVmAddressEnumerator
{
  GSocketAddressEnumerator parent_instance;

  VmsockVmConnectable *connectable;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (VmsockVmAddressEnumerator, vmsock_vm_address_enumerator,
                     G_TYPE_SOCKET_ADDRESS_ENUMERATOR)

static GSocketAddress *
vmsock_vm_address_enumerator_next (GSocketAddressEnumerator  *enumerator,
                                   GCancellable              *cancellable,
                                   GError                   **error)
{
  VmsockVmAddressEnumerator *self = VMSOCK_VM_ADDRESS_ENUMERATOR (enumerator);
  g_autoptr(VmsockVmListing) listing = NULL;

  if (self->done)
    return NULL;
  self->done = TRUE;

  listing = vmsock_discovery_list_vms (self->connectable->discovery, cancellable, error);
  if (listing == NULL)
    return NULL;
  return vmsock_vm_connectable_resolve (self->connectable, listing, error);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VmsockVmAddressEnumerator *self = g_task_get_source_object (task);
  g_autoptr(VmsockVmListing) listing = NULL;
  GSocketAddress *address;
  GError *error = NULL;

  listing = vmsock_discovery_list_vms_finish (VMSOCK_DISCOVERY (source), result, &error);
  address = listing != NULL ? vmsock_vm_connectable_resolve (self->connectable, listing, &error) : NULL;
  if (address == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, address, g_object_unref);
}

static void
vmsock_vm_address_enumerator_next_async (GSocketAddressEnumerator *enumerator,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  VmsockVmAddressEnumerator *self = VMSOCK_VM_ADDRESS_ENUMERATOR (enumerator);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vmsock_vm_address_enumerator_next_async);
  if (self->done)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  self->done = TRUE;
  vmsock_discovery_list_vms_async (self->connectable->discovery, cancellable, on_listed, task);
}

static GSocketAddress *
vmsock_vm_address_enumerator_next_finish (GSocketAddressEnumerator  *enumerator,
                                          GAsyncResult              *result,
                                          GError                   **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vmsock_vm_address_enumerator_finalize (GObject *object)
{
  VmsockVmAddressEnumerator *self = VMSOCK_VM_ADDRESS_ENUMERATOR (object);

  g_clear_object (&self->connectable);
  G_OBJECT_CLASS (vmsock_vm_address_enumerator_parent_class)->finalize (object);
}

static void
vmsock_vm_address_enumerator_class_init (VmsockVmAddressEnumeratorClass *klass)
{
  GSocketAddressEnumeratorClass *enumerator_class = G_SOCKET_ADDRESS_ENUMERATOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vmsock_vm_address_enumerator_finalize;
  enumerator_class->next = vmsock_vm_address_enumerator_next;
  enumerator_class->next_async = vmsock_vm_address_enumerator_next_async;
  enumerator_class->next_finish = vmsock_vm_address_enumerator_next_finish;
}

static void
vmsock_vm_address_enumerator_init (VmsockVmAddressEnumerator *self)
{
}

/* --- The connectable. --- */

/**
 * vmsock_vm_connectable_resolve:
 * @connectable: a #VmsockVmConnectable
 * @listing: the VMs to choose from
 * @error: return location for a #GError
 *
 * Finds the VM of @connectable in @listing, by id first and then by name,
 * and makes its address: the vsock CID and port, or, on platforms with
 * Hyper-V sockets and for a VM with a VM ID but no CID, the Hyper-V socket
 * address of that port.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_vm_connectable_resolve (VmsockVmConnectable  *connectable,
                               VmsockVmListing      *listing,
                               GError              **error)
{
  VmsockVm *vm;
  guint32 cid;

  g_return_val_if_fail (VMSOCK_IS_VM_CONNECTABLE (connectable), NULL);
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  vm = vmsock_vm_listing_lookup (listing, connectable->vm, error);
  if (vm == NULL)
    return NULL;

  if (vmsock_vm_get_cid (vm, &cid))
    return vmsock_vsock_address_new (cid, connectable->port);
  if (vmsock_vm_get_vm_id (vm) != NULL && vmsock_platform_has_family (VMSOCK_SOCKET_FAMILY_HYPERV))
    return vmsock_hvsock_address_new_for_vsock_port (vmsock_vm_get_vm_id (vm), connectable->port);

  {
    g_autofree char *description = vmsock_vm_describe (vm);
    g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);

    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_UNREACHABLE,
                 _("VM %s has no VM socket address; its state is “%s”"),
                 description, g_enum_get_value (states, vmsock_vm_get_state (vm))->value_nick);
    return NULL;
  }
}

static GSocketAddressEnumerator *
vmsock_vm_connectable_enumerate (GSocketConnectable *connectable)
{
  VmsockVmAddressEnumerator *enumerator = g_object_new (VMSOCK_TYPE_VM_ADDRESS_ENUMERATOR, NULL);

  enumerator->connectable = g_object_ref (VMSOCK_VM_CONNECTABLE (connectable));
  return G_SOCKET_ADDRESS_ENUMERATOR (enumerator);
}

static gchar *
vmsock_vm_connectable_to_string (GSocketConnectable *connectable)
{
  VmsockVmConnectable *self = VMSOCK_VM_CONNECTABLE (connectable);

  return g_strdup_printf ("%s:%s:%" G_GUINT32_FORMAT, self->hvsock_form ? "hvsock" : "vsock",
                          self->vm, self->port);
}

static void
vmsock_vm_connectable_connectable_iface_init (GSocketConnectableIface *iface)
{
  iface->enumerate = vmsock_vm_connectable_enumerate;
  /* What a name resolves to, no proxy can carry: GSocketClient asks no
   * proxy resolver. */
  iface->proxy_enumerate = vmsock_vm_connectable_enumerate;
  iface->to_string = vmsock_vm_connectable_to_string;
}

static void
vmsock_vm_connectable_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VmsockVmConnectable *self = VMSOCK_VM_CONNECTABLE (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY:
      g_value_set_object (value, self->discovery);
      break;
    case PROP_VM:
      g_value_set_string (value, self->vm);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_connectable_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VmsockVmConnectable *self = VMSOCK_VM_CONNECTABLE (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY:
      self->discovery = g_value_dup_object (value);
      break;
    case PROP_VM:
      self->vm = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_connectable_finalize (GObject *object)
{
  VmsockVmConnectable *self = VMSOCK_VM_CONNECTABLE (object);

  g_clear_object (&self->discovery);
  g_free (self->vm);
  G_OBJECT_CLASS (vmsock_vm_connectable_parent_class)->finalize (object);
}

static void
vmsock_vm_connectable_class_init (VmsockVmConnectableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vmsock_vm_connectable_finalize;
  object_class->get_property = vmsock_vm_connectable_get_property;
  object_class->set_property = vmsock_vm_connectable_set_property;

  /**
   * VmsockVmConnectable:discovery:
   *
   * Where the VMs are looked up.
   *
   * Since: 0.1
   */
  properties[PROP_DISCOVERY] = g_param_spec_object ("discovery", NULL, NULL, VMSOCK_TYPE_DISCOVERY, flags);

  /**
   * VmsockVmConnectable:vm:
   *
   * The VM's name or id.
   *
   * Since: 0.1
   */
  properties[PROP_VM] = g_param_spec_string ("vm", NULL, NULL, NULL, flags);

  /**
   * VmsockVmConnectable:port:
   *
   * The vsock port to reach on the VM.
   *
   * Since: 0.1
   */
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT32, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_vm_connectable_init (VmsockVmConnectable *self)
{
}

/**
 * vmsock_vm_connectable_new:
 * @discovery: where to look the VM up
 * @vm: the VM's name or id
 * @port: the vsock port to reach on it
 *
 * Creates a connectable for a port of a VM known by name or id.
 *
 * Returns: (transfer full) (type VmsockVmConnectable): a new connectable
 *
 * Since: 0.1
 */
GSocketConnectable *
vmsock_vm_connectable_new (VmsockDiscovery *discovery,
                           const char      *vm,
                           guint32          port)
{
  g_return_val_if_fail (VMSOCK_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (vm != NULL, NULL);

  return g_object_new (VMSOCK_TYPE_VM_CONNECTABLE,
                       "discovery", discovery,
                       "vm", vm,
                       "port", port,
                       NULL);
}

/* Whether @part has the shape of a GUID, braced or not, typos aside. */
static gboolean
has_guid_shape (const char *part)
{
  gsize length = strlen (part);

  if (length == 38 && part[0] == '{' && part[37] == '}')
    {
      part++;
      length -= 2;
    }
  return length == 36 && part[8] == '-' && part[13] == '-' && part[18] == '-' && part[23] == '-';
}

/* Whether @part, which did not parse as a CID or VM ID, is meant as a name:
 * not a number, and not an attempt at a GUID. */
static gboolean
is_vm_name (const char *part,
            gboolean    vsock)
{
  gboolean digits_only = TRUE;

  if (*part == '\0')
    return FALSE;
  for (const char *p = part; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || g_ascii_isspace (*p))
        return FALSE;
      digits_only = digits_only && g_ascii_isdigit (*p);
    }
  return !digits_only && (vsock || !has_guid_shape (part));
}

/**
 * vmsock_vm_connectable_parse:
 * @text: a VM socket address, or one with a VM's name in place of its CID
 *   or VM ID, such as `vsock://my-vm:22` or `hvsock://my-vm/22`
 * @discovery: (nullable): where to look names up, or %NULL to accept
 *   addresses only
 * @error: return location for a #GError
 *
 * Parses what [func@Vmsock.socket_address_parse] parses, and also its forms
 * with a VM in the place of the CID or VM ID, the port as a decimal number
 * and no parameters: `vsock:VM:PORT`, `vsock://VM:PORT`, `hvsock:VM:PORT`,
 * `hvsock://VM/PORT`.  VM is what [method@Vmsock.VmListing.lookup] takes:
 * an id, a name, or a name qualified as `NAME@WHERE`
 * (`vsock://web@kvm1:22`).  It is anything that the address grammar does
 * not take there and is neither a number nor an attempt at a GUID, without
 * white space or control characters; the named values (`host`, `parent`, …)
 * keep their meaning.  The port is what follows the last `:` (or `/` in the
 * `hvsock://` form), so a VM qualified by a URI needs no escaping:
 * `vsock://web@qemu+ssh://kvm1/system:22`.
 *
 * Returns: (transfer full) (nullable): a #VmsockVsockAddress,
 *   #VmsockHvsockAddress or #VmsockVmConnectable, or %NULL with the address
 *   grammar's error
 *
 * Since: 0.1
 */
GSocketConnectable *
vmsock_vm_connectable_parse (const char       *text,
                             VmsockDiscovery  *discovery,
                             GError          **error)
{
  VmsockAddressParts parts = { 0 };
  GSocketAddress *address;
  GSocketConnectable *result = NULL;
  GError *address_error = NULL;
  guint32 port;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (discovery == NULL || VMSOCK_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vmsock_address_parts_split (text, &parts, error))
    return NULL;

  address = vmsock_address_parts_to_address (text, &parts, &address_error);
  if (address != NULL)
    result = G_SOCKET_CONNECTABLE (address);
  else if (discovery == NULL || !is_vm_name (parts.first, parts.vsock))
    g_propagate_error (error, address_error);
  else if (!vmsock_parse_uint32 (parts.second, &port))
    {
      /* A name, so the port is what is wrong. */
      g_clear_error (&address_error);
      vmsock_set_address_error (error, text, parts.vsock ? _("vsock port") : _("Hyper-V service ID"),
                                parts.second, _("a number from 0 to 4294967295"));
    }
  else if (parts.query != NULL)
    {
      g_clear_error (&address_error);
      vmsock_set_address_error (error, text, parts.vsock ? _("vsock parameter") : _("Hyper-V address parameter"),
                                parts.query, _("no parameters after a VM known by name"));
    }
  else
    {
      g_clear_error (&address_error);
      result = vmsock_vm_connectable_new (discovery, parts.first, port);
      VMSOCK_VM_CONNECTABLE (result)->hvsock_form = !parts.vsock;
    }

  vmsock_address_parts_clear (&parts);
  return result;
}

/**
 * vmsock_vm_connectable_get_vm:
 * @connectable: a #VmsockVmConnectable
 *
 * Gets the name or id of the VM that the connectable reaches.
 *
 * Returns: the VM's name or id
 *
 * Since: 0.1
 */
const char *
vmsock_vm_connectable_get_vm (VmsockVmConnectable *connectable)
{
  g_return_val_if_fail (VMSOCK_IS_VM_CONNECTABLE (connectable), NULL);

  return connectable->vm;
}

/**
 * vmsock_vm_connectable_get_port:
 * @connectable: a #VmsockVmConnectable
 *
 * Gets the vsock port that the connectable reaches.
 *
 * Returns: the vsock port to reach
 *
 * Since: 0.1
 */
guint32
vmsock_vm_connectable_get_port (VmsockVmConnectable *connectable)
{
  g_return_val_if_fail (VMSOCK_IS_VM_CONNECTABLE (connectable), 0);

  return connectable->port;
}
