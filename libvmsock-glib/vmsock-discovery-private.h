/* vmsock-discovery-private.h: asking some of a discovery's providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-discovery.h"

G_BEGIN_DECLS

/* Asks @providers, some of @discovery's, for their VMs as
 * vmsock_discovery_list_vms_async() asks all of them: at once, each within
 * the discovery's time limit.  vmsock_discovery_list_vms_finish() finishes
 * it. */
G_GNUC_INTERNAL
void vmsock_discovery_list_providers_async (VmsockDiscovery     *discovery,
                                            GPtrArray           *providers,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
