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
 * - PLUGIN_FAILS_NOISILY: prints control characters, bytes that are not
 *   UTF-8 and a mebibyte more on standard error, and exits with status 3;
 * - PLUGIN_LISTS_EVERYTHING: lists a VM with every property set, and two
 *   sources that could not be asked, one failing in the plugin's own error
 *   domain;
 * - PLUGIN_VMS: lists that many VMs;
 * - PLUGIN_CLAIMS_ANOTHER_PROVIDER: lists a VM of the provider test-a;
 * - PLUGIN_LOGS: logs at every level below warnings, then lists one;
 * - PLUGIN_ANSWERS_GARBAGE, _DEEP, _NOTHING, _ENDLESSLY, _WRONG_TYPE,
 *   _ODD_STATE, _BAD_VM_ID, _LONG_NAME: writes the plugin host's answer
 *   itself, as a plugin printing on standard output would, and ends the
 *   process.
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

/* Writes @size bytes at @data as the host's whole answer, and exits as the
 * host does when it answered. */
G_GNUC_UNUSED G_NORETURN static void
exit_with_answer (const void *data,
                  gsize       size)
{
  fwrite (data, 1, size, stdout);
  fflush (stdout);
  _Exit (0);
}

/* The same, for a GVariant in text form. */
G_GNUC_UNUSED G_NORETURN static void
exit_with_answer_text (const char *text)
{
  g_autoptr(GVariant) parsed = g_variant_parse (NULL, text, NULL, NULL, NULL);
  g_autoptr(GVariant) answer = g_variant_get_normal_form (parsed);

  exit_with_answer (g_variant_get_data (answer), g_variant_get_size (answer));
}

/* An answer of the right type, with a VM's name longer than the caller takes. */
G_GNUC_UNUSED G_NORETURN static void
exit_with_long_name (void)
{
  g_autofree char *name = g_strnfill (5000, 'n');
  g_autoptr(GVariant) answer =
    g_variant_ref_sink (g_variant_new_parsed ("<([(%s, 'vm-1', %s, 'running', uint32 4294967295, '', @a{sv} {})], "
                                              "@a{s(sus)} {})>", PLUGIN_NAME, name));
  g_autoptr(GVariant) normal = g_variant_get_normal_form (answer);

  exit_with_answer (g_variant_get_data (normal), g_variant_get_size (normal));
}

/* 200,000 "[": deep nesting for a parser that recurses. */
G_GNUC_UNUSED G_NORETURN static void
exit_with_brackets (void)
{
  g_autofree char *brackets = g_strnfill (200000, '[');

  exit_with_answer (brackets, 200000);
}

/* A "v" holding a "v" holding … 200,000 deep, around an int32: well formed,
 * but deeper than GVariant allows. */
G_GNUC_UNUSED G_NORETURN static void
exit_with_deep_variant (void)
{
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  const guint32 one = 1;

  g_byte_array_append (answer, (const guint8 *) &one, sizeof one);
  g_byte_array_append (answer, (const guint8 *) "\0i", 2);
  for (int i = 0; i < 200000; i++)
    g_byte_array_append (answer, (const guint8 *) "\0v", 2);
  exit_with_answer (answer->data, answer->len);
}

/* Writes without end; the caller must stop that. */
G_GNUC_UNUSED G_NORETURN static void
answer_endlessly (void)
{
  static char block[65536];

  memset (block, '[', sizeof block);
  while (fwrite (block, 1, sizeof block, stdout) == sizeof block)
    ;
  _Exit (1);
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
#elif defined (PLUGIN_FAILS_NOISILY)
  fail_noisily ();
#elif defined (PLUGIN_ANSWERS_GARBAGE)
  exit_with_brackets ();
#elif defined (PLUGIN_ANSWERS_DEEP)
  exit_with_deep_variant ();
#elif defined (PLUGIN_ANSWERS_NOTHING)
  exit_with_answer ("", 0);
#elif defined (PLUGIN_ANSWERS_ENDLESSLY)
  answer_endlessly ();
#elif defined (PLUGIN_ANSWERS_WRONG_TYPE)
  exit_with_answer_text ("<'not a listing'>");
#elif defined (PLUGIN_ANSWERS_ODD_STATE)
  exit_with_answer_text ("<([('" PLUGIN_NAME "', 'vm-1', 'Odd', 'hibernating', uint32 7, '', @a{sv} {})], "
                         "@a{s(sus)} {})>");
#elif defined (PLUGIN_ANSWERS_BAD_VM_ID)
  exit_with_answer_text ("<([('" PLUGIN_NAME "', 'vm-1', 'Bad', 'running', uint32 4294967295, 'not-a-guid', "
                         "@a{sv} {})], @a{s(sus)} {})>");
#elif defined (PLUGIN_ANSWERS_LONG_NAME)
  exit_with_long_name ();
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
