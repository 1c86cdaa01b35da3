/* vmsockctl-registry.h: which service registry a command works on
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

#include "vmsockctl.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean user;
  gboolean system;
  char *path;
} VmsockctlRegistryOptions;

#define VMSOCKCTL_REGISTRY_OPTION_ENTRIES(options) \
  { "user", 0, 0, G_OPTION_ARG_NONE, &(options).user, \
    N_("Use the registry of the current user"), NULL }, \
  { "system", 0, 0, G_OPTION_ARG_NONE, &(options).system, \
    N_("Use the machine's registry (needs write access to it)"), NULL }, \
  { "registry", 0, 0, G_OPTION_ARG_FILENAME, &(options).path, \
    N_("Use the registry in this file"), N_("FILE") }

/* Frees what parsing the options stored in @options. */
void vmsockctl_registry_options_clear (VmsockctlRegistryOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsockctlRegistryOptions, vmsockctl_registry_options_clear)

/* The registries @options choose, user first.  Choosing none means the
 * machine's on Windows, where Hyper-V reads it; elsewhere both scopes or
 * only the user's, as @default_both says.  NULL with @error set
 * (G_OPTION_ERROR) when the options contradict each other. */
GPtrArray *vmsockctl_registry_open (const VmsockctlRegistryOptions  *options,
                                    gboolean                         default_both,
                                    GError                         **error);

/* The scope name of @registry, for output: "user", "system" or "file". */
const char *vmsockctl_registry_scope (VmsockServiceRegistry *registry);

/* Prints @error, with a hint when the system registry is not writable, and
 * returns VMSOCKCTL_EXIT_FAILURE. */
VmsockctlExit vmsockctl_registry_fail (VmsockServiceRegistry *registry,
                                       const GError          *error);

/* The options that write a .reg file. */
#define VMSOCKCTL_EXPORT_OPTION_ENTRIES(path, force, what) \
  { "export-reg", 0, 0, G_OPTION_ARG_FILENAME, &(path), what, N_("FILE") }, \
  { "force", 0, 0, G_OPTION_ARG_NONE, &(force), \
    N_("Write the .reg file to standard output even when it is a terminal"), NULL }

/* Whether the .reg file can go to @path: standard output ("-") only when it
 * is not a terminal, which would show UTF-16 garbled, unless @force.  FALSE
 * with @error set (G_OPTION_ERROR) otherwise. */
gboolean vmsockctl_registry_check_export (const char  *path,
                                          gboolean     force,
                                          GError     **error);

/* Writes the .reg file of @services to @path ("-": standard output). */
gboolean vmsockctl_registry_export_reg (GPtrArray   *services,
                                        const char  *path,
                                        GError     **error);

G_END_DECLS
