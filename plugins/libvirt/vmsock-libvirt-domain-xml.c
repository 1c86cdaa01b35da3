/* vmsock-libvirt-domain-xml.c: what a libvirt domain's XML says about vsock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-error-private.h"
#include "vmsock-libvirt-domain-xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

gboolean
vmsock_libvirt_domain_xml_get_cid (const char  *xml,
                                   guint32     *cid,
                                   GError     **error)
{
  g_autoptr(xmlParserCtxt) parser = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(xmlXPathObject) result = NULL;
  xmlNodeSetPtr nodes;
  xmlChar *content;
  g_autofree char *address = NULL;
  guint64 value;

  /* The context's own error: libxml2's last error may be an earlier one. */
  parser = xmlNewParserCtxt ();
  if (parser != NULL)
    doc = xmlCtxtReadMemory (parser, xml, strlen (xml), "domain.xml", NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      const xmlError *xml_error = parser != NULL ? xmlCtxtGetLastError (parser) : NULL;
      g_autofree char *reason = xml_error != NULL && xml_error->message != NULL
                                ? vmsock_printable_text (xml_error->message, -1)
                                : g_strdup (_("unknown error"));

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The domain XML is malformed: %s"), reason);
      return FALSE;
    }

  context = xmlXPathNewContext (doc);
  if (xmlDocGetRootElement (doc) == NULL ||
      !xmlStrEqual (xmlDocGetRootElement (doc)->name, BAD_CAST "domain"))
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("The domain XML has no <domain> element"));
      return FALSE;
    }

  result = xmlXPathEvalExpression (BAD_CAST "/domain/devices/vsock/cid/@address", context);
  nodes = result != NULL ? result->nodesetval : NULL;
  if (nodes == NULL || nodes->nodeNr == 0)
    {
      *cid = VMSOCK_VSOCK_CID_ANY;
      return TRUE;
    }

  content = xmlNodeGetContent (nodes->nodeTab[0]);
  address = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  if (!g_ascii_isdigit (address[0]) ||
      !g_ascii_string_to_unsigned (address, 10, 0, G_MAXUINT32, &value, NULL))
    {
      g_autofree char *quoted = vmsock_printable_quote (address, -1);

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The domain XML has a vsock CID that is not a 32-bit number: “%s”"),
                   quoted);
      return FALSE;
    }

  *cid = (guint32) value;
  return TRUE;
}
