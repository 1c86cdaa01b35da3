/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Hyper-V provider plugin on Windows, which reads WMI itself: through
 * the discovery, as an application uses it.  What it must report depends on
 * the machine, which the test asks WMI directly: no Hyper-V (as under wine),
 * no rights to it, or the VMs it has.
 */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-wmi.h"

#define HYPERV_NAMESPACE "root\\virtualization\\v2"

static VmsockVmListing *
list_through_plugin (void)
{
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *providers = vmsock_discovery_get_providers (discovery);
  VmsockVmListing *listing;

  g_assert_cmpuint (providers->len, ==, 1);
  g_assert_cmpstr (vmsock_vm_provider_get_name (g_ptr_array_index (providers, 0)), ==, "hyperv");
  /* Under wine on a busy machine, starting the plugin host and WMI can take
   * longer than the default limit. */
  vmsock_discovery_set_provider_timeout (discovery, 60000);
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  g_assert_no_error (error);
  return listing;
}

static void
assert_listing_matches (VmsockVmListing *listing,
                        GPtrArray       *systems)
{
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  guint n_guests = 0;

  g_assert_null (vmsock_vm_listing_get_source_error (listing, "hyperv"));
  for (guint i = 0; i < systems->len; i++)
    {
      const char *name = NULL;
      VmsockGuid vm_id;
      gboolean listed = FALSE;

      g_assert_true (g_variant_lookup (g_ptr_array_index (systems, i), "Name", "&s", &name));
      if (!vmsock_guid_parse (name, &vm_id, NULL))
        continue;
      n_guests++;
      for (guint j = 0; j < vms->len; j++)
        if (vmsock_guid_equal (vmsock_vm_get_vm_id (g_ptr_array_index (vms, j)), &vm_id))
          listed = TRUE;
      g_assert_true (listed);
    }
  g_assert_cmpuint (vms->len, ==, n_guests);
}

static void
test_listing (void)
{
  static const char * const properties[] = { "Name", NULL };
  g_autoptr(GPtrArray) systems = NULL;
  g_autoptr(GError) direct_error = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  const GError *error;

  systems = vmsock_wmi_query (HYPERV_NAMESPACE, "SELECT Name FROM Msvm_ComputerSystem", properties,
                              20000, NULL, &direct_error);
  listing = list_through_plugin ();
  error = vmsock_vm_listing_get_source_error (listing, "hyperv");

  if (systems != NULL)
    {
      g_test_message ("Hyper-V is here: the plugin lists its %u systems but the host", systems->len);
      assert_listing_matches (listing, systems);
    }
  else if (g_error_matches (direct_error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE))
    {
      g_test_message ("No Hyper-V here: %s", direct_error->message);
      g_assert_error ((GError *) error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE);
      g_test_message ("The plugin says: %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Hyper-V is not installed"));
      g_assert_nonnull (strstr (error->message, HYPERV_NAMESPACE));
      g_assert_nonnull (strstr (error->message, "HRESULT 0x8004100E"));
      g_assert_cmpuint (vmsock_vm_listing_get_vms (listing)->len, ==, 0);
    }
  else
    {
      g_assert_error (direct_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_test_message ("Hyper-V is here, not for us: %s", direct_error->message);
      g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "Hyper-V Administrators"));
      g_assert_nonnull (strstr (error->message, HYPERV_NAMESPACE));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hyperv-wmi/listing", test_listing);

  return g_test_run ();
}
