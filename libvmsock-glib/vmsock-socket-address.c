/* vmsock-socket-address.c: the address grammar and conversions for both families
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "vmsock-address-private.h"
#include "vmsock-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-socket-address.h"
#include "vmsock-socket-family.h"

/* Big enough for any sockaddr: what sockaddr_storage holds on every platform. */
#define NATIVE_BUFFER_SIZE 128

void
vmsock_set_address_error (GError     **error,
                          const char  *text,
                          const char  *what,
                          const char  *part,
                          const char  *expected)
{
  g_autofree char *quoted_part = vmsock_printable_quote (part, -1);
  g_autofree char *quoted_text = vmsock_printable_quote (text, -1);

  /* TRANSLATORS: e.g. Invalid vsock port “-1” in “vsock:3:-1”: expected a number… */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Invalid %s “%s” in “%s”: expected %s"), what, quoted_part, quoted_text, expected);
}

gboolean
vmsock_parse_uint32 (const char *text,
                     guint32    *value)
{
  guint64 number;

  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &number, NULL))
    return FALSE;
  *value = (guint32) number;
  return TRUE;
}

gboolean
vmsock_check_native_space (gsize    available,
                           gsize    needed,
                           GError **error)
{
  if (available >= needed)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Not enough space for socket address"));
  return FALSE;
}

/**
 * vmsock_socket_address_parse:
 * @text: an address in text or URI form
 * @error: return location for a #GError
 *
 * Parses a VM socket address.  The grammar, for both families:
 *
 * |[
 * vsock:CID:PORT[?flags=to-host]      vsock://CID:PORT[?flags=to-host]
 * hvsock:VM-ID:SERVICE                hvsock://VM-ID/SERVICE
 * ]|
 *
 * - CID and PORT are decimal numbers from 0 to 4294967295. CID may also be one
 *   of `any`, `hypervisor` (0), `local` (1) or `host` (2); PORT may be `any`.
 * - VM-ID is a GUID or one of `wildcard`, `broadcast`, `children`,
 *   `loopback`, `parent`, `silohost` ([enum@Vmsock.HvsockVmId]).
 * - SERVICE is a GUID or a decimal vsock port, which stands for the service
 *   ID made from the VSock template.
 * - GUIDs may be in either case and in braces; schemes and names may be in
 *   either case.
 * - The port or service is what follows the last `:` (the last `/` in the
 *   `hvsock://` form).
 *
 * g_socket_connectable_to_string() gives the text form and
 * [func@Vmsock.socket_address_to_uri] the URI form; both parse back to an
 * equal address.  They print the wildcards as `any`, well-known VM IDs by
 * name, VSock template service IDs as port numbers and other GUIDs in lower
 * case.
 *
 * Anything else, including empty parts, signs, numbers past 32 bits,
 * malformed GUIDs, unknown names and trailing characters, fails with
 * %G_IO_ERROR_INVALID_ARGUMENT and a message naming the offending part.
 *
 * Returns: (transfer full) (nullable): a #VmsockVsockAddress or
 *   #VmsockHvsockAddress, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_address_parse (const char  *text,
                             GError     **error)
{
  VmsockAddressParts parts = { 0 };
  GSocketAddress *address;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vmsock_address_parts_split (text, &parts, error))
    return NULL;
  address = vmsock_address_parts_to_address (text, &parts, error);
  vmsock_address_parts_clear (&parts);
  return address;
}

gboolean
vmsock_address_parts_split (const char          *text,
                            VmsockAddressParts  *parts,
                            GError             **error)
{
  g_autofree char *copy = NULL;
  const char *colon;
  char *rest, *query, *separator;
  gboolean uri;

  colon = strchr (text, ':');
  if (colon == NULL)
    {
      if (*text == '\0')
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Empty socket address: expected vsock:CID:PORT "
                               "or hvsock:VM-ID:SERVICE"));
      else
        {
          g_autofree char *quoted = vmsock_printable_quote (text, -1);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Invalid socket address “%s”: expected vsock:CID:PORT "
                         "or hvsock:VM-ID:SERVICE"),
                       quoted);
        }
      return FALSE;
    }

  if (colon - text == strlen ("vsock") && g_ascii_strncasecmp (text, "vsock", colon - text) == 0)
    parts->vsock = TRUE;
  else if (colon - text == strlen ("hvsock") && g_ascii_strncasecmp (text, "hvsock", colon - text) == 0)
    parts->vsock = FALSE;
  else
    {
      g_autofree char *scheme = g_strndup (text, colon - text);

      vmsock_set_address_error (error, text, _("address scheme"), scheme,
                                _("“vsock” or “hvsock”"));
      return FALSE;
    }

  copy = g_strdup (colon + 1);
  rest = copy;
  uri = g_str_has_prefix (rest, "//");
  if (uri)
    rest += 2;

  query = strchr (rest, '?');
  if (query != NULL)
    *query++ = '\0';

  /* The port or service is last: what comes before it, a VM's name
   * qualified by a connection URI for instance, may hold the separator. */
  separator = strrchr (rest, (uri && !parts->vsock) ? '/' : ':');
  if (separator == NULL)
    {
      g_autofree char *quoted = vmsock_printable_quote (text, -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   parts->vsock ? _("Invalid socket address “%s”: expected vsock:CID:PORT "
                                    "or vsock://CID:PORT")
                                : _("Invalid socket address “%s”: expected hvsock:VM-ID:SERVICE "
                                    "or hvsock://VM-ID/SERVICE"),
                   quoted);
      return FALSE;
    }
  *separator = '\0';

  parts->first = g_strdup (rest);
  parts->second = g_strdup (separator + 1);
  parts->query = g_strdup (query);
  return TRUE;
}

