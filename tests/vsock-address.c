/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

static void
test_construct (void)
{
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (3, 5000);
  g_autoptr(GSocketAddress) defaults = g_object_new (VMSOCK_TYPE_VSOCK_ADDRESS, NULL);
  VmsockVsockAddress *vsock = VMSOCK_VSOCK_ADDRESS (address);
  guint cid, port;
  VmsockVsockFlags flags;

  g_assert_cmpuint (vmsock_vsock_address_get_cid (vsock), ==, 3);
  g_assert_cmpuint (vmsock_vsock_address_get_port (vsock), ==, 5000);
  g_assert_cmpuint (vmsock_vsock_address_get_flags (vsock), ==, VMSOCK_VSOCK_FLAGS_NONE);
  g_assert_cmpint (g_socket_address_get_family (address), ==, VMSOCK_SOCKET_FAMILY_VSOCK);
  g_assert_cmpint (g_socket_address_get_native_size (address), ==, 16);

  g_object_get (address, "cid", &cid, "port", &port, "flags", &flags, NULL);
  g_assert_cmpuint (cid, ==, 3);
  g_assert_cmpuint (port, ==, 5000);
  g_assert_cmpuint (flags, ==, 0);

  /* Unset properties are the wildcards. */
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (defaults)), ==,
                    VMSOCK_VSOCK_CID_ANY);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (defaults)), ==,
                    VMSOCK_VSOCK_PORT_ANY);
}

static void
test_full_range (void)
{
  /* Values past 2^31 survive: nothing is signed on the way. */
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (0x80000001u, 0xfffffffeu);
  guint8 native[16];
  g_autoptr(GSocketAddress) back = NULL;

  g_assert_true (g_socket_address_to_native (address, native, sizeof native, NULL));
  back = vmsock_socket_address_new_from_native (native, sizeof native, NULL);
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (back)), ==, 0x80000001u);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (back)), ==, 0xfffffffeu);
}

static void
test_native_layout (void)
{
  g_autoptr(GSocketAddress) address =
    vmsock_vsock_address_new_with_flags (0x11223344, 0xa1b2c3d4, VMSOCK_VSOCK_FLAGS_TO_HOST);
  guint8 native[20];
  guint8 expected[16] = { 0 };
  guint16 family = 40;
  guint32 port = 0xa1b2c3d4, cid = 0x11223344;

  /* struct sockaddr_vm in host byte order. */
  memcpy (expected, &family, 2);
  memcpy (expected + 4, &port, 4);
  memcpy (expected + 8, &cid, 4);
  expected[12] = 0x01;

  memset (native, 0xaa, sizeof native);
  g_assert_true (g_socket_address_to_native (address, native, sizeof native, NULL));
  g_assert_cmpmem (native, 16, expected, 16);
  /* Nothing written past the structure. */
  g_assert_cmphex (native[16], ==, 0xaa);
}

static void
test_flags_round_trip (void)
{
  guint8 native[16] = { 0 };
  guint16 family = 40;
  g_autoptr(GSocketAddress) with_flag = NULL;
  g_autoptr(GSocketAddress) padding = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (native, &family, 2);
  native[12] = 0x01;
  with_flag = vmsock_socket_address_new_from_native (native, sizeof native, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_flags (VMSOCK_VSOCK_ADDRESS (with_flag)), ==,
                    VMSOCK_VSOCK_FLAGS_TO_HOST);

  /* Bits this library does not know are dropped, not kept as garbage. */
  native[12] = 0xfe;
  padding = vmsock_socket_address_new_from_native (native, sizeof native, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vmsock_vsock_address_get_flags (VMSOCK_VSOCK_ADDRESS (padding)), ==, 0);
}

