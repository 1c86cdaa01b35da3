/* vmsock-plugin-info-private.h: what a plugin's metadata file says
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The suffix of plugin metadata files. */
#define VMSOCK_PLUGIN_INFO_SUFFIX ".plugin"

#define VMSOCK_TYPE_PLUGIN_INFO (vmsock_plugin_info_get_type ())
G_GNUC_INTERNAL
G_DECLARE_FINAL_TYPE (VmsockPluginInfo, vmsock_plugin_info, VMSOCK, PLUGIN_INFO, GObject)

/* Reads the metadata file @path: a key file whose [Plugin] group names the
 * Module beside it, the Provider it implements, a Description, the
 * Platforms it applies to (linux, wsl, windows), what it Requires (systemd)
 * and its Priority; and one [Property NAME] group, with a GVariant Type and
 * a Description, for each setting the provider takes.  Anything else is
 * VMSOCK_ERROR_INVALID_DATA naming the file.  No code of the plugin runs. */
G_GNUC_INTERNAL
VmsockPluginInfo *vmsock_plugin_info_new_for_file (const char  *path,
                                                   GError     **error);

/* The metadata file, and the module file beside it. */
G_GNUC_INTERNAL
const char *vmsock_plugin_info_get_file (VmsockPluginInfo *info);
G_GNUC_INTERNAL
const char *vmsock_plugin_info_get_module (VmsockPluginInfo *info);

G_GNUC_INTERNAL
const char *vmsock_plugin_info_get_provider (VmsockPluginInfo *info);
G_GNUC_INTERNAL
const char *vmsock_plugin_info_get_description (VmsockPluginInfo *info);
G_GNUC_INTERNAL
int vmsock_plugin_info_get_priority (VmsockPluginInfo *info);

/* The provider's settings, as GParamSpecs (element-type GParamSpec). */
G_GNUC_INTERNAL
GPtrArray *vmsock_plugin_info_get_properties (VmsockPluginInfo *info);

/* Whether the provider can work on this machine; if not, @reason (when not
 * NULL) says why. */
G_GNUC_INTERNAL
gboolean vmsock_plugin_info_applies (VmsockPluginInfo  *info,
                                     char             **reason);

G_END_DECLS
