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

/* Binds a socket to @address, listens on it and adds it to @listener;
 * *@effective is then the address listened on (with the port chosen for
 * port 0).  A Unix socket file goes away with @listener. */
gboolean vmsockctl_listener_add_address (GSocketListener  *listener,
                                         GSocketAddress   *address,
                                         GSocketAddress  **effective,
                                         GError          **error);

/* The GSockets that @listener, made by vmsockctl_listener_new(), listens
 * on. */
GPtrArray *vmsockctl_listener_get_sockets (GSocketListener *listener);

/* Says on stderr who @connection came from. */
void vmsockctl_listener_report_peer (GSocketConnection *connection);

G_END_DECLS
