/* vmsock.h: libvmsock-glib, VM sockets for GLib
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define __VMSOCK_INSIDE__

#include <libvmsock-glib/vmsock-version-macros.h>
#include <libvmsock-glib/vmsock-version.h>
#include <libvmsock-glib/vmsock-enum-types.h>

#include <libvmsock-glib/vmsock-dialer.h>
#include <libvmsock-glib/vmsock-discovery.h>
#include <libvmsock-glib/vmsock-error.h>
#include <libvmsock-glib/vmsock-guid.h>
#include <libvmsock-glib/vmsock-hvsock-address.h>
#include <libvmsock-glib/vmsock-plugin.h>
#include <libvmsock-glib/vmsock-service.h>
#include <libvmsock-glib/vmsock-service-registry.h>
#include <libvmsock-glib/vmsock-socket.h>
#include <libvmsock-glib/vmsock-socket-address.h>
#include <libvmsock-glib/vmsock-socket-family.h>
#include <libvmsock-glib/vmsock-socket-options.h>
#include <libvmsock-glib/vmsock-socket-service.h>
#include <libvmsock-glib/vmsock-threaded-socket-service.h>
#include <libvmsock-glib/vmsock-vm.h>
#include <libvmsock-glib/vmsock-vm-connectable.h>
#include <libvmsock-glib/vmsock-vm-listing.h>
#include <libvmsock-glib/vmsock-vm-monitor.h>
#include <libvmsock-glib/vmsock-vm-provider.h>
#include <libvmsock-glib/vmsock-vsock-address.h>

#undef __VMSOCK_INSIDE__
