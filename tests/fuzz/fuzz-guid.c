/* fuzz-guid.c: GUIDs in text
 *
 * What parses formats as text that parses back to an equal GUID, and
 * survives its native layout; vmsock_guid_new_from_string() agrees with
 * vmsock_guid_parse().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) new_error = NULL;
  g_autoptr(VmsockGuid) boxed = vmsock_guid_new_from_string (text, &new_error);
  g_autofree char *formatted = NULL;
  VmsockGuid guid, again;
  guint8 native[VMSOCK_GUID_NATIVE_SIZE];

  if (!vmsock_guid_parse (text, &guid, &error))
    {
      fuzz_check_error (error);
      if (boxed != NULL)
        fuzz_fail ("vmsock_guid_new_from_string() takes what vmsock_guid_parse() refuses");
      fuzz_check_error (new_error);
      return 0;
    }
  if (boxed == NULL || !vmsock_guid_equal (boxed, &guid))
    fuzz_fail ("vmsock_guid_new_from_string() disagrees with vmsock_guid_parse()");

  formatted = vmsock_guid_to_string (&guid);
  if (!vmsock_guid_parse (formatted, &again, &error))
    fuzz_fail ("the GUID “%s” does not parse: %s", formatted, error->message);
  if (!vmsock_guid_equal (&guid, &again) || vmsock_guid_hash (&guid) != vmsock_guid_hash (&again))
    fuzz_fail ("%s came back from its text form as another GUID", formatted);

  vmsock_guid_to_native (&guid, native);
  vmsock_guid_init_from_native (&again, native);
  if (!vmsock_guid_equal (&guid, &again))
    fuzz_fail ("%s came back from its native layout as another GUID", formatted);
  return 0;
}
