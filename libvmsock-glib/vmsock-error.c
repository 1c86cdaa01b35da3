/* vmsock-error.c: the library's own error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-error.h"
#include "vmsock-error-private.h"

/**
 * vmsock_error_quark:
 *
 * Gets the error domain of discovery and the service registry, which
 * [error@Vmsock.Error] describes.
 *
 * Returns: the quark of the domain, `VMSOCK_ERROR`
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (vmsock-error-quark, vmsock_error)

GStrv
vmsock_error_table_get_names (GHashTable *errors)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (errors), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}
