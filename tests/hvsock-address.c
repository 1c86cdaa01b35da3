/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

static VmsockGuid
guid (const char *text)
{
  VmsockGuid value;

  g_assert_true (vmsock_guid_parse (text, &value, NULL));
  return value;
}

static void
test_construct (void)
{
  VmsockGuid vm_id = guid ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82");
  VmsockGuid service_id = guid ("0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1");
  g_autoptr(GSocketAddress) address = vmsock_hvsock_address_new (&vm_id, &service_id);
  VmsockHvsockAddress *hv = VMSOCK_HVSOCK_ADDRESS (address);
  g_autoptr(VmsockGuid) vm_id_property = NULL;
  g_autoptr(VmsockGuid) service_id_property = NULL;
  g_autoptr(GSocketAddress) unset = g_object_new (VMSOCK_TYPE_HVSOCK_ADDRESS, NULL);
  guint32 port = 77;

  g_assert_true (vmsock_guid_equal (vmsock_hvsock_address_get_vm_id (hv), &vm_id));
  g_assert_true (vmsock_guid_equal (vmsock_hvsock_address_get_service_id (hv), &service_id));
  g_assert_false (vmsock_hvsock_address_get_vsock_port (hv, &port));
  g_assert_cmpuint (port, ==, 77);
  g_assert_cmpint (g_socket_address_get_family (address), ==, VMSOCK_SOCKET_FAMILY_HYPERV);
  g_assert_cmpint (g_socket_address_get_native_size (address), ==, 36);

  g_object_get (address, "vm-id", &vm_id_property, "service-id", &service_id_property, NULL);
  g_assert_true (vmsock_guid_equal (vm_id_property, &vm_id));
  g_assert_true (vmsock_guid_equal (service_id_property, &service_id));

  g_assert_true (vmsock_guid_is_zero (vmsock_hvsock_address_get_vm_id (VMSOCK_HVSOCK_ADDRESS (unset))));
  g_assert_true (vmsock_guid_is_zero (vmsock_hvsock_address_get_service_id (VMSOCK_HVSOCK_ADDRESS (unset))));
}

static void
test_well_known (void)
{
  static const struct
  {
    VmsockHvsockVmId id;
    const char *guid;
  } table[] = {
    { VMSOCK_HVSOCK_VM_ID_WILDCARD, "00000000-0000-0000-0000-000000000000" },
    { VMSOCK_HVSOCK_VM_ID_BROADCAST, "ffffffff-ffff-ffff-ffff-ffffffffffff" },
    { VMSOCK_HVSOCK_VM_ID_CHILDREN, "90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd" },
    { VMSOCK_HVSOCK_VM_ID_LOOPBACK, "e0e16197-dd56-4a10-9195-5ee7a155a838" },
    { VMSOCK_HVSOCK_VM_ID_PARENT, "a42e7cda-d03f-480c-9cc2-a4de20abb878" },
    { VMSOCK_HVSOCK_VM_ID_SILOHOST, "36bd0c5c-7276-4223-88ba-7d03b654c568" },
  };
  VmsockGuid other = guid ("eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82");
  VmsockHvsockVmId found = 99;

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      VmsockGuid expected = guid (table[i].guid);
      VmsockHvsockVmId back;

      g_assert_true (vmsock_guid_equal (vmsock_hvsock_vm_id_get_guid (table[i].id), &expected));
      g_assert_true (vmsock_hvsock_vm_id_from_guid (&expected, &back));
      g_assert_cmpint (back, ==, table[i].id);
    }

  g_assert_false (vmsock_hvsock_vm_id_from_guid (&other, &found));
  g_assert_cmpint (found, ==, 99);
}

static void
test_template (void)
{
  VmsockGuid service_id, almost;
  VmsockGuid expected = guid ("000004d2-facb-11e6-bd58-64006a7986d3");
  guint32 port = 0;
  g_autoptr(GSocketAddress) address = NULL;

  vmsock_hvsock_service_id_for_vsock_port (1234, &service_id);
  g_assert_true (vmsock_guid_equal (&service_id, &expected));

  g_assert_true (vmsock_hvsock_service_id_get_vsock_port (&service_id, &port));
  g_assert_cmpuint (port, ==, 1234);

  vmsock_hvsock_service_id_for_vsock_port (G_MAXUINT32, &service_id);
  g_assert_true (vmsock_hvsock_service_id_get_vsock_port (&service_id, &port));
  g_assert_cmpuint (port, ==, G_MAXUINT32);

  /* One bit off in the fixed part: not a template ID. */
  almost = guid ("000004d2-facb-11e6-bd58-64006a7986d2");
  port = 5;
  g_assert_false (vmsock_hvsock_service_id_get_vsock_port (&almost, &port));
  g_assert_cmpuint (port, ==, 5);

  address = vmsock_hvsock_address_new_for_vsock_port (vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_PARENT), 5000);
  g_assert_true (vmsock_hvsock_address_get_vsock_port (VMSOCK_HVSOCK_ADDRESS (address), &port));
  g_assert_cmpuint (port, ==, 5000);
}

