/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A provider plugin for the tests, built once per name: PLUGIN_NAME is its
 * provider name, PLUGIN_MODULE the module's name (from its file name, as
 * VMSOCK_DEFINE_PLUGIN() takes it), PLUGIN_PRIORITY its extension priority.
 * Asked for VMs, it lists one, or as one of these defines says:
 *
 * - PLUGIN_CRASHES: crashes the process, as a buggy plugin would;
 * - PLUGIN_FAILS: fails with a G_IO_ERROR_PERMISSION_DENIED whose message
 *   holds a control character;
 * - PLUGIN_UNAVAILABLE: fails with a VMSOCK_ERROR_PROVIDER_UNAVAILABLE;
 * - PLUGIN_FAILS_NOISILY: prints control characters, bytes that are not
 *   UTF-8 and a mebibyte more on standard error, and exits with status 3;
 * - PLUGIN_LISTS_EVERYTHING: lists a VM with every property set, and two
 *   sources that could not be asked, one failing in the plugin's own error
 *   domain;
 * - PLUGIN_VMS: lists that many VMs;
 * - PLUGIN_CLAIMS_ANOTHER_PROVIDER: lists a VM of the provider test-a;
 * - PLUGIN_LOGS: logs at every level below warnings, then lists one;
 * - PLUGIN_PRINTS: prints 200,000 "[" on standard output, then lists one;
 * - PLUGIN_ANSWERS_NOTHING: ends the process with status 0 instead;
 * - PLUGIN_WATCHES: can be watched, and while it is, reports a change
 *   every 100 ms.
 *
 * What a plugin could make the plugin host send (it runs in the host's
 * process) modes of rogue-host.c send.
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#ifdef G_OS_WIN32
#include <windows.h>
#endif
#include <libvmsock-glib/vmsock.h>

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

/* 200,000 "[" on standard output, as a careless plugin would print. */
G_GNUC_UNUSED static void
print_brackets (void)
{
  g_autofree char *brackets = g_strnfill (200000, '[');

  fwrite (brackets, 1, 200000, stdout);
  fflush (stdout);
}

G_GNUC_UNUSED G_NORETURN static void
fail_noisily (void)
{
  static char block[65536];

  memset (block, 'x', sizeof block);
  fputs ("bad \x01 byte \xff\n", stderr);
  for (int i = 0; i < 16; i++)
    fwrite (block, 1, sizeof block, stderr);
  fflush (stderr);
  _Exit (3);
}

G_GNUC_UNUSED static void
add_everything (VmsockVmListing *listing)
{
  g_autoptr(VmsockGuid) vm_id = vmsock_guid_new_from_string ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", NULL);
  g_autoptr(GVariant) extras = g_variant_ref_sink (g_variant_new_parsed (
    "{'uri': <'test:///default'>, 'cpus': <uint32 4>, 'tags': <['a', 'b']>, 'nested': <{'depth': <<1>>}>}"));
  g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, "full-1", "Full “One”", VMSOCK_VM_STATE_PAUSED,
                                          42, vm_id, extras);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 "The remote did not answer");
  GQuark own_domain = g_quark_from_static_string ("vmsock-test-plugin-error-quark");
  g_autoptr(GError) own_error = g_error_new_literal (own_domain, 7, "The plugin's own error");

  vmsock_vm_listing_add_vm (listing, vm);
  vmsock_vm_listing_add_error (listing, PLUGIN_NAME "/remote", error);
  vmsock_vm_listing_add_error (listing, PLUGIN_NAME "/own", own_error);
}

static void
test_plugin_provider_list_vms_async (VmsockVmProvider    *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  VmsockVmListing *listing = vmsock_vm_listing_new ();

#if defined (PLUGIN_CRASHES)
#ifdef G_OS_WIN32
  /* An access violation, which ends the process at once: no crash dialog,
   * no debugger. */
  SetUnhandledExceptionFilter (end_process);
  RaiseException (EXCEPTION_ACCESS_VIOLATION, EXCEPTION_NONCONTINUABLE, 0, NULL);
#else
  /* Whatever handler the process has: AddressSanitizer's would report and
   * exit with 1 instead. */
  signal (SIGSEGV, SIG_DFL);
  raise (SIGSEGV);
#endif
#elif defined (PLUGIN_FAILS)
  g_object_unref (listing);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "No access to %s:\tlocked", PLUGIN_NAME);
  return;
#elif defined (PLUGIN_UNAVAILABLE)
  g_object_unref (listing);
  g_task_return_new_error (task, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                           "%s needs a hypervisor this machine lacks", PLUGIN_NAME);
  return;