void
vmsock_address_parts_clear (VmsockAddressParts *parts)
{
  g_clear_pointer (&parts->first, g_free);
  g_clear_pointer (&parts->second, g_free);
  g_clear_pointer (&parts->query, g_free);
}

GSocketAddress *
vmsock_address_parts_to_address (const char          *text,
                                 VmsockAddressParts  *parts,
                                 GError             **error)
{
  if (parts->vsock)
    return vmsock_vsock_address_new_from_parts (text, parts->first, parts->second, parts->query, error);
  return vmsock_hvsock_address_new_from_parts (text, parts->first, parts->second, parts->query, error);
}

/**
 * vmsock_socket_address_to_uri:
 * @address: a #VmsockVsockAddress or #VmsockHvsockAddress
 *
 * Formats @address in the URI form of [func@Vmsock.socket_address_parse]:
 * `vsock://CID:PORT` or `hvsock://VM-ID/SERVICE`.
 *
 * Returns: (transfer full): the URI of @address
 *
 * Since: 0.1
 */
char *
vmsock_socket_address_to_uri (GSocketAddress *address)
{
  g_return_val_if_fail (vmsock_socket_address_is_vm (address), NULL);

  if (VMSOCK_IS_VSOCK_ADDRESS (address))
    return vmsock_vsock_address_format (VMSOCK_VSOCK_ADDRESS (address), TRUE);
  return vmsock_hvsock_address_format (VMSOCK_HVSOCK_ADDRESS (address), TRUE);
}

/**
 * vmsock_socket_address_new_from_native:
 * @native: (array length=length) (element-type guint8): a `struct sockaddr_vm`
 *   or `SOCKADDR_HV`
 * @length: the size of @native in bytes
 * @error: return location for a #GError
 *
 * Makes a typed address from its native form.  A family other than
 * %VMSOCK_SOCKET_FAMILY_VSOCK or %VMSOCK_SOCKET_FAMILY_HYPERV, or a buffer
 * shorter than the family's structure, is %G_IO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full) (nullable): a #VmsockVsockAddress or
 *   #VmsockHvsockAddress, or %NULL on error
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_address_new_from_native (gconstpointer   native,
                                       gsize           length,
                                       GError        **error)
{
  guint16 family;

  g_return_val_if_fail (native != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < sizeof family)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a socket address: %u bytes are too few to hold a family"),
                   (guint) length);
      return NULL;
    }

  memcpy (&family, native, sizeof family);
  switch (family)
    {
    case VMSOCK_SOCKET_FAMILY_VSOCK:
      return vmsock_vsock_address_new_from_native (native, length, error);
    case VMSOCK_SOCKET_FAMILY_HYPERV:
      return vmsock_hvsock_address_new_from_native (native, length, error);
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a VM socket address: family %u is neither AF_VSOCK (%d) "
                     "nor AF_HYPERV (%d)"),
                   family, VMSOCK_SOCKET_FAMILY_VSOCK, VMSOCK_SOCKET_FAMILY_HYPERV);
      return NULL;
    }
}

/**
 * vmsock_socket_address_convert:
 * @address: any #GSocketAddress
 * @error: return location for a #GError
 *
 * Turns what GIO hands back into a typed address.  GIO knows no VM socket
 * family, so g_socket_get_local_address() and friends return a
 * #GNativeSocketAddress; newer GLib may return its own vsock address type.
 * Both, and anything else whose native form is a VM socket address, become a
 * #VmsockVsockAddress or #VmsockHvsockAddress.  An address that already is
 * one is returned as it is, with a new reference.
 *
 * Returns: (transfer full) (nullable): a typed VM socket address, or %NULL
 *   with %G_IO_ERROR_INVALID_ARGUMENT when @address is of another family
 *
 * Since: 0.1
 */
