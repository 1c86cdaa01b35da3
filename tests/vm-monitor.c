/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * VmsockVmMonitor: a GListModel of the VMs that in-process test providers
 * list, sorted, with items that change in place, come and go, and outlive
 * a provider's failure.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "test-main-loop.h"
#include "test-provider.h"

typedef struct
{
  TestProvider *alpha;
  TestProvider *beta;
  VmsockVmMonitor *monitor;
  /* "position removed added" of every items-changed, space-separated. */
  GString *changes;
  guint failed_notifications;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_string_append_printf (fixture->changes, "%s%u-%u+%u", fixture->changes->len > 0 ? " " : "",
                          position, removed, added);
}

static void
on_failed_sources (GObject    *object,
                   GParamSpec *pspec,
                   Fixture    *fixture)
{
  fixture->failed_notifications++;
}

/* Lists again, and waits until the monitor has the answer. */
static void
refresh_and_wait (Fixture *fixture)
{
  vmsock_vm_monitor_refresh (fixture->monitor);
  while (vmsock_vm_monitor_get_loading (fixture->monitor))
    g_main_context_iteration (NULL, TRUE);
}

/* How alpha takes being watched; beta cannot be. */
typedef enum
{
  ALPHA_NOT_WATCHABLE,
  ALPHA_WATCHABLE,
  ALPHA_WATCH_FAILS,
} Watching;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  Watching watching = GPOINTER_TO_INT (data);

  fixture->alpha = test_provider_new ("alpha", ANSWER, 0, NULL);
  fixture->beta = test_provider_new ("beta", ANSWER, 0, NULL);
  fixture->alpha->can_watch = watching == ALPHA_WATCHABLE;
  if (watching == ALPHA_WATCH_FAILS)
    fixture->alpha->watch_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  test_provider_add_vm (fixture->alpha, "web", 3);
  test_provider_add_vm (fixture->alpha, "db", 4);
  test_provider_add_vm (fixture->beta, "mail", VMSOCK_VSOCK_CID_ANY);
  g_ptr_array_add (providers, g_object_ref (fixture->alpha));
  g_ptr_array_add (providers, g_object_ref (fixture->beta));
  discovery = vmsock_discovery_new_for_providers (providers);

  fixture->changes = g_string_new (NULL);
  fixture->monitor = vmsock_vm_monitor_new (discovery);
  vmsock_vm_monitor_set_interval (fixture->monitor, 0);
  g_signal_connect (fixture->monitor, "items-changed", G_CALLBACK (on_items_changed), fixture);
  g_signal_connect (fixture->monitor, "notify::failed-sources", G_CALLBACK (on_failed_sources), fixture);
  g_assert_true (vmsock_vm_monitor_get_loading (fixture->monitor));
  while (vmsock_vm_monitor_get_loading (fixture->monitor))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->monitor);
  g_assert_cmpuint (fixture->alpha->watches, ==, 0);
  g_object_unref (fixture->alpha);
  g_object_unref (fixture->beta);
  g_string_free (fixture->changes, TRUE);
}

static VmsockVm *
item (Fixture *fixture,
      guint    position)
{
  g_autoptr(VmsockVm) vm = g_list_model_get_item (G_LIST_MODEL (fixture->monitor), position);

  /* The model keeps its own reference. */
  return vm;
}

static void
assert_names (Fixture            *fixture,
              const char * const *names)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor));

  g_assert_cmpuint (n_items, ==, g_strv_length ((GStrv) names));
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpstr (vmsock_vm_get_name (item (fixture, i)), ==, names[i]);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->monitor), n_items));
}

