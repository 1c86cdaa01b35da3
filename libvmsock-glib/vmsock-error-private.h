/* vmsock-error-private.h: tables of errors by name, and text from elsewhere
 * made fit for a message
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sorted names of a table of name → GError. */
G_GNUC_INTERNAL
GStrv vmsock_error_table_get_names (GHashTable *errors);

/* The @length bytes at @text (-1: up to its end) as valid UTF-8 without
 * surrounding white space and with control characters escaped (\n, \r,
 * \t, \xHH), so that a message can quote what another program printed. */
G_GNUC_INTERNAL
char *vmsock_printable_text (const char *text,
                             gssize      length);

G_END_DECLS
