/* vmsockctl-address.h: the addresses that connect, listen and forward take
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* What to connect to: what vmsock_vm_connectable_parse() takes, VMs looked
 * up by the providers (libvirt at @connections only, when not NULL), or
 * tcp:HOST:PORT or unix:PATH.  Errors are G_OPTION_ERROR: the argument is
 * wrong. */
GSocketConnectable *vmsockctl_address_parse_target (const char   *text,
                                                    char        **connections,
                                                    GError      **error);

/* What vmsock_vm_connectable_parse() takes, and the same error, as a
 * G_OPTION_ERROR; for a text without a VM socket scheme, the address it
 * most likely means. */
GSocketConnectable *vmsockctl_address_parse_vm (const char       *text,
                                                VmsockDiscovery  *discovery,
                                                GError          **error);

/* Adds a listening socket for @text to @listener, the same forms without
 * VM names (vsock:any:PORT, tcp:*:PORT or tcp::PORT for every interface,
 * tcp:HOST:PORT, unix:PATH).  Returns the address listened on. */
GSocketAddress *vmsockctl_address_listen (GSocketListener  *listener,
                                          const char       *text,
                                          GError          **error);

/* @address as its URI, for messages. */
char *vmsockctl_address_to_string (GSocketAddress *address);

G_END_DECLS
