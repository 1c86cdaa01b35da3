/* vmsockctl-relay.h: moving data both ways between two endpoints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VmsockctlRelay VmsockctlRelay;

/* Called from an idle source in the thread-default main context of the
 * caller of vmsockctl_relay_new(), once both directions have ended. */
typedef void (*VmsockctlRelayDone) (VmsockctlRelay *relay,
                                    gpointer        data);

/* A relay between two connections, or between one and standard input and
 * output (@second NULL).  Each direction runs in a thread of its own; when
 * one side ends its data, the other side's writing is shut down, and the
 * other direction goes on (half-close). */
VmsockctlRelay *vmsockctl_relay_new (GSocketConnection  *first,
                                     GSocketConnection  *second,
                                     VmsockctlRelayDone  done,
                                     gpointer            data);
void vmsockctl_relay_start (VmsockctlRelay *relay);

/* Ends both directions now; done is still called. */
void vmsockctl_relay_abort (VmsockctlRelay *relay);

/* The first failure of either direction, if any. */
const GError *vmsockctl_relay_get_error (VmsockctlRelay *relay);

/* Waits for the threads and frees @relay; call it from done. */
void vmsockctl_relay_free (VmsockctlRelay *relay);

/* Relays @connection with standard input and output until both directions
 * end, or SIGINT or SIGTERM. */
gboolean vmsockctl_relay_stdio (GSocketConnection  *connection,
                                GError            **error);

G_END_DECLS
