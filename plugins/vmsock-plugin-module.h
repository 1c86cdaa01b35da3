/* vmsock-plugin-module.h: the entry points of the plugins that come with the
 * library
 *
 * They are those of every plugin (VMSOCK_DEFINE_PLUGIN() of the public
 * <libvmsock-glib/vmsock-plugin.h>), with one step first: these plugins'
 * messages are in the library's catalogs, which their load function binds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "config.h"

#include <libvmsock-glib/vmsock.h>
#include <libvmsock-glib/vmsock-text-domain-private.h>

/* VMSOCK_DEFINE_PLUGIN() for the module @module_name (such as
 * vmsock_libvirt), whose load function binds the library's text domain and
 * then calls @register_provider with the GIOModule. */
#define VMSOCK_DEFINE_BUNDLED_PLUGIN(module_name, register_provider) \
  static void                                                        \
  G_PASTE (module_name, _load_translated) (GIOModule *module)        \
  {                                                                  \
    _vmsock_bind_text_domain ();                                     \
    register_provider (module);                                      \
  }                                                                  \
                                                                     \
  VMSOCK_DEFINE_PLUGIN (module_name, G_PASTE (module_name, _load_translated))
