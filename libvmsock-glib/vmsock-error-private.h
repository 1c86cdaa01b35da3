/* vmsock-error-private.h: tables of errors by name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sorted names of a table of name → GError. */
G_GNUC_INTERNAL
GStrv vmsock_error_table_get_names (GHashTable *errors);

G_END_DECLS
