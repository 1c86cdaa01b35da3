/* fuzz-hcsdiag-text.c: what `hcsdiag list` prints
 *
 * The input is made valid UTF-8 as the plugin makes a tool's output; what
 * parses crosses to the library unchanged.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "vmsock-hcsdiag-parser.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *output = g_utf8_make_valid ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vms = NULL;

  vmsock_hcsdiag_output_is_access_denied (output);
  vmsock_hcsdiag_output_is_json (output);
  vms = vmsock_hcsdiag_parse_text (output, &error);
  fuzz_check_parse (vms, error);
  return 0;
}
