/* hcsdiag-module.c: the entry points of the hcsdiag provider plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-hcsdiag-provider.h"

G_MODULE_EXPORT void g_io_vmsock_hcsdiag_load (GIOModule *module);
G_MODULE_EXPORT void g_io_vmsock_hcsdiag_unload (GIOModule *module);
G_MODULE_EXPORT char **g_io_vmsock_hcsdiag_query (void);

G_MODULE_EXPORT void
g_io_vmsock_hcsdiag_load (GIOModule *module)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  vmsock_hcsdiag_provider_register (module);
}

G_MODULE_EXPORT void
g_io_vmsock_hcsdiag_unload (GIOModule *module)
{
}

G_MODULE_EXPORT char **
g_io_vmsock_hcsdiag_query (void)
{
  const char *extension_points[] = { VMSOCK_VM_PROVIDER_EXTENSION_POINT_NAME, NULL };

  return g_strdupv ((char **) extension_points);
}
