/* SPDX-License-Identifier: LGPL-2.1-or-later */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* Adds a listening vsock address on a port the kernel picks; returns it. */
guint32 guest_listen_on_any_port (GSocketListener *listener,
                                  GSocketType      type);

/* A port nobody listens on: bound once, then released. */
guint32 guest_unused_port (void);

/* vsock:local:PORT, this machine through the loopback transport. */
GSocketAddress *guest_local_address (guint32 port);

G_END_DECLS
