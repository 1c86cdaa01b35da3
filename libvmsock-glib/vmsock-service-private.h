/* vmsock-service-private.h: what both socket services share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Connects, ahead of any user's handler, the "incoming" handler that marks
 * each accepted VM socket connected. */
G_GNUC_INTERNAL
void vmsock_service_watch_incoming (GSocketService *service);

G_END_DECLS
