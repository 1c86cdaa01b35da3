/* vmsock-duration-private.h: time limits as messages say them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* @milliseconds in seconds, as people give time limits: "10 seconds",
 * "1.5 seconds", "0.25 seconds"; translated, with the locale's decimal
 * separator.  Exported for vmsockctl only; it is not public API. */
VMSOCK_AVAILABLE_IN_ALL
char *_vmsock_duration_to_string (guint milliseconds);

G_END_DECLS
