/* vmsock-plugin-proxy-private.h: a plugin's provider, as the caller sees it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-plugin-info-private.h"
#include "vmsock-vm-provider.h"

G_BEGIN_DECLS

/* A provider known from its plugin's metadata alone: named as the metadata
 * says, with the settings it declares as properties, and each query run in
 * the plugin host.  Creating one loads no code of the plugin. */
G_GNUC_INTERNAL
VmsockVmProvider *vmsock_plugin_proxy_new (VmsockPluginInfo *info);

/* The metadata behind @provider, or NULL when it is not a plugin's. */
G_GNUC_INTERNAL
VmsockPluginInfo *vmsock_plugin_proxy_get_info (VmsockVmProvider *provider);

G_END_DECLS
