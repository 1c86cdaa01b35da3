/* vmsock-service.h: a named VM socket service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-guid.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

#define VMSOCK_TYPE_SERVICE (vmsock_service_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockService, vmsock_service, VMSOCK, SERVICE, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockService *vmsock_service_new (const char       *name,
                                   const VmsockGuid *service_id);
VMSOCK_AVAILABLE_IN_0_1
VmsockService *vmsock_service_new_for_vsock_port (const char *name,
                                                  guint32     port);

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_service_get_name (VmsockService *service);
VMSOCK_AVAILABLE_IN_0_1
const VmsockGuid *vmsock_service_get_service_id (VmsockService *service);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_service_get_vsock_port (VmsockService *service,
                                        guint32       *port);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_service_name_is_valid (const char  *name,
                                       GError     **error);

VMSOCK_AVAILABLE_IN_0_1
GBytes *vmsock_service_format_reg_file (VmsockService * const *services,
                                        guint                  n_services);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_service_register_with_host (VmsockService  *service,
                                            GError        **error);
VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_service_unregister_from_host (VmsockService  *service,
                                              GError        **error);

G_END_DECLS