static void
test_native_layout (void)
{
  /* constants.md: SOCKADDR_HV is family, reserved, VmId, ServiceId; the
   * service ID for vsock port 1234 lays out as these bytes. */
  static const guint8 service_bytes[16] = {
    0xd2, 0x04, 0x00, 0x00, 0xcb, 0xfa, 0xe6, 0x11,
    0xbd, 0x58, 0x64, 0x00, 0x6a, 0x79, 0x86, 0xd3,
  };
  static const guint8 parent_bytes[16] = {
    0xda, 0x7c, 0x2e, 0xa4, 0x3f, 0xd0, 0x0c, 0x48,
    0x9c, 0xc2, 0xa4, 0xde, 0x20, 0xab, 0xb8, 0x78,
  };
  g_autoptr(GSocketAddress) address =
    vmsock_hvsock_address_new_for_vsock_port (vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_PARENT), 1234);
  g_autoptr(GSocketAddress) back = NULL;
  g_autoptr(GError) error = NULL;
  guint8 native[40];
  guint16 family;

  memset (native, 0xaa, sizeof native);
  g_assert_true (g_socket_address_to_native (address, native, sizeof native, &error));
  g_assert_no_error (error);

  memcpy (&family, native, 2);
  g_assert_cmpuint (family, ==, 34);
  g_assert_cmphex (native[2], ==, 0);
  g_assert_cmphex (native[3], ==, 0);
  g_assert_cmpmem (native + 4, 16, parent_bytes, 16);
  g_assert_cmpmem (native + 20, 16, service_bytes, 16);
  g_assert_cmphex (native[36], ==, 0xaa);

  back = vmsock_socket_address_new_from_native (native, 36, &error);
  g_assert_no_error (error);
  g_assert_true (vmsock_socket_address_equal (address, back));

  g_assert_null (vmsock_socket_address_new_from_native (native, 35, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (g_socket_address_to_native (address, native, 35, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static void
test_equal_hash (void)
{
  const VmsockGuid *parent = vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_PARENT);
  const VmsockGuid *loopback = vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_LOOPBACK);
  g_autoptr(GSocketAddress) a = vmsock_hvsock_address_new_for_vsock_port (parent, 80);
  g_autoptr(GSocketAddress) b = vmsock_hvsock_address_new_for_vsock_port (parent, 80);
  g_autoptr(GSocketAddress) c = vmsock_hvsock_address_new_for_vsock_port (loopback, 80);
  g_autoptr(GSocketAddress) d = vmsock_hvsock_address_new_for_vsock_port (parent, 81);
  g_autoptr(GSocketAddress) vsock = vmsock_vsock_address_new (2, 80);

  g_assert_true (vmsock_socket_address_equal (a, b));
  g_assert_cmpuint (vmsock_socket_address_hash (a), ==, vmsock_socket_address_hash (b));
  g_assert_false (vmsock_socket_address_equal (a, c));
  g_assert_false (vmsock_socket_address_equal (a, d));
  g_assert_false (vmsock_socket_address_equal (a, vsock));
}

static void
test_to_string (void)
{
  VmsockGuid vm_id = guid ("EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82");
  VmsockGuid service_id = guid ("0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1");
  g_autoptr(GSocketAddress) plain = vmsock_hvsock_address_new (&vm_id, &service_id);
  g_autoptr(GSocketAddress) named =
    vmsock_hvsock_address_new_for_vsock_port (vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_PARENT), 5000);
  g_autofree char *plain_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (plain));
  g_autofree char *plain_uri = vmsock_socket_address_to_uri (plain);
  g_autofree char *named_text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (named));
  g_autofree char *named_uri = vmsock_socket_address_to_uri (named);

  g_assert_cmpstr (plain_text, ==,
                   "hvsock:eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82:0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1");
  g_assert_cmpstr (plain_uri, ==,
                   "hvsock://eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82/0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1");
  g_assert_cmpstr (named_text, ==, "hvsock:parent:5000");
  g_assert_cmpstr (named_uri, ==, "hvsock://parent/5000");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hvsock-address/construct", test_construct);
  g_test_add_func ("/hvsock-address/well-known", test_well_known);
  g_test_add_func ("/hvsock-address/template", test_template);
  g_test_add_func ("/hvsock-address/native-layout", test_native_layout);
  g_test_add_func ("/hvsock-address/equal-hash", test_equal_hash);
  g_test_add_func ("/hvsock-address/to-string", test_to_string);

  return g_test_run ();
}
