/* vmsock-plugin.h: the entry points of VM-discovery provider plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-vm-provider.h>

G_BEGIN_DECLS

/**
 * VMSOCK_DEFINE_PLUGIN:
 * @module_name: the module's name, as derived from its file name
 * @register_func: the function, `void register_func (GIOModule *module)`,
 *   that registers the plugin's provider type with the module and
 *   implements the extension point with it
 *
 * Defines and exports the three functions that make a shared module a
 * provider plugin: `g_io_MODULE_load()`, which calls @register_func,
 * `g_io_MODULE_unload()`, which does nothing, and `g_io_MODULE_query()`,
 * which names [const@Vmsock.VM_PROVIDER_EXTENSION_POINT_NAME].
 *
 * The plugin host finds them by the module's file name, as GIO does: it
 * drops a leading `lib`, cuts the name at its first dot, and turns dashes
 * into underscores. The module `libvmsock-example.so`
 * (`libvmsock-example.dll` on Windows) is `vmsock_example`, and exports
 * `g_io_vmsock_example_load()`:
 *
 * ```c
 * VMSOCK_DEFINE_PLUGIN (vmsock_example, example_provider_register)
 * ```
 *
 * @module_name may be a macro that expands to the name. The load function
 * takes no other action: a plugin with translated messages binds its own
 * gettext domain in @register_func.
 *
 * Since: 0.1
 */
#define VMSOCK_DEFINE_PLUGIN(module_name, register_func) \
  _VMSOCK_DEFINE_PLUGIN_ENTRY_POINTS (G_PASTE (g_io_, module_name), register_func)

/* Takes the entry points' common prefix, expanded, as g_io_vmsock_example. */
#define _VMSOCK_DEFINE_PLUGIN_ENTRY_POINTS(prefix, register_func)                      \
  G_MODULE_EXPORT void G_PASTE (prefix, _load) (GIOModule *module);                     \
  G_MODULE_EXPORT void G_PASTE (prefix, _unload) (GIOModule *module);                   \
  G_MODULE_EXPORT char **G_PASTE (prefix, _query) (void);                               \
                                                                                        \
  G_MODULE_EXPORT void                                                                  \
  G_PASTE (prefix, _load) (GIOModule *module)                                           \
  {                                                                                     \
    register_func (module);                                                             \
  }                                                                                     \
                                                                                        \
  G_MODULE_EXPORT void                                                                  \
  G_PASTE (prefix, _unload) (GIOModule *module)                                         \
  {                                                                                     \
    (void) module;                                                                      \
  }                                                                                     \
                                                                                        \
  G_MODULE_EXPORT char **                                                               \
  G_PASTE (prefix, _query) (void)                                                       \
  {                                                                                     \
    const char *extension_points[] = { VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME, NULL }; \
                                                                                        \
    return g_strdupv ((char **) extension_points);                                      \
  }

G_END_DECLS