/* Replaces the VM called @name of @provider with one in @state. */
static void
set_state (TestProvider  *provider,
           const char    *name,
           VmsockVmState  state)
{
  for (guint i = 0; i < provider->vms->len; i++)
    {
      VmsockVm *vm = g_ptr_array_index (provider->vms, i);

      if (g_str_equal (vmsock_vm_get_name (vm), name))
        {
          guint32 cid = VMSOCK_VSOCK_CID_ANY;

          vmsock_vm_get_cid (vm, &cid);
          g_ptr_array_index (provider->vms, i) =
            vmsock_vm_new (vmsock_vm_get_provider (vm), vmsock_vm_get_id (vm), name, state, cid, NULL, NULL);
          g_object_unref (vm);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_sorted (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(GStrv) changes = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->monitor)) == VMSOCK_TYPE_VM);
  assert_names (fixture, (const char *[]) { "db", "mail", "web", NULL });
  changes = g_strsplit (fixture->changes->str, " ", -1);
  /* Each VM came as one insertion, as its provider answered. */
  g_assert_cmpuint (g_strv_length (changes), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_str_has_suffix (changes[i], "-0+1"));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_changes_in_place (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VmsockVm) web = g_object_ref (item (fixture, 2));
  guint state_notifications = 0;
  guint cid_notifications = 0;

  g_signal_connect (web, "notify::state", G_CALLBACK (count_notify), &state_notifications);
  g_signal_connect (web, "notify::cid", G_CALLBACK (count_notify), &cid_notifications);
  g_string_truncate (fixture->changes, 0);

  set_state (fixture->alpha, "web", VMSOCK_VM_STATE_OFF);
  refresh_and_wait (fixture);

  g_assert_true (item (fixture, 2) == web);
  g_assert_cmpint (vmsock_vm_get_state (web), ==, VMSOCK_VM_STATE_OFF);
  g_assert_cmpuint (state_notifications, ==, 1);
  g_assert_cmpuint (cid_notifications, ==, 0);
  g_assert_cmpstr (fixture->changes->str, ==, "");

  /* Nothing changed: nothing is said. */
  refresh_and_wait (fixture);
  g_assert_cmpuint (state_notifications, ==, 1);
  g_assert_cmpstr (fixture->changes->str, ==, "");
}

static void
test_come_and_go (Fixture       *fixture,
                  gconstpointer  data)
{
  g_string_truncate (fixture->changes, 0);
  test_provider_add_vm (fixture->beta, "cache", 7);
  g_ptr_array_remove_index (fixture->alpha->vms, 1);   /* db */
  refresh_and_wait (fixture);

  assert_names (fixture, (const char *[]) { "cache", "mail", "web", NULL });
  g_assert_cmpstr (fixture->changes->str, ==, "0-1+0 0-0+1");
}

static void
test_failed_provider_keeps_its_vms (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_auto(GStrv) failed = NULL;

  g_string_truncate (fixture->changes, 0);
  fixture->alpha->behaviour = FAIL;
  test_provider_add_vm (fixture->beta, "cache", 7);
  refresh_and_wait (fixture);

  /* alpha's VMs stay; beta's new one comes. */
  assert_names (fixture, (const char *[]) { "cache", "db", "mail", "web", NULL });
  failed = vmsock_vm_monitor_get_failed_sources (fixture->monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { "alpha", NULL }));
  g_assert_nonnull (vmsock_vm_monitor_get_source_error (fixture->monitor, "alpha"));
  g_assert_null (vmsock_vm_monitor_get_source_error (fixture->monitor, "beta"));
  g_assert_cmpuint (fixture->failed_notifications, ==, 1);

  /* It answers again, without db. */
  fixture->alpha->behaviour = ANSWER;
  g_ptr_array_remove_index (fixture->alpha->vms, 1);
  refresh_and_wait (fixture);
  assert_names (fixture, (const char *[]) { "cache", "mail", "web", NULL });
  g_clear_pointer (&failed, g_strfreev);
  failed = vmsock_vm_monitor_get_failed_sources (fixture->monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
  g_assert_cmpuint (fixture->failed_notifications, ==, 2);
}

static void
test_interval (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_string_truncate (fixture->changes, 0);
  test_provider_add_vm (fixture->beta, "cache", 7);
  vmsock_vm_monitor_set_interval (fixture->monitor, 20);
  g_assert_cmpuint (vmsock_vm_monitor_get_interval (fixture->monitor), ==, 20);
  while (fixture->changes->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fixture->changes->str, ==, "0-0+1");
}

/* Dropping the monitor while it lists ends the listing and leaves nothing
 * behind. */
