/* vmsock-socket-address.h: the address grammar and conversions for both families
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_address_parse (const char  *text,
                                             GError     **error);
VMSOCK_AVAILABLE_IN_0_1
char *vmsock_socket_address_to_uri (GSocketAddress *address);

VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_address_new_from_native (gconstpointer   native,
                                                       gsize           length,
                                                       GError        **error);
VMSOCK_AVAILABLE_IN_0_1
GSocketAddress *vmsock_socket_address_convert (GSocketAddress  *address,
                                               GError         **error);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_address_is_vm (GSocketAddress *address);
VMSOCK_AVAILABLE_IN_0_1
int vmsock_socket_address_get_family (GSocketAddress *address);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_socket_address_equal (GSocketAddress *a,
                                      GSocketAddress *b);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_socket_address_hash (GSocketAddress *address);

G_END_DECLS
