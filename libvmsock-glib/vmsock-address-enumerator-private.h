/* vmsock-address-enumerator-private.h: what a VM socket address enumerates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_ADDRESS_ENUMERATOR (vmsock_address_enumerator_get_type ())
G_GNUC_INTERNAL
G_DECLARE_FINAL_TYPE (VmsockAddressEnumerator, vmsock_address_enumerator, VMSOCK, ADDRESS_ENUMERATOR,
                      GSocketAddressEnumerator)

/* Enumerates @connectable, a VM socket address, once; where this system
 * cannot make sockets of its family, fails with the reason instead.  No
 * proxy is asked: none can carry these families.  Fits
 * GSocketConnectableIface's enumerate and proxy_enumerate. */
G_GNUC_INTERNAL
GSocketAddressEnumerator *vmsock_address_enumerator_new (GSocketConnectable *connectable);

G_END_DECLS
