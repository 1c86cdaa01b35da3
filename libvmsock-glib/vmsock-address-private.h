/* vmsock-address-private.h: what the generic address code asks of each family
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vmsock-hvsock-address.h"
#include "vmsock-vsock-address.h"

G_BEGIN_DECLS

/* The text grammar splits an address into its scheme, two parts and an
 * optional query; each family parses its parts.  @text is the whole input,
 * for messages. */
typedef struct
{
  gboolean vsock;
  char *first;    /* the CID or the VM ID */
  char *second;   /* the port or the service ID */
  char *query;    /* NULL when there is none */
} VmsockAddressParts;

G_GNUC_INTERNAL
gboolean vmsock_address_parts_split (const char          *text,
                                     VmsockAddressParts  *parts,
                                     GError             **error);
G_GNUC_INTERNAL
void vmsock_address_parts_clear (VmsockAddressParts *parts);
G_GNUC_INTERNAL
GSocketAddress *vmsock_address_parts_to_address (const char          *text,
                                                 VmsockAddressParts  *parts,
                                                 GError             **error);

G_GNUC_INTERNAL
GSocketAddress *vmsock_vsock_address_new_from_parts (const char  *text,
                                                     const char  *cid,
                                                     const char  *port,
                                                     const char  *query,
                                                     GError     **error);
G_GNUC_INTERNAL
GSocketAddress *vmsock_hvsock_address_new_from_parts (const char  *text,
                                                      const char  *vm_id,
                                                      const char  *service_id,
                                                      const char  *query,
                                                      GError     **error);

G_GNUC_INTERNAL
char *vmsock_vsock_address_format (VmsockVsockAddress *address,
                                   gboolean            uri);
G_GNUC_INTERNAL
char *vmsock_hvsock_address_format (VmsockHvsockAddress *address,
                                    gboolean             uri);

/* @native holds at least two bytes: the family. */
G_GNUC_INTERNAL
GSocketAddress *vmsock_vsock_address_new_from_native (gconstpointer   native,
                                                      gsize           length,
                                                      GError        **error);
G_GNUC_INTERNAL
GSocketAddress *vmsock_hvsock_address_new_from_native (gconstpointer   native,
                                                       gsize           length,
                                                       GError        **error);

/* Sets @error to G_IO_ERROR_INVALID_ARGUMENT for a bad @part of @text. */
G_GNUC_INTERNAL
void vmsock_set_address_error (GError     **error,
                               const char  *text,
                               const char  *what,
                               const char  *part,
                               const char  *expected);

/* Parses a decimal number from 0 to G_MAXUINT32: digits only. */
G_GNUC_INTERNAL
gboolean vmsock_parse_uint32 (const char *text,
                              guint32    *value);

/* Fails with G_IO_ERROR_NO_SPACE when @available is less than @needed. */
G_GNUC_INTERNAL
gboolean vmsock_check_native_space (gsize    available,
                                    gsize    needed,
                                    GError **error);

G_END_DECLS
