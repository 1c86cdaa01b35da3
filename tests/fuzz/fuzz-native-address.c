/* fuzz-native-address.c: struct sockaddr_vm and SOCKADDR_HV from bytes
 *
 * The bytes are read as the library reads a native address, and, when
 * their family is AF_VSOCK or AF_HYPERV and they fit a struct
 * sockaddr_storage, also the way GIO hands them over:
 * g_socket_address_new_from_native() makes a GNativeSocketAddress that
 * vmsock_socket_address_convert() turns into the library's type.  Both
 * agree, and an address read prints and parses back to itself.  No socket
 * is made.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* A copy of its own size, so that reading past it is seen. */
  g_autofree guint8 *native = g_memdup2 (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = vmsock_socket_address_new_from_native (native, size, &error);
  g_autoptr(GSocketAddress) from_gio = NULL;
  g_autoptr(GSocketAddress) converted = NULL;
  g_autoptr(GError) convert_error = NULL;
  guint16 family;

  if (address == NULL)
    fuzz_check_error (error);
  else
    fuzz_check_address (address);

  /* No socket address is longer than a struct sockaddr_storage, and
   * vmsock_socket_address_convert() takes none that is. */
  if (size < sizeof family || size > sizeof (struct sockaddr_storage))
    return 0;
  memcpy (&family, native, sizeof family);
  if (family != VMSOCK_SOCKET_FAMILY_VSOCK && family != VMSOCK_SOCKET_FAMILY_HYPERV)
    return 0;

  from_gio = g_socket_address_new_from_native (native, size);
  if (from_gio == NULL)
    fuzz_fail ("GIO made no address of family %u", family);
  converted = vmsock_socket_address_convert (from_gio, &convert_error);
  if ((converted == NULL) != (address == NULL))
    fuzz_fail ("reading bytes %s but converting GIO's address of them %s",
               address != NULL ? "succeeds" : "fails", converted != NULL ? "succeeds" : "fails");
  if (converted == NULL)
    fuzz_check_error (convert_error);
  else if (!vmsock_socket_address_equal (address, converted))
    fuzz_fail ("reading bytes and converting GIO's address of them disagree");
  return 0;
}
