/* vmsock-hcsdiag-parser.h: reading what `hcsdiag list` prints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @output is hcsdiag's answer to a caller without the rights to list
 * compute systems (HCS_E_ACCESS_DENIED). */
gboolean vmsock_hcsdiag_output_is_access_denied (const char *output);

/* Whether @output is JSON, as `hcsdiag list -raw` prints on Windows versions
 * that have it (older ones print their help text instead). */
gboolean vmsock_hcsdiag_output_is_json (const char *output);

/* What a compute system is, in the "kind" extra of its VmsockVm: hcsdiag
 * lists containers and container templates beside VMs, and the kinds are
 * the same whichever form hcsdiag printed.  "other" is a type hcsdiag was
 * not known to print. */
#define VMSOCK_HCSDIAG_KIND_VM "vm"
#define VMSOCK_HCSDIAG_KIND_CONTAINER "container"
#define VMSOCK_HCSDIAG_KIND_CONTAINER_TEMPLATE "container-template"
#define VMSOCK_HCSDIAG_KIND_OTHER "other"

/* Parse `hcsdiag list -raw` (with json-glib) and `hcsdiag list` into a
 * GPtrArray of VmsockVm, one for every compute system, whatever its kind.
 * Anything that is not in the documented format is
 * VMSOCK_ERROR_INVALID_DATA. */
GPtrArray *vmsock_hcsdiag_parse_json (const char  *output,
                                      GError     **error);
GPtrArray *vmsock_hcsdiag_parse_text (const char  *output,
                                      GError     **error);

/* Removes from @systems, as the parsers return them, the compute systems
 * that are not VMs. */
void vmsock_hcsdiag_keep_only_vms (GPtrArray *systems);

G_END_DECLS
