/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The libvirt plugin's provider watched, loaded in this process as the
 * plugin host loads it: against libvirt's test driver (test:///default,
 * whose state the connections of one process share, so that a change made
 * through this test's own connection is an event on the provider's), and
 * against a private libvirtd serving qemu:///session, which the test starts
 * with folders of its own.  Domains are defined and undefined, never
 * started.
 */

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-loader-private.h"
#include "test-main-loop.h"

/* The type of the plugin's provider, loaded once. */
static GType provider_type;

static VmsockVmProvider *
new_provider (const char *uri)
{
  const char *uris[] = { uri, NULL };

  return g_object_new (provider_type, "uris", uris, NULL);
}

static void
count_emission (VmsockVmProvider *provider,
                guint            *count)
{
  (*count)++;
}

/* Defines a domain that has no devices; it is never started. */
static virDomainPtr
define_domain (virConnectPtr  connection,
               const char    *type,
               const char    *name)
{
  g_autofree char *xml =
    g_strdup_printf ("<domain type='%s'><name>%s</name><memory>65536</memory>"
                     "<os><type arch='x86_64'>hvm</type></os></domain>", type, name);
  virDomainPtr domain = virDomainDefineXML (connection, xml);

  if (domain == NULL)
    g_error ("Could not define %s: %s", name, virGetLastErrorMessage ());
  return domain;
}

static void
undefine_domain (virDomainPtr domain)
{
  g_assert_cmpint (virDomainUndefine (domain), ==, 0);
  virDomainFree (domain);
}

typedef struct
{
  VmsockVmMonitor *monitor;
  GString *changes;
  gint64 changed_at;
} Watcher;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watcher    *watcher)
{
  for (guint i = 0; i < removed; i++)
    g_string_append (watcher->changes, "-");
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VmsockVm) vm = g_list_model_get_item (model, position + i);

      g_string_append_printf (watcher->changes, "+%s", vmsock_vm_get_name (vm));
    }
  watcher->changed_at = g_get_monotonic_time ();
}

/* A monitor of @provider alone that lists only when it reports changes. */
static void
watcher_init (Watcher          *watcher,
              VmsockVmProvider *provider)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;

  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  /* qemu:///session's first definition probes QEMU, which takes seconds. */
  vmsock_discovery_set_provider_timeout (discovery, 0);
  watcher->monitor = vmsock_vm_monitor_new (discovery);
  vmsock_vm_monitor_set_interval (watcher->monitor, G_MAXUINT);
  watcher->changes = g_string_new (NULL);
  g_signal_connect (watcher->monitor, "items-changed", G_CALLBACK (on_items_changed), watcher);
  TEST_WAIT_UNTIL (!vmsock_vm_monitor_get_loading (watcher->monitor));
  g_string_truncate (watcher->changes, 0);
}

static void
watcher_clear (Watcher *watcher)
{
  g_clear_object (&watcher->monitor);
  g_string_free (watcher->changes, TRUE);
}

/* Waits until the monitor shows a change, and says how long it took since
 * @since. */
static void
wait_for_change (Watcher    *watcher,
                 const char *what,
                 gint64      since)
{
  TEST_WAIT_UNTIL (watcher->changes->len > 0);
  g_test_message ("%s reached the monitor's items-changed after %.1f ms", what,
                  (watcher->changed_at - since) / 1000.0);
}

static gboolean
has_failed_source (VmsockVmMonitor *monitor,
                   const char      *source)
{
  return vmsock_vm_monitor_get_source_error (monitor, source) != NULL;
}

/* The provider reports changes made through another connection, in the
 * context of its watch, until it is unwatched. */
