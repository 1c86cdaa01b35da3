/* vmsock-plugin-loader-private.h: loading provider plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The environment variable that names more plugin folders, searched first. */
#define VMSOCK_PLUGIN_PATH_VARIABLE "VMSOCK_PLUGIN_PATH"

/* Loads the plugins of the folders in VMSOCK_PLUGIN_PATH (unless the process
 * is setuid or setgid) and of the installed plugin folder, once per process.
 * Returns a new instance of every provider they implement, in priority order,
 * and sets @failures to a new table of plugin name → GError for each plugin
 * that could not be loaded. */
G_GNUC_INTERNAL
GPtrArray *vmsock_plugins_load_providers (GHashTable **failures);

/* The plugin file that provider type @provider_type came from, or NULL for a
 * type that no plugin registered. */
G_GNUC_INTERNAL
const char *vmsock_plugins_get_file (GType provider_type);

/* Loads the one plugin in @path, in a process that loaded no other, and
 * returns a new instance of every provider it implements. */
G_GNUC_INTERNAL
GPtrArray *vmsock_plugins_load_file (const char  *path,
                                     GError     **error);

G_END_DECLS
