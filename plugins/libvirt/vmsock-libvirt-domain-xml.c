/* vmsock-libvirt-domain-xml.c: what a libvirt domain's XML says about vsock
 *
 * The CID is one attribute of a document the provider reads once per
 * domain, so libxml2's SAX2 parser reads it as the document goes by:
 * building a tree and searching it with XPath cost several times more.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-error-private.h"
#include "vmsock-libvirt-domain-xml.h"

/* The elements from the root to the CID, all without a namespace. */
static const char * const cid_path[] = { "domain", "devices", "vsock", "cid" };

typedef struct
{
  guint depth;          /* of the next element to start: 0 for the root */
  guint on_path;        /* how many of the open elements follow cid_path */
  gboolean is_domain;   /* whether the root element is <domain> */
  char *address;        /* the address attribute of the first CID that has one */
} CidSearch;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

/* The value of the attribute @name without a namespace, or NULL; SAX2 gives
 * each attribute as five pointers: local name, prefix, namespace URI, and
 * the start and end of its value. */
static char *
attribute_value (int             n_attributes,
                 const xmlChar **attributes,
                 const char     *name)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **attribute = attributes + 5 * i;

      if (attribute[2] == NULL && xmlStrEqual (attribute[0], BAD_CAST name))
        return g_strndup ((const char *) attribute[3], attribute[4] - attribute[3]);
    }
  return NULL;
}

static void
on_start_element (void           *data,
                  const xmlChar  *local_name,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  CidSearch *search = data;

  if (search->depth == 0)
    search->is_domain = xmlStrEqual (local_name, BAD_CAST cid_path[0]);
  if (search->on_path == search->depth && search->depth < G_N_ELEMENTS (cid_path) &&
      uri == NULL && xmlStrEqual (local_name, BAD_CAST cid_path[search->depth]))
    {
      search->on_path++;
      if (search->on_path == G_N_ELEMENTS (cid_path) && search->address == NULL)
        search->address = attribute_value (n_attributes, attributes, "address");
    }
  search->depth++;
}

static void
on_end_element (void          *data,
                const xmlChar *local_name,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  CidSearch *search = data;

  search->depth--;
  search->on_path = MIN (search->on_path, search->depth);
}

gboolean
vmsock_libvirt_domain_xml_get_cid (const char  *xml,
                                   guint32     *cid,
                                   GError     **error)
{
  xmlSAXHandler handler = {
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start_element,
    .endElementNs = on_end_element,
  };
  CidSearch search = { 0 };
  g_autofree char *address = NULL;
  g_autoptr(xmlParserCtxt) parser = xmlNewParserCtxt ();
  guint64 value;

  if (parser == NULL)
    {
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The domain XML is malformed: %s"), _("unknown error"));
      return FALSE;
    }
  /* The search sees the elements; with no handler building it, there is no
   * document to return. */
  *parser->sax = handler;
  parser->userData = &search;
  xmlFreeDoc (xmlCtxtReadMemory (parser, xml, strlen (xml), "domain.xml", NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  address = g_steal_pointer (&search.address);

  if (!parser->wellFormed)
    {
      const xmlError *xml_error = xmlCtxtGetLastError (parser);
      g_autofree char *reason = xml_error != NULL && xml_error->message != NULL
                                ? vmsock_printable_text (xml_error->message, -1)
                                : g_strdup (_("unknown error"));

      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The domain XML is malformed: %s"), reason);
      return FALSE;
    }
  if (!search.is_domain)
    {
      g_set_error_literal (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("The domain XML has no <domain> element"));
      return FALSE;
    }

  if (address == NULL)
    {
      *cid = VMSOCK_VSOCK_CID_ANY;
      return TRUE;
    }
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
