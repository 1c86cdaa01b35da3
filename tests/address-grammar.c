/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>

#include <libvmsock-glib/vmsock.h>

/* Good inputs, with the text and URI forms they format back to. */
static const struct
{
  const char *input;
  const char *text;
  const char *uri;
} good[] = {
  { "vsock:3:5000", "vsock:3:5000", "vsock://3:5000" },
  { "vsock://3:5000", "vsock:3:5000", "vsock://3:5000" },
  { "VSOCK:3:5000", "vsock:3:5000", "vsock://3:5000" },
  { "vsock:0:0", "vsock:0:0", "vsock://0:0" },
  { "vsock:4294967294:4294967294", "vsock:4294967294:4294967294", "vsock://4294967294:4294967294" },
  { "vsock:4294967295:4294967295", "vsock:any:any", "vsock://any:any" },
  { "vsock:any:any", "vsock:any:any", "vsock://any:any" },
  { "vsock:ANY:22", "vsock:any:22", "vsock://any:22" },
  { "vsock:hypervisor:1", "vsock:0:1", "vsock://0:1" },
  { "vsock:local:1024", "vsock:1:1024", "vsock://1:1024" },
  { "vsock:host:22", "vsock:2:22", "vsock://2:22" },
  { "vsock:007:0022", "vsock:7:22", "vsock://7:22" },
  { "vsock:3:5000?flags=to-host", "vsock:3:5000?flags=to-host", "vsock://3:5000?flags=to-host" },
  { "vsock://3:5000?flags=to-host", "vsock:3:5000?flags=to-host", "vsock://3:5000?flags=to-host" },
  { "hvsock:parent:5000", "hvsock:parent:5000", "hvsock://parent/5000" },
  { "hvsock://parent/5000", "hvsock:parent:5000", "hvsock://parent/5000" },
  { "hvsock:PARENT:5000", "hvsock:parent:5000", "hvsock://parent/5000" },
  { "hvsock:wildcard:1", "hvsock:wildcard:1", "hvsock://wildcard/1" },
  { "hvsock:broadcast:1", "hvsock:broadcast:1", "hvsock://broadcast/1" },
  { "hvsock:children:1", "hvsock:children:1", "hvsock://children/1" },
  { "hvsock:loopback:1", "hvsock:loopback:1", "hvsock://loopback/1" },
  { "hvsock:silohost:1", "hvsock:silohost:1", "hvsock://silohost/1" },
  { "hvsock:a42e7cda-d03f-480c-9cc2-a4de20abb878:000004d2-facb-11e6-bd58-64006a7986d3",
    "hvsock:parent:1234", "hvsock://parent/1234" },
  { "hvsock://{EED44DAF-4F7E-4CF5-82FD-F9C8EBF8DB82}/{0D2BA8F4-55B8-4C4F-A3E5-2DBF2A3AD3A1}",
    "hvsock:eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82:0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1",
    "hvsock://eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82/0d2ba8f4-55b8-4c4f-a3e5-2dbf2a3ad3a1" },
  { "hvsock:eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82:4294967295",
    "hvsock:eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82:4294967295",
    "hvsock://eed44daf-4f7e-4cf5-82fd-f9c8ebf8db82/4294967295" },
};

