/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Loading provider plugins from VMSOCK_PLUGIN_PATH: real plugins, a module
 * that is not a plugin, a file that is not a module, and a duplicate.  Each
 * case runs in a subprocess, as plugins load once per process.
 */

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include <gmodule.h>

#include <libvmsock-glib/vmsock.h>

static void
copy_module (const char *module,
             const char *directory,
             const char *as)
{
  g_autofree char *source = g_test_build_filename (G_TEST_BUILT, "modules", module, NULL);
  g_autofree char *target = g_build_filename (directory, as != NULL ? as : module, NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (target, contents, length, &error));
  g_assert_no_error (error);
}

/* Two folders: the first with both plugins and two broken files, the second
 * with a different module under the name of one already loaded. */
static char *
make_plugin_path (char **first_out,
                  char **second_out)
{
  g_autofree char *first = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *second = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (first, "libvmsock-junk." G_MODULE_SUFFIX, NULL);

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  copy_module ("libvmsock-test-a." G_MODULE_SUFFIX, first, NULL);
  copy_module ("libvmsock-test-b." G_MODULE_SUFFIX, first, NULL);
  copy_module ("libvmsock-test-noentry." G_MODULE_SUFFIX, first, NULL);
  g_assert_true (g_file_set_contents (junk, "this is not a shared object\n", -1, NULL));
  copy_module ("libvmsock-test-noentry." G_MODULE_SUFFIX, second, "libvmsock-test-a." G_MODULE_SUFFIX);

  *first_out = g_strdup (first);
  *second_out = g_strdup (second);
  return g_strjoin (G_SEARCHPATH_SEPARATOR_S, first, second, NULL);
}

static void
remove_tree (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_unlink (path);
    }
  g_rmdir (directory);
}

static void
test_load (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(VmsockVmListing) listing = NULL;
      g_auto(GStrv) failed = NULL;
      GPtrArray *providers = vmsock_discovery_get_providers (discovery);
      const GError *error;

      /* Both plugins, the higher priority first. */
      g_assert_cmpuint (providers->len, ==, 2);
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 0)), ==, "test-b");
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 1)), ==, "test-a");

      /* The broken files are reported by name; the duplicate is skipped. */
      failed = vmsock_discovery_get_failed_plugins (discovery);
      g_assert_cmpstrv (failed, ((const char *[]) { "vmsock_junk", "vmsock_test_noentry", NULL }));
      error = vmsock_discovery_get_plugin_error (discovery, "vmsock_junk");
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "not a loadable module"));
      error = vmsock_discovery_get_plugin_error (discovery, "vmsock_test_noentry");
      g_assert_nonnull (strstr (error->message, "g_io_vmsock_test_noentry_load"));
      g_assert_null (vmsock_discovery_get_plugin_error (discovery, "vmsock_test_a"));

      /* And the loaded ones work. */
      listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 2);
      g_assert_cmpstr (vmsock_vm_get_id (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0)),
                       ==, "vm-of-test-a");
      return;
    }

  path = make_plugin_path (&first, &second);
  g_setenv ("VMSOCK_PLUGIN_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_test_trap_assert_passed ();
  remove_tree (first);
  remove_tree (second);
}

/* A plugin that crashes when asked costs its own VMs, not the process's. */
static void
test_crash_is_isolated (void)
{
  g_autofree char *folder = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(VmsockVmListing) listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);
      const GError *error = vmsock_vm_listing_get_source_error (listing, "test-crash");

      g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 2);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
      g_assert_cmpstr (vmsock_vm_get_id (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0)),
                       ==, "vm-of-test-a");
      g_assert_cmpstrv (failed, ((const char *[]) { "test-crash", NULL }));
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
#ifdef G_OS_WIN32
      /* STATUS_ACCESS_VIOLATION */
      g_assert_cmpstr (error->message, ==, "The test-crash provider crashed with exception 0xC0000005");
#else
      g_assert_nonnull (strstr (error->message, "The test-crash provider crashed: "));
      g_assert_nonnull (strstr (error->message, g_strsignal (SIGSEGV)));
