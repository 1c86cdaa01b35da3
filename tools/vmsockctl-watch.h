/* vmsockctl-watch.h: list-vms --watch, a listing that goes on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsockctl.h"
#include "vmsockctl-output.h"

G_BEGIN_DECLS

/* Prints the table of the VMs that @discovery's providers list (those in a
 * state @state_wanted marks, or all when it is NULL), then a line for each
 * VM that comes, goes or changes, asking every @interval_seconds, until
 * SIGINT or SIGTERM; newly failing providers are warned about unless
 * @quiet.  In JSON, every line is an object (JSON Lines), the first
 * listing's VMs each "added". */
VmsockctlExit vmsockctl_watch_vms (VmsockDiscovery       *discovery,
                                   guint                  interval_seconds,
                                   const gboolean        *state_wanted,
                                   const VmsockctlOutput *output,
                                   gboolean               quiet);

G_END_DECLS
