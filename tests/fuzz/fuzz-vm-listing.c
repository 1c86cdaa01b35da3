/* fuzz-vm-listing.c: a plugin host's answer, read into a listing
 *
 * The input is what a host sends: a serialized GVariant "v" holding a
 * listing or a provider's error (vmsock-vm-variant-private.h).  What reads
 * is sent again and reads the same; every error, the provider's and the
 * failed sources' included, has a message fit to show.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "vmsock-vm-variant-private.h"

static void
check_listing (VmsockVmListing *listing)
{
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);
  g_autoptr(VmsockVmListing) again = NULL;
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(GVariant) sent_again = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; failed[i] != NULL; i++)
    fuzz_check_error (vmsock_vm_listing_get_source_error (listing, failed[i]));

  sent = g_variant_ref_sink (vmsock_vm_listing_to_variant (listing));
  again = vmsock_vm_listing_new_from_variant (sent, &error);
  if (again == NULL)
    fuzz_fail ("a listing that was read is refused when sent again: %s", error->message);
  sent_again = g_variant_ref_sink (vmsock_vm_listing_to_variant (again));
  if (!g_variant_equal (sent, sent_again))
    fuzz_fail ("a listing changes when sent again");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GVariant) answer = NULL;
  g_autoptr(GVariant) content = NULL;
  g_autoptr(GError) error = NULL;

  answer = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE_VARIANT, data, size,
                                                        FALSE, NULL, NULL));
  /* The library refuses anything else. */
  if (!g_variant_is_normal_form (answer))
    return 0;
  content = g_variant_get_variant (answer);

  if (g_variant_is_of_type (content, VMSOCK_ERROR_VARIANT_TYPE))
    {
      g_autoptr(GError) provider_error = vmsock_error_new_from_variant (content, &error);

      fuzz_check_error (provider_error != NULL ? provider_error : error);
    }
  else if (g_variant_is_of_type (content, VMSOCK_VM_LISTING_VARIANT_TYPE))
    {
      g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new_from_variant (content, &error);

      if (listing == NULL)
        fuzz_check_error (error);
      else
        check_listing (listing);
    }
  return 0;
}