/* Bad inputs, with the part the message must name. */
static const struct
{
  const char *input;
  const char *part;
} bad[] = {
  { "", "Empty" },
  { "junk", "“junk”" },
  { "vsock", "“vsock”" },
  { "tcp:1:2", "scheme “tcp”" },
  { ":3:5000", "scheme “”" },
  { "vsock:", "expected vsock:CID:PORT" },
  { "vsock:3", "expected vsock:CID:PORT" },
  { "vsock::5000", "CID “”" },
  { "vsock:3:", "port “”" },
  { "vsock:-3:5000", "CID “-3”" },
  { "vsock:3:-1", "port “-1”" },
  { "vsock:+3:5000", "CID “+3”" },
  { "vsock: 3:5000", "CID “ 3”" },
  { "vsock:3:5000 ", "port “5000 ”" },
  /* The port is what follows the last colon. */
  { "vsock:3:5000:7", "CID “3:5000”" },
  { "vsock:3:5000x", "port “5000x”" },
  { "vsock:4294967296:1", "CID “4294967296”" },
  { "vsock:1:4294967296", "port “4294967296”" },
  { "vsock:1:99999999999999999999", "port “99999999999999999999”" },
  { "vsock:0x10:1", "CID “0x10”" },
  { "vsock:guest:1", "CID “guest”" },
  { "vsock:3:host", "port “host”" },
  { "vsock:3:5000?", "parameter “”" },
  { "vsock:3:5000?color=red", "parameter “color=red”" },
  { "vsock:3:5000?flags=sideways", "flag “sideways”" },
  { "vsock:3:5000?flags=to-host,", "flag “”" },
  { "vsock:/3:5000", "CID “/3”" },
  { "vsock://3/5000", "expected vsock:CID:PORT" },
  { "hvsock:parent", "expected hvsock:VM-ID:SERVICE" },
  { "hvsock://parent:5000", "expected hvsock:VM-ID:SERVICE" },
  { "hvsock:mother:5000", "VM ID “mother”" },
  { "hvsock:parent:-1", "service ID “-1”" },
  { "hvsock:parent:4294967296", "service ID “4294967296”" },
  { "hvsock:a42e7cda-d03f-480c-9cc2-a4de20abb87:1", "VM ID “a42e7cda-d03f-480c-9cc2-a4de20abb87”" },
  { "hvsock:a42e7cda-d03f-480c-9cc2-a4de20abb8780:1", "VM ID “a42e7cda-d03f-480c-9cc2-a4de20abb8780”" },
  { "hvsock:a42e7cda+d03f-480c-9cc2-a4de20abb878:1", "VM ID “a42e7cda+d03f-480c-9cc2-a4de20abb878”" },
  { "hvsock:parent:000004d2-facb-11e6-bd58-64006a7986dz", "service ID “000004d2-facb-11e6-bd58-64006a7986dz”" },
  { "hvsock:{parent}:1", "VM ID “{parent}”" },
  { "hvsock:parent:1?flags=to-host", "parameter “flags=to-host”" },
  { "hvsock://parent/1/2", "VM ID “parent/1”" },
};

static void
test_good (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GSocketAddress) from_text = NULL;
      g_autoptr(GSocketAddress) from_uri = NULL;
      g_autofree char *text = NULL;
      g_autofree char *uri = NULL;

      g_test_message ("input: “%s”", good[i].input);
      address = vmsock_socket_address_parse (good[i].input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (address);

      text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
      uri = vmsock_socket_address_to_uri (address);
      g_assert_cmpstr (text, ==, good[i].text);
      g_assert_cmpstr (uri, ==, good[i].uri);

      /* Both forms parse back to an equal address... */
      from_text = vmsock_socket_address_parse (text, &error);
      g_assert_no_error (error);
      from_uri = vmsock_socket_address_parse (uri, &error);
      g_assert_no_error (error);
      g_assert_true (vmsock_socket_address_equal (address, from_text));
      g_assert_true (vmsock_socket_address_equal (address, from_uri));

      /* ...and format to themselves: canonical forms are fixed points. */
      {
        g_autofree char *text_again = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (from_uri));
        g_autofree char *uri_again = vmsock_socket_address_to_uri (from_text);

        g_assert_cmpstr (text_again, ==, text);
        g_assert_cmpstr (uri_again, ==, uri);
      }
    }
}

static void
test_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = NULL;

      g_test_message ("input: “%s”", bad[i].input);
      address = vmsock_socket_address_parse (bad[i].input, &error);
      g_assert_null (address);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].part));
    }
}

/* The message is valid UTF-8 with no control characters, whatever the
 * input holds: the parts it quotes show such bytes as \xHH. */
