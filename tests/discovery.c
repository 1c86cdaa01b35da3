/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * VmsockVm, and VmsockDiscovery asking in-process providers that answer,
 * fail, or hang.
 */

#include <libvmsock-glib/vmsock.h>

#include "test-provider.h"

static VmsockDiscovery *
discovery_for (TestProvider *first,
               ...)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (TestProvider *p = first; p != NULL; p = va_arg (args, TestProvider *))
    g_ptr_array_add (providers, p);
  va_end (args);
  return vmsock_discovery_new_for_providers (providers);
}

/* --- VmsockVm. --- */

static void
test_vm_properties (void)
{
  VmsockGuid vm_id;
  g_autoptr(VmsockVm) full = NULL;
  g_autoptr(VmsockVm) bare = vmsock_vm_new ("libvirt", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0",
                                            NULL, VMSOCK_VM_STATE_OFF, VMSOCK_VSOCK_CID_ANY, NULL, NULL);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  const char *uri = NULL;
  guint32 cid = 0;

  g_assert_true (vmsock_guid_parse ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82", &vm_id, NULL));
  g_variant_dict_insert (&dict, "uri", "s", "test:///default");
  full = vmsock_vm_new ("hcsdiag", "EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82", "wsl", VMSOCK_VM_STATE_RUNNING,
                        3, &vm_id, g_variant_dict_end (&dict));

  g_assert_cmpstr (vmsock_vm_get_provider (full), ==, "hcsdiag");
  g_assert_cmpstr (vmsock_vm_get_name (full), ==, "wsl");
  g_assert_cmpint (vmsock_vm_get_state (full), ==, VMSOCK_VM_STATE_RUNNING);
  g_assert_true (vmsock_vm_get_cid (full, &cid));
  g_assert_cmpuint (cid, ==, 3);
  g_assert_true (vmsock_guid_equal (vmsock_vm_get_vm_id (full), &vm_id));
  g_assert_true (g_variant_lookup (vmsock_vm_get_extras (full), "uri", "&s", &uri));
  g_assert_cmpstr (uri, ==, "test:///default");

  /* No name: the id stands in; no CID, no VM ID, no extras. */
  g_assert_cmpstr (vmsock_vm_get_name (bare), ==, "4dea22b3-1d52-d8f3-2516-782e98ab3fa0");
  cid = 77;
  g_assert_false (vmsock_vm_get_cid (bare, &cid));
  g_assert_cmpuint (cid, ==, 77);
  g_assert_null (vmsock_vm_get_vm_id (bare));
  g_assert_cmpuint (g_variant_n_children (vmsock_vm_get_extras (bare)), ==, 0);
}

static void
test_vm_compare (void)
{
  g_autoptr(VmsockVm) a = vmsock_vm_new ("libvirt", "1", "alpha", 0, VMSOCK_VSOCK_CID_ANY, NULL, NULL);
  g_autoptr(VmsockVm) b = vmsock_vm_new ("hcsdiag", "2", "beta", 0, VMSOCK_VSOCK_CID_ANY, NULL, NULL);
  g_autoptr(VmsockVm) b2 = vmsock_vm_new ("libvirt", "3", "beta", 0, VMSOCK_VSOCK_CID_ANY, NULL, NULL);

  g_assert_cmpint (vmsock_vm_compare (a, b), <, 0);
  g_assert_cmpint (vmsock_vm_compare (b, b2), <, 0);
  g_assert_cmpint (vmsock_vm_compare (b2, b), >, 0);
  g_assert_cmpint (vmsock_vm_compare (a, a), ==, 0);
}

/* --- VmsockDiscovery. --- */

static void
test_aggregates_in_order (void)
{
  g_autoptr(TestProvider) libvirt = test_provider_new ("libvirt", ANSWER, 20, NULL);
  g_autoptr(TestProvider) machined = test_provider_new ("machined", ANSWER, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_auto(GStrv) failed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *vms;
  static const char *expected[] = { "alpha", "bravo", "charlie", "delta" };

  test_provider_add_vm (libvirt, "delta", 5);
  test_provider_add_vm (libvirt, "alpha", 3);
  test_provider_add_vm (machined, "charlie", 4);
  test_provider_add_vm (machined, "bravo", VMSOCK_VSOCK_CID_ANY);
  discovery = discovery_for (libvirt, machined, NULL);

  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  vms = vmsock_vm_listing_get_vms (listing);
  g_assert_cmpuint (vms->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < vms->len; i++)
    g_assert_cmpstr (vmsock_vm_get_name (g_ptr_array_index (vms, i)), ==, expected[i]);

  failed = vmsock_vm_listing_get_failed_sources (listing);
  g_assert_cmpuint (g_strv_length (failed), ==, 0);
  g_assert_null (vmsock_vm_listing_get_source_error (listing, "libvirt"));
}

static void
test_one_failure_hides_nothing (void)
{
  g_autoptr(TestProvider) good = test_provider_new ("libvirt", ANSWER, 0, NULL);
  g_autoptr(TestProvider) bad = test_provider_new ("hcsdiag", FAIL, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_auto(GStrv) failed = NULL;
  g_autoptr(GError) error = NULL;
  const GError *provider_error;

  test_provider_add_vm (good, "web", 3);
  test_provider_add_vm (bad, "never-seen", 4);
  discovery = discovery_for (bad, good, NULL);

  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
  g_assert_cmpstr (vmsock_vm_get_name (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0)), ==, "web");

  failed = vmsock_vm_listing_get_failed_sources (listing);
  g_assert_cmpstrv (failed, ((const char *[]) { "hcsdiag", NULL }));
  provider_error = vmsock_vm_listing_get_source_error (listing, "hcsdiag");
  g_assert_error ((GError *) provider_error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA);
}

static void
test_provider_without_answer (void)
{
  g_autoptr(TestProvider) good = test_provider_new ("libvirt", ANSWER, 0, NULL);
  g_autoptr(TestProvider) broken = test_provider_new ("broken", ANSWER_NOTHING, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;

  test_provider_add_vm (good, "web", 3);
  discovery = discovery_for (broken, good, NULL);
  listing = vmsock_discovery_list_vms (discovery, NULL, NULL);

  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "broken"),
                  VMSOCK_ERROR, VMSOCK_ERROR_FAILED);
}

static void
test_partial_failure (void)
{
  g_autoptr(TestProvider) libvirt = test_provider_new ("libvirt", ANSWER, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_auto(GStrv) failed = NULL;

  test_provider_add_vm (libvirt, "on-host-one", 3);
  g_ptr_array_add (libvirt->failed_sources, g_strdup ("libvirt qemu+ssh://two/system"));
  discovery = discovery_for (libvirt, NULL);

  listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
  failed = vmsock_vm_listing_get_failed_sources (listing);
  g_assert_cmpstrv (failed, ((const char *[]) { "libvirt qemu+ssh://two/system", NULL }));
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "libvirt qemu+ssh://two/system"),
                  G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
}

static void
test_listing_builds (void)
{
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(VmsockVm) zulu = vmsock_vm_new ("p", "2", "zulu", 0, VMSOCK_VSOCK_CID_ANY, NULL, NULL);
  g_autoptr(VmsockVm) alpha = vmsock_vm_new ("p", "1", "alpha", 0, VMSOCK_VSOCK_CID_ANY, NULL, NULL);
  g_autoptr(GError) first = g_error_new_literal (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, "first");
  g_autoptr(GError) second = g_error_new_literal (VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT, "second");
  g_auto(GStrv) failed = NULL;

  vmsock_vm_listing_add_vm (listing, zulu);
  vmsock_vm_listing_add_vm (listing, alpha);
  g_assert_true (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 0) == alpha);
  g_assert_true (g_ptr_array_index (vmsock_vm_listing_get_vms (listing), 1) == zulu);

  /* A later error of the same source replaces the earlier one. */
  vmsock_vm_listing_add_error (listing, "s", first);
  vmsock_vm_listing_add_error (listing, "s", second);
  failed = vmsock_vm_listing_get_failed_sources (listing);
  g_assert_cmpuint (g_strv_length (failed), ==, 1);
  g_assert_error ((GError *) vmsock_vm_listing_get_source_error (listing, "s"),
                  VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT);
  g_assert_null (vmsock_vm_listing_get_source_error (listing, "other"));
}

