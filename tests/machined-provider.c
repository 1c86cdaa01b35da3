/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The machined provider plugin against a real D-Bus daemon, with
 * python-dbusmock standing in for systemd-machined: asked through the
 * plugin host, and watched in this process, where the test loads the
 * plugin as the plugin host does.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-loader-private.h"
#include "test-main-loop.h"

#define MACHINED_NAME "org.freedesktop.machine1"
#define MACHINED_PATH "/org/freedesktop/machine1"
#define MOCK_INTERFACE "org.freedesktop.DBus.Mock"

#define MANAGER_INTERFACE "org.freedesktop.machine1.Manager"

static GDBusConnection *bus;
/* python-dbusmock playing systemd-machined, once started. */
static GSubprocess *mock;
/* The type of the plugin's provider, loaded in this process. */
static GType provider_type;

static VmsockVmListing *
list_machines (void)
{
  /* Asked by name, as machined's plugin applies only where systemd runs. */
  const char *names[] = { "machined", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new_for_names (names, &error);
  VmsockVmListing *listing;

  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_discovery_get_providers (discovery)->len, ==, 1);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

static void
mock_call (const char *method,
           GVariant   *parameters)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, MACHINED_NAME, MACHINED_PATH, MOCK_INTERFACE, method,
                                       parameters, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
add_machine (const char *name,
             const char *class,
             const char *state,
             gboolean    with_cid,
             guint32     cid)
{
  static const guint8 id[16] = { 0x6a, 0x5b, 0x11, 0xde, 0x28, 0x4c, 0x4f, 0x3d,
                                 0x9d, 0x2b, 0x0c, 0x8e, 0x63, 0x21, 0x7f, 0x01 };
  g_autofree char *path = g_strdup_printf (MACHINED_PATH "/machine/%s", name);
  g_auto(GVariantBuilder) properties = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  guint8 machine_id[16];

  /* Each machine's id differs in its last byte. */
  memcpy (machine_id, id, sizeof id);
  machine_id[15] = (guint8) name[0];

  g_variant_builder_add (&properties, "{sv}", "Name", g_variant_new_string (name));
  g_variant_builder_add (&properties, "{sv}", "Class", g_variant_new_string (class));
  g_variant_builder_add (&properties, "{sv}", "State", g_variant_new_string (state));
  g_variant_builder_add (&properties, "{sv}", "Id",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, machine_id, 16, 1));
  if (with_cid)
    g_variant_builder_add (&properties, "{sv}", "VSockCID", g_variant_new_uint32 (cid));

  mock_call ("AddObject", g_variant_new ("(ssa{sv}a(ssss))", path, "org.freedesktop.machine1.Machine",
                                         &properties, NULL));
}

static void
set_list_machines (const char *out_signature,
                   const char *code)
{
  mock_call ("AddMethod", g_variant_new ("(sssss)", "org.freedesktop.machine1.Manager", "ListMachines",
                                         "", out_signature, code));
}

