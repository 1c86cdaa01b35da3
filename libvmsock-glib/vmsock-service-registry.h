/* vmsock-service-registry.h: named services, kept in a JSON file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libvmsock-glib/vmsock-guid.h>
#include <libvmsock-glib/vmsock-service.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VmsockServiceScope:
 * @VMSOCK_SERVICE_SCOPE_USER: the registry of the user running the process,
 *   in `$XDG_CONFIG_HOME/libvmsock-glib-1/services.json`
 * @VMSOCK_SERVICE_SCOPE_SYSTEM: the machine's registry, in
 *   `$sysconfdir/libvmsock-glib-1/services.json` (on Windows, the common
 *   application data folder); writing it usually needs administrator rights
 *
 * Which service registry to use.
 *
 * Since: 0.1
 */
typedef enum
{
  VMSOCK_SERVICE_SCOPE_USER,
  VMSOCK_SERVICE_SCOPE_SYSTEM,
} VmsockServiceScope;

#define VMSOCK_TYPE_SERVICE_REGISTRY (vmsock_service_registry_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockServiceRegistry, vmsock_service_registry, VMSOCK, SERVICE_REGISTRY, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockServiceRegistry *vmsock_service_registry_new (VmsockServiceScope scope);
VMSOCK_AVAILABLE_IN_0_1
VmsockServiceRegistry *vmsock_service_registry_new_for_path (const char *path);

VMSOCK_AVAILABLE_IN_0_1
const char *vmsock_service_registry_get_path (VmsockServiceRegistry *registry);

VMSOCK_AVAILABLE_IN_0_1
GPtrArray *vmsock_service_registry_list (VmsockServiceRegistry  *registry,
                                         GError                **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockService *vmsock_service_registry_lookup (VmsockServiceRegistry  *registry,
                                               const char             *name,
                                               GError                **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockService *vmsock_service_registry_register (VmsockServiceRegistry  *registry,
                                                 const char             *name,
                                                 const VmsockGuid       *service_id,
                                                 gboolean               *added,
                                                 GError                **error);
VMSOCK_AVAILABLE_IN_0_1
VmsockService *vmsock_service_registry_unregister (VmsockServiceRegistry  *registry,
                                                   const char             *name,
                                                   GError                **error);

G_END_DECLS
