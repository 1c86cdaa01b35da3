/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Finding provider plugins in VMSOCK_PLUGIN_PATH from their metadata alone:
 * real plugins, metadata that is not usable, a module that is not a plugin,
 * a provider offered twice, and plugins other users could have written; and
 * asking them through the plugin host, whose answers must cross whole, and
 * whose wrong, huge or missing answers must be refused.  Each case runs in
 * a subprocess, as plugins load once per process.
 */

/* The documented type of the listing whose bytes the plugin host answers
 * to ListVms. */
#define LISTING_TYPE "(a(ssssusa{sv})a{s(sus)})"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <gmodule.h>

#ifdef G_OS_WIN32
#include <windows.h>
#define HOST_EXE_SUFFIX ".exe"
#else
#define HOST_EXE_SUFFIX ""
#endif

#include <libvmsock-glib/vmsock.h>

#include "test-limits.h"

static void
copy_file (const char *source,
           const char *target)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (target, contents, length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
}

/* Copies the test plugin @name, its metadata NAME.plugin and the module that
 * names, into @directory; as @as.plugin when @as is not NULL. */
static void
copy_plugin (const char *name,
             const char *directory,
             const char *as)
{
  g_autofree char *metadata = g_strconcat (name, ".plugin", NULL);
  g_autofree char *target_metadata = g_strconcat (as != NULL ? as : name, ".plugin", NULL);
  g_autofree char *module = g_strconcat ("libvmsock-", name, "." G_MODULE_SUFFIX, NULL);
  g_autofree char *source = g_test_build_filename (G_TEST_BUILT, "modules", metadata, NULL);
  g_autofree char *target = g_build_filename (directory, target_metadata, NULL);
  g_autofree char *module_source = g_test_build_filename (G_TEST_BUILT, "modules", module, NULL);
  g_autofree char *module_target = g_build_filename (directory, module, NULL);

  copy_file (source, target);
  copy_file (module_source, module_target);
}

/* Writes @contents as the metadata file @name.plugin in @directory. */
static char *
write_metadata (const char *directory,
                const char *name,
                const char *contents)
{
  g_autofree char *file = g_strconcat (name, ".plugin", NULL);
  char *path = g_build_filename (directory, file, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  return path;
}

/* Whether this process has loaded a module called @name. */
static gboolean
module_is_loaded (const char *name)
{
#ifdef G_OS_WIN32
  g_autofree gunichar2 *wide_name = g_utf8_to_utf16 (name, -1, NULL, NULL, NULL);

  return GetModuleHandleW ((const wchar_t *) wide_name) != NULL;
#else
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, name) != NULL;
#endif
}

/* Two folders: the first with both plugins, one whose module has no
 * provider and metadata that is no key file, the second with another
 * plugin offering a provider the first folder has. */
static char *
make_plugin_path (char **first_out,
                  char **second_out)
{
  g_autofree char *first = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *second = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *junk = NULL;
  g_autofree char *impostor = NULL;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  copy_plugin ("test-a", first, NULL);
  copy_plugin ("test-b", first, NULL);
  copy_plugin ("test-noentry", first, NULL);
  junk = write_metadata (first, "junk", "this is not a key file\n");
  copy_plugin ("test-b", second, NULL);
  impostor = write_metadata (second, "impostor",
                             "[Plugin]\nModule=libvmsock-test-b." G_MODULE_SUFFIX "\n"
                             "Provider=test-a\nPlatforms=linux;wsl;windows;\n");

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

      /* The plugins, the higher priority first, from their metadata. */
      g_assert_cmpuint (providers->len, ==, 3);
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 0)), ==, "test-b");
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 1)), ==, "test-a");
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 2)), ==, "test-noentry");

      /* Unusable metadata and a provider offered twice are reported. */
      failed = vmsock_discovery_get_failed_plugins (discovery);
      g_assert_cmpstrv (failed, ((const char *[]) { "impostor", "junk", "test-b", NULL }));
      error = vmsock_discovery_get_plugin_error (discovery, "junk");
      g_assert_nonnull (strstr (error->message, "junk.plugin is not usable"));
      error = vmsock_discovery_get_plugin_error (discovery, "impostor");
      g_assert_nonnull (strstr (error->message, "offers the test-a provider, which"));
      error = vmsock_discovery_get_plugin_error (discovery, "test-b");
      g_assert_nonnull (strstr (error->message, "offers the test-b provider, which"));

      /* No module was loaded to learn that. */
      g_assert_false (module_is_loaded ("libvmsock-test-a." G_MODULE_SUFFIX));

      /* The plugins work; the module without a provider fails when asked. */
      listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 2);
      g_assert_cmpstr (vmsock_vm_get_id (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0)),
                       ==, "vm-of-test-a");
      error = vmsock_vm_listing_get_source_error (listing, "test-noentry");
      g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "g_io_vmsock_test_noentry_load"));
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