static void
test_no_space (void)
{
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (2, 22);
  guint8 native[15];
  g_autoptr(GError) error = NULL;

  memset (native, 0x55, sizeof native);
  g_assert_false (g_socket_address_to_native (address, native, sizeof native, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmphex (native[0], ==, 0x55);
}

static void
test_bad_native (void)
{
  guint8 native[16] = { 0 };
  guint16 family = 40, inet = 2;
  g_autoptr(GError) error = NULL;

  memcpy (native, &family, 2);
  g_assert_null (vmsock_socket_address_new_from_native (native, 15, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (vmsock_socket_address_new_from_native (native, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  memcpy (native, &inet, 2);
  g_assert_null (vmsock_socket_address_new_from_native (native, sizeof native, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "family 2"));
}

static void
test_convert (void)
{
  g_autoptr(GSocketAddress) original = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_LOCAL, 1234);
  g_autoptr(GSocketAddress) native_address = NULL;
  g_autoptr(GSocketAddress) converted = NULL;
  g_autoptr(GSocketAddress) same = NULL;
  g_autoptr(GSocketAddress) inet = g_inet_socket_address_new_from_string ("127.0.0.1", 80);
  g_autoptr(GError) error = NULL;
  guint8 native[16];

  /* What GIO returns for families it does not know. */
  g_assert_true (g_socket_address_to_native (original, native, sizeof native, NULL));
  native_address = g_socket_address_new_from_native (native, sizeof native);
  g_assert_true (G_IS_NATIVE_SOCKET_ADDRESS (native_address));

  converted = vmsock_socket_address_convert (native_address, &error);
  g_assert_no_error (error);
  g_assert_true (VMSOCK_IS_VSOCK_ADDRESS (converted));
  g_assert_true (vmsock_socket_address_equal (original, converted));

  same = vmsock_socket_address_convert (original, &error);
  g_assert_true (same == original);

  g_assert_null (vmsock_socket_address_convert (inet, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_equal_hash (void)
{
  g_autoptr(GSocketAddress) a = vmsock_vsock_address_new (3, 5000);
  g_autoptr(GSocketAddress) b = vmsock_vsock_address_new (3, 5000);
  g_autoptr(GSocketAddress) other_port = vmsock_vsock_address_new (3, 5001);
  g_autoptr(GSocketAddress) other_cid = vmsock_vsock_address_new (4, 5000);
  g_autoptr(GSocketAddress) other_flags =
    vmsock_vsock_address_new_with_flags (3, 5000, VMSOCK_VSOCK_FLAGS_TO_HOST);
  g_autoptr(GHashTable) set = g_hash_table_new ((GHashFunc) vmsock_socket_address_hash,
                                                (GEqualFunc) vmsock_socket_address_equal);

  g_assert_true (vmsock_vsock_address_equal (VMSOCK_VSOCK_ADDRESS (a), VMSOCK_VSOCK_ADDRESS (b)));
  g_assert_cmpuint (vmsock_socket_address_hash (a), ==, vmsock_socket_address_hash (b));
  g_assert_false (vmsock_socket_address_equal (a, other_port));
  g_assert_false (vmsock_socket_address_equal (a, other_cid));
  g_assert_false (vmsock_socket_address_equal (a, other_flags));

  g_hash_table_add (set, a);
  g_hash_table_add (set, b);
  g_hash_table_add (set, other_port);
  g_hash_table_add (set, other_cid);
  g_hash_table_add (set, other_flags);
  g_assert_cmpuint (g_hash_table_size (set), ==, 4);
}

static void
test_to_string (void)
{
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (3, 5000);
  g_autoptr(GSocketAddress) any = vmsock_vsock_address_new (VMSOCK_VSOCK_CID_ANY, VMSOCK_VSOCK_PORT_ANY);
  g_autofree char *text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
  g_autofree char *uri = vmsock_socket_address_to_uri (address);
  g_autofree char *any_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (any));

  g_assert_cmpstr (text, ==, "vsock:3:5000");
  g_assert_cmpstr (uri, ==, "vsock://3:5000");
  g_assert_cmpstr (any_text, ==, "vsock:any:any");
}

/* An address enumerates itself, once, and asks no proxy; where the system
 * has no AF_VSOCK, enumerating says so. */
static void
test_enumerate (void)
{
  g_autoptr(GSocketAddress) address = vmsock_vsock_address_new (3, 5000);
  GSocketAddressEnumerator *enumerators[] = {
    g_socket_connectable_enumerate (G_SOCKET_CONNECTABLE (address)),
    g_socket_connectable_proxy_enumerate (G_SOCKET_CONNECTABLE (address)),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (enumerators); i++)
    {
      g_autoptr(GSocketAddressEnumerator) enumerator = enumerators[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) first = g_socket_address_enumerator_next (enumerator, NULL, &error);
      g_autoptr(GSocketAddress) second = NULL;

      if (vmsock_socket_family_is_available (VMSOCK_SOCKET_FAMILY_VSOCK))
        {
          g_assert_no_error (error);
          g_assert_true (first == address);
        }
      else
        {
          g_assert_null (first);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_clear_error (&error);
        }
      second = g_socket_address_enumerator_next (enumerator, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (second);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vsock-address/construct", test_construct);
  g_test_add_func ("/vsock-address/full-range", test_full_range);
  g_test_add_func ("/vsock-address/native-layout", test_native_layout);
  g_test_add_func ("/vsock-address/flags-round-trip", test_flags_round_trip);
  g_test_add_func ("/vsock-address/no-space", test_no_space);
  g_test_add_func ("/vsock-address/bad-native", test_bad_native);
  g_test_add_func ("/vsock-address/convert", test_convert);
  g_test_add_func ("/vsock-address/equal-hash", test_equal_hash);
  g_test_add_func ("/vsock-address/to-string", test_to_string);
  g_test_add_func ("/vsock-address/enumerate", test_enumerate);

  return g_test_run ();
}
