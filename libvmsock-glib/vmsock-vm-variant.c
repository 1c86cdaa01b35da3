/* vmsock-vm-variant.c: a VM listing and a GError as GVariant, to cross a
 * process boundary
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "vmsock-enum-types.h"
#include "vmsock-error.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-vm-variant-private.h"
#include "vmsock-vsock-address.h"

GVariant *
vmsock_error_to_variant (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return g_variant_new ("(sus)", g_quark_to_string (error->domain), (guint32) error->code,
                        error->message);
}

static GVariant *
vm_to_variant (VmsockVm *vm)
{
  const VmsockGuid *vm_id = vmsock_vm_get_vm_id (vm);
  g_autofree char *vm_id_text = vm_id != NULL ? vmsock_guid_to_string (vm_id) : NULL;
  guint32 cid = VMSOCK_VSOCK_CID_ANY;

  vmsock_vm_get_cid (vm, &cid);
  return g_variant_new ("(ssssus@a{sv})",
                        vmsock_vm_get_provider (vm),
                        vmsock_vm_get_id (vm),
                        vmsock_vm_get_name (vm),
                        vmsock_vm_state_to_string (vmsock_vm_get_state (vm)),
                        cid,
                        vm_id_text != NULL ? vm_id_text : "",
                        vmsock_vm_get_extras (vm));
}

GVariant *
vmsock_vm_listing_to_variant (VmsockVmListing *listing)
{
  GPtrArray *vms = vmsock_vm_listing_get_vms (listing);
  g_auto(GStrv) failed = vmsock_vm_listing_get_failed_sources (listing);
  g_auto(GVariantBuilder) vm_builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a" VMSOCK_VM_VARIANT_TYPE_STRING));
  g_auto(GVariantBuilder) error_builder =
    G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s" VMSOCK_ERROR_VARIANT_TYPE_STRING "}"));

  for (guint i = 0; i < vms->len; i++)
    g_variant_builder_add_value (&vm_builder, vm_to_variant (g_ptr_array_index (vms, i)));
  for (gsize i = 0; failed[i] != NULL; i++)
    g_variant_builder_add (&error_builder, "{s@" VMSOCK_ERROR_VARIANT_TYPE_STRING "}", failed[i],
                           vmsock_error_to_variant (vmsock_vm_listing_get_source_error (listing, failed[i])));
  return g_variant_new ("(@a" VMSOCK_VM_VARIANT_TYPE_STRING "@a{s" VMSOCK_ERROR_VARIANT_TYPE_STRING "})",
                        g_variant_builder_end (&vm_builder),
                        g_variant_builder_end (&error_builder));
}

/* Whether each of the NULL-terminated strings fits in @max bytes; sets an
 * error if not. */
static G_GNUC_NULL_TERMINATED gboolean
check_lengths (gsize    max,
               GError **error,
               ...)
{
  va_list strings;
  const char *text;
  gboolean fits = TRUE;

  va_start (strings, error);
  while (fits && (text = va_arg (strings, const char *)) != NULL)
    fits = strlen (text) <= max;
  va_end (strings);

  if (!fits)
    g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                 _("A string is longer than %u bytes"), (guint) max);
  return fits;
}

/* The quark of the error domain @name: one of the domains providers return,
 * or another that this process knows already; 0 for any other.  Quarks live
 * as long as the process, and another process must not make it grow. */
static GQuark
known_error_domain (const char *name)
{
  const GQuark common[] = { VMSOCK_ERROR, G_IO_ERROR, G_DBUS_ERROR, G_SPAWN_ERROR, G_FILE_ERROR };

  for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
    if (g_str_equal (name, g_quark_to_string (common[i])))
      return common[i];
  return g_quark_try_string (name);
}

