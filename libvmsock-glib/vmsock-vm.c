/* vmsock-vm.c: a virtual machine, as discovery found it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-enum-types.h"
#include "vmsock-error-private.h"
#include "vmsock-vm.h"
#include "vmsock-vm-private.h"
#include "vmsock-vsock-address.h"

/**
 * VmsockVm:
 *
 * A virtual machine that a discovery provider found: its identity, its state,
 * and how to reach it over VM sockets, an AF_VSOCK context ID, a Hyper-V
 * socket VM ID, or both.  Immutable.
 *
 * Since: 0.1
 */

struct _VmsockVm
{
  GObject parent_instance;

  char *provider;
  char *id;
  char *name;
  VmsockVmState state;
  guint32 cid;
  VmsockGuid *vm_id;
  GVariant *extras;
};

enum
{
  PROP_0,
  PROP_PROVIDER,
  PROP_ID,
  PROP_NAME,
  PROP_STATE,
  PROP_CID,
  PROP_VM_ID,
  PROP_EXTRAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsockVm, vmsock_vm, G_TYPE_OBJECT)

static void
vmsock_vm_constructed (GObject *object)
{
  VmsockVm *self = VMSOCK_VM (object);

  G_OBJECT_CLASS (vmsock_vm_parent_class)->constructed (object);

  if (self->name == NULL)
    self->name = g_strdup (self->id);
  if (self->extras == NULL)
    self->extras = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

static void
vmsock_vm_finalize (GObject *object)
{
  VmsockVm *self = VMSOCK_VM (object);

  g_free (self->provider);
  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->vm_id, vmsock_guid_free);
  g_clear_pointer (&self->extras, g_variant_unref);

  G_OBJECT_CLASS (vmsock_vm_parent_class)->finalize (object);
}