static void
test_test_driver_events (void)
{
  g_autoptr(VmsockVmProvider) provider = new_provider ("test:///default");
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  virConnectPtr connection;
  virDomainPtr domain;
  guint emissions = 0;
  gint64 defined;

  g_signal_connect (provider, "vms-changed", G_CALLBACK (count_emission), &emissions);
  g_main_context_push_thread_default (context);
  g_assert_true (vmsock_vm_provider_watch (provider, &error));
  g_assert_no_error (error);

  connection = virConnectOpen ("test:///default");
  g_assert_nonnull (connection);
  domain = define_domain (connection, "test", "vmsock-event");
  defined = g_get_monotonic_time ();

  /* libvirt-glib dispatches libvirt's events in the global default
   * context; the emission comes in the context of the watch. */
  while (emissions == 0)
    {
      g_assert_cmpint (g_get_monotonic_time () - defined, <, 30 * G_USEC_PER_SEC);
      g_main_context_iteration (NULL, FALSE);
      g_main_context_iteration (context, FALSE);
      g_usleep (1000);
    }
  g_test_message ("vms-changed came %.1f ms after the definition",
                  (g_get_monotonic_time () - defined) / 1000.0);

  /* Unwatched, it reports nothing. */
  vmsock_vm_provider_unwatch (provider);
  emissions = 0;
  undefine_domain (domain);
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_main_context_iteration (context, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (emissions, ==, 0);

  g_main_context_pop_thread_default (context);
  virConnectClose (connection);
}

/* Through the monitor: a domain defined elsewhere comes into the list, and
 * goes, with no interval to ask the provider. */
static void
test_test_driver_monitor (void)
{
  g_autoptr(VmsockVmProvider) provider = new_provider ("test:///default");
  Watcher watcher = { 0 };
  virConnectPtr connection = virConnectOpen ("test:///default");
  virDomainPtr domain;
  gint64 changed;
  g_auto(GStrv) failed = NULL;

  g_assert_nonnull (connection);
  watcher_init (&watcher, provider);
  failed = vmsock_vm_monitor_get_failed_sources (watcher.monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
  /* The test driver's own domain. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (watcher.monitor)), ==, 1);

  domain = define_domain (connection, "test", "vmsock-event");
  changed = g_get_monotonic_time ();
  wait_for_change (&watcher, "A definition", changed);
  g_assert_cmpstr (watcher.changes->str, ==, "+vmsock-event");

  g_string_truncate (watcher.changes, 0);
  undefine_domain (domain);
  changed = g_get_monotonic_time ();
  wait_for_change (&watcher, "An undefinition", changed);
  g_assert_cmpstr (watcher.changes->str, ==, "-");

  watcher_clear (&watcher);
  virConnectClose (connection);
}

/* A connection that cannot be opened fails the watch, which the monitor
 * reports; the listing's own error is the one it shows. */
static void
test_watch_fails (void)
{
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "vmsock-no-such-node.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", missing, NULL);
  g_autoptr(VmsockVmProvider) provider = new_provider (uri);
  g_autoptr(GError) error = NULL;
  Watcher watcher = { 0 };

  g_assert_false (vmsock_vm_provider_watch (provider, &error));
  g_assert_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, uri));

  watcher_init (&watcher, provider);
  g_assert_true (has_failed_source (watcher.monitor, "libvirt"));
  watcher_clear (&watcher);
}

/* A test driver reading a file has no events for changes to the file: the
 * provider says it cannot be watched, and the monitor asks it at the
 * interval without reporting a failure. */
static void
test_file_driver_polled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "libvirt", "node.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  g_autoptr(VmsockVmProvider) provider = new_provider (uri);
  g_autoptr(GError) error = NULL;
  Watcher watcher = { 0 };

  g_assert_false (vmsock_vm_provider_watch (provider, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  watcher_init (&watcher, provider);
  g_assert_false (has_failed_source (watcher.monitor, "libvirt"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (watcher.monitor)), ==, 5);
  watcher_clear (&watcher);
}

/* A libvirtd of the test's own, as an unprivileged user when the test runs
 * as root: as root, libvirtd would be the system's daemon, with the
 * system's folders. */
typedef struct
{
  char *folder;
  char *socket;
  GSubprocess *process;
} Daemon;

#define DAEMON_UID 65534

static void
chown_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_cmpint (chown (path, DAEMON_UID, DAEMON_UID), ==, 0);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      chown_tree (child);
    }
}

static void
add_folder_variable (GStrvBuilder *argv,
                     const char   *variable,
                     const char   *folder,
                     const char   *subfolder)
{
  g_autofree char *assignment = g_strdup_printf ("%s=%s/%s", variable, folder, subfolder);

  g_strv_builder_add (argv, assignment);
}

/* Whether the daemon takes connections yet: its socket file appears when it
 * binds it, a moment before it listens. */
static gboolean
daemon_listens (Daemon *daemon)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (daemon->socket);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);

  return socket != NULL && g_socket_connect (socket, address, NULL, NULL);
}

static void
daemon_start (Daemon *daemon)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  const char *subfolders[] = { "home", "runtime", "config", "cache", "data" };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (daemon->folder == NULL)
    {
      daemon->folder = g_dir_make_tmp ("vmsock-libvirtd-XXXXXX", &error);
      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (subfolders); i++)
        {
          g_autofree char *path = g_build_filename (daemon->folder, subfolders[i], NULL);

          g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
        }
      if (getuid () == 0)
        chown_tree (daemon->folder);
      daemon->socket = g_build_filename (daemon->folder, "runtime", "libvirt", "libvirt-sock", NULL);
    }

  /* It dies with the test (set once it is the user it runs as: a change of
   * user clears it), and leaves after a minute without clients. */
  if (getuid () == 0)
    g_strv_builder_add_many (argv, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", NULL);
  g_strv_builder_add_many (argv, "setpriv", "--pdeathsig", "TERM", NULL);
  g_strv_builder_add (argv, "env");
  g_strv_builder_add (argv, "-i");
  g_strv_builder_add (argv, "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
  add_folder_variable (argv, "HOME", daemon->folder, "home");
  add_folder_variable (argv, "XDG_RUNTIME_DIR", daemon->folder, "runtime");
  add_folder_variable (argv, "XDG_CONFIG_HOME", daemon->folder, "config");
  add_folder_variable (argv, "XDG_CACHE_HOME", daemon->folder, "cache");
  add_folder_variable (argv, "XDG_DATA_HOME", daemon->folder, "data");
  g_strv_builder_add_many (argv, "libvirtd", "--timeout", "60", NULL);
  args = g_strv_builder_end (argv);

  daemon->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  g_assert_no_error (error);
  while (!daemon_listens (daemon))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      /* It has no identifier once it ended. */
      g_assert_nonnull (g_subprocess_get_identifier (daemon->process));
      g_usleep (10000);
    }
}

