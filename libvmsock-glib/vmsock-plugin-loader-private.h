/* vmsock-plugin-loader-private.h: loading provider plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vmsock-version-macros.h"

G_BEGIN_DECLS

/* The environment variable that names more plugin folders, searched first. */
#define VMSOCK_PLUGIN_PATH_VARIABLE "VMSOCK_PLUGIN_PATH"

/* The providers of the plugins in the folders of VMSOCK_PLUGIN_PATH (unless
 * the process is setuid or setgid) and in the installed plugin folder, as
 * their metadata describes them, highest priority first: new proxies that
 * run each query in the plugin host.  Sets @failures to a table of plugin
 * (its metadata file's name, or a refused folder) → GError for each plugin
 * that cannot be used.  The folders are read once per process; no plugin
 * code runs here. */
G_GNUC_INTERNAL
GPtrArray *vmsock_plugins_load_providers (GHashTable **failures);

/* Loads the module @path, in the plugin host, and returns a new instance of
 * every provider it implements. */
G_GNUC_INTERNAL
GPtrArray *vmsock_plugins_load_module (const char  *path,
                                       GError     **error);

/* The same, for tests that load a plugin in their own process as the
 * plugin host does.  Exported for them only; it is not public API. */
VMSOCK_AVAILABLE_IN_ALL
GPtrArray *_vmsock_plugins_load_module (const char  *path,
                                        GError     **error);

G_END_DECLS
