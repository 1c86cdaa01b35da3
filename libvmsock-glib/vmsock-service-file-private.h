/* vmsock-service-file-private.h: a service registry kept in a JSON file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads the registry file @path into a GPtrArray of VmsockService sorted by
 * name; a missing file is an empty registry.  A file that is not a registry
 * is VMSOCK_ERROR_INVALID_DATA naming the path and where the fault is.
 * Without json-glib, G_IO_ERROR_NOT_SUPPORTED. */
G_GNUC_INTERNAL
GPtrArray *vmsock_service_file_load (const char  *path,
                                     GError     **error);

/* Replaces @path atomically with @services. */
G_GNUC_INTERNAL
gboolean vmsock_service_file_save (const char  *path,
                                   GPtrArray   *services,
                                   GError     **error);

G_END_DECLS
