/* vmsock-plugin-provider.h: what the providers of the plugins share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* A listing of @vms (a GPtrArray of VmsockVm), with no failed source. */
VmsockVmListing *vmsock_plugin_listing_new_for_vms (GPtrArray *vms);

/* list_vms_finish for providers whose list_vms_async returns the listing
 * from a GTask whose source object is the provider. */
VmsockVmListing *vmsock_plugin_list_vms_finish (VmsockVmProvider  *provider,
                                                GAsyncResult      *result,
                                                GError           **error);

G_END_DECLS