static void
test_dropped_while_listing (void)
{
  g_autoptr(TestProvider) slow = test_provider_new ("slow", HANG_UNTIL_CANCELLED, 0, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  VmsockVmMonitor *monitor;

  g_ptr_array_add (providers, g_object_ref (slow));
  discovery = vmsock_discovery_new_for_providers (providers);
  monitor = vmsock_vm_monitor_new (discovery);
  g_object_add_weak_pointer (G_OBJECT (monitor), (gpointer *) &monitor);
  g_assert_true (vmsock_vm_monitor_get_loading (monitor));
  g_object_unref (monitor);
  g_assert_null (monitor);

  while (!slow->saw_cancel)
    g_main_context_iteration (NULL, TRUE);
}

/* A watched provider is asked again, once, soon after it reports changes,
 * and only then; the other is not asked. */
static void
test_watched_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  guint alpha_answered = fixture->alpha->answered;
  guint beta_answered = fixture->beta->answered;
  gint64 reported;

  g_assert_cmpuint (fixture->alpha->watches, ==, 1);
  g_assert_cmpuint (fixture->beta->watches, ==, 0);
  /* Far longer than the test: no listing comes from the interval. */
  vmsock_vm_monitor_set_interval (fixture->monitor, G_MAXUINT);
  g_string_truncate (fixture->changes, 0);

  test_provider_add_vm (fixture->alpha, "cache", 7);
  reported = g_get_monotonic_time ();
  for (guint i = 0; i < 5; i++)
    test_provider_report_changes (fixture->alpha);
  TEST_WAIT_UNTIL (fixture->changes->len > 0);
  g_test_message ("The change showed after %.1f ms",
                  (g_get_monotonic_time () - reported) / 1000.0);

  g_assert_cmpstr (fixture->changes->str, ==, "0-0+1");
  assert_names (fixture, (const char *[]) { "cache", "db", "mail", "web", NULL });
  /* The burst of reports gave one listing. */
  test_run_for (200);
  g_assert_false (vmsock_vm_monitor_get_loading (fixture->monitor));
  g_assert_cmpuint (fixture->alpha->answered, ==, alpha_answered + 1);
  g_assert_cmpuint (fixture->beta->answered, ==, beta_answered);
}

/* The interval asks only the providers that are not watched. */
static void
test_watched_not_polled (Fixture       *fixture,
                         gconstpointer  data)
{
  guint alpha_answered = fixture->alpha->answered;
  guint beta_answered = fixture->beta->answered;

  vmsock_vm_monitor_set_interval (fixture->monitor, 10);
  TEST_WAIT_UNTIL (fixture->beta->answered >= beta_answered + 3);
  g_assert_cmpuint (fixture->alpha->answered, ==, alpha_answered);
}

/* A provider whose watch fails for another reason than not supporting it is
 * reported, asked at the interval, and watched once it can be. */
static void
test_watch_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(GStrv) failed = vmsock_vm_monitor_get_failed_sources (fixture->monitor);
  const GError *error = vmsock_vm_monitor_get_source_error (fixture->monitor, "alpha");
  guint alpha_answered, beta_answered;

  g_assert_cmpstrv (failed, ((const char *[]) { "alpha", NULL }));
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  /* Its VMs are listed all the same. */
  assert_names (fixture, (const char *[]) { "db", "mail", "web", NULL });

  /* It is asked at the interval, its watch tried again each time. */
  test_provider_add_vm (fixture->alpha, "cache", 7);
  vmsock_vm_monitor_set_interval (fixture->monitor, 10);
  TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor)) == 4);
  g_assert_cmpuint (fixture->alpha->watches, ==, 0);
  g_assert_cmpuint (fixture->failed_notifications, ==, 0);

  /* It can be watched now: it is no longer reported, nor asked at the
   * interval once it answered after the watch. */
  g_clear_error (&fixture->alpha->watch_error);
  fixture->alpha->can_watch = TRUE;
  TEST_WAIT_UNTIL (fixture->alpha->watches == 1 && !vmsock_vm_monitor_get_loading (fixture->monitor));
  g_clear_pointer (&failed, g_strfreev);
  failed = vmsock_vm_monitor_get_failed_sources (fixture->monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
  g_assert_cmpuint (fixture->failed_notifications, ==, 1);
  alpha_answered = fixture->alpha->answered;
  beta_answered = fixture->beta->answered;
  TEST_WAIT_UNTIL (fixture->beta->answered >= beta_answered + 3);
  g_assert_cmpuint (fixture->alpha->answered, ==, alpha_answered);
}

