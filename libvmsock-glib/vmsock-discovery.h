/* vmsock-discovery.h: asking every VM-discovery provider at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-version-macros.h>
#include <libvmsock-glib/vmsock-vm-listing.h>

G_BEGIN_DECLS

/**
 * VMSOCK_DISCOVERY_DEFAULT_PROVIDER_TIMEOUT:
 *
 * How long, in milliseconds, a provider may take to answer by default.
 *
 * Since: 0.1
 */
#define VMSOCK_DISCOVERY_DEFAULT_PROVIDER_TIMEOUT 10000

#define VMSOCK_TYPE_DISCOVERY (vmsock_discovery_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockDiscovery, vmsock_discovery, VMSOCK, DISCOVERY, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockDiscovery *vmsock_discovery_new (void);
VMSOCK_AVAILABLE_IN_0_1
VmsockDiscovery *vmsock_discovery_new_for_providers (GPtrArray *providers);
VMSOCK_AVAILABLE_IN_0_1
VmsockDiscovery *vmsock_discovery_new_for_names (const char * const  *names,
                                                 GError             **error);

VMSOCK_AVAILABLE_IN_0_1
GStrv vmsock_discovery_get_failed_plugins (VmsockDiscovery *discovery);
VMSOCK_AVAILABLE_IN_0_1
GStrv vmsock_discovery_get_inapplicable_providers (VmsockDiscovery *discovery);
VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_discovery_get_inapplicable_reason (VmsockDiscovery *discovery,
                                                      const char      *provider);
VMSOCK_AVAILABLE_IN_0_1
const GError *vmsock_discovery_get_plugin_error (VmsockDiscovery *discovery,
                                                 const char      *plugin);

VMSOCK_AVAILABLE_IN_0_1
GPtrArray *vmsock_discovery_get_providers (VmsockDiscovery *discovery);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_discovery_get_provider_timeout (VmsockDiscovery *discovery);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_discovery_set_provider_timeout (VmsockDiscovery *discovery,
                                            guint            timeout_ms);

VMSOCK_AVAILABLE_IN_0_1
void vmsock_discovery_list_vms_async (VmsockDiscovery     *discovery,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
VMSOCK_AVAILABLE_IN_0_1
VmsockVmListing *vmsock_discovery_list_vms_finish (VmsockDiscovery  *discovery,
                                                   GAsyncResult     *result,
                                                   GError          **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockVmListing *vmsock_discovery_list_vms (VmsockDiscovery  *discovery,
                                            GCancellable     *cancellable,
                                            GError          **error);

G_END_DECLS
