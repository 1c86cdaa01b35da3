/* vmsock-guid.h: GUIDs as Hyper-V sockets use them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <glib-object.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VMSOCK_GUID_NATIVE_SIZE:
 *
 * The size in bytes of a GUID in its Windows in-memory layout.
 */
#define VMSOCK_GUID_NATIVE_SIZE 16

#define VMSOCK_TYPE_GUID (vmsock_guid_get_type ())

typedef struct _VmsockGuid VmsockGuid;

/**
 * VmsockGuid:
 * @data1: the first 8 hexadecimal digits
 * @data2: the next 4 hexadecimal digits
 * @data3: the next 4 hexadecimal digits
 * @data4: the last 16 hexadecimal digits, as 8 bytes in text order
 *
 * A GUID, as Windows defines it.  Its text form is
 * `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`; in memory, Windows stores the three
 * integer fields little-endian ([method@Vmsock.Guid.to_native]).
 *
 * Since: 0.1
 */
struct _VmsockGuid
{
  guint32 data1;
  guint16 data2;
  guint16 data3;
  guint8 data4[8];
};

VMSOCK_AVAILABLE_IN_0_1
GType vmsock_guid_get_type (void) G_GNUC_CONST;

VMSOCK_AVAILABLE_IN_0_1
VmsockGuid *vmsock_guid_new_from_string (const char  *text,
                                         GError     **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockGuid *vmsock_guid_new_random (void);
VMSOCK_AVAILABLE_IN_0_1
VmsockGuid *vmsock_guid_copy (const VmsockGuid *guid);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_guid_free (VmsockGuid *guid);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_guid_parse (const char  *text,
                            VmsockGuid  *guid,
                            GError     **error);
VMSOCK_AVAILABLE_IN_0_1
char *vmsock_guid_to_string (const VmsockGuid *guid);

VMSOCK_AVAILABLE_IN_0_1
void vmsock_guid_to_native (const VmsockGuid *guid,
                            guint8           *native);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_guid_init_from_native (VmsockGuid   *guid,
                                   const guint8 *native);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_guid_equal (gconstpointer a,
                            gconstpointer b);
VMSOCK_AVAILABLE_IN_0_1
guint vmsock_guid_hash (gconstpointer guid);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_guid_is_zero (const VmsockGuid *guid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsockGuid, vmsock_guid_free)

G_END_DECLS
