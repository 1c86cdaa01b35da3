/* fuzz-address.c: the address grammar, text form and URI
 *
 * What parses prints as text and as a URI that parse back to an equal
 * address; what does not parses to an error fit to show.
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
  g_autoptr(GSocketAddress) address = vmsock_socket_address_parse (text, &error);

  if (address == NULL)
    fuzz_check_error (error);
  else
    fuzz_check_address (address);
  return 0;
}