GError *
vmsock_error_new_from_variant (GVariant  *variant,
                               GError   **error)
{
  const char *domain, *message;
  g_autofree char *printable = NULL;
  GQuark quark;
  guint32 code;

  g_return_val_if_fail (g_variant_is_of_type (variant, VMSOCK_ERROR_VARIANT_TYPE), NULL);

  g_variant_get (variant, "(&su&s)", &domain, &code, &message);
  if (!check_lengths (VMSOCK_VM_VARIANT_MAX_NAME, error, domain, NULL) ||
      !check_lengths (VMSOCK_VM_VARIANT_MAX_MESSAGE, error, message, NULL))
    return NULL;
  if (*domain == '\0')
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("An error has no domain"));
      return NULL;
    }
  /* The message comes from another process: its control characters are
   * escaped, as in every message of this library. */
  printable = vmsock_printable_quote (message, -1);
  quark = known_error_domain (domain);
  if (quark == 0)
    return g_error_new_literal (VMSOCK_ERROR, VMSOCK_ERROR_FAILED, printable);
  return g_error_new_literal (quark, (gint) code, printable);
}

static VmsockVm *
vm_new_from_variant (GVariant   *variant,
                     GEnumClass *states,
                     GError    **error)
{
  g_autoptr(GVariant) extras = NULL;
  g_autoptr(VmsockGuid) vm_id = NULL;
  const char *provider, *id, *name, *state_name, *vm_id_text;
  GEnumValue *state;
  guint32 cid;

  g_variant_get (variant, "(&s&s&s&su&s@a{sv})",
                 &provider, &id, &name, &state_name, &cid, &vm_id_text, &extras);
  if (!check_lengths (VMSOCK_VM_VARIANT_MAX_NAME, error,
                      provider, id, name, state_name, vm_id_text, NULL))
    return NULL;
  if (*vm_id_text != '\0' && (vm_id = vmsock_guid_new_from_string (vm_id_text, NULL)) == NULL)
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("A VM ID is not a GUID"));
      return NULL;
    }
  state = g_enum_get_value_by_nick (states, state_name);

  return vmsock_vm_new (provider, id, name, state != NULL ? state->value : VMSOCK_VM_STATE_UNKNOWN,
                        cid, vm_id, extras);
}

VmsockVmListing *
vmsock_vm_listing_new_from_variant (GVariant  *variant,
                                    GError   **error)
{
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(GEnumClass) states = g_type_class_ref (VMSOCK_TYPE_VM_STATE);
  g_autoptr(GVariant) vms = NULL;
  g_autoptr(GVariant) errors = NULL;
  gsize n_vms, n_errors;

  g_return_val_if_fail (g_variant_is_of_type (variant, VMSOCK_VM_LISTING_VARIANT_TYPE), NULL);

  vms = g_variant_get_child_value (variant, 0);
  errors = g_variant_get_child_value (variant, 1);
  n_vms = g_variant_n_children (vms);
  n_errors = g_variant_n_children (errors);
  if (n_vms > VMSOCK_VM_VARIANT_MAX_VMS)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, n_vms);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The listing holds %s VMs, more than %u"), count, VMSOCK_VM_VARIANT_MAX_VMS);
      return NULL;
    }
  if (n_errors > VMSOCK_VM_VARIANT_MAX_SOURCES)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, n_errors);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The listing holds %s failed sources, more than %u"), count,
                   VMSOCK_VM_VARIANT_MAX_SOURCES);
      return NULL;
    }

  for (gsize i = 0; i < n_vms; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (vms, i);
      g_autoptr(VmsockVm) vm = vm_new_from_variant (child, states, error);

      if (vm == NULL)
        return NULL;
      vmsock_vm_listing_add_vm (listing, vm);
    }

  for (gsize i = 0; i < n_errors; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (errors, i);
      g_autoptr(GVariant) error_variant = g_variant_get_child_value (entry, 1);
      g_autoptr(GError) source_error = NULL;
      const char *source;

      g_variant_get_child (entry, 0, "&s", &source);
      if (!check_lengths (VMSOCK_VM_VARIANT_MAX_NAME, error, source, NULL))
        return NULL;
      source_error = vmsock_error_new_from_variant (error_variant, error);
      if (source_error == NULL)
        return NULL;
      vmsock_vm_listing_add_error (listing, source, source_error);
    }

  return g_steal_pointer (&listing);
}
