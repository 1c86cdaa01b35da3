/* vmsockctl-relay.h: moving data both ways between two endpoints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vmsockctl-platform.h"

G_BEGIN_DECLS

typedef struct _VmsockctlRelay VmsockctlRelay;

/* -i/--idle-timeout: how long a relayed connection may move no data. */
#define VMSOCKCTL_IDLE_OPTION_ENTRY(seconds) \
  { "idle-timeout", 'i', 0, G_OPTION_ARG_DOUBLE, &(seconds), \
    N_("Close a connection when no data has moved either way for this long (default: 0, never)"), \
    N_("SECONDS") }

/* The idle timeout of -i in milliseconds; FALSE with @error set
 * (G_OPTION_ERROR) when @seconds is out of range. */
gboolean vmsockctl_relay_idle_option (double    seconds,
                                      guint    *milliseconds,
                                      GError  **error);

/* Called in the thread-default main context of the caller of
 * vmsockctl_relay_new(), never from vmsockctl_relay_start() itself, once
 * both directions have ended. */
typedef void (*VmsockctlRelayDone) (VmsockctlRelay *relay,
                                    gpointer        data);

/* A relay between two connections.  Where the platform can, the main
 * context drives both directions (vmsockctl_platform_watch_copy()); each
 * runs in a thread of its own otherwise.  When one side ends its data, the
 * other side's writing is shut down, and the other direction goes on
 * (half-close). */
VmsockctlRelay *vmsockctl_relay_new (GSocketConnection  *first,
                                     GSocketConnection  *second,
                                     VmsockctlRelayDone  done,
                                     gpointer            data);

/* A relay between @connection and what is read from @input and written to
 * @output, such as standard input and output or a program's pipes; @output
 * is closed when @connection's data ends, @input is left open. */
VmsockctlRelay *vmsockctl_relay_new_local (GSocketConnection  *connection,
                                           VmsockctlEndpoint   input,
                                           VmsockctlEndpoint   output,
                                           VmsockctlRelayDone  done,
                                           gpointer            data);

/* Ends the relay, with a G_IO_ERROR_TIMED_OUT error, once no data has moved
 * either way for this long (0, the default: never).  Call before starting. */
void vmsockctl_relay_set_idle_timeout (VmsockctlRelay *relay,
                                       guint           milliseconds);

void vmsockctl_relay_start (VmsockctlRelay *relay);

/* Ends both directions now; done is still called. */
void vmsockctl_relay_abort (VmsockctlRelay *relay);

/* The first failure of either direction, if any. */
const GError *vmsockctl_relay_get_error (VmsockctlRelay *relay);

/* Waits for the threads, if any, and frees @relay; call it from done. */
void vmsockctl_relay_free (VmsockctlRelay *relay);

/* Relays @connection with standard input and output until both directions
 * end, nothing moves for @idle_timeout_ms (0: no limit), or SIGINT or
 * SIGTERM. */
gboolean vmsockctl_relay_stdio (GSocketConnection  *connection,
                                guint               idle_timeout_ms,
                                GError            **error);

G_END_DECLS
