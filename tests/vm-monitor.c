/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * VmsockVmMonitor: a GListModel of the VMs that in-process test providers
 * list, sorted, with items that change in place, come and go, and outlive
 * a provider's failure.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VmsockDiscovery) discovery = NULL;

  fixture->alpha = test_provider_new ("alpha", ANSWER, 0, NULL);
  fixture->beta = test_provider_new ("beta", ANSWER, 0, NULL);
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
  g_object_unref (fixture->monitor);
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
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->monitor)) == VMSOCK_TYPE_VM);
  assert_names (fixture, (const char *[]) { "db", "mail", "web", NULL });
  g_assert_cmpstr (fixture->changes->str, ==, "0-0+1 1-0+1 2-0+1");
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
  g_test_add_func ("/vm-monitor/dropped-while-listing", test_dropped_while_listing);

  return g_test_run ();
}
