/* vmsock-plugin-module.h: the entry points every provider plugin exports
 *
 * GIO derives the names from the module's file name: libvmsock-libvirt.so
 * exports g_io_vmsock_libvirt_load, _unload and _query.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include <libvmsock-glib/vmsock.h>
#include <libvmsock-glib/vmsock-text-domain-private.h>

/* Defines the entry points of plugin @name (as in g_io_vmsock_NAME_load),
 * whose load function calls @register_provider with the GIOModule. */
#define VMSOCK_DEFINE_PLUGIN(name, register_provider)                                    \
  G_MODULE_EXPORT void g_io_vmsock_##name##_load (GIOModule *module);                   \
  G_MODULE_EXPORT void g_io_vmsock_##name##_unload (GIOModule *module);                 \
  G_MODULE_EXPORT char **g_io_vmsock_##name##_query (void);                             \
                                                                                         \
  G_MODULE_EXPORT void                                                                   \
  g_io_vmsock_##name##_load (GIOModule *module)                                          \
  {                                                                                      \
    _vmsock_bind_text_domain ();                                                         \
    register_provider (module);                                                          \
  }                                                                                      \
                                                                                         \
  G_MODULE_EXPORT void                                                                   \
  g_io_vmsock_##name##_unload (GIOModule *module)                                        \
  {                                                                                      \
  }                                                                                      \
                                                                                         \
  G_MODULE_EXPORT char **                                                                \
  g_io_vmsock_##name##_query (void)                                                      \
  {                                                                                      \
    const char *extension_points[] = { VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME, NULL };  \
                                                                                         \
    return g_strdupv ((char **) extension_points);                                       \
  }