static void
test_asks_concurrently (void)
{
  guint started = 0;
  g_autoptr(TestProvider) a = test_provider_new ("a", ANSWER, 50, &started);
  g_autoptr(TestProvider) b = test_provider_new ("b", ANSWER, 50, &started);
  g_autoptr(TestProvider) c = test_provider_new ("c", FAIL, 50, &started);
  g_autoptr(VmsockDiscovery) discovery = discovery_for (a, b, c, NULL);
  g_autoptr(VmsockVmListing) listing = vmsock_discovery_list_vms (discovery, NULL, NULL);

  g_assert_nonnull (listing);
  /* Every provider was asked before any answered. */
  g_assert_cmpuint (a->started_when_answering, ==, 3);
  g_assert_cmpuint (b->started_when_answering, ==, 3);
  g_assert_cmpuint (c->started_when_answering, ==, 3);
}

static void
test_hanging_provider_times_out (void)
{
  g_autoptr(TestProvider) good = test_provider_new ("libvirt", ANSWER, 0, NULL);
  g_autoptr(TestProvider) stuck = test_provider_new ("wmi", HANG_UNTIL_CANCELLED, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  const GError *provider_error;

  test_provider_add_vm (good, "web", 3);
  discovery = discovery_for (good, stuck, NULL);
  vmsock_discovery_set_provider_timeout (discovery, 100);
  g_assert_cmpuint (vmsock_discovery_get_provider_timeout (discovery), ==, 100);

  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 1);
  provider_error = vmsock_vm_listing_get_source_error (listing, "wmi");
  g_assert_error ((GError *) provider_error, VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT);
  /* The stuck provider was told to stop. */
  g_assert_true (stuck->saw_cancel);
}

