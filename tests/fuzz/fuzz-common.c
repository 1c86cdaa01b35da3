/* fuzz-common.c: what every fuzz target shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "vmsock-error-private.h"
#include "vmsock-vm-variant-private.h"

void
fuzz_fail (const char *format,
           ...)
{
  va_list arguments;

  va_start (arguments, format);
  fputs ("FUZZ FINDING: ", stderr);
  vfprintf (stderr, format, arguments);
  fputc ('\n', stderr);
  va_end (arguments);
  abort ();
}

/* Warnings and criticals are findings; anything less is noise. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (level, fields, n_fields, user_data);
  fuzz_fail ("a GLib warning or critical was logged");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (write_log, NULL, NULL);
  return 0;
}

void
fuzz_check_error (const GError *error)
{
  const char *end;

  if (error == NULL)
    fuzz_fail ("a call failed without setting an error");
  if (error->message == NULL)
    fuzz_fail ("an error has no message");
  if (!g_utf8_validate (error->message, -1, &end))
    {
      g_autofree char *quoted = vmsock_printable_quote (error->message, -1);

      fuzz_fail ("an error message is not valid UTF-8 at byte %u: “%s”",
                 (guint) (end - error->message), quoted);
    }
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_autofree char *quoted = vmsock_printable_quote (error->message, -1);

        fuzz_fail ("an error message holds a control character at byte %u: “%s”",
                   (guint) (p - error->message), quoted);
      }
}

/* Whether a string of @vm is too long to cross to the library. */
static gboolean
vm_is_too_long (VmsockVm *vm)
{
  const char *strings[] = { vmsock_vm_get_provider (vm), vmsock_vm_get_id (vm), vmsock_vm_get_name (vm) };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    if (strings[i] != NULL && strlen (strings[i]) > VMSOCK_VM_VARIANT_MAX_NAME)
      return TRUE;
  return FALSE;
}

void
fuzz_check_vms (GPtrArray *vms)
{
  g_autoptr(VmsockVmListing) listing = vmsock_vm_listing_new ();
  g_autoptr(VmsockVmListing) received = NULL;
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(GVariant) wire = NULL;
  g_autoptr(GVariant) read_back = NULL;
  g_autoptr(GError) error = NULL;
  gboolean too_long = FALSE;

  for (guint i = 0; i < vms->len; i++)
    {
      VmsockVm *vm = g_ptr_array_index (vms, i);

      too_long = too_long || vm_is_too_long (vm);
      vmsock_vm_listing_add_vm (listing, vm);
    }

  /* The bytes a plugin host writes, and what the library reads from them. */
  sent = g_variant_ref_sink (vmsock_vm_listing_to_variant (listing));
  wire = g_variant_new_from_data (VMSOCK_VM_LISTING_VARIANT_TYPE, g_variant_get_data (sent),
                                  g_variant_get_size (sent), FALSE, NULL, NULL);
  g_variant_ref_sink (wire);
  received = vmsock_vm_listing_new_from_variant (wire, &error);
  if (received == NULL)
    {
      fuzz_check_error (error);
      if (!too_long)
        fuzz_fail ("a provider's VMs do not cross to the library: %s", error->message);
      return;
    }

  read_back = g_variant_ref_sink (vmsock_vm_listing_to_variant (received));
  if (!g_variant_equal (sent, read_back))
    {
      g_autofree char *before = g_variant_print (sent, FALSE);
      g_autofree char *after = g_variant_print (read_back, FALSE);

      fuzz_fail ("a provider's VMs change on their way to the library: %s became %s", before, after);
    }
}

void
fuzz_check_parse (GPtrArray    *vms,
                  const GError *error)
{
  if (vms == NULL)
    fuzz_check_error (error);
  else if (error != NULL)
    fuzz_fail ("a parser returned VMs and an error: %s", error->message);
  else
    fuzz_check_vms (vms);
}

void
fuzz_check_tool_output (const guint8    *data,
                        size_t           size,
                        FuzzParseOutput  parse)
{
  g_autofree char *output = g_utf8_make_valid ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vms = parse (output, &error);

  fuzz_check_parse (vms, error);
}

static void
check_same_address (GSocketAddress *address,
                    GSocketAddress *again,
                    const char     *form)
{
  if (!vmsock_socket_address_equal (address, again))
    {
      g_autofree char *text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
      g_autofree char *text_again = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (again));

      fuzz_fail ("%s came back from its %s as %s", text, form, text_again);
    }
  if (vmsock_socket_address_hash (address) != vmsock_socket_address_hash (again))
    fuzz_fail ("an address has another hash after the round trip through its %s", form);
}

static void
check_text_round_trip (GSocketAddress *address,
                       const char     *text,
                       const char     *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) again = vmsock_socket_address_parse (text, &error);

  if (again == NULL)
    fuzz_fail ("the %s “%s” does not parse: %s", form, text, error->message);
  check_same_address (address, again, form);
}

void
fuzz_check_address (GSocketAddress *address)
{
  g_autoptr(GSocketAddress) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;
  g_autofree guint8 *native = NULL;
  gssize size;

  if (!vmsock_socket_address_is_vm (address))
    fuzz_fail ("an address of type %s is no VM socket address", G_OBJECT_TYPE_NAME (address));

  text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
  uri = vmsock_socket_address_to_uri (address);

  check_text_round_trip (address, text, "text form");
  check_text_round_trip (address, uri, "URI");

  size = g_socket_address_get_native_size (address);
  if (size <= 0)
    fuzz_fail ("an address has no native size");
  native = g_malloc (size);
  if (!g_socket_address_to_native (address, native, size, &error))
    fuzz_fail ("an address does not fit its own native size: %s", error->message);
  again = vmsock_socket_address_new_from_native (native, size, &error);
  if (again == NULL)
    fuzz_fail ("an address does not read back from its native form: %s", error->message);
  check_same_address (address, again, "native form");
}
