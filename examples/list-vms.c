/* list-vms.c: the VMs that the discovery providers know, and how to reach them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>

#include <libvmsock-glib/vmsock.h>

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VmsockDiscovery) discovery = NULL;
  g_autoptr(VmsockVmListing) listing = NULL;
  g_auto(GStrv) failed = NULL;
  GPtrArray *vms;

  /* Messages and names in the user's language and character set. */
  setlocale (LC_ALL, "");

  discovery = vmsock_discovery_new ();
  listing = vmsock_discovery_list_vms (discovery, NULL, &error);
  if (listing == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  vms = vmsock_vm_listing_get_vms (listing);
  for (guint i = 0; i < vms->len; i++)
    {
      VmsockVm *vm = g_ptr_array_index (vms, i);
      const VmsockGuid *vm_id = vmsock_vm_get_vm_id (vm);
      g_autofree char *reach = NULL;
      guint32 cid;

      if (vmsock_vm_get_cid (vm, &cid))
        reach = g_strdup_printf ("vsock:%u", cid);
      else if (vm_id != NULL)
        {
          g_autofree char *vm_id_text = vmsock_guid_to_string (vm_id);

          reach = g_strconcat ("hvsock:", vm_id_text, NULL);
        }
      else
        reach = g_strdup ("-");

      g_print ("%s\t%s\t%s\t%s\n", vmsock_vm_get_name (vm),
               vmsock_vm_state_to_string (vmsock_vm_get_state (vm)),
               vmsock_vm_get_provider (vm), reach);
    }

  /* One provider failing does not fail the listing. */
  failed = vmsock_vm_listing_get_failed_sources (listing);
  for (guint i = 0; failed[i] != NULL; i++)
    g_printerr ("%s: %s\n", failed[i], vmsock_vm_listing_get_source_error (listing, failed[i])->message);
  return 0;
}
