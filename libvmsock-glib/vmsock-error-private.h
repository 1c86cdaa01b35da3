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

/* The @length bytes at @text (-1: up to its end) as text fit to quote in a
 * message: valid UTF-8 as it is, control and format characters escaped
 * (\n, \r, \t, or \xHH for each of their bytes), and each byte that is
 * not UTF-8 as \xHH.  The plugins link vmsock-printable.c too. */
G_GNUC_INTERNAL
char *vmsock_printable_quote (const char *text,
                              gssize      length);

/* The same for what another program printed, without the white space
 * around it. */
G_GNUC_INTERNAL
char *vmsock_printable_text (const char *text,
                             gssize      length);

G_END_DECLS
