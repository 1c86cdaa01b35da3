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

/* The host's D-Bus interface (org.libvmsock.PluginHost1.xml), and where it
 * serves it. */
#define VMSOCK_PLUGIN_HOST_INTERFACE "org.libvmsock.PluginHost1"
#define VMSOCK_PLUGIN_HOST_OBJECT_PATH "/org/libvmsock/PluginHost1"
#define VMSOCK_PLUGIN_HOST_INTERFACE_RESOURCE "/org/libvmsock/glib/org.libvmsock.PluginHost1.xml"

/* One running plugin host, as its caller sees it: the process, and the
 * private D-Bus connection over its standard input and output. */
#define VMSOCK_TYPE_PLUGIN_HOST (vmsock_plugin_host_get_type ())
G_DECLARE_FINAL_TYPE (VmsockPluginHost, vmsock_plugin_host, VMSOCK, PLUGIN_HOST, GObject)

/* Starts the plugin host on the plugin that @info describes, for
 * @provider, its proxy, whose settings go along; it dies with this process
 * (and with the thread that started it, on Linux).  The host's signals and
 * its end are reported in the thread-default main context of the caller,
 * which must run for as long as the host does.  Cancelling kills it. */
G_GNUC_INTERNAL
void vmsock_plugin_host_new_async (VmsockVmProvider    *provider,
                                   VmsockPluginInfo    *info,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
G_GNUC_INTERNAL
VmsockPluginHost *vmsock_plugin_host_new_finish (GAsyncResult  *result,
                                                 GError       **error);
/* The same, waiting: only for the host's own start, before it loads the
 * plugin, not for any plugin code. */
G_GNUC_INTERNAL
VmsockPluginHost *vmsock_plugin_host_new (VmsockVmProvider  *provider,
                                          VmsockPluginInfo  *info,
                                          GError           **error);

/* Lists the provider's VMs: its listing or its own error, or an error that
 * names the provider when the host crashed, failed or answered what it must
 * not.  Cancelling kills the host with everything it started. */
G_GNUC_INTERNAL
void vmsock_plugin_host_list_vms_async (VmsockPluginHost    *host,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
G_GNUC_INTERNAL
VmsockVmListing *vmsock_plugin_host_list_vms_finish (VmsockPluginHost  *host,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* Asks the host to report the provider's changes ("vms-changed"), waiting
 * for its answer at most VMSOCK_PLUGIN_HOST_WATCH_TIME_LIMIT_MS; a host that
 * does not answer in time is killed.  Counted, as the provider's watch(). */
#define VMSOCK_PLUGIN_HOST_WATCH_TIME_LIMIT_MS 10000
G_GNUC_INTERNAL
gboolean vmsock_plugin_host_watch (VmsockPluginHost  *host,
                                   GError           **error);
G_GNUC_INTERNAL
void vmsock_plugin_host_unwatch (VmsockPluginHost *host);

/* Whether a listing is under way. */
G_GNUC_INTERNAL
gboolean vmsock_plugin_host_is_listing (VmsockPluginHost *host);

/* Kills the host and everything it started; "ended" follows. */
G_GNUC_INTERNAL
void vmsock_plugin_host_stop (VmsockPluginHost *host);

/* The same, done once the host ended, so that nothing of it is left for
 * the caller's main context to finish. */
G_GNUC_INTERNAL
void vmsock_plugin_host_end_async (VmsockPluginHost    *host,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
G_GNUC_INTERNAL
void vmsock_plugin_host_end_finish (VmsockPluginHost *host,
                                    GAsyncResult     *result);

/* The plugin host program: "vmsock-plugin-host PLUGIN-METADATA
 * [PROPERTY=GVARIANT...]" serves the provider over D-Bus on its standard
 * input and output, as vmsock-plugin-host-service.c describes.  Exported
 * for that program only; it is not public API. */
VMSOCK_AVAILABLE_IN_ALL
int _vmsock_plugin_host_main (int    argc,
                              char **argv);

G_END_DECLS