/* A provider that implements no watch at all. */
#define TEST_TYPE_PLAIN_PROVIDER (test_plain_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestPlainProvider, test_plain_provider, TEST, PLAIN_PROVIDER, GObject)

struct _TestPlainProvider
{
  GObject parent_instance;
  guint answered;
};

static const char *
test_plain_provider_get_name (VmsockVmProvider *provider)
{
  return "plain";
}

static void
test_plain_provider_list_vms_async (VmsockVmProvider    *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  TEST_PLAIN_PROVIDER (provider)->answered++;
  g_task_return_pointer (task, vmsock_vm_listing_new (), g_object_unref);
}

static VmsockVmListing *
test_plain_provider_list_vms_finish (VmsockVmProvider  *provider,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_plain_provider_iface_init (VmsockVmProviderInterface *iface)
{
  iface->get_name = test_plain_provider_get_name;
  iface->list_vms_async = test_plain_provider_list_vms_async;
  iface->list_vms_finish = test_plain_provider_list_vms_finish;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPlainProvider, test_plain_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VMSOCK_TYPE_VM_PROVIDER,
                                                      test_plain_provider_iface_init))

static void
test_plain_provider_class_init (TestPlainProviderClass *klass)
{
}

static void
test_plain_provider_init (TestPlainProvider *self)
{
}

/* A provider without a watch cannot be watched, and is asked at the
 * interval without being reported. */
static void
test_no_watch (void)
{
  g_autoptr(TestPlainProvider) plain = g_object_new (TEST_TYPE_PLAIN_PROVIDER, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;

  g_assert_false (vmsock_vm_provider_watch (VMSOCK_VM_PROVIDER (plain), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "plain"));

  g_ptr_array_add (providers, g_object_ref (plain));
  discovery = vmsock_discovery_new_for_providers (providers);
  monitor = vmsock_vm_monitor_new (discovery);
  vmsock_vm_monitor_set_interval (monitor, 10);
  TEST_WAIT_UNTIL (plain->answered >= 3);
  failed = vmsock_vm_monitor_get_failed_sources (monitor);
  g_assert_cmpstrv (failed, ((const char *[]) { NULL }));
}

/* Without providers, the first listing ends as any other. */
static void
test_no_provider (void)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new_for_providers (providers);
  g_autoptr(VmsockVmMonitor) monitor = vmsock_vm_monitor_new (discovery);
  guint notifications = 0;

  g_signal_connect (monitor, "notify::loading", G_CALLBACK (count_notify), &notifications);
  g_assert_true (vmsock_vm_monitor_get_loading (monitor));
  TEST_WAIT_UNTIL (!vmsock_vm_monitor_get_loading (monitor));
  g_assert_cmpuint (notifications, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vm-monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sorted", test_sorted);
  ADD ("changes-in-place", test_changes_in_place);
  ADD ("come-and-go", test_come_and_go);
  ADD ("failed-provider-keeps-its-vms", test_failed_provider_keeps_its_vms);
  ADD ("interval", test_interval);
#undef ADD
#define ADD(path, watching, func) \
  g_test_add ("/vm-monitor/" path, Fixture, GINT_TO_POINTER (watching), fixture_set_up, func, fixture_tear_down)
  ADD ("watched/changes", ALPHA_WATCHABLE, test_watched_changes);
  ADD ("watched/not-polled", ALPHA_WATCHABLE, test_watched_not_polled);
  ADD ("watched/watch-fails", ALPHA_WATCH_FAILS, test_watch_fails);
#undef ADD
  g_test_add_func ("/vm-monitor/dropped-while-listing", test_dropped_while_listing);
  g_test_add_func ("/vm-monitor/no-watch", test_no_watch);
  g_test_add_func ("/vm-monitor/no-provider", test_no_provider);

  return g_test_run ();
}
