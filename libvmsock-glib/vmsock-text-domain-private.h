/* vmsock-text-domain-private.h: the message catalogs of the library and its
 * tools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once


#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* Binds GETTEXT_PACKAGE, shared by the library and vmsockctl, to its
 * catalogs: those installed under LOCALEDIR, or those in the folder that
 * VMSOCK_LOCALEDIR names, for running from a build tree. Exported for
 * vmsockctl only; it is not public API. */
VMSOCK_AVAILABLE_IN_ALL
void _vmsock_bind_text_domain (void);

G_END_DECLS
