/* vmsock-socket-family.c: teach GIO's enumerations the VM socket families
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-platform-private.h"
#include "vmsock-socket-family.h"

/**
 * vmsock_socket_family_is_available:
 * @family: a #GSocketFamily, such as %VMSOCK_SOCKET_FAMILY_VSOCK
 *
 * Tells whether this platform can create sockets of @family: AF_VSOCK exists
 * on Linux, AF_HYPERV on Windows.  Addresses of either family can be built,
 * parsed and converted everywhere.
 *
 * Returns: %TRUE if sockets of @family can be created here
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_family_is_available (GSocketFamily family)
{
  return vmsock_platform_has_family (family);
}

/**
 * vmsock_socket_family_to_string:
 * @family: a #GSocketFamily
 *
 * Names a socket family as the address grammar does.
 *
 * Returns: (nullable): `"vsock"` or `"hvsock"` for the VM socket families,
 *   the nick of GIO's own families, %NULL for anything else
 *
 * Since: 0.1
 */
const char *
vmsock_socket_family_to_string (GSocketFamily family)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  switch ((int) family)
    {
    case VMSOCK_SOCKET_FAMILY_VSOCK:
      return "vsock";
    case VMSOCK_SOCKET_FAMILY_HYPERV:
      return "hvsock";
    default:
      klass = g_type_class_ref (G_TYPE_SOCKET_FAMILY);
      value = g_enum_get_value (klass, family);
      return value != NULL ? value->value_nick : NULL;
    }
}

/* Appends @value to the values of @klass, unless it is there already.
 *
 * The enum validators behind GObject properties look values up by walking
 * klass->values up to the NULL-named terminator, so a longer array published
 * with one atomic store is seen whole or not at all.  Class structs of static
 * types are never freed, and neither is the array. */
static void
enum_class_add_value (GEnumClass *klass,
                      gint        value,
                      const char *value_name,
                      const char *value_nick)
{
  GEnumValue *values;

  if (g_enum_get_value (klass, value) != NULL)
    return;

  values = g_new0 (GEnumValue, klass->n_values + 2);
  memcpy (values, klass->values, klass->n_values * sizeof (GEnumValue));
  values[klass->n_values].value = value;
  values[klass->n_values].value_name = value_name;
  values[klass->n_values].value_nick = value_nick;

  g_atomic_pointer_set (&klass->values, values);
  klass->n_values++;
  klass->minimum = MIN (klass->minimum, value);
  klass->maximum = MAX (klass->maximum, value);
}

/**
 * vmsock_socket_family_register:
 *
 * Makes unmodified GIO accept the VM socket families of this platform:
 * g_socket_new(), #GSocketClient and g_socket_listener_add_address() refuse
 * families that #GSocketFamily does not list, and this adds them to it (and,
 * on Windows, the Hyper-V protocol to #GSocketProtocol).
 *
 * The library calls this itself before any of its addresses or sockets is
 * made, so programs rarely need to.  Call it at start-up, before other threads
 * create sockets, only to pass %VMSOCK_SOCKET_FAMILY_VSOCK to g_socket_new()
 * before using anything else of this library.  It is thread-safe and does
 * nothing after the first call, or where GLib already knows the family.
 *
 * Since: 0.1
 */
void
vmsock_socket_family_register (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      /* Kept for the life of the process: the classes must never go away. */
      GEnumClass *families = g_type_class_ref (G_TYPE_SOCKET_FAMILY);
      GEnumClass *protocols = g_type_class_ref (G_TYPE_SOCKET_PROTOCOL);

      if (vmsock_platform_has_family (VMSOCK_SOCKET_FAMILY_VSOCK))
        enum_class_add_value (families, VMSOCK_SOCKET_FAMILY_VSOCK,
                              "VMSOCK_SOCKET_FAMILY_VSOCK", "vsock");
      if (vmsock_platform_has_family (VMSOCK_SOCKET_FAMILY_HYPERV))
        {
          int protocol = vmsock_platform_socket_protocol (VMSOCK_SOCKET_FAMILY_HYPERV);

          enum_class_add_value (families, VMSOCK_SOCKET_FAMILY_HYPERV,
                                "VMSOCK_SOCKET_FAMILY_HYPERV", "hvsock");
          if (protocol != 0)
            enum_class_add_value (protocols, protocol,
                                  "VMSOCK_SOCKET_PROTOCOL_HV_RAW", "hv-raw");
        }

      g_once_init_leave (&registered, 1);
    }
}