/* Plugins that other users could have written are refused, naming the
 * path: a folder anyone can write to, metadata its group can write, and a
 * module that belongs to another user. */
static void
test_untrusted_plugins (void)
{
  g_autofree char *trusted = NULL;
  g_autofree char *open = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *module = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      GPtrArray *providers = vmsock_discovery_get_providers (discovery);
      g_auto(GStrv) failed = vmsock_discovery_get_failed_plugins (discovery);
      const char *open_folder = g_getenv ("OPEN_FOLDER");
      const GError *error;

      g_assert_cmpuint (providers->len, ==, 1);
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 0)), ==, "test-b");
      g_assert_cmpuint (g_strv_length (failed), ==, g_getenv ("FOREIGN_MODULE") != NULL ? 3 : 2);

      error = vmsock_discovery_get_plugin_error (discovery, open_folder);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "is writable by other users (mode 0777)"));
      error = vmsock_discovery_get_plugin_error (discovery, "test-a");
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "test-a.plugin is writable by other users (mode 0664)"));
      if (g_getenv ("FOREIGN_MODULE") != NULL)
        {
          error = vmsock_discovery_get_plugin_error (discovery, "test-crash");
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
          g_assert_nonnull (strstr (error->message, "belongs to another user"));
        }
      return;
    }

#ifdef G_OS_WIN32
  g_test_skip ("Windows guards plugin folders with ACLs, not modes");
#else
  trusted = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  open = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  copy_plugin ("test-b", trusted, NULL);
  copy_plugin ("test-a", trusted, NULL);
  metadata = g_build_filename (trusted, "test-a.plugin", NULL);
  g_assert_cmpint (g_chmod (metadata, 0664), ==, 0);
  /* Only root can give a file away. */
  if (geteuid () == 0)
    {
      copy_plugin ("test-crash", trusted, NULL);
      module = g_build_filename (trusted, "libvmsock-test-crash." G_MODULE_SUFFIX, NULL);
      g_assert_cmpint (chown (module, 65534, 65534), ==, 0);
      g_setenv ("FOREIGN_MODULE", "1", TRUE);
    }
  copy_plugin ("test-refusing", open, NULL);
  g_assert_cmpint (g_chmod (open, 0777), ==, 0);

  path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, open, trusted, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", path, TRUE);
  g_setenv ("OPEN_FOLDER", open, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_unsetenv ("OPEN_FOLDER");
  g_unsetenv ("FOREIGN_MODULE");
  g_test_trap_assert_passed ();
  remove_tree (trusted);
  remove_tree (open);
#endif
}

/* A plugin for another platform is left out, saying why, unless asked for
 * by name; a name no plugin offers is an error listing those there are. */
