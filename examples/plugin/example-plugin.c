/* example-plugin.c: a VM-discovery provider plugin that lists one VM
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libvmsock-glib/vmsock.h>

/* As the metadata's Provider key says. */
#define PROVIDER_NAME "example"

#define EXAMPLE_TYPE_PROVIDER (example_provider_get_type ())
G_DECLARE_FINAL_TYPE (ExampleProvider, example_provider, EXAMPLE, PROVIDER, GObject)

struct _ExampleProvider
{
  GObject parent_instance;

  char *vm_name;  /* the vm-name setting, NULL when it is not set */
};

enum { PROP_VM_NAME = 1 };

static void example_provider_iface_init (VmsockVmProviderInterface *iface);

/* A dynamic type: the module registers it each time it is loaded. */
G_DEFINE_DYNAMIC_TYPE_EXTENDED (ExampleProvider, example_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               example_provider_iface_init))

static const char *
example_provider_get_name (VmsockVmProvider *provider)
{
  return PROVIDER_NAME;
}

static void
example_provider_list_vms_async (VmsockVmProvider    *provider,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ExampleProvider *self = EXAMPLE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(VmsockVm) vm = NULL;

  /* A real provider asks its source here, without blocking. */
  vm = vmsock_vm_new (PROVIDER_NAME, "example-1",
                      self->vm_name != NULL ? self->vm_name : "example-vm",
                      VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL);
  vmsock_vm_listing_add_vm (listing, vm);
  g_task_return_pointer (task, g_steal_pointer (&listing), g_object_unref);
}

static VmsockVmListing *
example_provider_list_vms_finish (VmsockVmProvider  *provider,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
example_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = example_provider_get_name;
  iface->list_vms_async = example_provider_list_vms_async;
  iface->list_vms_finish = example_provider_list_vms_finish;
}

/* The plugin host sets the settings that the caller changed. */
static void
example_provider_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ExampleProvider *self = EXAMPLE_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_VM_NAME:
      g_free (self->vm_name);
      self->vm_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
example_provider_finalize (GObject *object)
{
  g_free (EXAMPLE_PROVIDER (object)->vm_name);
  G_OBJECT_CLASS (example_provider_parent_class)->finalize (object);
}

static void
example_provider_class_init (ExampleProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = example_provider_set_property;
  object_class->finalize = example_provider_finalize;
  /* [Property vm-name] in the metadata, of Type s. */
  g_object_class_install_property (object_class, PROP_VM_NAME,
                                   g_param_spec_string ("vm-name", NULL, NULL, NULL,
                                                        G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));
}

static void
example_provider_class_finalize (ExampleProviderClass *klass)
{
}

static void
example_provider_init (ExampleProvider *self)
{
}

static void
example_provider_register (GIOModule *module)
{
  example_provider_register_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  EXAMPLE_TYPE_PROVIDER, PROVIDER_NAME, 0);
}

/* The module is libvmsock-example.so (.dll on Windows): vmsock_example. */
VMSOCK_DEFINE_PLUGIN (vmsock_example, example_provider_register)
