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

/* What the plugin asks of the output, then its VMs. */
static GPtrArray *
parse (const char  *output,
       GError     **error)
{
  vmsock_hyperv_output_is_access_denied (output);
  return vmsock_hyperv_parse_json (output, error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_check_tool_output (data, size, parse);
  return 0;
}
