/* vmsock-vm-monitor.h: a live list of VMs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <gio/gio.h>

#include <libvmsock-glib/vmsock-discovery.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VMSOCK_VM_MONITOR_DEFAULT_INTERVAL:
 *
 * How often, in milliseconds, a [class@Vmsock.VmMonitor] asks the providers
 * that do not report their changes, unless told otherwise.
 *
 * Since: 0.1
 */
#define VMSOCK_VM_MONITOR_DEFAULT_INTERVAL 5000

#define VMSOCK_TYPE_VM_MONITOR (vmsock_vm_monitor_get_type ())

VMSOCK_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (VmsockVmMonitor, vmsock_vm_monitor, VMSOCK, VM_MONITOR, GObject)

VMSOCK_AVAILABLE_IN_0_1
VmsockVmMonitor *vmsock_vm_monitor_new (VmsockDiscovery *discovery);

VMSOCK_AVAILABLE_IN_0_1
VmsockDiscovery *vmsock_vm_monitor_get_discovery (VmsockVmMonitor *monitor);

VMSOCK_AVAILABLE_IN_0_1
guint vmsock_vm_monitor_get_interval (VmsockVmMonitor *monitor);
VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_monitor_set_interval (VmsockVmMonitor *monitor,
                                     guint            interval_ms);

VMSOCK_AVAILABLE_IN_0_1
gboolean vmsock_vm_monitor_get_loading (VmsockVmMonitor *monitor);

VMSOCK_AVAILABLE_IN_0_1
void vmsock_vm_monitor_refresh (VmsockVmMonitor *monitor);

VMSOCK_AVAILABLE_IN_0_1
GStrv vmsock_vm_monitor_get_failed_sources (VmsockVmMonitor *monitor);
VMSOCK_AVAILABLE_IN_0_1
const GError *vmsock_vm_monitor_get_source_error (VmsockVmMonitor *monitor,
                                                  const char      *source);

G_END_DECLS
