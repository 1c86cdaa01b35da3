/* vmsock-vm-listing.c: VMs found, and what could not be asked
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-error-private.h"
#include "vmsock-vm.h"
#include "vmsock-vm-listing.h"

/**
 * VmsockVmListing:
 *
 * The outcome of asking for VMs: the VMs found, in a stable order, and the
 * error of each source that could not be asked.  A source is a provider
 * ([method@Vmsock.VmProvider.get_name]), or a part of one, such as one of
 * the libvirt connections a provider lists.  One source failing never hides
 * what the others found.
 *
 * Providers build a listing with [ctor@Vmsock.VmListing.new],
 * [method@Vmsock.VmListing.add_vm] and [method@Vmsock.VmListing.add_error];
 * [class@Vmsock.Discovery] merges theirs into one.
 *
 * Since: 0.1
 */

struct _VmsockVmListing
{
  GObject parent_instance;

  GPtrArray *vms;
  gboolean sorted;
  GHashTable *errors;
};

G_DEFINE_FINAL_TYPE (VmsockVmListing, vmsock_vm_listing, G_TYPE_OBJECT)

static void
vmsock_vm_listing_finalize (GObject *object)
{
  VmsockVmListing *self = VMSOCK_VM_LISTING (object);

  g_ptr_array_unref (self->vms);
  g_hash_table_unref (self->errors);

  G_OBJECT_CLASS (vmsock_vm_listing_parent_class)->finalize (object);
}

static void
vmsock_vm_listing_class_init (VmsockVmListingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vmsock_vm_listing_finalize;
}

static void
vmsock_vm_listing_init (VmsockVmListing *self)
{
  self->vms = g_ptr_array_new_with_free_func (g_object_unref);
  self->sorted = TRUE;
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_error_free);
}

/**
 * vmsock_vm_listing_new:
 *
 * Returns: (transfer full): a new, empty listing
 *
 * Since: 0.1
 */
VmsockVmListing *
vmsock_vm_listing_new (void)
{
  return g_object_new (VMSOCK_TYPE_VM_LISTING, NULL);
}

/**
 * vmsock_vm_listing_add_vm:
 * @listing: a #VmsockVmListing
 * @vm: a VM that was found
 *
 * Adds @vm to @listing.
 *
 * Since: 0.1
 */
void
vmsock_vm_listing_add_vm (VmsockVmListing *listing,
                          VmsockVm        *vm)
{
  g_return_if_fail (VMSOCK_IS_VM_LISTING (listing));
  g_return_if_fail (VMSOCK_IS_VM (vm));

  g_ptr_array_add (listing->vms, g_object_ref (vm));
  listing->sorted = FALSE;
}

/**
 * vmsock_vm_listing_add_error:
 * @listing: a #VmsockVmListing
 * @source: what could not be asked: a provider's name, or a name for a part
 *   of one
 * @error: why
 *
 * Records that @source could not be asked, replacing an earlier error of
 * the same source.
 *
 * Since: 0.1
 */
void
vmsock_vm_listing_add_error (VmsockVmListing *listing,
                             const char      *source,
                             const GError    *error)
{
  g_return_if_fail (VMSOCK_IS_VM_LISTING (listing));
  g_return_if_fail (source != NULL);
  g_return_if_fail (error != NULL);

  g_hash_table_replace (listing->errors, g_strdup (source), g_error_copy (error));
}

static int
compare_vms (gconstpointer a,
             gconstpointer b)
{
  return vmsock_vm_compare (*(VmsockVm **) a, *(VmsockVm **) b);
}

/**
 * vmsock_vm_listing_get_vms:
 * @listing: a #VmsockVmListing
 *
 * Returns: (transfer none) (element-type VmsockVm): the VMs found, ordered as
 *   [method@Vmsock.Vm.compare] orders them
 *
 * Since: 0.1
 */
GPtrArray *
vmsock_vm_listing_get_vms (VmsockVmListing *listing)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);

  if (!listing->sorted)
    {
      g_ptr_array_sort (listing->vms, compare_vms);
      listing->sorted = TRUE;
    }
  return listing->vms;
}

/**
 * vmsock_vm_listing_get_failed_sources:
 * @listing: a #VmsockVmListing
 *
 * Returns: (transfer full): the names of the sources that could not be
 *   asked, sorted; empty when all answered
 *
 * Since: 0.1
 */
GStrv
vmsock_vm_listing_get_failed_sources (VmsockVmListing *listing)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);

  return vmsock_error_table_get_names (listing->errors);
}

/**
 * vmsock_vm_listing_get_source_error:
 * @listing: a #VmsockVmListing
 * @source: a source's name
 *
 * Returns: (transfer none) (nullable): why @source could not be asked, or
 *   %NULL if it answered
 *
 * Since: 0.1
 */
const GError *
vmsock_vm_listing_get_source_error (VmsockVmListing *listing,
                                    const char      *source)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  return g_hash_table_lookup (listing->errors, source);
}
