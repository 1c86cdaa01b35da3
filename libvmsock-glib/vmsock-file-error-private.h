/* vmsock-file-error-private.h: the errors of opening and reading a file
 *
 * The platforms open and read files with different calls but fail alike:
 * both report errno, and both refuse what is not a regular file.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets @error to the GIO error for @saved_errno, with the system's message
 * (which leaves out the path), and returns -1. */
G_GNUC_INTERNAL
int vmsock_file_error_from_errno (GError **error,
                                  int      saved_errno);

/* Sets @error to G_IO_ERROR_NOT_REGULAR_FILE and returns -1. */
G_GNUC_INTERNAL
int vmsock_file_error_not_regular (GError **error);

G_END_DECLS
