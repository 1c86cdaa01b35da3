/* vmsock-vm-variant-private.h: a VM listing and a GError as GVariant, to
 * cross a process boundary
 *
 * The types are fixed, and D-Bus can carry them (no maybe types):
 *
 * - an error is "(sus)": its domain as the quark's string, its code, its
 *   message.  The domain and code survive when the receiving process knows
 *   the domain by that name (this library's, GIO's and GLib's file and spawn
 *   errors always); an error of another domain arrives as
 *   VMSOCK_ERROR_FAILED.
 * - a VM is "(ssssusa{sv})": provider, id, name, state, CID, VM ID, extras.
 *   The state is its name as vmsock_vm_state_to_string() gives it ("running",
 *   "off", …); a name this library does not know reads as "unknown".  The
 *   CID is VMSOCK_VSOCK_CID_ANY when the VM has none, as in vmsock_vm_new().
 *   The VM ID is the GUID's string form, or "" when the VM has none.  The
 *   extras are the VM's own a{sv}.
 * - a listing is "(a(ssssusa{sv})a{s(sus)})": its VMs, and the error of
 *   each source that could not be asked.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vmsock-vm-listing.h"

G_BEGIN_DECLS

#define VMSOCK_ERROR_VARIANT_TYPE_STRING "(sus)"
#define VMSOCK_VM_VARIANT_TYPE_STRING "(ssssusa{sv})"
#define VMSOCK_VM_LISTING_VARIANT_TYPE_STRING \
  "(a" VMSOCK_VM_VARIANT_TYPE_STRING "a{s" VMSOCK_ERROR_VARIANT_TYPE_STRING "})"

#define VMSOCK_ERROR_VARIANT_TYPE ((const GVariantType *) VMSOCK_ERROR_VARIANT_TYPE_STRING)
#define VMSOCK_VM_LISTING_VARIANT_TYPE ((const GVariantType *) VMSOCK_VM_LISTING_VARIANT_TYPE_STRING)

/* What a listing from another process may hold at most: VMs, failed
 * sources, and bytes in a name (provider, id, name, state, VM ID, source,
 * error domain) or in an error message. */
#define VMSOCK_VM_VARIANT_MAX_VMS 100000u
#define VMSOCK_VM_VARIANT_MAX_SOURCES 100000u
#define VMSOCK_VM_VARIANT_MAX_NAME 4096
#define VMSOCK_VM_VARIANT_MAX_MESSAGE 65536

/* @error as a floating GVariant of VMSOCK_ERROR_VARIANT_TYPE. */
G_GNUC_INTERNAL
GVariant *vmsock_error_to_variant (const GError *error);

/* The GError that @variant, of VMSOCK_ERROR_VARIANT_TYPE, holds, its
 * message's control characters escaped, its domain one this process knows
 * (it never makes a quark); or NULL with a
 * VMSOCK_ERROR_INVALID_DATA @error when its domain is empty or a string is
 * too long. */
G_GNUC_INTERNAL
GError *vmsock_error_new_from_variant (GVariant  *variant,
                                       GError   **error);

/* @listing as a floating GVariant of VMSOCK_VM_LISTING_VARIANT_TYPE. */
G_GNUC_INTERNAL
GVariant *vmsock_vm_listing_to_variant (VmsockVmListing *listing);

/* The listing that @variant, of VMSOCK_VM_LISTING_VARIANT_TYPE, holds; or
 * NULL with a VMSOCK_ERROR_INVALID_DATA @error when it holds more than the
 * limits above allow or a VM ID that is not a GUID. */
G_GNUC_INTERNAL
VmsockVmListing *vmsock_vm_listing_new_from_variant (GVariant  *variant,
                                                     GError   **error);

G_END_DECLS
