/* vmsock-plugin-host-private.h: asking a plugin's provider in a process of
 * its own, so that a plugin that crashes or hangs takes only that process
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsock-plugin-info-private.h"

G_BEGIN_DECLS

/* The environment variable that names another plugin host program, for
 * running from a build tree; setuid and setgid processes ignore it. */
#define VMSOCK_PLUGIN_HOST_VARIABLE "VMSOCK_PLUGIN_HOST"

/* Lists the VMs of @provider, the proxy of the plugin that @info describes,
 * in the plugin host on that plugin: @provider's settings go along, and the
 * host's crash, failure or malformed answer becomes an error naming the
 * provider; cancelling kills the host. */
G_GNUC_INTERNAL
void vmsock_plugin_host_list_vms_async (VmsockVmProvider    *provider,
                                        VmsockPluginInfo    *info,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
G_GNUC_INTERNAL
VmsockVmListing *vmsock_plugin_host_list_vms_finish (VmsockVmProvider  *provider,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* The plugin host program: "vmsock-plugin-host PLUGIN PROVIDER
 * [PROPERTY=GVARIANT...]" writes the provider's listing, or its error, as
 * vmsock-plugin-host.c describes.  Exported for that program only; it is
 * not public API. */
VMSOCK_AVAILABLE_IN_ALL
int _vmsock_plugin_host_main (int    argc,
                              char **argv);

G_END_DECLS