static gpointer
cancel_after_a_while (gpointer data)
{
  g_usleep (50 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancelled (void)
{
  g_autoptr(TestProvider) stuck = test_provider_new ("wmi", HANG_UNTIL_CANCELLED, 0, NULL);
  g_autoptr(VmsockDiscovery) discovery = discovery_for (stuck, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VmsockVmListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  GThread *canceller;

  vmsock_discovery_set_provider_timeout (discovery, 0);
  canceller = g_thread_new ("cancel", cancel_after_a_while, cancellable);
  listing = vmsock_discovery_list_vms (discovery, cancellable, &error);
  g_thread_join (canceller);

  g_assert_null (listing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (stuck->saw_cancel);
}

static void
test_no_providers (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new_for_providers (none);
  g_autoptr(VmsockVmListing) listing = vmsock_discovery_list_vms (discovery, NULL, NULL);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

  g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
  g_assert_cmpuint (g_strv_length (failed), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vm/properties", test_vm_properties);
  g_test_add_func ("/vm/compare", test_vm_compare);
  g_test_add_func ("/discovery/aggregates-in-order", test_aggregates_in_order);
  g_test_add_func ("/discovery/one-failure-hides-nothing", test_one_failure_hides_nothing);
  g_test_add_func ("/discovery/provider-without-answer", test_provider_without_answer);
  g_test_add_func ("/discovery/partial-failure", test_partial_failure);
  g_test_add_func ("/discovery/listing-builds", test_listing_builds);
  g_test_add_func ("/discovery/asks-concurrently", test_asks_concurrently);
  g_test_add_func ("/discovery/hanging-provider-times-out", test_hanging_provider_times_out);
  g_test_add_func ("/discovery/cancelled", test_cancelled);
  g_test_add_func ("/discovery/no-providers", test_no_providers);

  return g_test_run ();
}
