/* fuzz-vm-listing.c: a plugin host's answer, read into a listing
 *
 * The input is what a host sends: a serialized GVariant "v" holding a
 * listing or a provider's error (vmsock-vm-variant-private.h).  What reads
 * is sent again and reads the same; every error, the provider's and the
 * failed sources' included, has a message fit to show; an error domain
 * this process did not know does not become a quark, which would never be
 * freed.
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

/* Reads an answer once, so that the quarks the library makes once (its
 * types' and properties' names, the common error domains) are there before
 * the input's domains are looked up. */
static void
read_first_answer (void)
{
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(VmsockVm) vm = vmsock_vm_new ("p", "i", "n", VMSOCK_VM_STATE_RUNNING, 3, NULL, NULL);
  g_autoptr(GError) source_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "m");
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(VmsockVmListing) received = NULL;

  vmsock_vm_listing_add_vm (listing, vm);
  vmsock_vm_listing_add_error (listing, "s", source_error);
  sent = g_variant_ref_sink (vmsock_vm_listing_to_variant (listing));
  received = vmsock_vm_listing_new_from_variant (sent, NULL);
  if (received == NULL)
    fuzz_fail ("a listing of one VM and one error does not read");
}

/* The error domains in @content, a listing or an error, that are no quark. */
static GPtrArray *
unknown_domains (GVariant *content)
{
  static gboolean answered = FALSE;
  GPtrArray *domains = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) errors = NULL;
  const char *domain;

  if (!answered)
    {
      read_first_answer ();
      answered = TRUE;
    }

  if (g_variant_is_of_type (content, VMSOCK_ERROR_VARIANT_TYPE))
    {
      g_variant_get_child (content, 0, "&s", &domain);
      if (g_quark_try_string (domain) == 0)
        g_ptr_array_add (domains, g_strdup (domain));
      return domains;
    }

  errors = g_variant_get_child_value (content, 1);
  for (gsize i = 0; i < g_variant_n_children (errors); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (errors, i);

      g_variant_get (entry, "{&s(&sus)}", NULL, &domain, NULL, NULL);
      if (g_quark_try_string (domain) == 0)
        g_ptr_array_add (domains, g_strdup (domain));
    }
  return domains;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GVariant) answer = NULL;
  g_autoptr(GVariant) content = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GError) error = NULL;

  answer = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE_VARIANT, data, size,
                                                        FALSE, NULL, NULL));
  /* The library refuses anything else. */
  if (!g_variant_is_normal_form (answer))
    return 0;
  content = g_variant_get_variant (answer);
  if (!g_variant_is_of_type (content, VMSOCK_ERROR_VARIANT_TYPE) &&
      !g_variant_is_of_type (content, VMSOCK_VM_LISTING_VARIANT_TYPE))
    return 0;
  domains = unknown_domains (content);

  if (g_variant_is_of_type (content, VMSOCK_ERROR_VARIANT_TYPE))
    {
      g_autoptr(GError) provider_error = vmsock_error_new_from_variant (content, &error);

      fuzz_check_error (provider_error != NULL ? provider_error : error);
    }
  else
    {
      g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new_from_variant (content, &error);

      if (listing == NULL)
        fuzz_check_error (error);
      else
        check_listing (listing);
    }

  for (guint i = 0; i < domains->len; i++)
    if (g_quark_try_string (g_ptr_array_index (domains, i)) != 0)
      fuzz_fail ("reading an answer made a quark of the error domain “%s”",
                 (const char *) g_ptr_array_index (domains, i));
  return 0;
}
