/* vmsock-file-error.c: the errors of opening and reading a file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "vmsock-file-error-private.h"
#include "vmsock-i18n-private.h"

int
vmsock_file_error_from_errno (GError **error,
                              int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return -1;
}

int
vmsock_file_error_not_regular (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       _("it is not a regular file"));
  return -1;
}
