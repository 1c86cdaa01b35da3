/* vmsock-wsa-error-private.h: Windows socket errors as GErrors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

#ifdef G_OS_WIN32
/* Sets @error from a WSAGetLastError() code, as "WHAT: the system's message"
 * (only the message when @what is NULL), and returns FALSE.  Exported for vmsockctl only; it is not public API. */
VMSOCK_AVAILABLE_IN_ALL
gboolean _vmsock_set_wsa_error (GError     **error,
                                int          wsa_error,
                                const char  *what);
#endif

G_END_DECLS
