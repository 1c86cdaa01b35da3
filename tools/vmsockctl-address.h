/* vmsockctl-address.h: the addresses that connect, listen and forward take
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What to connect to: vsock:CID:PORT, hvsock:VM:SERVICE (and their URI
 * forms), vsock://VM-NAME:PORT through discovery, tcp:HOST:PORT or
 * unix:PATH.  Errors are G_OPTION_ERROR: the argument is wrong. */
GSocketConnectable *vmsockctl_address_parse_target (const char  *text,
                                                    GError     **error);

/* Adds a listening socket for @text to @listener, the same forms without
 * VM names (vsock:any:PORT, tcp:*:PORT or tcp::PORT for every interface,
 * tcp:HOST:PORT, unix:PATH).  Returns the address listened on. */
GSocketAddress *vmsockctl_address_listen (GSocketListener  *listener,
                                          const char       *text,
                                          GError          **error);

/* @address as its URI, for messages. */
char *vmsockctl_address_to_string (GSocketAddress *address);

G_END_DECLS
