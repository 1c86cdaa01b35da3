/* vmsock-i18n-private.h: translated messages inside the library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "config.h"

#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

#undef _
#define _(String) vmsock_gettext (String)

/* Binds the library's own text domain on first use, so that its messages are
 * translated whatever the program does with gettext. */
G_GNUC_INTERNAL
const char *vmsock_gettext (const char *msgid) G_GNUC_FORMAT (1);

G_END_DECLS
