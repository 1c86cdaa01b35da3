/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A provider plugin for the tests, built once per name: PLUGIN_NAME is its
 * provider name, PLUGIN_ENTRY the prefix of its entry points (from its file
 * name) and PLUGIN_ENTRY_NAME the same as a string, PLUGIN_PRIORITY its
 * extension priority.  With PLUGIN_CRASHES, asking it for VMs crashes the
 * process, as a buggy plugin would.
 */

#include <signal.h>

#include <gio/gio.h>
#ifdef G_OS_WIN32
#include <windows.h>
#endif
#include <libvmsock-glib/vmsock.h>

#define ENTRY_POINT(suffix) G_PASTE (PLUGIN_ENTRY, suffix)

/* Registered at load time under a name of its own for each plugin build. */
static GType test_plugin_provider_type;

static const char *
test_plugin_provider_get_name (VmsockVmProvider *provider)
{
  return PLUGIN_NAME;
}

#if defined (PLUGIN_CRASHES) && defined (G_OS_WIN32)
static LONG WINAPI
end_process (EXCEPTION_POINTERS *exception)
{
  return EXCEPTION_EXECUTE_HANDLER;
}
#endif

static void
test_plugin_provider_list_vms_async (VmsockVmProvider    *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  VmsockVmListing *listing = vmsock_vm_listing_new ();
  g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, "vm-of-" PLUGIN_NAME, NULL,
                                          VMSOCK_VM_STATE_RUNNING, PLUGIN_PRIORITY, NULL, NULL);

#ifdef PLUGIN_CRASHES
#ifdef G_OS_WIN32
  /* An access violation, which ends the process at once: no crash dialog,
   * no debugger. */
  SetUnhandledExceptionFilter (end_process);
  RaiseException (EXCEPTION_ACCESS_VIOLATION, EXCEPTION_NONCONTINUABLE, 0, NULL);
#else
  raise (SIGSEGV);
#endif
#endif

  vmsock_vm_listing_add_vm (listing, vm);
  g_task_return_pointer (task, listing, g_object_unref);
}

static VmsockVmListing *
test_plugin_provider_list_vms_finish (VmsockVmProvider  *provider,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_plugin_provider_iface_init (gpointer g_iface,
                                 gpointer iface_data)
{
  VmsockVmProviderInterface *iface = g_iface;

  iface->get_name = test_plugin_provider_get_name;
  iface->list_vms_async = test_plugin_provider_list_vms_async;
  iface->list_vms_finish = test_plugin_provider_list_vms_finish;
}

static void
register_provider_type (GTypeModule *module)
{
  const GTypeInfo info = {
    .class_size = sizeof (GObjectClass),
    .instance_size = sizeof (GObject),
  };
  const GInterfaceInfo provider_info = {
    .interface_init = test_plugin_provider_iface_init,
  };

  test_plugin_provider_type = g_type_module_register_type (module, G_TYPE_OBJECT,
                                                           "TestPluginProvider_" PLUGIN_ENTRY_NAME,
                                                           &info, G_TYPE_FLAG_FINAL);
  g_type_module_add_interface (module, test_plugin_provider_type, VMSOCK_TYPE_VM_PROVIDER,
                               &provider_info);
}

G_MODULE_EXPORT void ENTRY_POINT (_load) (GIOModule *module);
G_MODULE_EXPORT void ENTRY_POINT (_unload) (GIOModule *module);
G_MODULE_EXPORT char **ENTRY_POINT (_query) (void);

G_MODULE_EXPORT void
ENTRY_POINT (_load) (GIOModule *module)
{
  register_provider_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  test_plugin_provider_type, PLUGIN_NAME, PLUGIN_PRIORITY);
}

G_MODULE_EXPORT void
ENTRY_POINT (_unload) (GIOModule *module)
{
}

G_MODULE_EXPORT char **
ENTRY_POINT (_query) (void)
{
  const char *extension_points[] = { VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME, NULL };

  return g_strdupv ((char **) extension_points);
}