static void
test_bad_unprintable (void)
{
  static const struct
  {
    const char *input;
    const char *part;
  } cases[] = {
    { "vsock\xff", "Invalid socket address “vsock\\xFF”: expected vsock:CID:PORT" },
    { "tcp\xfe:1:2", "Invalid address scheme “tcp\\xFE” in “tcp\\xFE:1:2”" },
    { "vsock:3\n", "Invalid socket address “vsock:3\\n”: expected vsock:CID:PORT" },
    { "vsock:\xff:5", "Invalid vsock CID “\\xFF” in “vsock:\\xFF:5”" },
    { "vsock:3:\x01", "Invalid vsock port “\\x01” in “vsock:3:\\x01”" },
    { "vsock:3:5?flags=\x1b", "Invalid vsock flag “\\x1B” in “vsock:3:5?flags=\\x1B”" },
    { "vsock:3:5?\t", "Invalid vsock parameter “\\t” in “vsock:3:5?\\t”" },
    { "hvsock:\xc3(:1", "Invalid Hyper-V VM ID “\\xC3(” in “hvsock:\\xC3(:1”" },
    { "hvsock:parent:a42e7cda-d03f-480c-9cc2-a4de20abb87\xff",
      "Invalid Hyper-V service ID “a42e7cda-d03f-480c-9cc2-a4de20abb87\\xFF”" },
    { "hvsock:parent:1?\x07", "Invalid Hyper-V address parameter “\\x07”" },
    { "hvsock:pärent:1", "Invalid Hyper-V VM ID “pärent” in “hvsock:pärent:1”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      address = vmsock_socket_address_parse (cases[i].input, &error);
      g_assert_null (address);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }
}

static void
test_values (void)
{
  g_autoptr(GSocketAddress) vsock = vmsock_socket_address_parse ("vsock:host:22", NULL);
  g_autoptr(GSocketAddress) hv = vmsock_socket_address_parse ("hvsock://loopback/5000", NULL);
  guint32 port = 0;

  g_assert_true (VMSOCK_IS_VSOCK_ADDRESS (vsock));
  g_assert_cmpuint (vmsock_vsock_address_get_cid (VMSOCK_VSOCK_ADDRESS (vsock)), ==, VMSOCK_VSOCK_CID_HOST);
  g_assert_cmpuint (vmsock_vsock_address_get_port (VMSOCK_VSOCK_ADDRESS (vsock)), ==, 22);

  g_assert_true (VMSOCK_IS_HVSOCK_ADDRESS (hv));
  g_assert_true (vmsock_guid_equal (vmsock_hvsock_address_get_vm_id (VMSOCK_HVSOCK_ADDRESS (hv)),
                                    vmsock_hvsock_vm_id_get_guid (VMSOCK_HVSOCK_VM_ID_LOOPBACK)));
  g_assert_true (vmsock_hvsock_address_get_vsock_port (VMSOCK_HVSOCK_ADDRESS (hv), &port));
  g_assert_cmpuint (port, ==, 5000);
}

/* The forms with a VM in place of the CID or VM ID: what vmsockctl's
 * connect, forward and resolve take, parsed by the library alone.  Each
 * formats to a text that parses back to the same VM and port. */
static void
test_vm_forms (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(VmsockDiscovery) discovery = vmsock_discovery_new_for_providers (none);
  static const struct
  {
    const char *input;
    const char *vm;
    guint32 port;
    const char *text;
  } good_vms[] = {
    { "vsock:web:22", "web", 22, "vsock:web:22" },
    { "vsock://web:22", "web", 22, "vsock:web:22" },
    { "VSOCK://web:22", "web", 22, "vsock:web:22" },
    { "hvsock:web:5000", "web", 5000, "hvsock:web:5000" },
    { "hvsock://web/5000", "web", 5000, "hvsock:web:5000" },
    { "vsock:6695eb01-f6a4-8304-79aa-97f2502e193f:22", "6695eb01-f6a4-8304-79aa-97f2502e193f", 22,
      "vsock:6695eb01-f6a4-8304-79aa-97f2502e193f:22" },
    { "vsock:Büro:22", "Büro", 22, "vsock:Büro:22" },
    /* Qualified by a provider, a host or a whole connection URI. */
    { "vsock:web@libvirt:22", "web@libvirt", 22, "vsock:web@libvirt:22" },
    { "vsock://web@kvm1:22", "web@kvm1", 22, "vsock:web@kvm1:22" },
    { "vsock://web@qemu+ssh://root@kvm1:2222/system:22", "web@qemu+ssh://root@kvm1:2222/system", 22,
      "vsock:web@qemu+ssh://root@kvm1:2222/system:22" },
    { "vsock:web@test:///tmp/a.xml:22", "web@test:///tmp/a.xml", 22, "vsock:web@test:///tmp/a.xml:22" },
    { "hvsock://web@qemu:///system/22", "web@qemu:///system", 22, "hvsock:web@qemu:///system:22" },
    { "hvsock:web@qemu:///system:22", "web@qemu:///system", 22, "hvsock:web@qemu:///system:22" },
  };
  static const struct
  {
    const char *input;
    const char *part;
  } bad_vms[] = {
    { "web:22", "scheme “web”" },
    { "web", "Invalid socket address “web”" },
    { "vsock:web", "expected vsock:CID:PORT" },
    { "vsock:web:http", "Invalid vsock port “http” in “vsock:web:http”" },
    { "vsock:web:any", "Invalid vsock port “any”" },
    { "vsock:web:", "Invalid vsock port “”" },
    { "vsock:web:4294967296", "Invalid vsock port “4294967296”" },
    { "hvsock:web:not-a-port", "Invalid Hyper-V service ID “not-a-port”" },
    { "vsock:web:22?flags=to-host", "Invalid vsock parameter “flags=to-host”" },
    { "vsock:my vm:22", "CID “my vm”" },
    { "vsock:w\x1b]0;x\x07:22", "CID “w\\x1B]0;x\\x07”" },
    { "vsock:4294967296:22", "CID “4294967296”" },
    /* An attempt at a GUID is never a name. */
    { "hvsock:a42e7cda-d03f-480c-9cc2-a4de20abb87x:1", "VM ID “a42e7cda-d03f-480c-9cc2-a4de20abb87x”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good_vms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnectable) connectable = NULL;
      g_autoptr(GSocketConnectable) again = NULL;
      g_autofree char *text = NULL;

      g_test_message ("input: “%s”", good_vms[i].input);
      connectable = vmsock_vm_connectable_parse (good_vms[i].input, discovery, &error);
      g_assert_no_error (error);
      g_assert_true (VMSOCK_IS_VM_CONNECTABLE (connectable));
      g_assert_cmpstr (vmsock_vm_connectable_get_vm (VMSOCK_VM_CONNECTABLE (connectable)), ==, good_vms[i].vm);
      g_assert_cmpuint (vmsock_vm_connectable_get_port (VMSOCK_VM_CONNECTABLE (connectable)), ==, good_vms[i].port);

      /* What it formats to, which messages show, parses back. */
      text = g_socket_connectable_to_string (connectable);
      g_assert_cmpstr (text, ==, good_vms[i].text);
      again = vmsock_vm_connectable_parse (text, discovery, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vmsock_vm_connectable_get_vm (VMSOCK_VM_CONNECTABLE (again)), ==, good_vms[i].vm);
      g_assert_cmpuint (vmsock_vm_connectable_get_port (VMSOCK_VM_CONNECTABLE (again)), ==, good_vms[i].port);

      /* Names are never addresses. */
      g_assert_null (vmsock_socket_address_parse (good_vms[i].input, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_vms); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("input: “%s”", bad_vms[i].input);
      g_assert_null (vmsock_vm_connectable_parse (bad_vms[i].input, discovery, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, bad_vms[i].part));
    }

  /* The literal addresses parse as addresses, in both parsers alike. */
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnectable) connectable = vmsock_vm_connectable_parse (good[i].input, discovery, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_true (vmsock_socket_address_is_vm (G_SOCKET_ADDRESS (connectable)));
      text = g_socket_connectable_to_string (connectable);
      g_assert_cmpstr (text, ==, good[i].text);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address-grammar/good", test_good);
  g_test_add_func ("/address-grammar/bad", test_bad);
  g_test_add_func ("/address-grammar/bad-unprintable", test_bad_unprintable);
  g_test_add_func ("/address-grammar/values", test_values);
  g_test_add_func ("/address-grammar/vm-forms", test_vm_forms);

  return g_test_run ();
}
