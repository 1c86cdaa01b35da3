/* vmsock-wmi.h: WQL queries through COM, on Windows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the WQL @query in the WMI namespace @wmi_namespace (such as
 * "ROOT\\CIMV2") and returns a GPtrArray with one GVariant of type a{sv}
 * per object found.  Each holds the object's @properties under the names
 * given: strings as "s", integers as "x" (also the 64-bit ones, which WMI
 * carries as strings), booleans as "b".  A property that is NULL, or that
 * the object does not have, is left out.
 *
 * Blocks the calling thread until the results are read, for at most about
 * @timeout_ms after connecting (Windows bounds the connection itself), or
 * until @cancellable is cancelled.  COM is initialized for the calling
 * thread, multithreaded unless the thread already chose, and uninitialized
 * again before returning.
 *
 * Errors: VMSOCK_ERROR_PROVIDER_UNAVAILABLE when the namespace does not
 * exist, G_IO_ERROR_PERMISSION_DENIED when access to it is denied,
 * VMSOCK_ERROR_TIMED_OUT, G_IO_ERROR_CANCELLED, VMSOCK_ERROR_INVALID_DATA
 * for a property that cannot be read, VMSOCK_ERROR_FAILED for any other
 * failure (a malformed query, for example).  Messages name the namespace
 * and the HRESULT. */
GPtrArray *vmsock_wmi_query (const char          *wmi_namespace,
                             const char          *query,
                             const char * const  *properties,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GError             **error);

G_END_DECLS
