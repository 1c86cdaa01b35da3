/* vmsock-vm-listing.c: VMs found, and what could not be asked
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-vm.h"
#include "vmsock-vm-private.h"
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
 * Creates an empty listing, for providers.
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
 * Gets the VMs of a listing.
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
 * Lists the sources that could not be asked.
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
 * Tells why a source could not be asked.
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

/* Whether @vm is at @where: its provider's name, the URI of its
 * connection, or the host of that URI. */
static gboolean
vm_is_at (VmsockVm   *vm,
          const char *where)
{
  const char *uri = vmsock_vm_get_uri (vm);
  g_autofree char *host = NULL;

  if (g_str_equal (vmsock_vm_get_provider (vm), where))
    return TRUE;
  if (uri == NULL)
    return FALSE;
  if (g_str_equal (uri, where))
    return TRUE;
  return g_uri_split (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED,
                      NULL, NULL, &host, NULL, NULL, NULL, NULL, NULL) &&
         host != NULL && *host != '\0' && g_ascii_strcasecmp (host, where) == 0;
}

/* The VMs that @vm names: those with that id, else those of that name, else
 * those that NAME@WHERE names, at any of the @ in it. */
static GPtrArray *
find_vms (VmsockVmListing *listing,
          const char      *vm)
{
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  GPtrArray *matches = g_ptr_array_new ();

  for (guint i = 0; i < vms->len; i++)
    if (g_ascii_strcasecmp (vmsock_vm_get_id (vms->pdata[i]), vm) == 0)
      g_ptr_array_add (matches, vms->pdata[i]);
  if (matches->len == 0)
    for (guint i = 0; i < vms->len; i++)
      if (g_strcmp0 (vmsock_vm_get_name (vms->pdata[i]), vm) == 0)
        g_ptr_array_add (matches, vms->pdata[i]);
  for (const char *at = strchr (vm, '@'); matches->len == 0 && at != NULL; at = strchr (at + 1, '@'))
    for (guint i = 0; i < vms->len; i++)
      {
        const char *name = vmsock_vm_get_name (vms->pdata[i]);

        if (strlen (name) == (gsize) (at - vm) && strncmp (name, vm, at - vm) == 0 &&
            vm_is_at (vms->pdata[i], at + 1))
          g_ptr_array_add (matches, vms->pdata[i]);
      }
  return matches;
}

/* The shortest way to name @vm that names it alone in @listing: NAME@WHERE
 * with its provider, its connection's host or its connection's URI (one
 * without a query, which an address could not hold), else its id. */
static char *
unique_name (VmsockVmListing *listing,
             VmsockVm        *vm)
{
  const char *name = vmsock_vm_get_name (vm);
  const char *uri = vmsock_vm_get_uri (vm);
  g_autofree char *host = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (candidates, g_strconcat (name, "@", vmsock_vm_get_provider (vm), NULL));
  if (uri != NULL && g_uri_split (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED,
                                  NULL, NULL, &host, NULL, NULL, NULL, NULL, NULL) &&
      host != NULL && *host != '\0')
    g_ptr_array_add (candidates, g_strconcat (name, "@", host, NULL));
  if (uri != NULL && strchr (uri, '?') == NULL)
    g_ptr_array_add (candidates, g_strconcat (name, "@", uri, NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      g_autoptr(GPtrArray) found = find_vms (listing, candidates->pdata[i]);

      if (found->len == 1 && found->pdata[0] == vm)
        return g_strdup (candidates->pdata[i]);
    }
  return g_strdup (vmsock_vm_get_id (vm));
}

/**
 * vmsock_vm_listing_lookup:
 * @listing: a #VmsockVmListing
 * @vm: the id or name of a VM, or its name qualified by where it is
 * @error: return location for a #GError
 *
 * Finds one VM by its id (compared without regard to ASCII case), or else
 * by its name, or else by its name qualified as `NAME@WHERE`, where `WHERE`
 * is the name of the VM's provider, the URI of its connection
 * ([method@Vmsock.Vm.get_uri]) or the host of that URI: `web@libvirt`,
 * `web@kvm1`, `web@qemu+ssh://kvm1/system`.
 *
 * Several VMs of the same name, from different providers or hosts, are
 * %VMSOCK_ERROR_VM_AMBIGUOUS, and the message lists them, each with the
 * shortest of those forms that names it alone;
 * %VMSOCK_ERROR_VM_NOT_FOUND says which sources could not be asked.
 *
 * Returns: (transfer none): the VM, or %NULL with @error set
 *
 * Since: 0.1
 */
VmsockVm *
vmsock_vm_listing_lookup (VmsockVmListing  *listing,
                          const char       *vm,
                          GError          **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (VMSOCK_IS_VM_LISTING (listing), NULL);
  g_return_val_if_fail (vm != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An id names one VM of its provider; a name is what people type. */
  matches = find_vms (listing, vm);
  if (matches->len == 1)
    return matches->pdata[0];

  quoted = vmsock_printable_quote (vm, -1);
  if (matches->len == 0)
    {
      g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);

      if (failed[0] != NULL)
        {
          g_autofree char *sources = g_strjoinv (", ", failed);

          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND,
                       _("No VM is named “%s” or has that id (these could not be asked: %s)"),
                       quoted, sources);
        }
      else
        g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_NOT_FOUND,
                     _("No VM is named “%s” or has that id"), quoted);
      return NULL;
    }

  {
    g_autoptr(GString) candidates = g_string_new (NULL);

    for (guint i = 0; i < matches->len; i++)
      {
        g_autofree char *name = unique_name (listing, matches->pdata[i]);
        g_autofree char *quoted_name = vmsock_printable_quote (name, -1);
        g_autofree char *provider = vmsock_printable_quote (vmsock_vm_get_provider (matches->pdata[i]), -1);
        g_autofree char *id = vmsock_printable_quote (vmsock_vm_get_id (matches->pdata[i]), -1);

        g_string_append_printf (candidates, "%s%s (%s %s)", i > 0 ? ", " : "", quoted_name, provider, id);
      }
    /* TRANSLATORS: the list is of names that pick one VM each, such as
     * “web@kvm1 (libvirt 6695eb01-…)”, separated by commas. */
    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_VM_AMBIGUOUS,
                 _("“%s” could be %u VMs; name one of them: %s"),
                 quoted, matches->len, candidates->str);
    return NULL;
  }
}
