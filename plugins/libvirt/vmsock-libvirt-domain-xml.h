/* vmsock-libvirt-domain-xml.h: what a libvirt domain's XML says about vsock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the vsock CID from a domain's live XML (<devices><vsock><cid
 * address='N'/>), setting @cid to VMSOCK_VSOCK_CID_ANY when the domain has no
 * vsock device or no CID yet.  Malformed XML or a CID that is not a 32-bit
 * number is VMSOCK_ERROR_INVALID_DATA. */
gboolean vmsock_libvirt_domain_xml_get_cid (const char  *xml,
                                            guint32     *cid,
                                            GError     **error);

G_END_DECLS
