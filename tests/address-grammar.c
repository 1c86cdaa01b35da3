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
  { "vsock:3:5000:7", "port “5000:7”" },
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
  { "hvsock://parent/1/2", "service ID “1/2”" },
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address-grammar/good", test_good);
  g_test_add_func ("/address-grammar/bad", test_bad);
  g_test_add_func ("/address-grammar/bad-unprintable", test_bad_unprintable);
  g_test_add_func ("/address-grammar/values", test_values);

  return g_test_run ();
}