#elif defined (PLUGIN_FAILS_NOISILY)
  fail_noisily ();
#elif defined (PLUGIN_ANSWERS_NOTHING)
  _Exit (0);
#elif defined (PLUGIN_PRINTS)
  print_brackets ();
  {
    g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, "vm-of-" PLUGIN_NAME, NULL, VMSOCK_VM_STATE_RUNNING,
                                            VMSOCK_VSOCK_CID_ANY, NULL, NULL);

    vmsock_vm_listing_add_vm (listing, vm);
  }
#elif defined (PLUGIN_LOGS)
  g_message ("A message of %s", PLUGIN_NAME);
  g_info ("Information from %s", PLUGIN_NAME);
  g_debug ("Debugging %s", PLUGIN_NAME);
  {
    g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, "vm-of-" PLUGIN_NAME, NULL, VMSOCK_VM_STATE_RUNNING,
                                            VMSOCK_VSOCK_CID_ANY, NULL, NULL);

    vmsock_vm_listing_add_vm (listing, vm);
  }
#elif defined (PLUGIN_CLAIMS_ANOTHER_PROVIDER)
  {
    g_autoptr(VmsockVm) vm = vmsock_vm_new ("test-a", "vm-of-test-a", NULL, VMSOCK_VM_STATE_RUNNING,
                                            VMSOCK_VSOCK_CID_ANY, NULL, NULL);

    vmsock_vm_listing_add_vm (listing, vm);
  }
#elif defined (PLUGIN_LISTS_EVERYTHING)
  add_everything (listing);
#elif defined (PLUGIN_VMS)
  for (guint i = 0; i < PLUGIN_VMS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, id, NULL, VMSOCK_VM_STATE_RUNNING,
                                              VMSOCK_VSOCK_CID_ANY, NULL, NULL);

      vmsock_vm_listing_add_vm (listing, vm);
    }
#else
  {
    g_autoptr(VmsockVm) vm = vmsock_vm_new (PLUGIN_NAME, "vm-of-" PLUGIN_NAME, NULL,
                                            VMSOCK_VM_STATE_RUNNING, PLUGIN_PRIORITY, NULL, NULL);

    vmsock_vm_listing_add_vm (listing, vm);
  }
#endif

  g_task_return_pointer (task, listing, g_object_unref);
}

static VmsockVmListing *
test_plugin_provider_list_vms_finish (VmsockVmProvider  *provider,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

#ifdef PLUGIN_WATCHES
/* While watched: how often, and what reports the changes. */
static guint watches;
static GSource *changes;

static gboolean
report_change (gpointer provider)
{
  g_signal_emit_by_name (provider, "vms-changed");
  return G_SOURCE_CONTINUE;
}

static gboolean
test_plugin_provider_watch (VmsockVmProvider  *provider,
                            GError           **error)
{
  if (watches++ == 0)
    {
      changes = g_timeout_source_new (100);
      g_source_set_callback (changes, report_change, provider, NULL);
      g_source_attach (changes, g_main_context_get_thread_default ());
    }
  return TRUE;
}

static void
test_plugin_provider_unwatch (VmsockVmProvider *provider)
{
  if (--watches == 0)
    {
      g_source_destroy (changes);
      g_clear_pointer (&changes, g_source_unref);
    }
}
#endif

static void
test_plugin_provider_iface_init (gpointer g_iface,
                                 gpointer iface_data)
{
  VmsockVmProviderInterface *iface = g_iface;

  iface->get_name = test_plugin_provider_get_name;
  iface->list_vms_async = test_plugin_provider_list_vms_async;
  iface->list_vms_finish = test_plugin_provider_list_vms_finish;
#ifdef PLUGIN_WATCHES
  iface->watch = test_plugin_provider_watch;
  iface->unwatch = test_plugin_provider_unwatch;
#endif
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
                                                           "TestPluginProvider_" G_STRINGIFY (PLUGIN_MODULE),
                                                           &info, G_TYPE_FLAG_FINAL);
  g_type_module_add_interface (module, test_plugin_provider_type, VMSOCK_TYPE_VM_PROVIDER,
                               &provider_info);
}

static void
load_test_plugin (GIOModule *module)
{
  register_provider_type (G_TYPE_MODULE (module));
  g_io_extension_point_implement (VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME,
                                  test_plugin_provider_type, PLUGIN_NAME, PLUGIN_PRIORITY);
}

VMSOCK_DEFINE_PLUGIN (PLUGIN_MODULE, load_test_plugin)
