/* vmsock-hyperv-query.h: how the Hyper-V provider reads Msvm_ComputerSystem
 *
 * One way per build: on Windows straight from WMI through COM
 * (vmsock-hyperv-query-wmi.c); elsewhere through PowerShell's CIM cmdlets,
 * which reach Windows from WSL (vmsock-hyperv-query-powershell.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvmsock-glib/vmsock.h>

G_BEGIN_DECLS

/* The WMI namespace of Hyper-V. */
#define VMSOCK_HYPERV_WMI_NAMESPACE "root\\virtualization\\v2"

/* Lists the VMs of Hyper-V: the listing comes from a GTask whose source
 * object is @provider, for vmsock_plugin_list_vms_finish(). */
void vmsock_hyperv_query_async (VmsockVmProvider    *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);

G_END_DECLS