static void
test_applicability (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *metadata = NULL;

  if (g_test_subprocess ())
    {
      const char *windows_only[] = { "test-b", NULL };
      const char *unknown[] = { "test-a", "nope", NULL };
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(VmsockDiscovery) by_name = NULL;
      g_autoptr(VmsockVmListing) listing = NULL;
      g_auto(GStrv) left_out = vmsock_discovery_get_inapplicable_providers (discovery);
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 1);
      g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (vmsock_discovery_get_providers (discovery), 0)),
                       ==, "test-a");
      g_assert_cmpstrv (left_out, ((const char *[]) { "test-b", NULL }));
      g_assert_cmpstr (vmsock_discovery_get_inapplicable_reason (discovery, "test-b"), ==,
                       "it works on windows, and this is linux");
      g_assert_null (vmsock_discovery_get_inapplicable_reason (discovery, "test-a"));

      by_name = vmsock_discovery_new_for_names (windows_only, &error);
      g_assert_no_error (error);
      listing = vmsock_discovery_list_vms (by_name, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
      g_assert_cmpstr (vmsock_vm_get_provider (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0)),
                       ==, "test-b");

      g_assert_null (vmsock_discovery_new_for_names (unknown, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, "No provider is called “nope” (there are: test-b, test-a)");
      return;
    }

  folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  copy_plugin ("test-a", folder, NULL);
  copy_plugin ("test-b", folder, NULL);
  metadata = write_metadata (folder, "test-b",
                             "[Plugin]\nModule=libvmsock-test-b." G_MODULE_SUFFIX "\n"
                             "Provider=test-b\nPlatforms=windows;\nPriority=20\n");
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  g_setenv ("VMSOCK_PLATFORM", "linux", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_PLATFORM");
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_test_trap_assert_passed ();
  remove_tree (folder);
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
  copy_plugin ("test-a", folder, NULL);
  copy_plugin ("test-crash", folder, NULL);
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
  g_autofree char *rogue_host = g_test_build_filename (G_TEST_BUILT, "modules", "rogue-host" HOST_EXE_SUFFIX, NULL);
  const struct {
    const char *host;
    const char *mode;
    const char *message;
  } cases[] = {
    { "/nonexistent/vmsock-plugin-host", "", "Could not start the plugin host /nonexistent/vmsock-plugin-host: " },
    { rogue_host, "fail", "The test-a provider failed with exit status 1" },
    /* No D-Bus at all. */
    { rogue_host, "echo", "The plugin host for the test-a provider exited without answering" },
  };
  g_autofree char *folder = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(VmsockVmListing) listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
      const GError *error = vmsock_vm_listing_get_source_error (listing, "test-a");
      const char *expected = g_getenv ("EXPECTED_MESSAGE");
      int code = g_str_has_prefix (expected, "The plugin host for") ? VMSOCK_ERROR_INVALID_DATA
                                                                    : VMSOCK_ERROR_FAILED;

      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
      g_assert_error (error, VMSOCK_ERROR, code);
      g_assert_true (g_str_has_prefix (error->message, expected));
      return;
    }

  folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  copy_plugin ("test-a", folder, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *saved_host = g_strdup (g_getenv ("VMSOCK_PLUGIN_HOST"));

      g_setenv ("VMSOCK_PLUGIN_HOST", cases[i].host, TRUE);
      g_setenv ("ROGUE_HOST", cases[i].mode, TRUE);
      g_setenv ("EXPECTED_MESSAGE", cases[i].message, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_setenv ("VMSOCK_PLUGIN_HOST", saved_host, TRUE);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("EXPECTED_MESSAGE");
  g_unsetenv ("ROGUE_HOST");
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  remove_tree (folder);
}

/* A plugin host started by hand, and a D-Bus client on its standard
 * streams, as the library is. */
typedef struct
{
  GSubprocess *process;
  GDBusConnection *connection;
} HostClient;

/* Starts the plugin host with @arguments and connects to it; the
 * connection is NULL when the host ended before it authenticated. */
static void
host_client_start (HostClient         *client,
                   const char * const *arguments)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("VMSOCK_PLUGIN_HOST"));
  for (const char * const *argument = arguments; *argument != NULL; argument++)
    g_ptr_array_add (argv, (char *) *argument);
  g_ptr_array_add (argv, NULL);

  client->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (client->process),
                                   g_subprocess_get_stdin_pipe (client->process));
  client->connection = g_dbus_connection_new_sync (stream, NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                                   NULL, NULL, &error);
  if (client->connection == NULL)
    g_test_message ("no connection: %s", error->message);
}

/* Calls @method of the host's interface, or of @interface_name. */
static GVariant *
host_client_call (HostClient  *client,
                  const char  *interface_name,
                  const char  *method,
                  GError     **error)
{
  return g_dbus_connection_call_sync (client->connection, NULL, "/org/libvmsock/PluginHost1",
                                      interface_name != NULL ? interface_name : "org.libvmsock.PluginHost1",
                                      method, NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, error);
}

/* Hangs up, as the library does: the host's standard input first (a
 * connection closed while a read waits on a pipe hangs under wine), then
 * the connection.  Returns what the host said on standard error, and its
 * exit status in @status. */
