/* vmsockctl-listener.h: listening, as listen and forward do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vmsockctl.h"

G_BEGIN_DECLS

/* Listens on the address @text, calls @on_termination on SIGINT or SIGTERM
 * from then on, and with @verbose says where it listens.  On failure prints
 * why and returns NULL, with *status the exit status. */
GSocketListener *vmsockctl_listener_new (const char     *text,
                                         gboolean        verbose,
                                         GSourceFunc     on_termination,
                                         gpointer        data,
                                         VmsockctlExit  *status);

/* Says on stderr who @connection came from. */
void vmsockctl_listener_report_peer (GSocketConnection *connection);

G_END_DECLS
