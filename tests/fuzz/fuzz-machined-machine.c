/* fuzz-machined-machine.c: systemd-machined's description of a machine
 *
 * The input is the serialized GVariant of a GetAll reply, "(a{sv})", in
 * the normal form that GDBus delivers; the VM read from it crosses to the
 * library unchanged.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "vmsock-machined-machine.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GVariant) serialized = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(VmsockVm) vm = NULL;
  g_autoptr(GError) error = NULL;

  serialized = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE ("(a{sv})"), data, size,
                                                            FALSE, NULL, NULL));
  reply = g_variant_get_normal_form (serialized);
  g_variant_get (reply, "(@a{sv})", &properties);

  if (!vmsock_machined_machine_read (properties, &vm, &error))
    fuzz_check_error (error);
  else if (vm != NULL)
    {
      g_autoptr(GPtrArray) vms = g_ptr_array_new ();

      g_ptr_array_add (vms, vm);
      fuzz_check_vms (vms);
    }
  return 0;
}
