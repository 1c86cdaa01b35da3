/* vmsock-machined-provider.c: VMs registered with systemd-machined
 *
 * Asks org.freedesktop.machine1 on the system bus for its machines, then
 * each machine for its properties (vmsock-machined-machine.c reads them).
 * Watched, it reports machined's MachineNew and MachineRemoved signals, and
 * machined coming or going on the bus, as vms-changed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-machined-machine.h"
#include "vmsock-machined-provider.h"
#include "vmsock-plugin-provider.h"

#define MACHINED_NAME "org.freedesktop.machine1"
#define MACHINED_PATH "/org/freedesktop/machine1"
#define MANAGER_INTERFACE "org.freedesktop.machine1.Manager"
#define MACHINE_INTERFACE "org.freedesktop.machine1.Machine"

struct _VmsockMachinedProvider
{
  GObject parent_instance;

  /* Watches not unwatched; the bus and subscriptions of the first. */
  guint watches;
  GDBusConnection *bus;
  guint manager_subscription;
  guint owner_subscription;
};

static void vmsock_machined_provider_iface_init (VmsockVmProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (VmsockMachinedProvider, vmsock_machined_provider, G_TYPE_OBJECT,
                                G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VMSOCK_TYPE_VM_PROVIDER,
                                                               vmsock_machined_provider_iface_init))

typedef struct
{
  GDBusConnection *bus;
  VmsockVmListing *listing;
  guint pending;
  GError *error;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_object (&listing->bus);
  g_clear_object (&listing->listing);
  g_clear_error (&listing->error);
  g_free (listing);
}

static void
finish_if_done (GTask *task)
{
  Listing *listing = g_task_get_task_data (task);

  if (--listing->pending > 0)
    return;
  if (listing->error != NULL)
    g_task_return_error (task, g_steal_pointer (&listing->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&listing->listing), g_object_unref);
}

static void
on_machine_properties (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(VmsockVm) vm = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* A machine that went away between the two calls is no error. */
      if (!g_dbus_error_is_remote_error (error) && listing->error == NULL)
        listing->error = g_steal_pointer (&error);
      finish_if_done (task);
      return;
    }

  g_variant_get (reply, "(@a{sv})", &properties);
  if (!vmsock_machined_machine_read (properties, &vm, &error))
    {
      if (listing->error == NULL)
        listing->error = g_steal_pointer (&error);
    }
  else if (vm != NULL)
    vmsock_vm_listing_add_vm (listing->listing, vm);

  finish_if_done (task);
}

static void
on_machines_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) machines = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
          g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                                 _("systemd-machined is not running"));
      else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                                 _("systemd-machined answered ListMachines with something other "
                                   "than a list of machines: %s"), error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* One for the listing itself, released below. */
  listing->pending = 1;
  g_variant_get (reply, "(a(ssso))", &machines);
  while (g_variant_iter_next (machines, "(&s&s&s&o)", NULL, NULL, NULL, &path))
    {
      listing->pending++;
      g_dbus_connection_call (listing->bus, MACHINED_NAME, path, "org.freedesktop.DBus.Properties",
                              "GetAll", g_variant_new ("(s)", MACHINE_INTERFACE),
                              G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                              g_task_get_cancellable (task), on_machine_properties,
                              g_object_ref (task));
    }
  finish_if_done (task);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Listing *listing = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  listing->bus = g_bus_get_finish (result, &error);
  if (listing->bus == NULL)
    {
      g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                               _("No system bus to ask systemd-machined on: %s"), error->message);
      return;
    }

  g_dbus_connection_call (listing->bus, MACHINED_NAME, MACHINED_PATH, MANAGER_INTERFACE,
                          "ListMachines", NULL, G_VARIANT_TYPE ("(a(ssso))"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, cancellable,
                          on_machines_listed, g_steal_pointer (&task));
}

static const char *
vmsock_machined_provider_get_name (VmsockVmProvider *provider)
{
  return VMSOCK_MACHINED_PROVIDER_NAME;
}

