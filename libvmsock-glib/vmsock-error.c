/* vmsock-error.c: the library's own error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"

/* The domain's errors as D-Bus errors, as the plugin host sends a
 * provider's error; in the order of VmsockError. */
static const GDBusErrorEntry dbus_errors[] = {
  { VMSOCK_ERROR_FAILED, "org.libvmsock.Error.Failed" },
  { VMSOCK_ERROR_PROVIDER_UNAVAILABLE, "org.libvmsock.Error.ProviderUnavailable" },
  { VMSOCK_ERROR_INVALID_DATA, "org.libvmsock.Error.InvalidData" },
  { VMSOCK_ERROR_TIMED_OUT, "org.libvmsock.Error.TimedOut" },
  { VMSOCK_ERROR_VM_NOT_FOUND, "org.libvmsock.Error.VmNotFound" },
  { VMSOCK_ERROR_VM_AMBIGUOUS, "org.libvmsock.Error.VmAmbiguous" },
  { VMSOCK_ERROR_VM_UNREACHABLE, "org.libvmsock.Error.VmUnreachable" },
  { VMSOCK_ERROR_SERVICE_NOT_FOUND, "org.libvmsock.Error.ServiceNotFound" },
  { VMSOCK_ERROR_SERVICE_CONFLICT, "org.libvmsock.Error.ServiceConflict" },
};

/**
 * vmsock_error_quark:
 *
 * Gets the error domain of discovery and the service registry, which
 * [error@Vmsock.Error] describes.  Its errors cross D-Bus as
 * `org.libvmsock.Error.*` names (`org.libvmsock.Error.ProviderUnavailable`
 * for %VMSOCK_ERROR_PROVIDER_UNAVAILABLE), which GDBus turns back into this
 * domain and code.
 *
 * Returns: the quark of the domain, `VMSOCK_ERROR`
 *
 * Since: 0.1
 */
GQuark
vmsock_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("vmsock-error-quark", &quark, dbus_errors, G_N_ELEMENTS (dbus_errors));
  return (GQuark) quark;
}

GStrv
vmsock_error_table_get_names (GHashTable *errors)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (errors), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}