static void
ensure_mock (void)
{
  /* The build chose a Python that has python-dbusmock. */
  const char *python = g_getenv ("VMSOCK_TEST_PYTHON");
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (mock != NULL)
    return;

  g_assert_nonnull (python);
  /* Its log would mix with the test's TAP output. */
  mock = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, python, "-m", "dbusmock", "--system",
                           MACHINED_NAME, MACHINED_PATH, "org.freedesktop.machine1.Manager", NULL);
  g_assert_no_error (error);

  /* Wait until the mock owns machined's name. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner",
                                     g_variant_new ("(s)", MACHINED_NAME), G_VARIANT_TYPE ("(b)"),
                                     G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean owned = FALSE;

      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("python-dbusmock did not take %s within 30 seconds", MACHINED_NAME);
}

static void
test_not_running (void)
{
  g_autoptr(VmsockVmListing) listing = list_machines ();

  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "machined"),
                  VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
}

static void
test_machines (void)
{
  g_autoptr(VmsockVmListing) listing = NULL;
  g_auto(GStrv) failed = NULL;
  GPtrArray *vms;
  guint32 cid = 0;

  ensure_mock ();
  add_machine ("web", "vm", "running", TRUE, 5);
  add_machine ("old", "vm", "opening", FALSE, 0);
  add_machine ("unset", "vm", "closing", TRUE, VMSOCK_VSOCK_CID_ANY);
  add_machine ("box", "container", "running", FALSE, 0);
  set_list_machines ("a(ssso)",
                     "ret = [(n, c, 'test', dbus.ObjectPath('/org/freedesktop/machine1/machine/' + n))"
                     " for n, c in [('web', 'vm'), ('old', 'vm'), ('unset', 'vm'), ('box', 'container'),"
                     " ('gone', 'vm')]]");

  listing = list_machines ();
  failed = vmsock_vm_listing_get_failed_sources (listing);
  g_assert_cmpuint (g_strv_length (failed), ==, 0);

  /* VMs only; a machine that went away between the calls is left out. */
  vms = vmsock_vm_listing_get_vms (listing);
  g_assert_cmpuint (vms->len, ==, 3);

  g_assert_cmpstr (vmsock_vm_get_name (vms->pdata[0]), ==, "old");
  g_assert_cmpint (vmsock_vm_get_state (vms->pdata[0]), ==, VMSOCK_VM_STATE_STARTING);
  /* systemd before 256 has no VSockCID. */
  g_assert_false (vmsock_vm_get_cid (vms->pdata[0], NULL));

  g_assert_cmpstr (vmsock_vm_get_name (vms->pdata[1]), ==, "unset");
  g_assert_cmpint (vmsock_vm_get_state (vms->pdata[1]), ==, VMSOCK_VM_STATE_STOPPING);
  g_assert_false (vmsock_vm_get_cid (vms->pdata[1], NULL));

  g_assert_cmpstr (vmsock_vm_get_name (vms->pdata[2]), ==, "web");
  g_assert_cmpstr (vmsock_vm_get_id (vms->pdata[2]), ==, "6a5b11de-284c-4f3d-9d2b-0c8e63217f77");
  g_assert_cmpint (vmsock_vm_get_state (vms->pdata[2]), ==, VMSOCK_VM_STATE_RUNNING);
  g_assert_true (vmsock_vm_get_cid (vms->pdata[2], &cid));
  g_assert_cmpuint (cid, ==, 5);
}

static void
test_wrong_answer (void)
{
  g_autoptr(VmsockVmListing) listing = NULL;

  ensure_mock ();
  set_list_machines ("as", "ret = ['not', 'machines']");
  listing = list_machines ();
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "machined"),
                  VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
}

/* Has machined's stand-in emit a Manager signal about the machine @name,
 * once the bus has the match rules that the provider has added on its own
 * connection (the process's system bus), which a round trip on that
 * connection makes sure of. */
static void
emit_manager_signal (const char *signal,
                     const char *name)
{
  g_autofree char *path = g_strdup_printf (MACHINED_PATH "/machine/%s", name);
  g_auto(GVariantBuilder) args = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));
  g_autoptr(GDBusConnection) system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  g_assert_nonnull (system_bus);
  reply = g_dbus_connection_call_sync (system_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);

  g_variant_builder_add (&args, "v", g_variant_new_string (name));
  g_variant_builder_add (&args, "v", g_variant_new_object_path (path));
  mock_call ("EmitSignal", g_variant_new ("(sssav)", MANAGER_INTERFACE, signal, "so", &args));
}

/* ListMachines answers the VMs @names. */
static void
set_listed_vms (const char *names)
{
  g_autofree char *code =
    g_strdup_printf ("ret = [(n, 'vm', 'test', dbus.ObjectPath('/org/freedesktop/machine1/machine/' + n))"
                     " for n in '%s'.split()]", names);

  set_list_machines ("a(ssso)", code);
}

static void
count_emission (VmsockVmProvider *provider,
                guint            *count)
{
  (*count)++;
}

/* Watched, the provider reports machined's signals; unwatched, not. */
static void
test_watch_signals (void)
{
  g_autoptr(VmsockVmProvider) provider = g_object_new (provider_type, NULL);
  g_autoptr(GError) error = NULL;
  guint emissions = 0;

  ensure_mock ();
  g_signal_connect (provider, "vms-changed", G_CALLBACK (count_emission), &emissions);
  g_assert_true (vmsock_vm_provider_watch (provider, &error));
  g_assert_no_error (error);
  /* Counted. */
  g_assert_true (vmsock_vm_provider_watch (provider, &error));
  g_assert_no_error (error);

  emit_manager_signal ("MachineNew", "web");
  TEST_WAIT_UNTIL (emissions == 1);
  emit_manager_signal ("MachineRemoved", "web");
  TEST_WAIT_UNTIL (emissions == 2);

  vmsock_vm_provider_unwatch (provider);
  emit_manager_signal ("MachineNew", "web");
  TEST_WAIT_UNTIL (emissions == 3);

  /* The last unwatch: nothing is reported any more. */
  vmsock_vm_provider_unwatch (provider);
  emit_manager_signal ("MachineNew", "web");
  test_run_for (300);
  g_assert_cmpuint (emissions, ==, 3);
}

