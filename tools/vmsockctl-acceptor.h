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

/* Accepts on @listener, made by vmsockctl_listener_new(), one connection
 * per vmsockctl_acceptor_next(); with @verbose says who connected.  A
 * failure to accept (such as no descriptor left) is said once per streak and
 * tried again after a pause, as the connection stays queued. */
VmsockctlAcceptor *vmsockctl_acceptor_new (GSocketListener   *listener,
                                           gboolean           verbose,
                                           VmsockctlAccepted  accepted,
                                           gpointer           data);

/* Accepts the next connection, unless stopped: in the main context, when
 * one comes, or right away from within @accepted for one already queued. */
void vmsockctl_acceptor_next (VmsockctlAcceptor *acceptor);

/* Accepts no more and closes the listener, so that nothing more queues. */
void vmsockctl_acceptor_stop (VmsockctlAcceptor *acceptor);

void vmsockctl_acceptor_free (VmsockctlAcceptor *acceptor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockctlAcceptor, vmsockctl_acceptor_free)

G_END_DECLS
