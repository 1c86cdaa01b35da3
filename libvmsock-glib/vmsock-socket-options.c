/* vmsock-socket-options.c: options of VM sockets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "vmsock-enum-types.h"
#include "vmsock-i18n-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-socket.h"
#include "vmsock-socket-family.h"
#include "vmsock-socket-options.h"

/* The HVSOCKET_* options' level is the protocol itself. */
#define HVSOCKET_LEVEL VMSOCK_SOCKET_PROTOCOL_HV_RAW
/* HVSOCKET_CONNECT_TIMEOUT_MAX, in milliseconds. */
#define HVSOCKET_CONNECT_TIMEOUT_MAX 300000

typedef enum
{
  VALUE_UINT64,          /* unsigned long long */
  VALUE_UINT32,          /* unsigned int, ULONG */
  VALUE_VSOCK_TIMEOUT,   /* a timeval in the platform's layout */
} ValueKind;

/* The ABI numbers, from Linux's vm_sockets.h and Windows' hvsocket.h. */
static const struct
{
  VmsockSocketOption option;
  int family;
  int level;
  int name;
  ValueKind kind;
  guint64 maximum;
} native_options[] = {
  { VMSOCK_SOCKET_OPTION_BUFFER_SIZE, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 0, VALUE_UINT64, G_MAXUINT64 },
  { VMSOCK_SOCKET_OPTION_BUFFER_MIN_SIZE, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 1, VALUE_UINT64, G_MAXUINT64 },
  { VMSOCK_SOCKET_OPTION_BUFFER_MAX_SIZE, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 2, VALUE_UINT64, G_MAXUINT64 },
  { VMSOCK_SOCKET_OPTION_PEER_HOST_VM_ID, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 3, VALUE_UINT32, G_MAXUINT32 },
  { VMSOCK_SOCKET_OPTION_TRUSTED, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 5, VALUE_UINT32, 1 },
  { VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_VSOCK, 0, VALUE_VSOCK_TIMEOUT, G_MAXUINT64 / 1000 },
  { VMSOCK_SOCKET_OPTION_CONNECT_TIMEOUT, VMSOCK_SOCKET_FAMILY_HYPERV, HVSOCKET_LEVEL, 1, VALUE_UINT32, HVSOCKET_CONNECT_TIMEOUT_MAX },
  { VMSOCK_SOCKET_OPTION_CONTAINER_PASSTHRU, VMSOCK_SOCKET_FAMILY_HYPERV, HVSOCKET_LEVEL, 2, VALUE_UINT32, 1 },
  { VMSOCK_SOCKET_OPTION_CONNECTED_SUSPEND, VMSOCK_SOCKET_FAMILY_HYPERV, HVSOCKET_LEVEL, 4, VALUE_UINT32, 1 },
  { VMSOCK_SOCKET_OPTION_HIGH_VTL, VMSOCK_SOCKET_FAMILY_HYPERV, HVSOCKET_LEVEL, 8, VALUE_UINT32, 1 },
};

static const char *
option_nick (VmsockSocketOption option)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (VMSOCK_TYPE_SOCKET_OPTION);
  GEnumValue *value = g_enum_get_value (klass, option);

  return value != NULL ? value->value_nick : "?";
}

/* The table row for @option on @socket's family, or -1 with @error set. */
static gssize
lookup_option (GSocket             *socket,
               VmsockSocketOption   option,
               GError             **error)
{
  int family = vmsock_socket_get_family (socket);

  for (gsize i = 0; i < G_N_ELEMENTS (native_options); i++)
    if (native_options[i].option == option && native_options[i].family == family)
      return i;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Sockets of family %d have no option “%s”"), family, option_nick (option));
  return -1;
}

/**
 * vmsock_socket_get_option:
 * @socket: a VM socket
 * @option: the option to read
 * @value: (out): where to store its value
 * @error: return location for a #GError
 *
 * Reads an option of a VM socket.  An option of the other family is
 * %G_IO_ERROR_NOT_SUPPORTED; so is one the kernel's transport does not
 * implement (the Linux kernel implements the `PEER_HOST_VM_ID` and `TRUSTED`
 * options only for VMware's VMCI).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_get_option (GSocket             *socket,
                          VmsockSocketOption   option,
                          guint64             *value,
                          GError             **error)
{
  gssize row;
  guint64 u64 = 0;
  guint32 u32 = 0;
  gsize size;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  row = lookup_option (socket, option, error);
  if (row < 0)
    return FALSE;

  switch (native_options[row].kind)
    {
    case VALUE_VSOCK_TIMEOUT:
      if (!vmsock_platform_get_vsock_connect_timeout (socket, &u64, error))
        return FALSE;
      *value = u64 / 1000;
      return TRUE;
    case VALUE_UINT64:
      size = sizeof u64;
      if (!vmsock_platform_getsockopt (socket, native_options[row].level,
                                       native_options[row].name, &u64, &size, error))
        return FALSE;
      *value = u64;
      return TRUE;
    case VALUE_UINT32:
      size = sizeof u32;
      if (!vmsock_platform_getsockopt (socket, native_options[row].level,
                                       native_options[row].name, &u32, &size, error))
        return FALSE;
      *value = u32;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * vmsock_socket_set_option:
 * @socket: a VM socket
 * @option: the option to set
 * @value: its new value
 * @error: return location for a #GError
 *
 * Sets an option of a VM socket.  A value out of the option's range is
 * %G_IO_ERROR_INVALID_ARGUMENT and changes nothing; an option of the other
 * family is %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_set_option (GSocket             *socket,
                          VmsockSocketOption   option,
                          guint64              value,
                          GError             **error)
{
  gssize row;
  guint32 u32;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  row = lookup_option (socket, option, error);
  if (row < 0)
    return FALSE;

  if (value > native_options[row].maximum)
    {
      g_autofree char *value_text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
      g_autofree char *maximum_text = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                       native_options[row].maximum);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Value %s is out of range for socket option “%s” (at most %s)"),
                   value_text, option_nick (option), maximum_text);
      return FALSE;
    }

  switch (native_options[row].kind)
    {
    case VALUE_VSOCK_TIMEOUT:
      return vmsock_platform_set_vsock_connect_timeout (socket, value * 1000, error);
    case VALUE_UINT64:
      return vmsock_platform_setsockopt (socket, native_options[row].level,
                                         native_options[row].name, &value, sizeof value, error);
    case VALUE_UINT32:
      u32 = (guint32) value;
      return vmsock_platform_setsockopt (socket, native_options[row].level,
                                         native_options[row].name, &u32, sizeof u32, error);
    default:
      g_assert_not_reached ();
    }
}