static void
append_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GString    *changes)
{
  for (guint i = 0; i < removed; i++)
    g_string_append (changes, "-");
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VmsockVm) vm = g_list_model_get_item (model, position + i);

      g_string_append_printf (changes, "+%s", vmsock_vm_get_name (vm));
    }
}

/* A monitor of the provider, which asks at no interval, follows machined:
 * machines that come and go, and machined itself going away. */
static void
test_monitor (void)
{
  g_autoptr(VmsockVmProvider) provider = g_object_new (provider_type, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmMonitor) monitor = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_auto(GStrv) failed = NULL;
  gint64 emitted;

  ensure_mock ();
  add_machine ("cache", "vm", "running", TRUE, 7);
  add_machine ("db", "vm", "running", TRUE, 8);
  set_listed_vms ("cache");

  g_ptr_array_add (providers, provider);
  discovery = vmsock_discovery_new_for_providers (providers);
  monitor = vmsock_vm_monitor_new (discovery);
  vmsock_vm_monitor_set_interval (monitor, G_MAXUINT);
  g_signal_connect (monitor, "items-changed", G_CALLBACK (append_change), changes);
  TEST_WAIT_UNTIL (!vmsock_vm_monitor_get_loading (monitor));
  g_assert_cmpstr (changes->str, ==, "+cache");
  failed = vmsock_vm_monitor_get_failed_sources (monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { NULL }));

  g_string_truncate (changes, 0);
  set_listed_vms ("cache db");
  emit_manager_signal ("MachineNew", "db");
  emitted = g_get_monotonic_time ();
  TEST_WAIT_UNTIL (changes->len > 0);
  g_test_message ("MachineNew reached the monitor's items-changed after %.1f ms",
                  (g_get_monotonic_time () - emitted) / 1000.0);
  g_assert_cmpstr (changes->str, ==, "+db");

  g_string_truncate (changes, 0);
  set_listed_vms ("db");
  emit_manager_signal ("MachineRemoved", "cache");
  TEST_WAIT_UNTIL (changes->len > 0);
  g_assert_cmpstr (changes->str, ==, "-");

  /* machined leaves the bus: the next listing says it is not running, and
   * its VMs stay until it answers again. */
  g_subprocess_force_exit (mock);
  g_subprocess_wait (mock, NULL, NULL);
  g_clear_object (&mock);
  TEST_WAIT_UNTIL (vmsock_vm_monitor_get_source_error (monitor, "machined") != NULL);
  g_assert_error ((GError *) vmsock_vm_monitor_get_source_error (monitor, "machined"),
                  VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);

  /* It comes back, and is asked: this stand-in does not know ListMachines
   * yet, which is another error. */
  ensure_mock ();
  TEST_WAIT_UNTIL (!g_error_matches (vmsock_vm_monitor_get_source_error (monitor, "machined"),
                                     VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE));
  g_assert_nonnull (vmsock_vm_monitor_get_source_error (monitor, "machined"));

  /* Once it answers, the error is gone. */
  add_machine ("db", "vm", "running", TRUE, 8);
  set_listed_vms ("db");
  emit_manager_signal ("MachineNew", "db");
  TEST_WAIT_UNTIL (vmsock_vm_monitor_get_source_error (monitor, "machined") == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);
}

int
main (int argc, char **argv)
{
  g_autoptr(GTestDBus) test_bus = NULL;
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  /* A private bus, standing in for the system bus. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (test_bus), TRUE);
  bus = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);

  providers = _vmsock_plugins_load_module (g_getenv ("VMSOCK_TEST_MACHINED_MODULE"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (providers->len, ==, 1);
  g_assert_cmpstr (vmsock_vm_provider_get_name (providers->pdata[0]), ==, "machined");
  provider_type = G_OBJECT_TYPE (providers->pdata[0]);

  /* In this order: the first runs before machined's stand-in starts. */
  g_test_add_func ("/machined/not-running", test_not_running);
  g_test_add_func ("/machined/machines", test_machines);
  g_test_add_func ("/machined/wrong-answer", test_wrong_answer);
  g_test_add_func ("/machined/watch/signals", test_watch_signals);
  g_test_add_func ("/machined/watch/monitor", test_monitor);

  result = g_test_run ();

  if (mock != NULL)
    {
      g_subprocess_force_exit (mock);
      g_subprocess_wait (mock, NULL, NULL);
      g_clear_object (&mock);
    }
  g_clear_object (&bus);
  g_test_dbus_down (test_bus);
  return result;
}