static char *
host_client_end (HostClient *client,
                 int        *status)
{
  g_autoptr(GByteArray) errors = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  if (client->connection != NULL)
    g_dbus_connection_flush_sync (client->connection, NULL, NULL);
  g_output_stream_close (g_subprocess_get_stdin_pipe (client->process), NULL, NULL);
  while ((n = g_input_stream_read (g_subprocess_get_stderr_pipe (client->process), buffer, sizeof buffer,
                                   NULL, &error)) > 0)
    g_byte_array_append (errors, buffer, n);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (client->process, NULL, &error));
  g_assert_no_error (error);
  if (client->connection != NULL)
    g_dbus_connection_close_sync (client->connection, NULL, NULL);
  *status = g_subprocess_get_exit_status (client->process);
  g_clear_object (&client->connection);
  g_clear_object (&client->process);
  g_byte_array_append (errors, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&errors), FALSE);
}

/* Checks that @reply is the plugin host's answer to ListVms for test-a:
 * the bytes of a listing in normal form, of its one VM and no failed
 * source. */
static void
assert_test_a_answer (GVariant *reply)
{
  g_autoptr(GVariant) bytes = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GVariant) listing = NULL;
  g_autoptr(GVariant) vm = NULL;
  g_autoptr(GVariant) errors = NULL;
  g_autoptr(GVariant) expected_vm = NULL;

  g_assert_cmpstr (g_variant_get_type_string (reply), ==, "(ay)");
  bytes = g_variant_get_child_value (reply, 0);
  data = g_variant_get_data_as_bytes (bytes);
  listing = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (LISTING_TYPE), data, FALSE));
  g_assert_true (g_variant_is_normal_form (listing));
  g_variant_get (listing, "(@a(ssssusa{sv})@a{s(sus)})", &vm, &errors);
  expected_vm = g_variant_ref_sink (g_variant_new_parsed (
    "[('test-a', 'vm-of-test-a', 'vm-of-test-a', 'running', uint32 10, '', @a{sv} {})]"));
  g_assert_cmpvariant (vm, expected_vm);
  g_assert_cmpuint (g_variant_n_children (errors), ==, 0);
}

/* The plugin host refuses requests the library never makes, and says why,
 * before it connects when it can; the one it does make gets the listing,
 * and --print prints it. */
static void
check_host_requests (void)
{
  g_autofree char *folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *plugin = g_build_filename (folder, "test-a.plugin", NULL);
  g_autofree char *mislabelled = NULL;
  const struct {
    const char *arguments[3];
    int status;
    gboolean connects;
    const char *errors;
  } cases[] = {
    { { NULL }, 2, FALSE, "Usage: " },
    { { "/nonexistent/x.plugin", NULL }, 1, FALSE, "/nonexistent/x.plugin" },
    { { mislabelled = write_metadata (folder, "mislabelled",
                                      "[Plugin]\nModule=libvmsock-test-a." G_MODULE_SUFFIX "\n"
                                      "Provider=test-b\nPlatforms=linux;wsl;windows;\n"), NULL },
      1, TRUE, "has no provider called test-b, which its metadata" },
    { { plugin, "colour='red'", NULL }, 1, TRUE, "“colour='red'” is not PROPERTY=VALUE" },
    { { plugin, NULL }, 0, TRUE, NULL },
  };
  const char *print_argv[] = { g_getenv ("VMSOCK_PLUGIN_HOST"), "--print", plugin, NULL };
  g_autoptr(GSubprocess) printer = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GError) error = NULL;

  copy_plugin ("test-a", folder, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HostClient client = { NULL };
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) call_error = NULL;
      g_autofree char *errors = NULL;
      int status;

      host_client_start (&client, cases[i].arguments);
      g_assert_true ((client.connection != NULL) == cases[i].connects);
      if (client.connection != NULL)
        reply = host_client_call (&client, NULL, "ListVms", &call_error);
      errors = host_client_end (&client, &status);
      g_test_message ("case %" G_GSIZE_FORMAT ": status %d; %s", i, status, errors);
      g_assert_cmpint (status, ==, cases[i].status);
      if (cases[i].status == 0)
        {
          g_assert_no_error (call_error);
          g_assert_cmpstr (errors, ==, "");
          assert_test_a_answer (reply);
        }
      else
        {
          g_assert_nonnull (strstr (errors, cases[i].errors));
          g_assert_null (reply);
        }
    }

  printer = g_subprocess_newv (print_argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (printer, NULL, NULL, &printed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (printer), ==, 0);
  g_assert_cmpstr (printed, ==,
                   "([('test-a', 'vm-of-test-a', 'vm-of-test-a', 'running', uint32 10, '', @a{sv} {})], "
                   "@a{s(sus)} {})\n");
  remove_tree (folder);
}