#endif

      /* And again: the plugin stays loaded, and each query runs afresh. */
      g_clear_object (&listing);
      listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
      return;
    }

  folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  copy_module ("libvmsock-test-a." G_MODULE_SUFFIX, folder, NULL);
  copy_module ("libvmsock-test-crash." G_MODULE_SUFFIX, folder, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_test_trap_assert_passed ();
  remove_tree (folder);
}

/* A plugin host that cannot start, fails or talks nonsense costs only the
 * provider it ran for, with an error that says so. */
static void
test_host_failures (void)
{
  const struct {
    const char *host;
    const char *message;
  } cases[] = {
    { "/nonexistent/vmsock-plugin-host", "Could not start the plugin host /nonexistent/vmsock-plugin-host: " },
    { "/bin/false", "The test-a provider failed with exit status 1" },
    { "/bin/echo", "The plugin host sent a malformed listing: " },
  };
  g_autofree char *folder = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(VmsockVmListing) listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      const GError *error = vmsock_vm_listing_get_source_error (listing, "test-a");
      const char *expected = g_getenv ("EXPECTED_MESSAGE");
      int code = g_str_has_prefix (expected, "The plugin host") ? VMSOCK_ERROR_INVALID_DATA
                                                                : VMSOCK_ERROR_FAILED;

      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
      g_assert_error (error, VMSOCK_ERROR, code);
      g_assert_true (g_str_has_prefix (error->message, expected));
      return;
    }

  folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  copy_module ("libvmsock-test-a." G_MODULE_SUFFIX, folder, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *saved_host = g_strdup (g_getenv ("VMSOCK_PLUGIN_HOST"));

      g_setenv ("VMSOCK_PLUGIN_HOST", cases[i].host, TRUE);
      g_setenv ("EXPECTED_MESSAGE", cases[i].message, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_setenv ("VMSOCK_PLUGIN_HOST", saved_host, TRUE);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("EXPECTED_MESSAGE");
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  remove_tree (folder);
}

/* The plugin host refuses requests the library never makes, and says why;
 * the one it does make gets the listing. */
static void
test_host_requests (void)
{
  g_autofree char *folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *plugin = g_build_filename (folder, "libvmsock-test-a." G_MODULE_SUFFIX, NULL);
  const struct {
    const char *arguments[4];
    int status;
    const char *output;
  } cases[] = {
    { { NULL }, 2, "Usage: " },
    { { "/nonexistent/libvmsock-x.so", "test-a", NULL }, 1, "/nonexistent/libvmsock-x.so" },
    { { plugin, "test-b", NULL }, 1, "has no provider called test-b" },
    { { plugin, "test-a", "colour='red'", NULL }, 1, "“colour='red'” is not PROPERTY=VALUE" },
    { { plugin, "test-a", NULL }, 0, "\"vm-of-test-a\"" },
  };

  copy_module ("libvmsock-test-a." G_MODULE_SUFFIX, folder, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) host = NULL;
      g_autofree char *output = NULL;
      g_autofree char *errors = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (argv, (char *) g_getenv ("VMSOCK_PLUGIN_HOST"));
      for (const char * const *argument = cases[i].arguments; *argument != NULL; argument++)
        g_ptr_array_add (argv, (char *) *argument);
      g_ptr_array_add (argv, NULL);

      host = g_subprocess_newv ((const char * const *) argv->pdata,
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (host, NULL, NULL, &output, &errors, &error);
      g_assert_no_error (error);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s%s", i, output, errors);
      g_assert_cmpint (g_subprocess_get_exit_status (host), ==, cases[i].status);
      g_assert_nonnull (strstr (cases[i].status == 0 ? output : errors, cases[i].output));
    }
  remove_tree (folder);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plugins/load", test_load);
  g_test_add_func ("/plugins/crash-is-isolated", test_crash_is_isolated);
  g_test_add_func ("/plugins/host-failures", test_host_failures);
  g_test_add_func ("/plugins/host-requests", test_host_requests);

  return g_test_run ();
}
