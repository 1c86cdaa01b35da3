/* fuzz-hyperv-json.c: Msvm_ComputerSystem objects as PowerShell prints them
 *
 * The input is made valid UTF-8 as the plugin makes a tool's output; what
 * parses crosses to the library unchanged.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "vmsock-hyperv-parser.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *output = g_utf8_make_valid ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vms = NULL;

  vmsock_hyperv_output_is_access_denied (output);
  vms = vmsock_hyperv_parse_json (output, &error);
  fuzz_check_parse (vms, error);
  return 0;
}
