/* vmsock-machined-machine.c: what systemd-machined says about one machine
 *
 * A machine's properties give its name, id, class and state, and the
 * VSockCID that systemd 256 and later record (systemd-vmspawn registers it).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vmsock-machined-machine.h"

static VmsockVmState
state_from_machined (const char *state)
{
  if (g_strcmp0 (state, "opening") == 0)
    return VMSOCK_VM_STATE_STARTING;
  if (g_strcmp0 (state, "running") == 0)
    return VMSOCK_VM_STATE_RUNNING;
  if (g_strcmp0 (state, "closing") == 0)
    return VMSOCK_VM_STATE_STOPPING;
  return VMSOCK_VM_STATE_UNKNOWN;
}

/* machined's Id is a 128-bit id; an all-zero one means it has none. */
static char *
id_from_bytes (GVariant   *bytes,
               const char *name)
{
  gsize n = 0;
  const guint8 *id = bytes != NULL ? g_variant_get_fixed_array (bytes, &n, 1) : NULL;
  gboolean zero = TRUE;

  if (id == NULL || n != 16)
    return g_strdup (name);
  for (gsize i = 0; i < n; i++)
    zero = zero && id[i] == 0;
  if (zero)
    return g_strdup (name);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7],
                          id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]);
}

gboolean
vmsock_machined_machine_read (GVariant   *properties,
                              VmsockVm  **vm,
                              GError    **error)
{
  g_autoptr(GVariant) id_bytes = NULL;
  g_autofree char *id = NULL;
  const char *name = NULL, *class = NULL, *state = NULL;
  guint32 cid = VMSOCK_VSOCK_CID_ANY;

  g_return_val_if_fail (g_variant_is_of_type (properties, G_VARIANT_TYPE_VARDICT), FALSE);

  *vm = NULL;
  g_variant_lookup (properties, "Name", "&s", &name);
  g_variant_lookup (properties, "Class", "&s", &class);
  g_variant_lookup (properties, "State", "&s", &state);
  /* Older systemd has no VSockCID; machined says 0xFFFFFFFF for none. */
  g_variant_lookup (properties, "VSockCID", "u", &cid);
  id_bytes = g_variant_lookup_value (properties, "Id", G_VARIANT_TYPE_BYTESTRING);

  if (name == NULL)
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("systemd-machined described a machine without a name"));
      return FALSE;
    }
  if (g_strcmp0 (class, "vm") != 0)
    return TRUE;

  id = id_from_bytes (id_bytes, name);
  *vm = vmsock_vm_new (VMSOCK_MACHINED_PROVIDER_NAME, id, name, state_from_machined (state), cid,
                       NULL, NULL);
  return TRUE;
}
