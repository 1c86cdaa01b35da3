/* vmsock-vm-listing.c: what asking every provider found
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-error-private.h"
#include "vmsock-vm.h"
#include "vmsock-vm-listing-private.h"

/**
 * VmsockVmListing:
 *
 * The outcome of asking every provider for its VMs
 * ([method@Vmsock.Discovery.list_vms]): the VMs that were found, in a stable
 * order, and the error of each provider that failed.  One provider failing
 * never hides what the others found.
 *
 * Since: 0.1
 */

struct _VmsockVmListing
{
  GObject parent_instance;

  GPtrArray *vms;
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
}

static int
compare_vms (gconstpointer a,
             gconstpointer b)
{
  return vmsock_vm_compare (*(VmsockVm **) a, *(VmsockVm **) b);
}

VmsockVmListing *
vmsock_vm_listing_new (GPtrArray  *vms,
                       GHashTable *errors)
{
  VmsockVmListing *self = g_object_new (VMSOCK_TYPE_VM_LISTING, NULL);

  self->vms = vms;
  self->errors = errors;
  g_ptr_array_sort (self->vms, compare_vms);
  return self;
}

/**
 * vmsock_vm_listing_get_vms:
 * @listing: a #VmsockVmListing
 *
 * Returns: (transfer none) (element-type VmsockVm): the VMs found, ordered as
 *   [func@Vmsock.Vm.compare] orders them
 *
 * Since: 0.1
 */
GPtrArray *
vmsock_vm_listing_get_vms (VmsockVmListing *listing)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);

  return listing->vms;
}

/**
 * vmsock_vm_listing_get_failed_providers:
 * @listing: a #VmsockVmListing
 *
 * Returns: (transfer full): the names of the providers that failed, sorted;
 *   empty when all answered
 *
 * Since: 0.1
 */
GStrv
vmsock_vm_listing_get_failed_providers (VmsockVmListing *listing)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);

  return vmsock_error_table_get_names (listing->errors);
}

/**
 * vmsock_vm_listing_get_provider_error:
 * @listing: a #VmsockVmListing
 * @provider: a provider's name
 *
 * Returns: (transfer none) (nullable): why @provider failed, or %NULL if it
 *   answered
 *
 * Since: 0.1
 */
const GError *
vmsock_vm_listing_get_provider_error (VmsockVmListing *listing,
                                      const char      *provider)
{
  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);
  g_return_val_if_fail (provider != NULL, NULL);

  return g_hash_table_lookup (listing->errors, provider);
}
