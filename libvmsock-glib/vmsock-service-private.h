/* vmsock-service-private.h: what both socket services share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The listen backlog both services start with.  GIO's default of 10 makes
 * the kernel refuse most of a burst of connections; 128 was Linux's
 * SOMAXCONN for decades and is still the floor of its net.core.somaxconn. */
#define VMSOCK_SERVICE_LISTEN_BACKLOG 128

/* Gives @object_class, a service class, a "listen-backlog" property that
 * stands in for GSocketListener's, with VMSOCK_SERVICE_LISTEN_BACKLOG as its
 * default (GObject then sets it, not the inherited one, at construction, so
 * a value given to g_object_new() still wins), and the get_property and
 * set_property that keep its value in GSocketListener.  The class has no
 * other property of its own. */
G_GNUC_INTERNAL
void vmsock_service_class_install_listen_backlog (GObjectClass *object_class);

/* Connects, ahead of any user's handler, the "incoming" handler that marks
 * each accepted VM socket connected. */
G_GNUC_INTERNAL
void vmsock_service_watch_incoming (GSocketService *service);

G_END_DECLS