static void
daemon_stop (Daemon *daemon)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (daemon->process, SIGTERM);
  g_subprocess_wait (daemon->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&daemon->process);
  /* A daemon that ends leaves its socket behind. */
  g_unlink (daemon->socket);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* qemu:///session of a real libvirtd: definitions come into the list,
 * undefinitions leave it; the daemon's end is reported, and once it is back
 * the provider hears its events again. */
static void
test_daemon (void)
{
  g_autofree char *libvirtd = g_find_program_in_path ("libvirtd");
  g_autofree char *libvirtd_sbin = g_file_test ("/usr/sbin/libvirtd", G_FILE_TEST_IS_EXECUTABLE) ?
                                   g_strdup ("/usr/sbin/libvirtd") : NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(VmsockVmProvider) provider = NULL;
  g_autofree char *uri = NULL;
  Daemon daemon = { 0 };
  Watcher watcher = { 0 };
  virConnectPtr connection;
  virDomainPtr domain;
  gint64 changed;

  if ((libvirtd == NULL && libvirtd_sbin == NULL) || setpriv == NULL)
    {
      g_test_skip ("libvirtd (package libvirt-daemon) or setpriv is not installed");
      return;
    }

  daemon_start (&daemon);
  uri = g_strdup_printf ("qemu+unix:///session?socket=%s", daemon.socket);
  provider = new_provider (uri);
  watcher_init (&watcher, provider);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (watcher.monitor)), ==, 0);
  g_assert_false (has_failed_source (watcher.monitor, "libvirt"));

  connection = virConnectOpen (uri);
  g_assert_nonnull (connection);
  domain = define_domain (connection, "qemu", "vmsock-event");
  changed = g_get_monotonic_time ();
  wait_for_change (&watcher, "A definition in libvirtd", changed);
  g_assert_cmpstr (watcher.changes->str, ==, "+vmsock-event");

  g_string_truncate (watcher.changes, 0);
  undefine_domain (domain);
  changed = g_get_monotonic_time ();
  wait_for_change (&watcher, "An undefinition in libvirtd", changed);
  g_assert_cmpstr (watcher.changes->str, ==, "-");
  virConnectClose (connection);

  /* The daemon goes: the next listing says so. */
  daemon_stop (&daemon);
  TEST_WAIT_UNTIL (has_failed_source (watcher.monitor, "libvirt"));

  /* It comes back: the provider opens its connection again and lists. */
  daemon_start (&daemon);
  connection = virConnectOpen (uri);
  g_assert_nonnull (connection);
  domain = define_domain (connection, "qemu", "vmsock-back");
  g_string_truncate (watcher.changes, 0);
  TEST_WAIT_UNTIL (!has_failed_source (watcher.monitor, "libvirt") && watcher.changes->len > 0);
  g_assert_cmpstr (watcher.changes->str, ==, "+vmsock-back");
  undefine_domain (domain);
  virConnectClose (connection);

  watcher_clear (&watcher);
  g_clear_object (&provider);
  daemon_stop (&daemon);
  remove_tree (daemon.folder);
  g_free (daemon.folder);
  g_free (daemon.socket);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Before this process opens any libvirt connection: the plugin sets up
   * libvirt's events as it loads. */
  providers = _vmsock_plugins_load_module (g_getenv ("VMSOCK_TEST_LIBVIRT_MODULE"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (providers->len, ==, 1);
  g_assert_cmpstr (vmsock_vm_provider_get_name (providers->pdata[0]), ==, "libvirt");
  provider_type = G_OBJECT_TYPE (providers->pdata[0]);

  g_test_add_func ("/libvirt-watch/test-driver/events", test_test_driver_events);
  g_test_add_func ("/libvirt-watch/test-driver/monitor", test_test_driver_monitor);
  g_test_add_func ("/libvirt-watch/watch-fails", test_watch_fails);
  g_test_add_func ("/libvirt-watch/file-driver-polled", test_file_driver_polled);
  g_test_add_func ("/libvirt-watch/daemon", test_daemon);

  return g_test_run ();
}
