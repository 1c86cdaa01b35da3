/* fuzz-libvirt-domain-xml.c: the vsock CID in a libvirt domain's XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "vmsock-libvirt-domain-xml.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  guint32 cid = 0;

  if (!vmsock_libvirt_domain_xml_get_cid (xml, &cid, &error))
    fuzz_check_error (error);
  return 0;
}
