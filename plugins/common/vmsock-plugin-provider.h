/* vmsock-plugin-provider.h: what the providers of the plugins share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* A listing of @vms (a GPtrArray of VmsockVm), with no failed source. */
VmsockVmListing *vmsock_plugin_listing_new_for_vms (GPtrArray *vms);

/* list_vms_finish for providers whose list_vms_async returns the listing
 * from a GTask whose source object is the provider. */
VmsockVmListing *vmsock_plugin_list_vms_finish (VmsockVmProvider  *provider,
                                                GAsyncResult      *result,
                                                GError           **error);

/* What a provider does at the first of its watches, and after the last. */
typedef gboolean (*VmsockPluginWatchStart) (VmsockVmProvider  *provider,
                                            GError           **error);
typedef void (*VmsockPluginWatchStop) (VmsockVmProvider *provider);

/* watch for a provider that counts its watches in @watches: the first
 * calls @start, and counts only if that succeeds; the others only count. */
gboolean vmsock_plugin_watch_counted (VmsockVmProvider        *provider,
                                      guint                   *watches,
                                      VmsockPluginWatchStart   start,
                                      GError                 **error);

/* unwatch for such a provider: the end of the last watch calls @stop. */
void vmsock_plugin_unwatch_counted (VmsockVmProvider      *provider,
                                    guint                 *watches,
                                    VmsockPluginWatchStop  stop);

G_END_DECLS
