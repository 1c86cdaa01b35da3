/* vmsock-services-private.h: arrays of VmsockService
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-service.h"

G_BEGIN_DECLS

/* The first service of @services called @name, or NULL. */
G_GNUC_INTERNAL
VmsockService *vmsock_services_find_by_name (GPtrArray  *services,
                                             const char *name);

/* The first service of @services with the ID @service_id, or NULL. */
G_GNUC_INTERNAL
VmsockService *vmsock_services_find_by_id (GPtrArray        *services,
                                           const VmsockGuid *service_id);

/* Sorts @services by name. */
G_GNUC_INTERNAL
void vmsock_services_sort (GPtrArray *services);

G_END_DECLS
