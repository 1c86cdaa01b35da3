/* vmsock-error.h: the library's own error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__VMSOCK_INSIDE__) && !defined(VMSOCK_COMPILATION)
#error "Only <libvmsock-glib/vmsock.h> can be included directly."
#endif

#include <glib.h>
#include <libvmsock-glib/vmsock-version-macros.h>

G_BEGIN_DECLS

/**
 * VMSOCK_ERROR:
 *
 * The error domain of VM discovery and the service registry.  Socket-level failures use %G_IO_ERROR.
 *
 * Since: 0.1
 */
#define VMSOCK_ERROR (vmsock_error_quark ())

/**
 * VmsockError:
 * @VMSOCK_ERROR_FAILED: another failure
 * @VMSOCK_ERROR_PROVIDER_UNAVAILABLE: a discovery provider cannot work on
 *   this machine: its tool, library or service is not there
 * @VMSOCK_ERROR_INVALID_DATA: a tool or service answered something that is
 *   not in its documented format
 * @VMSOCK_ERROR_TIMED_OUT: a provider did not answer within its time limit
 * @VMSOCK_ERROR_VM_NOT_FOUND: no VM has the name or id asked for
 * @VMSOCK_ERROR_VM_AMBIGUOUS: more than one VM has the name asked for
 * @VMSOCK_ERROR_VM_UNREACHABLE: the VM has no VM socket address, for
 *   example no vsock CID because it is off
 * @VMSOCK_ERROR_SERVICE_NOT_FOUND: no service has the name asked for
 * @VMSOCK_ERROR_SERVICE_CONFLICT: a service of that name, or with that
 *   service ID, is already registered differently
 *
 * Errors of VM discovery and of the service registry.
 *
 * Since: 0.1
 */
typedef enum
{
  VMSOCK_ERROR_FAILED,
  VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
  VMSOCK_ERROR_INVALID_DATA,
  VMSOCK_ERROR_TIMED_OUT,
  VMSOCK_ERROR_VM_NOT_FOUND,
  VMSOCK_ERROR_VM_AMBIGUOUS,
  VMSOCK_ERROR_VM_UNREACHABLE,
  VMSOCK_ERROR_SERVICE_NOT_FOUND,
  VMSOCK_ERROR_SERVICE_CONFLICT,
} VmsockError;

VMSOCK_AVAILABLE_IN_0_1
GQuark vmsock_error_quark (void);

G_END_DECLS