static void
vmsock_vm_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VmsockVm *self = VMSOCK_VM (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CID:
      g_value_set_uint (value, self->cid);
      break;
    case PROP_VM_ID:
      g_value_set_boxed (value, self->vm_id);
      break;
    case PROP_EXTRAS:
      g_value_set_variant (value, self->extras);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VmsockVm *self = VMSOCK_VM (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_string (value);
      break;
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_STATE:
      self->state = g_value_get_enum (value);
      break;
    case PROP_CID:
      self->cid = g_value_get_uint (value);
      break;
    case PROP_VM_ID:
      self->vm_id = g_value_dup_boxed (value);
      break;
    case PROP_EXTRAS:
      self->extras = g_value_dup_variant (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vmsock_vm_class_init (VmsockVmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vmsock_vm_constructed;
  object_class->finalize = vmsock_vm_finalize;
  object_class->get_property = vmsock_vm_get_property;
  object_class->set_property = vmsock_vm_set_property;

  /**
   * VmsockVm:provider:
   *
   * The name of the provider that found the VM, such as `libvirt`.
   *
   * Since: 0.1
   */
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, flags);

  /**
   * VmsockVm:id:
   *
   * The VM's identifier within its provider: a UUID for libvirt, the compute
   * system ID for hcsdiag, the VM GUID for Hyper-V.
   *
   * Since: 0.1
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  /**
   * VmsockVm:name:
   *
   * The VM's display name; its id when it has none.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  /**
   * VmsockVm:state:
   *
   * The VM's state when it was listed.
   *
   * Since: 0.1
   */
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VMSOCK_TYPE_VM_STATE,
                                              VMSOCK_VM_STATE_UNKNOWN, flags);

  /**
   * VmsockVm:cid:
   *
   * The VM's AF_VSOCK context ID, or %VMSOCK_VSOCK_CID_ANY when it has none.
   *
   * Since: 0.1
   */
  properties[PROP_CID] = g_param_spec_uint ("cid", NULL, NULL, 0, G_MAXUINT32,
                                            VMSOCK_VSOCK_CID_ANY, flags);

  /**
   * VmsockVm:vm-id:
   *
   * The VM's Hyper-V socket VM ID, or %NULL when it has none.
   *
   * Since: 0.1
   */
  properties[PROP_VM_ID] = g_param_spec_boxed ("vm-id", NULL, NULL, VMSOCK_TYPE_GUID, flags);

  /**
   * VmsockVm:extras:
   *
   * What else the provider knows, as a `a{sv}` dictionary (the libvirt URI,
   * the hcsdiag owner, …).
   *
   * Since: 0.1
   */
  properties[PROP_EXTRAS] = g_param_spec_variant ("extras", NULL, NULL, G_VARIANT_TYPE_VARDICT,
                                                  NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vmsock_vm_init (VmsockVm *self)
{
  self->cid = VMSOCK_VSOCK_CID_ANY;
}

/**
 * vmsock_vm_new:
 * @provider: the provider's name
 * @id: the VM's identifier within the provider
 * @name: (nullable): the VM's display name, or %NULL to use @id
 * @state: the VM's state
 * @cid: the VM's vsock context ID, or %VMSOCK_VSOCK_CID_ANY for none
 * @vm_id: (nullable): the VM's Hyper-V socket VM ID, or %NULL for none
 * @extras: (nullable): a floating or owned `a{sv}` of further facts, or %NULL
 *
 * Creates a VM description, for providers.
 *
 * Returns: (transfer full): a new #VmsockVm
 *
 * Since: 0.1
 */
VmsockVm *
vmsock_vm_new (const char       *provider,
               const char       *id,
               const char       *name,
               VmsockVmState     state,
               guint32           cid,
               const VmsockGuid *vm_id,
               GVariant         *extras)
{
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (extras == NULL || g_variant_is_of_type (extras, G_VARIANT_TYPE_VARDICT), NULL);

  return g_object_new (VMSOCK_TYPE_VM,
                       "provider", provider,
                       "id", id,
                       "name", name,
                       "state", state,
                       "cid", cid,
                       "vm-id", vm_id,
                       "extras", extras,
                       NULL);
}

/**
 * vmsock_vm_get_provider:
 * @vm: a #VmsockVm
 *
 * Gets the name of the provider that found a VM.
 *
 * Returns: the name of the provider that found @vm
 *
 * Since: 0.1
 */
const char *
vmsock_vm_get_provider (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  return vm->provider;
}

/**
 * vmsock_vm_get_id:
 * @vm: a #VmsockVm
 *
 * Gets the identifier of a VM.
 *
 * Returns: the identifier of @vm within its provider
 *
 * Since: 0.1
 */
const char *
vmsock_vm_get_id (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  return vm->id;
}

/**
 * vmsock_vm_get_name:
 * @vm: a #VmsockVm
 *
 * Gets the name of a VM.
 *
 * Returns: the display name of @vm
 *
 * Since: 0.1
 */
const char *
vmsock_vm_get_name (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  return vm->name;
}

/**
 * vmsock_vm_get_state:
 * @vm: a #VmsockVm
 *
 * Gets the state of a VM.
 *
 * Returns: the state of @vm
 *
 * Since: 0.1
 */
VmsockVmState
vmsock_vm_get_state (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), VMSOCK_VM_STATE_UNKNOWN);

  return vm->state;
}

/**
 * vmsock_vm_get_cid:
 * @vm: a #VmsockVm
 * @cid: (out) (optional): where to store the context ID
 *
 * Gets the AF_VSOCK context ID of a VM, if it has one.
 *
 * Returns: %TRUE if @vm has an AF_VSOCK context ID
 *
 * Since: 0.1
 */
gboolean
vmsock_vm_get_cid (VmsockVm *vm,
                   guint32  *cid)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), FALSE);

  if (vm->cid == VMSOCK_VSOCK_CID_ANY)
    return FALSE;
  if (cid != NULL)
    *cid = vm->cid;
  return TRUE;
}

/**
 * vmsock_vm_get_vm_id:
 * @vm: a #VmsockVm
 *
 * Gets the Hyper-V socket VM ID of a VM, if it has one.
 *
 * Returns: (transfer none) (nullable): the Hyper-V socket VM ID of @vm, or
 *   %NULL when it has none
 *
 * Since: 0.1
 */
const VmsockGuid *
vmsock_vm_get_vm_id (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  return vm->vm_id;
}

/**
 * vmsock_vm_get_extras:
 * @vm: a #VmsockVm
 *
 * Gets what the provider knows about a VM beyond the common properties.
 *
 * Returns: (transfer none): the provider's further facts about @vm, an
 *   `a{sv}` dictionary, empty when there are none
 *
 * Since: 0.1
 */
GVariant *
vmsock_vm_get_extras (VmsockVm *vm)
{
  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  return vm->extras;
}

/**
 * vmsock_vm_get_uri:
 * @vm: a #VmsockVm
 *
 * Gets the URI of the connection that the provider found a VM through, for
 * providers that ask several hypervisors: libvirt's `qemu:///system` or
 * `qemu+ssh://host/system`.  It is the `uri` member of the extras
 * ([method@Vmsock.Vm.get_extras]), where a provider puts it; a VM's name
 * can be qualified by it (see [method@Vmsock.VmListing.lookup]).
 *
 * Returns: (transfer none) (nullable): the connection's URI, or %NULL for a
 *   VM of a provider that has no connections of its own
 *
 * Since: 0.1
 */