static void
vmsock_machined_provider_list_vms_async (VmsockVmProvider    *provider,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Listing *listing = g_new0 (Listing, 1);

  g_task_set_source_tag (task, vmsock_machined_provider_list_vms_async);
  listing->listing = vmsock_vm_listing_new ();
  g_task_set_task_data (task, listing, (GDestroyNotify) listing_free);
  g_bus_get (G_BUS_TYPE_SYSTEM, cancellable, on_bus, task);
}

static void
on_machines_changed (GDBusConnection *bus,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         data)
{
  g_signal_emit_by_name (data, "vms-changed");
}

/* What the first watch starts; the others only count. */
static gboolean
start_watching (VmsockVmProvider  *provider,
                GError           **error)
{
  VmsockMachinedProvider *self = VMSOCK_MACHINED_PROVIDER (provider);
  g_autoptr(GError) bus_error = NULL;

  self->bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &bus_error);
  if (self->bus == NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                   _("No system bus to ask systemd-machined on: %s"), bus_error->message);
      return FALSE;
    }

  /* Subscribed in the caller's thread-default context, which is where the
   * signals come and vms-changed is emitted. */
  self->manager_subscription =
    g_dbus_connection_signal_subscribe (self->bus, MACHINED_NAME, MANAGER_INTERFACE, NULL,
                                        MACHINED_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_machines_changed, self, NULL);
  /* machined that starts, or stops, changes what there is to list. */
  self->owner_subscription =
    g_dbus_connection_signal_subscribe (self->bus, "org.freedesktop.DBus", "org.freedesktop.DBus",
                                        "NameOwnerChanged", "/org/freedesktop/DBus", MACHINED_NAME,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_machines_changed, self, NULL);
  return TRUE;
}

static gboolean
vmsock_machined_provider_watch (VmsockVmProvider  *provider,
                                GError           **error)
{
  VmsockMachinedProvider *self = VMSOCK_MACHINED_PROVIDER (provider);

  return vmsock_plugin_watch_counted (provider, &self->watches, start_watching, error);
}

static void
stop_watching (VmsockVmProvider *provider)
{
  VmsockMachinedProvider *self = VMSOCK_MACHINED_PROVIDER (provider);

  g_dbus_connection_signal_unsubscribe (self->bus, self->manager_subscription);
  g_dbus_connection_signal_unsubscribe (self->bus, self->owner_subscription);
  self->manager_subscription = self->owner_subscription = 0;
  g_clear_object (&self->bus);
}

static void
vmsock_machined_provider_unwatch (VmsockVmProvider *provider)
{
  VmsockMachinedProvider *self = VMSOCK_MACHINED_PROVIDER (provider);

  vmsock_plugin_unwatch_counted (provider, &self->watches, stop_watching);
}

static void
vmsock_machined_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = vmsock_machined_provider_get_name;
  iface->list_vms_async = vmsock_machined_provider_list_vms_async;
  iface->list_vms_finish = vmsock_plugin_list_vms_finish;
  iface->watch = vmsock_machined_provider_watch;
  iface->unwatch = vmsock_machined_provider_unwatch;
}

static void
vmsock_machined_provider_finalize (GObject *object)
{
  VmsockMachinedProvider *self = VMSOCK_MACHINED_PROVIDER (object);

  /* A provider dropped while watched lets go of its subscriptions. */
  if (self->watches > 0)
    stop_watching (VMSOCK_VM_PROVIDER (self));

  G_OBJECT_CLASS (vmsock_machined_provider_parent_class)->finalize (object);
}

static void
vmsock_machined_provider_class_init (VmsockMachinedProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vmsock_machined_provider_finalize;
}

static void
vmsock_machined_provider_class_finalize (VmsockMachinedProviderClass *klass)
{
}

static void
vmsock_machined_provider_init (VmsockMachinedProvider *self)
{
}

void
vmsock_machined_provider_register (GIOModule *module)
{
  vmsock_machined_provider_register_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  VMSOCK_TYPE_MACHINED_PROVIDER, VMSOCK_MACHINED_PROVIDER_NAME, 10);
}
