/* vmsock-hyperv-parser.h: reading Msvm_ComputerSystem as PowerShell prints it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* Whether @output is PowerShell's report that the caller may not query
 * Hyper-V. */
gboolean vmsock_hyperv_output_is_access_denied (const char *output);

/* Parses ConvertTo-Json output of Msvm_ComputerSystem objects into a
 * GPtrArray of VmsockVm: an array, a bare object (one result) or nothing (no
 * result); properties at the top or in CimInstanceProperties; the host's own
 * row (whose Name is not a GUID) left out.  Anything else is
 * VMSOCK_ERROR_INVALID_DATA. */
GPtrArray *vmsock_hyperv_parse_json (const char  *output,
                                     GError     **error);

G_END_DECLS