const char *
vmsock_vm_get_uri (VmsockVm *vm)
{
  g_autoptr(GVariant) value = NULL;
  const char *uri;

  g_return_val_if_fail (VMSOCK_IS_VM (vm), NULL);

  /* A child of the extras, which keep its string alive. */
  value = g_variant_lookup_value (vm->extras, "uri", G_VARIANT_TYPE_STRING);
  if (value == NULL)
    return NULL;
  uri = g_variant_get_string (value, NULL);
  return *uri != '\0' ? uri : NULL;
}

/**
 * vmsock_vm_compare:
 * @a: a #VmsockVm
 * @b: another #VmsockVm
 *
 * Orders VMs by name, then provider, then id, byte by byte, so that listings
 * come out the same whatever the locale and whatever order providers answer
 * in.
 *
 * Returns: a negative number, 0 or a positive number as @a sorts before,
 *   with or after @b
 *
 * Since: 0.1
 */
int
vmsock_vm_compare (VmsockVm *a,
                   VmsockVm *b)
{
  int result;

  g_return_val_if_fail (VMSOCK_IS_VM (a), 0);
  g_return_val_if_fail (VMSOCK_IS_VM (b), 0);

  result = strcmp (a->name, b->name);
  if (result == 0)
    result = strcmp (a->provider, b->provider);
  if (result == 0)
    result = strcmp (a->id, b->id);
  return result;
}

/**
 * vmsock_vm_state_to_string:
 * @state: a #VmsockVmState
 *
 * Names a VM state in lower case, as `vmsockctl` prints it and as scripts
 * can compare it: `running`, `off`, `paused`, `saved`, `starting`,
 * `stopping`, `crashed` or `unknown`.
 *
 * Returns: the name of @state; `unknown` for a value outside the enumeration
 *
 * Since: 0.1
 */
const char *
vmsock_vm_state_to_string (VmsockVmState state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  GEnumValue *value = g_enum_get_value (states, state);

  return value != NULL ? value->value_nick : "unknown";
}

void
vmsock_vm_update (VmsockVm *vm,
                  VmsockVm *newer)
{
  g_object_freeze_notify (G_OBJECT (vm));
  if (g_strcmp0 (vm->name, newer->name) != 0)
    {
      g_free (vm->name);
      vm->name = g_strdup (newer->name);
      g_object_notify_by_pspec (G_OBJECT (vm), properties[PROP_NAME]);
    }
  if (vm->state != newer->state)
    {
      vm->state = newer->state;
      g_object_notify_by_pspec (G_OBJECT (vm), properties[PROP_STATE]);
    }
  if (vm->cid != newer->cid)
    {
      vm->cid = newer->cid;
      g_object_notify_by_pspec (G_OBJECT (vm), properties[PROP_CID]);
    }
  if ((vm->vm_id == NULL) != (newer->vm_id == NULL) ||
      (vm->vm_id != NULL && !vmsock_guid_equal (vm->vm_id, newer->vm_id)))
    {
      g_clear_pointer (&vm->vm_id, vmsock_guid_free);
      vm->vm_id = newer->vm_id != NULL ? vmsock_guid_copy (newer->vm_id) : NULL;
      g_object_notify_by_pspec (G_OBJECT (vm), properties[PROP_VM_ID]);
    }
  if ((vm->extras == NULL) != (newer->extras == NULL) ||
      (vm->extras != NULL && !g_variant_equal (vm->extras, newer->extras)))
    {
      g_clear_pointer (&vm->extras, g_variant_unref);
      vm->extras = newer->extras != NULL ? g_variant_ref (newer->extras) : NULL;
      g_object_notify_by_pspec (G_OBJECT (vm), properties[PROP_EXTRAS]);
    }
  g_object_thaw_notify (G_OBJECT (vm));
}

char *
vmsock_vm_describe (VmsockVm *vm)
{
  g_autofree char *name = vmsock_printable_quote (vmsock_vm_get_name (vm), -1);
  g_autofree char *provider = vmsock_printable_quote (vmsock_vm_get_provider (vm), -1);
  g_autofree char *id = vmsock_printable_quote (vmsock_vm_get_id (vm), -1);

  return g_strdup_printf ("%s (%s %s)", name, provider, id);
}