/* In a subprocess, so that the threads that running the host starts do not
 * outlive the test. */
static void
test_host_requests (void)
{
  if (g_test_subprocess ())
    {
      check_host_requests ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What the interface file describes, of @xml. */
static char *
interface_xml (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (xml, &error);
  GDBusInterfaceInfo *info;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  info = g_dbus_node_info_lookup_interface (node, "org.libvmsock.PluginHost1");
  g_assert_nonnull (info);
  g_dbus_interface_info_generate_xml (info, 0, text);
  return g_string_free (text, FALSE);
}

/* The host's interface can be introspected over its connection, as its
 * file in the source tree describes it. */
static void
check_introspection (void)
{
  g_autofree char *folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);
  g_autofree char *plugin = g_build_filename (folder, "test-a.plugin", NULL);
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "libvmsock-glib",
                                                 "org.libvmsock.PluginHost1.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *introspected = NULL;
  g_autofree char *errors = NULL;
  const char *arguments[] = { plugin, NULL };
  HostClient client = { NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *xml;
  int status;

  copy_plugin ("test-a", folder, NULL);
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_no_error (error);
  expected = interface_xml (contents);

  host_client_start (&client, arguments);
  g_assert_nonnull (client.connection);
  reply = host_client_call (&client, "org.freedesktop.DBus.Introspectable", "Introspect", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&s)", &xml);
  introspected = interface_xml (xml);
  g_assert_cmpstr (introspected, ==, expected);
  g_assert_nonnull (strstr (expected, "<method name=\"ListVms\">"));
  g_assert_nonnull (strstr (expected, "<signal name=\"VmsChanged\">"));

  errors = host_client_end (&client, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (errors, ==, "");
  remove_tree (folder);
}

static void
test_introspection (void)
{
  if (g_test_subprocess ())
    {
      check_introspection ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Runs the calling test again in a subprocess whose VMSOCK_PLUGIN_PATH holds
 * only the plugin of @provider, within @timeout_s seconds (scaled to the
 * build). */
static void
run_with_plugin (const char *provider,
                 guint       timeout_s)
{
  g_autofree char *folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);

  copy_plugin (provider, folder, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  g_setenv ("VMSOCK_TEST_PROVIDER", provider, TRUE);
  g_test_trap_subprocess (NULL, timeout_s * TEST_TIME_SCALE * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_TEST_PROVIDER");
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_test_trap_assert_passed ();
  remove_tree (folder);
}

/* Lists the VMs of the one plugin in VMSOCK_PLUGIN_PATH, through its host,
 * with no time limit: the test's own limit catches a hang, and a busy
 * machine does not turn a slow answer into a timeout. */
static VmsockVmListing *
list_vms (void)
{
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
  g_autoptr(GError) error = NULL;
  VmsockVmListing *listing;

  g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 1);
  vmsock_discovery_set_provider_timeout (discovery, 0);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

/* A plugin that logs, debug messages included, still answers: its log
 * goes to standard error. */
static void
test_host_logs (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VmsockVmListing) listing = list_vms ();
      g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

      g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
      return;
    }
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  run_with_plugin ("test-chatty", 60);
  g_unsetenv ("G_MESSAGES_DEBUG");
}

/* The same for the rogue host in @mode, standing in for the plugin host on
 * test-a: VMSOCK_TEST_PROVIDER names the mode. */
static void
run_with_rogue_host (const char *mode,
                     guint       timeout_s)
{
  g_autofree char *rogue_host = g_test_build_filename (G_TEST_BUILT, "modules", "rogue-host" HOST_EXE_SUFFIX, NULL);
  g_autofree char *saved_host = g_strdup (g_getenv ("VMSOCK_PLUGIN_HOST"));
  g_autofree char *folder = g_dir_make_tmp ("vmsock-plugins-XXXXXX", NULL);

  copy_plugin ("test-a", folder, NULL);
  g_setenv ("VMSOCK_PLUGIN_PATH", folder, TRUE);
  g_setenv ("VMSOCK_PLUGIN_HOST", rogue_host, TRUE);
  g_setenv ("ROGUE_HOST", mode, TRUE);
  g_setenv ("VMSOCK_TEST_PROVIDER", mode, TRUE);
  g_test_trap_subprocess (NULL, timeout_s * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VMSOCK_TEST_PROVIDER");
  g_unsetenv ("ROGUE_HOST");
  g_setenv ("VMSOCK_PLUGIN_HOST", saved_host, TRUE);
  g_unsetenv ("VMSOCK_PLUGIN_PATH");
  g_test_trap_assert_passed ();
  remove_tree (folder);
}

/* Every property of a VM, the failed sources of a listing and the domain,
 * code and message of a provider's error cross from the host unchanged,
 * but for a domain the library does not know, and what a plugin prints on
 * standard output does not mix with them. */
static void
test_host_round_trip (void)
{
  if (g_test_subprocess ())
    {
      const char *provider = g_getenv ("VMSOCK_TEST_PROVIDER");
      g_autoptr(VmsockVmListing) listing = list_vms ();
      GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
      g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

      if (g_str_equal (provider, "test-everything"))
        {
          VmsockVm *vm;
          VmsockGuid vm_id;
          guint32 cid;
          g_autoptr(GVariant) extras = g_variant_ref_sink (g_variant_new_parsed (
            "{'uri': <'test:///default'>, 'cpus': <uint32 4>, 'tags': <['a', 'b']>, "
            "'nested': <{'depth': <<1>>}>}"));

          g_assert_cmpuint (vms->len, ==, 1);
          vm = g_ptr_array_index (vms, 0);
          g_assert_cmpstr (vmsock_vm_get_provider (vm), ==, "test-everything");
          g_assert_cmpstr (vmsock_vm_get_id (vm), ==, "full-1");
          g_assert_cmpstr (vmsock_vm_get_name (vm), ==, "Full “One”");
          g_assert_cmpint (vmsock_vm_get_state (vm), ==, VMSOCK_VM_STATE_PAUSED);
          g_assert_true (vmsock_vm_get_cid (vm, &cid));
          g_assert_cmpuint (cid, ==, 42);
          g_assert_true (vmsock_guid_parse ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", &vm_id, NULL));
          g_assert_true (vmsock_guid_equal (vmsock_vm_get_vm_id (vm), &vm_id));
          g_assert_cmpvariant (vmsock_vm_get_extras (vm), extras);

          g_assert_cmpstrv (failed, ((const char *[]) {
                                      "test-everything/own", "test-everything/remote", NULL }));
          g_assert_error (vmsock_vm_listing_get_source_error (listing, "test-everything/remote"),
                          G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
          g_assert_cmpstr (vmsock_vm_listing_get_source_error (listing, "test-everything/remote")->message,
                           ==, "The remote did not answer");
          /* A domain this process does not know makes no quark in it. */
          g_assert_error (vmsock_vm_listing_get_source_error (listing, "test-everything/own"),
                          VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
          g_assert_cmpstr (vmsock_vm_listing_get_source_error (listing, "test-everything/own")->message,
                           ==, "The plugin's own error");
          g_assert_cmpuint (g_quark_try_string ("vmsock-test-plugin-error-quark"), ==, 0);
        }
      else if (g_str_equal (provider, "test-refusing") || g_str_equal (provider, "test-unavailable"))
        {
          /* A D-Bus error, back as the domain and code it was: GIO's and
           * the library's own. */
          const GError *error = vmsock_vm_listing_get_source_error (listing, provider);

          g_assert_cmpuint (vms->len, ==, 0);
          g_assert_cmpstrv (failed, ((const char *[]) { provider, NULL }));
          if (g_str_equal (provider, "test-refusing"))
            {
              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
              /* Its tab escaped, as another process's text in any message. */
              g_assert_cmpstr (error->message, ==, "No access to test-refusing:\\tlocked");
            }
          else
            {
              g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
              g_assert_cmpstr (error->message, ==, "test-unavailable needs a hypervisor this machine lacks");
            }
        }
      else if (g_str_equal (provider, "test-printing"))
        {
          g_assert_cmpuint (vms->len, ==, 1);
          g_assert_cmpstr (vmsock_vm_get_id (g_ptr_array_index (vms, 0)), ==, "vm-of-test-printing");
          g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
        }
      else
        {
          /* A state this library does not know reads as unknown. */
          VmsockVm *vm;
          guint32 cid;

          g_assert_cmpstr (provider, ==, "odd-state");
          g_assert_cmpuint (vms->len, ==, 1);
          vm = g_ptr_array_index (vms, 0);
          g_assert_cmpstr (vmsock_vm_get_name (vm), ==, "Odd");
          g_assert_cmpint (vmsock_vm_get_state (vm), ==, VMSOCK_VM_STATE_UNKNOWN);
          g_assert_true (vmsock_vm_get_cid (vm, &cid));
          g_assert_cmpuint (cid, ==, 7);
          g_assert_null (vmsock_vm_get_vm_id (vm));
          g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
        }
      return;
    }

  run_with_plugin ("test-everything", 60);
  run_with_plugin ("test-refusing", 60);
  run_with_plugin ("test-unavailable", 60);
  run_with_plugin ("test-printing", 60);
  run_with_rogue_host ("odd-state", 60);
}

/* The most heap a subprocess may add, the most it may grow to having read
 * a refused answer (a message is read up to 8 MiB), and how soon it
 * must have it. */
#define HEAP_LIMIT (256 * 1024 * 1024)
#define PEAK_LIMIT_KIB (64 * 1024)
#define ANSWER_TIME_LIMIT_S (20 * TEST_TIME_SCALE)

static void
assert_stayed_small (void)
{
#ifdef __linux__
  struct rusage usage;

  g_assert_no_errno (getrusage (RUSAGE_SELF, &usage));
  g_test_message ("peak resident size: %ld KiB", usage.ru_maxrss);
  g_assert_cmpint (usage.ru_maxrss, <, PEAK_LIMIT_KIB);
#endif
}

/* What a test plugin, or the rogue host in a mode (on test-a), answers, and
 * the start of the error that must come of it; NULL for the message of the
 * noisy plugin, which the test builds. */
static const struct {
  const char *provider;
  const char *rogue_mode;
  int code;
  const char *message;
} refused_answers[] = {
  { "test-crowd", NULL, VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-crowd provider sent a malformed listing: "
    "The listing holds 100001 VMs, more than 100000" },
  { "test-liar", NULL, VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-liar provider answered VMs of another provider, test-a" },
  { "test-silent", NULL, VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-silent provider exited without answering" },
  { "test-noisy", NULL, VMSOCK_ERROR_FAILED, NULL },
  { "test-a", "garbage", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider broke the protocol: "
    "The peer sent something that is not a D-Bus message: " },
  { "test-a", "huge", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider answered more than the limit of 8 MiB" },
  { "test-a", "typed", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider broke the protocol: "
    "The peer sent a message whose body is of type “a(ssssusa{sv})a{s(sus)}”" },
  { "test-a", "calls", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider broke the protocol: "
    "The peer sent a message of type 1, not a method return, an error or a signal" },
  { "test-a", "deep", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider answered something that is not a listing in normal form" },
  { "test-a", "wrong-type", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider answered a GVariant of type “(s)”, which is not a listing" },
  { "test-a", "bad-vm-id", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider sent a malformed listing: A VM ID is not a GUID" },
  { "test-a", "long-name", VMSOCK_ERROR_INVALID_DATA,
    "The plugin host for the test-a provider sent a malformed listing: A string is longer than 4096 bytes" },
  /* An error of a domain this process does not know: its message, printable,
   * in the library's domain, and no quark made of the name. */
  { "test-a", "unknown-domain", VMSOCK_ERROR_FAILED, "Its own\\tfailure" },
};

/* The noisy plugin's message: the start of what it printed, valid UTF-8
 * with its control characters and other bytes escaped, and a mark where it
 * was cut. */
static char *
noisy_message (void)
{
  const char printed[] = "bad \x01 byte \xff\n";
  g_autofree char *rest = g_strnfill (4096 - (sizeof printed - 1), 'x');

  return g_strconcat ("The test-noisy provider failed: bad \\x01 byte \\xFF\\n", rest, "…", NULL);
}

/* A plugin host that answers garbage, too much, D-Bus values GDBus would
 * unpack at great cost, a call, a listing nested too deep, of the wrong
 * type, with too many VMs or bad ones or another provider's, nothing, an
 * error of a domain unknown here, or fails printing without end, costs only
 * its provider, with an error that
 * says why, soon, and without the caller growing. */
static void
test_host_refused_answers (void)
{
  if (g_test_subprocess ())
    {
      const char *name = g_getenv ("VMSOCK_TEST_PROVIDER");
      g_autoptr(VmsockVmListing) listing = NULL;
      g_autofree char *expected = NULL;
      const GError *error;
      gint64 start;
      gsize i;

      for (i = 0; !g_str_equal (refused_answers[i].rogue_mode != NULL ? refused_answers[i].rogue_mode
                                                                       : refused_answers[i].provider, name); i++)
        ;
      expected = refused_answers[i].message != NULL ? g_strdup (refused_answers[i].message)
                                                    : noisy_message ();

      test_limit_heap_growth (HEAP_LIMIT);
      start = g_get_monotonic_time ();
      listing = list_vms ();
      g_test_message ("answered in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
      g_assert_cmpint (g_get_monotonic_time () - start, <, ANSWER_TIME_LIMIT_S * G_USEC_PER_SEC);
      assert_stayed_small ();

      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
      error = vmsock_vm_listing_get_source_error (listing, refused_answers[i].provider);
      g_assert_error (error, VMSOCK_ERROR, refused_answers[i].code);
      g_test_message ("%s", error->message);
      if (refused_answers[i].rogue_mode != NULL)
        g_assert_true (g_str_has_prefix (error->message, expected));
      else
        g_assert_cmpstr (error->message, ==, expected);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (g_quark_try_string ("vmsock-never-seen-quark"), ==, 0);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (refused_answers); i++)
    if (refused_answers[i].rogue_mode != NULL)
      run_with_rogue_host (refused_answers[i].rogue_mode, 60);
    else
      run_with_plugin (refused_answers[i].provider, 60);
}

/* The one provider in VMSOCK_PLUGIN_PATH. */
static VmsockVmProvider *
only_provider (VmsockDiscovery *discovery)
{
  GPtrArray *providers = vmsock_discovery_get_providers (discovery);

  g_assert_cmpuint (providers->len, ==, 1);
  return g_ptr_array_index (providers, 0);
}

/* A plugin whose provider cannot report changes cannot be watched, which
 * its host says with the error the provider gave. */
static void
test_watch_unsupported (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (vmsock_vm_provider_watch (only_provider (discovery), &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_cmpstr (error->message, ==, "The test-a provider cannot report changes");
      return;
    }
  run_with_plugin ("test-a", 60);
}

static void
count_change (VmsockVmProvider *provider,
              guint            *changes)
{
  (*changes)++;
}

/* A plugin's provider that reports changes does so through the host, as
 * vms-changed of its proxy, in the watch's main context; while watched,
 * listings ask the same host; after the last unwatch, no more come. */
static void
test_watch_changes (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
      VmsockVmProvider *provider = only_provider (discovery);
      g_autoptr(VmsockVmListing) listing = NULL;
      g_autoptr(GError) error = NULL;
      guint changes = 0;
      gint64 deadline;

      g_signal_connect (provider, "vms-changed", G_CALLBACK (count_change), &changes);
      g_assert_true (vmsock_vm_provider_watch (provider, &error));
      g_assert_no_error (error);
      g_assert_true (vmsock_vm_provider_watch (provider, &error));
      g_assert_no_error (error);

      deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (changes < 3 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (changes, >=, 3);

      listing = vmsock_vm_provider_list_vms (provider, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);

      /* Counted: the first unwatch leaves it watched. */
      vmsock_vm_provider_unwatch (provider);
      changes = 0;
      while (changes < 1 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (changes, ==, 1);

      vmsock_vm_provider_unwatch (provider);
      changes = 0;
      deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
      while (g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (changes, ==, 0);
      return;
    }
  run_with_plugin ("test-watched", 60);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plugins/load", test_load);
  g_test_add_func ("/plugins/untrusted", test_untrusted_plugins);
  g_test_add_func ("/plugins/applicability", test_applicability);
  g_test_add_func ("/plugins/host-logs", test_host_logs);
  g_test_add_func ("/plugins/crash-is-isolated", test_crash_is_isolated);
  g_test_add_func ("/plugins/host-failures", test_host_failures);
  g_test_add_func ("/plugins/host-requests", test_host_requests);
  g_test_add_func ("/plugins/host-introspection", test_introspection);
  g_test_add_func ("/plugins/host-round-trip", test_host_round_trip);
  g_test_add_func ("/plugins/host-refused-answers", test_host_refused_answers);
  g_test_add_func ("/plugins/watch-unsupported", test_watch_unsupported);
  g_test_add_func ("/plugins/watch-changes", test_watch_changes);

  return g_test_run ();
}