GSocketAddress *
vmsock_socket_address_convert (GSocketAddress  *address,
                               GError         **error)
{
  guint8 native[NATIVE_BUFFER_SIZE];
  gssize size;

  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (vmsock_socket_address_is_vm (address))
    return g_object_ref (address);

  size = g_socket_address_get_native_size (address);
  if (size <= 0 || size > (gssize) sizeof native)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Not a VM socket address: a %s has no usable native form"),
                   G_OBJECT_TYPE_NAME (address));
      return NULL;
    }
  if (!g_socket_address_to_native (address, native, sizeof native, error))
    return NULL;
  return vmsock_socket_address_new_from_native (native, size, error);
}

/**
 * vmsock_socket_address_is_vm:
 * @address: a #GSocketAddress
 *
 * Tells whether a socket address is of a VM socket family.
 *
 * Returns: %TRUE if @address is a #VmsockVsockAddress or #VmsockHvsockAddress
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_address_is_vm (GSocketAddress *address)
{
  return VMSOCK_IS_VSOCK_ADDRESS (address) || VMSOCK_IS_HVSOCK_ADDRESS (address);
}

/**
 * vmsock_socket_address_get_family:
 * @address: a #GSocketAddress of any family
 *
 * Gets the family of a socket address as a plain number, what
 * g_socket_address_get_family() gives C callers.  Bindings need this one:
 * they read `Gio.SocketFamily` from GIO's typelib, which has no VM families,
 * so its accessor fails on a VM socket address.
 *
 * Returns: the family of @address, such as %VMSOCK_SOCKET_FAMILY_VSOCK,
 *   %VMSOCK_SOCKET_FAMILY_HYPERV or %G_SOCKET_FAMILY_IPV4
 *
 * Since: 0.1
 */
int
vmsock_socket_address_get_family (GSocketAddress *address)
{
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), G_SOCKET_FAMILY_INVALID);

  return g_socket_address_get_family (address);
}

/**
 * vmsock_socket_address_equal:
 * @a: a VM socket address
 * @b: another VM socket address
 *
 * Compares two addresses of this library, of either family; usable as a
 * #GEqualFunc.
 *
 * Returns: %TRUE if @a and @b are of the same family and equal
 *
 * Since: 0.1
 */
gboolean
vmsock_socket_address_equal (GSocketAddress *a,
                             GSocketAddress *b)
{
  g_return_val_if_fail (vmsock_socket_address_is_vm (a), FALSE);
  g_return_val_if_fail (vmsock_socket_address_is_vm (b), FALSE);

  if (VMSOCK_IS_VSOCK_ADDRESS (a) && VMSOCK_IS_VSOCK_ADDRESS (b))
    return vmsock_vsock_address_equal (VMSOCK_VSOCK_ADDRESS (a), VMSOCK_VSOCK_ADDRESS (b));
  if (VMSOCK_IS_HVSOCK_ADDRESS (a) && VMSOCK_IS_HVSOCK_ADDRESS (b))
    return vmsock_hvsock_address_equal (VMSOCK_HVSOCK_ADDRESS (a), VMSOCK_HVSOCK_ADDRESS (b));
  return FALSE;
}

/**
 * vmsock_socket_address_hash:
 * @address: a VM socket address
 *
 * Hashes a socket address of any family.
 *
 * Returns: a hash value consistent with [func@Vmsock.socket_address_equal];
 *   usable as a #GHashFunc
 *
 * Since: 0.1
 */
guint
vmsock_socket_address_hash (GSocketAddress *address)
{
  g_return_val_if_fail (vmsock_socket_address_is_vm (address), 0);

  if (VMSOCK_IS_VSOCK_ADDRESS (address))
    return vmsock_vsock_address_hash (VMSOCK_VSOCK_ADDRESS (address));
  return vmsock_hvsock_address_hash (VMSOCK_HVSOCK_ADDRESS (address));
}
