/* vmsockctl-acceptor.h: accepting connection after connection, as listen,
 * forward and bench serve do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VmsockctlAcceptor VmsockctlAcceptor;

/* Gets each connection accepted, which it then owns. */
typedef void (*VmsockctlAccepted) (GSocketConnection *connection,
                                   gpointer           data);

/* Accepts on @listener, one connection per vmsockctl_acceptor_next(); with
 * @verbose says who connected.  A failure to accept (such as no descriptor
 * left) is said once per streak and tried again after a pause, as the
 * connection stays queued. */
VmsockctlAcceptor *vmsockctl_acceptor_new (GSocketListener   *listener,
                                           gboolean           verbose,
                                           VmsockctlAccepted  accepted,
                                           gpointer           data);

/* Accepts the next connection, unless accepting is under way or stopped. */
void vmsockctl_acceptor_next (VmsockctlAcceptor *acceptor);

/* Accepts no more and closes the listener, so that nothing more queues. */
void vmsockctl_acceptor_stop (VmsockctlAcceptor *acceptor);

/* Whether an accept is under way: the main context must run until it is
 * not before the acceptor is freed. */
gboolean vmsockctl_acceptor_is_busy (VmsockctlAcceptor *acceptor);

void vmsockctl_acceptor_free (VmsockctlAcceptor *acceptor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockctlAcceptor, vmsockctl_acceptor_free)

G_END_DECLS
